//! Dates as authors type them when they do not type ISO 8601 (`2027年3月3日 上午9点`,
//! `2027/3/3`, `2027-03-03 09:00-11:30`): what they meant, so that an error can say what to type
//! in their own numbers. Read only when a date fails to parse.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The offset suggested for a time written without one: China's clock, where Kepu's sites are.
const SUGGESTED_OFFSET: &str = "+08:00";

/// What to type instead of a date Kepu cannot read, in the author's own numbers where it can
/// tell what they meant (`2027年3月3日 上午9点` → `2027-03-03T09:00:00+08:00`).
pub(crate) fn hint(s: &str) -> String {
    let offset_note =
        format!(" ({SUGGESTED_OFFSET} is the offset of China's clock; write another if the event keeps another clock)");
    let moment = |t: NaiveDateTime| format!("{}{SUGGESTED_OFFSET}", t.format("%Y-%m-%dT%H:%M:%S"));
    match Written::read(s) {
        Some(Written::Day(d)) => format!(": write `{}`", d.format("%Y-%m-%d")),
        Some(Written::Time(t)) => {
            let plain = !s.contains(['年', '/', '.', '点', '時', '时']);
            let why = if plain { " with its clock's UTC offset" } else { "" };
            format!(": write it{why} as `{}`{offset_note}", moment(t))
        }
        Some(Written::Range(from, to)) => format!(
            ": a start and an end in one value: write `{}` here and `{}` under `end:`{offset_note}",
            moment(from),
            moment(to)
        ),
        Some(Written::NoSuchDay) => ": there is no such day on the calendar; check the month and the day".into(),
        None => " (write YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+08:00 for a time)".into(),
    }
}

/// A date as people write it when they do not write ISO 8601: year first, then month and day,
/// with `-`, `/`, `.` or 年月日 between them, then perhaps a time (`9:00`, `9点半`, `下午3点`),
/// or a time range (`9:00-12:00`, `上午9点至11点`).
enum Written {
    Day(NaiveDate),
    Time(NaiveDateTime),
    Range(NaiveDateTime, NaiveDateTime),
    NoSuchDay,
}

/// Words that put an hour after noon, or before it.
const AFTER_NOON: [&str; 6] = ["下午", "晚上", "傍晚", "pm", "PM", "p.m."];
const MORNING: [&str; 6] = ["上午", "早上", "凌晨", "am", "AM", "a.m."];
/// Between the two times of a range.
const UNTIL: [char; 6] = ['至', '到', '~', '～', '—', '–'];

impl Written {
    fn read(s: &str) -> Option<Written> {
        // An offset or zone is already there: the mistake is elsewhere, and its digits would
        // be read as a time.
        if s.contains(['+', 'Z']) {
            return None;
        }
        // Day first or month first: which is which is not Kepu's to guess.
        if s.trim_start().chars().take_while(char::is_ascii_digit).count() != 4 {
            return None;
        }
        let numbers = numbers(s)?;
        let [year, month, day] = *<&[u32; 3]>::try_from(numbers.get(..3)?).ok()?;
        let time = &numbers[3..];
        let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day) else {
            return Some(Written::NoSuchDay);
        };
        if time.is_empty() {
            return Some(Written::Day(date));
        }
        // The date's own digits end where its day does; what follows is the time, or two.
        let clock = after_nth_number(s, 3)?;
        let until = clock.find(UNTIL).or_else(|| clock.find(':').and_then(|c| clock[c..].find('-').map(|d| c + d)));
        match until {
            None => Some(Written::Time(date.and_time(hour_minute(clock, None)?))),
            Some(at) => {
                let (from, to) = (&clock[..at], &clock[at..]);
                let start = hour_minute(from, None)?;
                let end = hour_minute(to, Some(after_noon(from)))?;
                // An end before the start is not a range (`09:00-05:00` is an offset).
                (end > start).then(|| Written::Range(date.and_time(start), date.and_time(end)))
            }
        }
    }
}

/// The runs of ASCII digits in `s`, as numbers.
fn numbers(s: &str) -> Option<Vec<u32>> {
    s.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).map(|n| n.parse().ok()).collect()
}

/// What follows the `n`th run of digits.
fn after_nth_number(s: &str, n: usize) -> Option<&str> {
    let mut seen = 0;
    let mut in_digits = false;
    for (i, c) in s.char_indices() {
        match (c.is_ascii_digit(), in_digits) {
            (true, false) => in_digits = true,
            (false, true) => {
                in_digits = false;
                seen += 1;
                if seen == n {
                    return Some(&s[i..]);
                }
            }
            _ => {}
        }
    }
    None
}

fn after_noon(s: &str) -> bool {
    AFTER_NOON.iter().any(|m| s.contains(m))
}

/// `9:00`, `9点半`, `下午3点`, `14:30:00`: one time of day. A time with no word for its half of
/// the day takes `inherited`'s (in `下午2点到4点`, 4 is after noon too).
fn hour_minute(s: &str, inherited: Option<bool>) -> Option<NaiveTime> {
    let numbers = numbers(s)?;
    let (&hour, rest) = numbers.split_first()?;
    if rest.len() > 2 {
        return None;
    }
    let pm = after_noon(s) || (inherited == Some(true) && !MORNING.iter().any(|m| s.contains(m)));
    let hour = match hour {
        1..=11 if pm => hour + 12,
        12 if MORNING.iter().any(|m| s.contains(m)) => 0,
        h => h,
    };
    let minute = rest.first().copied().unwrap_or(if s.contains('半') { 30 } else { 0 });
    NaiveTime::from_hms_opt(hour, minute, rest.get(1).copied().unwrap_or(0))
}
