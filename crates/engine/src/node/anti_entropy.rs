//! A replica's side of anti-entropy with hash trees (Dynamo section 4.7).
//!
//! A round between a node and its next peer compares hash trees over the keys both are home
//! replicas for, from the root down, only into the ranges that differ, then copies the states of
//! the keys found to differ:
//!
//! 1. the initiator sends `AeTree` with its root, the tree's depth (from the number of shared
//!    keys, [`depth_for`]) and that number;
//! 2. each side answers an `AeTree` with the children's hashes of the nodes whose hashes differ
//!    from its own (another `AeTree`), or, where those nodes are leaves, with its keys' digests
//!    in them (`AeKeys`); nothing when every node agrees, which ends the round;
//! 3. the side that receives `AeKeys` compares them with its own and sends its states of the
//!    keys that differ (`AeDiff`); the other merges them and pushes back (`AePush`) its merged
//!    state of every key where the sender was missing something.
//!
//! Each side builds its tree afresh for every message from its store at that moment, so nothing
//! is kept between messages: a message that is cut, dropped or refused ends the round, and the
//! next round starts over from the root. Both trees hold every shared key, a key a replica does
//! not hold counting with the empty state's digest, so the two trees cover the same keys; a
//! key's position in the tree is its [`KeyId`] (global in a run, so both sides agree), which the
//! tree mixes to spread the keys over its leaves.

use crate::antientropy::merkle::{depth_for, KeyDiff, LeafDigests, MerkleTree, NodeRef};
use crate::ids::{EndpointId, KeyId};
use crate::message::Payload;
use crate::node::outbox::{Note, Outbox};
use crate::node::replica::Replica;
use crate::node::view::View;
use crate::version::KeyState;

impl Replica {
    /// This node's hash tree of `depth` levels over the keys it shares with `peer` (a key it
    /// does not hold has the empty state's digest; digests are kept between changes, see
    /// `node/store.rs`), or `None` for a depth the tree refuses.
    fn tree_shared_with(
        &mut self,
        view: &View,
        peer: EndpointId,
        depth: u8,
    ) -> Option<MerkleTree<KeyId>> {
        let store = &mut self.store;
        let items = keys_shared(view, self.id, peer).map(|k| (u64::from(k.0), k, store.digest(k)));
        MerkleTree::build(items, depth).ok()
    }

    /// One anti-entropy round: sends the root of the tree over the keys shared with the next
    /// peer (round robin over the other nodes); nothing when they share no key.
    pub fn on_anti_entropy_tick(&mut self, view: &View, out: &mut Outbox) {
        if view.nodes < 2 {
            return;
        }
        self.ae_round = self.ae_round % (view.nodes - 1) + 1;
        let peer = EndpointId((self.id.0 + self.ae_round) % view.nodes);
        let keys = keys_shared(view, self.id, peer).count();
        if keys == 0 {
            return;
        }
        let depth = depth_for(keys);
        let Some(tree) = self.tree_shared_with(view, peer, depth) else {
            return;
        };
        let open = tree.open();
        out.note(Note::AntiEntropyHashes(open.hash_count()));
        out.send(
            peer,
            Payload::AeTree {
                depth,
                keys: u32::try_from(keys).unwrap_or(u32::MAX),
                hashes: open.hashes,
            },
        );
    }

    /// The peer's hashes of some nodes: answers with the children of those that differ here,
    /// or with this node's key digests where they are leaves.
    pub(super) fn on_ae_tree(
        &mut self,
        view: &View,
        from: EndpointId,
        depth: u8,
        keys: u32,
        hashes: &[(NodeRef, u64)],
        out: &mut Outbox,
    ) {
        let Some(tree) = self.tree_shared_with(view, from, depth) else {
            return;
        };
        let answer = tree.answer(hashes);
        if answer.is_empty() {
            return;
        }
        out.note(Note::AntiEntropyHashes(answer.hash_count()));
        if !answer.hashes.is_empty() {
            out.send(
                from,
                Payload::AeTree {
                    depth,
                    keys,
                    hashes: answer.hashes,
                },
            );
        }
        if !answer.leaves.is_empty() {
            out.send(
                from,
                Payload::AeKeys {
                    depth,
                    leaves: answer.leaves,
                },
            );
        }
    }

    /// The peer's key digests of differing leaves: sends this node's states of the keys that
    /// differ (the empty state for a key it lacks, so the peer pushes its own back).
    pub(super) fn on_ae_keys(
        &mut self,
        view: &View,
        from: EndpointId,
        depth: u8,
        leaves: &[LeafDigests<KeyId>],
        out: &mut Outbox,
    ) {
        let Some(tree) = self.tree_shared_with(view, from, depth) else {
            return;
        };
        let diff = tree.compare_leaves(leaves);
        if diff.is_empty() {
            return;
        }
        let KeyDiff {
            mut differ,
            only_mine,
            only_theirs,
        } = diff;
        differ.extend(only_mine);
        differ.extend(only_theirs);
        crate::sort::sort(&mut differ);
        let states = differ
            .into_iter()
            .map(|k| (k, self.store.get(k).cloned().unwrap_or_default()))
            .collect();
        out.send(from, Payload::AeDiff { states });
    }

    /// The peer's states of the keys that differ: merges them, and pushes back the merged state
    /// of every key where the peer was missing something.
    pub(super) fn on_ae_diff(
        &mut self,
        view: &View,
        from: EndpointId,
        states: Vec<(KeyId, KeyState)>,
        out: &mut Outbox,
    ) {
        let mode = view.settings.versioning;
        let mut back = Vec::new();
        for (key, theirs) in states {
            let mine = self.store.or_default(key);
            if mine.merge(mode, &theirs) {
                out.note(Note::AntiEntropyRepair { node: self.id, key });
            }
            if theirs.would_change(mode, mine) {
                back.push((key, mine.clone()));
            }
        }
        if !back.is_empty() {
            out.send(from, Payload::AePush { states: back });
        }
    }

    /// The peer's merged states pushed back: merges them.
    pub(super) fn on_ae_push(
        &mut self,
        view: &View,
        states: Vec<(KeyId, KeyState)>,
        out: &mut Outbox,
    ) {
        for (key, theirs) in states {
            if self
                .store
                .or_default(key)
                .merge(view.settings.versioning, &theirs)
            {
                out.note(Note::AntiEntropyRepair { node: self.id, key });
            }
        }
    }
}

/// The keys `a` and `b` are both home replicas for, in key order.
fn keys_shared<'a>(
    view: &'a View,
    a: EndpointId,
    b: EndpointId,
) -> impl Iterator<Item = KeyId> + 'a {
    (0..view.prefs.len() as u32)
        .map(KeyId)
        .filter(move |&k| view.is_home(k, a) && view.is_home(k, b))
}
