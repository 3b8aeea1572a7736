//! Issue 8, point 3 ("say in words what replicas did"): each operation's record keeps every
//! reply its coordinator received (who answered, with what), the read repairs it caused, and the
//! replicas that stored its write, failed or not; hints handed back are marked on the write; a
//! replica that is stale only because a write to it is in flight is told apart.

use quorumscope_engine::sim::Happening;
use quorumscope_engine::snapshot::{AnswerView, Snapshot, SnapshotCache};
use quorumscope_engine::Answer;
use quorumscope_engine::{EndpointId, KeyId, OpId, Scenario, Simulator};
use quorumscope_engine::{Outcome, StoreRecord};

fn sim(json: &str) -> Simulator {
    Simulator::new(Scenario::from_json(json).expect("a valid scenario"))
}

/// C misses alice's put while down, comes back, and a read with r = 3 hears it answer nothing:
/// the read repairs it.
const MISSED: &str = r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 3,
        "latency": {"constant": 10}, "placement": {"cart": ["A","B","C"]}},
    "events": [
      {"at": 0, "crash": "C"},
      {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
      {"at": 50, "recover": "C"},
      {"at": 60, "get": {"client": "bob", "key": "cart"}}]}"#;

#[test]
fn a_get_records_what_each_replica_answered_and_whom_it_repaired() {
    let mut s = sim(MISSED);
    s.run(None);
    let get = &s.history()[1];
    assert_eq!(get.outcome, Outcome::Ok);
    let mut answers: Vec<(usize, usize)> = get
        .replies
        .iter()
        .map(|r| match &r.answer {
            Answer::Versions(state) => (r.from.0, state.values().len()),
            other => panic!("a read's reply holds versions, got {other:?}"),
        })
        .collect();
    answers.sort();
    assert_eq!(answers, [(0, 1), (1, 1), (2, 0)], "C had nothing");
    let repaired: Vec<usize> = get.repairs.iter().map(|r| r.to.0).collect();
    assert_eq!(repaired, [2]);
    assert!(s.journal().iter().any(|e| e.what
        == Happening::ReadRepair {
            op: OpId(2),
            to: EndpointId(2)
        }));
    assert_eq!(s.metrics().read_repairs, 1);

    let snap = Snapshot::of(&s, 0);
    let view = &snap.history[1];
    let c = view.replies.iter().find(|r| r.replica == "C").unwrap();
    assert_eq!(
        c.answer,
        AnswerView::Versions {
            versions: vec![],
            more: 0
        }
    );
    let a = view.replies.iter().find(|r| r.replica == "A").unwrap();
    assert_eq!(
        a.answer,
        AnswerView::Versions {
            versions: vec!["milk (alice:1)".to_string()],
            more: 0
        }
    );
    assert_eq!(view.repaired, ["C"]);
    // The put's record: A and B stored it, C (down) did not.
    let put = &snap.history[0];
    let stored: Vec<&str> = put.stores.iter().map(|s| s.replica.as_str()).collect();
    assert_eq!(stored, ["A", "B"]);
}

/// With r = 2 the stale replica's answer comes after the quorum, and so does its repair: the
/// read's view, built when it finished, is built again when they arrive.
#[test]
fn a_late_reply_and_its_repair_reach_a_finished_reads_view() {
    let json = MISSED.replace(r#""r": 3"#, r#""r": 2"#).replace(
        r#"{"at": 60, "get""#,
        r#"{"at": 60, "configure": {"latency": {"uniform": [1, 30]}}}, {"at": 61, "get""#,
    );
    for seed in 0..20 {
        let json = json.replacen('{', &format!(r#"{{"seed": {seed}, "#), 1);
        let mut s = sim(&json);
        let mut cache = SnapshotCache::default();
        let mut t = 0;
        while t < 400_000 {
            t += 700;
            s.advance_to(t);
            let cached = Snapshot::cached(&s, 0, &mut cache);
            assert_eq!(
                cached.history,
                Snapshot::of(&s, 0).history,
                "seed {seed} at {t}"
            );
        }
        let get = &s.history()[1];
        // Wanted: C answered after the quorum (A and B) and was repaired then.
        if get.repairs.is_empty() || get.replies_from.contains(&EndpointId(2)) {
            continue;
        }
        assert!(
            get.repairs[0].at_us > get.completed_us.unwrap(),
            "seed {seed}"
        );
        let view = Snapshot::cached(&s, 0, &mut cache).history[1].clone();
        assert_eq!(view.repaired, ["C"], "seed {seed}");
        let c = view.replies.iter().find(|r| r.replica == "C").unwrap();
        assert!(c.late, "seed {seed}");
        assert!(view
            .replies
            .iter()
            .filter(|r| r.replica != "C")
            .all(|r| !r.late));
        return;
    }
    panic!("no seed had C answer after the quorum");
}

/// w = 3, the write reaches A and B, C crashes before its copy arrives: the put fails (timed out
/// with 2 of 3 acks) yet A and B stored it, and the record says so.
#[test]
fn a_failed_write_records_the_replicas_that_stored_it() {
    let mut s = sim(
        r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 3, "r": 2, "timeout_ms": 100,
                "latency": {"constant": 10}, "placement": {"cart": ["A","B","C"]}},
            "events": [
              {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
              {"at": 5, "crash": "C"}]}"#,
    );
    s.run(None);
    let put = &s.history()[0];
    assert_eq!(put.outcome, Outcome::Fail);
    assert!(put.indeterminate);
    let stored: Vec<usize> = put.stores.iter().map(|st| st.node.0).collect();
    assert_eq!(stored, [0, 1]);
    assert!(put.stores.iter().all(|st| st.hint_for.is_none()));
    let snap = Snapshot::of(&s, 0);
    let names: Vec<&str> = snap.history[0]
        .stores
        .iter()
        .map(|st| st.replica.as_str())
        .collect();
    assert_eq!(names, ["A", "B"]);
}

/// Dynamo section 4.6: D keeps alice's write as a hint for C while C is down, and hands it
/// back when C recovers; the write's record says where it went, and when it went home.
#[test]
fn a_hint_handed_back_is_marked_on_the_write_and_in_the_journal() {
    let mut s = sim(
        r#"{"cluster": {"nodes": ["A","B","C","D"], "n": 3, "w": 3, "r": 2,
                "sloppy_quorum": true, "hinted_handoff": true, "handoff_interval_ms": 100,
                "latency": {"constant": 10}, "placement": {"cart": ["A","B","C","D"]}},
            "events": [
              {"at": 0, "crash": "C"},
              {"at": 10, "put": {"client": "alice", "key": "cart", "value": "milk"}},
              {"at": 500, "recover": "C"}]}"#,
    );
    s.run(None);
    let put = &s.history()[0];
    assert_eq!(put.outcome, Outcome::Ok);
    let hint: &StoreRecord = put
        .stores
        .iter()
        .find(|st| st.node == EndpointId(3))
        .unwrap();
    assert_eq!(hint.hint_for, Some(EndpointId(2)));
    let back = hint.handed_back_us.expect("handed back");
    assert!(back > 500_000, "after C recovered: {back}");
    let entry = s
        .journal()
        .iter()
        .find(|e| {
            e.what
                == Happening::HintHandedBack {
                    fallback: EndpointId(3),
                    home: EndpointId(2),
                    key: KeyId(0),
                }
        })
        .expect("in the journal");
    assert_eq!(entry.at_us, back);
    let view = &Snapshot::of(&s, 0).history[0];
    let d = view.stores.iter().find(|st| st.replica == "D").unwrap();
    assert_eq!(d.hint_for.as_deref(), Some("C"));
    assert_eq!(d.handed_back_us, Some(back));
}

/// A replica coordinating a put stores it at once; B and C are stale until their copies
/// arrive, and while those are in flight they are "behind", not merely stale. A crashed C whose
/// copy is on its way is stale, not behind: the copy will be refused.
#[test]
fn a_replica_whose_write_is_in_flight_is_behind_not_just_stale() {
    let json = |crash: bool| {
        format!(
            r#"{{"cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 1, "r": 1,
                "coordinator": "replica", "read_repair": false,
                "latency": {{"constant": 10}}, "placement": {{"cart": ["A","B","C"]}}}},
            "events": [
              {{"at": 0, "put": {{"client": "alice", "key": "cart", "value": "milk"}}}}
              {}]}}"#,
            if crash {
                r#", {"at": 15, "crash": "C"}"#
            } else {
                ""
            }
        )
    };
    let mut s = sim(&json(false));
    s.advance_to(15_000);
    let snap = Snapshot::of(&s, 0);
    let marks: Vec<(bool, bool)> = snap
        .nodes
        .iter()
        .map(|n| (n.keys[0].stale, n.keys[0].behind))
        .collect();
    assert_eq!(marks, [(false, false), (true, true), (true, true)]);
    s.advance_to(25_000);
    let snap = Snapshot::of(&s, 0);
    assert!(snap
        .nodes
        .iter()
        .all(|n| !n.keys[0].stale && !n.keys[0].behind));

    let mut s = sim(&json(true));
    s.advance_to(16_000);
    let snap = Snapshot::of(&s, 0);
    let c = &snap.nodes[2].keys[0];
    assert!(c.stale && !c.behind, "C is down: its copy will not land");
    assert!(snap.nodes[1].keys[0].behind);
}
