//! The one check of a record: the same function whether the record comes from a form, an import,
//! a merge or a migration. It reads the record as its cells (the values its columns hold), so an
//! import row whose other fields are wrong is still checked field by field, and says what is wrong
//! as data ([`Fault`]): the exchange format prints it in English with the JSON path, the window
//! in its language with the field's name as the user sees it (`i18n::invalid`).
//!
//! What needs the rest of the ledger (references, one bench of each number, one rule of each
//! kind) is checked where the ledger is at hand; everything a record says about itself is here.

use chrono::NaiveDate;

use super::model::*;
use super::quantity::{Unit, group_thousands};
use super::record::{Cell, Field, META_COLUMNS, Record, RecordSpec};
use super::text::{Refused, first_refused};

/// Columns that must not be empty (the ledger's `CHECK (length(..) > 0)`).
pub const NON_EMPTY: &[(&str, &str)] = &[
    ("mines", "name"),
    ("piles", "name"),
    ("plantings", "species"),
    ("aftercare", "contractor"),
    ("problems", "description"),
    ("monitoring_points", "name"),
    ("sign_offs", "revision"),
    ("merge_conflicts", "package_id"),
];

/// The years a date may fall in.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// The largest quantity a column holds (in its base unit; thousandths are stored).
pub const MAX_QUANTITY_MILLI: i64 = 1_000_000_000_000_000;

/// What is wrong with one column of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    Empty,
    TooLong {
        chars: usize,
        max: usize,
    },
    /// A character the text rule refuses (`domain::text`).
    Refused {
        c: char,
        why: Refused,
    },
    OutOfRange {
        value: i64,
        lo: i64,
        hi: i64,
    },
    Negative,
    TooLarge,
    DateOutOfRange(String),
    /// Earlier than the other column (`other`).
    Before(&'static str),
    /// Lower than the other column.
    Below(&'static str),
    /// Needed in this state (the state's key: "closed_pile", "verified", "rectified", "rejected").
    Needed(&'static str),
    /// A gradient of 1 : 0.
    ZeroGradient,
    /// The unit does not measure the work kind.
    WrongUnit {
        unit: Unit,
        kind: WorkKind,
    },
    MoreAliveThanPlanted {
        alive: i64,
        planted: i64,
    },
    OverHundredPercent,
    /// A fraction of something counted whole (次, 处, 株, 个): "587.8 次".
    NotWhole {
        unit: Unit,
    },
    /// A date after the day the record is saved on, where the record says it already happened
    /// (a completed work).
    InFuture {
        today: NaiveDate,
    },
}

/// One problem of one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub column: &'static str,
    pub fault: Fault,
}

impl Fault {
    /// The message in English, as the exchange format and the command line print it after the
    /// column's path.
    pub fn english(&self) -> String {
        match self {
            Fault::Empty => "must not be empty".into(),
            Fault::TooLong { chars, max } => format!(
                "is too long ({} characters; at most {})",
                group_thousands(*chars as i128),
                group_thousands(*max as i128)
            ),
            Fault::Refused { c, why } => super::text::refusal_message(*c, *why),
            Fault::OutOfRange { value, lo, hi } => format!("{value} is outside {lo}..{hi}"),
            Fault::Negative => "cannot be negative".into(),
            Fault::TooLarge => "is too large".into(),
            Fault::DateOutOfRange(d) => format!("{d} is outside the years 1900-2200"),
            Fault::Before(other) => format!("is before {other}"),
            Fault::Below(other) => format!("is below {other}"),
            Fault::Needed(state) => match *state {
                "closed_pile" => "is needed when the pile is closed".into(),
                "verified" => "is needed when the status is verified".into(),
                "rectified" => "is needed once the problem is rectified".into(),
                "rejected" => "is needed: a rejection carries a comment".into(),
                other => format!("is needed ({other})"),
            },
            Fault::ZeroGradient => "must be more than 0 (1:run)".into(),
            Fault::WrongUnit { unit, kind } => format!(
                "\"{}\" does not measure {}; use {}",
                unit.code(),
                kind.code(),
                kind.default_unit().code()
            ),
            Fault::MoreAliveThanPlanted { alive, planted } => {
                format!("{alive} alive is more than the {planted} planted")
            }
            Fault::OverHundredPercent => "is a percentage and cannot exceed 100".into(),
            Fault::InFuture { today } => {
                format!("is after today ({today}): what was completed cannot be dated later")
            }
            Fault::NotWhole { unit } => format!(
                "must be a whole number: {} counts whole things",
                unit.code()
            ),
        }
    }
}

/// The cells of a row, looked up by column name.
struct Row<'a> {
    spec: &'a RecordSpec,
    cells: &'a [Cell],
}

impl Row<'_> {
    fn cell(&self, column: &str) -> &Cell {
        let at = META_COLUMNS
            .iter()
            .copied()
            .chain(self.spec.columns.iter().map(|(n, _)| *n))
            .position(|c| c == column);
        at.and_then(|i| self.cells.get(i)).unwrap_or(&Cell::Null)
    }
    fn text(&self, column: &str) -> &str {
        match self.cell(column) {
            Cell::Text(s) => s,
            _ => "",
        }
    }
    fn int(&self, column: &str) -> Option<i64> {
        match self.cell(column) {
            Cell::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// Checks a row of `spec`'s table given as its cells (meta first, in ledger order; a value that
/// could not be read is `Cell::Null`). Every problem is returned, in column order.
pub fn check(spec: &RecordSpec, cells: &[Cell]) -> Vec<Invalid> {
    let row = Row { spec, cells };
    let mut out = Vec::new();
    let mut bad = |column: &'static str, fault: Fault| out.push(Invalid { column, fault });
    // Each column by its kind.
    for (name, field) in spec.columns {
        let cell = row.cell(name);
        match (field, cell) {
            (Field::Line(max) | Field::Text(max) | Field::AddedLine(max), Cell::Text(s)) => {
                text_problems(s, *max, matches!(field, Field::Text(_)), &mut |p| {
                    bad(name, p)
                });
            }
            (Field::Origin, Cell::Text(s)) => text_problems(s, 200, false, &mut |p| bad(name, p)),
            (Field::Int(lo, hi) | Field::OptInt(lo, hi), Cell::Int(i))
                if !(lo..=hi).contains(&i) =>
            {
                bad(
                    name,
                    Fault::OutOfRange {
                        value: *i,
                        lo: *lo,
                        hi: *hi,
                    },
                );
            }
            (Field::Qty | Field::OptQty, Cell::Int(i)) if *i < 0 => bad(name, Fault::Negative),
            (Field::Qty | Field::OptQty | Field::Signed | Field::OptSigned, Cell::Int(i))
                if i.unsigned_abs() > MAX_QUANTITY_MILLI as u64 =>
            {
                bad(name, Fault::TooLarge)
            }
            (Field::Date | Field::OptDate, Cell::Text(s)) => {
                if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    && !YEARS.contains(&chrono::Datelike::year(&d))
                {
                    bad(name, Fault::DateOutOfRange(s.clone()));
                }
            }
            _ => {}
        }
    }
    for (table, column) in NON_EMPTY {
        if *table == spec.table && matches!(row.cell(column), Cell::Text(s) if s.is_empty()) {
            bad(column, Fault::Empty);
        }
    }
    // What columns of one record say about each other.
    match spec.table {
        "dumping_records" => {
            let (start, end) = (row.text("period_start"), row.text("period_end"));
            if !start.is_empty() && !end.is_empty() && end < start {
                bad("period_end", Fault::Before("period_start"));
            }
        }
        "piles" => {
            if row.text("status") == PileStatus::Closed.code() && row.text("closed_on").is_empty() {
                bad("closed_on", Fault::Needed("closed_pile"));
            }
        }
        "benches" => {
            if let (Some(lo), Some(hi)) = (row.int("elevation_low"), row.int("elevation_high"))
                && hi < lo
            {
                bad("elevation_high", Fault::Below("elevation_low"));
            }
            if row.int("gradient_run") == Some(0) {
                bad("gradient_run", Fault::ZeroGradient);
            }
        }
        "works" | "aftercare" => {
            // What counts whole things (次, 处, 株, 个) is never a fraction, whatever door the
            // record came through.
            if let (Some(unit), Some(q)) = (Unit::from_code(row.text("unit")), row.int("quantity"))
                && unit.counts_whole_things()
                && q % super::quantity::MILLI != 0
            {
                bad("quantity", Fault::NotWhole { unit });
            }
        }
        _ => {}
    }
    match spec.table {
        "works" => {
            let kind = WorkKind::from_code(row.text("kind"));
            let unit = Unit::from_code(row.text("unit"));
            if let (Some(kind), Some(unit)) = (kind, unit)
                && kind.dimension() != unit.dimension()
                && kind != WorkKind::Other
            {
                bad("unit", Fault::WrongUnit { unit, kind });
            }
        }
        "surveys" => {
            if let (Some(planted), Some(alive)) = (row.int("planted"), row.int("alive"))
                && alive > planted
            {
                bad("alive", Fault::MoreAliveThanPlanted { alive, planted });
            }
            if row.int("cover").is_some_and(|c| c > 100_000) {
                bad("cover", Fault::OverHundredPercent);
            }
        }
        "aftercare" => {
            if row.text("review") == ReviewState::Rejected.code()
                && row.text("review_comment").is_empty()
            {
                bad("review_comment", Fault::Needed("rejected"));
            }
        }
        "problems" => {
            let (found, deadline) = (row.text("found_on"), row.text("deadline"));
            if !deadline.is_empty() && deadline < found {
                bad("deadline", Fault::Before("found_on"));
            }
            let status = row.text("status");
            if status == ProblemStatus::Verified.code() && row.text("verified_by").trim().is_empty()
            {
                bad("verified_by", Fault::Needed("verified"));
            }
            if !status.is_empty()
                && status != ProblemStatus::Open.code()
                && row.text("rectified_on").is_empty()
            {
                bad("rectified_on", Fault::Needed("rectified"));
            }
        }
        _ => {}
    }
    out
}

/// Checks a record (what a form, a merge or a migration writes).
pub fn check_record<R: Record>(record: &R) -> Vec<Invalid> {
    check(&R::SPEC, &record.row())
}

/// [`check_record`], and what the day of saving adds: a completed work dated after `today` is
/// refused (it has not happened yet; a planned date may lie ahead).
pub fn check_record_on<R: Record>(record: &R, today: NaiveDate) -> Vec<Invalid> {
    check_on(&R::SPEC, &record.row(), today)
}

/// [`check`], and what the day adds: a completed work dated after `today` is refused, whatever
/// door it comes through (a form, a file, a workbook, a merge).
pub fn check_on(spec: &RecordSpec, cells: &[Cell], today: NaiveDate) -> Vec<Invalid> {
    let mut out = check(spec, cells);
    let row = Row { spec, cells };
    if spec.table == "works"
        && row.text("phase") == WorkPhase::Completed.code()
        && NaiveDate::parse_from_str(row.text("date"), "%Y-%m-%d").is_ok_and(|d| d > today)
    {
        out.push(Invalid {
            column: "date",
            fault: Fault::InFuture { today },
        });
    }
    out
}

fn text_problems(s: &str, max: usize, multiline: bool, bad: &mut dyn FnMut(Fault)) {
    if let Some(f) = text_fault(s, max, multiline) {
        bad(f);
    }
}

/// What is wrong with a text of at most `max` characters (one line unless `multiline`).
pub fn text_fault(s: &str, max: usize, multiline: bool) -> Option<Fault> {
    let chars = s.chars().count();
    if chars > max {
        Some(Fault::TooLong { chars, max })
    } else {
        first_refused(s, multiline).map(|(c, why)| Fault::Refused { c, why })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::CellValue;

    fn meta() -> Meta {
        Meta::new(
            "op",
            &crate::domain::Stamp::parse("2026-01-01T00:00:00Z").unwrap(),
        )
    }

    #[test]
    fn a_record_is_checked_column_by_column_and_across_columns() {
        let s = SurvivalSurvey {
            meta: meta(),
            planting_id: None,
            bench_id: None,
            date: NaiveDate::from_ymd_opt(2300, 1, 1).unwrap_or_default(),
            planted: 10,
            alive: 12,
            cover: Some(crate::domain::Milli(120_000)),
            method: "x".repeat(201),
            surveyor: "王\u{200B}工".into(),
            note: String::new(),
        };
        let got: Vec<(&str, Fault)> = check_record(&s)
            .into_iter()
            .map(|i| (i.column, i.fault))
            .collect();
        assert_eq!(
            got,
            vec![
                ("date", Fault::DateOutOfRange("2300-01-01".into())),
                (
                    "method",
                    Fault::TooLong {
                        chars: 201,
                        max: 200
                    }
                ),
                (
                    "surveyor",
                    Fault::Refused {
                        c: '\u{200B}',
                        why: first_refused("\u{200B}", false).map(|r| r.1).unwrap()
                    }
                ),
                (
                    "alive",
                    Fault::MoreAliveThanPlanted {
                        alive: 12,
                        planted: 10
                    }
                ),
                ("cover", Fault::OverHundredPercent),
            ]
        );
    }

    #[test]
    fn a_completed_work_after_the_day_of_saving_is_refused_a_planned_one_is_not() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        let mut w = Work {
            meta: meta(),
            pile_id: uuid::Uuid::nil(),
            phase: WorkPhase::Completed,
            kind: WorkKind::SoilCover,
            bench_id: None,
            quantity: crate::domain::Milli::from_whole(1),
            unit: Unit::M3,
            date: day(6),
            thickness: None,
            contractor: String::new(),
            note: String::new(),
        };
        assert!(check_record_on(&w, day(6)).is_empty());
        assert_eq!(
            check_record_on(&w, day(5)),
            vec![Invalid {
                column: "date",
                fault: Fault::InFuture { today: day(5) }
            }]
        );
        w.phase = WorkPhase::Planned;
        assert!(check_record_on(&w, day(5)).is_empty());
    }

    #[test]
    fn cells_that_could_not_be_read_are_skipped_not_reported_twice() {
        // A problem whose found_on could not be read: its deadline is not compared with it.
        let mut cells: Vec<Cell> = meta().cells().to_vec();
        cells.extend([
            uuid::Uuid::nil().to_cell(),
            Cell::Null,
            Cell::Text("自查".into()),
            Cell::Text(String::new()),
            Cell::Null,
            Cell::Text("园林公司".into()),
            Cell::Text("2020-01-01".into()),
        ]);
        let got = check(&<Problem as Record>::SPEC, &cells);
        assert!(
            got.iter()
                .any(|i| i.column == "description" && i.fault == Fault::Empty)
        );
        assert!(!got.iter().any(|i| i.column == "deadline"), "{got:?}");
    }
}
