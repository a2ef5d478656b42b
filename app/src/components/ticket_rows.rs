//! Table rows of tickets in the chosen columns (ticket widgets and the ticket list): the number links to the
//! ticket, every other cell is text the server already formatted.
use crate::model::{dashboard::TicketColumn, ticket_widget::TicketRow};
use leptos::prelude::*;

pub fn ticket_rows<'a>(
    rows: impl IntoIterator<Item = &'a TicketRow>,
    columns: &[TicketColumn],
) -> impl IntoView {
    rows.into_iter()
        .map(|r| {
            let cells = columns
                .iter()
                .map(|c| match c {
                    TicketColumn::Number => view! {
                        <td>
                            <a href=format!("/tickets/{}", r.number)>{r.number.clone()}</a>
                        </td>
                    }
                    .into_any(),
                    c => view! { <td>{r.cell(*c).to_string()}</td> }.into_any(),
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view()
}
