//! The network: who can reach whom, how long messages take, and where keys live.

pub mod ring;
