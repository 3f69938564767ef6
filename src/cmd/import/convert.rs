//! Turning a foreign site, once read, into the files of a Kepu site: front matter in Kepu's
//! keys, bodies with shortcodes converted and links pointed at the new files, every old address
//! kept by a `slug:` or an alias, sections for the folders Hugo listed, and `site.yaml`.

use crate::cmd::import::frontmatter::{self, Front};
use crate::cmd::import::model::{Dialect, Doc, Foreign, Settings};
use crate::cmd::import::report::{Need, Report};
use crate::cmd::import::shortcodes;
use crate::cmd::import::urls;
use crate::util::lang::Direction;
use serde_yaml::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// A file of the new site: its path inside the site folder and its text.
pub(super) type Written = (PathBuf, String);

/// Where the pages of the old site went: old path (lower case, several spellings) → new file
/// key (`post/x.md`), the same for every language.
struct Index {
    keys: HashMap<String, String>,
    /// File name → keys, for Hugo's `ref "x.md"` by name alone.
    names: HashMap<String, Vec<String>>,
}

impl Index {
    fn new(docs: &[Doc], settings: &Settings) -> Index {
        let mut keys = HashMap::new();
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        for d in docs {
            let key = new_key(d);
            let rel = d.rel.to_lowercase();
            let no_ext = crate::cmd::import::tree::markdown_stem(&rel).unwrap_or(&rel).to_string();
            let mut spellings = vec![rel.clone(), no_ext.clone(), key.to_lowercase()];
            let (folder, file) = no_ext.rsplit_once('/').unwrap_or(("", &no_ext));
            // Without the language: `posts/x.en` is `posts/x` too.
            let base = file.split('.').next().unwrap_or(file);
            let plain = if folder.is_empty() { base.to_string() } else { format!("{folder}/{base}") };
            if base == "index" || base == "_index" {
                spellings.push(folder.to_string());
            }
            spellings.push(format!("{plain}.md"));
            spellings.push(plain);
            let named = if base == "index" { folder.rsplit('/').next().unwrap_or(folder) } else { base };
            for name in [format!("{named}.md"), named.to_string()] {
                let keys = names.entry(name).or_default();
                if !keys.contains(&key) {
                    keys.push(key.clone());
                }
            }
            for s in spellings {
                keys.entry(s).or_insert_with(|| key.clone());
            }
            // A link to one language's version (`ref … lang=`), as Kepu spells it, stays one.
            let own = format!("{}.{}.md", key.trim_end_matches(".md"), settings.languages[d.lang].tag.url_form());
            keys.insert(own.to_lowercase(), own);
        }
        Index { keys, names }
    }

    /// The `@/` link for a target written relative to `from` (a `rel`) or from the root.
    fn resolve(&self, target: &str, from: &Doc) -> Option<String> {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (target, String::new()),
        };
        let path = path.trim().to_lowercase();
        let mut candidates = Vec::new();
        if !path.starts_with('/') {
            let folder = from.rel.rsplit_once('/').map_or("", |(f, _)| f).to_lowercase();
            candidates.push(join(&folder, &path));
        }
        candidates.push(path.trim_matches('/').to_string());
        let found = candidates.iter().find_map(|c| self.keys.get(c.trim_end_matches('/'))).cloned().or_else(|| {
            match self.names.get(path.trim_matches('/')) {
                Some(keys) if keys.len() == 1 => Some(keys[0].clone()),
                _ => None,
            }
        })?;
        Some(format!("@/{found}{fragment}"))
    }
}

/// `a/b` joined with `../c` → `a/c`.
fn join(folder: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The new file's key, the same for every language: `post/x.md`.
fn new_key(d: &Doc) -> String {
    if d.dir.is_empty() {
        format!("{}.md", d.stem)
    } else {
        format!("{}/{}.md", d.dir, d.stem)
    }
}

/// The new file's path in the site: `content/post/x.en.md`.
fn new_path(d: &Doc, settings: &Settings) -> PathBuf {
    let suffix = if d.lang == 0 { String::new() } else { format!(".{}", settings.languages[d.lang].tag.url_form()) };
    let name = format!("{}{suffix}.md", d.stem);
    let mut p = PathBuf::from("content");
    if !d.dir.is_empty() {
        p.push(&d.dir);
    }
    p.push(name);
    p
}

/// Every file of the new site but the copied ones.
pub(super) fn convert(foreign: &Foreign, report: &mut Report) -> Vec<Written> {
    let index = Index::new(&foreign.docs, &foreign.settings);
    let settings = &foreign.settings;
    let mut files = Vec::new();
    let mut used_taxonomies = BTreeSet::new();
    // (language, taxonomy, term) → the first file that names it.
    let mut terms: BTreeMap<(usize, String, String), String> = BTreeMap::new();
    for doc in &foreign.docs {
        let (path, text, needs, named) = convert_doc(doc, foreign, &index, report);
        for (taxonomy, term) in named {
            if taxonomy != "tags" {
                used_taxonomies.insert(taxonomy.clone());
            }
            let at = format!("{}:{}", doc.source.display(), doc.line_of(&taxonomy));
            terms.entry((doc.lang, taxonomy, term)).or_insert(at);
        }
        report.needs.extend(needs);
        if path.starts_with(LEFTOVERS) {
            report.set_aside += 1;
        } else if doc.is_section() {
            report.sections += 1;
        } else {
            report.pages += 1;
        }
        files.push((path, text));
    }
    if foreign.dialect == Dialect::Hugo {
        files.extend(missing_sections(foreign, report));
    }
    moved_terms(foreign, &terms, report);
    report.languages = settings.languages.iter().map(|l| l.tag.to_string()).collect();
    files.push((PathBuf::from("site.yaml"), site_yaml(foreign, &used_taxonomies, report)));
    files
}

/// One page or section: its new path, text, what needs a person, and the terms it names
/// (taxonomy, term).
fn convert_doc(
    doc: &Doc,
    foreign: &Foreign,
    index: &Index,
    report: &mut Report,
) -> (PathBuf, String, Vec<Need>, Vec<(String, String)>) {
    let settings = &foreign.settings;
    let mut front = frontmatter::convert(doc, settings, foreign.dialect, report);
    if settings.taxonomies.iter().any(|t| t == "authors") && !front.authors.is_empty() {
        front.taxonomies.insert("authors".into(), front.authors.clone());
    }
    let at = |line: usize| format!("{}:{line}", doc.source.display());
    let mut needs: Vec<(Need, Option<String>)> = std::mem::take(&mut front.needs)
        .into_iter()
        .map(|(at, why, needle)| (Need { at, now: None, why }, needle))
        .collect();
    let resolve = |t: &str, lang: Option<&str>| {
        let link = index.resolve(t, doc)?;
        let Some(lang) = lang.and_then(|key| settings.languages.iter().find(|l| l.key.eq_ignore_ascii_case(key)))
        else {
            return Some(link);
        };
        // `@/posts/x.md#a` in that language: `@/posts/x.en.md#a`.
        let (path, fragment) = link.split_once('#').map_or((link.as_str(), ""), |(p, f)| (p, f));
        let path = path.strip_suffix(".md").unwrap_or(path);
        let hash = if fragment.is_empty() { String::new() } else { format!("#{fragment}") };
        Some(format!("{path}.{}.md{hash}", lang.tag.url_form()))
    };
    let param = |key: &str| param(doc, settings, key);
    let lookup = shortcodes::Lookup { link: &resolve, param: &param };
    let converted = shortcodes::convert(&doc.body, doc.body_line, foreign.dialect, &lookup);
    for name in &converted.converted {
        *report.shortcodes.entry(name.clone()).or_default() += 1;
    }
    // An unresolved `ref` is listed once, as a missing page, not again as an unknown shortcode.
    for u in converted.unknown.iter().filter(|u| !(u.name == "ref" || u.name == "relref")) {
        let why = format!(
            "shortcode `{}` is not known to Kepu; it is kept as text in the page: replace it with Markdown or HTML",
            u.name
        );
        needs.push((Need { at: at(u.line), now: None, why }, Some(u.kept.clone())));
    }
    for (line, target) in &converted.missing_refs {
        let why = format!("`ref \"{target}\"` names no page of the site; the shortcode is kept as text");
        needs.push((Need { at: at(*line), now: None, why }, Some(target.clone())));
    }
    let body = more_marker(&converted.text);
    let (body, broken) = rewrite_links(&body, doc, index);
    for target in broken {
        let why = format!("link to `{target}`, which is not a page of the site; point it at a page or remove it");
        needs.push((Need { at: at(doc.body_line), now: None, why }, Some(target)));
    }
    keep_address(doc, &mut front, settings, report, &mut needs);
    let mut terms: Vec<(String, String)> = front.tags.iter().map(|t| ("tags".to_string(), t.clone())).collect();
    for (taxonomy, list) in &front.taxonomies {
        terms.extend(list.iter().map(|t| (taxonomy.clone(), t.clone())));
    }
    let text = format!("---\n{}---\n{body}", frontmatter::to_yaml(&front));
    let mut path = new_path(doc, settings);
    if let Some(what) = kepu_writes(doc, &front, settings) {
        // Kepu writes this address itself; the page's text is kept for a person, out of content/.
        path = PathBuf::from(LEFTOVERS).join(&doc.source);
        let why = format!(
            "Kepu writes its own {what} at this address, so the page was set aside in {}; move what is worth \
             keeping into another page",
            path.display()
        );
        needs.push((Need { at: at(1), now: None, why }, None));
        terms.clear();
    }
    let needs = needs
        .into_iter()
        .map(|(mut need, needle)| {
            let line = needle.and_then(|n| text.find(&n)).map(|at| text[..at].matches('\n').count() + 1);
            need.now = Some(format!("{}:{}", path.display(), line.unwrap_or(1)));
            need
        })
        .collect();
    (path, text, needs, terms)
}

/// Where pages that would take an address Kepu writes itself are set aside.
pub(super) const LEFTOVERS: &str = "import-leftovers";

/// What Kepu writes at the address `doc` would take, if anything: its search page, its health
/// days, its taxonomy lists (Hugo sites often have `content/search.md` or `content/tags/_index.md`).
fn kepu_writes(doc: &Doc, front: &Front, settings: &Settings) -> Option<String> {
    let home = settings.languages[doc.lang].home();
    let url = if doc.is_section() {
        format!("{home}{}", urls::kepu_dir(&doc.dir))
    } else {
        urls::kepu_page(&home, &doc.dir, front.slug.as_deref().unwrap_or(&doc.stem))?
    };
    reserved(url.strip_prefix(&home)?.split('/').next().unwrap_or_default(), settings)
}

/// What Kepu writes under the folder `name` of each language's home, if anything.
fn reserved(name: &str, settings: &Settings) -> Option<String> {
    match name {
        "search" => Some("search page".into()),
        "observances" => Some("health days pages".into()),
        t if t == "tags" || settings.taxonomies.iter().any(|x| x == t) => Some(format!("`{t}` pages")),
        _ => None,
    }
}

/// Lists the taxonomy pages whose address changes: Kepu writes redirects to pages only.
fn moved_terms(foreign: &Foreign, terms: &BTreeMap<(usize, String, String), String>, report: &mut Report) {
    for ((lang, taxonomy, term), at) in terms {
        let home = foreign.settings.languages[*lang].home();
        let new = format!("{home}{taxonomy}/{}/", crate::util::slug::slugify(term));
        let old = match foreign.term_slugs {
            None => Some(urls::hugo_segment(term, true)),
            Some(how) => urls::zola_segment(term, how),
        };
        let why = match old.map(|o| format!("{home}{taxonomy}/{o}/")) {
            Some(old) if old == new => continue,
            Some(old) => format!("the {taxonomy} page of `{term}` moves from {old} to {new}; redirect the old address on your host"),
            None => format!(
                "the {taxonomy} page of `{term}` had an address Zola spelt in Latin letters; it is now at {new}: redirect \
                 the old one on your host"
            ),
        };
        report.needs.push(Need { at: at.clone(), now: None, why });
    }
}

/// A `param` shortcode's value: the page's `params:` or own key, else the site's params.
fn param(doc: &Doc, settings: &Settings, key: &str) -> Option<String> {
    let own = doc.front.get("params").and_then(|p| p.get(key)).or_else(|| doc.front.get(key));
    let site = || settings.extra.get(key).or_else(|| settings.extra.get(&key.to_ascii_lowercase()));
    match own.or_else(site)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Hugo's `<!--more-->` written as Kepu reads it.
fn more_marker(body: &str) -> String {
    body.split_inclusive('\n')
        .map(|line| {
            let t = line.trim();
            let inner = t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")).map(str::trim);
            if inner.is_some_and(|i| i.eq_ignore_ascii_case("more")) {
                line.replacen(t, "<!-- more -->", 1)
            } else {
                line.to_string()
            }
        })
        .collect()
}

/// Points links at the new files: `@/` and relative `.md` links at the page's new key, files
/// beside a bundled page into its folder. Returns the body and the `.md` targets not found.
fn rewrite_links(body: &str, doc: &Doc, index: &Index) -> (String, Vec<String>) {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    let mut broken = Vec::new();
    for range in crate::site::markdown::link_destinations(body) {
        let dest = &body[range.clone()];
        let replacement = if let Some(path) = dest.strip_prefix("@/") {
            // Zola's links name files from the content folder; bundles moved, so look them up.
            match index.resolve(&format!("/{path}"), doc) {
                Some(link) => link,
                None => {
                    broken.push(dest.to_string());
                    continue;
                }
            }
        } else if is_relative(dest) {
            let path = dest.split(['#', '?']).next().unwrap_or(dest);
            if path.ends_with(".md") {
                match index.resolve(dest, doc) {
                    Some(link) => link,
                    None => {
                        broken.push(dest.to_string());
                        continue;
                    }
                }
            } else if let Some(bundle) = &doc.bundle {
                format!("{bundle}/{dest}")
            } else {
                continue;
            }
        } else {
            continue;
        };
        out.push_str(&body[last..range.start]);
        out.push_str(&replacement);
        last = range.end;
    }
    out.push_str(&body[last..]);
    (out, broken)
}

fn is_relative(dest: &str) -> bool {
    let scheme =
        dest.find(':').is_some_and(|c| dest[..c].chars().all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch)));
    !(scheme || dest.is_empty() || dest.starts_with(['/', '#', '?']))
}

/// Keeps the old address: by `slug:` when the new address then matches it, else by an alias.
fn keep_address(
    doc: &Doc,
    front: &mut Front,
    settings: &Settings,
    report: &mut Report,
    needs: &mut Vec<(Need, Option<String>)>,
) {
    let home = settings.languages[doc.lang].home();
    let at = |key: &str| format!("{}:{}", doc.source.display(), doc.line_of(key));
    if let Some(slug) = &front.slug {
        if crate::util::slug::sanitize(slug).is_err() {
            let why = format!("slug `{slug}` is not one name; kept under `extra:`, the old address by an alias");
            needs.push((Need { at: at("slug"), now: None, why }, None));
            front.extra.insert("slug".into(), slug.clone().into());
            front.slug = None;
        }
    }
    let new_url = if doc.is_section() {
        Some(format!("{home}{}", urls::kepu_dir(&doc.dir)))
    } else {
        urls::kepu_page(&home, &doc.dir, front.slug.as_deref().unwrap_or(&doc.stem))
    };
    let mut aliases: Vec<String> = Vec::new();
    for alias in std::mem::take(&mut front.aliases) {
        let normal = urls::normalize(&alias);
        if alias.contains("://") || !urls::aliasable(&normal) {
            let why = format!("alias `{alias}` is not a plain path Kepu can redirect from; redirect it on your host");
            needs.push((Need { at: at("aliases"), now: None, why }, None));
        } else if Some(&normal) != new_url.as_ref() && !aliases.contains(&normal) {
            aliases.push(normal);
            report.old_aliases += 1;
        }
    }
    if let (Some(old), Some(new)) = (&doc.old_url, &new_url) {
        if old != new {
            let last = old.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
            let by_slug = !doc.is_section() && urls::kepu_page(&home, &doc.dir, last).as_ref() == Some(old);
            if by_slug {
                front.slug = Some(last.to_string());
                report.slugs += 1;
            } else if doc.is_section() {
                let why =
                    format!("this section was at {old} and is now at {new}; redirect the old address on your host");
                needs.push((Need { at: at("title"), now: None, why }, None));
            } else if urls::aliasable(old) {
                if !aliases.contains(old) {
                    aliases.push(old.clone());
                    report.aliases += 1;
                }
            } else {
                let why =
                    format!("the old address {old} has characters Kepu cannot redirect from; redirect it on your host");
                needs.push((Need { at: at("title"), now: None, why }, None));
            }
        }
    }
    if doc.is_section() && !aliases.is_empty() {
        let why = "a section's aliases: Kepu redirects only to pages; redirect these on your host".to_string();
        needs.push((Need { at: at("aliases"), now: None, why }, None));
        front.extra.insert("aliases".into(), aliases.into());
    } else {
        front.aliases = aliases;
    }
}

/// Hugo lists every top-level folder as a section, `_index.md` or not; Kepu needs the file.
fn missing_sections(foreign: &Foreign, report: &mut Report) -> Vec<Written> {
    let settings = &foreign.settings;
    let mut have: BTreeSet<(usize, &str)> = BTreeSet::new();
    let mut want: BTreeMap<(usize, String), ()> = BTreeMap::new();
    for d in &foreign.docs {
        if d.is_section() {
            have.insert((d.lang, d.dir.as_str()));
        } else if let Some(top) = d.dir.split('/').next().filter(|t| !t.is_empty()) {
            want.insert((d.lang, top.to_string()), ());
        }
    }
    let mut files = Vec::new();
    for (lang, top) in want.into_keys() {
        if have.contains(&(lang, top.as_str()))
            || reserved(urls::kepu_dir(&top).trim_end_matches('/'), settings).is_some()
        {
            continue;
        }
        let suffix = if lang == 0 { String::new() } else { format!(".{}", settings.languages[lang].tag.url_form()) };
        let front = Front { title: frontmatter::humanize(&top), ..Front::default() };
        files.push((
            PathBuf::from(format!("content/{top}/_index{suffix}.md")),
            format!("---\n{}---\n", frontmatter::to_yaml(&front)),
        ));
        report.made_sections += 1;
        report.sections += 1;
    }
    files
}

/// `site.yaml`, in the keys of Kepu's README, with a note on where it came from.
fn site_yaml(foreign: &Foreign, used: &BTreeSet<String>, report: &mut Report) -> String {
    let s = &foreign.settings;
    let mut map = serde_yaml::Mapping::new();
    let mut put = |k: &str, v: Yaml| {
        map.insert(Yaml::String(k.into()), v);
    };
    put("title", Yaml::String(s.title.clone()));
    if !s.description.is_empty() {
        put("description", Yaml::String(s.description.clone()));
    }
    let base_url = match crate::load::config::check_base_url(&s.base_url, "base_url: ") {
        Ok(()) => s.base_url.clone(),
        Err(_) => {
            report.left.push(format!(
                "base URL `{}`: Kepu needs a full address (https://…); set `base_url:` in site.yaml",
                s.base_url
            ));
            String::new()
        }
    };
    put("base_url", Yaml::String(base_url));
    put("default_language", Yaml::String(s.languages[0].tag.to_string()));
    if s.prefix_default {
        put("prefix_default_language", Yaml::Bool(true));
    }
    let languages = s
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut m = serde_yaml::Mapping::new();
            m.insert("code".into(), Yaml::String(l.tag.to_string()));
            // Zola names no language; the menu then shows the language's own name where Kepu knows it.
            let known = Some(crate::cmd::starter::autonym(&l.tag)).filter(|n| *n != l.tag.as_str());
            if let Some(n) = l.name.as_deref().or(known) {
                m.insert("name".into(), Yaml::String(n.to_string()));
            }
            if l.rtl && l.tag.direction() != Direction::Rtl {
                m.insert("dir".into(), Yaml::String("rtl".into()));
            }
            let shown = i > 0 || s.prefix_default;
            if shown && l.prefix != l.tag.url_form() {
                m.insert("prefix".into(), Yaml::String(l.prefix.clone()));
            }
            for (k, v) in [("title", &l.title), ("description", &l.description)] {
                if let Some(v) = v {
                    m.insert(k.into(), Yaml::String(v.clone()));
                }
            }
            Yaml::Mapping(m)
        })
        .collect();
    put("languages", Yaml::Sequence(languages));
    let mut taxonomies: Vec<String> = vec!["tags".to_string()];
    for t in s.taxonomies.iter().chain(used) {
        if crate::util::slug::is_safe_segment(t) && !taxonomies.contains(t) {
            taxonomies.push(t.clone());
        } else if !crate::util::slug::is_safe_segment(t) {
            report.left.push(format!("taxonomy `{t}`: a taxonomy's name must be one lower-case word"));
        }
    }
    put("taxonomies", Yaml::Sequence(taxonomies.into_iter().map(Yaml::String).collect()));
    if let Some(n) = s.paginate_by.filter(|n| *n > 0) {
        put("paginate_by", Yaml::Number((n as u64).into()));
    }
    if report.statics > 0 {
        // Old pages name static files by their plain paths, so their names must stay.
        put("fingerprint", Yaml::Bool(false));
    }
    if !s.extra.is_empty() {
        put("extra", serde_yaml::to_value(&s.extra).unwrap_or(Yaml::Null));
    }
    let generator = foreign.dialect.name();
    format!(
        "# Written by `kepu import {}` from a {generator} site. Every setting is explained in Kepu's README\n\
         # (\"Configuration: site.yaml\"); the site's own settings from {generator} are under `extra:`.\n{}",
        generator.to_ascii_lowercase(),
        serde_yaml::to_string(&map).unwrap_or_default()
    )
}
