//! A dashboard's layout: the order and visibility the agent gave its widgets, read from what is stored, and
//! changed by keyboard moves and drag and drop. Pure functions, shared by the server and the browser.
use super::{
    dashboard::{Board, Sort, StoredPrefs, TicketColumn, TicketTab, WidgetKind, WidgetPrefs},
    input::PageSize,
};

/// The layout an agent sees: every widget once, in column order. Stored positions win; widgets the agent
/// has never moved (or that are new in this version) keep their default place.
pub fn resolve_layout(board: Board, stored: &[StoredPrefs]) -> Vec<WidgetPrefs> {
    let mut out: Vec<(i16, usize, WidgetPrefs)> = board
        .widgets()
        .iter()
        .copied()
        .enumerate()
        .map(|(i, kind)| {
            let mut p = WidgetPrefs::default_for(kind);
            let mut pos = i as i16;
            if let Some(s) = stored.iter().find(|s| s.widget == kind.key()) {
                pos = s.position;
                p.visible = s.visible || !kind.closable();
                p.tab = s
                    .tab
                    .as_deref()
                    .and_then(TicketTab::from_key)
                    .unwrap_or(p.tab);
                p.page_size = s
                    .page_size
                    .and_then(|n| u8::try_from(n).ok())
                    .and_then(|n| PageSize::parse(n).ok())
                    .map_or(p.page_size, PageSize::get);
                if let Some(cols) = &s.columns {
                    let cols: Vec<_> = cols
                        .iter()
                        .filter_map(|c| TicketColumn::from_key(c))
                        .collect();
                    if !cols.is_empty() {
                        p.columns = cols;
                    }
                }
                p.sort = s.sort.as_deref().and_then(Sort::from_key).unwrap_or(p.sort);
            }
            (pos, i, p)
        })
        .collect();
    out.sort_by_key(|(pos, i, _)| (*pos, *i));
    out.into_iter().map(|(_, _, p)| p).collect()
}

/// Moves a widget one place up or down among the widgets of its column. Hidden widgets keep their slot,
/// so showing them again puts them back where they were. Returns false when it is already at the end.
pub fn move_widget(layout: &mut [WidgetPrefs], kind: WidgetKind, up: bool) -> bool {
    let col = kind.column();
    let slots: Vec<usize> = (0..layout.len())
        .filter(|&i| layout[i].kind.column() == col && layout[i].visible)
        .collect();
    let Some(at) = slots.iter().position(|&i| layout[i].kind == kind) else {
        return false;
    };
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|&j| j < slots.len())
    };
    match other {
        Some(j) => {
            layout.swap(slots[at], slots[j]);
            true
        }
        None => false,
    }
}

/// Drag and drop: puts `kind` just before `target` (or after it when `after`), within one column.
pub fn drop_widget(
    layout: &mut Vec<WidgetPrefs>,
    kind: WidgetKind,
    target: WidgetKind,
    after: bool,
) -> bool {
    if kind == target || kind.column() != target.column() {
        return false;
    }
    let Some(from) = layout.iter().position(|p| p.kind == kind) else {
        return false;
    };
    let moved = layout.remove(from);
    let Some(mut to) = layout.iter().position(|p| p.kind == target) else {
        layout.insert(from, moved);
        return false;
    };
    if after {
        to += 1;
    }
    layout.insert(to, moved);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use WidgetKind::*;

    fn kinds(layout: &[WidgetPrefs]) -> Vec<WidgetKind> {
        layout.iter().map(|p| p.kind).collect()
    }

    /// The widgets of the layout's first column, in their order.
    fn first_column(layout: &[WidgetPrefs]) -> Vec<WidgetKind> {
        let col = layout[0].kind.column();
        kinds(layout)
            .into_iter()
            .filter(|k| k.column() == col)
            .collect()
    }

    fn stored(w: WidgetKind, position: i16, visible: bool) -> StoredPrefs {
        StoredPrefs {
            widget: w.key().into(),
            position,
            visible,
            ..Default::default()
        }
    }

    #[test]
    fn nothing_stored_is_the_default_layout() {
        let l = resolve_layout(Board::Cic, &[]);
        assert_eq!(kinds(&l), Board::Cic.widgets().to_vec());
        // The reference's widgets show; later ones wait in Settings.
        assert!(l
            .iter()
            .all(|p| p.visible == p.kind.spec().visible_by_default));
        assert!(l.iter().filter(|p| p.visible).count() == 8);
        assert_eq!(l[0], WidgetPrefs::default_for(l[0].kind));
    }

    #[test]
    fn stored_positions_win_and_bad_stored_values_fall_back_to_defaults() {
        let first = Board::Cic.widgets()[0];
        let last = *Board::Cic.widgets().last().expect("widgets");
        let mut moved = stored(last, -1, false);
        moved.page_size = Some(500);
        moved.tab = Some("nonsense".into());
        moved.columns = Some(vec!["nonsense".into()]);
        let l = resolve_layout(Board::Cic, &[moved]);
        assert_eq!(l[0].kind, last, "stored position first");
        assert_eq!(l[1].kind, first);
        let p = &l[0];
        assert_eq!(p.visible, !last.closable());
        let d = WidgetPrefs::default_for(last);
        assert_eq!(
            (p.page_size, p.tab, &p.columns),
            (d.page_size, d.tab, &d.columns)
        );
        // Settings can never be hidden, whatever is stored.
        let l = resolve_layout(Board::Cic, &[stored(Settings, 3, false)]);
        assert!(l
            .iter()
            .find(|p| p.kind == Settings)
            .is_some_and(|p| p.visible));
    }

    #[test]
    fn keyboard_moves_stay_in_the_column_and_skip_hidden_widgets() {
        let mut l = resolve_layout(Board::Cic, &[]);
        let col = first_column(&l);
        let (a, b) = (col[0], col[1]);
        assert!(!move_widget(&mut l, a, true), "already first");
        assert!(move_widget(&mut l, a, false));
        assert_eq!(&first_column(&l)[..2], &[b, a]);
        // A hidden neighbour is jumped over and keeps its slot.
        if col.len() > 2 {
            let c = col[2];
            if let Some(p) = l.iter_mut().find(|p| p.kind == c) {
                p.visible = false;
            }
            let before = kinds(&l).iter().position(|k| *k == c);
            assert!(move_widget(&mut l, a, false) == (col.len() > 3));
            assert_eq!(kinds(&l).iter().position(|k| *k == c), before);
        }
    }

    #[test]
    fn drag_and_drop_puts_a_widget_before_or_after_another_of_its_column_only() {
        let mut l = resolve_layout(Board::Cic, &[]);
        let col = first_column(&l);
        let other = l
            .iter()
            .map(|p| p.kind)
            .find(|k| k.column() != col[0].column())
            .expect("two columns");
        assert!(
            !drop_widget(&mut l, col[0], other, false),
            "never across columns"
        );
        assert!(!drop_widget(&mut l, col[0], col[0], false));
        assert!(drop_widget(&mut l, col[0], col[1], true));
        assert_eq!(&first_column(&l)[..2], &[col[1], col[0]]);
        assert!(drop_widget(&mut l, col[0], col[1], false));
        assert_eq!(&first_column(&l)[..2], &[col[0], col[1]]);
        assert_eq!(l.len(), Board::Cic.widgets().len(), "nothing lost");
    }
}
