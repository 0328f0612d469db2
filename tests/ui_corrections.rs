//! Issue 11 ("Desktop app 2.0"), driven in the window as a person would: the history says what
//! changed in the units and time a person reads.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use restoration_ledger::app::session::{Command, Rec, Session};
use restoration_ledger::app::settings::{AppPaths, Settings};
use restoration_ledger::app::{Access, DEMO_AUTHOR, Role, Store};
use restoration_ledger::domain::*;
use restoration_ledger::ui::{LedgerApp, egui};

const PASSWORD: &str = "test-password";

/// A demo ledger with the department accounts 李科长 and 周工, and `name` in `role` (a contractor
/// works for `company`); settings say `name` works. Returns the ledger path.
fn setup(dir: &Path, name: &str, role: Role, company: &str) -> PathBuf {
    use restoration_ledger::app::accounts;
    let ledger = dir.join("demo.ledger");
    let mut store = restoration_ledger::app::init(&ledger, true, "setup").unwrap();
    let mut add = |who: &str, role: Role, company: &str| {
        let a = accounts::new_account(who, role, company, Some(PASSWORD), "").unwrap();
        accounts::add(&mut store, "李科长", &a).unwrap();
    };
    add("李科长", Role::Department, "");
    add("周工", Role::Department, "");
    if name != "李科长" {
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

fn harness(dir: &Path, file: PathBuf) -> Harness<'static, LedgerApp> {
    let app = LedgerApp::new(AppPaths::in_dir(dir), Some(file));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut LedgerApp| app.ui(ui), app);
    h.run();
    h.get_by_label("密码").click();
    h.run();
    h.get_by_label("密码").type_text(PASSWORD);
    h.run();
    h.get_by_label("登录").click();
    h.run();
    assert!(h.state().session.is_some(), "{:?}", h.state().notice);
    h
}

fn session<'a>(h: &'a Harness<'_, LedgerApp>) -> &'a Session {
    h.state().session.as_ref().unwrap()
}

/// Clicks an entry of the left navigation (listed before the view's own heading).
fn nav(h: &mut Harness<'_, LedgerApp>, label: &str) {
    h.get_all_by_label(label).next().unwrap().click();
    h.run();
}

fn replace_text(h: &mut Harness<'_, LedgerApp>, label: &str, text: &str) {
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

/// Shows only the history of the record `id`.
fn history_of(h: &mut Harness<'_, LedgerApp>, id: uuid::Uuid) {
    nav(h, "变更记录");
    replace_text(h, "按记录筛选 (编号):", &id.to_string());
}

fn audit_of(ledger: &Path, id: uuid::Uuid) -> Vec<AuditEntry> {
    let store = Store::open(ledger, Access::ReadOnly).unwrap();
    store
        .audit_entries(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.record_id == id.to_string())
        .collect()
}

fn verifies(ledger: &Path) {
    let store = Store::open(ledger, Access::ReadOnly).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok(), "{report:?}");
}

/// Issue 11, point 3: a threshold change from 1 m to 0.8 m showed as "1000 → 800", times were UTC
/// with no zone, an insert showed nothing, and the example's ~350 records were credited to
/// whoever opened it.
#[test]
fn history_shows_units_local_time_what_was_added_and_the_example_as_author() {
    use restoration_ledger::ui::history::{local_time, time_in};
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    assert_eq!(
        time_in("2026-12-02T00:26:00Z", &beijing),
        "2026-12-02 08:26 (UTC+08:00)"
    );

    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger.clone());
    let mut rule = session(&h)
        .data
        .rules
        .iter()
        .find(|r| r.kind == RuleKind::FinalSoilCoverThickness)
        .unwrap()
        .clone();
    assert_eq!(rule.threshold, 1000);
    rule.threshold = 800;
    let id = rule.meta.id;
    h.state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::Update {
            rec: Rec::Rule(rule),
            reason: "按新规范".into(),
        })
        .unwrap();
    history_of(&mut h, id);
    h.get_by_label_contains("阈值: 1 米 → 0.8 米");
    let changed = audit_of(&ledger, id).pop().unwrap();
    let shown = local_time(&changed.at);
    assert!(shown.ends_with(')') && shown.contains("(UTC"), "{shown}");
    assert!(h.get_all_by_label(&shown).next().is_some());

    // An insert says what was added, credited to the example, not to who made the ledger.
    let problem = session(&h)
        .data
        .problems
        .iter()
        .find(|p| p.description == "7号坡面局部冲沟")
        .unwrap()
        .meta
        .id;
    history_of(&mut h, problem);
    let added = h.get_by_label_contains("问题描述: 7号坡面局部冲沟");
    let text = {
        let node = added.accesskit_node();
        node.label().or_else(|| node.value()).unwrap_or_default()
    };
    assert!(text.contains("整改期限: 2022-04-30"), "{text}");
    assert!(text.contains("状态: 已验证"), "{text}");
    h.get_by_label(DEMO_AUTHOR);
    let store = Store::open(&ledger, Access::ReadOnly).unwrap();
    let credited: Vec<String> = store
        .audit_entries(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.table_name != "accounts")
        .filter(|e| e.operator != "李科长")
        .map(|e| e.operator)
        .collect();
    assert!(credited.len() > 300, "{}", credited.len());
    assert!(credited.iter().all(|o| o == DEMO_AUTHOR), "{credited:?}");
    drop(store);
    verifies(&ledger);
}
