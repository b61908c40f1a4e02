//! Hydrates the server-rendered pages in the browser.

/// Entry point called by the generated JavaScript loader once the wasm module is instantiated.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(portico_app::App);
}
