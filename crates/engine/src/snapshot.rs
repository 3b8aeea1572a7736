//! A plain-data picture of a simulation at one instant, for the page to draw.
//!
//! [`Snapshot::of`] reads a [`Simulator`] and resolves every index to a name, every version to
//! display strings, and every judgement the page shows (a stale replica, why two siblings are
//! concurrent, which replicas a read and the last write had in common, why a read was stale).
//! The page keeps one snapshot in its state and renders from it alone.

use crate::node::{EndpointId, KeyId, OpId, OpKind};
use crate::scenario::Cluster;
use crate::sim::{Fate, OpRecord, Outcome, Simulator};
use crate::time::{format_us, Micros};
use crate::version::{compare, Actor, KeyState, Order, Versioning};

/// One version held by a replica.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiblingView {
    /// The value; `None` for a tombstone.
    pub value: Option<String>,
    /// The write that made it, like `alice:2`.
    pub dot: String,
    /// The context the write carried, like `A:1 B:2`, or `{}` for a blind write.
    pub seen: String,
    /// Its timestamp in ms (clock plus skew of its coordinator), as text.
    pub timestamp_ms: String,
}

/// What a replica holds for one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaKeyView {
    /// The key.
    pub key: String,
    /// Whether this node is one of the key's n home replicas.
    pub home: bool,
    /// The versions kept (tombstones included).
    pub siblings: Vec<SiblingView>,
    /// The clock, or for `lww` the winning timestamp.
    pub clock: String,
    /// Whether some other replica holds something this one lacks: it is behind the latest.
    pub stale: bool,
}

/// A hint kept by a fallback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HintView {
    /// The key.
    pub key: String,
    /// The home replica it is for.
    pub for_node: String,
    /// Its values.
    pub values: Vec<String>,
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView {
    /// Its id.
    pub name: String,
    /// Whether it is up.
    pub up: bool,
    /// Its partition group (0: the unlisted group, or no partition).
    pub group: u32,
    /// Its keys, in key order; home keys it has never received are listed empty and stale.
    pub keys: Vec<ReplicaKeyView>,
    /// Hints it keeps.
    pub hints: Vec<HintView>,
}

/// One client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientView {
    /// Its id.
    pub name: String,
    /// Its partition group.
    pub group: u32,
}

/// One message visible now: in flight, or recently lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageView {
    /// Its number (for dropping it by hand).
    pub id: u64,
    /// Its kind, like `write` or `read_repair`.
    pub kind: &'static str,
    /// Sender endpoint index (nodes first, then clients, as in [`Snapshot::endpoints`]).
    pub from: usize,
    /// Receiver endpoint index.
    pub to: usize,
    /// When it was sent.
    pub sent_us: Micros,
    /// When it arrives (or would have).
    pub arrive_us: Micros,
    /// When it was lost, if it was.
    pub lost_us: Option<Micros>,
    /// `in_flight`, `dropped`, `cut`, `refused` or `delivered`.
    pub fate: &'static str,
    /// Its content in a few words.
    pub summary: String,
    /// The operation it belongs to.
    pub op: Option<u64>,
}

/// One client operation, with what the page explains about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpView {
    /// Its number.
    pub id: u64,
    /// The client.
    pub client: String,
    /// `put`, `get` or `delete`.
    pub kind: &'static str,
    /// The key.
    pub key: String,
    /// The value of a put.
    pub value: Option<String>,
    /// Whether it carried the client's last context.
    pub with_context: bool,
    /// Its write's dot, like `alice:1`, once known.
    pub dot: Option<String>,
    /// Invocation time.
    pub invoked_us: Micros,
    /// Completion time.
    pub completed_us: Option<Micros>,
    /// `ok`, `fail` or `pending`.
    pub outcome: &'static str,
    /// Why it failed.
    pub error: Option<String>,
    /// The replicas whose replies made its quorum.
    pub replies_from: Vec<String>,
    /// The sibling values of its result (tombstones left out).
    pub values: Vec<String>,
    /// The context of its result.
    pub context: String,
    /// For a get: whether it was stale.
    pub stale: bool,
    /// For a put: acknowledged, yet gone from every replica now.
    pub lost: bool,
    /// For a result with siblings: why each pair is concurrent.
    pub concurrency: Vec<String>,
    /// For a get: the replicas that acknowledged the last put to its key acknowledged before
    /// the get began (the write quorum it should overlap).
    pub write_quorum: Vec<String>,
    /// That put's number.
    pub write_op: Option<u64>,
    /// For a get: the replicas in both its replies and that write quorum.
    pub overlap: Vec<String>,
    /// For a stale get: why.
    pub stale_cause: Option<String>,
}

/// The picture of a simulation at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Simulated time now.
    pub now_us: Micros,
    /// The settings in force.
    pub cluster: Cluster,
    /// Resolved n, w, r.
    pub nwr: (usize, usize, usize),
    /// Every endpoint's name: nodes first, then clients.
    pub endpoints: Vec<String>,
    /// The nodes.
    pub nodes: Vec<NodeView>,
    /// The clients.
    pub clients: Vec<ClientView>,
    /// Messages in flight, and messages lost within the last `linger_us`.
    pub messages: Vec<MessageView>,
    /// Every operation so far.
    pub history: Vec<OpView>,
    /// The counters so far; `lost_writes` as of now.
    pub metrics: crate::sim::Metrics,
    /// The drop rate in force.
    pub drop_rate: f64,
    /// Whether the run has nothing left to do.
    pub settled: bool,
    /// The time of the next event, if any.
    pub next_event_us: Option<Micros>,
}

impl Snapshot {
    /// The picture of `sim` now; lost messages stay visible for `linger_us` after they die.
    pub fn of(sim: &Simulator, linger_us: Micros) -> Snapshot {
        let names = sim.names();
        let name = |a: Actor| names[a as usize].to_string();
        let mode = sim.settings().versioning;
        let nodes_n = sim.node_count();
        let keys = sim.keys();
        let now = sim.now();

        // The latest of each key: every replica's state merged.
        let latest: Vec<KeyState> = (0..keys.len() as KeyId)
            .map(|k| {
                let mut s = KeyState::new();
                for r in sim.replicas() {
                    s.merge(mode, &r.read_state(mode, k));
                }
                s
            })
            .collect();

        let nodes = sim
            .replicas()
            .iter()
            .map(|r| {
                let mut kv = Vec::new();
                for (k, key) in keys.iter().enumerate() {
                    let k = k as KeyId;
                    let home = sim
                        .preference_list(k)
                        .iter()
                        .take(sim.settings().n)
                        .any(|&x| x == r.id);
                    let state = r.store.get(k);
                    if state.is_none() && (!home || latest[k as usize].is_empty()) {
                        continue;
                    }
                    let empty = KeyState::new();
                    let state = state.unwrap_or(&empty);
                    kv.push(ReplicaKeyView {
                        key: key.to_string(),
                        home,
                        siblings: state
                            .siblings
                            .iter()
                            .map(|s| SiblingView {
                                value: s.value.as_ref().map(|v| v.to_string()),
                                dot: format!("{}:{}", name(s.dot.actor), s.dot.counter),
                                seen: s.seen.display_with(&name),
                                timestamp_ms: format_us(s.timestamp),
                            })
                            .collect(),
                        clock: state.clock_display(mode, &name),
                        stale: state.would_change(mode, &latest[k as usize]),
                    });
                }
                NodeView {
                    name: names[r.id].to_string(),
                    up: sim.up()[r.id],
                    group: sim.groups()[r.id],
                    keys: kv,
                    hints: r
                        .hints
                        .entries()
                        .iter()
                        .map(|&((k, home), ref h)| HintView {
                            key: keys[k as usize].to_string(),
                            for_node: names[home].to_string(),
                            values: h.state.values().iter().map(|v| v.to_string()).collect(),
                        })
                        .collect(),
                }
            })
            .collect();

        let clients = (nodes_n..names.len())
            .map(|e| ClientView {
                name: names[e].to_string(),
                group: sim.groups()[e],
            })
            .collect();

        let messages = sim
            .messages()
            .iter()
            .filter(|m| {
                m.sent_us <= now
                    && match m.fate {
                        Fate::InFlight => true,
                        Fate::Delivered => false,
                        _ => m.lost_us.is_some_and(|t| now < t.saturating_add(linger_us)),
                    }
            })
            .map(|m| MessageView {
                id: m.id,
                kind: m.kind.name(),
                from: m.from,
                to: m.to,
                sent_us: m.sent_us,
                arrive_us: m.arrive_us,
                lost_us: m.lost_us,
                fate: m.fate.name(),
                summary: m.summary.clone(),
                op: m.op,
            })
            .collect();

        // Sorted, to look ops up in it.
        let mut lost = sim.lost_writes();
        crate::sort::sort(&mut lost);
        lost.dedup();
        // Acknowledged puts per key, for the quorum and staleness explanations of gets.
        let mut acked: Vec<Vec<&OpRecord>> = vec![Vec::new(); keys.len()];
        for p in sim.history() {
            if p.kind == OpKind::Put && p.outcome == Outcome::Ok {
                acked[p.key as usize].push(p);
            }
        }
        let history = sim
            .history()
            .iter()
            .map(|r| {
                let puts = acked.get(r.key as usize).map_or(&[][..], |v| v.as_slice());
                op_view(sim, r, puts, &lost, mode)
            })
            .collect();
        let mut metrics = sim.metrics().clone();
        metrics.lost_writes = lost.len() as u64;
        let s = sim.settings();
        Snapshot {
            now_us: now,
            cluster: sim.cluster().clone(),
            nwr: (s.n, s.w, s.r),
            endpoints: names.iter().map(|n| n.to_string()).collect(),
            nodes,
            clients,
            messages,
            history,
            metrics,
            drop_rate: sim.drop_rate(),
            settled: sim.is_settled(),
            next_event_us: sim.next_time(),
        }
    }

    /// The index of an endpoint by name.
    pub fn endpoint(&self, name: &str) -> Option<usize> {
        self.endpoints.iter().position(|n| n == name)
    }
}

fn op_view(
    sim: &Simulator,
    r: &OpRecord,
    acked_puts: &[&OpRecord],
    lost: &[OpId],
    mode: Versioning,
) -> OpView {
    let names = sim.names();
    let name = |a: Actor| names[a as usize].to_string();
    let ep = |e: &EndpointId| names[*e].to_string();
    // The replicas that answered this operation and also acknowledged put `p`.
    let in_both = |p: &OpRecord| -> Vec<String> {
        r.replies_from
            .iter()
            .filter(|n| p.replies_from.contains(n))
            .map(ep)
            .collect()
    };
    let mut concurrency = Vec::new();
    let sibs = &r.result.siblings;
    for i in 0..sibs.len() {
        for j in i + 1..sibs.len() {
            let c = compare(&sibs[i], &sibs[j]);
            if c.order == Order::Concurrent {
                let label = |k: usize| match &sibs[k].value {
                    Some(v) => format!("\"{v}\""),
                    None => "the tombstone".to_string(),
                };
                concurrency.push(format!(
                    "{} and {} are siblings: {}",
                    label(i),
                    label(j),
                    c.explain(&name)
                ));
            }
        }
    }
    let (mut write_quorum, mut write_op, mut overlap, mut stale_cause) =
        (Vec::new(), None, Vec::new(), None);
    if r.kind == OpKind::Get {
        // The last put to this key acknowledged before this get began.
        let last_put = acked_puts
            .iter()
            .filter(|p| p.completed_us.is_some_and(|t| t < r.invoked_us))
            .max_by_key(|p| (p.completed_us, p.id));
        if let Some(p) = last_put {
            write_quorum = p.replies_from.iter().map(ep).collect();
            write_op = Some(p.id);
            overlap = in_both(p);
        }
        if r.stale {
            // Name the newest acknowledged put it missed.
            let mut returned = crate::version::VClock::new();
            for s in &r.result.siblings {
                returned.merge(&s.seen);
                returned.insert(s.dot);
            }
            let missed = acked_puts
                .iter()
                .filter(|p| {
                    p.completed_us.is_some_and(|t| t < r.invoked_us)
                        && p.dot.is_some_and(|d| !returned.contains(d))
                })
                .max_by_key(|p| (p.completed_us, p.id));
            if let Some(p) = missed {
                let from: Vec<String> = r.replies_from.iter().map(ep).collect();
                let acked: Vec<String> = p.replies_from.iter().map(ep).collect();
                let common = in_both(p);
                let value = p.value.as_deref().unwrap_or("");
                stale_cause = Some(if common.is_empty() {
                    format!(
                        "its replies came from {}, which missed every replica that acknowledged op {} (\"{value}\": {}); w + r = {} is not more than n = {}",
                        from.join(", "),
                        p.id,
                        acked.join(", "),
                        sim.settings().w + sim.settings().r,
                        sim.settings().n
                    )
                } else if mode == Versioning::Lww {
                    format!(
                        "op {} (\"{value}\") was acknowledged by {} but discarded by last-write-wins in favour of a write with a later timestamp",
                        p.id,
                        acked.join(", ")
                    )
                } else {
                    format!(
                        "{} acknowledged op {} (\"{value}\") but no longer held it or a later version when it answered",
                        common.join(", "),
                        p.id
                    )
                });
            }
        }
    }
    OpView {
        id: r.id,
        client: names[r.client].to_string(),
        kind: r.kind.name(),
        key: sim.keys()[r.key as usize].to_string(),
        value: r.value.as_ref().map(|v| v.to_string()),
        with_context: r.with_context,
        dot: r.dot.map(|d| format!("{}:{}", name(d.actor), d.counter)),
        invoked_us: r.invoked_us,
        completed_us: r.completed_us,
        outcome: r.outcome.name(),
        error: r.error.clone(),
        replies_from: r.replies_from.iter().map(ep).collect(),
        values: r.result_values(),
        context: r.result.context().display_with(&name),
        stale: r.stale,
        lost: lost.binary_search(&r.id).is_ok(),
        concurrency,
        write_quorum,
        write_op,
        overlap,
        stale_cause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    fn sim(json: &str) -> Simulator {
        Simulator::new(Scenario::from_json(json).unwrap())
    }

    /// DDIA chapter 5, "Detecting concurrent writes": the page explains why two siblings exist.
    #[test]
    fn ddia_ch5_siblings_are_explained() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2},
            "events": [
              {"at": 0, "put": {"client": "alice", "key": "k", "value": "x"}},
              {"at": 0, "put": {"client": "bob", "key": "k", "value": "y"}},
              {"at": 100, "get": {"client": "carol", "key": "k"}}]}"#,
        );
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let get = &snap.history[2];
        assert_eq!(get.values, ["x", "y"]);
        assert_eq!(get.concurrency.len(), 1);
        assert!(
            get.concurrency[0].starts_with("\"x\" and \"y\" are siblings: concurrent"),
            "{}",
            get.concurrency[0]
        );
        assert_eq!(get.write_quorum.len(), 2);
        assert!(!get.overlap.is_empty());
    }

    /// Dynamo section 4.5: with w + r <= n a read can miss the write quorum; the page says so.
    #[test]
    fn dynamo_sec4_5_stale_read_cause_and_stale_replica_marks() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 1, "r": 1,
                "read_repair": false, "placement": {"k": ["A","B","C"]}},
            "events": [
              {"at": 0, "partition": [["alice", "A"], ["bob", "B", "C"]]},
              {"at": 10, "put": {"client": "alice", "key": "k", "value": "v"}},
              {"at": 100, "get": {"client": "bob", "key": "k"}}]}"#,
        );
        s.run(None);
        let snap = Snapshot::of(&s, 0);
        let get = &snap.history[1];
        assert!(get.stale);
        assert_eq!(get.write_quorum, ["A"]);
        assert!(get.overlap.is_empty());
        let cause = get.stale_cause.as_deref().unwrap();
        assert!(
            cause.contains("missed every replica that acknowledged op 1"),
            "{cause}"
        );
        let stale: Vec<(&str, bool)> = snap
            .nodes
            .iter()
            .map(|n| (n.name.as_str(), n.keys.iter().any(|k| k.stale)))
            .collect();
        assert_eq!(stale, [("A", false), ("B", true), ("C", true)]);
        assert_eq!(
            snap.nodes[1].keys[0].siblings.len(),
            0,
            "B never got the write"
        );
    }

    #[test]
    fn messages_in_flight_and_recently_lost_are_visible() {
        let mut s = sim(
            r#"{"cluster": {"nodes": ["A","B","C"], "n": 3, "w": 2, "r": 2,
                "latency": {"constant": 10}, "placement": {"k": ["A","B","C"]}},
            "events": [
              {"at": 0, "crash": "C"},
              {"at": 0, "put": {"client": "alice", "key": "k", "value": "v"}}]}"#,
        );
        s.advance_to(5_000);
        let snap = Snapshot::of(&s, 1_000);
        assert_eq!(snap.messages.len(), 3);
        assert!(snap
            .messages
            .iter()
            .all(|m| m.kind == "write" && m.fate == "in_flight"));
        s.advance_to(10_500);
        let snap = Snapshot::of(&s, 1_000);
        let refused: Vec<_> = snap
            .messages
            .iter()
            .filter(|m| m.fate == "refused")
            .collect();
        assert_eq!(refused.len(), 1, "the write to C dies and lingers");
        s.advance_to(12_000);
        assert!(Snapshot::of(&s, 1_000)
            .messages
            .iter()
            .all(|m| m.fate != "refused"));
    }
}
