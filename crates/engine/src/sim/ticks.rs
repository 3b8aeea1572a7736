//! Where one node's periodic background ticks stand.

use crate::time::Micros;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Where one node's periodic background ticks (anti-entropy or handoff) stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TickState {
    /// A time at which the node ticked or was due to (its phase): its ticks fall on this time
    /// plus whole periods.
    pub(super) anchor: Micros,
    /// When its next tick is scheduled; `None` while parked (idle, with nothing else
    /// scheduled). A tick entry in the queue at another time is stale.
    pub(super) next: Option<Micros>,
}

/// The first time after `anchor` (by at least one `period`), on `anchor`'s phase, that is at or
/// after `t`.
pub(super) fn phase_at_or_after(anchor: Micros, period: Micros, t: Micros) -> Micros {
    let periods = if t > anchor {
        (t - anchor).div_ceil(period).max(1)
    } else {
        1
    };
    anchor.saturating_add(periods.saturating_mul(period))
}

/// The state of the background rounds: each node's anti-entropy and handoff ticks, of the
/// current generation of each setting (a change of setting starts a new generation, and ticks
/// of an older one do nothing), the times of the queued events that are not ticks (kept only
/// while there are ticks, to find the next one), and whether no tick can change anything.
#[derive(Clone, Debug, Default)]
pub(super) struct Ticks {
    /// Each node's anti-entropy ticks, of the current generation.
    pub(super) ae: Vec<TickState>,
    /// Each node's hinted-handoff ticks, of the current generation.
    pub(super) handoff: Vec<TickState>,
    /// The generation of the anti-entropy setting.
    pub(super) ae_generation: u32,
    /// The generation of the hinted-handoff setting.
    pub(super) handoff_generation: u32,
    /// The times of the queued events that are not background ticks, while `tracking`.
    pub(super) non_tick: BinaryHeap<Reverse<Micros>>,
    /// Whether `non_tick` is kept.
    pub(super) tracking: bool,
    /// Whether no background tick can change anything ([`crate::sim::Simulator::is_settled`]'s
    /// repair test), while no event but a tick has run since it was computed.
    pub(super) idle_cache: Option<bool>,
}
