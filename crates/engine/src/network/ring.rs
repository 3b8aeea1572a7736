//! Consistent hashing: the ring of node tokens, and a key's preference list on it.

use crate::hash::hash_str;
use crate::ids::EndpointId;
use crate::rng::splitmix64;
use std::sync::Arc;

/// Ring tokens per node for consistent hashing.
pub const TOKENS_PER_NODE: usize = 8;

/// The ring: every node's tokens (the hash of `name#t` for `t` in `0..TOKENS_PER_NODE`),
/// sorted by position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ring {
    tokens: Vec<(u64, EndpointId)>,
    nodes: usize,
}

impl Ring {
    /// The ring of these nodes (endpoint `i` is `names[i]`).
    pub fn new(names: &[Arc<str>]) -> Ring {
        let mut tokens = Vec::with_capacity(names.len() * TOKENS_PER_NODE);
        for (i, name) in names.iter().enumerate() {
            for t in 0..TOKENS_PER_NODE {
                tokens.push((Ring::position(&format!("{name}#{t}")), EndpointId(i)));
            }
        }
        crate::sort::sort(&mut tokens);
        Ring {
            tokens,
            nodes: names.len(),
        }
    }

    /// The tokens, in ring order: (position, node).
    pub fn tokens(&self) -> &[(u64, EndpointId)] {
        &self.tokens
    }

    /// The position of a key (or of a token, `name#t`) on the ring: its FNV-1a hash, mixed by
    /// one SplitMix64 step. FNV-1a alone barely moves the top bits between names that differ
    /// in their last characters, which put all eight tokens of a node within 1/256 of the ring
    /// (one node, one arc); mixed, they spread over it as virtual nodes should.
    pub fn position(key: &str) -> u64 {
        let mut state = hash_str(key);
        splitmix64(&mut state)
    }

    /// The preference list of `key`: walking clockwise from the key's position, every node in
    /// the order its first token is met.
    pub fn preference_list(&self, key: &str) -> Vec<EndpointId> {
        let pos = Ring::position(key);
        let ring = &self.tokens;
        let start = ring.partition_point(|t| t.0 < pos);
        let mut out = Vec::with_capacity(self.nodes);
        for i in 0..ring.len() {
            let node = ring[(start + i) % ring.len()].1;
            if !out.contains(&node) {
                out.push(node);
                if out.len() == self.nodes {
                    break;
                }
            }
        }
        out
    }
}
