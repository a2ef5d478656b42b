//! The customer portal: My requests and Company requests (lists render without JS, filters and paging are
//! links), a request with its conversation, reply and cancel, a new request, and the account page.
use crate::{
    api::{
        portal::{
            cancel_request, change_password, create_request, portal_requests, reply_request,
            request_detail, request_form_options,
        },
        session::current_viewer,
    },
    components::{error_view::ErrorView, layout::TopBar, time, widget::focus_by_id},
    error::AppError,
    model::{
        input::url_encode,
        portal::{RequestClass, RequestList},
        viewer::{ContactViewer, Realm},
    },
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

pub async fn contact() -> Result<ContactViewer, AppError> {
    current_viewer()
        .await?
        .contact
        .ok_or(AppError::Unauthorized)
}

/// The portal's navigation, under the top bar (Colleagues only for organization admins).
#[component]
pub fn PortalNav(current: &'static str, #[prop(default = false)] admin: bool) -> impl IntoView {
    let mut links = vec![
        ("requests", "/portal", "Requests"),
        ("new", "/portal/requests/new", "New request"),
        ("account", "/portal/account", "My account"),
    ];
    if admin {
        links.push(("colleagues", "/portal/colleagues", "Colleagues"));
    }
    view! {
        <nav class="portal-nav" aria-label="Portal">
            {links
                .into_iter()
                .map(|(key, href, label)| {
                    view! {
                        <a href=href aria-current=(key == current).then_some("page")>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// `/portal?scope=mine|company&company=…&class=open|closed|all&after=…`
#[component]
pub fn PortalHome() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                q.get("scope").unwrap_or_else(|| "mine".into()),
                q.get("company"),
                q.get("class").unwrap_or_else(|| "open".into()),
                q.get("order").filter(|o| o == "oldest"),
                q.get("after"),
            )
        })
    };
    let data = Resource::new_blocking(params, |(scope, company, class, order, after)| async move {
        let me = contact().await?;
        let oldest = order.is_some();
        let list = portal_requests(scope.clone(), company, class.clone(), order, after).await?;
        Ok::<_, AppError>((me, scope, class, oldest, list))
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, scope, class, oldest, list)) => {
                        let company_scope = scope == "company";
                        let heading = if company_scope { "Company requests" } else { "My requests" };
                        view! {
                            <Title text=format!("{heading} — Panorama portal")/>
                            <TopBar realm=Realm::Contact name=me.name.clone() impersonator=me.impersonator.clone()/>
                            <main class="page">
                                <PortalNav current="requests" admin=me.org_admin/>
                                <h1>{heading}</h1>
                                <Requests list class company_scope oldest/>
                            </main>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e realm=Realm::Contact/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Requests(list: RequestList, class: String, company_scope: bool, oldest: bool) -> impl IntoView {
    let class = RequestClass::from_key(&class).unwrap_or_default();
    let company = list.company.as_ref().map(|c| c.customer_id.clone());
    let href = |scope: &str, company: Option<&str>, class: RequestClass| {
        let mut h = format!("/portal?scope={scope}&class={}", class.key());
        if let Some(c) = company {
            h.push_str(&format!("&company={}", url_encode(c)));
        }
        h
    };
    let scope = if company_scope { "company" } else { "mine" };
    let scopes = {
        let mut v = vec![(
            "My requests",
            href("mine", None, RequestClass::Open),
            !company_scope,
        )];
        if !list.companies.is_empty() {
            v.push((
                "Company requests",
                href("company", None, RequestClass::Open),
                company_scope,
            ));
        }
        v
    };
    let classes = RequestClass::ALL
        .into_iter()
        .map(|c| {
            let n = list.counts.get(c);
            let current = c == class;
            view! {
                <a href=href(scope, company.as_deref(), c) aria-current=current.then_some("page") class="filter">
                    {c.label()}
                    " "
                    <span class="count">{n}</span>
                </a>
            }
        })
        .collect_view();
    let company_filter = (company_scope && list.companies.len() > 1).then(|| {
        let options = list
            .companies
            .iter()
            .map(|c| {
                let selected = Some(&c.customer_id) == company.as_ref();
                view! { <option value=c.customer_id.clone() selected=selected>{c.name.clone()}</option> }
            })
            .collect_view();
        view! {
            <form method="get" action="/portal" class="company-filter">
                <input type="hidden" name="scope" value="company"/>
                <input type="hidden" name="class" value=class.key()/>
                <label for="company">"Company"</label>
                <select id="company" name="company">{options}</select>
                <button type="submit">"Show"</button>
            </form>
        }
    });
    let shown = list
        .company
        .as_ref()
        .map(|c| view! { <p class="meta">{format!("Requests of {}", c.name)}</p> });
    let now = list.now;
    // The header flips the order and starts again at the first page.
    let sort_href = format!(
        "{}{}",
        href(scope, company.as_deref(), class),
        if oldest { "" } else { "&order=oldest" }
    );
    let table = if list.rows.is_empty() {
        view! { <p class="empty">{format!("No {} requests.", class.label().to_lowercase())}</p> }
            .into_any()
    } else {
        let rows = list
            .rows
            .into_iter()
            .map(|r| {
                view! {
                    <tr>
                        <td>
                            <a href=format!("/portal/requests/{}", r.id.0)>{r.number}</a>
                        </td>
                        <td>{r.title}</td>
                        {company_scope.then(|| view! { <td>{r.requester}</td> })}
                        <td>{r.state}</td>
                        <td>
                            <time datetime=r.changed_at.to_rfc3339() title=time::absolute(r.changed_at)>
                                {time::age(r.changed_at, now)}
                            </time>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Title"</th>
                        {company_scope.then(|| view! { <th scope="col">"Raised by"</th> })}
                        <th scope="col">"State"</th>
                        <th scope="col" aria-sort=if oldest { "ascending" } else { "descending" }>
                            <a href=sort_href.clone()>
                                "Last change"
                                <span aria-hidden="true">{if oldest { " ▲" } else { " ▼" }}</span>
                            </a>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let order = if oldest { "&order=oldest" } else { "" };
    let first = format!("{}{order}", href(scope, company.as_deref(), class));
    let next = list
        .next
        .map(|n| format!("{first}&after={}", url_encode(&n)));
    view! {
        <nav class="scopes" aria-label="Whose requests">
            {scopes
                .into_iter()
                .map(|(label, h, current)| view! { <a href=h aria-current=current.then_some("page")>{label}</a> })
                .collect_view()}
        </nav>
        {company_filter}
        {shown}
        <nav class="filters" aria-label="Filter by state">{classes}</nav>
        {table}
        <div class="pager">
            <a class="button" href=first>"First page"</a>
            {next.map(|n| view! { <a class="button" href=n>"Next page"</a> })}
        </div>
    }
}

/// One request, its public conversation, reply and cancel.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new_blocking(id, |id| async move {
        let me = contact().await?;
        let detail = request_detail(id).await?;
        Ok::<_, AppError>((me, detail))
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, d)) => {
                        let now = d.now;
                        let id = d.request.id.0.to_string();
                        view! {
                            <Title text=format!("{} — Panorama portal", d.request.title)/>
                            <TopBar realm=Realm::Contact name=me.name.clone() impersonator=me.impersonator.clone()/>
                            <main class="page narrow">
                                <PortalNav current="requests" admin=me.org_admin/>
                                <h1>{d.request.title.clone()}</h1>
                                <p class="meta">
                                    {format!("Request {} · {} · raised by {}", d.request.number, d.request.state, d.request.requester)}
                                </p>
                                <ol class="conversation">
                                    {d
                                        .articles
                                        .into_iter()
                                        .map(|a| {
                                            view! {
                                                <li class:customer=a.from_customer>
                                                    <p class="meta">
                                                        {a.author}
                                                        " · "
                                                        <time datetime=a.created_at.to_rfc3339()>{time::age(a.created_at, now)}</time>
                                                    </p>
                                                    <p class="body">{a.body}</p>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                                {d.open.then(|| view! { <ReplyForm id=id.clone()/> })}
                                {d.may_cancel.then(|| view! { <CancelRequest id=id.clone()/> })}
                            </main>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e realm=Realm::Contact/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReplyForm(id: String) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let send = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let (id, text) = (id.clone(), body.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match reply_request(id, text).await {
                Ok(()) => crate::components::form::reload_page(),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    let message = move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_message("body").unwrap_or_else(|| e.to_string()))
        })
    };
    view! {
        <form class="edit" on:submit=send>
            <label for="reply">"Reply"</label>
            <textarea
                id="reply"
                rows="5"
                aria-invalid=move || message().is_some().to_string()
                aria-describedby="reply-error"
                prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))
            ></textarea>
            <p class="field-error" id="reply-error" role="alert">{message}</p>
            <div class="form-actions">
                <button type="submit" disabled=move || busy.get()>"Send reply"</button>
            </div>
        </form>
    }
}

#[component]
fn CancelRequest(id: String) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let cancel = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match cancel_request(id).await {
                Ok(()) => crate::components::form::reload_page(),
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
    };
    view! {
        <div class="form-actions">
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <button type="button" class="secondary" on:click=move |_| confirming.set(true)>
                            "Cancel request"
                        </button>
                    }
                }
            >
                <p>"Cancel this request? It will be closed as cancelled."</p>
                <button type="button" on:click=cancel.clone()>"Yes, cancel request"</button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Keep request"</button>
            </Show>
        </div>
        <p class="error" role="alert">{move || error.get()}</p>
    }
}

/// `/portal/requests/new`
#[component]
pub fn NewRequest() -> impl IntoView {
    let data = Resource::new_blocking(
        || (),
        |_| async move {
            let me = contact().await?;
            let choices = request_form_options().await?;
            Ok::<_, AppError>((me, choices))
        },
    );
    view! {
        <Title text="New request — Panorama portal"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, choices)) => view! {
                        <TopBar realm=Realm::Contact name=me.name.clone() impersonator=me.impersonator.clone()/>
                        <main class="page narrow">
                            <PortalNav current="new" admin=me.org_admin/>
                            <h1>"New request"</h1>
                            <NewRequestForm choices/>
                        </main>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e realm=Realm::Contact/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewRequestForm(choices: crate::model::portal::RequestChoices) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let queue = RwSignal::new(
        choices
            .queues
            .first()
            .map(|q| q.id.to_string())
            .unwrap_or_default(),
    );
    let priority = RwSignal::new("3".to_string());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let navigate = navigate.clone();
        let args = (
            title.get_untracked(),
            body.get_untracked(),
            queue.get_untracked(),
            priority.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            match create_request(args.0, args.1, args.2, args.3).await {
                Ok(id) => navigate(&format!("/portal/requests/{}", id.0), Default::default()),
                Err(e) => {
                    let first = match &e {
                        AppError::Fields(l) => l.first().map(|(f, _)| format!("request-{f}")),
                        AppError::Validation { field, .. } => Some(format!("request-{field}")),
                        _ => None,
                    };
                    error.try_set(Some(e));
                    busy.try_set(false);
                    if let Some(id) = first {
                        request_animation_frame(move || focus_by_id(&id));
                    }
                }
            }
        });
    };
    let msg =
        move |f: &'static str| move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
    let invalid = move |f: &'static str| {
        move || {
            error
                .with(|e| e.as_ref().and_then(|e| e.field_message(f)).is_some())
                .to_string()
        }
    };
    let select =
        |id: &'static str, sig: RwSignal<String>, list: Vec<crate::model::portal::Choice>| {
            let options = list
                .into_iter()
                .map(|c| {
                    let v = c.id.to_string();
                    let selected = {
                        let v = v.clone();
                        move || sig.get() == v
                    };
                    view! { <option value=v selected=selected>{c.name}</option> }
                })
                .collect_view();
            view! {
                <select id=id on:change=move |ev| sig.set(event_target_value(&ev))>
                    {options}
                </select>
            }
        };
    view! {
        <form class="edit" on:submit=submit novalidate=true>
            <label for="request-title">"Title"</label>
            <input
                type="text"
                id="request-title"
                aria-invalid=invalid("title")
                aria-describedby="request-title-error"
                prop:value=move || title.get()
                on:input=move |ev| title.set(event_target_value(&ev))
            />
            <p class="field-error" id="request-title-error">{msg("title")}</p>
            <label for="request-body">"Description"</label>
            <textarea
                id="request-body"
                rows="6"
                aria-invalid=invalid("body")
                aria-describedby="request-body-error"
                prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))
            ></textarea>
            <p class="field-error" id="request-body-error">{msg("body")}</p>
            <label for="request-queue">"Queue"</label>
            {select("request-queue", queue, choices.queues)}
            <p class="field-error">{msg("queue")}</p>
            <label for="request-priority">"Priority"</label>
            {select("request-priority", priority, choices.priorities)}
            <p class="field-error">{msg("priority")}</p>
            <p class="error" role="alert">{move || error.with(|e| e.as_ref().map(|e| e.to_string()))}</p>
            <div class="form-actions">
                <button type="submit" disabled=move || busy.get()>"Create request"</button>
            </div>
        </form>
    }
}

/// `/portal/account`: change password.
#[component]
pub fn Account() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| contact());
    view! {
        <Title text="My account — Panorama portal"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(me) => view! {
                        <TopBar realm=Realm::Contact name=me.name.clone() impersonator=me.impersonator.clone()/>
                        <main class="page narrow">
                            <PortalNav current="account" admin=me.org_admin/>
                            <h1>"My account"</h1>
                            <PasswordForm/>
                        </main>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e realm=Realm::Contact/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let fields = [
        ("current", "Current password"),
        ("new", "New password"),
        ("confirm", "Repeat new password"),
    ];
    let values = fields.map(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let [c, n, r] = values.map(|v| v.get_untracked());
        leptos::task::spawn_local(async move {
            match change_password(c, n, r).await {
                Ok(()) => {
                    values.iter().for_each(|v| {
                        v.try_set(String::new());
                    });
                    error.try_set(None);
                    done.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(e));
                    done.try_set(false);
                }
            }
        });
    };
    let inputs = fields
        .into_iter()
        .zip(values)
        .map(|((f, label), v)| {
            let id = format!("password-{f}");
            let err_id = format!("password-{f}-error");
            let msg = move || error.with(|e| e.as_ref().and_then(|e| e.field_message(f)));
            view! {
                <label for=id.clone()>{label}</label>
                <input
                    type="password"
                    id=id
                    autocomplete=if f == "current" { "current-password" } else { "new-password" }
                    aria-invalid=move || msg().is_some().to_string()
                    aria-describedby=err_id.clone()
                    prop:value=move || v.get()
                    on:input=move |ev| v.set(event_target_value(&ev))
                />
                <p class="field-error" id=err_id>{msg}</p>
            }
        })
        .collect_view();
    view! {
        <form class="edit" on:submit=submit>
            {inputs}
            <p role="status">{move || done.get().then_some("Your password was changed.")}</p>
            <div class="form-actions">
                <button type="submit">"Change password"</button>
            </div>
        </form>
    }
}
