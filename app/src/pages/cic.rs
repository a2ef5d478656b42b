use crate::{
    api::{customers::company_overview, session::current_viewer},
    components::{error_view::ErrorView, layout::TopBar},
    error::AppError,
    model::{input::url_encode, ticket::CompanyStatus, viewer::Realm},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The Customer Information Center of one company.
#[component]
pub fn Cic() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.with(|p| p.get("customer_id").unwrap_or_default());
    let data = Resource::new_blocking(key, |key| async move {
        let agent = current_viewer()
            .await?
            .agent
            .ok_or(AppError::Unauthorized)?;
        let overview = company_overview(key).await?;
        Ok::<_, AppError>((agent, overview))
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((agent, o)) => {
                        let c = o.company;
                        let heading = format!("Customer Information Center — {} ({})", c.name, c.customer_id);
                        view! {
                            <Title text=format!("{} — Panorama", c.name)/>
                            <TopBar realm=Realm::Agent name=agent.name/>
                            <main class="page">
                                <h1>{heading}</h1>
                                <div class="dashboard">
                                    <div class="column main"></div>
                                    <div class="column side">
                                        <CompanyStatusWidget customer_id=c.customer_id.clone() status=o.status/>
                                    </div>
                                </div>
                            </main>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e realm=Realm::Agent/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CompanyStatusWidget(customer_id: String, status: CompanyStatus) -> impl IntoView {
    let link = |filter: &str| format!("/tickets?company={}&{filter}", url_encode(&customer_id));
    let rows = [
        ("Escalated", "escalated=1", status.escalated),
        ("Open", "class=open", status.open),
        ("Closed", "class=closed", status.closed),
        ("All", "class=all", status.all),
    ];
    view! {
        <section class="widget" aria-labelledby="widget-company-status">
            <header class="widget-head">
                <h2 id="widget-company-status">"Company Status"</h2>
            </header>
            <ul class="status">
                {rows
                    .into_iter()
                    .map(|(label, filter, n)| {
                        view! {
                            <li>
                                <a href=link(filter)>
                                    <span class="label">{label}</span>
                                    " "
                                    <span class="count">{n}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
