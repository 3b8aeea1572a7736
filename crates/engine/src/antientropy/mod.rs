//! Anti-entropy with hash trees (Dynamo section 4.7): two replicas find the keys on which they
//! differ by comparing hash trees over ranges of key positions, from the root down, only into
//! the ranges that differ. [`merkle`] has the tree and the steps of an exchange as pure
//! functions; the replicas (`node/anti_entropy.rs`) send the [`merkle::TreeMessage`]s as
//! `AeTree` and `AeKeys` messages and copy the differing keys' states.

pub mod merkle;

#[cfg(test)]
use merkle::{KeyDiff, MerkleTree};

/// What a whole exchange between two trees found and cost (see [`exchange`]).
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExchangeOutcome<K> {
    /// The differing keys, as `a` sees them (`only_mine`: keys only `a` holds).
    pub diff: KeyDiff<K>,
    /// Hashes `a` sent (it opens with its root).
    pub hashes_from_a: u64,
    /// Hashes `b` sent.
    pub hashes_from_b: u64,
    /// Messages sent, both ways: 1 when the roots agree.
    pub messages: u32,
}

/// Runs the exchange between two replicas' trees to its end, as the replicas would by
/// messages: `a` sends its root; each side answers the other's message
/// ([`MerkleTree::answer`]) until an answer is empty, comparing the leaves' keys that a message
/// carries ([`MerkleTree::compare_leaves`]). `Err` when the trees' depths differ (the exchange
/// needs the same ranges on both sides). The replicas run the same steps by messages
/// (`node/anti_entropy.rs`); this runs them in one call, for the tests of the tree.
#[cfg(test)]
pub(crate) fn exchange<K: Copy + Ord>(
    a: &MerkleTree<K>,
    b: &MerkleTree<K>,
) -> Result<ExchangeOutcome<K>, String> {
    if a.depth() != b.depth() {
        return Err(format!(
            "anti-entropy trees: depths differ ({} and {})",
            a.depth(),
            b.depth()
        ));
    }
    let mut out = ExchangeOutcome {
        diff: KeyDiff::default(),
        hashes_from_a: 0,
        hashes_from_b: 0,
        messages: 0,
    };
    let mut message = a.open();
    let mut from_a = true;
    while !message.is_empty() {
        out.messages += 1;
        let receiver = if from_a {
            out.hashes_from_a += message.hash_count();
            b
        } else {
            out.hashes_from_b += message.hash_count();
            a
        };
        let found = receiver.compare_leaves(&message.leaves);
        let found = if from_a { found.swapped() } else { found };
        out.diff.differ.extend(found.differ);
        out.diff.only_mine.extend(found.only_mine);
        out.diff.only_theirs.extend(found.only_theirs);
        message = receiver.answer(&message.hashes);
        from_a = !from_a;
    }
    crate::sort::sort(&mut out.diff.differ);
    crate::sort::sort(&mut out.diff.only_mine);
    crate::sort::sort(&mut out.diff.only_theirs);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::merkle::{depth_for, BRANCHING};
    use super::*;
    use crate::hash::hash_str;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// Keys 0..n at their ring positions (the hash of their names), with some digest.
    fn ring_keys(n: u32) -> BTreeMap<u32, (u64, u64)> {
        (0..n)
            .map(|k| (k, (hash_str(&format!("key{k}")), 7_000 + k as u64)))
            .collect()
    }

    fn tree(keys: &BTreeMap<u32, (u64, u64)>, depth: u8) -> MerkleTree<u32> {
        MerkleTree::build(keys.iter().map(|(&k, &(p, d))| (p, k, d)), depth).unwrap()
    }

    #[test]
    fn dynamo_s4_7_equal_replicas_exchange_only_the_root() {
        let keys = ring_keys(1024);
        let depth = depth_for(keys.len());
        assert_eq!(depth, 5);
        let out = exchange(&tree(&keys, depth), &tree(&keys, depth)).unwrap();
        assert!(out.diff.is_empty());
        assert_eq!((out.hashes_from_a, out.hashes_from_b), (1, 0));
        assert_eq!(out.messages, 1);
    }

    #[test]
    fn dynamo_s4_7_one_differing_key_costs_one_root_to_leaf_path() {
        // 1,024 keys, one per leaf of a depth-5 tree (1,024 leaves): for each leaf, the first
        // position found in it.
        let depth = 5u8;
        let empty = tree(&BTreeMap::new(), depth);
        let mut first = vec![None; 1024];
        for p in 0u64.. {
            let slot = &mut first[empty.leaf_of(p).index() as usize];
            slot.get_or_insert(p);
            if first.iter().all(Option::is_some) {
                break;
            }
        }
        let keys: BTreeMap<u32, (u64, u64)> = (0..1024u32)
            .map(|k| (k, (first[k as usize].unwrap(), 1)))
            .collect();
        let mut theirs = keys.clone();
        theirs.get_mut(&300).unwrap().1 = 2;
        let out = exchange(&tree(&keys, depth), &tree(&theirs, depth)).unwrap();
        assert_eq!(out.diff.differ, [300]);
        assert!(out.diff.only_mine.is_empty() && out.diff.only_theirs.is_empty());
        // The root, the 4 children of one node per level below it, and the leaf's one digest.
        let path = 1 + BRANCHING as u64 * depth as u64 + 1;
        assert_eq!(path, 22);
        assert_eq!(out.hashes_from_a + out.hashes_from_b, path);
        // a: root, levels 2 and 4, the leaf's digest; b: levels 1, 3 and 5.
        assert_eq!((out.hashes_from_a, out.hashes_from_b), (10, 12));
        // The root, one message per level, the leaf's digests.
        assert_eq!(out.messages, 1 + depth as u32 + 1);
        assert!((out.hashes_from_a + out.hashes_from_b) * 40 < 1024);
    }

    #[test]
    fn dynamo_s4_7_one_differing_key_at_its_ring_position_costs_one_path_and_its_leaf() {
        let keys = ring_keys(1024);
        let depth = depth_for(keys.len());
        let mut theirs = keys.clone();
        theirs.get_mut(&77).unwrap().1 += 1;
        let (a, b) = (tree(&keys, depth), tree(&theirs, depth));
        let out = exchange(&a, &b).unwrap();
        assert_eq!(out.diff.differ, [77]);
        // The side that finds the leaf differing sends the digests of its keys in that range:
        // with an odd depth, that is a.
        let in_leaf = a.leaf_digests(a.leaf_of(keys[&77].0)).len() as u64;
        assert!((1..=8).contains(&in_leaf), "{in_leaf}");
        assert_eq!(
            out.hashes_from_a + out.hashes_from_b,
            1 + BRANCHING as u64 * depth as u64 + in_leaf
        );
        assert!(out.hashes_from_a + out.hashes_from_b <= 29);
    }

    #[test]
    fn dynamo_s4_7_a_key_missing_on_one_side_is_found() {
        let keys = ring_keys(500);
        let depth = depth_for(keys.len());
        let mut fewer = keys.clone();
        fewer.remove(&123);
        let out = exchange(&tree(&keys, depth), &tree(&fewer, depth)).unwrap();
        assert_eq!(out.diff.only_mine, [123]);
        assert!(out.diff.differ.is_empty() && out.diff.only_theirs.is_empty());
        let out = exchange(&tree(&fewer, depth), &tree(&keys, depth)).unwrap();
        assert_eq!(out.diff.only_theirs, [123]);
        assert!(out.diff.differ.is_empty() && out.diff.only_mine.is_empty());
    }

    #[test]
    fn dynamo_s4_7_two_empty_replicas_exchange_only_the_root() {
        let empty = BTreeMap::new();
        let out = exchange(&tree(&empty, 5), &tree(&empty, 5)).unwrap();
        assert!(out.diff.is_empty());
        assert_eq!(
            (out.hashes_from_a, out.hashes_from_b, out.messages),
            (1, 0, 1)
        );
    }

    #[test]
    fn dynamo_s4_7_an_empty_replica_learns_every_key() {
        let keys = ring_keys(64);
        let out = exchange(&tree(&BTreeMap::new(), 3), &tree(&keys, 3)).unwrap();
        assert_eq!(
            out.diff.only_theirs,
            keys.keys().copied().collect::<Vec<_>>()
        );
        assert!(out.diff.differ.is_empty() && out.diff.only_mine.is_empty());
    }

    #[test]
    fn dynamo_s4_7_trees_of_other_depths_are_refused() {
        let keys = ring_keys(10);
        let e = exchange(&tree(&keys, 2), &tree(&keys, 3)).unwrap_err();
        assert_eq!(e, "anti-entropy trees: depths differ (2 and 3)");
    }

    /// A change to one replica's copy of a key.
    #[derive(Clone, Debug)]
    enum Mutation {
        /// A new digest on a (or b), if it holds the key.
        Change { on_a: bool, key: u32, digest: u64 },
        /// The key is dropped from a (or b).
        Remove { on_a: bool, key: u32 },
        /// A key neither held is added to a (or b).
        Add { on_a: bool, key: u32, digest: u64 },
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (any::<bool>(), 0..300u32, any::<u64>())
                .prop_map(|(on_a, key, digest)| Mutation::Change { on_a, key, digest }),
            (any::<bool>(), 0..300u32).prop_map(|(on_a, key)| Mutation::Remove { on_a, key }),
            (any::<bool>(), 300..400u32, any::<u64>())
                .prop_map(|(on_a, key, digest)| Mutation::Add { on_a, key, digest }),
        ]
    }

    proptest! {
        #[test]
        fn dynamo_s4_7_an_exchange_finds_exactly_the_differing_keys(
            n in 0..300u32,
            depth in 0..=6u8,
            mutations in proptest::collection::vec(mutation(), 0..40),
        ) {
            let mut a = ring_keys(n);
            let mut b = a.clone();
            for m in mutations {
                match m {
                    Mutation::Change { on_a, key, digest } => {
                        let side = if on_a { &mut a } else { &mut b };
                        if let Some(e) = side.get_mut(&key) {
                            e.1 = digest;
                        }
                    }
                    Mutation::Remove { on_a, key } => {
                        (if on_a { &mut a } else { &mut b }).remove(&key);
                    }
                    Mutation::Add { on_a, key, digest } => {
                        let position = hash_str(&format!("key{key}"));
                        (if on_a { &mut a } else { &mut b }).insert(key, (position, digest));
                    }
                }
            }
            let out = exchange(&tree(&a, depth), &tree(&b, depth)).unwrap();
            let differ: Vec<u32> =
                a.iter().filter(|(k, v)| b.get(k).is_some_and(|w| w.1 != v.1)).map(|(k, _)| *k).collect();
            let only_a: Vec<u32> = a.keys().filter(|k| !b.contains_key(k)).copied().collect();
            let only_b: Vec<u32> = b.keys().filter(|k| !a.contains_key(k)).copied().collect();
            prop_assert_eq!(&out.diff.differ, &differ);
            prop_assert_eq!(&out.diff.only_mine, &only_a);
            prop_assert_eq!(&out.diff.only_theirs, &only_b);
            // Never more than the root, one message per level and the leaves' digests.
            prop_assert!(out.messages <= depth as u32 + 2);
            // Per level, at most one differing node per differing key, each sending its 4
            // children; then at most every key's digest.
            let differing = (differ.len() + only_a.len() + only_b.len()) as u64;
            prop_assert!(
                out.hashes_from_a + out.hashes_from_b
                    <= 1 + BRANCHING as u64 * depth as u64 * differing + (a.len() + b.len()) as u64
            );
            if a == b {
                prop_assert_eq!((out.hashes_from_a, out.hashes_from_b, out.messages), (1, 0, 1));
            }
        }
    }
}
