//! Contracts (issue 19, part 2): the contract page, the form that creates and edits one, cancelling, and
//! the Service Contracts list. Reading takes `Read`, changing `EditContracts` (not read-only agents); a
//! missing number is a 404 like a malformed one, and every change is recorded by the change record.
use crate::{
    error::AppError,
    model::{
        contract::{ContractListPage, ContractListQuery, ContractPage},
        contract_form::{ContractForm, ContractFormData},
    },
};
use leptos::{prelude::*, server_fn::codec::Json};

/// The contract, or a 404 for a number no contract has (or one that cannot be a number).
#[cfg(feature = "ssr")]
async fn find(
    db: impl sqlx::PgExecutor<'_>,
    number: &str,
) -> Result<crate::db::contracts::Contract, AppError> {
    if number.is_empty() || number.len() > 40 {
        return Err(AppError::NotFound);
    }
    crate::db::contracts::by_number(db, number, chrono::Utc::now())
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "contract_page")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn load_contract(number: String) -> Result<ContractPage, AppError> {
    use crate::{
        authz,
        db::{self, ticket_list::Filter},
        model::{contract::money, contract::CoveredItem, contract_form::kind_label},
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let pool = &state.pool;
            let c = find(pool, &number).await?;
            let tz = crate::session::time_zone(&agent);
            // The same count as the ticket list filtered by the contract shows as its total.
            let filter = Filter {
                company: None,
                include_children: false,
                customer_user: None,
                contract: Some(c.id),
                class: None,
                state_type: None,
                escalated: false,
                reminder: false,
                mine_locked: false,
                my_queues: false,
                queue: None,
                owner: None,
                locked: None,
                agent: agent.id,
                now: chrono::Utc::now(),
            };
            let (tickets, history) = tokio::try_join!(
                db::ticket_list::count(pool, &filter),
                db::contracts::history(pool, &c, tz.name()),
            )?;
            Ok(ContractPage {
                kind: kind_label(&c.kind).into(),
                starts_on: c.starts_on.to_string(),
                ends_on: c.ends_on.to_string(),
                value: money(c.milli, &c.currency),
                sla: c.sla.unwrap_or_default(),
                items: c
                    .items
                    .into_iter()
                    .map(|(id, kind, name, identifier)| CoveredItem {
                        id,
                        kind: kind_label(&kind).into(),
                        name,
                        identifier,
                    })
                    .collect(),
                tickets,
                history,
                may_edit: authz::Action::EditContracts.allows(agent.role),
                number: c.number,
                name: c.name,
                customer_id: c.customer_id,
                company: c.company,
                time_zone: c.time_zone,
                status: c.status,
                version: c.version,
            })
        }
        .await,
    )
}

/// The form: the contract's fields for `number`, or a blank one for the company `customer_id`.
#[server(endpoint = "contract_form")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn load_contract_form(
    number: String,
    customer_id: String,
) -> Result<ContractFormData, AppError> {
    use crate::{
        authz, db,
        model::{contract_form::typed_money, contract_form::ItemForm, permission::Action},
    };
    crate::api::finish(
        async {
            let (form, company) = if number.is_empty() {
                let (_, _, company) =
                    crate::api::company_for(Action::EditContracts, &customer_id).await?;
                let form = ContractForm {
                    customer_id: company.customer_id.clone(),
                    kind: "support_plan".into(),
                    currency: "EUR".into(),
                    ..Default::default()
                };
                (form, format!("{} ({})", company.name, company.customer_id))
            } else {
                authz::require(Action::EditContracts)?;
                let c = find(&authz::state()?.pool, &number).await?;
                let form = ContractForm {
                    original: c.number.clone(),
                    version: c.version,
                    customer_id: c.customer_id.clone(),
                    number: c.number,
                    name: c.name,
                    kind: c.kind,
                    starts_on: c.starts_on.to_string(),
                    ends_on: c.ends_on.to_string(),
                    value: typed_money(c.milli, &c.currency),
                    currency: c.currency,
                    sla_id: c.sla_id.map(|s| s.to_string()).unwrap_or_default(),
                    items: c
                        .items
                        .into_iter()
                        .map(|(id, kind, name, identifier)| ItemForm {
                            id: Some(id),
                            kind,
                            name,
                            identifier,
                        })
                        .collect(),
                };
                (form, format!("{} ({})", c.company, c.customer_id))
            };
            let slas = db::tickets::choices(&authz::state()?.pool)
                .await?
                .slas
                .into_iter()
                .map(|(id, name)| (id.0.to_string(), name))
                .collect();
            Ok(ContractFormData {
                form,
                company,
                slas,
            })
        }
        .await,
    )
}

/// Creates (`original` empty) or edits a contract with its covered items; returns its number. A stale
/// edit is a conflict; every bad field is reported at once.
#[server(endpoint = "save_contract", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %form.number)))]
pub async fn save_contract(form: ContractForm) -> Result<String, AppError> {
    use crate::{authz, db, model::permission::Action};
    crate::api::finish(
        async {
            let (agent, state) = if form.original.is_empty() {
                let (agent, state, _) =
                    crate::api::company_for(Action::EditContracts, &form.customer_id).await?;
                (agent, state)
            } else {
                (authz::require(Action::EditContracts)?, authz::state()?)
            };
            let fields = form.parse()?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            if form.original.is_empty() {
                let key = crate::model::input::CustomerKey::parse(&form.customer_id)?;
                let company = db::companies::by_key(&mut *tx, &key).await?;
                db::contracts::insert(&mut tx, company.id, &fields)
                    .await
                    .map_err(AppError::from_db)?;
            } else {
                let c = find(&mut *tx, &form.original).await?;
                if !db::contracts::update(&mut tx, &c, form.version, &fields)
                    .await
                    .map_err(AppError::from_db)?
                {
                    return Err(AppError::Conflict(
                        "This contract was changed since you opened the form. Reload to see the changes, then edit again."
                            .into(),
                    ));
                }
            }
            tx.commit().await?;
            Ok(fields.number)
        }
        .await,
    )
}

/// Cancels the contract (from now: its status becomes cancelled); a stale or repeated cancel is a conflict.
#[server(endpoint = "cancel_contract")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn cancel_contract(number: String, version: i32) -> Result<(), AppError> {
    use crate::{authz, db, model::permission::Action};
    crate::api::finish(
        async {
            let agent = authz::require(Action::EditContracts)?;
            let state = authz::state()?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            let c = find(&mut *tx, &number).await?;
            if !db::contracts::cancel(&mut tx, c.id, version).await? {
                return Err(AppError::Conflict(
                    "This contract was changed or cancelled meanwhile. Reload the page to see it."
                        .into(),
                ));
            }
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
}

/// `/contracts`: every contract, filtered, sorted and keyset paged (50 a page).
#[server(endpoint = "contract_list", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn contract_list(q: ContractListQuery) -> Result<ContractListPage, AppError> {
    use crate::{
        authz,
        db::contracts::{list, ListFilter},
        error::Rule,
        model::{
            contract::money, contract::ContractListRow, contract_form::kind_label,
            contract_form::KINDS,
        },
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            if !["", "upcoming", "active", "expired", "cancelled"].contains(&q.status.as_str()) {
                return Err(AppError::invalid("status", Rule::NotListed("statuses")));
            }
            if !q.kind.is_empty() && !KINDS.iter().any(|(k, _)| *k == q.kind) {
                return Err(AppError::invalid(
                    "kind",
                    Rule::NotListed("kinds of contract"),
                ));
            }
            let ends_within = match q.ends_within.trim() {
                "" => None,
                n => match n.parse::<i32>() {
                    Ok(n @ 0..=3660) => Some(n),
                    _ => {
                        return Err(AppError::invalid(
                            "ends_within",
                            Rule::OneOf("a number of days from 0 to 3660"),
                        ))
                    }
                },
            };
            let sort = match q.sort.as_str() {
                "number" | "company" => q.sort.as_str(),
                _ => "ends",
            };
            if q.company.len() > 64 || q.after.len() > 200 {
                return Err(AppError::invalid("company", Rule::TooLong(64)));
            }
            let limit = 50;
            let filter = ListFilter {
                status: &q.status,
                kind: &q.kind,
                customer_id: q.company.trim(),
                ends_within,
                sort,
                after: q.after.rsplit_once('|'),
                limit: limit + 1,
            };
            let mut rows = list(&state.pool, &filter, chrono::Utc::now()).await?;
            let next = (rows.len() as i64 > limit).then(|| {
                rows.truncate(limit as usize);
                rows.last()
                    .map(|r| format!("{}|{}", r.sort_key, r.number))
                    .unwrap_or_default()
            });
            Ok(ContractListPage {
                rows: rows
                    .into_iter()
                    .map(|r| ContractListRow {
                        kind: kind_label(&r.kind).into(),
                        starts_on: r.starts_on.to_string(),
                        ends_on: r.ends_on.to_string(),
                        value: money(r.milli, &r.currency),
                        number: r.number,
                        name: r.name,
                        customer_id: r.customer_id,
                        company: r.company,
                        status: r.status,
                    })
                    .collect(),
                next,
                may_edit: authz::Action::EditContracts.allows(agent.role),
            })
        }
        .await,
    )
}
