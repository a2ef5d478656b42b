//! `/tickets?…`: the ticket list every count links to. Filters show as removable chips; sorting, page size
//! and paging are links and a GET form, so all of it works without JavaScript.
use crate::components::page_data::page_data;
use crate::{
    api::tickets::ticket_list,
    components::{error_view::load_page, ticket_rows::ticket_rows},
    error::AppError,
    model::{
        dashboard::{Sort, TicketColumn, PAGE_SIZES},
        ticket_list::TicketListQuery,
        viewer::Realm,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const COLUMNS: [TicketColumn; 8] = [
    TicketColumn::Number,
    TicketColumn::Age,
    TicketColumn::Title,
    TicketColumn::State,
    TicketColumn::Queue,
    TicketColumn::Owner,
    TicketColumn::CustomerUser,
    TicketColumn::Changed,
];

#[component]
pub fn Tickets() -> impl IntoView {
    let query = use_query_map();
    let params = move || query.with(|q| TicketListQuery::from_params(|k| q.get(k)));
    let data = page_data(params, |q| async move {
        let q = q?;
        let list = ticket_list(q.clone()).await?;
        Ok::<_, AppError>((q, list))
    });
    view! {
        <Title text="Tickets — Panorama"/>
        {load_page(data, Realm::Agent, move |(q, list)| {
                let sort = q.sort();
                let chips = q
                    .chips()
                    .into_iter()
                    .map(|(key, label)| {
                        view! {
                            <li>
                                <span>{label.clone()}</span>
                                <a href=q.href(Some(key), None) aria-label=format!("Remove filter {label}")>"×"</a>
                            </li>
                        }
                    })
                    .collect_view();
                let header = |c: TicketColumn| {
                    let on = sort.column == c;
                    let next = Sort { column: c, descending: on && !sort.descending };
                    let href = TicketListQuery { sort: Some(next.key()), after: None, ..q.clone() }.href(None, None);
                    let aria = match (on, sort.descending) {
                        (false, _) => "none",
                        (true, false) => "ascending",
                        (true, true) => "descending",
                    };
                    view! {
                        <th scope="col" aria-sort=aria>
                            <a href=href>{c.label()}</a>
                        </th>
                    }
                };
                let rows = ticket_rows(&list.rows, &COLUMNS);
                let next = list
                    .more
                    .then(|| list.rows.last().map(|r| q.href(None, Some(&r.cursor))))
                    .flatten();
                let size = q.page_size.unwrap_or(25);
                let hidden = TicketListQuery { page_size: None, after: None, ..q.clone() };
                let hidden_inputs = hidden
                    .pairs(None, None)
                    .into_iter()
                    .map(|(k, v)| view! { <input type="hidden" name=k value=v/> })
                    .collect_view();
                view! {
                    <main class="page">
                        <h1>"Tickets"</h1>
                        <ul class="chips" aria-label="Active filters">{chips}</ul>
                        <p class="total" role="status">
                            <span class="count">{list.total}</span>
                            {if list.total == 1 { " ticket" } else { " tickets" }}
                        </p>
                        {if list.rows.is_empty() {
                            view! { <p class="empty">"No tickets match these filters."</p> }.into_any()
                        } else {
                            view! {
                                <table class="list">
                                    <thead>
                                        <tr>{COLUMNS.iter().map(|c| header(*c)).collect_view()}</tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }
                            .into_any()
                        }}
                        <div class="pager">
                            <a class="button" href=q.href(None, None)>"First page"</a>
                            {next.map(|n| view! { <a class="button" href=n>"Next page"</a> })}
                            <form method="get" action="/tickets" class="inline">
                                {hidden_inputs}
                                <label for="list-page-size" class="inline-label">"Rows per page"</label>
                                <select id="list-page-size" name="page_size">
                                    {PAGE_SIZES
                                        .into_iter()
                                        .map(|n| view! { <option value=n.to_string() selected=n == size>{n}</option> })
                                        .collect_view()}
                                </select>
                                <button type="submit">"Apply"</button>
                            </form>
                        </div>
                    </main>
                }
                .into_any()
            })}
    }
}
