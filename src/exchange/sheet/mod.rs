//! Spreadsheets, the format people edit: a workbook with one sheet per table out
//! ([`write`]), and workbooks or CSV files in ([`read`], [`interpret`]). JSON stays the lossless
//! exchange format; a sheet shows what a person reads (names, not codes; units in the header) and
//! is read back through the same checks as the window's forms.

pub mod interpret;
pub mod layout;
pub mod read;
pub mod text;
pub mod write;

use chrono::{NaiveDate, NaiveDateTime};
use uuid::Uuid;

use crate::domain::record::Cell;
use crate::domain::typed::{DateFault, number_input};
use crate::domain::*;
use crate::i18n::{self, Lang};
use layout::{Col, Enum, Kind};

/// One cell of a sheet, as a workbook holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Number(f64),
    Text(String),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Bool(bool),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, as a person would read it (for messages and the preview).
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number(n) => number_text(*n),
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

/// The shortest text of a number (12 for 12.0).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// What is wrong with one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    Required,
    NotANumber(String),
    Negative,
    TooLarge,
    /// More than three decimals (thousandths are kept exactly, never rounded).
    TooPrecise,
    NotWhole,
    NotADate(String),
    NoSuchDate(String),
    NotATime(String),
    /// Not one of these names.
    Unknown {
        given: String,
        choices: Vec<String>,
    },
    /// No record of `table` has this name.
    NoSuch {
        table: &'static str,
        given: String,
    },
    /// Several records of `table` have this name.
    Ambiguous {
        table: &'static str,
        given: String,
    },
    /// The record's own rule (`domain::validate`).
    Record(crate::domain::validate::Fault),
}

/// Names of the ledger's records, as a sheet shows them and reads them back.
pub struct Names<'a> {
    pub data: &'a LedgerData,
}

/// "10号马道" / "berm 10".
pub fn bench_label(l: Lang, b: &Bench) -> String {
    i18n::place(l, &crate::domain::rules::Place::of_bench(b))
}

impl Names<'_> {
    /// The name a sheet shows for the record `id` of `table`.
    pub fn label(&self, l: Lang, table: &str, id: Uuid) -> String {
        let d = self.data;
        let found = match table {
            "benches" => d.bench(id).map(|b| bench_label(l, b)),
            "mines" => d
                .mines
                .iter()
                .find(|r| r.meta.id == id)
                .map(|r| r.name.clone()),
            "piles" => d
                .piles
                .iter()
                .find(|r| r.meta.id == id)
                .map(|r| r.name.clone()),
            "monitoring_points" => d
                .monitoring_points
                .iter()
                .find(|r| r.meta.id == id)
                .map(|r| r.name.clone()),
            "plantings" => d
                .plantings
                .iter()
                .find(|r| r.meta.id == id)
                .map(|p| self.planting_label(l, p)),
            _ => None,
        };
        found.unwrap_or_else(|| id.to_string())
    }

    /// "刺槐 2019-05-10 3号坡面": species, date and bench.
    fn planting_label(&self, l: Lang, p: &Planting) -> String {
        let bench = p
            .bench_id
            .and_then(|b| self.data.bench(b))
            .map(|b| format!(" {}", bench_label(l, b)))
            .unwrap_or_default();
        format!("{} {}{bench}", p.species, p.date.format("%Y-%m-%d"))
    }

    /// The record of `table` a sheet names (in either language, or by its id).
    fn find(&self, table: &'static str, given: &str) -> Result<Uuid, Fault> {
        let want = layout::normalize(given);
        if let Ok(id) = Uuid::parse_str(given.trim()) {
            return Ok(id);
        }
        let mut hits: Vec<Uuid> = Vec::new();
        let consider = |hits: &mut Vec<Uuid>, id: Uuid, names: &[String]| {
            if names.iter().any(|n| layout::normalize(n) == want) && !hits.contains(&id) {
                hits.push(id);
            }
        };
        let d = self.data;
        match table {
            "benches" => {
                for b in &d.benches {
                    consider(
                        &mut hits,
                        b.meta.id,
                        &[bench_label(Lang::Zh, b), bench_label(Lang::En, b)],
                    );
                }
                // A bare number names the bench when only one bench has it.
                if hits.is_empty() {
                    for b in &d.benches {
                        consider(
                            &mut hits,
                            b.meta.id,
                            &[
                                b.number.to_string(),
                                format!("{}号", b.number),
                                b.code.clone(),
                            ],
                        );
                    }
                }
            }
            "mines" => d
                .mines
                .iter()
                .for_each(|r| consider(&mut hits, r.meta.id, std::slice::from_ref(&r.name))),
            "piles" => d
                .piles
                .iter()
                .for_each(|r| consider(&mut hits, r.meta.id, std::slice::from_ref(&r.name))),
            "monitoring_points" => d
                .monitoring_points
                .iter()
                .for_each(|r| consider(&mut hits, r.meta.id, std::slice::from_ref(&r.name))),
            "plantings" => {
                for p in &d.plantings {
                    consider(
                        &mut hits,
                        p.meta.id,
                        &[
                            self.planting_label(Lang::Zh, p),
                            self.planting_label(Lang::En, p),
                        ],
                    );
                }
            }
            _ => {}
        }
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => Err(Fault::NoSuch {
                table,
                given: given.trim().to_string(),
            }),
            _ => Err(Fault::Ambiguous {
                table,
                given: given.trim().to_string(),
            }),
        }
    }
}

/// Every (code, Chinese name, English name) of an enumeration.
pub fn enum_names(e: Enum) -> Vec<(&'static str, &'static str, &'static str)> {
    fn all<T: Copy>(
        values: &[T],
        code: fn(T) -> &'static str,
        name: fn(Lang, T) -> &'static str,
    ) -> Vec<(&'static str, &'static str, &'static str)> {
        values
            .iter()
            .map(|v| (code(*v), name(Lang::Zh, *v), name(Lang::En, *v)))
            .collect()
    }
    match e {
        Enum::PileStatus => all(PileStatus::ALL, PileStatus::code, i18n::pile_status),
        Enum::BenchKind => all(BenchKind::ALL, BenchKind::code, i18n::bench_kind),
        Enum::BenchStatus => all(BenchStatus::ALL, BenchStatus::code, i18n::bench_status),
        Enum::WorkKind => all(WorkKind::ALL, WorkKind::code, i18n::work_kind),
        Enum::PlantType => all(PlantType::ALL, PlantType::code, i18n::plant_type),
        Enum::AftercareKind => all(
            AftercareKind::ALL,
            AftercareKind::code,
            i18n::aftercare_kind,
        ),
        Enum::ReviewState => all(ReviewState::ALL, ReviewState::code, i18n::review_state),
        Enum::ProblemStatus => all(
            ProblemStatus::ALL,
            ProblemStatus::code,
            i18n::problem_status,
        ),
        Enum::RuleKind => all(RuleKind::ALL, RuleKind::code, i18n::rule_kind),
        Enum::PhotoOwner => all(PhotoOwner::ALL, PhotoOwner::code, photo_owner_name),
        // A rule's source strength and threshold unit: fixed sets of codes, named in words.
        Enum::RuleStrength => i18n::RULE_STRENGTHS
            .iter()
            .filter_map(|c| {
                Some((
                    *c,
                    i18n::rule_strength_name(Lang::Zh, c)?,
                    i18n::rule_strength_name(Lang::En, c)?,
                ))
            })
            .collect(),
        Enum::RuleUnit => i18n::RULE_UNITS
            .iter()
            .filter_map(|c| {
                Some((
                    *c,
                    i18n::rule_unit_name(Lang::Zh, c)?,
                    i18n::rule_unit_name(Lang::En, c)?,
                ))
            })
            .collect(),
    }
}

fn photo_owner_name(l: Lang, o: PhotoOwner) -> &'static str {
    match o {
        PhotoOwner::Aftercare => l.pick("后期管护", "after-care"),
        PhotoOwner::Problem => l.pick("问题", "problem"),
        PhotoOwner::Work => l.pick("工程", "work"),
        PhotoOwner::Bench => l.pick("台阶", "bench"),
    }
}

/// The names a unit is written with in these users' sheets.
fn unit_names(u: Unit) -> Vec<&'static str> {
    u.names()
}

/// The unit a cell names.
pub fn read_unit(v: &Value) -> Result<Unit, Fault> {
    let given = v.display();
    let want = layout::normalize(&given);
    Unit::ALL
        .into_iter()
        .find(|u| unit_names(*u).iter().any(|n| layout::normalize(n) == want))
        .ok_or_else(|| Fault::Unknown {
            given: given.trim().to_string(),
            choices: Unit::ALL
                .into_iter()
                .map(|u| u.symbol(true).to_string())
                .collect(),
        })
}

/// What a sheet shows for one ledger column. `row_unit` is the unit of the row (for
/// [`Kind::InRowUnit`]).
pub fn show(col: &Col, cell: &Cell, row_unit: Unit, names: &Names<'_>, l: Lang) -> Value {
    let zh = l.is_zh();
    let text = |c: &Cell| match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(i) => i.to_string(),
        Cell::Null => String::new(),
    };
    if *cell == Cell::Null {
        return Value::Empty;
    }
    match (col.kind, cell) {
        // The example rules' sources and notes, in the workbook's language (as the window and
        // the report say them); what a person wrote stays as written.
        (Kind::Text, Cell::Text(s)) if col.column == "source" => {
            Value::Text(i18n::rule_source(l, s))
        }
        (Kind::Text, Cell::Text(s)) if col.column == "note" => Value::Text(i18n::rule_note(l, s)),
        (Kind::Int, Cell::Int(i)) => Value::Number(*i as f64),
        (Kind::Decimal(unit), Cell::Int(m)) => Value::Number(Milli(*m).to_f64_in(unit)),
        (Kind::InRowUnit, Cell::Int(m)) => Value::Number(Milli(*m).to_f64_in(row_unit)),
        (Kind::Scaled, Cell::Int(m)) => Value::Number(*m as f64 / 1000.0),
        (Kind::Bool, Cell::Int(i)) => Value::Text(
            if *i != 0 {
                l.pick("是", "yes")
            } else {
                l.pick("否", "no")
            }
            .to_string(),
        ),
        (Kind::Unit, Cell::Text(code)) => Value::Text(
            Unit::from_code(code)
                .map(|u| u.symbol(zh).to_string())
                .unwrap_or_else(|| code.clone()),
        ),
        (Kind::Code(e), Cell::Text(code)) => Value::Text(
            enum_names(e)
                .into_iter()
                .find(|(c, _, _)| c == code)
                .map(|(_, z, en)| if zh { z } else { en }.to_string())
                .unwrap_or_else(|| code.clone()),
        ),
        (Kind::Date, Cell::Text(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Value::Date)
            .unwrap_or_else(|_| Value::Text(s.clone())),
        (Kind::DateTime, Cell::Text(s)) => s
            .parse::<NaiveDateTime>()
            .map(Value::DateTime)
            .unwrap_or_else(|_| Value::Text(s.clone())),
        (Kind::Bench, Cell::Text(id)) => match Uuid::parse_str(id) {
            Ok(id) => Value::Text(names.label(l, "benches", id)),
            Err(_) => Value::Text(id.clone()),
        },
        (Kind::Ref(table), Cell::Text(id)) => match Uuid::parse_str(id) {
            Ok(id) => Value::Text(names.label(l, table, id)),
            Err(_) => Value::Text(id.clone()),
        },
        (_, c) => Value::Text(text(c)),
    }
}

/// The text of a number cell or of a number typed as text ("1,250", "１２５０", "1.2万").
fn number_of(v: &Value) -> Result<String, Fault> {
    match v {
        Value::Number(n) => {
            if !n.is_finite() {
                return Err(Fault::NotANumber(v.display()));
            }
            // What a spreadsheet stores as 0.30000000000000004 was typed 0.3: read the shortest
            // text of the number rounded to nine decimals, then keep thousandths exactly.
            let rounded = (n * 1e9).round() / 1e9;
            Ok(format!("{rounded}"))
        }
        Value::Text(s) => Ok(number_input(s)),
        Value::Bool(_) | Value::Date(_) | Value::DateTime(_) => Err(Fault::NotANumber(v.display())),
        Value::Empty => Err(Fault::Required),
    }
}

fn quantity_fault(e: QuantityError, v: &Value) -> Fault {
    match e {
        QuantityError::NotANumber | QuantityError::NotFinite => Fault::NotANumber(v.display()),
        QuantityError::Negative => Fault::Negative,
        QuantityError::TooLarge => Fault::TooLarge,
        QuantityError::TooPrecise => Fault::TooPrecise,
    }
}

/// Thousandths of `unit`'s base unit; a leading minus is kept (signed columns; the record's own
/// rule refuses a negative where none belongs).
fn signed_milli(v: &Value, unit: Unit) -> Result<i64, Fault> {
    let s = number_of(v)?;
    let s = s.trim();
    let (neg, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let m = Milli::parse_in(rest, unit).map_err(|e| quantity_fault(e, v))?;
    Ok(if neg { -m.0 } else { m.0 })
}

/// Reads a date: a date cell, an Excel serial number, or text as people write it.
fn read_date(v: &Value) -> Result<NaiveDate, Fault> {
    match v {
        Value::Date(d) => Ok(*d),
        Value::DateTime(t) => Ok(t.date()),
        Value::Number(n) => excel_serial(*n)
            .map(|t| t.date())
            .ok_or_else(|| Fault::NotADate(v.display())),
        Value::Text(s) => crate::domain::typed::parse_date(s).map_err(|e| match e {
            DateFault::Shape => Fault::NotADate(s.trim().to_string()),
            DateFault::NoSuchDate => Fault::NoSuchDate(s.trim().to_string()),
        }),
        _ => Err(Fault::NotADate(v.display())),
    }
}

/// An Excel date serial (days since 1899-12-30, the 1900 system) as a date and time.
pub fn excel_serial(n: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (n * 86_400.0).round() as i64;
    base.checked_add_signed(chrono::TimeDelta::try_seconds(seconds)?)
}

fn read_date_time(v: &Value) -> Result<NaiveDateTime, Fault> {
    match v {
        Value::DateTime(t) => Ok(*t),
        Value::Date(d) => d
            .and_hms_opt(0, 0, 0)
            .ok_or_else(|| Fault::NotATime(v.display())),
        Value::Number(n) => excel_serial(*n).ok_or_else(|| Fault::NotATime(v.display())),
        Value::Text(s) => {
            let s = crate::domain::typed::ascii_input(s);
            let s = s.trim();
            [
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M",
                "%Y/%m/%d %H:%M",
                "%Y-%m-%dT%H:%M:%S",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
            .ok_or_else(|| Fault::NotATime(s.to_string()))
        }
        _ => Err(Fault::NotATime(v.display())),
    }
}

/// Reads one cell into the ledger column `col` shows. `row_unit` is the row's unit (for
/// [`Kind::InRowUnit`]); an empty cell is `Cell::Null` (the record's own rule says whether that
/// is allowed), except text, which is empty text.
pub fn read(col: &Col, v: &Value, row_unit: Unit, names: &Names<'_>) -> Result<Cell, Fault> {
    if v.is_empty() {
        return Ok(match col.kind {
            Kind::Text => Cell::Text(String::new()),
            _ => Cell::Null,
        });
    }
    Ok(match col.kind {
        Kind::Text | Kind::Stamp => Cell::Text(match v {
            Value::Number(n) => number_text(*n),
            other => other.display().trim().to_string(),
        }),
        Kind::Int => {
            let s = number_of(v)?;
            let m = Milli::parse_in(s.trim_start_matches('-'), Unit::Count)
                .map_err(|e| quantity_fault(e, v))?;
            if m.0 % 1000 != 0 {
                return Err(Fault::NotWhole);
            }
            Cell::Int(if s.trim().starts_with('-') {
                -m.0 / 1000
            } else {
                m.0 / 1000
            })
        }
        Kind::Decimal(unit) => Cell::Int(signed_milli(v, unit)?),
        Kind::InRowUnit => Cell::Int(signed_milli(v, row_unit)?),
        Kind::Scaled => Cell::Int(signed_milli(v, Unit::Count)?),
        Kind::Unit => Cell::Text(read_unit(v)?.code().to_string()),
        Kind::Code(e) => {
            let given = v.display();
            let want = layout::normalize(&given);
            let names = enum_names(e);
            let code = names
                .iter()
                .find(|(c, z, en)| [*c, *z, *en].iter().any(|n| layout::normalize(n) == want))
                .map(|(c, _, _)| *c)
                .ok_or_else(|| Fault::Unknown {
                    given: given.trim().to_string(),
                    choices: names.iter().map(|(_, z, _)| z.to_string()).collect(),
                })?;
            Cell::Text(code.to_string())
        }
        Kind::Date => Cell::Text(read_date(v)?.format("%Y-%m-%d").to_string()),
        Kind::DateTime => Cell::Text(format!("{:?}", read_date_time(v)?)),
        Kind::Bench => Cell::Text(names.find("benches", &v.display())?.to_string()),
        Kind::Ref(table) => Cell::Text(names.find(table, &v.display())?.to_string()),
        Kind::Bool => {
            let want = layout::normalize(&v.display());
            match v {
                Value::Bool(b) => Cell::Int(i64::from(*b)),
                _ if ["是", "yes", "y", "true", "1", "启用", "√"].contains(&want.as_str()) => {
                    Cell::Int(1)
                }
                _ if ["否", "no", "n", "false", "0", "停用", "×"].contains(&want.as_str()) => {
                    Cell::Int(0)
                }
                _ => {
                    return Err(Fault::Unknown {
                        given: v.display(),
                        choices: vec!["是".into(), "否".into()],
                    });
                }
            }
        }
    })
}

/// Every record of `table` as its meta and its columns' values (in ledger order).
pub fn table_rows(data: &LedgerData, table: &str) -> Vec<(Meta, Vec<Cell>)> {
    let mut out = Vec::new();
    for_each_row(data, table, |meta, cells| {
        out.push((meta.clone(), cells));
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    out
}

/// Calls `f` with each record of `table` in `data`, one row of cells at a time (a workbook of a
/// million entries is written without a second copy of them); stops at `f`'s first error.
pub fn for_each_row<E>(
    data: &LedgerData,
    table: &str,
    f: impl FnMut(&Meta, Vec<Cell>) -> Result<(), E>,
) -> Result<(), E> {
    struct Rows<'a, F> {
        data: &'a LedgerData,
        f: F,
    }
    impl<E, F: FnMut(&Meta, Vec<Cell>) -> Result<(), E>> RecordVisitor for Rows<'_, F> {
        type Error = E;
        fn visit<R: Record>(&mut self) -> Result<(), E> {
            for r in R::all(self.data) {
                (self.f)(r.meta(), r.cells())?;
            }
            Ok(())
        }
    }
    crate::domain::record::visit_table(table, &mut Rows { data, f }).map(|_| ())
}
