//! iCalendar (RFC 5545) output: escaping, folding and the VCALENDAR/VEVENT layout.
//!
//! The writer is deliberately small and deterministic: the same [`Calendar`]
//! always serialises to the same bytes (no clock, no random UIDs, events in
//! the order given, properties in a fixed order).
//!
//! What it takes care of:
//!
//! * TEXT values are escaped per RFC 5545 §3.3.11 (`\\`, `\;`, `\,`, `\n`);
//!   carriage returns and other control characters (except TAB) are dropped.
//! * Parameter values (`CN=`, `LANGUAGE=`) lose any `"` and are double-quoted
//!   when they contain `:`, `;` or `,` (§3.1, §3.2).
//! * Date-times are written in UTC (`YYYYMMDDTHHMMSSZ`, §3.3.5 form #2);
//!   all-day events use `VALUE=DATE` and an *exclusive* `DTEND` (§3.6.1).
//! * Every content line ends with CRLF and is folded at 75 octets (§3.1),
//!   the leading space of a continuation line counting towards the 75, and
//!   never inside a multi-byte UTF-8 character.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// Maximum length of a physical line in octets, excluding the CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// How far (in octets) the folder may back off from the hard limit to avoid
/// breaking a line next to whitespace or right after a backslash. RFC 5545
/// allows a fold anywhere, but several real-world parsers trim whitespace at
/// the ends of physical lines or unescape before unfolding; a slightly
/// earlier fold costs nothing and keeps those parsers lossless.
const FOLD_BACKOFF: usize = 16;

/// When an event starts (or ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventTime {
    /// An all-day event on this calendar date (`VALUE=DATE`, floating).
    Date(NaiveDate),
    /// A precise instant; written out converted to UTC.
    DateTime(DateTime<FixedOffset>),
}

/// The `STATUS` of an event (RFC 5545 §3.8.1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Status {
    /// `STATUS:CONFIRMED`
    #[default]
    Confirmed,
    /// `STATUS:TENTATIVE`
    Tentative,
    /// `STATUS:CANCELLED`
    Cancelled,
}

impl Status {
    /// The RFC 5545 keyword for this status.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::Tentative => "TENTATIVE",
            Status::Cancelled => "CANCELLED",
        }
    }
}

/// One `VEVENT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    /// Globally unique and stable across builds, e.g. `"articles/x@example.org"`.
    pub(crate) uid: String,
    /// `DTSTAMP`: taken from the page (e.g. its last-modified date), never
    /// from the clock, so that output is reproducible.
    pub(crate) dtstamp: DateTime<FixedOffset>,
    /// `DTSTART`.
    pub(crate) start: EventTime,
    /// The end as the author gave it.
    ///
    /// For all-day events this is the *inclusive* last day; the writer emits
    /// `DTEND` as the exclusive next day (RFC 5545 §3.6.1). With `None`, an
    /// all-day event lasts one day (`DTEND` = start + 1 day) and a timed
    /// event gets no `DTEND` at all.
    ///
    /// `DTEND` always takes the value type of `DTSTART`: a date-time end of
    /// an all-day event counts as its calendar date (in its own offset), and a
    /// date end of a timed event means "until the end of that day" in the
    /// start's offset. An end that is not after the start is clamped (all-day:
    /// to one day) or dropped (timed).
    pub(crate) end: Option<EventTime>,
    /// `SUMMARY`: the event's title.
    pub(crate) summary: String,
    /// `DESCRIPTION`, omitted when `None` or blank.
    pub(crate) description: Option<String>,
    /// `LOCATION`, omitted when `None` or blank.
    pub(crate) location: Option<String>,
    /// `URL` of the event's page, omitted when `None` or blank.
    pub(crate) url: Option<String>,
    /// `STATUS`.
    pub(crate) status: Status,
    /// Display name of the organiser, written as the `CN` parameter of
    /// `ORGANIZER`. Only used together with [`Event::organizer_uri`]: without
    /// a URI there is no `ORGANIZER` property (RFC 5545 requires a
    /// calendar address as its value).
    pub(crate) organizer: Option<String>,
    /// The organiser's calendar address, e.g. `mailto:clinic@example.org`.
    /// A bare address containing `@` and no scheme gets `mailto:` prepended.
    /// `ORGANIZER` is emitted only when this is `Some` and not blank.
    pub(crate) organizer_uri: Option<String>,
    /// `CATEGORIES`, in the given order; blank entries are skipped and the
    /// property is omitted when none remain.
    pub(crate) categories: Vec<String>,
    /// BCP 47 language tag, emitted as the `LANGUAGE=` parameter of
    /// `SUMMARY`, `DESCRIPTION` and `LOCATION`.
    pub(crate) language: Option<String>,
    /// `SEQUENCE`: the revision number of the event.
    pub(crate) sequence: u32,
    /// `RRULE`: how the event repeats every year, if it does.
    pub(crate) recurrence: Option<Yearly>,
}

/// A yearly repetition (`RRULE:FREQ=YEARLY;…`): in month `month`, on the days that match both
/// `weekday` (the n-th, -1 the last, 0 every one of the month) and `month_days` where given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Yearly {
    pub(crate) month: u32,
    pub(crate) weekday: Option<(i32, chrono::Weekday)>,
    pub(crate) month_days: Vec<u32>,
}

impl Yearly {
    fn value(&self) -> String {
        let mut out = format!("FREQ=YEARLY;BYMONTH={}", self.month);
        if let Some((n, wd)) = self.weekday {
            let code = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][wd.num_days_from_monday() as usize];
            match n {
                0 => out.push_str(&format!(";BYDAY={code}")),
                n => out.push_str(&format!(";BYDAY={n}{code}")),
            }
        }
        if !self.month_days.is_empty() {
            let days: Vec<String> = self.month_days.iter().map(u32::to_string).collect();
            out.push_str(&format!(";BYMONTHDAY={}", days.join(",")));
        }
        out
    }
}

/// One `VCALENDAR` holding a list of events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Calendar {
    /// `PRODID`, e.g. `"-//Kepu//Kepu 0.1//EN"`.
    pub(crate) prodid: String,
    /// Calendar name, written as `X-WR-CALNAME` when given.
    pub(crate) name: Option<String>,
    /// The events, written in this order.
    pub(crate) events: Vec<Event>,
}

impl Calendar {
    /// Serialise to an `.ics` document (CRLF line endings, folded lines).
    pub(crate) fn to_ics(&self) -> String {
        let mut w = Writer::default();
        w.prop("BEGIN", &[], "VCALENDAR");
        w.prop("VERSION", &[], "2.0");
        w.prop("PRODID", &[], &escape_text(&self.prodid));
        w.prop("CALSCALE", &[], "GREGORIAN");
        w.prop("METHOD", &[], "PUBLISH");
        if let Some(name) = non_blank(self.name.as_deref()) {
            w.prop("X-WR-CALNAME", &[], &escape_text(name));
        }
        for event in &self.events {
            write_event(&mut w, event);
        }
        w.prop("END", &[], "VCALENDAR");
        w.out
    }
}

fn write_event(w: &mut Writer, e: &Event) {
    w.prop("BEGIN", &[], "VEVENT");
    w.prop("UID", &[], &escape_text(&e.uid));
    w.prop("DTSTAMP", &[], &utc_stamp(&e.dtstamp));
    write_time(w, "DTSTART", &e.start);
    if let Some(end) = exclusive_end(&e.start, e.end.as_ref()) {
        write_time(w, "DTEND", &end);
    }
    if let Some(r) = &e.recurrence {
        w.prop("RRULE", &[], &r.value());
    }

    let lang_params: Vec<(&str, &str)> =
        non_blank(e.language.as_deref()).map(|tag| ("LANGUAGE", tag.trim())).into_iter().collect();
    w.prop("SUMMARY", &lang_params, &escape_text(&e.summary));
    if let Some(d) = non_blank(e.description.as_deref()) {
        w.prop("DESCRIPTION", &lang_params, &escape_text(d));
    }
    if let Some(l) = non_blank(e.location.as_deref()) {
        w.prop("LOCATION", &lang_params, &escape_text(l));
    }
    if let Some(url) = non_blank(e.url.as_deref()).map(clean_uri) {
        if !url.is_empty() {
            w.prop("URL", &[], &url);
        }
    }
    if let Some(uri) = non_blank(e.organizer_uri.as_deref()).map(organizer_address) {
        if !uri.is_empty() {
            match non_blank(e.organizer.as_deref()).map(str::trim) {
                Some(cn) => w.prop("ORGANIZER", &[("CN", cn)], &uri),
                None => w.prop("ORGANIZER", &[], &uri),
            }
        }
    }
    let categories: Vec<String> =
        e.categories.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).map(escape_text).collect();
    if !categories.is_empty() {
        w.prop("CATEGORIES", &[], &categories.join(","));
    }
    w.prop("STATUS", &[], e.status.as_str());
    w.prop("SEQUENCE", &[], &e.sequence.to_string());
    w.prop("END", &[], "VEVENT");
}

fn write_time(w: &mut Writer, name: &str, t: &EventTime) {
    match t {
        EventTime::Date(d) => w.prop(name, &[("VALUE", "DATE")], &date_value(*d)),
        EventTime::DateTime(dt) => w.prop(name, &[], &utc_stamp(dt)),
    }
}

/// The `DTEND` to write, in the value type of `start`, or `None` for no `DTEND`.
fn exclusive_end(start: &EventTime, end: Option<&EventTime>) -> Option<EventTime> {
    match (start, end) {
        (EventTime::Date(s), end) => {
            let last = match end {
                None => *s,
                Some(EventTime::Date(e)) => *e,
                Some(EventTime::DateTime(e)) => e.date_naive(),
            };
            last.max(*s).succ_opt().map(EventTime::Date)
        }
        (EventTime::DateTime(_), None) => None,
        (EventTime::DateTime(s), Some(EventTime::DateTime(e))) => (e > s).then_some(EventTime::DateTime(*e)),
        (EventTime::DateTime(s), Some(EventTime::Date(e))) => {
            let midnight = e.succ_opt()?.and_hms_opt(0, 0, 0)?;
            let end = s.offset().from_local_datetime(&midnight).single()?;
            (end > *s).then_some(EventTime::DateTime(end))
        }
    }
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
fn utc_stamp(dt: &DateTime<FixedOffset>) -> String {
    dt.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// `YYYYMMDD`.
fn date_value(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// RFC 5545 CONTROL: %x00-08 / %x0A-1F / %x7F (i.e. ASCII controls but HTAB).
fn is_rfc_control(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\x7f'
}

/// Escape a TEXT value (RFC 5545 §3.3.11).
///
/// Backslash, semicolon and comma are backslash-escaped, a line feed becomes
/// `\n`, carriage returns and other control characters except TAB are
/// dropped (so CRLF and LF line breaks both end up as `\n`).
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if is_rfc_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Make a parameter value safe (RFC 5545 §3.1 `param-value`).
///
/// DQUOTE cannot be represented at all and is removed; line breaks become
/// spaces and other control characters (except TAB) are removed. The result
/// is double-quoted when it contains `:`, `;` or `,`.
fn param_value(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter_map(|c| match c {
            '"' => None,
            '\n' => Some(' '),
            c if is_rfc_control(c) => None,
            c => Some(c),
        })
        .collect();
    if cleaned.contains([':', ';', ',']) {
        format!("\"{cleaned}\"")
    } else {
        cleaned
    }
}

/// A URI value: surrounding whitespace trimmed, whitespace and control
/// characters (which cannot occur in a URI) removed.
fn clean_uri(s: &str) -> String {
    s.trim().chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect()
}

/// A CAL-ADDRESS: a URI, with `mailto:` added to a bare e-mail address.
fn organizer_address(s: &str) -> String {
    let uri = clean_uri(s);
    if !uri.contains(':') && uri.contains('@') {
        format!("mailto:{uri}")
    } else {
        uri
    }
}

/// Accumulates folded content lines.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    /// Write `NAME;P1=v1;P2=v2:value`. `value` must already be escaped for
    /// its value type; parameter values are made safe here.
    fn prop(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::with_capacity(name.len() + value.len() + 16);
        line.push_str(name);
        for (key, val) in params {
            line.push(';');
            line.push_str(key);
            line.push('=');
            line.push_str(&param_value(val));
        }
        line.push(':');
        line.push_str(value);
        push_folded(&mut self.out, &line);
    }
}

/// Append `line` (which must not contain CR or LF) to `out`, folded so that
/// no physical line exceeds 75 octets, each terminated by CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    // The first physical line may use all 75 octets; continuation lines
    // start with a space, which counts, leaving 74 for content.
    let mut limit = MAX_LINE_OCTETS;
    while rest.len() > limit {
        let cut = fold_point(rest, limit);
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Where to break `s` (longer than `limit` octets): a char boundary at most
/// `limit` octets in, preferably not next to whitespace nor right after a
/// backslash (see [`FOLD_BACKOFF`]).
fn fold_point(s: &str, limit: usize) -> usize {
    debug_assert!(s.len() > limit && limit >= 4);
    let mut hard = limit;
    while !s.is_char_boundary(hard) {
        hard -= 1;
    }
    let bytes = s.as_bytes();
    let awkward = |b: u8| b == b' ' || b == b'\t';
    let floor = hard.saturating_sub(FOLD_BACKOFF).max(1);
    (floor..=hard)
        .rev()
        .find(|&i| s.is_char_boundary(i) && !awkward(bytes[i - 1]) && bytes[i - 1] != b'\\' && !awkward(bytes[i]))
        .unwrap_or(hard)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::BufReader;

    /// Undo folding: remove every CRLF followed by a single space or tab.
    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "").replace("\r\n\t", "")
    }

    /// Undo [`escape_text`].
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// What a TEXT value should round-trip to: the input without controls.
    fn cleaned(s: &str) -> String {
        s.chars().filter(|&c| c == '\n' || !is_rfc_control(c)).collect()
    }

    fn fold(s: &str) -> String {
        let mut out = String::new();
        push_folded(&mut out, s);
        out
    }

    /// Check the physical-line invariants of a folded document.
    fn assert_well_folded(ics: &str) {
        assert!(ics.ends_with("\r\n"), "must end with CRLF");
        let bytes = ics.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
            }
            if b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
        let body = &bytes[..bytes.len() - 2];
        for line in body.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(line.len() <= 75, "line of {} octets", line.len());
            assert!(std::str::from_utf8(line).is_ok(), "line split a UTF-8 char");
        }
    }

    fn offset(hours: i32) -> FixedOffset {
        FixedOffset::east_opt(hours * 3600).unwrap()
    }

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32, off: i32) -> DateTime<FixedOffset> {
        offset(off).with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn event() -> Event {
        Event {
            uid: "events/vaccination-day@example.org".into(),
            dtstamp: dt(2024, 2, 20, 10, 0, 8),
            start: EventTime::DateTime(dt(2024, 3, 10, 9, 30, 8)),
            end: Some(EventTime::DateTime(dt(2024, 3, 10, 12, 0, 8))),
            summary: "Vaccination day".into(),
            description: None,
            location: None,
            url: None,
            status: Status::Confirmed,
            organizer: None,
            organizer_uri: None,
            categories: vec![],
            language: None,
            sequence: 0,
            recurrence: None,
        }
    }

    fn calendar(events: Vec<Event>) -> Calendar {
        Calendar { prodid: "-//Kepu//Kepu 0.1//EN".into(), name: Some("Health events".into()), events }
    }

    /// Unfolded content lines of a document.
    fn lines(ics: &str) -> Vec<String> {
        unfold(ics).split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }

    fn prop_line(ics: &str, name: &str) -> Option<String> {
        lines(ics).into_iter().find(|l| l.strip_prefix(name).is_some_and(|r| r.starts_with(':') || r.starts_with(';')))
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf\rg\th\u{7}"), "a\\\\b\\;c\\,d\\ne\\nfg\th");
        assert_eq!(escape_text("疫苗接种，免费"), "疫苗接种，免费");
        assert_eq!(unescape(&escape_text("x\\;y,\nz")), "x\\;y,\nz");
    }

    #[test]
    fn quotes_parameter_values() {
        assert_eq!(param_value("zh-CN"), "zh-CN");
        assert_eq!(param_value("Li, Wei"), "\"Li, Wei\"");
        assert_eq!(param_value("Clinic: \"North\""), "\"Clinic: North\"");
        assert_eq!(param_value("a;b"), "\"a;b\"");
        assert_eq!(param_value("say \"hi\""), "say hi");
        assert_eq!(param_value("two\r\nlines"), "two lines");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("SUMMARY:hello"), "SUMMARY:hello\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        let over = "X".repeat(76);
        assert_eq!(fold(&over), format!("{}\r\n X\r\n", "X".repeat(75)));
    }

    #[test]
    fn folds_long_chinese_text() {
        let summary = "社区卫生服务中心将于三月举办免费流感疫苗接种活动，请携带身份证和医保卡，\
                       六十五岁以上老人、慢性病患者和孕妇优先；咨询电话见附件。"
            .repeat(3);
        let mut e = event();
        e.summary = summary.clone();
        e.description = Some(format!("{summary}\n第二段：{summary}"));
        e.language = Some("zh-CN".into());
        let ics = calendar(vec![e]).to_ics();
        assert_well_folded(&ics);
        // Folding actually happened, and pure CJK lines use the space well.
        let physical: Vec<&str> = ics.split("\r\n").collect();
        assert!(physical.iter().filter(|l| l.starts_with(' ')).count() > 10);
        assert!(physical.iter().any(|l| l.len() >= 73));
        // Unfolding restores the original content lines.
        let line = prop_line(&ics, "SUMMARY").unwrap();
        assert_eq!(line, format!("SUMMARY;LANGUAGE=zh-CN:{}", escape_text(&summary)));
        let value = line.split_once(':').unwrap().1;
        assert_eq!(unescape(value), summary);
        let desc = prop_line(&ics, "DESCRIPTION").unwrap();
        assert_eq!(unescape(desc.split_once(':').unwrap().1), format!("{summary}\n第二段：{summary}"));
    }

    #[test]
    fn fold_avoids_whitespace_and_backslash_edges() {
        // Escaped text: spaces, then `\\` and `\n` escape pairs.
        let text = escape_text(&("word ".repeat(40) + &"a\\b\n".repeat(40) + "end"));
        let out = fold(&format!("DESCRIPTION:{text}"));
        let physical: Vec<&str> = out.split("\r\n").collect();
        assert!(physical.len() > 4);
        for l in &physical {
            assert!(!l.ends_with(' ') && !l.ends_with('\\'), "{l:?}");
            assert!(!l.starts_with("  "), "{l:?}");
        }
        assert_eq!(unfold(&out), format!("DESCRIPTION:{text}\r\n"));
        // A long run of spaces still folds at the hard limit.
        let spaces = " ".repeat(200);
        let out = fold(&spaces);
        assert_well_folded(&out);
        assert_eq!(unfold(&out), format!("{spaces}\r\n"));
    }

    #[test]
    fn all_day_dtend_is_exclusive() {
        let mut e = event();
        e.start = EventTime::Date(date(2024, 3, 1));
        e.end = Some(EventTime::Date(date(2024, 3, 3)));
        let ics = calendar(vec![e.clone()]).to_ics();
        assert_eq!(prop_line(&ics, "DTSTART").unwrap(), "DTSTART;VALUE=DATE:20240301");
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND;VALUE=DATE:20240304");

        // No end: a one-day event.
        e.end = None;
        let ics = calendar(vec![e.clone()]).to_ics();
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND;VALUE=DATE:20240302");

        // Same-day end, year and leap-day roll-over.
        e.start = EventTime::Date(date(2024, 12, 31));
        e.end = Some(EventTime::Date(date(2024, 12, 31)));
        let ics = calendar(vec![e.clone()]).to_ics();
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND;VALUE=DATE:20250101");
        e.start = EventTime::Date(date(2024, 2, 28));
        e.end = None;
        let ics = calendar(vec![e.clone()]).to_ics();
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND;VALUE=DATE:20240229");

        // An end before the start is clamped to one day.
        e.start = EventTime::Date(date(2024, 5, 10));
        e.end = Some(EventTime::Date(date(2024, 5, 1)));
        let ics = calendar(vec![e.clone()]).to_ics();
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND;VALUE=DATE:20240511");

        // A date-time end of an all-day event counts as its date.
        e.end = Some(EventTime::DateTime(dt(2024, 5, 12, 23, 0, -5)));
        let ics = calendar(vec![e]).to_ics();
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND;VALUE=DATE:20240513");
    }

    #[test]
    fn date_times_are_written_in_utc() {
        let mut e = event();
        e.dtstamp = dt(2024, 2, 20, 10, 0, 8);
        e.start = EventTime::DateTime(dt(2024, 3, 10, 9, 30, 8));
        e.end = Some(EventTime::DateTime(dt(2024, 12, 31, 22, 0, -5)));
        let ics = calendar(vec![e.clone()]).to_ics();
        assert_eq!(prop_line(&ics, "DTSTAMP").unwrap(), "DTSTAMP:20240220T020000Z");
        assert_eq!(prop_line(&ics, "DTSTART").unwrap(), "DTSTART:20240310T013000Z");
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND:20250101T030000Z");

        // No end: no DTEND.
        e.end = None;
        let ics = calendar(vec![e.clone()]).to_ics();
        assert!(prop_line(&ics, "DTEND").is_none());

        // An end not after the start is dropped.
        e.end = Some(e.start);
        let ics = calendar(vec![e.clone()]).to_ics();
        assert!(prop_line(&ics, "DTEND").is_none());

        // A date end of a timed event: until the end of that day, start's offset.
        e.end = Some(EventTime::Date(date(2024, 3, 11)));
        let ics = calendar(vec![e]).to_ics();
        assert_eq!(prop_line(&ics, "DTEND").unwrap(), "DTEND:20240311T160000Z");
    }

    #[test]
    fn statuses() {
        for (status, text) in [
            (Status::Confirmed, "STATUS:CONFIRMED"),
            (Status::Tentative, "STATUS:TENTATIVE"),
            (Status::Cancelled, "STATUS:CANCELLED"),
        ] {
            let mut e = event();
            e.status = status;
            let ics = calendar(vec![e]).to_ics();
            assert_eq!(prop_line(&ics, "STATUS").unwrap(), text);
        }
    }

    #[test]
    fn calendar_layout_and_determinism() {
        let mut e = event();
        e.description = Some("Bring your card; it's free, really.\r\nSecond line".into());
        e.location = Some("Room 3, North Clinic".into());
        e.url = Some(" https://example.org/events/vaccination-day/ ".into());
        e.organizer = Some("Li, Wei \"Dr\"".into());
        e.organizer_uri = Some("li.wei@example.org".into());
        e.categories = vec!["health".into(), " ".into(), "flu, vaccine".into()];
        e.language = Some("en".into());
        e.sequence = 2;
        let cal = calendar(vec![e, event()]);
        let ics = cal.to_ics();
        assert_eq!(ics, cal.to_ics());
        assert_well_folded(&ics);
        let ls = lines(&ics);
        assert_eq!(
            &ls[..6],
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Kepu//Kepu 0.1//EN",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "X-WR-CALNAME:Health events",
            ]
        );
        assert_eq!(ls.last().unwrap(), "END:VCALENDAR");
        assert_eq!(ls.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(ls.iter().filter(|l| *l == "END:VEVENT").count(), 2);
        assert_eq!(
            prop_line(&ics, "DESCRIPTION").unwrap(),
            "DESCRIPTION;LANGUAGE=en:Bring your card\\; it's free\\, really.\\nSecond line"
        );
        assert_eq!(prop_line(&ics, "LOCATION").unwrap(), "LOCATION;LANGUAGE=en:Room 3\\, North Clinic");
        assert_eq!(prop_line(&ics, "URL").unwrap(), "URL:https://example.org/events/vaccination-day/");
        assert_eq!(prop_line(&ics, "ORGANIZER").unwrap(), "ORGANIZER;CN=\"Li, Wei Dr\":mailto:li.wei@example.org");
        assert_eq!(prop_line(&ics, "CATEGORIES").unwrap(), "CATEGORIES:health,flu\\, vaccine");
        assert_eq!(prop_line(&ics, "SEQUENCE").unwrap(), "SEQUENCE:2");

        // Without a name: no X-WR-CALNAME.
        let mut cal = cal;
        cal.name = None;
        assert!(prop_line(&cal.to_ics(), "X-WR-CALNAME").is_none());
    }

    #[test]
    fn organizer_needs_a_uri() {
        let mut e = event();
        e.organizer = Some("North Clinic".into());
        let ics = calendar(vec![e.clone()]).to_ics();
        assert!(prop_line(&ics, "ORGANIZER").is_none());
        e.organizer = None;
        e.organizer_uri = Some("mailto:clinic@example.org".into());
        let ics = calendar(vec![e]).to_ics();
        assert_eq!(prop_line(&ics, "ORGANIZER").unwrap(), "ORGANIZER:mailto:clinic@example.org");
    }

    #[test]
    fn parses_with_the_ical_crate() {
        let summary = "流感疫苗接种日：免费, 请带身份证; 地点见下方 \\ 备注。".repeat(4);
        let mut e = event();
        e.summary = summary.clone();
        e.language = Some("zh-Hans".into());
        e.location = Some("北区卫生院，三楼".into());
        e.organizer = Some("Dr. Li: Clinic".into());
        e.organizer_uri = Some("mailto:li@example.org".into());
        e.categories = vec!["健康".into(), "疫苗".into()];
        e.url = Some("https://example.org/zh/events/flu/".into());
        let mut all_day = event();
        all_day.start = EventTime::Date(date(2024, 4, 1));
        all_day.end = Some(EventTime::Date(date(2024, 4, 2)));
        all_day.status = Status::Cancelled;
        let ics = calendar(vec![e, all_day]).to_ics();

        let mut parser = ::ical::IcalParser::new(BufReader::new(ics.as_bytes()));
        let cal = parser.next().expect("one calendar").expect("parses");
        assert!(parser.next().is_none());

        let names =
            |props: &[::ical::property::Property]| -> Vec<String> { props.iter().map(|p| p.name.clone()).collect() };
        assert_eq!(names(&cal.properties), ["VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME"]);
        assert_eq!(cal.events.len(), 2);
        let ev = &cal.events[0];
        assert_eq!(
            names(&ev.properties),
            [
                "UID",
                "DTSTAMP",
                "DTSTART",
                "DTEND",
                "SUMMARY",
                "LOCATION",
                "URL",
                "ORGANIZER",
                "CATEGORIES",
                "STATUS",
                "SEQUENCE",
            ]
        );
        let get = |ev: &::ical::parser::ical::component::IcalEvent, name: &str| {
            ev.properties.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} missing")).clone()
        };
        let s = get(ev, "SUMMARY");
        assert_eq!(unescape(s.value.as_deref().unwrap()), summary);
        assert_eq!(s.params, Some(vec![("LANGUAGE".to_string(), vec!["zh-Hans".to_string()])]));
        assert_eq!(unescape(get(ev, "LOCATION").value.as_deref().unwrap()), "北区卫生院，三楼");
        let org = get(ev, "ORGANIZER");
        assert_eq!(org.value.as_deref(), Some("mailto:li@example.org"));
        assert_eq!(org.params, Some(vec![("CN".to_string(), vec!["Dr. Li: Clinic".to_string()])]));
        assert_eq!(get(ev, "DTSTART").value.as_deref(), Some("20240310T013000Z"));

        let ev = &cal.events[1];
        let dtend = get(ev, "DTEND");
        assert_eq!(dtend.value.as_deref(), Some("20240403"));
        assert_eq!(dtend.params, Some(vec![("VALUE".to_string(), vec!["DATE".to_string()])]));
        assert_eq!(get(ev, "STATUS").value.as_deref(), Some("CANCELLED"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Folding never splits a UTF-8 character, keeps every physical
        /// line within 75 octets, and unfolding gives the input back.
        #[test]
        fn folding_is_lossless(s in "[^\r\n]{0,400}") {
            let out = fold(&s);
            assert_well_folded(&out);
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            for (i, line) in physical.iter().enumerate() {
                if i > 0 {
                    prop_assert!(line.starts_with(' '));
                    prop_assert!(line.len() > 1, "empty continuation line");
                }
                // Folds are no earlier than the back-off window allows.
                if i + 1 < physical.len() {
                    prop_assert!(line.len() + FOLD_BACKOFF + 4 > 75, "fold too early: {}", line.len());
                }
            }
            prop_assert_eq!(unfold(&out), format!("{s}\r\n"));
        }

        /// Arbitrary text survives escaping, folding, unfolding and unescaping
        /// (minus the control characters the writer drops).
        #[test]
        fn text_round_trips(s in any::<String>()) {
            let out = fold(&format!("DESCRIPTION:{}", escape_text(&s)));
            assert_well_folded(&out);
            let unfolded = unfold(&out);
            let content = unfolded.strip_suffix("\r\n").unwrap();
            prop_assert!(!content.contains(['\r', '\n']));
            let value = content.strip_prefix("DESCRIPTION:").unwrap();
            prop_assert_eq!(unescape(value), cleaned(&s));
        }

        /// Whole documents with arbitrary summaries and names stay well formed.
        #[test]
        fn documents_are_well_formed(summary in any::<String>(), cn in any::<String>(), lang in "[a-zA-Z-]{0,20}") {
            let mut e = event();
            e.summary = summary.clone();
            e.organizer = Some(cn);
            e.organizer_uri = Some("mailto:x@example.org".into());
            e.language = Some(lang);
            let ics = calendar(vec![e]).to_ics();
            assert_well_folded(&ics);
            let line = prop_line(&ics, "SUMMARY").unwrap();
            let value = &line[line.find(':').unwrap() + 1..];
            prop_assert_eq!(unescape(value), cleaned(&summary));
            let org = prop_line(&ics, "ORGANIZER").unwrap();
            prop_assert!(org.ends_with(":mailto:x@example.org"));
        }
    }
}
