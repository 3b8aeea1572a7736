//! The processes of the cluster: replicas and clients, and the coordination of one request that
//! either of them may run.
//!
//! Processes never touch the network, the clock or the random number generator. Each handler is
//! given the current time and a [`View`] of the world (settings, preference lists, and a failure
//! detector that says who is reachable), and records what it wants done in an [`Outbox`]:
//! messages to send, timers to set, finished operations, and notes for the metrics. The
//! simulator alone delivers them.

mod anti_entropy;
mod client;
mod coordination;
mod outbox;
mod replica;
mod settings;
mod store;
mod view;

pub use client::Client;
pub use outbox::{Note, OpNote, Outbox, Timer};
pub use replica::Replica;
pub use settings::Settings;
pub use view::View;
