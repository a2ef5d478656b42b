//! The Customer Information Center of one company: a dashboard of widgets in two columns, in the order and
//! visibility the agent chose. The whole first paint comes from one server function (rendered on the
//! server, carried into hydration); later changes fetch only what changed.
use crate::components::page_data::page_data;
use crate::{
    api::dashboard::cic_page,
    components::{
        alert_banner::AlertBanner,
        company_info::CompanyInfoWidget,
        company_status::CompanyStatusWidget,
        customer_users_widget::CustomerUsersWidget,
        deferred_widget,
        error_view::load_page,
        layout::signed_in,
        post_alert::post_alert_form,
        settings_widget::SettingsWidget,
        ticket_widget::first_paint_ticket_widget,
        widget::{Announcer, Dash, DashboardColumns, Widget},
    },
    model::cic::CicData,
    model::{
        dashboard::{Scope, WidgetKind},
        permission::Action,
        viewer::Realm,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Cic() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.with(|p| p.get("customer_id").unwrap_or_default());
    let data = page_data(key, cic_page);
    view! {
        {load_page(data, Realm::Agent, move |d| view! { <Dashboard data=d/> }.into_any())}
    }
}

#[component]
fn Dashboard(data: CicData) -> impl IntoView {
    let CicData {
        company,
        alerts,
        layout,
        counts,
        tickets,
        users,
        users_page_size,
        users_settings,
        deferred,
        logo_error,
    } = data;
    let title = format!("{} — Panorama", company.name);
    let scope = Scope::Company(company.customer_id.clone());
    let dash = Dash::new(layout.clone(), counts, company, scope);
    provide_context(dash);
    // First-paint data, handed to each widget when it is first rendered; a widget shown later loads its own.
    let tickets = StoredValue::new(tickets);
    let users = StoredValue::new(Some(users));
    let first_prefs = StoredValue::new(layout);
    let deferred = StoredValue::new(deferred);

    let render = move |kind: WidgetKind| {
        let mut count = None;
        let body = match kind {
            WidgetKind::CustomerUsers => {
                let initial = users.try_update_value(|u| u.take()).flatten();
                view! { <CustomerUsersWidget initial page_size=users_page_size settings=users_settings/> }.into_any()
            }
            WidgetKind::CompanyStatus => view! { <CompanyStatusWidget/> }.into_any(),
            WidgetKind::CustomerInformation => {
                view! { <CompanyInfoWidget logo_error=logo_error.clone()/> }.into_any()
            }
            WidgetKind::Settings => view! { <SettingsWidget/> }.into_any(),
            k if k.spec().first_paint == crate::model::widgets::FirstPaint::Deferred => {
                let (body, title_count) = deferred_widget::from_page(k, dash, deferred);
                count = title_count;
                body
            }
            k => first_paint_ticket_widget(k, dash, first_prefs, tickets),
        };
        view! { <Widget kind count>{body}</Widget> }.into_any()
    };
    let archived = move || dash.company.with(|c| c.archived);
    let alerts = RwSignal::new(alerts);
    let posting = RwSignal::new(false);
    let heading = move || {
        dash.company.with(|c| {
            format!(
                "Customer Information Center — {} ({})",
                c.name, c.customer_id
            )
        })
    };
    view! {
        // A plain string: the document title outlives this view's signals when the agent navigates on.
        <Title text=title/>
        <main class="page">
            <div class="page-head">
                // Decorative: the heading names the company.
                <img class="logo" alt="" hidden=move || dash.company.with(|c| c.logo.is_none())
                    src=move || dash.company.with(|c| c.logo.map(|id| format!("/logos/{id}")))/>
                <h1>{heading}</h1>
                <span class="badge archived" hidden=move || !archived()>"Archived"</span>
                {signed_in().may(Action::Archive).then(|| view! {
                    <button type="button" on:click=move |_| leptos::task::spawn_local(toggle_archive(dash))>
                        {move || if archived() { "Unarchive" } else { "Archive" }}
                    </button>
                })}
                {signed_in().may(Action::PostAlerts).then(|| view! {
                    <button type="button" id="post-alert" aria-expanded=move || posting.get().to_string()
                        on:click=move |_| posting.update(|p| *p = !*p)>"Post alert"</button>
                })}
            </div>
            {crate::components::lazy_view::lazy_view(move || {
                posting.get().then(|| Suspend::new(post_alert_form(dash, alerts, posting)))
            })}
            <AlertBanner alerts/>
            <Announcer/>
            <DashboardColumns render/>
        </main>
    }
}

/// Archive or unarchive the company (issue 18): out of the search and the default Organizations list, or
/// back; its tickets, counts and portal users stay as they are. A lazy chunk of the wasm (fetched on the
/// first click): the CIC's first load carries only the button.
#[lazy]
async fn toggle_archive(dash: Dash) {
    let c = dash.company.get_untracked();
    let archive = !c.archived;
    let done =
        crate::api::organizations::set_company_archived(c.customer_id, c.version, archive).await;
    dash.announcement.try_set(match done {
        Ok(company) => {
            dash.company.try_set(company);
            if archive { "Archived." } else { "Unarchived." }.to_string()
        }
        Err(e) => e.to_string(),
    });
}
