//! The offline search index, sharded so a reader downloads only what a query needs. Every file is
//! a plain script that registers itself through a global function, so the search page loads it
//! with `<script>` from a CDN and from a folder opened on a computer alike (no fetch, no XHR).
//!
//! Per language, under `<home>search/`:
//! - `docs.js`: `KEPU_SEARCH_DOCS(lang, {"base", "shards", "versions", "summary_docs",
//!   "summary_versions", "docs": [[title, url], …]})`, loaded by the search page. Document
//!   numbers are positions in `docs`; URLs are relative to `base` (the language's home).
//! - `sum-K.js`: `KEPU_SEARCH_SUMMARIES(lang, K, [summary, …])`, the summaries of documents
//!   `K * summary_docs ..`, loaded only for the results shown. Summaries are most of a
//!   document's entry, so the list loaded before any query stays a fraction of the index.
//! - `shard-N.js`: `KEPU_SEARCH_SHARD(lang, N, {term: postings, …})`, where postings are the
//!   document numbers in increasing order, delta-encoded in base 36 and joined with commas.
//!
//! A term lives in shard `(h * shards) >> 32`, where `h` is the 32-bit FNV-1a hash of the term's
//! first three Unicode code points (`search.js` computes the same). Keying on a prefix keeps every
//! term that starts with an unfinished word of three or more letters in that word's shard. The
//! shard count is a power of two (1–256) chosen from the index size, so shards stay near
//! [`TARGET_SHARD_BYTES`]; the same input always gives the same files.
//!
//! Han text is indexed as overlapping character pairs (bigrams), so a query of two or more
//! characters finds every page containing it without a word segmenter; Latin, Cyrillic and
//! Arabic-script words are lower-cased and lightly stemmed; Tibetan is indexed by syllable.
//! `themes/default/static/search.js` applies exactly the same rules to the query.
//!
//! Each page is tokenized once, in parallel; a build does it run by run as the pages are
//! rendered ([`Builder`]), so no page's plain text outlives its run. The index stays in memory
//! ([`Cache`], one per [`Site`]) so `kepu serve` re-tokenizes only pages whose text changed,
//! patches their postings and re-writes only the shards whose terms changed; a one-shot build
//! keeps only the encoded shards.

use crate::load::content::Origin;
use crate::site::{url_to_file, Site};
use crate::util::error::{Error, Result};
use crate::util::hash::{FastHasher, FastMap};
use crate::util::sink::Sink;
use crate::util::text::{is_cjk, is_cjk_punctuation, is_ideograph_lead, non_ascii_at, summarize};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::hash::Hasher;
use std::sync::Mutex;

/// The most shards a language's index is split into.
pub(crate) const MAX_SHARDS: usize = 256;
/// The shard size aimed at: the count is the smallest power of two that keeps the average
/// shard at or below this (until [`MAX_SHARDS`]).
pub(crate) const TARGET_SHARD_BYTES: usize = 48 * 1024;
/// Code points of a term that choose its shard.
const KEY_CHARS: usize = 3;
/// Grapheme clusters of the summary shown under a result.
const SUMMARY_GRAPHEMES: usize = 80;
/// Documents tokenized by one task of a full index build.
const CHUNK_DOCS: usize = 128;
/// Documents per summaries file: about 25 KB of Chinese summaries.
pub(crate) const SUMMARY_DOCS: usize = 100;

/// The folder of a language's index files.
pub(crate) fn index_dir(site: &Site, lang: usize) -> String {
    format!("{}search/", site.config.languages[lang].home_url())
}

/// The URL of a language's document list, the one index file the search page names.
pub(crate) fn docs_url(site: &Site, lang: usize) -> String {
    format!("{}docs.js", index_dir(site, lang))
}

/// The URL of shard `n` of a language's index.
pub(crate) fn summaries_url(site: &Site, lang: usize, k: usize) -> String {
    format!("{}sum-{k}.js", index_dir(site, lang))
}

pub(crate) fn shard_url(site: &Site, lang: usize, n: usize) -> String {
    format!("{}shard-{n}.js", index_dir(site, lang))
}

/// 32-bit FNV-1a over the first [`KEY_CHARS`] code points of `term`.
pub(crate) fn term_hash(term: &str) -> u32 {
    term.chars().take(KEY_CHARS).fold(0x811c_9dc5_u32, |h, c| (h ^ c as u32).wrapping_mul(0x0100_0193))
}

/// The shard of a term with hash `hash` among `shards`: the hash's top bits.
pub(crate) fn shard_of(hash: u32, shards: usize) -> usize {
    ((hash as u64 * shards as u64) >> 32) as usize
}

/// The shard count for an index of `bytes` bytes of terms and postings.
pub(crate) fn shard_count(bytes: usize) -> usize {
    bytes.div_ceil(TARGET_SHARD_BYTES).next_power_of_two().clamp(1, MAX_SHARDS)
}

/// The indexes built so far, one slot per language, kept between incremental rebuilds.
pub(crate) struct Cache {
    langs: Vec<Mutex<Option<LangIndex>>>,
    /// The offline copy: `base` is `../`, relative to `docs.js`, which `search.js` resolves.
    relative: bool,
    /// A live session patches its indexes on each save, so each keeps its terms as well as
    /// their encoded text; a one-shot build keeps only the text.
    patchable: bool,
}

impl Cache {
    pub(crate) fn new(languages: usize, relative: bool, patchable: bool) -> Cache {
        Cache { langs: (0..languages).map(|_| Mutex::new(None)).collect(), relative, patchable }
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let built = self.langs.iter().filter(|l| l.lock().is_ok_and(|l| l.is_some())).count();
        write!(f, "search::Cache({built} of {} languages indexed)", self.langs.len())
    }
}

/// Every language's index built while the pages are rendered: each run of pages is tokenized
/// as soon as its Markdown is rendered, so a build can let each page's plain text go at once
/// (the index is all that needs it) instead of holding the whole site's.
pub(crate) struct Builder {
    langs: Vec<Growing>,
}

impl Builder {
    /// Ready to index `site`'s pages; only which pages are indexed is read yet.
    pub(crate) fn new(site: &Site) -> Builder {
        Builder { langs: (0..site.config.languages.len()).map(|l| Growing::new(indexed_pages(site, l))).collect() }
    }

    /// Tokenizes the pages before `end` not tokenized yet; their plain text must be there.
    pub(crate) fn add_until(&mut self, site: &Site, end: usize) {
        for lang in &mut self.langs {
            lang.add_until(site, end);
        }
    }

    /// Finishes every language's index into `cache`.
    pub(crate) fn finish(self, site: &Site, cache: &Cache) {
        for (lang, (growing, mutex)) in self.langs.into_iter().zip(&cache.langs).enumerate() {
            *slot(mutex) = Some(growing.finish(site, lang, cache.patchable));
        }
    }
}

/// A language's slot; a panic while its index was being updated may have left it half done,
/// so then it starts over.
fn slot(mutex: &Mutex<Option<LangIndex>>) -> std::sync::MutexGuard<'_, Option<LangIndex>> {
    mutex.lock().unwrap_or_else(|poisoned| {
        mutex.clear_poison();
        let mut slot = poisoned.into_inner();
        *slot = None;
        slot
    })
}

fn indexed_pages(site: &Site, lang: usize) -> Vec<usize> {
    (0..site.pages.len()).filter(|&i| indexed(site, lang, i)).collect()
}

/// Builds (or brings up to date) a language's index and writes the files that changed.
pub(crate) fn write_index(site: &Site, cache: &Cache, lang: usize, out: &dyn Sink) -> Result<()> {
    let pages = indexed_pages(site, lang);
    let mut slot = slot(&cache.langs[lang]);
    match slot.as_mut() {
        // Finished from this very site by a one-shot build: nothing changed since.
        Some(index) if index.pages == pages && !index.patchable => {}
        Some(index) if index.pages == pages => index.update(site, lang),
        _ => *slot = Some(LangIndex::build(site, lang, pages, cache.patchable)),
    }
    slot.as_mut().map_or(Ok(()), |index| index.write(site, lang, cache.relative, out))
}

/// Fallback copies repeat another language's text; searching them would only duplicate hits.
fn indexed(site: &Site, lang: usize, page: usize) -> bool {
    let p = &site.pages[page];
    p.lang == lang && p.doc.origin != Origin::Fallback
}

/// One language's index in memory.
struct LangIndex {
    /// Site page of each document number.
    pages: Vec<usize>,
    /// The page revision each document was indexed from.
    revisions: Vec<u64>,
    /// Each document's `[title, url]` JSON.
    docs: Vec<String>,
    /// Each document's summary, a JSON string.
    summaries: Vec<String>,
    /// Like `versions`, for the summaries files.
    summary_versions: Vec<String>,
    /// Summaries files whose contents changed since they were last written.
    summaries_stale: Vec<bool>,
    /// Terms by the top byte of their hash: shard `k` of `n` holds parts `k * 256 / n ..`.
    parts: Vec<Part>,
    /// Whether `parts` kept their terms, so that [`LangIndex::update`] can patch them.
    patchable: bool,
    shards: usize,
    /// A hash of each shard's contents, in `docs.js`: `search.js` asks for `shard-N.js?v=…`, so a
    /// CDN or browser cache never pairs a new document list with an old shard.
    versions: Vec<String>,
    docs_stale: bool,
    /// Shards whose contents changed since they were last written.
    stale: Vec<bool>,
}

struct Part {
    /// Term → document numbers, increasing (empty once encoded, unless patchable).
    terms: BTreeMap<Box<str>, Vec<u32>>,
    /// The part's entries as they appear in its shard script.
    text: String,
}

impl Part {
    fn new(terms: BTreeMap<Box<str>, Vec<u32>>, patchable: bool) -> Part {
        let mut part = Part { terms, text: String::new() };
        part.encode();
        if !patchable {
            part.terms = BTreeMap::new();
        }
        part
    }

    fn encode(&mut self) {
        self.text.clear();
        for (term, postings) in &self.terms {
            if !self.text.is_empty() {
                self.text.push_str(",\n");
            }
            self.text.push_str(&js_string(term));
            self.text.push_str(":\"");
            encode_postings(postings, &mut self.text);
            self.text.push('"');
        }
    }
}

/// A hash map of terms with a fast hash: the keys are short and come from the site itself, so
/// SipHash's flooding resistance buys nothing, and hashing every word of every page is the
/// index build's main cost.
type TermMap<V> = FastMap<Box<str>, V>;

fn part_of(term: &str) -> usize {
    shard_of(term_hash(term), MAX_SHARDS)
}

/// A language's index while its documents are being tokenized, in document order.
struct Growing {
    /// Site page of each document number.
    pages: Vec<usize>,
    /// Documents tokenized so far.
    done: usize,
    /// Term → document numbers, per part; postings come out sorted because documents are
    /// added in order.
    parts: Vec<BTreeMap<Box<str>, Vec<u32>>>,
}

impl Growing {
    fn new(pages: Vec<usize>) -> Growing {
        Growing { pages, done: 0, parts: (0..MAX_SHARDS).map(|_| BTreeMap::new()).collect() }
    }

    /// Tokenizes the next documents, up to (not including) the first on page `end` or later.
    fn add_until(&mut self, site: &Site, end: usize) {
        let upto = self.pages.partition_point(|&p| p < end);
        let first = self.done;
        // Each chunk of documents fills its own map; chunks are merged in document order.
        let chunks: Vec<Vec<TermRun>> = self.pages[first..upto]
            .par_chunks(CHUNK_DOCS)
            .enumerate()
            .map(|(c, chunk)| tokenize_chunk(site, chunk, first + c * CHUNK_DOCS))
            .collect();
        let mut by_part: Vec<Vec<TermRun>> = (0..MAX_SHARDS).map(|_| Vec::new()).collect();
        for chunk in chunks {
            for (p, list) in chunk.into_iter().enumerate() {
                by_part[p].push(list);
            }
        }
        self.parts.par_iter_mut().zip(by_part).for_each(|(terms, lists)| {
            for (term, postings) in lists.into_iter().flatten() {
                terms.entry(term).or_default().extend(postings);
            }
        });
        self.done = upto;
    }

    fn finish(self, site: &Site, lang: usize, patchable: bool) -> LangIndex {
        debug_assert_eq!(self.done, self.pages.len(), "every document tokenized");
        let pages = self.pages;
        let parts: Vec<Part> = self.parts.into_par_iter().map(|terms| Part::new(terms, patchable)).collect();
        let (docs, summaries) = pages.par_iter().map(|&i| doc_entry(site, lang, i)).unzip();
        let revisions = pages.iter().map(|&i| site.pages[i].revision).collect();
        let shards = shard_count(parts.iter().map(|p| p.text.len()).sum());
        let files = pages.len().div_ceil(SUMMARY_DOCS);
        LangIndex {
            pages,
            revisions,
            docs,
            summaries,
            summary_versions: vec![String::new(); files],
            summaries_stale: vec![true; files],
            parts,
            patchable,
            shards,
            versions: vec![String::new(); shards],
            docs_stale: true,
            stale: vec![true; shards],
        }
    }
}

/// The terms of documents `first..` (on `pages`), by part, each with its postings.
fn tokenize_chunk(site: &Site, pages: &[usize], first: usize) -> Vec<TermRun> {
    let mut words: TermMap<Vec<u32>> = TermMap::default();
    let mut pairs = PairMap::default();
    let mut recent = RecentPairs::new();
    for (k, &page) in pages.iter().enumerate() {
        let n = (first + k) as u32;
        // The map updates stay out of line so that this closure is small enough to be inlined
        // into the scan: it runs for every term, and a repeated pair needs nothing else.
        page_terms(site, page, &mut |t| match t {
            Token::Pair(a, b) => {
                let key = (a as u64) << 32 | b as u64;
                if recent.first_in(key, n) {
                    add_posting(&mut pairs, &key, n, || key)
                }
            }
            Token::Text(t) => add_posting(&mut words, t, n, || t.into()),
        });
    }
    let pairs = pairs.into_iter().map(|(key, postings)| {
        let pair: String = [(key >> 32) as u32, key as u32].into_iter().filter_map(char::from_u32).collect();
        (pair.into_boxed_str(), postings)
    });
    let mut parts: Vec<TermRun> = (0..MAX_SHARDS).map(|_| Vec::new()).collect();
    for (term, postings) in words.into_iter().chain(pairs) {
        parts[part_of(&term)].push((term, postings));
    }
    parts
}

/// A chunk's Han pairs, keyed by their two characters.
type PairMap = FastMap<u64, Vec<u32>>;

/// Adds document `n` to the postings of `term` in `map` (`owned` makes its key when it is new),
/// unless they already end with it.
#[inline(never)]
fn add_posting<K, Q>(map: &mut FastMap<K, Vec<u32>>, term: &Q, n: u32, owned: impl FnOnce() -> K)
where
    K: std::borrow::Borrow<Q> + Eq + std::hash::Hash,
    Q: ?Sized + Eq + std::hash::Hash,
{
    match map.get_mut(term) {
        Some(postings) if postings.last() == Some(&n) => {}
        Some(postings) => postings.push(n),
        None => {
            map.insert(owned(), vec![n]);
        }
    }
}

/// The Han pairs met lately, each with the document it was met in: Chinese text repeats most of
/// its pairs within a page, and a repeat needs no look-up in the chunk's map, whose postings
/// already end with that document. A direct-mapped table that forgets on collision: a pair
/// forgotten is only looked up again.
struct RecentPairs {
    slots: Box<[(u64, u32); RECENT_PAIRS]>,
}

/// Slots of [`RecentPairs`] (32 KB): a page of Chinese text has a few hundred to a thousand
/// different pairs.
const RECENT_PAIRS: usize = 2048;

impl RecentPairs {
    fn new() -> RecentPairs {
        // No pair has this key: a character is at most U+10FFFF.
        RecentPairs { slots: Box::new([(u64::MAX, 0); RECENT_PAIRS]) }
    }

    /// Whether `key` is met for the first time lately in document `n`; records it.
    fn first_in(&mut self, key: u64, n: u32) -> bool {
        let i = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - RECENT_PAIRS.trailing_zeros());
        let slot = &mut self.slots[i as usize];
        let first = *slot != (key, n);
        *slot = (key, n);
        first
    }
}

impl LangIndex {
    fn build(site: &Site, lang: usize, pages: Vec<usize>, patchable: bool) -> LangIndex {
        let mut growing = Growing::new(pages);
        growing.add_until(site, usize::MAX);
        growing.finish(site, lang, patchable)
    }

    /// Re-indexes the documents whose page changed since they were indexed.
    fn update(&mut self, site: &Site, lang: usize) {
        let changed: Vec<u32> = (0..self.pages.len())
            .filter(|&n| site.pages[self.pages[n]].revision != self.revisions[n])
            .map(|n| n as u32)
            .collect();
        if changed.is_empty() {
            return;
        }
        debug_assert!(self.patchable, "only a live session's index is patched");
        // The new terms of each changed document, by part.
        let mut fresh: Vec<(u32, HashSet<Box<str>>)> = Vec::new();
        for &n in &changed {
            let page = self.pages[n as usize];
            let mut terms = HashSet::new();
            let mut pair = String::new();
            page_terms(site, page, &mut |t| {
                let t = match t {
                    Token::Pair(a, b) => {
                        pair.clear();
                        pair.push(a);
                        pair.push(b);
                        &pair
                    }
                    Token::Text(t) => t,
                };
                if !terms.contains(t) {
                    terms.insert(Box::<str>::from(t));
                }
            });
            fresh.push((n, terms));
            self.revisions[n as usize] = site.pages[page].revision;
            let (entry, summary) = doc_entry(site, lang, page);
            if entry != self.docs[n as usize] {
                self.docs[n as usize] = entry;
                self.docs_stale = true;
            }
            if summary != self.summaries[n as usize] {
                self.summaries[n as usize] = summary;
                self.summaries_stale[n as usize / SUMMARY_DOCS] = true;
            }
        }
        let mut new_terms: Vec<BTreeMap<&str, Vec<u32>>> = (0..MAX_SHARDS).map(|_| BTreeMap::new()).collect();
        for (n, terms) in &fresh {
            for t in terms {
                let p = part_of(t);
                if !self.parts[p].terms.contains_key(t) {
                    new_terms[p].entry(t).or_default().push(*n);
                }
            }
        }
        let dirty: Vec<bool> = self
            .parts
            .par_iter_mut()
            .zip(new_terms)
            .map(|(part, new_terms)| {
                let mut dirty = !new_terms.is_empty();
                part.terms.retain(|term, postings| {
                    for (n, terms) in &fresh {
                        match (postings.binary_search(n), terms.contains(term)) {
                            (Ok(i), false) => {
                                postings.remove(i);
                            }
                            (Err(i), true) => postings.insert(i, *n),
                            _ => continue,
                        }
                        dirty = true;
                    }
                    !postings.is_empty()
                });
                for (term, postings) in new_terms {
                    part.terms.insert(term.into(), postings);
                }
                if dirty {
                    part.encode();
                }
                dirty
            })
            .collect();
        let shards = shard_count(self.parts.iter().map(|p| p.text.len()).sum());
        if shards != self.shards {
            self.shards = shards;
            self.versions = vec![String::new(); shards];
            self.stale = vec![true; shards];
            self.docs_stale = true;
        } else {
            for (p, _) in dirty.iter().enumerate().filter(|(_, d)| **d) {
                self.stale[shard_of((p as u32) << 24, shards)] = true;
            }
        }
    }

    /// Writes the shards and summaries files that changed since they were last written, then
    /// `docs.js` if it changed (it names their versions).
    fn write(&mut self, site: &Site, lang: usize, relative: bool, out: &dyn Sink) -> Result<()> {
        let code = site.config.languages[lang].tag.as_str();
        let mut errors: Vec<Error> = Vec::new();
        let shards = write_stale(&self.stale, out, |k| (shard_url(site, lang, k), self.shard_script(code, k)));
        let summaries =
            write_stale(&self.summaries_stale, out, |k| (summaries_url(site, lang, k), self.summaries_script(code, k)));
        self.docs_stale |= settle(shards, &mut self.stale, &mut self.versions, &mut errors);
        self.docs_stale |= settle(summaries, &mut self.summaries_stale, &mut self.summary_versions, &mut errors);
        if self.docs_stale {
            match out.write(&url_to_file(&docs_url(site, lang)), self.docs_script(site, lang, relative).as_bytes()) {
                Ok(()) => self.docs_stale = false,
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(crate::util::error::join_errors(errors))
        }
    }

    fn docs_script(&self, site: &Site, lang: usize, relative: bool) -> String {
        let language = &site.config.languages[lang];
        // docs.js lives in the language's home's search/ folder.
        let base = if relative { "../".to_string() } else { language.home_url() };
        let head = format!(
            "KEPU_SEARCH_DOCS({},{{\"base\":{},\"shards\":{},\"versions\":{},\"summary_docs\":{SUMMARY_DOCS},\
             \"summary_versions\":{},\"docs\":[",
            js_string(language.tag.as_str()),
            js_string(&base),
            self.shards,
            serde_json::Value::from(self.versions.clone()),
            serde_json::Value::from(self.summary_versions.clone()),
        );
        script(&head, self.docs.iter().map(String::as_str), "]});")
    }

    fn summaries_script(&self, code: &str, k: usize) -> String {
        let list = &self.summaries[k * SUMMARY_DOCS..((k + 1) * SUMMARY_DOCS).min(self.summaries.len())];
        script(&format!("KEPU_SEARCH_SUMMARIES({},{k},[", js_string(code)), list.iter().map(String::as_str), "]);")
    }

    fn shard_script(&self, code: &str, k: usize) -> String {
        let per = MAX_SHARDS / self.shards;
        let parts = self.parts[k * per..(k + 1) * per].iter().map(|p| p.text.as_str()).filter(|t| !t.is_empty());
        script(&format!("KEPU_SEARCH_SHARD({},{k},{{", js_string(code)), parts, "});")
    }
}

/// `head`, then the entries one per line separated by commas, then `tail`: every index file's
/// shape.
fn script<'e>(head: &str, entries: impl Iterator<Item = &'e str> + Clone, tail: &str) -> String {
    let mut s = String::with_capacity(head.len() + entries.clone().map(|e| e.len() + 2).sum::<usize>() + 8);
    s.push_str(head);
    for (n, e) in entries.enumerate() {
        s.push_str(if n == 0 { "\n" } else { ",\n" });
        s.push_str(e);
    }
    s.push('\n');
    s.push_str(tail);
    s.push('\n');
    s
}

/// Calls `f` with every index term of a page, in order of appearance (duplicates included).
fn page_terms(site: &Site, page: usize, f: &mut impl FnMut(Token)) {
    let p = &site.pages[page];
    let front = &p.doc.front;
    for part in
        [&front.title, &p.description, &p.rendered.plain].into_iter().chain(&front.tags).chain(&front.specialties)
    {
        scan(part, f);
    }
}

/// A document's `[title, url (relative to the language's home)]`, and its summary.
fn doc_entry(site: &Site, lang: usize, page: usize) -> (String, String) {
    let p = &site.pages[page];
    let home = site.config.languages[lang].home_url();
    let url = p.url.strip_prefix(home.as_str()).unwrap_or(&p.url);
    let summary = summarize(&p.description, SUMMARY_GRAPHEMES);
    (escape_js(serde_json::json!([p.doc.front.title, url]).to_string()), js_string(&summary))
}

/// A file written: its number, the version of its contents, and how writing went.
type Written = (usize, String, Result<()>);

/// Writes the files of `stale` in parallel; `file(k)` gives file `k`'s URL and script.
fn write_stale(stale: &[bool], out: &dyn Sink, file: impl Fn(usize) -> (String, String) + Sync) -> Vec<Written> {
    let ks: Vec<usize> = (0..stale.len()).filter(|&k| stale[k]).collect();
    ks.into_par_iter()
        .map(|k| {
            let (url, script) = file(k);
            let written = out.write(&url_to_file(&url), script.as_bytes());
            (k, version(&script), written)
        })
        .collect()
}

/// Records what [`write_stale`] wrote; failures go to `errors` and stay stale. Returns whether
/// any version changed (`docs.js` lists them).
fn settle(written: Vec<Written>, stale: &mut [bool], versions: &mut [String], errors: &mut Vec<Error>) -> bool {
    let mut changed = false;
    for (k, version, result) in written {
        match result {
            Ok(()) => {
                stale[k] = false;
                changed |= version != versions[k];
                versions[k] = version;
            }
            Err(e) => errors.push(e),
        }
    }
    changed
}

/// A JSON string literal that is also safe inside an HTML page and in older JavaScript engines.
fn js_string(s: &str) -> String {
    escape_js(serde_json::Value::from(s).to_string())
}

/// `<` never appears raw (page text cannot end a script early), nor do U+2028/U+2029 (line
/// terminators inside strings before ES2019).
fn escape_js(json: String) -> String {
    if json.contains(['<', '\u{2028}', '\u{2029}']) {
        json.replace('<', "\\u003c").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}

/// A short, stable digest of a shard script: 32 bits of [`FastHasher`] in base 36.
fn version(script: &str) -> String {
    let mut h = FastHasher::default();
    h.write(script.as_bytes());
    let mut v = String::new();
    push_base36(h.finish() as u32, &mut v);
    v
}

/// Document numbers as base-36 gaps: `[3, 5, 40]` → `3,2,z`.
fn encode_postings(postings: &[u32], out: &mut String) {
    let mut prev = 0;
    for (i, &d) in postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(d - prev, out);
        prev = d;
    }
}

fn push_base36(mut n: u32, out: &mut String) {
    let mut digits = [0u8; 7];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&b| b as char));
}

/// Index terms of `text`, in order of appearance (duplicates included): the reference the
/// tests hold the index and search.js to.
#[cfg(test)]
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, &mut |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each index term of `text`, in order of appearance, without allocating per term:
/// a run of one Han character is that character, a longer run its overlapping pairs; any other
/// run of letters, digits and marks is a lower-cased, stemmed word.
#[cfg(test)]
pub(crate) fn for_each_token(text: &str, f: &mut dyn FnMut(&str)) {
    let mut pair = String::new();
    scan(text, &mut |t| match t {
        Token::Pair(a, b) => {
            pair.clear();
            pair.push(a);
            pair.push(b);
            f(&pair)
        }
        Token::Text(t) => f(t),
    });
}

/// A term as the scanner finds it: Han pairs stay two characters, so the index can key them by
/// number rather than hash strings (most terms of Chinese text are pairs).
enum Token<'a> {
    Pair(char, char),
    /// A lone Han character or a stemmed word.
    Text(&'a str),
}

/// Calls `f` with each term of `text`. Generic over `f` so that the per-term call is inlined into
/// the index's map updates: this loop runs over every character of every page.
fn scan(text: &str, f: &mut impl FnMut(Token)) {
    let mut word = String::new();
    let (mut prev_han, mut han_run) = ('\0', 0usize);
    fn flush_han(prev: char, run: &mut usize, f: &mut impl FnMut(Token)) {
        if *run == 1 {
            f(Token::Text(prev.encode_utf8(&mut [0; 4])));
        }
        *run = 0;
    }
    fn flush_word(word: &mut String, f: &mut impl FnMut(Token)) {
        if !word.is_empty() {
            stem_in_place(word);
            f(Token::Text(word));
            word.clear();
        }
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII is most characters of most pages: one byte, lowercased in place, no decoding.
        if b.is_ascii() {
            i += 1;
            flush_han(prev_han, &mut han_run, f);
            if b.is_ascii_alphanumeric() {
                word.push(b.to_ascii_lowercase() as char);
            } else {
                flush_word(&mut word, f);
            }
            continue;
        }
        let (c, len) = non_ascii_at(bytes, i);
        i += len;
        if is_ideograph_lead(b) || is_cjk(c) {
            flush_word(&mut word, f);
            if han_run > 0 {
                f(Token::Pair(prev_han, c));
            }
            prev_han = c;
            han_run += 1;
        } else if !is_cjk_punctuation(c) && (c.is_alphanumeric() || is_mark(c)) {
            flush_han(prev_han, &mut han_run, f);
            word.extend(c.to_lowercase());
        } else {
            flush_han(prev_han, &mut han_run, f);
            flush_word(&mut word, f);
        }
    }
    flush_han(prev_han, &mut han_run, f);
    flush_word(&mut word, f);
}

/// Combining marks (Tibetan vowel signs and subjoined letters, Arabic harakat) stay in their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0F71..=0x0F84 | 0x0F8D..=0x0FBC | 0x064B..=0x065F | 0x0670 | 0x200C | 0x200D)
}

/// Porter's step 1 (plurals, -ed, -ing, -y), mirrored in `search.js`: enough for
/// "screenings", "screening" and "screened" to meet at "screen" without the over-merging of a
/// full stemmer. Non-ASCII words are left as they are.
#[cfg(test)]
pub(crate) fn stem(word: &str) -> String {
    let mut w = word.to_string();
    stem_in_place(&mut w);
    w
}

fn stem_in_place(w: &mut String) {
    if !w.is_ascii() || w.len() <= 2 {
        return;
    }
    let ends = |w: &String, s: &str| w.ends_with(s);
    // Step 1a.
    if ends(w, "sses") || ends(w, "ies") {
        w.truncate(w.len() - 2);
    } else if !ends(w, "ss") && ends(w, "s") {
        w.pop();
    }
    // Step 1b.
    if ends(w, "eed") {
        if measure(&w.as_bytes()[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else {
        let cut = if ends(w, "ed") && has_vowel(&w.as_bytes()[..w.len() - 2]) {
            Some(2)
        } else if ends(w, "ing") && has_vowel(&w.as_bytes()[..w.len() - 3]) {
            Some(3)
        } else {
            None
        };
        if let Some(n) = cut {
            w.truncate(w.len() - n);
            let b = w.as_bytes();
            if ends(w, "at") || ends(w, "bl") || ends(w, "iz") {
                w.push('e');
            } else if ends_double_consonant(b) && !matches!(b.last(), Some(b'l' | b's' | b'z')) {
                w.pop();
            } else if measure(b) == 1 && ends_cvc(b) {
                w.push('e');
            }
        }
    }
    // Step 1c.
    if ends(w, "y") && has_vowel(&w.as_bytes()[..w.len() - 1]) {
        w.pop();
        w.push('i');
    }
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// Porter's m: the number of vowel-consonant sequences.
fn measure(w: &[u8]) -> usize {
    let mut m = 0;
    let mut prev_vowel = false;
    for i in 0..w.len() {
        let vowel = !is_consonant(w, i);
        if prev_vowel && !vowel {
            m += 1;
        }
        prev_vowel = vowel;
    }
    m
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

/// Terms with their postings, as built by one worker for one shard.
type TermRun = Vec<(Box<str>, Vec<u32>)>;

#[cfg(test)]
mod js_parity;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_bigrams_and_stems() {
        assert_eq!(tokens("乙肝筛查"), vec!["乙肝", "肝筛", "筛查"]);
        assert_eq!(tokens("肝"), vec!["肝"]);
        assert_eq!(tokens("肝 B超"), vec!["肝", "b", "超"]);
        assert_eq!(tokens("Screenings, screened!"), vec!["screen", "screen"]);
        for (word, expected) in [
            ("glasses", "glass"),
            ("glass", "glass"),
            ("babies", "babi"),
            ("baby", "babi"),
            ("making", "make"),
            ("make", "make"),
            ("getting", "get"),
            ("hoped", "hope"),
            ("agreed", "agree"),
            ("falling", "fall"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
        assert_eq!(tokens("ساغلاملىق تەكشۈرۈش"), vec!["ساغلاملىق", "تەكشۈرۈش"]);
    }

    #[test]
    fn a_pair_is_skipped_only_when_its_document_already_has_it() {
        let mut recent = RecentPairs::new();
        let mut added = HashSet::new();
        let (mut x, mut skipped) = (1u64, 0);
        for n in 0..40u32 {
            for _ in 0..4000 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                // More pairs than slots, so that slots are taken over.
                let key = (('一' as u64) << 32) | ((x >> 33) % (3 * RECENT_PAIRS as u64));
                if recent.first_in(key, n) {
                    added.insert((key, n));
                } else {
                    assert!(added.contains(&(key, n)), "pair {key:x} skipped before document {n} had it");
                    skipped += 1;
                }
            }
        }
        assert!(skipped > 20_000, "repeats are skipped: {skipped} of 160,000");
    }

    #[test]
    fn postings_are_base36_gaps() {
        let mut s = String::new();
        encode_postings(&[3, 5, 40, 40 + 36 * 36], &mut s);
        assert_eq!(s, "3,2,z,100");
        let mut big = String::new();
        push_base36(u32::MAX, &mut big);
        assert_eq!(u32::from_str_radix(&big, 36), Ok(u32::MAX));
    }

    #[test]
    fn shards_nest_and_counts_grow_with_size() {
        assert_eq!(term_hash(""), 0x811c_9dc5);
        assert_eq!(term_hash("a"), 0xe40c_292c, "FNV-1a test vector");
        assert_eq!(term_hash("screen"), term_hash("scr"), "keyed on three code points");
        for term in ["乙肝", "screen", "𠀀𠀁", "ساغلام"] {
            let h = term_hash(term);
            for shards in [1, 2, 4, 64, 256] {
                let part = shard_of(h, MAX_SHARDS);
                assert_eq!(shard_of(h, shards), part / (MAX_SHARDS / shards), "{term} {shards}");
                assert_eq!(shard_of((part as u32) << 24, shards), shard_of(h, shards));
            }
        }
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES + 1), 2);
        assert_eq!(shard_count(5 * TARGET_SHARD_BYTES), 8);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
    }

    #[test]
    fn index_file_names_are_recognised() {
        assert!(crate::site::is_search_index_url("/en/", "/en/search/docs.js"));
        assert!(crate::site::is_search_index_url("/", "/search/shard-12.js/"));
        assert!(!crate::site::is_search_index_url("/", "/search/shard-.js"));
        assert!(!crate::site::is_search_index_url("/", "/search/other/"));
        assert!(!crate::site::is_search_index_url("/en/", "/search/docs.js"));
    }
}
