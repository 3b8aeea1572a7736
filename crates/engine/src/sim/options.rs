//! Options that change what a simulator keeps of a run, never the run.

use crate::time::Micros;

/// Options that do not change a run, only what is kept of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Keep a [`MessageRecord`](crate::sim::MessageRecord) of every message (the page needs them; benchmarks do not).
    pub record_messages: bool,
    /// With `record_messages`, keep only a window of recent records instead of every one
    /// (the page, which plays for as long as it is open); `None` keeps them all.
    pub message_window: Option<MessageWindow>,
    /// How many entries of the run's journal ([`Simulator::journal`](crate::sim::Simulator::journal)) are kept: the newest
    /// ones; older ones are only counted. 0 keeps none.
    pub journal_limit: usize,
    /// How many events of the run's causal log ([`Simulator::causal_log`](crate::sim::Simulator::causal_log):
    /// every event at its endpoint, with the endpoint's vector clock) are kept: the newest ones;
    /// older ones are only counted. 0, the default, records none and keeps no clocks, at no
    /// cost to the run. [`CAUSAL_ALL`] keeps every one.
    pub causal_limit: usize,
}

/// [`Options::causal_limit`] keeping every event of the causal log (what the exports need).
pub const CAUSAL_ALL: usize = usize::MAX;

/// How many journal entries a simulator keeps by default ([`Options::journal_limit`]).
pub const JOURNAL_LIMIT: usize = 10_000;

impl Default for Options {
    fn default() -> Self {
        Options {
            record_messages: true,
            message_window: None,
            journal_limit: JOURNAL_LIMIT,
            causal_limit: 0,
        }
    }
}

/// Which message records a simulator keeps ([`Options::message_window`]): the records of
/// messages still in flight, and of finished ones (delivered or lost) until `linger_us` after
/// they finished, but never more than `max_records` in all. Records are let go oldest first
/// (by message number); past `max_records` the oldest go even if still in flight (the message
/// still travels and is delivered; only its record is gone). Memory stays bounded however long
/// the run: at most `max_records` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageWindow {
    /// How long a finished message's record is kept after it arrived or died.
    pub linger_us: Micros,
    /// The most records kept at once.
    pub max_records: usize,
}
