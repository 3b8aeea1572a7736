//! Browser tests of the page: mount [`App`] into a div of a real DOM in headless Chromium.
//! Run with `cargo test --target wasm32-unknown-unknown -p quorumscope`.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use quorumscope::{App, DEFAULT_SCENARIO};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh div and lets Yew render.
async fn mount_app() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    root
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_page_shows_its_title_explanation_and_scenario() {
    let root = mount_app().await;
    assert_eq!(texts(&root, "h1"), ["quorumscope"]);
    let explainer = texts(&root, ".explainer").concat().replace('\u{a0}', " ");
    assert!(explainer.contains("w + r > n"), "explainer: {explainer}");
    let headings = texts(&root, "h2").concat();
    assert!(
        headings.contains("Scenario: Node down during a write"),
        "headings: {headings}"
    );
    let events = texts(&root, ".events li");
    assert_eq!(events.len(), 4, "events: {events:?}");
    assert!(events[0].contains("node C crashes"), "events: {events:?}");
}

#[wasm_bindgen_test]
async fn the_page_shows_the_engine_result_or_its_error() {
    let root = mount_app().await;
    // The page must show exactly what the engine says about the default scenario.
    match quorumscope_engine::run_json(DEFAULT_SCENARIO, None) {
        Ok(_) => {
            assert!(
                texts(&root, ".engine-error").is_empty(),
                "unexpected error banner"
            );
            let cards = texts(&root, ".replica-card h3");
            assert_eq!(cards, ["Node A", "Node B", "Node C"]);
            // alice's write reached A and B (C was down), so both store her value.
            for card in &texts(&root, ".replica-card")[..2] {
                assert!(
                    card.contains("cart") && card.contains("milk"),
                    "card: {card}"
                );
            }
            let ops = root
                .query_selector_all(".history tbody tr")
                .unwrap()
                .length();
            assert_eq!(ops, 2, "one put and one get");
            assert!(!texts(&root, ".metric").is_empty(), "metrics are shown");
        }
        Err(message) => {
            let banner = texts(&root, ".engine-error").concat();
            assert!(
                banner.contains(&message),
                "banner {banner:?} should show {message:?}"
            );
            assert!(texts(&root, ".replica-card").is_empty());
        }
    }
}
