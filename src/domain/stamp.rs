//! A moment as the ledger keeps it: who changed a record when, when an entry was reviewed, when
//! a photo was taken. RFC 3339 text (`2023-05-01T08:30:00Z`); the program writes UTC to the
//! second. A [`Stamp`] is made only from text that is one, and keeps that text exactly as it
//! came: audited states and report fingerprints hash the text, so an imported
//! `2023-05-01T16:30:00+08:00` stays that, not its UTC reading.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::record::{Cell, CellValue};

/// An RFC 3339 time stamp, kept as written (see the module).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(Cow<'static, str>);

/// The text of [`Stamp::EPOCH`].
const EPOCH_TEXT: &str = "1970-01-01T00:00:00Z";

impl Stamp {
    /// 1970-01-01T00:00:00Z: the stamp of a record not saved yet, and of one read without its
    /// stamps (summary figures of a large ledger need none); held without an allocation.
    pub const EPOCH: Stamp = Stamp(Cow::Borrowed(EPOCH_TEXT));

    /// The stamp `text` is; says what is wrong otherwise.
    pub fn parse(text: &str) -> Result<Stamp, String> {
        if text == EPOCH_TEXT {
            return Ok(Stamp::EPOCH);
        }
        DateTime::parse_from_rfc3339(text)
            .map(|_| Stamp(Cow::Owned(text.to_string())))
            .map_err(|_| format!("{text:?} is not a time stamp like 2023-05-01T08:30:00Z"))
    }

    /// The stamp of a moment, in UTC to the second (as the program writes them).
    pub fn utc(at: DateTime<chrono::Utc>) -> Stamp {
        Stamp(Cow::Owned(at.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
    }

    /// The text as kept.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The moment, with the offset it was written in.
    pub fn instant(&self) -> DateTime<FixedOffset> {
        // Made only from text that parses (see `parse`); the epoch is never reached.
        DateTime::parse_from_rfc3339(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::ops::Deref for Stamp {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Stamp {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Stamp {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl TryFrom<&str> for Stamp {
    type Error = String;
    fn try_from(text: &str) -> Result<Stamp, String> {
        Stamp::parse(text)
    }
}

impl CellValue for Stamp {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.0.to_string())
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        Stamp::parse(&String::from_cell(cell)?)
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let text = String::deserialize(d)?;
        Stamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_made_only_from_a_time_stamp_and_keeps_its_text() {
        let s = Stamp::parse("2023-05-01T16:30:00+08:00").unwrap();
        assert_eq!(s.as_str(), "2023-05-01T16:30:00+08:00");
        assert_eq!(
            s.instant().with_timezone(&chrono::Utc),
            "2023-05-01T08:30:00Z"
                .parse::<DateTime<chrono::Utc>>()
                .unwrap()
        );
        for bad in [
            "",
            "2023-05-01",
            "2023-05-01 08:30:00",
            "yesterday",
            "2023-13-01T00:00:00Z",
        ] {
            assert!(Stamp::parse(bad).is_err(), "{bad}");
            assert!(Stamp::from_cell(Cell::Text(bad.into())).is_err(), "{bad}");
        }
        assert!(Stamp::from_cell(Cell::Int(3)).is_err());
        assert!(serde_json::from_str::<Stamp>("\"not a time\"").is_err());
        let at = "2026-12-04T03:30:05.123Z"
            .parse::<DateTime<chrono::Utc>>()
            .unwrap();
        assert_eq!(Stamp::utc(at).as_str(), "2026-12-04T03:30:05Z");
        assert_eq!(Stamp::parse("1970-01-01T00:00:00Z").unwrap(), Stamp::EPOCH);
        assert!(matches!(Stamp::EPOCH.0, Cow::Borrowed(_)));
        assert_eq!(
            serde_json::to_string(&Stamp::utc(at)).unwrap(),
            "\"2026-12-04T03:30:05Z\""
        );
    }
}
