//! The ring as the page draws it: every node's tokens, and for each key its position, its
//! preference list (home replicas, then fallbacks), why it is that list, and who holds it now.
//!
//! The tokens and each key's position and list change only when a key is first used or `n`
//! changes; who holds a copy or a hint changes with the replicas' stores. [`RingCache`] keeps
//! the first part and rebuilds the second only after an engine event, and hands out the same
//! [`Arc`] while nothing shown changed, so a frame costs nothing when the ring is unchanged.

use std::sync::Arc;

use crate::ids::{EndpointId, KeyId};
use crate::sim::Simulator;
use crate::version::KeyState;

/// The most keys the ring view lists (the first used first); the rest are counted.
pub const RING_KEYS_SHOWN: usize = 100;

/// `2^64`: a position on the ring divided by it is a fraction of the ring.
const RING_SIZE: f64 = 18_446_744_073_709_551_616.0;

/// One token of a node on the ring.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenView {
    /// Where it sits, as a fraction of the ring: 0 at the top (hash 0), growing clockwise to 1.
    pub at: f64,
    /// Its node.
    pub node: EndpointId,
}

/// Why a key's preference list is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlacedBy {
    /// Walked on the ring: clockwise from the key's position, each node in the order its
    /// first token is met.
    Ring,
    /// Pinned by the scenario's `placement`, whatever the ring says.
    Pinned,
}

/// A key's home replicas and fallbacks within one datacenter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatacenterList {
    /// The datacenter.
    pub datacenter: String,
    /// Its home replicas of the key, in preference order.
    pub homes: Vec<EndpointId>,
    /// Its fallbacks for the key, in preference order.
    pub fallbacks: Vec<EndpointId>,
}

/// A fallback keeping a hint of the key for a home replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HintHolder {
    /// The fallback.
    pub holder: EndpointId,
    /// The home replica the hint is for.
    pub home: EndpointId,
}

/// One key on the ring.
#[derive(Clone, Debug, PartialEq)]
pub struct RingKeyView {
    /// Its id.
    pub id: KeyId,
    /// Its name.
    pub key: Arc<str>,
    /// Its position, as a fraction of the ring (as [`TokenView::at`]).
    pub at: f64,
    /// Whether its list was walked on the ring or pinned by the scenario.
    pub placed_by: PlacedBy,
    /// Its home replicas: the first n of its preference list.
    pub homes: Vec<EndpointId>,
    /// Its fallbacks (for a sloppy quorum): the rest of its preference list.
    pub fallbacks: Vec<EndpointId>,
    /// For each node of the ring walk, in order (home replicas, then fallbacks): the index in
    /// [`RingView::tokens`] of its first token met walking clockwise from the key. Empty for
    /// a pinned key, whose list does not come from the ring.
    pub met: Vec<usize>,
    /// With datacenters: the home replicas and fallbacks of each datacenter. Empty while the
    /// cluster has no datacenters.
    pub by_datacenter: Vec<DatacenterList>,
    /// The replicas whose store holds a version of the key now (tombstones included): its
    /// preference list's first, in that order, then any other.
    pub copies: Vec<EndpointId>,
    /// The home replicas and holders that lack something another replica has of the key
    /// (a home replica with no copy while another has one included), in preference order.
    pub stale: Vec<EndpointId>,
    /// The fallbacks keeping a hint of the key, in order of holder, then home.
    pub hints: Vec<HintHolder>,
}

/// The ring: every token, and the keys used so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RingView {
    /// The nodes' names, by endpoint index (what [`TokenView::node`] and the lists index).
    pub nodes: Vec<String>,
    /// Every token, in ring order (the ring gives each node eight).
    pub tokens: Vec<TokenView>,
    /// The replication factor the home replicas were counted with.
    pub n: usize,
    /// The first [`RING_KEYS_SHOWN`] keys used, in order of first use.
    pub keys: Vec<RingKeyView>,
    /// How many more keys were used than listed.
    pub more_keys: usize,
}

impl RingView {
    /// The key named `key`, if listed.
    pub fn key(&self, key: &str) -> Option<&RingKeyView> {
        self.keys.iter().find(|k| &*k.key == key)
    }

    /// The ring view of `sim` now, built from scratch.
    pub fn of(sim: &Simulator) -> RingView {
        let mut view = placed(sim);
        for k in &mut view.keys {
            hold(sim, k);
        }
        view
    }
}

/// What [`ring_view`] keeps between snapshots of one simulator.
#[derive(Clone, Debug, Default)]
pub struct RingCache {
    /// The (keys used, n) the view was placed for, and the number of events processed when
    /// its holders were read (`None` before the first view).
    seen: Option<((usize, usize), u64)>,
    view: Arc<RingView>,
}

/// The ring view of `sim` now, reusing what `cache` kept: placed again when a key was first
/// used or `n` changed, its holders read again after an engine event, and the same `Arc` as
/// before when what it shows did not change.
pub fn ring_view(sim: &Simulator, cache: &mut RingCache) -> Arc<RingView> {
    let shape = (sim.keys().len(), sim.settings().n);
    let events = sim.events_processed();
    match cache.seen {
        Some((s, e)) if s == shape && e == events => {}
        Some((s, _)) if s == shape => {
            let mut view = (*cache.view).clone();
            for k in &mut view.keys {
                hold(sim, k);
            }
            if view != *cache.view {
                cache.view = Arc::new(view);
            }
        }
        _ => cache.view = Arc::new(RingView::of(sim)),
    }
    cache.seen = Some((shape, events));
    cache.view.clone()
}

/// A key's home replicas and fallbacks in each datacenter (none without datacenters): its
/// preference list `prefs`, the first `split` its homes, divided by datacenter.
fn by_datacenter(sim: &Simulator, prefs: &[EndpointId], split: usize) -> Vec<DatacenterList> {
    let layout = &sim.settings().layout;
    if layout.is_implicit() {
        return Vec::new();
    }
    let within = |list: &[EndpointId], dc| -> Vec<EndpointId> {
        list.iter()
            .copied()
            .filter(|e| layout.dc_of(e.0) == Some(dc))
            .collect()
    };
    layout
        .ids()
        .map(|dc| DatacenterList {
            datacenter: layout.name(dc).to_string(),
            homes: within(&prefs[..split], dc),
            fallbacks: within(&prefs[split..], dc),
        })
        .collect()
}

/// The tokens, and each listed key's position, list and walk; no holders yet.
fn placed(sim: &Simulator) -> RingView {
    let ring = sim.ring().tokens();
    let n = sim.settings().n;
    let names = sim.keys();
    let pinned = &sim.cluster().placement;
    let keys = names
        .iter()
        .take(RING_KEYS_SHOWN)
        .enumerate()
        .map(|(i, name)| {
            let id = KeyId(i as u32);
            let prefs = sim.preference_list(id);
            let split = n.min(prefs.len());
            let pos = crate::network::Ring::position(name);
            let placed_by = if pinned.contains_key(&**name) {
                PlacedBy::Pinned
            } else {
                PlacedBy::Ring
            };
            RingKeyView {
                id,
                key: name.clone(),
                at: pos as f64 / RING_SIZE,
                placed_by,
                homes: prefs[..split].to_vec(),
                fallbacks: prefs[split..].to_vec(),
                met: match placed_by {
                    PlacedBy::Ring => walk(ring, pos),
                    PlacedBy::Pinned => Vec::new(),
                },
                by_datacenter: by_datacenter(sim, prefs, split),
                copies: Vec::new(),
                stale: Vec::new(),
                hints: Vec::new(),
            }
        })
        .collect();
    RingView {
        nodes: sim.names()[..sim.node_count()]
            .iter()
            .map(|n| n.to_string())
            .collect(),
        tokens: ring
            .iter()
            .map(|&(pos, node)| TokenView {
                at: pos as f64 / RING_SIZE,
                node,
            })
            .collect(),
        n,
        keys,
        more_keys: names.len().saturating_sub(RING_KEYS_SHOWN),
    }
}

/// Walking clockwise from `pos`: the index of each node's first token met, in the order met
/// (the order of [`crate::network::Ring::preference_list`]).
fn walk(tokens: &[(u64, EndpointId)], pos: u64) -> Vec<usize> {
    let start = tokens.partition_point(|t| t.0 < pos);
    let mut met: Vec<usize> = Vec::new();
    for i in 0..tokens.len() {
        let at = (start + i) % tokens.len();
        if !met.iter().any(|&m| tokens[m].1 == tokens[at].1) {
            met.push(at);
        }
    }
    met
}

/// Reads who holds key `k` now: copies, stale replicas and hints.
fn hold(sim: &Simulator, k: &mut RingKeyView) {
    let mode = sim.settings().versioning;
    let replicas = sim.replicas();
    let empty = KeyState::new();
    let stored = |node: EndpointId| {
        replicas
            .get(node.index())
            .and_then(|r| r.store.get(k.id))
            .filter(|s| !s.is_empty())
    };
    let prefs: Vec<EndpointId> = k.homes.iter().chain(&k.fallbacks).copied().collect();
    k.copies = prefs
        .iter()
        .copied()
        .filter(|&e| stored(e).is_some())
        .collect();
    k.copies.extend(
        replicas
            .iter()
            .map(|r| r.id)
            .filter(|e| !prefs.contains(e) && stored(*e).is_some()),
    );
    k.hints = replicas
        .iter()
        .flat_map(|r| {
            let hints = r.hints.entries();
            let first = hints.partition_point(|e| e.0 .0 < k.id);
            hints[first..]
                .iter()
                .take_while(|e| e.0 .0 == k.id)
                .map(move |e| HintHolder {
                    holder: r.id,
                    home: e.0 .1,
                })
        })
        .collect();
    // The latest of the key: every copy and hint merged (when they all agree, any copy).
    let first = k.copies.first().and_then(|&e| stored(e));
    let agree = k.hints.is_empty() && k.copies.iter().all(|&e| stored(e) == first);
    let merged;
    let latest = match first {
        Some(state) if agree => state,
        _ => {
            let mut s = KeyState::new();
            for r in replicas {
                s.merge(mode, &r.read_state(mode, k.id));
            }
            merged = s;
            &merged
        }
    };
    let mut stale: Vec<EndpointId> = Vec::new();
    for &e in k.homes.iter().chain(&k.copies) {
        if !stale.contains(&e) && stored(e).unwrap_or(&empty).would_change(mode, latest) {
            stale.push(e);
        }
    }
    k.stale = stale;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Ring;
    use crate::scenario::{Action, PutSpec};
    use crate::Scenario;

    fn sim(json: &str) -> Simulator {
        Simulator::new(Scenario::from_json(json).unwrap())
    }

    fn five(extra: &str, events: &str) -> Simulator {
        sim(&format!(
            r#"{{"cluster": {{"nodes": ["A","B","C","D","E"], "n": 3, "w": 2, "r": 2,
                "latency": {{"constant": 10}}{extra}}}, "events": [{events}]}}"#
        ))
    }

    /// Dynamo section 4.2: each node owns several virtual nodes (tokens) on the ring; the view
    /// lists them all, in ring order, as fractions of the ring.
    #[test]
    fn dynamo_s4_2_tokens_are_listed_in_ring_order_eight_per_node() {
        let s = five("", "");
        let view = RingView::of(&s);
        assert_eq!(view.tokens.len(), 5 * 8);
        assert!(view.tokens.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(view.tokens.iter().all(|t| (0.0..1.0).contains(&t.at)));
        for node in 0..5 {
            let count = view
                .tokens
                .iter()
                .filter(|t| t.node == EndpointId(node))
                .count();
            assert_eq!(count, 8, "node {node}");
        }
        // The same order and nodes as the engine's ring.
        let ring: Vec<EndpointId> = s.ring().tokens().iter().map(|t| t.1).collect();
        let drawn: Vec<EndpointId> = view.tokens.iter().map(|t| t.node).collect();
        assert_eq!(drawn, ring);
        assert!(view.keys.is_empty(), "no key used yet");
    }

    /// Dynamo section 4.3: a key's coordinator list is the first N distinct nodes met walking
    /// clockwise from its position; the rest of the walk are the fallbacks. The view's homes,
    /// fallbacks and the tokens it says the walk meets agree with the engine's list.
    #[test]
    fn dynamo_s4_3_homes_are_the_first_n_nodes_met_clockwise() {
        let mut s = five(
            "",
            r#"{"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}}"#,
        );
        s.run(None);
        let view = RingView::of(&s);
        let cart = view.key("cart").unwrap();
        assert_eq!(cart.placed_by, PlacedBy::Ring);
        let prefs = s.preference_list(KeyId(0));
        assert_eq!(cart.homes, prefs[..3]);
        assert_eq!(cart.fallbacks, prefs[3..]);
        assert_eq!(cart.fallbacks.len(), 2);
        assert_eq!(cart.at, Ring::position("cart") as f64 / RING_SIZE);
        // Each node's first token met, in walking order: clockwise from the key (wrapping
        // past 1 at most once), and no token of a node met earlier in between.
        let met: Vec<EndpointId> = cart.met.iter().map(|&i| view.tokens[i].node).collect();
        assert_eq!(met, prefs);
        let ahead = |i: usize| {
            let d = view.tokens[i].at - cart.at;
            if d < 0.0 {
                d + 1.0
            } else {
                d
            }
        };
        assert!(cart.met.windows(2).all(|w| ahead(w[0]) < ahead(w[1])));
        for (j, &i) in cart.met.iter().enumerate() {
            let before = (0..view.tokens.len())
                .filter(|&t| ahead(t) < ahead(i))
                .any(|t| view.tokens[t].node == view.tokens[i].node);
            assert!(!before, "the walk meets {j}'s node first at token {i}");
        }
    }

    /// The contract's `placement` pins a key's list: the view says so and walks nothing; the
    /// first n listed are its homes.
    #[test]
    fn pinned_placement_is_said_and_split_at_n() {
        let s = five(r#", "placement": {"cart": ["E","D","C","B","A"]}"#, "");
        let view = RingView::of(&s);
        let cart = view.key("cart").unwrap();
        assert_eq!(cart.placed_by, PlacedBy::Pinned);
        assert_eq!(cart.homes, [EndpointId(4), EndpointId(3), EndpointId(2)]);
        assert_eq!(cart.fallbacks, [EndpointId(1), EndpointId(0)]);
        assert!(cart.met.is_empty());
        assert!(cart.copies.is_empty() && cart.stale.is_empty() && cart.hints.is_empty());
    }

    /// Dynamo section 4.6: with a home replica down, the copies are on the others, the one
    /// down is stale; with a sloppy quorum a fallback keeps a hint for it, and once it is handed
    /// back the home replica holds a copy and the hint is gone.
    #[test]
    fn dynamo_s4_6_copies_stale_homes_and_hints() {
        let mut s = five(
            r#", "sloppy_quorum": true, "hinted_handoff": true,
               "placement": {"cart": ["A","B","C","D","E"]}"#,
            r#"{"at": 0, "crash": "C"},
               {"at": 1, "put": {"client": "alice", "key": "cart", "value": "milk"}},
               {"at": 500, "recover": "C"}"#,
        );
        s.advance_to(300_000);
        let view = RingView::of(&s);
        let cart = view.key("cart").unwrap();
        assert_eq!(cart.copies, [EndpointId(0), EndpointId(1)]);
        assert_eq!(
            cart.stale,
            [EndpointId(2)],
            "C is down and missed the write"
        );
        assert_eq!(
            cart.hints,
            [HintHolder {
                holder: EndpointId(3),
                home: EndpointId(2)
            }]
        );
        s.run(None);
        let view = RingView::of(&s);
        let cart = view.key("cart").unwrap();
        assert_eq!(cart.copies, [EndpointId(0), EndpointId(1), EndpointId(2)]);
        assert!(cart.stale.is_empty());
        assert!(cart.hints.is_empty(), "the hint was handed back");
    }

    /// An older copy is stale too, not only a missing one.
    #[test]
    fn a_replica_holding_an_older_version_is_stale() {
        let mut s = five(
            r#", "read_repair": false, "placement": {"cart": ["A","B","C","D","E"]}"#,
            r#"{"at": 0, "put": {"client": "alice", "key": "cart", "value": "milk"}},
               {"at": 100, "crash": "C"},
               {"at": 200, "put": {"client": "alice", "key": "cart", "value": "eggs", "context": "last"}}"#,
        );
        s.run(None);
        let cart = RingView::of(&s).key("cart").cloned().unwrap();
        assert_eq!(cart.copies, [EndpointId(0), EndpointId(1), EndpointId(2)]);
        assert_eq!(cart.stale, [EndpointId(2)]);
    }

    /// A frame costs nothing when the ring is unchanged: the cache hands out the same `Arc`
    /// until a key is used or a copy lands, and what it hands out equals a view from scratch.
    #[test]
    fn the_cache_shares_an_unchanged_view_and_equals_a_fresh_one() {
        let mut s = five(
            "",
            r#"{"at": 5, "put": {"client": "alice", "key": "cart", "value": "milk"}}"#,
        );
        let mut cache = RingCache::default();
        let a = ring_view(&s, &mut cache);
        assert!(Arc::ptr_eq(&a, &ring_view(&s, &mut cache)));
        s.advance_to(2_000);
        assert!(
            Arc::ptr_eq(&a, &ring_view(&s, &mut cache)),
            "nothing happened yet"
        );
        let mut t = 2_000;
        let mut last = a;
        let mut changes = 0;
        while !s.is_settled() {
            t += 1_000;
            s.advance_to(t);
            let v = ring_view(&s, &mut cache);
            assert_eq!(*v, RingView::of(&s), "at {t} µs");
            if !Arc::ptr_eq(&v, &last) {
                changes += 1;
            }
            last = v;
        }
        // The key appears, then each of its three homes stores the write (some may land in the
        // same millisecond).
        assert!((2..=4).contains(&changes), "{changes} changes");
        assert_eq!(last.key("cart").unwrap().copies.len(), 3);
        // Another write to the key changes what the replicas hold, not who holds it.
        let ops = s.history().len();
        let put = |key: &str| {
            Action::Put(PutSpec {
                client: "alice".into(),
                key: key.into(),
                value: "eggs".into(),
                context: Default::default(),
                merge: None,
            })
        };
        s.schedule(t + 1, put("cart"));
        s.run(None);
        assert_eq!(s.history().len(), ops + 1);
        assert!(Arc::ptr_eq(&last, &ring_view(&s, &mut cache)));
        s.schedule(s.now() + 1, put("list"));
        s.run(None);
        let v = ring_view(&s, &mut cache);
        assert!(!Arc::ptr_eq(&last, &v));
        assert_eq!(v.keys.len(), 2);
    }

    /// Keys beyond [`RING_KEYS_SHOWN`] are counted, not listed; a change of n moves the split
    /// between homes and fallbacks.
    #[test]
    fn many_keys_are_capped_and_n_moves_the_split() {
        let events: Vec<String> = (0..RING_KEYS_SHOWN + 5)
            .map(|i| {
                format!(r#"{{"at": 0, "put": {{"client": "a", "key": "k{i}", "value": "v"}}}}"#)
            })
            .chain([r#"{"at": 50, "configure": {"n": 2, "w": 1, "r": 1}}"#.to_string()])
            .collect();
        let mut s = five("", &events.join(","));
        let mut cache = RingCache::default();
        s.advance_to(10_000);
        let view = ring_view(&s, &mut cache);
        assert_eq!(view.keys.len(), RING_KEYS_SHOWN);
        assert_eq!(view.more_keys, 5);
        assert_eq!(view.keys[0].homes.len(), 3);
        s.run(None);
        let view = ring_view(&s, &mut cache);
        assert_eq!(view.n, 2);
        assert_eq!(
            (view.keys[0].homes.len(), view.keys[0].fallbacks.len()),
            (2, 3)
        );
    }
}
