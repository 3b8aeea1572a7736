//! The simulator behind the page's states: [`Run`], a cache of what a state's plain fields
//! determine.
//!
//! # How a state maps to a run
//!
//! A run is deterministic: the loaded scenario ([`AppState::base`]), the user's actions as
//! scenario events ([`AppState::user_events`]) and a [`Position`] (the simulated time and the
//! number of engine events processed, [`AppState::at`]) determine the simulator completely.
//! So a state does not own a simulator: it holds a [`Run`], a shared handle to one live
//! simulator, and asks it for "the run of (base, events) at this position" ([`Run::seek`]).
//!
//! - When the live simulator is that run at that position already (the usual case: each new
//!   state carries on from the previous one), it is returned as it is.
//! - When it is behind (same scenario, and the state's events are the simulator's plus later
//!   ones), it is carried forward: the extra actions are scheduled and events processed up to
//!   the position.
//! - When it is ahead, or was built for other events or another scenario (an older state
//!   reduced again after a newer one moved on, a seek back, a branch), it restarts from the
//!   last checkpoint before the position that is a state of that run, and replays from there;
//!   with none (another scenario, or a branch earlier than every checkpoint), it is rebuilt
//!   from (base, events) and replayed from 0 ms.
//!
//! Checkpoints: while the run moves forward, a clone of the simulator every `every` engine
//! events (64 at first), each with the user's events it was given; at most
//! [`MAX_CHECKPOINTS`], and when full every other one goes and the spacing doubles. A
//! checkpoint serves a run whose user events are its own followed by later ones (these are
//! scheduled on the copy), so a branch keeps the checkpoints before it.
//!
//! So the simulator is never changed underneath a previous state: a previous state that is
//! used again gets its own run back, and an [`AppState`] is compared by its plain fields.
//!
//! [`AppState`]: super::AppState
//! [`AppState::base`]: super::AppState::base
//! [`AppState::user_events`]: super::AppState::user_events
//! [`AppState::at`]: super::AppState::at

use std::cell::{RefCell, RefMut};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use quorumscope_engine::scenario::Event;
use quorumscope_engine::sim::{MessageWindow, Options};
use quorumscope_engine::snapshot::{Snapshot, SnapshotCache};
use quorumscope_engine::time::{ms_to_us, Micros};
use quorumscope_engine::{Scenario, Simulator};

use super::limits::{JOURNAL_ENTRIES, LINGER_US, MESSAGE_RECORDS};

/// Where a run is: its simulated time, and how many engine events it has processed (a Step,
/// or a frame that ran out of budget, can stop between two events of one instant).
///
/// Positions are ordered by time, then by events processed: a later position is further on in
/// the same run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The simulated time, in µs.
    pub now_us: Micros,
    /// How many engine events have been processed.
    pub events: u64,
}

impl Position {
    /// Where a simulator is now.
    pub fn of(sim: &Simulator) -> Position {
        Position {
            now_us: sim.now(),
            events: sim.events_processed(),
        }
    }
}

/// Numbers the runs the page builds ([`Run::id`]).
static RUN_IDS: AtomicU64 = AtomicU64::new(0);

/// A shared handle to the live simulator of a run, a cache of what (base scenario, user events,
/// position) determine: see the [module documentation](self).
///
/// Cloning a `Run` clones the handle (the states of one session share a simulator); two runs
/// compare equal when they are the same handle. That is identity, not value: what a state is
/// is its plain fields, from which the run follows, so comparing the caches by content would
/// only compare those fields again, at the price of a whole simulator. Two states with equal
/// fields and separately built runs compare unequal: a redraw too many, never one missed.
#[derive(Clone)]
pub struct Run {
    live: Rc<RefCell<Live>>,
    id: u64,
}

/// What the next snapshot of a run moved to a position tells.
#[derive(Clone, Copy, PartialEq)]
enum Telling {
    /// Only the happenings after the position (a state carried on, or reduced again).
    OnlyLater,
    /// Every happening the journal keeps (a seek: the live log is told afresh).
    Everything,
}

/// The live simulator and what it was built for.
struct Live {
    /// The scenario it runs (compared by pointer: a new scenario is a new `Rc`).
    base: Rc<Scenario>,
    /// The user's events it has been given, in order.
    events: Rc<Vec<Event>>,
    sim: Simulator,
    /// What the next snapshot of `sim` can reuse from the last one.
    cache: SnapshotCache,
    /// How many times it was rebuilt from the start.
    rebuilds: u64,
    /// Copies of the simulator taken on the way forward, to go back from.
    marks: Checkpoints,
}

/// At most this many checkpoints are kept: when full, every other one goes and the spacing
/// doubles.
pub const MAX_CHECKPOINTS: usize = 64;

/// The spacing of checkpoints at the start of a run, in engine events.
pub const FIRST_SPACING: u64 = 64;

/// Copies of a run's simulator every `every` engine events (each with the user's events it was
/// given), ordered by events processed: seeking back clones the last one at or before the
/// target and replays fewer than `every` events from it.
struct Checkpoints {
    every: u64,
    kept: Vec<(Rc<Vec<Event>>, Simulator)>,
}

impl Default for Checkpoints {
    fn default() -> Self {
        Checkpoints {
            every: FIRST_SPACING,
            kept: Vec::new(),
        }
    }
}

impl Checkpoints {
    /// Keeps a copy of `sim` if it is at a multiple of the spacing not kept yet.
    fn mark(&mut self, events: &Rc<Vec<Event>>, sim: &Simulator) {
        let n = sim.events_processed();
        if n == 0 || !n.is_multiple_of(self.every) {
            return;
        }
        let Err(i) = self
            .kept
            .binary_search_by_key(&n, |(_, c)| c.events_processed())
        else {
            return;
        };
        self.kept.insert(i, (events.clone(), sim.clone()));
        while self.kept.len() > MAX_CHECKPOINTS {
            self.every *= 2;
            let every = self.every;
            self.kept
                .retain(|(_, c)| c.events_processed().is_multiple_of(every));
        }
    }

    /// The last checkpoint at or before `to`, after `after` events, that is a state of the
    /// run of `events`, cloned and given the user's events it lacks.
    fn restore(&self, events: &Rc<Vec<Event>>, to: Target, after: u64) -> Option<Simulator> {
        let (known, cp) = self
            .kept
            .iter()
            .rev()
            .take_while(|(_, c)| c.events_processed() > after)
            .filter(|(_, c)| to.reached_by(c))
            .find(|(e, c)| fits(e, events, c.now()))?;
        let mut sim = cp.clone();
        for e in &events[known.len()..] {
            sim.schedule(ms_to_us(e.at), e.action.clone());
        }
        Some(sim)
    }

    /// Forgets the checkpoints that are not states of the run of `events`.
    fn keep_for(&mut self, events: &Rc<Vec<Event>>) {
        self.kept.retain(|(e, c)| fits(e, events, c.now()));
    }
}

/// Whether a simulator given the user's events `known`, at time `now`, is a state of the run of
/// `events`: `known` is the start of `events`, and the rest comes after `now`.
fn fits(known: &[Event], events: &[Event], now: Micros) -> bool {
    events.len() >= known.len()
        && events[..known.len()] == *known
        && events[known.len()..].iter().all(|e| ms_to_us(e.at) > now)
}

/// Where to seek to: an exact position, a time (after every event of that instant), or the
/// position after a number of engine events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// This position.
    At(Position),
    /// This simulated time, every event of it processed.
    Time(Micros),
    /// After this many engine events.
    Events(u64),
}

impl Target {
    /// Whether a simulator at `sim` is at or before the target (can be carried on to it).
    fn reached_by(self, sim: &Simulator) -> bool {
        let at = Position::of(sim);
        match self {
            Target::At(to) => at <= to,
            Target::Time(t) => at.now_us <= t,
            Target::Events(n) => at.events <= n,
        }
    }

    /// Whether the next event of `sim` is still before the target.
    fn due(self, sim: &Simulator) -> bool {
        let Some(t) = sim.next_time() else {
            return false;
        };
        match self {
            Target::At(to) => {
                t < to.now_us || (t == to.now_us && sim.events_processed() < to.events)
            }
            Target::Time(to) => t <= to,
            Target::Events(n) => sim.events_processed() < n,
        }
    }

    /// The time the clock is set to at the end, once nothing is due before it.
    fn time(self) -> Option<Micros> {
        match self {
            Target::At(to) => Some(to.now_us),
            Target::Time(t) => Some(t),
            Target::Events(_) => None,
        }
    }
}

impl PartialEq for Run {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.live, &other.live)
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Run").field("id", &self.id).finish()
    }
}

impl Run {
    /// A new run of the scenario `base` with the user's `events`, at 0 ms.
    pub fn start(base: &Rc<Scenario>, events: &Rc<Vec<Event>>) -> Run {
        Run {
            live: Rc::new(RefCell::new(Live {
                base: base.clone(),
                events: events.clone(),
                sim: simulator(base, events),
                cache: SnapshotCache::default(),
                rebuilds: 0,
                marks: Checkpoints::default(),
            })),
            id: RUN_IDS.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// This run's number, different for every run the page builds.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Where the live simulator is now (not necessarily where a given state is).
    pub fn position(&self) -> Position {
        Position::of(&self.live.borrow().sim)
    }

    /// How many times the live simulator was rebuilt from the start to go back.
    pub fn rebuilds(&self) -> u64 {
        self.live.borrow().rebuilds
    }

    /// The simulator of `base` with the user's `events`, at position `to`: the live one as it
    /// is, carried forward, or rebuilt and replayed (see the [module documentation](self)).
    ///
    /// The caller may move it on (step, advance, schedule an action); after scheduling actions
    /// it says which events the simulator now holds with [`Run::record`]. The borrow must end
    /// before the run is used again.
    pub fn seek(
        &self,
        base: &Rc<Scenario>,
        events: &Rc<Vec<Event>>,
        to: Position,
    ) -> RefMut<'_, Simulator> {
        RefMut::map(self.live_at(base, events, to), |live| &mut live.sim)
    }

    /// Records that the live simulator is now the run of `events` (the caller scheduled the
    /// new ones on it, as [`AppState`](super::AppState) does for a user's action).
    pub fn record(&self, events: &Rc<Vec<Event>>) {
        self.live.borrow_mut().events = events.clone();
    }

    /// The picture of `base` with the user's `events` at position `to`. Its happenings are the
    /// journal entries made since the last snapshot of this run at an earlier position.
    pub fn snapshot(&self, base: &Rc<Scenario>, events: &Rc<Vec<Event>>, to: Position) -> Snapshot {
        let mut live = self.live_at(base, events, to);
        let Live { sim, cache, .. } = &mut *live;
        Snapshot::cached(sim, LINGER_US, cache)
    }

    /// Seeks the run of (`base`, `events`) to `to` and says where it got (a time or a number of
    /// events beyond the end of the run stops at its last event). The next snapshot tells the
    /// whole journal kept again, as the live log is told afresh after a seek.
    pub fn resolve(&self, base: &Rc<Scenario>, events: &Rc<Vec<Event>>, to: Target) -> Position {
        let mut live = self.live_to(base, events, to, Telling::Everything);
        live.cache = SnapshotCache::default();
        Position::of(&live.sim)
    }

    /// Processes the events of the run of (`base`, `events`) from `from` up to time `to`, at
    /// most `budget` of them, keeping checkpoints on the way, and sets the clock to `to` if it
    /// got there; with `stop_at_end` the clock stops at the event that finished the run
    /// ([`Simulator::is_settled`]). Returns whether it got there, and where it is.
    pub fn advance(
        &self,
        base: &Rc<Scenario>,
        events: &Rc<Vec<Event>>,
        from: Position,
        to: Micros,
        budget: usize,
        stop_at_end: bool,
    ) -> (bool, Position) {
        let mut live = self.live_at(base, events, from);
        let done = live.advance_until(to, budget, stop_at_end);
        (done, Position::of(&live.sim))
    }

    /// Processes the next event of the run of (`base`, `events`) after `from`; where it got,
    /// or `None` if nothing was left.
    pub fn step(
        &self,
        base: &Rc<Scenario>,
        events: &Rc<Vec<Event>>,
        from: Position,
    ) -> Option<Position> {
        let mut live = self.live_at(base, events, from);
        live.step().then(|| Position::of(&live.sim))
    }

    /// How many checkpoints the run keeps now, and their spacing in engine events.
    pub fn checkpoints(&self) -> (usize, u64) {
        let live = self.live.borrow();
        (live.marks.kept.len(), live.marks.every)
    }

    /// The live state, made the run of (`base`, `events`) at `to`.
    fn live_at(
        &self,
        base: &Rc<Scenario>,
        events: &Rc<Vec<Event>>,
        to: Position,
    ) -> RefMut<'_, Live> {
        self.live_to(base, events, Target::At(to), Telling::OnlyLater)
    }

    /// The live state, made the run of (`base`, `events`) at `to`: carried on when it is
    /// before it, else restored from the last checkpoint before it, else rebuilt.
    fn live_to(
        &self,
        base: &Rc<Scenario>,
        events: &Rc<Vec<Event>>,
        to: Target,
        telling: Telling,
    ) -> RefMut<'_, Live> {
        let mut live = self.live.borrow_mut();
        let same_base = Rc::ptr_eq(&live.base, base);
        let carried = same_base && live.extend(events);
        let usable = carried && to.reached_by(&live.sim);
        // A usable live simulator is still replaced by a checkpoint between it and the target
        // (a seek far forward).
        let after = if usable {
            live.sim.events_processed()
        } else {
            0
        };
        let restored = if same_base {
            live.marks.keep_for(events);
            live.marks.restore(events, to, after)
        } else {
            None
        };
        let from_checkpoint = restored.is_some();
        match restored {
            Some(sim) => {
                live.events = events.clone();
                live.sim = sim;
                live.cache = SnapshotCache::default();
            }
            None if !usable => live.rebuild(base, events),
            None => {}
        }
        if from_checkpoint || to.due(&live.sim) || to.time().is_some_and(|t| live.sim.now() < t) {
            live.catch_up(to);
            if telling == Telling::OnlyLater {
                // The happenings on the way belong to the states that saw them: the next
                // snapshot tells only what comes after `to`. (A seek tells them all again, so
                // it skips this snapshot: one snapshot per seek, not two.)
                let Live { sim, cache, .. } = &mut *live;
                Snapshot::cached(sim, LINGER_US, cache);
            }
        }
        live
    }
}

impl Live {
    /// Gives the simulator the user's events it does not have yet, if `events` is its list
    /// with later ones after it; false (nothing done) otherwise.
    fn extend(&mut self, events: &Rc<Vec<Event>>) -> bool {
        if Rc::ptr_eq(&self.events, events) {
            return true;
        }
        let known = self.events.len();
        let now = self.sim.now();
        let later = events.len() >= known
            && events[..known] == self.events[..]
            && events[known..].iter().all(|e| ms_to_us(e.at) > now);
        if !later {
            return false;
        }
        for e in &events[known..] {
            self.sim.schedule(ms_to_us(e.at), e.action.clone());
        }
        self.events = events.clone();
        true
    }

    /// Starts the run of (`base`, `events`) again from 0 ms.
    fn rebuild(&mut self, base: &Rc<Scenario>, events: &Rc<Vec<Event>>) {
        if !Rc::ptr_eq(&self.base, base) {
            self.marks = Checkpoints::default();
        }
        self.base = base.clone();
        self.events = events.clone();
        self.sim = simulator(base, events);
        self.cache = SnapshotCache::default();
        self.rebuilds += 1;
        self.marks.keep_for(events);
    }

    /// Processes the next event, keeping a checkpoint when one is due.
    fn step(&mut self) -> bool {
        let stepped = self.sim.step();
        if stepped {
            self.marks.mark(&self.events, &self.sim);
        }
        stepped
    }

    /// Moves a simulator that is before `to` on to it: every event due before it, then the
    /// clock to its time (when nothing is left before it).
    fn catch_up(&mut self, to: Target) {
        while to.due(&self.sim) {
            self.step();
        }
        if let Some(t) = to.time() {
            if self.sim.now() < t && self.sim.next_time().is_none_or(|n| n > t) {
                self.sim.advance_to(t);
            }
        }
    }

    /// See [`Run::advance`].
    fn advance_until(&mut self, to: Micros, budget: usize, stop_at_end: bool) -> bool {
        for _ in 0..budget {
            match self.sim.next_time() {
                Some(t) if t <= to => {
                    self.step();
                    if stop_at_end && self.sim.is_settled() {
                        return true;
                    }
                }
                _ => break,
            }
        }
        if self.sim.next_time().is_some_and(|t| t <= to) {
            return false;
        }
        if !(stop_at_end && self.sim.is_settled()) {
            self.sim.advance_to(to);
        }
        true
    }
}

/// The page's simulator for a scenario and the user's events, at 0 ms.
fn simulator(base: &Scenario, events: &[Event]) -> Simulator {
    Simulator::with_options(
        merged(base, events),
        Options {
            message_window: Some(MessageWindow {
                linger_us: LINGER_US,
                max_records: MESSAGE_RECORDS,
            }),
            journal_limit: JOURNAL_ENTRIES,
            ..Options::default()
        },
    )
}

/// The scenario with the user's events merged in by time (stable: scenario events first at
/// equal times). Not inlined: the page calls it from two places (the diagram, the share link).
#[inline(never)]
pub fn merged(base: &Scenario, user: &[Event]) -> Scenario {
    let mut s = base.clone();
    s.events.extend(user.iter().cloned());
    quorumscope_engine::sort::sort_by(&mut s.events, |a, b| a.at.total_cmp(&b.at));
    s
}

#[cfg(test)]
mod tests {
    use super::{Run, Target, MAX_CHECKPOINTS};
    use crate::state::test_util::*;
    use quorumscope_engine::scenario::Event;

    /// Issue 10, part 1: an older state used again after a newer one moved the shared
    /// simulator on gets its own run back (rebuilt and replayed), and reaches what it reached
    /// the first time: the simulator is never changed underneath a previous state.
    #[test]
    fn issue10_a_previous_state_gets_its_own_run_back() {
        let s = state(THREE).reduce(put("milk", ContextChoice::Last));
        let first = s.clone().reduce(Msg::Step);
        assert_eq!(s.run.rebuilds(), 0, "going forward reuses the simulator");
        let later = settle(first.clone());
        assert!(later.at > first.at);
        let again = s.clone().reduce(Msg::Step);
        assert_eq!(s.run.rebuilds(), 1, "going back rebuilt it once");
        assert_eq!(again.at, first.at);
        assert_eq!(again.snapshot, first.snapshot);
        assert!(
            *again == *first,
            "two states reached the same way are equal"
        );
        // A different action from the past is a new branch: the later put is not in it.
        let branch = s.clone().reduce(Msg::Crash("A".into()));
        assert_eq!(branch.user_events.len(), 2);
        assert!(matches!(branch.user_events[1].action, Action::Crash(_)));
        assert_eq!(branch.snapshot.history.len(), 1);
        // And the later state still has its own run.
        assert_eq!(
            later.clone().reduce(Msg::Step).notice,
            Some(Notice::NothingToStep)
        );
        assert_eq!(later.sim().now(), later.at.now_us);
    }

    /// Issue 10, part 1: seeking a run back to a position rebuilds it from (base, events) and
    /// replays it to exactly that position, with the same picture; seeking forward carries the
    /// live simulator on without a rebuild.
    #[test]
    fn issue10_seek_goes_back_by_replay_and_forward_by_carrying_on() {
        let s = state(crate::DEFAULT_SCENARIO);
        let mid = play_to(s, 20_000);
        let end = settle(mid.clone());
        assert!(end.at > mid.at, "{:?} {:?}", end.at, mid.at);
        let run = &end.run;
        assert_eq!(run.position(), end.at);
        let rebuilds = run.rebuilds();
        let back = run.snapshot(&mid.base, &mid.user_events, mid.at);
        assert_eq!(run.rebuilds(), rebuilds + 1);
        assert_eq!(run.position(), mid.at);
        assert_eq!(
            (back.now_us, &back.history, &back.nodes),
            (
                mid.snapshot.now_us,
                &mid.snapshot.history,
                &mid.snapshot.nodes
            )
        );
        let forth = run.snapshot(&end.base, &end.user_events, end.at);
        assert_eq!(run.rebuilds(), rebuilds + 1, "forward: carried on");
        assert_eq!(
            (forth.now_us, &forth.history, &forth.nodes),
            (
                end.snapshot.now_us,
                &end.snapshot.history,
                &end.snapshot.nodes
            )
        );
    }

    /// Issue 10, part 1: states are compared by their fields; the run by identity.
    #[test]
    fn issue10_states_compare_by_their_fields() {
        let s = state(THREE);
        assert_eq!(*s, (*s).clone());
        let selected = s
            .clone()
            .reduce(Msg::Select(Some(quorumscope_engine::OpId(1))));
        assert_ne!(*selected, *s);
        assert_eq!(selected.run, s.run, "one run, shared");
        assert_ne!(state(THREE).run, s.run, "another run of the same scenario");
    }

    /// A busy run with crashes, a partition and a heal, and user events of its own.
    fn busy_run() -> (Rc<Scenario>, Rc<Vec<Event>>) {
        let mut timed: Vec<(u32, String)> = (0..400)
            .map(|i| {
                let client = if i % 2 == 0 { "alice" } else { "bob" };
                let put = format!(
                    r#""put": {{"client": "{client}", "key": "k{}", "value": "v{i}"}}"#,
                    i % 5
                );
                (i * 2, put)
            })
            .collect();
        timed.extend([
            (31, r#""crash": "B""#.to_string()),
            (90, r#""recover": "B""#.to_string()),
            (60, r#""partition": [["C", "D"]]"#.to_string()),
            (150, r#""heal": true"#.to_string()),
            (
                400,
                r#""get": {"client": "alice", "key": "k1"}"#.to_string(),
            ),
        ]);
        timed.sort_by_key(|(at, _)| *at);
        let events: Vec<String> = timed
            .iter()
            .map(|(at, what)| format!(r#"{{"at": {at}, {what}}}"#))
            .collect();
        let text = format!(
            r#"{{"seed": 9, "cluster": {{"nodes": ["A","B","C","D","E"], "clients": ["alice","bob"],
              "n": 3, "w": 2, "r": 2, "anti_entropy_ms": 20, "sloppy_quorum": true,
              "hinted_handoff": true}}, "events": [{}]}}"#,
            events.join(",")
        );
        let base = Rc::new(Scenario::from_json(&text).expect("a valid scenario"));
        let user = vec![
            Event {
                at: 45.0,
                action: Action::Crash("A".into()),
            },
            Event {
                at: 120.0,
                action: Action::Recover("A".into()),
            },
        ];
        (base, Rc::new(user))
    }

    /// The trace hash, history and nodes of a simulator, to compare two.
    fn fingerprint(
        run: &Run,
        base: &Rc<Scenario>,
        events: &Rc<Vec<Event>>,
        at: Position,
    ) -> String {
        let hash = run.seek(base, events, at).trace_hash();
        let snap = run.snapshot(base, events, at);
        format!("{hash} {:?} {:?}", snap.history, snap.nodes)
    }

    /// Issue 10, part 2: seeking back and forth to many random positions of a run with crashes
    /// and a partition gives exactly what a fresh replay to that position gives, restoring
    /// checkpoints instead of replaying from the start; and the checkpoints stay bounded.
    #[test]
    fn issue10_seeking_from_checkpoints_matches_a_fresh_replay() {
        let (base, events) = busy_run();
        let run = Run::start(&base, &events);
        let (_, end) = run.advance(
            &base,
            &events,
            Position::default(),
            5_000_000,
            1_000_000,
            false,
        );
        assert!(end.events > 2_000, "a long run: {end:?}");
        let (kept, every) = run.checkpoints();
        assert!(
            (MAX_CHECKPOINTS / 2..=MAX_CHECKPOINTS).contains(&kept),
            "{kept}"
        );
        assert!(end.events / every <= MAX_CHECKPOINTS as u64, "{every}");
        let rebuilds = run.rebuilds();
        let mut seed = 12_345_u64;
        for _ in 0..24 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let n = (seed >> 33) % (end.events + 1);
            let target = if seed & 1 == 0 {
                Target::Events(n)
            } else {
                Target::Time(end.now_us * n / end.events.max(1))
            };
            let at = run.resolve(&base, &events, target);
            let fresh = Run::start(&base, &events);
            assert_eq!(fresh.resolve(&base, &events, target), at, "{target:?}");
            assert_eq!(
                fingerprint(&run, &base, &events, at),
                fingerprint(&fresh, &base, &events, at),
                "{target:?}"
            );
            assert!(run.checkpoints().0 <= MAX_CHECKPOINTS);
        }
        assert_eq!(
            run.rebuilds(),
            rebuilds,
            "every seek back started from a checkpoint"
        );
    }

    /// Issue 10, part 2: a checkpoint taken before the user's later actions serves the run
    /// with them (they are scheduled on the copy), and gives what a fresh replay gives.
    #[test]
    fn issue10_a_checkpoint_serves_later_user_events() {
        let (base, events) = busy_run();
        let early: Rc<Vec<Event>> = Rc::new(events[..1].to_vec());
        let run = Run::start(&base, &early);
        let (_, mid) = run.advance(
            &base,
            &early,
            Position::default(),
            100_000,
            1_000_000,
            false,
        );
        let (_, end) = run.advance(&base, &events, mid, 600_000, 1_000_000, false);
        let back = run.resolve(&base, &events, Target::Events(mid.events + 10));
        let fresh = Run::start(&base, &events);
        assert_eq!(
            fingerprint(&run, &base, &events, back),
            fingerprint(&fresh, &base, &events, back)
        );
        assert_eq!(run.rebuilds(), 0);
        assert!(end > back);
    }
}
