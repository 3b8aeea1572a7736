//! The diagram's SVG (`src/render.rs`, read by `src/model.rs`): a small known run drawn as a
//! window and as the export.

use quorumscope_diagram::{
    export_svg, render_window, ArrowEnd, BandKind, CausalSets, Diagram, VerdictKind, View,
};
use quorumscope_engine::sim::{Options, CAUSAL_ALL};
use quorumscope_engine::{MessageKind, OpId, Scenario, Simulator};

/// B and C are down while alice puts with w = 1 (A alone stores it; the copies to B and C are
/// refused, lost); they recover, A crashes, and bob's get with r = 1 reads B: stale.
const STALE: &str = r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 1, "r": 1,
        "latency": {"constant": 10}, "placement": {"cart": ["A","B","C"]}},
    "events": [
      {"at": 0, "crash": "B"},
      {"at": 0, "crash": "C"},
      {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
      {"at": 50, "recover": "B"},
      {"at": 50, "recover": "C"},
      {"at": 60, "crash": "A"},
      {"at": 70, "get": {"client": "bob", "key": "cart"}}]}"#;

fn diagram(json: &str) -> Diagram {
    let mut sim = Simulator::with_options(
        Scenario::from_json(json).expect("a valid scenario"),
        Options {
            causal_limit: CAUSAL_ALL,
            ..Options::default()
        },
    );
    sim.run(None);
    Diagram::of(&sim)
}

fn whole(d: &Diagram) -> View {
    View {
        t0_us: 0,
        t1_us: d.end_us,
        width_px: 600.0,
        height_px: 800.0,
        selected: None,
        now_us: None,
    }
}

#[test]
fn lanes_are_the_clients_then_the_nodes() {
    let d = diagram(STALE);
    let names: Vec<&str> = d.lanes.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["alice", "bob", "A", "B", "C"]);
    assert!(d.lanes[0].client && !d.lanes[2].client);
}

#[test]
fn arrows_join_the_right_lanes() {
    let d = diagram(STALE);
    let lane = |name: &str| d.lanes.iter().position(|l| l.name == name).unwrap();
    let first = &d.arrows[0];
    // alice coordinates her put: her write to A (the only node up) arrives, and A's ack
    // comes back to her.
    assert_eq!(
        (first.kind, first.from, first.to, first.end),
        (
            MessageKind::Write,
            lane("alice"),
            lane("A"),
            ArrowEnd::Received
        )
    );
    assert!(d.arrows.iter().any(|a| a.kind == MessageKind::Ack
        && a.from == lane("A")
        && a.to == lane("alice")
        && a.end == ArrowEnd::Received));
    let svg = render_window(&d, &whole(&d), None);
    assert!(
        svg.contains("<line class=\"sd-msg k-write\" data-msg-id=\"1\""),
        "{svg}"
    );
    assert!(svg.contains("marker-end=\"url(#sd-head)\""));
}

#[test]
fn a_message_to_a_crashed_node_ends_in_a_cross() {
    let d = diagram(STALE);
    let lane = |name: &str| d.lanes.iter().position(|l| l.name == name).unwrap();
    let lost: Vec<_> = d
        .arrows
        .iter()
        .filter(|a| a.end == ArrowEnd::Lost)
        .collect();
    assert!(
        lost.iter()
            .any(|a| a.kind == MessageKind::Write && a.to == lane("B")),
        "{lost:?}"
    );
    let svg = render_window(&d, &whole(&d), None);
    for a in &lost {
        assert!(
            svg.contains(&format!("<path class=\"sd-x\" data-msg-id=\"{}\"", a.msg.0)),
            "{svg}"
        );
    }
    // Every received arrow has a head; no lost one has.
    let heads = svg.matches("marker-end").count();
    let received = d
        .arrows
        .iter()
        .filter(|a| a.end == ArrowEnd::Received)
        .count();
    assert_eq!(heads, received);
}

#[test]
fn crashes_are_bands_on_their_lanes() {
    let d = diagram(STALE);
    let lane = |name: &str| d.lanes.iter().position(|l| l.name == name).unwrap();
    let down: Vec<(usize, u64, Option<u64>)> = d
        .bands
        .iter()
        .filter(|b| b.kind == BandKind::Down)
        .map(|b| (b.lane, b.from_us, b.to_us))
        .collect();
    assert!(down.contains(&(lane("B"), 0, Some(50_000))), "{down:?}");
    assert!(down.contains(&(lane("A"), 60_000, None)), "{down:?}");
    let svg = render_window(&d, &whole(&d), None);
    assert_eq!(svg.matches("class=\"sd-band down\"").count(), 3);
}

#[test]
fn a_stale_read_gets_its_mark_with_the_op_logs_words() {
    let d = diagram(STALE);
    let get = d
        .spans
        .iter()
        .find(|s| s.label.starts_with("get"))
        .expect("the get");
    let stale: Vec<_> = d
        .verdicts
        .iter()
        .filter(|v| v.kind == VerdictKind::Stale)
        .collect();
    assert_eq!(stale.len(), 1, "{:?}", d.verdicts);
    assert_eq!(
        (stale[0].op, stale[0].lane, Some(stale[0].at_us)),
        (get.op, get.lane, get.to_us)
    );
    assert!(
        stale[0].text.starts_with("Stale read: "),
        "{}",
        stale[0].text
    );
    let svg = render_window(&d, &whole(&d), None);
    assert!(svg.contains(&format!(
        "<g class=\"sd-v v-stale\" data-op-id=\"{}\"",
        get.op.0
    )));
}

#[test]
fn operations_are_focusable_named_spans() {
    let d = diagram(STALE);
    let svg = render_window(&d, &whole(&d), None);
    assert!(svg.contains(
        "<g class=\"sd-op ok\" data-op-id=\"1\" data-act=\"op:1\" tabindex=\"0\" role=\"button\" \
         aria-pressed=\"false\" aria-label=\"operation 1: put cart=milk, ok, 0 ms to 20 ms\""
    ), "{svg}");
}

#[test]
fn a_window_draws_only_what_it_shows() {
    let d = diagram(STALE);
    // Between 30 and 45 ms nothing is sent and nothing travels: no arrow, no span.
    let view = View {
        t0_us: 30_000,
        t1_us: 45_000,
        ..whole(&d)
    };
    let svg = render_window(&d, &view, None);
    assert_eq!(svg.matches("<line class=\"sd-msg").count(), 0, "{svg}");
    assert_eq!(svg.matches("class=\"sd-op").count(), 0);
    // The get's window holds the get and its messages only.
    let get = d.spans.iter().find(|s| s.label.starts_with("get")).unwrap();
    let view = View {
        t0_us: get.from_us,
        t1_us: get.to_us.unwrap(),
        ..whole(&d)
    };
    let svg = render_window(&d, &view, None);
    let expected = d
        .arrows
        .iter()
        .filter(|a| a.end_us >= get.from_us && a.sent_us <= get.to_us.unwrap())
        .count();
    assert_eq!(svg.matches("<line class=\"sd-msg").count(), expected);
    assert!(expected > 0);
}

#[test]
fn a_selected_operation_marks_its_quorum_and_the_write_it_missed() {
    let d = diagram(STALE);
    let get = d.spans.iter().find(|s| s.label.starts_with("get")).unwrap();
    let sets = CausalSets::of(&d, get.op);
    let view = View {
        selected: Some(get.op),
        now_us: Some(65_000),
        ..whole(&d)
    };
    let svg = render_window(&d, &view, Some(&sets));
    assert!(svg.contains("class=\"sd-op ok selected\""), "{svg}");
    assert!(
        svg.contains("class=\"sd-op ok should-see\" data-op-id=\"1\""),
        "{svg}"
    );
    assert!(svg.contains("<line class=\"sd-lane quorum\""));
    assert!(svg.contains(" past\""));
    assert!(svg.contains("<line class=\"sd-now\""));
    assert_eq!(get.should_see, Some(OpId(1)));
}

#[test]
fn names_and_values_are_escaped() {
    let d = diagram(&STALE.replace("milk", "<b>&\\\"x"));
    let svg = export_svg(&d);
    assert!(svg.contains("put cart=&lt;b&gt;&amp;&quot;x"), "{svg}");
    assert!(!svg.contains("<b>"));
}

#[test]
fn the_export_is_a_standalone_file_with_every_arrow() {
    let d = diagram(STALE);
    let svg = export_svg(&d);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title>") && svg.contains(".k-write{stroke:#2f5fd0}"));
    assert_eq!(svg.matches("<line class=\"sd-msg").count(), d.arrows.len());
    assert!(svg.ends_with("</svg>"));
}

#[test]
fn a_zoomed_out_window_draws_at_most_max_arrows_and_says_how_many_it_left_out() {
    use quorumscope_diagram::MAX_ARROWS;
    use quorumscope_engine::workload::{random_scenario, Nemesis, WorkloadKind};
    let base = Scenario::from_json(
        r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2}, "events": []}"#,
    )
    .unwrap();
    let scenario = random_scenario(&base, 5, WorkloadKind::Register, 4, 1500, &Nemesis::none());
    let mut sim = quorumscope_diagram::replay(scenario);
    sim.run(None);
    let d = Diagram::of(&sim);
    assert!(
        d.arrows.len() > MAX_ARROWS && d.spans.len() < MAX_ARROWS,
        "{} arrows",
        d.arrows.len()
    );
    let svg = render_window(&d, &whole(&d), None);
    assert_eq!(svg.matches("<line class=\"sd-msg").count(), MAX_ARROWS);
    assert!(svg.contains(&format!(
        ">{} more messages and operations here",
        d.arrows.len() - MAX_ARROWS
    )));
    assert_eq!(
        export_svg(&d).matches("<line class=\"sd-msg").count(),
        d.arrows.len()
    );
}
