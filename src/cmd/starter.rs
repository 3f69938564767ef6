//! The texts `kepu init` and `kepu new` write: site.yaml and content files with every useful key
//! present and explained in a comment, in Chinese or English.

use crate::util::lang::LanguageTag;
use chrono::NaiveDate;

/// What a new content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Kind {
    /// A health-education article, with its medical review.
    Article,
    /// An event notice: a free clinic, lecture, training or home visit.
    Event,
    /// A plain page (about us, contact).
    Page,
}

/// A language's own name, for the language menu.
pub(crate) fn autonym(tag: &LanguageTag) -> &str {
    match tag.as_str() {
        "zh-Hans" => "简体中文",
        "zh-Hant" => "繁體中文",
        "en" => "English",
        "bo" => "བོད་ཡིག",
        "ug" => "ئۇيغۇرچە",
        "mn" => "Монгол",
        other => other,
    }
}

/// site.yaml for `tags` (the first is the default language).
pub(crate) fn site_yaml(tags: &[LanguageTag]) -> String {
    let mut out = String::from(
        "# The site's settings. Lines starting with # are notes; Kepu ignores them.\n\
         # Type every colon as an ASCII colon and a space (`title: …`), and indent with spaces.\n\
         \n\
         # The site's name, on every page and flyer.\n\
         title: 健康科普\n\
         # One sentence about the site, for search engines and link previews.\n\
         description: 医生写给大家的健康知识和义诊活动通知。\n\
         # Where the site will be published: QR codes on flyers and feeds point here.\n\
         # Change it to your own address before you publish.\n\
         base_url: https://example.org\n\
         \n\
         # The languages, the first one the default. `fallback: true` shows the default language's\n\
         # text with a notice until a page is translated; `kepu check` lists what is missing.\n\
         languages:\n",
    );
    for (i, tag) in tags.iter().enumerate() {
        out.push_str(&format!("  - code: {tag}\n    name: {}\n", autonym(tag)));
        match tag.as_str() {
            "en" => out.push_str("    title: Health Education\n    description: Health advice from doctors, and free clinics near you.\n"),
            // Traditional Chinese is converted from Simplified Chinese (OpenCC) page by page.
            "zh-Hant" if tags.iter().any(|t| t.as_str() == "zh-Hans") => out.push_str("    derived_from: zh-Hans\n"),
            "zh-Hans" | "zh-Hant" => {}
            _ if i > 0 => out.push_str("    fallback: true\n"),
            _ => {}
        }
    }
    out.push_str(
        "\n\
         # Printed flyers: A4 or A5 paper. `enabled: false` if the committee never prints.\n\
         flyer:\n  size: A4\n\
         \n\
         # Pages per list page (articles, events).\n\
         paginate_by: 10\n",
    );
    out
}

/// A language's home page.
pub(crate) fn home(zh: bool) -> String {
    if zh {
        "---\ntitle: 健康科普\n---\n\n这里是医生写给大家的健康知识和义诊、讲座活动通知。\n".into()
    } else {
        "---\ntitle: Health Education\n---\n\nHealth advice written by doctors, and notices of free clinics and talks.\n".into()
    }
}

/// The articles or events section's page.
pub(crate) fn section(zh: bool, kind: Kind) -> String {
    let (title, intro) = match (zh, kind) {
        (true, Kind::Event) => ("活动通知", "义诊、健康讲座和培训。"),
        (true, _) => ("科普文章", "经医生审核的健康知识。"),
        (false, Kind::Event) => ("Events", "Free clinics, health talks and trainings."),
        (false, _) => ("Articles", "Health advice reviewed by doctors."),
    };
    format!("---\ntitle: {title}\n---\n\n{intro}\n")
}

/// The starting article: hepatitis B screening, reviewed today.
pub(crate) fn article(zh: bool, today: NaiveDate) -> String {
    let next = today + chrono::Duration::days(365);
    let (title, points, body) = if zh {
        (
            "乙肝筛查：一次抽血，早知道",
            "    - 成年人至少查一次乙肝两对半\n    - 一次抽血即可，不必空腹\n    - 查出问题，及早看肝病科",
            "## 为什么要筛查？\n\n很多人感染乙肝病毒多年都没有感觉。一次抽血检查，就能知道自己是否感染、是否需要接种疫苗。\n\n## 去哪里查？\n\n县医院和乡镇卫生院都可以做。带上身份证，不必空腹。\n",
        )
    } else {
        (
            "Hepatitis B screening: one blood test",
            "    - Every adult should be tested at least once\n    - One blood sample; no need to fast\n    - If the result is positive, see a liver doctor early",
            "## Why be tested?\n\nMany people carry the hepatitis B virus for years without feeling ill. One blood test shows whether you are infected or need the vaccine.\n\n## Where?\n\nAt the county hospital or any township health centre. Bring your ID card; you need not fast.\n",
        )
    };
    let reviewer = if zh { "李医生（肝病科主任医师）" } else { "Dr Li (hepatology)" };
    format!(
        "---\n\
         # The title, on the page, in lists and on the flyer.\n\
         title: \"{title}\"\n\
         # When it was written (YYYY-MM-DD).\n\
         date: {today}\n\
         # Who wrote it.\n\
         authors: [{author}]\n\
         # The health day it belongs to: the page links to it (`kepu check` lists the ids).\n\
         observance: world-hepatitis-day\n\
         # Topics readers can browse by.\n\
         specialties: [hepatology]\n\
         # The medical review: who checked it, when, and when to check it again.\n\
         review:\n  by: \"{reviewer}\"\n  date: {today}\n  next: {next}\n\
         # The key points printed in large type on the flyer.\n\
         flyer:\n  points:\n{points}\n\
         ---\n\n{body}",
        author = if zh { "王医生" } else { "Dr Wang" },
    )
}

/// The starting event: a free clinic on World Hepatitis Day.
pub(crate) fn event(zh: bool, today: NaiveDate, day: NaiveDate) -> String {
    let (title, venue, address, organizer, audience, body) = if zh {
        (
            "世界肝炎日义诊",
            "县人民医院门诊楼一楼大厅",
            "人民路 1 号",
            "县医学会科普专委会",
            "全县居民",
            "免费乙肝筛查和健康咨询，带上身份证即可。\n",
        )
    } else {
        (
            "Free clinic on World Hepatitis Day",
            "County hospital, outpatient hall",
            "1 Renmin Road",
            "County Medical Association",
            "Everyone in the county",
            "Free hepatitis B tests and advice. Bring your ID card.\n",
        )
    };
    format!(
        "---\n\
         title: \"{title}\"\n\
         date: {today}\n\
         observance: world-hepatitis-day\n\
         # The event: when, where, who organises it and what it offers.\n\
         event:\n\
         \x20 # Start and end: a day (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SS+08:00).\n\
         \x20 start: {day}T09:00:00+08:00\n\
         \x20 end: {day}T12:00:00+08:00\n\
         \x20 venue: \"{venue}\"\n\
         \x20 address: \"{address}\"\n\
         \x20 organizer: \"{organizer}\"\n\
         \x20 # What it offers: free_clinic, lecture, training, home_visit, surgery_demo,\n\
         \x20 # screening, consultation, vaccination, or your own words as {{text: \"…\"}}.\n\
         \x20 services: [screening, consultation]\n\
         \x20 audience: \"{audience}\"\n\
         \x20 # scheduled, postponed or cancelled.\n\
         \x20 status: scheduled\n\
         ---\n\n{body}"
    )
}

/// The text `kepu new … --lang` writes when the page exists in the default language: a title and
/// a date, and where the rest comes from. A translation shows its original's event, health day
/// and medical review, so the full template's placeholder dates would replace the real ones.
pub(crate) fn translation_file(title: &str, today: NaiveDate, original: &std::path::Path) -> String {
    let title = title.replace('"', "'");
    let original = original.display();
    format!(
        "---\n# The title in this language.\ntitle: \"{title}\"\n# When this translation was written (YYYY-MM-DD).\n\
         date: {today}\n# Its event (time, place, services, status), health day and medical review are those of\n\
         # {original}, and follow it when it changes;\n\
         # write them here only to give them in this language.\n---\n\n"
    )
}

/// A new file for `kepu new`, titled `title`, dated `today`: the keys an author fills in, the
/// optional ones commented out with an example.
pub(crate) fn new_file(kind: Kind, title: &str, today: NaiveDate) -> String {
    let title = title.replace('"', "'");
    let head = format!(
        "---\n# The title, on the page, in lists and on the flyer.\ntitle: \"{title}\"\n# When it was written (YYYY-MM-DD).\ndate: {today}\n"
    );
    let body = match kind {
        Kind::Page => String::new(),
        Kind::Article => format!(
            "# Who wrote it.\n\
             authors: []\n\
             # Topics readers browse by, e.g. [ophthalmology, pediatrics].\n\
             specialties: []\n\
             # The health day it belongs to, if any (the ids are on the site's /observances/ page).\n\
             # observance: national-eye-care-day\n\
             # Once a doctor has checked the text: who, when, and when to check it again.\n\
             # review:\n\
             #   by: \"\"\n\
             #   date: {today}\n\
             #   next: {next}\n\
             # Key points printed in large type on the flyer (at most 6).\n\
             # flyer:\n\
             #   points:\n\
             #     - \"\"\n",
            next = today + chrono::Duration::days(365)
        ),
        Kind::Event => format!(
            "# The health day it belongs to, if any (the ids are on the site's /observances/ page).\n\
             # observance: world-hepatitis-day\n\
             event:\n\
             \x20 # Start and end: a day (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SS+08:00).\n\
             \x20 start: {start}T09:00:00+08:00\n\
             \x20 end: {start}T12:00:00+08:00\n\
             \x20 venue: \"\"\n\
             \x20 address: \"\"\n\
             \x20 organizer: \"\"\n\
             \x20 # What it offers: free_clinic, lecture, training, home_visit, surgery_demo,\n\
             \x20 # screening, consultation, vaccination, or your own words as {{text: \"…\"}}.\n\
             \x20 services: []\n\
             \x20 # Who it is for, a phone number to register, someone to ask.\n\
             \x20 # audience: \"\"\n\
             \x20 # registration: \"\"\n\
             \x20 # contact: \"\"\n\
             \x20 # scheduled, postponed or cancelled.\n\
             \x20 status: scheduled\n",
            start = today + chrono::Duration::days(14)
        ),
    };
    format!("{head}{body}---\n\n")
}
