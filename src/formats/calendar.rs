//! iCalendar files of a site's events: `event.ics` beside each event page and `calendar.ics`
//! with every event of a language.

use crate::formats::ical;
use crate::load::content::EventStatus;
use crate::site::{Page, Site};
use crate::util::dates::DateValue;

fn ics_event(site: &Site, p: &Page) -> Option<ical::Event> {
    let ev = p.doc.front.event.as_ref()?;
    let f = &p.doc.front;
    let config = &site.config;
    let host = config.base_url.split("://").nth(1).unwrap_or("kepu.invalid").trim_end_matches('/');
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
