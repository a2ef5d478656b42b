//! `/audit`: the audit log for admin agents, filtered by company, user, event and date range, newest first.
//! The filter is a GET form, so it works without JavaScript; paging is a link.
use crate::components::page_data::page_data;
use crate::{
    api::admin::audit_log,
    components::error_view::load_page,
    error::AppError,
    model::{
        audit::{event_label, AuditFilter, EVENTS},
        input::url_encode,
        viewer::Realm,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Audit() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            (
                AuditFilter {
                    company: get("company"),
                    user: get("user"),
                    event: get("event"),
                    from: get("from"),
                    to: get("to"),
                },
                q.get("before").and_then(|b| b.parse::<i64>().ok()),
            )
        })
    };
    let data = page_data(params, |(filter, before)| async move {
        let f = filter.clone();
        let page = audit_log(f.company, f.user, f.event, f.from, f.to, before).await?;
        Ok::<_, AppError>((filter, page))
    });
    view! {
        <Title text="Audit log — Panorama"/>
        {load_page(data, Realm::Agent, move |(f, page)| {
                let next = page.next.map(|n| {
                    format!(
                        "/audit?company={}&user={}&event={}&from={}&to={}&before={n}",
                        url_encode(&f.company),
                        url_encode(&f.user),
                        url_encode(&f.event),
                        url_encode(&f.from),
                        url_encode(&f.to),
                    )
                });
                let rows = page
                    .rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr>
                                <td>{r.at}</td>
                                <td>{event_label(&r.event).to_string()}</td>
                                <td>{r.actor}</td>
                                <td>{r.company}</td>
                                <td>{r.target}</td>
                                <td>{r.client_addr}</td>
                                <td class="detail">{r.detail}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let event = f.event.clone();
                view! {
                    <main class="page">
                        <h1>"Audit log"</h1>
                        <form method="get" action="/audit" class="audit-filter">
                            <span>
                                <label for="audit-company">"Company"</label>
                                <input type="text" id="audit-company" name="company" value=f.company/>
                            </span>
                            <span>
                                <label for="audit-user">"User"</label>
                                <input type="text" id="audit-user" name="user" value=f.user/>
                            </span>
                            <span>
                                <label for="audit-event">"Event"</label>
                                <select id="audit-event" name="event">
                                    <option value="">"All events"</option>
                                    {EVENTS
                                        .iter()
                                        .map(|(k, l)| view! { <option value=*k selected=event == *k>{*l}</option> })
                                        .collect_view()}
                                </select>
                            </span>
                            <span>
                                <label for="audit-from">"From"</label>
                                <input type="date" id="audit-from" name="from" value=f.from/>
                            </span>
                            <span>
                                <label for="audit-to">"To"</label>
                                <input type="date" id="audit-to" name="to" value=f.to/>
                            </span>
                            <button type="submit">"Filter"</button>
                        </form>
                        <table class="list">
                            <thead>
                                <tr>
                                    <th scope="col">"When"</th>
                                    <th scope="col">"Event"</th>
                                    <th scope="col">"By"</th>
                                    <th scope="col">"Company"</th>
                                    <th scope="col">"Concerning"</th>
                                    <th scope="col">"Address"</th>
                                    <th scope="col">"Detail"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <div class="pager">
                            {next.map(|n| view! { <a class="button" href=n>"Next page"</a> })}
                        </div>
                    </main>
                }
                .into_any()
            })}
    }
}
