//! The tags of the trace hash: which kind of event each hashed record is.
//!
//! The trace hash ([`crate::sim::Simulator::trace_hash`]) is fed, for every event, the simulated
//! time, the event's tag and a few words that identify it. The numbers are part of every
//! recorded hash (BENCHMARKS.md, the determinism tests), so they never change.

/// The kind of a traced event, with the number the hash is fed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TraceTag {
    /// A message was sent: its id, its endpoints, its arrival time.
    Send = 1,
    /// A message arrived (delivered, cut or refused): its id and fate.
    Deliver = 2,
    /// The user dropped a message in flight.
    UserDrop = 3,
    /// A node crashed.
    Crash = 4,
    /// A node recovered.
    Recover = 5,
    /// A partition began.
    Partition = 6,
    /// The partition ended.
    Heal = 7,
    /// The drop rate changed.
    DropRate = 8,
    /// A client invoked an operation.
    Invoke = 9,
    /// An operation completed (hashed as `10 << 8 | ok`).
    Complete = 10,
    /// The settings changed.
    Configure = 11,
    /// A scenario's `drop_message` action ran.
    DropMessage = 12,
    /// A belief of the failure detector changed: observer, peer, whether now suspected.
    Belief = 13,
}
