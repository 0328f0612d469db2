//! The audit trail: hash-chained entries written in the same transaction as the change they record,
//! and the check that the chain and the current rows still agree.

use serde_json::{Map, Value};

use sha2::{Digest, Sha256};
use std::collections::HashMap;

use super::records::{RECORD_SPECS, audited_json};
use crate::domain::record::column_names;

pub use crate::domain::audit::GENESIS;

pub use crate::domain::audit::AuditEntry;

/// Reads one audit_log row.
pub fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.get("seq")?,
        at: row.get("at")?,
        operator: row.get("operator")?,
        table_name: row.get("table_name")?,
        record_id: row.get("record_id")?,
        action: row.get("action")?,
        old_value: row.get("old_value")?,
        new_value: row.get("new_value")?,
        reason: row.get("reason")?,
        prev_hash: row.get("prev_hash")?,
        hash: row.get("hash")?,
    })
}

pub const SELECT_AUDIT: &str = "SELECT seq, at, operator, table_name, record_id, action, old_value, new_value, reason, prev_hash, hash FROM audit_log";

pub use crate::domain::audit::{Finding, FindingKind};

/// The result of checking a ledger.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    pub integrity: Vec<String>,
    pub audit_entries: i64,
    pub records_checked: i64,
    pub chain_head: String,
    pub findings: Vec<Finding>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.findings.is_empty()
    }
}

fn diff_fields(audited: &Map<String, Value>, current: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<&String> = audited.keys().chain(current.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| audited.get(*k) != current.get(*k))
        .map(|k| k.to_string())
        .collect()
}

/// Tables, indexes, triggers and views that the migrations of this ledger's version did not
/// create. A trigger added with raw SQL could rewrite values before they are audited, so the
/// audit trail would faithfully record a forgery; the schema itself is therefore checked.
fn schema_findings(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<Finding>> {
    use std::collections::BTreeMap;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let mut expected = rusqlite::Connection::open_in_memory()?;
    // One transaction: the schema built in a fraction of the time.
    let tx = expected.transaction()?;
    for m in super::MIGRATIONS
        .iter()
        .take(usize::try_from(version).unwrap_or(0))
    {
        tx.execute_batch(m.sql)?;
    }
    tx.commit()?;
    let objects = |c: &rusqlite::Connection| -> rusqlite::Result<BTreeMap<String, String>> {
        let mut st = c.prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                r.get::<_, String>(2)?,
            ))
        })?;
        rows.collect()
    };
    let want = objects(&expected)?;
    let have = objects(conn)?;
    let mut out = Vec::new();
    for (name, sql) in &have {
        let (problem, kind) = match want.get(name) {
            None => (
                "was added behind the program's back",
                FindingKind::SchemaAdded,
            ),
            Some(w) if w != sql => (
                "was changed behind the program's back",
                FindingKind::SchemaChanged,
            ),
            Some(_) => continue,
        };
        out.push(Finding {
            table: "schema".into(),
            record_id: name.clone(),
            problem: problem.into(),
            kind,
        });
    }
    for name in want.keys().filter(|n| !have.contains_key(*n)) {
        out.push(Finding {
            table: "schema".into(),
            record_id: name.clone(),
            problem: "was removed behind the program's back".into(),
            kind: FindingKind::SchemaRemoved,
        });
    }
    Ok(out)
}

/// The last audited state of one record, as `verify` keeps it.
#[derive(Debug, Clone, Copy)]
struct Last {
    /// The audit entry that wrote it (read again only when the row differs).
    seq: i64,
    deleted: bool,
    /// How many schema upgrades came before it.
    epoch: usize,
    /// SHA-256 of its canonical JSON.
    hash: [u8; 32],
}

/// The last audited state of every record, by table and id (a UUID id kept as 16 bytes).
#[derive(Default)]
struct LastStates {
    by_uuid: HashMap<(usize, u128), Last>,
    by_text: HashMap<(usize, String), Last>,
}

/// A record id as `LastStates` keys it: a UUID in its canonical form as 16 bytes.
fn uuid_key(id: &str) -> Option<u128> {
    uuid::Uuid::try_parse(id)
        .ok()
        .filter(|u| u.hyphenated().to_string() == id)
        .map(|u| u.as_u128())
}

impl LastStates {
    fn insert(&mut self, table: usize, id: &str, state: Last) {
        match uuid_key(id) {
            Some(u) => {
                self.by_uuid.insert((table, u), state);
            }
            None => {
                self.by_text.insert((table, id.to_string()), state);
            }
        }
    }

    /// Takes the state of a record out (what remains afterwards was never found as a row).
    fn take(&mut self, table: usize, id: &str) -> Option<Last> {
        match uuid_key(id) {
            Some(u) => self.by_uuid.remove(&(table, u)),
            None => self.by_text.remove(&(table, id.to_string())),
        }
    }

    /// The states of a table no row was found for, by id.
    fn remaining(&mut self, table: usize) -> Vec<(String, Last)> {
        let mut out: Vec<(String, Last)> = self
            .by_uuid
            .extract_if(|(t, _), _| *t == table)
            .map(|((_, u), s)| (uuid::Uuid::from_u128(u).to_string(), s))
            .collect();
        out.extend(
            self.by_text
                .extract_if(|(t, _), _| *t == table)
                .map(|((_, id), s)| (id, s)),
        );
        out
    }
}

/// The columns (and the value each record gained) that the schema upgrades from number `epoch`
/// on added to `table`.
fn added_since<'a>(
    upgrades: &'a [Map<String, Value>],
    epoch: usize,
    table: &'a str,
) -> impl Iterator<Item = (&'a String, &'a Value)> {
    upgrades[epoch.min(upgrades.len())..]
        .iter()
        .filter_map(move |up| up.get(table).and_then(Value::as_object))
        .flatten()
}

/// SHA-256 of an audited state's canonical JSON (keys sorted, compact), from its stored text.
/// The hash of an audited state in canonical form (keys in order, serde_json's text).
fn state_hash(text: &str) -> [u8; 32] {
    match serde_json::from_str::<Map<String, Value>>(text) {
        Ok(m) => state_hash_of(&m),
        // Unreadable: hashed as it is, so it differs from every row.
        Err(_) => Sha256::digest(text.as_bytes()).into(),
    }
}

fn state_hash_of(m: &Map<String, Value>) -> [u8; 32] {
    Sha256::digest(serde_json::to_vec(m).unwrap_or_default()).into()
}

/// Recomputes the chain and compares every row with its last audited state.
pub fn verify(conn: &rusqlite::Connection) -> rusqlite::Result<VerifyReport> {
    let mut report = VerifyReport::default();
    report.findings.extend(schema_findings(conn)?);
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if rows != ["ok"] {
        report.integrity = rows;
    }
    let fk: Vec<(String, i64, String)> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, row, parent) in fk {
        report.findings.push(Finding {
            table: "foreign key".into(),
            record_id: String::new(),
            problem: format!("{table} row {row} references a missing {parent}"),
            kind: FindingKind::MissingParent { table, row, parent },
        });
    }

    // The tables whose rows are compared with their audited states, and their columns.
    let tables: Vec<(&str, Vec<&str>)> = RECORD_SPECS
        .iter()
        .map(|spec| (spec.table, column_names(spec).collect()))
        .chain(
            super::AUDITED_TABLES
                .iter()
                .map(|(t, cols)| (*t, cols.to_vec())),
        )
        .collect();
    let table_index: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (*t, i))
        .collect();

    // 1. The chain, read once, oldest first. Of each record only its last audited state is kept,
    // as a hash (a ledger of a million entries is checked in little memory).
    let mut last = LastStates::default();
    // The columns each schema upgrade gave every record audited before it.
    let mut upgrades: Vec<Map<String, Value>> = Vec::new();
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut stmt = conn.prepare(&format!("{SELECT_AUDIT} ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let e = entry_from_row(row)?;
        report.audit_entries += 1;
        let at = |p: &str, kind: FindingKind| Finding {
            table: "audit_log".into(),
            record_id: format!("#{}", e.seq),
            problem: p.to_string(),
            kind,
        };
        if e.seq != expected_seq {
            report.findings.push(at(
                &format!(
                    "entry number {} expected: audit entries were deleted or inserted",
                    expected_seq
                ),
                FindingKind::AuditNumberSkipped {
                    expected: expected_seq,
                },
            ));
        }
        if e.prev_hash != prev {
            report.findings.push(at(
                "does not link to the entry before it: the chain was broken",
                FindingKind::AuditUnlinked,
            ));
        }
        if e.compute_hash() != e.hash {
            report.findings.push(at(
                &format!(
                    "was altered after it was written ({} {} {})",
                    e.action, e.table_name, e.record_id
                ),
                FindingKind::AuditAltered {
                    action: e.action.clone(),
                    table: e.table_name.clone(),
                    record_id: e.record_id.clone(),
                },
            ));
        }
        expected_seq = e.seq + 1;
        if let Some(added) = super::migrations::added_by_entry(&e) {
            upgrades.push(added);
        } else if let Some(&t) = table_index.get(e.table_name.as_str()) {
            let state = Last {
                seq: e.seq,
                deleted: e.action == "delete",
                epoch: upgrades.len(),
                // The text as stored, which the program writes in canonical form: a row that
                // matches it needs no parse (one that does not is compared again below).
                hash: e
                    .new_value
                    .as_deref()
                    .map(|text| Sha256::digest(text.as_bytes()).into())
                    .unwrap_or_default(),
            };
            last.insert(t, &e.record_id, state);
        }
        prev = e.hash;
    }
    drop(rows);
    drop(stmt);
    report.chain_head = prev.clone();
    let stored_head: Option<String> = conn
        .query_row(
            "SELECT value FROM ledger_info WHERE key = 'audit_head'",
            [],
            |r| r.get(0),
        )
        .ok();
    let stored_count: Option<i64> = conn
        .query_row(
            "SELECT value FROM ledger_info WHERE key = 'audit_count'",
            [],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .and_then(|s| s.parse().ok());
    if stored_head.as_deref().unwrap_or(GENESIS) != prev
        || stored_count.unwrap_or(0) != report.audit_entries
    {
        report.findings.push(Finding {
            table: "audit_log".into(),
            record_id: String::new(),
            problem: format!(
                "the chain ends at entry {} but the ledger recorded {} entries: audit entries were removed or added",
                report.audit_entries,
                stored_count.unwrap_or(0)
            ),
            kind: FindingKind::AuditCountDiffers {
                chain: report.audit_entries,
                recorded: stored_count.unwrap_or(0),
            },
        });
    }

    // 2. Every row against its last audited state (upgraded by the schema entries after it).
    let mut fetch = conn.prepare("SELECT new_value FROM audit_log WHERE seq = ?1")?;
    for (t, (table, columns)) in tables.iter().enumerate() {
        let table = *table;
        let exists: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)?;
        if !exists {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT {} FROM {table}", columns.join(", ")))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut current = Map::new();
            for (i, c) in columns.iter().enumerate() {
                current.insert(c.to_string(), audited_json(row.get_ref(i)?));
            }
            let id = current
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            report.records_checked += 1;
            let finding = |p: String, kind: FindingKind| Finding {
                table: table.to_string(),
                record_id: id.clone(),
                problem: p,
                kind,
            };
            let Some(state) = last.take(t, &id) else {
                report.findings.push(finding(
                    "exists but was never recorded in the audit trail (inserted behind the program's back)".into(),
                    FindingKind::Inserted { row: current },
                ));
                continue;
            };
            if state.deleted {
                report.findings.push(finding(
                    "was deleted according to the audit trail but is present again".into(),
                    FindingKind::Reappeared { row: current },
                ));
                continue;
            }
            // The state audited before an upgrade lacks the columns it added: compare the row
            // without them when they hold the value the upgrade gave.
            let mut compared = current.clone();
            let mut added_differs = false;
            for (col, value) in added_since(&upgrades, state.epoch, table) {
                if compared.get(col) == Some(value) {
                    compared.remove(col);
                } else {
                    added_differs = true;
                }
            }
            let row_hash = (!added_differs).then(|| state_hash_of(&compared));
            if row_hash == Some(state.hash) {
                continue;
            }
            let audited_text = fetch.query_row([state.seq], |r| r.get::<_, Option<String>>(0))?;
            // Stored in another form than this program's canonical one (same content).
            if row_hash.is_some() && row_hash == audited_text.as_deref().map(state_hash) {
                continue;
            }
            let mut audited: Map<String, Value> = audited_text
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default();
            for (col, value) in added_since(&upgrades, state.epoch, table) {
                audited.entry(col.clone()).or_insert_with(|| value.clone());
            }
            let diff = diff_fields(&audited, &current);
            report.findings.push(finding(
                format!(
                    "differs from its audited state in {} (changed behind the program's back)",
                    if diff.is_empty() {
                        "its stored form".to_string()
                    } else {
                        diff.join(", ")
                    }
                ),
                FindingKind::Changed {
                    audited,
                    current,
                    fields: diff,
                },
            ));
        }
        for (id, state) in last.remaining(t) {
            if !state.deleted {
                // Named by its last audited state: the row is gone.
                let audited: Map<String, Value> = fetch
                    .query_row([state.seq], |r| r.get::<_, Option<String>>(0))?
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default();
                report.findings.push(Finding {
                    table: table.to_string(),
                    record_id: id,
                    problem: "is missing although the audit trail never deleted it (deleted behind the program's back)".into(),
                    kind: FindingKind::Missing { audited },
                });
            }
        }
    }
    report
        .findings
        .sort_by(|a, b| (&a.table, &a.record_id).cmp(&(&b.table, &b.record_id)));
    Ok(report)
}
