//! The detector's behaviour, against Dynamo section 4.8: beliefs come from traffic, lag behind
//! crashes and heals, and may differ between nodes.

use super::*;
use crate::ids::EndpointId;
use crate::time::Micros;
use proptest::prelude::*;

const A: EndpointId = EndpointId(0);
const B: EndpointId = EndpointId(1);
const C: EndpointId = EndpointId(2);
const MS: Micros = 1000;

/// Suspect after 300 ms without an answer, probe every 500 ms.
fn timeout() -> DetectorConfig {
    DetectorConfig::Timeout {
        suspect_after: 300 * MS,
        probe_every: 500 * MS,
    }
}

fn suspect(observer: EndpointId, peer: EndpointId, at: Micros) -> Change {
    Change {
        observer,
        peer,
        now_suspected: true,
        at,
    }
}

fn trust(observer: EndpointId, peer: EndpointId, at: Micros) -> Change {
    Change {
        observer,
        peer,
        now_suspected: false,
        at,
    }
}

#[test]
fn dynamo_s4_8_a_crashed_peer_is_suspected_only_after_a_request_goes_unanswered() {
    // C crashes at 50 ms; the detector is never told. A sends C a request at 100 ms.
    let mut d = Beliefs::new(timeout(), 3, 3);
    assert_eq!(d.next_deadline(), None);
    assert!(d.poll(10_000 * MS).is_empty(), "a crash alone is not seen");
    d.sent_request(A, C, 100 * MS);
    assert_eq!(d.next_deadline(), Some(400 * MS));
    assert!(d.poll(400 * MS - 1).is_empty());
    assert!(d.believes_up(A, C, false), "belief lags the crash");
    assert_eq!(d.poll(400 * MS), [suspect(A, C, 400 * MS)]);
    assert!(!d.believes_up(A, C, false));
    assert!(d.suspects(A, C));
    assert_eq!(d.suspects_of(A).collect::<Vec<_>>(), [C]);
    assert_eq!(
        d.belief(A, C),
        Some(PeerBelief {
            last_heard: None,
            oldest_unanswered: Some(100 * MS),
            suspected_since: Some(400 * MS),
            next_probe: Some(900 * MS),
        })
    );
    assert!(
        d.poll(10_000 * MS).is_empty(),
        "a suspicion is reported once"
    );
}

#[test]
fn dynamo_s4_8_the_oldest_unanswered_request_starts_the_clock() {
    let mut d = Beliefs::new(timeout(), 3, 3);
    d.sent_request(A, C, 0);
    d.sent_request(A, C, 200 * MS);
    assert_eq!(d.next_deadline(), Some(300 * MS));
    assert_eq!(d.poll(300 * MS), [suspect(A, C, 300 * MS)]);
}

#[test]
fn dynamo_s4_8_a_reply_in_time_keeps_the_peer_trusted() {
    let mut d = Beliefs::new(timeout(), 3, 3);
    d.sent_request(A, B, 0);
    assert_eq!(d.heard_from(A, B, 299 * MS), None);
    assert_eq!(d.next_deadline(), None);
    assert!(d.poll(10_000 * MS).is_empty());
    assert!(d.believes_up(A, B, true));
    assert_eq!(
        d.belief(A, B),
        Some(PeerBelief {
            last_heard: Some(299 * MS),
            ..PeerBelief::default()
        })
    );
    // The next request starts a new clock.
    d.sent_request(A, B, 1000 * MS);
    assert_eq!(d.next_deadline(), Some(1300 * MS));
}

#[test]
fn dynamo_s4_8_a_recovered_peer_is_trusted_again_only_after_it_answers_a_probe() {
    let mut d = Beliefs::new(timeout(), 3, 3);
    d.sent_request(A, C, 100 * MS);
    assert_eq!(d.poll(400 * MS), [suspect(A, C, 400 * MS)]);
    // First probe 500 ms after the suspicion began; C is still down and does not answer.
    assert_eq!(d.next_deadline(), Some(900 * MS));
    assert!(d.probes_due(900 * MS - 1).is_empty());
    assert_eq!(d.probes_due(900 * MS), [(A, C)]);
    assert_eq!(d.next_deadline(), Some(1400 * MS));
    // C recovers at 1000 ms: A still suspects it until the next probe is answered.
    assert!(!d.believes_up(A, C, true), "belief lags the heal");
    assert_eq!(d.probes_due(1400 * MS), [(A, C)]);
    assert!(d.suspects(A, C));
    assert_eq!(d.heard_from(A, C, 1402 * MS), Some(trust(A, C, 1402 * MS)));
    assert!(d.believes_up(A, C, true));
    assert_eq!(d.suspects_of(A).count(), 0);
    assert_eq!(d.next_deadline(), None, "no probes once trusted");
    assert!(d.probes_due(10_000 * MS).is_empty());
    assert_eq!(d.heard_from(A, C, 1403 * MS), None, "trusted already");
}

#[test]
fn dynamo_s4_8_any_message_from_a_suspected_peer_ends_the_suspicion() {
    // Not only a pong: C's own request to A proves C alive.
    let mut d = Beliefs::new(timeout(), 3, 3);
    d.sent_request(A, C, 0);
    assert_eq!(d.poll(300 * MS), [suspect(A, C, 300 * MS)]);
    assert_eq!(d.heard_from(A, C, 350 * MS), Some(trust(A, C, 350 * MS)));
    assert_eq!(d.next_deadline(), None);
}

#[test]
fn dynamo_s4_8_a_late_probe_call_keeps_the_rhythm_without_a_burst() {
    let mut d = Beliefs::new(timeout(), 3, 3);
    d.sent_request(A, C, 0);
    d.poll(300 * MS);
    // Probes were due at 800 and 1300 ms; asked only at 1350 ms, one probe goes out.
    assert_eq!(d.probes_due(1350 * MS), [(A, C)]);
    assert_eq!(d.next_deadline(), Some(1800 * MS));
    assert!(d.probes_due(1799 * MS).is_empty());
}

#[test]
fn dynamo_s4_8_two_observers_can_disagree() {
    // C is down. A has asked C something; B has not, and last heard from C before the crash.
    let mut d = Beliefs::new(timeout(), 3, 3);
    d.heard_from(B, C, 10 * MS);
    d.sent_request(A, C, 100 * MS);
    assert_eq!(d.poll(400 * MS), [suspect(A, C, 400 * MS)]);
    assert!(!d.believes_up(A, C, false));
    assert!(d.believes_up(B, C, false));
    assert_eq!(d.suspects_of(B).count(), 0);
    // Later B asks too, and comes to the same belief on its own clock.
    d.sent_request(B, C, 600 * MS);
    assert_eq!(d.poll(900 * MS), [suspect(B, C, 900 * MS)]);
    // A's probe is answered once C is back; B still suspects C until its own probe is.
    assert_eq!(d.probes_due(900 * MS), [(A, C)]);
    assert_eq!(d.heard_from(A, C, 903 * MS), Some(trust(A, C, 903 * MS)));
    assert!(d.believes_up(A, C, true));
    assert!(!d.believes_up(B, C, true));
    // Beliefs are not symmetric either: C never suspected anyone.
    assert_eq!(d.suspects_of(C).count(), 0);
}

#[test]
fn dynamo_s4_8_no_traffic_means_no_suspicion() {
    let mut d = Beliefs::new(timeout(), 4, 3);
    assert_eq!(d.next_deadline(), None);
    assert!(d.poll(Micros::MAX).is_empty());
    assert!(d.probes_due(Micros::MAX).is_empty());
    for o in 0..4 {
        for p in 0..3 {
            assert!(d.believes_up(EndpointId(o), EndpointId(p), false));
        }
    }
}

#[test]
fn dynamo_s4_8_the_perfect_detector_reports_nothing_and_answers_with_the_truth() {
    let mut d = Beliefs::new(DetectorConfig::Perfect, 3, 3);
    d.sent_request(A, C, 0);
    assert_eq!(d.next_deadline(), None);
    assert!(d.poll(Micros::MAX).is_empty());
    assert!(d.probes_due(Micros::MAX).is_empty());
    assert_eq!(d.heard_from(A, C, 5), None);
    assert!(d.believes_up(A, C, true));
    assert!(!d.believes_up(A, C, false));
    assert!(!d.suspects(A, C));
    assert_eq!(d.suspects_of(A).count(), 0);
    assert_eq!(d.belief(A, C), None);
    assert!(d.forget(A, 9).is_empty());
    assert_eq!(d.config(), DetectorConfig::Perfect);
}

#[test]
fn dynamo_s4_8_a_crashed_observer_forgets_its_suspicions() {
    let mut d = Beliefs::new(timeout(), 3, 3);
    d.sent_request(A, B, 0);
    d.sent_request(A, C, 100 * MS);
    d.poll(300 * MS);
    assert_eq!(d.suspects_of(A).collect::<Vec<_>>(), [B]);
    assert_eq!(d.forget(A, 350 * MS), [trust(A, B, 350 * MS)]);
    assert_eq!(d.suspects_of(A).count(), 0);
    assert_eq!(d.next_deadline(), None, "C's pending suspicion is gone too");
    assert_eq!(d.belief(A, C), Some(PeerBelief::default()));
}

#[test]
fn dynamo_s4_8_clients_observe_too_and_bad_indices_are_ignored() {
    // Endpoint 3 is a client coordinating requests; peers are the nodes 0..3.
    let mut d = Beliefs::new(timeout(), 4, 3);
    d.sent_request(EndpointId(3), B, 0);
    assert_eq!(d.poll(300 * MS), [suspect(EndpointId(3), B, 300 * MS)]);
    // Out of range, or about oneself: ignored, no panic.
    d.sent_request(EndpointId(9), B, 0);
    d.sent_request(A, EndpointId(9), 0);
    d.sent_request(A, A, 0);
    assert_eq!(d.heard_from(EndpointId(9), EndpointId(9), 1), None);
    assert!(!d.suspects(EndpointId(9), B));
    assert_eq!(d.suspects_of(EndpointId(9)).count(), 0);
    assert!(d.forget(EndpointId(9), 1).is_empty());
    assert_eq!(d.belief(A, A), None);
    assert_eq!(d.next_deadline(), Some(800 * MS), "only 3's probe of B");
}

/// Something the simulator tells the detector, at a time in microseconds.
#[derive(Clone, Debug)]
enum Op {
    Sent(usize, usize),
    Heard(usize, usize),
    Forget(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 0..3usize).prop_map(|(o, p)| Op::Sent(o, p)),
        (0..3usize, 0..3usize).prop_map(|(o, p)| Op::Heard(o, p)),
        (0..3usize).prop_map(Op::Forget),
    ]
}

/// What the detector said: (time, change) and (time, probe) in the order said.
#[derive(Debug, Default, PartialEq)]
struct Log {
    changes: Vec<Change>,
    probes: Vec<(Micros, EndpointId, EndpointId)>,
}

fn apply(d: &mut Beliefs, op: &Op, now: Micros, log: &mut Log) {
    match *op {
        Op::Sent(o, p) => d.sent_request(EndpointId(o), EndpointId(p), now),
        Op::Heard(o, p) => log
            .changes
            .extend(d.heard_from(EndpointId(o), EndpointId(p), now)),
        Op::Forget(o) => log.changes.extend(d.forget(EndpointId(o), now)),
    }
}

fn due(d: &mut Beliefs, now: Micros, log: &mut Log) -> bool {
    let changes = d.poll(now);
    let probes = d.probes_due(now);
    let any = !changes.is_empty() || !probes.is_empty();
    log.changes.extend(changes);
    log.probes
        .extend(probes.into_iter().map(|(o, p)| (now, o, p)));
    any
}

proptest! {
    /// `next_deadline` is exact: a simulator that wakes only at it sees the same suspicions and
    /// probes, at the same times, as one that asks every microsecond; before it nothing is due,
    /// at it something is.
    #[test]
    fn dynamo_s4_8_next_deadline_is_exact(
        suspect_after in 0u64..6,
        probe_every in 1u64..6,
        ops in prop::collection::vec((0u64..4, op()), 0..40),
    ) {
        let config = DetectorConfig::Timeout { suspect_after, probe_every };
        let end: Micros = ops.iter().map(|(gap, _)| gap).sum::<Micros>() + 20;
        // Ticking: every microsecond, deadlines first, then that microsecond's traffic.
        let mut ticked = Beliefs::new(config, 3, 3);
        let mut tick_log = Log::default();
        let mut times = Vec::new();
        let mut t = 0;
        for (gap, op) in &ops {
            t += gap;
            times.push((t, op));
        }
        let mut next_op = 0;
        for now in 0..=end {
            due(&mut ticked, now, &mut tick_log);
            while next_op < times.len() && times[next_op].0 == now {
                apply(&mut ticked, times[next_op].1, now, &mut tick_log);
                next_op += 1;
            }
        }
        // Jumping: from one traffic time or deadline to the next.
        let mut jumped = Beliefs::new(config, 3, 3);
        let mut jump_log = Log::default();
        let mut next_op = 0;
        loop {
            let op_at = times.get(next_op).map(|&(t, _)| t);
            let deadline = jumped.next_deadline().filter(|&d| d <= end);
            let now = match (op_at, deadline) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) => break,
            };
            if now > 0 {
                let mut quiet = Log::default();
                prop_assert!(!due(&mut jumped.clone(), now - 1, &mut quiet));
            }
            let fired = due(&mut jumped, now, &mut jump_log);
            prop_assert_eq!(fired, deadline == Some(now));
            while next_op < times.len() && times[next_op].0 == now {
                apply(&mut jumped, times[next_op].1, now, &mut jump_log);
                next_op += 1;
            }
        }
        prop_assert_eq!(tick_log, jump_log);
    }
}
