//! Standards and accessibility checks on the repository's own sample site.
//!
//! The site (root = this repository) is built once with the real binary and `--now 2026-11-25`,
//! into a folder of cargo's integration-test temporary directory, and then checked with outside
//! validators run as subprocesses:
//!
//! 1. every HTML file (and stylesheet) with the Nu Html Checker (`vnu-jar`, one JVM run): 0 errors;
//! 2. a sample of pages with axe-core in headless Debian Chromium (`playwright-core`), in the light
//!    and the dark colour scheme, WCAG 2.0/2.1/2.2 A and AA rules: 0 violations;
//! 3. every Atom feed against the requirements of RFC 4287, and `sitemap.xml` against the
//!    sitemap 0.9 XSD (with the `xhtml:link` hreflang alternates) using `xmllint`;
//! 4. every JSON-LD block: valid JSON with `@context` and `@type`;
//! 5. each language's home page: HTML + stylesheets + scripts at most 30 KiB gzip-compressed.
//!
//! Nothing is skipped: a missing tool fails the test with the command that installs it
//! (`scripts/test` installs them all). The node scripts and vendored schemas are in `tests/standards/`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-25";
const CHROMIUM: &str = "/usr/bin/chromium";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The home page budget: HTML + CSS + JS, each gzip-compressed (as a server sends them), summed.
const HOME_BUDGET: usize = 30 * 1024;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn standards_dir() -> PathBuf {
    repo().join("tests").join("standards")
}

const NPM_HINT: &str = "run `npm ci --ignore-scripts` in tests/standards (scripts/test does it)";

// ---------------------------------------------------------------------------------------------
// The built site

struct Site {
    out: PathBuf,
    base_url: String,
    /// Every built file, relative to `out`, with `/` separators, sorted.
    files: BTreeSet<String>,
}

impl Site {
    fn html_files(&self) -> impl Iterator<Item = &String> {
        self.files.iter().filter(|f| f.ends_with(".html"))
    }

    fn read(&self, rel: &str) -> String {
        let p = self.out.join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The output file a site path (`/en/articles/x/`, `/404.html`) is served from, if built.
    fn file_for_path(&self, path: &str) -> Option<String> {
        let path = percent_decode(path.split(['#', '?']).next().unwrap_or(""));
        let rel = path.strip_prefix('/')?;
        let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        self.files.contains(&rel).then_some(rel)
    }

    /// The output file an absolute URL of this site points to, if built.
    fn file_for_url(&self, url: &str) -> Option<String> {
        self.file_for_path(url.strip_prefix(&self.base_url)?)
    }
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        // Cargo's own temporary folder for integration tests (under target/): the build replaces
        // the previous run's output in place, so nothing piles up and nothing is left in /tmp.
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("standards-site");
        let started = Instant::now();
        let o = Command::new(env!("CARGO_BIN_EXE_kepu"))
            .args(["build", "--now", NOW, "--root"])
            .arg(repo())
            .arg("--output")
            .arg(&out)
            .output()
            .expect("run kepu");
        assert!(
            o.status.success(),
            "building the sample site failed:\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        eprintln!("sample site built in {:?} into {}", started.elapsed(), out.display());
        let files = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.expect("walk the output"))
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        let config: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(repo().join("site.yaml")).unwrap()).unwrap();
        let base_url = config["base_url"].as_str().expect("site.yaml has a base_url").trim_end_matches('/').to_string();
        Site { out, base_url, files }
    })
}

// ---------------------------------------------------------------------------------------------
// Running the outside tools

/// Runs a tool with a time limit, reading its output as it comes. A tool that is not installed
/// fails the test with `install`, the way to get it.
fn run(cmd: &mut Command, what: &str, install: &str, limit: Duration) -> Output {
    let mut child = match cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{what} is not installed ({e}): {install}")
        }
        Err(e) => panic!("cannot run {what}: {e}"),
    };
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        stdout.read_to_end(&mut b).map(|_| b)
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        stderr.read_to_end(&mut b).map(|_| b)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for the tool") {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let err = err_reader.join().unwrap().unwrap_or_default();
            panic!("{what} did not finish within {limit:?}; its stderr:\n{}", String::from_utf8_lossy(&err));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out_reader.join().unwrap().expect("read stdout");
    let stderr = err_reader.join().unwrap().expect("read stderr");
    eprintln!("{what} ran in {:.1?}", started.elapsed());
    Output { status, stdout, stderr }
}

/// Fails with the install command when a node package of tests/standards is missing.
fn require_node_modules(names: &[&str]) {
    for n in names {
        let p = standards_dir().join("node_modules").join(n).join("package.json");
        assert!(p.is_file(), "the npm package `{n}` is not installed: {NPM_HINT}");
    }
}

fn node() -> Command {
    let mut c = Command::new("node");
    c.current_dir(standards_dir());
    c
}

const NODE_HINT: &str = "install Node.js 20 (apt-get install -y nodejs npm)";

// ---------------------------------------------------------------------------------------------
// 1. Nu Html Checker

#[test]
fn nu_html_checker_finds_no_errors() {
    let site = site();
    require_node_modules(&["vnu-jar"]);
    let jar = run(
        node().args(["-e", "process.stdout.write(String(require('vnu-jar')))"]),
        "node",
        NODE_HINT,
        Duration::from_secs(30),
    );
    assert!(jar.status.success(), "require('vnu-jar') failed: {}", String::from_utf8_lossy(&jar.stderr));
    let jar = PathBuf::from(String::from_utf8(jar.stdout).unwrap());
    assert!(jar.is_file(), "{} missing: {NPM_HINT}", jar.display());

    let html: Vec<&String> = site.html_files().collect();
    let css: Vec<&String> = site.files.iter().filter(|f| f.ends_with(".css")).collect();
    assert!(html.len() > 100, "only {} HTML files built", html.len());
    // One JVM for every file. A UTF-8 locale, or Java cannot open the non-ASCII file names
    // (tags/乙肝/) and reports them only as a "File not found" warning.
    let o = run(
        Command::new("java")
            .current_dir(&site.out)
            .env("LC_ALL", "C.UTF-8")
            .env_remove("JAVA_TOOL_OPTIONS")
            .env_remove("_JAVA_OPTIONS")
            .args(["-Xss16m", "-jar"])
            .arg(&jar)
            .args(["--format", "json", "--verbose", "--also-check-css"])
            .args(html.iter().chain(&css).map(|s| s.as_str())),
        "java (for the Nu Html Checker)",
        "install Java 17 or newer (apt-get install -y default-jre-headless)",
        Duration::from_secs(150),
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "vnu failed ({}):\n{stderr}", o.status);
    // --verbose names each checked file on stdout: make sure none was passed over.
    let checked: BTreeSet<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().map(str::trim).collect();
    let missed: Vec<&&String> = html.iter().chain(&css).filter(|f| !checked.contains(f.as_str())).collect();
    assert!(missed.is_empty(), "vnu did not check {} files, e.g. {:?}", missed.len(), &missed[..missed.len().min(5)]);

    let start = stderr.find("{\"version\"").unwrap_or_else(|| panic!("no JSON report from vnu:\n{stderr}"));
    let report: serde_json::Value = serde_json::Deserializer::from_str(&stderr[start..])
        .into_iter()
        .next()
        .expect("a JSON report")
        .unwrap_or_else(|e| panic!("vnu's JSON report: {e}"));
    let mut errors = Vec::new();
    let mut warnings = 0;
    for m in report["messages"].as_array().expect("messages") {
        let kind = m["type"].as_str().unwrap_or("");
        let text = m["message"].as_str().unwrap_or("");
        let url = m["url"].as_str().unwrap_or("?");
        let file = url.strip_prefix("file:").map(percent_decode).unwrap_or_else(|| url.to_string());
        let file = file.strip_prefix(&format!("{}/", site.out.display())).unwrap_or(&file).to_string();
        if kind == "error" || kind == "non-document-error" || text.contains("File not found") {
            errors.push(format!(
                "{file}:{}:{}: {kind}: {text}\n    {}",
                m["lastLine"],
                m["firstColumn"].as_u64().or(m["lastColumn"].as_u64()).unwrap_or(0),
                m["extract"].as_str().unwrap_or("").replace('\n', "↩")
            ));
        } else {
            warnings += 1;
        }
    }
    eprintln!(
        "Nu Html Checker {}: {} HTML files and {} stylesheets, {} errors, {warnings} warnings/info",
        report["version"].as_str().unwrap_or("?"),
        html.len(),
        css.len(),
        errors.len()
    );
    assert!(errors.is_empty(), "the Nu Html Checker found {} errors:\n{}", errors.len(), errors.join("\n"));
    assert!(o.status.success(), "vnu exited with {} but reported no error:\n{stderr}", o.status);
}

// ---------------------------------------------------------------------------------------------
// 2. axe-core in Chromium

/// The default-language version of the first event whose front matter says `status: cancelled`.
fn cancelled_event_path() -> String {
    let dir = repo().join("content").join("events");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_') && n.matches('.').count() == 1)
        .collect();
    names.sort();
    let name = names
        .into_iter()
        .find(|n| std::fs::read_to_string(dir.join(n)).unwrap().lines().any(|l| l.trim() == "status: cancelled"))
        .expect("the sample site has a cancelled event in content/events/");
    format!("/events/{}/", name.trim_end_matches(".md"))
}

#[test]
fn axe_finds_no_wcag_violations() {
    let site = site();
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: install Debian's Chromium (apt-get update && apt-get install -y chromium)"
    );
    require_node_modules(&["axe-core", "playwright-core"]);

    let first_term = site
        .files
        .iter()
        .filter_map(|f| f.strip_prefix("tags/")?.strip_suffix("/index.html"))
        .find(|t| !t.contains('/'))
        .expect("a tag term page");
    let samples = vec![
        ("zh-Hans home page", "/".to_string()),
        ("English home page", "/en/".to_string()),
        ("Uyghur (right-to-left) home page", "/ug/".to_string()),
        ("Tibetan home page", "/bo/".to_string()),
        ("article", "/articles/hepatitis-screening/".to_string()),
        ("Uyghur article", "/ug/articles/hepatitis-screening/".to_string()),
        ("event", "/events/hepatitis-free-clinic-2027/".to_string()),
        ("cancelled event", cancelled_event_path()),
        ("events page", "/events/".to_string()),
        ("observance calendar", "/observances/".to_string()),
        ("taxonomy term", format!("/tags/{first_term}/")),
        ("search page", "/search/".to_string()),
        ("search page showing results (search.js)", "/search/?q=乙肝".to_string()),
        ("404 page", "/404.html".to_string()),
    ];
    for (what, p) in &samples {
        assert!(site.file_for_path(p).is_some(), "the {what} {p} was not built");
    }
    let o = run(
        node().arg("axe.js").arg(&site.out).args(samples.iter().map(|(_, p)| p.as_str())),
        "node (for axe-core)",
        NODE_HINT,
        Duration::from_secs(150),
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "tests/standards/axe.js failed ({}):\n{stderr}", o.status);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("axe.js printed no JSON ({e}):\n{}\n{stderr}", String::from_utf8_lossy(&o.stdout)));
    let pages = report["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), samples.len() * 2, "every page in both colour schemes");

    let mut failures = Vec::new();
    let mut rules = 0;
    for p in pages {
        let (path, scheme) = (p["path"].as_str().unwrap(), p["scheme"].as_str().unwrap());
        if p["status"] != 200 {
            failures.push(format!("{path} [{scheme}]: HTTP status {}", p["status"]));
        }
        rules += p["passes"].as_u64().unwrap_or(0);
        for v in p["violations"].as_array().unwrap() {
            let mut s = format!(
                "{path} [{scheme} scheme] {} ({}): {}\n  {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                v["helpUrl"].as_str().unwrap_or("")
            );
            for n in v["nodes"].as_array().unwrap() {
                s.push_str(&format!("\n  - {}  {}", n["target"], n["html"].as_str().unwrap_or("")));
                for line in n["summary"].as_str().unwrap_or("").lines() {
                    s.push_str(&format!("\n      {line}"));
                }
            }
            failures.push(s);
        }
    }
    eprintln!(
        "axe-core {} in Chromium {} ({}): {} pages × light/dark, {rules} rule passes, {} violations",
        report["axe"].as_str().unwrap_or("?"),
        report["chromium"].as_str().unwrap_or("?"),
        report["tags"],
        samples.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "axe-core found {} violations:\n\n{}", failures.len(), failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// 3. Atom feeds (RFC 4287) and the sitemap (sitemap 0.9 XSD)

/// An RFC 3339 `date-time`, with the upper-case `T` and `Z` RFC 4287 section 3.3 requires.
fn is_atom_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shape = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let z = rest.as_bytes();
    let zone = rest == "Z"
        || (z.len() == 6
            && (z[0] == b'+' || z[0] == b'-')
            && z[1..3].iter().all(u8::is_ascii_digit)
            && z[3] == b':'
            && z[4..6].iter().all(u8::is_ascii_digit));
    zone && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// An absolute IRI: a scheme, a colon, and no white space.
fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let mut c = scheme.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic())
        && c.all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

fn is_language_tag(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').enumerate().all(|(i, part)| {
            (1..=8).contains(&part.len())
                && part.chars().all(|c| if i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() })
        })
}

fn atom_children<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().namespace() == Some(ATOM) && c.tag_name().name() == name)
        .collect()
}

struct AtomCheck<'s> {
    site: &'s Site,
    file: String,
    errors: Vec<String>,
}

impl AtomCheck<'_> {
    fn err(&mut self, node: roxmltree::Node, msg: String) {
        let pos = node.document().text_pos_at(node.range().start);
        self.errors.push(format!("{}:{}:{}: {msg}", self.file, pos.row, pos.col));
    }

    /// Element names of the Atom namespace allowed in `node`, and how many of each.
    fn children(&mut self, node: roxmltree::Node, exactly_one: &[&str], at_most_one: &[&str], any: &[&str]) {
        let what = node.tag_name().name();
        for c in node.children().filter(|c| c.is_element()) {
            let n = c.tag_name().name();
            if c.tag_name().namespace() == Some(ATOM)
                && !exactly_one.contains(&n)
                && !at_most_one.contains(&n)
                && !any.contains(&n)
            {
                self.err(c, format!("atom:{n} is not allowed in atom:{what}"));
            }
        }
        for n in exactly_one {
            let k = atom_children(node, n).len();
            if k != 1 {
                self.err(node, format!("atom:{what} must contain exactly one atom:{n}, has {k}"));
            }
        }
        for n in at_most_one {
            let k = atom_children(node, n).len();
            if k > 1 {
                self.err(node, format!("atom:{what} must contain at most one atom:{n}, has {k}"));
            }
        }
    }

    fn common_attributes(&mut self, node: roxmltree::Node) {
        for a in node.attributes() {
            if a.namespace() == Some("http://www.w3.org/XML/1998/namespace")
                && a.name() == "lang"
                && !is_language_tag(a.value())
            {
                self.err(node, format!("xml:lang {:?} is not a language tag", a.value()));
            }
        }
    }

    fn text_construct(&mut self, node: roxmltree::Node) {
        self.common_attributes(node);
        let elements: Vec<_> = node.children().filter(|c| c.is_element()).collect();
        match node.attribute("type").unwrap_or("text") {
            "text" | "html" => {
                if !elements.is_empty() {
                    self.err(node, format!("text construct atom:{} must not contain elements", node.tag_name().name()));
                }
            }
            "xhtml" => {
                if elements.len() != 1
                    || elements[0].tag_name().namespace() != Some(XHTML)
                    || elements[0].tag_name().name() != "div"
                {
                    self.err(node, "type=\"xhtml\" must contain exactly one xhtml:div".into());
                }
            }
            t => self.err(node, format!("text construct type {t:?} is not text, html or xhtml")),
        }
    }

    fn date_construct(&mut self, node: roxmltree::Node) {
        let v = node.text().unwrap_or("");
        if !is_atom_date(v) {
            self.err(node, format!("atom:{} {v:?} is not an RFC 3339 date-time", node.tag_name().name()));
        }
    }

    fn person(&mut self, node: roxmltree::Node) {
        self.common_attributes(node);
        self.children(node, &["name"], &["uri", "email"], &[]);
        if let Some(name) = atom_children(node, "name").first() {
            if name.text().unwrap_or("").trim().is_empty() {
                self.err(*name, "atom:name is empty".into());
            }
        }
    }

    fn id(&mut self, parent: roxmltree::Node) -> Option<String> {
        let id = atom_children(parent, "id").first().copied()?;
        let v = id.text().unwrap_or("").to_string();
        if !is_absolute_iri(&v) {
            self.err(id, format!("atom:id {v:?} is not an absolute IRI"));
        }
        Some(v)
    }

    /// Links: each has an absolute href; at most one alternate per (type, hreflang); alternates
    /// of this site point to a built file. Returns the number of alternate links.
    fn links(&mut self, parent: roxmltree::Node) -> usize {
        let mut alternates = BTreeSet::new();
        for l in atom_children(parent, "link") {
            self.common_attributes(l);
            let href = l.attribute("href").unwrap_or("");
            if !is_absolute_iri(href) {
                self.err(l, format!("atom:link href {href:?} is not an absolute IRI"));
                continue;
            }
            if let Some(h) = l.attribute("hreflang") {
                if !is_language_tag(h) {
                    self.err(l, format!("atom:link hreflang {h:?} is not a language tag"));
                }
            }
            let rel = l.attribute("rel").unwrap_or("alternate");
            if rel == "alternate" {
                let key =
                    (l.attribute("type").unwrap_or("").to_string(), l.attribute("hreflang").unwrap_or("").to_string());
                if !alternates.insert(key) {
                    self.err(l, "more than one alternate link with the same type and hreflang".into());
                }
            }
            if matches!(rel, "alternate" | "self")
                && href.starts_with(&self.site.base_url)
                && self.site.file_for_url(href).is_none()
            {
                self.err(l, format!("{rel} link {href} points to no built file"));
            }
        }
        alternates.len()
    }

    fn feed(&mut self, doc: &roxmltree::Document) -> usize {
        let feed = doc.root_element();
        if feed.tag_name().namespace() != Some(ATOM) || feed.tag_name().name() != "feed" {
            self.err(feed, format!("the root element is {:?}, not atom:feed", feed.tag_name()));
            return 0;
        }
        self.common_attributes(feed);
        self.children(
            feed,
            &["id", "title", "updated"],
            &["generator", "icon", "logo", "rights", "subtitle"],
            &["author", "category", "contributor", "link", "entry"],
        );
        self.id(feed);
        for n in ["title", "subtitle", "rights"] {
            for t in atom_children(feed, n) {
                self.text_construct(t);
            }
        }
        for u in atom_children(feed, "updated") {
            self.date_construct(u);
        }
        for p in atom_children(feed, "author").into_iter().chain(atom_children(feed, "contributor")) {
            self.person(p);
        }
        self.links(feed);
        let self_url = format!("{}/{}", self.site.base_url, self.file);
        let selfs: Vec<_> =
            atom_children(feed, "link").into_iter().filter(|l| l.attribute("rel") == Some("self")).collect();
        if selfs.len() != 1 || selfs[0].attribute("href") != Some(self_url.as_str()) {
            self.err(feed, format!("the feed should have one rel=\"self\" link to {self_url}"));
        }
        let feed_has_author = !atom_children(feed, "author").is_empty();
        let entries = atom_children(feed, "entry");
        let mut ids = HashMap::new();
        for e in &entries {
            self.common_attributes(*e);
            self.children(
                *e,
                &["id", "title", "updated"],
                &["content", "published", "rights", "source", "summary"],
                &["author", "category", "contributor", "link"],
            );
            if let Some(id) = self.id(*e) {
                if let Some(first) = ids.insert(id.clone(), e.range().start) {
                    let row = doc.text_pos_at(first).row;
                    self.err(*e, format!("atom:id {id} is also the id of the entry on line {row}"));
                }
            }
            for n in ["title", "summary", "rights"] {
                for t in atom_children(*e, n) {
                    self.text_construct(t);
                }
            }
            for n in ["updated", "published"] {
                for d in atom_children(*e, n) {
                    self.date_construct(d);
                }
            }
            let authors = atom_children(*e, "author");
            let source_authors = atom_children(*e, "source").iter().flat_map(|s| atom_children(*s, "author")).count();
            for p in authors.iter().copied().chain(atom_children(*e, "contributor")) {
                self.person(p);
            }
            if !feed_has_author && authors.is_empty() && source_authors == 0 {
                self.err(*e, "atom:entry has no atom:author, and neither has the feed".into());
            }
            for c in atom_children(*e, "category") {
                if c.attribute("term").unwrap_or("").is_empty() {
                    self.err(c, "atom:category needs a term attribute".into());
                }
            }
            let alternates = self.links(*e);
            let contents = atom_children(*e, "content");
            if atom_children(*e, "link").is_empty() {
                self.err(*e, "atom:entry has no atom:link".into());
            } else if contents.is_empty() && alternates == 0 {
                self.err(*e, "atom:entry without atom:content must have a rel=\"alternate\" link".into());
            }
            if let Some(c) = contents.first() {
                self.common_attributes(*c);
                let ty = c.attribute("type").unwrap_or("text");
                let has_summary = !atom_children(*e, "summary").is_empty();
                if c.attribute("src").is_some() {
                    if c.has_children() {
                        self.err(*c, "atom:content with src must be empty".into());
                    }
                    if !has_summary {
                        self.err(*e, "an entry whose content has src must have an atom:summary".into());
                    }
                } else if matches!(ty, "text" | "html" | "xhtml") {
                    self.text_construct(*c);
                } else if !ty.contains('/') {
                    self.err(*c, format!("atom:content type {ty:?} is neither text/html/xhtml nor a media type"));
                } else {
                    // Any other media type is Base64-encoded unless it is XML or text.
                    let inline = ty.ends_with("+xml") || ty.ends_with("/xml") || ty.starts_with("text/");
                    if !inline && !has_summary {
                        self.err(*e, "an entry with base64 content must have an atom:summary".into());
                    }
                }
            }
        }
        entries.len()
    }
}

#[test]
fn atom_feeds_follow_rfc_4287() {
    let site = site();
    let feeds: Vec<&String> = site.files.iter().filter(|f| f.ends_with("atom.xml")).collect();
    assert!(feeds.len() >= 2, "expected a feed per language, found {feeds:?}");
    let mut errors = Vec::new();
    let mut entries = 0;
    for f in &feeds {
        let text = site.read(f);
        let mut check = AtomCheck { site, file: f.to_string(), errors: Vec::new() };
        match roxmltree::Document::parse(&text) {
            Ok(doc) => entries += check.feed(&doc),
            Err(e) => check.errors.push(format!("{f}: not well-formed XML: {e}")),
        }
        errors.extend(check.errors);
    }
    eprintln!("Atom: {} feeds, {entries} entries, {} problems", feeds.len(), errors.len());
    assert!(entries > 0, "the feeds have no entries");
    assert!(errors.is_empty(), "Atom feeds break RFC 4287:\n{}", errors.join("\n"));
}

#[test]
fn sitemap_is_valid_against_the_sitemap_xsd() {
    let site = site();
    assert!(site.files.contains("sitemap.xml"), "no sitemap.xml built");
    let schema = standards_dir().join("sitemap").join("sitemap-hreflang.xsd");
    let o = run(
        Command::new("xmllint").args(["--noout", "--nonet", "--schema"]).arg(&schema).arg(site.out.join("sitemap.xml")),
        "xmllint",
        "install libxml2-utils (apt-get install -y libxml2-utils)",
        Duration::from_secs(60),
    );
    assert!(
        o.status.success(),
        "sitemap.xml is not valid against the sitemap 0.9 schema:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // Beyond the schema: every URL and alternate is a page of this site that was built.
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed (xmllint said so)");
    let mut problems = Vec::new();
    let (mut urls, mut alternates) = (0, 0);
    for u in doc.root_element().children().filter(|c| c.has_tag_name((SITEMAP, "url"))) {
        urls += 1;
        let loc = u.children().find(|c| c.has_tag_name((SITEMAP, "loc"))).and_then(|l| l.text()).unwrap_or("");
        if site.file_for_url(loc).is_none() {
            problems.push(format!("<loc>{loc}</loc> is not a built page"));
        }
        let mut langs = BTreeSet::new();
        for l in u.children().filter(|c| c.has_tag_name((XHTML, "link"))) {
            alternates += 1;
            let (href, lang) = (l.attribute("href").unwrap_or(""), l.attribute("hreflang").unwrap_or(""));
            if site.file_for_url(href).is_none() {
                problems.push(format!("{loc}: alternate {lang} {href} is not a built page"));
            }
            if !langs.insert(lang) {
                problems.push(format!("{loc}: two alternates for {lang}"));
            }
        }
    }
    eprintln!("sitemap.xml: valid against the sitemap 0.9 XSD; {urls} URLs, {alternates} hreflang alternates");
    assert!(urls > 0, "the sitemap lists no URL");
    assert!(problems.is_empty(), "sitemap.xml:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// HTML scanning (Kepu's output is regular enough for a tag scanner; the Nu checker vouches for it)

struct Tag {
    attrs: BTreeMap<String, String>,
    /// Byte offset just past the tag's `>`.
    end: usize,
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every start tag `<name …>` in `html`, with its attributes (names lower-cased).
fn start_tags(html: &str, name: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open).map(|i| i + from) {
        from = i + open.len();
        if !lower[from..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            continue;
        }
        let b = html.as_bytes();
        let mut attrs = BTreeMap::new();
        let mut p = from;
        loop {
            while p < b.len() && (b[p].is_ascii_whitespace() || b[p] == b'/') {
                p += 1;
            }
            if p >= b.len() || b[p] == b'>' {
                break;
            }
            let s = p;
            while p < b.len() && !b[p].is_ascii_whitespace() && !b"=>/".contains(&b[p]) {
                p += 1;
            }
            let key = html[s..p].to_ascii_lowercase();
            let mut value = String::new();
            if p < b.len() && b[p] == b'=' {
                p += 1;
                if p < b.len() && (b[p] == b'"' || b[p] == b'\'') {
                    let q = b[p];
                    let vs = p + 1;
                    p = vs + html[vs..].bytes().position(|c| c == q).unwrap_or(html.len() - vs);
                    value = decode_entities(&html[vs..p]);
                    p += 1;
                } else {
                    let vs = p;
                    while p < b.len() && !b[p].is_ascii_whitespace() && b[p] != b'>' {
                        p += 1;
                    }
                    value = decode_entities(&html[vs..p]);
                }
            }
            attrs.insert(key, value);
        }
        tags.push(Tag { attrs, end: (p + 1).min(html.len()) });
        from = p.min(html.len());
    }
    tags
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------------------------
// 4. JSON-LD

#[test]
fn json_ld_blocks_parse_and_have_context_and_type() {
    let site = site();
    let mut problems = Vec::new();
    let (mut blocks, mut pages) = (0, 0);
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    for f in site.html_files() {
        let html = site.read(f);
        let mut found = false;
        for tag in start_tags(&html, "script") {
            if tag.attrs.get("type").map(|t| t.trim().to_ascii_lowercase()).as_deref() != Some("application/ld+json") {
                continue;
            }
            found = true;
            blocks += 1;
            let Some(len) = html[tag.end..].to_ascii_lowercase().find("</script") else {
                problems.push(format!("{f}: unterminated JSON-LD <script>"));
                continue;
            };
            let json = &html[tag.end..tag.end + len];
            let value: serde_json::Value = match serde_json::from_str(json) {
                Ok(v) => v,
                Err(e) => {
                    problems.push(format!("{f}: JSON-LD is not valid JSON: {e}"));
                    continue;
                }
            };
            let objects = match &value {
                serde_json::Value::Array(a) => a.iter().collect(),
                v => vec![v],
            };
            for o in objects {
                let Some(map) = o.as_object() else {
                    problems.push(format!("{f}: JSON-LD top level is not an object: {o}"));
                    continue;
                };
                let context = map.get("@context");
                if context.is_none_or(|c| c.is_null() || c.as_str() == Some("")) {
                    problems.push(format!("{f}: JSON-LD object without @context"));
                }
                // A graph carries its types on its nodes.
                let nodes: Vec<&serde_json::Value> = match map.get("@graph").and_then(|g| g.as_array()) {
                    Some(g) => g.iter().collect(),
                    None => vec![o],
                };
                for n in nodes {
                    match n.get("@type") {
                        Some(serde_json::Value::String(t)) if !t.is_empty() => {
                            *types.entry(t.clone()).or_default() += 1
                        }
                        Some(serde_json::Value::Array(a)) if !a.is_empty() => {
                            *types.entry(a[0].to_string()).or_default() += 1
                        }
                        _ => problems.push(format!("{f}: JSON-LD node without @type: {n}")),
                    }
                }
            }
        }
        pages += usize::from(found);
    }
    eprintln!("JSON-LD: {blocks} blocks on {pages} pages, types {types:?}, {} problems", problems.len());
    assert!(blocks > 0, "no JSON-LD block found in the sample site (articles and events should have one)");
    assert!(problems.is_empty(), "JSON-LD problems:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 5. Home page weight

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

/// Each language's home page (from site.yaml), as an output file.
fn home_pages() -> Vec<(String, String)> {
    let config: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(repo().join("site.yaml")).unwrap()).unwrap();
    let languages = config["languages"].as_sequence().expect("site.yaml lists languages");
    let default = config["default_language"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| languages[0]["code"].as_str().unwrap().to_string());
    let prefix_default = config["prefix_default_language"].as_bool().unwrap_or(false);
    languages
        .iter()
        .map(|l| {
            let code = l["code"].as_str().unwrap().to_string();
            let prefix = l["prefix"].as_str().map(str::to_string).unwrap_or_else(|| code.to_lowercase());
            let file =
                if code == default && !prefix_default { "index.html".into() } else { format!("{prefix}/index.html") };
            (code, file)
        })
        .collect()
}

#[test]
fn home_pages_weigh_at_most_30_kib_gzipped() {
    let site = site();
    let mut over = Vec::new();
    let mut table = Vec::new();
    for (code, file) in home_pages() {
        assert!(site.files.contains(&file), "the {code} home page {file} was not built");
        let html = site.read(&file);
        let dir = format!("/{}", file.trim_end_matches("index.html"));
        let mut parts = vec![(file.clone(), gzip_len(html.as_bytes()))];
        let mut referenced = Vec::new();
        for t in start_tags(&html, "link") {
            let rel = t.attrs.get("rel").map(|r| r.to_ascii_lowercase()).unwrap_or_default();
            if rel.split_whitespace().any(|r| r == "stylesheet" || r == "modulepreload") {
                referenced.push(t.attrs.get("href").cloned().unwrap_or_default());
            }
        }
        for t in start_tags(&html, "script") {
            if let Some(src) = t.attrs.get("src") {
                referenced.push(src.clone());
            }
        }
        for r in referenced {
            let path = if let Some(p) = r.strip_prefix(&site.base_url) {
                p.to_string()
            } else if r.starts_with('/') && !r.starts_with("//") {
                r.clone()
            } else if !r.contains(':') && !r.starts_with("//") {
                format!("{dir}{r}")
            } else {
                panic!("{file} loads {r} from another site; count it or serve it from the site");
            };
            let rel = site.file_for_path(&path).unwrap_or_else(|| panic!("{file} references {r}, which was not built"));
            let bytes = std::fs::read(site.out.join(&rel)).unwrap();
            parts.push((rel, gzip_len(&bytes)));
        }
        let total: usize = parts.iter().map(|p| p.1).sum();
        let detail: Vec<String> = parts.iter().map(|(f, n)| format!("{f} {n}")).collect();
        table.push(format!("  {code:8} {total:>6} bytes ({:.1} KiB): {}", total as f64 / 1024.0, detail.join(" + ")));
        if total > HOME_BUDGET {
            over.push(code);
        }
    }
    eprintln!("home page weight, gzip-compressed (budget {HOME_BUDGET} bytes):\n{}", table.join("\n"));
    assert!(over.is_empty(), "home pages over the {HOME_BUDGET}-byte budget: {over:?}\n{}", table.join("\n"));
}

#[test]
fn atom_dates_are_checked_strictly() {
    assert!(is_atom_date("2026-11-24T00:00:00+00:00"));
    assert!(is_atom_date("2026-11-24T08:30:00.25Z"));
    assert!(is_atom_date("2026-11-24T08:30:00-05:30"));
    for bad in [
        "2026-11-24",
        "2026-11-24t00:00:00Z",
        "2026-11-24T00:00:00z",
        "2026-11-24 00:00:00Z",
        "2026-11-24T00:00:00",
        "2026-11-24T00:00:00+0000",
        "2026-13-24T00:00:00Z",
        "2026-11-24T00:00:00.Z",
    ] {
        assert!(!is_atom_date(bad), "{bad} accepted");
    }
    assert!(is_absolute_iri("https://kepu.example.org/en/atom.xml"));
    assert!(is_absolute_iri("urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6"));
    assert!(!is_absolute_iri("/en/atom.xml"));
    assert!(!is_absolute_iri("https://a b/"));
    assert!(is_language_tag("zh-Hans") && is_language_tag("x-default") && !is_language_tag("zh_Hans"));
    assert_eq!(percent_decode("/tags/%E4%B9%99%E8%82%9D/"), "/tags/乙肝/");
    let tags =
        start_tags("<p><script type=\"application/ld+json\">{}</script><SCRIPT src='a.js' defer></SCRIPT>", "script");
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1].attrs["src"], "a.js");
}

#[test]
fn atom_checker_reports_broken_feeds() {
    let site = Site { out: PathBuf::new(), base_url: "https://example.org".into(), files: BTreeSet::new() };
    let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh_Hans">
  <title type="markdown">T</title>
  <updated>2026-11-24 00:00:00Z</updated>
  <link rel="self" href="https://example.org/atom.xml"/>
  <entry><title>A</title><id>/a/</id><updated>2026-11-24T00:00:00Z</updated></entry>
  <entry><title>B</title><title>B</title><id>urn:b</id><updated>2026-11-24T00:00:00Z</updated>
    <link href="https://example.org/b/"/><author><email>x@example.org</email></author><bogus/></entry>
</feed>"#;
    let doc = roxmltree::Document::parse(feed).unwrap();
    let mut check = AtomCheck { site: &site, file: "atom.xml".into(), errors: Vec::new() };
    assert_eq!(check.feed(&doc), 2);
    let all = check.errors.join("\n");
    for expected in [
        "xml:lang \"zh_Hans\"",
        "exactly one atom:id, has 0",
        "type \"markdown\"",
        "\"2026-11-24 00:00:00Z\" is not an RFC 3339",
        "atom:id \"/a/\" is not an absolute IRI",
        "atom:entry has no atom:author",
        "atom:entry has no atom:link",
        "exactly one atom:title, has 2",
        "exactly one atom:name, has 0",
        "atom:bogus is not allowed",
        "alternate link https://example.org/b/ points to no built file",
    ] {
        assert!(all.contains(expected), "missing `{expected}` in:\n{all}");
    }
}
