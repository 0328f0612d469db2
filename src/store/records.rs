//! How record types (the registry in [`crate::domain::record`]) map to SQLite rows: each type's
//! explicit column list, its statements built once from the registry (never from data), and the
//! conversion between [`Cell`]s and SQLite values.

use rusqlite::types::{ToSqlOutput, ValueRef};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

pub use crate::domain::record::Record;
use crate::domain::record::{Cell, RecordSpec, column_names};

pub use crate::domain::model::{RECORD_SPECS, RECORD_TABLES};

/// A cell as a value bound to a statement (borrowed, not copied).
pub fn to_sql(cell: &Cell) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(match cell {
        Cell::Null => ValueRef::Null,
        Cell::Int(i) => ValueRef::Integer(*i),
        Cell::Text(s) => ValueRef::Text(s.as_bytes()),
    })
}

/// A column value as a cell; a value no record column holds (a real number, a blob, text that is
/// not UTF-8) is an error naming the column.
pub fn from_sql(v: ValueRef<'_>, column: &str) -> Result<Cell, String> {
    match v {
        ValueRef::Null => Ok(Cell::Null),
        ValueRef::Integer(i) => Ok(Cell::Int(i)),
        ValueRef::Text(t) => std::str::from_utf8(t)
            .map(|s| Cell::Text(s.to_string()))
            .map_err(|_| format!("{column} holds text that is not UTF-8")),
        ValueRef::Real(f) => Err(format!("{column} holds the real number {f}")),
        ValueRef::Blob(_) => Err(format!("{column} holds binary data")),
    }
}

/// A column value as the audited form writes it (what `verify` compares, whatever the column
/// holds: a tampered value must be compared, not refused).
pub fn audited_json(v: ValueRef<'_>) -> serde_json::Value {
    use serde_json::Value;
    use sha2::{Digest, Sha256};
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(format!("sha256:{}", hex::encode(Sha256::digest(b)))),
    }
}

/// The statements of one record type, built once from its registry entry.
pub struct Statements {
    /// `SELECT <every column but data> FROM t`
    pub select: String,
    /// `INSERT INTO t (<columns>[, data]) VALUES (?1, …)`
    pub insert: String,
    /// `UPDATE t SET <columns but id> WHERE id = ?1 AND version = ?N`
    pub update: String,
    /// `SELECT <every column, data included> FROM t` (what `verify` compares).
    pub select_all: String,
}

fn build(spec: &RecordSpec) -> Statements {
    let cols: Vec<&str> = column_names(spec).filter(|c| *c != "data").collect();
    let all: Vec<&str> = column_names(spec).collect();
    let table = spec.table;
    let placeholders = |n: usize| {
        (1..=n)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sets = cols
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    Statements {
        select: format!("SELECT {} FROM {table}", cols.join(", ")),
        insert: format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            all.join(", "),
            placeholders(all.len())
        ),
        update: format!(
            "UPDATE {table} SET {sets} WHERE id = ?1 AND version = ?{}",
            cols.len() + 1
        ),
        select_all: format!("SELECT {} FROM {table}", all.join(", ")),
    }
}

/// The statements of a record type (built the first time they are asked for).
pub fn statements(spec: &'static RecordSpec) -> &'static Statements {
    static ALL: OnceLock<Mutex<HashMap<&'static str, &'static Statements>>> = OnceLock::new();
    let map = ALL.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = match map.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.entry(spec.table)
        .or_insert_with(|| Box::leak(Box::new(build(spec))))
}

/// The registry entry of a record type's table.
pub fn spec_of<R: Record>() -> &'static RecordSpec {
    RECORD_SPECS
        .iter()
        .find(|s| s.table == R::TABLE)
        .unwrap_or_else(|| unreachable!("every record type is in RECORD_SPECS"))
}

/// Reads the cells of a row selected by [`Statements::select`].
pub fn row_cells(spec: &RecordSpec, row: &rusqlite::Row<'_>) -> rusqlite::Result<Vec<Cell>> {
    column_names(spec)
        .filter(|c| *c != "data")
        .enumerate()
        .map(|(i, name)| {
            from_sql(row.get_ref(i)?, name).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    format!("{}: {e}", spec.table).into(),
                )
            })
        })
        .collect()
}

/// A stored record from its selected row.
pub fn decode<R: Record>(row: &rusqlite::Row<'_>) -> rusqlite::Result<R> {
    let cells = row_cells(spec_of::<R>(), row)?;
    R::from_row(cells).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{}: {e}", R::TABLE).into(),
        )
    })
}

/// The parameters of an insert: every cell, then the data when the type has it.
pub fn insert_params<'a>(cells: &'a [Cell], data: Option<&'a [u8]>) -> Vec<ToSqlOutput<'a>> {
    let mut out: Vec<ToSqlOutput<'a>> = cells.iter().map(to_sql).collect();
    if let Some(d) = data {
        out.push(ToSqlOutput::Borrowed(ValueRef::Blob(d)));
    }
    out
}
