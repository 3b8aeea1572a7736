//! The page's one reducer: [`AppState`], what the user can ask of it ([`Msg`]), and a
//! [`Snapshot`] of the engine's simulator that every component renders from.
//!
//! The engine owns the truth. The reducer drives it (time follows wall time times the speed),
//! turns what the user does into engine actions scheduled at the current simulated time, and
//! keeps those actions as scenario events, so that a share link replays the same run. After
//! every change it takes a fresh snapshot; components never touch the simulator.
//!
//! A state is plain data, cheap to clone and compare: the scenario, the user's events, the
//! position in the run, the page's own fields (playing, speed, selection, ...). The simulator
//! is a cache of what the first three determine ([`Run`], in [`run`]): no state's simulator is
//! changed underneath it.
//!
//! The reducer only dispatches: one method per message, grouped by concept in `clock.rs` (time),
//! `actions.rs` (what the user does to the cluster), `session.rs` (loading, Reset, Replay, a new
//! versioning mode), `selection.rs` (what is selected, the error banner), with the checks of
//! what the user gives in `checks.rs`, the live log's words in `narration.rs`, the bounds in
//! `limits.rs` and the messages in `msg.rs`.

mod actions;
mod checks;
mod clock;
mod library;
mod limits;
mod msg;
mod narration;
pub mod run;
mod selection;
mod session;
#[cfg(test)]
mod test_util;
mod tour;
mod travel;

use std::rc::Rc;

use quorumscope_engine::scenario::Event;
use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::time::Micros;
use quorumscope_engine::{OpId, Scenario, Simulator};
use yew::Reducible;

pub use actions::wan_is_cut;
pub use checks::{check_patch, check_value, describe_patch, detector_label};
pub use clock::{natural_speed, speed_index};
pub use library::{Opening, Pending, Wanted};
pub use limits::*;
pub use msg::Msg;
pub use narration::{describe, ms_label, narrate, short_ms, versioning_name};
pub use run::{merged, Position, Run, Target};
pub use tour::{TourStart, TourState};

/// A quiet stretch being skipped: nothing in flight, the next event far off.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Skip {
    /// The time of the next event, where the skip ends.
    pub to: Micros,
    /// How fast time runs meanwhile, in simulated µs per wall ms.
    pub rate: f64,
}

/// What the page tells the user about what they just did, beside the clock.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Step was pressed on a finished run: nothing is in flight or scheduled.
    NothingToStep,
    /// Reset started over without the user's actions; they can be brought back. The text says
    /// what was set aside, like `2 operations and 1 change of settings`.
    SetAside(String),
    /// The user acted at a past position: the old future is gone, and so are this many of the
    /// user's later actions.
    Branched {
        /// The simulated time of the branch.
        at: Micros,
        /// How many later actions of the user's were discarded.
        discarded: usize,
    },
}

/// Everything the page knows.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The scenario as loaded (a library scenario, a file or a share link), before the user's
    /// actions.
    pub base: Rc<Scenario>,
    /// The library scenario `base` is, as the library has it (its id), or `None` for any other
    /// scenario: share links name it rather than copy it.
    pub library_id: Option<Rc<str>>,
    /// A file the page is fetching (a library scenario), and what for: the page shows it is
    /// loading; the session stays as it is until the file arrives.
    pub pending: Option<Pending>,
    /// What the user did, as scenario events at their simulated times, in order.
    pub user_events: Rc<Vec<Event>>,
    /// Where the run of (`base`, `user_events`) is.
    pub at: Position,
    /// The simulator of that run at that position: a cache, see [`run`]. Only the reducer
    /// touches it.
    run: Run,
    /// The picture of the run at [`AppState::at`] that the components draw (made from the
    /// fields above).
    pub snapshot: Rc<Snapshot>,
    /// The guided tour shown, followed or left (kept through every change of the run until it
    /// is closed).
    pub tour: Option<TourState>,
    /// Where playing stops by itself: the moment of the tour step that Next plays up to.
    stop_at: Option<Micros>,
    /// Whether time is running.
    pub playing: bool,
    /// Whether the last frame had more to do than [`FRAME_EVENTS`]: simulated time then runs
    /// slower than the speed asks.
    pub behind: bool,
    /// Simulated ms per wall ms.
    pub speed: f64,
    /// While no message is in flight and the next event is far off, time skips ahead to it:
    /// where to, and how fast. `None` while playing at the chosen speed.
    pub skip: Option<Skip>,
    /// Something the page tells the user about what they just did, shown beside the clock
    /// until their next action.
    pub notice: Option<Notice>,
    /// The state before the last Reset, while the Reset can still be undone (its notice shows).
    undo: Option<Rc<AppState>>,
    /// Timestamp of the last animation frame, in wall ms.
    pub last_frame_ms: Option<f64>,
    /// The operation the user selected in the log (its quorums are highlighted).
    pub selected_op: Option<OpId>,
    /// The key the user selected on the ring (by name: it stays selected through a Reset or a
    /// Replay, whose runs use the same names).
    pub selected_key: Option<String>,
    /// A problem with something the user gave (a scenario file, a share link, a setting): shown
    /// in a banner; the state it refers to was not applied.
    pub error: Option<String>,
    /// The run's recent happenings in words, each at its simulated time, newest last: told
    /// from the engine's journal (never from frames), and rebuilt with the run whenever it
    /// starts over (a reset, a load, a share link, a versioning replay).
    pub log: Rc<Vec<String>>,
    /// How many lines the log has had in all (the first line kept is number
    /// `log_total - log.len()`): stable keys for the live region.
    pub log_total: u64,
    /// Which run the log tells: a new number for every run the page starts, so that the live
    /// region of a rebuilt log is a new list (not read out as a burst of additions).
    pub log_run: u64,
    /// The page's last notice that is not a happening of the run ("Reset: ...", a replay that
    /// stopped early, nothing left to step): one status line beside the log.
    pub status: Option<String>,
    /// The furthest position played in this branch of the run: the end of the timeline.
    pub horizon: Position,
}

impl AppState {
    /// The simulator of this state's run at its position (see [`run`]). The borrow must end
    /// before the state is refreshed.
    fn sim(&self) -> std::cell::RefMut<'_, Simulator> {
        self.run.seek(&self.base, &self.user_events, self.at)
    }

    /// Clears what answered the user's last action when a new one comes: a notice lasts until
    /// the next action, and the offer to undo a Reset while time merely runs.
    fn before(&mut self, msg: &Msg) {
        let passive = matches!(
            msg,
            Msg::Frame(_)
                | Msg::SetSpeed(_)
                | Msg::Select(_)
                | Msg::ShowError(_)
                | Msg::DismissError
                | Msg::Fetched { .. }
                | Msg::OpenTour { .. }
                | Msg::TourStep(_)
                | Msg::LeaveTour
                | Msg::ResumeTour
                | Msg::CloseTour
                | Msg::TourAutoplay(_)
        );
        if passive {
            return;
        }
        // Anything that changes the run, or loads another, leaves the tour (which waits).
        let watching = matches!(
            msg,
            Msg::Play | Msg::Pause | Msg::Step | Msg::Seek(_) | Msg::StepBack | Msg::SelectKey(_)
        );
        if !watching {
            if let Some(t) = self.tour.as_mut() {
                t.following = false;
            }
        }
        let travel = matches!(msg, Msg::Seek(_) | Msg::StepBack);
        if !matches!(msg, Msg::Play | Msg::Pause | Msg::Step | Msg::UndoReset) && !travel {
            self.undo = None;
        }
        if self.undo.is_none() || matches!(msg, Msg::Step) || travel {
            self.notice = None;
        }
    }
}

impl Reducible for AppState {
    type Action = Msg;

    /// One method per message; each says whether it changed the state (if not, the same `Rc`
    /// comes back, and nothing is drawn again).
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = (*self).clone();
        s.before(&msg);
        // A tour outlives a new run (a load, a reset, a replay...) until it is closed.
        let tour = s.tour.clone();
        let closing = matches!(msg, Msg::CloseTour);
        let changed = match msg {
            Msg::Frame(t) => s.frame(t),
            Msg::Play => s.play(),
            Msg::Pause => s.pause(),
            Msg::Step => s.step(),
            Msg::Seek(to) => s.seek(to),
            Msg::StepBack => s.step_back(),
            Msg::SetSpeed(v) => s.set_speed(v),
            Msg::Reset => s.reset(),
            Msg::UndoReset => s.undo_reset(),
            Msg::Replay => s.replay(),
            Msg::Put {
                client,
                key,
                value,
                context,
            } => s.put(client, key, value, context),
            Msg::Get { client, key } => s.get(client, key),
            Msg::Delete {
                client,
                key,
                context,
            } => s.delete(client, key, context),
            Msg::Crash(node) => s.crash(node),
            Msg::Recover(node) => s.recover(node),
            Msg::MoveTo { endpoint, zone } => s.move_to(&endpoint, zone),
            Msg::Heal => s.heal(),
            Msg::CutWan => s.cut_wan(),
            Msg::SetDropRate(p) => s.set_drop_rate(p),
            Msg::DropMessage(id) => s.drop_message(id),
            Msg::Configure(patch) => s.configure(patch),
            Msg::SetVersioning(v) => s.set_versioning(v),
            Msg::Load(text) => s.load(&text),
            Msg::OpenLink(hash) => s.open_link(&hash),
            Msg::Choose(id) => s.choose(&id),
            Msg::Fetched { path, result } => s.fetched(&path, result),
            Msg::OpenTour { id, step } => s.open_tour(&id, step),
            Msg::TourStep(k) => s.tour_step(k),
            Msg::LeaveTour => s.leave_tour(),
            Msg::ResumeTour => s.resume_tour(),
            Msg::CloseTour => s.close_tour(),
            Msg::TourAutoplay(on) => s.tour_autoplay(on),
            Msg::Select(op) => s.select(op),
            Msg::SelectKey(key) => s.select_key(key),
            Msg::ShowError(e) => s.show_error(e),
            Msg::DismissError => s.dismiss_error(),
        };
        if s.tour.is_none() && !closing {
            s.tour = tour;
        }
        if changed {
            Rc::new(s)
        } else {
            self
        }
    }
}
