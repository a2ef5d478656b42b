//! `/customer-users/<login>[?view=accessible]`: the Customer User Information Center — the CIC's dashboard
//! for one customer user, with its own saved layout. The switch between the tickets assigned to the user
//! and all they may see is a pair of links, so it works without JavaScript and has a stable URL.
use crate::components::page_data::page_data;
use crate::{
    api::cuic::cuic_page,
    components::{
        alert_banner::AlertBanner,
        deferred_widget,
        error_view::load_page,
        layout::signed_in,
        settings_widget::SettingsWidget,
        ticket_widget::first_paint_ticket_widget,
        widget::{Announcer, Dash, DashboardColumns, Widget},
    },
    model::{
        cic::CuicData,
        customer::{CompanyLink, CustomerUserInfo},
        dashboard::{Scope, WidgetKind},
        input::url_encode,
        permission::Action,
        viewer::Realm,
        widgets::FirstPaint,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn Cuic() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        (
            params.with(|p| p.get("login").unwrap_or_default()),
            query.with(|q| q.get("view").as_deref() == Some("accessible")),
        )
    };
    let data = page_data(key, |(login, accessible)| cuic_page(login, accessible));
    view! {
        {load_page(data, Realm::Agent, move |d| view! { <CuicDashboard data=d/> }.into_any())}
    }
}

#[component]
fn CuicDashboard(data: CuicData) -> impl IntoView {
    let CuicData {
        user,
        company,
        alerts,
        companies,
        accessible,
        layout,
        counts,
        tickets,
        deferred,
    } = data;
    let name = user.name();
    let login = user.login.clone();
    let scope = Scope::CustomerUser {
        login: login.clone(),
        accessible,
    };
    let dash = Dash::new(layout.clone(), counts, company, scope);
    provide_context(dash);
    let tickets = StoredValue::new(tickets);
    let first_prefs = StoredValue::new(layout);
    let user = StoredValue::new(user);
    let companies = StoredValue::new(companies);
    let deferred = StoredValue::new(deferred);
    let render = move |kind: WidgetKind| {
        let mut count = None;
        let body = match kind {
            WidgetKind::CustomerUserInformation => {
                view! { <UserInfo user=user.get_value() company=dash.customer_id()/> }.into_any()
            }
            WidgetKind::CustomerCompanies => {
                view! { <Companies links=companies.get_value()/> }.into_any()
            }
            WidgetKind::Settings => view! { <SettingsWidget/> }.into_any(),
            k if k.spec().first_paint == FirstPaint::Deferred => {
                let (body, title_count) = deferred_widget::from_page(k, dash, deferred);
                count = title_count;
                body
            }
            k => first_paint_ticket_widget(k, dash, first_prefs, tickets),
        };
        view! { <Widget kind count>{body}</Widget> }.into_any()
    };
    let base = format!("/customer-users/{}", url_encode(&login));
    let switch = [
        (false, "Assigned to this customer user", base.clone()),
        (
            true,
            "Accessible to this customer user",
            format!("{base}?view=accessible"),
        ),
    ]
    .into_iter()
    .map(|(on, label, href)| {
        view! {
            <a href=href aria-current=(on == accessible).then_some("page")>{label}</a>
        }
    })
    .collect_view();
    view! {
        <Title text=format!("{name} ({login}) — Panorama")/>
        <main class="page">
            <h1>{format!("Customer User Information Center — {name} ({login})")}</h1>
            <AlertBanner alerts=RwSignal::new(alerts)/>
            <nav class="scopes" aria-label="Which tickets">{switch}</nav>
            <Announcer/>
            <DashboardColumns render/>
        </main>
    }
}

#[component]
fn UserInfo(user: CustomerUserInfo, company: String) -> impl IntoView {
    let login = url_encode(&user.login);
    // What the agent's role may do with this user.
    let me = signed_in();
    view! {
        <dl class="fields">
            <dt>"Name"</dt><dd>{user.name()}</dd>
            <dt>"Login"</dt><dd>{user.login.clone()}</dd>
            <dt>"Email"</dt><dd>{user.email.clone()}</dd>
            <dt>"Phone"</dt><dd>{user.phone.clone()}</dd>
            <dt>"Title"</dt><dd>{user.title.clone()}</dd>
            <dt>"Status"</dt><dd>{if user.active { "active" } else { "inactive" }}</dd>
        </dl>
        <p class="actions">
            {me.may(Action::EditCustomerUsers).then(|| view! {
                <a href=format!("/customer-users/{login}/edit")>"Edit customer user"</a>
                " "
            })}
            {me.may(Action::WorkTickets).then(|| view! {
                <a href=format!("/tickets/new?type=phone&company={}&customer_user={login}", url_encode(&company))>"New ticket"</a>
            })}
        </p>
    }
}

#[component]
fn Companies(links: Vec<CompanyLink>) -> impl IntoView {
    let rows = links
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let perms: Vec<&str> = [
                (l.may_view_org, "views organization requests"),
                (l.may_cancel_org, "cancels organization requests"),
                (l.org_admin, "organization admin"),
            ]
            .into_iter()
            .filter_map(|(on, t)| on.then_some(t))
            .collect();
            view! {
                <li>
                    <a href=format!("/customers/{}", url_encode(&l.customer_id))>{format!("{} ({})", l.company, l.customer_id)}</a>
                    {(i == 0).then_some(" — primary")}
                    {(!perms.is_empty()).then(|| format!(" · {}", perms.join(", ")))}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain">{rows}</ul> }
}
