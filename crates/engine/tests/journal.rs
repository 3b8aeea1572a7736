//! Issue 8, point 4 ("narration you can trust"): the simulator keeps a journal of the run's
//! happenings, each at its simulated time, so that the page narrates what happened when it
//! happened, however many events one animation frame covers; the journal is bounded like the
//! message window, and snapshots hand each entry to the page once.

use quorumscope_engine::sim::{Happening, JournalEntry, Options};
use quorumscope_engine::snapshot::{HappeningView, Snapshot, SnapshotCache};
use quorumscope_engine::{EndpointId, OpId, Scenario, Simulator};

fn sim(json: &str, options: Options) -> Simulator {
    Simulator::with_options(
        Scenario::from_json(json).expect("a valid scenario"),
        options,
    )
}

/// Faults, settings and operations, at times a frame of the page would have blurred.
const EVENTFUL: &str = r#"{"seed": 1,
    "cluster": {"nodes": ["A","B","C"], "clients": ["alice", "bob"], "n": 3, "w": 2, "r": 2,
                "latency": {"constant": 10}, "placement": {"k": ["A","B","C"]}},
    "events": [
      {"at": 0, "crash": "C"},
      {"at": 0, "put": {"client": "alice", "key": "k", "value": "milk"}},
      {"at": 0.5, "recover": "C"},
      {"at": 0.5, "recover": "C"},
      {"at": 100, "partition": [["alice", "A"]]},
      {"at": 250, "heal": true},
      {"at": 250, "heal": true},
      {"at": 300, "drop_rate": 0.25},
      {"at": 310, "configure": {"w": 1}}]}"#;

#[test]
fn the_journal_tells_faults_settings_and_operations_at_their_simulated_times() {
    let mut s = sim(EVENTFUL, Options::default());
    s.run(None);
    let entries: Vec<&JournalEntry> = s.journal().iter().collect();
    let at = |what: &Happening| -> Vec<u64> {
        entries
            .iter()
            .filter(|e| &e.what == what)
            .map(|e| e.at_us)
            .collect()
    };
    assert_eq!(at(&Happening::Crashed(EndpointId(2))), [0], "crash at 0 µs");
    assert_eq!(at(&Happening::Invoked(OpId(1))), [0]);
    assert_eq!(
        at(&Happening::Recovered(EndpointId(2))),
        [500],
        "recovered once: recovering an up node is no news"
    );
    assert_eq!(
        at(&Happening::Completed(OpId(1))),
        [20_000],
        "two constant 10 ms hops"
    );
    // Group 1 holds alice and A; B, C and bob stay in group 0.
    assert_eq!(at(&Happening::Partitioned(vec![1, 0, 0, 1, 0])), [100_000]);
    assert_eq!(at(&Happening::Healed), [250_000], "healed once");
    assert_eq!(at(&Happening::DropRate(0.25)), [300_000]);
    assert!(entries
        .iter()
        .any(|e| e.at_us == 310_000 && matches!(e.what, Happening::Configured(_))));
    assert!(
        entries.windows(2).all(|w| w[0].at_us <= w[1].at_us),
        "in order of time"
    );
    assert_eq!(s.journal_total(), entries.len() as u64);
}

#[test]
fn a_snapshot_lists_each_journal_entry_once_with_names() {
    let mut s = sim(EVENTFUL, Options::default());
    let mut cache = SnapshotCache::default();
    let mut seen = Vec::new();
    // Frames of 0.3 ms: the crash and the recovery 0.5 ms later fall in different frames, and
    // frames of 40 ms: both in one.
    for step in [300, 40_000] {
        let mut t = 0;
        while t < 400_000 {
            s.advance_to(t);
            let snap = Snapshot::cached(&s, 0, &mut cache);
            assert_eq!(snap.happenings_missed, 0);
            seen.extend(snap.happenings);
            t += step;
        }
        let seqs: Vec<u64> = seen.iter().map(|h| h.seq).collect();
        assert_eq!(seqs, (0..s.journal_total()).collect::<Vec<_>>());
        let fresh = Snapshot::of(&s, 0);
        assert_eq!(fresh.happenings, seen, "a new cache gets every entry kept");
        assert!(seen
            .iter()
            .any(|h| h.at_us == 0 && h.what == HappeningView::Crashed("C".into())));
        assert!(seen
            .iter()
            .any(|h| h.at_us == 500 && h.what == HappeningView::Recovered("C".into())));
        assert!(seen.iter().any(|h| h.what
            == HappeningView::Partitioned(vec![
                vec!["B".to_string(), "C".into(), "bob".into()],
                vec!["A".into(), "alice".into()],
            ])));
        s = sim(EVENTFUL, Options::default());
        cache = SnapshotCache::default();
        seen.clear();
    }
}

#[test]
fn the_journal_keeps_the_newest_entries_and_counts_the_rest() {
    let events: Vec<String> = (0..500)
        .map(|i| {
            format!(r#"{{"at": {i}, "put": {{"client": "alice", "key": "k", "value": "v{i}"}}}}"#)
        })
        .collect();
    let json = format!(
        r#"{{"cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2}},
            "events": [{}]}}"#,
        events.join(",")
    );
    let options = Options {
        journal_limit: 64,
        ..Options::default()
    };
    let mut s = sim(&json, options);
    let mut cache = SnapshotCache::default();
    let mut told = 0;
    let mut t = 0;
    while t < 2_000_000 {
        t += 100_000;
        s.advance_to(t);
        assert!(s.journal().len() <= 64, "memory stays flat");
        let snap = Snapshot::cached(&s, 0, &mut cache);
        told += snap.happenings.len() as u64 + snap.happenings_missed;
    }
    // An invocation and a completion per put.
    assert_eq!(s.journal_total(), 1_000);
    assert_eq!(s.journal().len(), 64);
    assert_eq!(
        told, 1_000,
        "every entry is told or counted as missed, once"
    );
    let last = s.journal().back().unwrap();
    assert_eq!(last.what, Happening::Completed(OpId(500)));
    let none = sim(
        &json,
        Options {
            journal_limit: 0,
            ..Options::default()
        },
    );
    assert!(none.journal().is_empty());
}
