//! The checkers: verdicts on a run's history. [`Checker`] judges every operation as it
//! completes (stale reads, resurrections) and finds lost writes; [`check_set`] is Jepsen's set
//! checker over a finished run.

mod register;
mod set;

pub use register::Checker;
pub use set::{check_set, SetCheck};
