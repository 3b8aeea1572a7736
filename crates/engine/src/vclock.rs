//! Vector clocks of endpoints (Lamport's happened-before, as Fidge and Mattern count it), for the
//! causal log of a run: which events of the run could have influenced which.
//!
//! A clock holds one counter per endpoint that has ticked, in endpoint order. An endpoint ticks
//! its own counter at each of its events; a receive first merges the sender's clock (the
//! pointwise maximum), then ticks. Event `a` happened before event `b` exactly when `a`'s clock
//! is below `b`'s (every counter at most, one strictly less).

use crate::ids::EndpointId;
use std::cmp::Ordering;

/// How two events' clocks relate ([`VectorClock::compare`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockOrder {
    /// The first happened before the second.
    Before,
    /// The first happened after the second.
    After,
    /// The same clock: the same event (two events of a run never share a clock).
    Equal,
    /// Neither happened before the other.
    Concurrent,
}

/// A vector clock: a counter per endpoint that has ticked, sorted by endpoint, none zero.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VectorClock {
    entries: Vec<(EndpointId, u64)>,
}

impl VectorClock {
    /// The clock of an endpoint that has seen nothing.
    pub fn new() -> VectorClock {
        VectorClock::default()
    }

    /// The counters, by endpoint in index order (only endpoints that have ticked).
    pub fn entries(&self) -> &[(EndpointId, u64)] {
        &self.entries
    }

    /// The counter of `e` (0 if it never ticked, as far as this clock knows).
    pub fn get(&self, e: EndpointId) -> u64 {
        match self.entries.binary_search_by_key(&e, |&(k, _)| k) {
            Ok(i) => self.entries[i].1,
            Err(_) => 0,
        }
    }

    /// Counts one more event of `e`.
    pub fn tick(&mut self, e: EndpointId) {
        match self.entries.binary_search_by_key(&e, |&(k, _)| k) {
            Ok(i) => self.entries[i].1 += 1,
            Err(i) => self.entries.insert(i, (e, 1)),
        }
    }

    /// Takes the pointwise maximum with `other` (what a receiver learns from a message).
    pub fn merge(&mut self, other: &VectorClock) {
        let mut merged = Vec::with_capacity(self.entries.len().max(other.entries.len()));
        let (mut a, mut b) = (
            self.entries.iter().peekable(),
            other.entries.iter().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&&(ea, ca)), Some(&&(eb, cb))) => match ea.cmp(&eb) {
                    Ordering::Less => {
                        a.next();
                        (ea, ca)
                    }
                    Ordering::Greater => {
                        b.next();
                        (eb, cb)
                    }
                    Ordering::Equal => {
                        a.next();
                        b.next();
                        (ea, ca.max(cb))
                    }
                },
                (Some(&&x), None) => {
                    a.next();
                    x
                }
                (None, Some(&&y)) => {
                    b.next();
                    y
                }
                (None, None) => break,
            };
            merged.push(next);
        }
        self.entries = merged;
    }

    /// How the event with this clock relates to the event with `other`.
    pub fn compare(&self, other: &VectorClock) -> ClockOrder {
        let (mut less, mut greater) = (false, false);
        let (mut a, mut b) = (
            self.entries.iter().peekable(),
            other.entries.iter().peekable(),
        );
        loop {
            match (a.peek(), b.peek()) {
                (Some(&&(ea, ca)), Some(&&(eb, cb))) => match ea.cmp(&eb) {
                    Ordering::Less => {
                        greater = true;
                        a.next();
                    }
                    Ordering::Greater => {
                        less = true;
                        b.next();
                    }
                    Ordering::Equal => {
                        less |= ca < cb;
                        greater |= ca > cb;
                        a.next();
                        b.next();
                    }
                },
                (Some(_), None) => {
                    greater = true;
                    a.next();
                }
                (None, Some(_)) => {
                    less = true;
                    b.next();
                }
                (None, None) => break,
            }
        }
        match (less, greater) {
            (false, false) => ClockOrder::Equal,
            (true, false) => ClockOrder::Before,
            (false, true) => ClockOrder::After,
            (true, true) => ClockOrder::Concurrent,
        }
    }

    /// Whether the event with this clock happened before the event with `other`.
    pub fn happened_before(&self, other: &VectorClock) -> bool {
        self.compare(other) == ClockOrder::Before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(entries: &[(usize, u64)]) -> VectorClock {
        let mut c = VectorClock::new();
        for &(e, n) in entries {
            for _ in 0..n {
                c.tick(EndpointId(e));
            }
        }
        c
    }

    #[test]
    fn vclock_tick_keeps_endpoints_sorted_and_counts() {
        let c = clock(&[(3, 2), (0, 1), (7, 3)]);
        assert_eq!(
            c.entries(),
            &[(EndpointId(0), 1), (EndpointId(3), 2), (EndpointId(7), 3)]
        );
        assert_eq!(c.get(EndpointId(3)), 2);
        assert_eq!(c.get(EndpointId(4)), 0);
    }

    #[test]
    fn vclock_merge_is_the_pointwise_maximum() {
        let mut a = clock(&[(0, 3), (2, 1)]);
        a.merge(&clock(&[(1, 2), (2, 4)]));
        assert_eq!(a, clock(&[(0, 3), (1, 2), (2, 4)]));
    }

    #[test]
    fn vclock_compare_orders_send_before_receive_and_finds_concurrency() {
        // A sends to B: A's send (A:1) happens before B's receive (A:1 B:1).
        let send = clock(&[(0, 1)]);
        let mut receive = clock(&[(1, 1)]);
        receive.merge(&send);
        assert_eq!(send.compare(&receive), ClockOrder::Before);
        assert_eq!(receive.compare(&send), ClockOrder::After);
        assert!(send.happened_before(&receive));
        // C's own event knows nothing of either.
        let other = clock(&[(2, 1)]);
        assert_eq!(other.compare(&receive), ClockOrder::Concurrent);
        assert_eq!(receive.compare(&receive.clone()), ClockOrder::Equal);
        // A missing entry counts as 0 on either side.
        assert_eq!(
            clock(&[(0, 2)]).compare(&clock(&[(0, 1), (1, 1)])),
            ClockOrder::Concurrent
        );
    }
}
