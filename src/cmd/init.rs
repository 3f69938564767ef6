//! `kepu init`: a complete starting site — site.yaml with every setting explained, home pages,
//! one reviewed article and one event on a real health day — that builds and passes
//! `kepu check --strict` as created.

use crate::cmd::starter::{self, Kind};
use crate::util::error::{Diagnostic, Error};
use crate::util::lang::LanguageTag;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// Languages a starting site gets its texts in; others are listed and show these texts with a
/// notice until someone translates them.
const WRITTEN: [&str; 2] = ["zh-Hans", "en"];

/// Creates the site in `dir` (made if missing; refused unless empty).
pub(super) fn run(dir: &Path, languages: &str, today: NaiveDate) -> Result<bool, Error> {
    let tags = parse_languages(languages)?;
    refuse_non_empty(dir)?;
    let files = site_files(&tags, today);
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
        }
        std::fs::write(&path, text).map_err(|e| Diagnostic::io(&path, &e))?;
    }
    println!("Created a Kepu site in {} ({} files). Next:", dir.display(), files.len());
    let cd = if dir == Path::new(".") { String::new() } else { format!("cd {} && ", dir.display()) };
    println!("  {cd}kepu serve        # preview at http://127.0.0.1:1111/ while you write");
    println!("  kepu new article articles/my-topic   # a new article with every key explained");
    println!("  kepu build        # the site, in output/, ready to publish");
    Ok(true)
}

fn parse_languages(list: &str) -> Result<Vec<LanguageTag>, Error> {
    let tags: Vec<LanguageTag> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            LanguageTag::parse(s).ok_or_else(|| {
                Diagnostic::new(format!("`{s}` is not a language tag; write e.g. `--languages zh-Hans,bo,en`"))
            })
        })
        .collect::<Result<_, _>>()?;
    if tags.is_empty() {
        return Err(Diagnostic::new("name at least one language, e.g. `--languages zh-Hans,en`").into());
    }
    Ok(tags)
}

fn refuse_non_empty(dir: &Path) -> Result<(), Error> {
    let empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(Diagnostic::io(dir, &e).into()),
    };
    if empty {
        return Ok(());
    }
    Err(Diagnostic::new(format!(
        "{} is not empty; `kepu init` only starts a site in a new or empty folder. Try `kepu init my-site`",
        dir.display()
    ))
    .into())
}

/// The next World Hepatitis Day (28 July) from `today`, a week ahead at least.
fn event_day(today: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 7, 28).expect("a valid date");
    if this_year > today + chrono::Duration::days(7) {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 7, 28).expect("a valid date")
    }
}

/// Every file of the starting site, relative to its folder.
fn site_files(tags: &[LanguageTag], today: NaiveDate) -> Vec<(PathBuf, String)> {
    let default = &tags[0];
    let mut files = vec![(PathBuf::from("site.yaml"), starter::site_yaml(tags))];
    let event = event_day(today);
    for tag in tags.iter().filter(|t| WRITTEN.contains(&t.as_str())) {
        let suffix = if tag == default { String::new() } else { format!(".{}", tag.url_form()) };
        let zh = tag.as_str() == "zh-Hans";
        let mut add = |rel: &str, text: String| files.push((PathBuf::from(format!("content/{rel}{suffix}.md")), text));
        add("_index", starter::home(zh));
        add("articles/_index", starter::section(zh, Kind::Article));
        add("events/_index", starter::section(zh, Kind::Event));
        add("articles/hepatitis-b-screening", starter::article(zh, today));
        add("events/hepatitis-day-clinic", starter::event(zh, today, event));
    }
    // Resized photos are a copy, rebuilt from content/ whenever missing.
    files.push((PathBuf::from(".gitignore"), "output/\noffline/\n.*.kepu-spare/\n.kepu-cache/\n".into()));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_falls_on_the_next_hepatitis_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(event_day(d("2026-12-02")), d("2027-07-28"));
        assert_eq!(event_day(d("2027-03-01")), d("2027-07-28"));
        assert_eq!(event_day(d("2027-07-25")), d("2028-07-28"));
    }
}
