//! Issue 11 point 9: a department sets up a new ledger in the window, without the example — the
//! mine, the pile, the approved plan's design quantities, the monitoring points and who signs
//! the report — and the report's cover is then filled instead of all "—".
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use std::path::{Path, PathBuf};

use egui_kittest::kittest::{NodeT, Queryable};
use restoration_ledger::app::Role;
use restoration_ledger::app::settings::{AppPaths, Settings};
use restoration_ledger::domain::*;
use restoration_ledger::i18n::Lang;
use restoration_ledger::report::{AuditHead, Block, ReportOptions, build_model};
use restoration_ledger::store::{Access, Store};
use window::*;

/// A new ledger (no example) with the department account 李科长, who is working.
fn empty_ledger(dir: &Path) -> PathBuf {
    use restoration_ledger::app::accounts;
    let ledger = dir.join("新台账.ledger");
    let mut store = restoration_ledger::app::init(&ledger, false, "李科长").unwrap();
    let a = accounts::new_account("李科长", Role::Department, "", Some(PASSWORD), "").unwrap();
    accounts::add(&mut store, "李科长", &a).unwrap();
    drop(store);
    Settings {
        operator: "李科长".into(),
        role: Some(Role::Department),
        ..Settings::default()
    }
    .save(&AppPaths::in_dir(dir))
    .unwrap();
    ledger
}

fn save(h: &mut egui_kittest::Harness<'_, restoration_ledger::ui::LedgerApp>, what: &str) {
    click(h, "保存");
    let notice = h.state().notice.clone();
    assert!(
        notice.as_ref().is_some_and(|n| !n.error),
        "{what} not saved: {notice:?}, the form is {:?}, piles {:?}",
        h.state().setup.form,
        session(h).data.piles
    );
}

#[test]
fn a_new_ledger_is_set_up_in_the_window_and_its_report_cover_is_filled() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = empty_ledger(dir.path());
    let mut h = harness(dir.path(), ledger.clone());
    // The empty overview says where to start.
    h.get_by_label_contains("这个台账还是空的");
    click(&mut h, "前往台账设置");
    h.get_by_label_contains("报告封面尚缺");
    // A pile needs its mine first.
    assert!(h.query_by_label("新增矸石山").is_none());
    h.get_by_label("（请先填写矿井）");

    click(&mut h, "填写矿井信息");
    // Wide enough to read what is typed (they opened 40 px wide inside the scrolling page).
    for field in ["矿井名称：", "所属单位：", "位置："] {
        let width = h.get_by_label(field).rect().width();
        assert!(width >= 200.0, "{field} is {width} px wide");
    }
    type_into(&mut h, "矿井名称：", "华阳集团二矿");
    type_into(&mut h, "所属单位：", "华阳新材料科技集团有限公司");
    type_into(&mut h, "位置：", "山西省阳泉市");
    save(&mut h, "step 1");
    assert_eq!(session(&h).data.mines.len(), 1);

    click(&mut h, "新增矸石山");
    // Saving an empty form is refused beside the fields, and nothing is written.
    click(&mut h, "保存");
    h.get_by_label_contains("请先改正标红的字段");
    assert!(session(&h).data.piles.is_empty());
    type_into(&mut h, "矸石山名称：", "狮脑山排矸场");
    type_into(&mut h, "位置：", "阳泉市狮脑山");
    type_into(&mut h, "开始排矸日期：", "2011/1/1");
    type_into(&mut h, "可绿化面积（平方米，可空）：", "12万");
    type_into(
        &mut h,
        "土地复垦方案（名称、文号）：",
        "狮脑山排矸场土地复垦方案",
    );
    save(&mut h, "step 2");
    let pile = session(&h).data.piles[0].clone();
    assert_eq!(pile.name, "狮脑山排矸场");
    assert_eq!(pile.dumping_since.to_string(), "2011-01-01");
    assert_eq!(pile.greenable_area, Some(Milli::from_whole(120_000)));
    assert_eq!(pile.mine_id, session(&h).data.mines[0].meta.id);

    click(&mut h, "新增设计量");
    type_into(&mut h, "设计量：", "194万");
    type_into(&mut h, "计划完成日期：", "2027-12-31");
    save(&mut h, "step 3");
    let planned: Vec<&Work> = session(&h)
        .data
        .works
        .iter()
        .filter(|w| w.phase == WorkPhase::Planned)
        .collect();
    assert_eq!(planned.len(), 1);
    assert_eq!(planned[0].kind, WorkKind::SoilCover);
    assert_eq!(planned[0].quantity, Milli::from_whole(1_940_000));
    assert_eq!(planned[0].pile_id, pile.meta.id);

    click(&mut h, "新增监测点");
    type_into(&mut h, "监测点名称：", "T1");
    type_into(&mut h, "位置：", "5号坡面中部");
    save(&mut h, "step 4");
    assert_eq!(session(&h).data.monitoring_points[0].name, "T1");

    click(&mut h, "新增签认版本");
    type_into(&mut h, "审核人：", "环保部 刘主任");
    type_into(&mut h, "批准人：", "二矿 分管副矿长");
    save(&mut h, "step 5");
    let so = session(&h).data.sign_offs[0].clone();
    assert_eq!(
        (so.revision.as_str(), so.prepared_by.as_str()),
        ("A", "李科长")
    );
    h.get_by_label_contains("报告封面和编制依据所需信息已齐全");

    // The report's cover and basis now name them.
    let data = session(&h).data.clone();
    let head = AuditHead {
        seq: 0,
        hash: String::new(),
    };
    let model = build_model(&data, &head, &ReportOptions::new(Lang::Zh, None, None)).unwrap();
    let fields: Vec<(String, String)> = model
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Fields(f) | Block::Signatures(f) => Some(f.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    for want in [
        "华阳集团二矿",
        "华阳新材料科技集团有限公司",
        "狮脑山排矸场",
        "阳泉市狮脑山",
        "狮脑山排矸场土地复垦方案",
        "李科长",
        "环保部 刘主任",
        "二矿 分管副矿长",
    ] {
        assert!(
            fields.iter().any(|(_, v)| v == want),
            "the report does not show {want}: {fields:?}"
        );
    }

    // Every step is in the audit trail, credited to who made it.
    let store = Store::open(&ledger, Access::ReadOnly).unwrap();
    let audit = store.audit_entries(None).unwrap();
    for table in ["mines", "piles", "works", "monitoring_points", "sign_offs"] {
        assert!(
            audit
                .iter()
                .any(|e| e.table_name == table && e.operator == "李科长"),
            "no audit entry for {table}"
        );
    }
}

#[test]
fn a_setup_record_is_corrected_and_a_closed_pile_needs_its_closing_day() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "台账设置");
    // The example is complete; its pile is edited here.
    h.get_by_label_contains("报告封面和编制依据所需信息已齐全");
    // The mine has its own button; the first row's 编辑 is the pile's.
    h.get_all_by_label("编辑").next().unwrap().click();
    h.run();
    h.get_by_label("编辑矸石山");
    choose(&mut h, "状态：", "已停用");
    click(&mut h, "保存");
    h.get_by_label_contains("已停用的矸石山须填写停用日期");
    assert_eq!(session(&h).data.piles[0].status, PileStatus::InUse);
    type_into(&mut h, "停用日期（可空）：", "2025-06-30");
    save(&mut h, "step 6");
    let pile = &session(&h).data.piles[0];
    assert_eq!(pile.status, PileStatus::Closed);
    assert_eq!(
        pile.closed_on.map(|d| d.to_string()).as_deref(),
        Some("2025-06-30")
    );
}

/// Before the setup, a record that needs the pile says where to start instead of a database error.
#[test]
fn a_work_in_a_ledger_without_a_pile_says_to_set_up_the_ledger_first() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = empty_ledger(dir.path());
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "工程量");
    click(&mut h, "新增工程量");
    type_into(&mut h, "数量：", "100");
    click(&mut h, "保存");
    let notice = h.state().notice.clone().unwrap();
    assert!(notice.error);
    assert!(notice.text.contains("台账设置"), "{}", notice.text);
    assert!(session(&h).data.works.is_empty());
}

/// A form opened in one ledger is not left open over another (saving it there named a record
/// the other ledger does not have).
#[test]
fn opening_another_ledger_closes_the_open_form() {
    let dir = tempfile::tempdir().unwrap();
    let demo = setup(dir.path(), "李科长", Role::Department, "");
    let empty = empty_ledger(dir.path());
    let mut h = harness(dir.path(), demo);
    nav(&mut h, "台账设置");
    click(&mut h, "编辑矿井信息");
    h.get_by_label("矿井名称：");
    h.state_mut().open(&empty);
    h.run();
    h.get_by_label("密码").click();
    h.run();
    h.get_by_label("密码").type_text(PASSWORD);
    h.run();
    click(&mut h, "登录");
    assert!(
        h.query_by_label("矿井名称：").is_none(),
        "the demo's mine form is still open"
    );
    h.get_by_label("填写矿井信息");
}

/// The message of the "cannot delete" dialog.
fn refusal(h: &egui_kittest::Harness<'_, restoration_ledger::ui::LedgerApp>) -> String {
    let node = h.get_by_label_contains("仍有记录引用它");
    let node = node.accesskit_node();
    node.label().or_else(|| node.value()).unwrap_or_default()
}

/// Issue 11 point 9: a mine or a pile could not be deleted at all. One that nothing refers to is
/// deleted with a reason, kept in the history; one still referred to is not, and the window says
/// what refers to it.
#[test]
fn a_mine_or_pile_is_deleted_only_when_nothing_refers_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = empty_ledger(dir.path());
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "台账设置");
    click(&mut h, "填写矿井信息");
    type_into(&mut h, "矿井名称：", "华阳集团二矿");
    save(&mut h, "the mine");
    click(&mut h, "新增矸石山");
    type_into(&mut h, "矸石山名称：", "狮脑山排矸场");
    type_into(&mut h, "开始排矸日期：", "2011-01-01");
    save(&mut h, "the pile");

    // The pile names the mine: the mine stays.
    click(&mut h, "删除矿井");
    h.get_by_label("不能删除");
    let why = refusal(&h);
    assert!(why.contains("矸石山 1 条"), "{why}");
    // (the saved toast has its own 知道了: the dialog's comes last)
    h.get_all_by_label("知道了").last().unwrap().click();
    h.run();
    assert!(h.query_by_label("不能删除").is_none());
    assert_eq!(session(&h).data.mines.len(), 1);

    // Nothing names the pile: it goes, with a reason.
    let pile = session(&h).data.piles[0].meta.id;
    click(&mut h, "删除");
    h.get_by_label_contains("确认删除这条矸石山记录");
    h.get_by_label_contains("删除需填写原因");
    click(&mut h, "确认");
    assert_eq!(session(&h).data.piles.len(), 1, "deleted without a reason");
    type_into(&mut h, "修改原因：", "录错了台账");
    click(&mut h, "确认");
    assert!(session(&h).data.piles.is_empty());
    let store = Store::open(&ledger, Access::ReadOnly).unwrap();
    let deleted = store
        .audit_entries(None)
        .unwrap()
        .into_iter()
        .rfind(|e| e.record_id == pile.to_string())
        .unwrap();
    assert_eq!(
        (deleted.action.as_str(), deleted.reason.as_str()),
        ("delete", "录错了台账")
    );
    drop(store);

    // Now the mine goes too.
    click(&mut h, "删除矿井");
    type_into(&mut h, "修改原因：", "重新建账");
    click(&mut h, "确认");
    assert!(session(&h).data.mines.is_empty());
    h.get_by_label("填写矿井信息");
}

/// The example's pile carries benches, works and the rest: deleting it is refused with what
/// refers to it, in the window's language, and nothing is written.
#[test]
fn a_pile_with_records_is_not_deleted_and_the_window_says_what_refers_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "台账设置");
    let benches = session(&h).data.benches.len();
    // The first row's 删除 is the pile's.
    click_nth(&mut h, "删除", 0);
    h.get_by_label("不能删除");
    let why = refusal(&h);
    assert!(why.contains(&format!("台阶 {benches} 条")), "{why}");
    assert!(why.contains("工程量"), "{why}");
    click(&mut h, "知道了");
    assert_eq!(session(&h).data.piles.len(), 1);
    // The session refuses it too, whatever door it came through.
    let p = session(&h).data.piles[0].clone();
    let s = h.state_mut().session.as_mut().unwrap();
    let err = s
        .apply(restoration_ledger::app::session::Command::Delete {
            table: restoration_ledger::app::session::Table::Pile,
            id: p.meta.id,
            version: p.meta.version,
            reason: "试试".into(),
        })
        .unwrap_err();
    let text = restoration_ledger::ui::error_text(Lang::En, &err);
    assert!(text.contains("bench records"), "{text}");
    assert_eq!(s.data.piles.len(), 1);
}
