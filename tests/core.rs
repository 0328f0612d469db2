//! The ledger core end to end: the demo reproduces the seed's figures, and export → import into a
//! new ledger gives the same data, photos and audit trail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::app;
use restoration_ledger::store::Store;

#[test]
fn demo_reproduces_the_seed_figures() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("d.ledger");
    let o = cli_str(&["init", l.to_str().unwrap(), "--demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = cli_str(&["summary", l.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for (key, want) in [
        ("slope_faces_and_berms", 23),
        ("gentle_slope_trimmed_m2", 210_000),
        ("flat_area_leveled_m2", 585_000),
        ("soil_cover_m3", 1_940_000),
        ("ditch_length_m", 938),
        ("green_area_m2", 108_498),
    ] {
        assert_eq!(v[key], serde_json::json!(want), "{key}");
    }
    let o = cli_str(&["verify", l.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn export_import_round_trip_keeps_data_photos_and_audit() {
    let demo = demo_ledger();
    // Some history beyond inserts: an update and a delete.
    {
        let mut s = open_rw(&demo.path);
        let mut w0 = s.list::<restoration_ledger::domain::Work>().unwrap()[0].clone();
        w0.note = "修改 ✏️".into();
        s.write(OPERATOR, |w| w.update(&w0, "correction")).unwrap();
        let r = s.list::<restoration_ledger::domain::Reading>().unwrap()[0].clone();
        s.write(OPERATOR, |w| {
            w.delete::<restoration_ledger::domain::Reading>(r.meta.id, r.meta.version, "duplicate")
        })
        .unwrap();
    }
    let json = demo.dir.path().join("export.json");
    let copy = demo.dir.path().join("copy.ledger");
    let o = cli(&[
        "export".as_ref(),
        demo.path.as_os_str(),
        "--out".as_ref(),
        json.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = cli(&["import".as_ref(), copy.as_os_str(), json.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("审计链校验通过"), "{}", stdout(&o));

    let a = open_ro(&demo.path);
    let b = open_ro(&copy);
    let data = a.load().unwrap();
    assert_eq!(b.load().unwrap(), data, "LedgerData differs");
    assert!(!data.photos.is_empty());
    for p in &data.photos {
        assert_eq!(
            a.photo_data(p.meta.id).unwrap(),
            b.photo_data(p.meta.id).unwrap(),
            "photo {} bytes differ",
            p.meta.id
        );
    }
    assert_eq!(
        a.audit_entries(None).unwrap(),
        b.audit_entries(None).unwrap()
    );
    assert_eq!(a.audit_head().unwrap(), b.audit_head().unwrap());
    assert!(b.verify().unwrap().ok());
    let o = cli(&["verify".as_ref(), copy.as_os_str()]);
    assert_eq!(o.status.code(), Some(0));

    // Issue 13: importing the same export again into the copy adds nothing and says so: every
    // record is recognised as already there (it was refused whole, 385 lines, before).
    let before = state(&copy);
    let mut s = open_rw(&copy);
    let again = app::import_bytes(&mut s, &bytes(&json), OPERATOR, "again").unwrap();
    drop(s);
    assert_eq!((again.records, again.conflicts.len()), (0, 0), "{again:?}");
    assert_eq!(again.present as i64, before.0, "every record recognised");
    assert_eq!(state(&copy), before, "nothing written");
}

/// An export whose records were edited by hand no longer matches its own audit trail: restoring
/// it into a new ledger is refused, naming the audit trail, and leaves no file behind.
#[test]
fn export_edited_by_hand_is_refused_on_restore() {
    let demo = demo_ledger();
    let s = open_ro(&demo.path);
    let mut v = app::export_value(&s, OPERATOR).unwrap();
    v["works"][0]["quantity"] = serde_json::json!(123);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("restored.ledger");
    let file = dir.path().join("edited.json");
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = cli(&["import".as_ref(), target.as_os_str(), file.as_os_str()]);
    assert_no_panic(&o, "import edited");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("$.audit"), "{}", stderr(&o));
    assert!(!target.exists(), "a half-made ledger was left behind");
    // Into an existing empty ledger: refused the same way, nothing written.
    let target2 = dir.path().join("empty.ledger");
    drop(Store::create(&target2).unwrap());
    let mut st = open_rw(&target2);
    let err = app::import_bytes(&mut st, &bytes(&file), OPERATOR, "edited").unwrap_err();
    assert!(err.to_string().contains("$.audit"), "{err}");
    assert_eq!(st.record_count().unwrap(), 0);
    assert_eq!(st.audit_head().unwrap().0, 0);
}
