//! Issue 11 point 12: File › 打印报告 opens a dialog — the period (a year, a quarter, or two
//! days), the language, and where the PDF goes (the ledger's folder, named after the pile and
//! the period) — shows the progress with a percentage and a cancel button, and offers to open
//! the PDF or its folder when done.
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use chrono::Datelike;
use egui_kittest::kittest::{NodeT, Queryable};
use restoration_ledger::app::Role;
use restoration_ledger::ui::print::PrintState;
use window::*;

fn open_print_dialog(h: &mut egui_kittest::Harness<'_, restoration_ledger::ui::LedgerApp>) {
    click(h, "文件");
    click(h, "打印报告（PDF）…");
    h.get_by_label("打印合规报告");
}

fn field_value(
    h: &egui_kittest::Harness<'_, restoration_ledger::ui::LedgerApp>,
    label: &str,
) -> String {
    let node = h.get_by_label(label);
    let node = node.accesskit_node();
    node.value().unwrap_or_default().to_string()
}

/// Clicks while a report runs (its progress bar animates, so the window never settles).
fn click_running(
    h: &mut egui_kittest::Harness<'_, restoration_ledger::ui::LedgerApp>,
    label: &str,
) {
    h.get_by_label(label).click();
    for _ in 0..4 {
        h.step();
    }
}

#[test]
fn a_year_report_goes_beside_the_ledger_named_after_the_pile_and_offers_to_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    open_print_dialog(&mut h);
    // Last year's annual report: the year is chosen, the name follows.
    let last_year = (chrono::Local::now().year() - 1).to_string();
    choose(&mut h, "年份：", &last_year);
    let expected = dir
        .path()
        .join(format!("狮脑山排矸场_{last_year}年度合规报告.pdf"));
    assert_eq!(field_value(&h, "保存到："), expected.display().to_string());
    click_running(&mut h, "生成报告");
    // The progress shows as a percentage while it runs.
    let percent_shown = h
        .get_all_by_label_contains("正在生成报告")
        .any(|n| n.accesskit_node().label().is_some_and(|l| l.ends_with('%')));
    assert!(percent_shown || expected.exists());
    wait_for(&mut h, "打开所在文件夹");
    h.run();
    assert!(matches!(
        h.state().print.as_ref().unwrap().state,
        PrintState::Done(..)
    ));
    h.get_by_label("打开 PDF");
    let pdf = std::fs::read(&expected).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    click(&mut h, "关闭");
    assert!(h.state().print.is_none());
}

#[test]
fn a_quarter_in_english_is_named_so_and_a_cancelled_report_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    open_print_dialog(&mut h);
    click(&mut h, "季度");
    choose(&mut h, "季度：", "第1季度");
    click(&mut h, "English");
    let year = h.state().print.as_ref().unwrap().year;
    let expected = dir
        .path()
        .join(format!("狮脑山排矸场_{year}_Q1_compliance_report.pdf"));
    assert_eq!(field_value(&h, "保存到："), expected.display().to_string());
    // A folder that does not exist is said in Chinese before anything runs.
    let nowhere = dir.path().join("没有这个文件夹").join("报告.pdf");
    replace_text(&mut h, "保存到：", &nowhere.display().to_string());
    click(&mut h, "生成报告");
    h.get_by_label_contains("保存位置的文件夹不存在");
    assert!(matches!(
        h.state().print.as_ref().unwrap().state,
        PrintState::Choosing(_)
    ));
    replace_text(&mut h, "保存到：", &expected.display().to_string());
    // A custom period ending before it starts is refused beside the button, nothing started.
    click(&mut h, "自定义");
    replace_text(&mut h, "日期从：", "2025-06-30");
    replace_text(&mut h, "至：", "2025-01-01");
    click(&mut h, "生成报告");
    h.get_by_label_contains("结束日期早于开始日期");
    assert!(matches!(
        h.state().print.as_ref().unwrap().state,
        PrintState::Choosing(_)
    ));
    click(&mut h, "季度");
    click_running(&mut h, "生成报告");
    click_running(&mut h, "取消生成");
    h.get_by_label_contains("已取消，未写入报告");
    // The dialog is back to choosing; the thread ends on its own without writing.
    assert!(matches!(
        h.state().print.as_ref().unwrap().state,
        PrintState::Choosing(None)
    ));
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(!expected.exists(), "a cancelled report was written");
}
