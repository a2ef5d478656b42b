-- The CIC's first statement: the company by its customer id ($1), its counts for agent $2 at the page's
-- clock $3, its active alerts, and the agent's stored CIC widget preferences (one row per stored widget,
-- NULLs when none).
WITH co AS (SELECT c.id, c.customer_id, c.name, c.phone, c.email, l.street, l.zip, l.city, l.country, c.url, c.comment, c.version, c.logo_file_id,
                   c.state, (SELECT m.customer_id FROM companies m WHERE m.id = c.merged_into) AS merged_into
            FROM companies c LEFT JOIN company_locations l ON l.company_id = c.id AND l.is_primary
            WHERE c.customer_id = $1)
SELECT co.id AS "id!", co.customer_id AS "customer_id!", co.name AS "name!", co.phone AS "company_phone!",
       co.email AS "company_email!", coalesce(co.street, '') AS "street!",
       coalesce(co.zip, '') AS "zip!", coalesce(co.city, '') AS "city!", coalesce(co.country, '') AS "country!", co.url AS "url!",
       co.comment AS "comment!", co.version AS "version!", co.logo_file_id AS "logo_file_id?",
       co.state AS "state!: crate::model::object_state::ObjectState", co.merged_into AS "merged_into?",
       n.new_all AS "new_all!", n.new_locked AS "new_locked!", n.new_mq AS "new_mq!",
       n.open_all AS "open_all!", n.open_locked AS "open_locked!", n.open_mq AS "open_mq!",
       n.open_class AS "open_class!", n.closed_class AS "closed_class!", n.esc_all AS "esc_all!",
       n.esc_locked AS "esc_locked!", n.esc_mq AS "esc_mq!", n.rem_all AS "rem_all!",
       n.rem_locked AS "rem_locked!", n.rem_mq AS "rem_mq!",
       al.alerts AS "alerts!", p.widget AS "widget?", p.position AS "position?", p.visible AS "visible?", p.tab AS "tab?",
       p.page_size AS "page_size?", p.columns AS "columns?", p.sort AS "sort?", p.settings::text AS "settings?"
FROM co CROSS JOIN LATERAL cic_counts(co.id, $2, $3) n
CROSS JOIN LATERAL (SELECT active_alerts(ARRAY[co.id], $3)::text AS alerts) al
LEFT JOIN widget_prefs p ON p.agent_id = $2 AND p.dashboard = 'cic'
