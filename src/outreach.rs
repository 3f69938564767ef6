//! Outreach-specific page data: event notices (when, where, what is offered) and medical review.

use crate::content::{EventSpec, Service};
use crate::dates::DateValue;
use crate::render::Renderer;
use crate::site::Page;
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
        "ics_url": Value::Null,
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
    v["observance"] = Value::Null;
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
