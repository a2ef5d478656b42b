//! SQL, one module per table or read model. Receives ids already authorized; knows nothing of HTTP.
/// The open class of state types (all but closed, merged and removed: what Company Status, the Customer
/// Users counts and the portal call open), as SQL. A macro, so fixed statements stay literals (`concat!`).
macro_rules! open_states {
    () => {
        "('new', 'open', 'pending_reminder', 'pending_auto')"
    };
}
pub(crate) use open_states;

/// The columns of a [`Company`](crate::model::customer::Company) row, in its field order, each with the
/// given table prefix (`""` or `"c."`).
macro_rules! company_columns {
    ($p:literal) => {
        concat!(
            $p,
            "id, ",
            $p,
            "customer_id, ",
            $p,
            "name, ",
            $p,
            "street, ",
            $p,
            "zip, ",
            $p,
            "city, ",
            $p,
            "country, ",
            $p,
            "url, ",
            $p,
            "comment, ",
            $p,
            "valid, ",
            $p,
            "version"
        )
    };
}

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
