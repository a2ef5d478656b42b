//! Customer users, for agents: the create/edit form (fields, companies and per-company portal
//! permissions) and one-time password reset links. Deactivating a user ends their portal sessions; every
//! save is audited.
#[cfg(feature = "ssr")]
use crate::error::Rule;
use crate::{error::AppError, model::customer::CustomerUserForm};
use leptos::{prelude::*, server_fn::codec::Json};

/// The edit form of `login`, or an empty form for a new user of `company`.
#[server(endpoint = "edit_customer_user")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(login = ?login, company = ?company)))]
pub async fn edit_customer_user(
    login: Option<String>,
    company: Option<String>,
) -> Result<CustomerUserForm, AppError> {
    use crate::{
        authz, db,
        model::{customer::CompanyLink, input::CustomerKey},
    };
    crate::api::finish(
        async {
            authz::require(authz::Action::EditCustomerUsers)?;
            let state = authz::state()?;
            let form = match (login, company) {
                (Some(login), _) => {
                    if login.len() > 100 {
                        return Err(AppError::NotFound);
                    }
                    db::customer_users::form(&state.pool, &login)
                        .await?
                        .ok_or(AppError::NotFound)?
                        .1
                }
                (None, company) => {
                    let primary = match company.filter(|c| !c.is_empty()) {
                        Some(c) => {
                            let c = db::companies::by_key(&state.pool, &CustomerKey::parse(&c)?)
                                .await?;
                            vec![CompanyLink {
                                customer_id: c.customer_id,
                                company: c.name,
                                ..Default::default()
                            }]
                        }
                        None => vec![],
                    };
                    CustomerUserForm {
                        active: true,
                        primary: primary
                            .first()
                            .map(|l| l.customer_id.clone())
                            .unwrap_or_default(),
                        links: primary,
                        ..Default::default()
                    }
                }
            };
            Ok(form)
        }
        .await,
    )
}

/// Creates (empty `original_login`) or updates a customer user; returns the saved login. Every bad field
/// is reported at once; a taken login or email is reported at its field; a stale version is refused.
#[server(endpoint = "save_customer_user", input = Json)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(login = %form.login, original = %form.original_login)))]
pub async fn save_customer_user(form: CustomerUserForm) -> Result<String, AppError> {
    use crate::{authz, db, error::FieldErrors};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::EditCustomerUsers)?;
            let state = authz::state()?;
            let v = validate(&form)?;
            let actor = db::changes::Actor::Agent(agent.id);
            let mut tx = db::changes::begin(&state.pool, actor, &authz::client_addr()).await?;
            let mut keys: Vec<String> = v.links.iter().map(|l| l.0.clone()).collect();
            keys.push(v.primary.clone());
            let found = db::customer_users::company_ids(&mut tx, &keys).await?;
            let id_of = |k: &str| found.iter().find(|(c, _)| c == k).map(|(_, id)| *id);
            let mut fields = FieldErrors::default();
            if id_of(&v.primary).is_none() {
                fields.add("primary", Rule::ExistingCompany);
            }
            if let Some((k, _, _, _)) = v.links.iter().find(|l| id_of(&l.0).is_none()) {
                fields.add("links", Rule::NoSuchCompany(k.clone()));
            }
            fields.finish()?;
            let primary = id_of(&v.primary).ok_or(AppError::Internal)?;
            let links: Vec<_> = v
                .links
                .iter()
                .filter_map(|(k, a, b, c)| Some((id_of(k)?, *a, *b, *c)))
                .collect();
            let fields = db::customer_users::Fields {
                login: v.login.clone(),
                email: v.email.clone(),
                first_name: v.first_name,
                last_name: v.last_name,
                phone: v.phone,
                title: v.title,
                active: form.active,
                primary,
            };
            let (id, was_active) = if form.original_login.is_empty() {
                let id = db::customer_users::insert(&mut tx, &fields).await.map_err(AppError::from_db)?;
                (id, true)
            } else {
                let id = db::customer_users::id_by_login(&mut *tx, &form.original_login).await?;
                match db::customer_users::update(&mut tx, id, form.version, &fields)
                    .await
                    .map_err(AppError::from_db)?
                {
                    Some(was_active) => (id, was_active),
                    None => {
                        return Err(AppError::Conflict(
                            "This customer user was changed by someone else since you opened the form. Reload to \
                             see the changes, then edit again."
                                .into(),
                        ))
                    }
                }
            };
            db::customer_users::set_links(&mut tx, id, &links).await?;
            if was_active && !form.active {
                // A deactivated user is signed out everywhere at once, in the same transaction.
                db::customer_users::end_sessions(&mut tx, id).await?;
            }
            tx.commit().await?;
            Ok(v.login)
        }
        .await,
    )
}

/// Issues a one-time password reset link for a customer user (agents never set a customer user's
/// password); returns its path, shown once to the issuing agent and never stored (`Cache-Control: no-store`).
#[server(endpoint = "issue_password_reset")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(login = %login)))]
pub async fn issue_password_reset(login: String) -> Result<String, AppError> {
    use crate::{authz, db};
    crate::api::finish(
        async {
            let agent = authz::require(authz::Action::SetPasswords)?;
            let state = authz::state()?;
            let (id, _) = db::customer_users::id_and_company(&state.pool, &login)
                .await?
                .ok_or(AppError::NotFound)?;
            let user = crate::model::ids::CustomerUserId(id);
            let token =
                crate::credentials::issue_reset(&state, agent.id, user, &authz::client_addr())
                    .await?;
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.insert_header(
                    http::header::CACHE_CONTROL,
                    http::HeaderValue::from_static("no-store"),
                );
            }
            Ok(format!("/portal/reset/{token}"))
        }
        .await,
    )
}

/// A form that passed the field rules: trimmed text, links with the primary company first and no
/// duplicates.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct Valid {
    pub login: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub title: String,
    pub primary: String,
    /// (customer_id, may view, may cancel, org admin)
    pub links: Vec<(String, bool, bool, bool)>,
}

/// Field rules for a customer user; every failing field is reported at once.
#[cfg(feature = "ssr")]
pub fn validate(f: &CustomerUserForm) -> Result<Valid, AppError> {
    use crate::model::input::{clean_text, EmailAddress, Login, TextKind};
    let mut errors = crate::error::FieldErrors::default();
    let mut text = |name: &str, value: &str, max: usize, required: Option<&'static str>, kind| {
        clean_text(value, max, required, kind).unwrap_or_else(|rule| {
            errors.add(name, rule);
            String::new()
        })
    };
    let first_name = text("first_name", &f.first_name, 100, None, TextKind::Name);
    let last_name = text("last_name", &f.last_name, 100, None, TextKind::Name);
    let phone = text("phone", &f.phone, 50, None, TextKind::Line);
    let title = text("title", &f.title, 100, None, TextKind::Line);
    let primary = text(
        "primary",
        &f.primary,
        64,
        Some("the primary company's customer ID"),
        TextKind::Line,
    );
    let login = errors.check(Login::parse("login", &f.login))?;
    let email = errors.check(EmailAddress::parse("email", &f.email))?;
    // The size is checked on what was sent, before any work per entry; duplicates then go in one pass.
    let mut links: Vec<(String, bool, bool, bool)> = Vec::new();
    if f.links.len() > 100 {
        errors.add(
            "links",
            Rule::TooMany {
                max: 100,
                what: "companies",
            },
        );
    } else {
        let mut seen = std::collections::HashSet::new();
        for l in &f.links {
            let key = l.customer_id.trim().to_string();
            if !key.is_empty() && seen.insert(key.clone()) {
                links.push((key, l.may_view_org, l.may_cancel_org, l.org_admin));
            }
        }
    }
    // The primary company is always linked (it carries the user's portal permissions there).
    match links.iter().position(|l| l.0 == primary) {
        Some(0) => {}
        Some(i) => {
            let p = links.remove(i);
            links.insert(0, p);
        }
        None if !primary.is_empty() => links.insert(0, (primary.clone(), false, false, false)),
        None => {}
    }
    errors.finish()?;
    let (Some(login), Some(email)) = (login, email) else {
        return Err(AppError::Internal);
    };
    Ok(Valid {
        login: login.into_inner(),
        email: email.into_inner(),
        first_name,
        last_name,
        phone,
        title,
        primary,
        links,
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::model::customer::CompanyLink;

    fn link(k: &str, view: bool) -> CompanyLink {
        CompanyLink {
            customer_id: k.into(),
            may_view_org: view,
            ..Default::default()
        }
    }

    #[test]
    fn customer_user_rules_report_every_bad_field_and_keep_the_primary_linked_first() {
        let ok = CustomerUserForm {
            login: " jdoe ".into(),
            email: "j@doe.example".into(),
            primary: "ACME-01".into(),
            links: vec![
                link("GLOBEX-02", true),
                link("ACME-01", true),
                link("GLOBEX-02", false),
            ],
            ..Default::default()
        };
        let v = validate(&ok).expect("valid");
        assert_eq!(v.login, "jdoe");
        assert_eq!(
            v.links,
            vec![
                ("ACME-01".into(), true, false, false),
                ("GLOBEX-02".into(), true, false, false)
            ]
        );
        let bad = CustomerUserForm {
            login: "j doe".into(),
            email: "j@doe".into(),
            ..Default::default()
        };
        let e = validate(&bad).expect_err("invalid");
        for f in ["login", "email", "primary"] {
            assert!(e.field_message(f).is_some(), "{f}: {e:?}");
        }
        assert_eq!(e.field_message("phone"), None);
    }

    /// Finding 11 of the security review: 100,000 links were de-duplicated pairwise (seconds of CPU) before
    /// the size check; the count is checked first now and duplicates go in one pass.
    #[test]
    fn a_huge_link_list_is_refused_before_any_work_per_entry() {
        let huge = CustomerUserForm {
            login: "jdoe".into(),
            email: "j@doe.example".into(),
            primary: "ACME-01".into(),
            links: (0..100_000)
                .map(|i| link(&format!("C-{i}"), false))
                .collect(),
            ..Default::default()
        };
        let e = validate(&huge).expect_err("too many");
        assert!(e.field_message("links").is_some());
    }
}
