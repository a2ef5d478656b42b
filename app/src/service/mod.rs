//! Server-side logic shared by several server functions, between `api/` (HTTP, who may) and `db/` (SQL).
pub mod billing_import;
pub mod dashboard;
pub mod new_ticket;
pub mod ticket;
