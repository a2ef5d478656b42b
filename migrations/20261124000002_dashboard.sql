-- The CIC dashboard (issue 3).

-- The tab counts (locked by me, in my queues) of the time-dependent sets come from the partial indexes alone.
DROP INDEX tickets_escalation_idx;
DROP INDEX tickets_reminder_idx;
CREATE INDEX tickets_escalation_idx ON tickets (company_id, escalation_at, id) INCLUDE (queue_id, owner_id, locked)
    WHERE escalation_at IS NOT NULL;
CREATE INDEX tickets_reminder_idx ON tickets (company_id, pending_until, id) INCLUDE (queue_id, owner_id, locked)
    WHERE state_type = 'pending_reminder';

-- An agent's time zone is a preference; NULL follows the browser (a cookie it sets on the first visit).
ALTER TABLE agents ALTER COLUMN time_zone DROP NOT NULL, ALTER COLUMN time_zone DROP DEFAULT;
UPDATE agents SET time_zone = NULL WHERE time_zone = 'UTC';

