//! Outreach-specific page data: event notices (when, where, what is offered) and medical review.

use crate::formats::ical;
use crate::load::content::{EventSpec, EventStatus, Service};
use crate::render::Renderer;
use crate::site::Page;
use crate::util::dates::DateValue;
use serde_json::{json, Value};

/// Whether an event is still to come (or running) on `today`.
pub fn is_upcoming(ev: &EventSpec, today: chrono::NaiveDate) -> bool {
    ev.end.unwrap_or(ev.start).day() >= today
}

/// "When" in the page's language: one day, a day range, or times.
pub fn when_text(r: &Renderer, lang: usize, ev: &EventSpec) -> String {
    let start = r.strings.format_date(lang, &ev.start);
    match (ev.start, ev.end) {
        (_, None) => start,
        (DateValue::Day(s), Some(DateValue::Day(e))) if s == e => start,
        (DateValue::Moment(s), Some(DateValue::Moment(e))) if s.date_naive() == e.date_naive() => {
            format!("{start}–{}", e.format("%H:%M"))
        }
        (_, Some(end)) => format!("{start} – {}", r.strings.format_date(lang, &end)),
    }
}

pub fn event_value(r: &Renderer, p: &Page) -> Value {
    let Some(ev) = &p.doc.front.event else {
        return Value::Null;
    };
    let lang = p.lang;
    let services: Vec<Value> = ev
        .services
        .iter()
        .map(|s| match s {
            Service::Known(id) => json!({"id": id, "label": r.strings.get(lang, &format!("service.{id}"), None)}),
            Service::Text(t) => json!({"id": Value::Null, "label": t}),
        })
        .collect();
    json!({
        "start": ev.start.iso(),
        "end": ev.end.map(|e| e.iso()),
        "all_day": ev.start.is_all_day(),
        "when": when_text(r, lang, ev),
        "venue": ev.venue,
        "address": ev.address,
        "organizer": ev.organizer.0,
        "services": services,
        "audience": ev.audience,
        "registration": ev.registration,
        "contact": ev.contact,
        "status": ev.status.as_str(),
        "status_label": r.strings.get(lang, &format!("status.{}", ev.status.as_str()), None),
        "ics_url": format!("{}event.ics", p.url),
        "upcoming": is_upcoming(ev, r.now),
    })
}

/// Adds the outreach fields to a page's template value.
pub fn extend_page_value(r: &Renderer, p: &Page, v: &mut Value) {
    let f = &p.doc.front;
    let review = f.review.as_ref().map(|rv| {
        json!({
            "by": rv.by,
            "date": rv.date.iso(),
            "next": rv.next.map(|n| n.iso()),
            "overdue": rv.next.is_some_and(|n| n.day() < r.now),
        })
    });
    v["event"] = event_value(r, p);
    v["review"] = review.unwrap_or(Value::Null);
    v["sources"] = json!(f.sources);
    v["observance"] = observance_link(r, p);
    v["jsonld"] = Value::String(json_ld(r, p));
}

/// Event pages of one language that are still to come, soonest first.
pub fn upcoming_events(r: &Renderer, lang: usize) -> Vec<usize> {
    let mut v: Vec<usize> = r
        .site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == lang)
        .filter(|(_, p)| p.doc.front.event.as_ref().is_some_and(|e| is_upcoming(e, r.now)))
        .map(|(i, _)| i)
        .collect();
    v.sort_by_key(|i| r.site.pages[*i].doc.front.event.as_ref().map(|e| e.start));
    v
}

/// The next `n` events of a language as list summaries.
pub fn upcoming<'r>(r: &'r Renderer, lang: usize, n: usize) -> Vec<&'r Value> {
    let v = upcoming_events(r, lang);
    r.summaries_of(&v[..v.len().min(n)])
}

/// `page.observance`: the day this page belongs to, with its next date.
pub fn observance_link(r: &Renderer, p: &Page) -> Value {
    let Some((i, o)) = p.doc.front.observance.as_deref().and_then(|id| r.site.calendar.get(id)) else {
        return Value::Null;
    };
    let config = &r.site.config;
    json!({
        "id": o.id,
        "name": o.name(&config.languages[p.lang].tag, &config.default_language().tag),
        "url": observance_url(r, p.lang, i),
        "date": o.rule.next_from(r.now).map(|(s, _)| s.to_string()),
    })
}

pub fn observance_url(r: &Renderer, lang: usize, i: usize) -> String {
    format!("{}observances/{}/", r.site.config.languages[lang].home_url(), r.site.calendar.days[i].id)
}

/// An observance with its next dates and this language's pages about it.
pub fn observance_value(r: &Renderer, lang: usize, i: usize) -> Value {
    let o = &r.site.calendar.days[i];
    let config = &r.site.config;
    let next = o.rule.next_from(r.now);
    let pages = r.site.by_observance.get(&(lang, i)).map(Vec::as_slice).unwrap_or(&[]);
    json!({
        "id": o.id,
        "name": o.name(&config.languages[lang].tag, &config.default_language().tag),
        "url": observance_url(r, lang, i),
        "next_date": next.map(|(s, _)| s.to_string()),
        "next_end": next.map(|(_, e)| e.to_string()),
        "organizer": o.organizer,
        "source": o.source,
        "pages": r.summaries_of(pages),
    })
}

/// Every observance of the coming year, soonest first (the campaign-planning calendar).
pub fn observance_calendar(r: &Renderer, lang: usize) -> Vec<Value> {
    let mut order: Vec<(chrono::NaiveDate, usize)> = r
        .site
        .calendar
        .days
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.rule.next_from(r.now).map(|(s, _)| (s, i)))
        .collect();
    order.sort();
    order.into_iter().map(|(_, i)| observance_value(r, lang, i)).collect()
}

/// The events page: upcoming soonest first, then past events grouped by month, newest first.
pub fn events_context<'r>(r: &'r Renderer, lang: usize) -> (Vec<&'r Value>, Vec<Value>) {
    let upcoming = upcoming_events(r, lang);
    let mut past: Vec<usize> = r
        .site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == lang)
        .filter(|(_, p)| p.doc.front.event.as_ref().is_some_and(|e| !is_upcoming(e, r.now)))
        .map(|(i, _)| i)
        .collect();
    past.sort_by_key(|i| std::cmp::Reverse(r.site.pages[*i].doc.front.event.as_ref().map(|e| e.start)));
    let mut months: Vec<(String, i32, u32, Vec<usize>)> = Vec::new();
    for i in past {
        let Some(ev) = &r.site.pages[i].doc.front.event else { continue };
        let day = ev.start.day();
        let key = day.format("%Y-%m").to_string();
        match months.last_mut() {
            Some((k, _, _, list)) if *k == key => list.push(i),
            _ => months.push((key, chrono::Datelike::year(&day), chrono::Datelike::month(&day), vec![i])),
        }
    }
    let past_months = months
        .into_iter()
        .map(|(key, y, m, list)| {
            json!({"month": key, "label": r.strings.format_month(lang, y, m), "pages": r.summaries_of(&list)})
        })
        .collect();
    (r.summaries_of(&upcoming), past_months)
}

/// schema.org JSON-LD for a page: `Event` for event notices, `MedicalWebPage` otherwise.
/// Returned as text safe to place inside `<script>`.
pub fn json_ld(r: &Renderer, p: &Page) -> String {
    let config = &r.site.config;
    let f = &p.doc.front;
    let permalink = config.permalink(&p.url);
    let lang = r.content_language(p).tag.as_str();
    let value = match &f.event {
        Some(ev) => {
            let status = match ev.status {
                EventStatus::Scheduled => "EventScheduled",
                EventStatus::Postponed => "EventPostponed",
                EventStatus::Cancelled => "EventCancelled",
            };
            let mut v = json!({
                "@context": "https://schema.org",
                "@type": "Event",
                "name": f.title,
                "description": p.description,
                "url": permalink,
                "inLanguage": lang,
                "startDate": ev.start.iso(),
                "eventStatus": format!("https://schema.org/{status}"),
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "isAccessibleForFree": true,
                "offers": {"@type": "Offer", "price": "0", "priceCurrency": "CNY", "availability": "https://schema.org/InStock", "url": permalink},
                "location": {
                    "@type": "Place",
                    "name": ev.venue.clone().or_else(|| ev.address.clone()).unwrap_or_default(),
                    "address": ev.address.clone().unwrap_or_default(),
                },
                "organizer": ev.organizer.0.iter().map(|o| json!({"@type": "Organization", "name": o})).collect::<Vec<_>>(),
            });
            if let Some(end) = ev.end {
                v["endDate"] = json!(end.iso());
            }
            v
        }
        None => {
            let mut v = json!({
                "@context": "https://schema.org",
                "@type": "MedicalWebPage",
                "name": f.title,
                "headline": f.title,
                "description": p.description,
                "url": permalink,
                "inLanguage": lang,
                "author": f.authors.iter().map(|a| json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
            });
            if let Some(d) = f.date {
                v["datePublished"] = json!(d.iso());
            }
            if let Some(d) = f.updated.or(f.date) {
                v["dateModified"] = json!(d.iso());
            }
            if let Some(review) = &f.review {
                v["lastReviewed"] = json!(review.date.iso());
                v["reviewedBy"] = json!({"@type": "Person", "name": review.by});
            }
            if !f.sources.is_empty() {
                v["citation"] = json!(f
                    .sources
                    .iter()
                    .map(|s| s.url.clone().unwrap_or_else(|| s.title.clone()))
                    .collect::<Vec<_>>());
            }
            v
        }
    };
    // `</script>` or `<!--` inside a string would end the script element early.
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e")
}

fn ics_event(site: &crate::site::Site, p: &Page) -> Option<ical::Event> {
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
pub fn event_ics(site: &crate::site::Site, p: &Page) -> Option<String> {
    let event = ics_event(site, p)?;
    Some(ical::Calendar { prodid: PRODID.into(), name: Some(p.doc.front.title.clone()), events: vec![event] }.to_ics())
}

/// `calendar.ics` with every event of a language, soonest first.
pub fn language_ics(site: &crate::site::Site, lang: usize) -> String {
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
