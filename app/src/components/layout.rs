use crate::{api::session::SignOut, model::viewer::Realm};
use leptos::prelude::*;
use leptos_router::components::A;

/// The bar on every signed-in page: product name, who is signed in, and Sign out (a real form POST).
#[component]
pub fn TopBar(realm: Realm, #[prop(into)] name: String) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let home = realm.home_path();
    let realm_value = format!("{realm:?}");
    view! {
        <header class="topbar">
            <A href=home attr:class="brand">"Panorama"</A>
            <span class="who">{name}</span>
            <ActionForm action=sign_out attr:class="inline">
                <input type="hidden" name="realm" value=realm_value/>
                <button type="submit">"Sign out"</button>
            </ActionForm>
        </header>
    }
}
