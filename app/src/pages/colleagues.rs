//! `/portal/colleagues`: an organization admin grants or revokes the two organization permissions of the
//! colleagues of each company they administer. Each change is saved at once (and audited).
use crate::components::page_data::page_data;
use crate::{
    api::admin::{colleagues, set_colleague_permissions},
    components::error_view::load_page,
    model::{colleagues::AdministeredCompany, viewer::Realm},
    pages::portal::PortalNav,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Colleagues() -> impl IntoView {
    let data = page_data(|| (), |_| colleagues());
    view! {
        <Title text="Colleagues — Panorama portal"/>
        {load_page(data, Realm::Contact, move |companies| view! {
                <main class="page">
                    <PortalNav current="colleagues"/>
                    <h1>"Colleagues"</h1>
                    {companies.into_iter().map(|c| view! { <CompanyColleagues company=c/> }).collect_view()}
                </main>
            }
            .into_any())}
    }
}

#[component]
fn CompanyColleagues(company: AdministeredCompany) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let heading_id = format!("company-{}", company.customer_id);
    let labelled_by = heading_id.clone();
    let customer_id = company.customer_id.clone();
    let rows = company
        .colleagues
        .into_iter()
        .map(|c| {
            let view_on = RwSignal::new(c.may_view_org);
            let cancel_on = RwSignal::new(c.may_cancel_org);
            let (company_key, login, name) = (customer_id.clone(), c.login.clone(), c.name.clone());
            let save = move || {
                let (company_key, login, name) = (company_key.clone(), login.clone(), name.clone());
                let (v, k) = (view_on.get_untracked(), cancel_on.get_untracked());
                leptos::task::spawn_local(async move {
                    match set_colleague_permissions(company_key, login, v, k).await {
                        Ok(()) => {
                            status.try_set(format!("Saved the permissions of {name}."));
                        }
                        Err(e) => {
                            status.try_set(format!("Not saved: {e}"));
                        }
                    }
                });
            };
            let save2 = save.clone();
            let disabled = c.is_me;
            view! {
                <tr>
                    <td>{c.name.clone()}</td>
                    <td>{c.login.clone()}</td>
                    <td>
                        <input
                            type="checkbox"
                            aria-label=format!("May view organization requests: {}", c.name)
                            disabled=disabled
                            prop:checked=move || view_on.get()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                view_on.set(on);
                                if !on {
                                    cancel_on.set(false);
                                }
                                save();
                            }
                        />
                    </td>
                    <td>
                        <input
                            type="checkbox"
                            aria-label=format!("May cancel organization requests: {}", c.name)
                            disabled=disabled
                            prop:checked=move || cancel_on.get()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                cancel_on.set(on);
                                if on {
                                    view_on.set(true);
                                }
                                save2();
                            }
                        />
                    </td>
                    <td>{if c.org_admin { "Yes" } else { "No" }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=heading_id>{format!("{} ({})", company.name, company.customer_id)}</h2>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Login"</th>
                        <th scope="col">"May view organization requests"</th>
                        <th scope="col">"May cancel organization requests"</th>
                        <th scope="col">"Organization admin"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p role="status">{move || status.get()}</p>
        </section>
    }
}
