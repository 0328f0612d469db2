//! Hardening of the printed report: bad `report` input, `verify --report` against reports that do
//! not match, and record content the report must render or refuse by name. Every case checks the
//! exit status, the message, that nothing panicked, and which files the folder holds afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use common::*;
use restoration_ledger::domain::{
    AftercareEntry, Mine, MonitoringPoint, Photo, Pile, Problem, Rule, SignOff,
};

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn report(ledger: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["report", s(ledger), "--out", s(out)];
    args.extend_from_slice(extra);
    cli_str(&args)
}

fn verify(ledger: &Path, pdf: &Path) -> Output {
    cli_str(&["verify", s(ledger), "--report", s(pdf), "--lang", "en"])
}

/// A refusal: exit 2, no panic, a message naming `needle` (a path or a value).
fn refused(o: &Output, what: &str, needles: &[&str]) {
    assert_no_panic(o, what);
    assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(o));
    let err = stderr(o);
    for n in needles {
        assert!(err.contains(n), "{what}: message lacks {n:?}: {err}");
    }
}

/// No PDF, and no temporary file, is left in the folder.
fn no_pdf_left(dir: &Path, before: &BTreeSet<String>, what: &str) {
    let now = files_in(dir);
    let added: Vec<_> = now
        .difference(before)
        .filter(|f| !f.ends_with("-wal") && !f.ends_with("-shm"))
        .collect();
    assert!(added.is_empty(), "{what}: left behind {added:?}");
}

#[test]
fn report_bad_arguments_are_refused_with_a_message_and_write_nothing() {
    let d = demo_ledger();
    let dir = d.dir.path();
    let out = dir.join("r.pdf");
    let before = files_in(dir);
    let cases: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
        (
            "from after to",
            vec!["--from", "2023-05-01", "--to", "2023-01-01"],
            vec!["2023-05-01", "2023-01-01", "交换"],
        ),
        (
            "impossible from",
            vec!["--from", "2023-02-30"],
            vec!["2023-02-30"],
        ),
        (
            "impossible to",
            vec!["--to", "2023-13-01"],
            vec!["2023-13-01"],
        ),
        ("not a date", vec!["--to", "yesterday"], vec!["yesterday"]),
        (
            "unknown language",
            vec!["--lang", "xx"],
            vec!["xx", "zh or en"],
        ),
    ];
    for (what, extra, needles) in &cases {
        let o = report(&d.path, &out, extra);
        refused(&o, what, needles);
        no_pdf_left(dir, &before, what);
    }
    assert_eq!(cases.len(), 5);
}

/// Bug pinned: `report --out missing/r.pdf` built the whole report first and then printed the OS
/// error twice ("... (No such file or directory) ...: path: No such file or directory").
#[test]
fn report_into_a_missing_folder_names_the_folder_once_and_writes_nothing() {
    let d = demo_ledger();
    let dir = d.dir.path();
    let before = files_in(dir);
    let out = dir.join("no-such-folder").join("r.pdf");
    let o = report(&d.path, &out, &[]);
    refused(&o, "missing folder", &["no-such-folder", "folder"]);
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    assert!(!dir.join("no-such-folder").exists());
    no_pdf_left(dir, &before, "missing folder");
    // Any error quoting its OS cause says it once (export shares the same printing).
    let json = dir.join("no-such-folder").join("e.json");
    let o = cli_str(&["export", s(&d.path), "--out", s(&json)]);
    refused(&o, "export into a missing folder", &["no-such-folder"]);
    assert_eq!(
        stderr(&o).matches("os error 2").count(),
        1,
        "the OS error is said once: {}",
        stderr(&o)
    );
}

#[test]
fn report_never_overwrites_the_ledger_its_companions_or_a_non_pdf() {
    let d = demo_ledger();
    let dir = d.dir.path();
    let wal = dir.join("demo.ledger-wal");
    let shm = dir.join("demo.ledger-shm");
    let before = bytes(&d.path);
    let head = state(&d.path);
    // The ledger by other spellings, and its WAL companions (present or not).
    let dotted = dir.join(".").join("demo.ledger");
    for (what, target) in [
        ("the ledger", d.path.clone()),
        ("the ledger via ./", dotted),
        ("its -wal", wal.clone()),
        ("its -shm", shm.clone()),
    ] {
        let o = report(&d.path, &target, &[]);
        refused(&o, what, &["会覆盖打印它的台账", "demo.ledger"]);
        assert_eq!(
            bytes(&d.path),
            before,
            "{what}: the ledger is byte-identical"
        );
        assert_eq!(state(&d.path), head, "{what}");
        if target.exists() && target != d.path {
            assert_ne!(&bytes(&target)[..4.min(bytes(&target).len())], b"%PDF");
        }
    }
    // A symbolic link to the ledger is the ledger too.
    #[cfg(unix)]
    {
        let link = dir.join("link.pdf");
        std::os::unix::fs::symlink(&d.path, &link).unwrap();
        let o = report(&d.path, &link, &[]);
        refused(&o, "symlink to the ledger", &["会覆盖打印它的台账"]);
        assert_eq!(bytes(&d.path), before);
    }
    // Existing files that are not PDFs: left alone, byte for byte.
    let existing = [
        ("notes.txt", b"meeting notes".to_vec()),
        ("empty.pdf", Vec::new()),
        ("fake.pdf", b"PK\x03\x04 a zip".to_vec()),
    ];
    for (name, content) in &existing {
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        let o = report(&d.path, &p, &[]);
        refused(&o, name, &["不是 PDF", name]);
        assert_eq!(&bytes(&p), content, "{name} untouched");
    }
    // A folder named like the report.
    let folder = dir.join("folder.pdf");
    std::fs::create_dir(&folder).unwrap();
    let o = report(&d.path, &folder, &[]);
    refused(&o, "a folder", &["folder.pdf", "这是一个文件夹"]);
    assert!(folder.is_dir());
    assert_eq!(bytes(&d.path), before);
}

#[test]
fn report_of_a_file_that_is_not_a_usable_ledger_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let garbage = dir.join("garbage.ledger");
    std::fs::write(&garbage, b"this is not a database at all, just some text").unwrap();
    let empty = dir.join("empty.ledger");
    std::fs::write(&empty, b"").unwrap();
    let newer = {
        let d = empty_ledger();
        let p = dir.join("newer.ledger");
        std::fs::copy(&d.path, &p).unwrap();
        raw(&p).pragma_update(None, "user_version", 999).unwrap();
        p
    };
    let damaged = {
        let d = demo_ledger();
        let p = dir.join("damaged.ledger");
        let mut b = bytes(&d.path);
        let len = b.len();
        for x in &mut b[4096..len.min(4096 * 40)] {
            *x ^= 0x5a;
        }
        std::fs::write(&p, b).unwrap();
        p
    };
    let truncated = {
        let d = demo_ledger();
        let p = dir.join("truncated.ledger");
        let b = bytes(&d.path);
        std::fs::write(&p, &b[..b.len() / 3]).unwrap();
        p
    };
    let plain_sqlite = {
        let p = dir.join("other.sqlite");
        raw(&p)
            .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        p
    };
    let missing = dir.join("missing.ledger");
    let cases = [
        ("garbage", &garbage),
        ("empty file", &empty),
        ("newer version", &newer),
        ("damaged", &damaged),
        ("truncated", &truncated),
        ("a plain SQLite file", &plain_sqlite),
        ("missing", &missing),
    ];
    for (what, ledger) in cases {
        let before_bytes = std::fs::read(ledger).ok();
        let before = files_in(dir);
        let out = dir.join(format!("{what}.pdf"));
        let o = report(ledger, &out, &[]);
        let name = ledger.file_name().unwrap().to_str().unwrap();
        refused(&o, what, &[name]);
        assert!(!out.exists(), "{what}: no report");
        no_pdf_left(dir, &before, what);
        assert_eq!(
            std::fs::read(ledger).ok(),
            before_bytes,
            "{what}: untouched"
        );
    }
    assert_eq!(cases.len(), 7);
}

#[test]
fn a_fresh_ledger_without_records_prints_a_valid_report_with_pending_rules() {
    let d = empty_ledger();
    let out = d.dir.path().join("empty.pdf");
    for lang in ["zh", "en"] {
        let o = report(&d.path, &out, &["--lang", lang]);
        assert_no_panic(&o, lang);
        assert!(o.status.success(), "{lang}: {}", stderr(&o));
        assert!(bytes(&out).starts_with(b"%PDF-"));
        let o = verify(&d.path, &out);
        assert!(o.status.success(), "{lang}: {}", stdout(&o));
    }
    let o = std::process::Command::new("pdftotext")
        .args(["-layout", s(&out), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Pending"), "{text}");
    assert!(
        !text.contains("Pass"),
        "no rule passes without data: {text}"
    );
}

// ---- verify --report ------------------------------------------------------------------------

fn printed(d: &Demo, name: &str) -> std::path::PathBuf {
    let out = d.dir.path().join(name);
    let o = report(&d.path, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn verify_report_answers_every_bad_pdf_clearly_and_never_panics() {
    let d = demo_ledger();
    let dir = d.dir.path();
    let pdf = printed(&d, "r.pdf");
    let good = bytes(&pdf);
    let at = good
        .windows(13)
        .position(|w| w == b"RLREPORT1;fp=")
        .unwrap()
        + 13;

    let write = |name: &str, b: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, b).unwrap();
        p
    };
    let no_token = write(
        "plain.pdf",
        b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    );
    let not_pdf = write("notes.pdf", b"just some notes");
    let empty = write("empty.pdf", b"");
    let truncated_head = write("trunc-head.pdf", &good[..good.len() / 4]);
    let truncated_tail = write("trunc-tail.pdf", &good[..at + 200]);
    let mut fp_edited = good.clone();
    fp_edited[at] = if fp_edited[at] == b'0' { b'1' } else { b'0' };
    let fp_edited = write("fp-edited.pdf", &fp_edited);
    let mut fp_broken = good.clone();
    fp_broken[at] = b'Z';
    let fp_broken = write("fp-broken.pdf", &fp_broken);
    let mut seq_edited = good.clone();
    let seq_at = at + 64 + ";seq=".len();
    seq_edited[seq_at] = if seq_edited[seq_at] == b'1' {
        b'2'
    } else {
        b'1'
    };
    let seq_edited = write("seq-edited.pdf", &seq_edited);

    let mut resaved = good.clone();
    resaved.extend_from_slice(b"\n9 0 obj\n<< /Title (edited) >>\nendobj\nstartxref\n0\n%%EOF\n");
    let resaved = write("resaved.pdf", &resaved);
    let producer = good
        .windows(14)
        .position(|w| w == b"/Producer<FEFF")
        .unwrap()
        + 14;
    let mut other_producer = good.clone();
    other_producer[producer + 3] = if other_producer[producer + 3] == b'1' {
        b'2'
    } else {
        b'1'
    };
    let other_producer = write("other-producer.pdf", &other_producer);
    let gone = dir.join("gone.pdf");
    let before = bytes(&d.path);
    let head = state(&d.path);
    // (what, file, exit code, words the answer must contain)
    let cases: Vec<(&str, &Path, i32, Vec<&str>)> = vec![
        (
            "no token",
            &no_token,
            2,
            vec!["no Restoration Ledger fingerprint", "plain.pdf"],
        ),
        ("not a PDF", &not_pdf, 2, vec!["not a PDF", "notes.pdf"]),
        ("empty", &empty, 2, vec!["not a PDF", "empty.pdf"]),
        (
            "truncated",
            &truncated_head,
            2,
            vec!["incomplete", "trunc-head.pdf"],
        ),
        (
            "truncated after the token",
            &truncated_tail,
            2,
            vec!["incomplete", "trunc-tail.pdf"],
        ),
        (
            "fingerprint edited",
            &fp_edited,
            1,
            vec!["edited", "fp-edited.pdf"],
        ),
        (
            "fingerprint broken",
            &fp_broken,
            2,
            vec!["damaged or was edited", "fp-broken.pdf"],
        ),
        ("audit entry edited", &seq_edited, 1, vec!["seq-edited.pdf"]),
        ("missing", &gone, 2, vec!["gone.pdf"]),
        (
            "saved again (incremental update)",
            &resaved,
            2,
            vec!["changed after it was printed", "resaved.pdf"],
        ),
        (
            "saved by another program",
            &other_producer,
            2,
            vec!["changed after it was printed", "other-producer.pdf"],
        ),
        (
            "the ledger itself",
            &d.path,
            2,
            vec!["not a PDF", "demo.ledger"],
        ),
    ];
    for (what, file, code, needles) in &cases {
        let o = verify(&d.path, file);
        assert_no_panic(&o, what);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(*code), "{what}: {all}");
        assert!(
            !all.contains("OK: the ledger still matches"),
            "{what}: {all}"
        );
        for n in needles {
            assert!(all.contains(n), "{what}: answer lacks {n:?}: {all}");
        }
        assert_eq!(bytes(&d.path), before, "{what}: verify never writes");
        assert_eq!(state(&d.path), head);
    }
    assert_eq!(cases.len(), 12);
    // The untouched report still matches.
    assert!(verify(&d.path, &pdf).status.success());
}

/// Bug pinned: checking a report against a different ledger listed every record of that ledger as
/// "CHANGED SINCE REPORT" (hundreds of lines) instead of saying the report is not from this ledger.
#[test]
fn a_report_from_another_ledger_is_named_as_such_not_listed_as_changes() {
    let a = demo_ledger();
    let b = empty_ledger();
    let pdf_b = printed(&b, "b.pdf");
    let pdf_a = printed(&a, "a.pdf");
    for (ledger, pdf) in [(&a.path, &pdf_b), (&b.path, &pdf_a)] {
        let o = verify(ledger, pdf);
        assert_no_panic(&o, "other ledger");
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        let out = stdout(&o);
        assert!(
            out.contains("not printed from this ledger"),
            "says where the report is from: {out}"
        );
        assert!(
            !out.contains("CHANGED SINCE REPORT"),
            "no made-up change list: {out}"
        );
        assert!(stderr(&o).contains(pdf.file_name().unwrap().to_str().unwrap()));
    }
}

#[test]
fn rewritten_audit_history_after_printing_is_reported() {
    let d = demo_ledger();
    let pdf = printed(&d, "r.pdf");
    // Rewrite history behind the program's back: the audit entry the report is tied to changes.
    {
        let c = raw(&d.path);
        let n = c
            .execute(
                "UPDATE audit_log SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' ELSE 'f' END) || substr(hash, 2) WHERE seq = (SELECT max(seq) FROM audit_log)",
                [],
            )
            .or_else(|_| {
                c.execute_batch("DROP TRIGGER IF EXISTS audit_no_update")?;
                c.execute(
                    "UPDATE audit_log SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' ELSE 'f' END) || substr(hash, 2) WHERE seq = (SELECT max(seq) FROM audit_log)",
                    [],
                )
            })
            .unwrap();
        assert_eq!(n, 1);
    }
    let o = verify(&d.path, &pdf);
    assert_no_panic(&o, "rewritten history");
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("HISTORY DIFFERS"), "{}", stdout(&o));

    // History cut back to before the report.
    let d = demo_ledger();
    let pdf = printed(&d, "r.pdf");
    {
        let c = raw(&d.path);
        let _ = c.execute_batch("DROP TRIGGER IF EXISTS audit_no_delete");
        c.execute(
            "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 5 FROM audit_log)",
            [],
        )
        .unwrap();
    }
    let o = verify(&d.path, &pdf);
    assert_no_panic(&o, "history cut");
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("HISTORY DIFFERS"), "{}", stdout(&o));
}

#[test]
fn a_valid_report_after_a_change_names_the_changed_record_only() {
    let d = demo_ledger();
    let pdf = printed(&d, "r.pdf");
    let id = {
        let mut store = open_rw(&d.path);
        let mut p: Problem = store.list::<Problem>().unwrap().remove(0);
        p.owner = "新责任人".into();
        store.write(OPERATOR, |w| w.update(&p, "换人")).unwrap();
        p.meta.id.to_string()
    };
    let o = verify(&d.path, &pdf);
    assert_no_panic(&o, "changed");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<_> = out
        .lines()
        .filter(|l| l.starts_with("CHANGED SINCE REPORT"))
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    // Named as a person names it (no id unless asked for), with old → new and the reason.
    assert!(
        lines[0].contains("problem")
            && lines[0].contains("owner")
            && lines[0].contains("→ 新责任人")
            && lines[0].contains("换人")
            && !lines[0].contains(&id),
        "{}",
        lines[0]
    );
    assert!(!out.contains("HISTORY DIFFERS"));
    let o = cli_str(&[
        "verify",
        s(&d.path),
        "--report",
        s(&pdf),
        "--lang",
        "en",
        "--ids",
    ]);
    assert!(stdout(&o).contains(&id), "{}", stdout(&o));
}

// ---- content ---------------------------------------------------------------------------------

/// The report's text as poppler reads it (without layout, so a name is one run).
fn pdftotext(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .args([s(pdf), "-"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn set_pile_name(path: &Path, name: &str) {
    let mut store = open_rw(path);
    let mut pile: Pile = store.list::<Pile>().unwrap().remove(0);
    pile.name = name.to_string();
    store.write(OPERATOR, |w| w.update(&pile, "test")).unwrap();
}

/// Bug pinned (0.1.0 refused such a ledger's every report, issue 9 case 12; before that, control
/// characters printed as nothing): whatever a ledger holds prints. Rare CJK (Extension B) and
/// emoji are drawn in the bundled fallback fonts; what no bundled font has, and characters that
/// would print as nothing or reorder the text, are printed as their code, never dropped.
#[test]
fn every_stored_character_prints_and_none_blocks_the_report() {
    // (what, text put into the pile's name, what pdftotext must find)
    let cases = [
        ("emoji", "狮脑山\u{1F600}", "狮脑山\u{1F600}"),
        (
            "CJK Ext. B in a name",
            "狮脑山\u{20000}\u{2A6A5}",
            "狮脑山\u{20000}\u{2A6A5}",
        ),
        (
            "rare ideograph (CJK Ext. G)",
            "狮脑山\u{3134A}",
            "狮脑山[U+3134A]",
        ),
        ("bell control character", "狮脑山\u{7}", "狮脑山[U+0007]"),
        (
            "escape control character",
            "狮脑山\u{1B}[31m",
            "狮脑山[U+001B][31m",
        ),
        (
            "right-to-left override",
            "狮脑山\u{202E}abc",
            "狮脑山[U+202E]abc",
        ),
        ("private use", "狮脑山\u{E000}", "狮脑山[U+E000]"),
    ];
    for (what, name, printed) in cases {
        let d = demo_ledger();
        set_pile_name(&d.path, name);
        let out = d.dir.path().join("r.pdf");
        let o = report(&d.path, &out, &[]);
        assert_no_panic(&o, what);
        assert!(o.status.success(), "{what}: {}", stderr(&o));
        let text = pdftotext(&out);
        assert!(
            text.contains(printed),
            "{what}: {printed:?} not in the report"
        );
        assert!(verify(&d.path, &out).status.success(), "{what}: verify");
    }
}

/// Bug pinned: a note typed on Windows (CR LF) or with a tab could not be printed at all
/// ("no glyph for U+000D").
#[test]
fn tabs_and_windows_line_breaks_in_notes_print_as_spaces_and_lines() {
    let d = demo_ledger();
    {
        let mut store = open_rw(&d.path);
        let mut e: AftercareEntry = store.list::<AftercareEntry>().unwrap().remove(0);
        e.note = "第一行\r\n第二行\tTAB".into();
        store.write(OPERATOR, |w| w.update(&e, "crlf")).unwrap();
    }
    let out = d.dir.path().join("r.pdf");
    let o = report(&d.path, &out, &[]);
    assert_no_panic(&o, "crlf");
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Every word pdftotext finds lies inside the A4 page (595 x 842 pt).
fn assert_inside_page(pdf: &Path) {
    let o = std::process::Command::new("pdftotext")
        .args(["-bbox", s(pdf), "-"])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&o.stdout);
    let attr = |line: &str, key: &str| -> Option<f64> {
        let v = line.split(&format!("{key}=\"")).nth(1)?;
        v[..v.find('"')?].parse().ok()
    };
    let mut words = 0;
    for line in html.lines().filter(|l| l.contains("<word")) {
        words += 1;
        let (x0, x1, y1) = (
            attr(line, "xMin").unwrap(),
            attr(line, "xMax").unwrap(),
            attr(line, "yMax").unwrap(),
        );
        assert!(
            x0 >= 0.0 && x1 <= 595.5 && y1 <= 842.5,
            "off the page: {line}"
        );
    }
    assert!(words > 100);
}

/// Bug pinned: a table cell taller than a page lost its last lines (cut off without a word), and
/// a long name in the sign-off block ran across the signature line and off the page.
#[test]
fn ten_thousand_character_names_and_notes_wrap_inside_the_page() {
    let d = demo_ledger();
    // Each field gets its own character, so the extracted text shows whether all of it printed.
    let long = |c: char| c.to_string().repeat(10_000);
    {
        let mut store = open_rw(&d.path);
        let mut pile: Pile = store.list::<Pile>().unwrap().remove(0);
        pile.name = long('Z');
        let mut e: AftercareEntry = store.list::<AftercareEntry>().unwrap().remove(0);
        e.note = long('矸');
        let mut p: Problem = store.list::<Problem>().unwrap().remove(0);
        p.description = format!("{} {}", "Y".repeat(5000), "修".repeat(5000));
        let mut mine: Mine = store.list::<Mine>().unwrap().remove(0);
        mine.name = long('复');
        let mut so: SignOff = store.list::<SignOff>().unwrap().remove(0);
        so.prepared_by = long('W');
        let mut rule: Rule = store.list::<Rule>().unwrap().remove(0);
        rule.source = long('坡');
        // A monitoring point's name is in the fire-risk table, the alarms and a chart legend.
        let mut point: MonitoringPoint = store.list::<MonitoringPoint>().unwrap().remove(0);
        point.name = long('X');
        // A photo caption names who took it.
        let mut photo: Photo = store.list::<Photo>().unwrap().remove(0);
        photo.taken_by = long('V');
        store
            .write(OPERATOR, |w| {
                w.update(&pile, "long")?;
                w.update(&e, "long")?;
                w.update(&mine, "long")?;
                w.update(&so, "long")?;
                w.update(&rule, "long")?;
                w.update(&point, "long")?;
                w.update(&photo, "long")?;
                w.update(&p, "long")
            })
            .unwrap();
    }
    let out = d.dir.path().join("long.pdf");
    let started = std::time::Instant::now();
    let o = report(&d.path, &out, &["--lang", "en"]);
    assert_no_panic(&o, "long");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(started.elapsed().as_secs() < 20);
    assert_inside_page(&out);
    let o = std::process::Command::new("pdftotext")
        .args([s(&out), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    for (field, c, n) in [
        ("pile name", 'Z', 10_000),
        ("after-care note", '矸', 10_000),
        ("problem description", 'Y', 5_000),
        ("problem description", '修', 5_000),
        ("mine name", '复', 10_000),
        ("prepared by", 'W', 10_000),
        ("rule source", '坡', 10_000),
        ("monitoring point name", 'X', 10_000),
        ("photo taken by", 'V', 10_000),
    ] {
        let printed = text.chars().filter(|&x| x == c).count();
        assert!(printed >= n, "{field}: {printed} of {n} '{c}' printed");
    }
    assert!(verify(&d.path, &out).status.success());
}

/// Bug pinned: the report read the records and then the audit head in separate reads, so a save
/// landing in between gave a report whose figures were older than the audit entry it claimed
/// (`verify --report` then reported a difference nobody made). A save is injected exactly there:
/// the report is of the state before it (one read transaction), and `verify --report` names
/// exactly that save as the one change since.
#[test]
fn a_save_while_the_report_reads_the_ledger_gives_a_consistent_report() {
    use restoration_ledger::app::report::{print_report, verify_report};
    use restoration_ledger::i18n::Lang;
    use restoration_ledger::report::ReportOptions;
    let d = demo_ledger();
    let out = d.dir.path().join("r.pdf");
    let saved = std::sync::atomic::AtomicBool::new(false);
    let path = d.path.clone();
    let inject = |_p: f32| {
        if !saved.swap(true, std::sync::atomic::Ordering::SeqCst) {
            let mut store = open_rw(&path);
            let mut p: Problem = store.list::<Problem>().unwrap().remove(0);
            p.owner = "并发修改".into();
            store
                .write(OPERATOR, |w| w.update(&p, "concurrent"))
                .unwrap();
        }
    };
    let r = print_report(
        &d.path,
        &out,
        &ReportOptions::new(Lang::Zh, None, None),
        &inject,
    )
    .unwrap();
    assert!(saved.into_inner(), "the save was injected");
    assert_eq!(
        r.token.seq + 1,
        state(&d.path).1.0,
        "the report is of the state before the save"
    );
    let check = verify_report(&d.path, &out).unwrap();
    assert!(!check.history_differs && !check.pages_edited);
    assert_eq!(check.changes.len(), 1, "{:?}", check.changes);
    assert_eq!(check.changes[0].entry.reason, "concurrent");
}
/// Bug pinned: a record changed behind the program's back (raw SQL) was printed in a report with a
/// fresh fingerprint, so the forged figure looked certified.
#[test]
fn a_ledger_altered_behind_the_programs_back_prints_no_report() {
    let cases = [
        (
            "a work quantity",
            "UPDATE works SET quantity = quantity + 1000000 WHERE rowid = (SELECT min(rowid) FROM works)",
        ),
        (
            "a rule threshold",
            "UPDATE rules SET threshold = threshold + 1 WHERE rowid = (SELECT min(rowid) FROM rules)",
        ),
        (
            "a photo's bytes",
            "UPDATE photos SET data = X'FFD8FFE000' WHERE rowid = (SELECT min(rowid) FROM photos)",
        ),
        (
            "a deleted problem",
            "DELETE FROM problems WHERE rowid = (SELECT min(rowid) FROM problems)",
        ),
    ];
    for (what, sql) in cases {
        let d = demo_ledger();
        raw(&d.path).execute_batch(sql).unwrap();
        let before = files_in(d.dir.path());
        let out = d.dir.path().join("r.pdf");
        let o = report(&d.path, &out, &[]);
        refused(&o, what, &["审计记录", "verify", "demo.ledger"]);
        assert!(!out.exists(), "{what}");
        no_pdf_left(d.dir.path(), &before, what);
    }
}

/// Bug pinned: a report whose pages were edited (a figure changed in the page content, then saved
/// with a PDF tool that keeps the document info) still passed `verify --report`: the check read
/// only the fingerprint token, never what the pages show.
#[test]
fn a_report_whose_pages_were_edited_does_not_verify() {
    let d = demo_ledger();
    let pdf = printed(&d, "r.pdf");
    let o = verify(&d.path, &pdf);
    assert!(o.status.success());
    assert!(!stdout(&o).contains("Pages not compared"), "{}", stdout(&o));
    // A PDF naming another program version is compared all the same (0.1.0 skipped the pages and
    // said OK): what it claims is in the forger's hands. It cannot be confirmed: exit 1.
    let mut older = bytes(&pdf);
    let creator = older
        .windows(13)
        .position(|w| w == b"/Creator<FEFF")
        .unwrap();
    let end = creator + older[creator..].iter().position(|b| *b == b'>').unwrap();
    older[end - 1] = if older[end - 1] == b'9' { b'8' } else { b'9' };
    let older_pdf = d.dir.path().join("older.pdf");
    std::fs::write(&older_pdf, &older).unwrap();
    let o = verify(&d.path, &older_pdf);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("CANNOT CONFIRM"), "{}", stdout(&o));
    let mut doc = lopdf::Document::load_mem(&bytes(&pdf)).unwrap();
    let page = *doc.get_pages().values().nth(1).unwrap();
    let content_id = doc.get_page_contents(page)[0];
    let stream = doc
        .get_object_mut(content_id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    let mut content = stream.decompressed_content().unwrap();
    // The last digit of the first text shown on the page (a glyph id) is changed.
    let at = content.windows(4).position(|w| w == b"> Tj").unwrap() - 1;
    content[at] = if content[at] == b'1' { b'2' } else { b'1' };
    stream.set_plain_content(content);
    let mut edited = Vec::new();
    doc.save_to(&mut edited).unwrap();
    let edited_pdf = d.dir.path().join("edited.pdf");
    std::fs::write(&edited_pdf, &edited).unwrap();

    let o = verify(&d.path, &edited_pdf);
    assert_no_panic(&o, "pages edited");
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("PAGES EDITED"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("The data differs"), "{}", stdout(&o));
    assert!(stderr(&o).contains("edited.pdf"), "{}", stderr(&o));
}
