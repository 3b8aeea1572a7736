//! Text quoted from the input, made safe for a one-line message.

use serde::de::{Error as _, Unexpected};
use serde_json::Value;

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

/// serde's `invalid type: <what v is>, expected <expected>`: the wording of every field of the
/// wrong type, written once for the scenario reader and the failure detector's reader.
pub(crate) fn invalid_type(v: &Value, expected: &str) -> String {
    let unexpected = match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    serde_json::Error::invalid_type(unexpected, &expected).to_string()
}
