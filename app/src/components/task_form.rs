//! The Tasks widget's form (issue 20, part 3), opened by "Add task", "Schedule a call-back", "Reminder" or
//! a task's "Edit" with the task as its seed. Part of the deferred widgets' lazy chunk: the CIC's first load
//! does not carry it.
use crate::{
    components::{
        form::{field_error, focus_first_error, Field, SelectField},
        widget::Dash,
    },
    error::AppError,
    model::task::{TaskChange, TaskForm, PRIORITIES},
};
use leptos::{ev, prelude::*};

/// The button that opened the form, where the keyboard goes back when it closes: a task's Edit, or the one
/// of "Add task", "Schedule a call-back" and "Reminder" of its kind.
pub fn opener(seed: &str) -> String {
    let form: TaskForm = serde_json::from_str(seed).unwrap_or_default();
    match (form.id, form.kind.as_str()) {
        (Some(id), _) => format!("#task-{id} button[data-act=\"form\"]"),
        (None, "call_back") => "#tasks-body .actions > button:nth-child(2)".into(),
        (None, "reminder") => "#tasks-body .actions > button:nth-child(3)".into(),
        _ => "#tasks-body .actions > button:first-child".into(),
    }
}

/// The form; `closed` runs after a save, `actions` are the widget forms' error line and buttons.
pub fn task_form<V: IntoView>(
    dash: Dash,
    html: RwSignal<Option<String>>,
    error: RwSignal<Option<AppError>>,
    busy: RwSignal<bool>,
    seed: String,
    closed: impl Fn(&str) + Copy + 'static,
    actions: impl Fn(&'static str) -> V,
) -> impl IntoView {
    let form: TaskForm = serde_json::from_str(&seed).unwrap_or_default();
    // On a CUIC, the customer user's (the list there is theirs).
    let login = super::deferred_widget::cuic_login(dash);
    // Who a task may be assigned to and whom it may be about, which the widget's markup carries once.
    let choices = |name: &str| -> Vec<(String, String)> {
        #[cfg(feature = "hydrate")]
        return document()
            .get_element_by_id("task-choices")
            .and_then(|e| e.get_attribute(name))
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = name;
            Vec::new()
        }
    };
    let (id, version, kind) = (form.id, form.version, form.kind.clone());
    let reminder = kind == "reminder";
    let [title, note, due, assignee, priority, about] = [
        form.title,
        form.note,
        form.due,
        form.assignee,
        form.priority,
        form.login,
    ]
    .map(RwSignal::new);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let form = TaskForm {
            id,
            version,
            kind: kind.clone(),
            title: title.get_untracked(),
            note: note.get_untracked(),
            due: due.get_untracked(),
            assignee: assignee.get_untracked(),
            priority: priority.get_untracked(),
            login: about.get_untracked(),
        };
        let call = crate::api::tasks::change_task(
            dash.customer_id(),
            login.clone(),
            TaskChange::Save(form),
        );
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(markup) => {
                    html.try_set(Some(markup));
                    closed("Task saved.");
                }
                Err(e) => {
                    focus_first_error(&e, "task");
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let heading = match (id.is_some(), form.kind.as_str()) {
        (true, _) => "Edit task",
        (false, "call_back") => "Schedule a call-back",
        (false, "reminder") => "Reminder",
        _ => "Add task",
    };
    let first = if reminder { "task-note" } else { "task-title" };
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || crate::components::widget::focus_by_id(first));
    #[cfg(not(feature = "hydrate"))]
    let _ = first;
    let err = move |f| field_error(error, f);
    let details = (!reminder).then(|| {
        let priorities = PRIORITIES
            .iter()
            .map(|(k, l)| (k.to_string(), l.to_string()))
            .collect();
        let mut users = vec![(String::new(), "— the company —".to_string())];
        users.extend(choices("data-users"));
        view! {
            <SelectField id="task-assignee".into() label="Assign to" value=assignee options=choices("data-agents") error=err("assignee")/>
            <SelectField id="task-priority".into() label="Priority" value=priority options=priorities error=err("priority")/>
            <SelectField id="task-login".into() label="Customer user" value=about options=users error=err("login")/>
        }
    });
    view! {
        <form class="edit" aria-label=heading on:submit=submit novalidate=true>
            {(!reminder).then(|| view! { <Field id="task-title".into() label="Title" value=title error=err("title")/> })}
            <Field id="task-note".into() label="Note" value=note rows=3 error=err("note")/>
            <Field id="task-due".into() label=if reminder { "Remind me at" } else { "Due" } kind="datetime-local" value=due error=err("due")/>
            {details}
            {actions("Save task")}
        </form>
    }
}
