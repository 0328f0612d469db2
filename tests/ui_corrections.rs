//! Issue 11 ("Desktop app 2.0"), points 3, 4, 5 and 11, driven in the window as a person would:
//! the history says what changed in the units and time a person reads, problems can be
//! corrected, a rejected after-care entry can be corrected and resubmitted, and pending entries
//! are reviewed in one go.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use restoration_ledger::app::session::{Command, Rec, Session, SessionError};
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

fn click(h: &mut Harness<'_, LedgerApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Clicks the row of a list whose cell shows `text` (not the same text in the detail panel).
/// (Rows are selected anywhere on the row since the tables became like a spreadsheet: the cell is
/// no longer a button, and the list comes before the detail panel.)
fn click_row(h: &mut Harness<'_, LedgerApp>, text: &str) {
    h.get_all_by_label(text)
        .next()
        .unwrap_or_else(|| panic!("no row {text}"))
        .click();
    h.run();
}

/// Clicks an entry of the left navigation (listed before the view's own heading).
fn nav(h: &mut Harness<'_, LedgerApp>, label: &str) {
    h.get_all_by_label(label).next().unwrap().click();
    h.run();
}

fn type_into(h: &mut Harness<'_, LedgerApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Clicks Save and expects the success message.
#[track_caller]
fn save_succeeds(h: &mut Harness<'_, LedgerApp>) {
    click(h, "保存");
    assert!(
        h.state().notice.as_ref().is_some_and(|n| !n.error),
        "{:?} {:?}",
        h.state().notice,
        h.query_by_label_contains("请先改正").is_some()
    );
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

/// The text a text field shows.
fn field_value(h: &Harness<'_, LedgerApp>, label: &str) -> String {
    let node = h.get_by_label(label);
    let node = node.accesskit_node();
    node.value().unwrap_or_default()
}

/// Shows only the history of the record `id`.
fn history_of(h: &mut Harness<'_, LedgerApp>, id: uuid::Uuid) {
    nav(h, "变更记录");
    replace_text(h, "按记录筛选（编号）：", &id.to_string());
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

fn problem<'a>(h: &'a Harness<'_, LedgerApp>, description: &str) -> &'a Problem {
    session(h)
        .data
        .problems
        .iter()
        .find(|p| p.description.starts_with(description))
        .unwrap()
}

/// Issue 11, point 4: a problem could not be edited, deleted or given more time; the
/// rectification and date fields were ~40 px wide (the date showed as "2026"); the verifier was
/// not prefilled.
#[test]
fn a_problem_is_edited_given_more_time_with_a_reason_verified_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "问题清单");
    click_row(&mut h, "10号马道截水沟破损渗漏");
    // The step's fields are as wide as the panel.
    for field in ["整改情况：", "日期："] {
        let width = h.get_by_label(field).rect().width();
        assert!(width > 600.0, "{field} is {width} px wide");
    }

    click(&mut h, "编辑");
    replace_text(&mut h, "问题描述：", "10号马道截水沟破损渗漏(东段)");
    click(&mut h, "保存");
    assert_eq!(
        problem(&h, "10号马道").description,
        "10号马道截水沟破损渗漏(东段)"
    );

    click(&mut h, "延期…");
    replace_text(&mut h, "新整改期限：", "2027-01-31");
    click(&mut h, "确认延期");
    h.get_by_label_contains("延期必须写明原因");
    assert_eq!(problem(&h, "10号马道").deadline.to_string(), "2023-08-31");
    type_into(&mut h, "延期原因：", "雨季无法施工");
    click(&mut h, "确认延期");
    let p = problem(&h, "10号马道").clone();
    assert_eq!(p.deadline.to_string(), "2027-01-31");
    let extended = audit_of(&ledger, p.meta.id).pop().unwrap();
    assert_eq!(extended.reason, "雨季无法施工");
    // An earlier deadline is refused, by the session too.
    let earlier = h
        .state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::ExtendDeadline {
            id: p.meta.id,
            version: p.meta.version,
            deadline: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            reason: "x".into(),
        });
    assert!(
        matches!(earlier, Err(SessionError::DeadlineNotLater { .. })),
        "{earlier:?}"
    );
    history_of(&mut h, p.meta.id);
    h.get_by_label("雨季无法施工");
    h.get_by_label_contains("整改期限: 2023-08-31 → 2027-01-31");

    // Rectified, then the verifier is whoever works, already filled in.
    nav(&mut h, "问题清单");
    click_row(&mut h, "10号马道截水沟破损渗漏(东段)");
    type_into(&mut h, "整改情况：", "更换破损段并勾缝");
    click(&mut h, "登记整改");
    assert_eq!(problem(&h, "10号马道").status, ProblemStatus::Rectified);
    assert_eq!(field_value(&h, "验证人："), "李科长");
    click(&mut h, "验证闭合");
    let p = problem(&h, "10号马道");
    assert_eq!(p.status, ProblemStatus::Verified);
    assert_eq!(p.verified_by, "李科长");

    // A verified problem is deleted only with a reason.
    let before = session(&h).data.problems.len();
    click(&mut h, "删除");
    type_into(&mut h, "修改原因：", "重复登记");
    click(&mut h, "确认");
    assert_eq!(session(&h).data.problems.len(), before - 1);
    verifies(&ledger);
}

/// Issue 11, point 4: the contractor a problem names as responsible could not report the
/// rectification; the rule lives in the session, not only in the window.
#[test]
fn the_responsible_contractor_reports_the_rectification_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(
        dir.path(),
        "张经理",
        Role::Contractor,
        "阳泉某土石方工程公司",
    );
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "问题清单");
    assert!(h.query_by_label("新增问题").is_none());
    // The department's own problem: no step, no editing.
    click_row(&mut h, "23号作业面覆土厚度待复测");
    assert!(h.query_by_label("登记整改").is_none());
    assert!(h.query_by_label("编辑").is_none());
    assert!(h.query_by_label("延期…").is_none());
    let theirs = problem(&h, "23号作业面").clone();
    let refused = h
        .state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::Rectify {
            id: theirs.meta.id,
            version: theirs.meta.version,
            rectification: "x".into(),
            date: theirs.found_on,
        });
    assert!(
        matches!(refused, Err(SessionError::Denied { .. })),
        "{refused:?}"
    );
    // "土石方施工单位 / 张经理" names him.
    click_row(&mut h, "10号马道截水沟破损渗漏");
    type_into(&mut h, "整改情况：", "更换破损段");
    click(&mut h, "登记整改");
    let p = problem(&h, "10号马道");
    assert_eq!(p.status, ProblemStatus::Rectified);
    assert_eq!(p.meta.updated_by, "张经理");
    // He does not verify his own work.
    assert!(h.query_by_label("验证闭合").is_none());
    verifies(&ledger);
}

/// The example's first photo (a JPEG with EXIF), written to `dir`.
fn a_photo(dir: &Path) -> PathBuf {
    use base64::Engine;
    let demo: serde_json::Value = serde_json::from_str(restoration_ledger::app::DEMO_JSON).unwrap();
    let jpeg = base64::engine::general_purpose::STANDARD
        .decode(demo["photos"][0]["data"].as_str().unwrap())
        .unwrap();
    let path = dir.join("site.jpg");
    std::fs::write(&path, jpeg).unwrap();
    path
}

fn entry<'a>(h: &'a Harness<'_, LedgerApp>, note: &str) -> &'a AftercareEntry {
    session(h)
        .data
        .aftercare
        .iter()
        .find(|e| e.note == note)
        .unwrap()
}

/// The department (周工, in a session of its own) rejects the entry `id` with `comment`.
fn department_rejects(ledger: &Path, id: uuid::Uuid, comment: &str) {
    let mut dept = Session::sign_in(ledger, "周工", PASSWORD).unwrap();
    let version = dept
        .data
        .aftercare
        .iter()
        .find(|e| e.meta.id == id)
        .unwrap()
        .meta
        .version;
    dept.apply(Command::Review {
        id,
        version,
        approve: false,
        comment: comment.into(),
    })
    .unwrap();
}

/// Issue 11, point 5: a rejected after-care entry was a dead end (a contractor could edit only
/// pending entries, and the edit form had no 添加照片); a contractor's 施工单位 was their own name.
#[test]
fn a_contractor_corrects_a_rejected_entry_adds_photos_and_resubmits_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "王师傅", Role::Contractor, "某园林绿化公司");
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "后期管护");
    click(&mut h, "新增管护记录");
    assert_eq!(field_value(&h, "施工单位："), "某园林绿化公司");
    type_into(&mut h, "数量：", "50");
    type_into(&mut h, "备注：", "5号坡面补植");
    save_succeeds(&mut h);
    let id = entry(&h, "5号坡面补植").meta.id;
    assert_eq!(entry(&h, "5号坡面补植").contractor, "某园林绿化公司");

    department_rejects(&ledger, id, "缺少照片");
    h.state_mut().session.as_mut().unwrap().reload().unwrap();
    h.run();
    click_row(&mut h, "5号坡面补植");
    h.get_by_label("缺少照片");
    assert!(h.query_by_label("删除").is_none());
    click(&mut h, "改正并重新提交");
    h.get_by_label("添加照片…");
    h.get_by_label_contains("重新提交审核");
    h.get_by_label("备注：").focus();
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_label("备注：").type_text("紫穗槐");
    h.run();
    click(&mut h, "保存");
    assert!(
        !h.state().notice.as_ref().is_some_and(|n| n.error),
        "{:?}",
        h.state().notice
    );
    let e = entry(&h, "5号坡面补植紫穗槐").clone();
    assert_eq!(e.review, ReviewState::Pending);
    assert!(e.review_comment.is_empty() && e.reviewer.is_empty());
    // The rejection stays in the history.
    history_of(&mut h, id);
    h.get_by_label_contains("审核意见: 缺少照片 → ∅");

    // Rejected again, the photo is added to the entry itself (a file dialog cannot be driven
    // here, so the command the form sends is sent directly).
    department_rejects(&ledger, id, "照片不清楚");
    h.state_mut().session.as_mut().unwrap().reload().unwrap();
    let stored = entry(&h, "5号坡面补植紫穗槐").clone();
    assert_eq!(stored.review, ReviewState::Rejected);
    // The contractor may not approve it himself while correcting it.
    let mut approved = stored.clone();
    approved.review = ReviewState::Approved;
    let refused = h
        .state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::EditAftercare {
            entry: approved,
            reason: String::new(),
            photos: vec![],
        });
    assert!(
        matches!(refused, Err(SessionError::Denied { .. })),
        "{refused:?}"
    );
    let photo = a_photo(dir.path());
    h.state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::EditAftercare {
            entry: stored,
            reason: String::new(),
            photos: vec![photo.clone()],
        })
        .unwrap();
    let e = entry(&h, "5号坡面补植紫穗槐").clone();
    assert_eq!(e.review, ReviewState::Pending);
    let photos = session(&h)
        .data
        .photos
        .iter()
        .filter(|p| p.owner_kind == PhotoOwner::Aftercare && p.owner_id == id)
        .count();
    assert_eq!(photos, 1);

    // Someone else's rejected entry stays out of reach.
    let other = session(&h)
        .data
        .aftercare
        .iter()
        .find(|e| e.review == ReviewState::Rejected)
        .unwrap()
        .clone();
    assert_ne!(other.meta.created_by, "王师傅");
    let refused = h
        .state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::EditAftercare {
            entry: other,
            reason: String::new(),
            photos: vec![photo],
        });
    assert!(
        matches!(refused, Err(SessionError::Denied { .. })),
        "{refused:?}"
    );
    verifies(&ledger);
}

/// Issue 11, point 11: pending entries were reviewed one by one. Now many are approved, or
/// rejected with one comment, in one command and one transaction; nobody reviews their own.
#[test]
fn the_department_rejects_all_pending_entries_of_others_with_one_comment() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger.clone());
    // One pending entry of his own, which he may not review.
    let own = {
        let s = session(&h);
        let mut e =
            restoration_ledger::app::session::blank_aftercare(&s.data, &s.operator, s.today);
        e.note = "李科长自录".into();
        e
    };
    h.state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::Insert(Rec::Aftercare(own)))
        .unwrap();
    let others: Vec<uuid::Uuid> = session(&h)
        .data
        .aftercare
        .iter()
        .filter(|e| e.review == ReviewState::Pending && e.meta.created_by != "李科长")
        .map(|e| e.meta.id)
        .collect();
    assert!(others.len() >= 2, "{others:?}");
    let heads_before = audit_count(&ledger);

    nav(&mut h, "后期管护");
    click(&mut h, "选中全部待审核");
    // One selection: the rows selected (his own entry is not), and those awaiting review.
    h.get_by_label(&format!("已选 {0} 行，其中待审核 {0} 条", others.len()));
    h.get_by_label(&format!("复制选中的 {} 行", others.len()));
    click(&mut h, "批量退回");
    h.get_by_label_contains("退回时必须填写审核意见");
    type_into(&mut h, "批量审核意见：", "请补充现场照片");
    click(&mut h, "批量退回");
    // Issue 26 case 3: asked first, with the count and what they add up to; nothing yet.
    h.get_by_label_contains(&format!("退回 {} 条管护记录？合计：", others.len()));
    assert_eq!(audit_count(&ledger), heads_before);
    click(&mut h, "确认退回");
    h.get_by_label_contains(&format!("已退回 {} 条管护记录。", others.len()));
    let s = session(&h);
    for id in &others {
        let e = s.data.aftercare.iter().find(|e| e.meta.id == *id).unwrap();
        assert_eq!(e.review, ReviewState::Rejected);
        assert_eq!(e.review_comment, "请补充现场照片");
        assert_eq!(e.reviewer, "李科长");
    }
    assert_eq!(entry(&h, "李科长自录").review, ReviewState::Pending);
    assert_eq!(audit_count(&ledger), heads_before + others.len());
    assert!(h.query_by_label_contains("已选").is_none());

    // A batch with his own entry in it is refused as a whole.
    let own = entry(&h, "李科长自录").clone();
    let pending_other = session(&h)
        .data
        .aftercare
        .iter()
        .find(|e| e.review == ReviewState::Rejected)
        .unwrap()
        .clone();
    let refused = h
        .state_mut()
        .session
        .as_mut()
        .unwrap()
        .apply(Command::ReviewMany {
            entries: vec![
                (pending_other.meta.id, pending_other.meta.version),
                (own.meta.id, own.meta.version),
            ],
            approve: true,
            comment: String::new(),
        });
    assert!(
        matches!(refused, Err(SessionError::OwnEntry)),
        "{refused:?}"
    );
    assert_eq!(entry(&h, "李科长自录").review, ReviewState::Pending);
    verifies(&ledger);
}

fn audit_count(ledger: &Path) -> usize {
    let store = Store::open(ledger, Access::ReadOnly).unwrap();
    store.audit_entries(None).unwrap().len()
}

/// Issue 11 point 4: problems took no photos, though before/after photos are the norm for 整改.
/// The responsible contractor and the department add them; another problem's contractor cannot.
#[test]
fn a_problem_takes_photos_from_the_responsible_contractor_and_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(
        dir.path(),
        "张经理",
        Role::Contractor,
        "阳泉某土石方工程公司",
    );
    let photo = a_photo(dir.path());
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "问题清单");
    click_row(&mut h, "10号马道截水沟破损渗漏");
    h.get_by_label("照片 0 张");
    h.get_by_label("添加照片…");
    let theirs = problem(&h, "10号马道").meta.id;
    let other = problem(&h, "23号作业面").meta.id;
    let apply = |h: &mut Harness<'_, LedgerApp>, id| {
        let r = h
            .state_mut()
            .session
            .as_mut()
            .unwrap()
            .apply(Command::AddProblemPhotos {
                id,
                photos: vec![photo.clone()],
            });
        h.run();
        r
    };
    apply(&mut h, theirs).unwrap();
    h.get_by_label("照片 1 张");
    h.get_by_label("site.jpg");
    // Not his problem: refused, nothing written.
    let refused = apply(&mut h, other);
    assert!(
        matches!(refused, Err(SessionError::Denied { .. })),
        "{refused:?}"
    );
    let photos = session(&h)
        .data
        .photos
        .iter()
        .filter(|p| p.owner_kind == PhotoOwner::Problem)
        .count();
    assert_eq!(photos, 1);
    verifies(&ledger);
}

/// Issue 26 case 3: 批量通过 approved every ticked entry at once with "已保存。". Now it asks
/// first — how many, and what they add up to — cancelling changes nothing, and afterwards it says
/// how many were approved. Ticking a box selects its row: one selection, one name.
#[test]
fn a_batch_approval_is_confirmed_with_its_count_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "后期管护");
    let pending: Vec<AftercareEntry> = session(&h)
        .data
        .aftercare
        .iter()
        .filter(|e| e.review == ReviewState::Pending && e.meta.created_by != "李科长")
        .cloned()
        .collect();
    assert!(pending.len() >= 2);
    let before = audit_count(&ledger);
    click(&mut h, "选中全部待审核");
    click(&mut h, "批量通过");
    let question = format!("通过 {} 条管护记录？合计：", pending.len());
    // The totals name each kind with its quantity and unit.
    let said = h
        .get_by_label_contains(&question)
        .accesskit_node()
        .value()
        .unwrap_or_default()
        .to_string();
    for p in &pending {
        let kind =
            restoration_ledger::i18n::aftercare_kind(restoration_ledger::i18n::Lang::Zh, p.kind);
        assert!(said.contains(kind), "{said}");
    }
    click(&mut h, "取消");
    assert_eq!(audit_count(&ledger), before, "cancelled: nothing written");
    assert!(
        session(&h)
            .data
            .aftercare
            .iter()
            .filter(|e| pending.iter().any(|p| p.meta.id == e.meta.id))
            .all(|e| e.review == ReviewState::Pending)
    );
    // Clear, then tick one box: one row selected, one awaiting review.
    click(&mut h, "取消选择");
    // The rows' tick boxes (the one labelled 只看待审核 is a filter).
    let boxes: Vec<_> = h
        .get_all_by_role(egui::accesskit::Role::CheckBox)
        .filter(|n| n.accesskit_node().label().as_deref() != Some("只看待审核"))
        .collect();
    assert!(!boxes.is_empty());
    boxes[0].click();
    h.run();
    h.get_by_label("已选 1 行，其中待审核 1 条");
    click(&mut h, "批量通过");
    h.get_by_label_contains("通过 1 条管护记录？");
    click(&mut h, "确认通过");
    h.get_by_label_contains("已通过 1 条管护记录。");
    assert_eq!(audit_count(&ledger), before + 1);
}
