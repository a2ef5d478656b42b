//! A dashboard widget's frame and the dashboard state every widget shares: the agent's layout (order and
//! visibility), drag and drop by the header, keyboard moves with an announcement, close, and saving.
use crate::{
    api::dashboard::{reset_layout, save_layout},
    model::{
        cic::Counts,
        customer::Company,
        dashboard::{Board, Scope, WidgetKind, WidgetPrefs},
        layout::{drop_widget, move_widget},
    },
};
use leptos::{ev, prelude::*};

/// Shared by the widgets of one dashboard page (provided as context).
#[derive(Clone, Copy)]
pub struct Dash {
    pub layout: RwSignal<Vec<WidgetPrefs>>,
    pub counts: RwSignal<Counts>,
    /// The company shown (for a CUIC: the customer user's primary company).
    pub company: RwSignal<Company>,
    /// Whose tickets the ticket widgets show; also names the dashboard (CIC or CUIC).
    pub scope: RwSignal<Scope>,
    dragging: RwSignal<Option<WidgetKind>>,
    drop_at: RwSignal<Option<(WidgetKind, bool)>>,
    /// Read by a polite live region: what a keyboard move or a save did.
    pub announcement: RwSignal<String>,
    /// Bumped by "Reset layout": every widget is rendered afresh with default settings.
    pub epoch: RwSignal<u32>,
}

impl Dash {
    pub fn new(layout: Vec<WidgetPrefs>, counts: Counts, company: Company, scope: Scope) -> Self {
        Dash {
            layout: RwSignal::new(layout),
            counts: RwSignal::new(counts),
            company: RwSignal::new(company),
            scope: RwSignal::new(scope),
            dragging: RwSignal::new(None),
            drop_at: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            epoch: RwSignal::new(0),
        }
    }

    pub fn board(self) -> Board {
        self.scope.with_untracked(|s| s.board())
    }

    pub fn customer_id(self) -> String {
        self.company.with_untracked(|c| c.customer_id.clone())
    }

    /// Moves, closes, shows or resets widgets: the change is applied by a lazy chunk of the wasm (fetched on
    /// the first one), so the dashboard's first load carries only the buttons that ask for it.
    pub fn change(self, change: LayoutChange) {
        leptos::task::spawn_local(apply_layout_change(self, change));
    }

    /// Dropping on a widget below the dragged one puts it after that widget, above it before.
    fn lands_after(self, kind: WidgetKind, target: WidgetKind) -> bool {
        self.layout.with_untracked(|l| {
            let at = |k| l.iter().position(|p: &WidgetPrefs| p.kind == k);
            at(kind) < at(target)
        })
    }
}

/// What an agent did to the layout (see [`Dash::change`]).
pub enum LayoutChange {
    /// The move-up (`true`) or move-down button, with the keyboard or a pointer.
    Move(WidgetKind, bool),
    Close(WidgetKind),
    /// The dragged widget dropped on another one, after it when `true`.
    Drop(WidgetKind, WidgetKind, bool),
    /// The Settings widget's choices.
    Show(Vec<(WidgetKind, bool)>),
    /// Back to the defaults: order, visibility and every widget's tab, sort, columns and page size.
    Reset,
}

#[lazy]
async fn apply_layout_change(dash: Dash, change: LayoutChange) {
    let position_of = |kind: WidgetKind| {
        dash.layout.with_untracked(|l| {
            let col: Vec<_> = l
                .iter()
                .filter(|p| p.visible && p.kind.column() == kind.column())
                .collect();
            let at = col.iter().position(|p| p.kind == kind).unwrap_or(0);
            (at + 1, col.len())
        })
    };
    let announce = |text: String| dash.announcement.set(text);
    match change {
        LayoutChange::Move(kind, up) => {
            let mut moved = false;
            dash.layout.update(|l| moved = move_widget(l, kind, up));
            let (pos, of) = position_of(kind);
            if !moved {
                let end = if up { "first" } else { "last" };
                return announce(format!(
                    "{} is already {end} (position {pos} of {of}).",
                    kind.title()
                ));
            }
            announce(format!("{} moved to position {pos} of {of}.", kind.title()));
            // The frame's DOM node moved; keep the keyboard where it was.
            let id = format!(
                "{}-{}",
                if up { "move-up" } else { "move-down" },
                kind.key()
            );
            request_animation_frame(move || focus_by_id(&id));
        }
        LayoutChange::Drop(kind, target, after) => {
            let mut moved = false;
            dash.layout
                .update(|l| moved = drop_widget(l, kind, target, after));
            if !moved {
                return;
            }
            let (pos, of) = position_of(kind);
            announce(format!("{} moved to position {pos} of {of}.", kind.title()));
        }
        LayoutChange::Close(kind) => {
            dash.layout.update(|l| {
                if let Some(p) = l.iter_mut().find(|p| p.kind == kind && kind.closable()) {
                    p.visible = false;
                }
            });
            announce(format!(
                "{} closed. Show it again in Settings.",
                kind.title()
            ));
        }
        LayoutChange::Show(shown) => dash.layout.update(|l| {
            for p in l.iter_mut() {
                if let Some((_, v)) = shown.iter().find(|(k, _)| *k == p.kind) {
                    p.visible = *v || !p.kind.closable();
                }
            }
        }),
        LayoutChange::Reset => {
            let defaults = dash.board().widgets().into_iter();
            dash.layout
                .set(defaults.map(WidgetPrefs::default_for).collect());
            dash.epoch.update(|e| *e += 1);
            announce("Layout reset to the default.".into());
            if let Err(e) = reset_layout(dash.board()).await {
                announce(format!("The layout could not be reset: {e}"));
            }
            return;
        }
    }
    // Order and visibility are saved at once; a failure is announced, the screen keeps what the agent did.
    let layout: Vec<_> = dash
        .layout
        .with_untracked(|l| l.iter().map(|p| (p.kind, p.visible)).collect());
    if let Err(e) = save_layout(dash.board(), layout).await {
        announce(format!("The layout could not be saved: {e}"));
    }
}

pub fn focus_by_id(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(id) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

pub fn use_dash() -> Dash {
    expect_context::<Dash>()
}

/// The frame: a region named by its title; the header is the drag handle and holds the move and close
/// buttons. Widgets only move within their own column.
#[component]
pub fn Widget(
    kind: WidgetKind,
    /// After the title, e.g. " (3)" for Files: a deferred widget's markup states it (`data-count`). Deferred
    /// widgets have the place for it (filled later when the markup comes later); no other has.
    #[prop(optional_no_strip)]
    count: Option<String>,
    children: Children,
) -> impl IntoView {
    let dash = use_dash();
    let title_id = format!("widget-title-{}", kind.key());
    let labelled_by = title_id.clone();
    let is_drop = move |after: bool| dash.drop_at.get() == Some((kind, after));
    let on_dragstart = move |ev: ev::DragEvent| {
        // Firefox starts a drag only with data set.
        #[cfg(feature = "hydrate")]
        if let Some(dt) = ev.data_transfer() {
            let _ = dt.set_data("text/plain", kind.title());
            dt.set_effect_allowed("move");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
        dash.dragging.set(Some(kind));
    };
    let on_dragover = move |ev: ev::DragEvent| {
        let Some(from) = dash.dragging.get_untracked() else {
            return;
        };
        if from == kind || from.column() != kind.column() {
            return;
        }
        ev.prevent_default();
        let after = dash.lands_after(from, kind);
        if dash.drop_at.get_untracked() != Some((kind, after)) {
            dash.drop_at.set(Some((kind, after)));
        }
    };
    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        if let Some(from) = dash.dragging.get_untracked() {
            let after = dash.lands_after(from, kind);
            dash.change(LayoutChange::Drop(from, kind, after));
        }
        dash.dragging.set(None);
        dash.drop_at.set(None);
    };
    let on_dragend = move |_: ev::DragEvent| {
        dash.dragging.set(None);
        dash.drop_at.set(None);
    };
    let title = kind.title();
    view! {
        <section
            class="widget"
            id=format!("widget-{}", kind.key())
            aria-labelledby=labelled_by
            class:dragging=move || dash.dragging.get() == Some(kind)
            class:drop-before=move || is_drop(false)
            class:drop-after=move || is_drop(true)
            on:dragover=on_dragover
            on:drop=on_drop
        >
            <header class="widget-head" draggable="true" on:dragstart=on_dragstart on:dragend=on_dragend>
                <span class="grip" aria-hidden="true">"⠿"</span>
                <h2 id=title_id>
                    {title}
                    {(kind.spec().first_paint == crate::model::widgets::FirstPaint::Deferred)
                        .then(|| view! { <span id=format!("widget-count-{}", kind.key())>{count}</span> })}
                </h2>
                <span class="widget-actions">
                    <button
                        type="button"
                        class="icon"
                        id=format!("move-up-{}", kind.key())
                        aria-label="Move up"
                        title="Move up"
                        on:click=move |_| dash.change(LayoutChange::Move(kind, true))
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="icon"
                        id=format!("move-down-{}", kind.key())
                        aria-label="Move down"
                        title="Move down"
                        on:click=move |_| dash.change(LayoutChange::Move(kind, false))
                    >
                        "↓"
                    </button>
                    {kind
                        .closable()
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="icon"
                                    aria-label=format!("Close {title}")
                                    title=format!("Close {title}")
                                    on:click=move |_| dash.change(LayoutChange::Close(kind))
                                >
                                    "×"
                                </button>
                            }
                        })}
                </span>
            </header>
            <div class="widget-body">{children()}</div>
        </section>
    }
}

/// The polite live region that reads out moves, closes and save failures.
#[component]
pub fn Announcer() -> impl IntoView {
    let dash = use_dash();
    view! { <p class="visually-hidden" role="status" aria-live="polite">{move || dash.announcement.get()}</p> }
}

/// The two columns of a dashboard, each listing its visible widgets in the agent's order. Keyed by kind
/// and reset epoch: a move keeps a widget's state, a reset renders it afresh.
#[component]
pub fn DashboardColumns<R>(render: R) -> impl IntoView
where
    R: Fn(WidgetKind) -> AnyView + Clone + Send + Sync + 'static,
{
    use crate::model::dashboard::Column;
    let dash = use_dash();
    let column = move |col: Column| {
        move || {
            let epoch = dash.epoch.get();
            dash.layout.with(|l| {
                l.iter()
                    .filter(|p| p.visible && p.kind.column() == col)
                    .map(|p| (p.kind, epoch))
                    .collect::<Vec<_>>()
            })
        }
    };
    let side = render.clone();
    view! {
        <div class="dashboard">
            <div class="column main">
                <For each=column(Column::Main) key=|k| *k let:((kind, _epoch))>
                    {render(kind)}
                </For>
            </div>
            <div class="column side">
                <For each=column(Column::Side) key=|k| *k let:((kind, _epoch))>
                    {side(kind)}
                </For>
            </div>
        </div>
    }
}
