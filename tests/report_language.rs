//! One language per report (issue 10): the Chinese report has no English words and no internal
//! codes; the English report has no Chinese category values. Read back with poppler's pdftotext.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn print(ledger: &Path, out: &Path, extra: &[&str]) {
    print_report(ledger, out, extra)
}

fn text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// Latin words a Chinese report may carry: units, standard codes, names of hashes and keys, the
/// command that checks it, and what the demo's records hold (point names, photo files).
const ALLOWED: &[&str] = &[
    "ppm",
    "CO",
    "GB",
    "TD",
    "HJ",
    "DZ",
    "SHA",
    "Ed",
    "restoration",
    "ledger",
    "verify",
    "report",
    "pdf",
    "jpg",
    "photo",
    "ac",
    // The demo's species as the department wrote them: 紫穗槐 Amorpha fruticosa, 苜蓿 alfalfa.
    "Amorpha",
    "fruticosa",
    "alfalfa",
];

/// 0.1.0's Chinese report printed rule sources in English ("case reports"), strength codes
/// "(found)/(weak)", findings such as "#21 0.8 m" and "§6.2", and bare values "2" and "1/1".
#[test]
fn the_chinese_report_has_no_english_words_and_no_internal_codes() {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("zh.pdf");
    print(&demo.path, &pdf, &["--to", "2023-12-31"]);
    let all = text(&pdf);
    let mut english = Vec::new();
    for word in all.split(|c: char| !c.is_ascii_alphabetic()) {
        // Single letters are units and names (m, T2, revision A); hex runs are fingerprints.
        if word.len() < 2 || ALLOWED.contains(&word) {
            continue;
        }
        let hex = word.bytes().all(|b| b.is_ascii_hexdigit());
        if hex {
            continue;
        }
        english.push(word.to_string());
    }
    english.sort();
    english.dedup();
    assert!(
        english.is_empty(),
        "English in the Chinese report: {english:?}"
    );
    for code in ["#2", "#1", "§", "(found)", "(weak)", "pcs", "1/1"] {
        assert!(!all.contains(code), "{code} in the Chinese report");
    }
    // Chinese terms: 补植 is seedlings, 补种 grass seed; a patrol counts 次.
    assert!(all.contains("乔灌木栽植"));
    assert!(!all.contains("植树种灌") && !all.contains("<85%补种"));
    assert!(all.contains("1 次"), "a fire patrol counts 次");
    // A 截水沟 repair is 截排水沟修复 (now on one line: the kind column fits its longest kind).
    assert!(all.contains("截排水沟修复"));
    assert_eq!(
        all.matches("排水沟修复").count(),
        all.matches("截排水沟修复").count(),
        "a bare 排水沟修复"
    );
    // Full-width punctuation in Chinese prose.
    assert!(all.contains("目前，矸石山"));
    assert!(
        !all.contains("(自查)"),
        "half-width brackets around Chinese"
    );
    // No half-width punctuation right after a Chinese character anywhere in the report (the
    // demo's records, typed by people, are held to the same rule).
    let chars: Vec<char> = all.chars().collect();
    let half: Vec<String> = chars
        .windows(2)
        .filter(|w| ('\u{4e00}'..='\u{9fff}').contains(&w[0]) && ":;,(".contains(w[1]))
        .map(|w| w.iter().collect())
        .collect();
    assert!(
        half.is_empty(),
        "half-width punctuation after Chinese: {half:?}"
    );
}

/// The cover writes dates as a Chinese reader does.
#[test]
fn the_chinese_cover_dates_read_as_chinese_dates() {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("zh.pdf");
    print(&demo.path, &pdf, &["--to", "2023-12-31"]);
    let all = text(&pdf);
    assert!(
        all.contains("2023年12月31日"),
        "{}",
        &all[..400.min(all.len())]
    );
}

/// 0.1.0's English report printed problem sources, survey methods and sign-off notes in
/// Chinese, and counted patrols in "pcs".
#[test]
fn the_english_report_translates_category_values() {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("en.pdf");
    print(&demo.path, &pdf, &["--lang", "en", "--to", "2023-12-31"]);
    // Without line breaks and spaces: a cell wraps its words.
    let all: String = text(&pdf).chars().filter(|c| !c.is_whitespace()).collect();
    for zh in [
        "(自查)",
        "(周例会)",
        "(监理检查)",
        "样方调查",
        "年度台账汇总",
    ] {
        assert!(!all.contains(zh), "{zh} in the English report");
    }
    for en in [
        "self-inspection",
        "weekly progress meeting",
        "quadrat survey",
        "annual ledger summary",
        "1 time",
    ] {
        let en: String = en.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(all.contains(&en), "{en} missing from the English report");
    }
    assert!(!all.contains("1pcs"), "the patrol is not counted in pcs");
    // One patrol is "1 time" (issue 26 case 11).
    assert!(!all.contains("1times"), "1 times in the English report");
}

/// The rules seeded by 0.1.0 carry English sources and notes: a Chinese report of that ledger
/// prints them translated.
#[test]
fn rule_sources_stored_by_0_1_0_print_in_chinese() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1.0");
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("v010-demo.ledger");
    std::fs::copy(fixtures.join("v010-demo.ledger"), &ledger).unwrap();
    let pdf = dir.path().join("zh.pdf");
    print(&ledger, &pdf, &[]);
    let all: String = text(&pdf).chars().filter(|c| !c.is_whitespace()).collect();
    for en in ["casereports", "forestrypractice", "(found)", "green-mine"] {
        assert!(
            !all.contains(en),
            "{en} in the Chinese report of a 0.1.0 ledger"
        );
    }
    // "第6.2条" (not "§6.2"); its cell may break after 第.
    assert!(all.contains("案例报道") && all.contains("6.2条") && !all.contains("§"));
}
