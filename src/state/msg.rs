//! What the page can ask of the reducer: [`Msg`].

use quorumscope_engine::scenario::{ClusterPatch, ContextChoice};
use quorumscope_engine::version::Versioning;
use quorumscope_engine::{MsgId, OpId};

/// What the page can ask of the reducer.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// An animation frame at this wall-clock time (ms, from requestAnimationFrame).
    Frame(f64),
    /// Start time.
    Play,
    /// Stop time.
    Pause,
    /// Process the next engine event, jumping time to it (pauses).
    Step,
    /// Go to a position of the run, a time or an event count (pauses), at most to the horizon.
    Seek(super::Target),
    /// Go back one engine event (pauses).
    StepBack,
    /// Set the speed (simulated ms per wall ms), clamped to [`super::SPEED_RANGE`].
    SetSpeed(f64),
    /// Start over from the loaded scenario, without the user's actions (which the notice offers
    /// to bring back, [`Msg::UndoReset`]).
    Reset,
    /// Bring back the state before the last Reset, the user's actions included.
    UndoReset,
    /// Play the same run again from 0 ms: the scenario and the user's actions, which happen
    /// again at their times.
    Replay,
    /// A client writes a value.
    Put {
        /// Client id.
        client: String,
        /// Key.
        key: String,
        /// Value.
        value: String,
        /// Which context the write is sent with: what the client last saw of the key
        /// (overwriting it), or none (a blind write).
        context: ContextChoice,
    },
    /// A client reads a key.
    Get {
        /// Client id.
        client: String,
        /// Key.
        key: String,
    },
    /// A client deletes a key.
    Delete {
        /// Client id.
        client: String,
        /// Key.
        key: String,
        /// Which context the tombstone is sent with (as for [`Msg::Put`]).
        context: ContextChoice,
    },
    /// Crash a node.
    Crash(String),
    /// Recover a node.
    Recover(String),
    /// Move a node or client into a partition zone (0: the main zone). Links between zones are
    /// cut.
    MoveTo {
        /// Node or client id.
        endpoint: String,
        /// Zone number.
        zone: u32,
    },
    /// End the partition.
    Heal,
    /// Cut the WAN link: partition the network so that each datacenter is a group of its own
    /// (nothing without datacenters, or when they are cut off from each other already).
    CutWan,
    /// Set the probability that a message is lost.
    SetDropRate(f64),
    /// Drop one message in flight.
    DropMessage(MsgId),
    /// Change settings from now on (checked first; a bad setting is refused with a message).
    Configure(ClusterPatch),
    /// Change the versioning mode: the run starts over (versions cannot change mid-run) and
    /// the user's actions are replayed up to the current time.
    SetVersioning(Versioning),
    /// Load a scenario file (its text); a bad file is refused with a message naming the field.
    Load(String),
    /// The address's fragment changed to this (a share link pasted into the address bar of the
    /// open page): its scenario is loaded as a fresh load of the link would load it; a link
    /// that cannot be read keeps the current scenario and says why in the error banner. A
    /// fragment that is not a share link changes nothing.
    OpenLink(String),
    /// Open the library scenario of this id: at once if it is built in, else its file is
    /// fetched ([`super::AppState::pending`]).
    Choose(String),
    /// A file the page fetched arrived (its text), or could not be fetched (why, in words).
    Fetched {
        /// The path asked for ([`super::Pending::path`]).
        path: String,
        /// The file's text, or why there is none.
        result: Result<String, String>,
    },
    /// Open the tour of this id at a step (from 0): its file is fetched, then its scenario.
    OpenTour {
        /// The tour's id.
        id: String,
        /// The step (from 0).
        step: usize,
    },
    /// Go to this step (from 0) of the tour followed: Next plays up to a step not played yet,
    /// Back seeks to one played.
    TourStep(usize),
    /// Leave the tour to experiment (it waits at its step).
    LeaveTour,
    /// Back to the tour: its scenario loaded again at the step where the user left.
    ResumeTour,
    /// End the tour.
    CloseTour,
    /// Let the tour's steps follow one another by themselves, or not.
    TourAutoplay(bool),
    /// Select an operation in the log (or none).
    Select(Option<OpId>),
    /// Select a key on the ring, by name.
    SelectKey(String),
    /// Show a problem in the error banner (from a component: a file that cannot be read, a
    /// link that cannot be copied).
    ShowError(String),
    /// Hide the error banner.
    DismissError,
}
