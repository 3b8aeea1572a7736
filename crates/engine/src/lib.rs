//! quorumscope's replication engine: a deterministic simulator of Dynamo-style leaderless
//! replication.
//!
//! A [`Scenario`] (the contract's JSON file) describes a cluster and timed events. A
//! [`Simulator`] runs it as a discrete-event simulation in simulated microseconds, with one
//! seeded random number generator ([`rng::SimRng`], xoshiro256**), so that the same scenario
//! and seed give the same run, to the byte, natively and in the browser. Replicas and clients
//! ([`node`]) only record what they send in an outbox; the simulator owns time, the network and
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

pub mod checker;
pub mod hash;
mod json;
pub mod latency;
pub mod maps;
pub mod node;
pub mod number;
pub mod pbs;
pub mod result;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod snapshot;
pub mod sort;
pub mod time;
pub mod version;
pub mod workload;

pub use latency::Latency;
pub use result::RunResult;
pub use scenario::{Scenario, ScenarioError};
pub use sim::Simulator;
pub use version::{compare, Comparison, Order, Versioning};

/// Runs a scenario file until it settles (or until `until_ms`) and returns the contract's JSON
/// result; `Err` is a one-line message naming what was wrong with the input.
pub fn run_json(scenario: &str, until_ms: Option<f64>) -> Result<String, String> {
    let until = match until_ms {
        Some(ms) if !ms.is_finite() || ms < 0.0 => {
            return Err(format!("--until: must be a number of ms >= 0, got {ms}"));
        }
        Some(ms) => Some(time::ms_to_us(ms)),
        None => None,
    };
    let scenario = Scenario::from_json(scenario).map_err(|e| e.to_string())?;
    let mut sim = Simulator::with_options(
        scenario,
        sim::Options {
            record_messages: false,
            ..sim::Options::default()
        },
    );
    sim.run(until);
    serde_json::to_string_pretty(&RunResult::of(&sim)).map_err(|e| format!("internal: {e}"))
}
