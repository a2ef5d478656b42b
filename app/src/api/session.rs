use crate::{error::AppError, model::viewer::Realm};
use leptos::prelude::*;

/// Signs in an agent or a customer user. Works as a plain form POST (answered by a redirect and the
/// cookie) and from the hydrated form (the client follows the redirect).
#[server(endpoint = "sign_in")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(realm = ?realm)))]
pub async fn sign_in(
    realm: Realm,
    login: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::{authz, model::input};
    let result = async {
        let state = authz::state()?;
        let login = input::SignInName::parse(&login)?;
        if password.len() > input::PASSWORD_MAX_BYTES {
            return Err(AppError::invalid("password", crate::error::Rule::SignIn));
        }
        let addr = authz::client_addr();
        crate::session::sign_in(&state, realm, login.as_str(), password, &addr).await
    }
    .await;
    match result {
        Ok(crate::session::SignedIn::Session(token)) => {
            crate::session::set_cookie(realm, &token);
            leptos_axum::redirect(&input::safe_next(next.as_deref(), realm.home_path()));
            Ok(())
        }
        Ok(crate::session::SignedIn::Challenge(token)) => {
            // A second factor is due (crate::second_factor): the code page, then where it was going.
            crate::session::set_challenge_cookie(Some(&token));
            let next = input::safe_next(next.as_deref(), realm.home_path());
            leptos_axum::redirect(&format!(
                "/login/second-factor?next={}",
                input::url_encode(&next)
            ));
            Ok(())
        }
        Err(e) => {
            // Without JS the browser needs a page to land on that shows the error and keeps the login typed.
            if crate::session::is_plain_form_post() {
                let failed = if e.status() == 429 { "wait" } else { "1" };
                let mut url = format!(
                    "{}?failed={failed}&login={}",
                    realm.login_path(),
                    input::url_encode(&login)
                );
                if let Some(n) = next.as_deref().filter(|n| !n.is_empty()) {
                    url.push_str(&format!("&next={}", input::url_encode(n)));
                }
                leptos_axum::redirect(&url);
                return Err(e);
            }
            crate::api::finish(Err(e))
        }
    }
}

/// A customer user sets their password with a one-time reset link (no session: the link is the proof).
#[server(endpoint = "reset_password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn reset_password(token: String, new: String, confirm: String) -> Result<(), AppError> {
    use crate::{authz, error::Rule, model::input::NewPassword};
    crate::api::finish(
        async {
            let state = authz::state()?;
            let new = NewPassword::parse("new", &new)?;
            if !new.matches(&confirm) {
                return Err(AppError::invalid("confirm", Rule::PasswordsDiffer));
            }
            crate::credentials::use_reset(&state, &token, new, &authz::client_addr()).await
        }
        .await,
    )
}

#[server(endpoint = "sign_out")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(realm = ?realm)))]
pub async fn sign_out(realm: Realm) -> Result<(), AppError> {
    let state = crate::authz::state()?;
    crate::session::sign_out(&state, realm).await?;
    leptos_axum::redirect(realm.login_path());
    Ok(())
}
