//! Failure detection with local beliefs (Dynamo section 4.8).
//!
//! A node does not know who is down; it believes it, from the traffic it sees. Under
//! [`DetectorConfig::Timeout`] a node suspects a peer when a request it sent the peer has gone
//! unanswered for a while, probes a suspected peer now and then, and trusts it again as soon as
//! any message from it arrives. Beliefs therefore differ between nodes and lag behind crashes,
//! partitions and heals. [`DetectorConfig::Perfect`], the default, keeps no beliefs: every node
//! sees the truth at once, as the engine always did.
//!
//! [`Beliefs`] is pure: no clock, no network; the simulator passes the time and reports the
//! traffic, and schedules itself at [`Beliefs::next_deadline`]. docs/ENGINE.md, "Failure
//! detection", describes the model.

mod beliefs;
mod config;

#[cfg(test)]
use beliefs::PeerBelief;
pub use beliefs::{Beliefs, Change};
pub use config::DetectorConfig;

#[cfg(test)]
mod tests;
