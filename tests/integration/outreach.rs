//! Outreach content: event notices, the events page, iCalendar files, health observance days,
//! medical review and schema.org structured data. Every test builds a real small site in a
//! temporary folder and asserts on the files written.

use crate::common;
use crate::common::{page, Fixture};
use chrono::NaiveDate;
use std::process::Output;

// ---------------------------------------------------------------------------------------------
// The site
// ---------------------------------------------------------------------------------------------

/// "Today" of the standard fixture (`Fixture::options`).
const NOW: &str = "2026-11-25";

const HEP_CLINIC: &str = "\
title: 世界肝炎日义诊：乙肝丙肝免费筛查
date: 2026-11-01
updated: 2026-11-20T10:30:00+08:00
summary: 县医学会在世界肝炎日举办义诊，提供乙肝、丙肝免费筛查。
observance: world-hepatitis-day
event:
  start: 2027-07-28T09:00:00+08:00
  end: 2027-07-28T12:00:00+08:00
  venue: 青禾县人民医院门诊楼一楼大厅
  address: 青禾县人民路 12 号
  organizer: [青禾县医学会科普委员会, 青禾县人民医院感染科]
  services: [free_clinic, screening, {text: 免费测血糖}]
  audience: 中老年居民
  registration: tel:+86-000-0000000
  contact: 县医学会办公室";

const HEP_CLINIC_EN: &str = "\
title: World Hepatitis Day free clinic
date: 2026-11-01
updated: 2026-11-20T10:30:00+08:00
summary: Free hepatitis B and C screening on World Hepatitis Day.
observance: world-hepatitis-day
event:
  start: 2027-07-28T09:00:00+08:00
  end: 2027-07-28T12:00:00+08:00
  venue: Outpatient hall, Qinghe County Hospital
  address: 12 Renmin Road, Qinghe County
  organizer: Qinghe County Medical Association
  services: [free_clinic, screening, {text: Free blood sugar test}]
  audience: Middle-aged and older residents
  contact: Medical Association office";

const EYE_SCREENING: &str = "\
title: 学校近视筛查周
date: 2026-10-15
event:
  start: 2026-12-05
  end: 2026-12-07
  venue: 青禾县第一中学
  services: [screening]";

const EYE_SCREENING_EN: &str = "\
title: School eye screening week
date: 2026-10-15
event:
  start: 2026-12-05
  end: 2026-12-07
  venue: Qinghe No. 1 Middle School
  services: [screening]";

const CATARACT: &str = "\
title: 白内障老人入户随访日
date: 2026-11-02
event:
  start: 2026-12-12
  venue: 禾丰镇各行政村
  address: 青禾县禾丰镇
  organizer: 青禾县人民医院眼科
  services: [home_visit]
  status: cancelled";

const CATARACT_EN: &str = "\
title: Cataract home visits
date: 2026-11-02
event:
  start: 2026-12-12
  venue: Villages of Hefeng Township
  address: Hefeng Township, Qinghe County
  organizer: Department of Ophthalmology, Qinghe County Hospital
  services: [home_visit]
  status: cancelled";

const ARTICLE: &str = "\
title: 乙肝筛查：一次抽血，早知道
date: 2026-07-01
summary: 成年人一生至少应做一次乙肝和丙肝筛查。
authors: [王医生]
observance: world-hepatitis-day
review:
  by: 李医生，主任医师
  date: 2026-06-01
  next: 2027-06-01";

const ARTICLE_EN: &str = "\
title: Hepatitis B screening
date: 2026-07-01
summary: Every adult should be screened for hepatitis B and C at least once.
authors: [Dr Wang]
observance: world-hepatitis-day
review:
  by: Dr Li, chief physician
  date: 2026-06-01
  next: 2027-06-01";

/// A county outreach site: three upcoming events (one cancelled), three past ones in two
/// months, and a reviewed article; zh-Hans and English, with an events section.
fn outreach_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("title: 青禾县健康科普", "")),
        ("content/_index.en.md", &page("title: Qinghe Health", "")),
        ("content/articles/_index.md", &page("title: 科普文章", "")),
        ("content/articles/_index.en.md", &page("title: Articles", "")),
        ("content/articles/hepatitis-b.md", &page(ARTICLE, "## 为什么要筛查？\n\n乙肝早发现、早治疗。")),
        ("content/articles/hepatitis-b.en.md", &page(ARTICLE_EN, "## Why screen?\n\nEarly care helps.")),
        ("content/events/_index.md", &page("title: 活动通知\npaginate_by: 1", "义诊、筛查和讲座。")),
        ("content/events/_index.en.md", &page("title: Events\npaginate_by: 1", "Clinics and talks.")),
        ("content/events/hepatitis-clinic-2027.md", &page(HEP_CLINIC, "欢迎参加。")),
        ("content/events/hepatitis-clinic-2027.en.md", &page(HEP_CLINIC_EN, "All welcome.")),
        ("content/events/eye-screening-2026.md", &page(EYE_SCREENING, "请家长配合。")),
        ("content/events/eye-screening-2026.en.md", &page(EYE_SCREENING_EN, "Parents please help.")),
        ("content/events/cataract-visit-2026.md", &page(CATARACT, "因寒潮取消。")),
        ("content/events/cataract-visit-2026.en.md", &page(CATARACT_EN, "Called off because of snow.")),
        (
            "content/events/lecture-2026-03a.md",
            &page("title: 高血压健康讲座\ndate: 2026-02-20\nevent:\n  start: 2026-03-05T14:30:00+08:00", "讲座。"),
        ),
        (
            "content/events/lecture-2026-03b.md",
            &page("title: 糖尿病健康讲座\ndate: 2026-03-01\nevent:\n  start: 2026-03-20", "讲座。"),
        ),
        (
            "content/events/training-2026-05.md",
            &page(
                "title: 乡村医生培训\ndate: 2026-04-20\nevent:\n  start: 2026-05-10\n  end: 2026-05-11\n  services: [training]",
                "培训。",
            ),
        ),
    ])
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Builds with the library as if today were `now`.
fn build_at(f: &Fixture, now: &str) -> kepu::BuildReport {
    let mut o = f.options();
    o.now = Some(day(now));
    kepu::build(&o).unwrap_or_else(|e| panic!("build failed:\n{e}"))
}

/// The part of `html` from `start` up to (not including) the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"));
    let rest = &html[i..];
    let j = rest[start.len()..].find(end).map_or(rest.len(), |j| j + start.len());
    &rest[..j]
}

/// Each needle occurs in `hay`, in this order (by first occurrence).
fn assert_in_order(hay: &str, needles: &[&str]) {
    let mut last: Option<(usize, &str)> = None;
    for n in needles {
        let pos = hay.find(n).unwrap_or_else(|| panic!("`{n}` not found in:\n{hay}"));
        if let Some((p, prev)) = last {
            assert!(pos > p, "`{prev}` should come before `{n}` in:\n{hay}");
        }
        last = Some((pos, n));
    }
}

fn href(url: &str) -> String {
    format!("href=\"{url}\"")
}

/// The upcoming and past parts of an events page.
fn events_parts(html: &str) -> (&str, &str) {
    let upcoming = between(html, "class=\"events-upcoming\"", "</section>");
    let past =
        if html.contains("class=\"events-past\"") { between(html, "class=\"events-past\"", "</main>") } else { "" };
    (upcoming, past)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn cli_ok(f: &Fixture, args: &[&str]) -> Output {
    let o = f.cli(args);
    assert!(o.status.success(), "kepu {args:?} failed:\n{}{}", stdout(&o), stderr(&o));
    o
}

// --- iCalendar ---

type Props = Vec<ical::property::Property>;

fn parse_ics(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = parser.next().expect("one VCALENDAR").unwrap_or_else(|e| panic!("invalid iCalendar ({e}):\n{text}"));
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    cal
}

fn prop<'a>(props: &'a Props, name: &str) -> &'a ical::property::Property {
    props.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no {name} in {props:#?}"))
}

fn value<'a>(props: &'a Props, name: &str) -> &'a str {
    prop(props, name).value.as_deref().unwrap_or("")
}

fn param<'a>(props: &'a Props, name: &str, key: &str) -> Option<&'a str> {
    prop(props, name).params.as_ref()?.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.first()).map(String::as_str)
}

/// The event whose SUMMARY is `summary`.
fn event_by_summary<'a>(cal: &'a ical::parser::ical::component::IcalCalendar, summary: &str) -> &'a Props {
    &cal.events
        .iter()
        .find(|e| unescape(value(&e.properties, "SUMMARY")) == summary)
        .unwrap_or_else(|| panic!("no event `{summary}` in {cal:#?}"))
        .properties
}

/// Undoes RFC 5545 TEXT escaping (the `ical` crate leaves values escaped).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every physical line ends with CRLF (no bare CR or LF) and is at most 75 octets.
fn assert_well_formed_lines(ics: &str) {
    assert!(ics.ends_with("\r\n"), "ends with CRLF");
    let bytes = ics.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at byte {i}:\n{ics}");
        }
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
        }
    }
    for line in ics.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
    }
}

// --- JSON-LD ---

const LD_OPEN: &str = "<script type=\"application/ld+json\">";

fn json_ld(html: &str) -> serde_json::Value {
    assert_eq!(html.matches(LD_OPEN).count(), 1, "one JSON-LD block:\n{html}");
    let start = html.find(LD_OPEN).unwrap() + LD_OPEN.len();
    let end = start + html[start..].find("</script>").expect("JSON-LD script is closed");
    let text = &html[start..end];
    serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}):\n{text}"))
}

// --- bad input ---

fn good_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "")),
        ("content/articles/_index.md", &page("title: 文章", "")),
        ("content/articles/a.md", &page("title: 甲\ndate: 2026-01-01\nobservance: world-hepatitis-day", "正文。")),
        ("content/events/_index.md", &page("title: 活动", "")),
        ("content/events/clinic.md", &page(HEP_CLINIC, "欢迎。")),
    ])
}

/// Breaks the good site and returns the build's stderr (see `common::assert_breaks_cleanly`).
fn fails(break_it: impl FnOnce(&Fixture)) -> String {
    common::assert_breaks_cleanly(&good_site(), &["--now", NOW], break_it)
}

/// The line number an error gives for `path` (`path:LINE:…`).
fn error_line(err: &str, path: &str) -> usize {
    let marker = format!("{path}:");
    let rest = err.split(&marker).nth(1).unwrap_or_else(|| panic!("`{path}` not named: {err}"));
    rest.split(':').next().unwrap().parse().unwrap_or_else(|_| panic!("no line number after `{path}`: {err}"))
}

// ---------------------------------------------------------------------------------------------
// 1. Event pages
// ---------------------------------------------------------------------------------------------

#[test]
fn event_page_shows_the_facts_in_its_language() {
    let f = outreach_site();
    f.build();

    let zh = f.read("events/hepatitis-clinic-2027/index.html");
    let facts = between(&zh, "class=\"event-box", "</section>");
    let when = between(facts, "class=\"when\">", "</dd>");
    assert!(when.contains("2027年7月28日（星期三） 09:00"), "Chinese date, weekday and time: {when}");
    assert!(when.contains("09:00\u{2060}–\u{2060}12:00"), "same-day end time, never on a line of its own: {when}");
    for text in [
        "时间",
        "地点",
        "青禾县人民医院门诊楼一楼大厅",
        "青禾县人民路 12 号",
        "面向人群",
        "中老年居民",
        "主办单位",
        "青禾县医学会科普委员会、青禾县人民医院感染科",
        "服务项目",
        "县医学会办公室",
        "tel:+86-000-0000000",
    ] {
        assert!(facts.contains(text), "`{text}` in the event facts:\n{facts}");
    }
    // Service labels come from the theme's zh-Hans strings; free text is shown as written.
    for label in [">义诊<", ">健康筛查<", ">免费测血糖<"] {
        assert!(facts.contains(label), "service `{label}`:\n{facts}");
    }
    assert!(!facts.contains("free_clinic<"), "no raw service ids as labels");
    assert!(facts.contains(&href("/events/hepatitis-clinic-2027/event.ics")), "add-to-calendar link");
    assert!(!zh.contains("本次活动已取消"), "a scheduled event is not shown as cancelled");
    // The facts come before the body text.
    assert_in_order(&zh, &["<h1>世界肝炎日义诊", "class=\"event-box", "欢迎参加。"]);

    let en = f.read("en/events/hepatitis-clinic-2027/index.html");
    let facts = between(&en, "class=\"event-box", "</section>");
    let when = between(facts, "class=\"when\">", "</dd>");
    assert!(when.contains("Wednesday 28 July 2027, 09:00"), "English weekday, date and time: {when}");
    for text in ["When", "Where", "Who it is for", "Organized by", "Outpatient hall, Qinghe County Hospital"] {
        assert!(facts.contains(text), "`{text}` in the English facts:\n{facts}");
    }
    for label in [">Free clinic<", ">Health screening<", ">Free blood sugar test<"] {
        assert!(facts.contains(label), "service `{label}`:\n{facts}");
    }
    assert!(!facts.contains("义诊"), "no Chinese labels on the English page");
}

#[test]
fn all_day_events_show_dates_without_times() {
    let f = outreach_site();
    f.build();
    let zh = f.read("events/eye-screening-2026/index.html");
    let when = between(&zh, "class=\"when\">", "</dd>");
    assert!(when.contains("2026年12月5日") && when.contains("2026年12月7日"), "{when}");
    assert!(!when.contains(':'), "no time for an all-day event: {when}");
    let en = f.read("en/events/eye-screening-2026/index.html");
    let when = between(&en, "class=\"when\">", "</dd>");
    assert!(when.contains("5 December 2026") && when.contains("7 December 2026"), "{when}");
}

#[test]
fn cancelled_event_is_marked_on_its_page_and_in_lists() {
    let f = outreach_site();
    f.build();
    let zh = f.read("events/cataract-visit-2026/index.html");
    assert!(zh.contains("本次活动已取消。"), "cancellation banner");
    assert!(zh.contains("status-cancelled") && zh.contains("已取消"), "status label");
    let en = f.read("en/events/cataract-visit-2026/index.html");
    assert!(en.contains("This event has been cancelled."), "English banner");
    assert!(en.contains(">Cancelled<"), "English status label");

    // The events list and the home page say so too, next to the event.
    for (file, label) in
        [("events/index.html", "已取消"), ("index.html", "已取消"), ("en/events/index.html", "Cancelled")]
    {
        let html = f.read(file);
        let card = between(&html, "cataract-visit-2026/\"", "</li>");
        assert!(card.contains("status-cancelled") && card.contains(label), "{file}: {card}");
    }
}

#[test]
fn past_event_page_says_it_is_over() {
    let f = outreach_site();
    f.build();
    assert!(f.read("events/lecture-2026-03a/index.html").contains("本次活动已结束。"));
    assert!(!f.read("events/hepatitis-clinic-2027/index.html").contains("本次活动已结束。"));
}

// ---------------------------------------------------------------------------------------------
// 2. The events page and the home page
// ---------------------------------------------------------------------------------------------

/// Upcoming soonest first, then past events grouped by month, newest month first.
fn assert_events_page_order(html: &str, prefix: &str) {
    let url = |slug: &str| href(&format!("{prefix}/events/{slug}/"));
    let (upcoming, past) = events_parts(html);
    assert_in_order(
        upcoming,
        &[&url("eye-screening-2026"), &url("cataract-visit-2026"), &url("hepatitis-clinic-2027")],
    );
    for slug in ["lecture-2026-03a", "lecture-2026-03b", "training-2026-05"] {
        assert!(!upcoming.contains(&url(slug)), "past event {slug} is not upcoming");
    }
    for slug in ["eye-screening-2026", "cataract-visit-2026", "hepatitis-clinic-2027"] {
        assert!(!past.contains(&url(slug)), "upcoming event {slug} is not past");
    }
    if prefix.is_empty() {
        assert_in_order(
            past,
            &["2026年5月", &url("training-2026-05"), "2026年3月", &url("lecture-2026-03b"), &url("lecture-2026-03a")],
        );
        let may = between(past, "2026年5月", "</section>");
        assert!(!may.contains("lecture-2026-03"), "March events are not under May: {may}");
    }
}

#[test]
fn events_page_from_the_events_section() {
    let f = outreach_site();
    f.build();
    let zh = f.read("events/index.html");
    assert!(zh.contains("lang=\"zh-Hans\""));
    assert_events_page_order(&zh, "");
    // The section is the events page, not a plain paginated list (it asks for 1 item a page).
    assert!(!f.exists("events/page/2/index.html"), "no paginated section list beside the events page");

    let en = f.read("en/events/index.html");
    assert!(en.contains("lang=\"en\"") && en.contains("Upcoming events"));
    assert_events_page_order(&en, "/en");
    assert!(!en.contains(&href("/events/eye-screening-2026/")), "English list links English pages");
}

#[test]
fn events_page_is_generated_without_an_events_section() {
    // Events live in an ordinary section; Kepu still writes /events/ in every language.
    let f = Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "")),
        ("content/activities/_index.md", &page("title: 活动", "")),
        ("content/activities/eye.md", &page(EYE_SCREENING, "x")),
        ("content/activities/hep.md", &page(HEP_CLINIC, "x")),
        ("content/activities/hep.en.md", &page(HEP_CLINIC_EN, "x")),
        (
            "content/activities/old.md",
            &page("title: 高血压健康讲座\ndate: 2026-02-20\nevent:\n  start: 2026-03-05T14:30:00+08:00", "x"),
        ),
    ]);
    f.build();
    let zh = f.read("events/index.html");
    assert!(zh.contains("class=\"events-upcoming\""), "the events page:\n{zh}");
    let (upcoming, past) = events_parts(&zh);
    assert_in_order(upcoming, &[&href("/activities/eye/"), &href("/activities/hep/")]);
    assert!(past.contains("2026年3月") && past.contains(&href("/activities/old/")), "{past}");
    assert!(!upcoming.contains("/activities/old/"));

    let en = f.read("en/events/index.html");
    let (upcoming, past) = events_parts(&en);
    assert!(upcoming.contains(&href("/en/activities/hep/")), "{upcoming}");
    assert!(past.is_empty(), "no English past events");
    // Languages without events still get a (friendly, empty) events page.
    let ug = f.read("ug/events/index.html");
    assert!(ug.contains("lang=\"ug\" dir=\"rtl\"") && ug.contains("class=\"empty\""), "{ug}");
    // The ordinary section is still an ordinary list.
    assert!(f.read("activities/index.html").contains(&href("/activities/hep/")));
}

#[test]
fn home_page_shows_the_next_events() {
    let f = outreach_site();
    f.build();
    let home = f.read("index.html");
    let block = between(&home, "class=\"home-block upcoming\"", "</section>");
    assert_in_order(
        block,
        &[
            &href("/events/eye-screening-2026/"),
            &href("/events/cataract-visit-2026/"),
            &href("/events/hepatitis-clinic-2027/"),
        ],
    );
    assert!(!block.contains("lecture-2026"), "past events are not among the next events: {block}");
    assert!(block.contains(&href("/events/")), "link to all events");
    let en = f.read("en/index.html");
    let block = between(&en, "class=\"home-block upcoming\"", "</section>");
    assert!(block.contains(&href("/en/events/hepatitis-clinic-2027/")), "{block}");
}

#[test]
fn home_page_shows_at_most_five_events() {
    let mut files: Vec<(String, String)> = vec![("content/_index.md".into(), page("title: 首页", ""))];
    for i in 1..=7 {
        files.push((
            format!("content/events/e{i}.md"),
            page(&format!("title: 活动{i}\nevent:\n  start: 2026-12-{:02}", i + 10), "x"),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let f = Fixture::new(&files);
    f.build();
    let home = f.read("index.html");
    let block = between(&home, "class=\"home-block upcoming\"", "</section>");
    assert_eq!(block.matches("<li class=\"card").count(), 5, "{block}");
    assert_in_order(block, &[&href("/events/e1/"), &href("/events/e5/")]);
    assert!(!block.contains("/events/e6/"), "the sixth is left for the events page");
    assert!(f.read("events/index.html").contains(&href("/events/e7/")));
}

#[test]
fn now_moves_an_event_from_upcoming_to_past() {
    let f = outreach_site();
    let eye = href("/events/eye-screening-2026/");

    // On its last day an event is still upcoming.
    build_at(&f, "2026-12-07");
    let html = f.read("events/index.html");
    let (upcoming, past) = events_parts(&html);
    assert!(upcoming.contains(&eye) && !past.contains(&eye));

    // The day after, it is past: first under the newest month, and off the home page.
    build_at(&f, "2026-12-08");
    let html = f.read("events/index.html");
    let (upcoming, past) = events_parts(&html);
    assert!(!upcoming.contains(&eye), "{upcoming}");
    assert_in_order(past, &["2026年12月", &eye, "2026年5月"]);
    assert_in_order(upcoming, &[&href("/events/cataract-visit-2026/"), &href("/events/hepatitis-clinic-2027/")]);
    let home = f.read("index.html");
    assert!(!between(&home, "class=\"home-block upcoming\"", "</section>").contains(&eye));
    assert!(f.read("events/eye-screening-2026/index.html").contains("本次活动已结束。"));
}

#[test]
fn now_on_the_command_line_moves_an_event_to_the_past() {
    let f = outreach_site();
    let eye = href("/events/eye-screening-2026/");
    cli_ok(&f, &["build", "--now", NOW]);
    let html = f.read("events/index.html");
    let (upcoming, _) = events_parts(&html);
    assert!(upcoming.contains(&eye));

    cli_ok(&f, &["build", "--now", "2026-12-08"]);
    let html = f.read("events/index.html");
    let (upcoming, past) = events_parts(&html);
    assert!(!upcoming.contains(&eye) && past.contains(&eye), "{past}");

    // With everything over there is nothing upcoming, anywhere.
    cli_ok(&f, &["build", "--now", "2028-01-01"]);
    let html = f.read("events/index.html");
    let (upcoming, past) = events_parts(&html);
    assert!(upcoming.contains("近期暂无活动"), "{upcoming}");
    assert_in_order(past, &["2027年7月", "2026年12月", "2026年5月", "2026年3月"]);
    assert!(!f.read("index.html").contains("class=\"home-block upcoming\""));
}

// ---------------------------------------------------------------------------------------------
// 3. iCalendar
// ---------------------------------------------------------------------------------------------

#[test]
fn event_ics_beside_each_event_page() {
    let f = outreach_site();
    f.build();
    for lang in ["", "en/"] {
        for slug in ["hepatitis-clinic-2027", "eye-screening-2026", "cataract-visit-2026"] {
            assert!(f.exists(&format!("{lang}events/{slug}/event.ics")), "{lang}{slug}");
        }
    }
    assert!(!f.exists("articles/hepatitis-b/event.ics"), "articles have no event.ics");

    let ics = f.read("events/hepatitis-clinic-2027/event.ics");
    assert_well_formed_lines(&ics);
    let cal = parse_ics(&ics);
    assert_eq!(cal.events.len(), 1);
    let ev = &cal.events[0].properties;
    assert_eq!(unescape(value(ev, "SUMMARY")), "世界肝炎日义诊：乙肝丙肝免费筛查");
    assert_eq!(param(ev, "SUMMARY", "LANGUAGE"), Some("zh-Hans"));
    // Times in UTC: 09:00–12:00 at +08:00.
    assert_eq!(value(ev, "DTSTART"), "20270728T010000Z");
    assert_eq!(value(ev, "DTEND"), "20270728T040000Z");
    assert_eq!(value(ev, "STATUS"), "CONFIRMED");
    assert_eq!(value(ev, "URL"), "https://example.org/events/hepatitis-clinic-2027/");
    let location = unescape(value(ev, "LOCATION"));
    assert!(location.contains("青禾县人民医院门诊楼一楼大厅") && location.contains("青禾县人民路 12 号"), "{location}");
    let description = unescape(value(ev, "DESCRIPTION"));
    assert!(description.starts_with("县医学会在世界肝炎日举办义诊，提供乙肝、丙肝免费筛查。"), "{description}");
    assert!(description.contains("青禾县医学会科普委员会"), "{description}");

    let en = parse_ics(&f.read("en/events/hepatitis-clinic-2027/event.ics"));
    let en_ev = &en.events[0].properties;
    assert_eq!(unescape(value(en_ev, "SUMMARY")), "World Hepatitis Day free clinic");
    assert_eq!(param(en_ev, "SUMMARY", "LANGUAGE"), Some("en"));
    assert_eq!(value(en_ev, "URL"), "https://example.org/en/events/hepatitis-clinic-2027/");
}

#[test]
fn calendar_ics_per_language() {
    let f = outreach_site();
    f.build();
    let zh = f.read("calendar.ics");
    assert_well_formed_lines(&zh);
    let cal = parse_ics(&zh);
    assert_eq!(cal.events.len(), 6, "every zh-Hans event, past ones included");
    let starts: Vec<&str> = cal.events.iter().map(|e| value(&e.properties, "DTSTART")).collect();
    assert_eq!(
        starts,
        ["20260305T063000Z", "20260320", "20260510", "20261205", "20261212", "20270728T010000Z"],
        "soonest first"
    );
    let mut uids: Vec<&str> = cal.events.iter().map(|e| value(&e.properties, "UID")).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), 6, "UIDs are unique: {uids:?}");

    let en = f.read("en/calendar.ics");
    assert_well_formed_lines(&en);
    let en = parse_ics(&en);
    assert_eq!(en.events.len(), 3);
    assert!(en.events.iter().all(|e| param(&e.properties, "SUMMARY", "LANGUAGE") == Some("en")));
    // The same event has the same UID in every language's calendar.
    let zh_uid = value(event_by_summary(&cal, "世界肝炎日义诊：乙肝丙肝免费筛查"), "UID");
    let en_uid = value(event_by_summary(&en, "World Hepatitis Day free clinic"), "UID");
    assert_eq!(zh_uid, en_uid);

    // A language without events still has a valid, empty calendar.
    let ug = f.read("ug/calendar.ics");
    assert_well_formed_lines(&ug);
    assert!(parse_ics(&ug).events.is_empty());
}

#[test]
fn ics_uid_and_dtstamp_are_stable_and_come_from_the_page() {
    let f = outreach_site();
    build_at(&f, NOW);
    let first_event = f.read("events/hepatitis-clinic-2027/event.ics");
    let first_calendar = f.read("calendar.ics");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    build_at(&f, "2027-09-01");
    let second_event = f.read("events/hepatitis-clinic-2027/event.ics");

    let a = parse_ics(&first_event);
    let b = parse_ics(&second_event);
    let (a, b) = (&a.events[0].properties, &b.events[0].properties);
    assert!(!value(a, "UID").is_empty());
    assert_eq!(value(a, "UID"), value(b, "UID"), "UID stable across builds");
    // DTSTAMP is the page's `updated` (2026-11-20T10:30:00+08:00), not the clock.
    assert_eq!(value(a, "DTSTAMP"), "20261120T023000Z");
    assert_eq!(value(b, "DTSTAMP"), "20261120T023000Z");
    assert_eq!(first_event, second_event, "the event file does not depend on `now` or the clock");
    assert_eq!(first_calendar, f.read("calendar.ics"));

    // Without `updated`, DTSTAMP is the page's `date`.
    let cal = parse_ics(&first_calendar);
    assert_eq!(value(event_by_summary(&cal, "学校近视筛查周"), "DTSTAMP"), "20261015T000000Z");
    assert_eq!(value(event_by_summary(&cal, "白内障老人入户随访日"), "DTSTAMP"), "20261102T000000Z");
}

#[test]
fn ics_status_and_all_day_events() {
    let f = outreach_site();
    f.build();
    let cal = parse_ics(&f.read("calendar.ics"));

    let cancelled = event_by_summary(&cal, "白内障老人入户随访日");
    assert_eq!(value(cancelled, "STATUS"), "CANCELLED");
    // One all-day event: DTEND is the next day (exclusive).
    assert_eq!(param(cancelled, "DTSTART", "VALUE"), Some("DATE"));
    assert_eq!(value(cancelled, "DTSTART"), "20261212");
    assert_eq!(param(cancelled, "DTEND", "VALUE"), Some("DATE"));
    assert_eq!(value(cancelled, "DTEND"), "20261213");
    let en = parse_ics(&f.read("en/events/cataract-visit-2026/event.ics"));
    assert_eq!(value(&en.events[0].properties, "STATUS"), "CANCELLED");

    // 5–7 December inclusive: DTEND 8 December.
    let eye = event_by_summary(&cal, "学校近视筛查周");
    assert_eq!(value(eye, "STATUS"), "CONFIRMED");
    assert_eq!((param(eye, "DTSTART", "VALUE"), value(eye, "DTSTART")), (Some("DATE"), "20261205"));
    assert_eq!((param(eye, "DTEND", "VALUE"), value(eye, "DTEND")), (Some("DATE"), "20261208"));

    // A timed event has no VALUE=DATE.
    let hep = event_by_summary(&cal, "世界肝炎日义诊：乙肝丙肝免费筛查");
    assert_eq!(param(hep, "DTSTART", "VALUE"), None);
}

/// A notice as the county writes it; its translations give a title and a text, not the facts.
const EAR_DAY: &str = "title: 全国爱耳日义诊
date: 2027-02-20
observance: national-ear-care-day
event:
  start: 2027-03-03T09:00:00+08:00
  end: 2027-03-03T12:00:00+08:00
  venue: 县人民医院门诊楼一楼大厅
  services: [free_clinic, {text: 听力筛查}]
  status: postponed";

#[test]
fn a_translation_without_facts_shows_its_notice_s() {
    let f = Fixture::new(&[
        ("content/events/ear-day.md", &page(EAR_DAY, "3月3日是全国爱耳日。")),
        ("content/events/ear-day.en.md", &page("title: Ear Care Day free clinic", "Free hearing checks.")),
    ]);
    f.build();
    let en = f.read("en/events/ear-day/index.html");
    let facts = between(&en, "class=\"event-box", "</section>");
    assert!(facts.contains("Wednesday 3 March 2027"), "the time, in English: {facts}");
    assert!(facts.contains("Free clinic") && facts.contains("Postponed"), "services and status in English: {facts}");
    // The venue and the notice's own words are Chinese, and say so.
    assert!(facts.contains("<span lang=\"zh-Hans\" dir=\"ltr\">县人民医院门诊楼一楼大厅</span>"), "{facts}");
    assert!(facts.contains("lang=\"zh-Hans\" dir=\"ltr\">听力筛查"), "{facts}");
    // It is an event wherever events are listed, and belongs to its health day.
    assert!(f.exists("en/events/ear-day/event.ics") && f.read("en/calendar.ics").contains("STATUS:TENTATIVE"));
    assert!(f.read("en/events/index.html").contains("/en/events/ear-day/"), "on the English events page");
    assert!(f.read("en/observances/national-ear-care-day/index.html").contains("/en/events/ear-day/"));
    assert!(en.contains("<span class=\"badge-name\">National Ear Care Day</span>"), "the day's badge");
    let flyer = f.read("en/events/ear-day/flyer.html");
    assert!(flyer.contains("<dd lang=\"zh-Hans\" dir=\"ltr\">县人民医院门诊楼一楼大厅</dd>"), "the flyer too");

    // A translation that writes its own facts keeps them.
    f.write(
        "content/events/ear-day.en.md",
        page("title: Ear Care Day\nevent:\n  start: 2027-03-03\n  venue: County Hospital", "Free checks."),
    );
    f.build();
    let en = f.read("en/events/ear-day/index.html");
    assert!(en.contains("<dd>County Hospital</dd>") && !en.contains("县人民医院"), "its own venue");
}

#[test]
fn a_registration_number_written_as_dialled_at_home_can_be_tapped() {
    // A secretary writes the number as it is dialled in the county, without `tel:+86`.
    let notice = |registration: &str| {
        format!("title: 爱耳日义诊\nevent:\n  start: 2027-03-03T09:00:00+08:00\n  registration: \"{registration}\"")
    };
    let f = Fixture::new(&[
        ("content/events/ear.md", &page(&notice("0971-1234567"), "正文。")),
        ("content/events/nurse.md", &page(&notice("0971-1234567（张护士）"), "正文。")),
    ]);
    f.build();
    let facts = |file: &str| between(&f.read(file), "class=\"event-box", "</section>").to_string();
    let ear = facts("events/ear/index.html");
    assert!(ear.contains("<a href=\"tel:+86-971-123-4567\" dir=\"ltr\">0971 123 4567</a>"), "{ear}");
    assert!(f.read("events/ear/flyer.html").contains(">0971 123 4567</dd>"), "the flyer shows it as dialled");
    // A number among other words stays text, as written.
    let nurse = facts("events/nurse/index.html");
    assert!(nurse.contains("0971-1234567（张护士）") && !nurse.contains("tel:"), "{nurse}");
}

#[test]
fn ics_long_chinese_text_is_folded_and_round_trips() {
    let title = "青禾县二〇二七年世界肝炎日大型义诊暨乙型肝炎丙型肝炎免费筛查与健康咨询活动（县人民医院感染科、消化内科、检验科联合举办）";
    let summary = "本次义诊由青禾县医学会科普委员会主办，县人民医院感染科、消化内科和检验科的医生将现场为居民提供乙型肝炎和丙型肝炎的免费筛查，解读化验单，讲解肝炎的传播途径、疫苗接种和规范治疗。请携带身份证和既往检查报告，空腹前来，筛查结果将在三个工作日内通过短信通知本人。";
    assert!(title.len() > 150 && summary.len() > 300, "long enough to need several folds");
    let front = format!(
        "title: {title}\ndate: 2027-06-01\nsummary: {summary}\nevent:\n  start: 2027-07-28T09:00:00+08:00\n  end: 2027-07-28T17:00:00+08:00\n  venue: 青禾县人民医院门诊楼一楼大厅\n  organizer: 青禾县医学会科普委员会"
    );
    let f = Fixture::new(&[("content/events/long.md", &page(&front, "正文。"))]);
    f.build();
    for file in ["events/long/event.ics", "calendar.ics"] {
        let ics = f.read(file);
        assert_well_formed_lines(&ics);
        assert!(ics.contains("\r\n "), "long lines are folded: {file}");
        // No fold splits a character: every physical line is valid UTF-8 on its own.
        for line in ics.as_bytes().split(|b| *b == b'\n') {
            assert!(std::str::from_utf8(line).is_ok(), "a fold split a UTF-8 sequence in {file}");
        }
        let cal = parse_ics(&ics);
        let ev = &cal.events[0].properties;
        assert_eq!(unescape(value(ev, "SUMMARY")), title, "{file}");
        let description = unescape(value(ev, "DESCRIPTION"));
        assert!(description.starts_with(summary), "{file}: {description}");
        assert!(description.contains("青禾县医学会科普委员会"));
        assert!(description.ends_with("https://example.org/events/long/"), "{description}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Observances
// ---------------------------------------------------------------------------------------------

#[test]
fn observance_page_lists_articles_and_events() {
    let f = outreach_site();
    f.build();
    let zh = f.read("observances/world-hepatitis-day/index.html");
    assert!(zh.contains("<h1>世界肝炎日</h1>"), "localized name:\n{zh}");
    assert!(zh.contains(&href("/articles/hepatitis-b/")), "the article");
    assert!(zh.contains(&href("/events/hepatitis-clinic-2027/")), "the event");
    assert!(zh.contains("2027年7月28日"), "next date after {NOW}");
    assert!(!zh.contains("/events/eye-screening-2026/"), "only pages naming the day");

    let en = f.read("en/observances/world-hepatitis-day/index.html");
    assert!(en.contains("<h1>World Hepatitis Day</h1>"), "{en}");
    assert!(en.contains(&href("/en/articles/hepatitis-b/")) && en.contains(&href("/en/events/hepatitis-clinic-2027/")));
    assert!(en.contains("28 July 2027"));

    // Every built-in day has its page, with or without pages about it.
    let aids = f.read("observances/world-aids-day/index.html");
    assert!(aids.contains("<h1>世界艾滋病日</h1>") && aids.contains("2026年12月1日"));
}

#[test]
fn observance_calendar_is_soonest_first_from_now() {
    let f = outreach_site();
    f.build(); // now = 2026-11-25
    let zh = f.read("observances/index.html");
    let list = between(&zh, "class=\"observance-list\"", "</ul>");
    let first = between(list, "href=\"", "\">");
    assert_eq!(first, "href=\"/observances/world-aids-day/", "the next day after {NOW} comes first");
    assert_in_order(
        list,
        &[
            &href("/observances/world-aids-day/"),
            &href("/observances/world-cancer-day/"),
            &href("/observances/world-hepatitis-day/"),
            // World AMR Awareness Week ended on 24 November; its next run is a year away.
            &href("/observances/world-amr-awareness-week/"),
        ],
    );
    assert!(list.contains("世界艾滋病日") && list.contains("世界肝炎日"));
    let en = f.read("en/observances/index.html");
    let list = between(&en, "class=\"observance-list\"", "</ul>");
    assert!(list.contains("World AIDS Day") && list.contains("World Hepatitis Day"));
    assert_in_order(list, &[&href("/en/observances/world-aids-day/"), &href("/en/observances/world-hepatitis-day/")]);

    // In early July, World Hepatitis Day is the nearer one.
    build_at(&f, "2026-07-01");
    let list = f.read("observances/index.html");
    assert_in_order(&list, &[&href("/observances/world-hepatitis-day/"), &href("/observances/world-aids-day/")]);
}

#[test]
fn article_page_shows_a_badge_linking_to_its_observance() {
    let f = outreach_site();
    f.build();
    let zh = f.read("articles/hepatitis-b/index.html");
    let badge = between(&zh, "class=\"badge\"", "</p>");
    assert!(badge.contains(&href("/observances/world-hepatitis-day/")), "{badge}");
    assert!(badge.contains("世界肝炎日"), "{badge}");
    let en = f.read("en/articles/hepatitis-b/index.html");
    let badge = between(&en, "class=\"badge\"", "</p>");
    assert!(badge.contains(&href("/en/observances/world-hepatitis-day/")) && badge.contains("World Hepatitis Day"));
    // An event page names its day too; a page without one has no badge.
    assert!(f.read("events/hepatitis-clinic-2027/index.html").contains(&href("/observances/world-hepatitis-day/")));
    assert!(!f.read("events/eye-screening-2026/index.html").contains("class=\"badge\""));
}

#[test]
fn a_day_s_name_shown_from_another_language_says_which() {
    // The calendar has no Uyghur name for World Hepatitis Day: the Uyghur pages show the Chinese
    // one, marked so a screen reader switches voice and the text runs left to right.
    let f = outreach_site();
    f.write(
        "content/articles/hepatitis-b.ug.md",
        page("title: جىگەر ياللۇغى\ndate: 2026-07-01\nobservance: world-hepatitis-day", "تېكىست."),
    );
    build_at(&f, NOW);
    let marked = "lang=\"zh-Hans\" dir=\"ltr\">世界肝炎日<";
    let ug = f.read("ug/articles/hepatitis-b/index.html");
    assert!(between(&ug, "class=\"badge\"", "</p>").contains(&format!("<span class=\"badge-name\" {marked}")));
    assert!(f.read("ug/observances/world-hepatitis-day/index.html").contains(&format!("<h1 {marked}")));
    let list = f.read("ug/observances/index.html");
    assert!(between(&list, "class=\"observance-list\"", "</ul>").contains(marked), "{list}");
    // A name in the page's own language is not marked.
    let zh = f.read("articles/hepatitis-b/index.html");
    assert!(between(&zh, "class=\"badge\"", "</p>").contains("<span class=\"badge-name\">世界肝炎日<"));
    assert!(f.read("en/observances/world-hepatitis-day/index.html").contains("<h1>World Hepatitis Day<"));
}

const SITE_OBSERVANCES: &str = "\
# The county's own days, and its version of a built-in one.
- id: qinghe-health-day
  names:
    zh-Hans: 青禾县健康日
    en: Qinghe County Health Day
  rule: {type: fixed, month: 9, day: 12}
  organizer: 青禾县卫生健康局
- id: world-hepatitis-day
  names:
    zh-Hans: 世界肝炎日（青禾县宣传周）
    en: World Hepatitis Day (Qinghe campaign week)
  rule: {type: span, start: {type: fixed, month: 7, day: 26}, days: 7}
";

#[test]
fn site_observances_add_and_override_days() {
    let f = outreach_site();
    f.write("content/observances.yaml", SITE_OBSERVANCES);
    f.write(
        "content/articles/county-day.md",
        page("title: 青禾县健康日倡议书\ndate: 2026-09-01\nobservance: qinghe-health-day", "一起行动。"),
    );
    f.build();
    assert!(!f.exists("observances.yaml"), "the data file is read, not copied");

    let day = f.read("observances/qinghe-health-day/index.html");
    assert!(day.contains("<h1>青禾县健康日</h1>"), "{day}");
    assert!(day.contains("2027年9月12日"), "next date from the site's rule");
    assert!(day.contains(&href("/articles/county-day/")));
    let en = f.read("en/observances/qinghe-health-day/index.html");
    assert!(en.contains("<h1>Qinghe County Health Day</h1>"), "{en}");
    assert!(f.read("articles/county-day/index.html").contains(&href("/observances/qinghe-health-day/")));

    let list = f.read("observances/index.html");
    assert_in_order(
        &list,
        &[
            &href("/observances/world-aids-day/"),
            &href("/observances/world-hepatitis-day/"),
            &href("/observances/chinese-physicians-day/"),
            &href("/observances/qinghe-health-day/"),
            &href("/observances/world-heart-day/"),
        ],
    );
    assert!(list.contains("青禾县健康日"));

    // The site's entry replaces the built-in one with the same id: its name and its dates.
    let hep = f.read("observances/world-hepatitis-day/index.html");
    assert!(hep.contains("<h1>世界肝炎日（青禾县宣传周）</h1>"), "{hep}");
    assert!(hep.contains("2027年7月26日") && hep.contains("2027年8月1日"), "the week of the override");
    assert!(hep.contains(&href("/articles/hepatitis-b/")), "pages still attached");
    assert!(f
        .read("en/observances/world-hepatitis-day/index.html")
        .contains("World Hepatitis Day (Qinghe campaign week)"));
    assert!(f.read("articles/hepatitis-b/index.html").contains("世界肝炎日（青禾县宣传周）"), "the badge uses it too");
    // The rest of the built-in calendar is still there.
    assert!(f.exists("observances/world-aids-day/index.html"));
}

#[test]

fn observance_name_falls_back_to_the_same_primary_language_first() {
    // Default language English; a county day named only in English and Simplified Chinese.
    // `Observance::name` documents the order: the page's language, a language of the same
    // primary tag, the default language, English. A zh-Hant reader should get the Chinese name.
    let f = Fixture::new(&[("content/_index.md", &page("title: Home", ""))]);
    f.write(
        "site.yaml",
        "title: Qinghe Health\nbase_url: https://example.org\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n  - code: zh-Hans\n    name: 简体中文\n  - code: zh-Hant\n    name: 繁體中文\n",
    );
    f.write(
        "content/observances.yaml",
        "- id: qinghe-health-day\n  names:\n    en: Qinghe Health Day\n    zh-Hans: 青禾县健康日\n  rule: {type: fixed, month: 9, day: 12}\n",
    );
    f.build();
    assert!(f.read("zh-hans/observances/qinghe-health-day/index.html").contains("<h1>青禾县健康日</h1>"));
    let hant = f.read("zh-hant/observances/qinghe-health-day/index.html");
    // Shown in the Simplified name's own tag, so that a reader's device draws it in SC glyphs.
    assert!(
        hant.contains("<h1 lang=\"zh-Hans\" dir=\"ltr\">青禾县健康日</h1>"),
        "same primary language before the default:\n{hant}"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Medical review
// ---------------------------------------------------------------------------------------------

/// Lines 1–8; `next:` is on line 7.
const OVERDUE: &str = "\
title: 老年人补钙误区
date: 2025-01-10
review:
  by: 张医生
  date: 2025-01-05
  next: 2026-01-05";

#[test]
fn reviewed_article_shows_reviewer_and_dates() {
    let f = outreach_site();
    let report = f.build();
    assert!(report.warnings.iter().all(|w| !w.contains("hepatitis-b")), "not overdue: {:?}", report.warnings);
    let zh = f.read("articles/hepatitis-b/index.html");
    let review = between(&zh, "class=\"review\"", "</div>");
    for text in ["李医生，主任医师", "2026年6月1日", "2027年6月1日", "医学审核", "下次审核"] {
        assert!(review.contains(text), "`{text}` in:\n{review}");
    }
    assert!(!zh.contains("本页已到医学复审时间"), "not overdue");
    let en = f.read("en/articles/hepatitis-b/index.html");
    let review = between(&en, "class=\"review\"", "</div>");
    for text in ["Medically reviewed by Dr Li, chief physician", "1 June 2026", "Next review due", "1 June 2027"] {
        assert!(review.contains(text), "`{text}` in:\n{review}");
    }
}

#[test]
fn overdue_review_warns_at_build_time() {
    let f = outreach_site();
    f.write("content/articles/calcium.md", page(OVERDUE, "正文。"));
    let report = f.build();
    let overdue: Vec<&String> = report.warnings.iter().filter(|w| w.contains("overdue")).collect();
    assert_eq!(overdue.len(), 1, "{:?}", report.warnings);
    assert!(overdue[0].contains("content/articles/calcium.md"), "names the file: {}", overdue[0]);
    assert!(overdue[0].contains("2026-01-05"), "says when it was due: {}", overdue[0]);
    assert!(f.read("articles/calcium/index.html").contains("本页已到医学复审时间"), "readers are told");

    // Before the due date there is nothing to warn about.
    let report = build_at(&f, "2025-12-31");
    assert!(report.warnings.iter().all(|w| !w.contains("overdue")), "{:?}", report.warnings);
}

#[test]
fn check_lists_overdue_and_unreviewed_articles() {
    let f = outreach_site();
    f.write("content/articles/calcium.md", page(OVERDUE, "正文。"));
    f.write("content/articles/no-review.md", page("title: 洗手的正确方法\ndate: 2026-05-05", "七步洗手法。"));

    let out = f.cli(&["check", "--now", NOW]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "warnings alone pass: {text}{}", stderr(&out));
    // Findings are listed under a heading per kind, each on its own indented line.
    assert!(text.contains("Medical reviews ("), "{text}");
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    assert!(
        lines.iter().any(|l| l.starts_with("content/articles/calcium.md:7: warning: ") && l.contains("overdue")),
        "overdue review at its `next:` line:\n{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/articles/no-review.md:2: warning: ") && l.contains("no medical review")),
        "missing review at its `title:` line:\n{text}"
    );
    let review_lines: Vec<&str> = lines.iter().copied().filter(|l| l.contains("review")).collect();
    assert!(!review_lines.iter().any(|l| l.contains("hepatitis-b")), "reviewed articles are fine: {text}");
    assert!(!review_lines.iter().any(|l| l.contains("content/events/")), "event notices need no review: {text}");
    assert!(!f.out("").exists(), "check writes nothing");

    let strict = f.cli(&["check", "--strict", "--now", NOW]);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings: {}", stdout(&strict));
    assert!(stdout(&strict).contains("content/articles/calcium.md:7: warning: "));
}

/// Two languages, everything translated and reviewed: nothing for `kepu check` to complain about.
fn clean_site() -> Fixture {
    let f = Fixture::new(&[
        ("content/_index.md", &page("title: 青禾县健康科普", "")),
        ("content/_index.en.md", &page("title: Qinghe Health", "")),
        ("content/articles/_index.md", &page("title: 科普文章", "")),
        ("content/articles/_index.en.md", &page("title: Articles", "")),
        ("content/articles/hepatitis-b.md", &page(ARTICLE, "乙肝早发现、早治疗。")),
        ("content/articles/hepatitis-b.en.md", &page(ARTICLE_EN, "Early care helps.")),
        ("content/events/_index.md", &page("title: 活动通知", "")),
        ("content/events/_index.en.md", &page("title: Events", "")),
        ("content/events/hepatitis-clinic-2027.md", &page(HEP_CLINIC, "欢迎参加。")),
        ("content/events/hepatitis-clinic-2027.en.md", &page(HEP_CLINIC_EN, "All welcome.")),
    ]);
    let two_languages = common::CONFIG.split("  - code: ug").next().unwrap().to_string();
    assert!(!two_languages.contains("ug"));
    f.write("site.yaml", two_languages);
    f
}

#[test]
fn clean_site_passes_strict_check() {
    let f = clean_site();
    let out = f.cli(&["check", "--strict", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(!stdout(&out).contains("warning:"), "{}", stdout(&out));
    // The same site a year and a half later has overdue reviews.
    let later = f.cli(&["check", "--strict", "--now", "2027-06-02"]);
    assert_eq!(later.status.code(), Some(1), "{}", stdout(&later));
    assert!(stdout(&later).contains("content/articles/hepatitis-b.md:"));
    assert!(stdout(&later).contains("content/articles/hepatitis-b.en.md:"));
}

#[test]

fn check_points_at_the_line_of_a_one_line_review() {
    // README: `review: {by: 李医生，主任医师, date: 2026-06-01, next: 2027-06-01}`.
    let f = Fixture::new(&[(
        "content/articles/inline.md",
        &page("title: 一行写完的审核\ndate: 2025-01-10\nreview: {by: 王医生, date: 2025-01-01, next: 2026-01-01}", "x"),
    )]);
    let out = f.cli(&["check", "--now", NOW]);
    let text = stdout(&out);
    assert!(text.contains("content/articles/inline.md:4: warning: medical review overdue"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// 6. Structured data
// ---------------------------------------------------------------------------------------------

#[test]
fn event_json_ld() {
    let f = outreach_site();
    f.build();
    let v = json_ld(&f.read("events/cataract-visit-2026/index.html"));
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "Event");
    assert_eq!(v["name"], "白内障老人入户随访日");
    assert_eq!(v["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(v["startDate"], "2026-12-12");
    assert_eq!(v["location"]["@type"], "Place");
    assert_eq!(v["location"]["name"], "禾丰镇各行政村");
    assert_eq!(v["location"]["address"], "青禾县禾丰镇");
    assert_eq!(v["organizer"][0]["name"], "青禾县人民医院眼科");
    assert_eq!(v["offers"]["@type"], "Offer");
    assert_eq!(v["url"], "https://example.org/events/cataract-visit-2026/");

    let v = json_ld(&f.read("events/hepatitis-clinic-2027/index.html"));
    assert_eq!(v["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(v["startDate"], "2027-07-28T09:00:00+08:00");
    assert_eq!(v["endDate"], "2027-07-28T12:00:00+08:00");
    assert_eq!(v["inLanguage"], "zh-Hans");
    let organizers: Vec<&str> =
        v["organizer"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(organizers, ["青禾县医学会科普委员会", "青禾县人民医院感染科"]);
    assert_eq!(v["offers"]["price"], "0");

    let en = json_ld(&f.read("en/events/hepatitis-clinic-2027/index.html"));
    assert_eq!(en["name"], "World Hepatitis Day free clinic");
    assert_eq!(en["inLanguage"], "en");
}

#[test]
fn article_json_ld_is_a_reviewed_medical_web_page() {
    let f = outreach_site();
    f.build();
    let v = json_ld(&f.read("articles/hepatitis-b/index.html"));
    assert_eq!(v["@type"], "MedicalWebPage");
    assert_eq!(v["name"], "乙肝筛查：一次抽血，早知道");
    assert_eq!(v["lastReviewed"], "2026-06-01");
    assert_eq!(v["reviewedBy"]["name"], "李医生，主任医师");
    assert_eq!(v["author"][0]["name"], "王医生");
    assert_eq!(v["datePublished"], "2026-07-01");
    let en = json_ld(&f.read("en/articles/hepatitis-b/index.html"));
    assert_eq!(en["reviewedBy"]["name"], "Dr Li, chief physician");
}

#[test]
fn script_in_a_title_cannot_escape_the_json_ld() {
    let title = "</script><script>alert(1)</script><!-- 肝炎 & \"引号\"";
    let front =
        format!("title: '{title}'\ndate: 2026-07-01\nreview: {{by: 李医生, date: 2026-06-01, next: 2027-06-01}}");
    let event_front =
        format!("title: '{title}'\nevent:\n  start: 2027-07-28\n  venue: '</script><script>alert(2)</script>'");
    let f = Fixture::new(&[
        ("content/articles/x.md", &page(&front, "正文。")),
        ("content/events/y.md", &page(&event_front, "正文。")),
    ]);
    f.build();
    for file in ["articles/x/index.html", "events/y/index.html", "index.html", "events/index.html"] {
        let html = f.read(file);
        assert!(!html.contains("<script>alert"), "{file} lets the title out:\n{html}");
        assert!(!html.contains("</script><script>"), "{file}");
    }
    let v = json_ld(&f.read("articles/x/index.html"));
    assert_eq!(v["name"], title, "the JSON still holds the original title");
    let v = json_ld(&f.read("events/y/index.html"));
    assert_eq!(v["name"], title);
    assert_eq!(v["location"]["name"], "</script><script>alert(2)</script>");
}

// ---------------------------------------------------------------------------------------------
// 7. Bad input
// ---------------------------------------------------------------------------------------------

#[test]
fn event_ending_before_it_starts() {
    let bad = "title: 日期写反的活动\nevent:\n  start: 2027-07-28T09:00:00+08:00\n  end: 2027-07-28T08:00:00+08:00";
    let err = fails(|f| f.write("content/events/bad.md", page(bad, "x")));
    assert_eq!(error_line(&err, "content/events/bad.md"), 5, "points at `end:`: {err}");
    assert!(err.contains("before it starts") && err.contains("write an `end:` after the start"), "{err}");

    let bad = "title: 日期写反的活动\nevent:\n  start: 2027-07-28\n  end: 2027-07-27";
    let err = fails(|f| f.write("content/events/bad.md", page(bad, "x")));
    assert_eq!(error_line(&err, "content/events/bad.md"), 5, "{err}");
    assert!(err.contains("before it starts"), "{err}");

    let mixed = "title: 一天加一个时间\nevent:\n  start: 2027-07-28\n  end: 2027-07-28T12:00:00+08:00";
    let err = fails(|f| f.write("content/events/bad.md", page(mixed, "x")));
    assert_eq!(error_line(&err, "content/events/bad.md"), 5, "{err}");
    assert!(err.contains("write both like `2027-07-28`, or both like `2027-07-28T09:00:00+08:00`"), "{err}");
}

#[test]
fn unparseable_event_date() {
    for start in ["2027-07-32T09:00:00+08:00", "下周二上午", "2027-07-28T09:00:00"] {
        let bad = format!("title: 日期写错的活动\nevent:\n  venue: 县医院\n  start: {start}");
        let err = fails(|f| f.write("content/events/bad.md", page(&bad, "x")));
        assert_eq!(error_line(&err, "content/events/bad.md"), 5, "points at `start:`: {err}");
        assert!(err.contains("invalid date") && err.contains(start), "{err}");
    }
}

#[test]
fn unknown_service_id() {
    let bad = "title: 活动\nevent:\n  start: 2027-07-28\n  services: [free_clinic, massage]";
    let err = fails(|f| f.write("content/events/bad.md", page(bad, "x")));
    assert_eq!(error_line(&err, "content/events/bad.md"), 5, "{err}");
    assert!(err.contains("unknown service `massage`"), "{err}");
    assert!(err.contains("free_clinic") && err.contains("vaccination"), "lists the known ids: {err}");
}

#[test]
fn next_review_before_the_review() {
    let bad = "title: 乙\ndate: 2026-01-01\nreview:\n  by: 李医生\n  date: 2026-06-01\n  next: 2025-06-01";
    let err = fails(|f| f.write("content/articles/b.md", page(bad, "x")));
    assert_eq!(error_line(&err, "content/articles/b.md"), 7, "points at `next:`: {err}");
    assert!(err.contains("next review"), "{err}");
}

#[test]
fn unknown_observance_id() {
    let err = fails(|f| {
        f.write("content/articles/b.md", page("title: 乙\ndate: 2026-01-01\nobservance: world-hepatits-day", "x"))
    });
    assert_eq!(error_line(&err, "content/articles/b.md"), 4, "points at `observance:`: {err}");
    assert!(err.contains("world-hepatits-day"), "{err}");
}

#[test]
fn malformed_site_observances() {
    let good_entry = "- id: county-eye-day\n  names:\n    zh-Hans: 县爱眼日\n  rule: {type: fixed, month: 6, day: 6}\n";
    let cases = [
        ("{type: fixed, month: 13, day: 1}", "13"),
        ("{type: fixed, month: 2, day: 30}", "30"),
        ("{type: month, month: 13}", "13"),
        ("{type: nth_weekday, month: 5, weekday: sun, n: 6}", "6"),
    ];
    for (rule, needle) in cases {
        let text =
            format!("{good_entry}- id: qinghe-health-day\n  names:\n    zh-Hans: 青禾县健康日\n  rule: {rule}\n");
        let err = fails(|f| f.write("content/observances.yaml", &text));
        let line = error_line(&err, "content/observances.yaml");
        assert!((5..=8).contains(&line), "points into the bad entry (lines 5–8), got {line}: {err}");
        assert!(err.contains("qinghe-health-day") && err.contains(needle), "{err}");
    }
    // A rule type that does not exist is refused by the YAML reader, also with its line.
    let text = format!("{good_entry}- id: qinghe-health-day\n  names:\n    zh-Hans: 青禾县健康日\n  rule: {{type: yearly, month: 9}}\n");
    let err = fails(|f| f.write("content/observances.yaml", &text));
    let line = error_line(&err, "content/observances.yaml");
    assert!((5..=8).contains(&line), "got {line}: {err}");
}

#[test]

fn observances_error_points_at_the_entry_not_a_longer_id() {
    // `county-day-week` starts with `county-day`: the error in `county-day` (line 5–8) must not
    // point at the `county-day-week` entry on line 1.
    let text = "- id: county-day-week\n  names:\n    zh-Hans: 县健康周\n  rule: {type: span, start: {type: fixed, month: 4, day: 7}, days: 7}\n\
                - id: county-day\n  names:\n    zh-Hans: 县健康日\n  rule: {type: fixed, month: 13, day: 1}\n";
    let err = fails(|f| f.write("content/observances.yaml", text));
    let line = error_line(&err, "content/observances.yaml");
    assert!((5..=8).contains(&line), "points into the `county-day` entry (lines 5–8), got {line}: {err}");
}

/// Expands every RRULE of a calendar with Python's dateutil (an implementation independent of
/// Kepu's rules) and returns `UID date date date` lines: the first three occurrences.
fn expand_rrules(ics: &str) -> Vec<String> {
    let script = r#"
import sys
from dateutil.rrule import rrulestr
uid = start = rule = None
for line in sys.stdin.read().replace("\r\n ", "").splitlines():
    if line.startswith("UID:"): uid = line[4:]
    if line.startswith("DTSTART;VALUE=DATE:"): start = line.split(":")[1]
    if line.startswith("RRULE:"): rule = line[6:]
    if line == "END:VEVENT":
        if rule:
            dates = list(rrulestr("DTSTART:" + start + "\nRRULE:" + rule, forceset=True)[:3])
            print(uid, " ".join(d.strftime("%Y-%m-%d") for d in dates))
        uid = start = rule = None
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/test installs python3-dateutil)");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), ics.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn health_days_calendar_to_subscribe_to_per_language() {
    let f = outreach_site();
    f.write("content/observances.yaml", "- id: county-new-year-health-week\n  names: {zh-Hans: 新年健康周, en: New Year Health Week}\n  rule: { type: span, start: { type: fixed, month: 12, day: 28 }, days: 7 }\n");
    f.write(
        "content/articles/tb.md",
        page("title: 结核病\ndate: 2026-03-01\nobservance: world-tuberculosis-day", "正文。"),
    );
    build_at(&f, "2027-01-02");
    // The page's observance is found by its plain name too.
    assert!(f.read("articles/tb/index.html").contains("href=\"/observances/world-tb-day/\""));
    // A week across New Year that is running counts as the current one.
    let calendar_page = f.read("observances/index.html");
    assert_in_order(&calendar_page, &["新年健康周", "世界防治麻风病日"]);
    assert!(calendar_page.contains("href=\"webcal://example.org/observances/calendar.ics\""), "{calendar_page}");
    for (lang_home, summary) in [("", "世界肝炎日"), ("en/", "World Hepatitis Day")] {
        let ics = f.read(&format!("{lang_home}observances/calendar.ics"));
        let cal = parse_ics(&ics);
        assert!(cal.events.len() >= 48, "{} events", cal.events.len());
        assert!(ics
            .contains(&format!("SUMMARY;LANGUAGE={}:{summary}", if lang_home.is_empty() { "zh-Hans" } else { "en" })));
        assert_well_formed_lines(&ics);
    }
    let ics = f.read("en/observances/calendar.ics");
    let expanded = expand_rrules(&ics);
    for expected in [
        "world-hepatitis-day@example.org 2027-07-28 2028-07-28 2029-07-28",
        "world-leprosy-day@example.org 2027-01-31 2028-01-30 2029-01-28",
        "world-sleep-day@example.org 2027-03-19 2028-03-17 2029-03-16",
        "world-asthma-day@example.org 2027-05-04 2028-05-02 2029-05-01",
        "world-kidney-day@example.org 2027-03-11 2028-03-09 2029-03-08",
        "national-nutrition-week@example.org 2027-05-09 2028-05-14 2029-05-13",
    ] {
        assert!(expanded.iter().any(|l| l == expected), "{expected}\n{}", expanded.join("\n"));
    }
    // A month has no one rule in RFC 5545: dated occurrences instead.
    assert!(ics.contains("UID:breast-cancer-awareness-month-2027@example.org"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20271001\r\nDTEND;VALUE=DATE:20271101\r\n"));
    // Each day's page describes the day for search engines.
    let ld = json_ld(&f.read("en/observances/world-hepatitis-day/index.html"));
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["name"], "World Hepatitis Day");
    assert_eq!(ld["startDate"], "2027-07-28");
    assert_eq!(ld["eventSchedule"]["repeatFrequency"], "P1Y");
}
