//! Settings: which widgets are shown (a checkbox per widget, applied by "Save settings") and
//! "Reset layout". Settings itself cannot be hidden, so it has no checkbox.
use crate::{
    components::widget::{use_dash, LayoutChange},
    model::dashboard::WidgetKind,
};
use leptos::{ev, prelude::*};

#[component]
pub fn SettingsWidget() -> impl IntoView {
    let dash = use_dash();
    let shown = move || -> Vec<(WidgetKind, bool)> {
        dash.layout.with(|l| {
            dash.board()
                .widgets()
                .iter()
                .copied()
                .filter(|k| k.closable())
                .map(|k| (k, l.iter().any(|p| p.kind == k && p.visible)))
                .collect()
        })
    };
    // The boxes are a draft until saved; a close (x) elsewhere resets the draft to what is shown.
    let draft = RwSignal::new(shown());
    Effect::new(move |_| draft.set(shown()));
    let save = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        dash.change(LayoutChange::Show(draft.get_untracked()));
        dash.announcement.set("Settings saved.".into());
    };
    let boxes = dash
        .board()
        .widgets()
        .iter()
        .copied()
        .filter(|k| k.closable())
        .map(|k| {
            let id = format!("show-{}", k.key());
            view! {
                <span class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        prop:checked=move || draft.with(|d| d.iter().any(|(w, v)| *w == k && *v))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| d.iter_mut().filter(|(w, _)| *w == k).for_each(|(_, v)| *v = on));
                        }
                    />
                    <label for=id>{k.title()}</label>
                </span>
            }
        })
        .collect_view();
    view! {
        <form class="settings" on:submit=save>
            <fieldset>
                <legend>"Show widgets"</legend>
                {boxes}
            </fieldset>
            <div class="form-actions">
                <button type="submit">"Save settings"</button>
                <button type="button" class="secondary" on:click=move |_| dash.change(LayoutChange::Reset)>"Reset layout"</button>
            </div>
        </form>
    }
}
