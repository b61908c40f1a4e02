//! The only parts of Portico's pages that run in the browser.
//!
//! Portico renders every page on the server, and every page works as plain HTML: links, and forms that post to
//! their server function and are redirected back with the outcome (see `ssr::is_plain_form_post`). So the browser
//! is sent the code of these islands only (Leptos' `islands` mode), not the views of every page: the pages' views,
//! their data and their server functions stay on the server, and a page carries no serialised resources for
//! hydration. An island is what HTML cannot do by itself; its props are serialised into the page.

use leptos::prelude::*;

/// Marks the page as ready once the browser has run the islands' code (`<body data-hydrated="true">`), so browser
/// tests and benchmarks can tell when the page answers to its scripts. Renders nothing.
#[island]
pub fn Ready() -> impl IntoView {
    // Effects run only in the browser.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// A button that opens the browser's print dialog (the shipping labels). `label` is the button's text in the
/// reader's language.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    view! {
        <button type="button" class="btn btn-primary" on:click=move |_| {
            let _ = window().print();
        }>{label}</button>
    }
}
