//! The store's suite, written once against the `Ledger` trait: every backend runs it by adding
//! its constructor to `backends()` (today SQLite; a PostgreSQL backend adds one line).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use restoration_ledger::domain::*;
use restoration_ledger::store::{Ledger, LedgerWriter, Store, StoreError};

const OP: &str = "测试员 suite";

/// A fresh, empty ledger of one backend, and what keeps it alive (a temporary folder).
type Fresh<L> = (Box<dyn std::any::Any>, L);

fn sqlite() -> Fresh<Store> {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("suite.ledger")).unwrap();
    (Box::new(dir), store)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A mine, its pile and one bench, written through the trait.
fn seed<L: Ledger>(l: &mut L) -> (Pile, Bench) {
    l.write(OP, |w| {
        let mine = w.insert(&Mine {
            meta: w.new_meta(),
            name: "华阳二矿".into(),
            company: "华阳集团".into(),
            location: "阳泉".into(),
            note: String::new(),
        })?;
        let pile = w.insert(&Pile {
            meta: w.new_meta(),
            mine_id: mine.meta.id,
            name: "石瑙山矸石山".into(),
            location: String::new(),
            dumping_since: day("2010-01-01"),
            status: PileStatus::InUse,
            closed_on: None,
            greenable_area: None,
            plan_reference: String::new(),
            note: String::new(),
        })?;
        let bench = w.insert(&Bench {
            meta: w.new_meta(),
            pile_id: pile.meta.id,
            number: 10,
            kind: BenchKind::Berm,
            elevation_low: None,
            elevation_high: None,
            area: Milli::from_whole(1200),
            gradient_run: None,
            berm_width: Some(Milli::from_whole(4)),
            status: BenchStatus::Greened,
            note: String::new(),
            code: String::new(),
        })?;
        Ok((pile, bench))
    })
    .unwrap()
}

fn entry(pile: &Pile, bench: &Bench, note: &str) -> AftercareEntry {
    AftercareEntry {
        meta: Meta::draft(),
        pile_id: pile.meta.id,
        date: day("2024-05-06"),
        contractor: "阳泉某园林绿化公司".into(),
        bench_id: Some(bench.meta.id),
        kind: AftercareKind::Replanting,
        quantity: Some(Milli::from_whole(120)),
        unit: Unit::Plants,
        note: note.into(),
        review: ReviewState::Pending,
        review_comment: String::new(),
        reviewer: String::new(),
        reviewed_at: None,
        origin: String::new(),
    }
}

fn suite<L: Ledger>(fresh: impl Fn() -> Fresh<L>) {
    // Typed records go in and come back equal; every change is one audit entry; it verifies.
    let (_keep, mut l) = fresh();
    let (pile, bench) = seed(&mut l);
    assert_eq!(l.audit_head().unwrap().0, 3);
    let a = l
        .write(OP, |w| w.insert(&entry(&pile, &bench, "补植紫穗槐")))
        .unwrap();
    assert_eq!(l.get::<AftercareEntry>(a.meta.id).unwrap(), Some(a.clone()));
    assert_eq!(l.list::<AftercareEntry>().unwrap(), vec![a.clone()]);
    assert_eq!(l.record_count().unwrap(), 4);
    assert!(l.verify().unwrap().ok());

    // An update names the version it read: a stale one is a conflict, not a lost update.
    let mut changed = a.clone();
    changed.note = "补植紫穗槐 120 株".into();
    let b = l.write(OP, |w| w.update(&changed, "")).unwrap();
    assert_eq!(b.meta.version, 2);
    let stale = l.write(OP, |w| w.update(&changed, ""));
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let history = l.audit_entries(Some(&a.meta.id.to_string())).unwrap();
    assert_eq!(history.len(), 2);
    assert!(
        history[1]
            .changed_fields()
            .iter()
            .any(|(k, _, _)| k == "note")
    );

    // An approved entry is changed only with a reason.
    let mut approved = b.clone();
    approved.review = ReviewState::Approved;
    approved.reviewer = "环保部 王工".into();
    let c = l.write(OP, |w| w.update(&approved, "")).unwrap();
    let mut again = c.clone();
    again.note.push('。');
    let r = l.write(OP, |w| w.update(&again, " "));
    assert!(matches!(r, Err(StoreError::ReasonRequired { .. })), "{r:?}");

    // A write that fails part-way leaves nothing behind.
    let head = l.audit_head().unwrap();
    let r: Result<(), StoreError> = l.write(OP, |w| {
        w.insert(&entry(&pile, &bench, "half"))?;
        Err(StoreError::Constraint("stopped on purpose".into()))
    });
    assert!(r.is_err());
    assert_eq!(l.audit_head().unwrap(), head);
    assert_eq!(l.record_count().unwrap(), 4);

    // Photos keep their bytes; deleting the record deletes its photos, audited.
    let pending = l
        .write(OP, |w| w.insert(&entry(&pile, &bench, "with photo")))
        .unwrap();
    let bytes = b"\x89PNG\r\n\x1a\n suite".to_vec();
    let photo = l
        .write(OP, |w| {
            let p = Photo {
                meta: w.new_meta(),
                owner_kind: PhotoOwner::Aftercare,
                owner_id: pending.meta.id,
                file_name: "现场.png".into(),
                mime: "image/png".into(),
                sha256: String::new(),
                size_bytes: bytes.len() as i64,
                taken_at: None,
                gps_lat_micro: None,
                gps_lon_micro: None,
                taken_by: OP.into(),
                place: String::new(),
                origin: String::new(),
            };
            w.insert_photo(&p, &bytes)
        })
        .unwrap();
    assert_eq!(l.photo_data(photo.meta.id).unwrap(), bytes);
    l.write(OP, |w| {
        w.delete::<AftercareEntry>(pending.meta.id, pending.meta.version, "entered twice")
    })
    .unwrap();
    assert!(l.get::<Photo>(photo.meta.id).unwrap().is_none());
    assert!(l.verify().unwrap().ok());

    // Records stream one at a time in the order they were added; reads inside one committed
    // state agree.
    let mut streamed = Vec::new();
    l.each::<AftercareEntry>(&mut |e| {
        streamed.push(e);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, l.list::<AftercareEntry>().unwrap());
    let (n, loaded) = l
        .read_consistent(|l| Ok::<_, StoreError>((l.record_count()?, l.load()?)))
        .unwrap();
    assert_eq!(n as usize, loaded.record_count());
    let mut entries = 0;
    l.each_audit(&mut |_| {
        entries += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(entries, l.audit_head().unwrap().0);

    // The ledger's own facts are audited like records.
    l.write(OP, |w| w.set_info_audited("signing_key", "ab", "first key"))
        .unwrap();
    assert_eq!(l.info("signing_key").unwrap().as_deref(), Some("ab"));
    assert!(l.verify().unwrap().ok());
    assert!(!l.read_only());
}

#[test]
fn sqlite_passes_the_ledger_suite() {
    suite(sqlite);
}
