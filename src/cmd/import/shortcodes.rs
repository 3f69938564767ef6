//! Shortcodes: Hugo's `{{< name args >}}` / `{{% name %}}…{{% /name %}}` and Zola's
//! `{{ name(args) }}` / `{% name(args) %}…{% end %}`. The common ones become Markdown or HTML
//! (figures, video embeds, highlighted code, `ref` links, quotes and notes, details); any
//! other is kept in the page as visible text and listed for a person, never dropped.

use crate::cmd::import::model::Dialect;
use crate::util::html::escape_html;

/// The arguments of one call: positional (Hugo) and named (both).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Args {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Args {
    /// The named argument `name`, else the positional one at `pos`.
    fn get(&self, name: &str, pos: Option<usize>) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .or_else(|| pos.and_then(|p| self.positional.get(p)).map(String::as_str))
            .filter(|v| !v.is_empty())
    }

    fn first(&self, names: &[&str], pos: Option<usize>) -> Option<&str> {
        names.iter().find_map(|n| self.get(n, None)).or_else(|| pos.and_then(|p| self.get("", Some(p))))
    }
}

/// One piece of a body: text, an opening or closing tag, or a literal (an escaped shortcode).
#[derive(Debug)]
enum Token {
    Text(String),
    Open { name: String, args: Args, raw: String, at: usize, closes_itself: bool },
    Close { name: String, raw: String },
}

/// A shortcode call with what it encloses.
#[derive(Debug)]
enum Node {
    Text(String),
    Call { name: String, args: Args, raw: String, at: usize, inner: Option<(Vec<Node>, String, String)> },
}

/// A shortcode left as it was: its line in the old file, name and the text kept in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unknown {
    pub(super) line: usize,
    pub(super) name: String,
    pub(super) kept: String,
}

/// What shortcodes ask of the rest of the site.
pub(super) struct Lookup<'a> {
    /// A `ref` target (`posts/x.md`, `x`), in the language named if any, as an `@/` link.
    pub(super) link: &'a dyn Fn(&str, Option<&str>) -> Option<String>,
    /// A `param`: the page's own, else the site's.
    pub(super) param: &'a dyn Fn(&str) -> Option<String>,
}

/// A body with its shortcodes converted.
#[derive(Debug, Default)]
pub(super) struct Converted {
    pub(super) text: String,
    /// Names of the shortcodes converted, one entry per call.
    pub(super) converted: Vec<String>,
    pub(super) unknown: Vec<Unknown>,
    /// `ref` targets not found among the site's pages: (line, target).
    pub(super) missing_refs: Vec<(usize, String)>,
}

/// Converts every shortcode in `body` (which starts on line `body_line` of its file);
/// `lookup` answers `ref` and `param`.
pub(super) fn convert(body: &str, body_line: usize, dialect: Dialect, lookup: &Lookup<'_>) -> Converted {
    let tokens = match dialect {
        Dialect::Hugo => tokenize_hugo(body),
        Dialect::Zola => tokenize_zola(body),
    };
    let nodes = tree(tokens, dialect);
    let fences = fenced_ranges(body);
    let mut out = Converted::default();
    let ctx = Ctx { body, body_line, lookup, fences };
    out.text = render(&nodes, &ctx, &mut out);
    out
}

struct Ctx<'a> {
    body: &'a str,
    body_line: usize,
    lookup: &'a Lookup<'a>,
    fences: Vec<std::ops::Range<usize>>,
}

impl Ctx<'_> {
    fn line(&self, at: usize) -> usize {
        self.body_line + self.body[..at.min(self.body.len())].matches('\n').count()
    }
    fn in_code(&self, at: usize) -> bool {
        self.fences.iter().any(|r| r.contains(&at))
    }
}

/// Byte ranges of fenced code blocks (``` or ~~~), where kept text needs no code span.
fn fenced_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        let fence: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
        match &open {
            None if fence.len() >= 3 => open = Some((offset, fence)),
            Some((start, f))
                if t.trim_end().starts_with(f.as_str())
                    && t.trim_end().chars().all(|c| c == f.as_bytes()[0] as char) =>
            {
                ranges.push(*start..offset + line.len());
                open = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some((start, _)) = open {
        ranges.push(start..body.len());
    }
    ranges
}

fn tokenize_hugo(body: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(found) = body[i..].find("{{") {
        let start = i + found;
        let rest = &body[start + 2..];
        let close = match rest.chars().next() {
            Some('<') => ">}}",
            Some('%') => "%}}",
            _ => {
                i = start + 2;
                continue;
            }
        };
        let Some(len) = rest[1..].find(close) else { break };
        let end = start + 3 + len + close.len();
        let inner = body[start + 3..start + 3 + len].trim();
        let raw = body[start..end].to_string();
        tokens.push(Token::Text(body[text_start..start].to_string()));
        if let Some(escaped) = inner.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")) {
            let open = if close.starts_with('%') { "%" } else { "<" };
            tokens.push(Token::Text(format!("{{{{{open} {} {}", escaped.trim(), close)));
        } else if let Some(name) = inner.strip_prefix('/') {
            tokens.push(Token::Close { name: name.trim().to_ascii_lowercase(), raw });
        } else {
            let closes_itself = inner.ends_with('/');
            let inner = inner.trim_end_matches('/');
            let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            tokens.push(Token::Open {
                name: name.to_ascii_lowercase(),
                args: hugo_args(args),
                raw,
                at: start,
                closes_itself,
            });
        }
        text_start = end;
        i = end;
    }
    tokens.push(Token::Text(body[text_start..].to_string()));
    tokens
}

/// `"a b" c key="v" k=`raw``: Hugo's arguments, space separated.
fn hugo_args(s: &str) -> Args {
    let mut args = Args::default();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut word = String::new();
        let mut key = None;
        while let Some(&c) = chars.peek() {
            match c {
                '"' | '`' => {
                    chars.next();
                    word.push_str(&quoted(&mut chars, c));
                }
                '=' if key.is_none() => {
                    chars.next();
                    key = Some(std::mem::take(&mut word));
                }
                c if c.is_whitespace() => break,
                c => {
                    chars.next();
                    word.push(c);
                }
            }
        }
        match key {
            Some(k) => args.named.push((k, word)),
            None => args.positional.push(word),
        }
    }
    args
}

/// The rest of a quoted value (after its opening quote), with `\"` escapes in double quotes.
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, quote: char) -> String {
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => out.extend(chars.next()),
            c if c == quote => break,
            c => out.push(c),
        }
    }
    out
}

fn tokenize_zola(body: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(found) = body[i..].find(['{']) {
        let start = i + found;
        let Some((end, token)) = zola_tag(body, start) else {
            i = start + 1;
            continue;
        };
        tokens.push(Token::Text(body[text_start..start].to_string()));
        tokens.push(token);
        text_start = end;
        i = end;
    }
    tokens.push(Token::Text(body[text_start..].to_string()));
    tokens
}

/// A Zola tag starting at `start`: `{{ name(…) }}`, `{% name(…) %}`, `{% end %}`, or an
/// escaped one (`{{/* … */}}`), with the offset just after it.
fn zola_tag(body: &str, start: usize) -> Option<(usize, Token)> {
    let rest = &body[start..];
    let (open, close) = if rest.starts_with("{{") {
        ("{{", "}}")
    } else if rest.starts_with("{%") {
        ("{%", "%}")
    } else {
        return None;
    };
    let after = &rest[2..];
    if let Some(esc) = after.strip_prefix("/*") {
        let end = esc.find(&format!("*/{close}"))?;
        let text = format!("{open} {} {close}", esc[..end].trim());
        return Some((start + 2 + 2 + end + 2 + close.len(), Token::Text(text)));
    }
    let trimmed = after.trim_start();
    let lead = after.len() - trimmed.len();
    let name: String = trimmed.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if name.is_empty() {
        return None;
    }
    let after_name = &trimmed[name.len()..];
    if name == "end" && open == "{%" {
        let tail = after_name.trim_start();
        let end = start + 2 + lead + name.len() + (after_name.len() - tail.len()) + close.len();
        return tail
            .starts_with(close)
            .then(|| (end, Token::Close { name: String::new(), raw: body[start..end].to_string() }));
    }
    let args_src = after_name.strip_prefix('(')?;
    let args_len = closing_paren(args_src)?;
    let tail = &args_src[args_len + 1..];
    let tail_trimmed = tail.trim_start();
    if !tail_trimmed.starts_with(close) {
        return None;
    }
    let end = start + 2 + lead + name.len() + 1 + args_len + 1 + (tail.len() - tail_trimmed.len()) + close.len();
    let token = Token::Open {
        name: name.to_ascii_lowercase(),
        args: zola_args(&args_src[..args_len]),
        raw: body[start..end].to_string(),
        at: start,
        closes_itself: open == "{{",
    };
    Some((end, token))
}

/// The offset of the `)` closing a Zola argument list, quotes respected.
fn closing_paren(s: &str) -> Option<usize> {
    let mut quote = None;
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, ')') if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// `id="x", autoplay=true`: Zola's named arguments, comma separated.
fn zola_args(s: &str) -> Args {
    let mut args = Args::default();
    let mut chars = s.chars().peekable();
    loop {
        let key: String = chars
            .by_ref()
            .take_while(|c| *c != '=')
            .collect::<String>()
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_string();
        if key.is_empty() {
            break;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let value = match chars.peek() {
            Some(&q) if q == '"' || q == '\'' || q == '`' => {
                chars.next();
                quoted(&mut chars, q)
            }
            _ => chars.by_ref().take_while(|c| *c != ',').collect::<String>().trim().to_string(),
        };
        args.named.push((key, value));
    }
    args
}

/// Pairs opening and closing tags into a tree; an opening tag without a close stands alone.
fn tree(tokens: Vec<Token>, dialect: Dialect) -> Vec<Node> {
    // For each opening tag, the index of its closing tag.
    let mut pairs = std::collections::HashMap::new();
    let mut stack: Vec<(usize, &str)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Open { name, closes_itself: false, .. } => stack.push((i, name.as_str())),
            Token::Close { name, .. } => {
                let hit = match dialect {
                    Dialect::Zola => stack.len().checked_sub(1),
                    Dialect::Hugo => stack.iter().rposition(|(_, n)| n == name),
                };
                if let Some(at) = hit {
                    pairs.insert(stack[at].0, i);
                    stack.truncate(at);
                }
            }
            _ => {}
        }
    }
    let mut tokens: Vec<Option<Token>> = tokens.into_iter().map(Some).collect();
    let len = tokens.len();
    build(&mut tokens, 0, len, &pairs)
}

fn build(
    tokens: &mut [Option<Token>],
    from: usize,
    to: usize,
    pairs: &std::collections::HashMap<usize, usize>,
) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut i = from;
    while i < to {
        match tokens[i].take() {
            Some(Token::Text(t)) => nodes.push(Node::Text(t)),
            Some(Token::Open { name, args, raw, at, .. }) => match pairs.get(&i) {
                Some(&close) => {
                    let inner = build(tokens, i + 1, close, pairs);
                    let close_raw = match tokens[close].take() {
                        Some(Token::Close { raw, .. }) => raw,
                        _ => String::new(),
                    };
                    let raw_inner = raw_text(&inner);
                    nodes.push(Node::Call { name, args, raw, at, inner: Some((inner, raw_inner, close_raw)) });
                    i = close;
                }
                None => nodes.push(Node::Call { name, args, raw, at, inner: None }),
            },
            Some(Token::Close { raw, .. }) => nodes.push(Node::Text(raw)),
            None => {}
        }
        i += 1;
    }
    nodes
}

/// The text of nodes as written, for code that must not be converted.
fn raw_text(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text(t) => t.clone(),
            Node::Call { raw, inner: None, .. } => raw.clone(),
            Node::Call { raw, inner: Some((_, text, close)), .. } => format!("{raw}{text}{close}"),
        })
        .collect()
}

fn render(nodes: &[Node], ctx: &Ctx<'_>, out: &mut Converted) -> String {
    let mut text = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => text.push_str(t),
            Node::Call { name, args, raw, at, inner } => {
                let inner_md = inner.as_ref().map(|(nodes, _, _)| render(nodes, ctx, out));
                let inner_raw = inner.as_ref().map(|(_, raw, _)| raw.as_str());
                match known(name, args, inner_md.as_deref(), inner_raw, ctx, *at, out) {
                    Some(converted) => {
                        out.converted.push(name.clone());
                        text.push_str(&converted);
                    }
                    None => {
                        let line = ctx.line(*at);
                        let kept = keep_visible(raw, ctx.in_code(*at));
                        out.unknown.push(Unknown { line, name: name.clone(), kept: kept.clone() });
                        text.push_str(&kept);
                        if let (Some(md), Some((_, _, close))) = (inner_md, inner) {
                            text.push_str(&md);
                            text.push_str(&keep_visible(close, ctx.in_code(*at)));
                        }
                    }
                }
            }
        }
    }
    text
}

/// A shortcode kept as it was written, shown as code so that Markdown neither hides its angle
/// brackets as HTML nor reads its quotes.
fn keep_visible(raw: &str, in_code: bool) -> String {
    if in_code || raw.is_empty() {
        return raw.to_string();
    }
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.contains('`') {
        format!("`` {one_line} ``")
    } else {
        format!("`{one_line}`")
    }
}

/// The Markdown or HTML of a shortcode Kepu knows, or `None`.
fn known(
    name: &str,
    args: &Args,
    inner: Option<&str>,
    inner_raw: Option<&str>,
    ctx: &Ctx<'_>,
    at: usize,
    out: &mut Converted,
) -> Option<String> {
    match name {
        "figure" | "fig" | "image" | "img" => figure(args),
        "youtube" => {
            let id = args.first(&["id"], Some(0))?;
            let title = args.get("title", None).unwrap_or("YouTube video");
            Some(embed(
                &format!("https://www.youtube-nocookie.com/embed/{id}"),
                &format!("https://www.youtube.com/watch?v={id}"),
                title,
            ))
        }
        "vimeo" => {
            let id = args.first(&["id"], Some(0))?;
            let title = args.get("title", None).unwrap_or("Vimeo video");
            Some(embed(&format!("https://player.vimeo.com/video/{id}"), &format!("https://vimeo.com/{id}"), title))
        }
        "bilibili" => {
            let id = args.first(&["id", "bvid", "bv", "aid", "av"], Some(0))?;
            let title = args.get("title", None).unwrap_or("Bilibili 视频");
            let query = match id.strip_prefix("av").unwrap_or(id) {
                digits if digits.chars().all(|c| c.is_ascii_digit()) => format!("aid={digits}"),
                _ => format!("bvid={id}"),
            };
            let page = if id.chars().all(|c| c.is_ascii_digit()) { format!("av{id}") } else { id.to_string() };
            Some(embed(
                &format!("https://player.bilibili.com/player.html?{query}"),
                &format!("https://www.bilibili.com/video/{page}/"),
                title,
            ))
        }
        "streamable" => {
            let id = args.first(&["id"], Some(0))?;
            Some(embed(&format!("https://streamable.com/o/{id}"), &format!("https://streamable.com/{id}"), "Video"))
        }
        "highlight" | "code" => {
            let code = inner_raw?.trim_matches('\n');
            let lang = args.first(&["lang", "language"], Some(0)).unwrap_or("");
            let ticks = "`".repeat(longest_run(code, '`').max(2) + 1);
            Some(format!("{ticks}{lang}\n{code}\n{ticks}"))
        }
        "ref" | "relref" => {
            let target = args.first(&["path"], Some(0))?;
            match (ctx.lookup.link)(target, args.get("lang", None)) {
                Some(link) => Some(link),
                None => {
                    out.missing_refs.push((ctx.line(at), target.to_string()));
                    None
                }
            }
        }
        "param" => (ctx.lookup.param)(args.first(&["name"], Some(0))?),
        "quote" | "blockquote" | "pullquote" => {
            let mut text = quote_lines(inner?);
            if let Some(by) = args.first(&["author", "by", "cite", "source", "name"], Some(0)) {
                text.push_str(&format!(">\n> — {by}\n"));
            }
            Some(format!("\n{text}"))
        }
        "note" | "notice" | "tip" | "info" | "warning" | "caution" | "important" | "alert" | "admonition"
        | "callout" | "hint" | "danger" => {
            let label = args
                .first(&["title", "type"], Some(0))
                .map(crate::cmd::import::frontmatter::humanize)
                .unwrap_or_else(|| crate::cmd::import::frontmatter::humanize(name));
            let body = quote_lines(inner?);
            Some(format!("\n> **{label}:**\n>\n{body}"))
        }
        "details" | "spoiler" | "collapse" | "expand" => {
            let summary = args.first(&["summary", "title"], Some(0)).unwrap_or("Details");
            Some(format!(
                "\n<details>\n<summary>{}</summary>\n\n{}\n\n</details>\n",
                escape_html(summary),
                inner?.trim()
            ))
        }
        "gist" => {
            let url = match args.get("url", None) {
                Some(url) => url.to_string(),
                None => format!(
                    "https://gist.github.com/{}/{}",
                    args.first(&["user"], Some(0))?,
                    args.first(&["id"], Some(1))?
                ),
            };
            Some(format!("[{url}]({url})"))
        }
        "x" | "tweet" | "twitter" => {
            let user = args.first(&["user"], Some(0))?;
            let id = args.first(&["id"], Some(1))?;
            let url = format!("https://x.com/{user}/status/{id}");
            Some(format!("[{url}]({url})"))
        }
        "instagram" => {
            let id = args.first(&["id"], Some(0))?;
            let url = format!("https://www.instagram.com/p/{id}/");
            Some(format!("[{url}]({url})"))
        }
        _ => None,
    }
}

/// A figure: its image in Markdown (so the build checks it and its alt text), its caption in
/// `<figcaption>`.
fn figure(args: &Args) -> Option<String> {
    let src = args.first(&["src", "url", "path"], Some(0))?;
    let title = args.get("title", None);
    let caption = args.get("caption", None);
    let alt = args.get("alt", None).or(caption).or(title).unwrap_or("");
    let alt_md = alt.replace(['[', ']'], "");
    let image = match args.get("link", None) {
        Some(link) => format!("[![{alt_md}](<{src}>)](<{link}>)"),
        None => format!("![{alt_md}](<{src}>)"),
    };
    let caption = match (title, caption) {
        (Some(t), Some(c)) => format!("<strong>{}</strong> {}", escape_html(t), escape_html(c)),
        (Some(t), None) => format!("<strong>{}</strong>", escape_html(t)),
        (None, Some(c)) => escape_html(c),
        (None, None) => return Some(format!("\n{image}\n")),
    };
    Some(format!("\n<figure>\n\n{image}\n\n<figcaption>{caption}</figcaption>\n</figure>\n"))
}

/// A video player, with a plain link beneath for readers whose browsers block frames.
fn embed(player: &str, page: &str, title: &str) -> String {
    let title = escape_html(title);
    format!(
        "\n<div class=\"video\"><iframe src=\"{player}\" title=\"{title}\" loading=\"lazy\" allowfullscreen></iframe></div>\n\n[{title}]({page})\n"
    )
}

fn quote_lines(text: &str) -> String {
    text.trim_matches('\n')
        .lines()
        .map(|l| if l.trim().is_empty() { ">\n".to_string() } else { format!("> {l}\n") })
        .collect()
}

fn longest_run(s: &str, c: char) -> usize {
    s.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text of shortcode punctuation converts without a panic, and text with no
        /// shortcode in it comes back as it was.
        #[test]
        fn any_text_converts(body in "[{}<>%/*()\"'`= \nab乙-]{0,60}") {
            for dialect in [Dialect::Hugo, Dialect::Zola] {
                let (none, no_link) = (|_: &str| None, |_: &str, _: Option<&str>| None);
                let c = convert(&body, 1, dialect, &Lookup { link: &no_link, param: &none });
                if !body.contains("{{") && !body.contains("{%") {
                    prop_assert_eq!(&c.text, &body);
                }
            }
        }
    }

    fn hugo(body: &str) -> Converted {
        let link = |t: &str, l: Option<&str>| {
            (t == "posts/b.md").then(|| format!("@/posts/b{}.md", l.map(|l| format!(".{l}")).unwrap_or_default()))
        };
        let param = |k: &str| (k == "phone").then(|| "120".to_string());
        convert(body, 1, Dialect::Hugo, &Lookup { link: &link, param: &param })
    }

    #[test]
    fn hugo_builtins_become_markdown() {
        let c = hugo("{{< figure src=\"eye.jpg\" alt=\"An eye\" caption=\"Check yearly\" >}}\n");
        assert!(
            c.text.contains("![An eye](<eye.jpg>)") && c.text.contains("<figcaption>Check yearly</figcaption>"),
            "{}",
            c.text
        );
        let c = hugo("{{< youtube w7Ft2ymGmfc >}}");
        assert!(c.text.contains("youtube-nocookie.com/embed/w7Ft2ymGmfc"));
        let c = hugo("{{< highlight go \"linenos=table\" >}}\nfmt.Println(\"{{< x >}}\")\n{{< /highlight >}}");
        assert_eq!(c.text, "```go\nfmt.Println(\"{{< x >}}\")\n```");
        let c = hugo("[B]({{< ref \"posts/b.md\" >}}) and [C]({{< relref \"c\" >}})");
        assert!(c.text.starts_with("[B](@/posts/b.md)"), "{}", c.text);
        assert_eq!(hugo("{{< ref path=\"posts/b.md\" lang=\"en\" >}}").text, "@/posts/b.en.md");
        assert_eq!(c.missing_refs, vec![(1, "c".to_string())]);
        let c = hugo("{{% notice warning %}}\nDrink water.\n{{% /notice %}}");
        assert!(c.text.contains("> **Warning:**") && c.text.contains("> Drink water."), "{}", c.text);
        assert_eq!(c.converted, vec!["notice"]);
        assert_eq!(hugo("Call {{< param \"phone\" >}}.").text, "Call 120.");
        assert_eq!(hugo("{{< param nope >}}").unknown.len(), 1, "a missing param is kept and listed");
    }

    #[test]
    fn unknown_shortcodes_stay_visible_and_are_listed() {
        let c = hugo("Intro\n\n{{<chart data=\"x\">}}\n\n{{< mybox >}}Inside **bold**{{< /mybox >}}\n\n```\n{{< chart >}}\n```\n");
        let names: Vec<(usize, &str)> = c.unknown.iter().map(|u| (u.line, u.name.as_str())).collect();
        assert_eq!(names, vec![(3, "chart"), (5, "mybox"), (8, "chart")]);
        assert!(c.text.contains("`{{<chart data=\"x\">}}`"), "{}", c.text);
        assert!(c.text.contains("`{{< mybox >}}`Inside **bold**`{{< /mybox >}}`"), "{}", c.text);
        assert!(c.text.contains("```\n{{< chart >}}\n```"), "inside code the text is already visible");
        assert_eq!(hugo("{{</* figure src=\"x\" */>}}").text, "{{< figure src=\"x\" >}}");
    }

    #[test]
    fn zola_calls_and_bodies() {
        let (none, no_link) = (|_: &str| None, |_: &str, _: Option<&str>| None);
        let z = |b: &str| convert(b, 10, Dialect::Zola, &Lookup { link: &no_link, param: &none });
        let c = z("{{ youtube(id=\"abc\", autoplay=true) }}\n{% note(title=\"注意\") %}\n多喝水\n{% end %}\n{{ chart(x=[1, 2]) }}");
        assert!(
            c.text.contains("embed/abc") && c.text.contains("> **注意:**") && c.text.contains("> 多喝水"),
            "{}",
            c.text
        );
        assert_eq!(c.unknown, vec![Unknown { line: 14, name: "chart".into(), kept: "`{{ chart(x=[1, 2]) }}`".into() }]);
        assert_eq!(z("{{/* youtube(id=\"a\") */}}").text, "{{ youtube(id=\"a\") }}");
        assert_eq!(z("a {b} {{ not a call }}").text, "a {b} {{ not a call }}");
    }
}
