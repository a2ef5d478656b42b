//! `server import billing <file.csv> [--dry-run]`: the command line around `app::service::billing_import`
//! (which checks and writes). Prints the counts, or every row error with its line number and exits 1.
use app::service::billing_import::{self, ImportError};
use sqlx::PgPool;

const USAGE: &str = "usage: server import billing <file.csv> [--dry-run]";

pub async fn run(pool: &PgPool, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let (dry_run, rest): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|a| a.as_str() == "--dry-run");
    let [what, file] = rest.as_slice() else {
        return Err(USAGE.into());
    };
    if what.as_str() != "billing" {
        return Err(format!("nothing to import as {what:?}; {USAGE}").into());
    }
    crate::startup::check_migrated(pool).await?;
    let bytes = std::fs::read(file.as_str()).map_err(|e| format!("{file}: {e}"))?;
    let run_by = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    let name = std::path::Path::new(file.as_str())
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    match billing_import::import(
        pool,
        &bytes,
        &name,
        &run_by,
        !dry_run.is_empty(),
        chrono::Utc::now(),
    )
    .await
    {
        Ok(report) => {
            println!("{name}: {report}");
            Ok(())
        }
        Err(ImportError::Invalid(errors)) => {
            for e in &errors {
                eprintln!("{name}: {e}");
            }
            Err(format!(
                "{} row error(s) in {name}; nothing was imported",
                errors.len()
            )
            .into())
        }
        Err(e) => Err(e.into()),
    }
}
