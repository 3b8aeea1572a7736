//! Fetching a text file the page loads on demand (a library scenario, a tour), with the
//! browser's `fetch`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The text of the file at `path` (relative to the page), or why there is none, in words:
/// the network failed, or the server answered with an error status.
pub async fn text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| "the network request failed".to_string())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the browser gave no response".to_string())?;
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            // As u64: the page formats u64s already (u16 would bring its own formatting).
            u64::from(response.status()),
            response.status_text()
        ));
    }
    let body = response
        .text()
        .map_err(|_| "its text could not be read".to_string())?;
    JsFuture::from(body)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "its text could not be read".to_string())
}

/// `relative` (a path in a file such as an exercise) resolved against that file's `url`,
/// itself relative to the page: `("exercises/01.json", "../scenarios/default.json")` gives
/// the absolute URL of `scenarios/default.json`.
pub fn resolve(url: &str, relative: &str) -> Result<String, String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let file = web_sys::Url::new_with_base(url, &base).map_err(|_| format!("{url}: not a URL"))?;
    web_sys::Url::new_with_base(relative, &file.href())
        .map(|u| u.href())
        .map_err(|_| format!("{url}: `{relative}` is not a path or URL"))
}
