//! Text made safe inside the markup the page writes as strings (the operation log's bodies, the
//! tour panel's step, the embed code's iframe): one escape for all of them.

/// Appends `text` to `out`, safe in HTML text and in double-quoted attributes.
pub fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// `text`, escaped as [`escape`] does.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_what_html_reads_as_markup() {
        assert_eq!(
            super::escaped(r#"Say "hi" & <go> 'now'"#),
            "Say &quot;hi&quot; &amp; &lt;go&gt; 'now'"
        );
    }
}
