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
        layout: token::LAYOUT,
    }
}

/// The view of a period is the registry's one rule ([`crate::domain::record::records_as_of`]);
/// it keeps exactly what the report's figures counted before the rule was written once (dated
/// records up to the last day, planned works, and everything undated).
#[test]
fn the_view_of_a_period_keeps_what_the_figures_count() {
    let data = demo();
    for year in 2019..=2026 {
        let to = NaiveDate::from_ymd_opt(year, 6, 30).unwrap();
        let mut o = opts(Lang::Zh);
        o.to = Some(to);
        let v = as_of_view(&data, &o);
        let mut want = data.clone();
        want.dumping_records.retain(|d| d.period_start <= to);
        want.works
            .retain(|w| w.phase == WorkPhase::Planned || w.date <= to);
        want.plantings.retain(|p| p.date <= to);
        want.surveys.retain(|s| s.date <= to);
        want.aftercare.retain(|a| a.date <= to);
        want.problems.retain(|p| p.found_on <= to);
        want.readings.retain(|r| r.taken_at.date() <= to);
        want.sign_offs.retain(|s| s.date <= to);
        assert!(*v == want, "{year}");
    }
    assert!(demo().record_count() > 300);
}

#[test]
fn headline_sentence_carries_the_seed_figures() {
    let m = build_model(&demo(), &head(), &opts(Lang::Zh)).unwrap();
    assert_eq!(
        m.headline_sentence,
        "目前，矸石山已形成了23个坡面和马道，缓坡区修整210,000平方米、平面积平整585,000平方米、覆土1,940,000立方米、截排水沟938米、绿化面积108,498平方米。"
    );
    assert!(
        m.blocks
            .contains(&Block::Paragraph(m.headline_sentence.clone()))
    );
}

#[test]
fn works_table_has_planned_completed_and_percent() {
    let m = build_model(&demo(), &head(), &opts(Lang::Zh)).unwrap();
    let overall = m.tables().find(|t| t.columns[0].title == "项目").unwrap();
    let cover = overall.rows.iter().find(|r| r.cells[0] == "覆土").unwrap();
    assert_eq!(
        cover.cells[1..],
        ["立方米", "2,100,000", "1,940,000", "92.4%", "0"]
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
    assert_eq!(gradient.cells[6], "Fail");
    assert!(gradient.alert);
    assert!(
        gradient.cells[3].contains("1:1.8 (slope face 7, no measurement date)"),
        "{}",
        gradient.cells[3]
    );
    for r in &rules.rows {
        if r.cells[3].is_empty() {
            assert_ne!(r.cells[6], "Pass");
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

// ---- Issue 10: rows that showed a value or date that did not belong to the verdict. ----

fn rules_of(m: &ReportModel) -> &Table {
    m.tables()
        .find(|t| t.columns.iter().any(|c| c.title == "依据"))
        .expect("the indicator table")
}

fn rule_row<'a>(t: &'a Table, name: &str) -> &'a Row {
    t.rows
        .iter()
        .find(|r| r.cells[0] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

fn column(t: &Table, title: &str) -> usize {
    t.columns
        .iter()
        .position(|c| c.title == title)
        .unwrap_or_else(|| panic!("no column {title}"))
}

fn to_2023() -> ReportOptions {
    let mut o = opts(Lang::Zh);
    o.to = NaiveDate::from_ymd_opt(2023, 12, 31);
    o.as_of = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    o
}

/// 0.1.0 printed 终覆土厚度 "0.8 m, 2022-10-15" (bench 21's 0.8 m is of 2021-10-15) and 苗木成活率
/// "35%, 2021-10-15" (bench 16's survey is of 2020-10-15).
#[test]
fn a_measured_value_is_printed_with_its_own_date_and_bench() {
    let m = build_model(&demo(), &head(), &to_2023()).unwrap();
    let t = rules_of(&m);
    let (measured, date) = (column(t, "实测值"), column(t, "日期"));
    let cover = rule_row(t, "终覆土厚度");
    assert!(
        cover.cells[measured].contains("0.8 m（21号坡面，2021-10-15）"),
        "{}",
        cover.cells[measured]
    );
    assert_eq!(cover.cells[date], "2021-10-15");
    let survival = rule_row(t, "苗木成活率");
    assert!(
        survival.cells[measured].contains("35.0%（16号坡面，2020-10-15）"),
        "{}",
        survival.cells[measured]
    );
    assert_eq!(survival.cells[date], "2020-10-15");
}

/// Every ISO date printed anywhere in `m`.
fn dates_in(m: &ReportModel) -> Vec<NaiveDate> {
    let mut texts: Vec<&str> = Vec::new();
    for b in &m.blocks {
        match b {
            // A problem's deadline is a day set ahead, not a measurement.
            Block::Table(t) => texts.extend(t.rows.iter().flat_map(|r| {
                r.cells
                    .iter()
                    .zip(&t.columns)
                    .filter(|(_, c)| c.title != "整改期限")
                    .map(|(cell, _)| cell.as_str())
            })),
            Block::Paragraph(p) => texts.push(p),
            Block::Fields(f) => texts.extend(f.iter().map(|(_, v)| v.as_str())),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in texts {
        let b = s.as_bytes();
        for i in 0..b.len().saturating_sub(9) {
            if let Some(d) = s
                .get(i..i + 10)
                .and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
            {
                out.push(d);
            }
        }
    }
    out
}

/// 0.1.0 dated 坡面坡比 with the day the bench record was last saved: in a `--to 2023-12-31`
/// report, a day after the period.
#[test]
fn no_row_is_dated_after_the_period_and_an_undated_value_says_so() {
    let mut data = demo();
    for b in &mut data.benches {
        b.meta.updated_at = Stamp::parse("2026-12-01T08:00:00Z").unwrap();
    }
    let o = to_2023();
    let m = build_model(&data, &head(), &o).unwrap();
    let late: Vec<NaiveDate> = dates_in(&m)
        .into_iter()
        .filter(|d| Some(*d) > o.to)
        .collect();
    assert!(late.is_empty(), "dated after the period: {late:?}");
    let t = rules_of(&m);
    let gradient = rule_row(t, "坡面坡比");
    assert_eq!(gradient.cells[column(t, "日期")], "无测量日期");
}

/// 0.1.0 put the latest fire readings (31 °C, 4 ppm) under 实测值(最不利) while the table below
/// showed a worst of 68 °C and 38 ppm.
#[test]
fn fire_rules_show_worst_and_latest_with_dates_and_say_which_the_verdict_uses() {
    let m = build_model(&demo(), &head(), &to_2023()).unwrap();
    let t = rules_of(&m);
    let measured = column(t, "实测值");
    let temp = &rule_row(t, "自燃测温预警").cells[measured];
    assert!(
        temp.contains("历史最高：68 °C（测温点T2，2019-05-15）"),
        "{temp}"
    );
    assert!(temp.contains("最近："), "{temp}");
    assert!(temp.contains("判定依据：各测温点最近读数"), "{temp}");
    let co = &rule_row(t, "自燃CO预警").cells[measured];
    assert!(
        co.contains("历史最高：38 ppm（测温点T2，2019-05-15）"),
        "{co}"
    );
}

/// 0.1.0 passed the fire rules in a report as of 2026 on readings from 2023.
#[test]
fn stale_evidence_is_pending_with_data_out_of_date() {
    let data = demo();
    let fresh = build_model(&data, &head(), &to_2023()).unwrap();
    let t = rules_of(&fresh);
    let verdict = column(t, "结论");
    assert_eq!(rule_row(t, "自燃测温预警").cells[verdict], "合格");
    let mut late = opts(Lang::Zh);
    late.as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let m = build_model(&data, &head(), &late).unwrap();
    let t = rules_of(&m);
    for name in ["自燃测温预警", "自燃CO预警", "苗木成活率"] {
        let row = rule_row(t, name);
        assert_eq!(row.cells[verdict], "待定", "{name}");
        assert!(
            row.cells[column(t, "实测值")].contains("数据过期"),
            "{name}"
        );
    }
}

/// Issue 10: the evidence limit is editable per rule, and the report says which one it used.
#[test]
fn a_rules_own_evidence_limit_decides_staleness_and_the_report_states_it() {
    let mut data = demo();
    fn fire(data: &mut LedgerData) -> &mut Rule {
        data.rules
            .iter_mut()
            .find(|r| r.kind == RuleKind::FireSurfaceTemperature)
            .unwrap()
    }
    // The newest reading is of 2023-11-15: 46 days before the end of 2023.
    fire(&mut data).stale_after_days = Some(30);
    let m = build_model(&data, &head(), &to_2023()).unwrap();
    let t = rules_of(&m);
    let row = rule_row(t, "自燃测温预警");
    assert_eq!(row.cells[column(t, "结论")], "待定");
    let measured = &row.cells[column(t, "实测值")];
    assert!(
        measured.contains("数据过期") && measured.contains("超过30天时限"),
        "{measured}"
    );
    assert!(
        row.cells[column(t, "阈值")].contains("数据有效期：30天"),
        "{:?}",
        row.cells
    );
    // Ten years keeps readings three years old good, where the default year would not.
    fire(&mut data).stale_after_days = Some(3650);
    let mut late = opts(Lang::Zh);
    late.as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let m = build_model(&data, &head(), &late).unwrap();
    let t = rules_of(&m);
    assert_eq!(rule_row(t, "自燃测温预警").cells[column(t, "结论")], "合格");
    assert_eq!(rule_row(t, "自燃CO预警").cells[column(t, "结论")], "待定");
}

/// 0.1.0's per-bench table left out bench 23 (no works yet), had no total and no line for the
/// works that name no bench, so it could not be reconciled with table 4.1.
#[test]
fn the_per_bench_table_lists_every_bench_and_reconciles_with_the_overall_table() {
    let data = demo();
    let m = build_model(&data, &head(), &opts(Lang::Zh)).unwrap();
    let per_bench = m
        .tables()
        .find(|t| t.columns.iter().any(|c| c.title == "覆土（立方米）"))
        .expect("the per-bench table");
    let numbers: Vec<&str> = per_bench
        .rows
        .iter()
        .map(|r| r.cells[0].as_str())
        .filter(|c| c.parse::<i64>().is_ok())
        .collect();
    let mut expected: Vec<String> = data.benches.iter().map(|b| b.number.to_string()).collect();
    expected.sort_by_key(|n| n.parse::<i64>().unwrap_or_default());
    assert_eq!(numbers, expected);
    assert!(numbers.contains(&"23"));
    let overall = m.tables().find(|t| t.columns[0].title == "项目").unwrap();
    let unassigned_col = column(overall, "其中未指定台阶");
    let num = |s: &str| s.replace(',', "").parse::<i64>().unwrap_or(0);
    for (kind, title) in [("覆土", "覆土（立方米）"), ("绿化", "绿化（平方米）")]
    {
        let c = column(per_bench, title);
        let row = |name: &str| {
            per_bench
                .rows
                .iter()
                .find(|r| r.cells[0] == name)
                .unwrap_or_else(|| panic!("no {name} row"))
        };
        let benches: i64 = per_bench
            .rows
            .iter()
            .filter(|r| r.cells[0].parse::<i64>().is_ok())
            .map(|r| num(&r.cells[c]))
            .sum();
        let unassigned = num(&row("未指定台阶").cells[c]);
        let total = num(&row("合计").cells[c]);
        let o = overall.rows.iter().find(|r| r.cells[0] == kind).unwrap();
        assert_eq!(benches + unassigned, total, "{kind}");
        assert_eq!(total, num(&o.cells[3]), "{kind}: total against 4.1");
        assert_eq!(unassigned, num(&o.cells[unassigned_col]), "{kind}");
    }
}

#[test]
fn the_indicator_table_has_a_method_column() {
    let m = build_model(&demo(), &head(), &opts(Lang::Zh)).unwrap();
    let t = rules_of(&m);
    let method = column(t, "方法");
    assert!(t.rows.iter().all(|r| !r.cells[method].is_empty()));
}

/// 0.1.0's demo had 23 slope faces while its problems and after-care spoke of 10号马道.
#[test]
fn the_demo_has_slope_faces_and_berms_and_its_notes_name_them_rightly() {
    let data = demo();
    let count = |k: BenchKind| data.benches.iter().filter(|b| b.kind == k).count();
    assert!(count(BenchKind::SlopeFace) > 0 && count(BenchKind::Berm) > 0);
    let texts = data
        .problems
        .iter()
        .map(|p| p.description.clone())
        .chain(data.aftercare.iter().map(|a| a.note.clone()))
        .chain(data.monitoring_points.iter().map(|p| p.location.clone()));
    let mut named = 0;
    for text in texts {
        for b in &data.benches {
            for kind in [BenchKind::SlopeFace, BenchKind::Berm, BenchKind::Platform] {
                let name = format!("{}号{}", b.number, crate::i18n::bench_kind(Lang::Zh, kind));
                // "16号坡面" is not "6号坡面".
                let found = text
                    .match_indices(&name)
                    .any(|(i, _)| !text[..i].ends_with(|c: char| c.is_ascii_digit()));
                if found {
                    named += 1;
                    assert_eq!(b.kind, kind, "{text}: bench {} is a {:?}", b.number, b.kind);
                }
            }
        }
    }
    assert!(named >= 5, "the demo's notes name benches");
}

/// 0.1.0 printed "2" (benches below the infill threshold) and "1/1" (points cooled) as the
/// measured values of two rules: numbers that mean nothing to a reader.
#[test]
fn every_measured_value_of_the_chinese_report_says_what_it_counts() {
    let mut o = to_2023();
    o.as_of = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    let m = build_model(&demo(), &head(), &o).unwrap();
    let t = rules_of(&m);
    let measured = column(t, "实测值");
    for r in &t.rows {
        let cell = &r.cells[measured];
        assert!(
            cell.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: {cell}",
            r.cells[0]
        );
    }
    let replant = rule_row(t, "低成活率补植");
    assert!(
        replant.cells[measured].contains("台阶2个"),
        "{}",
        replant.cells[measured]
    );
}

fn photo_captions(m: &ReportModel) -> Vec<Vec<String>> {
    m.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Photos(items) => {
                Some(items.iter().map(|i| i.caption.clone()).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .collect()
}

/// 0.1.0's photo log had no position, no record the photo belongs to, and no warning when a
/// photo's time was far from its entry's date.
#[test]
fn the_photo_log_shows_position_record_and_a_date_mismatch() {
    let mut data = demo();
    let m = build_model(&data, &head(), &opts(Lang::Zh)).unwrap();
    let captions = photo_captions(&m);
    let first = captions
        .iter()
        .find(|c| c.iter().any(|l| l.contains("12号坡面")))
        .expect("the 12号坡面 photo");
    assert!(
        first
            .iter()
            .any(|l| l == "坐标：北纬37.856200°，东经113.583100°"),
        "{first:?}"
    );
    assert!(
        first
            .iter()
            .any(|l| l == "记录：后期管护记录 2023-04-18 补植 12号坡面"),
        "{first:?}"
    );
    assert!(!first.iter().any(|l| l.starts_with("注意")), "{first:?}");
    // The same photo, dated a month after its entry.
    let photo = data
        .photos
        .iter_mut()
        .find(|p| p.place == "12号坡面")
        .unwrap();
    photo.taken_at = Some(Stamp::parse("2023-05-18T10:20:00+08:00").unwrap());
    let m = build_model(&data, &head(), &opts(Lang::Zh)).unwrap();
    let moved = photo_captions(&m)
        .into_iter()
        .find(|c| c.iter().any(|l| l.contains("12号坡面")))
        .unwrap();
    assert!(
        moved.iter().any(|l| l == "注意：拍摄于记录日期之后30天"),
        "{moved:?}"
    );
}
