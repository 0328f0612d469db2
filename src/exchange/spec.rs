//! The tables of the exchange format are the ledger's record types (the registry in
//! [`crate::domain::record`]): import, export and the JSON Schema all take their fields from it.

pub use crate::domain::record::{Field, META_COLUMNS as META_FIELDS, RecordSpec as TableSpec};

/// Every table of the exchange format, parents first.
pub const TABLES: &[TableSpec] = crate::domain::model::RECORD_SPECS;

pub fn table_spec(table: &str) -> Option<&'static TableSpec> {
    crate::domain::record::record_spec(table)
}
