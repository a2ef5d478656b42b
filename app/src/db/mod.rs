//! SQL, one module per table or read model. Receives ids already authorized; knows nothing of HTTP.
pub mod agents;
pub mod audit;
pub mod companies;
pub mod counts;
pub mod customer_users;
pub mod login_failures;
pub mod portal;
pub mod search;
pub mod sessions;
pub mod ticket_list;
pub mod ticket_widgets;
pub mod tickets;
pub mod widget_prefs;
