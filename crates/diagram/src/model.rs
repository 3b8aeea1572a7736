//! What the diagram draws, read once from a simulator: lanes, arrows, spans, bands, verdicts.

use quorumscope_engine::sim::{CausalEvent, CausalKind};
use quorumscope_engine::snapshot::Snapshot;
use quorumscope_engine::time::Micros;
use quorumscope_engine::version::Versioning;
use quorumscope_engine::{EndpointId, MessageKind, MsgId, OpId, OpKind, Outcome, Simulator};
use std::collections::HashMap;

/// One vertical line of the diagram: a client or a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// The endpoint's name.
    pub name: String,
    /// Whether it is a client (clients are drawn first, left of the nodes).
    pub client: bool,
}

/// One message: from its sending to its receipt, its loss, or (still in flight) the run's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The message.
    pub msg: MsgId,
    /// Its kind (its colour: [`MessageKind::family`]).
    pub kind: MessageKind,
    /// The sender's lane.
    pub from: usize,
    /// The receiver's lane.
    pub to: usize,
    /// When it was sent.
    pub sent_us: Micros,
    /// Where the arrow ends: the receipt, the loss, or the run's end for one still in flight.
    pub end_us: Micros,
    /// When it arrives (or would have arrived, if it is lost).
    pub arrive_us: Micros,
    /// How it ended.
    pub end: ArrowEnd,
    /// The operation it belongs to.
    pub op: Option<OpId>,
    /// The causal log's index of its sending.
    pub sent_index: u64,
}

/// How an [`Arrow`] ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowEnd {
    /// Received: an arrowhead.
    Received,
    /// Lost (dropped, cut by a partition, or refused by a crashed receiver): a cross.
    Lost,
    /// Still in flight at the run's end: no head.
    InFlight,
}

/// One operation: a span on its client's lane from its invocation to its reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The operation.
    pub op: OpId,
    /// Its client's lane.
    pub lane: usize,
    /// When it was invoked.
    pub from_us: Micros,
    /// When its client saw the result (`None`: still pending).
    pub to_us: Option<Micros>,
    /// Its outcome.
    pub outcome: Outcome,
    /// Its label, like `put cart=milk` or `get cart`.
    pub label: String,
    /// The replicas whose replies made its quorum, as lanes.
    pub quorum: Vec<usize>,
    /// For a get: the put it should have seen (the last acknowledged before it began).
    pub should_see: Option<OpId>,
}

/// What the checker said about an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerdictKind {
    /// A get returned a stale value.
    Stale,
    /// An acknowledged write was lost (under last-write-wins: a later timestamp replaced it).
    Lost,
    /// A result holds siblings (concurrent versions).
    Siblings,
    /// A read repaired a replica.
    Repair,
}

impl VerdictKind {
    /// Its CSS class and short label.
    pub fn name(self) -> &'static str {
        match self {
            VerdictKind::Stale => "stale",
            VerdictKind::Lost => "lost",
            VerdictKind::Siblings => "siblings",
            VerdictKind::Repair => "repair",
        }
    }
}

/// A verdict marked on the diagram, where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// What it is.
    pub kind: VerdictKind,
    /// The operation it is about.
    pub op: OpId,
    /// The lane it is marked on (the client's, or the repaired replica's).
    pub lane: usize,
    /// When.
    pub at_us: Micros,
    /// The explanation, as the operation log words it.
    pub text: String,
}

/// What a [`Band`] on a lane means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BandKind {
    /// The node was down.
    Down,
    /// The endpoint was in this group of a partition (0: the endpoints the partition did not
    /// list).
    Group(u32),
}

/// A stretch of time on one lane: a crash, or a partition's group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band {
    /// The lane.
    pub lane: usize,
    /// What it means.
    pub kind: BandKind,
    /// When it began.
    pub from_us: Micros,
    /// When it ended (`None`: not by the run's end).
    pub to_us: Option<Micros>,
}

/// A run as the diagram sees it: see the [crate documentation](crate).
#[derive(Clone, Debug, Default)]
pub struct Diagram {
    /// The lanes, clients first, then nodes, each in the scenario's order.
    pub lanes: Vec<Lane>,
    /// Every message, by time of sending.
    pub arrows: Vec<Arrow>,
    /// The longest time from an arrow's sending to its end (how far back a window looks).
    pub max_arrow_us: Micros,
    /// Every operation, by time of invocation.
    pub spans: Vec<Span>,
    /// The longest span (a pending one counts to the run's end).
    pub max_span_us: Micros,
    /// Crashes and partitions, by time of beginning.
    pub bands: Vec<Band>,
    /// The checker's verdicts, by time.
    pub verdicts: Vec<Verdict>,
    /// The causal log the diagram was read from.
    pub events: Vec<CausalEvent>,
    /// The run's simulated time when it was read.
    pub end_us: Micros,
}

impl Diagram {
    /// Reads `sim`'s causal log (empty unless its options asked for one) and history.
    pub fn of(sim: &Simulator) -> Diagram {
        let names = sim.names();
        let nodes = sim.node_count();
        let lane_of = |e: EndpointId| -> usize {
            let clients = names.len() - nodes;
            if e.0 >= nodes {
                e.0 - nodes
            } else {
                clients + e.0
            }
        };
        let mut lanes: Vec<Lane> = names[nodes..]
            .iter()
            .map(|n| Lane {
                name: n.to_string(),
                client: true,
            })
            .collect();
        lanes.extend(names[..nodes].iter().map(|n| Lane {
            name: n.to_string(),
            client: false,
        }));
        let end_us = sim.now();
        let events: Vec<CausalEvent> = sim.causal_log().iter().cloned().collect();

        let mut arrows: Vec<Arrow> = Vec::new();
        let mut open: HashMap<MsgId, usize> = HashMap::new();
        let mut bands: Vec<Band> = Vec::new();
        let mut open_down: HashMap<usize, usize> = HashMap::new();
        let mut open_groups: Vec<usize> = Vec::new();
        for e in &events {
            let lane = e.endpoint.map(lane_of);
            match (&e.what, lane) {
                (
                    CausalKind::Sent {
                        msg,
                        to,
                        kind,
                        op,
                        arrive_us,
                    },
                    Some(from),
                ) => {
                    open.insert(*msg, arrows.len());
                    arrows.push(Arrow {
                        msg: *msg,
                        kind: *kind,
                        from,
                        to: lane_of(*to),
                        sent_us: e.at_us,
                        end_us: (*arrive_us).min(end_us),
                        arrive_us: *arrive_us,
                        end: ArrowEnd::InFlight,
                        op: *op,
                        sent_index: e.index,
                    });
                }
                (CausalKind::Received { msg, .. }, Some(_)) => {
                    if let Some(i) = open.remove(msg) {
                        arrows[i].end = ArrowEnd::Received;
                        arrows[i].end_us = e.at_us;
                    }
                }
                (CausalKind::Lost { msg, dies_us, .. }, Some(_)) => {
                    if let Some(i) = open.remove(msg) {
                        arrows[i].end = ArrowEnd::Lost;
                        arrows[i].end_us = (*dies_us).max(arrows[i].sent_us);
                    }
                }
                (CausalKind::Crashed, Some(lane)) => {
                    open_down.insert(lane, bands.len());
                    bands.push(Band {
                        lane,
                        kind: BandKind::Down,
                        from_us: e.at_us,
                        to_us: None,
                    });
                }
                (CausalKind::Recovered, Some(lane)) => {
                    if let Some(i) = open_down.remove(&lane) {
                        bands[i].to_us = Some(e.at_us);
                    }
                }
                (CausalKind::Partitioned(groups), _) => {
                    for i in open_groups.drain(..) {
                        bands[i].to_us = Some(e.at_us);
                    }
                    for (endpoint, &group) in groups.iter().enumerate() {
                        open_groups.push(bands.len());
                        bands.push(Band {
                            lane: lane_of(EndpointId(endpoint)),
                            kind: BandKind::Group(group),
                            from_us: e.at_us,
                            to_us: None,
                        });
                    }
                }
                (CausalKind::Healed, _) => {
                    for i in open_groups.drain(..) {
                        bands[i].to_us = Some(e.at_us);
                    }
                }
                _ => {}
            }
        }
        let max_arrow_us = arrows
            .iter()
            .map(|a| a.end_us - a.sent_us)
            .max()
            .unwrap_or(0);

        let snapshot = Snapshot::of(sim, 0);
        let lww = sim.settings().versioning == Versioning::Lww;
        let mut spans = Vec::new();
        let mut verdicts = Vec::new();
        for (record, view) in sim.history().iter().zip(snapshot.history.iter()) {
            let lane = lane_of(record.client);
            let label = match (&view.value, record.kind) {
                (Some(v), OpKind::Put) => format!("put {}={v}", view.key),
                _ => format!("{} {}", record.kind.name(), view.key),
            };
            spans.push(Span {
                op: record.id,
                lane,
                from_us: record.invoked_us,
                to_us: record.completed_us,
                outcome: record.outcome,
                label,
                quorum: record.replies_from.iter().map(|&e| lane_of(e)).collect(),
                should_see: view.write_op,
            });
            let at_us = record.completed_us.unwrap_or(end_us);
            let mut mark = |kind, text: String| {
                verdicts.push(Verdict {
                    kind,
                    op: record.id,
                    lane,
                    at_us,
                    text,
                })
            };
            if view.stale {
                let cause = view.stale_cause.clone().unwrap_or_else(|| {
                    "it missed a write that had already been acknowledged.".to_string()
                });
                mark(VerdictKind::Stale, format!("Stale read: {cause}"));
            }
            if view.lost {
                mark(
                    VerdictKind::Lost,
                    if lww {
                        "Lost write: acknowledged, then discarded by last-write-wins: a write \
                         with a later timestamp replaced it on every replica."
                    } else {
                        "Lost write: acknowledged, then lost: no replica holds it, or a version \
                         that follows it, any more."
                    }
                    .to_string(),
                );
            }
            if view.values.len() > 1 {
                let mut text = format!(
                    "{} siblings. Why: {}",
                    view.values.len() + view.more_values,
                    view.concurrency.join("; ")
                );
                if view.more_concurrency > 0 {
                    text.push_str(&format!(
                        "; and {} more pairs of siblings, not listed",
                        view.more_concurrency
                    ));
                }
                mark(VerdictKind::Siblings, text);
            }
            for repair in &record.repairs {
                let replica = &names[repair.to.0];
                verdicts.push(Verdict {
                    kind: VerdictKind::Repair,
                    op: record.id,
                    lane: lane_of(repair.to),
                    at_us: repair.at_us,
                    text: format!(
                        "Read repair: {replica} was repaired (it had answered without the \
                         latest version)."
                    ),
                });
            }
        }
        spans.sort_by_key(|s| s.from_us);
        verdicts.sort_by_key(|v| v.at_us);
        bands.sort_by_key(|b| b.from_us);
        let max_span_us = spans
            .iter()
            .map(|s| s.to_us.unwrap_or(end_us) - s.from_us)
            .max()
            .unwrap_or(0);
        Diagram {
            lanes,
            arrows,
            max_arrow_us,
            spans,
            max_span_us,
            bands,
            verdicts,
            events,
            end_us,
        }
    }

    /// The operation's span.
    pub fn span(&self, op: OpId) -> Option<&Span> {
        self.spans.iter().find(|s| s.op == op)
    }
}
