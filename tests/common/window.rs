//! Driving the window in tests as a person would (egui_kittest, headless): a demo ledger with
//! accounts, signing in, clicking and typing by label, waiting for a background job.
// Each window test binary uses some of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use restoration_ledger::app::Role;
use restoration_ledger::app::session::Session;
use restoration_ledger::app::settings::{AppPaths, Settings};
use restoration_ledger::ui::{LedgerApp, egui};

/// The password of every account [`setup`] makes.
pub const PASSWORD: &str = "test-password";

/// A demo ledger with the department accounts 李科长 and 周工, and `name` in `role` (a contractor
/// works for `company`); settings say `name` works. Returns the ledger path.
pub fn setup(dir: &Path, name: &str, role: Role, company: &str) -> PathBuf {
    use restoration_ledger::app::accounts;
    let ledger = dir.join("demo.ledger");
    let mut store = restoration_ledger::app::init(&ledger, true, "setup").unwrap();
    let mut add = |who: &str, role: Role, company: &str| {
        let a = accounts::new_account(who, role, company, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    };
    add("李科长", Role::Department, "");
    add("周工", Role::Department, "");
    if name != "李科长" && name != "周工" {
        add(name, role, company);
    }
    drop(store);
    Settings {
        operator: name.into(),
        role: Some(role),
        ..Settings::default()
    }
    .save(&AppPaths::in_dir(dir))
    .unwrap();
    ledger
}

/// The window at `size` on `file`, signed in with [`PASSWORD`] when the ledger asks.
pub fn harness_sized(dir: &Path, file: PathBuf, size: egui::Vec2) -> Harness<'static, LedgerApp> {
    let app = LedgerApp::new(AppPaths::in_dir(dir), Some(file));
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut LedgerApp| app.ui(ui), app);
    h.run();
    if h.query_by_label("密码").is_some() {
        h.get_by_label("密码").click();
        h.run();
        h.get_by_label("密码").type_text(PASSWORD);
        h.run();
        h.get_by_label("登录").click();
        h.run();
    }
    assert!(h.state().session.is_some(), "{:?}", h.state().notice);
    h
}

/// The window at 1280×800 on `file`, signed in.
pub fn harness(dir: &Path, file: PathBuf) -> Harness<'static, LedgerApp> {
    harness_sized(dir, file, egui::vec2(1280.0, 800.0))
}

pub fn session<'a>(h: &'a Harness<'_, LedgerApp>) -> &'a Session {
    h.state().session.as_ref().unwrap()
}

pub fn click(h: &mut Harness<'_, LedgerApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Clicks an entry of the left navigation (listed before the view's own heading).
pub fn nav(h: &mut Harness<'_, LedgerApp>, label: &str) {
    h.get_all_by_label(label).next().unwrap().click();
    h.run();
}

/// Types `text` into the empty field labelled `label`.
pub fn type_into(h: &mut Harness<'_, LedgerApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Replaces what the field labelled `label` holds with `text`.
pub fn replace_text(h: &mut Harness<'_, LedgerApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.key_press(egui::Key::Backspace);
    h.run();
    if !text.is_empty() {
        h.get_by_label(label).type_text(text);
        h.run();
    }
}

/// Steps the window (a background job is running) until `text` shows.
pub fn wait_for(h: &mut Harness<'_, LedgerApp>, text: &str) {
    for _ in 0..300 {
        h.step();
        if h.query_by_label_contains(text).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("\"{text}\" never showed");
}

/// Opens the dropdown labelled `label` and chooses `option` in it (not the same text in a table
/// cell).
pub fn choose(h: &mut Harness<'_, LedgerApp>, label: &str, option: &str) {
    click(h, label);
    click_button(h, option);
}

/// Clicks the button (a column header, a choice) showing `label`, not the same text in a label.
pub fn click_button(h: &mut Harness<'_, LedgerApp>, label: &str) {
    h.get_all_by_label(label)
        .rfind(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .unwrap_or_else(|| panic!("no button {label}"))
        .click();
    h.run();
}

/// The text the field labelled `label` holds.
pub fn field_value(h: &Harness<'_, LedgerApp>, label: &str) -> String {
    h.get_by_label(label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

/// Clicks the `n`th (from 0) of the buttons showing `label` (a row's 编辑, say).
pub fn click_nth(h: &mut Harness<'_, LedgerApp>, label: &str, n: usize) {
    h.get_all_by_label(label)
        .nth(n)
        .unwrap_or_else(|| panic!("no {label} number {n}"))
        .click();
    h.run();
}

/// Opens the File menu and clicks `item` in it (`submenu` first, when given).
pub fn file_menu(h: &mut Harness<'_, LedgerApp>, submenu: Option<&str>, item: &str) {
    click(h, "文件");
    if let Some(sub) = submenu {
        h.get_by_label(sub).hover();
        h.run();
        click(h, sub);
    }
    click(h, item);
}

/// A click of the pointer at `pos` (where a person clicks, not a screen reader's action).
#[allow(dead_code)]
pub fn pointer_click(h: &mut Harness<'_, LedgerApp>, pos: egui::Pos2) {
    h.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    // A click may start what settles over a few frames (a list going to its top).
    h.run_steps(8);
}
