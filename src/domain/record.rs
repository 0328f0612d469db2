//! The registry of record types: every record type, its table and its columns are named once (in
//! [`model`](super::model), through the `records!` macro), and the store, `verify`, the exchange
//! format, its JSON Schema and the report fingerprint all take their lists from here.
//!
//! A record is one row: its [`Meta`] columns, then its own columns in the order they were added to
//! the ledger (a migration that adds a column appends it). Each column is read and written as a
//! [`Cell`], the value the ledger column holds; the audited form of a record (the snapshot the
//! audit trail keeps and `verify` compares) is its cells as JSON, defined once in [`audited`].

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::model::{LedgerData, Meta};
use super::quantity::{Milli, Unit};

/// Record types added after the report fingerprint was defined (schema 6 on): the fingerprint
/// counts such a table only once it holds a record, so reports printed before stay matching.
pub const COUNTED_WHEN_HELD: &[&str] = &["merge_conflicts"];

/// One stored value, as a ledger column holds it and as the audited form writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
}

impl Cell {
    /// The audited (canonical JSON) form of the value.
    pub fn to_json(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::from(*i),
            Cell::Text(s) => Value::String(s.clone()),
        }
    }

    /// A value of the audited form or of an import row; `None` for what no column holds.
    pub fn from_json(v: &Value) -> Option<Cell> {
        match v {
            Value::Null => Some(Cell::Null),
            Value::Bool(b) => Some(Cell::Int(i64::from(*b))),
            Value::Number(n) => n.as_i64().map(Cell::Int),
            Value::String(s) => Some(Cell::Text(s.clone())),
            _ => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Cell::Null => "empty",
            Cell::Int(_) => "a whole number",
            Cell::Text(_) => "text",
        }
    }
}

/// A Rust value kept in one ledger column.
pub trait CellValue: Sized {
    fn to_cell(&self) -> Cell;
    fn from_cell(cell: Cell) -> Result<Self, String>;
}

fn wrong(cell: &Cell, want: &str) -> String {
    format!("holds {} where {want} belongs", cell.kind())
}

impl CellValue for String {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.clone())
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        match cell {
            Cell::Text(s) => Ok(s),
            other => Err(wrong(&other, "text")),
        }
    }
}

impl CellValue for i64 {
    fn to_cell(&self) -> Cell {
        Cell::Int(*self)
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        match cell {
            Cell::Int(i) => Ok(i),
            other => Err(wrong(&other, "a whole number")),
        }
    }
}

/// Kept as 0 or 1 (an INTEGER column; 0.1.0 ledgers audited it so).
impl CellValue for bool {
    fn to_cell(&self) -> Cell {
        Cell::Int(i64::from(*self))
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        match cell {
            Cell::Int(0) => Ok(false),
            Cell::Int(1) => Ok(true),
            other => Err(wrong(&other, "0 or 1")),
        }
    }
}

impl CellValue for Milli {
    fn to_cell(&self) -> Cell {
        Cell::Int(self.0)
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        i64::from_cell(cell).map(Milli)
    }
}

/// The hyphenated lower-case form, which is how the ledger stores and finds an id.
impl CellValue for Uuid {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.to_string())
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        let s = String::from_cell(cell)?;
        Uuid::parse_str(&s).map_err(|_| format!("{s:?} is not a UUID"))
    }
}

/// "YYYY-MM-DD".
impl CellValue for NaiveDate {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.format("%Y-%m-%d").to_string())
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        let s = String::from_cell(cell)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| format!("{s:?} is not a date"))
    }
}

/// "YYYY-MM-DDTHH:MM:SS" (with a fraction only when there is one), as 0.1.0 wrote it.
impl CellValue for NaiveDateTime {
    fn to_cell(&self) -> Cell {
        Cell::Text(format!("{self:?}"))
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        let s = String::from_cell(cell)?;
        s.parse::<NaiveDateTime>()
            .map_err(|_| format!("{s:?} is not a date and time"))
    }
}

impl CellValue for Unit {
    fn to_cell(&self) -> Cell {
        Cell::Text(self.code().to_string())
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        let s = String::from_cell(cell)?;
        Unit::from_code(&s).ok_or_else(|| format!("{s:?} is not a unit"))
    }
}

impl<T: CellValue> CellValue for Option<T> {
    fn to_cell(&self) -> Cell {
        self.as_ref().map_or(Cell::Null, T::to_cell)
    }
    fn from_cell(cell: Cell) -> Result<Self, String> {
        match cell {
            Cell::Null => Ok(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

/// How a column is written in the exchange format and checked when it comes in.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// One line of text (names), at most this many characters, no control characters.
    Line(usize),
    /// Free text (notes), at most this many characters; tabs and line breaks allowed.
    Text(usize),
    /// A required date "YYYY-MM-DD".
    Date,
    OptDate,
    /// "YYYY-MM-DDTHH:MM:SS" (local time of the reading).
    DateTime,
    /// RFC 3339 time stamp, optional.
    OptStamp,
    /// A non-negative decimal number in the base unit (at most 3 decimals).
    Qty,
    OptQty,
    /// A decimal that may be negative (temperatures, thresholds).
    Signed,
    OptSigned,
    /// A whole number in a range.
    Int(i64, i64),
    OptInt(i64, i64),
    /// The id of a record of this table (in the file or already in the ledger).
    Ref(&'static str),
    OptRef(&'static str),
    /// The id of a record of the table named by the "owner_kind" field.
    OwnerRef,
    /// One of these codes.
    Code(fn() -> Vec<&'static str>),
    /// A unit code.
    Unit,
    /// Where a record was born (empty for this ledger): one line, and left out of files made
    /// before schema version 5 (read as empty).
    Origin,
    /// Computed from the record's data (a photo's SHA-256 and size): not in the exchange format.
    FromData,
    /// One line of text, at most this many characters, added to a record type after format 1:
    /// left out of files made before, it reads as empty (a bench's site code, schema 9).
    AddedLine(usize),
}

impl Field {
    pub fn optional(self) -> bool {
        matches!(
            self,
            Field::OptDate
                | Field::OptStamp
                | Field::OptQty
                | Field::OptSigned
                | Field::OptInt(..)
                | Field::OptRef(_)
        )
    }

    /// May be left out of an exchange file: read as empty text (a column added after format 1).
    pub fn defaults_to_empty(self) -> bool {
        matches!(self, Field::Origin | Field::AddedLine(_))
    }
}

/// One column of a record type, after the [`Meta`] columns.
pub type ColumnSpec = (&'static str, Field);

/// A record type as data: its table and columns.
#[derive(Debug)]
pub struct RecordSpec {
    pub table: &'static str,
    pub columns: &'static [ColumnSpec],
    /// Photos keep their bytes in a `data` column, audited as "sha256:<hex>".
    pub has_data: bool,
}

impl RecordSpec {
    /// The columns the exchange format carries (those not computed from the data).
    pub fn exchanged(&self) -> impl Iterator<Item = &'static ColumnSpec> {
        self.columns
            .iter()
            .filter(|(_, f)| !matches!(f, Field::FromData))
    }
}

/// The columns every record has, first and in this order.
pub const META_COLUMNS: &[&str] = &[
    "id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
];

impl Meta {
    pub fn cells(&self) -> [Cell; 6] {
        [
            self.id.to_cell(),
            self.created_at.to_cell(),
            self.created_by.to_cell(),
            self.updated_at.to_cell(),
            self.updated_by.to_cell(),
            self.version.to_cell(),
        ]
    }

    pub fn from_cells(cells: &mut impl Iterator<Item = Cell>) -> Result<Meta, String> {
        Ok(Meta {
            id: take(cells, "id")?,
            created_at: take(cells, "created_at")?,
            created_by: take(cells, "created_by")?,
            updated_at: take(cells, "updated_at")?,
            updated_by: take(cells, "updated_by")?,
            version: take(cells, "version")?,
        })
    }
}

/// The next cell as a `T`; the error names the column.
pub fn take<T: CellValue>(
    cells: &mut impl Iterator<Item = Cell>,
    column: &str,
) -> Result<T, String> {
    let cell = cells
        .next()
        .ok_or_else(|| format!("{column}: the column is missing"))?;
    T::from_cell(cell).map_err(|e| format!("{column} {e}"))
}

/// A record type of the ledger. Implemented only through `records!` in [`model`](super::model).
pub trait Record: Clone + PartialEq + std::fmt::Debug + Send + Sync + 'static {
    const TABLE: &'static str;
    /// The columns after the meta columns, in ledger order.
    const COLUMNS: &'static [ColumnSpec];
    const HAS_DATA: bool;
    const SPEC: RecordSpec = RecordSpec {
        table: Self::TABLE,
        columns: Self::COLUMNS,
        has_data: Self::HAS_DATA,
    };
    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;
    /// Approved or verified: changing or deleting it needs a reason.
    fn locked(&self) -> bool;
    /// The values of [`Record::COLUMNS`], in that order.
    fn cells(&self) -> Vec<Cell>;
    /// A record from its meta and its columns' values (in [`Record::COLUMNS`] order).
    fn from_cells(meta: Meta, cells: &mut dyn Iterator<Item = Cell>) -> Result<Self, String>;
    /// This type's records in a whole ledger's data.
    fn all(data: &LedgerData) -> &Vec<Self>;
    fn all_mut(data: &mut LedgerData) -> &mut Vec<Self>;

    /// Every column's value, meta first, in ledger order.
    fn row(&self) -> Vec<Cell> {
        let mut out = Vec::with_capacity(META_COLUMNS.len() + Self::COLUMNS.len());
        out.extend(self.meta().cells());
        out.extend(self.cells());
        out
    }

    /// A record from all its columns' values (meta first), as [`Record::row`] gives them.
    fn from_row(row: Vec<Cell>) -> Result<Self, String> {
        let mut cells = row.into_iter();
        let meta = Meta::from_cells(&mut cells)?;
        Self::from_cells(meta, &mut cells)
    }
}

/// Every column name of a record type in ledger order: meta, own columns, then `data`.
pub fn column_names(spec: &RecordSpec) -> impl Iterator<Item = &'static str> {
    META_COLUMNS
        .iter()
        .copied()
        .chain(spec.columns.iter().map(|(n, _)| *n))
        .chain(spec.has_data.then_some("data"))
}

/// The audited form of a row: column name → value, keys sorted (canonical JSON). `data_hash` is
/// the SHA-256 (hex) of a photo's bytes, audited as "sha256:<hex>".
pub fn audited(spec: &RecordSpec, row: &[Cell], data_hash: Option<&str>) -> Map<String, Value> {
    let mut m = Map::new();
    for (name, cell) in column_names(spec).zip(row) {
        m.insert(name.to_string(), cell.to_json());
    }
    if spec.has_data {
        m.insert(
            "data".into(),
            data_hash.map_or(Value::Null, |h| Value::String(format!("sha256:{h}"))),
        );
    }
    m
}

/// The positions of a record type's audited columns ([`column_names`]) in the order the
/// canonical JSON writes them: sorted by name, as a JSON object's keys are in the audited form.
fn sorted_columns(spec: &RecordSpec) -> &'static [usize] {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static ALL: OnceLock<Mutex<HashMap<&'static str, &'static [usize]>>> = OnceLock::new();
    let map = ALL.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = match map.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.entry(spec.table).or_insert_with(|| {
        let names: Vec<&str> = column_names(spec).collect();
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by_key(|&i| names[i]);
        Box::leak(order.into_boxed_slice())
    })
}

/// Writes the audited form of a row as canonical JSON (keys sorted, compact): the same bytes as
/// serialising [`audited`]'s map, without building it. `keep` chooses the columns written.
fn write_audited(
    spec: &RecordSpec,
    row: &[Cell],
    data_hash: Option<&str>,
    keep: impl Fn(&str) -> bool,
    out: &mut Vec<u8>,
) {
    let names: Vec<&'static str> = column_names(spec).collect();
    out.push(b'{');
    let mut first = true;
    for &i in sorted_columns(spec) {
        let name = names[i];
        if !keep(name) {
            continue;
        }
        let data = spec.has_data && name == "data";
        // A row shorter than its columns writes only the columns it has (as `audited` does).
        if !data && i >= row.len() {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        // Writing into memory cannot fail, nor can serialising strings and integers.
        let _ = serde_json::to_writer(&mut *out, name);
        out.push(b':');
        if data {
            match data_hash {
                Some(h) => {
                    let _ = serde_json::to_writer(&mut *out, &format!("sha256:{h}"));
                }
                None => out.extend_from_slice(b"null"),
            }
            continue;
        }
        match &row[i] {
            Cell::Null => out.extend_from_slice(b"null"),
            Cell::Int(n) => {
                let _ = serde_json::to_writer(&mut *out, n);
            }
            Cell::Text(s) => {
                let _ = serde_json::to_writer(&mut *out, s);
            }
        }
    }
    out.push(b'}');
}

/// The audited form of a row ([`audited`]) as the canonical JSON text the audit trail keeps.
pub fn audited_text(spec: &RecordSpec, row: &[Cell], data_hash: Option<&str>) -> String {
    let mut out = Vec::with_capacity(64 * row.len());
    write_audited(spec, row, data_hash, |_| true, &mut out);
    // serde_json writes UTF-8; the names are ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// A digest of a record's columns: two records with the same digest say the same. `meta`: whether
/// the id, stamps, version and origin count (a record met again as it was), or only what the
/// record says (a merged edit, or the same default rule made in two ledgers). A photo's bytes
/// count through its `sha256` column.
pub fn digest(spec: &RecordSpec, row: &[Cell], meta: bool) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut text = Vec::with_capacity(64 * row.len());
    // Where a record was born (`origin`) is provenance, not what it says.
    write_audited(
        spec,
        row,
        None,
        |k| meta || !(META_COLUMNS.contains(&k) || k == "origin"),
        &mut text,
    );
    Sha256::digest(&text).into()
}

/// A record from its exchange or audited columns (looked up by name; a missing one is empty).
pub fn from_columns<R: Record>(cols: &Map<String, Value>) -> Result<R, String> {
    let mut row = Vec::with_capacity(META_COLUMNS.len() + R::COLUMNS.len());
    for name in META_COLUMNS
        .iter()
        .copied()
        .chain(R::COLUMNS.iter().map(|(n, _)| *n))
    {
        let v = cols.get(name).unwrap_or(&Value::Null);
        row.push(Cell::from_json(v).ok_or_else(|| format!("{name}: {v} is not a column value"))?);
    }
    R::from_row(row).map_err(|e| format!("{}: {e}", R::TABLE))
}

/// Something done once for every record type (`records!` lists them; [`visit_record_types`]
/// calls [`RecordVisitor::visit`] for each, parents first).
pub trait RecordVisitor {
    type Error;
    fn visit<R: Record>(&mut self) -> Result<(), Self::Error>;
}

/// Calls `visitor` for the record type of `table`; `Ok(false)` when no record type has it.
pub fn visit_table<V: RecordVisitor>(table: &str, visitor: &mut V) -> Result<bool, V::Error> {
    struct One<'a, V> {
        table: &'a str,
        visitor: &'a mut V,
        found: bool,
    }
    impl<V: RecordVisitor> RecordVisitor for One<'_, V> {
        type Error = V::Error;
        fn visit<R: Record>(&mut self) -> Result<(), V::Error> {
            if R::TABLE == self.table {
                self.found = true;
                self.visitor.visit::<R>()?;
            }
            Ok(())
        }
    }
    let mut one = One {
        table,
        visitor,
        found: false,
    };
    super::model::visit_record_types(&mut one)?;
    Ok(one.found)
}

/// Whether a record of `table` counts in a report whose period ends on `to`, `value` giving its
/// stored columns as text: records dated after `to` (a completed work, a planting, a survey, an
/// after-care entry, a problem found, a reading taken, a sign-off, a dumping period begun) are
/// left out; planned works, benches, piles, rules and photos always count. One definition for the
/// report's view of its period ([`records_as_of`]) and for audit entries (which changes can touch
/// a period report).
pub fn counts_as_of(table: &str, to: NaiveDate, value: &dyn Fn(&str) -> Option<String>) -> bool {
    let column = match table {
        "dumping_records" => "period_start",
        "works" if value("phase").as_deref() == Some("planned") => return true,
        "works" | "plantings" | "surveys" | "aftercare" | "sign_offs" => "date",
        "problems" => "found_on",
        "readings" => "taken_at",
        _ => return true,
    };
    // A date, or the day of a time stamp ("2023-05-01T08:30:00Z").
    value(column)
        .and_then(|v| NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok())
        .is_none_or(|day| day <= to)
}

/// The records of `data` that count in a report whose period ends on `to` ([`counts_as_of`]).
pub fn records_as_of(data: &LedgerData, to: NaiveDate) -> LedgerData {
    struct Keep<'a> {
        to: NaiveDate,
        out: &'a mut LedgerData,
    }
    impl RecordVisitor for Keep<'_> {
        type Error = std::convert::Infallible;
        fn visit<R: Record>(&mut self) -> Result<(), Self::Error> {
            let to = self.to;
            R::all_mut(self.out).retain(|r| {
                let cells = r.cells();
                let value = |column: &str| match R::COLUMNS
                    .iter()
                    .position(|(n, _)| *n == column)
                    .and_then(|i| cells.get(i))
                {
                    Some(Cell::Text(s)) => Some(s.clone()),
                    _ => None,
                };
                counts_as_of(R::TABLE, to, &value)
            });
            Ok(())
        }
    }
    let mut out = data.clone();
    let Ok(()) = super::model::visit_record_types(&mut Keep { to, out: &mut out });
    out
}

/// Whether an audited change can touch a report whose period ends on `to`: a record of it counted
/// before or after the change ([`counts_as_of`] of either side); a change of anything but a record
/// always can.
pub fn change_counts_as_of(
    table: &str,
    old: Option<&str>,
    new: Option<&str>,
    to: NaiveDate,
) -> bool {
    if !super::model::RECORD_TABLES.contains(&table) {
        return true;
    }
    let side = |json: Option<&str>| {
        let Some(map) = json.and_then(|j| serde_json::from_str::<Map<String, Value>>(j).ok())
        else {
            return false;
        };
        counts_as_of(table, to, &|c| {
            map.get(c).and_then(Value::as_str).map(str::to_string)
        })
    };
    side(old) || side(new) || (old.is_none() && new.is_none())
}

/// [`change_counts_as_of`] of an audit entry.
pub fn entry_counts_as_of(e: &super::AuditEntry, to: NaiveDate) -> bool {
    change_counts_as_of(
        &e.table_name,
        e.old_value.as_deref(),
        e.new_value.as_deref(),
        to,
    )
}

/// How many records of each table name the record `id` of `table` (a pile's works, benches,
/// monitoring points …), parents first; tables with none are left out. Read from the registry's
/// reference columns, so a reference added to a record type is counted without a change here.
pub fn referrers(data: &LedgerData, table: &str, id: Uuid) -> Vec<(&'static str, usize)> {
    struct Count<'a> {
        data: &'a LedgerData,
        table: &'a str,
        id: Cell,
        found: Vec<(&'static str, usize)>,
    }
    impl RecordVisitor for Count<'_> {
        type Error = std::convert::Infallible;
        fn visit<R: Record>(&mut self) -> Result<(), Self::Error> {
            let columns: Vec<usize> = R::COLUMNS
                .iter()
                .enumerate()
                .filter(
                    |(_, (_, f))| matches!(f, Field::Ref(t) | Field::OptRef(t) if *t == self.table),
                )
                .map(|(i, _)| i)
                .collect();
            if columns.is_empty() {
                return Ok(());
            }
            let n = R::all(self.data)
                .iter()
                .filter(|r| {
                    let cells = r.cells();
                    columns.iter().any(|i| cells.get(*i) == Some(&self.id))
                })
                .count();
            if n > 0 {
                self.found.push((R::TABLE, n));
            }
            Ok(())
        }
    }
    let mut count = Count {
        data,
        table,
        id: id.to_cell(),
        found: Vec::new(),
    };
    match super::model::visit_record_types(&mut count) {
        Ok(()) => count.found,
        Err(never) => match never {},
    }
}

/// The record spec of a table, if a record type has it.
pub fn record_spec(table: &str) -> Option<&'static RecordSpec> {
    super::model::RECORD_SPECS.iter().find(|s| s.table == table)
}

/// Declares the record types: each struct, its table and its columns with their exchange kinds,
/// and from that one list the registry: [`LedgerData`], `RECORD_SPECS`, `RECORD_TABLES` and
/// `visit_record_types` (in the order written, which is parents first).
macro_rules! records {
    (@has_data) => { false };
    (@has_data $d:ident) => { true };
    (@locked $self_:ident) => { false };
    (@locked $self_:ident |$s:ident| $locked:expr) => {{ let $s = $self_; $locked }};
    ($(
        $(#[$sm:meta])*
        $name:ident in $table:ident $([$data:ident])? $(locked(|$s:ident| $locked:expr))? {
            $( $(#[$fm:meta])* $f:ident : $ty:ty = $kind:expr ),* $(,)?
        }
    )*) => {
        $(
            $(#[$sm])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $name {
                #[serde(flatten)]
                pub meta: Meta,
                $( $(#[$fm])* pub $f: $ty, )*
            }

            impl $crate::domain::record::Record for $name {
                const TABLE: &'static str = stringify!($table);
                const COLUMNS: &'static [$crate::domain::record::ColumnSpec] =
                    &[$( (stringify!($f), $kind) ),*];
                const HAS_DATA: bool = records!(@has_data $($data)?);
                fn meta(&self) -> &Meta {
                    &self.meta
                }
                fn meta_mut(&mut self) -> &mut Meta {
                    &mut self.meta
                }
                fn locked(&self) -> bool {
                    records!(@locked self $(|$s| $locked)?)
                }
                fn cells(&self) -> Vec<$crate::domain::record::Cell> {
                    use $crate::domain::record::CellValue;
                    vec![$( self.$f.to_cell() ),*]
                }
                fn from_cells(
                    meta: Meta,
                    cells: &mut dyn Iterator<Item = $crate::domain::record::Cell>,
                ) -> Result<Self, String> {
                    let mut cells = cells;
                    Ok($name {
                        meta,
                        $( $f: $crate::domain::record::take(&mut cells, stringify!($f))?, )*
                    })
                }
                fn all(data: &LedgerData) -> &Vec<Self> {
                    &data.$table
                }
                fn all_mut(data: &mut LedgerData) -> &mut Vec<Self> {
                    &mut data.$table
                }
            }
        )*

        /// Every record of a ledger, loaded at once: what summaries, reports and exports are
        /// computed from. One field per record type, named after its table.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct LedgerData {
            $( pub $table: Vec<$name>, )*
        }

        impl LedgerData {
            /// Number of records of every type.
            pub fn record_count(&self) -> usize {
                0 $( + self.$table.len() )*
            }
        }

        /// Every record type, parents first (the order records are inserted in).
        pub const RECORD_SPECS: &[$crate::domain::record::RecordSpec] =
            &[$( <$name as $crate::domain::record::Record>::SPEC ),*];

        /// Every record table, parents first.
        pub const RECORD_TABLES: &[&str] = &[$( stringify!($table) ),*];

        /// Calls `visitor` once for every record type, parents first.
        pub fn visit_record_types<V: $crate::domain::record::RecordVisitor>(
            visitor: &mut V,
        ) -> Result<(), V::Error> {
            $( visitor.visit::<$name>()?; )*
            Ok(())
        }
    };
}
pub(crate) use records;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;

    /// The audit trail keeps the text `audited_text` writes and `verify` hashes the map
    /// `audited` gives: the two must be the same bytes, escapes, photos and short rows included.
    #[test]
    fn the_audited_text_is_the_audited_map_serialised() {
        let tricky = "补植 \"quoted\" \\ \u{7} \t tab\n line \u{2028} 😀";
        for spec in crate::domain::model::RECORD_SPECS {
            let n = column_names(spec).filter(|c| *c != "data").count();
            let row: Vec<Cell> = (0..n)
                .map(|i| match i % 3 {
                    0 => Cell::Text(format!("{tricky} {i}")),
                    1 => Cell::Int(i as i64 * -7_000_000_001),
                    _ => Cell::Null,
                })
                .collect();
            for hash in [None, Some("ab12")] {
                for row in [&row[..], &row[..n / 2]] {
                    let map = audited(spec, row, hash);
                    assert_eq!(
                        audited_text(spec, row, hash),
                        serde_json::to_string(&map).unwrap(),
                        "{}",
                        spec.table
                    );
                }
            }
            let mut said = audited(spec, &row, None);
            said.retain(|k, _| !META_COLUMNS.contains(&k.as_str()) && k != "origin");
            use sha2::{Digest, Sha256};
            let want: [u8; 32] = Sha256::digest(serde_json::to_string(&said).unwrap()).into();
            assert_eq!(digest(spec, &row, false), want, "{}", spec.table);
        }
    }

    #[test]
    fn referrers_counts_the_records_naming_a_pile_by_table_and_leaves_others_out() {
        let meta = || Meta::new("test", &Stamp::parse("2024-01-01T00:00:00Z").unwrap());
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let pile = Pile {
            meta: meta(),
            mine_id: Uuid::nil(),
            name: "P".into(),
            location: String::new(),
            dumping_since: day,
            status: PileStatus::InUse,
            closed_on: None,
            greenable_area: None,
            plan_reference: String::new(),
            note: String::new(),
        };
        let work = |pile_id| Work {
            meta: meta(),
            pile_id,
            phase: WorkPhase::Completed,
            kind: WorkKind::Greening,
            bench_id: None,
            quantity: Milli::from_whole(1),
            unit: Unit::M2,
            date: day,
            thickness: None,
            contractor: String::new(),
            note: String::new(),
        };
        let mut data = LedgerData {
            works: vec![work(pile.meta.id), work(pile.meta.id), work(Uuid::nil())],
            ..Default::default()
        };
        data.monitoring_points.push(MonitoringPoint {
            meta: meta(),
            pile_id: pile.meta.id,
            name: "T1".into(),
            bench_id: None,
            location: String::new(),
            note: String::new(),
        });
        let id = pile.meta.id;
        data.piles.push(pile);
        assert_eq!(
            referrers(&data, "piles", id),
            [("works", 2), ("monitoring_points", 1)]
        );
        assert!(referrers(&data, "piles", Uuid::new_v4()).is_empty());
        // The pile itself names its mine.
        assert_eq!(referrers(&data, "mines", Uuid::nil()), [("piles", 1)]);
    }
}
