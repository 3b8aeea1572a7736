//! The record of every client operation of a run: what was asked, what replicas answered,
//! and how it ended (the checker's verdicts included).

use crate::ids::{EndpointId, KeyId, OpId};
use crate::op::{Answer, OpKind};
use crate::scenario::SIBLINGS_WARNING;
use crate::time::Micros;
use crate::version::{KeyState, VClock, Value};

/// The outcome of a client operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The quorum answered.
    Ok,
    /// The operation failed; the reason is in the record.
    Fail,
    /// Not finished yet.
    Pending,
}

impl Outcome {
    /// `ok`, `fail` or `pending`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Fail => "fail",
            Outcome::Pending => "pending",
        }
    }
}

/// One reply to an operation, as its coordinator received it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplyRecord {
    /// The replica that replied.
    pub from: EndpointId,
    /// When the reply reached the coordinator.
    pub at_us: Micros,
    /// What it answered.
    pub answer: Answer,
}

/// A read repair an operation caused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepairRecord {
    /// The replica repaired (the coordinating replica itself, when its own copy was older).
    pub to: EndpointId,
    /// When the coordinator sent the repair (or stored it, repairing itself).
    pub at_us: Micros,
}

/// A replica that stored an operation's write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreRecord {
    /// The replica.
    pub node: EndpointId,
    /// When it stored it.
    pub at_us: Micros,
    /// Set when it kept the write as a hint for this unreachable home replica (sloppy quorum
    /// with hinted handoff).
    pub hint_for: Option<EndpointId>,
    /// For a hint: when the fallback handed it back to its home replica (and dropped it).
    pub handed_back_us: Option<Micros>,
}

/// One client operation of the history.
#[derive(Clone, Debug, PartialEq)]
pub struct OpRecord {
    /// Its number.
    pub id: OpId,
    /// The client.
    pub client: EndpointId,
    /// What it did.
    pub kind: OpKind,
    /// The key.
    pub key: KeyId,
    /// The value of a put.
    pub value: Option<Value>,
    /// Whether it carried the context of the client's last result.
    pub with_context: bool,
    /// The causal context its write carries: the versions it says it has seen (empty for a get
    /// or a blind write).
    pub write_context: VClock,
    /// When the client invoked it.
    pub invoked_us: Micros,
    /// When the client saw its result.
    pub completed_us: Option<Micros>,
    /// Its outcome.
    pub outcome: Outcome,
    /// Why it failed.
    pub error: Option<String>,
    /// The replicas whose replies made its quorum.
    pub replies_from: Vec<EndpointId>,
    /// The merged state it returned.
    pub result: KeyState,
    /// The write's dot (puts and deletes, once known).
    pub dot: Option<crate::version::Dot>,
    /// Whether a get returned a stale value (see the checker).
    pub stale: bool,
    /// A failed put or delete that may still have been stored by some replica (Jepsen's
    /// `:info`): it timed out after its write went out.
    pub indeterminate: bool,
    /// Whether a get returned a value that a delete acknowledged before it began had removed
    /// (see the checker).
    pub resurrection: bool,
    /// Every reply its coordinator received, in order of arrival, those after the quorum or the
    /// failure included (at most one per replica asked).
    pub replies: Vec<ReplyRecord>,
    /// The read repairs it caused, in order (at most one per replica that answered).
    pub repairs: Vec<RepairRecord>,
    /// The replicas that stored its write, in order, whatever its outcome (a failed write may
    /// still have landed on some).
    pub stores: Vec<StoreRecord>,
}

impl OpRecord {
    /// A warning when its result holds more than [`SIBLINGS_WARNING`] siblings (Riak's
    /// `siblings_threshold`): they pile up when writes are blind or concurrent.
    pub fn sibling_warning(&self) -> Option<String> {
        let count = self.result.siblings.len();
        (self.outcome == Outcome::Ok && count > SIBLINGS_WARNING).then(|| {
            format!(
                "{count} siblings (more than {SIBLINGS_WARNING}): write with the context of a \
                 read to merge them"
            )
        })
    }

    /// The sibling values of its result (tombstones left out); none unless it succeeded.
    pub fn result_values(&self) -> Vec<String> {
        if self.outcome == Outcome::Ok {
            self.result.values().iter().map(|v| v.to_string()).collect()
        } else {
            Vec::new()
        }
    }
}
