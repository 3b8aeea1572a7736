//! A key's replicas in each datacenter (Cassandra's NetworkTopologyStrategy).

use super::datacenters::Datacenters;

/// A key's home replicas and fallbacks, datacenter by datacenter: walking the ring clockwise
/// from the key, the first n nodes met of each datacenter are its home replicas there (n that
/// datacenter's own), and the datacenter's other nodes, in the order met, are the fallbacks
/// that stand in for them under a sloppy quorum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// Every home replica, in walk order.
    homes: Vec<usize>,
    /// Every fallback, in walk order.
    fallbacks: Vec<usize>,
}

impl Placement {
    /// The placement of a key whose ring walk meets the nodes in the order of `walk` (node
    /// endpoints, each once; a pinned `placement` list works the same way). An entry that is
    /// not a node of `layout`, or repeats an earlier one, is skipped. A datacenter whose nodes
    /// the walk does not all meet gets as many home replicas as it can, up to its n.
    pub fn new(layout: &Datacenters, walk: &[usize]) -> Placement {
        let mut placement = Placement {
            homes: Vec::new(),
            fallbacks: Vec::new(),
        };
        // Home replicas placed so far in each datacenter, by its index.
        let mut placed = vec![0usize; layout.len()];
        let mut seen = vec![false; layout.node_count()];
        for &node in walk {
            if !layout.is_node(node) || seen[node] {
                continue;
            }
            seen[node] = true;
            let Some(dc) = layout.dc_of(node) else {
                continue;
            };
            let i = dc.index();
            if i >= placed.len() {
                continue;
            }
            let wanted = usize::try_from(layout.n(dc)).unwrap_or(usize::MAX);
            if placed[i] < wanted {
                placed[i] += 1;
                placement.homes.push(node);
            } else {
                placement.fallbacks.push(node);
            }
        }
        placement
    }

    /// Every home replica, in walk order (N of them when the walk meets every node).
    pub fn homes(&self) -> &[usize] {
        &self.homes
    }

    /// Every fallback, in walk order.
    pub fn fallbacks(&self) -> &[usize] {
        &self.fallbacks
    }
}
