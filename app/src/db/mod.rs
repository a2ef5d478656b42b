//! SQL, one module per table or read model. Receives ids already authorized; knows nothing of HTTP.
pub mod audit;
pub mod companies;
pub mod customer_users;
pub mod dashboard;
pub mod login_failures;
pub mod portal;
pub mod search;
pub mod sessions;
pub mod ticket_list;
pub mod ticket_widgets;
pub mod tickets;
