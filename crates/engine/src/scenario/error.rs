//! A problem with a scenario file: which field, and what was wrong.

pub use crate::text::one_line;
use std::fmt;

/// A problem with a scenario: which field, and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Where: a path like `cluster.w` or `events[2].at`; empty for the document as a whole.
    pub path: String,
    /// What was wrong, in one line.
    pub message: String,
}

impl ScenarioError {
    /// An error at `path`. Both are made [`one_line`], since they may quote the input (a key
    /// or an id holding a line break).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            path: one_line(&path.into()),
            message: one_line(&message.into()),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}
