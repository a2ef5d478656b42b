//! Two-factor authentication for agents (issue 17): the key to set up (`KeySetup`, on the code page after
//! an admin's first password and on `/preferences`) and an agent's own switch (`TwoFactor`, on
//! `/preferences`).
use crate::{
    api::second_factor::{my_second_factor, set_up_second_factor, switch_second_factor},
    error::AppError,
    model::second_factor::{Setup, Status},
};
use leptos::prelude::*;

/// The key to add to an authenticator app, typed or opened as a link, and the recovery codes to keep.
#[component]
pub fn KeySetup(setup: Setup) -> impl IntoView {
    let codes = setup
        .recovery_codes
        .into_iter()
        .map(|c| view! { <li><code>{c}</code></li> })
        .collect_view();
    view! {
        <p>
            "Add this key to an authenticator app (on your phone, for example) — type it, or "
            <a href=setup.uri>"open it in the app"</a>":"
        </p>
        <label for="second-factor-key">"Key"</label>
        <input id="second-factor-key" class="secret-key" type="text" readonly value=setup.key/>
        <p id="recovery-codes-title">
            "Keep these recovery codes somewhere safe. Each lets you sign in once without the app; they are "
            "not shown again."
        </p>
        <ol class="recovery-codes" aria-labelledby="recovery-codes-title">{codes}</ol>
    }
}

/// The code field of both places: six digits from the app, or a recovery code.
#[component]
pub fn CodeField(
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] name: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label for="second-factor-code">"Authentication code"</label>
        <input
            id="second-factor-code"
            name=name
            type="text"
            autocomplete="one-time-code"
            spellcheck="false"
            required
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby="second-factor-code-error"
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
        <p class="field-error" id="second-factor-code-error">{error}</p>
    }
}

#[component]
pub fn TwoFactor(status: Status) -> impl IntoView {
    let status = RwSignal::new(status);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let said = RwSignal::new(String::new());
    // Runs a change, then shows the state as the server now has it.
    let act = move |change: Change, done: &'static str| {
        let typed = code.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match change {
                Change::SetUp => set_up_second_factor().await,
                Change::Switch(on) => switch_second_factor(on, typed).await,
            };
            if let Ok(s) = my_second_factor().await {
                status.try_set(s);
            }
            match result {
                Ok(()) => {
                    code.try_set(String::new());
                    error.try_set(None);
                    said.try_set(done.into());
                }
                Err(e) => {
                    said.try_set(String::new());
                    error.try_set(Some(e));
                }
            }
        });
    };
    let field_error =
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.field_message("code"))));
    let other_error = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.first_field().is_none())
                .map(|e| e.to_string())
        })
    };
    let body = move || {
        let s = status.get();
        let required = s.required.then_some(" Your role requires it.");
        if s.on {
            view! {
                <p>"On. " {s.recovery_codes_left} " recovery codes left." {required}</p>
                <form class="edit" on:submit=move |ev| { ev.prevent_default(); act(Change::Switch(false), "Two-factor authentication is off.") }>
                    <CodeField value=code error=field_error/>
                    <div class="form-actions"><button type="submit">"Turn off two-factor authentication"</button></div>
                </form>
            }
            .into_any()
        } else if let Some(setup) = s.setup {
            view! {
                <KeySetup setup/>
                <form class="edit" on:submit=move |ev| { ev.prevent_default(); act(Change::Switch(true), "Two-factor authentication is on.") }>
                    <CodeField value=code error=field_error/>
                    <div class="form-actions"><button type="submit">"Turn on"</button></div>
                </form>
            }
            .into_any()
        } else {
            let note = s
                .required
                .then_some(" Your role requires it: you will set it up at your next sign-in.");
            view! {
                <p>"Off." {note}</p>
                <button type="button" on:click=move |_| act(Change::SetUp, "")>"Set up two-factor authentication"</button>
            }
            .into_any()
        }
    };
    view! {
        <section aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">"Two-factor authentication"</h2>
            {body}
            <p class="error" role="alert">{other_error}</p>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}

#[derive(Clone, Copy)]
enum Change {
    SetUp,
    Switch(bool),
}
