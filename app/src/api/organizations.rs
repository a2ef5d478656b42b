//! Organizations (issue 18): the list of every company, a new one, and archiving one.
use crate::{
    error::AppError,
    model::{
        customer::Company,
        organization::{NewOrganization, OrgPage},
    },
};
use leptos::{prelude::*, server_fn::codec::Json};

/// Rows per page of the list.
pub const ORG_PAGE_SIZE: i64 = 25;

/// A page of the list: `q` as the customer search reads it (shorter than two characters: everyone),
/// `sort` and `filter` by key (unknown: the default), `after` the cursor of the previous page's `next`.
#[server(endpoint = "organizations")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn organizations(
    q: String,
    sort: String,
    filter: String,
    after: String,
) -> Result<OrgPage, AppError> {
    use crate::{
        authz,
        db::{self, organizations::After},
        error::Rule,
        model::{input::SearchTerm, organization::*, time},
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Read)?;
            let state = authz::state()?;
            let term = SearchTerm::parse(&q)?;
            let sort = OrgSort::from_key(&sort);
            let bad = || AppError::invalid("after", Rule::PagePosition);
            // A cursor is "<value>~<id>": a number for the numeric orders, any text without control
            // characters for the others (it is bound, never spliced).
            let after = match after.rsplit_once('~') {
                None if after.is_empty() => None,
                None => return Err(bad()),
                Some((v, id)) => {
                    let id: i64 = id.parse().map_err(|_| bad())?;
                    Some(match sort {
                        OrgSort::Open | OrgSort::Changed => {
                            After::Number(v.parse().map_err(|_| bad())?, id)
                        }
                        _ if v.chars().any(char::is_control) || v.len() > 300 => return Err(bad()),
                        _ => After::Text(v.to_string(), id),
                    })
                }
            };
            let rows = db::organizations::page(
                &state.pool,
                term.as_ref(),
                OrgFilter::from_key(&filter),
                sort,
                after.as_ref(),
                ORG_PAGE_SIZE + 1,
            )
            .await?;
            let tz = crate::session::time_zone(&agent);
            let more = rows.len() as i64 > ORG_PAGE_SIZE;
            let rows: Vec<_> = rows.into_iter().take(ORG_PAGE_SIZE as usize).collect();
            let next = more.then(|| rows.last()).flatten().map(|r| match &r.after {
                After::Text(v, id) => format!("{v}~{id}"),
                After::Number(v, id) => format!("{v}~{id}"),
            });
            Ok(OrgPage {
                rows: rows
                    .into_iter()
                    .map(|r| OrgRow {
                        customer_id: r.customer_id,
                        name: r.name,
                        open: r.open,
                        changed: time::local(r.changed_at, tz),
                        archived: r.archived,
                        logo: r.logo,
                    })
                    .collect(),
                next,
            })
        }
        .await,
    )
}

/// The empty form of `/organizations/new`, for agents who may create companies (others: 403 there).
#[server(endpoint = "new_organization_form")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn new_organization_form() -> Result<NewOrganization, AppError> {
    crate::api::finish(
        crate::authz::require(crate::authz::Action::EditCompanies)
            .map(|_| NewOrganization::default()),
    )
}

/// A new organization: every field checked at once; a taken or malformed customer ID is a field error.
/// Returns its customer ID (its CIC is `/customers/<id>`).
#[server(endpoint = "create_organization", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn create_organization(form: NewOrganization) -> Result<String, AppError> {
    use crate::{
        authz, db,
        error::{FieldError, Rule},
    };
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::EditCompanies)?;
            let state = authz::state()?;
            let customer_id = form.customer_id.trim().to_string();
            let bad_key = crate::model::input::CustomerKey::parse(&customer_id).is_err();
            // Every field's error at once: the customer ID's first, then the company fields'.
            let fields = match (bad_key, form.fields.parse()) {
                (false, parsed) => parsed?,
                (true, parsed) => {
                    let mut list = vec![FieldError::new("customer_id", Rule::CustomerIdShape)];
                    if let Err(AppError::Invalid(more)) = parsed {
                        list.extend(more);
                    }
                    return Err(AppError::Invalid(list));
                }
            };
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            db::organizations::create(&mut tx, &customer_id, &fields)
                .await
                .map_err(AppError::from_db)?;
            tx.commit().await?;
            Ok(customer_id)
        }
        .await,
    )
}

/// Archive (`archived = true`) or unarchive a company from its CIC; a stale version is refused.
#[server(endpoint = "set_company_archived")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_company_archived(
    customer_id: String,
    version: i32,
    archived: bool,
) -> Result<Company, AppError> {
    use crate::{authz, db, model::input::CustomerKey};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::Archive)?;
            let state = authz::state()?;
            let key = CustomerKey::parse(&customer_id)?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            let done =
                db::organizations::set_archived(&mut tx, key.as_str(), version, archived).await?;
            let company = db::companies::by_key(&mut *tx, &key).await?;
            company.lifecycle.reachable("/customers/")?;
            if !done {
                return Err(AppError::Conflict(
                    "This company was changed by someone else since you opened it. Reload, then try again."
                        .into(),
                ));
            }
            tx.commit().await?;
            Ok(company)
        }
        .await,
    )
}
