//! The plain-language report of `kepu check --plain`: for every page, how long its sentences
//! are, how common its characters or words, which medical terms go unexplained, passive verbs
//! and measurements without units, summed up as a score from 0 to 100 (higher is plainer).
//! The method is described in the README ("Plain language"); the thresholds are `plain:` in
//! site.yaml.

mod chinese;
mod english;
mod glossary;
mod numbers;
mod sentences;

use crate::load::config::PlainOptions;
use crate::load::content::Origin;
use crate::load::convert::Converter;
use crate::pipeline::findings::{Finding, FindingKind, Severity};
use crate::site::{Page, Site};
use glossary::{Glossary, Unexplained};
use numbers::Unitless;
use sentences::Sentence;
use std::path::{Path, PathBuf};

/// How plain one page's language is.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainPage {
    /// The content file.
    pub path: PathBuf,
    /// Its language tag.
    pub language: String,
    /// From 0 to 100; higher is plainer.
    pub score: u8,
    /// Sentences in the body (headings left out).
    pub sentences: usize,
    /// Average sentence length, in `unit`s.
    pub average_sentence: f64,
    /// What sentence lengths count: `characters` (Chinese), `syllables` (Tibetan) or `words`.
    pub unit: &'static str,
    /// Share of sentences over the site's long-sentence threshold, in percent.
    pub long_percent: f64,
    /// Chinese: share of characters outside the 3,500 common ones, in percent.
    pub uncommon_percent: Option<f64>,
    /// English: the Flesch–Kincaid grade.
    pub grade: Option<f64>,
    /// Glossary terms used without an explanation.
    pub unexplained_terms: usize,
    /// Share of sentences with a passive verb, in percent (Chinese and English).
    pub passive_percent: f64,
    /// Measurements written without a unit.
    pub unitless_numbers: usize,
}

/// A page's figures and the places behind them, for the findings.
pub(crate) struct Analysis {
    pub(crate) page: PlainPage,
    body_line: usize,
    long: Vec<Sentence>,
    long_limit: usize,
    unexplained: Vec<Unexplained>,
    unitless: Vec<Unitless>,
    uncommon_examples: Vec<char>,
    chinese: bool,
}

/// The families of languages the measures know.
#[derive(Clone, Copy, PartialEq)]
enum Family {
    Chinese,
    English,
    Tibetan,
    Other,
}

impl Family {
    fn of(tag: &str) -> Family {
        match tag.split('-').next().unwrap_or_default() {
            "zh" => Family::Chinese,
            "en" => Family::English,
            "bo" => Family::Tibetan,
            _ => Family::Other,
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Family::Chinese => "characters",
            Family::Tibetan => "syllables",
            _ => "words",
        }
    }
}

/// Analyses every page written by an author (not fallback copies or converted text) that has
/// at least one sentence, in the site's page order.
pub(crate) fn analyse(root: &Path, site: &Site) -> crate::util::error::Result<Vec<Analysis>> {
    let options = &site.config.plain;
    let glossary = Glossary::load(root, &options.glossary)?;
    let traditional = |p: &Page| site.content_language(p).tag.script() == Some("Hant");
    // Loading OpenCC's dictionaries takes a moment: only for sites with Traditional pages.
    let converters = site
        .pages
        .iter()
        .any(traditional)
        .then(|| Converter::to_simplified().zip(Converter::new(crate::load::config::Conversion::S2t)))
        .flatten();
    Ok(site
        .pages
        .iter()
        .filter(|p| p.doc.origin == Origin::Authored)
        .filter_map(|p| {
            let convert = converters.as_ref().filter(|_| traditional(p));
            analyse_page(p, site, options, &glossary, convert)
        })
        .collect())
}

fn analyse_page(
    page: &Page,
    site: &Site,
    options: &PlainOptions,
    glossary: &Glossary,
    convert: Option<&(Converter, Converter)>,
) -> Option<Analysis> {
    let tag = site.content_language(page).tag.to_string();
    let family = Family::of(&tag);
    let mut blocks = crate::site::markdown::prose(&page.doc.body, page.doc.body_line, &site.config.markdown);
    let shown = sentences::sentences(&blocks);
    if shown.is_empty() {
        return None;
    }
    // The character table and the glossary are in Simplified characters.
    let sentences = match convert {
        Some((to_simplified, _)) => {
            for b in &mut blocks {
                b.text = to_simplified.convert(&b.text);
            }
            sentences::sentences(&blocks)
        }
        None => shown.clone(),
    };
    let long_limit =
        if family == Family::Chinese { options.long_sentence_characters } else { options.long_sentence_words };
    let long: Vec<Sentence> = shown.iter().filter(|s| s.length > long_limit).cloned().collect();
    let total: usize = sentences.iter().map(|s| s.length).sum();
    let all_text: String = blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
    let levels = (family == Family::Chinese).then(|| chinese::character_levels(&all_text));
    let grade = (family == Family::English).then(|| english::grade(&sentences)).flatten();
    let (entries, passive): (&[_], fn(&str) -> bool) = match family {
        Family::Chinese => (&glossary.zh, chinese::is_passive),
        Family::English => (&glossary.en, english::is_passive),
        _ => (&[], |_| false),
    };
    let chinese = family == Family::Chinese;
    let mut unexplained = glossary::unexplained(entries, &sentences, &shown, chinese);
    if let Some((_, to_traditional)) = convert {
        for u in &mut unexplained {
            u.plain = to_traditional.convert(&u.plain);
        }
    }
    let unitless = if matches!(family, Family::Chinese | Family::English) {
        numbers::unitless(&sentences, chinese)
    } else {
        Vec::new()
    };
    let n = sentences.len() as f64;
    let mut figures = PlainPage {
        path: page.doc.path.clone(),
        language: tag,
        score: 0,
        sentences: sentences.len(),
        average_sentence: total as f64 / n,
        unit: family.unit(),
        long_percent: long.len() as f64 * 100.0 / n,
        uncommon_percent: levels.as_ref().map(chinese::CharacterLevels::uncommon_percent),
        grade,
        unexplained_terms: unexplained.len(),
        passive_percent: sentences.iter().filter(|s| passive(&s.text)).count() as f64 * 100.0 / n,
        unitless_numbers: unitless.len(),
    };
    let rare = levels.as_ref().map_or(0.0, chinese::CharacterLevels::rare_percent);
    figures.score = score(&figures, long_limit, rare);
    Some(Analysis {
        page: figures,
        body_line: page.doc.body_line,
        long,
        long_limit,
        unexplained,
        unitless,
        uncommon_examples: levels.map(|l| l.examples).unwrap_or_default(),
        chinese,
    })
}

/// The score: 100 less a penalty for each measure, each capped so that no single one decides.
/// Sentences: the average beyond 60 % of the long-sentence limit, and the share of long ones.
/// Chinese: 4 points per percent of uncommon characters, 4 more per percent of rare ones.
/// English: 4 points per grade above 6. Then 6 per unexplained term, 3 per measurement without
/// a unit, and up to 10 for passives.
fn score(p: &PlainPage, long_limit: usize, rare_percent: f64) -> u8 {
    let target = long_limit as f64 * 0.6;
    let mut penalty = ((p.average_sentence / target - 1.0).max(0.0) * 50.0).min(30.0);
    penalty += (p.long_percent * 0.4).min(20.0);
    penalty += p.uncommon_percent.map_or(0.0, |u| ((u + rare_percent) * 4.0).min(25.0));
    penalty += p.grade.map_or(0.0, |g| ((g - 6.0).max(0.0) * 4.0).min(25.0));
    penalty += (p.unexplained_terms as f64 * 6.0).min(30.0);
    penalty += (p.unitless_numbers as f64 * 3.0).min(15.0);
    penalty += (p.passive_percent * 0.2).min(10.0);
    (100.0 - penalty).clamp(0.0, 100.0).round() as u8
}

/// The warnings `kepu check --plain` lists: pages below the thresholds, and every long
/// sentence, unexplained term and unit-less measurement, at its line.
pub(crate) fn findings(analyses: &[Analysis], options: &PlainOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    for a in analyses {
        let p = &a.page;
        let at = |line: usize, message: String| Finding {
            path: p.path.clone(),
            line: Some(line),
            severity: Severity::Warning,
            kind: FindingKind::Plain,
            message,
        };
        if p.score < options.min_score {
            out.push(at(
                a.body_line,
                format!("plain-language score {} (below {}): {}", p.score, options.min_score, summary(p)),
            ));
        }
        if let Some(g) = p.grade.filter(|g| *g > options.max_grade) {
            out.push(at(
                a.body_line,
                format!("reads at school grade {g:.1} (above {}): use shorter words and sentences", options.max_grade),
            ));
        }
        if let Some(u) = p.uncommon_percent.filter(|u| *u > options.max_uncommon_percent) {
            let examples: String = a.uncommon_examples.iter().collect();
            out.push(at(
                a.body_line,
                format!(
                    "{u:.1}% of the characters are outside the 3,500 common ones (above {}%), e.g. {examples}: \
                     use everyday words, or explain them",
                    options.max_uncommon_percent
                ),
            ));
        }
        for s in &a.long {
            out.push(at(
                s.line,
                format!(
                    "a sentence of {} {} (long is over {}): split it — “{}”",
                    s.length,
                    p.unit,
                    a.long_limit,
                    crate::util::text::summarize(&s.text, if a.chinese { 24 } else { 60 })
                ),
            ));
        }
        for u in &a.unexplained {
            let example =
                if a.chinese { format!("{}（{}）", u.term, u.plain) } else { format!("{} ({})", u.term, u.plain) };
            out.push(at(
                u.line,
                format!("`{}` is not explained: add plain words in brackets after it, e.g. `{example}`", u.term),
            ));
        }
        for u in &a.unitless {
            out.push(at(u.line, format!("`{}` has no unit: write the unit after the number (mmHg, ℃, kg…)", u.text)));
        }
    }
    out
}

/// The measures that cost a page the most points, in words.
fn summary(p: &PlainPage) -> String {
    let mut parts = vec![format!("sentences average {:.0} {}", p.average_sentence, p.unit)];
    if p.long_percent > 0.0 {
        parts.push(format!("{:.0}% are long", p.long_percent));
    }
    if let Some(u) = p.uncommon_percent.filter(|u| *u > 0.0) {
        parts.push(format!("{u:.1}% uncommon characters"));
    }
    if let Some(g) = p.grade {
        parts.push(format!("school grade {g:.1}"));
    }
    if p.unexplained_terms > 0 {
        parts.push(format!("{} unexplained terms", p.unexplained_terms));
    }
    parts.join(", ")
}
