//! Pages made for one language from another: Traditional Chinese converted from Simplified
//! (with OpenCC's phrase dictionaries, so 头发 becomes 頭髮 and not 頭發), and fallback copies of
//! default-language pages for languages that ask for them. Authored translations always win.

use crate::load::config::{Config, Conversion};
use crate::load::content::{reparse_front, Document, Origin};
use crate::util::error::{collect, Result};
use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use rayon::prelude::*;
use std::collections::HashSet;

/// Converts text between Chinese variants. The only place the conversion library is used.
pub(crate) struct Converter(OpenCC);

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Converter")
    }
}

impl Converter {
    pub(crate) fn new(conversion: Conversion) -> Option<Converter> {
        let builtin = match conversion {
            Conversion::S2t => BuiltinConfig::S2t,
            Conversion::S2tw => BuiltinConfig::S2tw,
            Conversion::S2hk => BuiltinConfig::S2hk,
        };
        OpenCC::from_config(builtin).ok().map(Converter)
    }

    /// Traditional to Simplified, for measures whose word lists are in Simplified characters.
    pub(crate) fn to_simplified() -> Option<Converter> {
        OpenCC::from_config(BuiltinConfig::T2s).ok().map(Converter)
    }

    pub(crate) fn convert(&self, text: &str) -> String {
        self.0.convert(text)
    }
}

/// Adds derived and fallback documents for every language that wants them.
pub(crate) fn add_derived(config: &Config, documents: &mut Vec<Document>) -> Result<()> {
    let mut added = Vec::new();
    for language in &config.languages {
        let present: HashSet<&str> =
            documents.iter().filter(|d| d.lang == language.tag).map(|d| d.key.as_str()).collect();
        if let Some(derivation) = language.derived {
            let source = &config.languages[derivation.from].tag;
            let Some(converter) = Converter::new(derivation.conversion) else {
                return Err(crate::util::error::Diagnostic::new(format!(
                    "the {:?} conversion dictionaries could not be loaded",
                    derivation.conversion
                ))
                .into());
            };
            let todo: Vec<&Document> =
                documents.iter().filter(|d| &d.lang == source && !present.contains(d.key.as_str())).collect();
            let converted =
                collect(todo.par_iter().map(|d| convert_document(d, &language.tag, &converter)).collect::<Vec<_>>())?;
            added.extend(converted);
        } else if language.fallback {
            let default = &config.default_language().tag;
            added.extend(
                documents
                    .iter()
                    .filter(|d| &d.lang == default && !present.contains(d.key.as_str()))
                    .map(|d| Document { lang: language.tag.clone(), origin: Origin::Fallback, ..d.clone() }),
            );
        }
    }
    documents.extend(added);
    Ok(())
}

/// The converter that makes language `lang`'s documents from another language's, if it has one.
pub(crate) fn converter_for(config: &Config, lang: usize) -> Result<Option<Converter>> {
    let Some(d) = config.languages[lang].derived else { return Ok(None) };
    let converter = Converter::new(d.conversion).ok_or_else(|| {
        crate::util::error::Diagnostic::new(format!(
            "the {:?} conversion dictionaries could not be loaded",
            d.conversion
        ))
    })?;
    Ok(Some(converter))
}

/// The document `config`'s language `lang` gets from `source` when it has no authored version:
/// a conversion, a fallback copy, or nothing.
pub(crate) fn derive_for(config: &Config, lang: usize, source: &Document) -> Result<Option<Document>> {
    let language = &config.languages[lang];
    match language.derived {
        Some(d) if config.languages[d.from].tag == source.lang => {
            let converter = Converter::new(d.conversion).ok_or_else(|| {
                crate::util::error::Diagnostic::new("the conversion dictionaries could not be loaded")
            })?;
            convert_document(source, &language.tag, &converter).map(Some)
        }
        None if language.fallback && source.lang == config.default_language().tag => {
            Ok(Some(Document { lang: language.tag.clone(), origin: Origin::Fallback, ..source.clone() }))
        }
        _ => Ok(None),
    }
}

fn convert_document(doc: &Document, lang: &crate::util::lang::LanguageTag, converter: &Converter) -> Result<Document> {
    let front_src = converter.convert(&doc.front_src);
    let front = reparse_front(doc, front_src.clone())?;
    Ok(Document {
        lang: lang.clone(),
        front,
        front_src,
        body: converter.convert(&doc.body),
        origin: Origin::Derived,
        ..doc.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_with_phrases() {
        let c = Converter::new(Conversion::S2t).unwrap();
        assert_eq!(c.convert("乙肝筛查很重要"), "乙肝篩查很重要");
        assert_eq!(c.convert("头发"), "頭髮");
        assert_eq!(c.convert("title: 眼睛健康\n"), "title: 眼睛健康\n");
    }
}
