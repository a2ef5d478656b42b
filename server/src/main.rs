//! The Panorama server: `server` serves the app; `server generate ...` fills the database with data.
use server::{config::Config, generator, startup};

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
        None | Some("serve") => startup::serve(config, pool).await,
        Some(other) => {
            Err(format!("unknown command {other:?}; use serve, migrate or generate").into())
        }
    }
}
