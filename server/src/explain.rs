//! `server explain-cic`: the plans of every statement the CIC runs on tickets for one company, for the
//! benchmark's plan check and the plans test (no Seq Scan on tickets). A tool, not a request path.
use app::{
    db::{
        self,
        counts::COUNTS_SQL,
        ticket_widgets::{page_sql, PageQuery, Shown, TicketScope},
        widget_prefs::COMPANY_PREFS_COUNTS_SQL,
    },
    model::{
        dashboard::{Board, TicketTab},
        input::CustomerKey,
    },
};
use chrono::Utc;
use sqlx::PgPool;

/// The plan of every statement the CIC runs on tickets for one company (counts, and each ticket widget's
/// first page for every tab with its default sort), as `(what, EXPLAIN text)`. The benchmark and a test use
/// it to prove no page query scans the tickets table sequentially.
pub async fn plans(
    pool: &PgPool,
    key: &CustomerKey,
    agent_login: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    let company = db::companies::by_key(pool, key).await?.id;
    let agent = db::agents::id_by_login(pool, agent_login).await?;
    let now = Utc::now();
    let mut statements = vec![("counts".to_string(), COUNTS_SQL.to_string())];
    for w in Board::Cic
        .widgets()
        .into_iter()
        .filter(|w| w.is_ticket_list())
    {
        for tab in TicketTab::ALL {
            // Every column shown: the plan with all name lookups.
            let q = PageQuery {
                widget: w,
                tab,
                sort: w.default_sort(),
                shown: Shown::ALL,
                page_size: 10,
            };
            let sql = page_sql(&q, TicketScope::Company(company), 11, None);
            statements.push((format!("{} / {}", w.title(), tab.label()), sql));
        }
    }
    let explain = |sql: &str| format!("EXPLAIN {sql}");
    let mut plans = Vec::new();
    for (what, sql) in statements {
        let lines: Vec<String> = sqlx::query_scalar(&explain(&sql))
            .bind(company)
            .bind(agent)
            .bind(now)
            .fetch_all(pool)
            .await?;
        plans.push((what, lines.join("\n")));
    }
    // The page's first statement takes the customer id, not the company's key.
    let lines: Vec<String> = sqlx::query_scalar(&explain(COMPANY_PREFS_COUNTS_SQL))
        .bind(key.as_str())
        .bind(agent)
        .bind(now)
        .fetch_all(pool)
        .await?;
    plans.push((
        "company, preferences and counts".to_string(),
        lines.join("\n"),
    ));
    Ok(plans)
}

/// Prints whether each CIC ticket query of a company plans a sequential scan on tickets (the benchmark's
/// plan check); an error when one does.
pub async fn check(pool: &PgPool, customer_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    let key = CustomerKey::parse(customer_id).map_err(|e| e.to_string())?;
    let plans = plans(pool, &key, "agent").await?;
    let mut scans = 0;
    for (what, plan) in &plans {
        // A Function Scan would hide the plan of `cic_counts` (and cost a call per row): it must be inlined.
        let verdict = if plan.contains("Seq Scan on tickets") {
            "SEQ SCAN on tickets"
        } else if plan.contains("Function Scan on cic_counts") {
            "FUNCTION SCAN on cic_counts (not inlined)"
        } else {
            "index"
        };
        scans += usize::from(verdict != "index");
        println!("{what}: {verdict}");
    }
    println!("seq_scans_on_tickets={scans} of {} statements", plans.len());
    if scans > 0 {
        return Err(format!("{scans} CIC queries scan tickets sequentially or hide a plan").into());
    }
    Ok(())
}
