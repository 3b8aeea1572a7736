//! Browser tests of the page in headless Chromium: the reducer on its own, and the app mounted
//! into a div of a real DOM and driven through it.
//! Run with `cargo test --target wasm32-unknown-unknown -p quorumscope --test web`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use quorumscope::scenarios::{scenario_from_hash, share_fragment};
use quorumscope::state::{AppState, Msg};
use quorumscope::{App, DEFAULT_SCENARIO};
use quorumscope_engine::scenario::{Action, ClusterPatch, ConsistencyLevel, ContextChoice};
use quorumscope_engine::sim::{Fate, Simulator};
use quorumscope_engine::version::Versioning;
use quorumscope_engine::Outcome;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

/// Three replicas, n = 3, w = r = 2, constant 10 ms latency, clients alice and bob, no events.
const THREE: &str = r#"{
  "name": "three",
  "cluster": {"nodes": ["A", "B", "C"], "clients": ["alice", "bob"],
              "n": 3, "w": 2, "r": 2, "latency": {"constant": 10},
              "placement": {"k": ["A", "B", "C"]}},
  "events": []
}"#;

fn three() -> Rc<AppState> {
    Rc::new(AppState::from_text(THREE).expect("the test scenario is valid"))
}

fn put(client: &str, key: &str, value: &str) -> Msg {
    Msg::Put {
        client: client.into(),
        key: key.into(),
        value: value.into(),
        context: ContextChoice::None,
    }
}

/// Plays for `frames` animation frames of 100 ms at the fastest speed (1 s of simulated time
/// each).
fn play_frames(mut s: Rc<AppState>, frames: u32) -> Rc<AppState> {
    s = s.reduce(Msg::SetSpeed(10.0)).reduce(Msg::Play);
    let mut t = 1000.0;
    s = s.reduce(Msg::Frame(t));
    for _ in 0..frames {
        t += 100.0;
        s = s.reduce(Msg::Frame(t));
    }
    s.reduce(Msg::Pause)
}

// ---------------------------------------------------------------------------------------------
// The reducer

#[wasm_bindgen_test]
fn reducer_put_then_frames_complete_the_operation() {
    let s = three().reduce(put("alice", "k", "milk"));
    assert_eq!(s.snapshot.history.len(), 1);
    assert_eq!(s.snapshot.history[0].outcome, Outcome::Pending);
    assert!(
        !s.snapshot.messages.is_empty(),
        "the writes are on their way"
    );
    assert_eq!(
        s.user_events.len(),
        1,
        "the put is recorded for share links"
    );

    // Paused, frames do nothing.
    let paused = s.clone().reduce(Msg::Frame(5.0)).reduce(Msg::Frame(500.0));
    assert_eq!(paused.snapshot.now_us, s.snapshot.now_us);

    let s = play_frames(s, 1);
    let op = &s.snapshot.history[0];
    assert_eq!(op.outcome, Outcome::Ok, "{op:?}");
    assert_eq!(op.values, ["milk"]);
    assert_eq!(op.replies_from.len(), 2);
    // Time ran, and stopped at the run's end (issue 8): nothing is in flight or scheduled.
    assert!(
        s.snapshot.now_us > 0 && s.snapshot.settled,
        "time ran to the end: {}",
        s.snapshot.now_us
    );
    assert!(
        s.log
            .iter()
            .any(|l| l.contains("alice put k = \"milk\" succeeded")),
        "the live log announces the result: {:?}",
        s.log
    );
}

#[wasm_bindgen_test]
fn reducer_move_to_a_zone_partitions_and_the_write_fails() {
    let s = three()
        .reduce(Msg::MoveTo {
            endpoint: "A".into(),
            zone: 1,
        })
        .reduce(Msg::MoveTo {
            endpoint: "B".into(),
            zone: 1,
        });
    let groups: Vec<u32> = s.snapshot.nodes.iter().map(|n| n.group).collect();
    assert_eq!(groups[0], groups[1]);
    assert_ne!(groups[0], groups[2], "C stays with the clients: {groups:?}");
    assert!(s.log.iter().any(|l| l.contains("partition")), "{:?}", s.log);

    let s = play_frames(s.reduce(put("alice", "k", "milk")), 1);
    let op = &s.snapshot.history[0];
    assert_eq!(op.outcome, Outcome::Fail, "{op:?}");
    let error = op.error.as_deref().unwrap_or_default();
    assert!(error.contains("w = 2"), "{error}");

    // Healing lets the next write through.
    let s = play_frames(s.reduce(Msg::Heal).reduce(put("alice", "k", "eggs")), 1);
    assert!(s.snapshot.nodes.iter().all(|n| n.group == 0));
    assert_eq!(s.snapshot.history[1].outcome, Outcome::Ok);
}

#[wasm_bindgen_test]
fn reducer_move_to_zone_2_with_zone_1_empty_keeps_the_zone_number() {
    let s = three().reduce(Msg::MoveTo {
        endpoint: "C".into(),
        zone: 2,
    });
    let groups: Vec<u32> = s.snapshot.nodes.iter().map(|n| n.group).collect();
    assert_eq!(groups, [0, 0, 2]);
    let s = s.reduce(Msg::MoveTo {
        endpoint: "bob".into(),
        zone: 1,
    });
    assert_eq!(s.snapshot.clients[1].group, 1);
    assert_eq!(s.snapshot.nodes[2].group, 2, "C stays in zone 2");
    let s = s
        .reduce(Msg::MoveTo {
            endpoint: "bob".into(),
            zone: 0,
        })
        .reduce(Msg::MoveTo {
            endpoint: "C".into(),
            zone: 0,
        });
    assert!(s.snapshot.nodes.iter().all(|n| n.group == 0));
    assert!(
        s.log.last().is_some_and(|l| l.contains("partition healed")),
        "{:?}",
        s.log
    );
    // The recorded events replay to the same zones.
    let replayed = AppState::new(s.session_scenario(), Vec::new(), Some(s.snapshot.now_us));
    assert_eq!(replayed.snapshot.nodes, s.snapshot.nodes);
}

#[wasm_bindgen_test]
fn reducer_configure_w_above_n_is_refused_with_a_message() {
    let s = three();
    let refused = s.clone().reduce(Msg::Configure(ClusterPatch {
        w: Some(ConsistencyLevel::Count(4)),
        ..ClusterPatch::default()
    }));
    let error = refused.error.clone().expect("an error is shown");
    assert!(error.contains("w = 4 is larger than n = 3"), "{error}");
    assert_eq!(refused.snapshot.nwr, (3, 2, 2), "not applied");
    assert!(refused.user_events.is_empty(), "not recorded");

    let applied = refused
        .reduce(Msg::DismissError)
        .reduce(Msg::Configure(ClusterPatch {
            w: Some(ConsistencyLevel::Count(1)),
            r: Some(ConsistencyLevel::Count(1)),
            ..ClusterPatch::default()
        }));
    assert_eq!(applied.error, None);
    assert_eq!(applied.snapshot.nwr, (3, 1, 1));
    assert_eq!(applied.user_events.len(), 1);
    // A second change at the same instant joins the first in the recording.
    let again = applied.reduce(Msg::Configure(ClusterPatch {
        timeout_ms: Some(500.0),
        ..ClusterPatch::default()
    }));
    assert_eq!(again.user_events.len(), 1);
    assert_eq!(again.snapshot.cluster.timeout_ms, 500.0);
    let session = again.session_scenario();
    assert!(
        quorumscope_engine::Scenario::from_json(&serde_json::to_string(&session).unwrap()).is_ok()
    );
}

#[wasm_bindgen_test]
fn reducer_load_of_a_bad_file_keeps_the_scenario_and_says_which_field() {
    let s = three().reduce(put("alice", "k", "milk"));
    let bad = s.clone().reduce(Msg::Load("{\"cluster\": ".into()));
    let error = bad.error.clone().expect("an error is shown");
    assert!(error.contains("malformed JSON"), "{error}");
    assert_eq!(bad.base.name, "three", "the old scenario is kept");
    assert_eq!(bad.snapshot.history.len(), 1, "and so is the session");

    let wrong_w = bad.reduce(Msg::Load(THREE.replace("\"w\": 2", "\"w\": 5")));
    let error = wrong_w.error.clone().unwrap_or_default();
    assert!(
        error.contains("cluster.w: w = 5 is larger than n = 3"),
        "{error}"
    );
    assert_eq!(wrong_w.base.name, "three");

    let good = wrong_w.reduce(Msg::Load(DEFAULT_SCENARIO.into()));
    assert_eq!(good.error, None);
    assert_eq!(good.base.name, "Node down during a write");
    assert!(good.snapshot.history.is_empty());
    assert_eq!(good.snapshot.now_us, 0);
}

#[wasm_bindgen_test]
fn reducer_set_versioning_replays_the_run_with_the_same_actions() {
    // Two blind writes to the same key: siblings under dvv; under lww one of them is lost.
    let s = three()
        .reduce(put("alice", "k", "milk"))
        .reduce(put("bob", "k", "eggs"));
    let s = play_frames(s, 1);
    assert_eq!(s.snapshot.history.len(), 2);
    assert_eq!(s.snapshot.history[1].values, ["eggs", "milk"]);
    assert!(!s.snapshot.history[1].concurrency.is_empty());
    let now = s.snapshot.now_us;

    let lww = s.reduce(Msg::SetVersioning(Versioning::Lww));
    assert_eq!(lww.snapshot.cluster.versioning, Versioning::Lww);
    assert_eq!(lww.snapshot.now_us, now, "replayed up to the same time");
    assert_eq!(lww.user_events.len(), 2, "the same actions");
    let history = &lww.snapshot.history;
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|op| op.outcome == Outcome::Ok));
    assert_eq!(
        history.iter().filter(|op| op.lost).count(),
        1,
        "one acknowledged write was discarded: {history:?}"
    );
    // The notice is the page's own; the log is the replayed run's, told afresh (issue 8).
    assert!(
        lww.status
            .as_deref()
            .is_some_and(|n| n.contains("replayed")),
        "{:?}",
        lww.status
    );
    assert!(
        lww.log.iter().all(|l| !l.contains("replayed")),
        "{:?}",
        lww.log
    );
    assert!(
        lww.log
            .iter()
            .any(|l| l.contains("alice put k = \"milk\" succeeded")),
        "{:?}",
        lww.log
    );
}

#[wasm_bindgen_test]
fn reducer_step_reset_and_drop() {
    let s = three().reduce(put("alice", "k", "milk"));
    let t0 = s.snapshot.now_us;
    let s = s.reduce(Msg::Step);
    assert!(!s.playing);
    assert_eq!(s.snapshot.now_us, t0 + 10_000, "the first write arrives");

    let id = s
        .snapshot
        .messages
        .iter()
        .find(|m| m.fate == Fate::InFlight && m.arrive_us > s.snapshot.now_us + 1)
        .map(|m| m.id)
        .expect("a message still on its way");
    let s = s.reduce(Msg::DropMessage(id));
    assert!(s
        .snapshot
        .messages
        .iter()
        .any(|m| m.id == id && m.fate == Fate::Dropped));

    // The drop is a scenario event, so the session's share link (and a replay) drops it too.
    assert!(
        matches!(s.user_events.last(), Some(e) if e.action == Action::DropMessage(id)),
        "{:?}",
        s.user_events
    );
    let mut replay = Simulator::new(s.session_scenario());
    replay.run(None);
    let record = replay.messages().iter().find(|m| m.id == id).expect("sent");
    assert_eq!(record.fate, Fate::Dropped);
    assert_eq!(replay.metrics().dropped, 1);
    // A message that has arrived (the first write, message 1), or one never sent, cannot be
    // dropped: nothing is recorded.
    assert_eq!(replay.messages()[0].fate, Fate::Delivered);
    let events = s.user_events.len();
    let s = s.reduce(Msg::DropMessage(quorumscope_engine::MsgId(1)));
    let s = s.reduce(Msg::DropMessage(quorumscope_engine::MsgId(9_999)));
    assert_eq!(s.user_events.len(), events);

    let s = s.reduce(Msg::Reset);
    assert_eq!(s.snapshot.now_us, 0);
    assert!(s.snapshot.history.is_empty());
    assert!(s.user_events.is_empty());
}

#[wasm_bindgen_test]
fn share_links_round_trip_and_a_bad_one_falls_back_to_the_default() {
    let s = play_frames(three().reduce(put("alice", "k", "milk")), 1);
    let json = serde_json::to_string(&s.session_scenario()).unwrap();
    let hash = format!("#{}", share_fragment(&json));
    assert_eq!(scenario_from_hash(&hash), Some(Ok(json.clone())));

    let opened = AppState::open(&hash, DEFAULT_SCENARIO);
    assert_eq!(opened.error, None);
    assert_eq!(opened.base.name, "three");
    let opened = play_frames(Rc::new(opened), 1);
    assert_eq!(opened.snapshot.history.len(), 1, "the put is replayed");
    assert_eq!(opened.snapshot.history[0].values, ["milk"]);

    let bad = AppState::open("#s=!!!", DEFAULT_SCENARIO);
    assert_eq!(bad.base.name, "Node down during a write");
    assert!(
        bad.error
            .as_deref()
            .unwrap_or_default()
            .contains("share link"),
        "{:?}",
        bad.error
    );
    let not_a_scenario = AppState::open(&format!("#{}", share_fragment("{}")), DEFAULT_SCENARIO);
    assert!(
        not_a_scenario
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("cluster"),
        "{:?}",
        not_a_scenario.error
    );
}

// ---------------------------------------------------------------------------------------------
// The app in the DOM

/// Mounts the app into a fresh div and lets Yew render.
async fn mount_app() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// The button whose text is exactly `name`.
fn button(root: &Element, name: &str) -> HtmlElement {
    let nodes = root.query_selector_all("button").unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().dyn_into::<HtmlElement>().unwrap())
        .find(|b| b.text_content().unwrap_or_default().trim().ends_with(name))
        .unwrap_or_else(|| panic!("no button {name}"))
}

/// Presses Pause if time is running: a run that has finished has stopped by itself (issue 8).
async fn pause(root: &Element) {
    let playing = texts(root, "button")
        .iter()
        .any(|t| t.trim().ends_with("Pause"));
    if playing {
        click(root, "Pause").await;
    }
}

async fn click(root: &Element, name: &str) {
    button(root, name).click();
    TimeoutFuture::new(20).await;
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// The chosen scenario: the value of the select `#scenario-select`.
fn scenario(root: &Element) -> String {
    let select: web_sys::HtmlSelectElement = find(root, "#scenario-select").dyn_into().unwrap();
    select.value()
}

/// Opens a library scenario as a share link of its whole text would (a pick in the select
/// fetches the file, which this test server does not serve).
async fn pick_scenario(_root: &Element, text: &str) {
    let hash = format!("#{}", share_fragment(text));
    let window = web_sys::window().unwrap();
    window.location().set_hash(&hash).unwrap();
    TimeoutFuture::new(200).await;
    // The link's work is done: the address goes back to no fragment (without a `hashchange`),
    // so that the apps the next tests mount open the default scenario.
    let path = window.location().pathname().unwrap();
    let search = window.location().search().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        )
        .unwrap();
}

/// Types `value` into the input `selector` (an `input` event, as a keystroke would send).
async fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.set_value(value);
    fire(&input, "input");
    TimeoutFuture::new(20).await;
}

async fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = find(root, selector).dyn_into().unwrap();
    select.set_value(value);
    fire(&select, "change");
    TimeoutFuture::new(20).await;
}

/// The simulated time shown, in ms.
fn sim_time(root: &Element) -> f64 {
    text(root, "#sim-time")
        .trim_end_matches(" ms")
        .parse()
        .unwrap_or(-1.0)
}

#[wasm_bindgen_test]
async fn the_page_shows_its_title_explanation_and_default_scenario() {
    let root = mount_app().await;
    assert_eq!(texts(&root, "h1"), ["quorumscope"]);
    let explainer = text(&root, ".explainer").replace('\u{a0}', " ");
    assert!(explainer.contains("w + r > n"), "explainer: {explainer}");
    assert_eq!(scenario(&root), "default");
    assert!(text(&root, ".description").contains("Node C is down"));
    assert_eq!(text(&root, "#sim-time"), "0.0 ms");
    assert!(root.query_selector("#error-banner").unwrap().is_none());
    let live = find(&root, "#live-log");
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
}

#[wasm_bindgen_test]
async fn controls_play_pause_step_speed_and_reset() {
    let root = mount_app().await;
    type_into(&root, "#speed", "10").await;
    assert!(
        text(&root, "#speed-text").starts_with("10×"),
        "{}",
        text(&root, "#speed-text")
    );
    click(&root, "Play").await;
    TimeoutFuture::new(300).await;
    pause(&root).await;
    let t = sim_time(&root);
    assert!(t > 0.0, "time ran while playing: {t}");
    TimeoutFuture::new(100).await;
    assert_eq!(sim_time(&root), t, "and stops when paused");

    click(&root, "Step").await;
    assert!(sim_time(&root) >= t);
    click(&root, "Reset").await;
    assert_eq!(text(&root, "#sim-time"), "0.0 ms");

    type_into(&root, "#speed", "1").await;
    assert_eq!(
        text(&root, "#speed-text"),
        "0.01× (1 simulated ms per 100 ms)"
    );
}

#[wasm_bindgen_test]
async fn settings_explain_a_bad_w_inline_and_apply_a_good_one() {
    let root = mount_app().await;
    let before = text(&root, "#quorum-condition");
    assert!(before.contains("2 + 2 = 4 > 3"), "{before}");
    assert!(before.contains("a read sees the latest acknowledged write"));

    type_into(&root, "#set-w", "4").await;
    let errors = texts(&root, ".field-error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("w = 4 is larger than n = 3"),
        "{errors:?}"
    );
    assert_eq!(text(&root, "#quorum-condition"), before, "not applied");
    let w: HtmlInputElement = find(&root, "#set-w").dyn_into().unwrap();
    assert_eq!(w.value(), "4", "what was typed stays");
    assert_eq!(w.get_attribute("aria-invalid").as_deref(), Some("true"));

    type_into(&root, "#set-w", "1").await;
    assert!(texts(&root, ".field-error").is_empty());
    type_into(&root, "#set-r", "1").await;
    let after = text(&root, "#quorum-condition");
    assert!(after.contains("1 + 1 = 2 ≤ 3"), "{after}");
    assert!(after.contains("stale reads are possible"), "{after}");
    assert!(
        texts(&root, "#live-log li")
            .iter()
            .any(|l| l.contains("settings changed from now on")),
        "{:?}",
        texts(&root, "#live-log li")
    );
}

#[wasm_bindgen_test]
async fn client_panel_keeps_what_was_typed_and_explains_a_missing_value() {
    let root = mount_app().await;
    type_into(&root, "#op-key", "basket").await;
    click(&root, "Put").await;
    let errors = texts(&root, ".client-panel .field-error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("value"), "{errors:?}");
    assert!(
        root.query_selector("#op-log [data-op-id]")
            .unwrap()
            .is_none(),
        "nothing sent"
    );
    let key: HtmlInputElement = find(&root, "#op-key").dyn_into().unwrap();
    assert_eq!(key.value(), "basket");

    type_into(&root, "#op-value", "milk").await;
    click(&root, "Put").await;
    assert!(texts(&root, ".client-panel .field-error").is_empty());
    let item = find(&root, "#op-log [data-op-id=\"1\"]");
    assert_eq!(
        item.get_attribute("data-outcome").as_deref(),
        Some("pending")
    );
    assert!(item
        .text_content()
        .unwrap_or_default()
        .contains("alice put basket = \"milk\""));
    let value: HtmlInputElement = find(&root, "#op-value").dyn_into().unwrap();
    assert_eq!(value.value(), "milk", "the value stays for the next write");
}

#[wasm_bindgen_test]
async fn op_log_shows_siblings_with_their_reason_and_selection_explains_quorums() {
    let root = mount_app().await;
    pick_scenario(&root, include_str!("../scenarios/siblings.json")).await;
    assert!(text(&root, ".description").contains("concurrent"));
    type_into(&root, "#speed", "10").await;
    click(&root, "Play").await;
    TimeoutFuture::new(600).await;
    pause(&root).await;

    let get = find(&root, "#op-log [data-op-id=\"3\"]");
    assert_eq!(get.get_attribute("data-outcome").as_deref(), Some("ok"));
    assert_eq!(
        texts(&root, "[data-op-id=\"3\"] .chip.sibling"),
        ["eggs", "milk"]
    );
    let body = get.text_content().unwrap_or_default();
    assert!(body.contains("Why siblings"), "{body}");
    assert!(
        body.contains("are siblings: concurrent: neither write had seen the other"),
        "{body}"
    );

    get.dyn_ref::<HtmlElement>().unwrap().click();
    TimeoutFuture::new(20).await;
    let get = find(&root, "#op-log [data-op-id=\"3\"]");
    assert!(get
        .get_attribute("class")
        .unwrap_or_default()
        .contains("selected"));
    let line = text(&root, "[data-op-id=\"3\"] .op-quorum");
    assert!(line.starts_with("read from "), "{line}");
    assert!(line.contains("last write (op 2) acknowledged by"), "{line}");
    assert!(line.contains("overlap: "), "{line}");

    // Under last-write-wins, bob's write is flagged as acknowledged, then discarded.
    choose(&root, "#set-versioning", "lww").await;
    let lost = find(&root, "#op-log [data-lost=\"true\"]");
    assert!(
        lost.text_content()
            .unwrap_or_default()
            .contains("Acknowledged, then discarded by last-write-wins"),
        "{:?}",
        lost.text_content()
    );
    let stale = find(&root, "#op-log [data-stale=\"true\"]");
    assert!(stale
        .text_content()
        .unwrap_or_default()
        .contains("Stale read"));
}

#[wasm_bindgen_test]
async fn a_bad_scenario_file_shows_the_banner_naming_the_field_and_keeps_the_scenario() {
    let root = mount_app().await;
    let bad = DEFAULT_SCENARIO.replace("\"r\": 2", "\"r\": \"most\"");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&bad));
    let file = web_sys::File::new_with_str_sequence(&parts, "bad.json").unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement = find(&root, "#scenario-file").dyn_into().unwrap();
    input.set_files(transfer.files().as_ref());
    fire(&input, "change");
    TimeoutFuture::new(200).await;

    let banner = find(&root, "#error-banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let message = banner.text_content().unwrap_or_default();
    assert!(message.contains("cluster.r"), "{message}");
    assert!(
        message.contains("`most` is not a consistency level"),
        "{message}"
    );
    assert_eq!(scenario(&root), "default", "the current scenario is kept");

    click(&root, "Dismiss").await;
    assert!(root.query_selector("#error-banner").unwrap().is_none());
}
