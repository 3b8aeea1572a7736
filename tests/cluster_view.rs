//! Browser tests of the cluster view: mount [`ClusterView`] over snapshots of small engine runs
//! in headless Chromium, check what it draws and the messages it sends for pointer drags,
//! keys and clicks. Run with
//! `cargo test --target wasm32-unknown-unknown -p quorumscope --test cluster_view`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use quorumscope::components::app::handlers::Handlers;
use quorumscope::components::cluster::{ClusterView, ClusterViewProps};
use quorumscope::state::Msg;
use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::{OpKind, Scenario, Simulator};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function pointer(el, type, x, y) {
  el.dispatchEvent(new PointerEvent(type, {
    clientX: x, clientY: y, pointerId: 7, pointerType: 'mouse', isPrimary: true, button: 0,
    buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true, composed: true,
  }));
}
export function click(el) {
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
}
export function key(el, k) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
}
export function touch_cancelled(el) {
  return !el.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, cancelable: true }));
}
export function resize() { window.dispatchEvent(new Event('resize')); }
export function focus(el) { el.focus(); }
export function focused(el) { return document.activeElement === el; }
export function centre_x(el) { const r = el.getBoundingClientRect(); return r.left + r.width / 2; }
export function centre_y(el) { const r = el.getBoundingClientRect(); return r.top + r.height / 2; }
export function inside(el, box) {
  const a = el.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  const x = a.left + a.width / 2, y = a.top + a.height / 2;
  return x >= b.left && x <= b.right && y >= b.top && y <= b.bottom;
}
"#)]
extern "C" {
    fn pointer(el: &Element, kind: &str, x: f64, y: f64);
    fn click(el: &Element);
    fn key(el: &Element, key: &str);
    fn focus(el: &Element);
    fn resize();
    fn touch_cancelled(el: &Element) -> bool;
    fn focused(el: &Element) -> bool;
    fn centre_x(el: &Element) -> f64;
    fn centre_y(el: &Element) -> f64;
    fn inside(el: &Element, zone: &Element) -> bool;
}

/// Three replicas, C down, alice's put at 10 ms, bob's get at 200 ms; 10 ms per message.
const NODE_DOWN: &str = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice","bob"],
    "n": 3, "w": 2, "r": 2, "latency": {"constant": 10}, "placement": {"cart": ["A","B","C"]}},
  "events": [
    {"at": 0, "crash": "C"},
    {"at": 10, "put": {"client": "alice", "key": "cart", "value": "milk"}},
    {"at": 200, "get": {"client": "bob", "key": "cart"}}]}"#;

/// w = r = 1 across a partition: alice and A apart from bob, B and C; bob's read is stale.
const STALE_READ: &str = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice","bob"],
    "n": 3, "w": 1, "r": 1, "read_repair": false, "latency": {"constant": 10},
    "placement": {"cart": ["A","B","C"]}},
  "events": [
    {"at": 0, "partition": [["alice", "A"], ["bob", "B", "C"]]},
    {"at": 10, "put": {"client": "alice", "key": "cart", "value": "milk"}},
    {"at": 100, "get": {"client": "bob", "key": "cart"}}]}"#;

fn snapshot_at(scenario: &str, ms: u64) -> Snapshot {
    let mut sim = Simulator::new(Scenario::from_json(scenario).expect("a valid scenario"));
    sim.advance_to(ms * 1000);
    Snapshot::of(&sim, 150_000)
}

struct Mounted {
    root: Element,
    sent: Rc<RefCell<Vec<Msg>>>,
    handle: yew::AppHandle<ClusterView>,
}

impl Mounted {
    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| wasm_bindgen::JsCast::unchecked_into(list.item(i).unwrap()))
            .collect()
    }

    fn take(&self) -> Vec<Msg> {
        std::mem::take(&mut *self.sent.borrow_mut())
    }

    /// Renders the view again with another snapshot, as the page does every frame.
    async fn show(&mut self, snapshot: Snapshot) {
        self.handle.update(props(snapshot, None, false, &self.sent));
        TimeoutFuture::new(30).await;
    }
}

fn props(
    snapshot: Snapshot,
    selected_op: Option<quorumscope_engine::OpId>,
    reduced_motion: bool,
    sent: &Rc<RefCell<Vec<Msg>>>,
) -> ClusterViewProps {
    let log = sent.clone();
    ClusterViewProps {
        snapshot: Rc::new(snapshot),
        selected_op,
        reduced_motion,
        // The page's own narrow callbacks, each recording the message it would send.
        on: Handlers::new(&Callback::from(move |m: Msg| log.borrow_mut().push(m))).cluster,
    }
}

async fn mount(
    snapshot: Snapshot,
    selected_op: Option<quorumscope_engine::OpId>,
    reduced_motion: bool,
) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    root.set_attribute("style", "width: 1000px").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let sent = Rc::new(RefCell::new(Vec::new()));
    let handle = yew::Renderer::<ClusterView>::with_root_and_props(
        root.clone(),
        props(snapshot, selected_op, reduced_motion, &sent),
    )
    .render();
    TimeoutFuture::new(60).await;
    Mounted { root, sent, handle }
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn has_class(el: &Element, class: &str) -> bool {
    attr(el, "class").split_whitespace().any(|c| c == class)
}

#[wasm_bindgen_test]
async fn nodes_and_clients_are_named_buttons_with_their_state() {
    let m = mount(snapshot_at(NODE_DOWN, 60), None, false).await;
    let nodes = m.all("[data-node]");
    let names: Vec<String> = nodes.iter().map(|n| attr(n, "aria-label")).collect();
    assert_eq!(names, ["Node A", "Node B", "Node C"]);
    assert!(nodes
        .iter()
        .all(|n| attr(n, "role") == "button" && attr(n, "tabindex") == "0"));
    let a = attr(&nodes[0], "aria-description");
    assert!(a.starts_with("up, holds cart = milk"), "A: {a}");
    assert!(!a.contains("stale"), "A: {a}");
    // C was down during the write: greyed, marked down, stale, and offers Recover.
    let c = attr(&nodes[2], "aria-description");
    assert!(c.starts_with("down (crashed)"), "C: {c}");
    assert!(c.contains("stale"), "C: {c}");
    let card = m.one(".cv-node.down");
    assert!(card.text_content().unwrap().contains("down"));
    assert!(has_class(&card, "stale"));
    let actions: Vec<String> = m
        .all("[data-action]")
        .iter()
        .map(|b| attr(b, "aria-label"))
        .collect();
    assert_eq!(actions, ["Crash A", "Crash B", "Recover C"]);
    assert!(m
        .one("[data-node=\"A\"]")
        .text_content()
        .unwrap()
        .contains("milk"));
    let clients: Vec<String> = m
        .all("[data-client]")
        .iter()
        .map(|c| attr(c, "aria-label"))
        .collect();
    assert_eq!(clients, ["Client alice", "Client bob"]);
    // No partition, yet the drop zones are there.
    let zones: Vec<String> = m
        .all("[data-zone]")
        .iter()
        .map(|z| attr(z, "data-zone"))
        .collect();
    assert_eq!(zones, ["0", "1", "2"]);
    let heal = m.one(".cv-heal");
    assert_eq!(attr(&heal, "aria-disabled"), "true");
    click(&heal);
    assert!(m.take().is_empty(), "nothing to heal");
}

#[wasm_bindgen_test]
async fn messages_have_kind_fate_name_and_summary_and_a_click_drops_one() {
    // At 15 ms alice's writes (sent at 10 ms) are half way.
    let m = mount(snapshot_at(NODE_DOWN, 15), None, false).await;
    let writes = m.all("[data-message-id][data-kind=\"write\"]");
    assert_eq!(writes.len(), 3, "one write per replica");
    let to_a = writes
        .iter()
        .find(|w| attr(w, "aria-label") == "write from alice to A")
        .expect("a write from alice to A");
    assert_eq!(attr(to_a, "data-fate"), "in_flight");
    assert_eq!(attr(to_a, "role"), "button");
    assert_eq!(attr(to_a, "tabindex"), "0");
    let title = to_a
        .query_selector("title")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(title.contains("milk"), "summary: {title}");

    let id = quorumscope_engine::MsgId(attr(to_a, "data-message-id").parse().unwrap());
    click(to_a);
    assert_eq!(m.take(), [Msg::DropMessage(id)]);
    key(to_a, "Enter");
    assert_eq!(m.take(), [Msg::DropMessage(id)]);
}

#[wasm_bindgen_test]
async fn a_message_cut_by_the_partition_dies_with_a_visible_mark() {
    // alice's write to B is cut: it dies half way (at 15 ms) and lingers.
    let m = mount(snapshot_at(STALE_READ, 17), None, false).await;
    let cut = m.all("[data-message-id][data-fate=\"cut\"]");
    assert!(!cut.is_empty(), "a cut message is drawn");
    let dead = &cut[0];
    assert!(has_class(dead, "lost"));
    assert!(dead.query_selector(".cv-lost-mark").unwrap().is_some());
    assert!(
        dead.query_selector(".cv-hit").unwrap().is_none(),
        "a dead message is no tap target"
    );
    assert!(attr(dead, "aria-label").ends_with("lost (cut)"));
    click(dead);
    assert!(m.take().is_empty(), "a dead message cannot be dropped");
}

#[wasm_bindgen_test]
async fn dragging_a_node_onto_zone_1_moves_it_there() {
    let m = mount(snapshot_at(NODE_DOWN, 60), None, false).await;
    let a = m.one("[data-node=\"A\"]");
    let zone = m.one("[data-zone=\"1\"]");
    let (x0, y0) = (centre_x(&a), centre_y(&a));
    let (x1, y1) = (centre_x(&zone), centre_y(&zone));
    pointer(&a, "pointerdown", x0, y0);
    pointer(&a, "pointermove", x0 + 5.0, y0 + 5.0);
    pointer(&a, "pointermove", (x0 + x1) / 2.0, (y0 + y1) / 2.0);
    TimeoutFuture::new(20).await;
    assert!(
        m.one(".cv-node.dragging")
            .query_selector("[data-node=\"A\"]")
            .unwrap()
            .is_some(),
        "A follows the pointer"
    );
    pointer(&a, "pointermove", x1, y1);
    TimeoutFuture::new(20).await;
    assert!(
        has_class(&zone, "drop-target"),
        "zone 1 shows it takes the drop"
    );
    pointer(&a, "pointerup", x1, y1);
    assert_eq!(
        m.take(),
        [Msg::MoveTo {
            endpoint: "A".to_string(),
            zone: 1
        }]
    );

    // A finger on a node or client drags it rather than scrolling the page; elsewhere it scrolls.
    assert!(touch_cancelled(&a));
    assert!(touch_cancelled(&m.one("[data-client=\"alice\"]")));
    assert!(!touch_cancelled(&zone));
    assert!(!touch_cancelled(&m.one("[aria-label=\"Crash B\"]")));

    // A press without a move is not a drag; a drop outside every zone does nothing.
    let bob = m.one("[data-client=\"bob\"]");
    let (bx, by) = (centre_x(&bob), centre_y(&bob));
    pointer(&bob, "pointerdown", bx, by);
    pointer(&bob, "pointerup", bx, by);
    pointer(&bob, "pointerdown", bx, by);
    pointer(&bob, "pointermove", bx + 30.0, by);
    pointer(&bob, "pointerup", -500.0, -500.0);
    // Back into its own zone: nothing to do.
    pointer(&bob, "pointerdown", bx, by);
    pointer(&bob, "pointermove", bx + 30.0, by);
    pointer(&bob, "pointerup", bx + 10.0, by);
    assert!(m.take().is_empty());
    TimeoutFuture::new(20).await;
    assert!(m.all(".dragging").is_empty(), "the drag is over");
}

#[wasm_bindgen_test]
async fn keys_1_2_and_0_move_a_focused_node_or_client() {
    let m = mount(snapshot_at(NODE_DOWN, 60), None, false).await;
    key(&m.one("[data-node=\"B\"]"), "1");
    key(&m.one("[data-client=\"alice\"]"), "2");
    key(&m.one("[data-node=\"A\"]"), "0");
    key(&m.one("[data-node=\"A\"]"), "x");
    assert_eq!(
        m.take(),
        [
            Msg::MoveTo {
                endpoint: "B".to_string(),
                zone: 1
            },
            Msg::MoveTo {
                endpoint: "alice".to_string(),
                zone: 2
            },
        ],
        "0 on a node already in the main zone and other keys do nothing"
    );
    // In a partition, 0 brings a cut-off node back.
    let m = mount(snapshot_at(STALE_READ, 5), None, false).await;
    key(&m.one("[data-node=\"B\"]"), "0");
    assert_eq!(
        m.take(),
        [Msg::MoveTo {
            endpoint: "B".to_string(),
            zone: 0
        }]
    );
}

#[wasm_bindgen_test]
async fn crash_and_recover_buttons_by_click_and_by_key() {
    let m = mount(snapshot_at(NODE_DOWN, 60), None, false).await;
    click(&m.one("[aria-label=\"Crash A\"]"));
    key(&m.one("[aria-label=\"Recover C\"]"), "Enter");
    key(&m.one("[aria-label=\"Crash B\"]"), " ");
    assert_eq!(
        m.take(),
        [
            Msg::Crash("A".to_string()),
            Msg::Recover("C".to_string()),
            Msg::Crash("B".to_string())
        ]
    );
}

#[wasm_bindgen_test]
async fn a_partition_draws_members_inside_their_zones_and_heal_ends_it() {
    let m = mount(snapshot_at(STALE_READ, 5), None, false).await;
    let zone = |z: u32| m.one(&format!("[data-zone=\"{z}\"]"));
    assert!(inside(&m.one("[data-node=\"A\"]"), &zone(1)));
    assert!(inside(&m.one("[data-client=\"alice\"]"), &zone(1)));
    assert!(inside(&m.one("[data-node=\"B\"]"), &zone(2)));
    assert!(inside(&m.one("[data-client=\"bob\"]"), &zone(2)));
    assert!(!inside(&m.one("[data-node=\"B\"]"), &zone(1)));
    assert!(
        m.one(".cv-link.cut").get_attribute("d").unwrap().len() > 10,
        "cut links"
    );
    let heal = m.one(".cv-heal");
    assert_eq!(attr(&heal, "aria-disabled"), "false");
    click(&heal);
    assert_eq!(m.take(), [Msg::Heal]);
}

#[wasm_bindgen_test]
async fn a_selected_stale_read_shows_its_quorums_and_cause() {
    let snap = snapshot_at(STALE_READ, 300);
    let get = snap.history.iter().find(|o| o.kind == OpKind::Get).unwrap();
    assert!(get.stale);
    let m = mount(snap.clone(), Some(get.id), false).await;
    let class = |n: &str| {
        m.one(&format!("[data-node=\"{n}\"]"))
            .parent_element()
            .unwrap()
    };
    assert!(
        has_class(&class("A"), "hl-write"),
        "A acknowledged the write"
    );
    assert!(!has_class(&class("A"), "hl-read"));
    let readers: Vec<&str> = ["B", "C"]
        .into_iter()
        .filter(|n| has_class(&class(n), "hl-read"))
        .collect();
    assert_eq!(readers.len(), 1, "r = 1: one replica answered");
    let cause = m.one(".cv-stale-cause").text_content().unwrap();
    assert!(cause.contains("had acknowledged op"), "{cause}");
    assert!(m
        .one(".cv-quorum")
        .text_content()
        .unwrap()
        .contains("answered this read"));
    click(&m.one(".cv-clear"));
    assert_eq!(m.take(), [Msg::Select(None)]);

    // A selected put highlights the replicas that acknowledged it.
    let put = snap.history.iter().find(|o| o.kind == OpKind::Put).unwrap();
    let m = mount(snap.clone(), Some(put.id), false).await;
    let class = |n: &str| {
        m.one(&format!("[data-node=\"{n}\"]"))
            .parent_element()
            .unwrap()
    };
    assert!(has_class(&class("A"), "hl-write"));
    assert!(!has_class(&class("B"), "hl-write"));
}

#[wasm_bindgen_test]
async fn reduced_motion_holds_each_message_at_its_midpoint() {
    let transform = |m: &Mounted| {
        let w = m.one("[data-message-id][data-kind=\"write\"]");
        (attr(&w, "data-message-id"), attr(&w, "transform"))
    };
    let early = mount(snapshot_at(NODE_DOWN, 11), None, true).await;
    let late = mount(snapshot_at(NODE_DOWN, 18), None, true).await;
    assert_eq!(transform(&early), transform(&late), "held still");
    // An arrowhead pointing the way it goes: alice (left) to A (up and to the right).
    let d = attr(&early.one("[data-message-id] path.cv-dot"), "d");
    let tip: Vec<f64> = d[1..d.find('L').unwrap()]
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(tip[0] > 0.0 && tip[1] < 0.0, "arrowhead {d}");
    let early = mount(snapshot_at(NODE_DOWN, 11), None, false).await;
    let late = mount(snapshot_at(NODE_DOWN, 18), None, false).await;
    assert_eq!(transform(&early).0, transform(&late).0);
    assert_ne!(transform(&early).1, transform(&late).1, "moving");
}

#[wasm_bindgen_test]
async fn messages_move_with_time_keep_their_focus_and_go_when_they_arrive() {
    let mut sim = Simulator::new(Scenario::from_json(NODE_DOWN).unwrap());
    sim.advance_to(11_000);
    let mut m = mount(Snapshot::of(&sim, 150_000), None, false).await;
    let write = m.one("[data-message-id][aria-label=\"write from alice to A\"]");
    let id = quorumscope_engine::MsgId(attr(&write, "data-message-id").parse().unwrap());
    let at_11 = attr(&write, "transform");
    focus(&write);
    assert!(focused(&write));

    sim.advance_to(15_000);
    m.show(Snapshot::of(&sim, 150_000)).await;
    let same = m.one(&format!("[data-message-id=\"{id}\"]"));
    assert!(focused(&same), "the same element, still focused");
    assert_ne!(attr(&same, "transform"), at_11, "it moved");
    assert_eq!(m.all("[data-message-id]").len(), 3);

    // Dropped by hand: it dies where it is and is no longer a button.
    assert!(sim.drop_message(id));
    m.show(Snapshot::of(&sim, 150_000)).await;
    let dropped = m.one(&format!("[data-message-id=\"{id}\"]"));
    assert_eq!(attr(&dropped, "data-fate"), "dropped");
    assert!(has_class(&dropped, "lost"));
    assert_eq!(attr(&dropped, "role"), "img");
    assert!(dropped.get_attribute("tabindex").is_none());

    // At 25 ms the other writes have arrived and their acks are on the way.
    sim.advance_to(25_000);
    m.show(Snapshot::of(&sim, 150_000)).await;
    let kinds: Vec<String> = m
        .all("[data-message-id]")
        .iter()
        .map(|e| format!("{} {}", attr(e, "data-kind"), attr(e, "data-fate")))
        .collect();
    assert!(kinds.iter().any(|k| k == "ack in_flight"), "{kinds:?}");
    assert!(
        !kinds.iter().any(|k| k == "write in_flight"),
        "arrived writes are gone: {kinds:?}"
    );
    // Long after, nothing is left.
    sim.advance_to(600_000);
    m.show(Snapshot::of(&sim, 150_000)).await;
    assert!(m.all("[data-message-id]").is_empty());
}

#[wasm_bindgen_test]
async fn the_layout_follows_the_width_it_is_given() {
    let m = mount(snapshot_at(NODE_DOWN, 60), None, false).await;
    let view_width = |m: &Mounted| -> f64 {
        let view_box = attr(&m.one("svg.cv-svg"), "viewBox");
        view_box.split(' ').nth(2).unwrap().parse().unwrap()
    };
    let side_by_side = |m: &Mounted| {
        let y = |z: &str| centre_y(&m.one(&format!("[data-zone=\"{z}\"]")));
        (y("1") - y("2")).abs() < 1.0
    };
    assert!(view_width(&m) > 640.0, "wide: {}", view_width(&m));
    assert!(
        !side_by_side(&m),
        "wide: zones 1 and 2 stacked beside the ring"
    );

    m.root.set_attribute("style", "width: 390px").unwrap();
    resize();
    TimeoutFuture::new(40).await;
    assert!(view_width(&m) <= 390.0, "phone: {}", view_width(&m));
    assert!(
        side_by_side(&m),
        "phone: zones 1 and 2 side by side under the ring"
    );

    m.root.set_attribute("style", "width: 1000px").unwrap();
    resize();
    TimeoutFuture::new(40).await;
    assert!(view_width(&m) > 640.0, "wide again: {}", view_width(&m));
}
