//! Datacenters and consistency levels (issue 9, contract section 4): the pure arithmetic.
//!
//! - [`Datacenters`]: which datacenter every endpoint (node or client) belongs to, and how many
//!   replicas of each key every datacenter holds (Cassandra's NetworkTopologyStrategy), built
//!   from the scenario's `cluster.datacenters` with every bad input refused ([`LayoutError`]).
//! - [`ConsistencyLevel`]: the words of `w` and `r` (`"one"`, `"quorum"`, `"all"`,
//!   `"local_one"`, `"local_quorum"`, `"each_quorum"` or a number), and the [`Requirement`]
//!   each stands for, given the layout and the coordinator's datacenter.
//! - [`Tally`]: the replies a coordinator has counted, whether they meet the requirement, and
//!   what is still missing where.
//! - [`Placement`]: a key's home replicas and fallbacks in each datacenter, from its ring walk.
//!
//! The folder follows tikv/raft-rs's `quorum/`: counting apart from the messages counted.

mod datacenters;
mod level;
mod placement;
mod tally;
#[cfg(test)]
mod tests;

pub use datacenters::{DatacenterSpec, Datacenters, DcId};
pub use level::{ConsistencyLevel, LevelError, Requirement};
pub use placement::Placement;
pub use tally::Tally;
