//! Property tests of the code that turns untrusted author text into paths, summaries, calendar
//! lines and parsed documents. The end of the file keeps the inputs of bugs these properties and
//! probes beside the fuzz targets in `fuzz/` found, as plain regression tests.
//!
//! Case counts keep the whole file well under 20 seconds in a debug build; set
//! `PROPTEST_CASES` for a deeper run.

use crate::formats::ical::{Calendar, Event, EventTime, Status};
use crate::load::config::Config;
use crate::load::content::{decode_utf8, parse_document};
use crate::util::dates::DateValue;
use crate::util::slug::{sanitize, slugify};
use crate::util::text::{is_cjk, summarize, TextStats};
use chrono::{FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;
use std::path::{Component, Path, PathBuf};
use unicode_segmentation::UnicodeSegmentation;

/// `n` cases, or `PROPTEST_CASES` for a deeper run. Failures are reported (and kept below as
/// plain regression tests), not saved to files beside the source.
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(n);
    ProptestConfig { cases: n, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Pieces of text from the scripts Kepu serves, and the ones that break naive code: CJK, emoji
/// ZWJ sequences and flags, combining marks, Tibetan stacks, Arabic (with prepended marks),
/// Hangul jamo, sentence ends of every script, odd whitespace and controls.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "乙肝筛查", "。", "！", "？", "；", "…", ".", "!", "?", "؟", "۔", "།", "༎", "᠃", "．", "｡",
            "👩‍⚕️", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇨🇳", "🇹🇼", "👍🏽", "❤️", "1️⃣", "\u{200D}", "\u{200C}", "\u{FE0F}",
            "e\u{301}", "a\u{308}\u{301}\u{323}", "\u{301}", "Z\u{36B}\u{33F}\u{344}\u{353}",
            "བཀྲ་ཤིས་བདེ་ལེགས།", "ཀྵྲྀ", "ཨོཾ", "༄༅། །",
            "سالامەتلىك ھەممىدىن مۇھىم", "\u{600}", "\u{600}١٢", "\u{6DD}", "لا", "\u{200F}", "\u{61C}",
            "\u{1100}\u{1161}\u{11A8}", "क्षि", "ᠮᠣᠩᠭᠣᠯ", "Ÿ", "İ", "ß",
            " ", "  ", "\t", "\n", "\r\n", "\r", "\u{3000}", "\u{A0}", "\u{2028}", "\u{85}", "\u{0}", "\u{7F}",
            "\\", ";", ",", ":", "\"", "/", "..", "-", "_", "@", "#",
        ]).prop_map(str::to_string),
        2 => "[\u{4E00}-\u{9FFF}]{1,6}",
        1 => "[\u{0F40}-\u{0FBC}]{1,5}",
        1 => "[\u{0600}-\u{06FF}]{1,5}",
        1 => "[\u{0300}-\u{036F}]{1,3}",
        1 => "[\u{1F300}-\u{1FAFF}][\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{200D}]{0,2}",
        2 => "[a-zA-Z0-9]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Text made of [`piece`]s, sometimes fully arbitrary.
fn text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(piece(), 0..max_pieces).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Slugs

/// Slug attempts biased towards path tricks.
fn slug_input() -> impl Strategy<Value = String> {
    let trick = prop::sample::select(vec![
        "..", ".", "/", "\\", "%2e", "%2F", "C:", "\\\\?\\", "~", "∕", "／", "⁄", "⧸", "\u{0}", "\u{202E}", "con", "a",
        "乙肝", "İ", "É", " ", "\t", "\n", "\u{200D}", "\u{301}", "-", "_", "ـ", "١",
    ]);
    prop_oneof![
        3 => prop::collection::vec(trick, 0..8).prop_map(|v| v.concat()),
        2 => text(8),
        1 => "[./\\\\a-z0-9 _~:%-]{0,12}",
    ]
}

/// `slug` is one normal, non-empty path component that cannot name another directory.
fn assert_single_segment(slug: &str) {
    assert!(!slug.is_empty(), "empty slug");
    assert!(!slug.contains(['/', '\\']), "slug {slug:?} has a path separator");
    assert!(!slug.contains(".."), "slug {slug:?} has `..`");
    assert!(!slug.contains(|c: char| c.is_control() || c.is_whitespace()), "slug {slug:?} has a control or space");
    let components: Vec<Component> = Path::new(slug).components().collect();
    assert!(
        matches!(components.as_slice(), [Component::Normal(_)]),
        "slug {slug:?} is not one path component: {components:?}"
    );
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn sanitize_returns_one_safe_segment(raw in slug_input()) {
        if let Ok(slug) = sanitize(&raw) {
            assert_single_segment(&slug);
        }
    }

    #[test]
    fn slugify_never_makes_paths(raw in slug_input()) {
        let slug = slugify(&raw);
        prop_assert!(!slug.contains(['/', '\\']), "slugify({:?}) = {:?}", raw, slug);
        prop_assert!(!slug.contains(".."), "slugify({:?}) = {:?}", raw, slug);
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'), "slugify({:?}) = {:?}", raw, slug);
        if !slug.is_empty() {
            assert_single_segment(&slug);
        }
    }
}

const SITE_YAML: &str = "title: t\nlanguages: [{code: zh-Hans}, {code: en}]\n";

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let ty = entry.file_type().unwrap();
            if ty.is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path().strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

proptest! {
    // Each case is a whole build of a four-file site.
    #![proptest_config(cases(32))]

    /// A page with an arbitrary `slug:` either fails with a diagnostic naming its file, or is
    /// written exactly where `sanitize` says, and nothing is written outside `output/` (but the
    /// build's record beside it).
    #[test]
    fn arbitrary_slugs_stay_inside_output(raw in slug_input()) {
        let tmp = tempfile::tempdir().unwrap();
        // Deep enough that `../../..` from any output folder still lands inside `tmp`.
        let root = tmp.path().join("a/b/c/site");
        let mut front = serde_yaml::Mapping::new();
        front.insert("title".into(), "T".into());
        front.insert("slug".into(), raw.clone().into());
        let front = serde_yaml::to_string(&front).unwrap();
        let inputs = [
            ("site.yaml", SITE_YAML.to_string()),
            ("content/_index.md", "---\ntitle: Home\n---\n".to_string()),
            ("content/articles/_index.md", "---\ntitle: Articles\n---\n".to_string()),
            ("content/articles/x.md", format!("---\n{front}---\nBody.\n")),
        ];
        for (rel, text) in &inputs {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let mut opts = crate::BuildOptions::new(&root);
        opts.now = NaiveDate::from_ymd_opt(2026, 11, 25);
        let result = crate::build(&opts);

        for file in files_under(tmp.path()) {
            // Beside it, only the record of what each page was rendered from, a fixed name.
            let inside_output =
                file.starts_with("a/b/c/site/output") || file == Path::new("a/b/c/site/.output.kepu-renders");
            let input = inputs.iter().any(|(rel, _)| file == Path::new("a/b/c/site").join(rel));
            prop_assert!(inside_output || input, "slug {:?} wrote {}", raw, file.display());
        }
        match (sanitize(&raw), result) {
            (Ok(slug), Ok(_)) => {
                let page = root.join("output/articles").join(&slug).join("index.html");
                prop_assert!(page.is_file(), "slug {:?}: {} missing", raw, page.display());
            }
            (Err(_), Err(e)) => {
                let shown = e.to_string();
                prop_assert!(shown.contains("content/articles/x.md"), "slug {:?}: {}", raw, shown);
                prop_assert!(!root.join("output").exists(), "a failed first build left output/");
            }
            (Ok(slug), Err(e)) => prop_assert!(false, "slug {:?} ({:?}) refused: {}", raw, slug, e),
            (Err(m), Ok(_)) => prop_assert!(false, "slug {:?} accepted though sanitize says: {}", raw, m),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Summaries

/// Byte offsets of the grapheme boundaries of `s`, both ends included.
fn boundaries(s: &str) -> Vec<usize> {
    s.grapheme_indices(true).map(|(i, _)| i).chain([s.len()]).collect()
}

/// Checks one `summarize(input, max)` result.
fn check_summary(input: &str, max: usize) -> std::result::Result<(), TestCaseError> {
    let out = summarize(input, max);
    let text = input.trim();
    let cuts = boundaries(text);
    let whole_prefix = |p: &str| text.starts_with(p) && cuts.contains(&p.len());
    let graphemes = text.graphemes(true).count();
    if graphemes <= max {
        prop_assert_eq!(&out, text, "a text within the budget is kept whole");
        return Ok(());
    }
    // An output ending in `…` is either a cut plus the ellipsis or a prefix that ends at a `…` of
    // the text itself: either reading may justify it.
    let fits = |kept: &str| whole_prefix(kept) && !kept.is_empty() && kept.graphemes(true).count() <= max;
    let cut_plus_ellipsis = out.strip_suffix('…').is_some_and(fits);
    prop_assert!(
        fits(&out) || cut_plus_ellipsis,
        "summarize({:?}, {}) = {:?}: not at most {} whole graphemes of the text (plus `…`)",
        input,
        max,
        out,
        max
    );
    Ok(())
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn summaries_keep_whole_graphemes(input in text(60), max in 1usize..40) {
        check_summary(&input, max)?;
    }
}

proptest! {
    // Long inputs are slow to generate in a debug build.
    #![proptest_config(cases(256))]

    /// Long texts at the budgets the site actually uses.
    #[test]
    fn summaries_at_real_budgets(input in text(300), max in prop::sample::select(vec![140usize, 220])) {
        check_summary(&input, max)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Word counts

/// The word count as first written, a character at a time with the Unicode tables for every
/// character that is not ASCII, CJK or Tibetan: what `TextStats::of`'s byte scan must agree with.
fn stats_char_by_char(text: &str) -> TextStats {
    let mut stats = TextStats::default();
    let (mut in_word, mut in_syllable) = (false, false);
    for c in text.chars() {
        if is_cjk(c) {
            stats.cjk_chars += 1;
            (in_word, in_syllable) = (false, false);
        } else if matches!(c as u32, 0x0F40..=0x0FBC | 0x0F20..=0x0F33) {
            stats.tibetan_syllables += usize::from(!in_syllable);
            (in_word, in_syllable) = (false, true);
        } else if c.is_alphanumeric() {
            stats.words += usize::from(!in_word);
            (in_word, in_syllable) = (true, false);
        } else if !matches!(c, '\'' | '’' | '\u{200C}' | '\u{200D}') {
            (in_word, in_syllable) = (false, false);
        }
    }
    stats
}

/// Chinese punctuation and its neighbours in the same Unicode blocks, some of them letters or
/// numbers (々 〇 ０ Ａ).
fn cjk_text() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        prop::char::range('\u{3000}', '\u{303F}'),
        prop::char::range('\u{FF00}', '\u{FF5F}'),
        prop::char::range('\u{2000}', '\u{206F}'),
        prop::sample::select(vec!['字', 'a', ' ', '\'', 'ཀ', '་', 'ش']),
    ];
    prop::collection::vec(chars, 0..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn word_counts_match_a_character_at_a_time(input in prop_oneof![text(60), any::<String>(), cjk_text()]) {
        prop_assert_eq!(TextStats::of(&input), stats_char_by_char(&input), "{:?}", input);
    }
}

// ---------------------------------------------------------------------------------------------
// iCalendar

/// RFC 5545 TEXT escaping, as the writer documents it: `\\`, `\;`, `\,`, `\n`; CR and other
/// controls except TAB dropped.
fn escaped(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if (c < ' ' && c != '\t') || c == '\x7f' => {}
            c => out.push(c),
        }
    }
    out
}

fn event(summary: String, description: Option<String>, location: Option<String>, language: Option<String>) -> Event {
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    Event {
        uid: "articles/x@example.org".into(),
        dtstamp: offset.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap(),
        start: EventTime::DateTime(offset.with_ymd_and_hms(2026, 7, 28, 9, 0, 0).unwrap()),
        end: Some(EventTime::Date(NaiveDate::from_ymd_opt(2026, 7, 28).unwrap())),
        summary,
        description,
        location,
        url: Some("https://example.org/events/x/".into()),
        status: Status::Confirmed,
        organizer: Some("县医学会, 科普委员会".into()),
        organizer_uri: Some("clinic@example.org".into()),
        categories: vec!["义诊".into(), "screening, free".into()],
        language,
        sequence: 0,
        recurrence: None,
    }
}

/// The logical lines of a folded document, after checking every physical line.
fn unfold_checked(ics: &str) -> std::result::Result<Vec<String>, TestCaseError> {
    prop_assert!(ics.ends_with("\r\n"), "document must end with CRLF");
    let bytes = ics.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        prop_assert!(b != b'\n' || (i > 0 && bytes[i - 1] == b'\r'), "bare LF at byte {}", i);
        prop_assert!(b != b'\r' || bytes.get(i + 1) == Some(&b'\n'), "bare CR at byte {}", i);
    }
    let mut logical: Vec<String> = Vec::new();
    for physical in ics[..ics.len() - 2].split("\r\n") {
        prop_assert!(physical.len() <= 75, "physical line of {} octets: {:?}", physical.len(), physical);
        prop_assert!(std::str::from_utf8(physical.as_bytes()).is_ok());
        match physical.strip_prefix(' ') {
            Some(rest) => {
                prop_assert!(!rest.is_empty(), "empty continuation line");
                match logical.last_mut() {
                    Some(line) => line.push_str(rest),
                    None => return Err(TestCaseError::fail("document starts with a continuation line")),
                }
            }
            None => logical.push(physical.to_string()),
        }
    }
    Ok(logical)
}

/// The value of the property `name` in unfolded `lines` (parameters here never hold a `:`).
fn value_of(lines: &[String], name: &str) -> Option<String> {
    lines.iter().find_map(|line| {
        let rest = line.strip_prefix(name)?;
        match rest.strip_prefix(':') {
            Some(value) => Some(value.to_string()),
            None => rest.strip_prefix(';')?.split_once(':').map(|(_, value)| value.to_string()),
        }
    })
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn ical_lines_fold_losslessly(
        summary in text(80),
        description in text(200),
        location in prop::option::of(text(20)),
        language in prop::option::of(prop::sample::select(vec!["zh-Hans", "bo", "ug", "en"])),
        events in 1usize..3,
    ) {
        let language = language.map(str::to_string);
        let calendar = Calendar {
            prodid: "-//Kepu//Kepu 0.1//EN".into(),
            name: Some(format!("科普活动 {summary}")),
            events: (0..events)
                .map(|_| event(summary.clone(), Some(description.clone()), location.clone(), language.clone()))
                .collect(),
        };
        let ics = calendar.to_ics();
        let lines = unfold_checked(&ics)?;
        prop_assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        prop_assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        prop_assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), events);
        prop_assert_eq!(value_of(&lines, "SUMMARY"), Some(escaped(&summary)));
        if description.trim().is_empty() {
            prop_assert_eq!(value_of(&lines, "DESCRIPTION"), None);
        } else {
            prop_assert_eq!(value_of(&lines, "DESCRIPTION"), Some(escaped(&description)));
        }
        match location.as_deref().filter(|l| !l.trim().is_empty()) {
            Some(l) => prop_assert_eq!(value_of(&lines, "LOCATION"), Some(escaped(l))),
            None => prop_assert_eq!(value_of(&lines, "LOCATION"), None),
        }
        prop_assert_eq!(value_of(&lines, "X-WR-CALNAME"), Some(escaped(&format!("科普活动 {summary}"))));
        // Every logical line is `NAME[;params]:value` with no line break left in it.
        for line in &lines {
            prop_assert!(!line.contains(['\r', '\n']));
            prop_assert!(line.contains(':'), "no `:` in {:?}", line);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing documents

fn config() -> Config {
    Config::parse(Path::new("site.yaml"), SITE_YAML).expect("test site.yaml")
}

/// Front matter built from real keys and YAML syntax, with arbitrary values mixed in.
fn front_matter_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => prop::sample::select(vec![
            "title: ", "date: ", "updated: ", "summary: ", "authors: ", "tags: ", "slug: ", "aliases: ",
            "weight: ", "draft: ", "extra: ", "taxonomies: ", "event:\n  start: ", "\n  end: ", "review: {by: x, date: ",
            "next: ", "sources: [{title: ", "flyer: {points: [", "services: [free_clinic, {text: ", "status: ",
            "2026-07-28", "2026-07-28T09:00:00+08:00", "2026-02-30", "24:00", "[", "]", "{", "}", ", ", "\n", "\n  ",
            "- ", "'", "\"", "&a ", "*a", "!!str ", "|\n  ", "---\n", "...\n", "#", "~", "null", "true", "-1",
            "99999999999999999999", "\u{FEFF}", "\t", "\r\n", "乙肝", "👩‍⚕️",
            // Values as authors type them, which the errors answer with what to type.
            "2027年3月3日", " 上午9:00", "下午2点半", "-12:00", "至4点", "2027/3/3 ", "义诊", "咨询", "取消",
        ]).prop_map(str::to_string),
        1 => piece(),
    ];
    prop::collection::vec(token, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn parse_document_never_panics(
        front in front_matter_text(),
        body in text(20),
        whole in any::<String>(),
        shape in 0u8..4,
        name in prop::sample::select(vec!["articles/x.md", "articles/_index.md", "x.en.md", "x.fr.md", "a.b.md"]),
    ) {
        let config = config();
        let src = match shape {
            0 => format!("---\ntitle: T\n{front}\n---\n{body}"),
            1 => format!("---\n{front}\n---\n{body}"),
            2 => format!("---\n{front}"),
            _ => whole,
        };
        let rel = Path::new(name);
        let path = Path::new("content").join(rel);
        match parse_document(&path, rel, &src, &config) {
            Ok(doc) => {
                prop_assert!(!doc.front.title.trim().is_empty());
                for key in ["title", "date", "end", "next", "slug"] {
                    let _ = doc.error_at_key(key, "x").to_string();
                }
            }
            Err(e) => {
                prop_assert!(!e.diagnostics.is_empty());
                prop_assert!(e.to_string().contains("content/"), "{}", e);
            }
        }
    }

    #[test]
    fn decode_utf8_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        match decode_utf8(Path::new("content/x.md"), bytes.clone()) {
            Ok(s) => prop_assert_eq!(s.as_bytes(), bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes)),
            Err(e) => prop_assert!(std::str::from_utf8(&bytes).is_err(), "{}", e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dates as authors type them

/// Dates in the forms people write them, mistakes and all: digits, separators, 年月日, times,
/// halves of the day, ranges, offsets, and any text.
fn typed_date() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => prop::sample::select(vec![
            "2027", "3", "03", "12", "30", "9", "59", "0", "-", "/", ".", ":", " ", "T", "年", "月", "日", "号",
            "点", "半", "上午", "下午", "中午", "晚上", "pm", "至", "到", "~", "—", "+08:00", "-11:30", "Z", "Ⅻ", "３",
        ]).prop_map(str::to_string),
        1 => piece(),
    ];
    prop::collection::vec(token, 0..14).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(cases(2048))]

    /// A date Kepu cannot read never panics it, and what its error says to type reads.
    #[test]
    fn what_a_date_error_says_to_type_reads(raw in typed_date()) {
        let Err(e) = DateValue::parse(&raw) else { return Ok(()) };
        for typed in e.split("write `").skip(1).chain(e.split("` here and `").skip(1)) {
            let typed = typed.split('`').next().unwrap_or_default();
            prop_assert!(DateValue::parse(typed).is_ok(), "{raw:?} → {e}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs found by fuzzing or by the properties above.

/// `summarize` with a budget of 0 panicked ("attempt to subtract with overflow" in a debug build,
/// an out-of-bounds index in release) at `window[max - 1]` in `src/text.rs`. The site only calls
/// it with 140 and 220, so no page could trigger it.
#[test]
fn summary_with_zero_budget() {
    let out = summarize("乙肝筛查", 0);
    assert!(out.is_empty() || out == "…", "{out:?}");
}

/// `"\u{600} "` (ARABIC NUMBER SIGN, then a space) is one grapheme cluster (UAX #29 rule GB9b).
/// When it was the last cluster kept, `text[..cut].trim_end()` dropped the space and left a lone
/// U+0600, to which `…` then attached: `summarize("ab\u{600} cd", 3)` gave `"ab\u{600}…"`.
#[test]
fn summary_cut_after_prepended_space() {
    for (input, max) in [("ab\u{600} cd", 3), ("ab\u{6dd}\u{3000}cd", 3), ("x\u{600} \u{600}yz", 2)] {
        check_summary(input, max).unwrap();
    }
}

/// Runs `work` on another thread and says whether it finished within `secs` seconds (a hang is
/// left running; the test binary ends it when it exits).
fn finishes_within(secs: u64, work: impl FnOnce() + Send + 'static) -> bool {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        work();
        let _ = done.send(());
    });
    finished.recv_timeout(std::time::Duration::from_secs(secs)).is_ok()
}

fn render_markdown(body: &str) {
    let resolve = |target: &str| Ok(format!("/resolved/{}", &target[2..]));
    let opts = crate::load::config::MarkdownOptions::default();
    crate::site::markdown::render(
        crate::site::markdown::Want::All,
        Path::new("content/x.md"),
        body,
        1,
        &opts,
        &resolve,
        &crate::load::images::Catalog::default(),
    )
    .expect("renders");
}

/// Heading ids were made unique by trying `base`, `base-1`, `base-2`, … from 1 each time
/// (`assign_heading_id` in `src/markdown.rs`), so N headings with the same text cost O(N²):
/// 20,000 untitled `#` lines (a 40 KB file) took about 24 s in a release build.
#[test]
fn many_identical_headings_render_quickly() {
    assert!(finishes_within(5, || render_markdown(&"#\n".repeat(20_000))), "20,000 `#` headings: over 5 s");
}

/// `line_of` in `src/markdown.rs` counted the newlines from the start of the body for every link
/// and image, so N links cost O(N × size): 40,000 one-line links (560 KB) took about 5 s in a
/// release build, while pulldown-cmark alone parses them in about 15 ms.
#[test]
fn many_links_render_quickly() {
    assert!(
        finishes_within(5, || render_markdown(&"[a](https://example.org/)\n".repeat(40_000))),
        "40,000 links: over 5 s"
    );
}

/// Deeply nested flow collections make the YAML scanner (unsafe-libyaml, under serde_yaml 0.9)
/// quadratic: front matter of `extra: [[[[…` with 40,000 `[` took about 2 s in a release build
/// and 100,000 about 33 s before any error was reported. Upstream libyaml added a nesting limit;
/// Kepu now refuses such front matter before parsing it.
#[test]
fn deeply_nested_front_matter_fails_quickly() {
    let src = format!("---\ntitle: T\nextra: {}\n---\n", "[".repeat(40_000));
    let parsed = finishes_within(5, move || {
        let rel = Path::new("x.md");
        assert!(parse_document(&Path::new("content").join(rel), rel, &src, &config()).is_err());
    });
    assert!(parsed, "40,000 nested `[`: over 5 s");
}
