-- A widget kind's own settings (model::widgets: typed per kind, validated on load, unknown or stale
-- content falls back to the defaults), next to the ticket widgets' tab, page size, columns and sort.
ALTER TABLE widget_prefs ADD COLUMN settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object');
