//! schema.org JSON-LD: for a page, `Event` for event notices and `MedicalWebPage` otherwise; for
//! a health day's page, the day as an `Event` that repeats every year.

use crate::load::content::EventStatus;
use crate::site::{Page, Site};
use serde_json::json;

/// schema.org JSON-LD for a page: `Event` for event notices, `MedicalWebPage` otherwise.
/// Returned as text safe to place inside `<script>`.
pub(crate) fn json_ld(site: &Site, p: &Page) -> String {
    let config = &site.config;
    let f = &p.doc.front;
    let permalink = config.permalink(&p.url);
    let lang = site.content_language(p).tag.as_str();
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
            if let Some(review) = site.review_of(p) {
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

/// A health day's page: the day's next occurrence as a yearly `Event` (schema.org's
/// `eventSchedule` with `repeatFrequency` P1Y), named in `lang`.
pub(crate) fn observance_json_ld(site: &Site, lang: usize, i: usize, today: chrono::NaiveDate) -> String {
    let config = &site.config;
    let o = &site.calendar.days[i];
    let language = &config.languages[lang];
    let url = config.permalink(&format!("{}observances/{}/", language.home_url(), o.id));
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": o.name(&language.tag, &config.default_language().tag),
        "url": url,
        "inLanguage": language.tag.as_str(),
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": url},
        "eventSchedule": {"@type": "Schedule", "repeatFrequency": "P1Y"},
    });
    if let Some((start, end)) = o.rule.next_from(today) {
        v["startDate"] = json!(start.to_string());
        v["endDate"] = json!(end.to_string());
        v["eventSchedule"]["startDate"] = json!(start.to_string());
    }
    if let Some(organizer) = &o.organizer {
        v["organizer"] = json!({"@type": "Organization", "name": organizer});
    }
    if let Some(source) = &o.source {
        v["sameAs"] = json!(source);
    }
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e")
}
