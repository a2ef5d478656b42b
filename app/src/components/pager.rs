//! Keyset paging in a widget: "Next page" continues after the last row shown, "Previous page" goes back to
//! where the page before started. Only cursors are remembered, never offsets.
use leptos::prelude::*;

#[derive(Debug)]
pub struct Pages<C: Send + Sync + 'static> {
    /// Where each earlier page started (None = the first page).
    history: RwSignal<Vec<Option<C>>>,
    /// Where the page on screen started.
    current: RwSignal<Option<C>>,
}

impl<C: Send + Sync + 'static> Clone for Pages<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Send + Sync + 'static> Copy for Pages<C> {}

impl<C: Clone + Send + Sync + 'static> Pages<C> {
    pub fn new() -> Self {
        Pages {
            history: RwSignal::new(vec![]),
            current: RwSignal::new(None),
        }
    }
    /// Back to the first page (a new tab, sort or size).
    pub fn reset(self) {
        self.history.set(vec![]);
    }
    /// The page that starts after `after` is on screen (try_: the view may be gone by then).
    pub fn shown(self, after: Option<C>) {
        self.current.try_set(after);
    }
    pub fn current(self) -> Option<C> {
        self.current.get_untracked()
    }
    /// Where the next page starts, given the last row on screen.
    pub fn forward(self, last: C) -> Option<C> {
        self.history
            .update(|h| h.push(self.current.get_untracked()));
        Some(last)
    }
    /// Where the previous page starts; None when this is the first page.
    pub fn back(self) -> Option<Option<C>> {
        let mut back = None;
        self.history.update(|h| back = h.pop());
        back
    }
    pub fn at_start(self) -> bool {
        self.history.with(|h| h.is_empty())
    }
}

impl<C: Clone + Send + Sync + 'static> Default for Pages<C> {
    fn default() -> Self {
        Self::new()
    }
}

/// The two buttons, disabled at the ends. The handlers are `Callback`s, not generic closures, so every
/// widget shares one copy of this component in the wasm.
#[component]
pub fn PagerButtons(
    #[prop(into)] at_start: Signal<bool>,
    #[prop(into)] more: Signal<bool>,
    #[prop(into)] on_previous: Callback<()>,
    #[prop(into)] on_next: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="pager">
            <button type="button" on:click=move |_| on_previous.run(()) disabled=move || at_start.get()>
                "Previous page"
            </button>
            <button type="button" on:click=move |_| on_next.run(()) disabled=move || !more.get()>
                "Next page"
            </button>
            {children.map(|c| c())}
        </div>
    }
}
