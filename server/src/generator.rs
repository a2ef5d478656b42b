//! Deterministic demo and scale data, generated set-based inside Postgres (generate_series), so a million
//! tickets take seconds, not hours. "Random" choices are hashes of the row number: the same sizes always
//! give the same data.
use sqlx::PgPool;
use std::time::Instant;

pub const DEMO_PASSWORD: &str = "panorama-demo";

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub companies: i64,
    pub tickets: i64,
    pub users_per_company: i64,
    /// Do nothing when the database already has companies (scripts/run uses this).
    pub if_empty: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            companies: 20,
            tickets: 2_000,
            users_per_company: 5,
            if_empty: false,
        }
    }
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut num = |name: &str| -> Result<i64, String> {
                it.next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("{name} needs a whole number"))
            };
            match a.as_str() {
                "--companies" => o.companies = num("--companies")?,
                "--tickets" => o.tickets = num("--tickets")?,
                "--users-per-company" => o.users_per_company = num("--users-per-company")?,
                "--if-empty" => o.if_empty = true,
                other => return Err(format!("unknown option {other}")),
            }
        }
        if o.companies < 3 || o.tickets < 100 || o.users_per_company < 2 {
            return Err("need at least 3 companies, 100 tickets and 2 users per company".into());
        }
        Ok(o)
    }
}

pub async fn run(pool: &PgPool, o: &Options) -> Result<(), Box<dyn std::error::Error>> {
    let has_data: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM companies)")
        .fetch_one(pool)
        .await?;
    if has_data {
        if o.if_empty {
            println!("database already has data; not generating");
            return Ok(());
        }
        return Err("the database is not empty; generate into an empty one".into());
    }
    let started = Instant::now();
    // One hash for every demo account: Argon2 is deliberately slow.
    let password = DEMO_PASSWORD.to_string();
    let hash =
        tokio::task::spawn_blocking(move || app::password::hash_blocking(&password)).await??;
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL max_parallel_workers_per_gather = 0")
        .execute(&mut *tx)
        .await?;
    // The generated rows are consistent by construction (the tests check it), so a role allowed to (the
    // owner: scripts/lib/pg.sh grants it) skips the per-row foreign-key checks: millions of lookups. The
    // escalation and counter triggers still fire.
    let may_skip: bool =
        sqlx::query_scalar("SELECT has_parameter_privilege('session_replication_role', 'SET')")
            .fetch_one(&mut *tx)
            .await?;
    if may_skip {
        sqlx::query("SET LOCAL session_replication_role = replica")
            .execute(&mut *tx)
            .await?;
    }
    // Every step takes the same parameters: $1 companies, $2 tickets, $3 users per company, $4 password hash.
    for (i, step) in STEPS.iter().enumerate() {
        sqlx::query(step)
            .bind(o.companies)
            .bind(o.tickets)
            .bind(o.users_per_company)
            .bind(&hash)
            .execute(&mut *tx)
            .await
            .map_err(|e| format!("generator step {}: {e}", i + 1))?;
    }
    tx.commit().await?;
    // Count the due sets once now, so the first CIC view is as fast as every later one.
    app::db::counts::advance_due_watermark(pool).await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    stamp(pool).await?;
    println!(
        "generated {} companies, {} tickets in {:.1} s",
        o.companies,
        o.tickets,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The generator's version: a hash of its statements (FNV-1a, stable across builds), so every change to what
/// it generates changes it. `scripts/bench` regenerates its database when the stamp differs.
pub fn version() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in STEPS.iter().flat_map(|s| s.bytes().chain([0])) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("panorama-generator {h:016x}")
}

/// Writes `version()` as the database's comment (a database-level fact that survives in a dump, no table).
async fn stamp(pool: &PgPool) -> sqlx::Result<()> {
    let name: String = sqlx::query_scalar("SELECT current_database()::text")
        .fetch_one(pool)
        .await?;
    // Neither part comes from input: the name is quoted as an identifier, the version is hex.
    let sql = format!(
        "COMMENT ON DATABASE \"{}\" IS '{}'",
        name.replace('"', "\"\""),
        version()
    );
    sqlx::query(&sql).execute(pool).await?;
    Ok(())
}

/// `h(x)`: a deterministic pseudo-random non-negative int from a row number and a salt.
const STEPS: &[&str] = &[
    r#"INSERT INTO agents (login, email, first_name, last_name, role, password_hash, time_zone) VALUES
       ('admin', 'admin@panorama.example', 'Ada', 'Admin', 'admin', $4, NULL),
       ('agent', 'agent@panorama.example', 'Alice', 'Agent', 'agent', $4, 'Europe/Berlin'),
       ('agent2', 'agent2@panorama.example', 'Bruno', 'Berger', 'agent', $4, 'America/New_York'),
       ('reader', 'reader@panorama.example', 'Rita', 'Reader', 'read_only', $4, NULL)"#,
    // The demo admin's second factor (admins must have one): a published demo key, README "Demo accounts".
    r#"INSERT INTO second_factors (agent_id, secret, confirmed_at)
       SELECT id, convert_to('panorama-demo-admin!', 'UTF8'), now() FROM agents WHERE login = 'admin'"#,
    r#"INSERT INTO queues (name, customer_visible, is_default) VALUES
       ('Raw', false, true), ('Support', true, false), ('Billing', true, false), ('Hardware', false, false),
       ('Sales', true, false)"#,
    r#"INSERT INTO slas (name, first_response_minutes, update_minutes, solution_minutes) VALUES
       ('Standard', 240, 480, 2880), ('Premium', 60, 240, 1440)"#,
    r#"INSERT INTO agent_queues (agent_id, queue_id)
       SELECT a.id, q.id FROM agents a, queues q
       WHERE (a.login = 'agent' AND q.name IN ('Support', 'Billing'))
          OR (a.login = 'agent2' AND q.name IN ('Hardware', 'Sales'))"#,
    r#"INSERT INTO companies (customer_id, name, url, comment, phone, email)
       SELECT CASE c WHEN 1 THEN 'ACME-01' WHEN 2 THEN 'GLOBEX-02' ELSE upper(w1) || '-' || lpad(c::text, 4, '0') END,
              CASE c WHEN 1 THEN 'Acme Corporation' WHEN 2 THEN 'Globex Inc.'
                     ELSE initcap(w1) || ' ' || initcap(w2) || ' ' || suf END,
              'https://customer' || c || '.example', CASE c WHEN 1 THEN 'Key account since 2019.' ELSE '' END,
              '+49 40 ' || lpad(c::text, 7, '0'), 'info@customer' || c || '.example'
       FROM generate_series(1, $1::bigint) c,
       LATERAL (SELECT
         (ARRAY['alpha','blue','cedar','delta','ember','falcon','granite','harbor','iris','juniper','kite','lumen',
                'maple','nova','orbit','pine','quartz','river','summit','tundra'])[1 + (hashint8(c * 8 + 1) & 2147483647) % 20] AS w1,
         (ARRAY['systems','logistics','foods','clinics','motors','labs','media','energy','textiles','finance'])
           [1 + (hashint8(c * 8 + 2) & 2147483647) % 10] AS w2,
         (ARRAY['GmbH','Ltd','Inc.','AG','SA','BV'])[1 + (hashint8(c * 8 + 3) & 2147483647) % 6] AS suf) x
       ORDER BY c"#,
    // Locations (issue 18): a primary headquarters for every company, then a billing address, a service site
    // and another site for some (2–4 in all), each site with its own number.
    r#"INSERT INTO company_locations (company_id, kind, name, street, zip, city, country, phone, is_primary)
       SELECT co.id, k.kind::location_kind, k.name,
              (10 + (co.n + k.i) % 90) || CASE k.i WHEN 1 THEN ' Main Street' WHEN 2 THEN ' Market Square'
                                                   ELSE ' Industrial Road' END,
              lpad((10000 + (co.n + k.i) * 37 % 89999)::text, 5, '0'),
              (ARRAY['Berlin','London','Paris','Madrid','Vienna','Zurich','Oslo','Lisbon'])[1 + (co.n + k.i - 1) % 8],
              (ARRAY['Germany','United Kingdom','France','Spain','Austria','Switzerland','Norway','Portugal'])
                [1 + (co.n + k.i - 1) % 8],
              CASE WHEN k.i > 2 THEN '+49 89 ' || lpad((co.n * 10 + k.i)::text, 7, '0') ELSE '' END, k.i = 1
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies) co
       JOIN (VALUES (1, 'headquarters', ''), (2, 'billing', 'Accounts payable'), (3, 'service_site', 'Data centre'),
                    (4, 'other', 'Warehouse')) k (i, kind, name)
         ON k.i <= 2 + co.n % 3
       ORDER BY co.id, k.i"#,
    // Linked accounts (issue 18): corporate groups — GLOBEX-02 with two subsidiaries, the second of which
    // has one of its own; in larger data sets every 50th company with the next two.
    r#"UPDATE companies c SET parent_id = p.id
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies) ch,
            (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies) p
       WHERE c.id = ch.id AND ((ch.n IN (3, 4) AND p.n = 2) OR (ch.n = 5 AND p.n = 4)
                               OR (ch.n > 50 AND ch.n % 50 IN (1, 2) AND p.n = ch.n - ch.n % 50))"#,
    // Contracts (issue 19): 1–4 per company — the first active, the second expired, the third cancelled, the
    // fourth upcoming — each covering one or two items with serial numbers. Values in whole cents.
    r#"INSERT INTO contracts (company_id, number, name, kind, starts_on, ends_on, value, currency, sla_id, cancelled_at)
       SELECT co.id, 'C-' || lpad(co.n::text, 5, '0') || '-' || k.i,
              (ARRAY['Premium support', 'Hardware warranty', 'Managed network', 'Onsite service'])[k.i],
              (ARRAY['support_plan', 'warranty', 'managed_service', 'other'])[k.i]::contract_kind,
              current_date + (ARRAY[-400, -1200, -200, 30])[k.i], current_date + (ARRAY[330, -835, 165, 395])[k.i],
              ((hashint8(co.n * 8 + k.i) & 2147483647) % 5000000) / 100.0,
              (ARRAY['EUR', 'USD', 'GBP', 'CHF'])[1 + co.n % 4],
              (SELECT id FROM slas ORDER BY (name = 'Premium') <> (k.i = 1), id LIMIT 1),
              CASE WHEN k.i = 3 THEN now() - interval '10 days' END
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies) co
       JOIN generate_series(1, 4) k (i) ON k.i <= 1 + co.n % 4
       ORDER BY co.id, k.i"#,
    r#"INSERT INTO contract_items (contract_id, company_id, kind, name, identifier)
       SELECT c.id, c.company_id, (ARRAY['asset', 'product', 'service']::covered_kind[])[j],
              (ARRAY['Laptop fleet', 'Core switch', 'Backup service'])[j], 'SN-' || lpad((c.id * 10 + j)::text, 8, '0')
       FROM contracts c, generate_series(1, 1 + c.id % 2) j
       ORDER BY c.id, j"#,
    // Billing (issue 19): 12–36 months of monthly invoices per company in its contracts' currency, due after
    // 30 days, each paid 5–25 days after its date by transfer, card or direct debit — except the current
    // month's (open) and, for every fifth company from ACME-01 on, the two before it (overdue).
    r#"WITH inv AS (
         SELECT co.id, co.n, m, (date_trunc('month', current_date) - make_interval(months => m))::date AS booked_on,
                (((hashint8(co.n * 64 + m) & 2147483647) % 490000) + 10000) / 100.0 AS amount,
                (ARRAY['EUR', 'USD', 'GBP', 'CHF'])[1 + co.n % 4] AS currency,
                m = 0 OR (co.n % 5 = 1 AND m <= 2) AS unpaid
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies) co,
              generate_series(0, (11 + co.n % 25)::int) m)
       INSERT INTO billing_entries (company_id, kind, number, booked_on, amount, currency, due_on, open_amount, method)
       SELECT id, 'invoice'::billing_kind, 'INV-' || lpad(n::text, 5, '0') || '-' || to_char(booked_on, 'YYYYMM'),
              booked_on, amount, currency, booked_on + 30, CASE WHEN unpaid THEN amount ELSE 0 END, ''
       FROM inv
       UNION ALL
       SELECT id, 'payment'::billing_kind, 'PAY-' || lpad(n::text, 5, '0') || '-' || to_char(booked_on, 'YYYYMM'),
              booked_on + 5 + ((hashint8(n * 64 + m + 1) & 2147483647) % 21)::int, amount, currency, NULL, NULL,
              (ARRAY['transfer', 'card', 'direct debit'])[1 + (n + m) % 3]
       FROM inv WHERE NOT unpaid
       ORDER BY 1, 4"#,
    r#"INSERT INTO customer_users (login, email, first_name, last_name, phone, title, company_id, password_hash)
       SELECT lower(fn) || '.' || lower(ln) || '.' || co.id || '.' || j,
              lower(fn) || '.' || lower(ln) || '.' || j || '@customer' || co.id || '.example',
              fn, ln, '+49 30 ' || lpad(((co.id * 100 + j) % 10000000)::text, 7, '0'), t, co.id, $4
       FROM companies co,
       generate_series(1, CASE WHEN co.customer_id = 'ACME-01' THEN $3::bigint * 4 ELSE $3::bigint END) j,
       LATERAL (SELECT
         (ARRAY['Emma','Liam','Mia','Noah','Sofia','Lucas','Lea','Ben','Hannah','Jonas','Clara','Elias'])
           [1 + (hashint8(co.id * 64 + j) & 2147483647) % 12] AS fn,
         (ARRAY['Muller','Schmidt','Garcia','Rossi','Dubois','Novak','Jensen','Silva','Smith','Kowalski'])
           [1 + (hashint8(co.id * 64 + j + 7) & 2147483647) % 10] AS ln,
         (ARRAY['Purchasing','IT','Finance','Operations','Logistics'])[1 + j % 5] AS t) x
       ORDER BY co.id, j"#,
    r#"INSERT INTO customer_users (login, email, first_name, last_name, title, company_id, password_hash)
       SELECT v.login, v.email, v.fn, v.ln, v.title, c.id, $4
       FROM (VALUES ('anna', 'anna@acme.example', 'Anna', 'Anders', 'Purchasing', 'ACME-01'),
                    ('bob', 'bob@globex.example', 'Bob', 'Brown', 'IT', 'GLOBEX-02'),
                    ('olivia', 'olivia@acme.example', 'Olivia', 'Owens', 'IT lead', 'ACME-01'),
                    ('carl', 'carl@acme.example', 'Carl', 'Carter', 'Consultant', 'ACME-01'))
            v (login, email, fn, ln, title, cid)
       JOIN companies c ON c.customer_id = v.cid"#,
    // Every contact is linked to its primary company; the demo contacts carry the portal permissions.
    r#"INSERT INTO customer_user_companies (customer_user_id, company_id, may_view_org, may_cancel_org, org_admin)
       SELECT id, company_id, login IN ('anna', 'olivia', 'carl'), login = 'olivia', login = 'olivia'
       FROM customer_users"#,
    // Some contacts work for two companies: every 7th generated one also for the next company, and carl
    // for GLOBEX-02 without permissions there.
    r#"INSERT INTO customer_user_companies (customer_user_id, company_id)
       SELECT u.id, CASE WHEN u.login = 'carl' THEN (SELECT id FROM companies WHERE customer_id = 'GLOBEX-02')
                         ELSE b.base + (u.company_id - b.base + 1) % $1::bigint END
       FROM customer_users u, (SELECT min(id) AS base FROM companies) b
       WHERE u.login = 'carl' OR (u.id % 7 = 0 AND u.login NOT IN ('anna', 'bob', 'olivia'))
       ON CONFLICT DO NOTHING"#,
    // Activities (issue 20): three per company by the demo agent — a call with the company's first contact, a
    // review meeting, a note — days to weeks ago.
    r#"INSERT INTO activities (company_id, kind, subject, body, happened_at, minutes, author_id)
       SELECT co.id, (ARRAY['call_out', 'meeting', 'note']::activity_kind[])[k],
              (ARRAY['Quarterly check-in call', 'Service review meeting', 'Prefers email over phone'])[k],
              (ARRAY[E'Went through the open tickets.\nNext call in three months.',
                     'Walked through the service report with their IT lead.',
                     'Their IT lead asks us to email first and call only for outages.'])[k],
              date_trunc('minute', now()) - make_interval(days => k * 9 + (co.id % 7)::int, hours => k),
              CASE k WHEN 1 THEN 25 END, a.id
       FROM companies co CROSS JOIN generate_series(1, 3) k CROSS JOIN (SELECT id FROM agents WHERE login = 'agent') a
       ORDER BY co.id, k"#,
    r#"INSERT INTO activity_participants (activity_id, company_id, customer_user_id)
       SELECT a.id, a.company_id, u.id
       FROM activities a
       JOIN LATERAL (SELECT min(id) AS id FROM customer_users WHERE company_id = a.company_id) u ON u.id IS NOT NULL
       WHERE a.kind = 'call_out'"#,
    // Files (issue 20): two small text files per company by the demo agent — a service report shared in the
    // portal and internal notes — stored in chunks as uploads are.
    r#"WITH src AS (
         SELECT co.id AS company_id, k, nextval(pg_get_serial_sequence('stored_files', 'id')) AS fid,
                (ARRAY['Service report.txt', 'Network notes.txt'])[k] AS name,
                convert_to((ARRAY[E'Service report for ' || co.name || E'\nAll systems in scope were checked.\n',
                                  E'Internal notes for ' || co.name || E'\nCore switch in room 2; spare in the basement.\n'])[k],
                           'UTF8') AS body
         FROM companies co CROSS JOIN generate_series(1, 2) k),
       a AS (SELECT id FROM agents WHERE login = 'agent'),
       sf AS (INSERT INTO stored_files (id, name, content_type, size, sha256, data, chunks, agent_id)
              OVERRIDING SYSTEM VALUE
              SELECT fid, name, 'text/plain; charset=utf-8', length(body), sha256(body), '', 1, a.id FROM src, a),
       ch AS (INSERT INTO stored_file_chunks (file_id, seq, data) SELECT fid, 0, body FROM src)
       INSERT INTO customer_files (company_id, file_id, description, category, portal_visible, uploaded_by, uploaded_at)
       SELECT company_id, fid, (ARRAY['Last quarter''s service report', 'Where things are on site'])[k],
              (ARRAY['Technical', 'Other'])[k], k = 1, a.id, date_trunc('minute', now()) - make_interval(days => 3 * k)
       FROM src, a ORDER BY company_id, k"#,
    // Tasks (issue 20): on the first 20 companies, a call-back to the first contact and a renewal task, both
    // the demo agent's; every third call-back is a day overdue, so My work and the top bar show something.
    r#"INSERT INTO customer_tasks (company_id, customer_user_id, kind, title, note, due_at, assignee_id, priority,
                                  created_by)
       SELECT co.id, CASE k WHEN 1 THEN u.id END, (ARRAY['call_back', 'task']::task_kind[])[k],
              (ARRAY['Call back about the open tickets', 'Send the renewal offer'])[k],
              (ARRAY['They asked for an update on their open tickets.', ''])[k],
              date_trunc('hour', now()) + CASE WHEN k = 1 AND co.id % 3 = 0 THEN interval '-1 day'
                                               ELSE make_interval(days => k * 2 + (co.id % 5)::int) END,
              a.id, (ARRAY['high', 'normal']::task_priority[])[k], a.id
       FROM companies co CROSS JOIN generate_series(1, 2) k CROSS JOIN (SELECT id FROM agents WHERE login = 'agent') a
       LEFT JOIN LATERAL (SELECT min(id) AS id FROM customer_users WHERE company_id = co.id) u ON true
       WHERE co.id < (SELECT min(id) FROM companies) + 20 AND (k = 2 OR u.id IS NOT NULL)
       ORDER BY co.id, k"#,
    // Alerts on ACME-01 (issue 18): a warning that stays and a notice that ends by itself.
    r#"INSERT INTO company_alerts (company_id, body, severity, expires_at, posted_by)
       SELECT c.id, v.body, v.severity::alert_severity, now() + v.lasts, a.id
       FROM companies c, agents a,
            (VALUES ('Key account: escalate outages to their account manager at once.', 'warning', NULL::interval),
                    ('Their VPN gateway is in maintenance this week: expect connectivity tickets.', 'info',
                     interval '7 days')) v (body, severity, lasts)
       WHERE c.customer_id = 'ACME-01' AND a.login = 'admin'"#,
    // The tickets: company 0 gets 10 %, company 1 gets 1 %, the rest spread evenly. State mix: 85 % closed,
    // 5 % open, 3 % new, 4 % pending (half reminder, half auto), 3 % merged or removed. New and open tickets
    // are up to 5 days old, so with a 1- or 2-day solution time some are escalated; pending times fall on
    // both sides of now, so some reminders are reached.
    r#"WITH cb AS (SELECT min(id) AS base FROM companies),
       users AS (SELECT company_id, array_agg(id ORDER BY id) AS ids FROM customer_users
                 WHERE login NOT IN ('anna', 'bob', 'olivia', 'carl') GROUP BY company_id),
       ag AS (SELECT array_agg(id ORDER BY id) AS ids FROM agents WHERE role <> 'read_only'),
       q AS (SELECT array_agg(id ORDER BY id) AS ids FROM queues),
       sl AS (SELECT array_agg(id ORDER BY id) AS ids FROM slas),
       g AS (SELECT i,
               CASE WHEN i % 10 = 0 THEN 0 WHEN i % 100 = 1 THEN 1
                    ELSE 2 + (hashint8(i * 16 + 1) & 2147483647) % ($1::bigint - 2) END AS co_idx,
               (hashint8(i * 16 + 2) & 2147483647) % 1000 AS st,
               (hashint8(i * 16 + 3) & 2147483647) % 1000 AS r3,
               (hashint8(i * 16 + 4) & 2147483647) % 1000 AS r4,
               (hashint8(i * 16 + 5) & 2147483647) AS r5,
               (hashint8(i * 16 + 6) & 2147483647) % 1000 AS r6
             FROM generate_series(1, $2::bigint) i),
       s AS (SELECT g.*, (CASE WHEN st < 850 THEN 6 + st % 3 WHEN st < 900 THEN 2 WHEN st < 930 THEN 1
                               WHEN st < 950 THEN 3 WHEN st < 970 THEN 4 + st % 2 WHEN st < 985 THEN 9 ELSE 10 END)::smallint
                             AS state_id FROM g),
       t AS (SELECT s.*, st.type,
               CASE WHEN st.type IN ('new', 'open') THEN now() - make_interval(mins => ((r5 % 7200) + 1)::int)
                    WHEN st.type IN ('pending_reminder', 'pending_auto') THEN now() - make_interval(mins => ((r5 % 43200) + 60)::int)
                    ELSE now() - make_interval(mins => ((r5 % 1051200) + 60)::int) END AS created
             FROM s JOIN states st ON st.id = s.state_id)
       INSERT INTO tickets (number, title, queue_id, state_id, state_type, priority_id, locked, owner_id,
                            responsible_id, company_id, customer_user_id, sla_id, created_at, changed_at,
                            pending_until, first_response_at, last_customer_article_at)
       SELECT to_char(t.created, 'YYYYMMDD') || (10000000 + t.i),
              (ARRAY['Printer offline', 'Cannot log in', 'Invoice question', 'VPN drops every hour', 'New laptop request',
                     'Email not syncing', 'License renewal', 'Slow network in office', 'Password reset',
                     'Order status', 'Refund request', 'Server disk almost full'])[1 + t.r3 % 12],
              q.ids[1 + t.r3 % cardinality(q.ids)], t.state_id, t.type, (1 + t.r4 % 5)::smallint,
              t.type IN ('open', 'pending_reminder', 'pending_auto') AND t.r6 < 450,
              ag.ids[1 + t.r5 % cardinality(ag.ids)], ag.ids[1 + (t.r5 / 7) % cardinality(ag.ids)],
              cb.base + t.co_idx, u.ids[1 + t.r5 % cardinality(u.ids)],
              CASE WHEN t.r4 < 700 THEN sl.ids[1] WHEN t.r4 < 900 THEN sl.ids[2] END,
              t.created, least(now(), t.created + make_interval(mins => (t.r6 * 3)::int)),
              CASE WHEN t.type IN ('pending_reminder', 'pending_auto') THEN now() + make_interval(mins => ((t.r3 - 500) * 6)::int) END,
              CASE WHEN t.type <> 'new' AND t.r6 < 800 THEN least(now(), t.created + interval '15 minutes') END,
              t.created
       FROM t CROSS JOIN cb CROSS JOIN ag CROSS JOIN q CROSS JOIN sl
       JOIN users u ON u.company_id = cb.base + t.co_idx
       ORDER BY t.i"#,
    // The demo portal users each own several open requests (and olivia some others).
    r#"UPDATE tickets t SET customer_user_id = x.uid
       FROM (SELECT u.id AS uid, tk.id AS tid FROM customer_users u
             CROSS JOIN LATERAL (SELECT id FROM tickets
                                 WHERE company_id = u.company_id AND state_type IN ('new', 'open', 'pending_reminder', 'closed')
                                 ORDER BY state_type = 'closed', id
                                 LIMIT 5 OFFSET CASE u.login WHEN 'olivia' THEN 5 ELSE 0 END) tk
             WHERE u.login IN ('anna', 'bob', 'olivia')) x
       WHERE t.id = x.tid"#,
    // Service under contract (issue 19): every 7th ticket of a company raised since its first contract started
    // names that contract (covered or, where it was cancelled or ran out meanwhile, not).
    r#"UPDATE tickets t SET contract_id = k.id
       FROM contracts k
       WHERE k.company_id = t.company_id AND k.number LIKE '%-1' AND t.id % 7 = 0
         AND t.created_at >= k.starts_on"#,
    r#"INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_customer_user_id, body, created_at)
       SELECT id, 'customer', (ARRAY['phone', 'email', 'portal']::article_channel[])[1 + id % 3], true,
              customer_user_id, 'Hello, ' || lower(title) || ' since this morning. Can you help?', created_at
       FROM tickets"#,
    r#"INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_agent_id, body, created_at)
       SELECT id, 'agent', 'email', true, owner_id, 'Thank you, we are looking into it.', first_response_at
       FROM tickets WHERE first_response_at IS NOT NULL"#,
    r#"INSERT INTO articles (ticket_id, sender, channel, customer_visible, author_agent_id, body, created_at)
       SELECT id, 'agent', 'note', false, owner_id, 'Internal: checked the logs, nothing unusual.',
              least(now(), created_at + interval '5 minutes')
       FROM tickets WHERE id % 5 = 0"#,
    r#"SELECT setval('ticket_number_seq', $2::bigint + 1)"#,
];
