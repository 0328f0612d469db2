//! Turns the sheets read from a file into a plan against a ledger: the records to add, the
//! records to change (cell by cell, old → new), and every problem with its sheet, row and column.
//! Nothing here writes; `app` writes a plan that has no problems, in one transaction.
//!
//! A row with an id (the hidden column the export writes) is that record: cells that still show
//! what the ledger holds keep the stored value exactly, so only cells a person edited change it.
//! A row without an id is a new record. A row deleted from the sheet deletes nothing.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::layout::{self, Col, ID_HEADER, Kind, SHEETS, Sheet, VERSION_HEADER, bare, normalize};
use super::read::RawSheet;
use super::text::{Problem, SheetIssue};
use super::write::column_letter;
use super::{Fault, Names, Value, read, read_unit, show};
use crate::domain::record::{Cell, record_spec};
use crate::domain::*;
use crate::i18n::Lang;

/// A record the file adds.
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    pub sheet: String,
    pub row: u32,
    pub table: &'static str,
    pub id: Uuid,
}

/// One cell a person edited.
#[derive(Debug, Clone, PartialEq)]
pub struct CellChange {
    pub column: String,
    pub header: String,
    pub old: String,
    pub new: String,
}

/// A record the file changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    pub sheet: String,
    pub row: u32,
    pub table: &'static str,
    pub id: Uuid,
    pub cells: Vec<CellChange>,
}

/// What importing a file would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub added: Vec<Added>,
    pub changed: Vec<Changed>,
    /// Rows that match their record exactly.
    pub unchanged: usize,
    pub refused: Vec<SheetIssue>,
    /// Sheets that hold no records to import (汇总, 说明, 照片 …).
    pub skipped: Vec<String>,
    /// Columns read past because the program does not know their header: (sheet, header).
    pub ignored: Vec<(String, String)>,
    /// The records to write: every added one, and every changed one with the version read.
    pub records: LedgerData,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty()
    }
}

/// Sheets a workbook of this program carries that hold nothing to import.
const NOT_RECORDS: &[&str] = &[
    "汇总",
    "summary",
    "说明",
    "instructions",
    "lists",
    "照片",
    "photos",
];

/// The rows a header is searched for in (merged title rows may stand above it).
const HEADER_SEARCH: usize = 20;

/// A record as it stands in the ledger: its table, meta and cells.
struct Stored {
    table: &'static str,
    meta: Meta,
    cells: Vec<Cell>,
}

/// Reads `sheets` against the ledger's `data`.
pub fn plan(sheets: &[RawSheet], data: &LedgerData, l: Lang, today: chrono::NaiveDate) -> Plan {
    let mut plan = Plan::default();
    // The ledger with what the file adds so far: later sheets name benches, piles and points
    // that earlier sheets of the same file add.
    let mut merged = data.clone();
    let mut stored: HashMap<Uuid, Stored> = HashMap::new();
    for spec in RECORD_SPECS {
        for (meta, cells) in super::table_rows(data, spec.table) {
            stored.insert(
                meta.id,
                Stored {
                    table: spec.table,
                    meta,
                    cells,
                },
            );
        }
    }
    let mut seen: HashMap<Uuid, (String, u32)> = HashMap::new();
    // Each sheet with its layout, in the order parents come first.
    let mut matched: Vec<(&RawSheet, &'static Sheet, usize, Vec<Option<usize>>)> = Vec::new();
    for raw in sheets {
        let name = normalize(&raw.name);
        if NOT_RECORDS.iter().any(|n| normalize(n) == name) {
            plan.skipped.push(raw.name.clone());
            continue;
        }
        if raw.rows.iter().all(|r| r.iter().all(Value::is_empty)) {
            plan.skipped.push(raw.name.clone());
            continue;
        }
        let named = layout::sheet_named(&raw.name).filter(|s| s.importable);
        let found = match named {
            Some(sheet) => header_row(raw, sheet).map(|(at, cols)| (sheet, at, cols)),
            None => best_layout(raw),
        };
        match (found, named) {
            (Some((sheet, at, cols)), _) => matched.push((raw, sheet, at, cols)),
            (None, Some(sheet)) => plan.refused.push(SheetIssue {
                sheet: raw.name.clone(),
                row: None,
                column: None,
                what: Problem::NoHeader {
                    expected: super::text::expected_headers(sheet, l),
                },
            }),
            (None, None) => plan.refused.push(SheetIssue {
                sheet: raw.name.clone(),
                row: None,
                column: None,
                what: Problem::UnknownSheet,
            }),
        }
    }
    // A workbook with nothing of a ledger in it is refused, not "imported" as nothing.
    if matched.is_empty() && plan.refused.is_empty() {
        plan.refused.push(SheetIssue {
            sheet: sheets
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(l.pick("、", ", ")),
            row: None,
            column: None,
            what: Problem::NothingToImport,
        });
    }
    for (raw, _, at, cols) in &matched {
        for (i, c) in cols.iter().enumerate() {
            if c.is_none()
                && let Some(v) = raw.rows[*at].get(i)
                && !v.is_empty()
            {
                plan.ignored.push((raw.name.clone(), v.display()));
            }
        }
    }
    matched.sort_by_key(|(_, sheet, _, _)| SHEETS.iter().position(|s| std::ptr::eq(s, *sheet)));
    for (raw, sheet, header_at, cols) in matched {
        read_sheet(
            raw,
            sheet,
            header_at,
            &cols,
            &stored,
            &mut merged,
            &mut seen,
            &mut plan,
            (l, today),
        );
    }
    plan
}

/// Which layout column (by index into `sheet.cols`, then id, version) a header cell names.
fn header_matches(cell: &Value, sheet: &Sheet) -> Option<usize> {
    let Value::Text(h) = cell else { return None };
    let n = normalize(h);
    let b = bare(h);
    let exact = sheet
        .cols
        .iter()
        .position(|c| normalize(c.zh) == n || normalize(c.en) == n);
    exact
        .or_else(|| {
            sheet
                .cols
                .iter()
                .position(|c| bare(c.zh) == b || bare(c.en) == b)
        })
        .or_else(|| {
            super::layout::WINDOW_HEADERS
                .iter()
                .find(|(t, _, zh, en)| {
                    *t == sheet.table && (normalize(zh) == n || normalize(en) == n)
                })
                .and_then(|(_, column, ..)| sheet.cols.iter().position(|c| c.column == *column))
        })
        .or_else(|| (n == ID_HEADER).then_some(sheet.cols.len()))
        .or_else(|| (n == VERSION_HEADER).then_some(sheet.cols.len() + 1))
}

/// The header row of `raw` for `sheet`: its index and, for each cell of it, the column it names.
/// Whether `raw` has a header row of `sheet`'s columns among its first rows.
pub fn has_header(raw: &RawSheet, sheet: &Sheet) -> bool {
    header_row(raw, sheet).is_some()
}

fn header_row(raw: &RawSheet, sheet: &Sheet) -> Option<(usize, Vec<Option<usize>>)> {
    let mut best: Option<(usize, Vec<Option<usize>>, usize)> = None;
    for (i, row) in raw.rows.iter().take(HEADER_SEARCH).enumerate() {
        let mut cols: Vec<Option<usize>> = row.iter().map(|c| header_matches(c, sheet)).collect();
        // A column named twice counts once (the first).
        let mut taken = HashSet::new();
        for c in cols.iter_mut() {
            if let Some(k) = c
                && !taken.insert(*k)
            {
                *c = None;
            }
        }
        let hits = cols
            .iter()
            .filter(|c| c.is_some_and(|k| k < sheet.cols.len()))
            .count();
        let enough = hits >= 2.min(sheet.cols.len()) && hits * 2 >= sheet.cols.len().min(6);
        if enough && best.as_ref().is_none_or(|(_, _, h)| hits > *h) {
            best = Some((i, cols, hits));
        }
    }
    best.map(|(i, cols, _)| (i, cols))
}

/// For a sheet not named like one of ours (a CSV, a renamed sheet): the layout its headers fit
/// best.
fn best_layout(raw: &RawSheet) -> Option<(&'static Sheet, usize, Vec<Option<usize>>)> {
    SHEETS
        .iter()
        .filter(|s| s.importable)
        .filter_map(|s| {
            let (at, cols) = header_row(raw, s)?;
            let hits = cols.iter().flatten().count();
            // Prefer the layout whose own headers are named most exactly.
            let exact = raw.rows[at]
                .iter()
                .filter(|c| match c {
                    Value::Text(h) => s.cols.iter().any(|col| {
                        normalize(col.zh) == normalize(h) || normalize(col.en) == normalize(h)
                    }),
                    _ => false,
                })
                .count();
            Some((s, at, cols, (exact, hits)))
        })
        .max_by_key(|(_, _, _, score)| *score)
        .map(|(s, at, cols, _)| (s, at, cols))
}

/// The cells of a new record of `table` before the sheet fills them: empty text, no value, and
/// the pile when the ledger has only one.
fn defaults(spec: &RecordSpec, merged: &LedgerData) -> Vec<Cell> {
    spec.columns
        .iter()
        .map(|(name, field)| match field {
            _ if new_record_value(spec.table, name).is_some() => new_record_value(spec.table, name)
                .map(|code| Cell::Text(code.to_string()))
                .unwrap_or(Cell::Null),
            Field::Int(0, 1) => Cell::Int(1),
            Field::Line(_) | Field::Text(_) | Field::Origin | Field::AddedLine(_) => {
                Cell::Text(String::new())
            }
            Field::Ref("piles") if merged.piles.len() == 1 => {
                Cell::Text(merged.piles[0].meta.id.to_string())
            }
            Field::Ref("mines") if merged.mines.len() == 1 => {
                Cell::Text(merged.mines[0].meta.id.to_string())
            }
            _ => Cell::Null,
        })
        .collect()
}

fn new_record_value(table: &str, column: &str) -> Option<&'static str> {
    layout::NEW_RECORD
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, v)| *v)
}

#[allow(clippy::too_many_arguments)]
fn read_sheet(
    raw: &RawSheet,
    sheet: &'static Sheet,
    header_at: usize,
    cols: &[Option<usize>],
    stored: &HashMap<Uuid, Stored>,
    merged: &mut LedgerData,
    seen: &mut HashMap<Uuid, (String, u32)>,
    plan: &mut Plan,
    (l, today): (Lang, chrono::NaiveDate),
) {
    let Some(spec) = record_spec(sheet.table) else {
        return;
    };
    let position = |column: &str| spec.columns.iter().position(|(n, _)| *n == column);
    let letter = |i: usize| column_letter((raw.first_col as usize + i) as u16);
    let header_of = |k: usize| -> (String, String) {
        let i = cols.iter().position(|c| *c == Some(k)).unwrap_or(0);
        let text = raw.rows[header_at]
            .get(i)
            .map(Value::display)
            .unwrap_or_default();
        (letter(i), text)
    };
    let issue = |row: u32, column: Option<(String, String)>, what: Problem| SheetIssue {
        sheet: raw.name.clone(),
        row: Some(row),
        column,
        what,
    };
    // Columns a new row cannot do without.
    let present: HashSet<usize> = cols.iter().flatten().copied().collect();
    let mut missing: Vec<&Col> = Vec::new();
    for (k, col) in sheet.cols.iter().enumerate() {
        let field = spec
            .columns
            .iter()
            .find(|(n, _)| *n == col.column)
            .map(|(_, f)| *f);
        let required = match field {
            Some(Field::Ref("piles")) => merged.piles.len() != 1,
            Some(Field::Ref("mines")) => merged.mines.len() != 1,
            Some(Field::Int(0, 1)) => false,
            Some(_) if new_record_value(sheet.table, col.column).is_some() => false,
            Some(f) => {
                !f.optional()
                    && !matches!(
                        f,
                        Field::Line(_) | Field::Text(_) | Field::Origin | Field::AddedLine(_)
                    )
            }
            None => false,
        };
        if required && !present.contains(&k) {
            missing.push(col);
        }
    }
    if !missing.is_empty() {
        for col in missing {
            plan.refused.push(SheetIssue {
                sheet: raw.name.clone(),
                row: Some(raw.first_row + header_at as u32 + 1),
                column: None,
                what: Problem::MissingColumn(l.pick(col.zh, col.en).to_string()),
            });
        }
        return;
    }
    let id_at = cols.iter().position(|c| *c == Some(sheet.cols.len()));
    let version_at = cols.iter().position(|c| *c == Some(sheet.cols.len() + 1));
    let unit_k = sheet.cols.iter().position(|c| c.kind == Kind::Unit);
    let unit_at = unit_k.and_then(|k| cols.iter().position(|c| *c == Some(k)));
    let refers = matches!(
        sheet.table,
        "mines" | "piles" | "benches" | "monitoring_points" | "plantings"
    );
    for (i, row) in raw.rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(Value::is_empty) {
            continue;
        }
        let row_no = raw.first_row + i as u32 + 1;
        let cell_at = |at: Option<usize>| at.and_then(|a| row.get(a)).unwrap_or(&Value::Empty);
        let faults_before = plan.refused.len();
        // Which record the row is.
        let id_value = cell_at(id_at);
        let id = if id_value.is_empty() {
            None
        } else {
            match Uuid::parse_str(id_value.display().trim()) {
                Ok(id) => Some(id),
                Err(_) => {
                    plan.refused.push(issue(
                        row_no,
                        id_at.map(|a| (letter(a), ID_HEADER.to_string())),
                        Problem::BadId(id_value.display()),
                    ));
                    continue;
                }
            }
        };
        if let Some(id) = id {
            if let Some((_, first)) = seen.get(&id) {
                plan.refused.push(issue(
                    row_no,
                    None,
                    Problem::DuplicateId { first_row: *first },
                ));
                continue;
            }
            seen.insert(id, (raw.name.clone(), row_no));
        }
        let before = id.and_then(|id| stored.get(&id));
        if let Some(s) = before
            && s.table != sheet.table
        {
            plan.refused.push(issue(row_no, None, Problem::WrongTable));
            continue;
        }
        if let Some(s) = before {
            let version = cell_at(version_at);
            if let Value::Number(v) = version
                && *v as i64 != s.meta.version
            {
                plan.refused.push(issue(
                    row_no,
                    None,
                    Problem::ChangedSince {
                        version: *v as i64,
                        now: s.meta.version,
                    },
                ));
                continue;
            }
        }
        let mut cells = match before {
            Some(s) => s.cells.clone(),
            None => defaults(spec, merged),
        };
        for (column, code) in sheet.fixed {
            if let Some(p) = position(column) {
                cells[p] = Cell::Text(code.to_string());
            }
        }
        let names = Names { data: merged };
        // The row's unit first: the quantity is read in it.
        let stored_unit = position("unit").and_then(|p| match &cells[p] {
            Cell::Text(c) => Unit::from_code(c),
            _ => None,
        });
        let unit = match unit_at.map(|a| cell_at(Some(a))) {
            Some(v) if !v.is_empty() => match read_unit(v) {
                Ok(u) => Some(u),
                Err(f) => {
                    plan.refused
                        .push(issue(row_no, unit_k.map(&header_of), Problem::Cell(f)));
                    continue;
                }
            },
            _ => stored_unit,
        }
        .unwrap_or(Unit::Count);
        let stored_row_unit = stored_unit.unwrap_or(unit);
        // Columns whose cell could not be read (told once, not again as empty).
        let mut unread: HashSet<usize> = HashSet::new();
        for (a, k) in cols.iter().enumerate() {
            let Some(k) = *k else { continue };
            let Some(col) = sheet.cols.get(k) else {
                continue;
            };
            let Some(p) = position(col.column) else {
                continue;
            };
            let v = row.get(a).unwrap_or(&Value::Empty);
            // An untouched cell keeps the stored value exactly (a quantity only while the unit
            // stays: in another unit the number is read anew).
            let unit_kept = unit == stored_row_unit || col.kind != Kind::InRowUnit;
            if before.is_some()
                && unit_kept
                && same(&show(col, &cells[p], stored_row_unit, &names, l), v)
            {
                continue;
            }
            // An empty cell of a new row leaves what a new record starts with (the only pile).
            if before.is_none() && v.is_empty() {
                continue;
            }
            match read(col, v, unit, &names) {
                Ok(cell) => cells[p] = cell,
                Err(f) => {
                    unread.insert(p);
                    plan.refused
                        .push(issue(row_no, Some(header_of(k)), Problem::Cell(f)));
                }
            }
        }
        // A column every record of the table has a value in.
        for (p, (name, field)) in spec.columns.iter().enumerate() {
            if cells[p] == Cell::Null
                && !unread.contains(&p)
                && !field.optional()
                && !matches!(field, Field::FromData)
            {
                let k = sheet.cols.iter().position(|c| c.column == *name);
                let column = match k {
                    Some(k) if present.contains(&k) => Some(header_of(k)),
                    _ => Some((String::new(), crate::i18n::ui::field_name(l, name))),
                };
                plan.refused
                    .push(issue(row_no, column, Problem::Cell(Fault::Required)));
            }
        }
        if plan.refused.len() > faults_before {
            continue;
        }
        let mut meta = match before {
            Some(s) => s.meta.clone(),
            None => Meta::draft(),
        };
        if let Some(id) = id {
            meta.id = id;
        }
        let mut row_cells: Vec<Cell> = meta.cells().to_vec();
        row_cells.extend(cells.iter().cloned());
        let faults = crate::domain::validate::check_on(spec, &row_cells, today);
        if !faults.is_empty() {
            for f in faults {
                let k = sheet.cols.iter().position(|c| c.column == f.column);
                let column = match k {
                    Some(k) if present.contains(&k) => Some(header_of(k)),
                    _ => Some((String::new(), crate::i18n::ui::field_name(l, f.column))),
                };
                plan.refused
                    .push(issue(row_no, column, Problem::Cell(Fault::Record(f.fault))));
            }
            continue;
        }
        if let Some(taken) = taken(sheet.table, &cells, spec, meta.id, merged, l) {
            plan.refused
                .push(issue(row_no, None, Problem::Taken(taken)));
            continue;
        }
        match before {
            Some(s) if s.cells == cells => plan.unchanged += 1,
            Some(s) => {
                let changes = sheet
                    .cols
                    .iter()
                    .filter_map(|col| {
                        let p = position(col.column)?;
                        (s.cells[p] != cells[p]).then(|| CellChange {
                            column: col.column.to_string(),
                            header: l.pick(col.zh, col.en).to_string(),
                            old: show(col, &s.cells[p], stored_row_unit, &names, l).display(),
                            new: show(col, &cells[p], unit, &names, l).display(),
                        })
                    })
                    .collect();
                plan.changed.push(Changed {
                    sheet: raw.name.clone(),
                    row: row_no,
                    table: sheet.table,
                    id: meta.id,
                    cells: changes,
                });
                if let Err(why) = keep(&mut plan.records, merged, refers, sheet.table, &row_cells) {
                    plan.refused
                        .push(issue(row_no, None, Problem::Unreadable(why)));
                }
            }
            None => {
                plan.added.push(Added {
                    sheet: raw.name.clone(),
                    row: row_no,
                    table: sheet.table,
                    id: meta.id,
                });
                if let Err(why) = keep(&mut plan.records, merged, refers, sheet.table, &row_cells) {
                    plan.refused
                        .push(issue(row_no, None, Problem::Unreadable(why)));
                }
            }
        }
    }
}

/// Whether what the sheet holds still shows the stored value (a number as it was exported, or
/// the same text).
fn same(shown: &Value, given: &Value) -> bool {
    match (shown, given) {
        (Value::Empty, g) => g.is_empty(),
        (Value::Number(a), Value::Number(b)) => a == b,
        (Value::Text(a), Value::Text(b)) => a.trim() == b.trim(),
        (a, b) => a == b,
    }
}

/// What another record already has that this one claims: a bench's number and kind on its pile,
/// a rule's kind.
fn taken(
    table: &str,
    cells: &[Cell],
    spec: &RecordSpec,
    id: Uuid,
    merged: &LedgerData,
    l: Lang,
) -> Option<String> {
    let at = |c: &str| {
        spec.columns
            .iter()
            .position(|(n, _)| *n == c)
            .and_then(|p| cells.get(p))
    };
    match table {
        "benches" => {
            let (Some(Cell::Text(pile)), Some(Cell::Int(number)), Some(Cell::Text(kind))) =
                (at("pile_id"), at("number"), at("kind"))
            else {
                return None;
            };
            merged
                .benches
                .iter()
                .find(|b| {
                    b.meta.id != id
                        && b.pile_id.to_string() == *pile
                        && b.number == *number
                        && b.kind.code() == kind
                })
                .map(|b| super::bench_label(l, b))
        }
        "rules" => {
            let Some(Cell::Text(kind)) = at("kind") else {
                return None;
            };
            merged
                .rules
                .iter()
                .find(|r| r.meta.id != id && r.kind.code() == kind)
                .map(|r| crate::i18n::rule_kind(l, r.kind).to_string())
        }
        _ => None,
    }
}

/// Adds the record given by its cells (meta first) to the records to write (each id comes once),
/// and, for a table other rows name, puts it into `merged` in place of the stored one.
fn keep(
    records: &mut LedgerData,
    merged: &mut LedgerData,
    refers: bool,
    table: &str,
    row: &[Cell],
) -> Result<(), String> {
    struct Keep<'a> {
        records: &'a mut LedgerData,
        merged: &'a mut LedgerData,
        refers: bool,
        row: &'a [Cell],
    }
    impl RecordVisitor for Keep<'_> {
        type Error = String;
        fn visit<R: Record>(&mut self) -> Result<(), String> {
            let r = R::from_row(self.row.to_vec())?;
            if self.refers {
                let all = R::all_mut(self.merged);
                match all.iter_mut().find(|o| o.meta().id == r.meta().id) {
                    Some(o) => *o = r.clone(),
                    None => all.push(r.clone()),
                }
            }
            R::all_mut(self.records).push(r);
            Ok(())
        }
    }
    let mut k = Keep {
        records,
        merged,
        refers,
        row,
    };
    crate::domain::record::visit_table(table, &mut k).map(|_| ())
}
