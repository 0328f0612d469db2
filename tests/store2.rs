//! Store 2.0 (issue 8): one registry of record types, typed rows, and a schema that can grow —
//! a migration that adds columns leaves every record verifying and every earlier report matching.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use restoration_ledger::domain::record::{RecordSpec, column_names};
use restoration_ledger::domain::*;
use restoration_ledger::store::{Access, MIGRATIONS, RECORD_TABLES, SCHEMA_VERSION, Store};
use std::path::{Path, PathBuf};

/// Tables of a ledger that are not record types (the store's own bookkeeping).
const BOOKKEEPING: &[&str] = &[
    "audit_log",
    "ledger_info",
    "checkpoints",
    "accounts",
    "printed_reports",
];

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1.0")
}

fn sql_tables(conn: &rusqlite::Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn sql_columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    let mut st = conn
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn every_table_of_the_schema_is_a_registered_record_type_and_the_reverse() {
    let d = empty_ledger();
    let conn = raw(&d.path);
    let mut in_schema: Vec<String> = sql_tables(&conn)
        .into_iter()
        .filter(|t| !BOOKKEEPING.contains(&t.as_str()))
        .collect();
    in_schema.sort();
    let mut registered: Vec<String> = RECORD_TABLES.iter().map(|t| t.to_string()).collect();
    registered.sort();
    assert_eq!(
        in_schema, registered,
        "a table of the schema is missing from the registry (domain::model records!), or the reverse"
    );
    // Each table's columns are the registry's, in ledger order.
    for spec in RECORD_SPECS {
        // A photo's bytes (`data`) stand where 0001 put them; the registry's columns in order.
        let want: Vec<String> = column_names(spec)
            .filter(|c| *c != "data")
            .map(str::to_string)
            .collect();
        let have = sql_columns(&conn, spec.table);
        assert_eq!(
            have.contains(&"data".to_string()),
            spec.has_data,
            "{}",
            spec.table
        );
        let have: Vec<String> = have.into_iter().filter(|c| c != "data").collect();
        assert_eq!(
            have, want,
            "columns of {} differ between the migrations and the registry",
            spec.table
        );
    }
}

#[test]
fn export_the_json_schema_and_the_fingerprint_cover_every_record_type() {
    let d = demo_ledger();
    let store = open_ro(&d.path);
    let value = restoration_ledger::app::export_value(&store, OPERATOR).unwrap();
    let schema = restoration_ledger::exchange::schema::schema();
    let data = store.load().unwrap();
    for spec in RECORD_SPECS {
        assert!(
            value.get(spec.table).is_some(),
            "export lacks {}",
            spec.table
        );
        assert!(
            schema["properties"].get(spec.table).is_some(),
            "the JSON Schema lacks {}",
            spec.table
        );
    }
    // A change in any one record type changes the fingerprint.
    struct Touch<'a>(&'a LedgerData, &'a str, Vec<&'static str>);
    impl RecordVisitor for Touch<'_> {
        type Error = std::convert::Infallible;
        fn visit<R: Record>(&mut self) -> Result<(), Self::Error> {
            let mut changed = self.0.clone();
            let Some(first) = R::all_mut(&mut changed).first_mut() else {
                return Ok(());
            };
            first.meta_mut().version += 1;
            let head = restoration_ledger::report::AuditHead {
                seq: 1,
                hash: "h".into(),
            };
            let opts = restoration_ledger::report::ReportOptions::new(
                restoration_ledger::i18n::Lang::Zh,
                None,
                None,
            );
            if restoration_ledger::report::fingerprint(self.0, &head, &opts)
                == restoration_ledger::report::fingerprint(&changed, &head, &opts)
            {
                self.2.push(R::TABLE);
            }
            let _ = self.1;
            Ok(())
        }
    }
    let mut touch = Touch(&data, "", Vec::new());
    let Ok(()) = visit_record_types(&mut touch);
    assert!(touch.2.is_empty(), "the fingerprint ignores {:?}", touch.2);
}

#[test]
fn no_sql_is_built_from_data_and_no_row_is_read_with_select_star() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if line.contains("SELECT *") || line.contains("cols.keys()") {
                        offenders.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn typed_rows_round_trip_booleans_ids_and_times() {
    let d = empty_ledger();
    let mut s = open_rw(&d.path);
    let rule = s.list::<Rule>().unwrap().remove(0);
    assert!(rule.enabled);
    let off = s
        .write(OPERATOR, |w| {
            w.update(
                &Rule {
                    enabled: false,
                    ..rule.clone()
                },
                "off",
            )
        })
        .unwrap();
    let back: Rule = s.get(off.meta.id).unwrap().unwrap();
    assert!(!back.enabled);
    assert_eq!(back, off);
    // Stored as the INTEGER 0 the schema's CHECK and 0.1.0's audit trail expect.
    let raw_value: i64 = raw(&d.path)
        .query_row(
            "SELECT enabled FROM rules WHERE id = ?1",
            [off.meta.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(raw_value, 0);
    assert!(s.verify().unwrap().ok());
}

#[test]
fn a_row_holding_a_value_its_type_cannot_hold_is_refused_with_its_column_named() {
    let d = demo_ledger();
    raw(&d.path)
        .execute(
            "UPDATE rules SET enabled = 7 WHERE rowid = (SELECT min(rowid) FROM rules)",
            [],
        )
        .unwrap_err(); // the CHECK refuses it …
    raw(&d.path)
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON; UPDATE benches SET area = 'wide' WHERE rowid = 1;",
        )
        .unwrap();
    let s = open_ro(&d.path);
    let e = s.list::<Bench>().unwrap_err().to_string();
    assert!(e.contains("area"), "{e}");
    // … and verify names it as changed behind the program's back.
    let v = s.verify().unwrap();
    assert!(
        v.findings.iter().any(|f| f.problem.contains("area")),
        "{:?}",
        v.findings
    );
}

/// The 0.1.0 fixture, copied and opened read-write: upgraded in place after a backup.
fn upgraded_fixture() -> (tempfile::TempDir, PathBuf, Option<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("v010-demo.ledger");
    std::fs::copy(fixture().join("v010-demo.ledger"), &ledger).unwrap();
    let backup = {
        let s = Store::open(&ledger, Access::ReadWrite).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        s.migrated_backup.clone()
    };
    (dir, ledger, backup)
}

#[test]
fn the_0_1_0_ledger_upgraded_to_the_origin_columns_still_verifies_and_its_report_still_matches() {
    let before_summary = {
        let o = cli(&[
            "summary".as_ref(),
            fixture().join("v010-demo.ledger").as_os_str(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let (_dir, ledger, backup) = upgraded_fixture();
    // A backup of the 0.1.0 file was written first, and it holds the 0.1.0 file's schema,
    // records and history.
    let backup = backup.expect("a backup before the upgrade");
    let original = raw(&fixture().join("v010-demo.ledger"));
    let copy = raw(&backup);
    for q in [
        "PRAGMA user_version",
        "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM aftercare",
        "SELECT max(hash) FROM audit_log",
    ] {
        let a: rusqlite::types::Value = original.query_row(q, [], |r| r.get(0)).unwrap();
        let b: rusqlite::types::Value = copy.query_row(q, [], |r| r.get(0)).unwrap();
        assert_eq!(a, b, "{q}");
    }
    assert!(!sql_columns(&copy, "aftercare").contains(&"origin".to_string()));
    // The new columns exist, every old row holds the default.
    let conn = raw(&ledger);
    for t in ["aftercare", "photos", "problems"] {
        assert!(sql_columns(&conn, t).contains(&"origin".to_string()), "{t}");
        let odd: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {t} WHERE origin <> ''"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(odd, 0);
    }
    // One audit entry of its own records each upgrade that added columns, and their value.
    let s = open_ro(&ledger);
    let entries = s.audit_entries(None).unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.table_name, "schema");
    let upgrade = |name: &str| {
        entries
            .iter()
            .filter(|e| e.table_name == "schema")
            .find_map(|e| e.new_value.as_deref().filter(|v| v.contains(name)))
            .unwrap_or_else(|| panic!("no upgrade entry of {name}"))
            .to_string()
    };
    assert!(
        upgrade("0005_origin").contains("\"origin\":\"\""),
        "{last:?}"
    );
    // Issue 10: the rules' own evidence limit, empty (the kind's default) for every old rule.
    assert!(
        upgrade("0007_rule_stale_limit").contains("\"stale_after_days\":null"),
        "{last:?}"
    );
    assert!(
        s.list::<Rule>()
            .unwrap()
            .iter()
            .all(|r| r.stale_after_days.is_none())
    );
    assert_eq!(
        entries.iter().filter(|e| e.table_name == "schema").count(),
        MIGRATIONS
            .iter()
            .filter(|m| !m.added_columns.is_empty())
            .count()
    );
    // Every record still verifies.
    let v = s.verify().unwrap();
    assert!(v.ok(), "{:?} {:?}", v.findings, v.integrity);
    drop(s);
    let o = cli(&["verify".as_ref(), ledger.as_os_str()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // The report 0.1.0 printed still matches, and says the ledger was upgraded since.
    let o = cli(&[
        "verify".as_ref(),
        ledger.as_os_str(),
        "--report".as_ref(),
        fixture().join("v010-demo-report.pdf").as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("still matches"), "{out}");
    assert!(
        out.contains("upgraded since") && out.contains("0005_origin"),
        "{out}"
    );
    assert!(out.contains("no record changed"), "{out}");
    // The summary figures are those of the file before the upgrade.
    let o = cli(&["summary".as_ref(), ledger.as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), before_summary);
}

#[test]
fn after_the_upgrade_a_changed_new_column_is_caught_and_a_change_of_record_is_reported() {
    let (_dir, ledger, _) = upgraded_fixture();
    raw(&ledger)
        .execute(
            "UPDATE aftercare SET origin = 'package:forged' WHERE rowid = 1",
            [],
        )
        .unwrap();
    let v = open_ro(&ledger).verify().unwrap();
    assert!(
        v.findings
            .iter()
            .any(|f| f.table == "aftercare" && f.problem.contains("origin")),
        "{:?}",
        v.findings
    );
    // A report printed before the upgrade does not match a record changed after it.
    let (_dir2, ledger2, _) = upgraded_fixture();
    {
        let mut s = open_rw(&ledger2);
        let mut p = s.list::<Problem>().unwrap().remove(0);
        p.rectification.push_str(" (corrected)");
        let reason = "fix";
        s.write(OPERATOR, |w| w.update(&p, reason)).unwrap();
    }
    let o = cli(&[
        "verify".as_ref(),
        ledger2.as_os_str(),
        "--report".as_ref(),
        fixture().join("v010-demo-report.pdf").as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("CHANGED SINCE REPORT"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_export_of_an_older_schema_with_its_history_is_restored_and_upgraded() {
    // An export as 0.1.0 wrote it: no schema_version, no origin columns.
    let d = demo_ledger();
    let value = restoration_ledger::app::export_value(&open_ro(&d.path), OPERATOR).unwrap();
    let mut old = value.clone();
    let root = old.as_object_mut().unwrap();
    root.remove("schema_version");
    // Every column a migration added (origin, the rules' stale_after_days …) is left out.
    let added: Vec<(&str, &str)> = MIGRATIONS
        .iter()
        .flat_map(|m| m.added_columns.iter().map(|c| (c.table, c.column)))
        .collect();
    for (t, c) in &added {
        for r in root[*t].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove(*c);
        }
    }
    // The demo's history was written at the current schema: pretend it was written before 0005
    // by taking the added columns out of its audited states too, and re-chaining it.
    let mut entries: Vec<AuditEntry> = serde_json::from_value(root["audit"].clone()).unwrap();
    let mut prev = restoration_ledger::store::GENESIS.to_string();
    for e in &mut entries {
        for v in [&mut e.old_value, &mut e.new_value].into_iter().flatten() {
            let mut m: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(v).unwrap();
            for (_, c) in added.iter().filter(|(t, _)| *t == e.table_name) {
                m.remove(*c);
            }
            *v = serde_json::Value::Object(m).to_string();
        }
        e.prev_hash = prev.clone();
        e.hash = e.compute_hash();
        prev = e.hash.clone();
    }
    root.insert("audit".into(), serde_json::to_value(&entries).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.json");
    std::fs::write(&file, serde_json::to_vec(&old).unwrap()).unwrap();
    let target = dir.path().join("restored.ledger");
    let o = cli(&["import".as_ref(), target.as_os_str(), file.as_os_str()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let s = open_ro(&target);
    let v = s.verify().unwrap();
    assert!(v.ok(), "{:?}", v.findings);
    let restored = s.audit_entries(None).unwrap();
    assert_eq!(
        restored.len(),
        entries.len()
            + MIGRATIONS
                .iter()
                .filter(|m| !m.added_columns.is_empty())
                .count(),
        "one upgrade entry per migration that added columns after the restored trail"
    );
    assert_eq!(restored.last().unwrap().table_name, "schema");
    assert_eq!(
        s.load().unwrap().aftercare.len(),
        value["aftercare"].as_array().unwrap().len()
    );
}

#[test]
fn export_and_reimport_round_trip_the_new_columns_exactly() {
    let (_dir, ledger, _) = upgraded_fixture();
    {
        let mut s = open_rw(&ledger);
        let mut e = s.list::<AftercareEntry>().unwrap().remove(0);
        e.origin = "package:5d2b3f1e-0000-4000-8000-000000000001".into();
        e.review = ReviewState::Pending;
        s.write(OPERATOR, |w| w.update(&e, "arrived by package"))
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("x.json");
    let o = cli(&[
        "export".as_ref(),
        ledger.as_os_str(),
        "--out".as_ref(),
        json.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = dir.path().join("again.ledger");
    let o = cli(&["import".as_ref(), again.as_os_str(), json.as_os_str()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let a = open_ro(&ledger).load().unwrap();
    let b = open_ro(&again).load().unwrap();
    assert_eq!(a, b);
    assert!(b.aftercare.iter().any(|e| e.origin.starts_with("package:")));
    assert!(open_ro(&again).verify().unwrap().ok());
}

#[allow(dead_code)]
fn _spec_is_public(_: &RecordSpec) {}

#[test]
fn a_form_and_an_import_are_refused_by_the_same_check_in_the_users_words() {
    use restoration_ledger::app::session::{Command, Rec, SessionError};
    use restoration_ledger::i18n::{Lang, ui::invalid};
    let d = demo_ledger();
    let mut s = restoration_ledger::app::session::Session::open(
        &d.path,
        OPERATOR,
        restoration_ledger::app::Role::Department,
    )
    .unwrap();
    let mut survey = s.data.surveys[0].clone();
    survey.meta = Meta::draft();
    survey.alive = survey.planted + 5;
    let err = s
        .apply(Command::Insert(Rec::Survey(survey.clone())))
        .unwrap_err();
    let SessionError::InvalidRecord { table, faults } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*table, "surveys");
    assert_eq!(faults.len(), 1);
    let zh = invalid(Lang::Zh, &faults[0]);
    assert!(
        zh.starts_with("「成活株数」") && zh.contains("多于"),
        "{zh}"
    );
    assert!(!zh.contains("alive"), "{zh}");
    // The same record in a file gets the same check, in English with its path.
    let mut value = restoration_ledger::app::export_value(&open_ro(&d.path), OPERATOR).unwrap();
    let root = value.as_object_mut().unwrap();
    root["surveys"][0]["alive"] = serde_json::json!(survey.alive);
    root.insert("audit".into(), serde_json::json!([]));
    let bytes = serde_json::to_vec(&value).unwrap();
    let e = restoration_ledger::exchange::parse(
        &bytes,
        &Default::default(),
        OPERATOR,
        "2026-01-01T00:00:00Z",
    )
    .unwrap_err();
    let english = faults[0].fault.english();
    assert!(
        e.issues
            .iter()
            .any(|i| i.path == "$.surveys[0].alive" && i.message == english),
        "{e}"
    );
}

#[test]
fn the_summary_read_without_after_care_text_gives_the_same_figures() {
    let d = demo_ledger();
    let s = open_ro(&d.path);
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let full = summary::summarize(&s.load().unwrap(), today);
    let lean = s.load_figures().unwrap();
    assert!(lean.aftercare.iter().all(|e| e.note.is_empty()));
    assert_eq!(lean.aftercare.len(), s.load().unwrap().aftercare.len());
    assert_eq!(summary::summarize(&lean, today), full);
}

/// Issue 10: on a ledger upgraded from 0.1.0, a rule given its own evidence limit still
/// verifies, and an export and import keep the limit exactly.
#[test]
fn a_rules_evidence_limit_set_after_the_upgrade_verifies_and_survives_export_and_import() {
    let (_dir, ledger, _) = upgraded_fixture();
    {
        let mut s = open_rw(&ledger);
        let mut r = s
            .list::<Rule>()
            .unwrap()
            .into_iter()
            .find(|r| r.kind == RuleKind::SurvivalRate)
            .unwrap();
        r.stale_after_days = Some(30);
        s.write(OPERATOR, |w| w.update(&r, "survey monthly"))
            .unwrap();
    }
    let o = cli(&["verify".as_ref(), ledger.as_os_str()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // Out of range, the ledger itself refuses it.
    let refused = raw(&ledger).execute(
        "UPDATE rules SET stale_after_days = 0 WHERE stale_after_days = 30",
        [],
    );
    assert!(refused.is_err(), "the CHECK let 0 days in");
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("x.json");
    let o = cli(&[
        "export".as_ref(),
        ledger.as_os_str(),
        "--out".as_ref(),
        json.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(
        exported["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["stale_after_days"] == 30)
    );
    let again = dir.path().join("again.ledger");
    let o = cli(&["import".as_ref(), again.as_os_str(), json.as_os_str()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let a = open_ro(&ledger).load().unwrap();
    let b = open_ro(&again).load().unwrap();
    assert_eq!(a, b);
    assert!(b.rules.iter().any(|r| r.stale_after_days == Some(30)));
    assert!(open_ro(&again).verify().unwrap().ok());
    // A limit out of range in the file is refused, naming the field.
    let mut bad = exported.clone();
    for r in bad["rules"].as_array_mut().unwrap() {
        if r["stale_after_days"] == 30 {
            r["stale_after_days"] = 4000.into();
        }
    }
    let file = dir.path().join("bad.json");
    std::fs::write(&file, serde_json::to_vec(&bad).unwrap()).unwrap();
    let o = cli(&[
        "import".as_ref(),
        dir.path().join("bad.ledger").as_os_str(),
        file.as_os_str(),
    ]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("stale_after_days"), "{}", stderr(&o));
}

/// The CHECK constraints of a ledger that still test a column against a list of three or more
/// values (SQLite builds a temporary table for such a list on every row written).
fn long_in_lists(conn: &rusqlite::Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        .unwrap();
    st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .flat_map(|(t, sql)| {
            sql.split(" IN (")
                .skip(1)
                .filter_map(|rest| rest.split_once(')'))
                .filter(|(list, _)| list.matches(',').count() >= 2)
                .map(|(list, _)| format!("{t}: IN ({list})"))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn checks_compare_values_instead_of_lists_and_still_refuse_what_they_refused() {
    let (_dir, upgraded, _) = upgraded_fixture();
    let fresh = demo_ledger();
    let original = raw(&fixture().join("v010-demo.ledger"));
    // 0.1.0 tested membership with lists; the upgrade and a new ledger compare values.
    assert!(
        long_in_lists(&original).len() >= 7,
        "{:?}",
        long_in_lists(&original)
    );
    for path in [&upgraded, &fresh.path] {
        let conn = raw(path);
        assert_eq!(
            long_in_lists(&conn),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        // The same values are refused as before.
        let tx = conn.unchecked_transaction().unwrap();
        for (sql, what) in [
            ("UPDATE aftercare SET review = 'maybe'", "aftercare.review"),
            ("UPDATE benches SET status = 'gone'", "benches.status"),
            ("UPDATE audit_log SET action = 'erase'", "audit_log.action"),
            (
                "UPDATE problems SET status = 'forgotten'",
                "problems.status",
            ),
        ] {
            let e = tx.execute(sql, []).unwrap_err().to_string();
            assert!(e.contains("CHECK constraint failed"), "{what}: {e}");
        }
        tx.execute("UPDATE aftercare SET review = 'pending'", [])
            .unwrap();
    }
    // The upgrade changed no record: the upgraded ledger verifies clean.
    let v = open_ro(&upgraded).verify().unwrap();
    assert!(v.findings.is_empty(), "{:?}", v.findings);
}
