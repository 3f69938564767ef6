//! Outreach values: event notices (when, where, what is offered), medical review, the events
//! page's lists, and the health days (observances) with their next dates.

use crate::load::content::{EventSpec, Service};
use crate::render::context::{
    EventContext, MonthContext, ObservanceContext, ObservanceLink, ReviewContext, ServiceContext, Summary,
};
use crate::render::engine::Renderer;
use crate::site::Page;
use crate::util::dates::DateValue;
use std::borrow::Cow;

/// Whether an event is still to come (or running) on `today`.
pub(crate) fn is_upcoming(ev: &EventSpec, today: chrono::NaiveDate) -> bool {
    ev.end.unwrap_or(ev.start).day() >= today
}

/// "When" in the page's language: one day, a day range, or times.
pub(crate) fn when_text(r: &Renderer, lang: usize, ev: &EventSpec) -> String {
    let start = r.strings.format_date_with_weekday(lang, &ev.start);
    match (ev.start, ev.end) {
        (_, None) => start,
        (DateValue::Day(s), Some(DateValue::Day(e))) if s == e => start,
        // Word joiners keep `09:00–12:00` on one line: a phone's narrow screen broke it after the
        // dash, leaving the end time alone on the next line.
        (DateValue::Moment(s), Some(DateValue::Moment(e))) if s.date_naive() == e.date_naive() => {
            format!("{start}\u{2060}–\u{2060}{}", e.format("%H:%M"))
        }
        (_, Some(end)) => format!("{start} – {}", r.strings.format_date_with_weekday(lang, &end)),
    }
}

/// `page.event`, or `None` for a page that is not an event notice.
pub(crate) fn event<'a>(r: &Renderer<'a>, p: &'a Page) -> Option<EventContext<'a>> {
    let ev = p.doc.front.event.as_ref()?;
    let lang = p.lang;
    let national = |text: &str| match r.site.config.country {
        Some(country) => crate::util::phone::national(text, country),
        None => text.to_string(),
    };
    // A number written as dialled at home is a link a reader on a phone can tap.
    let registration = ev.registration.as_deref().map(|written| {
        match r.site.config.country.and_then(|c| crate::util::phone::dial(written, c)) {
            Some(tel) => Cow::Owned(tel),
            None => Cow::Borrowed(written),
        }
    });
    let services = ev
        .services
        .iter()
        .map(|s| match s {
            Service::Known(id) => {
                ServiceContext { id: Some(id), label: r.strings.get(lang, &format!("service.{id}"), None) }
            }
            Service::Text(t) => ServiceContext { id: None, label: t.clone() },
        })
        .collect();
    let facts_from = p.event_from.filter(|&l| l != lang).map(|l| &r.site.config.languages[l]);
    Some(EventContext {
        text_lang: facts_from.map(|l| &l.tag),
        text_dir: facts_from.map(|l| l.dir.as_str()),
        start: ev.start.iso(),
        end: ev.end.map(|e| e.iso()),
        all_day: ev.start.is_all_day(),
        when: when_text(r, lang, ev),
        venue: ev.venue.as_deref(),
        address: ev.address.as_deref(),
        organizer: &ev.organizer.0,
        services,
        audience: ev.audience.as_deref(),
        registration: registration.clone(),
        registration_label: registration
            .as_deref()
            .map(|r| national(r.strip_prefix("tel:").or_else(|| r.strip_prefix("mailto:")).unwrap_or(r))),
        contact: ev.contact.as_deref().map(national),
        status: ev.status.as_str(),
        status_label: r.strings.get(lang, &format!("status.{}", ev.status.as_str()), None),
        ics_url: format!("{}event.ics", p.url),
        upcoming: is_upcoming(ev, r.now),
    })
}

/// `page.review`, when the page names its medical review.
pub(crate) fn review<'a>(r: &Renderer<'a>, p: &'a Page) -> Option<ReviewContext<'a>> {
    r.site.review_of(p).map(|rv| ReviewContext {
        by: &rv.by,
        date: rv.date.iso(),
        next: rv.next.map(|n| n.iso()),
        overdue: rv.next.is_some_and(|n| n.day() < r.now),
    })
}

/// Event pages of one language that are still to come, soonest first.
pub(crate) fn upcoming_events(r: &Renderer, lang: usize) -> Vec<usize> {
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
pub(crate) fn upcoming<'r>(r: &Renderer<'r>, lang: usize, n: usize) -> Vec<Summary<'r>> {
    let v = upcoming_events(r, lang);
    r.summaries_of(&v[..v.len().min(n)])
}

/// `page.observance`: the day this page belongs to, with its next date.
pub(crate) fn observance_link<'a>(r: &Renderer<'a>, p: &Page) -> Option<ObservanceLink<'a>> {
    let (i, o) = p.doc.front.observance.as_deref().and_then(|id| r.site.calendar.get(id))?;
    let config = &r.site.config;
    let name = o.local_name(&config.languages[p.lang].tag, &config.default_language().tag);
    Some(ObservanceLink {
        id: &o.id,
        name_dir: name.lang.as_ref().map(|t| t.direction().as_str()),
        name_lang: name.lang,
        name: name.text,
        url: observance_url(r, p.lang, i),
        date: o.rule.next_from(r.now).map(|(s, _)| s.to_string()),
    })
}

/// The page of observance `i` in `lang`.
pub(crate) fn observance_url(r: &Renderer, lang: usize, i: usize) -> String {
    format!("{}observances/{}/", r.site.config.languages[lang].home_url(), r.site.calendar.days[i].id)
}

/// An observance with its next dates and this language's pages about it.
pub(crate) fn observance_context<'a>(r: &Renderer<'a>, lang: usize, i: usize) -> ObservanceContext<'a> {
    let o = &r.site.calendar.days[i];
    let config = &r.site.config;
    let next = o.rule.next_from(r.now);
    let pages = r.site.by_observance.get(&(lang, i)).map(Vec::as_slice).unwrap_or(&[]);
    let name = o.local_name(&config.languages[lang].tag, &config.default_language().tag);
    ObservanceContext {
        id: &o.id,
        name_dir: name.lang.as_ref().map(|t| t.direction().as_str()),
        name_lang: name.lang,
        name: name.text,
        url: observance_url(r, lang, i),
        next_date: next.map(|(s, _)| s.to_string()),
        next_end: next.map(|(_, e)| e.to_string()),
        organizer: o.organizer.as_deref(),
        source: o.source.as_deref(),
        pages: r.summaries_of(pages),
    }
}

/// Every observance of the coming year, soonest first (the campaign-planning calendar).
pub(crate) fn observance_calendar<'a>(r: &Renderer<'a>, lang: usize) -> Vec<ObservanceContext<'a>> {
    let mut order: Vec<(chrono::NaiveDate, usize)> = r
        .site
        .calendar
        .days
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.rule.next_from(r.now).map(|(s, _)| (s, i)))
        .collect();
    order.sort();
    order.into_iter().map(|(_, i)| observance_context(r, lang, i)).collect()
}

/// Past events of a language grouped by month, newest first.
pub(crate) fn past_months<'r>(r: &'r Renderer, lang: usize) -> Vec<MonthContext<'r>> {
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
    months
        .into_iter()
        .map(|(month, y, m, list)| MonthContext {
            month,
            label: r.strings.format_month(lang, y, m),
            pages: r.summaries_of(&list),
        })
        .collect()
}
