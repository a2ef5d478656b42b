//! The ticket list, for agents.
#[cfg(feature = "ssr")]
use crate::error::Rule;
use crate::{
    error::AppError,
    model::ticket_list::{TicketListPage, TicketListQuery},
};
use leptos::{prelude::*, server_fn::codec::Json};

/// The tickets the filters select: exact total and one keyset page.
#[server(endpoint = "ticket_list", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn ticket_list(q: TicketListQuery) -> Result<TicketListPage, AppError> {
    use crate::{
        authz, db,
        db::{ticket_list::Filter, ticket_widgets::Shown},
        model::{
            input::{CustomerKey, PageSize},
            ticket::StateType,
        },
        service::dashboard::{cursor_error, to_page},
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let pool = &state.pool;
            // Merged and removed tickets are in no list (the URL parser never names them either).
            if q.state_type
                .is_some_and(|t| matches!(t, StateType::Merged | StateType::Removed))
            {
                return Err(AppError::invalid("state_type", Rule::Unknown("state type")));
            }
            let size = PageSize::parse(q.page_size.unwrap_or(25))?.get();
            let company = match &q.company {
                Some(k) => Some(
                    db::companies::by_key(pool, &CustomerKey::parse(k)?)
                        .await?
                        .id
                        .0,
                ),
                None => None,
            };
            let customer_user = match &q.customer_user {
                Some(login) => Some(
                    db::customer_users::id_and_company(pool, login)
                        .await?
                        .ok_or(AppError::NotFound)?
                        .0,
                ),
                None => None,
            };
            let contract = match &q.contract {
                Some(number) if number.len() <= 40 => Some(
                    db::contracts::by_number(pool, number, chrono::Utc::now())
                        .await?
                        .ok_or(AppError::NotFound)?
                        .id,
                ),
                Some(_) => return Err(AppError::NotFound),
                None => None,
            };
            let long = |v: &Option<String>| v.as_ref().is_some_and(|v| v.len() > 200);
            if long(&q.queue) || long(&q.owner) {
                return Err(AppError::invalid("queue", Rule::TooLong(200)));
            }
            let now = chrono::Utc::now();
            let f = Filter {
                company,
                include_children: q.include_children,
                customer_user,
                contract,
                class: q.class,
                state_type: q.state_type,
                escalated: q.escalated,
                reminder: q.reminder,
                mine_locked: q.mine_locked,
                my_queues: q.my_queues,
                queue: q.queue.clone(),
                owner: q.owner.clone(),
                locked: q.locked,
                agent: agent.id,
                now,
            };
            let (total, rows) = tokio::try_join!(
                async { Ok::<_, AppError>(db::ticket_list::count(pool, &f).await?) },
                async {
                    db::ticket_list::page(pool, &f, q.sort(), q.after.as_ref(), i64::from(size) + 1)
                        .await
                        .map_err(cursor_error)
                },
            )?;
            let page = to_page(
                rows,
                size,
                Shown::ALL,
                crate::session::time_zone(&agent),
                now,
            );
            Ok(TicketListPage {
                total,
                rows: page.rows,
                more: page.more,
            })
        }
        .await,
    )
}
