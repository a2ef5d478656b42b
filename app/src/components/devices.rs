//! "Signed-in devices": the caller's live sessions with where and when each signed in, a Sign out for
//! each other one and for all others at once. On the portal's My account and the agent's Preferences.
use crate::{
    api::devices::{end_devices, signed_in_devices},
    model::{device::Device, viewer::Realm},
};
use leptos::prelude::*;

#[component]
pub fn SignedInDevices(realm: Realm, devices: Vec<Device>) -> impl IntoView {
    let list = RwSignal::new(devices);
    let status = RwSignal::new(String::new());
    // Ends one session (`Some(id)`) or all others, then shows the list as the server now has it.
    let end = move |id: Option<i64>, what: String| {
        leptos::task::spawn_local(async move {
            let done = end_devices(realm, id.map(|i| i.to_string())).await;
            let fresh = signed_in_devices(realm).await;
            if let Ok(d) = fresh {
                list.try_set(d);
            }
            status.try_set(match done {
                Ok(()) => format!("Signed out {what}."),
                Err(e) => format!("Not signed out: {e}"),
            });
        });
    };
    let rows = move || {
        list.get()
            .into_iter()
            .map(|d| {
                let action = if d.current {
                    view! { <td>"This device"</td> }.into_any()
                } else {
                    let label = format!("Sign out {}, signed in {}", d.browser, d.signed_in);
                    let what = d.browser.clone();
                    view! {
                        <td>
                            <button type="button" aria-label=label on:click=move |_| end(Some(d.id), what.clone())>
                                "Sign out"
                            </button>
                        </td>
                    }
                    .into_any()
                };
                view! {
                    <tr>
                        <td>{d.browser}</td>
                        <td>{d.addr}</td>
                        <td>{d.signed_in}</td>
                        <td>{d.last_active}</td>
                        {action}
                    </tr>
                }
            })
            .collect_view()
    };
    let others = move || list.with(|l| l.iter().any(|d| !d.current));
    view! {
        <section aria-labelledby="devices-title">
            <h2 id="devices-title">"Signed-in devices"</h2>
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">"Device"</th>
                        <th scope="col">"Address"</th>
                        <th scope="col">"Signed in"</th>
                        <th scope="col">"Last active"</th>
                        <th scope="col">"Action"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <Show when=others>
                <button type="button" on:click=move |_| end(None, "every other device".into())>
                    "Sign out all other devices"
                </button>
            </Show>
            <p role="status">{move || status.get()}</p>
        </section>
    }
}
