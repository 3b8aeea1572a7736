//! The page's one reducer: the engine's simulator, and a [`Snapshot`] of it that every component
//! renders from.
//!
//! The engine owns the truth. The reducer drives it (time follows wall time times the speed),
//! turns what the user does into engine actions scheduled at the current simulated time, and
//! keeps those actions as scenario events, so that a share link replays the same run. After
//! every change it takes a fresh snapshot; components never touch the simulator.

use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

use quorumscope_engine::latency::MsgClass;
use quorumscope_engine::number::{clamp, fixed, plain};
use quorumscope_engine::scenario::{
    Action, Cluster, ClusterPatch, ConsistencyLevel, ContextChoice, Coordinator, DeleteSpec, Event,
    GetSpec, PutSpec, Quorum,
};
use quorumscope_engine::sim::{Fate, MessageWindow, Options};
use quorumscope_engine::snapshot::{
    HappeningEntry, HappeningView, OpView, Snapshot, SnapshotCache,
};
use quorumscope_engine::time::{ms_to_us, Micros};
use quorumscope_engine::version::Versioning;
use quorumscope_engine::DetectorConfig;
use quorumscope_engine::{MsgId, OpId};
use quorumscope_engine::{Scenario, Simulator};
use yew::Reducible;

/// How long a lost message stays on screen after it dies, in simulated microseconds.
pub const LINGER_US: Micros = 150_000;
/// The speeds the speed control offers, slowest first (simulated ms per wall ms): a 1-2-5 log
/// scale.
pub const SPEEDS: [f64; 11] = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0];
/// Slowest and fastest speeds: simulated ms per wall ms.
pub const SPEED_RANGE: (f64, f64) = (0.005, 10.0);
/// The speed the page starts at: 1 simulated ms takes 100 wall ms, so a message of the presets
/// (5 to 15 ms on its way) takes about a second to cross and a write and its acks can be
/// followed by eye (issue 8, point 1).
pub const DEFAULT_SPEED: f64 = 0.01;
/// How long, in wall ms, a message of mean delay should take to cross the view at a scenario's
/// own pace ([`natural_speed`]).
pub const CROSSING_WALL_MS: f64 = 1_000.0;
/// While no message is in flight, time skips ahead to the next event: the whole gap takes at
/// most this many wall ms, whatever its length (issue 8, point 1).
pub const SKIP_WALL_MS: f64 = 500.0;
/// A quiet stretch shorter than this many wall ms at the chosen speed plays at that speed
/// (skipping it would only make the clock jitter).
const SKIP_AFTER_WALL_MS: f64 = 300.0;
/// The longest wall-clock gap between two frames that is played (a background tab does not jump).
const MAX_FRAME_MS: f64 = 100.0;
/// How many lines the live log keeps.
pub const LOG_LINES: usize = 50;
/// How many entries of the run's journal the page's simulator keeps
/// ([`Options::journal_limit`]): enough for [`LOG_LINES`] lines, and memory stays flat however
/// long the page plays.
pub const JOURNAL_ENTRIES: usize = 500;
/// The most engine events one animation frame processes. A frame that would need more (a busy
/// cluster at a high speed) stops there, and simulated time runs slower than the speed asks
/// until the run is quieter: the page keeps answering whatever the settings.
pub const FRAME_EVENTS: usize = 1_000;
/// The most engine events a replay (changing the versioning mode) processes at once; a longer
/// replay stops early, at the time it reached.
pub const REPLAY_EVENTS: usize = 200_000;
/// The most message records the page's simulator keeps (in flight, and lost ones while they
/// linger on screen): memory stays bounded however long the page plays.
pub const MESSAGE_RECORDS: usize = 2_000;
/// The shortest anti-entropy period and hinted-handoff interval the settings accept, in ms.
pub const MIN_PERIOD_MS: f64 = 10.0;
/// The longest mean message delay the settings accept, in ms (for every kind of message).
pub const MAX_MEAN_LATENCY_MS: f64 = 10_000.0;
/// The longest value the client form sends, in characters.
pub const MAX_VALUE_CHARS: usize = 1_000;
/// The longest key the client form sends, in characters.
pub const MAX_KEY_CHARS: usize = 100;

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
}

/// Everything the page knows.
pub struct AppState {
    /// The scenario as loaded (a preset, a file or a share link), before the user's actions.
    pub base: Rc<Scenario>,
    /// What the user did, as scenario events at their simulated times, in order.
    pub user_events: Rc<Vec<Event>>,
    /// The running simulation. Only the reducer touches it.
    sim: Rc<RefCell<Simulator>>,
    /// What the next snapshot of this simulation can reuse from the last one.
    cache: Rc<RefCell<SnapshotCache>>,
    /// The picture of the simulation that the components draw.
    pub snapshot: Rc<Snapshot>,
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
}

/// Numbers the runs a page starts ([`AppState::log_run`]).
static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && Rc::ptr_eq(&self.base, &other.base)
            && self.playing == other.playing
            && self.behind == other.behind
            && self.speed == other.speed
            && self.skip == other.skip
            && self.notice == other.notice
            && self.selected_op == other.selected_op
            && self.selected_key == other.selected_key
            && self.error == other.error
            && Rc::ptr_eq(&self.log, &other.log)
            && self.log_run == other.log_run
            && self.status == other.status
    }
}

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
    /// Set the speed (simulated ms per wall ms), clamped to [`SPEED_RANGE`].
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

impl AppState {
    /// The page's state for a scenario file; a bad file gives the error naming the field.
    pub fn from_text(text: &str) -> Result<AppState, String> {
        let scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
        Ok(AppState::new(scenario, Vec::new(), None))
    }

    /// The page's state when it opens: the scenario of a share link (`#s=...` in `hash`, with
    /// or without the `#`) if there is one, else `default_text`. A link that cannot be read
    /// gives the default scenario and says why in the error banner.
    pub fn open(hash: &str, default_text: &str) -> AppState {
        let fallback = |error: Option<String>| {
            let mut state = AppState::from_text(default_text).unwrap_or_else(|e| {
                // The built-in scenario is tested; this only guards against a broken build.
                let mut s = AppState::new(minimal_scenario(), Vec::new(), None);
                s.error = Some(format!("The default scenario could not be loaded: {e}"));
                s
            });
            if error.is_some() {
                state.error = error;
            }
            state
        };
        match crate::scenarios::scenario_from_hash(hash) {
            None => fallback(None),
            Some(Ok(text)) => match AppState::from_text(&text) {
                Ok(mut state) => {
                    state.note("Opened the scenario of a share link.".to_string());
                    state
                }
                Err(e) => fallback(Some(format!(
                    "The share link's scenario could not be loaded ({e}); showing the default scenario instead."
                ))),
            },
            Some(Err(e)) => fallback(Some(format!(
                "The share link could not be read ({e}); showing the default scenario instead."
            ))),
        }
    }

    /// The page's state for a validated scenario and the user's actions to replay, paused at 0
    /// or, with `until`, at that time (at least the last action's time).
    pub fn new(base: Scenario, user_events: Vec<Event>, until: Option<Micros>) -> AppState {
        let until = user_events
            .last()
            .map(|e| ms_to_us(e.at))
            .into_iter()
            .chain(until)
            .max();
        let mut state = AppState::at_start(base, user_events);
        if let Some(t) = until {
            // The replayed run's log is told from its journal, at its events' times, in a new
            // list (see `log_run`): a screen reader does not read it out as news.
            let done = advance(&mut state.sim.borrow_mut(), t, REPLAY_EVENTS);
            if !done {
                let reached = state.sim.borrow().now();
                state.note(format!(
                    "The replay was too long to run at once: it stopped at {}; press Play to go on.",
                    ms_label(reached)
                ));
            }
            state.refresh();
        }
        state
    }

    /// The page's state at 0 ms for a validated scenario and the user's actions, which happen
    /// at their times as the run plays.
    fn at_start(base: Scenario, user_events: Vec<Event>) -> AppState {
        let sim = Simulator::with_options(
            merged(&base, &user_events),
            Options {
                message_window: Some(MessageWindow {
                    linger_us: LINGER_US,
                    max_records: MESSAGE_RECORDS,
                }),
                journal_limit: JOURNAL_ENTRIES,
                ..Options::default()
            },
        );
        let mut cache = SnapshotCache::default();
        let snapshot = Snapshot::cached(&sim, LINGER_US, &mut cache);
        let speed = natural_speed(&base.cluster.latency);
        AppState {
            base: Rc::new(base),
            user_events: Rc::new(user_events),
            snapshot: Rc::new(snapshot),
            sim: Rc::new(RefCell::new(sim)),
            cache: Rc::new(RefCell::new(cache)),
            playing: false,
            behind: false,
            speed,
            skip: None,
            notice: None,
            undo: None,
            last_frame_ms: None,
            selected_op: None,
            selected_key: None,
            error: None,
            log: Rc::new(Vec::new()),
            log_total: 0,
            log_run: RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            status: None,
        }
    }

    /// Where simulated time gets to in an animation frame `dt_ms` wall ms long: the speed's
    /// worth of time, or, while nothing is in flight and the next event is far off, a skip
    /// towards it that crosses the whole gap in at most [`SKIP_WALL_MS`] (and ends exactly at
    /// the event, so that what it sends is seen from its start).
    fn frame_target(&mut self, sim: &Simulator, dt_ms: f64) -> Micros {
        let now = sim.now();
        let step = ((dt_ms * self.speed * 1000.0).round() as Micros).max(1);
        let quiet = !sim.messages().iter().any(|m| m.fate == Fate::InFlight);
        let gap = sim
            .next_time_of_interest()
            .map(|next| (next, next.saturating_sub(now)));
        let worth_skipping = |gap: Micros| gap as f64 > self.speed * 1000.0 * SKIP_AFTER_WALL_MS;
        self.skip = match (quiet, gap) {
            (true, Some((next, gap)))
                if worth_skipping(gap) || self.skip.is_some_and(|k| k.to == next) =>
            {
                match self.skip {
                    Some(skip) if skip.to == next => Some(skip),
                    _ => Some(Skip {
                        to: next,
                        rate: gap as f64 / SKIP_WALL_MS,
                    }),
                }
            }
            _ => None,
        };
        match self.skip {
            Some(skip) => {
                let jump = ((dt_ms * skip.rate).round() as Micros).max(step);
                now.saturating_add(jump).min(skip.to)
            }
            None => now + step,
        }
    }
    /// The scenario that reproduces this session: the loaded one plus the user's actions, for
    /// share links and downloads.
    pub fn session_scenario(&self) -> Scenario {
        merged(&self.base, &self.user_events)
    }

    /// The clients the user can act as: the scenario's clients.
    pub fn clients(&self) -> Vec<String> {
        self.snapshot
            .clients
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    fn copy(&self) -> AppState {
        AppState {
            base: self.base.clone(),
            user_events: self.user_events.clone(),
            sim: self.sim.clone(),
            cache: self.cache.clone(),
            snapshot: self.snapshot.clone(),
            playing: self.playing,
            behind: self.behind,
            speed: self.speed,
            skip: self.skip,
            notice: self.notice.clone(),
            undo: self.undo.clone(),
            last_frame_ms: self.last_frame_ms,
            selected_op: self.selected_op,
            selected_key: self.selected_key.clone(),
            error: self.error.clone(),
            log: self.log.clone(),
            log_total: self.log_total,
            log_run: self.log_run,
            status: self.status.clone(),
        }
    }

    /// Takes a new snapshot and tells, in the log, what the run's journal recorded since the
    /// last one, each at its simulated time: however many events a frame covered (a crash and a
    /// recovery within one frame are both told), and costing what happened, not the history.
    fn refresh(&mut self) {
        let snapshot =
            Snapshot::cached(&self.sim.borrow(), LINGER_US, &mut self.cache.borrow_mut());
        // Only the last LOG_LINES lines are kept: tell no more than those.
        let skip = snapshot.happenings.len().saturating_sub(LOG_LINES);
        let lines: Vec<String> = snapshot.happenings[skip..]
            .iter()
            .filter_map(|h| narrate(h, &snapshot))
            .collect();
        self.snapshot = Rc::new(snapshot);
        if lines.is_empty() {
            return;
        }
        let mut log = (*self.log).clone();
        self.log_total += lines.len() as u64;
        log.extend(lines);
        let excess = log.len().saturating_sub(LOG_LINES);
        log.drain(..excess);
        self.log = Rc::new(log);
    }

    /// Shows a notice of the page's own (not a happening of the run) in the status line.
    fn note(&mut self, line: String) {
        self.status = Some(line);
    }

    /// Schedules a user action one microsecond after now (so that it follows everything that
    /// has already happened at this instant, in the live run and in a replay alike), records it
    /// as a scenario event, and runs what happens at that instant.
    fn act(&mut self, action: Action) {
        let at = self.sim.borrow().now() + 1;
        let mut events = (*self.user_events).clone();
        let event = Event {
            at: at as f64 / 1000.0,
            action: action.clone(),
        };
        // Settings typed in quickly while paused are one change, not one per keystroke.
        match (events.last_mut(), &event.action) {
            (
                Some(Event {
                    at: last_at,
                    action: Action::Configure(last),
                }),
                Action::Configure(patch),
            ) if ms_to_us(*last_at) + 1 == at => {
                *last = merge_patches(last, patch);
                *last_at = event.at;
            }
            _ => events.push(event),
        }
        self.user_events = Rc::new(events);
        {
            let mut sim = self.sim.borrow_mut();
            sim.schedule(at, action);
            sim.advance_to(at);
        }
        self.refresh();
    }

    /// The partition that results from moving `endpoint` into `zone`, as groups of names: group
    /// `i` of the list is zone `i + 1` (the engine numbers groups in order), so a zone left empty
    /// stays in the list as an empty group and the others keep their numbers.
    fn partition_after_move(&self, endpoint: &str, zone: u32) -> Vec<Vec<String>> {
        let snap = &self.snapshot;
        let mut zones: Vec<(String, u32)> = snap
            .nodes
            .iter()
            .map(|n| (n.name.clone(), n.group))
            .chain(snap.clients.iter().map(|c| (c.name.clone(), c.group)))
            .collect();
        for z in zones.iter_mut() {
            if z.0 == endpoint {
                z.1 = zone;
            }
        }
        let max = zones.iter().map(|z| z.1).max().unwrap_or(0);
        (1..=max)
            .map(|g| {
                zones
                    .iter()
                    .filter(|z| z.1 == g)
                    .map(|z| z.0.clone())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// [`Msg::CutWan`]: partitions the network by datacenter, each named (`[["us"], ["eu"]]`);
    /// false, doing nothing, without datacenters or when the partition in force is that one.
    fn cut_wan(&mut self) -> bool {
        let snap = &self.snapshot;
        if snap.datacenters.len() < 2 || wan_is_cut(snap) {
            return false;
        }
        let groups = snap
            .datacenters
            .iter()
            .map(|dc| vec![dc.name.clone()])
            .collect();
        self.act(Action::Partition(groups));
        true
    }

    /// Checks a change of settings against the settings in force, as the engine will: `Err`
    /// names the field and what is wrong.
    pub fn check_patch(&self, patch: &ClusterPatch) -> Result<(), String> {
        check_patch(&self.snapshot.cluster, &self.clients(), &self.base, patch)
    }
}

/// Whether the partition in force separates the datacenters exactly: every endpoint of a
/// datacenter in one group, each datacenter in its own (what "Cut WAN link" does).
pub fn wan_is_cut(snap: &Snapshot) -> bool {
    if snap.datacenters.len() < 2 {
        return false;
    }
    let group = |name: &String| {
        snap.nodes
            .iter()
            .find(|n| &n.name == name)
            .map(|n| n.group)
            .or_else(|| {
                snap.clients
                    .iter()
                    .find(|c| &c.name == name)
                    .map(|c| c.group)
            })
    };
    let groups: Vec<Option<u32>> = snap
        .datacenters
        .iter()
        .map(|dc| {
            let mut members = dc.nodes.iter().chain(&dc.clients).map(group);
            let first = members.next().flatten();
            members.all(|g| g == first).then_some(first).flatten()
        })
        .collect();
    groups.iter().all(Option::is_some)
        && (0..groups.len()).all(|i| (i + 1..groups.len()).all(|j| groups[i] != groups[j]))
}

/// Checks a change of settings against the settings in force (`cluster`, with these
/// `clients`), as the engine will when it applies it, and against the page's own bounds
/// (periods of at least [`MIN_PERIOD_MS`], mean delays of at most [`MAX_MEAN_LATENCY_MS`]):
/// `Err` names the field (like `cluster.w`) and what is wrong.
pub fn check_patch(
    cluster: &Cluster,
    clients: &[String],
    base: &Scenario,
    patch: &ClusterPatch,
) -> Result<(), String> {
    let periods = [
        ("anti_entropy_ms", patch.anti_entropy_ms.flatten()),
        ("handoff_interval_ms", patch.handoff_interval_ms),
    ];
    for (field, ms) in periods {
        if let Some(ms) = ms.filter(|ms| ms.is_nan() || *ms < MIN_PERIOD_MS) {
            return Err(format!(
                "cluster.{field}: at least {} ms on this page (so that it keeps up), got {}",
                plain(MIN_PERIOD_MS),
                plain(ms)
            ));
        }
    }
    if let Some(latency) = &patch.latency {
        latency
            .validate()
            .map_err(|e| format!("cluster.latency: {e}"))?;
        // Messages that take hours pile up in flight: the page keeps delays a lesson uses.
        let slow = MsgClass::ALL.into_iter().find(|&c| {
            latency
                .mean_ms(c)
                .is_none_or(|ms| ms.is_nan() || ms > MAX_MEAN_LATENCY_MS)
        });
        if let Some(c) = slow {
            return Err(format!(
                "cluster.latency: a mean delay of at most {} ms on this page, got {} for {} messages",
                plain(MAX_MEAN_LATENCY_MS),
                latency.mean_ms(c).map_or("an infinite mean".to_string(), |ms| format!("{} ms", plain(ms))),
                c.key()
            ));
        }
    }
    let mut trial = base.clone();
    trial.cluster = patch.apply_to(cluster);
    // Clients that only events named are clients too (their clock skew may be set).
    trial.cluster.clients = clients.to_vec();
    trial.events.clear();
    trial.validate().map_err(|e| e.to_string())
}

/// The later patch's fields over the earlier one's.
fn merge_patches(a: &ClusterPatch, b: &ClusterPatch) -> ClusterPatch {
    ClusterPatch {
        n: b.n.or(a.n),
        w: b.w.or(a.w),
        r: b.r.or(a.r),
        coordinator: b.coordinator.or(a.coordinator),
        read_repair: b.read_repair.or(a.read_repair),
        anti_entropy_ms: b.anti_entropy_ms.or(a.anti_entropy_ms),
        sloppy_quorum: b.sloppy_quorum.or(a.sloppy_quorum),
        hinted_handoff: b.hinted_handoff.or(a.hinted_handoff),
        handoff_interval_ms: b.handoff_interval_ms.or(a.handoff_interval_ms),
        timeout_ms: b.timeout_ms.or(a.timeout_ms),
        latency: b.latency.clone().or_else(|| a.latency.clone()),
        wan_latency: b.wan_latency.clone().or_else(|| a.wan_latency.clone()),
        clock_skew_ms: b.clock_skew_ms.clone().or_else(|| a.clock_skew_ms.clone()),
        failure_detector: b.failure_detector.or(a.failure_detector),
    }
}

/// A change of settings in words, like `w = 1, read repair off`.
pub fn describe_patch(p: &ClusterPatch) -> String {
    let mut parts = Vec::new();
    // As the scenario file writes it: `3`, or `one`, `quorum`, `all` without quotes.
    let q = |q: Quorum| match q.to_value() {
        serde_json::Value::String(word) => word,
        number => quorumscope_engine::scenario::compact_json(&number),
    };
    let on = |b: bool| if b { "on" } else { "off" };
    if let Some(v) = p.n {
        parts.push(format!("n = {}", q(v)));
    }
    if let Some(v) = p.w {
        parts.push(format!("w = {v}"));
    }
    if let Some(v) = p.r {
        parts.push(format!("r = {v}"));
    }
    if let Some(v) = p.coordinator {
        parts.push(format!(
            "coordinator: {}",
            match v {
                Coordinator::Client => "the client",
                Coordinator::Replica => "a replica",
            }
        ));
    }
    if let Some(v) = p.read_repair {
        parts.push(format!("read repair {}", on(v)));
    }
    if let Some(v) = p.anti_entropy_ms {
        parts.push(match v {
            Some(ms) => format!("anti-entropy every {} ms", plain(ms)),
            None => "anti-entropy off".to_string(),
        });
    }
    if let Some(v) = p.sloppy_quorum {
        parts.push(format!("sloppy quorum {}", on(v)));
    }
    if let Some(v) = p.hinted_handoff {
        parts.push(format!("hinted handoff {}", on(v)));
    }
    if let Some(v) = p.handoff_interval_ms {
        parts.push(format!("handoff every {} ms", plain(v)));
    }
    if let Some(v) = p.timeout_ms {
        parts.push(format!("timeout {} ms", plain(v)));
    }
    if let Some(v) = &p.latency {
        parts.push(format!(
            "latency {}",
            quorumscope_engine::scenario::compact_json(&v.to_json())
        ));
    }
    if let Some(v) = &p.clock_skew_ms {
        let skews: Vec<String> = v
            .iter()
            .filter(|(_, ms)| **ms != 0.0)
            .map(|(k, ms)| format!("{k} {}{} ms", if *ms < 0.0 { "" } else { "+" }, plain(*ms)))
            .collect();
        parts.push(if skews.is_empty() {
            "no clock skew".to_string()
        } else {
            format!("clock skew {}", skews.join(", "))
        });
    }
    if let Some(v) = p.failure_detector {
        parts.push(format!("failure detector: {}", detector_label(v)));
    }
    parts.join(", ")
}

/// A failure detector in words: `perfect (knows at once)`, or `timeout (suspect after 300 ms
/// without an answer, probe every 500 ms)`.
pub fn detector_label(d: DetectorConfig) -> String {
    match d {
        DetectorConfig::Perfect => "perfect (knows at once)".to_string(),
        DetectorConfig::Timeout {
            suspect_after,
            probe_every,
        } => format!(
            "timeout (suspect after {} ms without an answer, probe every {} ms)",
            short_ms(suspect_after),
            short_ms(probe_every)
        ),
    }
}

/// The scenario with the user's events merged in by time (stable: scenario events first at
/// equal times).
fn merged(base: &Scenario, user: &[Event]) -> Scenario {
    let mut s = base.clone();
    s.events.extend(user.iter().cloned());
    quorumscope_engine::sort::sort_by(&mut s.events, |a, b| a.at.total_cmp(&b.at));
    s
}

/// The smallest scenario the page can show, should the built-in one ever fail to load.
fn minimal_scenario() -> Scenario {
    Scenario {
        name: "Empty cluster".to_string(),
        description: String::new(),
        seed: 0,
        cluster: Cluster {
            clients: vec!["alice".into()],
            ..Cluster::new(
                vec!["A".into(), "B".into(), "C".into()],
                Quorum::Count(3),
                ConsistencyLevel::Count(2),
                ConsistencyLevel::Count(2),
            )
        },
        events: Vec::new(),
    }
}

/// A time in ms with at most one decimal, for logs: `150`, `176.3`.
pub fn short_ms(us: Micros) -> String {
    let tenths = (us + 50) / 100;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// A simulated time for people, as the clock shows it: `12.3 ms`.
pub fn ms_label(us: Micros) -> String {
    format!("{} ms", fixed(us as f64 / 1000.0, 1))
}

/// One line of the live log for a happening of the run's journal, at its simulated time;
/// `None` for one the log does not tell (an operation no longer in the history).
pub fn narrate(h: &HappeningEntry, snapshot: &Snapshot) -> Option<String> {
    let op = |id: OpId| snapshot.history.find(id);
    let body = match &h.what {
        HappeningView::Crashed(node) => {
            format!("node {node} crashed: it neither sends nor receives.")
        }
        HappeningView::Recovered(node) => format!("node {node} recovered, with the data it had."),
        HappeningView::Partitioned(groups) => {
            // A partition along the datacenters' borders is the WAN link cut.
            let dc_of = |g: &Vec<String>| {
                snapshot.datacenters.iter().find(|dc| {
                    g.len() == dc.nodes.len() + dc.clients.len()
                        && g.iter()
                            .all(|e| dc.nodes.contains(e) || dc.clients.contains(e))
                })
            };
            let wan = snapshot.datacenters.len() > 1
                && groups.len() == snapshot.datacenters.len()
                && groups.iter().all(|g| dc_of(g).is_some());
            let groups: Vec<String> = groups
                .iter()
                .map(|g| match dc_of(g).filter(|_| wan) {
                    Some(dc) => format!("{} [{}]", dc.name, g.join(", ")),
                    None => format!("[{}]", g.join(", ")),
                })
                .collect();
            format!(
                "{}{} cannot reach each other.",
                if wan {
                    "the WAN link is cut: "
                } else {
                    "partition: "
                },
                groups.join(" and ")
            )
        }
        HappeningView::Healed => {
            "partition healed: every node and client can talk again.".to_string()
        }
        HappeningView::DropRate(p) => format!(
            "from now on each message is lost with probability {}.",
            plain(*p)
        ),
        HappeningView::Configured(patch) => {
            format!("settings changed from now on: {}.", describe_patch(patch))
        }
        HappeningView::MessageDropped(id) => format!("message {id} dropped by hand."),
        HappeningView::Invoked(id) => {
            let op = op(*id)?;
            let how = match (op.with_context, op.write_context.as_str()) {
                (false, _) => "blind: sent with no context".to_string(),
                (true, "" | "{}") => {
                    "sent with context nothing: it had seen nothing of the key".to_string()
                }
                (true, seen) => format!("sent with context {seen}"),
            };
            match (op.kind, &op.value) {
                ("put", Some(v)) => format!("{} puts {} = \"{v}\" ({how}).", op.client, op.key),
                ("get", _) => format!("{} gets {}.", op.client, op.key),
                _ => format!("{} deletes {} ({how}).", op.client, op.key),
            }
        }
        // Told with its result, at its completion time (the entry's time).
        HappeningView::Completed(id) => return Some(describe(op(*id)?)),
        HappeningView::ReadRepair {
            op: id,
            replica,
            key,
        } => {
            format!("{replica} was read-repaired by op {id}: it had answered with an older {key}.")
        }
        HappeningView::HintHandedBack {
            fallback,
            home,
            key,
        } => format!(
            "{fallback} handed its hint for {key} back to {home}, its home replica, and dropped it."
        ),
        HappeningView::AntiEntropyRepair { replica, key } => {
            format!("anti-entropy brought {replica} up to date for {key}.")
        }
        HappeningView::Suspected {
            observer,
            node,
            silent_us,
        } => format!(
            "{observer} now suspects {node} (no answer for {} ms): it will avoid {node} and probe it.",
            short_ms(*silent_us)
        ),
        HappeningView::Trusted { observer, node } => {
            format!("{observer} trusts {node} again.")
        }
    };
    Some(format!("{} ms: {body}", short_ms(h.at_us)))
}

/// One line for the live log about a finished operation.
pub fn describe(op: &OpView) -> String {
    let at = short_ms(op.completed_us.unwrap_or(op.invoked_us));
    let what = match (op.kind, &op.value) {
        ("put", Some(v)) => format!("{} put {} = \"{v}\"", op.client, op.key),
        (kind, _) => format!("{} {kind} {}", op.client, op.key),
    };
    match op.outcome {
        "ok" if op.kind == "get" => {
            // Three values at most: a line a screen reader reads out in full.
            let mut vals = if op.values.is_empty() {
                "nothing".to_string()
            } else {
                op.values
                    .iter()
                    .take(3)
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(" and ")
            };
            let more = op.values.len().saturating_sub(3) + op.more_values;
            if more > 0 {
                let _ = write!(vals, " and {more} more");
            }
            let siblings = if op.values.len() > 1 {
                " (siblings)"
            } else {
                ""
            };
            let stale = if op.stale { " — a stale read" } else { "" };
            format!(
                "{at} ms: {what} returned {vals}{siblings} from {}{stale}.",
                op.replies_from.join(", ")
            )
        }
        "ok" => format!(
            "{at} ms: {what} succeeded, acknowledged by {}.",
            op.replies_from.join(", ")
        ),
        _ => format!(
            "{at} ms: {what} failed: {}.",
            op.error.as_deref().unwrap_or("unknown reason")
        ),
    }
}

impl Reducible for AppState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = self.copy();
        // A notice answers the user's last action: the next one replaces it. The offer to undo
        // a Reset lasts while time merely runs; a new action or scenario ends it.
        let passive = matches!(
            msg,
            Msg::Frame(_)
                | Msg::SetSpeed(_)
                | Msg::Select(_)
                | Msg::ShowError(_)
                | Msg::DismissError
        );
        if !passive {
            if !matches!(msg, Msg::Play | Msg::Pause | Msg::Step | Msg::UndoReset) {
                s.undo = None;
            }
            if s.undo.is_none() || matches!(msg, Msg::Step) {
                s.notice = None;
            }
        }
        match msg {
            Msg::Frame(t) => {
                if !s.playing {
                    return self;
                }
                let dt = match s.last_frame_ms {
                    Some(last) => clamp(t - last, 0.0, MAX_FRAME_MS),
                    None => 0.0,
                };
                s.last_frame_ms = Some(t);
                if dt == 0.0 {
                    return Rc::new(s);
                }
                {
                    let sim = s.sim.clone();
                    let mut sim = sim.borrow_mut();
                    let to = s.frame_target(&sim, dt);
                    s.behind = !advance_until(&mut sim, to, FRAME_EVENTS, true);
                    if sim.is_settled() {
                        // The run is over: time stops instead of climbing under a Pause button.
                        s.playing = false;
                        s.skip = None;
                    }
                }
                s.refresh();
            }
            Msg::Play => {
                if s.playing {
                    return self;
                }
                s.playing = true;
                s.last_frame_ms = None;
            }
            Msg::Pause => {
                if !s.playing {
                    return self;
                }
                s.playing = false;
                s.behind = false;
                s.skip = None;
            }
            Msg::Step => {
                s.playing = false;
                s.behind = false;
                s.skip = None;
                // A finished run has nothing left that a learner could see: background ticks
                // that find nothing to do are not steps.
                if s.snapshot.settled || !s.sim.borrow_mut().step() {
                    s.notice = Some(Notice::NothingToStep);
                    return Rc::new(s);
                }
                s.refresh();
            }
            Msg::SetSpeed(v) => {
                if !v.is_finite() {
                    return self;
                }
                s.speed = clamp(v, SPEED_RANGE.0, SPEED_RANGE.1);
            }
            Msg::Reset => {
                let mut fresh = AppState::new((*s.base).clone(), Vec::new(), None);
                fresh.speed = s.speed;
                fresh.selected_key = s.selected_key.clone();
                fresh.note("Reset: the scenario starts over from 0 ms.".to_string());
                // What the user did is set aside, not lost: the notice offers it back.
                if let Some(what) = set_aside(&s.user_events) {
                    fresh.notice = Some(Notice::SetAside(what));
                    s.playing = false;
                    fresh.undo = Some(Rc::new(s));
                }
                return Rc::new(fresh);
            }
            Msg::UndoReset => match s.undo.take() {
                Some(before) => {
                    let mut back = before.copy();
                    back.speed = s.speed;
                    back.note(format!(
                        "Reset undone: back at {}, with your actions.",
                        ms_label(back.snapshot.now_us)
                    ));
                    return Rc::new(back);
                }
                None => return self,
            },
            Msg::Replay => {
                let mut fresh = AppState::at_start((*s.base).clone(), (*s.user_events).clone());
                fresh.speed = s.speed;
                fresh.selected_key = s.selected_key.clone();
                fresh.playing = true;
                fresh.note("Replay: the same run again from 0 ms, your actions included.".into());
                return Rc::new(fresh);
            }
            Msg::Put {
                client,
                key,
                value,
                context,
            } => {
                if let Some(e) = check_op(&s, &client, &key).or_else(|| check_value(&value)) {
                    s.error = Some(e);
                } else {
                    s.act(Action::Put(PutSpec {
                        client,
                        key,
                        value,
                        context,
                        merge: None,
                    }));
                }
            }
            Msg::Get { client, key } => {
                if let Some(e) = check_op(&s, &client, &key) {
                    s.error = Some(e);
                } else {
                    s.act(Action::Get(GetSpec { client, key }));
                }
            }
            Msg::Delete {
                client,
                key,
                context,
            } => {
                if let Some(e) = check_op(&s, &client, &key) {
                    s.error = Some(e);
                } else {
                    s.act(Action::Delete(DeleteSpec {
                        client,
                        key,
                        context,
                    }));
                }
            }
            Msg::Crash(node) => {
                if !s.snapshot.nodes.iter().any(|n| n.name == node && n.up) {
                    return self;
                }
                s.act(Action::Crash(node));
            }
            Msg::Recover(node) => {
                if !s.snapshot.nodes.iter().any(|n| n.name == node && !n.up) {
                    return self;
                }
                s.act(Action::Recover(node));
            }
            Msg::MoveTo { endpoint, zone } => {
                if s.snapshot.endpoint(&endpoint).is_none() {
                    return self;
                }
                let groups = s.partition_after_move(&endpoint, zone);
                if groups.is_empty() {
                    if s.snapshot.nodes.iter().all(|n| n.group == 0)
                        && s.snapshot.clients.iter().all(|c| c.group == 0)
                    {
                        return self;
                    }
                    s.act(Action::Heal);
                } else {
                    s.act(Action::Partition(groups));
                }
            }
            Msg::Heal => {
                if s.snapshot.nodes.iter().all(|n| n.group == 0)
                    && s.snapshot.clients.iter().all(|c| c.group == 0)
                {
                    return self;
                }
                s.act(Action::Heal);
            }
            Msg::CutWan => {
                if !s.cut_wan() {
                    return self;
                }
            }
            Msg::SetDropRate(p) => {
                if p.is_finite() && (0.0..=1.0).contains(&p) {
                    s.act(Action::DropRate(p));
                } else {
                    s.error = Some(format!(
                        "Message loss: a probability between 0 and 1, got {}. Not applied.",
                        plain(p)
                    ));
                }
            }
            Msg::DropMessage(id) => {
                // Recorded as a scenario event like every other action, so that share links
                // and replays drop it too; only a message still on its way when that event
                // happens (1 µs from now) can be dropped.
                let at = s.sim.borrow().now() + 1;
                let on_its_way = s
                    .sim
                    .borrow()
                    .messages()
                    .iter()
                    .any(|m| m.id == id && m.fate == Fate::InFlight && m.arrive_us > at);
                if !on_its_way {
                    return self;
                }
                s.act(Action::DropMessage(id));
            }
            Msg::Configure(patch) => match s.check_patch(&patch) {
                Ok(()) => {
                    if patch == ClusterPatch::default() {
                        return self;
                    }
                    s.act(Action::Configure(patch));
                }
                Err(e) => s.error = Some(format!("This setting was not applied: {e}")),
            },
            Msg::SetVersioning(v) => {
                if s.base.cluster.versioning == v {
                    return self;
                }
                let mut base = (*s.base).clone();
                base.cluster.versioning = v;
                let user = (*s.user_events).clone();
                let mut fresh = AppState::new(base, user, Some(s.snapshot.now_us));
                fresh.speed = s.speed;
                fresh.playing = s.playing;
                fresh.note(format!(
                    "Versioning is now {}: the run was replayed from 0 ms to {} with it, with the same actions.",
                    versioning_name(v),
                    ms_label(fresh.snapshot.now_us)
                ));
                return Rc::new(fresh);
            }
            Msg::Load(text) => match Scenario::from_json(&text) {
                Ok(scenario) => {
                    let name = scenario.name.clone();
                    // A new scenario opens at its own pace (natural_speed).
                    let mut fresh = AppState::new(scenario, Vec::new(), None);
                    fresh.note(if name.is_empty() {
                        "Loaded a scenario: press Play to run it.".to_string()
                    } else {
                        format!("Loaded the scenario \"{name}\": press Play to run it.")
                    });
                    return Rc::new(fresh);
                }
                Err(e) => {
                    s.error = Some(format!(
                        "This scenario was not loaded: {e}. The current one is kept."
                    ))
                }
            },
            Msg::OpenLink(hash) => match crate::scenarios::scenario_from_hash(&hash) {
                None => return self,
                Some(Ok(text)) => match Scenario::from_json(&text) {
                    Ok(scenario) => {
                        let mut fresh = AppState::new(scenario, Vec::new(), None);
                        fresh.note("Opened the scenario of a share link.".to_string());
                        return Rc::new(fresh);
                    }
                    Err(e) => {
                        s.error = Some(format!(
                            "The share link's scenario could not be loaded ({e}); the current one is kept."
                        ))
                    }
                },
                Some(Err(e)) => {
                    s.error = Some(format!(
                        "The share link could not be read ({e}); the current scenario is kept."
                    ))
                }
            },
            Msg::Select(op) => {
                if s.selected_op == op {
                    return self;
                }
                s.selected_op = op;
            }
            Msg::SelectKey(key) => {
                if s.selected_key.as_ref() == Some(&key) {
                    return self;
                }
                s.selected_key = Some(key);
            }
            Msg::ShowError(e) => s.error = Some(e),
            Msg::DismissError => {
                if s.error.is_none() {
                    return self;
                }
                s.error = None;
            }
        }
        Rc::new(s)
    }
}

/// What a Reset sets aside, in words (`2 operations and 1 change of settings`), or `None` when
/// the user has done nothing.
fn set_aside(events: &[Event]) -> Option<String> {
    let count = |pred: fn(&Action) -> bool| events.iter().filter(|e| pred(&e.action)).count();
    let ops = count(|a| matches!(a, Action::Put(_) | Action::Get(_) | Action::Delete(_)));
    let settings = count(|a| matches!(a, Action::Configure(_) | Action::DropRate(_)));
    let faults = events.len() - ops - settings;
    let parts: Vec<String> = [
        (ops, "operation", "operations"),
        (settings, "change of settings", "changes of settings"),
        (faults, "fault", "faults"),
    ]
    .into_iter()
    .filter(|(k, _, _)| *k > 0)
    .map(|(k, one, many)| format!("{k} {}", if k == 1 { one } else { many }))
    .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [first @ .., last] => Some(format!("{} and {last}", first.join(", "))),
    }
}

/// The speed at which a scenario opens: the step of [`SPEEDS`] at which a message of its mean
/// delay takes about [`CROSSING_WALL_MS`] to cross (0.01× for the presets' 5 to 15 ms; 1× for a
/// cluster whose messages take a second). [`DEFAULT_SPEED`] when the delays have no mean.
pub fn natural_speed(latency: &quorumscope_engine::Latency) -> f64 {
    let means: Vec<f64> = MsgClass::ALL
        .into_iter()
        .filter_map(|c| latency.mean_ms(c))
        .filter(|ms| ms.is_finite() && *ms > 0.0)
        .collect();
    if means.len() < MsgClass::ALL.len() {
        return DEFAULT_SPEED;
    }
    let wanted = means.iter().sum::<f64>() / means.len() as f64 / CROSSING_WALL_MS;
    SPEEDS[speed_index(wanted)]
}

/// The step of [`SPEEDS`] nearest to a speed on the slider's log scale.
pub fn speed_index(speed: f64) -> usize {
    let distance = |i: usize| (SPEEDS[i].ln() - speed.ln()).abs();
    (1..SPEEDS.len()).fold(0, |best, i| {
        if distance(i) < distance(best) {
            i
        } else {
            best
        }
    })
}

/// The name of a versioning mode in words.
pub fn versioning_name(v: Versioning) -> &'static str {
    match v {
        Versioning::Dvv => "dotted version vectors",
        Versioning::Vv => "version vectors",
        Versioning::Lww => "last write wins",
    }
}

/// Checks a client operation's fields; `Some(message)` when one is wrong.
fn check_op(s: &AppState, client: &str, key: &str) -> Option<String> {
    if !s.snapshot.clients.iter().any(|c| c.name == client) {
        return Some(format!(
            "Client: `{client}` is not a client of this scenario. Not sent."
        ));
    }
    if key.trim().is_empty() {
        return Some("Key: a key cannot be empty. Not sent.".to_string());
    }
    if key.chars().count() > MAX_KEY_CHARS {
        return Some(format!(
            "Key: at most {MAX_KEY_CHARS} characters, this one has {}. Not sent.",
            key.chars().count()
        ));
    }
    None
}

/// Checks a put's value; `Some(message)` when it is too long for the page.
pub fn check_value(value: &str) -> Option<String> {
    let n = value.chars().count();
    (n > MAX_VALUE_CHARS).then(|| {
        format!("Value: at most {MAX_VALUE_CHARS} characters, this one has {n}. Not sent.")
    })
}

/// Processes the events of `sim` up to time `to`, at most `budget` of them, and sets the clock
/// to `to` if it got there. Returns whether it did; if not, the clock is at the last event
/// processed and the rest waits for the next call.
fn advance(sim: &mut Simulator, to: Micros, budget: usize) -> bool {
    advance_until(sim, to, budget, false)
}

/// As [`advance`], but with `stop_at_end` the clock stops at the event that finished the run
/// ([`Simulator::is_settled`]): a run ends at the time of its last event, not at a frame's.
fn advance_until(sim: &mut Simulator, to: Micros, budget: usize, stop_at_end: bool) -> bool {
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
    use super::*;
    use crate::scenarios::share_fragment;

    const THREE: &str = r#"{"name": "three", "cluster": {"nodes": ["A","B","C"],
        "clients": ["alice"], "n": 3, "w": 2, "r": 2}, "events": []}"#;

    fn state(text: &str) -> Rc<AppState> {
        Rc::new(AppState::from_text(text).expect("a valid scenario"))
    }

    /// Issue 9 (contract section 4: a partition may name datacenters): Cut WAN link
    /// partitions the network by datacenter, names them, says so in the log, and is recorded
    /// for the share link; a second press, or a cluster without datacenters, does nothing; heal
    /// ends it.
    #[test]
    fn issue9_cut_wan_partitions_by_datacenter() {
        let s = state(include_str!("../www/scenarios/two-datacenters.json"));
        let cut = s.clone().reduce(Msg::CutWan);
        assert_eq!(
            cut.user_events.last().map(|e| &e.action),
            Some(&Action::Partition(vec![
                vec!["us".to_string()],
                vec!["eu".to_string()]
            ]))
        );
        let group = |st: &AppState, name: &str| {
            let snap = &st.snapshot;
            let i = snap.endpoint(name).unwrap();
            match snap.nodes.get(i) {
                Some(n) => n.group,
                None => snap.clients[i - snap.nodes.len()].group,
            }
        };
        for us in ["A", "B", "C", "alice"] {
            assert_eq!(group(&cut, us), group(&cut, "A"), "{us}");
        }
        for eu in ["D", "E", "F", "bob"] {
            assert_eq!(group(&cut, eu), group(&cut, "D"), "{eu}");
        }
        assert_ne!(group(&cut, "A"), group(&cut, "D"));
        assert!(
            cut.log.iter().any(|l| l.contains(
                "the WAN link is cut: us [A, B, C, alice] and eu [D, E, F, bob] cannot reach each other."
            )),
            "{:?}",
            cut.log
        );
        let again = cut.clone().reduce(Msg::CutWan);
        assert!(Rc::ptr_eq(&again, &cut), "already cut: nothing to do");
        let healed = cut.reduce(Msg::Heal);
        assert!(healed.snapshot.nodes.iter().all(|n| n.group == 0));
        let plain = state(THREE);
        assert!(Rc::ptr_eq(&plain.clone().reduce(Msg::CutWan), &plain));
    }

    /// Issue 7, defect 11: periods the page cannot keep up with are refused, naming the field.
    #[test]
    fn issue7_periods_below_the_page_bound_are_refused() {
        let s = state(THREE);
        let ae = |ms: f64| ClusterPatch {
            anti_entropy_ms: Some(Some(ms)),
            ..ClusterPatch::default()
        };
        let e = s.check_patch(&ae(0.001)).unwrap_err();
        assert!(
            e.starts_with("cluster.anti_entropy_ms: at least 10 ms"),
            "{e}"
        );
        assert_eq!(s.check_patch(&ae(MIN_PERIOD_MS)), Ok(()));
        let handoff = ClusterPatch {
            handoff_interval_ms: Some(1.0),
            ..ClusterPatch::default()
        };
        let e = s.check_patch(&handoff).unwrap_err();
        assert!(e.starts_with("cluster.handoff_interval_ms"), "{e}");
        // Delays a lesson never needs (messages in flight for hours pile up) are refused too.
        let latency = |json: &str| ClusterPatch {
            latency: Some(
                quorumscope_engine::Latency::from_json(&serde_json::from_str(json).unwrap())
                    .unwrap(),
            ),
            ..ClusterPatch::default()
        };
        let e = s.check_patch(&latency(r#"{"constant": 1e9}"#)).unwrap_err();
        assert!(
            e.starts_with("cluster.latency: a mean delay of at most 10000 ms"),
            "{e}"
        );
        let e = s
            .check_patch(&latency(r#"{"pareto": {"xm": 5, "alpha": 0.9}}"#))
            .unwrap_err();
        assert!(e.contains("an infinite mean"), "{e}");
        assert_eq!(s.check_patch(&latency(r#"{"uniform": [5, 15]}"#)), Ok(()));
        assert_eq!(
            s.check_patch(&latency(r#"{"pareto": {"xm": 5, "alpha": 1.1}}"#)),
            Ok(())
        );
        let s = s.reduce(Msg::Configure(ae(0.001)));
        assert!(s
            .error
            .as_deref()
            .is_some_and(|e| e.contains("anti_entropy_ms")));
        assert!(s.user_events.is_empty(), "not applied");
        assert_eq!(s.snapshot.cluster.anti_entropy_ms, None);
    }

    /// Issue 7, defect 11: a frame processes at most FRAME_EVENTS engine events, however busy
    /// the run (anti-entropy every microsecond: valid for the engine), and says it is behind.
    #[test]
    fn issue7_a_frame_does_bounded_work() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2,
            "anti_entropy_ms": 0.001},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#;
        let mut s = state(text).reduce(Msg::SetSpeed(SPEED_RANGE.1));
        s = s.reduce(Msg::Play).reduce(Msg::Frame(1_000.0));
        for frame in 1..=5 {
            let before = s.sim.borrow().events_processed();
            s = s.reduce(Msg::Frame(1_000.0 + 100.0 * frame as f64));
            let done = s.sim.borrow().events_processed() - before;
            assert!(done <= FRAME_EVENTS as u64, "{done} events in one frame");
            assert!(s.behind);
        }
        assert!(s.snapshot.now_us > 0, "time still moves");
        assert!(s.sim.borrow().messages().len() <= MESSAGE_RECORDS);
        let s = s.reduce(Msg::Pause);
        assert!(!s.behind);
    }

    /// Issue 7, defect 11: values and keys too long for the page are refused, naming the field.
    #[test]
    fn issue7_long_values_and_keys_are_refused() {
        let s = state(THREE);
        let put = |key: &str, value: String| Msg::Put {
            client: "alice".into(),
            key: key.into(),
            value,
            context: ContextChoice::None,
        };
        let t = s.clone().reduce(put("k", "x".repeat(100_000)));
        let e = t.error.as_deref().unwrap_or_default();
        assert!(e.starts_with("Value: at most 1000 characters"), "{e}");
        assert!(t.snapshot.history.is_empty());
        let t = s.clone().reduce(put(&"k".repeat(101), "v".into()));
        assert!(t.error.as_deref().unwrap_or_default().starts_with("Key: "));
        let t = s.reduce(put("k", "x".repeat(MAX_VALUE_CHARS)));
        assert_eq!(t.error, None);
        assert_eq!(t.snapshot.history.len(), 1);
    }

    /// Issue 7, defect 12: a share link opened in the same tab (a hashchange) loads as a fresh
    /// load would; a bad one keeps the current scenario and says why; another fragment does
    /// nothing.
    #[test]
    fn issue7_a_share_link_opened_in_the_same_tab_loads() {
        let s = state(THREE).reduce(Msg::Put {
            client: "alice".into(),
            key: "k".into(),
            value: "v".into(),
            context: ContextChoice::None,
        });
        let other = r#"{"name": "other", "cluster": {"nodes": ["P","Q"], "clients": ["dora"],
            "n": 2, "w": 1, "r": 1}, "events": []}"#;
        let hash = format!("#{}", share_fragment(other));
        let fresh = AppState::open(&hash, crate::DEFAULT_SCENARIO);
        let opened = s.clone().reduce(Msg::OpenLink(hash));
        assert_eq!(opened.base.name, "other");
        assert_eq!(opened.snapshot, fresh.snapshot);
        assert_eq!(opened.user_events, fresh.user_events);
        assert_eq!(opened.error, None);
        assert!(opened
            .status
            .as_deref()
            .is_some_and(|l| l.contains("share link")));
        assert!(opened.log.is_empty(), "no line of the run before");

        let bad = s.clone().reduce(Msg::OpenLink("#s=%%%".into()));
        assert!(bad
            .error
            .as_deref()
            .is_some_and(|e| e.contains("current scenario is kept")));
        assert_eq!(bad.base.name, "three");
        assert_eq!(bad.snapshot.history.len(), 1, "what the user did is kept");
        let invalid = format!(
            "#{}",
            share_fragment(
                r#"{"cluster": {"nodes": ["A","B","C"], "n": 5, "w": 1, "r": 1}, "events": []}"#,
            )
        );
        let bad = s.clone().reduce(Msg::OpenLink(invalid));
        assert!(bad
            .error
            .as_deref()
            .is_some_and(|e| e.contains("cluster.n")));
        assert_eq!(bad.base.name, "three");
        let same = s.clone().reduce(Msg::OpenLink("#section".into()));
        assert!(Rc::ptr_eq(&same, &s));
    }

    /// Plays the run until nothing is left to happen.
    fn settle(mut s: Rc<AppState>) -> Rc<AppState> {
        for _ in 0..10_000 {
            if s.snapshot.settled {
                break;
            }
            s = s.reduce(Msg::Step);
        }
        assert!(s.snapshot.settled, "the run settles");
        s
    }

    /// What alice last saw of `key`: the context a write of it would be sent with.
    fn seen<'a>(s: &'a AppState, key: &str) -> Option<&'a str> {
        s.snapshot.clients[0].key(key)?.seen.as_deref()
    }

    fn put(value: &str, context: ContextChoice) -> Msg {
        Msg::Put {
            client: "alice".into(),
            key: "cart".into(),
            value: value.into(),
            context,
        }
    }

    /// Issue 8, point 2 (DDIA chapter 5, Figure 5-13): with C crashed, alice puts "milk", then
    /// "eggs" overwriting what she last saw (her put's reply): "eggs" replaces "milk". A blind
    /// write is kept beside it. The choice is recorded in the session for share links.
    #[test]
    fn issue8_a_put_overwrites_what_its_client_last_saw_a_blind_one_does_not() {
        let s = state(THREE).reduce(Msg::Crash("C".into()));
        let last = ContextChoice::Last;
        assert_eq!(seen(&s, "cart"), None);
        let s = settle(s.reduce(put("milk", last)));
        assert_eq!(seen(&s, "cart"), Some("alice:1"), "its put's reply");
        assert_eq!(seen(&s, "other"), None);
        let s = settle(s.reduce(put("eggs", last)));
        let eggs = s.snapshot.history.last().unwrap();
        assert_eq!(eggs.outcome, "ok");
        assert_eq!(eggs.write_context, "alice:1");
        assert_eq!(eggs.values, ["eggs"], "eggs replaced milk");
        assert!(matches!(
            &s.user_events.last().unwrap().action,
            Action::Put(p) if p.context == ContextChoice::Last
        ));
        let s = settle(s.reduce(put("ham", ContextChoice::None)));
        let ham = s.snapshot.history.last().unwrap();
        assert_eq!(ham.write_context, "{}");
        assert_eq!(ham.values, ["eggs", "ham"], "a blind write is a sibling");
        assert!(!ham.concurrency.is_empty());
        assert!(matches!(
            &s.user_events.last().unwrap().action,
            Action::Put(p) if p.context == ContextChoice::None
        ));
        // The session replays the same: "context" is kept in the share link's scenario.
        let replay = AppState::new(
            (*s.base).clone(),
            (*s.user_events).clone(),
            Some(s.snapshot.now_us),
        );
        assert_eq!(replay.snapshot.history, s.snapshot.history);
    }

    /// Issue 8, point 2: a put sent while the client's previous put is still in flight has not
    /// seen its reply: the client view says so, and the two become siblings.
    #[test]
    fn issue8_a_put_sent_before_the_previous_one_returned_is_a_sibling() {
        let last = ContextChoice::Last;
        let s = state(THREE)
            .reduce(put("milk", last))
            .reduce(put("eggs", last));
        let alice = &s.snapshot.clients[0];
        let cart = alice.key("cart").unwrap();
        assert_eq!(cart.seen, None);
        let pending: Vec<u64> = cart.in_flight.iter().map(|o| o.id.0).collect();
        assert_eq!(pending, [1, 2]);
        let s = settle(s);
        assert!(s.snapshot.clients[0]
            .key("cart")
            .unwrap()
            .in_flight
            .is_empty());
        assert_eq!(s.snapshot.history[1].values, ["eggs", "milk"]);
    }

    /// Issue 8, point 2: a delete overwriting what its client last saw removes the value.
    #[test]
    fn issue8_a_delete_overwrites_what_its_client_last_saw() {
        let s = settle(state(THREE).reduce(put("milk", ContextChoice::Last)));
        let s = settle(s.reduce(Msg::Delete {
            client: "alice".into(),
            key: "cart".into(),
            context: ContextChoice::Last,
        }));
        let delete = s.snapshot.history.last().unwrap();
        assert_eq!((delete.kind, delete.outcome), ("delete", "ok"));
        assert_eq!(delete.write_context, "alice:1");
        assert!(delete.values.is_empty(), "{:?}", delete.values);
        let s = settle(s.reduce(Msg::Get {
            client: "alice".into(),
            key: "cart".into(),
        }));
        assert!(s.snapshot.history.last().unwrap().values.is_empty());
    }

    /// Plays frames 16 ms apart until `done` holds or `max_frames` have passed; returns the
    /// number of frames played.
    fn play_until(
        mut s: Rc<AppState>,
        max_frames: usize,
        done: impl Fn(&AppState) -> bool,
    ) -> (Rc<AppState>, usize) {
        s = s.reduce(Msg::Play).reduce(Msg::Frame(0.0));
        for frame in 1..=max_frames {
            if done(&s) {
                return (s, frame - 1);
            }
            s = s.reduce(Msg::Frame(16.0 * frame as f64));
        }
        (s, max_frames)
    }

    /// Issue 8, point 1: at the default speed a message of the default scenario (5 to 15 ms on
    /// its way) takes about a second of wall time to cross.
    #[test]
    fn issue8_at_the_default_speed_a_message_crossing_takes_about_a_second() {
        let s = state(crate::DEFAULT_SCENARIO);
        assert_eq!(s.speed, DEFAULT_SPEED);
        let (s, _) = play_until(s, 10_000, |s| {
            s.sim
                .borrow()
                .messages()
                .iter()
                .any(|m| m.fate == Fate::InFlight)
        });
        let sim = s.sim.borrow();
        let m = sim
            .messages()
            .iter()
            .find(|m| m.fate == Fate::InFlight)
            .expect("a message in flight");
        let wall_ms = (m.arrive_us - m.sent_us) as f64 / 1000.0 / DEFAULT_SPEED;
        assert!(
            (500.0..=1_500.0).contains(&wall_ms),
            "crossing takes {wall_ms} wall ms"
        );
    }

    /// Issue 8, point 1: a scenario opens at the speed at which its messages take about a
    /// second to cross.
    #[test]
    fn issue8_a_scenario_opens_at_its_own_pace() {
        let latency = |json: &str| {
            quorumscope_engine::Latency::from_json(&serde_json::from_str(json).unwrap()).unwrap()
        };
        assert_eq!(natural_speed(&latency(r#"{"uniform": [5, 15]}"#)), 0.01);
        assert_eq!(natural_speed(&latency(r#"{"constant": 1000}"#)), 1.0);
        assert_eq!(natural_speed(&latency(r#"{"constant": 1}"#)), 0.005);
        assert_eq!(
            natural_speed(&latency(r#"{"pareto": {"xm": 5, "alpha": 0.9}}"#)),
            DEFAULT_SPEED
        );
        let slow = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"], "n": 3,
            "w": 2, "r": 2, "latency": {"constant": 1000}}, "events": []}"#;
        let s = state(THREE).reduce(Msg::SetSpeed(10.0));
        assert_eq!(s.speed, 10.0);
        assert_eq!(
            s.clone().reduce(Msg::Reset).speed,
            10.0,
            "Reset keeps the speed"
        );
        assert_eq!(s.reduce(Msg::Load(slow.to_string())).speed, 1.0);
    }

    /// Issue 8, point 1: a quiet stretch (nothing in flight) is skipped in at most
    /// SKIP_WALL_MS of wall time, and the skip ends exactly at the next event.
    #[test]
    fn issue8_quiet_stretches_are_skipped_and_end_at_the_next_event() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"], "n": 3,
            "w": 2, "r": 2, "latency": {"constant": 10}},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}},
                       {"at": 20000, "get": {"client": "alice", "key": "k"}}]}"#;
        // Play until the put is done: the stretch to 20,000 ms is quiet.
        let (s, _) = play_until(state(text), 10_000, |s| {
            s.snapshot.history.len() == 1
                && s.snapshot.history.iter().all(|o| o.completed_us.is_some())
        });
        let start = s.snapshot.now_us;
        let (s, frames) = play_until(s, 10_000, |s| s.snapshot.history.len() == 2);
        assert!(s.skip.is_none() || s.snapshot.now_us <= 20_000_000);
        // Wall time of the skip: frames of 16 ms (plus the frames of the put's last ack).
        let wall = frames as f64 * 16.0;
        assert!(
            wall <= SKIP_WALL_MS + 200.0,
            "{} ms of quiet took {wall} wall ms",
            (20_000_000 - start) / 1000
        );
        // The get's request left at 20,000 ms and is seen from its start.
        let sim = s.sim.borrow();
        let read = sim.messages().iter().find(|m| m.fate == Fate::InFlight);
        assert!(
            read.is_some_and(|m| m.sent_us == 20_000_000 && s.snapshot.now_us < m.arrive_us),
            "the read is in flight, not already crossed: now {}",
            s.snapshot.now_us
        );
    }

    /// Issue 8, point 7: a run has an end. Time stops when nothing is in flight or scheduled,
    /// and Step then says there is nothing left instead of moving time.
    #[test]
    fn issue8_a_finished_run_stops_and_step_says_nothing_is_left() {
        let (s, frames) = play_until(state(crate::DEFAULT_SCENARIO), 100_000, |s| !s.playing);
        assert!(frames < 100_000, "the default scenario finishes");
        assert!(s.snapshot.settled);
        let end = s.snapshot.now_us;
        // It ends at the time of its last event, as `qsim run` ends it, not at a frame's time.
        let mut native = Simulator::new(Scenario::from_json(crate::DEFAULT_SCENARIO).unwrap());
        native.run(None);
        assert_eq!(end, native.now());
        let s = s.reduce(Msg::Frame(1e9));
        assert_eq!(s.snapshot.now_us, end, "time does not climb after the end");
        let s = s.reduce(Msg::Step);
        assert_eq!(s.notice, Some(Notice::NothingToStep));
        assert_eq!(s.snapshot.now_us, end);
        // Replay plays the same run from 0 ms.
        let replay = s.reduce(Msg::Replay);
        assert_eq!(replay.snapshot.now_us, 0);
        assert!(replay.playing);
        assert_eq!(replay.notice, None);
    }

    /// Issue 8, point 11: Reset sets the user's actions aside, says so, and can be undone.
    #[test]
    fn issue8_reset_sets_actions_aside_and_undo_brings_them_back() {
        let s = state(THREE)
            .reduce(Msg::Put {
                client: "alice".into(),
                key: "k".into(),
                value: "v".into(),
                context: ContextChoice::None,
            })
            .reduce(Msg::Configure(ClusterPatch {
                w: Some(ConsistencyLevel::Count(1)),
                ..ClusterPatch::default()
            }));
        let before = s.snapshot.clone();
        let reset = s.reduce(Msg::Reset);
        assert_eq!(
            reset.notice,
            Some(Notice::SetAside(
                "1 operation and 1 change of settings".to_string()
            ))
        );
        assert!(reset.user_events.is_empty());
        // Playing does not end the offer; a new action does.
        let played = reset.clone().reduce(Msg::Play).reduce(Msg::Pause);
        assert!(played.notice.is_some());
        let back = played.reduce(Msg::UndoReset);
        assert_eq!(back.snapshot, before);
        assert_eq!(back.user_events.len(), 2);
        assert_eq!(back.notice, None);
        let acted = reset.reduce(Msg::Crash("A".into()));
        assert_eq!(acted.notice, None);
        let same = acted.clone().reduce(Msg::UndoReset);
        assert!(Rc::ptr_eq(&same, &acted), "nothing to undo any more");
        // A Reset with nothing to set aside says nothing of the kind.
        assert_eq!(state(THREE).reduce(Msg::Reset).notice, None);
    }

    /// Plays `s` frame by frame (100 ms of wall time each) until simulated time reaches `us`,
    /// or the run ends before (it stops by itself then).
    fn play_to(s: Rc<AppState>, us: Micros) -> Rc<AppState> {
        let mut s = s.reduce(Msg::Play);
        let mut wall = 1_000.0;
        for _ in 0..10_000 {
            if s.snapshot.now_us >= us || !s.playing {
                break;
            }
            s = s.reduce(Msg::Frame(wall));
            wall += 100.0;
        }
        assert!(
            s.snapshot.now_us >= us || s.snapshot.settled,
            "time reached {}",
            s.snapshot.now_us
        );
        s.reduce(Msg::Pause)
    }

    /// Issue 8, point 4: the log tells each happening at its simulated time, not at the time
    /// of the frame that processed it, and a crash and a recovery within one frame (at the
    /// fastest speed) are both told.
    #[test]
    fn issue8_narration_is_at_the_events_times_and_misses_nothing() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice"],
            "n": 3, "w": 2, "r": 2, "latency": {"constant": 10}},
            "events": [{"at": 0, "crash": "C"}, {"at": 0.5, "recover": "C"},
                       {"at": 250, "partition": [["alice", "A"]]}, {"at": 250.3, "heal": true},
                       {"at": 300, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#;
        let s = state(text).reduce(Msg::SetSpeed(SPEED_RANGE.1));
        let s = play_to(s, 400_000);
        let log = s.log.join("\n");
        for line in [
            "0 ms: node C crashed",
            "0.5 ms: node C recovered",
            "250 ms: partition: [B, C] and [A, alice] cannot reach each other.",
            "250.3 ms: partition healed",
            "300 ms: alice puts k = \"v\" (blind: sent with no context).",
            "320 ms: alice put k = \"v\" succeeded, acknowledged by",
        ] {
            assert!(log.contains(line), "{line} missing from:\n{log}");
        }
        // In the order they happened (the page shows them newest first).
        let at = |needle: &str| s.log.iter().position(|l| l.contains(needle)).unwrap();
        assert!(at("crashed") < at("recovered") && at("recovered") < at("healed"));
        // A user's action is told at the time it happened, too: 1 µs after now.
        let s = state(THREE).reduce(Msg::Crash("C".into()));
        assert_eq!(
            s.log.last().map(String::as_str),
            Some("0 ms: node C crashed: it neither sends nor receives.")
        );
    }

    /// Issue 8, point 4: the log belongs to the run: a Reset, a load or a versioning replay
    /// rebuilds it from the new run's journal (no line of the old run stays), and the page's
    /// own notices go to the status line, not among the run's lines.
    #[test]
    fn issue8_a_new_run_rebuilds_the_log() {
        let text = r#"{"cluster": {"nodes": ["A","B","C"], "clients": ["alice", "bob"],
            "n": 3, "w": 2, "r": 2, "latency": {"constant": 10}, "clock_skew_ms": {"bob": -50}},
            "events": [{"at": 0, "put": {"client": "alice", "key": "k", "value": "x"}},
                       {"at": 0, "put": {"client": "bob", "key": "k", "value": "y"}},
                       {"at": 100, "get": {"client": "alice", "key": "k"}}]}"#;
        let s = play_to(state(text), 200_000);
        let dvv = s.log.join("\n");
        assert!(dvv.contains("returned \"x\" and \"y\" (siblings)"), "{dvv}");
        let run = s.log_run;

        let lww = s.clone().reduce(Msg::SetVersioning(Versioning::Lww));
        assert_ne!(lww.log_run, run, "a new list");
        let told = lww.log.join("\n");
        assert!(
            !told.contains("(siblings)"),
            "no line of the dvv run: {told}"
        );
        assert!(told.contains("100 ms: alice gets k."), "{told}");
        assert!(told.contains("alice get k returned \"x\" from"), "{told}");
        assert!(lww
            .status
            .as_deref()
            .is_some_and(|n| n.starts_with("Versioning is now last write wins")));
        assert!(lww.log.iter().all(|l| !l.starts_with("Versioning")));
        // The replayed run's log is the one a fresh run to the same time tells.
        let mut base = Scenario::from_json(text).unwrap();
        base.cluster.versioning = Versioning::Lww;
        let fresh = AppState::new(base, Vec::new(), Some(lww.snapshot.now_us));
        assert_eq!(lww.log, fresh.log);

        let reset = s.clone().reduce(Msg::Reset);
        assert!(reset.log.is_empty(), "{:?}", reset.log);
        assert_ne!(reset.log_run, run);
        assert_eq!(
            reset.status.as_deref(),
            Some("Reset: the scenario starts over from 0 ms.")
        );
        let loaded = s.reduce(Msg::Load(THREE.to_string()));
        assert!(loaded.log.is_empty());
        assert!(loaded
            .status
            .as_deref()
            .is_some_and(|n| n.contains("\"three\"")));
    }

    /// Issue 8, point 4: an hour of play keeps the journal and the log flat.
    #[test]
    fn issue8_the_log_and_the_journal_stay_bounded() {
        let events: Vec<String> = (0..2_000)
            .map(|i| {
                format!(
                    r#"{{"at": {}, "put": {{"client": "alice", "key": "k{}", "value": "v", "context": "last"}}}}"#,
                    i * 3,
                    i % 5
                )
            })
            .collect();
        let text = format!(
            r#"{{"cluster": {{"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2}},
                "events": [{}]}}"#,
            events.join(",")
        );
        let s = play_to(state(&text).reduce(Msg::SetSpeed(SPEED_RANGE.1)), 6_100_000);
        assert_eq!(s.log.len(), LOG_LINES);
        // The newest lines: the last put's completion is the last line.
        assert!(
            s.log
                .last()
                .is_some_and(|l| l.contains("put k4 = \"v\" succeeded")),
            "{:?}",
            s.log.last()
        );
        let sim = s.sim.borrow();
        assert_eq!(sim.journal().len(), JOURNAL_ENTRIES);
        assert_eq!(sim.journal_total(), 4_000);
    }
}
