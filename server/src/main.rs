//! The Panorama server: `server` serves the app; `server generate ...` fills the database with data;
//! `server import billing FILE` loads the billing system's export.
use server::{config::Config, explain, generator, import, startup};

/// glibc malloc took a fifth of the server's CPU under load (arena locks, consolidation); mimalloc doesn't.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    // Migrating as the owner, Postgres notes each pg_trgm function whose rights only the extension's owner
    // may change (migrations revoke and grant "all functions"): expected, so not shown unless RUST_LOG asks.
    let migrating = matches!(
        std::env::args().nth(1).as_deref(),
        Some("migrate" | "generate")
    );
    server::telemetry::init(if migrating {
        "info,sqlx=warn,sqlx::postgres::notice=error"
    } else {
        "info,sqlx=warn"
    });
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("generator-version") {
        println!("{}", generator::version());
        return Ok(());
    }
    let config = Config::from_env()?;
    let pool = startup::connect(&config).await?;
    match args.first().map(String::as_str) {
        // Both as the database owner; the server itself only checks the schema (startup::check_migrated).
        Some("generate") => {
            startup::migrate(&pool).await?;
            generator::run(&pool, &generator::Options::parse(&args[1..])?).await
        }
        Some("migrate") => Ok(startup::migrate(&pool).await?),
        // `explain-cic CUSTOMER_ID`: the plans of the CIC's ticket queries; fails on a Seq Scan on tickets.
        Some("explain-cic") => {
            explain::check(&pool, args.get(1).map_or("GLOBEX-02", String::as_str)).await
        }
        // `import billing FILE [--dry-run]`: the billing system's export (README, "Billing import").
        Some("import") => import::run(&pool, &args[1..]).await,
        None | Some("serve") => startup::serve(config, pool).await,
        Some(other) => Err(format!(
            "unknown command {other:?}; use serve, migrate, generate, generator-version, explain-cic or import"
        )
        .into()),
    }
}
