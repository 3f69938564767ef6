//! What a foreign site is made of, once read: its settings, its content files and the other
//! files to copy. Hugo and Zola are read into this one shape; the conversion works on it.

use crate::util::lang::LanguageTag;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Which generator the site was made with; the few rules that differ are asked of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Hugo,
    Zola,
}

impl Dialect {
    pub(super) fn name(self) -> &'static str {
        match self {
            Dialect::Hugo => "Hugo",
            Dialect::Zola => "Zola",
        }
    }
}

/// One language of the foreign site.
#[derive(Debug, Clone)]
pub(super) struct Lang {
    /// The name the foreign site gives it (`zh-cn`), as in its file names.
    pub(super) key: String,
    /// The tag Kepu writes (`zh-Hans`).
    pub(super) tag: LanguageTag,
    pub(super) name: Option<String>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    /// Set explicitly right to left by the foreign site.
    pub(super) rtl: bool,
    /// The URL prefix the old site used (`en`), empty for the unprefixed default language.
    pub(super) prefix: String,
}

impl Lang {
    /// The language's home URL on the old site and the new one alike: `/` or `/en/`.
    pub(super) fn home(&self) -> String {
        if self.prefix.is_empty() {
            "/".into()
        } else {
            format!("/{}/", self.prefix)
        }
    }
}

/// The site's settings, in Kepu's terms.
#[derive(Debug, Default)]
pub(super) struct Settings {
    pub(super) title: String,
    pub(super) description: String,
    pub(super) base_url: String,
    /// The default language first.
    pub(super) languages: Vec<Lang>,
    pub(super) prefix_default: bool,
    pub(super) taxonomies: Vec<String>,
    pub(super) paginate_by: Option<usize>,
    pub(super) extra: Map<String, Value>,
    /// The UTC offset (`+08:00`) of times written without one.
    pub(super) offset: Option<String>,
}

impl Settings {
    /// The default language must be one Kepu can name; every page without another falls to it.
    pub(super) fn check_default(&self, file: &str, key: &str) -> crate::util::error::Result<()> {
        if self.languages.first().is_some_and(|l| l.key.eq_ignore_ascii_case(key)) {
            return Ok(());
        }
        Err(crate::util::error::Diagnostic::in_file(
            file,
            format!("the default language `{key}` is not a language tag; write its tag there (e.g. `en`, `zh-cn`, `ug`) and import again"),
        )
        .into())
    }
}

/// One Markdown file of the foreign site, read but not converted.
#[derive(Debug)]
pub(super) struct Doc {
    /// Relative to the foreign site's folder, for messages.
    pub(super) source: PathBuf,
    pub(super) lang: usize,
    /// Inside the language's content folder, `/`-separated: `post/x/index.md`.
    pub(super) rel: String,
    /// The folder in the new site's `content/` (`post`), empty at the root.
    pub(super) dir: String,
    /// The new file's name without language or extension (`x`, `_index`).
    pub(super) stem: String,
    /// The folder of a page bundle (`x` of `post/x/index.md`), whose files sit beside the page.
    pub(super) bundle: Option<String>,
    pub(super) front: Map<String, Value>,
    pub(super) front_src: String,
    pub(super) front_line: usize,
    pub(super) body: String,
    pub(super) body_line: usize,
    /// Where the old site published it; `None` when that cannot be worked out.
    pub(super) old_url: Option<String>,
}

impl Doc {
    pub(super) fn is_section(&self) -> bool {
        self.stem == "_index"
    }

    /// The line of the source file where front matter `key` is set, or the first line.
    pub(super) fn line_of(&self, key: &str) -> usize {
        crate::cmd::import::source::key_line(&self.front_src, key).map_or(1, |l| l + self.front_line - 1)
    }
}

/// A file copied as it is: from the foreign site to the new one.
#[derive(Debug)]
pub(super) struct Copy {
    pub(super) from: PathBuf,
    pub(super) to: PathBuf,
}

/// A foreign site, read.
#[derive(Debug)]
pub(super) struct Foreign {
    pub(super) dialect: Dialect,
    pub(super) settings: Settings,
    pub(super) docs: Vec<Doc>,
    pub(super) copies: Vec<Copy>,
    /// How Zola spelt taxonomy terms in addresses (`[slugify] taxonomies`); `None` for Hugo,
    /// which keeps every script.
    pub(super) term_slugs: Option<crate::cmd::import::urls::ZolaSlugs>,
}
