//! `verify` and `verify --report` speak the report's language and name records as a person does
//! (issue 10, "Compliance report 2.0"). 0.1.0 and 0.2 printed, in English only, "CHANGED:
//! aftercare 105dfb80-…: differs from its audited state in quantity", and after a change behind
//! the program's back plus one through it, "1 change(s) since it was printed, listed above. Check
//! them, then print a new report", a report the damaged ledger refuses to print.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::domain::{AftercareEntry, BenchKind, Unit, group_thousands};
use std::path::Path;

fn verify(ledger: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["verify", ledger.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = cli_str(&args);
    assert_no_panic(&o, "verify");
    o
}

fn all(o: &std::process::Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// The first after-care entry on a bench with a quantity in plants: its id, how a person names
/// its bench ("12号坡面"), its date, and its quantity in 株 (a whole number).
struct Entry {
    id: String,
    bench_zh: String,
    bench_en: String,
    date: String,
    plants: i64,
}

fn replanting(ledger: &Path) -> Entry {
    let s = open_ro(ledger);
    let data = s.load().unwrap();
    let e: AftercareEntry = data
        .aftercare
        .iter()
        .find(|e| e.bench_id.is_some() && e.unit == Unit::Plants && e.quantity.is_some())
        .cloned()
        .expect("the demo has a replanting on a bench");
    let b = data.bench(e.bench_id.unwrap()).unwrap();
    let (zh, en) = match b.kind {
        BenchKind::SlopeFace => ("坡面", "slope face"),
        BenchKind::Berm => ("马道", "berm"),
        BenchKind::Platform => ("平台", "platform"),
    };
    let q = e.quantity.unwrap().0;
    assert_eq!(q % 1000, 0, "a whole number of plants");
    Entry {
        id: e.meta.id.to_string(),
        bench_zh: format!("{}号{zh}", b.number),
        bench_en: format!("{en} {}", b.number),
        date: e.date.to_string(),
        plants: q / 1000,
    }
}

/// Adds one plant to the entry with raw SQL (behind the program's back).
fn add_one_plant(ledger: &Path, id: &str) {
    let n = raw(ledger)
        .execute(
            "UPDATE aftercare SET quantity = quantity + 1000 WHERE id = ?1",
            [id],
        )
        .unwrap();
    assert_eq!(n, 1);
}

/// Latin words in `text` other than hex runs (fingerprints, key ids) and `allowed`.
fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !allowed.contains(w))
        .filter(|w| !w.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Whether `text` holds a UUID (8-4-4-4-12 hex digits).
fn has_uuid(text: &str) -> bool {
    text.as_bytes().windows(36).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
    })
}

#[test]
fn chinese_verify_names_the_bench_and_date_and_shows_old_and_new_in_plants() {
    let demo = demo_ledger();
    let e = replanting(&demo.path);
    add_one_plant(&demo.path, &e.id);
    let o = verify(&demo.path, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", all(&o));
    let out = all(&o);
    let line = stdout(&o)
        .lines()
        .find(|l| l.contains("在程序之外被改动"))
        .unwrap_or_else(|| panic!("no changed record named:\n{out}"))
        .to_string();
    assert!(
        line.contains(&format!("{} {} 的管护记录", e.bench_zh, e.date)),
        "{line}"
    );
    let (old, new) = (
        group_thousands(i128::from(e.plants)),
        group_thousands(i128::from(e.plants + 1)),
    );
    assert!(
        line.contains(&format!("数量：{old} 株 → {new} 株")),
        "display units, old → new: {line}"
    );
    assert!(!has_uuid(&out), "an id where a name belongs:\n{out}");
    // No English: the ledger's path is the only Latin text.
    let without_path = out.replace(demo.path.to_str().unwrap(), "");
    let english = english_words(&without_path, &[]);
    assert!(english.is_empty(), "English words {english:?} in:\n{out}");
    assert!(
        stderr(&o).contains("台账与其审计记录不符"),
        "{}",
        stderr(&o)
    );
    // The id stays at hand for whoever asks for it.
    let o = verify(&demo.path, &["--ids"]);
    assert!(stdout(&o).contains(&format!("[aftercare {}]", e.id)));
}

#[test]
fn lang_en_gives_english_and_a_deleted_record_is_named_from_its_audited_state() {
    let demo = demo_ledger();
    let e = replanting(&demo.path);
    add_one_plant(&demo.path, &e.id);
    let o = verify(&demo.path, &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("after-care entry of {} on {}", e.date, e.bench_en)),
        "{out}"
    );
    let (old, new) = (
        group_thousands(i128::from(e.plants)),
        group_thousands(i128::from(e.plants + 1)),
    );
    assert!(
        out.contains(&format!("quantity: {old} plants → {new} plants")),
        "{out}"
    );
    assert!(
        !all(&o).contains("台账") && !all(&o).contains("数量"),
        "{}",
        all(&o)
    );
    assert!(stderr(&o).contains("does not match its audit trail"));
    assert!(!has_uuid(&all(&o)), "{}", all(&o));

    // Deleted behind the program's back: named as the audit trail last saw it.
    raw(&demo.path)
        .execute("DELETE FROM aftercare WHERE id = ?1", [&e.id])
        .unwrap();
    let o = verify(&demo.path, &[]);
    assert_eq!(o.status.code(), Some(1));
    let line = stdout(&o)
        .lines()
        .find(|l| l.contains("在程序之外被删除"))
        .unwrap_or_else(|| panic!("{}", all(&o)))
        .to_string();
    assert!(
        line.contains(&format!("{} {} 的管护记录", e.bench_zh, e.date)),
        "{line}"
    );
}

#[test]
fn verify_report_answers_in_the_reports_language() {
    let demo = demo_ledger();
    let zh = demo.dir.path().join("zh.pdf");
    let en = demo.dir.path().join("en.pdf");
    print_report(&demo.path, &zh, &[]);
    print_report(&demo.path, &en, &["--lang", "en"]);
    let o = verify(&demo.path, &["--report", zh.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", all(&o));
    assert!(stdout(&o).contains("通过：台账仍与报告相符"), "{}", all(&o));
    let o = verify(&demo.path, &["--report", en.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", all(&o));
    assert!(stdout(&o).contains("OK: the ledger still matches the report."));
    // --lang overrides the report's own.
    let o = verify(
        &demo.path,
        &["--report", zh.to_str().unwrap(), "--lang", "en"],
    );
    assert!(stdout(&o).contains("OK: the ledger still matches the report."));

    let e = replanting(&demo.path);
    add_one_plant(&demo.path, &e.id);
    let o = verify(&demo.path, &["--report", zh.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", all(&o));
    let out = all(&o);
    assert!(
        out.contains(&format!("{} {} 的管护记录", e.bench_zh, e.date)),
        "{out}"
    );
    assert!(!has_uuid(&out), "{out}");
    let without_paths = out
        .replace(demo.path.to_str().unwrap(), "")
        .replace(zh.to_str().unwrap(), "");
    let english = english_words(&without_paths, &[]);
    assert!(english.is_empty(), "English words {english:?} in:\n{out}");
}

/// A change behind the program's back and one through it after the report: the answer names
/// both, says the ledger must be restored, and never advises printing a report the ledger would
/// refuse to print. A change through the program alone advises a new report, which then prints.
#[test]
fn verify_report_never_contradicts_itself() {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("r.pdf");
    print_report(&demo.path, &pdf, &[]);
    // Through the program: a problem's owner corrected.
    {
        let mut s = open_rw(&demo.path);
        let mut p = s
            .list::<restoration_ledger::domain::Problem>()
            .unwrap()
            .remove(0);
        p.owner = "施工单位甲".into();
        s.write(OPERATOR, |w| w.update(&p, "更正责任单位")).unwrap();
    }
    let o = verify(&demo.path, &["--report", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", all(&o));
    let out = all(&o);
    assert!(
        out.contains("报告之后的改动") && out.contains("更正责任单位"),
        "{out}"
    );
    assert!(out.contains("施工单位甲"), "old → new of the change: {out}");
    assert!(out.contains("请打印一份新报告"), "{out}");
    let again = demo.dir.path().join("again.pdf");
    let r = cli_str(&[
        "report",
        demo.path.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "the advised report prints: {}", all(&r));

    // And behind its back.
    let e = replanting(&demo.path);
    add_one_plant(&demo.path, &e.id);
    for lang in ["zh", "en"] {
        let o = verify(
            &demo.path,
            &["--report", pdf.to_str().unwrap(), "--lang", lang],
        );
        assert_eq!(o.status.code(), Some(1), "{}", all(&o));
        let out = all(&o);
        for never in [
            "0 change(s)",
            "print a new report",
            "打印一份新报告",
            "listed above. Check them",
            "run `verify` without --report",
        ] {
            assert!(!out.contains(never), "{lang}: {never:?} in:\n{out}");
        }
        // What is listed: the change through the program and the one behind its back.
        let listed = stdout(&o)
            .lines()
            .filter(|l| {
                l.starts_with("报告之后的改动") || l.starts_with("异常") || l.starts_with("CHANGED")
            })
            .count();
        assert_eq!(listed, 2, "{out}");
        assert!(
            out.contains("备份恢复台账") || out.contains("Restore"),
            "{lang}: one next step, restoring: {out}"
        );
        // One next step only, on the error stream.
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    }
    let r = cli_str(&[
        "report",
        demo.path.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        r.status.code(),
        Some(2),
        "the damaged ledger prints no report"
    );
}

/// Pins the bug found in issue 10: an old audit entry edited with raw SQL (no record changed)
/// left the report's fingerprint matching, and `verify --report` said OK (exit 0) while plain
/// `verify` reported the damage. An auditor checking a report must learn that the ledger behind
/// it is damaged: one conclusion, one next step (restore the ledger), in either language.
#[test]
fn verify_report_says_the_ledger_is_damaged_when_only_its_audit_trail_was_edited() {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("r.pdf");
    print_report(&demo.path, &pdf, &[]);
    let o = verify(&demo.path, &["--report", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", all(&o));
    let n = raw(&demo.path)
        .execute("UPDATE audit_log SET reason = '补录' WHERE seq = 5", [])
        .unwrap();
    assert_eq!(n, 1);
    let plain = verify(&demo.path, &[]);
    assert_eq!(plain.status.code(), Some(1), "{}", all(&plain));
    for (lang, damaged, restore, never) in [
        ("zh", "台账已损坏", "备份恢复台账", "通过："),
        ("en", "LEDGER DAMAGED", "Restore from a backup", "OK:"),
    ] {
        let o = verify(
            &demo.path,
            &["--report", pdf.to_str().unwrap(), "--lang", lang],
        );
        assert_eq!(o.status.code(), Some(1), "{lang}: {}", all(&o));
        let out = all(&o);
        assert!(stdout(&o).contains(damaged), "{lang}: {out}");
        assert!(!stdout(&o).contains(never), "{lang}: {out}");
        // The damaged entry is named, and the one next step is restoring the ledger.
        assert!(out.contains("#5"), "{lang}: {out}");
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
        assert!(stderr(&o).contains(restore), "{lang}: {out}");
        assert!(
            stderr(&o).contains(demo.path.to_str().unwrap()),
            "{lang}: the ledger's path last: {out}"
        );
        for never in ["print a new report", "打印一份新报告"] {
            assert!(!out.contains(never), "{lang}: {never:?} in:\n{out}");
        }
    }
    // In Chinese, nothing but the paths is Latin text.
    let o = verify(&demo.path, &["--report", pdf.to_str().unwrap()]);
    let out = all(&o)
        .replace(demo.path.to_str().unwrap(), "")
        .replace(pdf.to_str().unwrap(), "");
    let english = english_words(&out, &[]);
    assert!(english.is_empty(), "English words {english:?} in:\n{out}");
}

/// Issue 10: `verify --report` on a file it cannot check (not a PDF, a PDF cut off, a PDF with
/// no fingerprint) or with a ledger that is not there stopped with English behind `error:`
/// whatever `--lang` said. It follows `--lang`, else the default (Chinese), as the rest of
/// verify's output does; the exit code stays 2.
#[test]
fn errors_that_stop_verify_before_checking_speak_its_language() {
    let demo = demo_ledger();
    let dir = demo.dir.path();
    let pdf = dir.join("r.pdf");
    print_report(&demo.path, &pdf, &[]);
    let not_pdf = dir.join("笔记.pdf");
    std::fs::write(&not_pdf, "这不是报告").unwrap();
    let cut = dir.join("cut.pdf");
    let whole = std::fs::read(&pdf).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let no_token = dir.join("other.pdf");
    std::fs::write(&no_token, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n").unwrap();
    let ledger = demo.path.to_str().unwrap();
    let missing = dir.join("nowhere.ledger");
    let cases: [(&str, &std::path::Path, &str, &str); 4] = [
        (ledger, &not_pdf, "不是 PDF", "is not a PDF"),
        (ledger, &cut, "不完整", "incomplete"),
        (
            ledger,
            &no_token,
            "没有生态修复台账的指纹",
            "no Restoration Ledger fingerprint",
        ),
        (
            missing.to_str().unwrap(),
            &pdf,
            "台账文件不存在",
            "does not exist",
        ),
    ];
    for (ledger, report, zh, en) in cases {
        let report_path = report.to_str().unwrap();
        for (extra, want) in [
            (&[][..], zh),
            (&["--lang", "zh"][..], zh),
            (&["--lang", "en"][..], en),
        ] {
            let mut args = vec!["--report", report_path];
            args.extend_from_slice(extra);
            let o = verify(Path::new(ledger), &args);
            assert_eq!(o.status.code(), Some(2), "{}", all(&o));
            let err = stderr(&o);
            assert!(err.contains(want), "{extra:?}: {err}");
            if want == zh {
                // Only the paths, "PDF" and the `error:` mark are Latin text.
                let rest = err.replace(report_path, "").replace(ledger, "");
                let english = english_words(&rest, &["error", "PDF", "report", "verify"]);
                assert!(english.is_empty(), "English words {english:?} in:\n{err}");
            }
            // The path the message is about comes last.
            let last = if report == pdf.as_path() {
                ledger
            } else {
                report_path
            };
            assert!(err.trim_end().ends_with(last), "the path last: {err}");
        }
    }
}

/// Issue 25 case 7: `summary` printed English with internal codes (`closed_pile_greened_within_years`,
/// bare `2`, `1/1`) while `verify` spoke Chinese. It speaks the user's language (--lang, else the
/// settings', else Chinese) and words verdicts and values as the report does.
#[test]
fn summary_speaks_the_users_language_without_internal_codes() {
    let demo = demo_ledger();
    let zh = cli_str(&["summary", demo.path.to_str().unwrap()]);
    assert!(zh.status.success(), "{}", stderr(&zh));
    let text = stdout(&zh);
    assert!(
        text.contains("目前，矸石山已形成了23个坡面和马道"),
        "{text}"
    );
    assert!(text.contains("不合格\t终覆土厚度"), "{text}");
    for code in restoration_ledger::domain::RuleKind::ALL {
        assert!(
            !text.contains(code.code()),
            "{} printed: {text}",
            code.code()
        );
    }
    assert!(
        !text.contains("replant") && !text.contains("FAIL"),
        "{text}"
    );
    let en = cli_str(&["summary", demo.path.to_str().unwrap(), "--lang", "en"]);
    let text = stdout(&en);
    assert!(
        text.contains("Fail\tFinal soil cover thickness") || text.contains("Fail\t"),
        "{text}"
    );
    assert!(!text.contains("closed_pile_greened_within_years"), "{text}");
}
