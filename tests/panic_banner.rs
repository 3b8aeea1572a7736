//! The panic hook shows any panic as a visible banner. This is its own test binary because
//! a panic leaves the wasm instance unusable for later tests.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_shows_the_error_banner() {
    quorumscope::panic_banner::install();
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    assert!(document
        .get_element_by_id(quorumscope::panic_banner::BANNER_ID)
        .is_none());

    // Panic in a timer callback, as a panic in an event handler would: the hook runs, then
    // the callback traps, away from this test's own future.
    let panicking = Closure::once_into_js(panic_on_purpose);
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(panicking.unchecked_ref(), 0)
        .unwrap();
    TimeoutFuture::new(50).await;

    let banner = document
        .get_element_by_id(quorumscope::panic_banner::BANNER_ID)
        .expect("the panic banner is in the DOM");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap_or_default();
    assert!(
        text.contains("the test panics on purpose"),
        "banner text: {text}"
    );
    assert!(text.contains("Reload the page"), "banner text: {text}");
}

fn panic_on_purpose() {
    panic!("the test panics on purpose");
}
