//! schema.org JSON-LD: for a page, `Event` for event notices and `MedicalWebPage` otherwise; for
//! a health day's page, the day as an `Event` that repeats every year.

use crate::load::content::EventStatus;
use crate::site::{Page, Site};
use serde::Serialize;
use serde_json::json;

/// schema.org JSON-LD for a page: `Event` for event notices, `MedicalWebPage` otherwise.
/// Returned as text safe to place inside `<script>`.
pub(crate) fn json_ld(site: &Site, p: &Page) -> String {
    let config = &site.config;
    let f = &p.doc.front;
    let url = config.permalink(&p.url);
    let in_language = site.content_language(p).tag.as_str();
    let text = match &f.event {
        Some(ev) => {
            let status = match ev.status {
                EventStatus::Scheduled => "EventScheduled",
                EventStatus::Postponed => "EventPostponed",
                EventStatus::Cancelled => "EventCancelled",
            };
            to_json(&EventLd {
                context: SCHEMA_ORG,
                kind: "Event",
                description: &p.description,
                end_date: ev.end.map(|d| d.iso()),
                event_attendance_mode: "https://schema.org/OfflineEventAttendanceMode",
                event_status: format!("https://schema.org/{status}"),
                in_language,
                is_accessible_for_free: true,
                location: Place {
                    kind: "Place",
                    address: ev.address.as_deref().unwrap_or_default(),
                    name: ev.venue.as_deref().or(ev.address.as_deref()).unwrap_or_default(),
                },
                name: &f.title,
                offers: Offer {
                    kind: "Offer",
                    availability: "https://schema.org/InStock",
                    price: "0",
                    price_currency: "CNY",
                    url: &url,
                },
                organizer: ev.organizer.0.iter().map(|o| Named { kind: "Organization", name: o }).collect(),
                start_date: ev.start.iso(),
                url: &url,
            })
        }
        None => {
            let review = site.review_of(p);
            to_json(&MedicalWebPageLd {
                context: SCHEMA_ORG,
                kind: "MedicalWebPage",
                author: f.authors.iter().map(|a| Named { kind: "Person", name: a }).collect(),
                citation: (!f.sources.is_empty())
                    .then(|| f.sources.iter().map(|s| s.url.as_deref().unwrap_or(&s.title)).collect()),
                date_modified: f.updated.or(f.date).map(|d| d.iso()),
                date_published: f.date.map(|d| d.iso()),
                description: &p.description,
                headline: &f.title,
                in_language,
                last_reviewed: review.map(|r| r.date.iso()),
                name: &f.title,
                reviewed_by: review.map(|r| Named { kind: "Person", name: &r.by }),
                url: &url,
            })
        }
    };
    script_safe(text)
}

const SCHEMA_ORG: &str = "https://schema.org";

// The fields of each type below are in the byte order of their names, the order in which
// `serde_json::Value` writes an object's keys: a page's JSON-LD stays as it was when it was
// built with `json!`, for a tenth of the work (no map of owned keys per object).

/// A page's `MedicalWebPage`.
#[derive(Serialize)]
struct MedicalWebPageLd<'a> {
    #[serde(rename = "@context")]
    context: &'a str,
    #[serde(rename = "@type")]
    kind: &'a str,
    author: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<Vec<&'a str>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    name: &'a str,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<Named<'a>>,
    url: &'a str,
}

/// An event notice's `Event`.
#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@context")]
    context: &'a str,
    #[serde(rename = "@type")]
    kind: &'a str,
    description: &'a str,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(rename = "eventAttendanceMode")]
    event_attendance_mode: &'a str,
    #[serde(rename = "eventStatus")]
    event_status: String,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isAccessibleForFree")]
    is_accessible_for_free: bool,
    location: Place<'a>,
    name: &'a str,
    offers: Offer<'a>,
    organizer: Vec<Named<'a>>,
    #[serde(rename = "startDate")]
    start_date: String,
    url: &'a str,
}

/// A `Person` or an `Organization`.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    address: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Offer<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    availability: &'a str,
    price: &'a str,
    #[serde(rename = "priceCurrency")]
    price_currency: &'a str,
    url: &'a str,
}

/// These types hold only strings, booleans and lists of them: writing them cannot fail.
fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `</script>` or `<!--` inside a string would end the script element early.
fn script_safe(json: String) -> String {
    if json.contains(['<', '>']) {
        json.replace('<', "\\u003c").replace('>', "\\u003e")
    } else {
        json
    }
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
    script_safe(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written as `serde_json::Value` writes the same object: keys in byte order.
    fn as_value_writes(text: &str) -> String {
        serde_json::from_str::<serde_json::Value>(text).unwrap().to_string()
    }

    #[test]
    fn every_field_is_written_in_the_order_a_json_value_writes_it() {
        let person = || Named { kind: "Person", name: "李医生" };
        let page = to_json(&MedicalWebPageLd {
            context: SCHEMA_ORG,
            kind: "MedicalWebPage",
            author: vec![person()],
            citation: Some(vec!["https://www.who.int/"]),
            date_modified: Some("2026-07-10".into()),
            date_published: Some("2026-07-01".into()),
            description: "d",
            headline: "h",
            in_language: "zh-Hans",
            last_reviewed: Some("2026-07-02".into()),
            name: "n",
            reviewed_by: Some(person()),
            url: "https://example.org/a/",
        });
        assert_eq!(page, as_value_writes(&page));
        let event = to_json(&EventLd {
            context: SCHEMA_ORG,
            kind: "Event",
            description: "d",
            end_date: Some("2026-07-28T12:00:00+08:00".into()),
            event_attendance_mode: "m",
            event_status: "s".into(),
            in_language: "en",
            is_accessible_for_free: true,
            location: Place { kind: "Place", address: "a", name: "n" },
            name: "n",
            offers: Offer { kind: "Offer", availability: "a", price: "0", price_currency: "CNY", url: "u" },
            organizer: vec![Named { kind: "Organization", name: "o" }],
            start_date: "2026-07-28T09:00:00+08:00".into(),
            url: "u",
        });
        assert_eq!(event, as_value_writes(&event));
    }

    #[test]
    fn markup_cannot_end_the_script_element() {
        assert_eq!(script_safe(r#"{"a":"</script><!--"}"#.into()), r#"{"a":"\u003c/script\u003e\u003c!--"}"#);
        assert_eq!(script_safe(r#"{"a":"b"}"#.into()), r#"{"a":"b"}"#);
    }
}
