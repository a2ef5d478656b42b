//! The Panorama server: `server` serves the app; `server generate ...` fills the database with data.
use server::{config::Config, generator, startup};

/// glibc malloc took a fifth of the server's CPU under load (arena locks, consolidation); mimalloc doesn't.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Config::from_env()?;
    let pool = startup::connect(&config).await?;
    match args.first().map(String::as_str) {
        Some("generate") => generator::run(&pool, &generator::Options::parse(&args[1..])?).await,
        Some("migrate") => Ok(()),
        // `explain-cic CUSTOMER_ID`: the plans of the CIC's ticket queries; fails on a Seq Scan on tickets.
        Some("explain-cic") => {
            explain_cic(&pool, args.get(1).map_or("GLOBEX-02", String::as_str)).await
        }
        None | Some("serve") => startup::serve(config, pool).await,
        Some(other) => Err(format!(
            "unknown command {other:?}; use serve, migrate, generate or explain-cic"
        )
        .into()),
    }
}

/// Prints whether each CIC ticket query of a company plans a sequential scan on tickets (the benchmark's
/// plan check); an error when one does.
async fn explain_cic(
    pool: &sqlx::PgPool,
    customer_id: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let key = app::model::input::CustomerKey::parse(customer_id).map_err(|e| e.to_string())?;
    let plans = app::db::dashboard::explain_cic(pool, &key, "agent").await?;
    let mut scans = 0;
    for (what, plan) in &plans {
        let seq = plan.contains("Seq Scan on tickets");
        scans += usize::from(seq);
        println!(
            "{what}: {}",
            if seq { "SEQ SCAN on tickets" } else { "index" }
        );
    }
    println!("seq_scans_on_tickets={scans} of {} statements", plans.len());
    if scans > 0 {
        return Err(format!("{scans} CIC queries scan tickets sequentially").into());
    }
    Ok(())
}
