//! A client operation: what it does, how it ended, and what replicas answered it.

use crate::ids::EndpointId;
use crate::version::{Dot, KeyState};

/// The kind of a client operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum OpKind {
    /// Write a value.
    Put,
    /// Read a key.
    Get,
    /// Write a tombstone.
    Delete,
}

impl OpKind {
    /// `put`, `get` or `delete`.
    pub fn name(self) -> &'static str {
        match self {
            OpKind::Put => "put",
            OpKind::Get => "get",
            OpKind::Delete => "delete",
        }
    }

    /// Whether the operation writes.
    pub fn is_write(self) -> bool {
        self != OpKind::Get
    }
}

/// The outcome of a finished coordination.
#[derive(Clone, Debug, PartialEq)]
pub struct OpResult {
    /// `Ok` when the quorum answered, `Err(reason)` otherwise.
    pub outcome: Result<(), String>,
    /// The replicas whose replies made the quorum, in order of arrival.
    pub replies_from: Vec<EndpointId>,
    /// The merged state of the replies.
    pub state: KeyState,
    /// The write's dot, for puts and deletes.
    pub dot: Option<Dot>,
    /// A failed write that may nevertheless have been stored by some replica (Jepsen's
    /// `:info`): it timed out after its write was sent. A write refused before anything was sent
    /// is not indeterminate: it is known not to have happened.
    pub indeterminate: bool,
}

impl OpResult {
    /// A failure with no replies, known not to have changed anything (set
    /// [`OpResult::indeterminate`] where it may have).
    pub fn failed(reason: String) -> OpResult {
        OpResult {
            outcome: Err(reason),
            replies_from: Vec::new(),
            state: KeyState::new(),
            dot: None,
            indeterminate: false,
        }
    }
}

/// What a replica answered an operation's coordinator.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// A read's response: the replica's versions of the key (an empty state: it had nothing).
    Versions(KeyState),
    /// A write's ack: the replica stored the write.
    Stored,
    /// A write's ack refusing it: storing it would have made more than `max_siblings`
    /// siblings.
    Refused,
}
