//! Issue 11 point 8: thumbnails load again after switching identity (they stayed spinners), and
//! the monitoring chart gives °C and ppm each their own labelled plot (they shared one
//! unlabelled axis). That a long gap in readings breaks the line is pinned in
//! `ui::monitoring`'s unit tests.
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use egui_kittest::kittest::Queryable;
use restoration_ledger::app::Role;
use restoration_ledger::ui::egui;
use window::*;

fn open_entry_with_photo(h: &mut egui_kittest::Harness<'_, restoration_ledger::ui::LedgerApp>) {
    nav(h, "后期管护");
    h.get_all_by_label("12号坡面紫穗槐补植")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
}

#[test]
fn thumbnails_load_again_after_switching_identity() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    open_entry_with_photo(&mut h);
    assert_eq!(session(&h).photos.len(), 1);
    h.get_by_role(egui::accesskit::Role::Image);

    // 文件 › 当前操作人… : another department member takes over the same ledger.
    h.state_mut().set_identity("周工", Role::Department);
    h.run();
    h.get_by_label("密码").click();
    h.run();
    h.get_by_label("密码").type_text(PASSWORD);
    h.run();
    click(&mut h, "登录");
    assert_eq!(session(&h).operator, "周工");
    open_entry_with_photo(&mut h);
    assert_eq!(
        session(&h).photos.len(),
        1,
        "the photo was never asked of the new session: its thumbnail spins for ever"
    );
    h.get_by_role(egui::accesskit::Role::Image);
}

#[test]
fn temperature_and_carbon_monoxide_each_have_their_own_labelled_chart() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "自燃监测");
    // Each title shows twice: over its chart, and along the chart's value axis.
    for title in ["地表温度（°C）", "一氧化碳 CO (ppm)"] {
        assert_eq!(h.get_all_by_label(title).count(), 2, "{title}");
    }
}
