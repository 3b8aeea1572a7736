//! The kinds of messages, for colours, latency classes and counts.

/// The kinds of messages, for colours, latency classes and counts.
///
/// The run's trace hashes a message's kind by its discriminant, so each keeps its number: the
/// anti-entropy kinds of issue 9 took the place of the per-key digest (7) and the new one came
/// last, so runs without anti-entropy keep their trace hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MessageKind {
    /// Client request to a coordinating replica.
    Request = 0,
    /// Coordinator's reply to the client.
    Reply = 1,
    /// Write to a replica.
    Write = 2,
    /// A replica's acknowledgement of a write.
    Ack = 3,
    /// Read from a replica.
    Read = 4,
    /// A replica's answer to a read.
    Response = 5,
    /// Read repair.
    ReadRepair = 6,
    /// Anti-entropy: hashes of hash-tree nodes (a round's root, then the children of differing
    /// nodes).
    AeTree = 7,
    /// Anti-entropy: the key digests of differing leaves.
    AeKeys = 12,
    /// Anti-entropy: the states of the keys found to differ.
    AeDiff = 8,
    /// Anti-entropy: merged states pushed back.
    AePush = 9,
    /// Hinted handoff.
    Handoff = 10,
    /// Hinted handoff acknowledgement.
    HandoffAck = 11,
    /// Failure detector probe of a suspected node.
    Ping = 13,
    /// A node's answer to a probe.
    Pong = 14,
}

impl MessageKind {
    /// The name used in JSON and on the page, e.g. `read_repair`.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Request => "request",
            MessageKind::Reply => "reply",
            MessageKind::Write => "write",
            MessageKind::Ack => "ack",
            MessageKind::Read => "read",
            MessageKind::Response => "response",
            MessageKind::ReadRepair => "read_repair",
            MessageKind::AeTree => "ae_tree",
            MessageKind::AeKeys => "ae_keys",
            MessageKind::AeDiff => "ae_diff",
            MessageKind::AePush => "ae_push",
            MessageKind::Handoff => "handoff",
            MessageKind::HandoffAck => "handoff_ack",
            MessageKind::Ping => "ping",
            MessageKind::Pong => "pong",
        }
    }

    /// The family it is coloured by, in the cluster view and the space-time diagram alike
    /// (the class `k-<family>`): the five kinds a newcomer follows each have their own
    /// (`write`, `ack`, `read`, `response`, `repair`), requests and replies to a coordinating
    /// node share `request`, and background traffic is `other`.
    pub fn family(self) -> &'static str {
        match self {
            MessageKind::Write => "write",
            MessageKind::Ack => "ack",
            MessageKind::Read => "read",
            MessageKind::Response => "response",
            MessageKind::ReadRepair => "repair",
            MessageKind::Request | MessageKind::Reply => "request",
            background => {
                debug_assert!(background.is_background());
                "other"
            }
        }
    }

    /// Whether the message belongs to a background process (anti-entropy, hinted handoff, the
    /// failure detector's probes) rather than to a client's operation.
    pub fn is_background(self) -> bool {
        matches!(
            self,
            MessageKind::AeTree
                | MessageKind::AeKeys
                | MessageKind::AeDiff
                | MessageKind::AePush
                | MessageKind::Handoff
                | MessageKind::HandoffAck
                | MessageKind::Ping
                | MessageKind::Pong
        )
    }

    /// Which of PBS's four delays (W, A, R, S) the message takes.
    pub fn latency_class(self, write_op: bool) -> crate::latency::MsgClass {
        use crate::latency::MsgClass;
        match self {
            MessageKind::Request if write_op => MsgClass::Write,
            MessageKind::Request => MsgClass::Read,
            MessageKind::Reply if write_op => MsgClass::Ack,
            MessageKind::Reply => MsgClass::Response,
            MessageKind::Write
            | MessageKind::ReadRepair
            | MessageKind::AePush
            | MessageKind::Handoff => MsgClass::Write,
            MessageKind::Ack | MessageKind::HandoffAck => MsgClass::Ack,
            MessageKind::Read | MessageKind::AeTree | MessageKind::AeKeys | MessageKind::Ping => {
                MsgClass::Read
            }
            MessageKind::Response | MessageKind::AeDiff | MessageKind::Pong => MsgClass::Response,
        }
    }
}
