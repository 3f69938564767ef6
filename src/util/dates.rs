//! Dates as authors write them: a calendar day (`2026-07-28`) or a moment with a UTC offset
//! (`2026-07-28T09:00:00+08:00`). A moment without an offset is refused: an event's time is
//! meaningless without knowing whose clock it is on.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Deserializer};
use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateValue {
    Day(NaiveDate),
    Moment(DateTime<FixedOffset>),
}

impl DateValue {
    pub(crate) fn parse(raw: &str) -> Result<DateValue, String> {
        let s = raw.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(DateValue::Day(d));
        }
        if let Ok(m) = DateTime::parse_from_rfc3339(s) {
            return Ok(DateValue::Moment(m));
        }
        for fmt in ["%Y-%m-%d %H:%M:%S%:z", "%Y-%m-%d %H:%M%:z", "%Y-%m-%dT%H:%M%:z"] {
            if let Ok(m) = DateTime::parse_from_str(s, fmt).map_err(|_| ()).and_then(not_a_range) {
                return Ok(DateValue::Moment(m));
            }
        }
        Err(format!("invalid date `{raw}`{}", crate::util::typed_date::hint(s)))
    }

    /// The calendar day as the author wrote it (local to the event's own offset).
    pub(crate) fn day(&self) -> NaiveDate {
        match self {
            DateValue::Day(d) => *d,
            DateValue::Moment(m) => m.date_naive(),
        }
    }

    /// A moment for ordering and feeds; a bare day counts as its start in UTC.
    pub(crate) fn moment(&self) -> DateTime<FixedOffset> {
        match self {
            DateValue::Day(d) => d.and_time(NaiveTime::MIN).and_utc().fixed_offset(),
            DateValue::Moment(m) => *m,
        }
    }

    pub(crate) fn is_all_day(&self) -> bool {
        matches!(self, DateValue::Day(_))
    }

    /// ISO 8601 text: `2026-07-28` or `2026-07-28T09:00:00+08:00`.
    pub(crate) fn iso(&self) -> String {
        match self {
            DateValue::Day(d) => iso_day(*d),
            DateValue::Moment(m) => m.to_rfc3339(),
        }
    }
}

/// `m`, unless it reads as a range: in these shorter forms, `09:00-11:30` is far more often
/// "from nine to half past eleven" than nine o'clock at UTC−11:30 (the full form,
/// `2027-03-03T09:00:00-11:30`, is read as written).
fn not_a_range(m: DateTime<FixedOffset>) -> std::result::Result<DateTime<FixedOffset>, ()> {
    let behind = -m.offset().local_minus_utc();
    let later = behind > 0 && i64::from(behind) > i64::from(m.time().num_seconds_from_midnight());
    if later {
        Err(())
    } else {
        Ok(m)
    }
}

/// `2026-07-28`, as chrono's `%Y-%m-%d` writes it. Every list entry shows a date, and chrono
/// reads its format string anew for each (about 1,700 instructions a date, 1 % of a build).
pub(crate) fn iso_day(d: NaiveDate) -> String {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        // Signed and wider: rare enough to leave to chrono.
        return d.format("%Y-%m-%d").to_string();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let (y, m, day) = (year.unsigned_abs(), d.month(), d.day());
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        '-',
        digit(m / 10),
        digit(m),
        '-',
        digit(day / 10),
        digit(day),
    ]
    .into_iter()
    .collect()
}

impl PartialOrd for DateValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateValue {
    fn cmp(&self, other: &Self) -> Ordering {
        self.moment().cmp(&other.moment())
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl schemars::JsonSchema for DateValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A day (2027-07-28) or a time with its offset (2027-07-28T09:00:00+08:00)",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2})?([+-]\\d{2}:?\\d{2}|Z)?)?$"
        })
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        DateValue::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_moments() {
        assert!(matches!(DateValue::parse("2026-07-28"), Ok(DateValue::Day(_))));
        let m = DateValue::parse("2026-07-28T09:00:00+08:00").unwrap();
        assert_eq!(m.day().to_string(), "2026-07-28");
        assert!(DateValue::parse("2026-07-28 09:00+08:00").is_ok());
        assert!(DateValue::parse("2026-02-30").is_err());
        assert!(DateValue::parse("2026-07-28T09:00:00").unwrap_err().contains("offset"));
    }

    #[test]
    fn a_date_it_cannot_read_is_answered_with_what_to_type() {
        let says = |raw: &str, expected: &str| {
            let e = DateValue::parse(raw).unwrap_err();
            assert!(e.contains(expected), "{raw}: {e}");
            // What it says to type reads back.
            if let Some(typed) = e.split("write `").nth(1).and_then(|r| r.split('`').next()) {
                assert!(DateValue::parse(typed).is_ok(), "{typed}");
            }
        };
        says("2027年3月3日", "write `2027-03-03`");
        says("2027年3月3号", "write `2027-03-03`");
        says("2027/3/3", "write `2027-03-03`");
        says("2027.03.03", "write `2027-03-03`");
        says("2027年3月3日 上午9:00", "write it as `2027-03-03T09:00:00+08:00`");
        says("2027年3月3日下午2点半", "`2027-03-03T14:30:00+08:00`");
        says("2027-03-03 12:00", "write it with its clock's UTC offset as `2027-03-03T12:00:00+08:00`");
        says("2027-03-03T09:00:00", "`2027-03-03T09:00:00+08:00`");
        says("2027年2月30日", "no such day on the calendar");
        // Day first, month first: which is which is not Kepu's to guess.
        says("03/03/2027", "write YYYY-MM-DD");
        says("3月3日", "write YYYY-MM-DD");
        says("2027-03-03 25:00", "write YYYY-MM-DD");
        says("2027-03-03T09:00:00-0500", "write YYYY-MM-DD");
        // The full form keeps its offset; an offset is not an end time.
        assert!(DateValue::parse("2027-03-03T09:00:00-11:30").is_ok());
        assert!(DateValue::parse("2027-03-03 12:00-05:00").is_ok());
        says(
            "2027年3月3日 上午9:00-12:00",
            "write `2027-03-03T09:00:00+08:00` here and `2027-03-03T12:00:00+08:00` under `end:`",
        );
        says("2027年3月3日下午2点到4点", "`2027-03-03T14:00:00+08:00` here and `2027-03-03T16:00:00+08:00`");
        says("2027-03-03 09:00-11:30", "`2027-03-03T09:00:00+08:00` here and `2027-03-03T11:30:00+08:00`");
    }

    #[test]
    fn days_are_written_as_chrono_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap();
        while d.year() < 2031 {
            assert_eq!(iso_day(d), d.format("%Y-%m-%d").to_string());
            d = d.succ_opt().unwrap();
        }
        for (y, m, day) in
            [(0, 1, 1), (7, 3, 9), (999, 12, 31), (1000, 1, 1), (9999, 12, 31), (10000, 1, 1), (-1, 6, 6)]
        {
            let d = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            assert_eq!(iso_day(d), d.format("%Y-%m-%d").to_string(), "{y}-{m}-{day}");
        }
    }
}
