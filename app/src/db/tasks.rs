//! Tasks (`customer_tasks`): the widget's list in one statement (with the agents and customer users its form
//! offers), saving, done / open again, soft deleting, and an agent's open tasks for My work.
use crate::model::{
    ids::{AgentId, CompanyId},
    task::{TaskFields, TaskRow},
};
use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

/// A task of a statement's row (both statements read the same columns; `None` for the row of an empty list).
macro_rules! task_row {
    ($r:ident) => {
        Some(TaskRow {
            id: $r.id?,
            version: $r.version?,
            kind: $r.kind?,
            title: $r.title?,
            note: $r.note?,
            due_at: $r.due_at?,
            priority: $r.priority?,
            assignee_id: $r.assignee_id?,
            assignee: $r.assignee?,
            created_by: $r.created_by?,
            done_at: $r.done_at,
            about: $r
                .login
                .map(|l| (l, $r.name.unwrap_or_default(), $r.phone.unwrap_or_default())),
            customer_id: $r.customer_id?,
            company: $r.company?,
        })
    };
}

/// The form's choices: (agent id, name) of those who may work tasks, (login, name) of the customer users.
pub type Choices = (Vec<(String, String)>, Vec<(String, String)>);

/// The company's live tasks (with `login`, those about that customer user), open ones by due time or the
/// latest done ones; with the form's choices.
pub async fn list(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    login: Option<&str>,
    done: bool,
    limit: i64,
) -> sqlx::Result<(Vec<TaskRow>, Choices)> {
    let rows = sqlx::query!(
        r#"WITH choices AS (
             SELECT (SELECT coalesce(json_agg(json_build_array(g.id::text, g.first_name || ' ' || g.last_name)
                                              ORDER BY g.last_name, g.first_name, g.id), '[]')
                     FROM agents g WHERE g.active AND g.role IN ('admin', 'agent'))::text AS agents,
                    (SELECT coalesce(json_agg(json_build_array(u.login, u.first_name || ' ' || u.last_name)
                                              ORDER BY u.last_name, u.first_name, u.login), '[]')
                     FROM customer_user_companies l JOIN customer_users u ON u.id = l.customer_user_id
                     WHERE l.company_id = $1 AND u.active)::text AS users)
           SELECT c.agents AS "agents!", c.users AS "users!", t.id AS "id?", t.version AS "version?",
                  t.kind AS "kind?", t.title AS "title?", t.note AS "note?", t.due_at AS "due_at?",
                  t.priority AS "priority?", t.assignee_id AS "assignee_id?", t.assignee AS "assignee?",
                  t.created_by AS "created_by?", t.done_at, t.login AS "login?", t.name AS "name?", t.phone AS "phone?",
                  t.customer_id AS "customer_id?", t.company AS "company?"
           FROM choices c
           LEFT JOIN LATERAL (
             SELECT t.id, t.version, t.kind::text AS kind, t.title, t.note, t.due_at, t.priority::text AS priority,
                    t.assignee_id, g.first_name || ' ' || g.last_name AS assignee, t.created_by, t.done_at,
                    u.login, u.first_name || ' ' || u.last_name AS name, u.phone, k.customer_id, k.name AS company
             FROM customer_tasks t
             JOIN agents g ON g.id = t.assignee_id
             JOIN companies k ON k.id = t.company_id
             LEFT JOIN customer_users u ON u.id = t.customer_user_id
             WHERE t.company_id = $1 AND t.deleted_at IS NULL AND (t.done_at IS NOT NULL) = $3
               AND ($2::text IS NULL OR lower(u.login) = lower($2))
             ORDER BY CASE WHEN $3 THEN t.done_at END DESC, t.due_at, t.id LIMIT $4) t ON true"#,
        company.0,
        login,
        done,
        limit,
    )
    .fetch_all(db)
    .await?;
    let choices = rows
        .first()
        .map(|r| {
            (
                serde_json::from_str(&r.agents).unwrap_or_default(),
                serde_json::from_str(&r.users).unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    let list = rows.into_iter().filter_map(|r| task_row!(r)).collect();
    Ok((list, choices))
}

/// (creator, assignee) of a live task of the company (`None`: no such task there).
pub async fn owners(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    id: i64,
) -> sqlx::Result<Option<(i64, i64)>> {
    Ok(sqlx::query!(
        "SELECT created_by, assignee_id FROM customer_tasks WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        id,
        company.0,
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.created_by, r.assignee_id)))
}

/// Whether the agent is active and may work tasks (what an assignee must be).
pub async fn assignable(db: impl PgExecutor<'_>, agent: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        "SELECT EXISTS (SELECT 1 FROM agents WHERE id = $1 AND active AND role IN ('admin', 'agent')) AS \"ok!\"",
        agent,
    )
    .fetch_one(db)
    .await
}

/// The id of the company's active customer user with this login.
pub async fn customer_user_of(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    login: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar!(
        "SELECT u.id FROM customer_user_companies l JOIN customer_users u ON u.id = l.customer_user_id
         WHERE l.company_id = $1 AND lower(u.login) = lower($2) AND u.active",
        company.0,
        login,
    )
    .fetch_optional(db)
    .await
}

/// Inserts (no `id`) or updates the task at `version`; `false` when it is not the company's live one at that
/// version (changed or deleted meanwhile).
pub async fn save(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    by: AgentId,
    id: Option<i64>,
    version: i32,
    f: &TaskFields,
    customer_user: Option<i64>,
) -> sqlx::Result<bool> {
    Ok(match id {
        None => sqlx::query!(
            "INSERT INTO customer_tasks (company_id, customer_user_id, kind, title, note, due_at, assignee_id,
                                         priority, created_by)
             VALUES ($1, $2, $3::text::task_kind, $4, $5, $6, $7, $8::text::task_priority, $9)",
            company.0,
            customer_user,
            f.kind,
            f.title,
            f.note,
            f.due_at,
            f.assignee,
            f.priority,
            by.0,
        )
        .execute(db)
        .await?
        .rows_affected(),
        Some(id) => sqlx::query!(
            "UPDATE customer_tasks SET customer_user_id = $3, kind = $4::text::task_kind, title = $5, note = $6,
                    due_at = $7, assignee_id = $8, priority = $9::text::task_priority, version = version + 1
             WHERE id = $1 AND company_id = $2 AND version = $10 AND deleted_at IS NULL",
            id,
            company.0,
            customer_user,
            f.kind,
            f.title,
            f.note,
            f.due_at,
            f.assignee,
            f.priority,
            version,
        )
        .execute(db)
        .await?
        .rows_affected(),
    } == 1)
}

/// Marks the company's live task at `version` done (by `by`) or open again; `false` when there is none.
pub async fn set_done(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    id: i64,
    version: i32,
    done: bool,
    by: AgentId,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "UPDATE customer_tasks
         SET done_at = CASE WHEN $4 THEN now() END, done_by = CASE WHEN $4 THEN $5::bigint END, version = version + 1
         WHERE id = $1 AND company_id = $2 AND version = $3 AND deleted_at IS NULL AND (done_at IS NOT NULL) <> $4",
        id,
        company.0,
        version,
        done,
        by.0,
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Soft-deletes the company's live task at `version`; `false` when there is none.
pub async fn delete(
    db: impl PgExecutor<'_>,
    company: CompanyId,
    id: i64,
    version: i32,
    by: AgentId,
) -> sqlx::Result<bool> {
    Ok(sqlx::query!(
        "UPDATE customer_tasks SET deleted_at = now(), deleted_by = $4, version = version + 1
         WHERE id = $1 AND company_id = $2 AND version = $3 AND deleted_at IS NULL",
        id,
        company.0,
        version,
        by.0,
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// An agent's open tasks, by due time (so overdue first), at most `limit`; with how many there are overdue
/// (before `now`), due today (before `end_of_day`) and in all — one statement.
pub async fn mine(
    db: impl PgExecutor<'_>,
    agent: AgentId,
    now: DateTime<Utc>,
    end_of_day: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<(Vec<TaskRow>, [i64; 3])> {
    let rows = sqlx::query!(
        r#"WITH open AS (
             SELECT t.* FROM customer_tasks t
             WHERE t.assignee_id = $1 AND t.done_at IS NULL AND t.deleted_at IS NULL),
           counts AS (
             SELECT count(*) FILTER (WHERE due_at < $2) AS overdue,
                    count(*) FILTER (WHERE due_at >= $2 AND due_at < $3) AS today, count(*) AS total
             FROM open)
           SELECT c.overdue AS "overdue!", c.today AS "today!", c.total AS "total!", t.id AS "id?",
                  t.version AS "version?", t.kind AS "kind?", t.title AS "title?", t.note AS "note?",
                  t.due_at AS "due_at?", t.priority AS "priority?", t.created_by AS "created_by?",
                  t.assignee_id AS "assignee_id?", t.done_at, t.assignee AS "assignee?", t.login AS "login?", t.name AS "name?", t.phone AS "phone?", t.customer_id AS "customer_id?",
                  t.company AS "company?"
           FROM counts c
           LEFT JOIN LATERAL (
             SELECT t.id, t.version, t.kind::text AS kind, t.title, t.note, t.due_at, t.priority::text AS priority,
                    t.created_by, t.assignee_id, t.done_at, g.first_name || ' ' || g.last_name AS assignee, u.login,
                    u.first_name || ' ' || u.last_name AS name, u.phone, k.customer_id, k.name AS company
             FROM open t
             JOIN agents g ON g.id = t.assignee_id
             JOIN companies k ON k.id = t.company_id
             LEFT JOIN customer_users u ON u.id = t.customer_user_id
             ORDER BY t.due_at, t.id LIMIT $4) t ON true
           ORDER BY t.due_at, t.id"#,
        agent.0,
        now,
        end_of_day,
        limit,
    )
    .fetch_all(db)
    .await?;
    let counts = rows
        .first()
        .map_or([0; 3], |r| [r.overdue, r.today, r.total]);
    let list = rows.into_iter().filter_map(|r| task_row!(r)).collect();
    Ok((list, counts))
}

/// The company of a live task.
pub async fn company_of(db: impl PgExecutor<'_>, id: i64) -> sqlx::Result<Option<CompanyId>> {
    Ok(sqlx::query_scalar!(
        "SELECT company_id FROM customer_tasks WHERE id = $1 AND deleted_at IS NULL",
        id
    )
    .fetch_optional(db)
    .await?
    .map(CompanyId))
}
