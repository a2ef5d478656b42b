//! A ticket widget (Reminder / Escalated / New / Open Tickets): filter tabs with counts, a table with the
//! agent's columns and sort, page size, and keyset paging. Every change is one server call that also saves
//! the choice and brings fresh counts for the whole page.
use crate::{
    api::dashboard::ticket_widget,
    components::{
        pager::{PagerButtons, Pages},
        ticket_rows::ticket_rows,
        widget::{focus_by_id, use_dash},
    },
    model::{
        dashboard::{Sort, TicketColumn, TicketTab, WidgetPrefs, PAGE_SIZES},
        ticket_widget::{Cursor, TicketPage, TicketWidgetRequest},
    },
};
use leptos::{ev, prelude::*};

#[component]
pub fn TicketWidget(prefs: WidgetPrefs, initial: Option<TicketPage>) -> impl IntoView {
    let dash = use_dash();
    let kind = prefs.kind;
    let tab = RwSignal::new(prefs.tab);
    let sort = RwSignal::new(prefs.sort);
    let page_size = RwSignal::new(prefs.page_size);
    let columns = RwSignal::new(prefs.columns.clone());
    let needs_load = initial.is_none();
    let page = RwSignal::new(initial);
    let pages = Pages::<Cursor>::new();
    let error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u64);

    let load = move |after: Option<Cursor>| {
        generation.update_value(|g| *g += 1);
        let g = generation.get_value();
        let req = TicketWidgetRequest {
            scope: dash.scope.get_untracked(),
            widget: kind,
            tab: tab.get_untracked(),
            sort: sort.get_untracked(),
            page_size: page_size.get_untracked(),
            columns: columns.get_untracked(),
            after: after.clone(),
        };
        leptos::task::spawn_local(async move {
            let result = fetch_ticket_page(req).await;
            // A newer request is on its way, or the page was left: nothing to show.
            if generation.try_get_value() != Some(g) {
                return;
            }
            match result {
                Ok(data) => {
                    pages.shown(after);
                    page.try_set(Some(data.page));
                    dash.counts.try_set(data.counts);
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
    };
    let restart = move || {
        pages.reset();
        load(None);
    };
    if needs_load {
        // Shown again after being closed: its rows were not part of the page.
        Effect::new(move |_| load(None));
    }

    let tab_id = move |t: TicketTab| format!("{}-tab-{}", kind.key(), t.key());
    let panel_id = format!("{}-panel", kind.key());
    let tabs = TicketTab::ALL
        .into_iter()
        .map(|t| {
            let selected = move || tab.get() == t;
            let count = move || dash.counts.with(|c| c.tab(kind).get(t));
            view! {
                <button
                    type="button"
                    role="tab"
                    id=tab_id(t)
                    aria-selected=move || selected().to_string()
                    aria-controls=panel_id.clone()
                    tabindex=move || if selected() { "0" } else { "-1" }
                    class:selected=selected
                    on:click=move |_| {
                        tab.set(t);
                        restart();
                    }
                    on:keydown=move |ev: ev::KeyboardEvent| {
                        let i = TicketTab::ALL.iter().position(|x| *x == t).unwrap_or(0);
                        let next = match ev.key().as_str() {
                            "ArrowRight" => TicketTab::ALL[(i + 1) % 3],
                            "ArrowLeft" => TicketTab::ALL[(i + 2) % 3],
                            _ => return,
                        };
                        ev.prevent_default();
                        tab.set(next);
                        restart();
                        let id = format!("{}-tab-{}", kind.key(), next.key());
                        request_animation_frame(move || focus_by_id(&id));
                    }
                >
                    {t.label()}
                    " "
                    <span class="count">{count}</span>
                </button>
            }
        })
        .collect_view();

    let header = move |c: TicketColumn| {
        let state = move || {
            let s = sort.get();
            if s.column != c {
                "none"
            } else if s.descending {
                "descending"
            } else {
                "ascending"
            }
        };
        view! {
            <th scope="col" aria-sort=state>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| {
                        let s = sort.get_untracked();
                        let descending = s.column == c && !s.descending;
                        sort.set(Sort { column: c, descending });
                        restart();
                    }
                >
                    {c.label()}
                    <span aria-hidden="true">
                        {move || match state() {
                            "ascending" => " ▲",
                            "descending" => " ▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };

    let table = move || {
        let Some(p) = page.get() else {
            return view! { <p class="empty">"Loading…"</p> }.into_any();
        };
        if p.rows.is_empty() {
            return view! { <p class="empty">{format!("No tickets in {}.", tab.get().label())}</p> }.into_any();
        }
        let cols = columns.get();
        let rows = ticket_rows(&p.rows, &cols);
        view! {
            <table class="list">
                <thead>
                    <tr>{cols.iter().map(|c| header(*c)).collect_view()}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };

    let more = move || page.with(|p| p.as_ref().is_some_and(|p| p.more));
    let next = move || {
        let last = page.with_untracked(|p| {
            p.as_ref()
                .and_then(|p| p.rows.last().map(|r| r.cursor.clone()))
        });
        if let Some(after) = last.and_then(|c| pages.forward(c)) {
            load(Some(after));
        }
    };
    let previous = move || {
        if let Some(after) = pages.back() {
            load(after);
        }
    };

    // The options are rendered when first opened: closed, they were a quarter of the CIC's elements, built
    // on every page view by the server and walked again by hydration, for a panel agents rarely open.
    let options_open = RwSignal::new(false);
    let details = NodeRef::<leptos::html::Details>::new();
    let on_toggle = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(d) = details.get_untracked() {
            options_open.set(d.open());
        }
    };
    let on_columns = Callback::new(move |()| load(pages.current()));
    let on_size = Callback::new(move |()| restart());
    let options = move || {
        options_open.get().then(|| {
            Suspend::new(async move {
                widget_options(kind, columns, page_size, on_columns, on_size).await
            })
        })
    };

    view! {
        <div role="tablist" aria-label=format!("{} filter", kind.title()) class="tabs">
            {tabs}
        </div>
        <div role="tabpanel" id=format!("{}-panel", kind.key()) aria-labelledby=move || tab_id(tab.get())>
            <p class="error" role="alert">{move || error.get()}</p>
            {table}
            <PagerButtons at_start=Signal::derive(move || pages.at_start()) more=Signal::derive(more) on_previous=previous on_next=next/>
            <details class="options" node_ref=details on:toggle=on_toggle>
                <summary>"Options"</summary>
                {crate::components::lazy_view::lazy_view(options)}
            </details>
        </div>
    }
}

/// A ticket widget's options: which columns it shows and how many rows a page has. A lazy function: its code
/// is a wasm chunk of its own, fetched when an agent first opens the options (`cargo leptos --split`).
#[lazy]
fn widget_options(
    kind: crate::model::dashboard::WidgetKind,
    columns: RwSignal<Vec<TicketColumn>>,
    page_size: RwSignal<u8>,
    on_columns: Callback<()>,
    on_size: Callback<()>,
) -> AnyView {
    let checks = TicketColumn::ALL
        .into_iter()
        .map(|c| {
            let id = format!("{}-col-{}", kind.key(), c.key());
            view! {
                <span class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        prop:checked=move || columns.with(|cs| cs.contains(&c))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            columns.update(|cs| {
                                if on && !cs.contains(&c) {
                                    let order = |x: &TicketColumn| TicketColumn::ALL.iter().position(|y| y == x);
                                    cs.push(c);
                                    cs.sort_by_key(order);
                                } else if !on && cs.len() > 1 {
                                    cs.retain(|x| *x != c);
                                }
                            });
                            on_columns.run(());
                        }
                    />
                    <label for=id>{c.label()}</label>
                </span>
            }
        })
        .collect_view();
    let size_id = format!("{}-page-size", kind.key());
    view! {
        <fieldset>
            <legend>"Columns"</legend>
            {checks}
        </fieldset>
        <label for=size_id.clone()>"Rows per page"</label>
        <select
            id=size_id
            on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse::<u8>() {
                    page_size.set(n);
                    on_size.run(());
                }
            }
        >
            {PAGE_SIZES
                .into_iter()
                .map(|n| view! { <option value=n.to_string() selected=move || page_size.get() == n>{n}</option> })
                .collect_view()}
        </select>
    }
    .into_any()
}

/// A dashboard's ticket widget, handed its first page from the page's one server call when that call
/// brought it (a widget shown later loads its own).
pub fn first_paint_ticket_widget(
    kind: crate::model::dashboard::WidgetKind,
    dash: crate::components::widget::Dash,
    first_prefs: StoredValue<Vec<WidgetPrefs>>,
    tickets: StoredValue<Vec<(crate::model::dashboard::WidgetKind, TicketPage)>>,
) -> AnyView {
    let prefs = dash
        .layout
        .with_untracked(|l| l.iter().find(|p| p.kind == kind).cloned())
        .or_else(|| first_prefs.with_value(|l| l.iter().find(|p| p.kind == kind).cloned()))
        .unwrap_or_else(|| WidgetPrefs::default_for(kind));
    let initial = tickets
        .try_update_value(|t| {
            t.iter()
                .position(|(w, _)| *w == kind)
                .map(|i| t.remove(i).1)
        })
        .flatten();
    view! { <TicketWidget prefs initial/> }.into_any()
}

/// A ticket widget's next page, tab, sort or size: the call is a lazy chunk of the wasm (the first paint
/// has its rows already).
#[lazy]
async fn fetch_ticket_page(
    req: TicketWidgetRequest,
) -> Result<crate::model::cic::TicketWidgetData, crate::error::AppError> {
    ticket_widget(req).await
}
