//! The run to draw: a scenario file replayed, with the causal log on, to a position of the
//! page's run (the engine is deterministic: the same scenario gives the same run).

use quorumscope_engine::sim::{Options, CAUSAL_ALL};
use quorumscope_engine::time::Micros;
use quorumscope_engine::{Scenario, Simulator};

/// A simulator of `scenario` (the page's session: its scenario plus the user's actions) that
/// records every event of the causal log, at 0 ms.
pub fn replay(scenario: Scenario) -> Simulator {
    Simulator::with_options(
        scenario,
        Options {
            causal_limit: CAUSAL_ALL,
            ..Options::default()
        },
    )
}

/// Moves `sim` on to the page's position: every event before `now_us`, then events of that
/// instant until `events` are processed in all, then the clock to `now_us` (when nothing is left
/// before it). As the page's run does, so that both are at the same event. Returns false (and
/// does nothing) when `sim` is already past that position.
pub fn catch_up(sim: &mut Simulator, now_us: Micros, events: u64) -> bool {
    if (sim.now(), sim.events_processed()) > (now_us, events) {
        return false;
    }
    while let Some(t) = sim.next_time() {
        if t > now_us || (t == now_us && sim.events_processed() >= events) {
            break;
        }
        sim.step();
    }
    if sim.now() < now_us && sim.next_time().is_none_or(|t| t > now_us) {
        sim.advance_to(now_us);
    }
    true
}
