//! Where one node's periodic background ticks stand.

use crate::time::Micros;

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
