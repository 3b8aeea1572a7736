//! The network: who can reach whom ([`Topology`]), and where keys live ([`Ring`], [`Keys`]).

mod keys;
mod ring;
mod topology;

pub use keys::Keys;
pub use ring::Ring;
pub use topology::{Topology, Unreachable};
