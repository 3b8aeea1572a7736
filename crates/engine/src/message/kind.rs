//! The kinds of messages, for colours, latency classes and counts.

/// The kinds of messages, for colours, latency classes and counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MessageKind {
    /// Client request to a coordinating replica.
    Request,
    /// Coordinator's reply to the client.
    Reply,
    /// Write to a replica.
    Write,
    /// A replica's acknowledgement of a write.
    Ack,
    /// Read from a replica.
    Read,
    /// A replica's answer to a read.
    Response,
    /// Read repair.
    ReadRepair,
    /// Anti-entropy digest.
    AeDigest,
    /// Anti-entropy differing states.
    AeDiff,
    /// Anti-entropy push back.
    AePush,
    /// Hinted handoff.
    Handoff,
    /// Hinted handoff acknowledgement.
    HandoffAck,
    /// Failure detector probe of a suspected node.
    Ping,
    /// A node's answer to a probe.
    Pong,
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
            MessageKind::AeDigest => "ae_digest",
            MessageKind::AeDiff => "ae_diff",
            MessageKind::AePush => "ae_push",
            MessageKind::Handoff => "handoff",
            MessageKind::HandoffAck => "handoff_ack",
            MessageKind::Ping => "ping",
            MessageKind::Pong => "pong",
        }
    }

    /// Whether the message belongs to a background process (anti-entropy, hinted handoff, the
    /// failure detector's probes) rather than to a client's operation.
    pub fn is_background(self) -> bool {
        matches!(
            self,
            MessageKind::AeDigest
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
            MessageKind::Read | MessageKind::AeDigest | MessageKind::Ping => MsgClass::Read,
            MessageKind::Response | MessageKind::AeDiff | MessageKind::Pong => MsgClass::Response,
        }
    }
}
