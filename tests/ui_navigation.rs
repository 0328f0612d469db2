//! Issue 11 point 13: the overview's cards open the view they summarise, a bench's page lists its
//! works in date order, the delete confirmation names the record, readings can be corrected, and
//! the window remembers its size (point 13); without a file dialog the file menu says why (14).
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use egui_kittest::kittest::{NodeT, Queryable};
use restoration_ledger::app::Role;
use restoration_ledger::app::session::{Command, Rec};
use restoration_ledger::domain::*;
use restoration_ledger::ui::{View, egui};
use window::*;

#[test]
fn the_overview_cards_open_the_lists_they_count() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    click_button(&mut h, "待审核管护记录");
    assert_eq!(h.state().view, View::Aftercare);
    assert!(
        h.state().aftercare.pending_only,
        "not opened on the pending entries"
    );
    nav(&mut h, "总览");
    click_button(&mut h, "逾期问题");
    assert_eq!(h.state().view, View::Problems);
    nav(&mut h, "总览");
    click_button(&mut h, "自燃预警");
    assert_eq!(h.state().view, View::Monitoring);
}

#[test]
fn a_bench_page_lists_its_works_in_date_order() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    // A work entered late but done early.
    let s = h.state_mut().session.as_mut().unwrap();
    let bench = s
        .data
        .benches
        .iter()
        .find(|b| b.number == 16)
        .unwrap()
        .meta
        .id;
    let mut early = s
        .data
        .works
        .iter()
        .find(|w| w.bench_id == Some(bench))
        .unwrap()
        .clone();
    let later = early.date.to_string();
    early.meta = Meta::draft();
    early.date = chrono::NaiveDate::from_ymd_opt(2011, 3, 1).unwrap();
    s.apply(Command::Insert(Rec::Work(early))).unwrap();
    nav(&mut h, "坡面与马道");
    click(&mut h, "16号 坡面");
    let labels: Vec<String> = h
        .get_all_by_role(egui::accesskit::Role::Label)
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect();
    let at = |text: &str| labels.iter().position(|l| l == text).unwrap();
    assert!(
        at("2011-03-01") < at(&later),
        "the earlier work is listed after a later one: {labels:?}"
    );
}

#[test]
fn the_delete_question_names_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "自燃监测");
    let newest = {
        let s = session(&h);
        let point = s.data.monitoring_points[0].meta.id;
        s.data
            .readings
            .iter()
            .filter(|r| r.point_id == point)
            .max_by_key(|r| r.taken_at)
            .unwrap()
            .clone()
    };
    h.get_all_by_label("删除").next().unwrap().click();
    h.run();
    h.get_by_label("确认删除这条监测读数记录？");
    let when = newest.taken_at.format("%Y-%m-%d %H:%M").to_string();
    let named = format!("T1 · {when}");
    let shown = h.get_by_label_contains(&named);
    let node = shown.accesskit_node();
    let text = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(text.contains("°C"), "{text}");
    click(&mut h, "取消");
    assert_eq!(session(&h).data.readings.len(), 90);
}

#[test]
fn a_reading_is_corrected_and_the_history_keeps_the_old_value() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "自燃监测");
    h.get_all_by_label("编辑").next().unwrap().click();
    h.run();
    h.get_by_label("修改监测读数");
    let id = {
        let s = session(&h);
        let point = s.data.monitoring_points[0].meta.id;
        s.data
            .readings
            .iter()
            .filter(|r| r.point_id == point)
            .max_by_key(|r| r.taken_at)
            .unwrap()
            .meta
            .id
    };
    replace_text(&mut h, "温度（°C，可空）：", "31.5");
    click(&mut h, "保存");
    let r = session(&h)
        .data
        .readings
        .iter()
        .find(|r| r.meta.id == id)
        .unwrap()
        .clone();
    assert_eq!((r.temperature, r.meta.version), (Some(31_500), 2));
    assert_eq!(session(&h).data.readings.len(), 90, "a copy was added");
}

#[test]
fn the_window_notes_its_size_to_reopen_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let h = harness_sized(dir.path(), ledger, egui::vec2(1024.0, 700.0));
    if let Some([w, hgt]) = h.state().settings.window_size {
        assert_eq!((w, hgt), (1024.0, 700.0));
    }
    let mut settings = restoration_ledger::app::settings::Settings::default();
    assert_eq!(settings.window_size(), [1280.0, 800.0]);
    settings.window_size = Some([1024.0, 700.0]);
    assert_eq!(settings.window_size(), [1024.0, 700.0]);
    settings.window_size = Some([10.0, f32::NAN]);
    assert_eq!(
        settings.window_size(),
        [1280.0, 800.0],
        "a damaged size is not used"
    );
}

/// Issue 11 point 14: without a desktop file-dialog service (Linux without a portal or zenity)
/// every file menu item did nothing at all; it now says why and what to do.
#[test]
fn without_a_file_dialog_the_file_menu_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    h.state_mut().file_dialogs = false;
    for item in ["打开…", "另存副本 / 备份…", "导出 JSON…"] {
        h.state_mut().notice = None;
        click(&mut h, "文件");
        click(&mut h, item);
        let notice = h
            .state()
            .notice
            .clone()
            .unwrap_or_else(|| panic!("{item}: nothing said"));
        assert!(notice.error, "{item}");
        assert!(notice.text.contains("zenity"), "{item}: {}", notice.text);
        h.get_by_label_contains("无法打开文件选择对话框");
    }
}

/// Issue 11: the overview's plan-vs-actual bars printed "93%" and "100%" next to "93.3%"; like
/// the report, every percentage has one decimal.
#[test]
fn the_overview_bars_print_every_percentage_with_one_decimal() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "总览");
    let bars: Vec<String> = h
        .get_all_by_role(egui::accesskit::Role::ProgressIndicator)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(bars.len() >= 3, "{bars:?}");
    for text in &bars {
        let number = text.strip_suffix('%').unwrap_or_else(|| panic!("{text}"));
        let (_, decimals) = number
            .split_once('.')
            .unwrap_or_else(|| panic!("{text} has no decimal"));
        assert_eq!(decimals.len(), 1, "{text}");
    }
    assert!(bars.iter().any(|b| b == "100.0%"), "{bars:?}");
}
