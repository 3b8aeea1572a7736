//! Workshop exercises (issue 11, part 4): a scenario to start from, a goal the run must reach,
//! hints and an explanation, in a file a workshop leader writes (docs/EXERCISES.md).
//!
//! The goal is a list of [`Condition`]s on the run's result: its history (each operation's
//! kind, outcome, staleness, loss, values, and the settings in force when it was invoked),
//! its replicas' final states and its metrics. It is checked from the run, never from which
//! buttons were pressed: [`Exercise::verdict`] takes a finished run (a solution scenario run
//! to its end) and says which conditions hold ([`Verdict`]).

mod file;
mod goal;
mod verdict;

pub use file::{Exercise, ExerciseError};
pub use goal::{
    Bound, Condition, Counted, LevelName, Metric, OpFilter, OpName, OutcomeName, QuorumShape,
    ReplicaFilter,
};
pub use verdict::{ConditionResult, Verdict};
