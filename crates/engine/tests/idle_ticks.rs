//! Issue 7, defect 6, "No valid file may run forever": background ticks (anti-entropy rounds,
//! hinted-handoff checks) that cannot change anything are skipped, in `qsim run` and on the page
//! (`advance_to`, `step`) alike, and `qsim run` gives up, with one line, on a run that has not
//! settled within a bounded number of events. Every test bounds its run by a number of events,
//! never by time: before the fix each of them ran out of that bound.

use quorumscope_engine::sim::{Simulator, MAX_RUN_EVENTS};
use quorumscope_engine::time::Micros;
use quorumscope_engine::MessageKind;
use quorumscope_engine::{run_json_bounded, Scenario};
use serde_json::{json, Value};

/// Far fewer events than any of these runs took before the fix (10^10 and more), and enough for
/// the rounds that do run: while the write of the first file is on its way to the replicas
/// they differ, and anti-entropy every microsecond runs about 3 rounds a microsecond for the
/// few milliseconds that lasts.
const BOUND: u64 = 1_000_000;

/// Advances the page's simulator to `t` as [`Simulator::advance_to`] does (which it calls last),
/// but fails, instead of running on for hours as it did before the fix, when getting there
/// takes `max` events or more.
fn advance_within(sim: &mut Simulator, t: Micros, max: u64) {
    let start = sim.events_processed();
    while sim.next_time().is_some_and(|next| next <= t) {
        assert!(
            sim.events_processed() - start < max,
            "{max} events and still not at {t} us"
        );
        sim.step();
    }
    sim.advance_to(t);
    assert_eq!(sim.now(), t);
}

fn scenario(v: Value) -> Scenario {
    Scenario::from_json(&v.to_string()).expect("valid scenario")
}

/// The first file of the issue: anti-entropy every microsecond and an event at 1e9 ms (10^12
/// rounds per node if every round ran).
fn anti_entropy_every_microsecond() -> Value {
    json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "anti_entropy_ms": 0.001},
        "events": [
            {"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 1e9, "get": {"client": "bob", "key": "k"}}
        ]
    })
}

#[test]
fn issue7_defect6_anti_entropy_every_microsecond_and_an_event_at_1e9_ms_finishes() {
    let text = anti_entropy_every_microsecond().to_string();
    let out: Value = serde_json::from_str(&run_json_bounded(&text, None, BOUND).unwrap()).unwrap();
    assert_eq!(out["history"][1]["values"], json!(["v"]));
    assert!(out["end_ms"].as_f64().unwrap() >= 1e9, "{}", out["end_ms"]);

    // Once the write has reached every replica (by 1 s), the remaining 10^9 ms of the run cost
    // a handful of events.
    let mut sim = Simulator::new(scenario(anti_entropy_every_microsecond()));
    advance_within(&mut sim, 1_000_000, BOUND);
    let settled_at = sim.events_processed();
    assert!(sim.run_bounded(None, BOUND));
    assert!(sim.is_settled());
    assert!(
        sim.events_processed() - settled_at < 100,
        "{} events after 1 s",
        sim.events_processed() - settled_at
    );
}

/// The second file of the issue: a hint whose home replica stays down, and an event at 1e12 ms
/// (10^10 handoff checks per node at the default 100 ms if every check ran).
#[test]
fn issue7_defect6_a_hint_whose_home_stays_down_and_an_event_at_1e12_ms_finishes() {
    let text = json!({
        "cluster": {"nodes": ["A", "B", "C", "D"], "n": 3, "w": 3, "r": 1,
                    "sloppy_quorum": true, "hinted_handoff": true,
                    "placement": {"k": ["A", "B", "C", "D"]}},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 1e12, "get": {"client": "bob", "key": "k"}}
        ]
    });
    let out: Value =
        serde_json::from_str(&run_json_bounded(&text.to_string(), None, BOUND).unwrap()).unwrap();
    assert_eq!(out["history"][0]["outcome"], "ok");
    assert_eq!(
        out["hints"]["D"],
        json!([{"for": "C", "key": "k"}]),
        "{out}"
    );
    assert!(out["end_ms"].as_f64().unwrap() >= 1e12);

    let mut sim = Simulator::new(scenario(text));
    assert!(sim.run_bounded(None, BOUND));
    assert!(
        sim.events_processed() < 1_000,
        "{} events",
        sim.events_processed()
    );
}

/// The page's path: `advance_to` over a long idle stretch with anti-entropy every 0.001 ms
/// takes a handful of events, and the idle ticks park (nothing is left in the queue).
#[test]
fn issue7_defect6_the_page_advances_over_a_long_idle_stretch_in_few_events() {
    let mut sim = Simulator::new(scenario(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "anti_entropy_ms": 0.001},
        "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]
    })));
    advance_within(&mut sim, 1_000_000, BOUND);
    let settled_at = sim.events_processed();
    let mut t = sim.now();
    for _ in 0..100 {
        // A frame's worth of a fast Play, then a much longer jump.
        t += 16_000;
        advance_within(&mut sim, t, 100);
        t += 10_000_000_000;
        advance_within(&mut sim, t, 100);
    }
    assert!(
        sim.events_processed() - settled_at < 100,
        "{} events after 1 s",
        sim.events_processed() - settled_at
    );
    assert_eq!(sim.next_time(), None, "idle ticks should be parked");
    // A Step with nothing to do says so.
    assert!(!sim.step());
}

/// Ticks that were idle come back, in their phase, when something happens again: C misses a
/// write while down; while it is down no round can repair it, so the ticks park; the page then
/// recovers C, and the next anti-entropy rounds repair it. Every round a node runs falls on its
/// own phase (its start offset plus whole periods), skipped rounds or not.
#[test]
fn issue7_defect6_parked_ticks_come_back_in_phase_when_an_action_is_scheduled() {
    let mut sim = Simulator::new(scenario(json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "anti_entropy_ms": 10},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "v"}}
        ]
    })));
    advance_within(&mut sim, 1_000_000_000, BOUND);
    assert_eq!(sim.next_time(), None, "idle ticks should be parked");
    let before = sim.events_processed();
    assert!(before < 1_000, "{before} events");
    assert_eq!(sim.metrics().anti_entropy_repairs, 0);

    let now = sim.now();
    sim.schedule(
        now + 3_333,
        quorumscope_engine::scenario::Action::Recover("C".into()),
    );
    advance_within(&mut sim, now + 100_000, BOUND);
    assert!(sim.metrics().anti_entropy_repairs > 0);
    let c_values = sim.replicas()[2]
        .store
        .iter()
        .flat_map(|(_, s)| s.values())
        .map(|v| v.to_string())
        .collect::<Vec<_>>();
    assert_eq!(c_values, ["v"]);
    // Back to idle once repaired.
    advance_within(&mut sim, now + 10_000_000_000, BOUND);
    assert_eq!(sim.next_time(), None);
    assert!(sim.events_processed() - before < 1_000);

    // Node i of 3 starts at period x (i + 1) / 4 and then ticks every period. A round opens
    // with its root (the answers that follow are sent when the messages arrive).
    let period = 10_000u64;
    let mut rounds = 0;
    for m in sim.messages().iter() {
        if m.kind == MessageKind::AeTree && m.summary.starts_with("anti-entropy: root of") {
            let offset = period * (m.from.0 as u64 + 1) / 4;
            assert_eq!(
                (m.sent_us - offset) % period,
                0,
                "a round of node {} at {} us is out of phase",
                m.from.0,
                m.sent_us
            );
            rounds += 1;
        }
    }
    assert!(rounds > 0);
}

/// The safety net: a run that can never settle (C missed a write, and every message is dropped
/// from then on, so anti-entropy runs forever and never repairs it) stops at the event bound,
/// with one line that says so; `qsim run` uses [`MAX_RUN_EVENTS`] and exits 2 with that line.
#[test]
fn issue7_defect6_a_run_that_cannot_settle_stops_at_the_event_bound_with_one_line() {
    let text = json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2, "anti_entropy_ms": 10},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 100, "drop_rate": 1.0},
            {"at": 100, "recover": "C"}
        ]
    });
    let e = run_json_bounded(&text.to_string(), None, 20_000).unwrap_err();
    assert!(
        e.starts_with("the run did not settle within 20000 events (simulated time "),
        "{e}"
    );
    assert!(e.contains("background repair"), "{e}");
    assert!(!e.contains('\n'));

    let mut sim = Simulator::new(scenario(text));
    assert!(!sim.run_bounded(None, 20_000));
    assert_eq!(sim.events_processed(), 20_000);
    assert!(!sim.is_settled());
    const { assert!(MAX_RUN_EVENTS >= 10_000_000) };
}

/// Anti-entropy switched on mid-run by a `configure` event skips idle rounds too: C misses a
/// write while down, anti-entropy every 0.001 ms starts while C is still down (nothing to do:
/// no round runs), repairs C once it recovers, and the 10^9 ms after that cost a handful of
/// events.
#[test]
fn issue7_defect6_anti_entropy_configured_mid_run_skips_idle_rounds() {
    let text = json!({
        "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                    "latency": {"constant": 5}},
        "events": [
            {"at": 0, "crash": "C"},
            {"at": 1, "put": {"client": "alice", "key": "k", "value": "v"}},
            {"at": 100, "configure": {"anti_entropy_ms": 0.001}},
            {"at": 200, "recover": "C"},
            {"at": 1e9, "get": {"client": "bob", "key": "k"}}
        ]
    });
    let mut sim = Simulator::new(scenario(text));
    // Until C recovers, no round runs; the rounds while C is being repaired do run.
    advance_within(&mut sim, 199_000, 100);
    advance_within(&mut sim, 1_000_000, BOUND);
    assert!(sim.metrics().anti_entropy_repairs > 0);
    let repaired_at = sim.events_processed();
    assert!(sim.run_bounded(None, BOUND));
    assert!(sim.is_settled());
    assert!(
        sim.events_processed() - repaired_at < 100,
        "{} events after 1 s",
        sim.events_processed() - repaired_at
    );
    let out = quorumscope_engine::RunResult::of(&sim);
    assert_eq!(out.replicas["C"]["k"].values, ["v"]);
}

/// Issue 7, review of defects 5 and 6: ticks that fall at one time run in one order whichever
/// way they were queued. On the page, an action brings parked ticks back in node order; in the
/// replay of its share link the same action is a scenario event and the ticks moved themselves
/// while idle. Before the fix the two orders differed when ticks coincided (every node's round
/// falls on the same microsecond with anti-entropy every 0.001 ms), and so did every delay
/// drawn after them.
#[test]
fn review_a_page_action_and_its_replay_order_coinciding_ticks_alike() {
    let cluster = json!({"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2,
                         "anti_entropy_ms": 0.001, "latency": {"uniform": [1, 20]}});
    let events = json!([
        {"at": 0, "crash": "C"},
        {"at": 1, "put": {"client": "alice", "key": "k", "value": "v1"}},
        {"at": 2, "put": {"client": "alice", "key": "k", "value": "v2"}}
    ]);
    let mut replay_events = events.as_array().unwrap().clone();
    replay_events.push(json!({"at": 1000, "recover": "C"}));
    let mut replay = Simulator::new(scenario(
        json!({"seed": 7, "cluster": cluster.clone(), "events": replay_events}),
    ));
    assert!(replay.run_bounded(None, BOUND), "the replay settles");

    let mut page = Simulator::new(scenario(
        json!({"seed": 7, "cluster": cluster, "events": events, "name": ""}),
    ));
    advance_within(&mut page, 1_000_000, BOUND);
    page.schedule(
        1_000_000,
        quorumscope_engine::scenario::Action::Recover("C".into()),
    );
    assert!(page.run_bounded(None, BOUND), "the page's run settles");
    assert_eq!(page.trace_hash(), replay.trace_hash());
    assert_eq!(page.metrics(), replay.metrics());
}
