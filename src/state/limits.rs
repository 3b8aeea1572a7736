//! The page's bounds and pacing: how fast time runs, how much one frame does, how much is kept.

use quorumscope_engine::time::Micros;

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
/// own pace ([`super::natural_speed`]).
pub const CROSSING_WALL_MS: f64 = 1_000.0;
/// While no message is in flight, time skips ahead to the next event: the whole gap takes at
/// most this many wall ms, whatever its length (issue 8, point 1).
pub const SKIP_WALL_MS: f64 = 500.0;
/// A quiet stretch shorter than this many wall ms at the chosen speed plays at that speed
/// (skipping it would only make the clock jitter).
pub(super) const SKIP_AFTER_WALL_MS: f64 = 300.0;
/// The longest wall-clock gap between two frames that is played (a background tab does not jump).
pub(super) const MAX_FRAME_MS: f64 = 100.0;
/// How many lines the live log keeps.
pub const LOG_LINES: usize = 50;
/// How many entries of the run's journal the page's simulator keeps
/// ([`quorumscope_engine::sim::Options::journal_limit`]): enough for [`LOG_LINES`] lines, and memory stays flat however
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
