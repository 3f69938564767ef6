//! HTML escaping, shared by templates, Markdown, feeds and QR labels.

/// Escapes text for HTML element content and attribute values. Runs of plain text are copied
/// whole (this is on the hot path of every template variable).
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    each_escaped_piece(s, |piece| out.push_str(piece));
    out
}

/// [`escape_html`] written to `w`: what templates print goes to the page without a `String` of
/// it in between.
pub(crate) fn write_escaped_html(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut written = Ok(());
    each_escaped_piece(s, |piece| {
        if written.is_ok() {
            written = w.write_all(piece.as_bytes());
        }
    });
    written
}

/// Gives `s` escaped, in order: runs of plain text and the entities between them.
fn each_escaped_piece(s: &str, mut piece: impl FnMut(&str)) {
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
        if plain < i {
            piece(&s[plain..i]);
        }
        piece(entity);
        plain = i + 1;
    }
    if plain < s.len() {
        piece(&s[plain..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_text() {
        assert_eq!(escape_html("乙肝 <b>&\"'x"), "乙肝 &lt;b&gt;&amp;&quot;&#39;x");
        assert_eq!(escape_html("plain 文本"), "plain 文本");
    }

    #[test]
    fn writing_escapes_as_returning_does() {
        for s in ["", "plain 文本", "乙肝 <b>&\"'x", "&&", "<", "a>"] {
            let mut written = Vec::new();
            write_escaped_html(s, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), escape_html(s), "{s}");
        }
    }
}
