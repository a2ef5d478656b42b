//! `/tickets/<number>`: one ticket with its fields, due times and articles (rendered on the server, so it
//! reads without JavaScript), and its actions: add an article, change state/queue/priority/owner/SLA,
//! lock/unlock. The form pieces both ticket forms use (choices, pending-until) are here too.
use crate::components::page_data::page_data;
use crate::{
    api::ticket::{change_ticket, ticket_page},
    components::{
        alert_banner::AlertBanner,
        error_view::load_page,
        form::{field_error, focus_first_error, form_error, Field, Saves, SelectField},
        layout::signed_in,
    },
    error::AppError,
    model::{
        input::url_encode,
        permission::Action,
        ticket_edit::{ArticleKind, Choice, StateChoice, TicketChange, TicketView},
        viewer::Realm,
    },
};
use leptos::{ev, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub(super) fn options(list: &[Choice]) -> Vec<(String, String)> {
    list.iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

pub(super) fn state_options(list: &[StateChoice]) -> Vec<(String, String)> {
    list.iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

pub(super) fn is_pending(states: &[StateChoice], id: &str) -> bool {
    states.iter().any(|s| s.pending && s.id.to_string() == id)
}

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let saves = Saves::default();
    let data = page_data(move || (number(), saves.version()), |(n, _)| ticket_page(n));
    view! {
        {load_page(data, Realm::Agent, move |t| view! { <TicketView t saves/> }.into_any())}
    }
}

#[component]
fn TicketView(t: TicketView, saves: Saves) -> impl IntoView {
    // A read-only agent reads the ticket; the forms are not offered (the server refuses them too).
    let works = signed_in().may(Action::WorkTickets);
    let at = Shown {
        number: t.number.clone(),
        version: t.version,
        saves,
    };
    let customer = t.customer_login.clone().map(|login| {
        view! { <a href=format!("/customer-users/{}", url_encode(&login))>{format!("{} ({login})", t.customer_name)}</a> }
    });
    let lock_label = if t.locked { "locked" } else { "unlocked" };
    let due = t
        .due
        .iter()
        .map(|d| {
            view! {
                <li class:breached=d.breached>
                    <strong>{format!("{} due: ", d.label)}</strong>
                    {format!("{} ({})", d.at, d.relative)}
                </li>
            }
        })
        .collect_view();
    let articles = t
        .articles
        .iter()
        .cloned()
        .map(|a| {
            view! {
                <li class:internal=a.internal class:customer=a.from_customer>
                    <p class="meta">
                        <strong>{a.kind.clone()}</strong>
                        {a.internal.then_some(" (internal — not visible to the customer)")}
                        {format!(" · {} · {} ({})", a.author, a.created, a.age)}
                    </p>
                    <p class="body">{a.body}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{} — Ticket {} — Panorama", t.title, t.number)/>
        <main class="page">
            <h1>{format!("Ticket {} — {}", t.number, t.title)}</h1>
            <AlertBanner alerts=RwSignal::new(t.alerts.clone())/>
            {t.escalated.then(|| view! { <p class="badge danger">"Escalated"</p> })}
            <div class="ticket">
                <section class="panel" aria-labelledby="ticket-fields">
                    <h2 id="ticket-fields">"Ticket information"</h2>
                    <dl class="fields">
                        <dt>"State"</dt><dd>{t.state.clone()}</dd>
                        <dt>"Queue"</dt>
                        <dd><a href=format!("/tickets?queue={}&class=open", url_encode(&t.queue)) aria-label=format!("{} (open tickets in this queue)", t.queue)>{t.queue.clone()}</a></dd>
                        <dt>"Priority"</dt><dd>{t.priority.clone()}</dd>
                        <dt>"Lock"</dt><dd>{lock_label}</dd>
                        <dt>"Owner"</dt>
                        <dd><a href=format!("/tickets?owner={}&class=open", url_encode(&t.owner)) aria-label=format!("{} (open tickets of this owner)", t.owner)>{t.owner.clone()}</a></dd>
                        <dt>"Responsible"</dt><dd>{t.responsible.clone()}</dd>
                        <dt>"Customer"</dt>
                        <dd><a href=format!("/customers/{}", url_encode(&t.customer_id))>{format!("{} ({})", t.company, t.customer_id)}</a></dd>
                        <dt>"Customer user"</dt><dd>{customer}</dd>
                        <dt>"SLA"</dt><dd>{t.sla.clone()}</dd>
                        {t.contract.clone().map(|k| view! {
                            <dt>"Contract"</dt>
                            <dd>
                                <a href=format!("/contracts/{}", url_encode(&k))>{k.clone()}</a>
                                {(!t.covered).then(|| view! { " " <span class="badge cancelled">"Not covered"</span> })}
                                {(!t.contract_item.is_empty()).then(|| format!(" · {}", t.contract_item))}
                            </dd>
                        })}
                        <dt>"Created"</dt><dd>{format!("{} ({})", t.created, t.age)}</dd>
                        <dt>"Changed"</dt><dd>{t.changed.clone()}</dd>
                        <dt>"Pending until"</dt><dd>{t.pending_until.clone()}</dd>
                    </dl>
                    <h3>"Escalation"</h3>
                    {if t.due.is_empty() {
                        view! { <p class="empty">"No due times: this ticket does not escalate in its state."</p> }.into_any()
                    } else {
                        view! { <ul class="due">{due}</ul> }.into_any()
                    }}
                    {works.then(|| view! { <LockButton at=at.clone() locked=t.locked/> })}
                </section>
                <section class="panel" aria-labelledby="ticket-articles">
                    <h2 id="ticket-articles">"Articles"</h2>
                    <ol class="conversation">{articles}</ol>
                </section>
                {works.then(|| view! {
                    <ArticleForm at=at.clone()/>
                    <ChangeForm t=t.clone() at=at.clone()/>
                })}
            </div>
        </main>
    }
}

/// The ticket a form changes: its number, the version the page shows, and the page's refetch.
#[derive(Clone)]
struct Shown {
    number: String,
    version: i32,
    saves: Saves,
}

/// Runs one change of the ticket and shows the saved ticket, or shows why it was refused (what was typed
/// stays).
fn send(
    at: &Shown,
    change: TicketChange,
    error: RwSignal<Option<AppError>>,
    busy: RwSignal<bool>,
    prefix: &'static str,
) {
    busy.set(true);
    let Shown {
        number,
        version,
        saves,
    } = at.clone();
    leptos::task::spawn_local(async move {
        match change_ticket(number, version, change).await {
            Ok(_) => saves.saved(),
            Err(e) => {
                focus_first_error(&e, prefix);
                error.try_set(Some(e));
                busy.try_set(false);
            }
        }
    });
}

#[component]
fn LockButton(at: Shown, locked: bool) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let click = move |_| {
        let change = if locked {
            TicketChange::Unlock
        } else {
            TicketChange::Lock
        };
        send(&at, change, error, busy, "lock");
    };
    view! {
        <div class="form-actions">
            <button type="button" class="secondary" on:click=click disabled=move || busy.get()>
                {if locked { "Unlock" } else { "Lock" }}
            </button>
        </div>
        <p class="error" role="alert">{form_error(error)}</p>
    }
}

#[component]
fn ArticleForm(at: Shown) -> impl IntoView {
    let kind = RwSignal::new("0".to_string());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let k = kind
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| ArticleKind::AGENT.get(i).copied())
            .unwrap_or(ArticleKind::InternalNote);
        let change = TicketChange::Article {
            kind: k,
            body: body.get_untracked(),
        };
        send(&at, change, error, busy, "article");
    };
    let kinds = ArticleKind::AGENT
        .iter()
        .enumerate()
        .map(|(i, k)| (i.to_string(), k.label().to_string()))
        .collect();
    view! {
        <section class="panel" aria-labelledby="add-article">
            <h2 id="add-article">"Add article"</h2>
            <form class="edit" on:submit=submit novalidate=true>
                <SelectField id="article-kind".into() label="Kind" value=kind options=kinds error=field_error(error, "kind")/>
                <Field id="article-body".into() label="Text" value=body rows=6 error=field_error(error, "body")/>
                <p class="meta">"A reply is recorded as an email to the customer user; no mail is sent in this version."</p>
                <p class="error" role="alert">{form_error(error)}</p>
                <div class="form-actions">
                    <button type="submit" disabled=move || busy.get()>"Add article"</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn ChangeForm(t: TicketView, at: Shown) -> impl IntoView {
    let state = RwSignal::new(t.state_id.to_string());
    let queue = RwSignal::new(t.queue_id.to_string());
    let priority = RwSignal::new(t.priority_id.to_string());
    let owner = RwSignal::new(t.owner_id.to_string());
    let sla = RwSignal::new(t.sla_id.map(|s| s.to_string()).unwrap_or_default());
    let pending = RwSignal::new(t.pending_until_input.clone());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let states = StoredValue::new(t.choices.states.clone());
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let num = |s: RwSignal<String>| s.get_untracked().parse::<i64>().unwrap_or(0);
        let change = TicketChange::Fields {
            state_id: num(state),
            queue_id: num(queue),
            priority_id: num(priority),
            owner_id: num(owner),
            sla_id: sla.get_untracked().parse::<i64>().ok(),
            pending_until: pending.get_untracked(),
        };
        send(&at, change, error, busy, "change");
    };
    let mut slas = vec![(String::new(), "No SLA".to_string())];
    slas.extend(options(&t.choices.slas));
    let pending_shown = move || states.with_value(|s| is_pending(s, &state.get()));
    view! {
        <section class="panel" aria-labelledby="change-ticket">
            <h2 id="change-ticket">"Change ticket"</h2>
            <form class="edit" on:submit=submit novalidate=true>
                <SelectField id="change-state_id".into() label="State" value=state options=state_options(&t.choices.states) error=field_error(error, "state_id")/>
                <PendingUntil prefix="change" zone=t.zone.clone() value=pending error shown=Signal::derive(pending_shown)/>
                <SelectField id="change-queue_id".into() label="Queue" value=queue options=options(&t.choices.queues) error=field_error(error, "queue_id")/>
                <SelectField id="change-priority_id".into() label="Priority" value=priority options=options(&t.choices.priorities) error=field_error(error, "priority_id")/>
                <SelectField id="change-owner_id".into() label="Owner" value=owner options=options(&t.choices.agents) error=field_error(error, "owner_id")/>
                <SelectField id="change-sla_id".into() label="SLA" value=sla options=slas error=field_error(error, "sla_id")/>
                <p class="error" role="alert">{form_error(error)}</p>
                <div class="form-actions">
                    <button type="submit" disabled=move || busy.get()>"Save changes"</button>
                </div>
            </form>
        </section>
    }
}

/// The "pending until" time of a pending state, in the agent's zone; shown only for pending states.
#[component]
pub(super) fn PendingUntil(
    prefix: &'static str,
    zone: String,
    value: RwSignal<String>,
    error: RwSignal<Option<AppError>>,
    shown: Signal<bool>,
) -> impl IntoView {
    let id = format!("{prefix}-pending_until");
    let err_id = format!("{id}-error");
    view! {
        <div class:hidden=move || !shown.get()>
            <label for=id.clone()>{format!("Pending until ({zone})")}</label>
            <input
                type="datetime-local"
                id=id
                aria-describedby=err_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="field-error" id=err_id>{field_error(error, "pending_until")}</p>
        </div>
    }
}
