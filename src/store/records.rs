//! How domain records map to ledger rows: one flat struct is one row, field names are column names.

use rusqlite::types::{Value as SqlValue, ValueRef};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::domain::*;

/// A domain record kept in its own ledger table.
pub trait Record: Serialize + DeserializeOwned + Clone {
    const TABLE: &'static str;
    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;
    /// Approved or verified: changing or deleting it needs a reason.
    fn locked(&self) -> bool {
        false
    }
}

macro_rules! record {
    ($t:ty, $table:literal) => {
        impl Record for $t {
            const TABLE: &'static str = $table;
            fn meta(&self) -> &Meta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut Meta {
                &mut self.meta
            }
        }
    };
    ($t:ty, $table:literal, |$s:ident| $locked:expr) => {
        impl Record for $t {
            const TABLE: &'static str = $table;
            fn meta(&self) -> &Meta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut Meta {
                &mut self.meta
            }
            fn locked(&self) -> bool {
                let $s = self;
                $locked
            }
        }
    };
}

record!(Mine, "mines");
record!(Pile, "piles");
record!(DumpingRecord, "dumping_records");
record!(Bench, "benches");
record!(Work, "works");
record!(Planting, "plantings");
record!(SurvivalSurvey, "surveys");
record!(AftercareEntry, "aftercare", |s| s.review
    == ReviewState::Approved);
record!(Photo, "photos");
record!(Problem, "problems", |s| s.status == ProblemStatus::Verified);
record!(MonitoringPoint, "monitoring_points");
record!(Reading, "readings");
record!(Rule, "rules");
record!(SignOff, "sign_offs");

/// Every record table, in the order records must be inserted (parents first).
pub const RECORD_TABLES: &[&str] = &[
    "mines",
    "piles",
    "dumping_records",
    "benches",
    "works",
    "plantings",
    "surveys",
    "aftercare",
    "photos",
    "problems",
    "monitoring_points",
    "readings",
    "rules",
    "sign_offs",
];

/// The name of a record table as a static string, if it is one.
pub fn table_name(name: &str) -> Option<&'static str> {
    RECORD_TABLES.iter().copied().find(|t| *t == name)
}

/// A record as the columns it is stored in.
pub fn to_columns<R: Record>(r: &R) -> Result<Map<String, Value>, String> {
    match serde_json::to_value(r) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(format!("{} is not a flat record", R::TABLE)),
        Err(e) => Err(e.to_string()),
    }
}

pub fn json_to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// A column value as JSON; a blob becomes "sha256:<hex>" so snapshots stay small and still pin it.
pub fn sql_to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(format!("sha256:{}", hex::encode(Sha256::digest(b)))),
    }
}

/// Reads every column of the current row into a JSON object (keys sorted: canonical).
pub fn row_to_map(row: &rusqlite::Row<'_>) -> rusqlite::Result<Map<String, Value>> {
    let stmt = row.as_ref();
    let mut m = Map::new();
    for i in 0..stmt.column_count() {
        let name = stmt.column_name(i)?.to_string();
        m.insert(name, sql_to_json(row.get_ref(i)?));
    }
    Ok(m)
}

fn try_decode<R: Record>(cols: &Map<String, Value>) -> Result<(), String> {
    let mut m = cols.clone();
    m.remove("data");
    serde_json::from_value::<R>(Value::Object(m))
        .map(|_| ())
        .map_err(|e| format!("{}: {}", R::TABLE, e))
}

/// Checks that columns make a valid record of `table` before they are written.
pub fn check_decodes(table: &str, cols: &Map<String, Value>) -> Result<(), String> {
    match table {
        "mines" => try_decode::<Mine>(cols),
        "piles" => try_decode::<Pile>(cols),
        "dumping_records" => try_decode::<DumpingRecord>(cols),
        "benches" => try_decode::<Bench>(cols),
        "works" => try_decode::<Work>(cols),
        "plantings" => try_decode::<Planting>(cols),
        "surveys" => try_decode::<SurvivalSurvey>(cols),
        "aftercare" => try_decode::<AftercareEntry>(cols),
        "photos" => try_decode::<Photo>(cols),
        "problems" => try_decode::<Problem>(cols),
        "monitoring_points" => try_decode::<MonitoringPoint>(cols),
        "readings" => try_decode::<Reading>(cols),
        "rules" => try_decode::<Rule>(cols),
        "sign_offs" => try_decode::<SignOff>(cols),
        other => Err(format!("no table {other}")),
    }
}
