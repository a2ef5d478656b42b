-- A third agent role: reads everything an agent reads, changes nothing but their own dashboards. What each
-- role may do is one table in the code (app/src/model/permission.rs), shown in docs/ARCHITECTURE.md.
ALTER TYPE agent_role ADD VALUE IF NOT EXISTS 'read_only';
