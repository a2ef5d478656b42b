//! `/preferences`: the agent's own settings. Today their two-factor authentication and signed-in devices;
//! the administration issue adds My Queues, time zone, landing page and the rest here.
use crate::components::page_data::page_data;
use crate::{
    api::{devices::signed_in_devices, second_factor::my_second_factor},
    components::{devices::SignedInDevices, error_view::load_page, second_factor::TwoFactor},
    model::viewer::Realm,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Preferences() -> impl IntoView {
    let data = page_data(
        || (),
        |_| async {
            Ok((
                my_second_factor().await?,
                signed_in_devices(Realm::Agent).await?,
            ))
        },
    );
    view! {
        <Title text="Preferences — Panorama"/>
        {load_page(data, Realm::Agent, |(status, devices)| view! {
            <main class="page narrow">
                <h1>"Preferences"</h1>
                <TwoFactor status/>
                <SignedInDevices realm=Realm::Agent devices/>
            </main>
        })}
    }
}
