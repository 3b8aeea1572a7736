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
//!   reduced again after a newer one moved on), it is rebuilt from (base, events) and replayed
//!   to the position. That is how seeking backwards works until the engine's simulator can be
//!   cloned into checkpoints: rebuild and replay.
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

    /// The live state, made the run of (`base`, `events`) at `to`.
    fn live_at(
        &self,
        base: &Rc<Scenario>,
        events: &Rc<Vec<Event>>,
        to: Position,
    ) -> RefMut<'_, Live> {
        let mut live = self.live.borrow_mut();
        let carried = Rc::ptr_eq(&live.base, base) && live.extend(events);
        if !carried || Position::of(&live.sim) > to {
            live.rebuild(base, events);
        }
        if Position::of(&live.sim) != to {
            catch_up(&mut live.sim, to);
            // The happenings on the way belong to the states that saw them: the next snapshot
            // tells only what comes after `to`.
            let Live { sim, cache, .. } = &mut *live;
            Snapshot::cached(sim, LINGER_US, cache);
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
        self.base = base.clone();
        self.events = events.clone();
        self.sim = simulator(base, events);
        self.cache = SnapshotCache::default();
        self.rebuilds += 1;
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
/// equal times).
pub(super) fn merged(base: &Scenario, user: &[Event]) -> Scenario {
    let mut s = base.clone();
    s.events.extend(user.iter().cloned());
    quorumscope_engine::sort::sort_by(&mut s.events, |a, b| a.at.total_cmp(&b.at));
    s
}

/// Moves a simulator that is behind `to` on to it: every event before `to`'s time, then events
/// of that instant until as many as `to` counts are processed, then the clock to its time (when
/// nothing is left before it).
fn catch_up(sim: &mut Simulator, to: Position) {
    while let Some(t) = sim.next_time() {
        let due = t < to.now_us || (t == to.now_us && sim.events_processed() < to.events);
        if !due {
            break;
        }
        sim.step();
    }
    if sim.now() < to.now_us && sim.next_time().is_none_or(|t| t > to.now_us) {
        sim.advance_to(to.now_us);
    }
}

/// Processes the events of `sim` up to time `to`, at most `budget` of them, and sets the clock
/// to `to` if it got there. Returns whether it did; if not, the clock is at the last event
/// processed and the rest waits for the next call.
pub(super) fn advance(sim: &mut Simulator, to: Micros, budget: usize) -> bool {
    advance_until(sim, to, budget, false)
}

/// As [`advance`], but with `stop_at_end` the clock stops at the event that finished the run
/// ([`Simulator::is_settled`]): a run ends at the time of its last event, not at a frame's.
pub(super) fn advance_until(
    sim: &mut Simulator,
    to: Micros,
    budget: usize,
    stop_at_end: bool,
) -> bool {
    for _ in 0..budget {
        match sim.next_time() {
            Some(t) if t <= to => {
                sim.step();
                if stop_at_end && sim.is_settled() {
                    return true;
                }
            }
            _ => break,
        }
    }
    if sim.next_time().is_some_and(|t| t <= to) {
        return false;
    }
    if !(stop_at_end && sim.is_settled()) {
        sim.advance_to(to);
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::state::test_util::*;

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
}
