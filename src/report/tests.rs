//! Unit tests of the report model: figures, tables and fingerprint as data, no PDF.

use super::*;

fn demo() -> LedgerData {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.ledger");
    let store = crate::app::init(&path, true, "test").unwrap();
    store.load().unwrap()
}

fn head() -> AuditHead {
    AuditHead {
        seq: 42,
        hash: "ab".repeat(32),
    }
}

fn opts(lang: Lang) -> ReportOptions {
    ReportOptions {
        lang,
        from: None,
        to: None,
        as_of: NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(),
        printed_at: None,
        signature: None,
        newer_columns: Vec::new(),
    }
}

#[test]
fn headline_sentence_carries_the_seed_figures() {
    let m = build_model(&demo(), &head(), &opts(Lang::Zh)).unwrap();
    assert_eq!(
        m.headline_sentence,
        "目前,矸石山已形成了23个坡面和马道,缓坡区修整210,000平方米、平面积平整585,000平方米、覆土1,940,000立方米、截排水沟938米、绿化面积108,498平方米。"
    );
    assert!(
        m.blocks
            .contains(&Block::Paragraph(m.headline_sentence.clone()))
    );
}

#[test]
fn works_table_has_planned_completed_and_percent() {
    let m = build_model(&demo(), &head(), &opts(Lang::Zh)).unwrap();
    let overall = m
        .tables()
        .find(|t| t.columns.len() == 5 && t.columns[0].title == "项目")
        .unwrap();
    let cover = overall.rows.iter().find(|r| r.cells[0] == "覆土").unwrap();
    assert_eq!(
        cover.cells[1..],
        ["立方米", "2,100,000", "1,940,000", "92.4%"]
    );
    assert_eq!(overall.columns[2].align, Align::Right);
}

#[test]
fn failing_rules_are_alerts_and_pending_is_never_pass() {
    let m = build_model(&demo(), &head(), &opts(Lang::En)).unwrap();
    let rules = m
        .tables()
        .find(|t| t.columns.last().map(|c| c.title.as_str()) == Some("Verdict"))
        .unwrap();
    let gradient = rules
        .rows
        .iter()
        .find(|r| r.cells[0] == "Slope face gradient")
        .unwrap();
    assert_eq!(gradient.cells[5], "Fail");
    assert!(gradient.alert);
    assert!(gradient.cells[3].contains("#7 1:1.8"));
    for r in &rules.rows {
        if r.cells[3].is_empty() {
            assert_ne!(r.cells[5], "Pass");
        }
    }
}

#[test]
fn fingerprint_changes_with_data_period_and_head_but_not_language() {
    let data = demo();
    let a = fingerprint(&data, &head(), &opts(Lang::Zh));
    assert_eq!(a, fingerprint(&data, &head(), &opts(Lang::En)));
    assert_eq!(a.len(), 64);
    let mut changed = data.clone();
    changed.works[0].quantity = Milli(changed.works[0].quantity.0 + 1);
    assert_ne!(a, fingerprint(&changed, &head(), &opts(Lang::Zh)));
    let mut o = opts(Lang::Zh);
    o.from = NaiveDate::from_ymd_opt(2023, 1, 1);
    assert_ne!(a, fingerprint(&data, &head(), &o));
    let h2 = AuditHead {
        seq: 43,
        hash: head().hash,
    };
    assert_ne!(a, fingerprint(&data, &h2, &opts(Lang::Zh)));
    // Record order in memory does not matter.
    let mut shuffled = data.clone();
    shuffled.works.reverse();
    assert_eq!(a, fingerprint(&shuffled, &head(), &opts(Lang::Zh)));
}

#[test]
fn period_limits_the_aftercare_log_and_to_limits_cumulative_figures() {
    let data = demo();
    let mut o = opts(Lang::Zh);
    o.from = NaiveDate::from_ymd_opt(2023, 9, 1);
    let m = build_model(&data, &head(), &o).unwrap();
    let care = m
        .tables()
        .find(|t| t.columns.last().map(|c| c.title.as_str()) == Some("审核"))
        .unwrap();
    assert_eq!(care.rows.len(), 2);
    o.from = None;
    o.to = NaiveDate::from_ymd_opt(2015, 12, 31);
    let m = build_model(&data, &head(), &o).unwrap();
    assert!(m.headline.soil_cover < Milli::from_whole(1_940_000));
    assert_eq!(m.headline.slope_faces_and_berms, 23);
}

#[test]
fn an_empty_period_is_refused() {
    let mut o = opts(Lang::Zh);
    o.from = NaiveDate::from_ymd_opt(2023, 9, 1);
    o.to = NaiveDate::from_ymd_opt(2023, 1, 1);
    assert!(matches!(
        build_model(&demo(), &head(), &o),
        Err(ReportError::EmptyPeriod { .. })
    ));
}
