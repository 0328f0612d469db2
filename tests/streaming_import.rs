//! Issue 8, point 5: an import reads its file one record at a time and writes each as it is read
//! (a million-entry file is never held whole). What a whole-file parse allowed still holds: a
//! record may be named before it appears, the history may come before or after the records it
//! covers, and a refused file writes nothing, even when the problem is its very last record.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::app;
use serde_json::Value;
use std::path::Path;

/// The export of the demo ledger, as a value.
fn demo_export() -> Value {
    let d = demo_ledger();
    app::export_value(&open_ro(&d.path), OPERATOR).unwrap()
}

/// Writes `doc` with its top-level keys in `order` (the rest after them, as they come).
fn write_in_order(doc: &Value, order: &[&str], path: &Path) {
    let root = doc.as_object().unwrap();
    let mut keys: Vec<&str> = order.to_vec();
    keys.extend(
        root.keys()
            .map(String::as_str)
            .filter(|k| !order.contains(k)),
    );
    let parts: Vec<String> = keys
        .iter()
        .filter_map(|k| root.get(*k).map(|v| format!("{}: {v}", Value::from(*k))))
        .collect();
    std::fs::write(path, format!("{{{}}}", parts.join(",\n"))).unwrap();
}

fn import(ledger: &Path, file: &Path) -> std::process::Output {
    cli(&["import".as_ref(), ledger.as_os_str(), file.as_os_str()])
}

#[test]
fn records_named_before_they_appear_in_the_file_import() {
    let mut doc = demo_export();
    doc.as_object_mut()
        .unwrap()
        .insert("audit".into(), Value::Array(vec![]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("children-first.json");
    // Works, plantings and after-care name benches and piles that come only at the end.
    write_in_order(
        &doc,
        &[
            "photos",
            "works",
            "aftercare",
            "plantings",
            "surveys",
            "problems",
            "benches",
            "piles",
            "mines",
        ],
        &file,
    );
    let ledger = dir.path().join("new.ledger");
    let o = import(&ledger, &file);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let s = open_ro(&ledger);
    assert!(s.verify().unwrap().ok());
    let data = s.load().unwrap();
    assert_eq!(
        data.works.len(),
        doc["works"].as_array().unwrap().len(),
        "every work arrived"
    );
    assert_eq!(data.benches.len(), doc["benches"].as_array().unwrap().len());

    // A reference that never finds its record is still refused, naming where it is, and the
    // records written before the file was found wrong are gone with the refused transaction.
    let bench = doc["benches"][0]["id"].as_str().unwrap().to_string();
    let benches = doc["benches"].as_array_mut().unwrap();
    benches.remove(0);
    let dangling = doc["works"]
        .as_array()
        .unwrap()
        .iter()
        .position(|w| w["bench_id"].as_str() == Some(bench.as_str()))
        .expect("a work on the first bench");
    write_in_order(&doc, &["works", "benches", "piles", "mines"], &file);
    let refused = dir.path().join("refused.ledger");
    let o = import(&refused, &file);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(&format!("$.works[{dangling}].bench_id"))
            && err.contains("neither in the file"),
        "{err}"
    );
    assert!(!refused.exists(), "a refused file leaves no ledger behind");
}

#[test]
fn a_history_before_or_between_the_records_it_covers_is_restored() {
    let doc = demo_export();
    let entries = doc["audit"].as_array().unwrap().len();
    assert!(entries > 300);
    let dir = tempfile::tempdir().unwrap();
    for (name, order) in [
        // As 0.1.0's exports were written: keys in alphabetical order.
        ("sorted", vec!["accounts", "aftercare", "audit", "benches"]),
        ("history-first", vec!["format", "audit"]),
        ("history-last", vec![]),
    ] {
        let mut order = order;
        let all: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        if name == "sorted" {
            order = all.clone();
            order.sort_unstable();
        }
        if name == "history-last" {
            order = all.into_iter().filter(|k| *k != "audit").collect();
        }
        let file = dir.path().join(format!("{name}.json"));
        write_in_order(&doc, &order, &file);
        let ledger = dir.path().join(format!("{name}.ledger"));
        let o = import(&ledger, &file);
        assert!(o.status.success(), "{name}: {}{}", stdout(&o), stderr(&o));
        let s = open_ro(&ledger);
        let v = s.verify().unwrap();
        assert!(v.ok(), "{name}: {:?}", v.findings);
        let restored = s.audit_entries(None).unwrap();
        assert_eq!(
            restored.len(),
            entries,
            "{name}: the file's history replaces the entries the import would have written"
        );
        assert_eq!(
            serde_json::to_value(&restored).unwrap(),
            doc["audit"],
            "{name}: restored entry for entry"
        );
    }
}

#[test]
fn a_problem_in_the_last_record_of_a_large_file_writes_nothing() {
    let mut doc = demo_export();
    let root = doc.as_object_mut().unwrap();
    root.insert("audit".into(), Value::Array(vec![]));
    let template = root["aftercare"][0].clone();
    let mut added = Vec::new();
    for i in 0..20_000u128 {
        let mut e = template.clone();
        let id = uuid::Uuid::from_u128(0xA000_0000_0000_4000_8000_0000_0000_0000 | i);
        e["id"] = Value::from(id.to_string());
        added.push(e);
    }
    let last = added.len() - 1;
    added[last]["quantity"] = Value::from(-5);
    let dir = tempfile::tempdir().unwrap();

    // Into the ledger the file was made from, only the new entries: its state is unchanged.
    let d = demo_ledger();
    let before = state(&d.path);
    let file = dir.path().join("new-entries.json");
    let only_new = serde_json::json!({
        "format": "restoration-ledger", "format_version": 1, "aftercare": added.clone(),
    });
    std::fs::write(&file, serde_json::to_vec(&only_new).unwrap()).unwrap();
    let shown = app::import_file(&d.path, &file, OPERATOR)
        .unwrap_err()
        .to_string();
    assert!(
        shown.contains(&format!("$.aftercare[{last}].quantity")) && shown.contains("1 problem"),
        "{}",
        &shown[..shown.len().min(2000)]
    );
    assert_eq!(state(&d.path), before, "nothing was written");
    assert!(open_ro(&d.path).verify().unwrap().ok());

    // The whole example with them into a new ledger: no file is left.
    root.get_mut("aftercare")
        .and_then(Value::as_array_mut)
        .unwrap()
        .extend(added);
    let file = dir.path().join("big.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let target = dir.path().join("new.ledger");
    assert!(app::import_file(&target, &file, OPERATOR).is_err());
    assert!(!target.exists());
}

/// An export writes the history before the records, so an import into an empty ledger restores
/// the history first and writes the records under it (0.1.0's order audited every record and then
/// threw those entries away for the file's: a million-entry re-import took 85 s).
#[test]
fn an_export_puts_the_history_before_the_records_and_imports_whole() {
    let d = demo_ledger();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    let o = cli(&[
        "export".as_ref(),
        d.path.as_os_str(),
        "--out".as_ref(),
        file.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    let at = |key: &str| text.find(&format!("\"{key}\": [")).unwrap();
    assert!(at("audit") < at("mines"), "the history comes first");
    assert!(at("mines") < at("aftercare"), "parents before children");
    let ledger = dir.path().join("again.ledger");
    let o = import(&ledger, &file);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let (source, copy) = (open_ro(&d.path), open_ro(&ledger));
    assert!(copy.verify().unwrap().ok());
    assert_eq!(
        serde_json::to_value(copy.audit_entries(None).unwrap()).unwrap(),
        serde_json::to_value(source.audit_entries(None).unwrap()).unwrap()
    );
    assert_eq!(copy.record_count().unwrap(), source.record_count().unwrap());
}
