//! Versions of a key: causal contexts, siblings, and the three versioning modes.
//!
//! Every write is named by a [`Dot`]: the `counter`-th write minted by one actor (a client when
//! clients coordinate, the coordinating replica otherwise). A write also carries the causal
//! context it was made with ([`Sibling::seen`]): the set of dots its client had read. Contexts are
//! exact sets of dots ([`VClock`]), kept compact as a contiguous prefix per actor plus the few dots
//! beyond a gap, so that delivery order and lost messages never make a replica believe it has seen
//! a write it has not.
//!
//! A replica keeps one [`KeyState`] per key. How a write or another replica's state is folded into
//! it depends on the [`Versioning`] mode:
//! - [`Versioning::Dvv`]: dotted version vectors. A write removes exactly the siblings whose dots
//!   its context contains; everything else stays as a sibling.
//! - [`Versioning::Vv`]: one clock per key covering all siblings (Riak's classic server-side
//!   vector clocks, merge strategy 1). A write replaces every sibling only when its context covers
//!   that whole clock; otherwise it is kept beside them, which produces false conflicts.
//! - [`Versioning::Lww`]: last write wins by (timestamp, dot); the loser is discarded.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::sync::Arc;

/// Index of an actor (a node or a client) in the simulator's table of names.
pub type Actor = u32;

/// A value written by a client. Cheap to clone.
pub type Value = Arc<str>;

/// How replicas version the values of a key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Versioning {
    /// Dotted version vectors: concurrent writes become siblings, nothing is lost.
    #[default]
    Dvv,
    /// Classic per-key version vectors: nothing is lost, but false conflicts appear.
    Vv,
    /// Last write wins by timestamp: concurrent writes are silently discarded.
    Lww,
}

/// The name of one write: the `counter`-th write minted by `actor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dot {
    /// Who minted the write.
    pub actor: Actor,
    /// The actor's write number, starting at 1.
    pub counter: u64,
}

impl Dot {
    /// A dot of `actor` with `counter`.
    pub fn new(actor: Actor, counter: u64) -> Dot {
        Dot { actor, counter }
    }
}

/// An exact set of dots (a causal context), written like a version vector.
///
/// `base` holds, per actor, the length of the contiguous run of dots `1..=n` that the set
/// contains; `extra` holds the dots above a gap. Comparison (`PartialOrd`) is set inclusion:
/// `a <= b` when `b` has seen every write `a` has seen, `None` when each has seen something the
/// other has not (they are concurrent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VClock {
    base: Vec<(Actor, u64)>,
    extra: Vec<Dot>,
}

impl VClock {
    /// The empty context: a blind write's context, which has seen nothing.
    pub fn new() -> VClock {
        VClock::default()
    }

    /// Whether the context has seen no write at all.
    pub fn is_empty(&self) -> bool {
        self.base.is_empty() && self.extra.is_empty()
    }

    /// The length of the contiguous run of `actor`'s dots that the set contains.
    pub fn base_of(&self, actor: Actor) -> u64 {
        match self.base.binary_search_by_key(&actor, |e| e.0) {
            Ok(i) => self.base[i].1,
            Err(_) => 0,
        }
    }

    /// Whether the write named by `dot` is in the set.
    pub fn contains(&self, dot: Dot) -> bool {
        dot.counter <= self.base_of(dot.actor) || self.extra.binary_search(&dot).is_ok()
    }

    /// Adds one dot to the set.
    pub fn insert(&mut self, dot: Dot) {
        if self.contains(dot) || dot.counter == 0 {
            return;
        }
        match self.extra.binary_search(&dot) {
            Ok(_) => {}
            Err(i) => self.extra.insert(i, dot),
        }
        self.compact_actor(dot.actor);
    }

    /// Adds every dot of `other` to the set (the join of two contexts).
    pub fn merge(&mut self, other: &VClock) {
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other.clone();
            return;
        }
        for &(actor, n) in &other.base {
            match self.base.binary_search_by_key(&actor, |e| e.0) {
                Ok(i) => self.base[i].1 = self.base[i].1.max(n),
                Err(i) => self.base.insert(i, (actor, n)),
            }
        }
        for &dot in &other.extra {
            if let Err(i) = self.extra.binary_search(&dot) {
                self.extra.insert(i, dot);
            }
        }
        if !self.extra.is_empty() {
            let mut actors: Vec<Actor> = self.extra.iter().map(|d| d.actor).collect();
            actors.dedup();
            for actor in actors {
                self.compact_actor(actor);
            }
        }
    }

    /// The join of two contexts.
    pub fn merged(&self, other: &VClock) -> VClock {
        let mut out = self.clone();
        out.merge(other);
        out
    }

    /// Whether every dot of `self` is also in `other`.
    pub fn is_subset(&self, other: &VClock) -> bool {
        for &(actor, n) in &self.base {
            let have = other.base_of(actor);
            if have < n {
                // The dots above other's contiguous run must all be among its extras.
                let missing = n - have;
                if missing > other.extra.len() as u64 {
                    return false;
                }
                for c in have + 1..=n {
                    if other.extra.binary_search(&Dot::new(actor, c)).is_err() {
                        return false;
                    }
                }
            }
        }
        self.extra.iter().all(|&d| other.contains(d))
    }

    /// Every dot in the set, in order of actor and counter.
    pub fn dots(&self) -> Vec<Dot> {
        let mut out: Vec<Dot> = Vec::new();
        for &(actor, n) in &self.base {
            out.extend((1..=n).map(|c| Dot::new(actor, c)));
        }
        out.extend(self.extra.iter().copied());
        crate::sort::sort(&mut out);
        out
    }

    /// The dots of `self` that `other` has not seen, in order of actor and counter; costs time
    /// in proportion to the dots beyond `other`'s contiguous runs, not to the size of `self`.
    pub fn dots_not_in<'a>(&'a self, other: &'a VClock) -> impl Iterator<Item = Dot> + 'a {
        self.base
            .iter()
            .flat_map(move |&(actor, n)| {
                (other.base_of(actor) + 1..=n)
                    .map(move |c| Dot::new(actor, c))
                    .filter(move |d| other.extra.binary_search(d).is_err())
            })
            .chain(
                self.extra
                    .iter()
                    .copied()
                    .filter(move |&d| !other.contains(d)),
            )
    }

    /// A dot of `self` that `other` has not seen, if any: the witness that `self` is not
    /// covered by `other`.
    pub fn first_not_in(&self, other: &VClock) -> Option<Dot> {
        for &(actor, n) in &self.base {
            for c in 1..=n {
                let d = Dot::new(actor, c);
                if !other.contains(d) {
                    return Some(d);
                }
            }
        }
        self.extra.iter().copied().find(|&d| !other.contains(d))
    }

    /// Writes the context as `A:2 B:1`: per actor, the length of its contiguous run of dots,
    /// then any dots above a gap (`C:1,3` is C's dots 1 and 3; `C:0,2` is C's dot 2 alone),
    /// naming actors with `name`; the empty context is `{}`.
    pub fn display_with(&self, name: &dyn Fn(Actor) -> String) -> String {
        if self.is_empty() {
            return "{}".to_string();
        }
        // `base` and `extra` are both in order of actor: insert the extras' actors in order.
        let mut actors: Vec<Actor> = self.base.iter().map(|e| e.0).collect();
        for d in &self.extra {
            if let Err(i) = actors.binary_search(&d.actor) {
                actors.insert(i, d.actor);
            }
        }
        let parts: Vec<String> = actors
            .into_iter()
            .map(|a| {
                let base = self.base_of(a);
                let extras: Vec<String> = self
                    .extra
                    .iter()
                    .filter(|d| d.actor == a)
                    .map(|d| d.counter.to_string())
                    .collect();
                // The contiguous run first (0 when it is empty), then the dots above the gap:
                // `{alice:2}` alone is `alice:0,2`, never `alice:2` (which is `{alice:1, alice:2}`).
                let mut s = format!("{}:{base}", name(a));
                for e in &extras {
                    s.push(',');
                    s.push_str(e);
                }
                s
            })
            .collect();
        parts.join(" ")
    }

    /// Feeds the set into a hasher state (FNV-1a), for digests.
    pub(crate) fn hash_into(&self, h: &mut crate::hash::Fnv) {
        h.u64(self.base.len() as u64);
        for &(a, n) in &self.base {
            h.u64(a as u64);
            h.u64(n);
        }
        h.u64(self.extra.len() as u64);
        for d in &self.extra {
            h.u64(d.actor as u64);
            h.u64(d.counter);
        }
    }

    fn compact_actor(&mut self, actor: Actor) {
        // `extra` is sorted by (actor, counter): this actor's extras are one run of it, and
        // those the contiguous run now reaches or covers are at its front.
        let lo = self.extra.partition_point(|d| d.actor < actor);
        let before = self.base_of(actor);
        let mut n = before;
        let mut hi = lo;
        while hi < self.extra.len()
            && self.extra[hi].actor == actor
            && self.extra[hi].counter <= n + 1
        {
            n = n.max(self.extra[hi].counter);
            hi += 1;
        }
        if hi > lo {
            self.extra.drain(lo..hi);
        }
        if n != before {
            match self.base.binary_search_by_key(&actor, |e| e.0) {
                Ok(i) => self.base[i].1 = n,
                Err(i) => self.base.insert(i, (actor, n)),
            }
        }
    }
}

impl PartialOrd for VClock {
    fn partial_cmp(&self, other: &VClock) -> Option<Ordering> {
        match (self.is_subset(other), other.is_subset(self)) {
            (true, true) => Some(Ordering::Equal),
            (true, false) => Some(Ordering::Less),
            (false, true) => Some(Ordering::Greater),
            (false, false) => None,
        }
    }
}

/// One stored version of a key: a value (or a tombstone) and the write that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sibling {
    /// The write that made this version.
    pub dot: Dot,
    /// The causal context the write carried: the writes it overwrote.
    pub seen: VClock,
    /// The coordinator's clock (plus its skew) when the write was made, in microseconds;
    /// last-write-wins orders versions by it.
    pub timestamp: i64,
    /// The value; `None` is a tombstone left by a delete.
    pub value: Option<Value>,
}

impl Sibling {
    /// Whether this version follows `other` causally: its write had seen `other`'s write.
    pub fn follows(&self, other: &Sibling) -> bool {
        self.seen.contains(other.dot)
    }

    /// The last-write-wins order: timestamp first, then the dot, so ties break the same way
    /// on every replica.
    pub fn lww_key(&self) -> (i64, Dot) {
        (self.timestamp, self.dot)
    }

    /// The context of a client that has read this version alone: what it had seen plus itself.
    pub fn context(&self) -> VClock {
        let mut c = self.seen.clone();
        c.insert(self.dot);
        c
    }
}

/// How two versions are related.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The first happened before the second: the second's write had seen it.
    Before,
    /// The first happened after the second: its write had seen the second.
    After,
    /// They are the same write.
    Equal,
    /// Neither write had seen the other.
    Concurrent,
}

/// The result of [`compare`]: the order of two versions and the facts that decide it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// How the first version relates to the second.
    pub order: Order,
    /// The first version's dot.
    pub a: Dot,
    /// The second version's dot.
    pub b: Dot,
    /// Whether the first write's context contains the second's dot.
    pub a_saw_b: bool,
    /// Whether the second write's context contains the first's dot.
    pub b_saw_a: bool,
}

impl Comparison {
    /// A sentence saying why, naming actors with `name`. "Context" here is always the context a
    /// write was *sent with* (what its client said it had seen), never a clock after it, e.g.
    /// "concurrent: neither write had seen the other (alice:1 is not in the context bob:1 was sent with, and bob:1 is not in the context alice:1 was sent with)".
    pub fn explain(&self, name: &dyn Fn(Actor) -> String) -> String {
        let d = |d: Dot| format!("{}:{}", name(d.actor), d.counter);
        match self.order {
            Order::Equal => format!("equal: both are the write {}", d(self.a)),
            Order::Before => format!(
                "before: the write {} had seen {} (the context it was sent with contains that dot)",
                d(self.b),
                d(self.a)
            ),
            Order::After => format!(
                "after: the write {} had seen {} (the context it was sent with contains that dot)",
                d(self.a),
                d(self.b)
            ),
            Order::Concurrent => format!(
                "concurrent: neither write had seen the other ({} is not in the context {} was sent with, and {} is not in the context {} was sent with)",
                d(self.a),
                d(self.b),
                d(self.b),
                d(self.a)
            ),
        }
    }
}

/// Compares two versions by causality: `a` is before `b` when `b`'s write had seen `a`.
pub fn compare(a: &Sibling, b: &Sibling) -> Comparison {
    let a_saw_b = a.seen.contains(b.dot);
    let b_saw_a = b.seen.contains(a.dot);
    let order = if a.dot == b.dot {
        Order::Equal
    } else if b_saw_a && !a_saw_b {
        Order::Before
    } else if a_saw_b && !b_saw_a {
        Order::After
    } else {
        // Neither (or, impossibly, both) had seen the other.
        Order::Concurrent
    };
    Comparison {
        order,
        a: a.dot,
        b: b.dot,
        a_saw_b,
        b_saw_a,
    }
}

/// What one replica holds for one key: its siblings and the clock covering them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyState {
    /// The versions kept, sorted by dot; tombstones included.
    pub siblings: Vec<Arc<Sibling>>,
    /// Every write this state has seen (stored or overwritten).
    pub clock: VClock,
}

impl KeyState {
    /// A key never written.
    pub fn new() -> KeyState {
        KeyState::default()
    }

    /// Whether nothing was ever written here.
    pub fn is_empty(&self) -> bool {
        self.siblings.is_empty() && self.clock.is_empty()
    }

    /// The live values, sorted, without tombstones: what a read returns.
    pub fn values(&self) -> Vec<Value> {
        let mut v: Vec<Value> = self
            .siblings
            .iter()
            .filter_map(|s| s.value.clone())
            .collect();
        // On every finished operation: the hot-path sort.
        crate::sort::sort_hot(&mut v);
        v
    }

    /// Whether a tombstone is among the siblings.
    pub fn has_tombstone(&self) -> bool {
        self.siblings.iter().any(|s| s.value.is_none())
    }

    /// The context handed to a client that read this state; a write with it overwrites every
    /// sibling here.
    pub fn context(&self) -> VClock {
        self.clock.clone()
    }

    fn has_dot(&self, dot: Dot) -> bool {
        self.siblings.binary_search_by_key(&dot, |s| s.dot).is_ok()
    }

    fn insert_sibling(&mut self, s: Arc<Sibling>) {
        if let Err(i) = self.siblings.binary_search_by_key(&s.dot, |x| x.dot) {
            self.siblings.insert(i, s);
        }
    }

    /// Applies one write as a replica receives it; returns whether the state changed.
    pub fn apply(&mut self, mode: Versioning, w: &Arc<Sibling>) -> bool {
        match mode {
            Versioning::Dvv => {
                if self.clock.contains(w.dot) {
                    return false;
                }
                self.siblings.retain(|s| !w.seen.contains(s.dot));
                self.insert_sibling(w.clone());
                self.clock.merge(&w.seen);
                self.clock.insert(w.dot);
                true
            }
            Versioning::Vv => {
                let wclock = w.context();
                if wclock.is_subset(&self.clock) {
                    return false;
                }
                if self.clock.is_subset(&w.seen) {
                    self.siblings.clear();
                    self.siblings.push(w.clone());
                    self.clock = wclock;
                } else {
                    self.insert_sibling(w.clone());
                    self.clock.merge(&wclock);
                }
                true
            }
            Versioning::Lww => {
                let wins = match self.siblings.first() {
                    None => true,
                    Some(cur) => w.lww_key() > cur.lww_key(),
                };
                if wins {
                    self.siblings.clear();
                    self.siblings.push(w.clone());
                    self.clock = w.context();
                }
                wins
            }
        }
    }

    /// Folds another replica's state for the same key into this one (read repair,
    /// anti-entropy, hinted handoff); returns whether this state changed.
    pub fn merge(&mut self, mode: Versioning, other: &KeyState) -> bool {
        if self.is_empty() {
            // Whatever the mode, merging into nothing gives the other state.
            if other.is_empty() {
                return false;
            }
            *self = other.clone();
            return true;
        }
        if !self.would_change(mode, other) {
            return false;
        }
        match mode {
            Versioning::Dvv => {
                let mut kept: Vec<Arc<Sibling>> = self
                    .siblings
                    .iter()
                    .filter(|s| other.has_dot(s.dot) || !other.clock.contains(s.dot))
                    .cloned()
                    .collect();
                for s in &other.siblings {
                    if !self.clock.contains(s.dot) {
                        if let Err(i) = kept.binary_search_by_key(&s.dot, |x| x.dot) {
                            kept.insert(i, s.clone());
                        }
                    }
                }
                self.siblings = kept;
                self.clock.merge(&other.clock);
            }
            Versioning::Vv => {
                if self.clock.is_subset(&other.clock) {
                    *self = other.clone();
                } else {
                    for s in &other.siblings {
                        self.insert_sibling(s.clone());
                    }
                    self.clock.merge(&other.clock);
                }
            }
            Versioning::Lww => {
                *self = other.clone();
            }
        }
        true
    }

    /// Whether folding `other` into this state would change it; `false` means this state
    /// already holds everything `other` could teach it.
    pub fn would_change(&self, mode: Versioning, other: &KeyState) -> bool {
        match mode {
            Versioning::Dvv => {
                !other.clock.is_subset(&self.clock)
                    || self
                        .siblings
                        .iter()
                        .any(|s| other.clock.contains(s.dot) && !other.has_dot(s.dot))
            }
            Versioning::Vv => !other.clock.is_subset(&self.clock),
            Versioning::Lww => match (self.siblings.first(), other.siblings.first()) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(a), Some(b)) => b.lww_key() > a.lww_key(),
            },
        }
    }

    /// A stable 64-bit digest of the state, equal on two replicas exactly when they hold the
    /// same versions; anti-entropy compares these.
    pub fn digest(&self) -> u64 {
        let mut h = crate::hash::Fnv::new();
        h.u64(self.siblings.len() as u64);
        for s in &self.siblings {
            h.u64(s.dot.actor as u64);
            h.u64(s.dot.counter);
        }
        self.clock.hash_into(&mut h);
        h.finish()
    }

    /// Writes the clock as the page and `qsim` show it: the version vector for `dvv` and `vv`,
    /// the winning timestamp and dot for `lww`.
    pub fn clock_display(&self, mode: Versioning, name: &dyn Fn(Actor) -> String) -> String {
        match mode {
            Versioning::Lww => match self.siblings.first() {
                None => "{}".to_string(),
                Some(s) => format!(
                    "ts={} ({}:{})",
                    crate::time::format_us(s.timestamp),
                    name(s.dot.actor),
                    s.dot.counter
                ),
            },
            _ => self.clock.display_with(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(dots: &[(Actor, u64)]) -> VClock {
        let mut c = VClock::new();
        for &(a, n) in dots {
            c.insert(Dot::new(a, n));
        }
        c
    }

    fn write(actor: Actor, n: u64, seen: &VClock, value: &str) -> Arc<Sibling> {
        Arc::new(Sibling {
            dot: Dot::new(actor, n),
            seen: seen.clone(),
            timestamp: 0,
            value: Some(value.into()),
        })
    }

    #[test]
    fn vclock_keeps_gaps_exact() {
        let c = clock(&[(0, 2)]);
        assert!(c.contains(Dot::new(0, 2)));
        assert!(!c.contains(Dot::new(0, 1)), "a gap must not be filled");
        let c2 = c.merged(&clock(&[(0, 1)]));
        assert_eq!(c2.base_of(0), 2);
        assert!(c2.extra.is_empty());
        assert!(c < c2);
        assert_eq!(c.partial_cmp(&clock(&[(1, 1)])), None);
    }

    #[test]
    fn vclock_display_names_actors() {
        let c = clock(&[(0, 1), (0, 2), (1, 3)]);
        let names = |a: Actor| ["A", "B"][a as usize].to_string();
        assert_eq!(c.display_with(&names), "A:2 B:0,3");
        let c = clock(&[(0, 1), (0, 3)]);
        assert_eq!(c.display_with(&names), "A:1,3");
        assert_eq!(VClock::new().display_with(&names), "{}");
    }

    /// Issue 7, defect 10: a clock with a gap must not print like one without. `{alice:2}`
    /// (alice's first write unseen) and `{alice:1, alice:2}` are different contexts.
    #[test]
    fn issue7_clocks_with_gaps_print_unlike_clocks_without() {
        let names = |_: Actor| "alice".to_string();
        let gap = clock(&[(0, 2)]);
        let full = clock(&[(0, 1), (0, 2)]);
        assert_eq!(full.display_with(&names), "alice:2");
        assert_eq!(gap.display_with(&names), "alice:0,2");
        assert_eq!(clock(&[(0, 2), (0, 4)]).display_with(&names), "alice:0,2,4");
    }

    /// The dotted-version-vectors paper's example (Preguiça et al., 2010, section 1): v1 and v2
    /// are blind writes; v3 is written with the context read after v1.
    #[test]
    fn dvv_paper_sec1_dvv_keeps_exactly_v2_v3_and_vv_a_false_conflict() {
        let v1 = write(0, 1, &VClock::new(), "v1");
        let v2 = write(0, 2, &VClock::new(), "v2");
        let v3 = write(0, 3, &clock(&[(0, 1)]), "v3");
        let mut dvv = KeyState::new();
        let mut vv = KeyState::new();
        for w in [&v1, &v2, &v3] {
            dvv.apply(Versioning::Dvv, w);
            vv.apply(Versioning::Vv, w);
        }
        let vals = |s: &KeyState| s.values().iter().map(|v| v.to_string()).collect::<Vec<_>>();
        assert_eq!(vals(&dvv), ["v2", "v3"]);
        assert_eq!(vals(&vv), ["v1", "v2", "v3"]);
    }

    #[test]
    fn lww_keeps_the_later_timestamp_whatever_the_order() {
        let mut a = Sibling::clone(&write(0, 1, &VClock::new(), "early"));
        a.timestamp = 10;
        let mut b = Sibling::clone(&write(1, 1, &VClock::new(), "late"));
        b.timestamp = 20;
        let (a, b) = (Arc::new(a), Arc::new(b));
        let mut s1 = KeyState::new();
        s1.apply(Versioning::Lww, &a);
        s1.apply(Versioning::Lww, &b);
        let mut s2 = KeyState::new();
        s2.apply(Versioning::Lww, &b);
        assert!(!s2.apply(Versioning::Lww, &a));
        assert_eq!(s1, s2);
        assert_eq!(s1.values(), vec![Value::from("late")]);
    }

    #[test]
    fn compare_explains_concurrency() {
        let a = write(0, 1, &VClock::new(), "x");
        let b = write(1, 1, &VClock::new(), "y");
        let c = write(1, 2, &clock(&[(0, 1)]), "z");
        let names = |a: Actor| ["alice", "bob"][a as usize].to_string();
        let ab = compare(&a, &b);
        assert_eq!(ab.order, Order::Concurrent);
        assert!(ab
            .explain(&names)
            .contains("alice:1 is not in the context bob:1 was sent with"));
        assert_eq!(compare(&a, &c).order, Order::Before);
        assert_eq!(compare(&c, &a).order, Order::After);
        assert_eq!(compare(&a, &a).order, Order::Equal);
    }

    #[test]
    fn dvv_tombstone_is_not_undone_by_an_older_value() {
        let v = write(0, 1, &VClock::new(), "milk");
        let tomb = Arc::new(Sibling {
            dot: Dot::new(1, 1),
            seen: clock(&[(0, 1)]),
            timestamp: 0,
            value: None,
        });
        let mut deleted = KeyState::new();
        deleted.apply(Versioning::Dvv, &v);
        deleted.apply(Versioning::Dvv, &tomb);
        let mut stale = KeyState::new();
        stale.apply(Versioning::Dvv, &v);
        // Syncing with a replica that still holds the old value does not bring it back.
        deleted.merge(Versioning::Dvv, &stale);
        assert!(deleted.values().is_empty());
        stale.merge(Versioning::Dvv, &deleted);
        assert!(stale.values().is_empty());
        assert_eq!(stale, deleted);
    }
}
