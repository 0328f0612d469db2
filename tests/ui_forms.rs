//! Issue 11 point 7 (the rest): a completed work dated in the future is refused with a clear
//! message, Enter saves a form, and leaving a form with unsaved changes asks first.
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use egui_kittest::kittest::Queryable;
use restoration_ledger::app::Role;
use restoration_ledger::app::session::{Command, Rec, SessionError};
use restoration_ledger::domain::validate::Fault;
use restoration_ledger::domain::*;
use restoration_ledger::i18n::Lang;
use restoration_ledger::ui::{View, egui, error_text};
use window::*;

#[test]
fn a_completed_work_dated_after_today_is_refused_and_a_planned_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    let works = session(&h).data.works.len();
    let next_year = session(&h).today + chrono::Days::new(366);
    nav(&mut h, "工程量");
    click(&mut h, "新增工程量");
    type_into(&mut h, "数量：", "100");
    replace_text(&mut h, "日期：", &next_year.to_string());
    h.get_by_label_contains("已完成的工程不能记在今天之后");
    click(&mut h, "保存");
    h.get_by_label_contains("请先改正标红的字段");
    assert_eq!(
        session(&h).data.works.len(),
        works,
        "a future completion was saved"
    );
    // A planned date may lie ahead.
    choose(&mut h, "类型：", "设计量");
    assert!(
        h.query_by_label_contains("已完成的工程不能记在今天之后")
            .is_none()
    );
    click(&mut h, "保存");
    assert_eq!(session(&h).data.works.len(), works + 1);

    // Whatever door a completed work comes through, the session refuses it, in Chinese.
    let mut future = session(&h).data.works[0].clone();
    future.meta = Meta::draft();
    future.phase = WorkPhase::Completed;
    future.date = next_year;
    let s = h.state_mut().session.as_mut().unwrap();
    let err = s.apply(Command::Insert(Rec::Work(future))).unwrap_err();
    match &err {
        SessionError::InvalidRecord { faults, .. } => assert!(
            faults
                .iter()
                .any(|f| f.column == "date" && matches!(f.fault, Fault::InFuture { .. })),
            "{faults:?}"
        ),
        other => panic!("{other:?}"),
    }
    let text = error_text(Lang::Zh, &err);
    assert!(text.contains("「日期」晚于今天"), "{text}");
}

#[test]
fn enter_in_a_field_saves_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    let works = session(&h).data.works.len();
    nav(&mut h, "工程量");
    click(&mut h, "新增工程量");
    type_into(&mut h, "数量：", "250");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        session(&h).data.works.len(),
        works + 1,
        "Enter did not save"
    );
    assert!(h.query_by_label("数量：").is_none(), "the form stayed open");
    // Enter in a form with a wrong field saves nothing and says why.
    click(&mut h, "新增工程量");
    type_into(&mut h, "数量：", "abc");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label_contains("请先改正标红的字段");
    assert_eq!(session(&h).data.works.len(), works + 1);
}

#[test]
fn leaving_a_form_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "工程量");
    // A form opened and left untouched is left without a question.
    click(&mut h, "新增工程量");
    nav(&mut h, "总览");
    assert!(h.query_by_label("有未保存的修改").is_none());
    assert_eq!(h.state().view, View::Overview);

    nav(&mut h, "工程量");
    type_into(&mut h, "数量：", "5");
    nav(&mut h, "总览");
    h.get_by_label("有未保存的修改");
    assert_eq!(h.state().view, View::Works);
    click(&mut h, "继续编辑");
    assert_eq!(h.state().view, View::Works);
    assert!(h.query_by_label("有未保存的修改").is_none());
    h.get_by_label("数量：");

    nav(&mut h, "问题清单");
    click(&mut h, "放弃修改并离开");
    assert_eq!(h.state().view, View::Problems);
    nav(&mut h, "工程量");
    assert!(
        h.query_by_label("数量：").is_none(),
        "the dropped form came back"
    );
    // And the next form starts clean: leaving it asks nothing.
    click(&mut h, "新增工程量");
    nav(&mut h, "总览");
    assert_eq!(h.state().view, View::Overview);
}

/// Issue 11 point 7: editing another row of the list replaced a form holding changes without a
/// word; now it asks, keeps the typed value on 继续编辑, and opens the other row on 放弃修改并离开.
#[test]
fn editing_another_row_while_a_form_holds_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "工程量");
    click_nth(&mut h, "编辑", 0);
    let first = field_value(&h, "数量：");
    // Opened and untouched: another row replaces it without a question.
    click_nth(&mut h, "编辑", 1);
    assert!(h.query_by_label("有未保存的修改").is_none());
    let second = field_value(&h, "数量：");
    assert_ne!(first, second, "pick rows whose quantities differ");

    replace_text(&mut h, "数量：", "4321");
    click_nth(&mut h, "编辑", 0);
    h.get_by_label("有未保存的修改");
    click(&mut h, "继续编辑");
    assert!(h.query_by_label("有未保存的修改").is_none());
    assert_eq!(
        field_value(&h, "数量："),
        "4321",
        "the typed value was lost"
    );

    click_nth(&mut h, "编辑", 0);
    click(&mut h, "放弃修改并离开");
    assert_eq!(
        field_value(&h, "数量："),
        first,
        "the other row did not open"
    );
    // The new form starts clean.
    click_nth(&mut h, "编辑", 1);
    assert!(h.query_by_label("有未保存的修改").is_none());
    assert_eq!(field_value(&h, "数量："), second);
}

/// Issue 11 point 7: opening another ledger (File › recent files) closed a form holding changes
/// without asking.
#[test]
fn opening_another_ledger_while_a_form_holds_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let other = dir.path().join("other.ledger");
    std::fs::copy(&ledger, &other).unwrap();
    let mut h = harness(dir.path(), ledger.clone());
    h.state_mut().settings.recent.insert(0, other.clone());
    nav(&mut h, "工程量");
    click(&mut h, "新增工程量");
    type_into(&mut h, "数量：", "5");

    file_menu(&mut h, Some("最近打开"), &other.display().to_string());
    h.get_by_label("有未保存的修改");
    click(&mut h, "继续编辑");
    assert_eq!(session(&h).path(), ledger, "the ledger changed anyway");
    assert_eq!(field_value(&h, "数量："), "5");

    file_menu(&mut h, Some("最近打开"), &other.display().to_string());
    click(&mut h, "放弃修改并离开");
    // The other ledger asks who signs in; the form is gone.
    h.get_by_label("密码").click();
    h.run();
    h.get_by_label("密码").type_text(window::PASSWORD);
    h.run();
    click(&mut h, "登录");
    assert_eq!(session(&h).path(), other);
    assert!(h.query_by_label("数量：").is_none(), "the form stayed open");
}

/// Issue 11 point 7: working as someone else (File › 当前操作人…) closed a form holding changes
/// without asking.
#[test]
fn working_as_someone_else_while_a_form_holds_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "工程量");
    click(&mut h, "新增工程量");
    type_into(&mut h, "数量：", "5");

    file_menu(&mut h, None, "当前操作人…");
    replace_text(&mut h, "姓名", "周工");
    click(&mut h, "以此身份工作");
    h.get_by_label("有未保存的修改");
    click(&mut h, "继续编辑");
    assert_eq!(session(&h).operator, "李科长");
    assert_eq!(h.state().settings.operator, "李科长");
    assert_eq!(field_value(&h, "数量："), "5");

    file_menu(&mut h, None, "当前操作人…");
    replace_text(&mut h, "姓名", "周工");
    click(&mut h, "以此身份工作");
    click(&mut h, "放弃修改并离开");
    assert_eq!(h.state().settings.operator, "周工");
    assert!(h.query_by_label("数量：").is_none(), "the form stayed open");
}

/// Issue 11 point 7: with an after-care entry's form holding changes, 编辑 on another entry
/// replaced the form without a word.
#[test]
fn editing_another_aftercare_entry_while_the_form_holds_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "后期管护");
    let rows = h.state().aftercare.grid.rows().to_vec();
    let data = &session(&h).data.aftercare;
    let first = data[rows[0]].date.to_string();
    let other = rows
        .iter()
        .map(|i| data[*i].date.to_string())
        .find(|d| *d != first)
        .unwrap();
    h.get_all_by_label(&first).last().unwrap().click();
    h.run();
    click(&mut h, "编辑");
    replace_text(&mut h, "施工单位：", "改过的施工单位");
    h.get_all_by_label(&other).last().unwrap().click();
    h.run();
    click(&mut h, "编辑");
    h.get_by_label("有未保存的修改");
    click(&mut h, "继续编辑");
    assert_eq!(field_value(&h, "施工单位："), "改过的施工单位");
    click(&mut h, "编辑");
    click(&mut h, "放弃修改并离开");
    assert_ne!(field_value(&h, "施工单位："), "改过的施工单位");
}

/// Issue 11 point 7, the problems view: what was typed as a rectification was cleared without a
/// question when another problem was clicked (its step fields did not count as a form).
#[test]
fn selecting_another_problem_while_its_rectification_holds_text_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "问题清单");
    let open: Vec<String> = session(&h)
        .data
        .problems
        .iter()
        .filter(|p| p.status == ProblemStatus::Open)
        .map(|p| p.description.clone())
        .collect();
    assert!(open.len() >= 2, "the example has two open problems");
    let first_row = |h: &mut egui_kittest::Harness<'static, restoration_ledger::ui::LedgerApp>,
                     text: &str| {
        h.get_all_by_label(text).next().unwrap().click();
        h.run();
    };
    first_row(&mut h, &open[0]);
    // Untouched: another problem is shown without a question.
    first_row(&mut h, &open[1]);
    assert!(h.query_by_label("有未保存的修改").is_none());
    type_into(&mut h, "整改情况：", "已重新覆土并压实");
    first_row(&mut h, &open[0]);
    h.get_by_label("有未保存的修改");
    click(&mut h, "继续编辑");
    assert_eq!(field_value(&h, "整改情况："), "已重新覆土并压实");
    first_row(&mut h, &open[0]);
    click(&mut h, "放弃修改并离开");
    assert_eq!(
        field_value(&h, "整改情况："),
        "",
        "the other problem's fields start empty"
    );
    assert!(h.query_by_label("有未保存的修改").is_none());
}
