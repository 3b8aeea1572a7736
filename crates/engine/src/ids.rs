//! The ids of the things a run names: endpoints (nodes and clients), keys, operations and
//! messages.

/// Index of a node or a client: nodes come first (`0..nodes`), then clients.
pub type EndpointId = usize;

/// Index of an interned key.
pub type KeyId = u32;

/// Number of an operation, starting at 1, in order of invocation.
pub type OpId = u64;

/// Number of a message, starting at 1, in order of sending.
pub type MsgId = u64;
