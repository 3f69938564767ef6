//! `kepu observances`: every health day the site knows — built in or from
//! `content/observances.yaml` — with its id (what `observance:` takes), its name and its next dates.

use crate::load::config::Config;
use crate::load::observances::{Calendar, Rule};
use crate::util::error::{Diagnostic, Error};
use crate::util::lang::LanguageTag;
use chrono::NaiveDate;
use std::path::Path;

/// Prints the days soonest first from `today`, named in `lang` (default: the site's language).
pub(super) fn run(root: &Path, lang: Option<&str>, today: NaiveDate) -> Result<bool, Error> {
    let config = Config::load(root)?;
    let calendar = Calendar::load(root, &config)?;
    let default = config.default_language().tag.clone();
    let lang = match lang {
        None => default.clone(),
        Some(code) => LanguageTag::parse(code)
            .ok_or_else(|| Diagnostic::new(format!("`{code}` is not a language tag; write e.g. `--lang en`")))?,
    };
    let mut days: Vec<_> = calendar.days.iter().filter_map(|o| Some((o.rule.next_from(today)?, o))).collect();
    days.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    // One write, whose failure (output piped into `head`) is no error of the site's.
    let mut out = format!("{:<23}  {:<40}  {}\n", "next", "id (for observance:)", "name");
    for ((start, end), o) in &days {
        let when = if start == end { start.to_string() } else { format!("{start}–{}", end.format("%m-%d")) };
        out.push_str(&format!("{when:<23}  {:<40}  {}  [{}]\n", o.id, o.name(&lang, &default), rule_text(&o.rule)));
    }
    let unnamed: Vec<&str> = calendar
        .days
        .iter()
        .filter(|o| !o.names.keys().any(|k| LanguageTag::parse(k).as_ref() == Some(&lang)))
        .map(|o| o.id.as_str())
        .collect();
    if !unnamed.is_empty() {
        let (n, total) = (unnamed.len(), calendar.days.len());
        out.push_str(&format!(
            "{n} of {total} days have no name in {lang} and show another language's: {}\n",
            unnamed.join(", ")
        ));
    }
    out.push_str("A day of your own goes in content/observances.yaml (see the README).\n");
    let _ = std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes());
    Ok(true)
}

/// The rule in words: `every 28 July`, `2nd Tuesday of May`.
fn rule_text(rule: &Rule) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = |m: &u32| MONTHS.get((*m as usize).wrapping_sub(1)).copied().unwrap_or("?");
    match rule {
        Rule::Fixed { month: m, day } => format!("every {day} {}", month(m)),
        Rule::NthWeekday { month: m, weekday, n } => {
            let nth = match n {
                -1 => "last".to_string(),
                1 => "1st".to_string(),
                2 => "2nd".to_string(),
                3 => "3rd".to_string(),
                n => format!("{n}th"),
            };
            format!("{nth} {weekday:?} of {}", month(m))
        }
        Rule::WeekdayOnOrBefore { month: m, day, weekday } => format!("{weekday:?} on or before {day} {}", month(m)),
        Rule::Span { start, days } => format!("{days} days from {}", rule_text(start)),
        Rule::Month { month: m } => format!("all of {}", month(m)),
    }
}
