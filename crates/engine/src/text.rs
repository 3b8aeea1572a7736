//! Text quoted from the input, made safe for a one-line message.

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
