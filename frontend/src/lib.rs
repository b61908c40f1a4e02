//! Hydrates the server-rendered pages in the browser.

// The release build (`cargo leptos build --release`) computes the layout of the order page's nested view types,
// instantiated here, deeper than the default limit of 128 queries.
#![recursion_limit = "256"]

/// Entry point called by the generated JavaScript loader once the wasm module is instantiated.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(portico_app::App);
}
