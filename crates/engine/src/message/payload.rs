//! What travels in a message between endpoints.

use crate::antientropy::merkle::{LeafDigests, NodeRef};
use crate::ids::{EndpointId, KeyId, OpId};
use crate::message::kind::MessageKind;
use crate::op::{OpKind, OpResult};
use crate::time::Micros;
use crate::version::{KeyState, Sibling, VClock, Value};
use std::sync::Arc;

/// What travels in a message.
#[derive(Clone, Debug)]
pub enum Payload {
    /// Client to coordinating replica (replica coordination).
    Request {
        /// Operation.
        op: OpId,
        /// Kind.
        kind: OpKind,
        /// Key.
        key: KeyId,
        /// Value of a put.
        value: Option<Value>,
        /// Causal context the write carries.
        context: VClock,
        /// The client's deadline (simulated time): a coordinating replica that receives the
        /// request later drops it.
        deadline: Micros,
    },
    /// Coordinating replica to client.
    Reply {
        /// Operation.
        op: OpId,
        /// The coordination's result (boxed: it is the largest payload).
        result: Box<OpResult>,
    },
    /// Coordinator to replica: store this write.
    Write {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The version written.
        write: Arc<Sibling>,
        /// Set when the receiver is a fallback standing in for this home replica.
        hint_for: Option<EndpointId>,
        /// The coordinator's deadline (simulated time): a replica that receives the write later
        /// drops it.
        deadline: Micros,
    },
    /// Replica to coordinator: stored (or refused); its state of the key after the write.
    Ack {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The replica's state of the key.
        state: KeyState,
        /// Whether the replica stored the write; `false` when storing it would have made more
        /// siblings than `max_siblings`.
        stored: bool,
    },
    /// Coordinator to replica: what do you have for this key?
    Read {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The coordinator's deadline (simulated time): a replica that receives the read later
        /// drops it.
        deadline: Micros,
    },
    /// Replica to coordinator: its state of the key.
    Response {
        /// Operation.
        op: OpId,
        /// Key.
        key: KeyId,
        /// The replica's state of the key.
        state: KeyState,
    },
    /// Coordinator to an older replica after a read: the merged state.
    ReadRepair {
        /// Key.
        key: KeyId,
        /// Merged state.
        state: KeyState,
    },
    /// Anti-entropy (Dynamo section 4.7): hashes of nodes of the sender's hash tree over the keys
    /// both replicas are home for. A round opens with the root; each answer carries the
    /// children of the nodes whose hashes differed.
    AeTree {
        /// The tree's depth, chosen by the round's initiator: both sides build the same shape.
        depth: u8,
        /// How many keys the tree covers (the keys both replicas are home for).
        keys: u32,
        /// Nodes and their hashes.
        hashes: Vec<(NodeRef, u64)>,
    },
    /// Anti-entropy: the sender's (key, digest) pairs in the leaves whose hashes differed.
    AeKeys {
        /// The tree's depth (the leaves' level).
        depth: u8,
        /// Differing leaves, each with the sender's digests of its keys.
        leaves: Vec<LeafDigests<KeyId>>,
    },
    /// Anti-entropy: the sender's states of the keys whose digests differed.
    AeDiff {
        /// (key, state) pairs.
        states: Vec<(KeyId, KeyState)>,
    },
    /// Anti-entropy: merged states pushed back to the peer that was missing something.
    AePush {
        /// (key, state) pairs.
        states: Vec<(KeyId, KeyState)>,
    },
    /// Hinted handoff: a fallback hands a hinted key back to its home replica.
    Handoff {
        /// Key.
        key: KeyId,
        /// The hinted state.
        state: KeyState,
    },
    /// Home replica to fallback: handoff stored.
    HandoffAck {
        /// Key.
        key: KeyId,
        /// Digest of the state that was handed off.
        digest: u64,
    },
    /// Failure detector: a node or client probing a node it suspects (Dynamo section 4.8).
    Ping,
    /// Failure detector: a node's answer to a ping.
    Pong,
}

impl Payload {
    /// The message's kind.
    pub fn kind(&self) -> MessageKind {
        match self {
            Payload::Request { .. } => MessageKind::Request,
            Payload::Reply { .. } => MessageKind::Reply,
            Payload::Write { .. } => MessageKind::Write,
            Payload::Ack { .. } => MessageKind::Ack,
            Payload::Read { .. } => MessageKind::Read,
            Payload::Response { .. } => MessageKind::Response,
            Payload::ReadRepair { .. } => MessageKind::ReadRepair,
            Payload::AeTree { .. } => MessageKind::AeTree,
            Payload::AeKeys { .. } => MessageKind::AeKeys,
            Payload::AeDiff { .. } => MessageKind::AeDiff,
            Payload::AePush { .. } => MessageKind::AePush,
            Payload::Handoff { .. } => MessageKind::Handoff,
            Payload::HandoffAck { .. } => MessageKind::HandoffAck,
            Payload::Ping => MessageKind::Ping,
            Payload::Pong => MessageKind::Pong,
        }
    }

    /// The operation the message belongs to, if any.
    pub fn op(&self) -> Option<OpId> {
        match self {
            Payload::Request { op, .. }
            | Payload::Reply { op, .. }
            | Payload::Write { op, .. }
            | Payload::Ack { op, .. }
            | Payload::Read { op, .. }
            | Payload::Response { op, .. } => Some(*op),
            _ => None,
        }
    }

    /// The key the message is about, if it is about one key.
    pub fn key(&self) -> Option<KeyId> {
        match self {
            Payload::Request { key, .. }
            | Payload::Write { key, .. }
            | Payload::Ack { key, .. }
            | Payload::Read { key, .. }
            | Payload::Response { key, .. }
            | Payload::ReadRepair { key, .. }
            | Payload::Handoff { key, .. }
            | Payload::HandoffAck { key, .. } => Some(*key),
            _ => None,
        }
    }

    /// Whether the sender expects an answer to this message from its receiver, so that the
    /// failure detector starts a clock when it is sent: a client's request to a coordinating
    /// replica, and a coordinator's write or read.
    pub fn expects_answer(&self) -> bool {
        matches!(
            self,
            Payload::Request { .. } | Payload::Write { .. } | Payload::Read { .. }
        )
    }

    /// When a request stops being worth serving: the deadline of its coordinator (for a write
    /// or a read) or of its client (for a request to a coordinating replica). A replica drops
    /// such a message when it arrives after that time, as Cassandra drops requests that expired
    /// in flight. Other messages have none.
    pub fn deadline(&self) -> Option<Micros> {
        match self {
            Payload::Request { deadline, .. }
            | Payload::Write { deadline, .. }
            | Payload::Read { deadline, .. } => Some(*deadline),
            _ => None,
        }
    }
}
