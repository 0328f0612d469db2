//! The schema's history: numbered migrations, each SQL and optionally a Rust step, applied in one
//! transaction. A migration that adds columns to record tables writes one audit entry of its own
//! (table `schema`) saying that the ledger moved from version n to n+1 and which columns every
//! existing record gained with which value: `verify` reads audited states written before that
//! entry with those columns added, so every record still verifies after the upgrade, and a report
//! printed before it still matches (its fingerprint is taken without those columns).

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value, json};

use super::audit::GENESIS;
use crate::domain::AuditEntry;

/// The `table_name` of the audit entries migrations write.
pub const SCHEMA_TABLE: &str = "schema";

/// The value every existing row gets in an added column.
#[derive(Debug, Clone, Copy)]
pub enum Default {
    Text(&'static str),
    Int(i64),
    Null,
}

impl Default {
    pub fn to_json(self) -> Value {
        match self {
            Default::Text(s) => Value::from(s),
            Default::Int(i) => Value::from(i),
            Default::Null => Value::Null,
        }
    }
}

/// A column a migration appends to a record table.
#[derive(Debug, Clone, Copy)]
pub struct AddedColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub default: Default,
}

/// A Rust step of a migration: runs after its SQL, inside the same transaction.
pub type Step = fn(&Transaction<'_>) -> rusqlite::Result<()>;

/// One numbered change of the schema; the ledger's `user_version` is how many were applied.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
    /// The columns its SQL appends to record tables (`ALTER TABLE … ADD COLUMN … DEFAULT …`).
    pub added_columns: &'static [AddedColumn],
    pub step: Option<Step>,
}

/// Every migration, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_initial",
        sql: include_str!("../../schemas/migrations/0001_initial.sql"),
        added_columns: &[],
        step: None,
    },
    Migration {
        name: "0002_sign_offs",
        sql: include_str!("../../schemas/migrations/0002_sign_offs.sql"),
        added_columns: &[],
        step: None,
    },
    Migration {
        name: "0003_checkpoints",
        sql: include_str!("../../schemas/migrations/0003_checkpoints.sql"),
        added_columns: &[],
        step: None,
    },
    Migration {
        name: "0004_accounts",
        sql: include_str!("../../schemas/migrations/0004_accounts.sql"),
        added_columns: &[],
        step: None,
    },
    Migration {
        name: "0005_origin",
        sql: include_str!("../../schemas/migrations/0005_origin.sql"),
        added_columns: &[
            AddedColumn {
                table: "aftercare",
                column: "origin",
                default: Default::Text(""),
            },
            AddedColumn {
                table: "photos",
                column: "origin",
                default: Default::Text(""),
            },
            AddedColumn {
                table: "problems",
                column: "origin",
                default: Default::Text(""),
            },
        ],
        step: None,
    },
    Migration {
        name: "0006_merge_conflicts",
        sql: include_str!("../../schemas/migrations/0006_merge_conflicts.sql"),
        added_columns: &[],
        step: None,
    },
    Migration {
        name: "0007_rule_stale_limit",
        sql: include_str!("../../schemas/migrations/0007_rule_stale_limit.sql"),
        added_columns: &[AddedColumn {
            table: "rules",
            column: "stale_after_days",
            default: Default::Null,
        }],
        step: None,
    },
    Migration {
        name: "0008_plain_checks",
        sql: include_str!("../../schemas/migrations/0008_plain_checks.sql"),
        added_columns: &[],
        step: Some(reload_schema),
    },
    Migration {
        name: "0009_bench_code",
        sql: include_str!("../../schemas/migrations/0009_bench_code.sql"),
        added_columns: &[AddedColumn {
            table: "benches",
            column: "code",
            default: Default::Text(""),
        }],
        step: None,
    },
    Migration {
        name: "0010_printed_reports",
        sql: include_str!("../../schemas/migrations/0010_printed_reports.sql"),
        added_columns: &[],
        step: None,
    },
];

/// Makes every connection read the schema text again after a migration changed it in place
/// (SQLite's procedure for changing a CHECK: the schema cookie goes up by one).
fn reload_schema(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let cookie: i64 = tx.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    tx.pragma_update(None, "schema_version", cookie + 1)
}

/// Who the audit entries of an upgrade name.
pub fn upgrade_operator() -> String {
    format!("Restoration Ledger {}", env!("CARGO_PKG_VERSION"))
}

/// The audit entry's old and new values saying that migration `index` (0-based) moved the
/// ledger on: `{"version": n}` → `{"version": n+1, "migration": …, "added_columns": {…}}`.
pub(crate) fn schema_entry_values(
    index: usize,
    m: &Migration,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut added = Map::new();
    for c in m.added_columns {
        let table = added
            .entry(c.table.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(cols) = table {
            cols.insert(c.column.to_string(), c.default.to_json());
        }
    }
    let mut old = Map::new();
    old.insert("version".into(), json!(index));
    let mut new = Map::new();
    new.insert("version".into(), json!(index + 1));
    new.insert("migration".into(), json!(m.name));
    new.insert("added_columns".into(), Value::Object(added));
    (old, new)
}

/// The reason the upgrade entry of migration `index` (0-based) gives.
pub(crate) fn upgrade_reason(index: usize, m: &Migration) -> String {
    format!(
        "upgrade of the ledger to schema version {}: {}",
        index + 1,
        m.name
    )
}

/// The schema version of exchange files that do not say theirs (made before schema version 5,
/// which added the first columns to record tables).
pub const UNSTATED_EXPORT_VERSION: i64 = 4;

/// The columns (table → column → value) a schema audit entry says every earlier record gained.
pub fn added_by_entry(e: &AuditEntry) -> Option<Map<String, Value>> {
    if e.table_name != SCHEMA_TABLE {
        return None;
    }
    let new: Value = serde_json::from_str(e.new_value.as_deref()?).ok()?;
    new.get("added_columns")?.as_object().cloned()
}

/// Appends an audit entry right after the current head (in `tx`), and moves the head on.
pub(crate) fn append_entry(
    tx: &Transaction<'_>,
    table: &str,
    record_id: &str,
    old: String,
    new: String,
    reason: &str,
    operator: &str,
) -> rusqlite::Result<AuditEntry> {
    let (seq, prev) = tx
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let mut e = AuditEntry {
        seq: seq + 1,
        at: crate::clock::now_utc(),
        operator: operator.to_string(),
        table_name: table.to_string(),
        record_id: record_id.to_string(),
        action: "update".into(),
        old_value: Some(old),
        new_value: Some(new),
        reason: reason.to_string(),
        prev_hash: prev,
        hash: String::new(),
    };
    e.hash = e.compute_hash();
    tx.execute(
        "INSERT INTO audit_log (seq, at, operator, table_name, record_id, action, old_value, new_value, reason, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        rusqlite::params![
            e.seq, e.at, e.operator, e.table_name, e.record_id, e.action,
            e.old_value, e.new_value, e.reason, e.prev_hash, e.hash
        ],
    )?;
    tx.execute(
        "INSERT INTO ledger_info (key, value) VALUES ('audit_head', ?1), ('audit_count', ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        rusqlite::params![e.hash, e.seq.to_string()],
    )?;
    Ok(e)
}

/// Records in the audit trail that migration `m` (number `index + 1`) added columns, when the
/// trail has entries whose audited states lack them.
pub(crate) fn record_upgrade(
    tx: &Transaction<'_>,
    index: usize,
    m: &Migration,
) -> rusqlite::Result<()> {
    if m.added_columns.is_empty() {
        return Ok(());
    }
    let entries: i64 = tx.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    if entries == 0 {
        return Ok(());
    }
    let (old, new) = schema_entry_values(index, m);
    append_entry(
        tx,
        SCHEMA_TABLE,
        "version",
        Value::Object(old).to_string(),
        Value::Object(new).to_string(),
        &upgrade_reason(index, m),
        &upgrade_operator(),
    )
    .map(|_| ())
}

/// Applies `migrations[from..to]` in `tx`: for each its SQL, its Rust step, its audit entry,
/// and the new `user_version`.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    migrations: &[Migration],
    from: usize,
    to: usize,
) -> rusqlite::Result<()> {
    for (i, m) in migrations.iter().enumerate().take(to).skip(from) {
        tx.execute_batch(m.sql)?;
        if let Some(step) = m.step {
            step(tx)?;
        }
        record_upgrade(tx, i, m)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(tx: &Transaction<'_>) -> rusqlite::Result<()> {
        // A data step: fills the new column from an existing one.
        tx.execute("UPDATE mines SET region = name || ' region'", [])
            .map(|_| ())
    }

    const WITH_STEP: &[Migration] = &[
        MIGRATIONS[0],
        Migration {
            name: "9999_test_region",
            sql: "ALTER TABLE mines ADD COLUMN region TEXT NOT NULL DEFAULT '';",
            added_columns: &[AddedColumn {
                table: "mines",
                column: "region",
                default: Default::Text(""),
            }],
            step: Some(mark),
        },
    ];

    #[test]
    fn a_migration_runs_its_sql_then_its_rust_step_and_records_the_upgrade_once() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        apply(&tx, WITH_STEP, 0, 1).unwrap();
        tx.execute(
            "INSERT INTO mines (id, created_at, created_by, updated_at, updated_by, version, name, company, location, note)
             VALUES ('m', 't', 'o', 't', 'o', 1, '华阳二矿', '', '', '')",
            [],
        )
        .unwrap();
        append_entry(&tx, "mines", "m", "{}".into(), "{}".into(), "", "o").unwrap();
        apply(&tx, WITH_STEP, 1, 2).unwrap();
        let region: String = tx
            .query_row("SELECT region FROM mines", [], |r| r.get(0))
            .unwrap();
        assert_eq!(region, "华阳二矿 region");
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 2);
        let (table, new): (String, String) = tx
            .query_row(
                "SELECT table_name, new_value FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(table, SCHEMA_TABLE);
        assert!(
            new.contains("\"region\":\"\"") && new.contains("9999_test_region"),
            "{new}"
        );
        let count: String = tx
            .query_row(
                "SELECT value FROM ledger_info WHERE key = 'audit_count'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(count, "2");
    }

    #[test]
    fn a_new_ledger_records_no_upgrade() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        apply(&tx, MIGRATIONS, 0, MIGRATIONS.len()).unwrap();
        let n: i64 = tx
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
