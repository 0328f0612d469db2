//! What an auditor reads first (issue 10): the cover names mine, pile and period and carries a
//! report number, the preparing unit and a seal beside the sign-off; pages 1–2 hold the
//! conclusions and recommendations; the contents' page numbers hold; Chinese headings are
//! numbered 一、/（一）. Read back with poppler's pdftotext.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use restoration_ledger::domain::{Verdict, summary};
use restoration_ledger::i18n::{self, Lang};
use restoration_ledger::report::{ReportOptions, as_of_view};
use std::path::Path;
use std::process::Command;

fn pages(pdf: &Path) -> Vec<String> {
    pdf_pages(pdf)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

const TO: &str = "2023-12-31";

struct Printed {
    demo: Demo,
    pages: Vec<String>,
}

fn printed() -> Printed {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("zh.pdf");
    print_report(&demo.path, &pdf, &["--to", TO]);
    let pages = pages(&pdf);
    Printed { demo, pages }
}

fn to() -> NaiveDate {
    NaiveDate::parse_from_str(TO, "%Y-%m-%d").unwrap()
}

/// 0.1.0's cover said only "矸石山生态修复合规报告": no mine, pile or period in the title, no
/// report number, no preparing unit, no seal.
#[test]
fn the_cover_names_mine_pile_and_period_and_has_a_number_a_unit_and_a_seal() {
    let p = printed();
    let data = open_ro(&p.demo.path).load().unwrap();
    let cover = &p.pages[0];
    let title = cover.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(title.contains(&data.mines[0].name), "{title}");
    assert!(title.contains(&data.piles[0].name), "{title}");
    let flat = squeeze(cover);
    assert!(flat.contains("报告期：自建账起至2023年12月31日"), "{cover}");
    for label in ["报告编号", "编制单位", "编制", "审核", "批准", "（盖章）"] {
        assert!(flat.contains(label), "{label} missing from the cover");
    }
    // The sign-off is of another day than the data: the cover says by how much.
    let signed = data.sign_offs[0].date;
    let days = (to() - signed).num_days();
    assert!(flat.contains(&format!("相差{days}天")), "{cover}");
}

/// 0.1.0 printed what an auditor looks for first on pages 6–7.
#[test]
fn pages_one_and_two_hold_the_conclusions_with_counts_failures_and_overdue_days() {
    let p = printed();
    let data = open_ro(&p.demo.path).load().unwrap();
    let opts = ReportOptions::new(Lang::Zh, None, Some(to()));
    let view = as_of_view(&data, &opts);
    let s = summary::summarize(&view, to());
    let count = |v: Verdict| s.rules.iter().filter(|r| r.verdict == v).count();
    let first_two = squeeze(&format!("{}{}", p.pages[0], p.pages[1]));
    assert!(first_two.contains("一、结论"));
    assert!(first_two.contains(&format!(
        "合格{}项，不合格{}项，待定{}项",
        count(Verdict::Pass),
        count(Verdict::Fail),
        count(Verdict::Pending)
    )));
    assert!(count(Verdict::Fail) > 0, "the demo has failed rules");
    for r in s.rules.iter().filter(|r| r.verdict == Verdict::Fail) {
        let name = i18n::rule_kind(Lang::Zh, r.kind);
        assert!(
            first_two.contains(name),
            "failed rule {name} not in the conclusions"
        );
    }
    let overdue: Vec<_> = view
        .problems
        .iter()
        .filter(|p| p.is_overdue(to()))
        .collect();
    assert!(!overdue.is_empty());
    for pr in overdue {
        let days = (to() - pr.deadline).num_days();
        assert!(
            first_two.contains(&format!("已逾期{days}天")),
            "{}: {days} days overdue",
            pr.description
        );
    }
    assert!(first_two.contains("二、整改建议"));
    assert!(first_two.contains("从未调查成活率的台阶"));
    assert!(first_two.contains("待审核的管护记录"));
}

/// Every entry of the contents names the page its heading is on, and every page reference in
/// the conclusions points at the page of the section it names.
#[test]
fn the_contents_and_the_page_references_point_at_the_right_pages() {
    let p = printed();
    let toc_page = p
        .pages
        .iter()
        .position(|pg| pg.lines().any(|l| l.trim() == "目录"))
        .expect("a contents page");
    assert!(toc_page <= 2, "the contents follow the conclusions");
    let mut entries = 0;
    for line in p.pages[toc_page].lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(title), Some(page)) = (words.first(), words.last()) else {
            continue;
        };
        let Ok(page) = page.parse::<usize>() else {
            continue;
        };
        if words.len() != 2 || !(title.contains('、') || title.starts_with('（')) {
            continue;
        }
        entries += 1;
        let on_page = p.pages[page - 1].lines().any(|l| l.trim() == *title);
        assert!(on_page, "{title} is not on page {page}");
    }
    assert!(entries >= 10, "{entries} contents entries");
    // The conclusions send the reader to the compliance checks: that page has the section.
    let rules_page = p
        .pages
        .iter()
        .position(|pg| pg.lines().any(|l| l.trim() == "六、合规指标检查"))
        .unwrap()
        + 1;
    assert!(squeeze(&p.pages[1]).contains(&format!("详见第{rules_page}页")));
}

/// Chinese headings are numbered the Chinese way, never "4.1".
#[test]
fn chinese_headings_are_numbered_the_chinese_way() {
    let p = printed();
    let all = p.pages.join("\n");
    let headings: Vec<&str> = all
        .lines()
        .map(str::trim)
        .filter(|l| {
            ["一、", "五、", "十、", "十一、", "（一）", "（二）"]
                .iter()
                .any(|h| l.starts_with(h))
        })
        .collect();
    assert!(headings.len() >= 8, "{headings:?}");
    for old in ["4.1 总体", "6.2 自燃监测", "5 合规指标检查", "10 签署"] {
        assert!(!all.contains(old), "{old}");
    }
}

/// The last page carries a QR code of the fingerprint and the signing key's id; decoded from
/// the rendered page by zbarimg (zbar-tools), as a phone would read the paper.
#[test]
fn the_qr_code_on_the_last_page_decodes_to_the_fingerprint_and_key_id() {
    use restoration_ledger::report::{ReportSignature, ReportToken, qr_payload};
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("zh.pdf");
    print_report(&demo.path, &pdf, &[]);
    let n = pages(&pdf).len();
    let decoded = qr_codes_on(&pdf, n, 150);
    let bytes = bytes(&pdf);
    let token = ReportToken::find_in_pdf(&bytes).unwrap();
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let keywords = String::from_utf8_lossy(&info.stdout).to_string();
    let signature = ReportSignature::find_in(&keywords);
    assert!(!decoded.is_empty());
    for code in &decoded {
        assert_eq!(code, &qr_payload(&token, signature.as_ref()));
    }
    assert!(decoded[0].contains(&token.fingerprint));
    // Every page's footer carries the same code, small: any single page can be checked.
    for page in [1, 2, n / 2 + 1] {
        let codes = qr_codes_on(&pdf, page, 300);
        assert!(
            codes.contains(&qr_payload(&token, signature.as_ref())),
            "page {page}: {codes:?}"
        );
    }
}

/// The QR codes zbarimg reads on page `page` of `pdf` rendered at `dpi`.
fn qr_codes_on(pdf: &Path, page: usize, dpi: u32) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("page");
    let o = Command::new("pdftoppm")
        .args(["-png", "-r", &dpi.to_string(), "-f", &page.to_string()])
        .args(["-l", &page.to_string()])
        .arg(pdf)
        .arg(&png)
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(o.status.success());
    let page = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("the rendered page");
    let o = Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&page)
        .output()
        .expect("zbarimg (zbar-tools) must be installed");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_period_report_compares_this_period_with_the_one_before_and_the_cumulative_total() {
    use restoration_ledger::domain::{Milli, WorkKind, WorkPhase};
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("period.pdf");
    print_report(&demo.path, &pdf, &["--from", "2023-01-01", "--to", TO]);
    let text = pages(&pdf).concat();
    let data = open_ro(&demo.path).load().unwrap();
    let completed = |kind: WorkKind, from: &str, to: &str| {
        let (from, to) = (
            NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap(),
            NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap(),
        );
        data.works
            .iter()
            .filter(|w| w.kind == kind && w.phase == WorkPhase::Completed)
            .filter(|w| w.date >= from && w.date <= to)
            .map(|w| w.quantity.0)
            .sum::<i64>()
    };
    let fmt = |m: i64| restoration_ledger::domain::format_milli(Milli(m).0, 3);
    // Table 4.1: 本期 (2023), 上期 (2022, the same length before), 累计 (to the end of 2023).
    let header = text
        .lines()
        .find(|l| l.contains("设计量") && l.contains("单位"))
        .expect("table 4.1");
    let words: Vec<&str> = header.split_whitespace().collect();
    assert!(
        words.windows(3).any(|w| w == ["本期", "上期", "累计"]),
        "{header}"
    );
    let this = completed(WorkKind::FlatAreaLeveling, "2023-01-01", TO);
    let before = completed(WorkKind::FlatAreaLeveling, "2022-01-01", "2022-12-31");
    let total = completed(WorkKind::FlatAreaLeveling, "1900-01-01", TO);
    assert!(this > 0 && before > 0, "the demo levels in both years");
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("平面积平整"))
        .unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert!(
        cells.windows(3).any(|w| w
            == [
                fmt(this).as_str(),
                fmt(before).as_str(),
                fmt(total).as_str()
            ]),
        "{row}: expected {} / {} / {}",
        fmt(this),
        fmt(before),
        fmt(total)
    );
    // The after-care section compares by kind, too.
    assert!(text.contains("本期与上期对比"));
    assert!(text.contains("本期条数") && text.contains("上期条数") && text.contains("累计条数"));
    // Without --from there is no period to compare: cumulative figures only.
    let whole = demo.dir.path().join("whole.pdf");
    print_report(&demo.path, &whole, &["--to", TO]);
    let text = pages(&whole).concat();
    assert!(!text.contains("上期"));
}

#[test]
fn the_monitoring_charts_label_their_axes_and_keep_degrees_and_ppm_apart() {
    let p = printed();
    let text = p.pages.concat();
    // Temperature and CO each have their own chart and axis, with the unit on it.
    assert!(text.contains("表面温度趋势（°C）") && text.contains("温度（°C）"));
    assert!(text.contains("一氧化碳浓度趋势（ppm）") && text.contains("CO（ppm）"));
    assert!(
        text.contains("预警阈值 24 ppm"),
        "the CO rule's threshold on its chart"
    );
    assert!(
        text.matches("年份").count() >= 3,
        "each chart's x axis says it counts years"
    );
    // The cumulative works charts name their quantity and unit on the axis.
    assert!(text.contains("覆土（立方米）") && text.contains("绿化（平方米）"));
}

#[test]
fn no_heading_is_left_at_the_foot_of_a_page() {
    let demo = demo_ledger();
    for (name, extra) in [("all.pdf", vec![]), ("to.pdf", vec!["--to", TO])] {
        let pdf = demo.dir.path().join(name);
        print_report(&demo.path, &pdf, &extra);
        for (i, page) in pages(&pdf).iter().enumerate() {
            // The last line above the footer (the footer names the page).
            let last = page
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty() && !l.contains("页 共"))
                .unwrap_or_default();
            let numeral = |c: Option<char>| c.is_some_and(|c| "一二三四五六七八九十".contains(c));
            let mut cs = last.chars();
            let heading = match (cs.next(), cs.next(), cs.next()) {
                (first, Some('、'), _) => numeral(first),
                (Some('（'), second, Some('）')) => numeral(second),
                _ => false,
            };
            assert!(
                !heading,
                "{name} page {}: ends with the heading {last:?}",
                i + 1
            );
        }
    }
}
