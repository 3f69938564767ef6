//! Content types of output files as HTTP sends them: `mime_guess`'s type for the file name, with
//! `charset=utf-8` on text, since Kepu writes every text file in UTF-8. The preview server and
//! `kepu deploy` both say it this way.

/// The `Content-Type` of the file `name` (`en/index.html` → `text/html; charset=utf-8`).
#[cfg(any(feature = "deploy", test))]
pub(crate) fn content_type(name: &str) -> String {
    with_utf8(mime_guess::from_path(name).first_raw().unwrap_or("application/octet-stream"))
}

/// `kind` with `charset=utf-8` added when it is text and names no charset yet.
pub(crate) fn with_utf8(kind: &str) -> String {
    let textual = (kind.starts_with("text/") && kind != "text/event-stream")
        || matches!(kind, "application/javascript" | "application/json" | "application/xml")
        || kind.ends_with("+xml") && !kind.starts_with("image/")
        || kind.ends_with("+json");
    if textual && !kind.contains("charset") {
        format!("{kind}; charset=utf-8")
    } else {
        kind.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_says_utf8_and_the_rest_is_left_alone() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("en/calendar.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("style.3f2a9c1e.css"), "text/css; charset=utf-8");
        assert!(content_type("search.js").ends_with("javascript; charset=utf-8"));
        assert_eq!(content_type("fonts/x.woff2"), "font/woff2");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("_headers"), "application/octet-stream");
        assert_eq!(with_utf8("text/html; charset=utf-8"), "text/html; charset=utf-8");
        assert_eq!(with_utf8("text/event-stream"), "text/event-stream");
    }
}
