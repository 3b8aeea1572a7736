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
/// contains; `extra` holds the dots above a gap, as maximal runs `lo..=hi` of one actor (a gap
/// that never fills, such as a write lost before any replica stored it, would otherwise keep
/// every later dot of its actor apart, and make each operation on the context cost time in
/// proportion to the run's length: BENCHMARKS.md "The space-time diagram"). Comparison
/// (`PartialOrd`) is set inclusion: `a <= b` when `b` has seen every write `a` has seen, `None`
/// when each has seen something the other has not (they are concurrent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VClock {
    base: Vec<(Actor, u64)>,
    extra: Vec<DotRun>,
}

/// Dots `lo..=hi` of one actor, above its contiguous run and not next to another run of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct DotRun {
    actor: Actor,
    lo: u64,
    hi: u64,
}

impl DotRun {
    /// Its dots, in order.
    fn dots(self) -> impl Iterator<Item = Dot> {
        (self.lo..=self.hi).map(move |c| Dot::new(self.actor, c))
    }
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

    /// The positions of `actor`'s runs in `extra`.
    fn runs_of(&self, actor: Actor) -> std::ops::Range<usize> {
        let lo = self.extra.partition_point(|r| r.actor < actor);
        let hi = lo + self.extra[lo..].partition_point(|r| r.actor == actor);
        lo..hi
    }

    /// Whether the set holds every dot `lo..=hi` of `actor` (runs are maximal: a block above
    /// the contiguous run lies within one run or is not held).
    fn covers(&self, actor: Actor, lo: u64, hi: u64) -> bool {
        let base = self.base_of(actor);
        if hi <= base {
            return true;
        }
        let lo = lo.max(base + 1);
        let runs = &self.extra[self.runs_of(actor)];
        let i = runs.partition_point(|r| r.hi < lo);
        i < runs.len() && runs[i].lo <= lo && runs[i].hi >= hi
    }

    /// Whether the write named by `dot` is in the set.
    pub fn contains(&self, dot: Dot) -> bool {
        self.covers(dot.actor, dot.counter, dot.counter)
    }

    /// Adds one dot to the set.
    pub fn insert(&mut self, dot: Dot) {
        if dot.counter == 0 || self.contains(dot) {
            return;
        }
        self.add_run(dot.actor, dot.counter, dot.counter);
    }

    /// Adds dots `lo..=hi` of `actor` (`lo` at least 1), joining the runs they touch.
    fn add_run(&mut self, actor: Actor, lo: u64, hi: u64) {
        let base = self.base_of(actor);
        if hi <= base {
            return;
        }
        let lo = lo.max(base + 1);
        let range = self.runs_of(actor);
        let first = range.start + self.extra[range.clone()].partition_point(|r| r.hi + 1 < lo);
        let mut last = first;
        let (mut new_lo, mut new_hi) = (lo, hi);
        while last < range.end && self.extra[last].lo <= hi + 1 {
            new_lo = new_lo.min(self.extra[last].lo);
            new_hi = new_hi.max(self.extra[last].hi);
            last += 1;
        }
        self.extra.splice(
            first..last,
            [DotRun {
                actor,
                lo: new_lo,
                hi: new_hi,
            }],
        );
        self.compact_actor(actor);
    }

    /// Adds every dot of `other` to the set (the join of two contexts), in one pass over both.
    pub fn merge(&mut self, other: &VClock) {
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other.clone();
            return;
        }
        // The contiguous runs: the longer of each actor's.
        let mut base = Vec::with_capacity(self.base.len().max(other.base.len()));
        let (mut i, mut j) = (0, 0);
        while i < self.base.len() || j < other.base.len() {
            match (self.base.get(i), other.base.get(j)) {
                (Some(&(a, n)), Some(&(b, m))) if a == b => {
                    base.push((a, n.max(m)));
                    i += 1;
                    j += 1;
                }
                (Some(&x), Some(&y)) if x.0 < y.0 => {
                    base.push(x);
                    i += 1;
                }
                (Some(&x), None) => {
                    base.push(x);
                    i += 1;
                }
                (_, Some(&y)) => {
                    base.push(y);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        // The runs above a gap, in order, joined where they meet.
        let mut runs: Vec<DotRun> = Vec::with_capacity(self.extra.len() + other.extra.len());
        let (mut i, mut j) = (0, 0);
        loop {
            let next = match (self.extra.get(i), other.extra.get(j)) {
                (Some(a), Some(b)) if (a.actor, a.lo) <= (b.actor, b.lo) => {
                    i += 1;
                    *a
                }
                (_, Some(b)) => {
                    j += 1;
                    *b
                }
                (Some(a), None) => {
                    i += 1;
                    *a
                }
                (None, None) => break,
            };
            match runs.last_mut() {
                Some(last) if last.actor == next.actor && next.lo <= last.hi + 1 => {
                    last.hi = last.hi.max(next.hi);
                }
                _ => runs.push(next),
            }
        }
        self.base = base;
        // Runs that the (longer) contiguous runs now reach move into them.
        self.extra = Vec::with_capacity(runs.len());
        for r in runs {
            let b = self.base_of(r.actor);
            if r.lo > b + 1 {
                self.extra.push(r);
            } else if r.hi > b {
                if let Ok(k) = self.base.binary_search_by_key(&r.actor, |e| e.0) {
                    self.base[k].1 = r.hi;
                }
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
        self.base
            .iter()
            .all(|&(actor, n)| other.covers(actor, 1, n))
            && self.extra.iter().all(|r| other.covers(r.actor, r.lo, r.hi))
    }

    /// Every dot in the set, in order of actor and counter.
    pub fn dots(&self) -> Vec<Dot> {
        let mut out: Vec<Dot> = Vec::new();
        for &(actor, n) in &self.base {
            out.extend((1..=n).map(|c| Dot::new(actor, c)));
        }
        out.extend(self.extra.iter().flat_map(|r| r.dots()));
        crate::sort::sort(&mut out);
        out
    }

    /// The dots `lo..=hi` of `actor` that the set does not hold, in order: the gaps between
    /// its runs, walked run by run.
    fn missing(&self, actor: Actor, lo: u64, hi: u64) -> impl Iterator<Item = Dot> + '_ {
        let lo = lo.max(self.base_of(actor) + 1);
        let runs = &self.extra[self.runs_of(actor)];
        let start = runs.partition_point(|r| r.hi < lo);
        let mut cursor = lo;
        runs[start..]
            .iter()
            .take_while(move |r| r.lo <= hi)
            .map(Some)
            .chain(std::iter::once(None))
            .flat_map(move |r| {
                let from = cursor;
                let to = match r {
                    Some(r) => {
                        cursor = r.hi + 1;
                        (r.lo - 1).min(hi)
                    }
                    None => hi,
                };
                (from..=to).map(move |c| Dot::new(actor, c))
            })
    }

    /// The dots of `self` that `other` has not seen, in order of actor and counter; costs time
    /// in proportion to those dots and to `other`'s runs, not to the size of `self`.
    pub fn dots_not_in<'a>(&'a self, other: &'a VClock) -> impl Iterator<Item = Dot> + 'a {
        self.base
            .iter()
            .flat_map(move |&(actor, n)| other.missing(actor, 1, n))
            .chain(
                self.extra
                    .iter()
                    .flat_map(move |r| other.missing(r.actor, r.lo, r.hi)),
            )
    }

    /// A dot of `self` that `other` has not seen, if any: the witness that `self` is not
    /// covered by `other`.
    pub fn first_not_in(&self, other: &VClock) -> Option<Dot> {
        self.dots_not_in(other).next()
    }

    /// Writes the context as `A:2 B:1`: per actor, the length of its contiguous run of dots,
    /// then any dots above a gap (`C:1,3` is C's dots 1 and 3; `C:0,2` is C's dot 2 alone),
    /// naming actors with `name`; the empty context is `{}`.
    pub fn display_with(&self, name: &dyn Fn(Actor) -> String) -> String {
        self.display_upto(name, usize::MAX)
    }

    /// [`VClock::display_with`] cut to `chars` characters, with `…` when cut (as
    /// `sim::clip(&c.display_with(name), chars)`), written no further than needed: a context
    /// with many dots above a gap is long, and summaries show its start only.
    pub fn display_clipped(&self, name: &dyn Fn(Actor) -> String, chars: usize) -> String {
        let text = self.display_upto(name, chars);
        match text.char_indices().nth(chars) {
            None => text,
            Some((end, _)) => format!("{}…", &text[..end]),
        }
    }

    /// The display, stopped once it is longer than `chars` characters.
    fn display_upto(&self, name: &dyn Fn(Actor) -> String, chars: usize) -> String {
        if self.is_empty() {
            return "{}".to_string();
        }
        // `base` and `extra` are both in order of actor: insert the extras' actors in order.
        let mut actors: Vec<Actor> = self.base.iter().map(|e| e.0).collect();
        for r in &self.extra {
            if let Err(i) = actors.binary_search(&r.actor) {
                actors.insert(i, r.actor);
            }
        }
        let mut s = String::new();
        let mut count = 0usize;
        let mut push = |s: &mut String, piece: &str| {
            s.push_str(piece);
            count += piece.chars().count();
            count > chars
        };
        for (k, a) in actors.into_iter().enumerate() {
            // The contiguous run first (0 when it is empty), then the dots above the gap:
            // `{alice:2}` alone is `alice:0,2`, never `alice:2` (which is `{alice:1, alice:2}`).
            let head = format!(
                "{}{}:{}",
                if k > 0 { " " } else { "" },
                name(a),
                self.base_of(a)
            );
            if push(&mut s, &head) {
                return s;
            }
            for d in self.extra[self.runs_of(a)].iter().flat_map(|r| r.dots()) {
                if push(&mut s, &format!(",{}", d.counter)) {
                    return s;
                }
            }
        }
        s
    }

    /// Feeds the set into a hasher state (FNV-1a), for digests.
    pub(crate) fn hash_into(&self, h: &mut crate::hash::Fnv) {
        h.u64(self.base.len() as u64);
        for &(a, n) in &self.base {
            h.u64(a as u64);
            h.u64(n);
        }
        h.u64(self.extra.iter().map(|r| r.hi - r.lo + 1).sum::<u64>());
        for d in self.extra.iter().flat_map(|r| r.dots()) {
            h.u64(d.actor as u64);
            h.u64(d.counter);
        }
    }

    /// Moves `actor`'s runs that its contiguous run now reaches or covers into it.
    fn compact_actor(&mut self, actor: Actor) {
        let before = self.base_of(actor);
        let mut n = before;
        let range = self.runs_of(actor);
        let mut last = range.start;
        while last < range.end && self.extra[last].lo <= n + 1 {
            n = n.max(self.extra[last].hi);
            last += 1;
        }
        self.extra.drain(range.start..last);
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
mod runs_tests {
    use super::{Dot, VClock};
    use std::collections::BTreeSet;

    /// A small deterministic generator (no dependency): xorshift.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    fn random_clock(state: &mut u64) -> (VClock, BTreeSet<Dot>) {
        let mut c = VClock::new();
        let mut set = BTreeSet::new();
        for _ in 0..next(state) % 40 {
            let d = Dot::new((next(state) % 3) as u32, 1 + next(state) % 30);
            c.insert(d);
            set.insert(d);
        }
        (c, set)
    }

    /// The run representation against a plain set of dots: membership, inclusion, union,
    /// difference, and the display and digest that list every dot.
    #[test]
    fn vclock_runs_agree_with_a_set_of_dots() {
        let mut state = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..500 {
            let (a, sa) = random_clock(&mut state);
            let (b, sb) = random_clock(&mut state);
            assert_eq!(a.dots(), sa.iter().copied().collect::<Vec<_>>());
            for actor in 0..3 {
                for c in 1..=31 {
                    let d = Dot::new(actor, c);
                    assert_eq!(a.contains(d), sa.contains(&d));
                }
            }
            assert_eq!(a.is_subset(&b), sa.is_subset(&sb));
            let diff: Vec<Dot> = sa.difference(&sb).copied().collect();
            // Contiguous runs first, then the dots above a gap (as before the runs): sorted here.
            let mut not_in: Vec<Dot> = a.dots_not_in(&b).collect();
            assert_eq!(a.first_not_in(&b), not_in.first().copied());
            not_in.sort();
            assert_eq!(not_in, diff);
            let mut m = a.clone();
            m.merge(&b);
            assert_eq!(m.dots(), sa.union(&sb).copied().collect::<Vec<_>>());
            // The same set built in another order is the same value.
            let mut rebuilt = VClock::new();
            let all: Vec<Dot> = sa.union(&sb).copied().collect();
            for d in all.iter().rev() {
                rebuilt.insert(*d);
            }
            assert_eq!(m, rebuilt);
            let names = |a: u32| ["alice", "bob", "carol"][a as usize].to_string();
            for chars in [0, 5, 12, 40, 1000] {
                let full = m.display_with(&names);
                let expected = if full.chars().count() > chars {
                    full.chars().take(chars).collect::<String>() + "…"
                } else {
                    full
                };
                assert_eq!(m.display_clipped(&names, chars), expected);
            }
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
