//! Code highlighting with syntect, as CSS classes (no inline styles) so one stylesheet serves
//! every page and a strict Content-Security-Policy still works. The syntax set loads once, and
//! only if some page has a fenced code block.

use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre>` HTML for a code block; unknown languages are escaped as plain text.
pub(crate) fn code_block(code: &str, lang: &str) -> String {
    let lang_attr = crate::util::html::escape_html(lang);
    let inner = highlight_inner(code, lang).unwrap_or_else(|| crate::util::html::escape_html(code));
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{inner}</code></pre>\n")
    } else {
        format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{inner}</code></pre>\n"
        )
    }
}

fn highlight_inner(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty() || matches!(lang, "text" | "txt" | "plain") {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// The stylesheet for the highlight classes, generated once per build.
pub(crate) fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    css_for_theme_with_class_style(theme, STYLE).unwrap_or_default()
}
