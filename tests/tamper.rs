//! Tampering: any record, audit entry or photo changed, deleted or inserted with raw SQL is
//! reported by `verify`, for every table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

/// A raw connection the way an attacker would use it: no foreign keys, no CHECK constraints.
fn raw_t(path: &std::path::Path) -> rusqlite::Connection {
    let c = common::raw(path);
    c.pragma_update(None, "foreign_keys", "OFF").unwrap();
    c.pragma_update(None, "ignore_check_constraints", "ON")
        .unwrap();
    c
}

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use restoration_ledger::store::RECORD_TABLES;
use rusqlite::types::Value as Sql;

struct Pristine {
    _demo: Demo,
    path: PathBuf,
    dir: tempfile::TempDir,
}

fn pristine() -> Pristine {
    let demo = demo_ledger();
    let path = demo.path.clone();
    // The example keeps no merge conflict (a field package's merge makes them): one, written as
    // a merge writes it, so that table is tampered with too.
    {
        use restoration_ledger::domain::*;
        let mut store = open_rw(&path);
        let entry = store.load().unwrap().aftercare[0].clone();
        store
            .write(OPERATOR, |w| {
                let c = MergeConflict {
                    meta: w.new_meta(),
                    package_id: uuid::Uuid::new_v4().to_string(),
                    package_head: "3:abc".into(),
                    record_table: "aftercare".into(),
                    record_id: entry.meta.id,
                    their_version: "{\"note\":\"theirs\"}".into(),
                    our_version: "{\"note\":\"ours\"}".into(),
                    reason: ConflictReason::ChangedSincePackaging,
                    status: ConflictStatus::Open,
                    resolution: ConflictTake::Undecided,
                    resolved_by: String::new(),
                    resolved_at: None,
                };
                w.insert(&c)
            })
            .unwrap();
    }
    Pristine {
        _demo: demo,
        path,
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Pristine {
    fn copy(&self, name: &str) -> PathBuf {
        let p = self.dir.path().join(format!("{name}.ledger"));
        std::fs::copy(&self.path, &p).unwrap();
        p
    }
}

/// Runs `verify` (library and CLI) on a tampered copy and returns the findings as text.
fn findings(path: &Path) -> Vec<String> {
    let r = open_ro(path).verify().unwrap();
    let o = cli(&[
        "verify".as_ref(),
        path.as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert_no_panic(&o, "verify");
    if r.ok() {
        assert_eq!(o.status.code(), Some(0));
        return Vec::new();
    }
    assert_eq!(o.status.code(), Some(1), "verify must fail: {}", stdout(&o));
    assert!(stderr(&o).contains("does not match its audit trail"));
    r.integrity
        .iter()
        .cloned()
        .chain(r.findings.iter().map(ToString::to_string))
        .collect()
}

fn columns(c: &rusqlite::Connection, table: &str) -> Vec<String> {
    let st = c
        .prepare(&format!("SELECT * FROM {table} LIMIT 1"))
        .unwrap();
    st.column_names().map(|s| s.to_string()).collect()
}

/// A different value of the same kind.
fn changed(v: &Sql) -> Sql {
    match v {
        Sql::Null => Sql::Integer(1),
        Sql::Integer(i) => Sql::Integer(i + 1_000_003),
        Sql::Real(f) => Sql::Real(f + 1.0),
        Sql::Text(t) => Sql::Text(format!("{t}x")),
        Sql::Blob(b) => {
            let mut b = b.clone();
            let mid = b.len() / 2;
            b[mid] ^= 0x01;
            Sql::Blob(b)
        }
    }
}

#[test]
fn every_changed_deleted_or_inserted_row_of_every_table_is_reported() {
    let p = pristine();
    assert!(findings(&p.path).is_empty(), "the demo must verify");
    let mut per_table: BTreeMap<&str, usize> = BTreeMap::new();
    let mut missed = Vec::new();
    for table in RECORD_TABLES {
        let (cols, id): (Vec<String>, String) = {
            let c = raw(&p.path);
            let id = c
                .query_row(
                    &format!("SELECT id FROM {table} ORDER BY rowid LIMIT 1"),
                    [],
                    |r| r.get(0),
                )
                .unwrap_or_else(|e| panic!("the demo has no {table}: {e}"));
            (columns(&c, table), id)
        };
        // Change each column of one row.
        for col in &cols {
            let f = p.copy(&format!("{table}-{col}"));
            {
                let c = raw_t(&f);
                let v: Sql = c
                    .query_row(
                        &format!("SELECT {col} FROM {table} WHERE id = ?1"),
                        [&id],
                        |r| r.get(0),
                    )
                    .unwrap();
                let n = c
                    .execute(
                        &format!("UPDATE {table} SET {col} = ?1 WHERE id = ?2"),
                        rusqlite::params![changed(&v), id],
                    )
                    .unwrap();
                assert_eq!(n, 1);
            }
            let found = findings(&f);
            if !found.iter().any(|s| s.starts_with(table)) {
                missed.push(format!("{table}.{col} changed: {found:?}"));
            }
            *per_table.entry(table).or_default() += 1;
        }
        // Delete the row.
        let f = p.copy(&format!("{table}-delete"));
        {
            let c = raw_t(&f);
            c.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [&id])
                .unwrap();
        }
        let found = findings(&f);
        if !found
            .iter()
            .any(|s| s.starts_with(&format!("{table} {id}")))
        {
            missed.push(format!("{table} row deleted: {found:?}"));
        }
        *per_table.entry(table).or_default() += 1;
        // Insert a copy under a new id.
        let f = p.copy(&format!("{table}-insert"));
        {
            let c = raw(&f);
            let others: Vec<String> = cols.iter().filter(|c| *c != "id").cloned().collect();
            c.execute(
                &format!(
                    "INSERT INTO {table} (id, {0}) SELECT '99999999-9999-4999-8999-999999999999', {0} FROM {table} WHERE id = ?1",
                    others.join(", ")
                ),
                [&id],
            )
            .or_else(|_| {
                // A unique key (bench pile/number/kind; a conflict's package and record)
                // forbids an exact copy: shift the number, or the package.
                c.execute(
                    &format!(
                        "INSERT INTO {table} (id, {0}) SELECT '99999999-9999-4999-8999-999999999999', {1} FROM {table} WHERE id = ?1",
                        others.join(", "),
                        others
                            .iter()
                            .map(|c| match c.as_str() {
                                "number" => "number + 1000".to_string(),
                                "package_id" => "package_id || '-copy'".to_string(),
                                _ => c.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    [&id],
                )
            })
            .unwrap();
        }
        let found = findings(&f);
        if !found
            .iter()
            .any(|s| s.starts_with(&format!("{table} 99999999-9999-4999-8999-999999999999")))
        {
            missed.push(format!("{table} row inserted: {found:?}"));
        }
        *per_table.entry(table).or_default() += 1;
    }
    eprintln!("record tamper cases per table: {per_table:?}");
    assert_eq!(per_table.len(), RECORD_TABLES.len());
    assert!(missed.is_empty(), "verify missed:\n{}", missed.join("\n"));
}

#[test]
fn every_changed_deleted_or_inserted_audit_entry_is_reported() {
    let p = pristine();
    let (n, cols) = {
        let c = raw(&p.path);
        let n: i64 = c
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        (n, columns(&c, "audit_log"))
    };
    let cases = std::cell::Cell::new(0);
    let mut missed = Vec::new();
    let mut check = |name: String, f: &Path| {
        cases.set(cases.get() + 1);
        let found = findings(f);
        if !found.iter().any(|s| s.starts_with("audit_log")) {
            missed.push(format!("{name}: {found:?}"));
        }
    };
    // Change each column of the first, a middle and the last entry.
    for seq in [1, n / 2, n] {
        for col in &cols {
            let f = p.copy(&format!("audit-{seq}-{col}"));
            {
                let c = raw_t(&f);
                let v: Sql = c
                    .query_row(
                        &format!("SELECT {col} FROM audit_log WHERE seq = ?1"),
                        [seq],
                        |r| r.get(0),
                    )
                    .unwrap();
                let v = if col == "seq" {
                    Sql::Integer(n + 100)
                } else {
                    changed(&v)
                };
                c.execute(
                    &format!("UPDATE audit_log SET {col} = ?1 WHERE seq = ?2"),
                    rusqlite::params![v, seq],
                )
                .unwrap();
            }
            check(format!("audit #{seq} {col} changed"), &f);
        }
        let f = p.copy(&format!("audit-{seq}-delete"));
        raw(&f)
            .execute("DELETE FROM audit_log WHERE seq = ?1", [seq])
            .unwrap();
        check(format!("audit #{seq} deleted"), &f);
    }
    // Delete the last entry and fix up the stored head too: the record it covered betrays it.
    let f = p.copy("audit-last-delete-and-head");
    {
        let c = raw(&f);
        c.execute("DELETE FROM audit_log WHERE seq = ?1", [n])
            .unwrap();
        c.execute_batch(&format!(
            "UPDATE ledger_info SET value = (SELECT hash FROM audit_log WHERE seq = {m}) WHERE key = 'audit_head';
             UPDATE ledger_info SET value = '{m}' WHERE key = 'audit_count';",
            m = n - 1
        ))
        .unwrap();
    }
    cases.set(cases.get() + 1);
    assert!(
        !findings(&f).is_empty(),
        "deleting the last entry and its head went unnoticed"
    );
    // Insert an entry at the end, and one in the middle by renumbering.
    let f = p.copy("audit-insert-end");
    raw(&f)
        .execute(
            "INSERT INTO audit_log (seq, at, operator, table_name, record_id, action, old_value, new_value, reason, prev_hash, hash)
             SELECT seq + 1, at, operator, table_name, record_id, action, old_value, new_value, reason, hash, 'forged' FROM audit_log WHERE seq = ?1",
            [n],
        )
        .unwrap();
    check("audit entry inserted at the end".into(), &f);
    let f = p.copy("audit-insert-middle");
    {
        let c = raw(&f);
        c.execute_batch(&format!(
            "UPDATE audit_log SET seq = seq + 1000000 WHERE seq > {m};
             UPDATE audit_log SET seq = seq - 1000000 + 1 WHERE seq > 1000000;
             INSERT INTO audit_log (seq, at, operator, table_name, record_id, action, old_value, new_value, reason, prev_hash, hash)
             SELECT {m} + 1, at, 'mallory', table_name, record_id, action, old_value, new_value, reason, hash, 'forged2' FROM audit_log WHERE seq = {m};",
            m = n / 2
        ))
        .unwrap();
    }
    check("audit entry inserted in the middle".into(), &f);
    // The stored head and count.
    for (name, sql) in [
        (
            "head changed",
            "UPDATE ledger_info SET value = 'x' WHERE key = 'audit_head'",
        ),
        (
            "count changed",
            "UPDATE ledger_info SET value = '1' WHERE key = 'audit_count'",
        ),
        ("head deleted", "DELETE FROM ledger_info"),
    ] {
        let f = p.copy(name);
        raw(&f).execute_batch(sql).unwrap();
        check(name.into(), &f);
    }
    eprintln!("audit tamper cases: {}", cases.get());
    assert!(missed.is_empty(), "verify missed:\n{}", missed.join("\n"));
}

#[test]
fn photo_bytes_changed_replaced_or_truncated_are_reported() {
    let p = pristine();
    let (id, len) = {
        let c = raw(&p.path);
        c.query_row("SELECT id, length(data) FROM photos LIMIT 1", [], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })
        .unwrap()
    };
    let cases: Vec<(&str, String)> = vec![
        ("one bit flipped", "UPDATE photos SET data = (substr(data, 1, 100) || x'00' || substr(data, 102)) WHERE id = ?1".into()),
        ("truncated", "UPDATE photos SET data = substr(data, 1, 10) WHERE id = ?1".into()),
        ("emptied", "UPDATE photos SET data = x'' WHERE id = ?1".into()),
        ("replaced with another photo", "UPDATE photos SET data = (SELECT data FROM photos WHERE id <> ?1 LIMIT 1) WHERE id = ?1".into()),
        ("bytes and recorded hash both replaced", format!("UPDATE photos SET data = zeroblob({len}), sha256 = 'forged' WHERE id = ?1")),
    ];
    for (name, sql) in &cases {
        let f = p.copy(&name.replace(' ', "-"));
        raw(&f).execute(sql, [&id]).unwrap();
        let found = findings(&f);
        assert!(
            found.iter().any(|s| s.starts_with(&format!("photos {id}"))),
            "{name}: {found:?}"
        );
    }
    eprintln!("photo tamper cases: {}", cases.len());
}

/// Bug pinned: a trigger added with raw SQL rewrote values before they were audited, so the trail
/// recorded the forgery faithfully and `verify` passed. The schema is now checked too.
#[test]
fn schema_changes_such_as_a_forging_trigger_are_reported() {
    let p = pristine();
    let cases = [
        (
            "forging trigger",
            "CREATE TRIGGER double_quantity AFTER INSERT ON works BEGIN
                 UPDATE works SET quantity = quantity * 2 WHERE id = new.id; END;",
        ),
        ("extra table", "CREATE TABLE shadow (x)"),
        ("dropped index", "DROP INDEX works_bench"),
        ("extra view", "CREATE VIEW v AS SELECT * FROM works"),
    ];
    for (name, sql) in cases {
        let f = p.copy(&name.replace(' ', "-"));
        raw_t(&f).execute_batch(sql).unwrap();
        let found = findings(&f);
        assert!(
            found.iter().any(|s| s.starts_with("schema")),
            "{name}: {found:?}"
        );
    }
    // The trigger really forges: a write through the program lands doubled, audited as doubled.
    let f = p.copy("forging-trigger-live");
    raw_t(&f).execute_batch(cases[0].1).unwrap();
    let mut s = open_rw(&f);
    let mut w0 = s.list::<restoration_ledger::domain::Work>().unwrap()[0].clone();
    w0.meta.id = uuid::Uuid::new_v4();
    w0.quantity = restoration_ledger::domain::Milli(1000);
    let saved = s.write(OPERATOR, |w| w.insert(&w0)).unwrap();
    let stored: restoration_ledger::domain::Work = s.get(saved.meta.id).unwrap().unwrap();
    assert_eq!(stored.quantity.0, 2000);
    assert!(
        !s.verify().unwrap().ok(),
        "the forging trigger must be reported"
    );
}

/// A value edited behind the program's back into something its column cannot hold (a time stamp
/// made "garbage") is named when the ledger is read, with what to do: `verify` names the record,
/// an export is refused with the same words and writes nothing (it said "Database error:
/// Conversion error from type Text at index: 0, …").
#[test]
fn a_value_that_cannot_be_read_is_named_and_an_export_writes_nothing() {
    let d = demo_ledger();
    raw_t(&d.path)
        .execute(
            "UPDATE aftercare SET created_at = 'garbage' WHERE rowid = (SELECT min(rowid) FROM aftercare)",
            [],
        )
        .unwrap();
    let v = cli(&["verify".as_ref(), d.path.as_os_str()]);
    assert!(!v.status.success());
    assert!(stdout(&v).contains("garbage"), "{}", stdout(&v));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let o = cli(&[
        "export".as_ref(),
        d.path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("A stored record could not be read")
            && err.contains("created_at \"garbage\" is not a time stamp")
            && err.contains("verify")
            && !err.contains("Database error"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    let zh = restoration_ledger::app::messages::store_error(
        restoration_ledger::i18n::Lang::Zh,
        &open_ro(&d.path).load().unwrap_err(),
    );
    assert!(zh.starts_with("有一条记录无法读取"), "{zh}");
}
