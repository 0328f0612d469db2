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
    h.get_by_label_contains("新增 3,");
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
