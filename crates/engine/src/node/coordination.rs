//! One request being coordinated, by a client or by a replica: choosing replicas, counting
//! replies, failing, and read repair.

use crate::ids::{EndpointId, KeyId, OpId};
use crate::maps::KeyMap;
use crate::message::Payload;
use crate::network::Unreachable;
use crate::node::outbox::{OpNote, Outbox, Timer};
use crate::node::view::View;
use crate::op::{Answer, OpKind, OpResult};
use crate::quorum::{Requirement, Tally};
use crate::time::Micros;
use crate::version::{Actor, Dot, KeyState, Sibling, VClock, Value};
use std::fmt::Write;
use std::sync::Arc;

/// One replica chosen for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The node asked.
    pub node: EndpointId,
    /// When a fallback stands in for an unreachable home replica: that home replica.
    pub hint_for: Option<EndpointId>,
}

/// One request being coordinated, by a client or by a replica.
#[derive(Clone, Debug)]
pub struct Coordination {
    /// The operation.
    pub op: OpId,
    /// What it does.
    pub kind: OpKind,
    /// Its key.
    pub key: KeyId,
    /// The replicas asked.
    pub targets: Vec<Target>,
    /// The replies counted against what the operation's level needs.
    pub tally: Tally,
    /// Replicas that replied, in order.
    pub replied: Vec<EndpointId>,
    /// Replicas known to have failed: unreachable when asked.
    pub failed: Vec<(EndpointId, Unreachable)>,
    /// The merge of every reply so far.
    pub merged: KeyState,
    /// The outcome once decided: `Ok` when the quorum answered (the result went to the
    /// coordination's owner), `Err(reason)` when it failed.
    pub decided: Option<Result<(), String>>,
    /// What each replier is known to hold (its reply, or the repair sent to it).
    pub known: Vec<(EndpointId, KeyState)>,
    /// The write, for puts and deletes.
    pub write: Option<Arc<Sibling>>,
    /// When it gives up.
    pub deadline: Micros,
    /// How many replicas the write or read went out to (the coordinating replica itself
    /// included): none when the coordination was refused before sending anything.
    pub sent: usize,
    /// Replicas that refused the write (it would have made more than `max_siblings` siblings).
    pub refused: Vec<EndpointId>,
    /// The merged state the coordinating replica must store itself after a read found its own
    /// copy older (read repair of the coordinator, Dynamo section 5); taken by [`Replica`].
    pub self_repair: Option<KeyState>,
}

impl Coordination {
    /// Chooses the replicas for `key`: its n home replicas, or with a sloppy quorum the first n
    /// nodes of its preference list that `me` believes up ([`View::believes_up`]), each
    /// fallback standing in for a home replica believed down, in order, of that home replica's
    /// own datacenter (contract section 4).
    pub fn targets(view: &View, me: EndpointId, key: KeyId) -> Vec<Target> {
        let prefs = &view.prefs[key.index()];
        let n = view.settings.n;
        let homes = &prefs[..n.min(prefs.len())];
        if !view.settings.sloppy_quorum {
            return homes
                .iter()
                .map(|&node| Target {
                    node,
                    hint_for: None,
                })
                .collect();
        }
        let reachable = |node: EndpointId| view.believes_up(me, node);
        let mut out: Vec<Target> = Vec::with_capacity(n);
        let mut missing: Vec<EndpointId> = Vec::new();
        for &node in homes {
            if reachable(node) {
                out.push(Target {
                    node,
                    hint_for: None,
                });
            } else {
                missing.push(node);
            }
        }
        let layout = &view.settings.layout;
        for &node in &prefs[homes.len()..] {
            if missing.is_empty() {
                break;
            }
            if !reachable(node) {
                continue;
            }
            if let Some(i) = missing.iter().position(|&h| layout.same_dc(h.0, node.0)) {
                out.push(Target {
                    node,
                    hint_for: Some(missing.remove(i)),
                });
            }
        }
        out
    }

    /// Starts coordinating: sends the write or read to every target but `me` (a coordinating
    /// replica serves itself through [`Coordination::on_reply`]). When too few targets are
    /// believed up for the quorum, it fails at once and sends nothing (Cassandra's
    /// `UnavailableException`, Riak's insufficient vnodes).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        view: &View,
        me: EndpointId,
        op: OpId,
        kind: OpKind,
        key: KeyId,
        write: Option<Arc<Sibling>>,
        out: &mut Outbox,
    ) -> Coordination {
        let targets = Coordination::targets(view, me, key);
        let failed: Vec<(EndpointId, Unreachable)> = targets
            .iter()
            .filter(|t| t.node != me)
            .filter_map(|t| view.believed_down(me, t.node).map(|why| (t.node, why)))
            .collect();
        let deadline = view.now.saturating_add(view.settings.timeout_us);
        let mut c = Coordination {
            op,
            kind,
            key,
            targets,
            tally: Tally::new(view.settings.requirement(kind, me)),
            replied: Vec::new(),
            failed,
            merged: KeyState::new(),
            decided: None,
            known: Vec::new(),
            write,
            deadline,
            sent: 0,
            refused: Vec::new(),
            self_repair: None,
        };
        c.check_reachable(view, me);
        if c.decided.is_some() {
            return c;
        }
        for t in &c.targets {
            c.sent += 1;
            if t.node == me {
                continue;
            }
            let payload = match &c.write {
                Some(w) => Payload::Write {
                    op,
                    key,
                    write: w.clone(),
                    hint_for: t.hint_for,
                    deadline,
                },
                None => Payload::Read { op, key, deadline },
            };
            // Sent even to an unreachable target (the page shows it cut or refused); the
            // failure detector has already counted that target as failed.
            out.send(t.node, payload);
        }
        out.set_timer(deadline, Timer::Deadline(op));
        c
    }

    fn fail(&mut self, reason: String) {
        self.decided = Some(Err(reason));
    }

    /// The failure, if the coordination failed: its reason and the replies it had.
    pub fn failure(&self) -> Option<OpResult> {
        match &self.decided {
            Some(Err(reason)) => Some(OpResult {
                outcome: Err(reason.clone()),
                replies_from: self.replied.clone(),
                state: self.merged.clone(),
                dot: self.write.as_ref().map(|w| w.dot),
                indeterminate: self.may_have_stored(),
            }),
            _ => None,
        }
    }

    /// Whether the write went out to some replica that may have stored it: sent to a target
    /// that neither refused it nor was partitioned away (a message across a partition is cut
    /// at once, but one to a crashed node travels on, and is stored if the node recovers first).
    fn may_have_stored(&self) -> bool {
        let cut = |node: EndpointId| {
            self.failed
                .iter()
                .any(|&(n, why)| n == node && why == Unreachable::Partitioned)
        };
        self.kind.is_write()
            && self.sent > 0
            && self
                .targets
                .iter()
                .any(|t| !self.refused.contains(&t.node) && !cut(t.node))
    }

    /// A target counted as failed when asked has answered after all (it was down and recovered
    /// before the message arrived): it is failed no more.
    fn answered(&mut self, from: EndpointId) {
        self.failed.retain(|&(n, _)| n != from);
    }

    /// A replica refused the write (too many siblings). Returns the failure once the quorum can
    /// no longer be met and every replica asked has answered.
    pub fn on_refusal(
        &mut self,
        view: &View,
        from: EndpointId,
        out: &mut Outbox,
    ) -> Option<OpResult> {
        if self.refused.contains(&from) || self.replied.contains(&from) {
            return None;
        }
        out.op_note(OpNote::Replied {
            op: self.op,
            from,
            answer: Answer::Refused,
        });
        self.answered(from);
        self.refused.push(from);
        self.check_refusals(view)
    }

    /// Fails the write when refusals left too few replicas for the quorum, once no reachable
    /// replica is still to answer: its failure then says for certain whether some replica
    /// stored the write ([`OpResult::indeterminate`]).
    fn check_refusals(&mut self, view: &View) -> Option<OpResult> {
        let possible = self.able(|t| !self.refused.contains(&t));
        let waiting = possible
            .iter()
            .filter(|&&t| !self.replied.contains(&EndpointId(t)))
            .count();
        if self.decided.is_some()
            || self.refused.is_empty()
            || waiting > 0
            || Tally::new(self.tally.requirement().clone())
                .could_still_be_met(&view.settings.layout, possible)
        {
            return None;
        }
        let names: Vec<&str> = self.refused.iter().map(|&n| view.name(n)).collect();
        self.fail(format!(
            "refused: the write would make more than max_siblings = {} siblings of this key on {} \
             (read the key and write with its context to merge them)",
            view.settings.max_siblings,
            names.join(", ")
        ));
        self.failure()
    }

    /// The targets not known to have failed that also pass `keep`, as node indices.
    fn able(&self, keep: impl Fn(EndpointId) -> bool) -> Vec<usize> {
        self.targets
            .iter()
            .map(|t| t.node)
            .filter(|&n| !self.failed.iter().any(|&(f, _)| f == n) && keep(n))
            .map(|n| n.0)
            .collect()
    }

    /// The quorum in words: `w = 2`, or with a consistency level of several datacenters
    /// `w = EACH_QUORUM (2 + 2)`.
    fn quorum_words(&self, view: &View, me: EndpointId) -> String {
        let q = if self.kind.is_write() { "w" } else { "r" };
        let settings = &view.settings;
        match self.tally.requirement() {
            Requirement::Anywhere(k) => format!("{q} = {k}"),
            Requirement::PerDatacenter(_) => {
                // `EACH_QUORUM = 2 + 2` reads `w = EACH_QUORUM (2 + 2)`.
                let arithmetic = settings
                    .level(self.kind)
                    .arithmetic(&settings.layout, settings.dc_of(me));
                match arithmetic.split_once(" = ") {
                    Some((level, count)) => format!("{q} = {level} ({count})"),
                    None => format!("{q} = {arithmetic}"),
                }
            }
        }
    }

    /// Fails at once when too few targets remain reachable for the quorum.
    fn check_reachable(&mut self, view: &View, me: EndpointId) {
        let layout = &view.settings.layout;
        let able = self.able(|_| true);
        let possible = able.len();
        let requirement = self.tally.requirement().clone();
        if self.decided.is_none()
            && !Tally::new(requirement.clone()).could_still_be_met(layout, able.iter().copied())
        {
            let why: Vec<String> = self
                .failed
                .iter()
                .map(|&(node, u)| {
                    format!(
                        "{} {}",
                        view.name(node),
                        match u {
                            Unreachable::Down => "is down",
                            Unreachable::Partitioned => "is partitioned away",
                            Unreachable::Suspected => "is suspected down",
                        }
                    )
                })
                .collect();
            let mut reason = match &requirement {
                Requirement::Anywhere(_) => format!(
                    "quorum unreachable: {} but only {possible} of {} replicas can be reached",
                    self.quorum_words(view, me),
                    self.targets.len()
                ),
                Requirement::PerDatacenter(_) => {
                    let mut reachable = Tally::new(requirement.clone());
                    for &t in &able {
                        reachable.ack(layout, t);
                    }
                    format!(
                        "quorum unreachable: {} cannot be met, {} would be needed than can be \
                         reached",
                        self.quorum_words(view, me),
                        reachable.describe_missing(layout)
                    )
                }
            };
            if !why.is_empty() {
                let _ = write!(reason, " ({})", why.join(", "));
            }
            self.fail(reason);
        }
    }

    /// A replica's ack or response (or the coordinating replica's own answer). Returns the
    /// result when this reply completes the quorum. Later replies are merged and, for reads
    /// with read repair, repaired.
    pub fn on_reply(
        &mut self,
        view: &View,
        me: EndpointId,
        from: EndpointId,
        state: KeyState,
        out: &mut Outbox,
    ) -> Option<OpResult> {
        if self.replied.contains(&from) {
            return None;
        }
        let mode = view.settings.versioning;
        self.answered(from);
        self.replied.push(from);
        self.tally.ack(&view.settings.layout, from.0);
        let reading = self.kind == OpKind::Get;
        out.op_note(OpNote::Replied {
            op: self.op,
            from,
            answer: if reading {
                Answer::Versions(state.clone())
            } else {
                Answer::Stored
            },
        });
        if self.decided.is_some() && !(reading && matches!(self.decided, Some(Ok(())))) {
            // A late ack of a decided write, or a reply after a failure, changes nothing.
            return None;
        }
        let merged_changed = self.merged.merge(mode, &state);
        if reading {
            // Only reads repair, so only they need to remember what each replica answered.
            self.known.push((from, state));
        }
        let mut finished = None;
        if self.decided.is_none() && !self.refused.is_empty() {
            // The last answer after refusals made the quorum impossible.
            if let Some(failure) = self.check_refusals(view) {
                return Some(failure);
            }
        }
        let just_met = self.decided.is_none() && self.tally.is_met();
        if just_met {
            self.decided = Some(Ok(()));
            // A read keeps its merge to repair late replies; a write has no more use for it.
            let state = if reading {
                self.merged.clone()
            } else {
                std::mem::take(&mut self.merged)
            };
            finished = Some(OpResult {
                outcome: Ok(()),
                replies_from: self.replied.clone(),
                state,
                dot: self.write.as_ref().map(|w| w.dot),
                indeterminate: false,
            });
        }
        let quorum_met = matches!(self.decided, Some(Ok(())));
        if self.kind == OpKind::Get && view.settings.read_repair && quorum_met {
            // Every replier is compared when the quorum is first met or the merge grew;
            // otherwise only the newest reply can be older than the merge.
            let from_index = if just_met || merged_changed {
                0
            } else {
                self.known.len() - 1
            };
            self.repair(view, me, from_index, out);
        }
        finished
    }

    /// Repairs every home replica that answered with something older: sends it the merged
    /// state, or, when it is the coordinating replica itself, leaves the merge in
    /// [`Coordination::self_repair`] for it to store (Dynamo section 5 and Riak's get FSM repair
    /// the coordinator's own copy like any other).
    fn repair(&mut self, view: &View, me: EndpointId, from_index: usize, out: &mut Outbox) {
        let mode = view.settings.versioning;
        for (node, known) in self.known.iter_mut().skip(from_index) {
            if !view.is_home(self.key, *node) || !known.would_change(mode, &self.merged) {
                continue;
            }
            *known = self.merged.clone();
            out.op_note(OpNote::Repaired {
                op: self.op,
                to: *node,
            });
            if *node == me {
                self.self_repair = Some(self.merged.clone());
            } else {
                out.send(
                    *node,
                    Payload::ReadRepair {
                        key: self.key,
                        state: self.merged.clone(),
                    },
                );
            }
        }
    }

    /// The deadline passed; returns the failure if the quorum never answered.
    pub fn on_deadline(&mut self, view: &View) -> Option<OpResult> {
        if self.decided.is_some() {
            return None;
        }
        let what = if self.kind.is_write() {
            "acks"
        } else {
            "responses"
        };
        let from: Vec<&str> = self.replied.iter().map(|&n| view.name(n)).collect();
        let after = crate::time::format_us(view.settings.timeout_us as i64);
        let mut reason = match self.tally.requirement() {
            Requirement::Anywhere(k) => format!(
                "timed out after {after} ms with {} of {k} {what}",
                self.replied.len()
            ),
            Requirement::PerDatacenter(_) => format!(
                "timed out after {after} ms with {} {what}",
                self.replied.len()
            ),
        };
        if !from.is_empty() {
            let _ = write!(reason, " (from {})", from.join(", "));
        }
        if let Requirement::PerDatacenter(_) = self.tally.requirement() {
            let _ = write!(
                reason,
                ": {} still needed",
                self.tally.describe_missing(&view.settings.layout)
            );
        }
        self.fail(reason);
        self.failure()
    }
}

/// Makes a new write as endpoint `me` coordinates it: the next dot of `me` for this key, the
/// context it carries, and `me`'s clock (plus skew) as its timestamp.
pub(crate) fn mint(
    counters: &mut KeyMap<u64>,
    view: &View,
    me: EndpointId,
    key: KeyId,
    context: VClock,
    value: Option<Value>,
) -> Arc<Sibling> {
    let counter = counters.or_default(key);
    *counter += 1;
    Arc::new(Sibling {
        dot: Dot::new(me.0 as Actor, *counter),
        seen: context,
        timestamp: view.clock_of(me),
        value,
    })
}
