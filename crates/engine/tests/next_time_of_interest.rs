//! Issue 8, point 1 ("a pace you can follow"): the page skips stretches where nothing is in
//! flight, up to the next event that can change what it shows. The deadline of an operation
//! that has already finished does nothing, so it is not such an event.

use quorumscope_engine::sim::Fate;
use quorumscope_engine::Simulator;

#[test]
fn a_finished_operations_deadline_is_not_an_event_of_interest() {
    let mut sim = Simulator::from_json(
        r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"], "n": 3, "w": 2, "r": 2,
            "latency": {"constant": 10}, "timeout_ms": 1000},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
                       {"at": 5000, "get": {"client": "alice", "key": "k"}}]}"#,
    )
    .expect("a valid scenario");
    // Run until the put has finished and nothing is in flight.
    while sim
        .history()
        .first()
        .is_none_or(|op| op.completed_us.is_none())
        || sim.messages().iter().any(|m| m.fate == Fate::InFlight)
    {
        assert!(sim.step(), "the put finishes");
    }
    // What is left before the get: the put's deadline, at 1000 ms.
    assert_eq!(sim.next_time(), Some(1_000_000));
    assert_eq!(sim.next_time_of_interest(), Some(5_000_000));
    // While the put is open (B and C crashed after it was sent) its deadline counts.
    let mut open = Simulator::from_json(
        r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"], "n": 3, "w": 2, "r": 2,
            "latency": {"constant": 10}, "timeout_ms": 1000},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
                       {"at": 1, "crash": "B"}, {"at": 1, "crash": "C"}]}"#,
    )
    .expect("a valid scenario");
    while open.history().is_empty() || open.now() < 20_000 {
        assert!(open.step());
    }
    assert_eq!(open.next_time_of_interest(), Some(1_000_000));
}
