//! `/preferences`: the agent's own settings. Today their signed-in devices; the administration issue adds
//! My Queues, time zone, landing page and the rest here.
use crate::components::page_data::page_data;
use crate::{
    api::devices::signed_in_devices,
    components::{devices::SignedInDevices, error_view::load_page},
    model::viewer::Realm,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Preferences() -> impl IntoView {
    let devices = page_data(|| (), |_| signed_in_devices(Realm::Agent));
    view! {
        <Title text="Preferences — Panorama"/>
        {load_page(devices, Realm::Agent, |devices| view! {
            <main class="page narrow">
                <h1>"Preferences"</h1>
                <SignedInDevices realm=Realm::Agent devices/>
            </main>
        })}
    }
}
