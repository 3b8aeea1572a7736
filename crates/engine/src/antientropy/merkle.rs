//! A hash tree over the ranges of the ring (Dynamo section 4.7).
//!
//! The 64-bit space of key positions is cut into `4^depth` equal ranges, the tree's leaves. A
//! leaf's hash combines the (position, digest) pairs of the keys placed in its range, in key
//! order; an inner node's hash combines its four children's. A range without keys hashes to 0,
//! and so does every node whose children all hash to 0, so two replicas holding nothing agree at
//! the root.
//!
//! A key's range is picked by its position, a 64-bit number both sides of an exchange agree
//! on, passed through SplitMix64's mixing step, a bijection. The replicas use the key's id
//! (global in a run: `node/anti_entropy.rs`); the tests here also use ring positions (the FNV-1a
//! hash of a name). Unmixed, neither would spread: ids `0..1024` all fall into the first range,
//! and FNV-1a spreads names that differ in their last characters over the low bits only, so the
//! names `key0` to `key1023` fall into 17 of the 1,024 ranges of a depth-5 tree, up to 100 in
//! one, and a single differing key would cost its leaf's hundred digests. Mixed, they spread
//! like random numbers.
//!
//! Why four children and not two: a walk down to one differing leaf sends, per level, the
//! hashes of one node's children. With `L` leaves a binary tree has `log2 L` levels of 2 hashes,
//! a 4-ary tree `log2 L / 2` levels of 4: the same number of hashes, in half the messages.
//! With 8 or 16 children a walk sends more hashes (8 per 3 halvings, 16 per 4), so 4 is the
//! widest branching that costs no extra hash.

use crate::hash::Fnv;
use std::fmt;

/// Children per inner node.
pub const BRANCHING: u32 = 4;

/// The deepest tree [`MerkleTree::build`] accepts: `4^8` = 65,536 leaves (about 700 KB of
/// hashes), far more ranges than a scenario has keys.
pub const MAX_DEPTH: u8 = 8;

/// A node of the tree: its level (0 is the root, `depth` the leaves) and its index among that
/// level's `4^level` nodes, from the start of the ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef {
    level: u8,
    index: u32,
}

impl NodeRef {
    /// The root, the range of the whole ring.
    pub const ROOT: NodeRef = NodeRef { level: 0, index: 0 };

    /// Its level: 0 for the root.
    pub fn level(self) -> u8 {
        self.level
    }

    /// Its index within its level, counted from the start of the ring.
    pub fn index(self) -> u32 {
        self.index
    }

    /// Its four children, in ring order (whether they exist depends on the tree's depth; a
    /// node at [`MAX_DEPTH`] has none).
    pub fn children(self) -> impl Iterator<Item = NodeRef> {
        let first = self.index * BRANCHING;
        let count = if self.level < MAX_DEPTH { BRANCHING } else { 0 };
        (first..first + count).map(move |index| NodeRef {
            level: self.level + 1,
            index,
        })
    }
}

/// Bad input to [`MerkleTree::build`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeError {
    /// The depth is above [`MAX_DEPTH`].
    Depth(u8),
    /// The same key was given twice.
    DuplicateKey,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreeError::Depth(d) => write!(
                f,
                "anti-entropy tree depth: must be 0 to {MAX_DEPTH}, got {d}"
            ),
            TreeError::DuplicateKey => {
                write!(f, "anti-entropy tree items: a key is listed twice")
            }
        }
    }
}

impl std::error::Error for TreeError {}

/// The smallest depth whose leaves are at least `keys` (capped at [`MAX_DEPTH`]): 1,024 keys
/// give depth 5, 1,024 leaves. Both sides of an exchange must use the same depth, so take
/// `keys` from something they share (the scenario's number of keys), not from their own data.
pub fn depth_for(keys: usize) -> u8 {
    let mut depth = 0;
    let mut leaves: usize = 1;
    while leaves < keys && depth < MAX_DEPTH {
        depth += 1;
        leaves *= BRANCHING as usize;
    }
    depth
}

/// One key as the tree holds it.
#[derive(Clone, Copy, Debug)]
struct Entry<K> {
    leaf: u32,
    key: K,
    position: u64,
    digest: u64,
}

/// A replica's hash tree over the keys it holds, generic over the key id `K`.
#[derive(Clone, Debug)]
pub struct MerkleTree<K> {
    depth: u8,
    /// Every node's hash, level by level from the root (level `l` starts at `(4^l - 1) / 3`).
    hashes: Vec<u64>,
    /// The keys, sorted by leaf, then key.
    entries: Vec<Entry<K>>,
}

/// The hashes a side sends in one message of an exchange: node hashes for the other side to
/// compare, and the (key, digest) lists of leaves found to differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeMessage<K> {
    /// Nodes and their hashes, for [`MerkleTree::answer`].
    pub hashes: Vec<(NodeRef, u64)>,
    /// Differing leaves with their keys' digests, for [`MerkleTree::compare_leaves`].
    pub leaves: Vec<LeafDigests<K>>,
}

/// A leaf and the (key, digest) pairs of the sender's keys in its range, in key order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafDigests<K> {
    /// The leaf.
    pub leaf: NodeRef,
    /// The sender's keys in the leaf's range and their digests, sorted by key.
    pub digests: Vec<(K, u64)>,
}

impl<K> TreeMessage<K> {
    /// True when there is nothing to send: the exchange is over.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty() && self.leaves.is_empty()
    }

    /// How many hashes the message carries, as `metrics.anti_entropy_hashes` counts them: one
    /// per tree node, plus one per key digest of the leaves.
    pub fn hash_count(&self) -> u64 {
        let digests: usize = self.leaves.iter().map(|l| l.digests.len()).sum();
        (self.hashes.len() + digests) as u64
    }
}

/// Which keys of some leaves differ between my tree and theirs, each list sorted by key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyDiff<K> {
    /// Keys both hold, with different digests.
    pub differ: Vec<K>,
    /// Keys only I hold.
    pub only_mine: Vec<K>,
    /// Keys only they hold.
    pub only_theirs: Vec<K>,
}

impl<K> Default for KeyDiff<K> {
    fn default() -> Self {
        KeyDiff {
            differ: Vec::new(),
            only_mine: Vec::new(),
            only_theirs: Vec::new(),
        }
    }
}

impl<K> KeyDiff<K> {
    /// True when no key differs.
    pub fn is_empty(&self) -> bool {
        self.differ.is_empty() && self.only_mine.is_empty() && self.only_theirs.is_empty()
    }

    /// The same differences seen from the other side.
    #[cfg(test)]
    pub fn swapped(self) -> KeyDiff<K> {
        KeyDiff {
            differ: self.differ,
            only_mine: self.only_theirs,
            only_theirs: self.only_mine,
        }
    }
}

/// The hash of an inner node from its children's: 0 when all are 0 (an empty range).
fn combine(children: &[u64]) -> u64 {
    if children.iter().all(|&h| h == 0) {
        return 0;
    }
    let mut h = Fnv::new();
    for &c in children {
        h.u64(c);
    }
    h.finish()
}

/// The leaf of a position, in a tree whose leaves are ranges of `2^shift` mixed positions.
fn leaf_index(position: u64, shift: u32) -> u32 {
    let mut state = position;
    crate::rng::splitmix64(&mut state)
        .checked_shr(shift)
        .unwrap_or(0) as u32
}

/// The entries sorted by leaf, then key: a counting sort by leaf (a run's keys are spread over
/// about as many leaves as there are keys), then each leaf's few entries by key, which the
/// replicas' items already are.
fn by_leaf<K: Copy + Ord>(entries: &[Entry<K>], leaves: usize) -> Vec<Entry<K>> {
    let mut start = vec![0usize; leaves + 1];
    for e in entries {
        start[e.leaf as usize + 1] += 1;
    }
    for i in 0..leaves {
        start[i + 1] += start[i];
    }
    let mut sorted = entries.to_vec();
    let mut next = start.clone();
    for e in entries {
        let at = &mut next[e.leaf as usize];
        sorted[*at] = *e;
        *at += 1;
    }
    for w in start.windows(2) {
        let leaf = &mut sorted[w[0]..w[1]];
        if leaf.windows(2).any(|p| p[0].key > p[1].key) {
            crate::sort::sort_by(leaf, |a, b| a.key.cmp(&b.key));
        }
    }
    sorted
}

/// Where level `level` starts in [`MerkleTree::hashes`].
fn level_start(level: u8) -> usize {
    ((1usize << (2 * level as u32)) - 1) / 3
}

impl<K: Copy + Ord> MerkleTree<K> {
    /// Builds the tree of `depth` levels below the root (`4^depth` leaves) over `(position,
    /// key, digest)` items: a key's position (any number both sides agree on; the replicas use
    /// its id) picks its leaf, mixed as the module's docs say, and its digest summarises its
    /// state. A key's position must not change between the two trees of an exchange; it stands
    /// for the key in the leaf's hash. Items come in any order.
    pub fn build(
        items: impl IntoIterator<Item = (u64, K, u64)>,
        depth: u8,
    ) -> Result<MerkleTree<K>, TreeError> {
        if depth > MAX_DEPTH {
            return Err(TreeError::Depth(depth));
        }
        let shift = 64 - 2 * depth as u32;
        let unsorted: Vec<Entry<K>> = items
            .into_iter()
            .map(|(position, key, digest)| Entry {
                leaf: leaf_index(position, shift),
                key,
                position,
                digest,
            })
            .collect();
        let entries = by_leaf(&unsorted, 1 << (2 * depth as u32));
        if entries
            .windows(2)
            .any(|w| (w[0].leaf, w[0].key) == (w[1].leaf, w[1].key))
        {
            return Err(TreeError::DuplicateKey);
        }
        let mut hashes = vec![0u64; level_start(depth + 1)];
        let leaves = level_start(depth);
        for group in entries.chunk_by(|a, b| a.leaf == b.leaf) {
            let mut h = Fnv::new();
            for e in group {
                h.u64(e.position);
                h.u64(e.digest);
            }
            hashes[leaves + group[0].leaf as usize] = h.finish();
        }
        for level in (0..depth).rev() {
            let (start, below) = (level_start(level), level_start(level + 1));
            for i in 0..(below - start) {
                let first = below + i * BRANCHING as usize;
                hashes[start + i] = combine(&hashes[first..first + BRANCHING as usize]);
            }
        }
        Ok(MerkleTree {
            depth,
            hashes,
            entries,
        })
    }

    /// The leaf whose range holds a key at position `position`.
    #[cfg(test)]
    pub fn leaf_of(&self, position: u64) -> NodeRef {
        NodeRef {
            level: self.depth,
            index: leaf_index(position, 64 - 2 * self.depth as u32),
        }
    }

    /// Its depth: the leaves' level.
    #[cfg(test)]
    pub fn depth(&self) -> u8 {
        self.depth
    }

    /// The root's hash: 0 for a tree without keys.
    pub fn root(&self) -> u64 {
        self.hashes[0]
    }

    /// A node's hash, or `None` if the node is not in this tree (below the leaves).
    pub fn hash(&self, node: NodeRef) -> Option<u64> {
        if node.level > self.depth || node.index >= 1 << (2 * node.level as u32) {
            return None;
        }
        Some(self.hashes[level_start(node.level) + node.index as usize])
    }

    /// True when `node` is one of this tree's leaves.
    pub fn is_leaf(&self, node: NodeRef) -> bool {
        node.level == self.depth && self.hash(node).is_some()
    }

    /// The first message of an exchange: the root's hash.
    pub fn open(&self) -> TreeMessage<K> {
        TreeMessage {
            hashes: vec![(NodeRef::ROOT, self.root())],
            leaves: Vec::new(),
        }
    }

    /// The children of the given inner nodes with their hashes, in the order given (leaves and
    /// nodes not in this tree have none and are skipped).
    pub fn hashes_of_children(&self, nodes: &[NodeRef]) -> Vec<(NodeRef, u64)> {
        let mut out = Vec::with_capacity(nodes.len() * BRANCHING as usize);
        for &node in nodes {
            if node.level < self.depth && self.hash(node).is_some() {
                out.extend(node.children().filter_map(|c| Some((c, self.hash(c)?))));
            }
        }
        out
    }

    /// The nodes of `theirs` whose hash differs from mine, in the order given (nodes not in
    /// this tree are skipped).
    pub fn differing(&self, theirs: &[(NodeRef, u64)]) -> Vec<NodeRef> {
        theirs
            .iter()
            .filter(|&&(node, h)| self.hash(node).is_some_and(|mine| mine != h))
            .map(|&(node, _)| node)
            .collect()
    }

    /// My (key, digest) pairs in a leaf's range, sorted by key (none for a node that is not a
    /// leaf of this tree).
    pub fn leaf_digests(&self, leaf: NodeRef) -> Vec<(K, u64)> {
        self.leaf_entries(leaf)
            .iter()
            .map(|e| (e.key, e.digest))
            .collect()
    }

    fn leaf_entries(&self, leaf: NodeRef) -> &[Entry<K>] {
        if !self.is_leaf(leaf) {
            return &[];
        }
        let from = self.entries.partition_point(|e| e.leaf < leaf.index);
        let to = self.entries.partition_point(|e| e.leaf <= leaf.index);
        &self.entries[from..to]
    }

    /// My answer to a message's node hashes: for each node whose hash differs from mine, the
    /// hashes of its children if it is an inner node, or my keys' digests if it is a leaf. An
    /// empty answer means the nodes agree, and the exchange ends (once any leaves the message
    /// carried are compared with [`MerkleTree::compare_leaves`]).
    pub fn answer(&self, theirs: &[(NodeRef, u64)]) -> TreeMessage<K> {
        let differ = self.differing(theirs);
        let (leaves, inner): (Vec<NodeRef>, Vec<NodeRef>) =
            differ.into_iter().partition(|&n| self.is_leaf(n));
        TreeMessage {
            hashes: self.hashes_of_children(&inner),
            leaves: leaves
                .into_iter()
                .map(|leaf| LeafDigests {
                    leaf,
                    digests: self.leaf_digests(leaf),
                })
                .collect(),
        }
    }

    /// Which keys of one leaf differ between my tree and `theirs` (their (key, digest) pairs
    /// in that leaf, sorted by key as [`MerkleTree::leaf_digests`] gives them; unsorted input
    /// is sorted first). Adds the keys to `diff`.
    pub fn keys_differing(&self, leaf: NodeRef, theirs: &[(K, u64)], diff: &mut KeyDiff<K>) {
        let sorted;
        let theirs = if theirs.windows(2).all(|w| w[0].0 <= w[1].0) {
            theirs
        } else {
            let mut copy = theirs.to_vec();
            crate::sort::sort_by_key(&mut copy, |p| p.0);
            sorted = copy;
            &sorted[..]
        };
        let mine = self.leaf_entries(leaf);
        let (mut i, mut j) = (0, 0);
        while i < mine.len() || j < theirs.len() {
            match (mine.get(i), theirs.get(j)) {
                (Some(m), Some(&(k, d))) if m.key == k => {
                    if m.digest != d {
                        diff.differ.push(k);
                    }
                    i += 1;
                    j += 1;
                }
                (Some(m), Some(&(k, _))) if m.key < k => {
                    diff.only_mine.push(m.key);
                    i += 1;
                }
                (Some(m), None) => {
                    diff.only_mine.push(m.key);
                    i += 1;
                }
                (_, Some(&(k, _))) => {
                    diff.only_theirs.push(k);
                    j += 1;
                }
                (None, None) => break,
            }
        }
    }

    /// Which keys differ in the leaves a message carries, each list sorted by key.
    pub fn compare_leaves(&self, theirs: &[LeafDigests<K>]) -> KeyDiff<K> {
        let mut diff = KeyDiff::default();
        for l in theirs {
            self.keys_differing(l.leaf, &l.digests, &mut diff);
        }
        crate::sort::sort(&mut diff.differ);
        crate::sort::sort(&mut diff.only_mine);
        crate::sort::sort(&mut diff.only_theirs);
        diff
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::hash_str;

    fn key_items(n: u32) -> Vec<(u64, u32, u64)> {
        (0..n)
            .map(|k| (hash_str(&format!("key{k}")), k, 1000 + k as u64))
            .collect()
    }

    #[test]
    fn dynamo_s4_7_two_empty_trees_agree_at_every_depth() {
        for depth in 0..=MAX_DEPTH {
            let a = MerkleTree::<u32>::build([], depth).unwrap();
            let b = MerkleTree::<u32>::build(Vec::new(), depth).unwrap();
            assert_eq!(a.root(), 0);
            assert_eq!(a.root(), b.root());
            assert!(b.answer(&a.open().hashes).is_empty());
        }
    }

    #[test]
    fn dynamo_s4_7_an_empty_range_differs_from_a_non_empty_one() {
        let a = MerkleTree::<u32>::build([], 2).unwrap();
        let b = MerkleTree::build([(5u64, 1u32, 0u64)], 2).unwrap();
        assert_ne!(b.root(), 0);
        assert_eq!(a.differing(&b.open().hashes), [NodeRef::ROOT]);
        // Even a key whose digest is 0 at position 0 makes its range differ from an empty one.
        let z = MerkleTree::build([(0u64, 1u32, 0u64)], 2).unwrap();
        assert_ne!(z.root(), a.root());
    }

    #[test]
    fn dynamo_s4_7_the_tree_does_not_depend_on_the_order_of_items() {
        let items = key_items(300);
        let a = MerkleTree::build(items.clone(), 4).unwrap();
        let b = MerkleTree::build(items.into_iter().rev(), 4).unwrap();
        assert_eq!(a.hashes, b.hashes);
    }

    #[test]
    fn dynamo_s4_7_a_changed_digest_changes_exactly_its_path() {
        let items = key_items(200);
        let a = MerkleTree::build(items.clone(), 3).unwrap();
        let mut changed = items.clone();
        changed[17].2 += 1;
        let b = MerkleTree::build(changed, 3).unwrap();
        let leaf = a.leaf_of(items[17].0).index;
        for level in 0..=3u8 {
            for index in 0..1u32 << (2 * level) {
                let node = NodeRef { level, index };
                let on_path = index == leaf >> (2 * (3 - level));
                assert_eq!(a.hash(node) != b.hash(node), on_path, "{node:?}");
            }
        }
    }

    #[test]
    fn dynamo_s4_7_leaf_digests_are_the_keys_of_its_range_in_key_order() {
        // Depth 1: four leaves. Positions 0 to 3 fall into leaves 3, 2, 2 and 0 (checked below,
        // from the top two bits of their mixed value). In leaf 2, key order is not position order.
        let t = MerkleTree::build([(3u64, 7u32, 70u64), (2, 3, 30), (1, 9, 90), (0, 8, 80)], 1)
            .unwrap();
        let leaf = |index| NodeRef { level: 1, index };
        let leaves: Vec<NodeRef> = (0..4).map(|p| t.leaf_of(p)).collect();
        assert_eq!(leaves, [leaf(3), leaf(2), leaf(2), leaf(0)]);
        assert!(leaves.iter().all(|&l| l.level() == 1 && t.is_leaf(l)));
        assert_eq!(t.leaf_digests(leaf(0)), [(7, 70)]);
        assert_eq!(t.leaf_digests(leaf(1)), []);
        assert_eq!(t.hash(leaf(1)), Some(0));
        assert_eq!(t.leaf_digests(leaf(2)), [(3, 30), (9, 90)]);
        assert_eq!(t.leaf_digests(leaf(3)), [(8, 80)]);
        assert_eq!(t.leaf_digests(NodeRef::ROOT), [], "the root is not a leaf");
    }

    #[test]
    fn dynamo_s4_7_similar_key_names_spread_over_the_leaves() {
        // 1,024 names differing in their last characters, 1,024 leaves: like 1,024 random
        // throws, no leaf gets more than a handful (by the ring position alone, 100 shared one).
        let t = MerkleTree::build(key_items(1024), 5).unwrap();
        let mut load = vec![0u32; 1024];
        for (position, _, _) in key_items(1024) {
            load[t.leaf_of(position).index() as usize] += 1;
        }
        let fullest = load.iter().copied().max().unwrap();
        let used = load.iter().filter(|&&l| l > 0).count();
        assert!(fullest <= 8, "{fullest}");
        assert!(used > 550, "{used}");
        let by_ring_position: std::collections::BTreeSet<u64> =
            key_items(1024).iter().map(|i| i.0 >> 54).collect();
        assert_eq!(by_ring_position.len(), 17);
    }

    #[test]
    fn dynamo_s4_7_keys_differing_sorts_out_the_three_cases() {
        let t = MerkleTree::build([(0u64, 1u32, 10u64), (1, 2, 20), (2, 3, 30)], 0).unwrap();
        let mut diff = KeyDiff::default();
        // Unsorted on purpose: the comparison sorts a copy.
        t.keys_differing(NodeRef::ROOT, &[(4, 40), (2, 21), (1, 10)], &mut diff);
        assert_eq!(diff.differ, [2]);
        assert_eq!(diff.only_mine, [3]);
        assert_eq!(diff.only_theirs, [4]);
    }

    #[test]
    fn dynamo_s4_7_bad_input_is_refused_with_a_message() {
        let e = MerkleTree::<u32>::build([], MAX_DEPTH + 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "anti-entropy tree depth: must be 0 to 8, got 9"
        );
        let e = MerkleTree::build([(1u64, 5u32, 1u64), (1, 5, 2)], 3).unwrap_err();
        assert_eq!(e, TreeError::DuplicateKey);
        assert_eq!(
            e.to_string(),
            "anti-entropy tree items: a key is listed twice"
        );
    }

    #[test]
    fn dynamo_s4_7_nodes_outside_the_tree_are_ignored() {
        let t = MerkleTree::build(key_items(10), 1).unwrap();
        let below = NodeRef { level: 2, index: 0 };
        let wide = NodeRef { level: 1, index: 4 };
        assert_eq!(t.hash(below), None);
        assert_eq!(t.hash(wide), None);
        assert!(t.differing(&[(below, 1), (wide, 1)]).is_empty());
        let leaf = NodeRef { level: 1, index: 0 };
        assert!(t.hashes_of_children(&[leaf, below]).is_empty());
    }

    #[test]
    fn depth_for_gives_at_least_one_leaf_per_key() {
        assert_eq!(depth_for(0), 0);
        assert_eq!(depth_for(1), 0);
        assert_eq!(depth_for(2), 1);
        assert_eq!(depth_for(4), 1);
        assert_eq!(depth_for(5), 2);
        assert_eq!(depth_for(1024), 5);
        assert_eq!(depth_for(1025), 6);
        assert_eq!(depth_for(usize::MAX), MAX_DEPTH);
    }
}
