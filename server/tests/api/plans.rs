//! Guard rail: no CIC query plans a sequential scan on tickets for a company with ≈100k tickets.
use server::generator::{self, Options};
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn no_cic_query_scans_the_tickets_of_a_100k_company(pool: PgPool) {
    // Three companies: ACME-01 gets a tenth, GLOBEX-02 a hundredth, the third the rest (≈98k tickets).
    let o = Options {
        companies: 3,
        tickets: 110_000,
        users_per_company: 3,
        if_empty: false,
    };
    generator::run(&pool, &o).await.expect("generate");
    sqlx::query("ANALYZE")
        .execute(&pool)
        .await
        .expect("analyze");
    let (key, n): (String, i64) = sqlx::query_as(
        "SELECT c.customer_id, count(*) FROM tickets t JOIN companies c ON c.id = t.company_id
         GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("biggest company");
    assert!(n > 90_000, "{key} has {n} tickets");
    let key = app::model::input::CustomerKey::parse(&key).expect("key");
    let plans = server::explain::plans(&pool, &key, "agent")
        .await
        .expect("plans");
    assert_eq!(
        plans.len(),
        1 + 4 * 3 + 1,
        "counts, every widget/tab, and the page's company + counts statement"
    );
    for (what, plan) in plans {
        assert!(!plan.contains("Seq Scan on tickets"), "{what}:\n{plan}");
        // The shared counts are a SQL function; its plan must be inlined into each statement, not hidden.
        assert!(!plan.contains("Function Scan"), "{what}:\n{plan}");
        if what.starts_with("counts") || what.starts_with("company") {
            assert!(plan.contains("ticket_counts"), "{what}:\n{plan}");
        }
    }
}
