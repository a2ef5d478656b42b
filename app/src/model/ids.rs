//! Typed ids: a company id can never be passed where a ticket id is expected.
use crate::error::{AppError, Rule};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )*};
}
id_type!(CompanyId, CustomerUserId, AgentId, TicketId);

/// An id as typed in a URL or form: anything but a positive number names nothing, a 404 like an id that
/// does not exist or is not the caller's.
pub fn parse_id(s: &str) -> Result<i64, AppError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or(AppError::NotFound)
}

/// Ids of the small reference tables, as wide as Postgres stores them. Forms send every id as a number
/// (i64): `parse` turns one into its type, or into "choose one of the listed values" at its field.
macro_rules! ref_id_type {
    ($($name:ident($t:ty)),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub $t);

        impl $name {
            pub fn parse(field: &str, v: i64) -> Result<Self, AppError> {
                <$t>::try_from(v)
                    .map($name)
                    .map_err(|_| AppError::invalid(field, Rule::NotListed("values")))
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                i64::from(id.0)
            }
        }
    )*};
}
ref_id_type!(QueueId(i32), PriorityId(i16), StateId(i16), SlaId(i32));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_ids_parse_within_their_width() {
        assert_eq!(StateId::parse("state_id", 3), Ok(StateId(3)));
        assert_eq!(
            i64::from(QueueId::parse("queue_id", 70_000).expect("fits")),
            70_000
        );
        let e = PriorityId::parse("priority_id", 40_000).expect_err("wider than smallint");
        assert!(e.field_message("priority_id").is_some());
        assert!(SlaId::parse("sla_id", i64::MAX).is_err());
    }
}
