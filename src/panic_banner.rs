//! Makes panics visible: a panic anywhere in the page puts an error banner at the top of the
//! document (and logs the message to the browser console), instead of leaving a frozen page.

use std::panic::PanicHookInfo;

/// The id of the banner element a panic creates.
pub const BANNER_ID: &str = "panic-banner";

/// Installs the panic hook through Yew, so that Yew does not replace it with its own
/// console-only hook when the app is rendered.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = describe(info);
        web_sys::console::error_1(&format!("quorumscope panicked: {message}").into());
        show(&message);
    }));
}

/// The panic's message and, when known, where in the source it happened.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    match info.location() {
        Some(location) => format!("{message} (at {}:{})", location.file(), location.line()),
        None => message,
    }
}

/// Puts the banner with `message` at the top of `<body>`, or updates it if it is already
/// there. Does nothing outside a browser.
pub fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let banner = match document.get_element_by_id(BANNER_ID) {
        Some(existing) => existing,
        None => {
            let Ok(banner) = document.create_element("div") else {
                return;
            };
            banner.set_id(BANNER_ID);
            banner.set_class_name("banner banner-error");
            // Set one by one: a failure here must not stop the banner from showing.
            let _ = banner.set_attribute("role", "alert");
            let _ = body.prepend_with_node_1(&banner);
            banner
        }
    };
    banner.set_text_content(Some(&format!(
        "Something went wrong inside quorumscope and the page stopped: {message}. \
         Reload the page to start again."
    )));
}
