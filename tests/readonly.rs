//! Auditor / read-only mode: no write path succeeds, and the file stays byte-identical.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::app::{self, Role};
use restoration_ledger::domain::{Mine, Photo, Work};
use restoration_ledger::store::{Access, Store, StoreError};

#[test]
fn auditor_role_opens_read_only() {
    assert_eq!(Role::Auditor.access(), Access::ReadOnly);
    assert_eq!(Role::Department.access(), Access::ReadWrite);
    assert_eq!(Role::Contractor.access(), Access::ReadWrite);
}

#[test]
fn no_write_path_succeeds_on_a_read_only_store() {
    let demo = demo_ledger();
    let before = bytes(&demo.path);
    let head = state(&demo.path);
    let mut s = Store::open(&demo.path, Role::Auditor.access()).unwrap();
    let work: Work = s.list::<Work>().unwrap()[0].clone();
    let photo: Photo = s.list::<Photo>().unwrap()[0].clone();
    let entry = s.audit_entries(None).unwrap()[0].clone();
    let cols = match serde_json::to_value(&work).unwrap() {
        serde_json::Value::Object(m) => m,
        _ => unreachable!(),
    };
    let mut called = 0;
    type Attempt<'a> = Box<
        dyn Fn(&mut restoration_ledger::store::Writer<'_>) -> restoration_ledger::store::Result<()>
            + 'a,
    >;
    let attempts: Vec<(&str, Attempt)> = vec![
        (
            "insert",
            Box::new(|w| {
                let m = Mine {
                    meta: w.new_meta(),
                    name: "x".into(),
                    company: String::new(),
                    location: String::new(),
                    note: String::new(),
                };
                w.insert(&m).map(|_| ())
            }),
        ),
        ("update", Box::new(|w| w.update(&work, "audit").map(|_| ()))),
        (
            "delete",
            Box::new(|w| w.delete::<Work>(work.meta.id, work.meta.version, "audit")),
        ),
        (
            "insert_photo",
            Box::new(|w| w.insert_photo(&photo, b"x").map(|_| ())),
        ),
        (
            "insert_as_is",
            Box::new(|w| w.insert_as_is(&work, None, "x")),
        ),
        ("restore_row", Box::new(|w| w.restore_row(&work, None))),
        ("restore_audit", Box::new(|w| w.restore_audit(&entry))),
        (
            "insert_columns",
            Box::new(|w| w.insert_columns("works", &cols, None, "x")),
        ),
        (
            "restore_columns",
            Box::new(|w| w.restore_columns("works", &cols, None)),
        ),
    ];
    for (name, attempt) in &attempts {
        let err = s
            .write(OPERATOR, |w| {
                called += 1;
                attempt(w)
            })
            .unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly(_)), "{name}: {err}");
        assert!(err.to_string().contains("read-only"), "{name}: {err}");
    }
    assert_eq!(called, 0, "a write closure ran on a read-only store");

    // The application services refuse too.
    let valid = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/exchange/base.json"
    ))
    .unwrap();
    for file in [valid.as_slice(), app::DEMO_JSON.as_bytes(), b"not json"] {
        let err = app::import_bytes(&mut s, file, OPERATOR, "x").unwrap_err();
        assert!(err.to_string().contains("read-only"), "{err}");
    }
    let err = app::seed_default_rules(&mut s, OPERATOR).unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    let err = app::stress_writes(&demo.path, 0, OPERATOR, |_, _| Ok(()));
    assert!(err.is_ok(), "zero writes is fine");

    // Reading still works.
    assert!(s.verify().unwrap().ok());
    let out = demo.dir.path().join("export.json");
    app::export_file(&s, &out, OPERATOR, false).unwrap();
    drop(s);
    assert_eq!(state(&demo.path), head);
    assert_eq!(
        bytes(&demo.path),
        before,
        "a read-only session changed the file"
    );
}

/// The CLI's reading commands open read-only: running them all leaves the file byte-identical.
#[test]
fn reading_commands_leave_the_file_untouched() {
    let demo = demo_ledger();
    let before = bytes(&demo.path);
    let l = demo.path.to_str().unwrap();
    let out = demo.dir.path().join("o.json");
    for args in [
        vec!["verify", l],
        vec!["summary", l],
        vec!["summary", l, "--json"],
        vec!["export", l, "--out", out.to_str().unwrap()],
    ] {
        let o = cli_str(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(bytes(&demo.path), before);
}
