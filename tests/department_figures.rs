//! Issue 24: the numbers a department checks first. Each case was reproduced on d9ba046 by
//! setting up a mine as a department would; each test names its case and failed before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "common/window.rs"]
mod window;

use common::*;
use egui_kittest::kittest::Queryable;
use restoration_ledger::app::Role;
use restoration_ledger::app::session::{Command, Rec, SessionError};
use restoration_ledger::domain::*;
use restoration_ledger::i18n::Lang;
use restoration_ledger::ui::error_text;
use window::*;

/// Cases 1 and 2: the per-bench plan reached no table of the report, and an overall plan plus
/// its breakdown were added together. The report's table 分台阶设计量与完成量 gives plan, completed
/// and % per bench, then the plan's total that the rows reconcile with.
#[test]
fn the_report_gives_plan_completed_and_percent_per_bench_and_the_total_they_reconcile_with() {
    let demo = demo_ledger();
    let store = open_ro(&demo.path);
    let data = store.load().unwrap();
    let b3 = data.benches.iter().find(|b| b.number == 3).unwrap().clone();
    let planned3: Milli = data
        .works
        .iter()
        .filter(|w| {
            w.phase == WorkPhase::Planned
                && w.kind == WorkKind::SoilCover
                && w.bench_id == Some(b3.meta.id)
        })
        .map(|w| w.quantity)
        .sum();
    let done3: Milli = data
        .works
        .iter()
        .filter(|w| {
            w.phase == WorkPhase::Completed
                && w.kind == WorkKind::SoilCover
                && w.bench_id == Some(b3.meta.id)
        })
        .map(|w| w.quantity)
        .sum();
    assert!(
        planned3.0 > 0,
        "the example breaks the soil cover down by bench"
    );
    drop(store);
    let pdf = demo.dir.path().join("r.pdf");
    print_report(&demo.path, &pdf, &[]);
    let text = pdf_pages(&pdf).join("\n");
    let at = text
        .find("分台阶设计量与完成量")
        .expect("the per-bench plan table has a heading");
    let table = &text[at..];
    let percent = summary::percent_of(done3, planned3).unwrap();
    let row = table
        .lines()
        .find(|l| l.contains("3号坡面") && l.contains("覆土"))
        .unwrap_or_else(|| panic!("no row for bench 3 in:\n{table}"));
    for want in [
        format_milli(planned3.0, 3),
        format_milli(done3.0, 3),
        rules::percent_text(percent),
    ] {
        assert!(row.contains(&want), "{want} missing in {row:?}");
    }
    // The total is the plan's own (2,100,000 m³), not the breakdown added to it (4,200,000).
    let total = table
        .lines()
        .find(|l| l.contains("合计（总体设计量）") && l.contains("覆土"))
        .expect("a total row");
    assert!(total.contains("2,100,000"), "{total:?}");
    assert!(total.contains("1,940,000"), "{total:?}");
    assert!(!text.contains("4,200,000"), "the plan was counted twice");
    // The Huayang figures still read as the article has them.
    let headline = text.split_whitespace().collect::<String>();
    for figure in ["23个", "210,000", "585,000", "1,940,000", "938", "108,498"] {
        assert!(headline.contains(figure), "{figure} missing");
    }
    // And plantings are listed, per bench.
    assert!(text.contains("栽植与播种"));
    assert!(
        text.lines()
            .any(|l| l.contains("紫穗槐") && l.contains("8,100")),
        "plantings are not listed"
    );
}

/// Case 3 in the report: a planting is green area, on the overview's figure and in the per-bench
/// table (it was 0 and "—").
#[test]
fn a_planting_alone_makes_the_report_green() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("new.ledger");
    restoration_ledger::app::init(&ledger, false, "环保部").unwrap();
    let mut s =
        restoration_ledger::app::session::Session::open(&ledger, "环保部", Role::Department)
            .unwrap();
    let stamp = Stamp::parse("2026-01-01T00:00:00Z").unwrap();
    let mine = Mine {
        meta: Meta::new("环保部", &stamp),
        name: "石沟矿".into(),
        company: String::new(),
        location: String::new(),
        note: String::new(),
    };
    let pile = Pile {
        meta: Meta::new("环保部", &stamp),
        mine_id: mine.meta.id,
        name: "石沟矿排矸场".into(),
        location: String::new(),
        dumping_since: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        status: PileStatus::InUse,
        closed_on: None,
        greenable_area: Some(Milli::from_whole(5_000)),
        plan_reference: String::new(),
        note: String::new(),
    };
    let planting = Planting {
        meta: Meta::new("环保部", &stamp),
        pile_id: pile.meta.id,
        bench_id: None,
        species: "紫穗槐".into(),
        plant_type: PlantType::Shrub,
        plants: Some(1_200),
        seed: None,
        area: Milli::from_whole(2_500),
        date: chrono::NaiveDate::from_ymd_opt(2025, 4, 10).unwrap(),
        note: String::new(),
    };
    s.apply(Command::Insert(Rec::Mine(mine))).unwrap();
    s.apply(Command::Insert(Rec::Pile(pile))).unwrap();
    s.apply(Command::Insert(Rec::Planting(planting))).unwrap();
    assert_eq!(s.summary.headline.green_area, Milli::from_whole(2_500));
    let greening = s
        .summary
        .rules
        .iter()
        .find(|r| r.kind == RuleKind::GreeningOfGreenableArea)
        .unwrap();
    assert_eq!(greening.measured, "50.0%");
    drop(s);
    let pdf = dir.path().join("r.pdf");
    print_report(&ledger, &pdf, &[]);
    let text = pdf_pages(&pdf).join("\n");
    // Case 9: the title names the mine once.
    assert!(text.contains("石沟矿排矸场生态修复合规报告"));
    assert!(!text.contains("石沟矿石沟矿"));
    assert!(text.contains("绿化面积2,500平方米") || text.contains("绿化面积 2,500"));
}

/// Case 5: "587.8 次" fire patrols were imported and shown. A count of things is whole on every
/// door; the session refuses it as the import does, in the user's language.
#[test]
fn a_fraction_of_a_count_is_refused_at_every_door() {
    let demo = demo_ledger();
    let mut s =
        restoration_ledger::app::session::Session::open(&demo.path, "环保部", Role::Department)
            .unwrap();
    let mut e = s.data.aftercare[0].clone();
    e.meta = Meta::draft();
    e.kind = AftercareKind::FirePatrol;
    e.unit = Unit::Count;
    e.quantity = Some(Milli(587_800));
    e.review = ReviewState::Pending;
    e.reviewer.clear();
    e.review_comment.clear();
    e.reviewed_at = None;
    let err = s
        .apply(Command::Insert(Rec::Aftercare(e.clone())))
        .unwrap_err();
    let text = error_text(Lang::Zh, &err);
    assert!(text.contains("须为整数"), "{text}");
    // The same entry in an exchange file is refused, and nothing is written.
    let before = s.data.aftercare.len();
    drop(s);
    let mut json: serde_json::Value =
        serde_json::from_str(restoration_ledger::app::DEMO_JSON).unwrap();
    let entry = &mut json["aftercare"][0];
    entry["id"] = serde_json::json!(uuid::Uuid::new_v4().to_string());
    entry["kind"] = serde_json::json!("fire_patrol");
    entry["unit"] = serde_json::json!("count");
    entry["quantity"] = serde_json::json!(587.8);
    let file = demo.dir.path().join("odd.json");
    let only = serde_json::json!({
        "format": "restoration-ledger",
        "format_version": 1,
        "aftercare": [entry.clone()],
    });
    std::fs::write(&file, serde_json::to_vec(&only).unwrap()).unwrap();
    let o = cli_str(&[
        "import",
        demo.path.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "a fraction of a patrol was imported");
    assert!(stderr(&o).contains("whole number"), "{}", stderr(&o));
    assert_eq!(open_ro(&demo.path).load().unwrap().aftercare.len(), before);
}

/// Case 10: a contractor changed 施工单位 of their own pending entry to another company, and it
/// was saved. A contractor account's entries are its company's.
#[test]
fn a_contractor_account_cannot_name_another_company() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "王师傅", Role::Contractor, "某园林绿化公司");
    let mut h = harness(dir.path(), ledger);
    let s = h.state_mut().session.as_mut().unwrap();
    assert!(s.contractors.iter().any(|c| c == "某园林绿化公司"));
    assert!(s.contractors.iter().any(|c| c == "阳泉某土石方工程公司"));
    let mut e = s.data.aftercare[0].clone();
    e.meta = Meta::draft();
    e.contractor = "某园林绿化公司".into();
    e.review = ReviewState::Pending;
    e.reviewer.clear();
    e.review_comment.clear();
    e.reviewed_at = None;
    s.apply(Command::Insert(Rec::Aftercare(e.clone()))).unwrap();
    let mut stored = s
        .data
        .aftercare
        .iter()
        .find(|a| a.meta.id == e.meta.id)
        .unwrap()
        .clone();
    stored.contractor = "阳泉某土石方工程公司".into();
    let err = s
        .apply(Command::Update {
            rec: Rec::Aftercare(stored),
            reason: String::new(),
        })
        .unwrap_err();
    assert!(matches!(err, SessionError::OtherCompany { .. }), "{err:?}");
    assert!(error_text(Lang::Zh, &err).contains("某园林绿化公司"));
    // The form shows the company and offers no other.
    nav(&mut h, "后期管护");
    click(&mut h, "新增管护记录");
    assert!(h.query_by_label("从已有施工单位中选择").is_none());
}

/// Cases 6, 7 and 8 in the bench form: a site's own code, a flat berm, an area in 亩.
#[test]
fn a_bench_carries_the_sites_code_a_berm_may_be_flat_and_an_area_may_be_in_mu() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    let benches = session(&h).data.benches.len();
    nav(&mut h, "坡面与马道");
    click(&mut h, "新增台阶");
    // A code typed as the number is pointed to the code's field.
    type_into(&mut h, "编号：", "P1");
    h.get_by_label_contains("请填在「现场编号」");
    replace_text(&mut h, "编号：", "");
    type_into(&mut h, "现场编号：", "1#马道");
    choose(&mut h, "台阶类型：", "马道");
    type_into(&mut h, "底部标高（米，可空）：", "910");
    type_into(&mut h, "顶部标高（米，可空）：", "910");
    assert!(
        h.query_by_label_contains("顶部标高应高于底部标高")
            .is_none()
    );
    type_into(&mut h, "面积（平方米）：", "12.5亩");
    click(&mut h, "保存");
    let s = session(&h);
    assert_eq!(s.data.benches.len(), benches + 1, "{:?}", h.state().notice);
    let b = s.data.benches.iter().find(|b| b.code == "1#马道").unwrap();
    assert_eq!(b.area, Milli(8_333_333));
    assert_eq!(b.elevation_low, b.elevation_high);
    assert!(b.number > 0);
    // The bench is named by its code in the list.
    h.get_by_label_contains("1#马道");
}

/// Case 6 beyond the window: a bench's site code names it in the report, the workbook and the
/// history (it was the number alone everywhere).
#[test]
fn a_benchs_site_code_names_it_in_the_report_and_the_workbook() {
    let demo = demo_ledger();
    let mut s =
        restoration_ledger::app::session::Session::open(&demo.path, "环保部", Role::Department)
            .unwrap();
    let mut b3 = s
        .data
        .benches
        .iter()
        .find(|b| b.number == 3)
        .unwrap()
        .clone();
    b3.code = "P3".into();
    s.apply(Command::Update {
        rec: Rec::Bench(b3),
        reason: "现场编号".into(),
    })
    .unwrap();
    drop(s);
    let pdf = demo.dir.path().join("r.pdf");
    print_report(&demo.path, &pdf, &[]);
    let text = pdf_pages(&pdf).join("\n");
    let plan = &text[text.find("分台阶设计量与完成量").unwrap()..];
    assert!(
        plan.lines()
            .any(|l| l.contains("P3坡面") && l.contains("覆土")),
        "the plan table does not name bench P3"
    );
    assert!(
        !plan
            .lines()
            .any(|l| l.split_whitespace().any(|w| w == "3号坡面")),
        "bench 3 is still named by its number"
    );
    let book = demo.dir.path().join("b.xlsx");
    let o = cli(&[
        "export".as_ref(),
        demo.path.as_os_str(),
        "--out".as_ref(),
        book.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&book).unwrap();
    let sheets =
        restoration_ledger::exchange::sheet::read::read(&bytes, &book.to_string_lossy()).unwrap();
    let benches = sheets.iter().find(|s| s.name == "台阶").unwrap();
    let code_col = benches.rows[0]
        .iter()
        .position(|v| *v == restoration_ledger::exchange::sheet::Value::Text("现场编号".into()))
        .expect("a 现场编号 column");
    assert!(benches.rows.iter().any(|r| r.get(code_col)
        == Some(&restoration_ledger::exchange::sheet::Value::Text(
            "P3".into()
        ))));
    let works = sheets.iter().find(|s| s.name == "工程量-完成").unwrap();
    assert!(
        works.rows.iter().flatten().any(|v| v.display() == "P3坡面"),
        "the works sheet does not name bench P3"
    );
}

/// Case 1 in the window: a bench's page showed no plan and no percentage.
#[test]
fn a_benchs_page_shows_its_share_of_the_plan_and_the_percentage() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    let data = &session(&h).data;
    let b3 = data.benches.iter().find(|b| b.number == 3).unwrap().meta.id;
    let p = summary::progress(data, Some(Some(b3)))
        .into_iter()
        .find(|p| p.kind == WorkKind::SoilCover)
        .unwrap();
    nav(&mut h, "坡面与马道");
    click(&mut h, "3号 坡面");
    h.get_by_label("设计量与完成量");
    assert!(
        h.get_all_by_label(&format!("{} 立方米", format_milli(p.planned.0, 2)))
            .next()
            .is_some()
    );
    h.get_by_label(&rules::percent_text(p.percent_milli().unwrap()));
}
