//! SQL, one module per table or read model. Receives ids already authorized; knows nothing of HTTP.
//! Every fixed statement is a `query!`-family macro, checked against the migrated schema at compile time
//! (offline data in `.sqlx/`, see scripts/prepare-sql); statements assembled at run time (ticket lists,
//! widget pages, scope counts) are the only `sqlx::query(&str)` calls, covered by their plan and paging tests.
/// A [`Company`](crate::model::customer::Company) from a `query!` record that has its columns under their
/// own names (the company's id as `id`; phone and email as `company_phone`, `company_email`, apart from a
/// customer user's). Every statement that reads a company selects the same columns;
/// the compiler checks each against the schema.
macro_rules! company_of {
    ($r:ident) => {
        $crate::model::customer::Company {
            id: $crate::model::ids::CompanyId($r.id),
            customer_id: $r.customer_id,
            name: $r.name,
            phone: $r.company_phone,
            email: $r.company_email,
            street: $r.street,
            zip: $r.zip,
            city: $r.city,
            country: $r.country,
            url: $r.url,
            comment: $r.comment,
            version: $r.version,
            archived: $r.state == $crate::model::object_state::ObjectState::Archived,
            logo: $r.logo_file_id,
            lifecycle: $crate::model::object_state::Lifecycle {
                state: $r.state,
                merged_into: $r.merged_into,
            },
        }
    };
}

pub mod activities;
pub mod agent_views;
pub mod agents;
pub mod alerts;
pub mod billing;
pub mod changes;
pub mod companies;
pub mod contracts;
pub mod counts;
pub mod customer_files;
pub mod customer_users;
pub mod files;
pub mod follows;
pub mod links;
pub mod locations;
pub mod organizations;
pub mod overview;
pub mod password_resets;
pub mod phone_lookup;
pub mod portal;
pub mod search;
pub mod second_factors;
pub mod sessions;
pub mod sign_ins;
pub mod tasks;
pub mod ticket_list;
pub mod ticket_widgets;
pub mod tickets;
pub mod widget_prefs;
