//! Spreadsheets in and out, for the window and the command line: export a ledger as a workbook,
//! write a template, and import a workbook or CSV file — planned first (what would be added,
//! changed and refused), then written in one transaction through the same checks and audit trail
//! as the window's forms, or not at all.

use crate::store::{Backend, Ledger, LedgerWriter};
use std::path::Path;

use super::{AppError, Result, files, read_file};
use crate::domain::*;
use crate::exchange::sheet::interpret::{self, Plan};
use crate::exchange::sheet::text::SheetIssue;
use crate::exchange::sheet::{read, write};

/// What the window hands over to write a table it shows (the window reaches the exchange format
/// only through the app layer).
pub use crate::exchange::sheet::Value;
pub use crate::exchange::sheet::write::ShownTable;
use crate::i18n::Lang;
use crate::store::{Access, StoreError};

/// Whether a file name is a spreadsheet (the format follows the extension).
pub fn is_sheet_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv" | "txt"
    )
}

fn refuse_ledger_target(ledger: Option<&Path>, out: &Path) -> Result<()> {
    if ledger.is_some_and(|f| super::is_ledger_file(f, out)) {
        return Err(super::refusal::Refusal::WouldOverwriteLedger {
            out: out.to_path_buf(),
        }
        .into());
    }
    Ok(())
}

/// Writes a workbook to `out` (whole or not at all).
fn write_workbook(input: &write::Input<'_>, out: &Path, overwrite: bool) -> Result<()> {
    files::write_atomically_with(out, overwrite, &mut |file| {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, file);
        write::workbook(input, &mut buffered).map_err(|e| match e {
            // A record that could not be read while its row was written is the ledger's error;
            // any other is the file's (a full disk said as one).
            rust_xlsxwriter::XlsxError::IoError(io)
                if io.get_ref().is_some_and(|e| e.is::<StoreError>()) =>
            {
                match io.into_inner().map(|e| e.downcast::<StoreError>()) {
                    Some(Ok(ledger)) => AppError::Store(*ledger),
                    _ => AppError::from(super::refusal::Refusal::Internal {
                        why: "a ledger error lost its kind".into(),
                    }),
                }
            }
            rust_xlsxwriter::XlsxError::IoError(io) => files::write_error(out, io),
            e => AppError::from(super::refusal::Refusal::WorkbookNotMade { why: e.to_string() }),
        })?;
        std::io::Write::flush(&mut buffered).map_err(|e| files::write_error(out, e))
    })
}

/// The records a workbook names others by (benches, piles, points, plantings, mines), for its
/// labels and dropdowns: every table but the long ones read row by row.
fn named_records(store: &impl Ledger) -> Result<LedgerData> {
    Ok(LedgerData {
        mines: store.list()?,
        piles: store.list()?,
        benches: store.list()?,
        monitoring_points: store.list()?,
        plantings: store.list()?,
        ..LedgerData::default()
    })
}

/// A ledger's rows, read from it one at a time as the workbook is written.
struct LedgerRows<'a, L: Ledger>(&'a L);

impl<L: Ledger> write::Rows for LedgerRows<'_, L> {
    fn each_row(
        &self,
        table: &str,
        f: &mut write::EachRow<'_>,
    ) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
        struct Each<'a, L, F> {
            store: &'a L,
            f: F,
        }
        impl<L: Ledger, F> crate::domain::record::RecordVisitor for Each<'_, L, F>
        where
            F: FnMut(
                &Meta,
                Vec<crate::domain::record::Cell>,
            ) -> std::result::Result<(), rust_xlsxwriter::XlsxError>,
        {
            type Error = std::io::Error;
            fn visit<R: Record>(&mut self) -> std::io::Result<()> {
                let f = &mut self.f;
                self.store
                    .each::<R>(&mut |r| f(r.meta(), r.cells()).map_err(std::io::Error::other))
            }
        }
        crate::domain::record::visit_table(table, &mut Each { store: self.0, f })
            .map(|_| ())
            .map_err(rust_xlsxwriter::XlsxError::IoError)
    }
}

/// Writes the whole ledger as a workbook; returns the number of records written. The rows are
/// read from the ledger as they are written (a million after-care entries are not held at once),
/// all from one committed state.
pub fn export_workbook(
    store: &impl Backend,
    out: &Path,
    lang: Lang,
    overwrite: bool,
) -> Result<usize> {
    refuse_ledger_target(store.file(), out)?;
    store.read_consistent(|s| {
        let summary = super::summary(s, crate::clock::today())?;
        let data = named_records(s)?;
        let input = write::Input {
            data: &data,
            rows: Some(&LedgerRows(s)),
            summary: &summary,
            lang,
            template: false,
        };
        write_workbook(&input, out, overwrite)?;
        Ok(usize::try_from(s.record_count()?).unwrap_or_default())
    })
}

/// Writes one table as the window shows it (its rows, sort and filter) as a workbook; returns
/// the number of rows written. Refuses to write over the ledger it came from.
pub fn export_shown_table(
    ledger: &Path,
    table: &write::ShownTable,
    out: &Path,
    overwrite: bool,
) -> Result<usize> {
    refuse_ledger_target(Some(ledger), out)?;
    let bytes = write::shown_table_workbook(table).map_err(|e| {
        AppError::from(super::refusal::Refusal::WorkbookNotMade { why: e.to_string() })
    })?;
    files::write_atomically(out, &bytes, overwrite)?;
    Ok(table.rows.len())
}

/// Writes a template to fill in: the ledger's sheets without rows, its benches, piles and points
/// in the dropdowns (none for a template made without a ledger), and the instructions.
pub fn write_template(
    store: Option<&impl Backend>,
    out: &Path,
    lang: Lang,
    overwrite: bool,
) -> Result<()> {
    let data = match store {
        Some(s) => {
            refuse_ledger_target(s.file(), out)?;
            s.load()?
        }
        None => LedgerData::default(),
    };
    let summary = summary::summarize(&data, crate::clock::today());
    let input = write::Input {
        data: &data,
        rows: None,
        summary: &summary,
        lang,
        template: true,
    };
    write_workbook(&input, out, overwrite)
}

/// What a spreadsheet import would do to `data` (nothing is written). A file that cannot be
/// read at all is refused with one problem naming the file.
pub fn plan_bytes(data: &LedgerData, bytes: &[u8], file_name: &str, lang: Lang) -> Plan {
    match read::read(bytes, file_name) {
        Ok(sheets) => interpret::plan(&sheets, data, lang, crate::clock::today()),
        Err(issue) => Plan {
            refused: vec![*issue],
            ..Plan::default()
        },
    }
}

/// What rows pasted into the list of `table` would do to `data` (nothing is written): text copied
/// from Excel or WPS (tab-separated, one row per line), read as a sheet of that list, with or
/// without its header row. Without one, the columns are those of the list's sheet in the
/// workbook, in its order (the pile column only when the first cell names a pile); the works list
/// takes completed works unless the header says planned.
pub fn plan_paste(data: &LedgerData, table: &str, text: &str, lang: Lang) -> Plan {
    use crate::exchange::sheet::layout::{SHEETS, normalize};
    let sheets: Vec<&'static crate::exchange::sheet::layout::Sheet> = SHEETS
        .iter()
        .filter(|s| s.table == table && s.importable)
        .collect();
    // Without a header: the list's own sheet (for works, the completed ones).
    let Some(default_sheet) = sheets.last().copied() else {
        return Plan::default();
    };
    // A paste is text: "sep=\t" says how it is separated, whatever its cells hold.
    let bytes = format!("sep=\t\n{}", text.trim_end_matches(['\r', '\n']));
    let mut raw = match read::read(bytes.as_bytes(), "paste.csv") {
        Ok(mut sheets) if !sheets.is_empty() => sheets.remove(0),
        Ok(_) => return Plan::default(),
        Err(issue) => {
            return Plan {
                refused: vec![*issue],
                ..Plan::default()
            };
        }
    };
    let sheet = sheets
        .iter()
        .copied()
        .find(|s| interpret::has_header(&raw, s))
        .unwrap_or_else(|| {
            let names_pile = raw
                .rows
                .first()
                .and_then(|r| r.first())
                .and_then(|c| match c {
                    crate::exchange::sheet::Value::Text(t) => Some(normalize(t)),
                    _ => None,
                })
                .is_some_and(|t| data.piles.iter().any(|p| normalize(&p.name) == t));
            let header = default_sheet
                .cols
                .iter()
                .filter(|c| names_pile || c.column != "pile_id")
                .map(|c| crate::exchange::sheet::Value::Text(write::header(c, lang).to_string()))
                .collect();
            raw.rows.insert(0, header);
            default_sheet
        });
    raw.name = sheet.name(lang.is_zh()).to_string();
    let raws = match table {
        "works" => split_by_phase(raw, lang),
        _ => vec![raw],
    };
    interpret::plan(&raws, data, lang, crate::clock::today())
}

/// Works copied from the window's list carry their phase in a column (类型: 设计量 / 完成量):
/// each row goes to the sheet of its phase, that column left out. Without the column, `raw` is
/// left as it is.
fn split_by_phase(mut raw: read::RawSheet, lang: Lang) -> Vec<read::RawSheet> {
    use crate::exchange::sheet::Value;
    use crate::exchange::sheet::layout::{SHEETS, normalize};
    // The header of the works list's phase column, in either language.
    let names = [Lang::Zh, Lang::En]
        .map(|l| normalize(crate::i18n::ui::t(l, crate::i18n::ui::S::ColPhase)));
    let Some(at) = raw.rows.first().and_then(|header| {
        header
            .iter()
            .position(|c| matches!(c, Value::Text(t) if names.contains(&normalize(t))))
    }) else {
        return vec![raw];
    };
    let phase_of = |v: &Value| {
        let Value::Text(t) = v else { return None };
        let t = normalize(t);
        [WorkPhase::Planned, WorkPhase::Completed]
            .into_iter()
            .find(|p| {
                [Lang::Zh, Lang::En]
                    .iter()
                    .any(|l| normalize(crate::i18n::work_phase(*l, *p)) == t)
            })
    };
    let mut header = raw.rows.remove(0);
    header.remove(at);
    let mut out = Vec::new();
    for (phase, code) in [
        (WorkPhase::Planned, "planned"),
        (WorkPhase::Completed, "completed"),
    ] {
        let Some(sheet) = SHEETS
            .iter()
            .find(|s| s.table == "works" && s.fixed.iter().any(|(_, c)| *c == code))
        else {
            continue;
        };
        let mut rows = vec![header.clone()];
        for row in &raw.rows {
            // A row naming no phase it knows stays a completed work (the list's default).
            let p = row
                .get(at)
                .and_then(phase_of)
                .unwrap_or(WorkPhase::Completed);
            if p == phase {
                let mut row = row.clone();
                if at < row.len() {
                    row.remove(at);
                }
                rows.push(row);
            }
        }
        if rows.len() > 1 {
            out.push(read::RawSheet {
                name: sheet.name(lang.is_zh()).to_string(),
                first_row: raw.first_row,
                first_col: raw.first_col,
                rows,
            });
        }
    }
    out
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub added: usize,
    pub changed: usize,
}

/// Writes a plan that has no problems: every added record and every change, in one transaction,
/// with `reason` on each change. A plan with problems writes nothing.
pub fn apply(
    store: &mut impl Ledger,
    plan: &Plan,
    operator: &str,
    reason: &str,
) -> Result<Written> {
    if !plan.refused.is_empty() {
        return Err(AppError::SheetRefused(plan.refused.clone()));
    }
    let added: std::collections::HashSet<uuid::Uuid> = plan.added.iter().map(|a| a.id).collect();
    struct Put<'a, W> {
        w: &'a mut W,
        records: &'a LedgerData,
        added: &'a std::collections::HashSet<uuid::Uuid>,
        reason: &'a str,
    }
    impl<W: LedgerWriter> RecordVisitor for Put<'_, W> {
        type Error = StoreError;
        fn visit<R: Record>(&mut self) -> std::result::Result<(), StoreError> {
            for r in R::all(self.records) {
                if self.added.contains(&r.meta().id) {
                    self.w.insert(r)?;
                } else {
                    self.w.update(r, self.reason)?;
                }
            }
            Ok(())
        }
    }
    store.write(operator, |w| {
        let mut put = Put {
            w,
            records: &plan.records,
            added: &added,
            reason,
        };
        // Parents first, so a new bench is there before the works on it.
        visit_record_types(&mut put)
    })?;
    Ok(Written {
        added: plan.added.len(),
        changed: plan.changed.len(),
    })
}

/// The reason written with the changes an import makes when none is given.
pub fn default_reason(file_name: &str) -> String {
    format!("Excel 导入 {file_name}")
}

/// Imports a spreadsheet file into a ledger (created, without default rules, when it does not
/// exist yet, so an exported workbook fills a new ledger); with `dry_run` only plans. Returns
/// the plan; with problems nothing is written and the error lists them all.
pub fn import_file(
    ledger: &Path,
    data: &Path,
    operator: &str,
    reason: Option<&str>,
    dry_run: bool,
    lang: Lang,
) -> Result<(Plan, Option<Written>)> {
    let bytes = read_file(data)?;
    let name = data
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let reason = reason
        .map(str::to_string)
        .unwrap_or_else(|| default_reason(&name));
    if ledger.exists() {
        let access = if dry_run {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        };
        let mut store = super::open_file(ledger, access)?;
        let current = store.load()?;
        let plan = plan_bytes(&current, &bytes, &name, lang);
        drop(current);
        if dry_run || !plan.refused.is_empty() {
            return refused_or(plan, None);
        }
        let written = apply(&mut store, &plan, operator, &reason)?;
        Ok((plan, Some(written)))
    } else {
        let plan = plan_bytes(&LedgerData::default(), &bytes, &name, lang);
        if dry_run || !plan.refused.is_empty() {
            return refused_or(plan, None);
        }
        let written = files::build_then_place(ledger, false, |building| {
            let mut store = super::LedgerFile::create(building)?;
            let w = apply(&mut store, &plan, operator, &reason)?;
            drop(store);
            Ok(w)
        })?;
        Ok((plan, Some(written)))
    }
}

fn refused_or(plan: Plan, written: Option<Written>) -> Result<(Plan, Option<Written>)> {
    if plan.refused.is_empty() {
        Ok((plan, written))
    } else {
        Err(AppError::SheetRefused(plan.refused))
    }
}

/// The problems of a refused import in `lang`, one line each.
pub fn issue_lines(issues: &[SheetIssue], lang: Lang) -> Vec<String> {
    issues.iter().map(|i| i.message(lang)).collect()
}
