//! Typed ids: a company id can never be passed where a ticket id is expected.
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);
    )*};
}
id_type!(CompanyId, CustomerUserId, AgentId, TicketId);
