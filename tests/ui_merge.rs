//! Issue 13 in the window: File › 合并外业包… checks a contractor's field package and shows what
//! its merge would do — counts, conflicts, refusals — before anything is written; 确认合并 merges
//! it and says where the contractor's receipt is.
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use egui_kittest::kittest::Queryable;
use restoration_ledger::app::jobs::JobKind;
use restoration_ledger::app::{Access, Role, Store, accounts, package};
use restoration_ledger::domain::*;
use window::*;

const COMPANY: &str = "阳泉某土石方工程公司";

#[test]
fn a_field_package_is_previewed_then_merged_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    {
        let mut store = Store::open(&ledger, Access::ReadWrite).unwrap();
        let a =
            accounts::new_account("张经理", Role::Contractor, COMPANY, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    }
    let pkg = dir.path().join("外业包.ledger");
    package::make(&ledger, COMPANY, &pkg, "李科长").unwrap();
    {
        let mut p = Store::open(&pkg, Access::ReadWrite).unwrap();
        let model: AftercareEntry = p.list().unwrap().remove(0);
        p.write("张经理", |w| {
            for i in 0..3 {
                let mut e = model.clone();
                e.meta = w.new_meta();
                e.note = format!("外业补植 {i}");
                w.insert(&e)?;
            }
            Ok(())
        })
        .unwrap();
    }
    let mut h = harness(dir.path(), ledger.clone());
    let entries = session(&h).data.aftercare.len();
    h.state_mut().start_job(JobKind::PlanMerge(pkg.clone()));
    wait_for(&mut h, "确认合并");
    h.get_by_label_contains("新增 3，");
    assert_eq!(
        Store::open(&ledger, Access::ReadOnly)
            .unwrap()
            .list::<AftercareEntry>()
            .unwrap()
            .len(),
        entries,
        "the preview wrote nothing"
    );
    // The merge runs on a background thread: step the window while it does.
    h.get_by_label("确认合并").click();
    h.step();
    wait_for(&mut h, "外业包已合并");
    assert_eq!(session(&h).data.aftercare.len(), entries + 3);
    assert!(
        session(&h)
            .data
            .aftercare
            .iter()
            .filter(|e| e.note.starts_with("外业补植"))
            .all(|e| e.meta.created_by == "张经理" && e.review == ReviewState::Pending)
    );
    assert!(package::receipt_path(&pkg).exists());
}

#[test]
fn the_department_makes_a_field_package_for_a_contractor_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger.clone());
    // Without a contractor account the dialog says what to do first.
    file_menu(&mut h, None, "为施工单位生成外业包…");
    h.get_by_label_contains("还没有施工单位的账号");
    click(&mut h, "取消");
    {
        let mut store = Store::open(&ledger, Access::ReadWrite).unwrap();
        let a =
            accounts::new_account("张经理", Role::Contractor, COMPANY, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    }
    file_menu(&mut h, None, "为施工单位生成外业包…");
    h.get_by_label(COMPANY);
    click(&mut h, "取消");
    // The package itself is made on a background job (the save dialog picks `out`).
    let out = dir.path().join("2025-06_土石方.ledger");
    h.state_mut().start_job(JobKind::Package {
        out: out.clone(),
        contractor: COMPANY.into(),
    });
    h.step();
    wait_for(&mut h, &format!("已为{COMPANY}生成外业包"));
    let p = Store::open(&out, Access::ReadOnly).unwrap();
    assert!(p.verify().unwrap().ok());
    assert!(p.info(package::PACKAGE_OF).unwrap().is_some());
}

/// A package from another ledger is refused in the window's language, and nothing is written.
#[test]
fn a_package_of_another_ledger_is_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let other_dir = dir.path().join("other");
    std::fs::create_dir(&other_dir).unwrap();
    let other = setup(&other_dir, "李科长", Role::Department, "");
    {
        let mut store = Store::open(&other, Access::ReadWrite).unwrap();
        let a =
            accounts::new_account("张经理", Role::Contractor, COMPANY, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    }
    let pkg = dir.path().join("别处的外业包.ledger");
    package::make(&other, COMPANY, &pkg, "李科长").unwrap();
    let mut h = harness(dir.path(), ledger);
    h.state_mut().start_job(JobKind::PlanMerge(pkg));
    h.step();
    wait_for(&mut h, "另一本台账");
    assert!(h.query_by_label("确认合并").is_none());
}

/// The office ledger at `dir` with 张经理's account, a package of it at `pkg` in which 张经理
/// edits their pending entry X and adds one, and X approved in the office meanwhile; then merged.
/// Returns the ledger, X's id and the added entry's id.
fn merged_with_a_conflict(
    dir: &std::path::Path,
    pkg: &std::path::Path,
) -> (std::path::PathBuf, uuid::Uuid, uuid::Uuid) {
    let ledger = setup(dir, "李科长", Role::Department, "");
    {
        let mut store = Store::open(&ledger, Access::ReadWrite).unwrap();
        let a =
            accounts::new_account("张经理", Role::Contractor, COMPANY, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    }
    let x = Store::open(&ledger, Access::ReadOnly)
        .unwrap()
        .list::<AftercareEntry>()
        .unwrap()
        .into_iter()
        .find(|e| e.contractor == COMPANY && e.review == ReviewState::Pending)
        .unwrap();
    package::make(&ledger, COMPANY, pkg, "李科长").unwrap();
    let added = Store::open(pkg, Access::ReadWrite)
        .unwrap()
        .write("张经理", |w| {
            let mut edited = x.clone();
            edited.note = "外业:已补植 120 株".into();
            w.update(&edited, "外业修改")?;
            let mut e = x.clone();
            e.meta = w.new_meta();
            e.note = "外业新增".into();
            w.insert(&e)
        })
        .unwrap();
    Store::open(&ledger, Access::ReadWrite)
        .unwrap()
        .write("周工", |w| {
            let mut e = x.clone();
            e.review = ReviewState::Approved;
            e.reviewer = "周工".into();
            w.update(&e, "")
        })
        .unwrap();
    let m = package::merge(&ledger, pkg, "李科长", false).unwrap();
    assert_eq!((m.added, m.conflicts.len()), (1, 1), "{m:?}");
    (ledger, x.meta.id, added.meta.id)
}

#[test]
fn the_department_sees_a_merge_conflict_and_takes_the_package_version() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("外业包.ledger");
    let (ledger, x, _) = merged_with_a_conflict(dir.path(), &pkg);
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "后期管护");
    click(&mut h, "合并冲突待处理（1）…");
    // Named as a person names it, with what differs.
    let date = session(&h)
        .data
        .aftercare
        .iter()
        .find(|e| e.meta.id == x)
        .unwrap()
        .date;
    h.get_by_label_contains("管护记录 · ");
    h.get_by_label_contains(&format!(" · {date} · {COMPANY} · "));
    h.get_by_label("外业:已补植 120 株");
    h.get_by_label("两者都保留");
    h.get_by_label("保留台账版本");
    click(&mut h, "采用外业包版本");
    h.get_by_label_contains("采用外业包版本替换台账中的“管护记录");
    // Nothing is written before the confirmation.
    assert_eq!(
        session(&h).data.merge_conflicts[0].status,
        ConflictStatus::Open
    );
    click(&mut h, "确认");
    let s = session(&h);
    let e = s.data.aftercare.iter().find(|e| e.meta.id == x).unwrap();
    assert_eq!(e.note, "外业:已补植 120 株");
    assert_eq!(e.review, ReviewState::Pending);
    assert_eq!(
        (
            s.data.merge_conflicts[0].status,
            s.data.merge_conflicts[0].resolution
        ),
        (ConflictStatus::Resolved, ConflictTake::Theirs)
    );
    h.get_by_label("没有待处理的合并冲突。");
    assert!(
        Store::open(&ledger, Access::ReadOnly)
            .unwrap()
            .verify()
            .unwrap()
            .ok()
    );
}

#[test]
fn a_merge_with_a_conflict_in_the_window_says_it_is_kept_and_opens_the_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    {
        let mut store = Store::open(&ledger, Access::ReadWrite).unwrap();
        let a =
            accounts::new_account("张经理", Role::Contractor, COMPANY, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    }
    let x = Store::open(&ledger, Access::ReadOnly)
        .unwrap()
        .list::<AftercareEntry>()
        .unwrap()
        .into_iter()
        .find(|e| e.contractor == COMPANY && e.review == ReviewState::Pending)
        .unwrap();
    let pkg = dir.path().join("外业包.ledger");
    package::make(&ledger, COMPANY, &pkg, "李科长").unwrap();
    Store::open(&pkg, Access::ReadWrite)
        .unwrap()
        .write("张经理", |w| {
            let mut edited = x.clone();
            edited.note = "外业:已补植 120 株".into();
            w.update(&edited, "外业修改")
        })
        .unwrap();
    Store::open(&ledger, Access::ReadWrite)
        .unwrap()
        .write("周工", |w| {
            let mut e = x.clone();
            e.review = ReviewState::Approved;
            e.reviewer = "周工".into();
            w.update(&e, "")
        })
        .unwrap();
    let mut h = harness(dir.path(), ledger.clone());
    h.state_mut().start_job(JobKind::PlanMerge(pkg.clone()));
    wait_for(&mut h, "外业包版本留存待处理");
    h.get_by_label_contains("冲突 1（外业包版本留存待处理）");
    // Nothing to add or change, but a conflict to keep: the merge is offered.
    h.get_by_label("确认合并").click();
    h.step();
    wait_for(&mut h, "外业包已合并");
    h.get_by_label_contains("外业包版本已留存，待环保部门处理");
    h.get_by_label("合并冲突（待环保部门处理）");
    h.get_by_label("采用外业包版本");
    assert_eq!(session(&h).data.merge_conflicts.len(), 1);
}

#[test]
fn the_contractors_window_marks_their_entries_from_the_receipt() {
    use restoration_ledger::app::settings::{AppPaths, Settings};
    let dir = tempfile::tempdir().unwrap();
    let field = dir.path().join("外业");
    std::fs::create_dir(&field).unwrap();
    let pkg = field.join("外业包.ledger");
    let (_, x, added) = merged_with_a_conflict(dir.path(), &pkg);
    assert!(package::receipt_path(&pkg).exists());
    Settings {
        operator: "张经理".into(),
        role: Some(Role::Contractor),
        ..Settings::default()
    }
    .save(&AppPaths::in_dir(&field))
    .unwrap();
    let mut h = harness(&field, pkg.clone());
    assert_eq!(session(&h).role, Role::Contractor);
    nav(&mut h, "后期管护");
    h.get_by_label("回执");
    let marks = h.state().aftercare.receipt.clone().unwrap();
    assert_eq!(marks.outcomes.len(), open_count(&pkg));
    h.get_by_label("冲突待处理");
    h.get_by_label("已合并");
    assert_eq!(
        marks.outcomes.get(&x),
        Some(&package::ReceiptOutcome::Conflict)
    );
    assert_eq!(
        marks.outcomes.get(&added),
        Some(&package::ReceiptOutcome::Added)
    );
    // The department's conflict panel is not the contractor's.
    assert!(h.query_by_label_contains("合并冲突待处理").is_none());
}

/// Records in the package.
fn open_count(pkg: &std::path::Path) -> usize {
    Store::open(pkg, Access::ReadOnly)
        .unwrap()
        .record_count()
        .unwrap() as usize
}
