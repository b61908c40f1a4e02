//! `/`: sends signed-in people to their orders and everyone else to the login page.

use crate::server_fns::auth::signed_in_user;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The start page.
#[component]
pub fn HomePage() -> impl IntoView {
    let user = Resource::new(|| (), |_| signed_in_user());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let to = if user.await.is_ok() { "/orders" } else { "/login" };
                view! { <Redirect path=to/> }
            })}
        </Suspense>
    }
}
