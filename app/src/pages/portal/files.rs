//! `/portal/files`: the files an agent marked "Visible in portal" on the companies whose requests the
//! customer user may view. Downloads are `/portal/files/<id>` (`crate::files`), always as attachments.
use super::PortalNav;
use crate::components::page_data::page_data;
use crate::{api::files::portal_files, components::error_view::load_page, model::viewer::Realm};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PortalFiles() -> impl IntoView {
    let data = page_data(|| (), |_| portal_files());
    view! {
        <Title text="Files — Panorama portal"/>
        {load_page(data, Realm::Contact, |files| {
            let empty = files.is_empty();
            let rows = files
                .into_iter()
                .map(|f| {
                    let about = [f.category, f.description]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · ");
                    view! {
                        <tr>
                            <td>
                                <a href=format!("/portal/files/{}", f.id) download>{f.name}</a>
                                <br/>
                                <span class="muted">{about}</span>
                            </td>
                            <td class="num">{f.size}</td>
                            <td>{f.company}</td>
                            <td>{f.uploaded_on}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <main class="page narrow">
                    <PortalNav current="files"/>
                    <h1>"Files"</h1>
                    {if empty {
                        view! {
                            <p class="empty">
                                "No files to show. Files your service team shares appear here for organizations whose requests you may view."
                            </p>
                        }
                        .into_any()
                    } else {
                        view! {
                            <table class="list" aria-label="Files">
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col" class="num">"Size"</th>
                                        <th scope="col">"Organization"</th>
                                        <th scope="col">"Shared"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                        .into_any()
                    }}
                </main>
            }
        })}
    }
}
