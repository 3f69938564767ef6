//! iCalendar files of a site's events — `event.ics` beside each event page and `calendar.ics`
//! with every event of a language — and `observances/calendar.ics`, the health days of a
//! language to subscribe to.

use crate::formats::ical;
use crate::load::content::EventStatus;
use crate::load::observances::{Observance, Rule};
use crate::site::{Page, Site};
use crate::util::dates::DateValue;
use chrono::{NaiveDate, TimeZone};

/// Years of dated occurrences written for a day whose rule RFC 5545 cannot repeat.
const DATED_YEARS: i32 = 3;

fn ics_event(site: &Site, p: &Page) -> Option<ical::Event> {
    let ev = p.doc.front.event.as_ref()?;
    let f = &p.doc.front;
    let config = &site.config;
    let host = host(site);
    let to_time = |d: DateValue| match d {
        DateValue::Day(d) => ical::EventTime::Date(d),
        DateValue::Moment(m) => ical::EventTime::DateTime(m),
    };
    let mut description = p.description.clone();
    if !ev.organizer.0.is_empty() {
        description.push_str(&format!("\n\n{}", ev.organizer.0.join(", ")));
    }
    if let Some(c) = &ev.contact {
        description.push_str(&format!("\n{c}"));
    }
    description.push_str(&format!("\n{}", config.permalink(&p.url)));
    let location = [ev.venue.as_deref(), ev.address.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
    Some(ical::Event {
        // Language-neutral, so the same event has one UID in every language's calendar.
        uid: format!("{}@{host}", p.doc.key.trim_end_matches(".md")),
        dtstamp: f.updated.or(f.date).unwrap_or(ev.start).moment(),
        start: to_time(ev.start),
        end: ev.end.map(to_time),
        summary: f.title.clone(),
        description: Some(description),
        location: (!location.is_empty()).then_some(location),
        url: Some(config.permalink(&p.url)),
        status: match ev.status {
            EventStatus::Scheduled => ical::Status::Confirmed,
            EventStatus::Postponed => ical::Status::Tentative,
            EventStatus::Cancelled => ical::Status::Cancelled,
        },
        organizer: None,
        organizer_uri: None,
        categories: Vec::new(),
        language: Some(config.languages[p.lang].tag.to_string()),
        sequence: 0,
        recurrence: None,
    })
}

/// `event.ics` for one event page.
pub(crate) fn event_ics(site: &Site, p: &Page) -> Option<String> {
    let event = ics_event(site, p)?;
    Some(ical::Calendar { prodid: PRODID.into(), name: Some(p.doc.front.title.clone()), events: vec![event] }.to_ics())
}

/// `calendar.ics` with every event of a language, soonest first.
pub(crate) fn language_ics(site: &Site, lang: usize) -> String {
    let mut pages: Vec<&Page> = site.pages.iter().filter(|p| p.lang == lang && p.doc.front.event.is_some()).collect();
    pages.sort_by_key(|p| (p.doc.front.event.as_ref().map(|e| e.start), p.url.clone()));
    ical::Calendar {
        prodid: PRODID.into(),
        name: Some(site.config.languages[lang].title.clone()),
        events: pages.into_iter().filter_map(|p| ics_event(site, p)).collect(),
    }
    .to_ics()
}

const PRODID: &str = "-//Kepu//Kepu static site generator//EN";

/// The host part of `base_url`, for UIDs.
fn host(site: &Site) -> &str {
    site.config.base_url.split("://").nth(1).unwrap_or("kepu.invalid").trim_end_matches('/')
}

/// The URL of a language's health-day calendar.
pub(crate) fn observances_ics_url(site: &Site, lang: usize) -> String {
    format!("{}observances/calendar.ics", site.config.languages[lang].home_url())
}

/// Every health day in `lang`: one repeating event where RFC 5545 can say how the day repeats,
/// dated occurrences for the next years where it cannot (a whole month, a weekday window that
/// crosses into another month). `name` is the calendar's name in `lang`.
pub(crate) fn observances_ics(site: &Site, lang: usize, today: NaiveDate, name: String) -> String {
    let events = site.calendar.days.iter().flat_map(|o| observance_events(site, lang, o, today)).collect();
    ical::Calendar { prodid: PRODID.into(), name: Some(name), events }.to_ics()
}

fn observance_events(site: &Site, lang: usize, o: &Observance, today: NaiveDate) -> Vec<ical::Event> {
    let config = &site.config;
    let url = config.permalink(&format!("{}observances/{}/", config.languages[lang].home_url(), o.id));
    // The build's date ("today", set with --now), never the clock's time: the same input and
    // date give the same file.
    let stamp = chrono::FixedOffset::east_opt(0)
        .and_then(|utc| utc.from_local_datetime(&today.and_hms_opt(0, 0, 0)?).single())
        .unwrap_or_default();
    let event = |uid: String, (start, end): (NaiveDate, NaiveDate), recurrence| ical::Event {
        uid,
        dtstamp: stamp,
        start: ical::EventTime::Date(start),
        end: Some(ical::EventTime::Date(end)),
        summary: o.name(&config.languages[lang].tag, &config.default_language().tag),
        description: o.organizer.clone(),
        location: None,
        url: Some(url.clone()),
        status: ical::Status::Confirmed,
        organizer: None,
        organizer_uri: None,
        categories: Vec::new(),
        language: Some(config.languages[lang].tag.to_string()),
        sequence: 0,
        recurrence,
    };
    let host = host(site);
    match (yearly(&o.rule), o.rule.next_from(today)) {
        (Some(rule), Some(first)) => vec![event(format!("{}@{host}", o.id), first, Some(rule))],
        _ => (chrono::Datelike::year(&today)..)
            .take(DATED_YEARS as usize + 1)
            .filter_map(|y| o.rule.in_year(y).filter(|(_, end)| *end >= today).map(|d| (y, d)))
            .take(DATED_YEARS as usize)
            .map(|(y, d)| event(format!("{}-{y}@{host}", o.id), d, None))
            .collect(),
    }
}

/// How a rule repeats, in RFC 5545's terms; `None` where they cannot say it in one rule.
fn yearly(rule: &Rule) -> Option<ical::Yearly> {
    match rule {
        Rule::Fixed { month, day } => Some(ical::Yearly { month: *month, weekday: None, month_days: vec![*day] }),
        Rule::NthWeekday { month, weekday, n } => {
            Some(ical::Yearly { month: *month, weekday: Some((*n, (*weekday).into())), month_days: Vec::new() })
        }
        // The weekday among the seven days ending on `day`, when they are all in the month.
        Rule::WeekdayOnOrBefore { month, day, weekday } if *day >= 7 => Some(ical::Yearly {
            month: *month,
            weekday: Some((0, (*weekday).into())),
            month_days: (day - 6..=*day).collect(),
        }),
        Rule::Span { start, .. } => yearly(start),
        Rule::WeekdayOnOrBefore { .. } | Rule::Month { .. } => None,
    }
}
