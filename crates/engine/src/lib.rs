//! quorumscope's replication engine: a deterministic simulator of Dynamo-style leaderless
//! replication.
//!
//! A [`Scenario`] (the contract's JSON file) describes a cluster and timed events. A
//! [`Simulator`] runs it as a discrete-event simulation in simulated microseconds, with one
//! seeded random number generator (`rng::SimRng`, xoshiro256**), so that the same scenario
//! and seed give the same run, to the byte, natively and in the browser. Replicas and clients
//! (`node/`) only record what they send in an outbox; the simulator owns time, the network and
//! the randomness. [`RunResult`] is what `qsim run` prints.
//!
//! ```
//! let text = r#"{
//!   "cluster": {"nodes": ["A", "B", "C"], "n": 3, "w": 2, "r": 2},
//!   "events": [
//!     {"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
//!     {"at": 100, "get": {"client": "bob", "key": "cart"}}
//!   ]
//! }"#;
//! let mut sim = quorumscope_engine::Simulator::from_json(text).unwrap();
//! sim.run(None);
//! let result = quorumscope_engine::RunResult::of(&sim);
//! assert_eq!(result.history[1].values, ["milk"]);
//! assert!(!result.history[1].stale);
//! ```

mod antientropy;
mod check;
mod detector;
pub mod exercise;
pub mod export;
mod hash;
mod history;
mod ids;
pub mod latency;
mod maps;
mod message;
mod network;
mod node;
pub mod number;
mod op;
pub mod pbs;
mod quorum;
pub mod result;
mod rng;
pub mod scenario;
mod setvalue;
pub mod sim;
pub mod snapshot;
pub mod sort;
pub mod staleness;
mod text;
pub mod time;
pub mod tour;
mod vclock;
pub mod version;
pub mod workload;

pub use check::{check_set, SetCheck};
pub use detector::DetectorConfig;
pub use history::{OpRecord, Outcome, RepairRecord, ReplyRecord, StoreRecord};
pub use ids::{EndpointId, KeyId, MsgId, OpId};
pub use message::MessageKind;
pub use op::{Answer, OpKind};

pub use latency::Latency;
pub use result::RunResult;
pub use scenario::{Scenario, ScenarioError};
pub use sim::Simulator;
pub use vclock::{ClockOrder, VectorClock};
pub use version::{compare, Comparison, Order, Versioning};

/// Runs a scenario file until it settles (or until `until_ms`) and returns the contract's JSON
/// result; `Err` is a one-line message naming what was wrong with the input, or saying that the
/// run did not settle within [`sim::MAX_RUN_EVENTS`] events (what `qsim run` does).
pub fn run_json(scenario: &str, until_ms: Option<f64>) -> Result<String, String> {
    run_json_bounded(scenario, until_ms, sim::MAX_RUN_EVENTS)
}

/// [`run_json`] with another bound on the number of events: a run that has not settled (nor
/// reached `until_ms`) after `max_events` events is an error, one line naming the bound, the
/// simulated time reached and what was left ([`Simulator::unsettled_reason`]).
pub fn run_json_bounded(
    scenario: &str,
    until_ms: Option<f64>,
    max_events: u64,
) -> Result<String, String> {
    let options = sim::Options {
        record_messages: false,
        ..sim::Options::default()
    };
    let sim = run_simulator(scenario, until_ms, max_events, options)?;
    serde_json::to_string_pretty(&RunResult::of(&sim)).map_err(|e| format!("internal: {e}"))
}

/// Reads a scenario file and runs it with `options` as [`run_json_bounded`] does, returning
/// the simulator at the end (for [`RunResult::of`] and the [`export`]s: `qsim run --history
/// edn --shiviz FILE`). `Err` is one line, the same as [`run_json_bounded`]'s.
pub fn run_simulator(
    scenario: &str,
    until_ms: Option<f64>,
    max_events: u64,
    options: sim::Options,
) -> Result<Simulator, String> {
    let until = match until_ms {
        Some(ms) if !ms.is_finite() || ms < 0.0 => {
            return Err(format!("--until: must be a number of ms >= 0, got {ms}"));
        }
        Some(ms) => Some(time::ms_to_us(ms)),
        None => None,
    };
    let scenario = Scenario::from_json(scenario).map_err(|e| e.to_string())?;
    let mut sim = Simulator::with_options(scenario, options);
    if !sim.run_bounded(until, max_events) {
        return Err(format!(
            "the run did not settle within {max_events} events (simulated time {} ms): {}",
            time::format_us(i64::try_from(sim.now()).unwrap_or(i64::MAX)),
            sim.unsettled_reason()
        ));
    }
    Ok(sim)
}
