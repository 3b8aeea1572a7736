//! A run in the formats other tools read (issue 10, docs/EXPORTS.md): the history as Jepsen's
//! EDN history (for Knossos and Elle) and the causal log as a ShiViz log. (The run as a scenario
//! file is `Scenario::to_json_string` of the scenario plus the user's actions.)

mod edn;
mod shiviz;

pub use edn::jepsen_history;
pub use shiviz::{shiviz_log, SHIVIZ_REGEX};
