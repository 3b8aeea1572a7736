//! Issue 7, defect 11 ("the page must never stop"): the page plays for as long as it is open, so
//! it must not keep a record of every message. With `Options::message_window` the simulator keeps
//! only the records the animation needs (messages in flight, and finished ones for a while),
//! never more than a fixed number, and the run itself is the same.

use quorumscope_engine::sim::{Fate, MessageWindow, Options};
use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::{Scenario, Simulator};

/// A busy cluster: 8 replicas, anti-entropy every millisecond (valid, and the page once grew to
/// 2.8 GB with it), a put or a get every 2 ms for 4 s over 20 keys, a crash and a partition and
/// message loss, so that messages are lost too.
fn busy() -> Scenario {
    let mut events: Vec<(usize, String)> = vec![
        (50, r#""crash": "C""#.to_string()),
        (100, r#""partition": [["A", "B", "alice"]]"#.to_string()),
        (200, r#""drop_rate": 0.1"#.to_string()),
        (1500, r#""heal": true"#.to_string()),
        (2000, r#""recover": "C""#.to_string()),
    ];
    for i in 0..2000 {
        let (at, client, key) = (i * 2 + 1, ["alice", "bob"][i % 2], i % 20);
        events.push((
            at,
            if i % 3 == 0 {
                format!(r#""get": {{"client": "{client}", "key": "k{key}"}}"#)
            } else {
                format!(r#""put": {{"client": "{client}", "key": "k{key}", "value": "v{i}"}}"#)
            },
        ));
    }
    events.sort_by_key(|e| e.0);
    let events: Vec<String> = events
        .iter()
        .map(|(at, action)| format!(r#"{{"at": {at}, {action}}}"#))
        .collect();
    Scenario::from_json(&format!(
        r#"{{"seed": 3,
        "cluster": {{"nodes": ["A","B","C","D","E","F","G","H"], "n": 3, "w": 2, "r": 2,
                    "anti_entropy_ms": 1, "latency": {{"uniform": [1, 20]}}}},
        "events": [{}]}}"#,
        events.join(",")
    ))
    .expect("a valid scenario")
}

const WINDOW: MessageWindow = MessageWindow {
    linger_us: 150_000,
    max_records: 1_000,
};

fn windowed(window: MessageWindow) -> Simulator {
    Simulator::with_options(
        busy(),
        Options {
            message_window: Some(window),
            ..Options::default()
        },
    )
}

/// Over a long run the records kept stay under the cap while the messages sent grow far past
/// it; the run (its trace) is the one without a window.
#[test]
fn issue7_message_records_stay_bounded_over_a_long_run() {
    let mut full = Simulator::new(busy());
    let mut sim = windowed(WINDOW);
    let mut most = 0;
    for step in 1..=100u64 {
        let t = step * 40_000; // 4 simulated seconds in all
        sim.advance_to(t);
        most = most.max(sim.messages().len());
        assert!(sim.messages().len() <= WINDOW.max_records);
        // Still in order and without gaps: the last record is the last message sent.
        let ids: Vec<u64> = sim.messages().iter().map(|m| m.id.0).collect();
        assert!(ids.windows(2).all(|w| w[1] == w[0] + 1));
        assert_eq!(ids.last().copied(), Some(sim.metrics().messages));
    }
    full.advance_to(4_000_000);
    assert!(
        sim.metrics().messages > 10 * WINDOW.max_records as u64,
        "{} messages: the run must go far past the window",
        sim.metrics().messages
    );
    assert_eq!(full.messages().len() as u64, full.metrics().messages);
    assert!(most > 0);
    assert_eq!(
        sim.trace_hash(),
        full.trace_hash(),
        "the window changes no run"
    );
    assert_eq!(sim.metrics(), full.metrics());
}

/// Below the cap, the window keeps everything the page draws: the snapshot of a windowed run
/// shows exactly the messages of the full one (in flight, and lost ones lingering).
#[test]
fn issue7_the_window_keeps_what_the_animation_shows() {
    let mut full = Simulator::new(busy());
    let mut sim = windowed(MessageWindow {
        linger_us: 150_000,
        max_records: 1_000_000,
    });
    let mut lost_seen = 0;
    for step in 1..=60u64 {
        let t = step * 33_000 + step % 7;
        full.advance_to(t);
        sim.advance_to(t);
        let a = Snapshot::of(&full, 150_000);
        let b = Snapshot::of(&sim, 150_000);
        assert_eq!(a.messages, b.messages, "at {t} µs");
        lost_seen += b.messages.iter().filter(|m| m.lost_us.is_some()).count();
    }
    assert!(
        sim.messages().len() * 4 < full.messages().len(),
        "{} records kept of {}",
        sim.messages().len(),
        full.messages().len()
    );
    assert!(
        lost_seen > 0,
        "lost messages linger in the windowed run too"
    );
}

/// A user's drop of a message whose record was let go (past the cap) still drops the message,
/// and a drop of one still recorded marks its record.
#[test]
fn issue7_dropping_works_with_and_without_the_record() {
    let mut sim = windowed(MessageWindow {
        linger_us: 0,
        max_records: 10,
    });
    sim.advance_to(1_000_000);
    let first_kept = sim.messages().front().map(|m| m.id).unwrap();
    let in_flight = sim
        .messages()
        .iter()
        .find(|m| m.fate == Fate::InFlight)
        .map(|m| m.id)
        .expect("a message in flight among the last ten");
    assert!(sim.drop_message(in_flight));
    let m = sim.messages().iter().find(|m| m.id == in_flight).unwrap();
    assert_eq!(m.fate, Fate::Dropped);
    assert!(sim.messages().len() <= 10);
    // Message 1 was delivered long ago: nothing to drop, and nothing breaks.
    assert!(first_kept.0 > 1);
    assert!(!sim.drop_message(quorumscope_engine::MsgId(1)));
}
