//! Issue 13, step 1: the department makes a field package for one contractor — a ledger file with
//! what they need and nothing else, marked as a package of the office ledger.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::app::{self, Role, accounts, package};
use restoration_ledger::domain::*;
use std::path::Path;

const COMPANY: &str = "阳泉某土石方工程公司";

/// The CLI in English: these tests compare its English sentences (Chinese is its default).
fn cli_str(args: &[&str]) -> std::process::Output {
    let mut args = args.to_vec();
    args.extend(["--lang", "en"]);
    common::cli_str(&args)
}

/// The demo with a department account, two people of the contractor's company and one of another.
fn office(dir: &Path) -> std::path::PathBuf {
    let ledger = dir.join("office.ledger");
    let mut store = app::init(&ledger, true, "setup").unwrap();
    for (who, role, company) in [
        ("李科长", Role::Department, ""),
        ("张经理", Role::Contractor, COMPANY),
        ("王工长", Role::Contractor, COMPANY),
        ("赵经理", Role::Contractor, "某园林绿化公司"),
    ] {
        let a = accounts::new_account(who, role, company, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    }
    // A photo on their pending entry (the example's photos are on other entries).
    let data = store.load().unwrap();
    let entry = data
        .aftercare
        .iter()
        .find(|e| e.contractor == COMPANY && e.review == ReviewState::Pending)
        .unwrap()
        .meta
        .id;
    let jpeg = store.photo_data(data.photos[0].meta.id).unwrap();
    store
        .write("李科长", |w| {
            let photo = app::photo::photo_record(
                w.new_meta(),
                PhotoOwner::Aftercare,
                entry,
                "补植.jpg",
                &jpeg,
                "张经理",
                "5号坡面",
            )
            .unwrap();
            w.insert_photo(&photo, &jpeg)
        })
        .unwrap();
    ledger
}

#[test]
fn a_package_holds_what_the_contractor_needs_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = office(dir.path());
    let data = open_ro(&ledger).load().unwrap();
    let theirs: Vec<&AftercareEntry> = data
        .aftercare
        .iter()
        .filter(|e| e.contractor == COMPANY && e.review != ReviewState::Approved)
        .collect();
    assert!(
        !theirs.is_empty(),
        "the example has entries of {COMPANY} awaiting approval"
    );
    assert!(
        data.aftercare.iter().any(|e| e.contractor != COMPANY),
        "and entries of others"
    );
    let out = dir.path().join("2025-06_园林绿化.ledger");
    let o = cli_str(&[
        "package",
        ledger.to_str().unwrap(),
        "--contractor",
        COMPANY,
        "--out",
        out.to_str().unwrap(),
        "--operator",
        "李科长",
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("field package"), "{}", stdout(&o));

    let p = open_ro(&out);
    assert!(p.verify().unwrap().ok(), "the package verifies");
    let got = p.load().unwrap();
    assert_eq!(got.mines, data.mines);
    assert_eq!(got.piles, data.piles);
    assert_eq!(got.benches, data.benches);
    assert_eq!(got.rules, data.rules);
    // Their own entries not yet approved, exactly, as the office holds them.
    let mut want: Vec<AftercareEntry> = theirs.into_iter().cloned().collect();
    want.sort_by_key(|e| e.meta.id);
    let mut have = got.aftercare.clone();
    have.sort_by_key(|e| e.meta.id);
    assert_eq!(have, want);
    // The problems naming their company or one of its people, until verified (the example's
    // read "土石方施工单位 / 张经理"); no works, plantings, surveys, readings or sign-offs.
    let named = |p: &Problem| {
        p.status != ProblemStatus::Verified
            && (p.names_responsible(COMPANY, "张经理") || p.names_responsible("", "王工长"))
    };
    assert!(got.problems.iter().all(named));
    let expected = data.problems.iter().filter(|p| named(p)).count();
    assert!(expected > 0);
    assert_eq!(got.problems.len(), expected);
    assert!(got.works.is_empty() && got.plantings.is_empty() && got.surveys.is_empty());
    assert!(got.readings.is_empty() && got.sign_offs.is_empty());
    // Photos follow their records, bytes and all.
    let owners: Vec<uuid::Uuid> = got
        .aftercare
        .iter()
        .map(|e| e.meta.id)
        .chain(got.problems.iter().map(|p| p.meta.id))
        .collect();
    let expected = data
        .photos
        .iter()
        .filter(|p| owners.contains(&p.owner_id))
        .count();
    assert!(expected > 0);
    assert_eq!(got.photos.len(), expected, "every photo of their records");
    for photo in &got.photos {
        assert!(
            got.aftercare.iter().any(|e| e.meta.id == photo.owner_id)
                || got.problems.iter().any(|p| p.meta.id == photo.owner_id),
            "a photo of a record not in the package"
        );
        assert_eq!(
            p.photo_data(photo.meta.id).unwrap(),
            open_ro(&ledger).photo_data(photo.meta.id).unwrap()
        );
    }
    // The company's people can sign in; nobody else has an account there.
    let names: Vec<String> = p.accounts().unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"张经理".to_string()) && names.contains(&"王工长".to_string()));
    assert!(app::session::Session::sign_in(&out, "张经理", PASSWORD).is_ok());
    // Marked as a package of the office ledger at its audit head.
    let mut office = open_rw(&ledger);
    let office_id = office.ledger_id().unwrap();
    assert_eq!(p.info(package::PACKAGE_OF).unwrap(), Some(office_id));
    assert_eq!(
        p.info(package::PACKAGE_CONTRACTOR).unwrap().as_deref(),
        Some(COMPANY)
    );
    let head = p.info(package::PACKAGE_OFFICE_HEAD).unwrap().unwrap();
    let (seq, hash) = head.split_once(':').unwrap();
    assert_eq!(
        office
            .audit_hash_at(seq.parse().unwrap())
            .unwrap()
            .as_deref(),
        Some(hash),
        "the head names an entry of the office's chain"
    );
    assert!(p.info(package::PACKAGE_ID).unwrap().is_some());
}

#[test]
fn a_package_for_a_company_without_accounts_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = office(dir.path());
    let out = dir.path().join("nobody.ledger");
    let e = package::make(&ledger, "没有账号的公司", &out, "李科长").unwrap_err();
    assert!(
        e.to_string().contains("No active contractor account"),
        "{e}"
    );
    assert!(!out.exists());
}

/// Makes the package of `office` for [`COMPANY`].
fn package_of(office: &Path, out: &Path) {
    package::make(office, COMPANY, out, "李科长").unwrap();
}

fn merge(office: &Path, package: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "merge",
        office.to_str().unwrap(),
        package.to_str().unwrap(),
        "--operator",
        "李科长",
    ];
    args.extend_from_slice(extra);
    cli_str(&args)
}

#[test]
fn a_package_merges_back_exactly_what_the_contractor_did_and_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = office(dir.path());
    // A second pending entry of theirs, so one can be approved by the office meanwhile.
    let mut store = open_rw(&ledger);
    let data = store.load().unwrap();
    let first = data
        .aftercare
        .iter()
        .find(|e| e.contractor == COMPANY && e.review == ReviewState::Pending)
        .unwrap()
        .clone();
    let second = store
        .write("李科长", |w| {
            let mut e = first.clone();
            e.meta = w.new_meta();
            e.note = "第二条待审核记录".into();
            w.insert(&e)
        })
        .unwrap();
    drop(store);
    let pkg = dir.path().join("pkg.ledger");
    package_of(&ledger, &pkg);

    // In the field: 张经理 adds three entries (one with a photo) and edits both pending ones.
    let jpeg = open_ro(&ledger).photo_data(data.photos[0].meta.id).unwrap();
    let mut p = open_rw(&pkg);
    let added = p
        .write("张经理", |w| {
            let mut ids = Vec::new();
            for i in 0..3 {
                let mut e = first.clone();
                e.meta = w.new_meta();
                e.note = format!("外业补植 {i}");
                ids.push(w.insert(&e)?.meta.id);
            }
            let photo = app::photo::photo_record(
                w.new_meta(),
                PhotoOwner::Aftercare,
                ids[0],
                "外业.jpg",
                &jpeg,
                "张经理",
                "5号坡面",
            )
            .unwrap();
            w.insert_photo(&photo, &jpeg)?;
            for (e, note) in [(&first, "已补植,附照片"), (&second, "已补种")] {
                let mut edited = e.clone();
                edited.note = note.into();
                w.update(&edited, "外业修改")?;
            }
            Ok(ids)
        })
        .unwrap();
    drop(p);
    // Meanwhile the office approves the second entry.
    let mut store = open_rw(&ledger);
    let approved = store
        .write("李科长", |w| {
            let mut e = second.clone();
            e.review = ReviewState::Approved;
            e.reviewer = "李科长".into();
            w.update(&e, "")
        })
        .unwrap();
    drop(store);

    // A dry run says what would happen and writes nothing.
    let before = state(&ledger);
    let o = merge(&ledger, &pkg, &["--dry-run"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("4 added + 1 changed"), "{}", stdout(&o));
    assert_eq!(state(&ledger), before, "a dry run wrote something");

    let m = package::merge(&ledger, &pkg, "李科长", false).unwrap();
    assert_eq!((m.added, m.updated), (4, 1), "{m:?}");
    assert_eq!(m.conflicts.len(), 1, "{m:?}");
    assert_eq!(m.conflicts[0].id, approved.meta.id.to_string());
    assert!(m.refused.is_empty(), "{m:?}");
    let in_package = open_ro(&pkg).record_count().unwrap() as usize;
    assert_eq!(
        m.added + m.updated + m.present + m.conflicts.len() + m.refused.len(),
        in_package,
        "every record of the package is counted once"
    );

    let s = open_ro(&ledger);
    assert!(s.verify().unwrap().ok());
    let now = s.load().unwrap();
    for id in &added {
        let e = now.aftercare.iter().find(|e| e.meta.id == *id).unwrap();
        assert_eq!(e.meta.created_by, "张经理", "the author is kept");
        assert_eq!(e.review, ReviewState::Pending);
        assert!(e.origin.starts_with("package:"), "{}", e.origin);
    }
    let photo = now.photos.iter().find(|p| p.owner_id == added[0]).unwrap();
    assert_eq!(
        s.photo_data(photo.meta.id).unwrap(),
        jpeg,
        "photo bytes identical"
    );
    let edited = now
        .aftercare
        .iter()
        .find(|e| e.meta.id == first.meta.id)
        .unwrap();
    assert_eq!(
        edited.note, "已补植,附照片",
        "the edit of an entry the office left alone"
    );
    assert_eq!(
        edited.meta.updated_by, "张经理",
        "the edit stays the contractor's"
    );
    assert_eq!(edited.meta.created_by, first.meta.created_by);
    let kept = now
        .aftercare
        .iter()
        .find(|e| e.meta.id == second.meta.id)
        .unwrap();
    assert_eq!(
        kept, &approved,
        "the office's approval stands; the package's edit is listed"
    );

    // The receipt says, record by record, what became of each, and its counts add up.
    let receipt: serde_json::Value =
        serde_json::from_slice(&bytes(&package::receipt_path(&pkg))).unwrap();
    let lines = receipt["records"].as_array().unwrap();
    assert_eq!(lines.len(), in_package);
    let count = |o: &str| lines.iter().filter(|l| l["outcome"] == o).count();
    assert_eq!(
        (count("added"), count("changed"), count("conflict")),
        (4, 1, 1)
    );
    assert_eq!(receipt["already_present"].as_u64(), Some(m.present as u64));
    let conflict = lines.iter().find(|l| l["outcome"] == "conflict").unwrap();
    assert_eq!(conflict["id"], approved.meta.id.to_string());
    assert!(conflict["why"].as_str().unwrap().contains("office changed"));

    // Merged again: nothing changes, and the same conflict is listed again.
    let records = state(&ledger).0;
    let again = package::merge(&ledger, &pkg, "李科长", false).unwrap();
    assert_eq!(
        (again.added, again.updated, again.conflicts.len()),
        (0, 0, 1)
    );
    assert_eq!(state(&ledger).0, records);
}

#[test]
fn a_tampered_package_or_one_from_another_ledger_is_refused_and_nothing_is_merged() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = office(dir.path());
    let pkg = dir.path().join("pkg.ledger");
    package_of(&ledger, &pkg);
    // Another office's ledger: refused, whatever the package holds.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let other = office(&other);
    let before = state(&other);
    let e = package::merge(&other, &pkg, "李科长", false).unwrap_err();
    assert!(e.to_string().contains("another ledger"), "{e}");
    assert_eq!(state(&other), before);
    // A note edited behind the program's back in the package: refused before anything is read.
    raw(&pkg)
        .execute("UPDATE aftercare SET note = 'forged' WHERE rowid = 1", [])
        .unwrap();
    let before = state(&ledger);
    let o = merge(&ledger, &pkg, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("does not verify"), "{}", stderr(&o));
    assert_eq!(state(&ledger), before);
}

/// Step 2 as the contractor lives it: they sign in to the package with their own account, add an
/// entry through the same commands as the window, and the merge brings it in under their name.
#[test]
fn the_contractor_works_in_the_package_as_themselves_and_the_merge_brings_it_in() {
    use restoration_ledger::app::session::{Command, Rec, Session, blank_aftercare};
    let dir = tempfile::tempdir().unwrap();
    let ledger = office(dir.path());
    let pkg = dir.path().join("pkg.ledger");
    package_of(&ledger, &pkg);
    let mut s = Session::sign_in(&pkg, "张经理", PASSWORD).unwrap();
    assert_eq!(s.role, Role::Contractor);
    // As the window's new-entry form does: the 施工单位 is their company.
    let mut e = blank_aftercare(&s.data, &s.default_contractor(), s.today);
    e.note = "外业:5号坡面补植紫穗槐".into();
    let id = e.meta.id;
    s.apply(Command::Insert(Rec::Aftercare(e))).unwrap();
    let mine = s.data.aftercare.iter().find(|e| e.meta.id == id).unwrap();
    assert_eq!(mine.contractor, COMPANY, "the company is the contractor's");
    assert_eq!(mine.review, ReviewState::Pending);
    drop(s);
    let m = package::merge(&ledger, &pkg, "李科长", false).unwrap();
    assert_eq!((m.added, m.updated, m.conflicts.len()), (1, 0, 0), "{m:?}");
    let e = open_ro(&ledger).get::<AftercareEntry>(id).unwrap().unwrap();
    assert_eq!(e.meta.created_by, "张经理");
    assert!(open_ro(&ledger).verify().unwrap().ok());
}

/// Issue 13, conflicts kept aside: the office approves entry X after packaging, the contractor
/// edits X in the field. Returns the office ledger, the package and X as the office approved it.
fn conflict_in_the_field(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, AftercareEntry) {
    let ledger = office(dir);
    let x = open_ro(&ledger)
        .load()
        .unwrap()
        .aftercare
        .into_iter()
        .find(|e| e.contractor == COMPANY && e.review == ReviewState::Pending)
        .unwrap();
    let pkg = dir.join("pkg.ledger");
    package_of(&ledger, &pkg);
    open_rw(&pkg)
        .write("张经理", |w| {
            let mut edited = x.clone();
            edited.note = "外业:已补植 120 株".into();
            edited.quantity = Some(Milli::from_whole(120));
            w.update(&edited, "外业修改")
        })
        .unwrap();
    let approved = open_rw(&ledger)
        .write("李科长", |w| {
            let mut e = x.clone();
            e.review = ReviewState::Approved;
            e.reviewer = "李科长".into();
            w.update(&e, "")
        })
        .unwrap();
    (ledger, pkg, approved)
}

fn conflicts_of(ledger: &Path) -> Vec<MergeConflict> {
    open_ro(ledger).load().unwrap().merge_conflicts
}

fn resolve_cli(
    ledger: &Path,
    conflict: &MergeConflict,
    take: &str,
    who: &str,
) -> std::process::Output {
    cli_str(&[
        "resolve",
        ledger.to_str().unwrap(),
        &conflict.meta.id.to_string(),
        "--take",
        take,
        "--operator",
        who,
    ])
}

#[test]
fn a_conflict_is_kept_in_the_ledger_with_both_versions_once_and_the_office_record_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, pkg, approved) = conflict_in_the_field(dir.path());
    let m = package::merge(&ledger, &pkg, "李科长", false).unwrap();
    assert_eq!((m.conflicts.len(), m.conflicts_kept), (1, 1), "{m:?}");
    assert!(m.to_string().contains("1 conflicts kept"), "{m}");
    let kept = conflicts_of(&ledger);
    assert_eq!(kept.len(), 1);
    let c = &kept[0];
    assert_eq!(
        (c.record_table.as_str(), c.record_id),
        ("aftercare", approved.meta.id)
    );
    assert_eq!(c.status, ConflictStatus::Open);
    assert_eq!(c.reason, ConflictReason::ReviewedSincePackaging);
    assert_eq!(c.package_id, m.package);
    assert!(
        c.their_version.contains("外业:已补植 120 株"),
        "{}",
        c.their_version
    );
    assert!(c.our_version.contains("\"approved\""), "{}", c.our_version);
    let x = open_ro(&ledger)
        .get::<AftercareEntry>(approved.meta.id)
        .unwrap()
        .unwrap();
    assert_eq!(x, approved, "the office's record is unchanged");
    assert!(open_ro(&ledger).verify().unwrap().ok());
    // The merge wrote it in its transaction, audited.
    let history = open_ro(&ledger)
        .audit_entries(Some(&c.meta.id.to_string()))
        .unwrap();
    assert_eq!(history.len(), 1);
    assert!(
        history[0].reason.contains(&m.package),
        "{}",
        history[0].reason
    );

    // Merged again: listed again, not kept twice.
    let again = package::merge(&ledger, &pkg, "李科长", false).unwrap();
    assert_eq!((again.conflicts.len(), again.conflicts_kept), (1, 0));
    assert_eq!(conflicts_of(&ledger).len(), 1);
    assert!(open_ro(&ledger).verify().unwrap().ok());

    // The CLI lists it as a person names the record, with what differs (ledger → package).
    let o = cli_str(&["conflicts", ledger.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(&c.meta.id.to_string()), "{out}");
    assert!(
        out.contains(COMPANY) && out.contains(&approved.date.to_string()),
        "{out}"
    );
    assert!(out.contains("review: approved → pending"), "{out}");
    assert!(
        out.contains(&format!("note: {} → 外业:已补植 120 株", approved.note)),
        "{out}"
    );
    // A dry run keeps nothing.
    let dir2 = tempfile::tempdir().unwrap();
    let (ledger2, pkg2, _) = conflict_in_the_field(dir2.path());
    let dry = package::merge(&ledger2, &pkg2, "李科长", true).unwrap();
    assert_eq!(dry.conflicts.len(), 1);
    assert!(conflicts_of(&ledger2).is_empty());
}

#[test]
fn the_department_takes_the_package_version_which_goes_back_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, pkg, approved) = conflict_in_the_field(dir.path());
    package::merge(&ledger, &pkg, "李科长", false).unwrap();
    let c = conflicts_of(&ledger).remove(0);
    let o = resolve_cli(&ledger, &c, "theirs", "李科长");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let s = open_ro(&ledger);
    let x = s.get::<AftercareEntry>(approved.meta.id).unwrap().unwrap();
    assert_eq!(x.note, "外业:已补植 120 株");
    assert_eq!(x.quantity, Some(Milli::from_whole(120)));
    assert_eq!(
        x.review,
        ReviewState::Pending,
        "changed content is reviewed again"
    );
    assert!(x.reviewer.is_empty() && x.reviewed_at.is_none());
    assert_eq!(x.meta.version, approved.meta.version + 1);
    let c = s.get::<MergeConflict>(c.meta.id).unwrap().unwrap();
    assert_eq!(
        (c.status, c.resolution, c.resolved_by.as_str()),
        (ConflictStatus::Resolved, ConflictTake::Theirs, "李科长")
    );
    assert!(s.verify().unwrap().ok());
    drop(s);
    // Closed: not listed, not resolved twice.
    assert!(stdout(&cli_str(&["conflicts", ledger.to_str().unwrap()])).contains("No open"));
    let e = app::conflicts::resolve(
        &mut open_rw(&ledger),
        "李科长",
        Role::Department,
        c.meta.id,
        ConflictTake::Ours,
    )
    .unwrap_err();
    assert!(
        matches!(e, app::AppError::ConflictAlreadyResolved(_)),
        "{e}"
    );
    // The package merged again is already present now: nothing new is kept.
    let again = package::merge(&ledger, &pkg, "李科长", false).unwrap();
    assert_eq!(
        (again.conflicts.len(), again.conflicts_kept),
        (0, 0),
        "{again:?}"
    );
    assert!(open_ro(&ledger).verify().unwrap().ok());
}

#[test]
fn keeping_ours_changes_nothing_but_closes_the_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, pkg, approved) = conflict_in_the_field(dir.path());
    package::merge(&ledger, &pkg, "李科长", false).unwrap();
    let c = conflicts_of(&ledger).remove(0);
    let records = open_ro(&ledger).record_count().unwrap();
    let o = resolve_cli(&ledger, &c, "ours", "李科长");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let s = open_ro(&ledger);
    assert_eq!(
        s.get::<AftercareEntry>(approved.meta.id).unwrap().unwrap(),
        approved
    );
    assert_eq!(s.record_count().unwrap(), records);
    let c = s.get::<MergeConflict>(c.meta.id).unwrap().unwrap();
    assert_eq!(
        (c.status, c.resolution),
        (ConflictStatus::Resolved, ConflictTake::Ours)
    );
    assert!(s.verify().unwrap().ok());
}

#[test]
fn keeping_both_adds_the_package_version_as_a_new_pending_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, pkg, approved) = conflict_in_the_field(dir.path());
    package::merge(&ledger, &pkg, "李科长", false).unwrap();
    let c = conflicts_of(&ledger).remove(0);
    let before = open_ro(&ledger).load().unwrap().aftercare.len();
    let done = app::conflicts::resolve(
        &mut open_rw(&ledger),
        "李科长",
        Role::Department,
        c.meta.id,
        ConflictTake::Both,
    )
    .unwrap();
    assert_ne!(done.record, approved.meta.id);
    let s = open_ro(&ledger);
    let data = s.load().unwrap();
    assert_eq!(data.aftercare.len(), before + 1);
    assert_eq!(
        s.get::<AftercareEntry>(approved.meta.id).unwrap().unwrap(),
        approved
    );
    let new = data
        .aftercare
        .iter()
        .find(|e| e.meta.id == done.record)
        .unwrap();
    assert_eq!(new.note, "外业:已补植 120 株");
    assert_eq!(new.review, ReviewState::Pending);
    assert_eq!(new.contractor, COMPANY);
    assert!(s.verify().unwrap().ok());
}

#[test]
fn a_contractor_or_an_auditor_cannot_resolve_a_conflict() {
    use restoration_ledger::app::session::{Command, Session, SessionError};
    let dir = tempfile::tempdir().unwrap();
    let (ledger, pkg, approved) = conflict_in_the_field(dir.path());
    package::merge(&ledger, &pkg, "李科长", false).unwrap();
    let c = conflicts_of(&ledger).remove(0);
    let before = state(&ledger);
    for role in [Role::Contractor, Role::Auditor] {
        let e = app::conflicts::resolve(
            &mut open_rw(&ledger),
            "张经理",
            role,
            c.meta.id,
            ConflictTake::Theirs,
        )
        .unwrap_err();
        assert!(matches!(e, app::AppError::OnlyDepartmentResolves), "{e}");
    }
    let o = resolve_cli(&ledger, &c, "theirs", "张经理");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("only the environmental department"),
        "{}",
        stderr(&o)
    );
    let mut s = Session::sign_in(&ledger, "张经理", PASSWORD).unwrap();
    let e = s
        .apply(Command::ResolveConflict {
            id: c.meta.id,
            take: ConflictTake::Theirs,
        })
        .unwrap_err();
    assert!(matches!(e, SessionError::Denied { .. }), "{e}");
    drop(s);
    // Signing in writes its own audit entry; the records are as they were.
    assert_eq!(state(&ledger).0, before.0);
    let s = open_ro(&ledger);
    assert_eq!(
        s.get::<AftercareEntry>(approved.meta.id).unwrap().unwrap(),
        approved
    );
    assert_eq!(
        s.get::<MergeConflict>(c.meta.id).unwrap().unwrap().status,
        ConflictStatus::Open
    );
}
