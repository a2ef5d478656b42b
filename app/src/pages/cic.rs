//! The Customer Information Center of one company: a dashboard of widgets in two columns, in the order and
//! visibility the agent chose. The whole first paint comes from one server function (rendered on the
//! server, carried into hydration); later changes fetch only what changed.
use crate::{
    api::dashboard::{cic_page, CicData},
    components::{
        company_info::CompanyInfoWidget,
        company_status::CompanyStatusWidget,
        customer_users_widget::CustomerUsersWidget,
        error_view::ErrorView,
        layout::TopBar,
        settings_widget::SettingsWidget,
        ticket_widget::TicketWidget,
        widget::{Announcer, Dash, Widget},
    },
    model::{
        dashboard::{Column, WidgetKind},
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
    let data = Resource::new_blocking(key, cic_page);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Dashboard data=d/> }.into_any(),
                    Err(e) => view! { <ErrorView error=e realm=Realm::Agent/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(data: CicData) -> impl IntoView {
    let CicData {
        agent_name,
        agent_is_admin,
        company,
        layout,
        counts,
        tickets,
        users,
        users_page_size,
    } = data;
    let title = format!("{} — Panorama", company.name);
    let dash = Dash::new(layout.clone(), counts, company);
    provide_context(dash);
    // First-paint data, handed to each widget when it is first rendered; a widget shown later loads its own.
    let tickets = StoredValue::new(tickets);
    let users = StoredValue::new(Some(users));
    let first_prefs = StoredValue::new(layout);

    let render = move |kind: WidgetKind| {
        let body = match kind {
            WidgetKind::CustomerUsers => {
                let initial = users.try_update_value(|u| u.take()).flatten();
                view! { <CustomerUsersWidget initial page_size=users_page_size admin=agent_is_admin/> }.into_any()
            }
            WidgetKind::CompanyStatus => view! { <CompanyStatusWidget/> }.into_any(),
            WidgetKind::CustomerInformation => view! { <CompanyInfoWidget/> }.into_any(),
            WidgetKind::Settings => view! { <SettingsWidget/> }.into_any(),
            k => {
                let prefs = dash
                    .layout
                    .with_untracked(|l| l.iter().find(|p| p.kind == k).cloned())
                    .or_else(|| first_prefs.with_value(|l| l.iter().find(|p| p.kind == k).cloned()))
                    .unwrap_or_else(|| crate::model::dashboard::WidgetPrefs::default_for(k));
                let initial = tickets
                    .try_update_value(|t| {
                        t.iter().position(|(w, _)| *w == k).map(|i| t.remove(i).1)
                    })
                    .flatten();
                view! { <TicketWidget prefs initial/> }.into_any()
            }
        };
        view! { <Widget kind>{body}</Widget> }
    };
    // Keyed by kind and reset epoch: a move keeps a widget's state, a reset renders it afresh.
    let column = move |col: Column| {
        move || {
            let epoch = dash.epoch.get();
            dash.layout.with(|l| {
                l.iter()
                    .filter(|p| p.visible && p.kind.column() == col)
                    .map(|p| (p.kind, epoch))
                    .collect::<Vec<_>>()
            })
        }
    };
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
        <TopBar realm=Realm::Agent name=agent_name admin=agent_is_admin/>
        <main class="page">
            <h1>{heading}</h1>
            <Announcer/>
            <div class="dashboard">
                <div class="column main">
                    <For each=column(Column::Main) key=|k| *k let:((kind, _epoch))>
                        {render(kind)}
                    </For>
                </div>
                <div class="column side">
                    <For each=column(Column::Side) key=|k| *k let:((kind, _epoch))>
                        {render(kind)}
                    </For>
                </div>
            </div>
        </main>
    }
}
