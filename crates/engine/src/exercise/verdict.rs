//! Checking a solution: running it and saying which conditions hold.

use serde::Serialize;

use super::file::Exercise;
use super::goal::RunView;
use crate::node::Settings;
use crate::quorum::DcId;
use crate::scenario::Action;
use crate::time::ms_to_us;
use crate::{RunResult, Simulator};

/// What a run made of an exercise's goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The exercise's title.
    pub exercise: String,
    /// Whether every condition holds.
    pub solved: bool,
    /// Each condition, in the file's order.
    pub conditions: Vec<ConditionResult>,
}

/// One condition of a verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConditionResult {
    /// The condition's words.
    pub text: String,
    /// Whether it holds.
    pub met: bool,
    /// How many of what it counts the run has.
    pub found: u64,
}

impl Exercise {
    /// Checks a finished run against the goal.
    pub fn verdict(&self, sim: &Simulator) -> Verdict {
        let result = RunResult::of(sim);
        let view = RunView {
            settings: settings_at_invocations(sim, &result),
            result: &result,
        };
        let conditions: Vec<ConditionResult> = self
            .goal
            .iter()
            .map(|c| {
                let found = c.found(&view);
                ConditionResult {
                    text: c.text.clone(),
                    met: c.bound.holds(found),
                    found,
                }
            })
            .collect();
        Verdict {
            exercise: self.title.clone(),
            solved: conditions.iter().all(|c| c.met),
            conditions,
        }
    }
}

/// The settings in force when each operation of the history was invoked: the scenario's
/// cluster with the `configure` events up to that time applied.
fn settings_at_invocations(sim: &Simulator, result: &RunResult) -> Vec<(Settings, DcId)> {
    let scenario = sim.scenario();
    let mut patches: Vec<_> = scenario
        .events
        .iter()
        .filter_map(|e| match &e.action {
            Action::Configure(p) => Some((ms_to_us(e.at), p)),
            _ => None,
        })
        .collect();
    patches.sort_by_key(|(at, _)| *at);
    sim.history()
        .iter()
        .take(result.history.len())
        .map(|op| {
            let mut cluster = scenario.cluster.clone();
            for (_, p) in patches.iter().take_while(|(at, _)| *at <= op.invoked_us) {
                cluster = p.apply_to(&cluster);
            }
            let settings = Settings::of(&cluster, sim.names(), sim.node_count());
            let dc = settings.layout.dc_of(op.client.0).unwrap_or(DcId::FIRST);
            (settings, dc)
        })
        .collect()
}
