//! HTML escaping, shared by templates, Markdown, feeds and QR labels.

/// Escapes text for HTML element content and attribute values. Runs of plain text are copied
/// whole (this is on the hot path of every template variable).
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_text() {
        assert_eq!(escape_html("乙肝 <b>&\"'x"), "乙肝 &lt;b&gt;&amp;&quot;&#39;x");
        assert_eq!(escape_html("plain 文本"), "plain 文本");
    }
}
