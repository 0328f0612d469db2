//! Issue 13 (the merge engine under a plain JSON import): an export imported into a ledger that
//! holds some of it adds what the ledger lacks, recognises what is already there (the same record,
//! or a default rule saying the same) and lists real conflicts, keeping the ledger's version,
//! instead of refusing the whole file. `init` then `import` of an export works; importing the same
//! export twice adds nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::app;
use restoration_ledger::domain::*;
use std::path::Path;

fn export(ledger: &Path, out: &Path) {
    let o = cli(&[
        "export".as_ref(),
        ledger.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn import(ledger: &Path, file: &Path) -> String {
    let o = cli(&["import".as_ref(), ledger.as_os_str(), file.as_os_str()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

#[test]
fn init_then_import_of_an_export_works_and_a_second_import_adds_nothing() {
    let demo = demo_ledger();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("demo.json");
    export(&demo.path, &json);
    let source = open_ro(&demo.path).load().unwrap();

    // A new ledger made by `init` carries the default rules under ids of its own.
    let target = dir.path().join("office.ledger");
    let o = cli(&["init".as_ref(), target.as_os_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rules_before = open_ro(&target).load().unwrap().rules;
    assert!(!rules_before.is_empty(), "init seeds the default rules");

    let said = import(&target, &json);
    assert!(said.contains("已导入"), "{said}");
    let got = open_ro(&target).load().unwrap();
    assert_eq!(got.benches, source.benches);
    assert_eq!(got.works, source.works);
    assert_eq!(got.aftercare, source.aftercare);
    assert_eq!(got.photos, source.photos);
    assert_eq!(got.problems, source.problems);
    // One rule of each kind: a default rule the file carries again is the same rule; one the
    // example changed is listed as a conflict and the ledger's is kept.
    assert_eq!(got.rules.len(), rules_before.len());
    assert!(open_ro(&target).verify().unwrap().ok());

    // The same export again: nothing is written, and the program says why.
    let before = state(&target);
    let said = import(&target, &json);
    assert!(said.contains("已导入 0 条记录"), "{said}");
    assert!(said.contains("台账里已有且相同"), "{said}");
    let after = state(&target);
    assert_eq!(after.0, before.0, "a second import wrote a record");
    // The command line records who signed in to import; nothing else was written.
    let new_entries = open_ro(&target).audit_since(before.1.0).unwrap();
    assert!(
        new_entries.iter().all(|e| e.table_name == "sign_ins"),
        "{new_entries:?}"
    );
}

#[test]
fn a_record_changed_in_the_ledger_since_the_export_is_a_listed_conflict_and_kept() {
    let demo = demo_ledger();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("demo.json");
    export(&demo.path, &json);
    // The office changes one work after the export, and a new after-care entry is added to the
    // file (the contractor's work the office lacks).
    let mut store = open_rw(&demo.path);
    let mut work = store.list::<Work>().unwrap().remove(3);
    work.note = "office corrected the quantity note".into();
    let changed = store
        .write(OPERATOR, |w| w.update(&work, "corrected"))
        .unwrap();
    drop(store);
    let mut doc: serde_json::Value = serde_json::from_slice(&bytes(&json)).unwrap();
    let mut extra = doc["aftercare"][0].clone();
    extra["id"] = serde_json::json!("5d2b3f1e-0000-4000-8000-00000000abcd");
    extra["note"] = serde_json::json!("新增:外业补植记录");
    doc["aftercare"].as_array_mut().unwrap().push(extra);
    std::fs::write(&json, serde_json::to_vec(&doc).unwrap()).unwrap();
    let records_before = state(&demo.path).0;

    let mut store = open_rw(&demo.path);
    let o = app::import_bytes(&mut store, &bytes(&json), OPERATOR, "demo.json").unwrap();
    drop(store);
    assert_eq!(
        o.records, 1,
        "only the entry the ledger lacks is written: {o:?}"
    );
    assert_eq!(o.conflicts.len(), 1, "{:?}", o.conflicts);
    let c = &o.conflicts[0];
    assert_eq!(
        (c.table, c.id.as_str()),
        ("works", changed.meta.id.to_string().as_str())
    );
    assert!(c.path.starts_with("$.works["), "{}", c.path);
    assert_eq!(
        o.present as i64,
        records_before - 1,
        "every other record recognised"
    );

    let s = open_ro(&demo.path);
    assert_eq!(
        s.get::<Work>(changed.meta.id).unwrap().unwrap(),
        changed,
        "the ledger's version is kept"
    );
    assert!(
        s.load()
            .unwrap()
            .aftercare
            .iter()
            .any(|e| e.note == "新增:外业补植记录")
    );
    assert!(s.verify().unwrap().ok());
}
