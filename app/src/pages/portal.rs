use crate::{
    api::{
        portal::{my_requests, request_detail},
        session::current_viewer,
    },
    components::{error_view::ErrorView, layout::TopBar, time},
    error::AppError,
    model::viewer::Realm,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The portal's start: the customer user's own requests.
#[component]
pub fn PortalHome() -> impl IntoView {
    let data = Resource::new_blocking(
        || (),
        |_| async move {
            let me = current_viewer()
                .await?
                .contact
                .ok_or(AppError::Unauthorized)?;
            let list = my_requests().await?;
            Ok::<_, AppError>((me, list.rows, list.now))
        },
    );
    view! {
        <Title text="My requests — Panorama portal"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, rows, now)) => view! {
                        <TopBar realm=Realm::Contact name=me.name/>
                        <main class="page">
                            <h1>"My requests"</h1>
                            {if rows.is_empty() {
                                view! { <p>"You have no requests yet."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="list">
                                        <thead>
                                            <tr><th scope="col">"Number"</th><th scope="col">"Title"</th><th scope="col">"State"</th><th scope="col">"Last change"</th></tr>
                                        </thead>
                                        <tbody>
                                            {rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <td><a href=format!("/portal/requests/{}", r.id.0)>{r.number}</a></td>
                                                    <td>{r.title}</td>
                                                    <td>{r.state}</td>
                                                    <td><time datetime=r.changed_at.to_rfc3339() title=time::absolute(r.changed_at)>{time::age(r.changed_at, now)}</time></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </main>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e realm=Realm::Contact/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One request and its public conversation.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new_blocking(id, |id| async move {
        let me = current_viewer()
            .await?
            .contact
            .ok_or(AppError::Unauthorized)?;
        let detail = request_detail(id).await?;
        let now = detail.now;
        Ok::<_, AppError>((me, detail, now))
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, d, now)) => view! {
                        <Title text=format!("{} — Panorama portal", d.request.title)/>
                        <TopBar realm=Realm::Contact name=me.name/>
                        <main class="page narrow">
                            <p><a href="/portal">"← My requests"</a></p>
                            <h1>{d.request.title.clone()}</h1>
                            <p class="meta">{format!("Request {} · {}", d.request.number, d.request.state)}</p>
                            <ol class="conversation">
                                {d.articles.into_iter().map(|a| view! {
                                    <li class:customer=a.from_customer>
                                        <p class="meta">{a.author}" · "<time datetime=a.created_at.to_rfc3339()>{time::age(a.created_at, now)}</time></p>
                                        <p class="body">{a.body}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        </main>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorView error=e realm=Realm::Contact/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
