//! Issue 26: the window as an office tool — what each role sees first, and the photo viewer.
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use egui_kittest::kittest::Queryable;
use restoration_ledger::app::Role;
use restoration_ledger::domain::*;
use restoration_ledger::ui::egui;
use window::*;

/// Case 10: a contractor whose entry was sent back saw nothing of it on the overview. Now the
/// overview counts their rejected entries, and the card opens the list filtered to them.
#[test]
fn a_contractor_sees_what_was_sent_back_and_opens_it_from_the_overview() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "张工", Role::Contractor, "山西某生态建设公司");
    let mut h = harness(dir.path(), ledger);
    let rejected = session(&h)
        .data
        .aftercare
        .iter()
        .filter(|e| e.review == ReviewState::Rejected && e.contractor == "山西某生态建设公司")
        .count();
    assert!(
        rejected > 0,
        "the example sends one of this company's entries back"
    );
    nav(&mut h, "总览");
    click_button(&mut h, "已退回的管护记录");
    let s = session(&h);
    let shown = h.state().aftercare.grid.rows().to_vec();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|i| s.data.aftercare[*i].review == ReviewState::Rejected),
        "the list shows the rejected entries"
    );
}

/// Case 10: the department's overview counts the merge conflicts waiting for it.
#[test]
fn the_department_sees_the_conflicts_waiting_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "总览");
    click_button(&mut h, "待处理的合并冲突");
    assert!(h.state().conflicts.is_some(), "the conflicts are shown");
}

/// Cases 2 and 10: a click on a photo opened the viewer but also selected the row under it
/// (a reviewer could then approve another entry), and the viewer said "李工 · 5". The click is
/// the thumbnail's; the viewer names the entry and when and where the picture was taken.
#[test]
fn a_photo_click_opens_the_viewer_and_leaves_the_entry_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness_sized(dir.path(), ledger, egui::vec2(1024.0, 700.0));
    nav(&mut h, "后期管护");
    let s = session(&h);
    let with_photo = s
        .data
        .aftercare
        .iter()
        .find(|e| {
            s.data
                .photos
                .iter()
                .any(|p| p.owner_kind == PhotoOwner::Aftercare && p.owner_id == e.meta.id)
        })
        .unwrap()
        .clone();
    let note = with_photo.note.clone();
    click(&mut h, &note);
    for _ in 0..20 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(h.state().aftercare.selected, Some(with_photo.meta.id));
    let image = h
        .get_all_by_role(egui::accesskit::Role::Image)
        .next()
        .expect("the thumbnail")
        .rect();
    pointer_click(&mut h, image.center());
    assert_eq!(
        h.state().aftercare.selected,
        Some(with_photo.meta.id),
        "the click was the photo's, not the row's under it"
    );
    let kind = restoration_ledger::i18n::aftercare_kind(
        restoration_ledger::i18n::Lang::Zh,
        with_photo.kind,
    );
    h.get_by_label_contains(&format!("{} {kind}", with_photo.date));
    h.get_by_label_contains("拍摄");
}

/// Case 9: the save dialogs offered "new.ledger", "backup.ledger" and "台账.xlsx" in the program's
/// working folder. They open in the ledger's folder, with a name made from the pile, what it is
/// and the day, as the print dialog names a report.
#[test]
fn save_dialogs_suggest_a_name_made_from_the_pile_and_the_day() {
    use restoration_ledger::i18n::ui::S;
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let h = harness(dir.path(), ledger);
    let today = restoration_ledger::clock::today();
    assert_eq!(
        h.state().suggested_file_name(S::FileBackup, "ledger"),
        format!("狮脑山排矸场_台账备份_{today}.ledger")
    );
    assert_eq!(
        h.state().suggested_file_name(S::FileWorkbook, "xlsx"),
        format!("狮脑山排矸场_台账_{today}.xlsx")
    );
}

/// Case 12: the Chinese overview said "#1 80.0% infill" and offered "hm²" among Chinese units.
/// The rules are worded as the report words them, and hectares are 公顷.
#[test]
fn the_chinese_overview_and_units_speak_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "总览");
    for english in ["infill", "replant", "% infill"] {
        assert!(
            h.query_by_label_contains(english).is_none(),
            "{english} on the Chinese overview"
        );
    }
    assert_eq!(Unit::Hm2.symbol(true), "公顷");
    assert_eq!(Unit::from_code("hm2").map(|u| u.symbol(false)), Some("hm²"));
}

/// Case 11: a long review comment widened the detail panel and reflowed the list beside it. It
/// wraps within the panel; the list keeps its width.
#[test]
fn a_long_review_comment_wraps_and_the_list_keeps_its_width() {
    use restoration_ledger::app::session::Command;
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "后期管护");
    let e = session(&h)
        .data
        .aftercare
        .iter()
        .find(|e| e.review == ReviewState::Pending && e.meta.created_by != "李科长")
        .unwrap()
        .clone();
    click(&mut h, &e.note);
    h.run();
    let header = h.get_by_label("备注").rect();
    let comment = "请补充现场照片，".repeat(30);
    h.state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::Review {
            id: e.meta.id,
            version: e.meta.version,
            approve: false,
            comment: comment.clone(),
        })
        .unwrap();
    h.run();
    let shown = h.get_by_label_contains("请补充现场照片").rect();
    assert!(
        shown.width() <= 360.0,
        "the comment runs {} px wide",
        shown.width()
    );
    assert_eq!(h.get_by_label("备注").rect(), header, "the list moved");
}
