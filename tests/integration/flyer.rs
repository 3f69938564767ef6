//! Flyers: HTML pages per article and event, and printing them to PDF in a real browser with
//! the QR code decoded by an independent reader (zbarimg). `scripts/test` installs chromium, poppler-utils
//! and zbar-tools.

use crate::common;
use crate::common::{page, Fixture};
use std::process::Command;

fn site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("title: 首页", "")),
        (
            "content/articles/hep.md",
            &page(
                "title: 乙肝筛查：抽一次血，早知道\ndate: 2026-07-01\nflyer:\n  points: [成年人至少查一次乙肝, 查出阳性不要慌，规范治疗可控制, 新生儿出生后24小时内接种疫苗]\n  bilingual: true",
                "正文。",
            ),
        ),
        ("content/articles/hep.en.md", &page("title: Get tested for hepatitis B\ndate: 2026-07-01", "Every adult should be tested once.")),
        (
            "content/events/clinic.md",
            &page(
                "title: 世界肝炎日义诊\ndate: 2027-07-01\nevent:\n  start: 2027-07-28T09:00:00+08:00\n  end: 2027-07-28T12:00:00+08:00\n  venue: 县医院门诊大厅\n  organizer: 县医学会\n  services: [free_clinic, screening]",
                "免费筛查。",
            ),
        ),
    ])
}

#[test]
fn bilingual_flyers_are_published_for_events_and_for_articles_that_ask() {
    let event = |title: &str, venue: &str| {
        format!("title: {title}\ndate: 2027-07-01\nevent:\n  start: 2027-07-28T09:00:00+08:00\n  venue: {venue}\n  organizer: 县医学会")
    };
    let f = Fixture::new(&[
        ("content/articles/eye.md", &page("title: 护眼\ndate: 2026-06-01", "正文。")),
        ("content/articles/eye.en.md", &page("title: Eye care\ndate: 2026-06-01", "Text.")),
        ("content/events/clinic.md", &page(&event("义诊", "县医院"), "免费筛查。")),
        ("content/events/clinic.en.md", &page(&event("Free clinic", "County Hospital"), "Free screening.")),
    ]);
    f.build();
    assert!(f.exists("articles/eye/flyer.html") && f.exists("en/articles/eye/flyer.html"));
    // Beside the page: a folder per flyer would be tens of thousands more for a large site.
    assert!(!f.out("articles/eye/flyer").exists() && !f.out("events/clinic/flyer").exists());
    assert!(!f.exists("articles/eye/flyer-en.html"), "no bilingual article sheet that nobody asked for");
    assert!(!f.read("articles/eye/index.html").contains("flyer-en.html"), "nor a link to one");
    assert!(f.exists("events/clinic/flyer-en.html") && f.exists("en/events/clinic/flyer-zh-hans.html"));
    assert!(f.read("events/clinic/index.html").contains("href=\"/events/clinic/flyer-en.html\""));
    // An unpublished bilingual sheet still prints, rendered on demand.
    for (tool, package) in [("chromium", "chromium"), ("pdftotext", "poppler-utils")] {
        require_tool(tool, package);
    }
    let pdf = f.root().join("eye.pdf");
    let out = f.cli(&["flyer", "articles/eye.md", "--with", "en", "--pdf", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("护眼") && text.contains("Eye care"), "both languages printed: {text}");
    // The whole site asks.
    f.write("site.yaml", format!("{}flyer: {{bilingual: all}}\n", common::CONFIG));
    f.build();
    assert!(f.exists("articles/eye/flyer-en.html") && f.exists("en/articles/eye/flyer-zh-hans.html"));
    assert!(f.read("articles/eye/index.html").contains("href=\"/articles/eye/flyer-en.html\""));
    // A misspelt setting names what it takes.
    f.write("site.yaml", format!("{}flyer: {{bilingual: every}}\n", common::CONFIG));
    let err = f.build_err().to_string();
    assert!(err.contains("site.yaml") && err.contains("events") && err.contains("all"), "{err}");
}

#[test]
fn flyer_pages_for_articles_and_events() {
    let f = site();
    f.build();
    let article = f.read("articles/hep/flyer.html");
    assert!(article.contains("@page { size: A4 portrait"));
    assert!(article.contains("<li>成年人至少查一次乙肝</li>"), "key points");
    assert!(article.contains("aria-label=\"QR: https://example.org/articles/hep/\""), "QR of the canonical URL");
    let event = f.read("events/clinic/flyer.html");
    assert!(
        event.contains("2027年7月28日（星期三） 09:00\u{2060}–\u{2060}12:00")
            && event.contains("县医院门诊大厅")
            && event.contains("义诊")
    );
    // Bilingual when a translation exists; the page links its flyer.
    let both = f.read("articles/hep/flyer-en.html");
    assert!(
        both.contains("lang=\"zh-Hans\"")
            && both.contains("lang=\"en\"")
            && both.contains("Get tested for hepatitis B")
    );
    assert!(!f.exists("events/clinic/flyer-en.html"));
    let hep = f.read("articles/hep/index.html");
    assert!(hep.contains("href=\"/articles/hep/flyer.html\""));
    assert!(
        hep.contains(
            "双语宣传单: <a href=\"/articles/hep/flyer-en.html\" hreflang=\"en\" lang=\"en\" dir=\"ltr\">English</a>"
        ),
        "the page links its bilingual flyer"
    );
    assert!(f
        .read("en/articles/hep/index.html")
        .contains("Bilingual flyer: <a href=\"/en/articles/hep/flyer-zh-hans.html\""));
    assert!(!f.read("events/clinic/index.html").contains("flyer-en.html"), "no translation, no bilingual flyer");
    // A5 as a site option.
    f.write("site.yaml", format!("{}flyer: {{size: A5}}\n", common::CONFIG));
    f.build();
    assert!(f.read("articles/hep/flyer.html").contains("@page { size: A5 portrait"));
    // Sites that never print can turn flyers off.
    f.write("site.yaml", format!("{}flyer: {{enabled: false}}\n", common::CONFIG));
    f.build();
    assert!(!f.exists("articles/hep/flyer.html"));
    assert!(!f.read("articles/hep/index.html").contains("/flyer"));
}

#[test]
fn a_flyer_s_qr_code_is_drawn_whenever_the_flyer_is_rendered_again() {
    let f = site();
    f.build();
    let codes = |rel: &str| -> Vec<String> {
        let html = f.read(rel);
        html.split("<svg role=\"img\"").skip(1).map(|s| s.split("</svg>").next().unwrap().to_string()).collect()
    };
    let (own, both) = (codes("articles/hep/flyer.html"), codes("articles/hep/flyer-en.html"));
    assert!(own.len() == 1 && both.len() == 2 && own[0].contains("QR: https://example.org/articles/hep/"));
    assert!(both[1].contains("QR: https://example.org/en/articles/hep/"), "each side shows its own page");
    // Nothing changed: the flyers are kept as they were, codes and all.
    let again = f.build();
    assert!(again.written.reused > 0 && again.written.changed == 0, "{again}");
    assert_eq!(codes("articles/hep/flyer.html"), own);
    // The article edited: its flyers are rendered again, with the same codes.
    f.write(
        "content/articles/hep.md",
        page("title: 乙肝筛查（修订）\ndate: 2026-07-01\nflyer:\n  bilingual: true", "正文。"),
    );
    f.build();
    assert!(f.read("articles/hep/flyer.html").contains("乙肝筛查（修订）"));
    assert_eq!((codes("articles/hep/flyer.html"), codes("articles/hep/flyer-en.html")), (own.clone(), both));
    // The site moved: every code shows the new address.
    f.write("site.yaml", common::CONFIG.replace("https://example.org", "https://health.example.cn"));
    f.build();
    let moved = codes("articles/hep/flyer.html");
    assert!(moved[0].contains("QR: https://health.example.cn/articles/hep/") && moved != own);
    assert!(codes("events/clinic/flyer.html")[0].contains("QR: https://health.example.cn/events/clinic/"));
}

fn require_tool(name: &str, package: &str) {
    let found =
        Command::new("sh").arg("-c").arg(format!("command -v {name}")).output().is_ok_and(|o| o.status.success());
    assert!(found, "`{name}` is needed for the print tests: apt-get install {package} (scripts/test installs it)");
}

/// Prints `page` to PDF with the CLI and returns (page count, decoded QR codes).
fn print(f: &Fixture, page: &str, with: Option<&str>) -> (usize, Vec<String>) {
    let pdf = f.root().join("flyer.pdf");
    let mut args = vec!["flyer", page, "--pdf", pdf.to_str().unwrap()];
    if let Some(w) = with {
        args.extend(["--with", w]);
    }
    let out = f.cli(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let pages = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    let png = f.root().join("flyer");
    assert!(Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap()
        .success());
    let image = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    let zbar = Command::new("zbarimg").args(["-q", "--raw"]).arg(&image).output().unwrap();
    std::fs::remove_file(image).unwrap();
    let codes = String::from_utf8_lossy(&zbar.stdout).lines().map(str::to_string).collect();
    (pages, codes)
}

#[test]
fn flyers_print_to_one_page_with_a_readable_qr_code() {
    for (tool, package) in [
        ("chromium", "chromium"),
        ("pdfinfo", "poppler-utils"),
        ("pdftoppm", "poppler-utils"),
        ("zbarimg", "zbar-tools"),
    ] {
        require_tool(tool, package);
    }
    let f = site();
    let (pages, codes) = print(&f, "content/events/clinic.md", None);
    assert_eq!(pages, 1);
    assert_eq!(codes, vec!["https://example.org/events/clinic/"]);
    let (pages, codes) = print(&f, "/articles/hep/", None);
    assert_eq!(pages, 1);
    assert_eq!(codes, vec!["https://example.org/articles/hep/"]);
    let (pages, mut codes) = print(&f, "articles/hep.md", Some("en"));
    codes.sort();
    assert_eq!(pages, 1, "bilingual flyer still one sheet");
    assert_eq!(codes, vec!["https://example.org/articles/hep/", "https://example.org/en/articles/hep/"]);
}

#[test]
fn printing_without_a_browser_says_how_to_install_one() {
    let f = site();
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args(["flyer", "articles/hep.md", "--pdf", "x.pdf", "--root"])
        .arg(f.root())
        .env("PATH", empty.path())
        .env_remove("KEPU_CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt-get install chromium"), "{err}");
    let out = f.cli(&["flyer", "articles/nope.md", "--pdf", "x.pdf"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no page `articles/nope.md`"));
}

#[test]
fn a_flyer_too_long_for_one_sheet_keeps_every_word_and_says_so() {
    for (tool, package) in [("chromium", "chromium"), ("pdftotext", "poppler-utils")] {
        require_tool(tool, package);
    }
    let point = |n: usize| {
        format!(
            "第{n}条：{}",
            "接种乙肝疫苗前请带好身份证和疫苗接种本，到乡镇卫生院预防接种门诊登记，医生会询问身体情况。".repeat(4)
        )
    };
    let points: Vec<String> = (1..=6).map(point).collect();
    let front = format!(
        "title: 乙肝疫苗接种须知\ndate: 2026-07-01\nevent:\n  start: 2027-07-28\n  registration: \"tel:+86-970-1234567\"\nflyer:\n  points: [{}]",
        points.join(", ")
    );
    let f = Fixture::new(&[
        ("content/events/vaccine.md", &page(&front, "接种安排。")),
        (
            "content/events/vaccine.en.md",
            &page(
                "title: Hepatitis B vaccination\ndate: 2026-07-01\nevent:\n  start: 2027-07-28",
                "What to bring, and when to come back for the second and third doses.",
            ),
        ),
    ]);
    let pdf = f.root().join("long.pdf");
    let out = f.cli(&["flyer", "events/vaccine.md", "--with", "en", "--pdf", pdf.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "a notice must fit one sheet: {said}");
    assert!(said.contains("does not fit one sheet even in the smallest readable type: it runs to 2 pages"), "{said}");
    assert!(said.contains("shorten the key points"), "{said}");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).replace(['\n', ' '], "");
    for n in 1..=6 {
        assert!(text.contains(&format!("第{n}条")), "point {n} is printed: {text}");
    }
    assert!(text.contains("09701234567"), "the registration phone, in the national form (0970 123 4567): {text}");
    assert!(text.contains("secondandthirddoses"), "the English side's summary: {text}");
}

/// Prints a bilingual flyer of an event with four long key points on each side, checks that
/// every word is in the PDF, and returns its page count.
fn print_bilingual(with: (&str, &str, &str, &[&str])) -> usize {
    let (code, name, title, points) = with;
    let zh = [
        "乙肝、丙肝早期大多没有任何不舒服，只有抽血检查才能发现，建议每位成年人一生至少查一次",
        "查出乙肝表面抗原阳性不要慌，到正规医院感染科就诊，规范治疗和定期复查可以很好地控制病情",
        "丙肝已经可以治愈，口服药物八到十二周，治愈率超过九成，医保可以报销大部分费用",
        "乙肝和丙肝不会通过一起吃饭、握手、拥抱传染，请不要歧视身边的病人和感染者",
    ];
    let list = |p: &[&str]| p.iter().map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(", ");
    let event = "event:\n  start: 2027-07-28T09:00:00+08:00\n  venue: 县医院门诊大厅\n  organizer: 县医学会\n  registration: \"tel:+86-970-6612345\"";
    let f = Fixture::new(&[
        (
            "content/events/clinic.md",
            &page(
                &format!(
                    "title: 世界肝炎日免费乙肝、丙肝筛查义诊\ndate: 2027-07-01\n{event}\nflyer:\n  points: [{}]",
                    list(&zh)
                ),
                "义诊。",
            ),
        ),
        (
            &format!("content/events/clinic.{code}.md"),
            &page(&format!("title: {title}\ndate: 2027-07-01\n{event}\nflyer:\n  points: [{}]", list(points)), "x"),
        ),
    ]);
    if !common::CONFIG.contains(&format!("code: {code}\n")) {
        f.write("site.yaml", format!("{}  - code: {code}\n    name: {name}\n", common::CONFIG));
    }
    let pdf = f.root().join("both.pdf");
    let out = f.cli(&["flyer", "events/clinic.md", "--with", code, "--pdf", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let pages = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let all = String::from_utf8_lossy(&text.stdout).replace(['\n', ' '], "");
    for p in zh {
        assert!(all.contains(p), "{p} is printed: {all}");
    }
    for p in points {
        assert!(all.contains(&p.replace(' ', "")), "{p} is printed: {all}");
    }
    for words in ["世界肝炎日免费乙肝、丙肝筛查义诊", "县医院门诊大厅", "09706612345", "星期三"]
    {
        assert!(all.contains(words), "{words} is printed: {all}");
    }
    assert!(all.contains(&title.replace(' ', "")), "{title} is printed: {all}");
    pages
}

#[test]
fn bilingual_flyers_with_four_long_points_fit_one_sheet_with_every_word() {
    for (tool, package) in [("chromium", "chromium"), ("pdfinfo", "poppler-utils"), ("pdftotext", "poppler-utils")] {
        require_tool(tool, package);
    }
    let en: &[&str] = &[
        "Hepatitis B and C often cause no symptoms for years, so a blood test is the only way to know",
        "A positive result is not a reason to panic: regular check-ups and treatment keep the liver healthy",
        "Hepatitis C can now be cured with eight to twelve weeks of tablets, mostly paid for by insurance",
        "You cannot catch hepatitis B or C by sharing a meal, shaking hands or hugging someone",
    ];
    assert_eq!(print_bilingual(("en", "English", "Free hepatitis B and C screening", en)), 1);
    let bo: &[&str] = &[
        "མཆིན་ནད་B དང་C ལ་ནད་རྟགས་མི་མངོན་པས་ཁྲག་བརྟག་དཔྱད་བྱས་ན་མ་གཏོགས་ཤེས་མི་ཐུབ།",
        "ཞིབ་བཤེར་འབྲས་བུ་ཡང་དག་ཡིན་ན་སེམས་ཁྲལ་མི་དགོས། དུས་ལྟར་བརྟག་དཔྱད་དང་སྨན་བཅོས་བྱ།",
        "མཆིན་ནད་C ད་ལྟ་སྨན་ཟླ་བ་གཉིས་ནས་གསུམ་བར་བཟས་ན་དྲག་ཐུབ།",
        "ཟ་མ་མཉམ་དུ་ཟ་བ་དང་ལག་པ་འཇུ་བས་མཆིན་ནད་འགོ་གི་མེད།",
    ];
    assert_eq!(print_bilingual(("bo", "བོད་ཡིག", "མཆིན་ནད་B དང་C ཞིབ་བཤེར་རིན་མེད།", bo)), 1);
}

#[test]
fn the_cancelled_banner_stays_dark_in_a_black_and_white_copy() {
    let f = site();
    f.write(
        "content/events/off.md",
        page("title: 停诊\ndate: 2027-07-01\nevent:\n  start: 2027-07-28\n  status: cancelled", "因天气取消。"),
    );
    f.build();
    let html = f.read("events/off/flyer.html");
    assert!(html.contains("<p class=\"status\">"), "{html}");
    // Greyscale keeps relative luminance, so the WCAG contrast of the banner's colours is the
    // contrast of the photocopy.
    let colour = |name: &str| {
        let at = html.find(&format!("{name}: #")).unwrap() + name.len() + 3;
        let hex = &html[at..at + 6];
        let channel = |i: usize| {
            let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    };
    let contrast = |l: f64| 1.05 / (l + 0.05);
    assert!(contrast(colour("--alert")) >= 7.0, "white on the banner: {}", contrast(colour("--alert")));
    assert!(contrast(colour("--accent")) >= 7.0, "white on the organizer band: {}", contrast(colour("--accent")));
    assert!(
        html.contains(".status { font-size: calc(30 * var(--u))"),
        "the banner is the largest type after the title"
    );
}

#[test]
fn a_tibetan_flyer_prints_with_the_theme_s_font_on_a_machine_without_one() {
    for (tool, package) in [("chromium", "chromium"), ("pdffonts", "poppler-utils"), ("pdftotext", "poppler-utils")] {
        require_tool(tool, package);
    }
    let f = site();
    f.write("site.yaml", format!("{}  - code: bo\n    name: བོད་ཡིག\n", common::CONFIG));
    f.write(
        "content/articles/hep.bo.md",
        page("title: མཆིན་ནད་B རིགས་བརྟག་དཔྱད།\ndate: 2026-07-01\nflyer:\n  points: [ཁྲག་ཐེངས་གཅིག་ལེན།, སྨན་བཅོས་ཐུབ།]", "ཡི་གེ།"),
    );
    let pdf = f.root().join("bo.pdf");
    let out = f.cli(&["flyer", "articles/hep.md", "--with", "bo", "--pdf", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("NotoSerifTibetan"), "the Tibetan text is set in the shipped font: {fonts}");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    // pdftotext puts spaces inside Tibetan syllables where vowel signs are placed.
    let text = String::from_utf8_lossy(&text.stdout).replace([' ', '\n'], "");
    for words in ["མཆིན་ནད་B", "ཁྲག་ཐེངས་གཅིག་ལེན།", "སྨན་བཅོས་ཐུབ།", "乙肝筛查"]
    {
        assert!(text.contains(words), "{words} is printed: {text}");
    }
}

#[test]
fn the_organizer_s_logo_and_the_medical_review_head_the_flyer() {
    let f = site();
    f.write("site.yaml", format!("{}logo: brand/logo.svg\n", common::CONFIG));
    let out = f.cli(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("site.yaml:11:"), "names the line of `logo:`: {err}");
    assert!(err.contains("put the picture at static/brand/logo.svg"), "{err}");

    f.write(
        "static/brand/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><rect width=\"8\" height=\"8\"/></svg>",
    );
    f.write(
        "content/articles/hep.md",
        page(
            "title: 乙肝筛查\ndate: 2026-07-01\nreview:\n  by: 许医生\n  date: 2026-06-01\n  next: 2027-06-01\nflyer: {bilingual: true}",
            "正文。",
        ),
    );
    f.build();
    let html = f.read("articles/hep/flyer.html");
    let src = html.split("<p class=\"band\"><img src=\"").nth(1).and_then(|s| s.split('"').next()).expect("the logo");
    assert!(src.starts_with("../../brand/logo.") && f.out("articles/hep").join(src).is_file(), "{src}");
    assert!(html.contains("本文由许医生于2026年6月1日进行医学审核"), "{html}");
    let en = f.read("articles/hep/flyer-en.html");
    assert!(en.contains("Medically reviewed by 许医生 on"), "the English side names the review in English: {en}");
}

#[test]
fn the_build_names_a_notice_too_long_for_its_sheet() {
    let long = "接种乙肝疫苗前请带好身份证和疫苗接种本，到乡镇卫生院预防接种门诊登记，医生会询问身体情况。".repeat(4);
    let fitting = "乙肝、丙肝早期大多没有任何不舒服，只有抽血检查才能发现，建议每位成年人一生至少查一次";
    let notice = |points: &str| {
        page(
            &format!("title: 乙肝疫苗接种\ndate: 2026-07-01\nevent:\n  start: 2027-07-28\n  venue: 乡镇卫生院\nflyer:\n  points: [{points}]"),
            "接种安排。",
        )
    };
    let f = Fixture::new(&[
        ("content/events/long.md", &notice(&[long.as_str(); 6].join(", "))),
        ("content/events/fits.md", &notice(&[fitting; 4].join(", "))),
    ]);
    let out = f.cli(&["build"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a warning, not an error: {said}");
    assert!(
        said.contains("content/events/long.md:") && said.contains("will not fit one sheet even in the smallest type"),
        "{said}"
    );
    assert!(!said.contains("content/events/fits.md:"), "four long points fit: {said}");
    let out = f.cli(&["check"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Flyers (1):"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn no_line_of_a_printed_flyer_is_a_lone_chinese_character() {
    for (tool, package) in [("chromium", "chromium"), ("pdftotext", "poppler-utils")] {
        require_tool(tool, package);
    }
    // The sample site's clinic notice, whose audience line once ended on a lone 人.
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("clinic.pdf");
    let o = Command::new(env!("CARGO_BIN_EXE_kepu"))
        .args([
            "flyer",
            "events/hepatitis-free-clinic-2027.md",
            "--now",
            "2026-11-25",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .arg("--output")
        .arg(out.path().join("site"))
        .arg("--pdf")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let lone = |l: &&str| l.chars().count() == 1 && l.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    assert_eq!(text.lines().map(str::trim).find(lone), None, "{text}");
}
