//! Starts Portico's islands in the browser (`portico_app::islands`); the rest of every page is server-rendered HTML.

// Links the islands' exported entry points into this module.
use portico_app as _;

/// Entry point called by the generated JavaScript loader once the wasm module is instantiated; the loader then
/// hydrates each island of the page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
