//! A problem with a scenario file: which field, and what was wrong.

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

/// `text` on one line: each control character (line breaks, tabs, ...) and each Unicode line
/// or paragraph separator is written as its escape (`\n`, `\u{2028}`); the rest is kept.
///
/// ```
/// use quorumscope_engine::scenario::one_line;
/// assert_eq!(one_line("a\nb\tc é"), "a\\nb\\tc é");
/// ```
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
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
