//! Health observance days (World Hepatitis Day, 全国爱眼日 …): the built-in calendar, a site's
//! additions and overrides from `content/observances.yaml`, and when each next falls.

use crate::load::config::Config;
use crate::load::content::decode_utf8;
use crate::util::error::{Diagnostic, Result};
use crate::util::lang::LanguageTag;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

const BUILT_IN: &str = include_str!("observances.yaml");
pub(crate) const SITE_FILE: &str = "content/observances.yaml";

/// When an observance falls each year.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Rule {
    Fixed {
        month: u32,
        day: u32,
    },
    /// The n-th (1–5) or last (-1) given weekday of a month.
    NthWeekday {
        month: u32,
        weekday: WeekdayName,
        n: i32,
    },
    /// The given weekday on or before a date: World Sleep Day is the Friday on or before 19 March
    /// (the Friday before the March equinox).
    WeekdayOnOrBefore {
        month: u32,
        day: u32,
        weekday: WeekdayName,
    },
    /// A week or other run of days starting on a fixed or n-th weekday date.
    Span {
        start: Box<Rule>,
        days: u32,
    },
    Month {
        month: u32,
    },
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum WeekdayName {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<WeekdayName> for Weekday {
    fn from(w: WeekdayName) -> Weekday {
        match w {
            WeekdayName::Mon => Weekday::Mon,
            WeekdayName::Tue => Weekday::Tue,
            WeekdayName::Wed => Weekday::Wed,
            WeekdayName::Thu => Weekday::Thu,
            WeekdayName::Fri => Weekday::Fri,
            WeekdayName::Sat => Weekday::Sat,
            WeekdayName::Sun => Weekday::Sun,
        }
    }
}

impl Rule {
    /// First and last day of the occurrence in `year`, if the rule yields one that year
    /// (29 February only in leap years).
    pub(crate) fn in_year(&self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Rule::Fixed { month, day } => NaiveDate::from_ymd_opt(year, *month, *day).map(|d| (d, d)),
            Rule::NthWeekday { month, weekday, n } => {
                let wd: Weekday = (*weekday).into();
                let d = if *n > 0 {
                    NaiveDate::from_weekday_of_month_opt(year, *month, wd, *n as u8)?
                } else {
                    let first_next = if *month == 12 {
                        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                    } else {
                        NaiveDate::from_ymd_opt(year, month + 1, 1)?
                    };
                    let last = first_next.pred_opt()?;
                    let back = (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
                    last - Duration::days(back as i64)
                };
                Some((d, d))
            }
            Rule::WeekdayOnOrBefore { month, day, weekday } => {
                let date = NaiveDate::from_ymd_opt(year, *month, *day)?;
                let wd: Weekday = (*weekday).into();
                let back = (7 + date.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
                let d = date - Duration::days(back as i64);
                Some((d, d))
            }
            Rule::Span { start, days } => {
                let (s, _) = start.in_year(year)?;
                Some((s, s + Duration::days(*days as i64 - 1)))
            }
            Rule::Month { month } => {
                let first = NaiveDate::from_ymd_opt(year, *month, 1)?;
                let next = if *month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)?
                };
                Some((first, next.pred_opt()?))
            }
        }
    }

    /// The occurrence running on or next after `today`. Last year's is looked at too: a week
    /// that began in December may still be running in January.
    pub(crate) fn next_from(&self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        (today.year() - 1..today.year() + 5).filter_map(|y| self.in_year(y)).find(|(_, end)| *end >= today)
    }

    fn check(&self) -> std::result::Result<(), String> {
        match self {
            Rule::Fixed { month, day } => NaiveDate::from_ymd_opt(2024, *month, *day)
                .map(|_| ())
                .ok_or_else(|| format!("no such date: month {month}, day {day}")),
            Rule::NthWeekday { month, n, .. } => {
                if !(1..=12).contains(month) {
                    Err(format!("month {month} is not 1–12"))
                } else if !(matches!(n, 1..=5) || *n == -1) {
                    Err(format!("n = {n}: use 1–5, or -1 for the last"))
                } else {
                    Ok(())
                }
            }
            Rule::WeekdayOnOrBefore { month, day, .. } => NaiveDate::from_ymd_opt(2024, *month, *day)
                .map(|_| ())
                .ok_or_else(|| format!("no such date: month {month}, day {day}")),
            Rule::Span { start, days } => {
                if matches!(**start, Rule::Span { .. } | Rule::Month { .. }) {
                    Err("a span starts on a fixed, nth_weekday or weekday_on_or_before date".into())
                } else if *days == 0 || *days > 62 {
                    Err(format!("days = {days}: use 1–62"))
                } else {
                    start.check()
                }
            }
            Rule::Month { month } => {
                if (1..=12).contains(month) {
                    Ok(())
                } else {
                    Err(format!("month {month} is not 1–12"))
                }
            }
        }
    }
}

/// One observance day as declared in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Observance {
    pub(crate) id: String,
    pub(crate) names: BTreeMap<String, String>,
    pub(crate) rule: Rule,
    /// Other ids that name this day (`world-tuberculosis-day` for `world-tb-day`).
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) organizer: Option<String>,
    #[serde(default)]
    pub(crate) source: Option<String>,
}

impl Observance {
    /// The name in `lang`, else in a language of the same primary tag (zh-Hans for zh-Hant), else the
    /// default language's, else English.
    pub(crate) fn name(&self, lang: &LanguageTag, default: &LanguageTag) -> String {
        self.local_name(lang, default).text
    }

    /// The name shown on a page in `lang` (as [`Observance::name`] picks it), with the language it
    /// is written in when that is another, so the page can mark it for screen readers.
    pub(crate) fn local_name(&self, lang: &LanguageTag, default: &LanguageTag) -> LocalName {
        let tagged = || self.names.iter().filter_map(|(k, v)| LanguageTag::parse(k).map(|t| (t, v)));
        let found = tagged()
            .find(|(t, _)| t == lang)
            .or_else(|| tagged().find(|(t, _)| t.primary() == lang.primary()))
            .or_else(|| tagged().find(|(t, _)| t == default))
            .or_else(|| tagged().find(|(t, _)| t.as_str() == "en"))
            .or_else(|| tagged().next());
        match found {
            Some((tag, text)) => LocalName { text: text.clone(), lang: (tag != *lang).then_some(tag) },
            None => LocalName { text: self.id.clone(), lang: None },
        }
    }
}

/// An observance's name as a page in one language shows it.
pub(crate) struct LocalName {
    pub(crate) text: String,
    /// The language of `text` when it is not the page's (a fallback), else `None`.
    pub(crate) lang: Option<LanguageTag>,
}

/// The site's observance calendar, sorted by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Calendar {
    pub(crate) days: Vec<Observance>,
    /// Alias → index in `days`.
    aliases: BTreeMap<String, usize>,
}

impl Calendar {
    /// The built-in list, with `content/observances.yaml` entries added or replacing by id.
    pub(crate) fn load(root: &Path, _config: &Config) -> Result<Calendar> {
        let mut by_id: BTreeMap<String, Observance> = BTreeMap::new();
        for o in parse(Path::new("(built-in observances)"), BUILT_IN)? {
            by_id.insert(o.id.clone(), o);
        }
        let site_file = root.join(SITE_FILE);
        if site_file.is_file() {
            let bytes = std::fs::read(&site_file).map_err(|e| Diagnostic::io(SITE_FILE, &e))?;
            let text = decode_utf8(Path::new(SITE_FILE), bytes)?;
            for o in parse(Path::new(SITE_FILE), &text)? {
                by_id.insert(o.id.clone(), o);
            }
        }
        let days: Vec<Observance> = by_id.into_values().collect();
        let aliases = days
            .iter()
            .enumerate()
            .flat_map(|(i, o)| o.aliases.iter().map(move |a| (a.clone(), i)))
            .filter(|(a, _)| days_have_no(&days, a))
            .collect();
        Ok(Calendar { days, aliases })
    }

    /// The day an id (or one of its aliases) names.
    pub(crate) fn get(&self, id: &str) -> Option<(usize, &Observance)> {
        let i = self.days.binary_search_by(|o| o.id.as_str().cmp(id)).ok().or_else(|| self.aliases.get(id).copied())?;
        Some((i, &self.days[i]))
    }

    /// The day called `name` in one of its languages: authors write 全国爱耳日 where its id belongs.
    pub(crate) fn named(&self, name: &str) -> Option<&Observance> {
        let wanted = name.trim().to_lowercase();
        self.days.iter().find(|d| d.names.values().any(|n| n.trim().to_lowercase() == wanted))
    }
}

/// An alias never hides a day's own id.
fn days_have_no(days: &[Observance], id: &str) -> bool {
    days.binary_search_by(|o| o.id.as_str().cmp(id)).is_err()
}

fn parse(path: &Path, text: &str) -> Result<Vec<Observance>> {
    let list: Vec<Observance> = crate::load::yaml::parse(path, text, 0)?;
    let mut errors = Vec::new();
    for o in &list {
        let at = |msg: String| {
            let d = Diagnostic::in_file(path, msg);
            let id_line = format!("id: {}", o.id);
            match text.lines().position(|l| l.trim_start().trim_start_matches("- ").trim_end() == id_line) {
                Some(i) => d.at(i + 1, None),
                None => d,
            }
        };
        if !crate::util::slug::is_safe_segment(&o.id) || o.id.contains('.') {
            errors.push(at(format!("observance id `{}` must be lower-case words joined by `-`", o.id)));
        }
        if let Err(m) = o.rule.check() {
            errors.push(at(format!("observance `{}`: {m}", o.id)));
        }
        if o.names.is_empty() {
            errors.push(at(format!("observance `{}` needs at least one name", o.id)));
        }
    }
    if errors.is_empty() {
        Ok(list)
    } else {
        Err(crate::util::error::Error::many(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn built_in_list_parses_and_rules_compute() {
        let days = parse(Path::new("x"), BUILT_IN).unwrap();
        assert!(days.len() >= 25);
        let get = |id: &str| days.iter().find(|o| o.id == id).unwrap().rule.clone();
        assert_eq!(get("world-hepatitis-day").next_from(d(2026, 11, 25)), Some((d(2027, 7, 28), d(2027, 7, 28))));
        assert_eq!(get("national-eye-care-day").in_year(2027), Some((d(2027, 6, 6), d(2027, 6, 6))));
        // World Kidney Day: second Thursday of March (12 March 2026).
        assert_eq!(get("world-kidney-day").in_year(2026), Some((d(2026, 3, 12), d(2026, 3, 12))));
        let last_mon = Rule::NthWeekday { month: 6, weekday: WeekdayName::Mon, n: -1 };
        assert_eq!(last_mon.in_year(2026), Some((d(2026, 6, 29), d(2026, 6, 29))));
        let month = Rule::Month { month: 10 };
        assert_eq!(month.in_year(2026), Some((d(2026, 10, 1), d(2026, 10, 31))));
        // A running occurrence counts as next.
        assert_eq!(month.next_from(d(2026, 10, 15)), Some((d(2026, 10, 1), d(2026, 10, 31))));
    }

    #[test]
    fn the_days_added_fall_on_their_dates_for_three_years() {
        let days = parse(Path::new("x"), BUILT_IN).unwrap();
        let get = |id: &str| days.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("{id}")).rule.clone();
        let one = |y, m, day| Some((d(y, m, day), d(y, m, day)));
        type Days = Option<(NaiveDate, NaiveDate)>;
        let cases: [(&str, [Days; 3]); 10] = [
            ("world-leprosy-day", [one(2026, 1, 25), one(2027, 1, 31), one(2028, 1, 30)]),
            ("world-sleep-day", [one(2026, 3, 13), one(2027, 3, 19), one(2028, 3, 17)]),
            ("world-sleep-day-china", [one(2026, 3, 21), one(2027, 3, 21), one(2028, 3, 21)]),
            ("world-asthma-day", [one(2026, 5, 5), one(2027, 5, 4), one(2028, 5, 2)]),
            ("international-nurses-day", [one(2026, 5, 12), one(2027, 5, 12), one(2028, 5, 12)]),
            (
                "national-nutrition-week",
                [
                    Some((d(2026, 5, 10), d(2026, 5, 16))),
                    Some((d(2027, 5, 9), d(2027, 5, 15))),
                    Some((d(2028, 5, 14), d(2028, 5, 20))),
                ],
            ),
            ("world-hypertension-day", [one(2026, 5, 17), one(2027, 5, 17), one(2028, 5, 17)]),
            ("world-food-safety-day", [one(2026, 6, 7), one(2027, 6, 7), one(2028, 6, 7)]),
            ("national-disability-prevention-day", [one(2026, 8, 25), one(2027, 8, 25), one(2028, 8, 25)]),
            ("birth-defects-prevention-day", [one(2026, 9, 12), one(2027, 9, 12), one(2028, 9, 12)]),
        ];
        for (id, dates) in cases {
            let rule = get(id);
            assert_eq!([rule.in_year(2026), rule.in_year(2027), rule.in_year(2028)], dates, "{id}");
        }
        // The Chinese Nutrition Society's own weeks: 12–18 May 2019, 15–21 May 2022.
        assert_eq!(get("national-nutrition-week").in_year(2019), Some((d(2019, 5, 12), d(2019, 5, 18))));
        assert_eq!(get("national-nutrition-week").in_year(2022), Some((d(2022, 5, 15), d(2022, 5, 21))));
    }

    #[test]
    fn a_week_across_new_year_is_current_in_january() {
        let week = Rule::Span { start: Box::new(Rule::Fixed { month: 12, day: 28 }), days: 7 };
        assert_eq!(week.next_from(d(2027, 1, 2)), Some((d(2026, 12, 28), d(2027, 1, 3))));
        assert_eq!(week.next_from(d(2027, 1, 4)), Some((d(2027, 12, 28), d(2028, 1, 3))));
    }

    #[test]
    fn plain_names_are_aliases_of_the_short_ids() {
        let calendar =
            Calendar::load(Path::new("/nonexistent"), &Config::parse(Path::new("site.yaml"), "title: t\n").unwrap())
                .unwrap();
        assert_eq!(calendar.get("world-tuberculosis-day").map(|(_, o)| o.id.as_str()), Some("world-tb-day"));
        assert_eq!(calendar.get("world-tb-day").map(|(_, o)| o.id.as_str()), Some("world-tb-day"));
        assert_eq!(calendar.get("physicians-day").map(|(_, o)| o.id.as_str()), Some("chinese-physicians-day"));
        assert!(calendar.days.len() >= 48, "{}", calendar.days.len());
    }

    #[test]
    fn a_name_from_another_language_carries_its_tag() {
        let day: Observance = serde_yaml::from_str(
            "id: d\nnames: {zh-Hans: 世界肝炎日, en: World Hepatitis Day}\nrule: {type: fixed, month: 7, day: 28}",
        )
        .unwrap();
        let tag = |t: &str| LanguageTag::parse(t).unwrap();
        let shown = |lang: &str| {
            let n = day.local_name(&tag(lang), &tag("zh-Hans"));
            (n.text, n.lang.map(|t| t.to_string()))
        };
        assert_eq!(shown("en"), ("World Hepatitis Day".to_string(), None));
        assert_eq!(shown("ug"), ("世界肝炎日".to_string(), Some("zh-Hans".to_string())));
        assert_eq!(shown("zh-Hant"), ("世界肝炎日".to_string(), Some("zh-Hans".to_string())));
        let nameless: Observance =
            serde_yaml::from_str("id: d\nnames: {}\nrule: {type: fixed, month: 7, day: 28}").unwrap();
        assert_eq!(nameless.local_name(&tag("ug"), &tag("zh-Hans")).text, "d");
    }
}
