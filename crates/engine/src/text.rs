//! Text quoted from the input, made safe for a one-line message.

use serde::de::{Error as _, Unexpected};
use serde_json::Value;
use std::fmt::Write as _;

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

/// Writes `v` as compact JSON text, object keys in their (sorted) order: the text of
/// `v.to_string()`, without serde_json's serializer behind `Value`'s `Display`, which the page
/// would otherwise carry in two copies, compact and pretty (issue 10).
pub(crate) fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, the control characters as
/// `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX` (lower-case hex), everything else as it is.
fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `v` as compact JSON text: the text of `v.to_string()` (serde_json's `Display`), written
/// without serde_json's serializer, which the page then does not carry (issue 10).
///
/// ```
/// let v = serde_json::json!({"b": [1, 2.5, null], "a": "x\"y\n"});
/// assert_eq!(quorumscope_engine::scenario::compact_json(&v), v.to_string());
/// ```
pub fn compact_json(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_json_writes_what_value_display_writes() {
        let mut text = String::from("plain é ✓ 😀 / ");
        for c in (0u32..0x30).chain([0x7f, 0x80, 0x2028, 0xfeff]) {
            text.push(char::from_u32(c).unwrap());
        }
        let values = [
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!(false),
            serde_json::json!(0),
            serde_json::json!(-7),
            serde_json::json!(u64::MAX),
            serde_json::json!(i64::MIN),
            serde_json::json!(10.0),
            serde_json::json!(-0.0),
            serde_json::json!(0.1 + 0.2),
            serde_json::json!(1e21),
            serde_json::json!(5e-324),
            serde_json::json!(text),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"z": [1, {"y": [], "x": {}}], "a": {"\u{1}": "\\"}, "": [null]}),
        ];
        for v in values {
            assert_eq!(compact_json(&v), v.to_string());
        }
    }
}
