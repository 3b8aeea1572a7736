//! Fetching a text file the page ships beside itself (exercises, scenarios), with one line
//! saying what went wrong when it cannot be had.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// The text of the file at `url` (relative to the page), or one line naming it and what
/// failed: no connection, a status other than 2xx, or a body that is not text.
pub async fn text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or_else(|| format!("{url}: no window to fetch it in"))?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()
        .and_then(|r| r.dyn_into().ok())
        .ok_or_else(|| format!("{url} could not be fetched (is the page offline?)"))?;
    if !response.ok() {
        return Err(format!(
            "{url} could not be fetched: the server answered {}",
            response.status()
        ));
    }
    let body = response
        .text()
        .map_err(|_| format!("{url}: its body could not be read"))?;
    JsFuture::from(body)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{url}: its body is not text"))
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
