//! Consistent hashing: the ring of node tokens, and a key's preference list on it.

use crate::hash::hash_str;
use crate::ids::EndpointId;

/// Ring tokens per node for consistent hashing.
pub const TOKENS_PER_NODE: usize = 8;

/// The preference list of `key` on a ring of node tokens: walking clockwise from the key's hash,
/// every node in the order its first token is met.
pub fn preference_list(ring: &[(u64, EndpointId)], nodes: usize, key: &str) -> Vec<EndpointId> {
    let pos = hash_str(key);
    let start = ring.partition_point(|t| t.0 < pos);
    let mut out = Vec::with_capacity(nodes);
    for i in 0..ring.len() {
        let node = ring[(start + i) % ring.len()].1;
        if !out.contains(&node) {
            out.push(node);
            if out.len() == nodes {
                break;
            }
        }
    }
    out
}
