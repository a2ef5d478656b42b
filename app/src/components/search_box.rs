//! The customer search: an ARIA combobox whose results are options of a listbox. Without JS it is a GET
//! form whose results the server renders; hydrated, results appear as you type (debounced, latest wins).
use crate::{api::customers::search_customers, model::customer::SearchResults};
use leptos::{ev, prelude::*};
use leptos_router::hooks::use_navigate;
use std::time::Duration;

fn hint(query: &str, results: Option<&SearchResults>) -> Option<&'static str> {
    if query.trim() != "**"
        && query
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '*')
            .count()
            < 2
    {
        return (!query.is_empty()).then_some("Type at least 2 characters.");
    }
    match results {
        Some(r) if r.hits.is_empty() => Some("No results."),
        _ => None,
    }
}

#[component]
pub fn SearchBox(
    #[prop(into)] initial_query: String,
    initial: Option<SearchResults>,
    page: u32,
    /// The input's id; the listbox and options derive theirs from it (the dialog has its own copy).
    #[prop(default = "customer-search")]
    id: &'static str,
) -> impl IntoView {
    let listbox_id = format!("{id}-results");
    let (query, set_query) = signal(initial_query);
    let (results, set_results) = signal(initial);
    let (page, set_page) = signal(page);
    let (active, set_active) = signal(None::<usize>);
    // Bumped on every keystroke: a response that is not for the latest query is dropped.
    let generation = StoredValue::new(0u64);

    let run = move |q: String, p: u32, append: bool| {
        generation.update_value(|g| *g += 1);
        let g = generation.get_value();
        let delay = if append { 0 } else { 200 };
        set_timeout(
            move || {
                // The page may have been left meanwhile: a disposed value means nothing to do.
                if generation.try_get_value() != Some(g) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let r = search_customers(q, p).await.ok();
                    if generation.try_get_value() != Some(g) {
                        return;
                    }
                    match (append, r) {
                        (true, Some(mut more)) => set_results.update(|cur| {
                            if let Some(cur) = cur {
                                cur.hits.append(&mut more.hits);
                                cur.more = more.more;
                            }
                        }),
                        (_, r) => {
                            set_results.set(r);
                            set_active.set(None);
                        }
                    }
                    set_page.set(p);
                });
            },
            Duration::from_millis(delay),
        );
    };

    let on_input = move |ev: ev::Event| {
        let q = event_target_value(&ev);
        set_query.set(q.clone());
        if hint(&q, None).is_some() {
            generation.update_value(|g| *g += 1);
            set_results.set(None);
            return;
        }
        run(q, 0, false);
    };

    let navigate = use_navigate();
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let len = results.with(|r| r.as_ref().map_or(0, |r| r.hits.len()));
        match ev.key().as_str() {
            "ArrowDown" if len > 0 => {
                ev.prevent_default();
                set_active.update(|a| *a = Some(a.map_or(0, |i| (i + 1).min(len - 1))));
            }
            "ArrowUp" if len > 0 => {
                ev.prevent_default();
                set_active.update(|a| *a = Some(a.map_or(0, |i| i.saturating_sub(1))));
            }
            "Enter" => {
                let href = active
                    .get()
                    .and_then(|i| results.with(|r| r.as_ref()?.hits.get(i).map(|h| h.href())));
                if let Some(href) = href {
                    ev.prevent_default();
                    navigate(&href, Default::default());
                }
            }
            "Escape" => set_active.set(None),
            _ => {}
        }
    };

    let expanded = move || {
        results
            .with(|r| r.as_ref().is_some_and(|r| !r.hits.is_empty()))
            .to_string()
    };
    let active_id = move || active.get().map(|i| format!("{id}-option-{i}"));
    let more_href = move || {
        format!(
            "/?q={}&page={}",
            crate::model::input::url_encode(&query.get()),
            page.get() + 1
        )
    };

    view! {
        <form method="get" action="/" role="search" class="search" on:submit=|ev| ev.prevent_default()>
            <label for=id>"Search customers"</label>
            <input
                id=id
                name="q"
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls=listbox_id.clone()
                aria-expanded=expanded
                aria-activedescendant=active_id
                placeholder="Company, customer ID, login, email or name (* wildcard, ** all)"
                // The attribute for the server's render (a search without JavaScript keeps its text), the
                // property for what is typed after.
                value=query.get_untracked()
                prop:value=move || query.get()
                on:input=on_input
                on:keydown=on_keydown
            />
            <noscript><button type="submit">"Search"</button></noscript>
        </form>
        <p role="status" class="hint">{move || results.with(|r| hint(&query.get(), r.as_ref()))}</p>
        <div id=listbox_id role="listbox" aria-label="Search results" class="results">
            {move || {
                results.get().map(|r| {
                    r.hits
                        .into_iter()
                        .enumerate()
                        .map(|(i, hit)| {
                            let selected = move || active.get() == Some(i);
                            let kind = match hit {
                                crate::model::customer::SearchHit::Company { .. } => "Company",
                                _ => "Customer user",
                            };
                            view! {
                                <a
                                    role="option"
                                    id=format!("{id}-option-{i}")
                                    href=hit.href()
                                    class:active=selected
                                    aria-selected=move || selected().to_string()
                                >
                                    {hit.label()}
                                    <span class="kind">{format!(" — {kind}")}</span>
                                </a>
                            }
                        })
                        .collect_view()
                })
            }}
        </div>
        <Show when=move || results.with(|r| r.as_ref().is_some_and(|r| r.more))>
            <a
                class="more"
                href=more_href
                on:click=move |ev| {
                    ev.prevent_default();
                    run(query.get_untracked(), page.get_untracked() + 1, true);
                }
            >
                "Show more results"
            </a>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::hint;

    #[test]
    fn hints_are_for_short_queries_and_empty_results() {
        assert_eq!(hint("", None), None);
        assert_eq!(hint("a", None), Some("Type at least 2 characters."));
        assert_eq!(hint("*", None), Some("Type at least 2 characters."));
        assert_eq!(hint("**", None), None);
        let empty = crate::model::customer::SearchResults {
            hits: vec![],
            more: false,
        };
        assert_eq!(hint("zz", Some(&empty)), Some("No results."));
    }
}
