//! The JSON exchange format: export a whole ledger, and parse a file into checked ledger rows.
//!
//! Parsing is all-or-nothing: every problem is collected with its JSON path, and nothing is
//! returned unless the whole file is valid.

pub mod schema;
pub mod sheet;
pub mod spec;
pub mod stream;
mod strict;

use base64::Engine;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Number, Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use crate::domain::account::Account;
use crate::domain::*;
use spec::{Field, META_FIELDS, TABLES, TableSpec};

pub const FORMAT: &str = "restoration-ledger";
pub const FORMAT_VERSION: i64 = 1;

/// One thing wrong with an exchange file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// JSON path, e.g. `$.works[3].quantity`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a file was refused; nothing of it was imported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportError {
    pub issues: Vec<Issue>,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "The file was not imported: {} problem{} found. Nothing was written. Correct the file and import it again.",
            self.issues.len(),
            if self.issues.len() == 1 { "" } else { "s" }
        )?;
        for i in self.issues.iter().take(100) {
            writeln!(f, "  {i}")?;
        }
        if self.issues.len() > 100 {
            writeln!(f, "  ... and {} more", self.issues.len() - 100)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// A checked row ready for the ledger.
#[derive(Debug, Clone)]
pub struct Row {
    pub table: &'static str,
    /// The record's columns in ledger order (meta first, without the data), typed (what was
    /// validated).
    pub cells: Vec<Cell>,
    pub data: Option<Vec<u8>>,
}

impl Row {
    /// The cell of a column (`Cell::Null` for a column the table lacks).
    pub fn cell(&self, column: &str) -> &Cell {
        cell_of(self.table, &self.cells, column)
    }

    /// The text of a column ("" when it holds none).
    pub fn text(&self, column: &str) -> &str {
        match self.cell(column) {
            Cell::Text(s) => s,
            _ => "",
        }
    }

    /// The columns by name (the photo's bytes left out), as the exchange format names them.
    pub fn columns(&self) -> Map<String, Value> {
        crate::domain::record::column_names(table_spec_of(self.table))
            .filter(|c| *c != "data")
            .zip(&self.cells)
            .map(|(c, cell)| (c.to_string(), cell.to_json()))
            .collect()
    }

    /// Sets a column the row has.
    pub fn set(&mut self, column: &str, cell: Cell) {
        if let Some(slot) =
            position(table_spec_of(self.table), column).and_then(|i| self.cells.get_mut(i))
        {
            *slot = cell;
        }
    }
}

/// The registry entry of an exchange table (every `Row` names one).
fn table_spec_of(table: &str) -> &'static TableSpec {
    static NONE: TableSpec = TableSpec {
        table: "",
        columns: &[],
        has_data: false,
    };
    spec::table_spec(table).unwrap_or(&NONE)
}

/// Where a column is among a row's cells (meta first, in ledger order, without the data).
fn position(spec: &TableSpec, column: &str) -> Option<usize> {
    META_FIELDS
        .iter()
        .copied()
        .chain(spec.columns.iter().map(|(n, _)| *n))
        .position(|c| c == column)
}

fn cell_of<'c>(table: &str, cells: &'c [Cell], column: &str) -> &'c Cell {
    position(table_spec_of(table), column)
        .and_then(|i| cells.get(i))
        .unwrap_or(&Cell::Null)
}

/// What the ledger already holds, so references and duplicates can be checked, and a record the
/// file carries again is recognised.
#[derive(Debug, Default)]
pub struct Known {
    /// Every record in the ledger: its table and its [`digest`](crate::domain::record::digest)
    /// with and without its id, stamps and origin.
    pub records: HashMap<uuid::Uuid, (&'static str, [u8; 32], [u8; 32])>,
    /// The rule of each kind in the ledger: what it says (its digest without id and stamps).
    pub rules: HashMap<String, [u8; 32]>,
    /// (pile id, number, kind) of every bench already in the ledger: a pile has one bench of
    /// each kind and number.
    pub bench_keys: HashMap<(String, i64, String), String>,
    /// When the file is a contractor's field package being merged: what it may carry.
    pub merge: Option<MergeRules>,
}

/// What a contractor's field package may bring into the office ledger.
#[derive(Debug, Default)]
pub struct MergeRules {
    /// The contractor (company) the package was made for.
    pub contractor: String,
    /// Each record as it was packaged: the digest of the state the package's history first
    /// recorded for it (with its id and stamps).
    pub packaged: HashMap<uuid::Uuid, [u8; 32]>,
}

impl MergeRules {
    /// May the package add this record? Its contractor's own entries awaiting review, and their
    /// photos; nothing else (a review, a rule, a problem or another company's entry is the
    /// department's to make).
    fn may_add(&self, table: &str, row: &Row) -> Result<(), String> {
        let text = |k: &str| row.text(k);
        match table {
            "aftercare" => self.own_pending(text("contractor"), text("review")),
            "photos" => Ok(()),
            other => Err(format!(
                "a contractor's package cannot add a {other} record; only after-care entries and their photos"
            )),
        }
    }

    /// May the package change this record (the office has not changed it since packaging)?
    /// Their own entries, returned to review; the rectification of a problem not yet verified.
    fn may_change(&self, table: &str, row: &Row) -> Result<(), String> {
        let text = |k: &str| row.text(k);
        match table {
            "aftercare" => self.own_pending(text("contractor"), text("review")),
            "problems" if text("status") != "verified" => Ok(()),
            other => Err(format!(
                "a contractor's package cannot change a {other} record (a verification, a rule or a photo is the department's, or stays as taken)"
            )),
        }
    }

    fn own_pending(&self, contractor: &str, review: &str) -> Result<(), String> {
        if contractor != self.contractor {
            Err(format!(
                "the entry is {contractor}'s, not {}'s: a package carries only its contractor's entries",
                self.contractor
            ))
        } else if review != "pending" {
            Err(format!(
                "the entry arrives {review}: a package's entries arrive pending review, as from the window"
            ))
        } else {
            Ok(())
        }
    }
}

/// What becomes of a checked record of a file imported into a ledger that may hold it already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// The ledger lacks it: it is written.
    New,
    /// The ledger holds the same record (or, for a rule, a rule of that kind saying the same).
    Present,
    /// The ledger holds a different record under its id (or a different rule of its kind): it is
    /// not written, and the import lists it.
    Conflict(String),
    /// A package's change to a record the office has not changed since packaging: written as
    /// a new version.
    Update,
    /// What a contractor's package may not carry: not written, listed with the reason.
    Refused(String),
}

/// A record of the file that the ledger holds differently; the ledger's is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Where it is in the file (`$.aftercare[12]`).
    pub path: String,
    pub table: &'static str,
    pub id: String,
    /// What differs, in English.
    pub why: String,
    /// The file's version of the record: its audited columns (kept aside when a package's
    /// conflict is stored for the department to resolve).
    pub theirs: Map<String, Value>,
}

fn milli_to_number(m: i64) -> Value {
    if m % 1000 == 0 {
        Value::from(m / 1000)
    } else {
        Number::from_f64(m as f64 / 1000.0).map_or(Value::Null, Value::Number)
    }
}

fn owner_table(kind: &str) -> Option<&'static str> {
    match kind {
        "aftercare" => Some("aftercare"),
        "problem" => Some("problems"),
        "work" => Some("works"),
        "bench" => Some("benches"),
        _ => None,
    }
}

/// Converts one stored record (its columns) to its exchange form.
fn export_record(spec: &TableSpec, cols: Map<String, Value>) -> Value {
    let mut out = Map::new();
    for k in META_FIELDS {
        out.insert(k.to_string(), cols.get(*k).cloned().unwrap_or(Value::Null));
    }
    for (name, field) in spec.exchanged() {
        let v = cols.get(*name).cloned().unwrap_or(Value::Null);
        let v = match (field, &v) {
            (Field::Qty | Field::OptQty | Field::Signed | Field::OptSigned, Value::Number(n)) => {
                n.as_i64().map_or(v.clone(), milli_to_number)
            }
            _ => v,
        };
        out.insert(name.to_string(), v);
    }
    Value::Object(out)
}

/// Everything an export needs besides the records.
pub struct ExportExtras<'a> {
    pub photo_data: &'a dyn Fn(uuid::Uuid) -> Option<Vec<u8>>,
    pub audit: &'a [AuditEntry],
    pub exported_by: &'a str,
    /// The ledger's accounts (their passwords as argon2 hashes): restored with the history.
    pub accounts: &'a [Account],
    /// The ledger's schema version: a history restored from the file is upgraded from it.
    pub schema_version: i64,
    /// When the export is made (RFC 3339, UTC).
    pub exported_at: &'a str,
}

fn account_json(a: &Account) -> Value {
    json!({
        "id": a.id, "name": a.name, "role": a.role, "company": a.company,
        "password_hash": a.password_hash, "os_login": a.os_login,
        "active": a.active, "version": a.version,
    })
}

/// The accounts a file carries, checked (they are restored only with the file's history).
fn parse_accounts(c: &mut Checker<'_>, list: &Value) -> Vec<Account> {
    let Some(items) = list.as_array() else {
        c.issue(
            "$.accounts",
            format!("must be a list, not {}", type_name(list)),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("$.accounts[{i}]");
        let text = |c: &mut Checker<'_>, key: &str| -> String {
            match item.get(key).and_then(Value::as_str) {
                Some(s) => {
                    if let Err(e) = check_text(s, 200, false) {
                        c.issue(&format!("{path}.{key}"), e);
                    }
                    s.to_string()
                }
                None => {
                    c.issue(&format!("{path}.{key}"), "must be text");
                    String::new()
                }
            }
        };
        let id = text(c, "id");
        let name = text(c, "name");
        let role = text(c, "role");
        let company = text(c, "company");
        let password_hash = text(c, "password_hash");
        let os_login = text(c, "os_login");
        if canonical_id(&id).is_none() {
            c.issue(&format!("{path}.id"), "is not a UUID");
        }
        if !matches!(role.as_str(), "department" | "contractor" | "auditor") {
            c.issue(
                &format!("{path}.role"),
                "is not one of: department, contractor, auditor",
            );
        }
        let active = item.get("active").and_then(Value::as_bool);
        let version = item.get("version").and_then(Value::as_i64);
        if active.is_none() {
            c.issue(&format!("{path}.active"), "must be true or false");
        }
        if version.is_none_or(|v| v < 1) {
            c.issue(
                &format!("{path}.version"),
                "must be a whole number of at least 1",
            );
        }
        out.push(Account {
            id,
            name,
            role,
            company,
            password_hash,
            os_login,
            active: active.unwrap_or(false),
            version: version.unwrap_or(1),
        });
    }
    out
}

/// Where an export's records come from, one at a time (a ledger of a million entries is written
/// without holding it whole).
pub trait ExportSource {
    /// Calls `each` with every record of `spec`'s table, in ledger order, as its audited columns
    /// (and a photo's bytes).
    fn records(
        &self,
        spec: &'static RecordSpec,
        each: &mut dyn FnMut(Map<String, Value>, Option<Vec<u8>>) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
    /// Calls `each` with every audit entry, oldest first.
    fn audit(
        &self,
        each: &mut dyn FnMut(&AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
}

/// A whole ledger's data held in memory as a source (small exports, tests).
pub struct InMemory<'a> {
    pub data: &'a LedgerData,
    pub photo_data: &'a dyn Fn(uuid::Uuid) -> Option<Vec<u8>>,
    pub audit: &'a [AuditEntry],
}

impl ExportSource for InMemory<'_> {
    fn records(
        &self,
        spec: &'static RecordSpec,
        each: &mut dyn FnMut(Map<String, Value>, Option<Vec<u8>>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        struct One<'a, 'b> {
            src: &'a InMemory<'b>,
            each: &'a mut dyn FnMut(Map<String, Value>, Option<Vec<u8>>) -> std::io::Result<()>,
        }
        impl RecordVisitor for One<'_, '_> {
            type Error = std::io::Error;
            fn visit<R: Record>(&mut self) -> std::io::Result<()> {
                for r in R::all(self.src.data) {
                    let data = if R::HAS_DATA {
                        Some((self.src.photo_data)(r.meta().id).unwrap_or_default())
                    } else {
                        None
                    };
                    (self.each)(
                        crate::domain::record::audited(&R::SPEC, &r.row(), None),
                        data,
                    )?;
                }
                Ok(())
            }
        }
        crate::domain::record::visit_table(spec.table, &mut One { src: self, each }).map(|_| ())
    }

    fn audit(
        &self,
        each: &mut dyn FnMut(&AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.audit.iter().try_for_each(each)
    }
}

/// What an export says about itself besides the records.
pub struct ExportHeader<'a> {
    pub exported_by: &'a str,
    /// When the export is made (RFC 3339, UTC).
    pub exported_at: &'a str,
    /// The ledger's schema version: a history restored from the file is upgraded from it.
    pub schema_version: i64,
    /// The ledger's accounts (their passwords as argon2 hashes): restored with the history.
    pub accounts: &'a [Account],
}

/// Writes the whole ledger in the exchange format to `out`, one record per line: the audit trail
/// first, then the tables, parents first. What is written is never held whole. The history comes
/// first so that an import into an empty ledger restores it before the records and writes them
/// under it, instead of auditing each record and then putting the file's history in place of
/// those entries.
pub fn write_export(
    out: &mut dyn std::io::Write,
    header: &ExportHeader<'_>,
    src: &dyn ExportSource,
) -> std::io::Result<()> {
    let line = |out: &mut dyn std::io::Write, key: &str, v: &Value| -> std::io::Result<()> {
        write!(out, "  {}: ", Value::from(key))?;
        serde_json::to_writer(&mut *out, v)?;
        writeln!(out, ",")
    };
    writeln!(out, "{{")?;
    line(out, "format", &json!(FORMAT))?;
    line(out, "format_version", &json!(FORMAT_VERSION))?;
    line(out, "exported_at", &json!(header.exported_at))?;
    line(out, "exported_by", &json!(header.exported_by))?;
    line(out, "schema_version", &json!(header.schema_version))?;
    if !header.accounts.is_empty() {
        let list: Vec<Value> = header.accounts.iter().map(account_json).collect();
        line(out, "accounts", &Value::Array(list))?;
    }
    write!(out, "  \"audit\": [")?;
    let mut first = true;
    src.audit(&mut |e| {
        write!(out, "{}\n    ", if first { "" } else { "," })?;
        first = false;
        serde_json::to_writer(&mut *out, e).map_err(std::io::Error::from)
    })?;
    writeln!(out, "{}],", if first { "" } else { "\n  " })?;
    for (n, spec) in TABLES.iter().enumerate() {
        write!(out, "  {}: [", Value::from(spec.table))?;
        let mut first = true;
        src.records(spec, &mut |cols, data| {
            let mut v = export_record(spec, cols);
            if let (Some(bytes), Value::Object(m)) = (data, &mut v) {
                m.insert(
                    "data".into(),
                    json!(base64::engine::general_purpose::STANDARD.encode(bytes)),
                );
            }
            write!(out, "{}\n    ", if first { "" } else { "," })?;
            first = false;
            serde_json::to_writer(&mut *out, &v).map_err(std::io::Error::from)
        })?;
        let last = n + 1 == TABLES.len();
        writeln!(
            out,
            "{}]{}",
            if first { "" } else { "\n  " },
            if last { "" } else { "," }
        )?;
    }
    writeln!(out, "}}")
}

/// The whole ledger in the exchange format, as one value (small ledgers: a record's check, tests).
pub fn export(data: &LedgerData, extras: &ExportExtras<'_>) -> Value {
    let mut bytes = Vec::new();
    let written = write_export(
        &mut bytes,
        &ExportHeader {
            exported_by: extras.exported_by,
            exported_at: extras.exported_at,
            schema_version: extras.schema_version,
            accounts: extras.accounts,
        },
        &InMemory {
            data,
            photo_data: extras.photo_data,
            audit: extras.audit,
        },
    );
    // Writing into memory cannot fail, and what write_export writes is JSON.
    written
        .ok()
        .and_then(|()| serde_json::from_slice(&bytes).ok())
        .unwrap_or(Value::Null)
}

struct Checker<'a> {
    issues: Vec<Issue>,
    known: &'a Known,
    /// Every id met in the file so far: its table and its index there.
    ids: HashMap<uuid::Uuid, (&'static str, usize)>,
    /// References to ids not met yet, by id and table: each is resolved when its record is
    /// met, and what is left when the whole file is read is refused. One entry per record
    /// referred to (a million entries naming one pile that comes later hold one entry).
    forward: HashMap<(uuid::Uuid, &'static str), Forward>,
    /// References that pointed forward so far (orders what is left).
    forward_count: usize,
    operator: String,
    now: String,
    /// The day `now` falls on where the program runs (a completed work may not lie after it).
    today: NaiveDate,
    /// First path of each rule kind and bench key met in the file.
    rule_kinds: HashMap<String, String>,
    bench_keys: HashMap<(String, i64, String), String>,
}

/// The first reference to a record not met yet in the file, and how many more there are.
struct Forward {
    /// The order it was met in, so what is left is reported in file order.
    order: usize,
    path: String,
    given: String,
    more: usize,
}

/// The canonical form of an id (lowercase, hyphenated), which is how the ledger stores and finds
/// it. Other spellings of the same UUID ("{..}", upper case, no hyphens) would be stored as given
/// and then never be found again by id.
fn canonical_id(s: &str) -> Option<String> {
    uuid::Uuid::parse_str(s)
        .ok()
        .map(|u| u.hyphenated().to_string())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn check_text(s: &str, max: usize, multiline: bool) -> Result<(), String> {
    crate::domain::validate::text_fault(s, max, multiline).map_or(Ok(()), |f| Err(f.english()))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("\"{}\" is not a real date in the form YYYY-MM-DD", short(s)))?;
    // Its year is checked with the record (domain::validate::YEARS).
    Ok(d)
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

impl<'a> Checker<'a> {
    fn new(known: &'a Known, operator: &str, now: &str) -> Checker<'a> {
        Checker {
            issues: Vec::new(),
            known,
            ids: HashMap::new(),
            forward: HashMap::new(),
            forward_count: 0,
            operator: operator.to_string(),
            now: now.to_string(),
            today: chrono::DateTime::parse_from_rfc3339(now)
                .map(|t| t.with_timezone(&chrono::Local).date_naive())
                .unwrap_or(NaiveDate::MAX),
            rule_kinds: HashMap::new(),
            bench_keys: HashMap::new(),
        }
    }

    fn issue(&mut self, path: &str, message: impl Into<String>) {
        self.issues.push(Issue {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn milli(&mut self, path: &str, v: &Value, signed: bool) -> Option<i64> {
        let Some(f) = v.as_f64() else {
            self.issue(path, format!("must be a number, not {}", type_name(v)));
            return None;
        };
        let r = if signed && f < 0.0 {
            Milli::from_f64_in(-f, Unit::M).map(|m| Milli(-m.0))
        } else {
            Milli::from_f64_in(f, Unit::M)
        };
        match r {
            Ok(m) => Some(m.0),
            Err(e) => {
                self.issue(path, format!("{} {e}", v));
                None
            }
        }
    }

    /// Checks one field; returns its column value.
    fn field(
        &mut self,
        path: &str,
        field: Field,
        v: Option<&Value>,
        obj: &Map<String, Value>,
    ) -> Cell {
        let v = match v {
            None | Some(Value::Null) if field.optional() => return Cell::Null,
            None if field.defaults_to_empty() => return Cell::Text(String::new()),
            None => {
                self.issue(path, "is missing");
                return Cell::Null;
            }
            Some(v) => v,
        };
        let text = |c: &mut Self| -> Option<String> {
            match v.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    c.issue(path, format!("must be text, not {}", type_name(v)));
                    None
                }
            }
        };
        match field {
            Field::Line(_) | Field::Text(_) | Field::Origin | Field::AddedLine(_) => {
                // Its length and characters are checked with the record (domain::validate).
                text(self).map_or(Cell::Null, Cell::Text)
            }
            Field::Date | Field::OptDate => {
                let Some(s) = text(self) else {
                    return Cell::Null;
                };
                match parse_date(&s) {
                    Ok(d) => Cell::Text(d.to_string()),
                    Err(e) => {
                        self.issue(path, e);
                        Cell::Null
                    }
                }
            }
            Field::DateTime => {
                let Some(s) = text(self) else {
                    return Cell::Null;
                };
                match NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S") {
                    Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => {
                        Cell::Text(d.format("%Y-%m-%dT%H:%M:%S").to_string())
                    }
                    _ => {
                        self.issue(
                            path,
                            format!(
                                "\"{}\" is not a real time in the form YYYY-MM-DDTHH:MM:SS",
                                short(&s)
                            ),
                        );
                        Cell::Null
                    }
                }
            }
            Field::OptStamp => {
                let Some(s) = text(self) else {
                    return Cell::Null;
                };
                match chrono::DateTime::parse_from_rfc3339(&s) {
                    Ok(_) => Cell::Text(s),
                    Err(_) => {
                        self.issue(
                            path,
                            format!(
                                "\"{}\" is not a time stamp like 2023-05-01T08:30:00Z",
                                short(&s)
                            ),
                        );
                        Cell::Null
                    }
                }
            }
            Field::Qty | Field::OptQty => self.milli(path, v, false).map_or(Cell::Null, Cell::Int),
            Field::Signed | Field::OptSigned => {
                self.milli(path, v, true).map_or(Cell::Null, Cell::Int)
            }
            // Its range is checked with the record (domain::validate).
            Field::Int(..) | Field::OptInt(..) => match v.as_i64() {
                Some(i) => Cell::Int(i),
                None => {
                    self.issue(
                        path,
                        format!(
                            "must be a whole number, not {}",
                            if v.is_number() {
                                "a fraction or a huge number"
                            } else {
                                type_name(v)
                            }
                        ),
                    );
                    Cell::Null
                }
            },
            Field::Ref(target) | Field::OptRef(target) => {
                let Some(s) = text(self) else {
                    return Cell::Null;
                };
                self.reference(path, target, &s)
            }
            Field::OwnerRef => {
                let Some(s) = text(self) else {
                    return Cell::Null;
                };
                let kind = obj
                    .get("owner_kind")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                match owner_table(kind) {
                    Some(target) => self.reference(path, target, &s),
                    None => Cell::Text(s),
                }
            }
            Field::Code(codes) => {
                let Some(s) = text(self) else {
                    return Cell::Null;
                };
                let all = codes();
                if !all.contains(&s.as_str()) {
                    self.issue(
                        path,
                        format!("\"{}\" is not one of: {}", short(&s), all.join(", ")),
                    );
                }
                Cell::Text(s)
            }
            Field::Unit => {
                let Some(s) = text(self) else {
                    return Cell::Null;
                };
                if Unit::from_code(&s).is_none() {
                    let all: Vec<&str> = Unit::ALL.iter().map(|u| u.code()).collect();
                    self.issue(
                        path,
                        format!(
                            "\"{}\" is not a unit; use one of: {}",
                            short(&s),
                            all.join(", ")
                        ),
                    );
                }
                Cell::Text(s)
            }
            // Computed from the data (photo_bytes), never read from the file.
            Field::FromData => Cell::Null,
        }
    }

    /// Checks a reference and returns it in canonical form.
    fn reference(&mut self, path: &str, target: &'static str, given: &str) -> Cell {
        let Some(id) = canonical_id(given) else {
            self.issue(
                path,
                format!(
                    "\"{}\" is not a UUID (the id of a {target} record)",
                    short(given)
                ),
            );
            return Cell::Null;
        };
        let uuid = uuid::Uuid::parse_str(&id).unwrap_or_default();
        let in_file = self.ids.get(&uuid).is_some_and(|(t, _)| *t == target);
        let in_ledger = self
            .known
            .records
            .get(&uuid)
            .is_some_and(|(t, ..)| *t == target);
        if !in_file && !in_ledger {
            // It may come later in the file.
            let order = self.forward_count;
            self.forward_count += 1;
            self.forward
                .entry((uuid, target))
                .and_modify(|f| f.more += 1)
                .or_insert_with(|| Forward {
                    order,
                    path: path.to_string(),
                    given: short(given),
                    more: 0,
                });
        }
        Cell::Text(id)
    }

    /// A record met in the file answers the references that pointed forward to it.
    fn met(&mut self, id: uuid::Uuid, table: &'static str) {
        if !self.forward.is_empty() {
            self.forward.remove(&(id, table));
        }
    }

    /// Whether a checked record is new to the ledger, held there already, or held differently.
    fn disposition(&self, spec: &'static TableSpec, row: &Row) -> Disposition {
        let id = uuid::Uuid::parse_str(row.text("id")).unwrap_or_default();
        if let Some((_, held, said)) = self.known.records.get(&id) {
            let digest = crate::domain::record::digest(spec, &row.cells, true);
            // The same record, or one saying the same (a merged edit met again).
            if *held == digest || *said == crate::domain::record::digest(spec, &row.cells, false) {
                return Disposition::Present;
            }
            let Some(merge) = &self.known.merge else {
                return Disposition::Conflict(
                    "the ledger holds this record with other values (changed in the ledger or in the file since they parted); the ledger's is kept"
                        .into(),
                );
            };
            let packaged = merge.packaged.get(&id);
            // Unchanged in the package: whatever the office did since stands.
            if packaged == Some(&digest) {
                return Disposition::Present;
            }
            if packaged != Some(held) {
                return Disposition::Conflict(
                    "the office changed this record after the package was made, and the package changed it too; the office's is kept"
                        .into(),
                );
            }
            return match merge.may_change(spec.table, row) {
                Ok(()) => Disposition::Update,
                Err(why) => Disposition::Refused(why),
            };
        }
        if let Some(merge) = &self.known.merge
            && let Err(why) = merge.may_add(spec.table, row)
        {
            return Disposition::Refused(why);
        }
        if spec.table == "rules" {
            let kind = Some(row.text("kind")).filter(|k| !k.is_empty());
            if let Some(held) = kind.and_then(|k| self.known.rules.get(k)) {
                return if *held == crate::domain::record::digest(spec, &row.cells, false) {
                    Disposition::Present
                } else {
                    Disposition::Conflict(format!(
                        "the ledger already has a rule \"{}\" with another threshold or source; the ledger's is kept (edit that rule instead)",
                        kind.unwrap_or_default()
                    ))
                };
            }
        }
        Disposition::New
    }

    /// The references that pointed forward must have found their record by the end of the file.
    fn resolve_forward_references(&mut self) {
        let mut left: Vec<((uuid::Uuid, &'static str), Forward)> =
            std::mem::take(&mut self.forward).into_iter().collect();
        left.sort_by_key(|(_, f)| f.order);
        for ((_, target), f) in left {
            let others = match f.more {
                0 => String::new(),
                n => format!(" ({n} more records of the file refer to it)"),
            };
            self.issue(&f.path, format!("refers to {target} record \"{}\", which is neither in the file nor in the ledger{others}", f.given));
        }
    }

    fn record(&mut self, spec: &'static TableSpec, index: usize, v: &Value) -> Option<Row> {
        let path = format!("$.{}[{}]", spec.table, index);
        let Some(obj) = v.as_object() else {
            self.issue(&path, format!("must be an object, not {}", type_name(v)));
            return None;
        };
        let before = self.issues.len();
        for key in obj.keys() {
            let known = META_FIELDS.contains(&key.as_str())
                || spec.exchanged().any(|(n, _)| n == key)
                || (spec.has_data && key == "data")
                || key == "sha256"
                || key == "size_bytes";
            if !known {
                self.issue(
                    &format!("{path}.{}", short(key)),
                    "is not a field of this record; remove it or check its spelling",
                );
            }
        }
        // The record's cells in ledger order (meta first, without the data), each read once.
        let mut cells: Vec<Cell> = Vec::with_capacity(META_FIELDS.len() + spec.columns.len());
        // Metadata: id required, the rest defaulted.
        cells.push(
            obj.get("id")
                .and_then(Value::as_str)
                .and_then(canonical_id)
                .map_or(Cell::Null, Cell::Text),
        );
        for key in ["created_at", "created_by", "updated_at", "updated_by"] {
            let p = || format!("{path}.{key}");
            let cell = match obj.get(key) {
                None | Some(Value::Null) => Cell::Text(if key.ends_with("_at") {
                    self.now.clone()
                } else {
                    self.operator.clone()
                }),
                Some(Value::String(s)) => {
                    if key.ends_with("_at") && chrono::DateTime::parse_from_rfc3339(s).is_err() {
                        self.issue(
                            &p(),
                            format!(
                                "\"{}\" is not a time stamp like 2023-05-01T08:30:00Z",
                                short(s)
                            ),
                        );
                    } else if let Err(e) = check_text(s, 200, false) {
                        self.issue(&p(), e);
                    }
                    Cell::Text(s.clone())
                }
                Some(other) => {
                    self.issue(&p(), format!("must be text, not {}", type_name(other)));
                    Cell::Null
                }
            };
            cells.push(cell);
        }
        cells.push(match obj.get("version") {
            None | Some(Value::Null) => Cell::Int(1),
            Some(v) => match v.as_i64() {
                Some(n) if n >= 1 => Cell::Int(n),
                _ => {
                    self.issue(
                        &format!("{path}.version"),
                        "must be a whole number of at least 1",
                    );
                    Cell::Null
                }
            },
        });
        // One buffer for the fields' paths: a file of a million records spells no path it does
        // not report.
        let mut at = format!("{path}.");
        let base = at.len();
        for (name, field) in spec.columns {
            if matches!(field, Field::FromData) {
                // Computed from the data below.
                cells.push(Cell::Null);
                continue;
            }
            at.truncate(base);
            at.push_str(name);
            let cell = self.field(&at, *field, obj.get(*name), obj);
            cells.push(cell);
        }
        let mut data = None;
        if spec.has_data
            && let Some((bytes, digest)) = self.photo_bytes(&path, obj)
        {
            let size = bytes.len() as i64;
            for (column, cell) in [
                ("sha256", Cell::Text(digest)),
                ("size_bytes", Cell::Int(size)),
            ] {
                if let Some(slot) = position(spec, column).and_then(|i| cells.get_mut(i)) {
                    *slot = cell;
                }
            }
            data = Some(bytes);
        }
        for invalid in crate::domain::validate::check_on(spec, &cells, self.today) {
            self.issue(
                &format!("{path}.{}", invalid.column),
                invalid.fault.english(),
            );
        }
        self.cross_checks(spec.table, &path, &cells);
        (self.issues.len() == before).then_some(Row {
            table: spec.table,
            cells,
            data,
        })
    }

    /// A photo's bytes, checked as the window checks a picture file: base64 (line breaks allowed,
    /// as many tools wrap it), a JPEG or PNG of the type it claims, not empty, not over the size
    /// limit, its hash matching (any letter case), its time not in the future.
    fn photo_bytes(&mut self, path: &str, obj: &Map<String, Value>) -> Option<(Vec<u8>, String)> {
        let Some(b64) = obj.get("data").and_then(Value::as_str) else {
            self.issue(
                &format!("{path}.data"),
                "is missing: the photo's bytes in base64",
            );
            return None;
        };
        let decoded = if b64.bytes().any(|b| b.is_ascii_whitespace()) {
            let joined: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            base64::engine::general_purpose::STANDARD.decode(joined)
        } else {
            base64::engine::general_purpose::STANDARD.decode(b64)
        };
        let Ok(bytes) = decoded else {
            self.issue(&format!("{path}.data"), "is not valid base64");
            return None;
        };
        let claimed = obj.get("mime").and_then(Value::as_str);
        if let Err(problem) = crate::domain::photo::check_bytes(&bytes, claimed) {
            let field = match problem {
                crate::domain::photo::PhotoProblem::WrongType { .. } => "mime",
                _ => "data",
            };
            self.issue(&format!("{path}.{field}"), problem.to_string());
        }
        if let Some(at) = obj.get("taken_at").and_then(Value::as_str)
            && let Err(problem) = crate::domain::photo::check_taken_at(at, &self.now)
        {
            self.issue(&format!("{path}.taken_at"), problem.to_string());
        }
        let digest = hex::encode(Sha256::digest(&bytes));
        if let Some(given) = obj.get("sha256").and_then(Value::as_str)
            && !given.eq_ignore_ascii_case(&digest)
        {
            self.issue(
                &format!("{path}.sha256"),
                "does not match the photo's bytes: the photo was altered or damaged",
            );
        }
        Some((bytes, digest))
    }

    /// Checks that need more than one field.
    /// What needs more than the record: one bench of each number and kind on a pile (in the file
    /// and in the ledger), one rule of each kind in the file (a rule of a kind the ledger has is
    /// the same rule or a conflict: `disposition`). The record itself: `domain::validate`.
    fn cross_checks(&mut self, table: &str, path: &str, cells: &[Cell]) {
        let s = |k: &str| match cell_of(table, cells, k) {
            Cell::Text(t) => t.clone(),
            _ => String::new(),
        };
        match table {
            "benches" => {
                if let Cell::Int(number) = *cell_of(table, cells, "number") {
                    let key = (s("pile_id"), number, s("kind"));
                    // The same bench met again is not a second bench of that number.
                    let held = self.known.bench_keys.get(&key);
                    let id = match cell_of(table, cells, "id") {
                        Cell::Text(id) => Some(id.as_str()),
                        _ => None,
                    };
                    if held.is_some_and(|held| Some(held.as_str()) != id) {
                        self.issue(
                            &format!("{path}.number"),
                            format!("the ledger already has {} {number} on this pile", key.2),
                        );
                    } else if let Some(first) = self.bench_keys.get(&key) {
                        self.issue(
                            &format!("{path}.number"),
                            format!("{} {number} of this pile is already at {first}", key.2),
                        );
                    } else {
                        self.bench_keys.insert(key, path.to_string());
                    }
                }
            }
            "rules" => {
                let kind = s("kind");
                if let Some(first) = self.rule_kinds.get(&kind) {
                    self.issue(
                        &format!("{path}.kind"),
                        format!("\"{kind}\" is already at {first}; keep one rule of each kind"),
                    );
                } else {
                    self.rule_kinds.insert(kind, path.to_string());
                }
            }
            _ => {}
        }
    }
}

/// Checks a whole file held in memory and returns its checked rows and history (a small file, or
/// a preview); an import writes while it reads instead ([`stream`]).
pub fn parse(
    bytes: &[u8],
    known: &Known,
    operator: &str,
    now: &str,
) -> Result<stream::Collect, ImportError> {
    let mut rows = stream::Collect::default();
    match stream::read_slice(bytes, known, operator, now, &mut rows) {
        Ok(_) => Ok(rows),
        Err(stream::ReadError::Invalid(e)) => Err(e),
        Err(stream::ReadError::Sink(never)) => match never {},
    }
}
