//! The printed compliance summary read back with poppler (pdftotext, pdfinfo, pdffonts), not with
//! printpdf: figures, footers, fingerprint, repeated table headers, English, and `verify --report`.

// Test helpers outside #[test] functions are not covered by clippy.toml's allow-unwrap-in-tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use restoration_ledger::app;
use restoration_ledger::domain::{Milli, Pile, Work, WorkKind, WorkPhase};
use restoration_ledger::i18n::Lang;
use restoration_ledger::report::ReportOptions;
use restoration_ledger::store::{Access, Store};

const BIN: &str = env!("CARGO_BIN_EXE_restoration-ledger");

fn demo_ledger(dir: &Path) -> PathBuf {
    let path = dir.join("demo.ledger");
    restoration_ledger::app::init(&path, true, "test").unwrap();
    path
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn print(ledger: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "report",
        ledger.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = cli(&args);
    assert!(
        o.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The Chinese report of `data` at audit head `head`, without photos, written into `dir`.
fn print_data(
    data: &restoration_ledger::domain::LedgerData,
    (seq, hash): (i64, String),
    dir: &Path,
) -> (restoration_ledger::report::GeneratedReport, PathBuf) {
    let opts = ReportOptions::new(Lang::Zh, None, None);
    let r = restoration_ledger::report::generate(
        data,
        &restoration_ledger::report::AuditHead { seq, hash },
        &|_| None,
        &opts,
        &|_| {},
    )
    .unwrap();
    let pdf = dir.join("report.pdf");
    std::fs::write(&pdf, &r.pdf).unwrap();
    (r, pdf)
}

/// The text of each page.
fn pages(pdf: &Path) -> Vec<String> {
    common::pdf_pages(pdf)
}

fn pdfinfo(pdf: &Path) -> String {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8(o.stdout).unwrap()
}

fn info_field(info: &str, key: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Text without line breaks and layout spaces, so wrapped sentences can be matched.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn fingerprint_of(pdf: &Path) -> String {
    let keywords = info_field(&pdfinfo(pdf), "Keywords");
    let fp = keywords
        .split(';')
        .find_map(|p| p.strip_prefix("fp="))
        .unwrap()
        .to_string();
    assert_eq!(fp.len(), 64);
    fp
}

#[test]
fn chinese_report_prints_the_seed_figures_footers_and_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let pdf = dir.path().join("report.pdf");
    print(&ledger, &pdf, &[]);

    let info = pdfinfo(&pdf);
    assert!(info.contains("A4"), "{info}");
    let n: usize = info_field(&info, "Pages").parse().unwrap();
    let pages = pages(&pdf);
    assert_eq!(pages.len(), n);
    assert!(n >= 5, "the demo report has {n} pages");

    let all = squeeze(&pages.join("\n"));
    assert!(
        all.contains("目前，矸石山已形成了23个坡面和马道，缓坡区修整210,000平方米、平面积平整585,000平方米、覆土1,940,000立方米、截排水沟938米、绿化面积108,498平方米。"),
        "headline sentence missing"
    );
    // The works table row of soil cover: planned, completed, % complete.
    assert!(all.contains("覆土立方米2,100,0001,940,00092.4%"));
    // Rules: a failed gradient check with its measured value and verdict.
    assert!(all.contains("坡面坡比≤1:2"));
    assert!(all.contains("不合格"));
    // Sign-off names from the sign_offs table.
    assert!(all.contains("环保部刘主任") && all.contains("二矿分管副矿长"));

    let fp = fingerprint_of(&pdf);
    let short = &fp[..16];
    for (i, page) in pages.iter().enumerate() {
        let footer = format!("第 {} 页 共 {} 页", i + 1, n);
        assert!(
            page.contains(&footer),
            "page {} lacks footer {footer:?}",
            i + 1
        );
        assert!(page.contains(short), "page {} lacks the fingerprint", i + 1);
    }
    assert!(
        pages.last().unwrap().contains(&fp),
        "full fingerprint on the last page"
    );
    assert!(pages[0].contains("第 1 页 共"));
}

#[test]
fn long_tables_repeat_their_header_row_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let store = Store::open(&ledger, Access::ReadOnly).unwrap();
    let mut data = store.load().unwrap();
    let (seq, hash) = store.audit_head().unwrap();
    // An after-care log of 150 entries runs over several pages.
    let first = data.aftercare[0].clone();
    for i in 0..150u128 {
        let mut a = first.clone();
        a.meta.id = uuid::Uuid::from_u128(i + 1);
        data.aftercare.push(a);
    }
    let (_, pdf) = print_data(&data, (seq, hash), dir.path());
    let header = |p: &String| {
        p.lines().any(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            w.starts_with(&["日期", "类别", "台阶", "数量"])
        })
    };
    let with_header: Vec<usize> = pages(&pdf)
        .iter()
        .enumerate()
        .filter(|(_, p)| header(p))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(with_header.len() >= 2, "header on pages {with_header:?}");
    // Consecutive pages: the table continued and repeated its header.
    assert!(with_header.windows(2).all(|w| w[1] == w[0] + 1));
}

#[test]
fn font_is_embedded_as_a_subset_and_the_report_is_small() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let pdf = dir.path().join("report.pdf");
    print(&ledger, &pdf, &[]);
    let o = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8(o.stdout).unwrap();
    let line = fonts
        .lines()
        .find(|l| l.contains("NotoSansCJKsc"))
        .expect("the CJK font is used");
    assert!(line.contains('+'), "subset prefix: {line}");
    let flags: Vec<&str> = line.split_whitespace().rev().skip(2).take(3).collect();
    assert_eq!(flags, ["yes", "yes", "yes"], "uni, sub, emb: {line}");
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 1_000_000, "demo report is {size} bytes");
}

#[test]
fn english_report_has_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let zh = dir.path().join("zh.pdf");
    let en = dir.path().join("en.pdf");
    print(&ledger, &zh, &[]);
    print(&ledger, &en, &["--lang", "en"]);
    let pages = pages(&en);
    let n = pages.len();
    let all = squeeze(&pages.join("\n"));
    assert!(all.contains(&squeeze("To date, the waste-rock pile has 23 slope faces and berms; 210,000 m² of gentle slopes have been trimmed, 585,000 m² of flat area leveled, 1,940,000 m³ of soil placed as cover, 938 m of intercepting and drainage ditches built, and 108,498 m² greened.")));
    assert!(pages[0].contains(&format!("Page 1 of {n}")));
    assert!(pages[n - 1].contains(&format!("Page {n} of {n}")));
    assert!(all.contains("Compliancechecks") && all.contains("Slopeface"));
    assert!(!all.contains("第1页"));
    // Same data, same fingerprint: the language is not part of it.
    assert_eq!(fingerprint_of(&zh), fingerprint_of(&en));
    assert!(info_field(&pdfinfo(&en), "Keywords").contains("lang=en"));
}

#[test]
fn verify_matches_a_fresh_report_and_names_a_record_changed_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let pdf = dir.path().join("report.pdf");
    print(&ledger, &pdf, &["--from", "2023-01-01"]);

    let o = cli(&[
        "verify",
        ledger.to_str().unwrap(),
        "--report",
        pdf.to_str().unwrap(),
        "--lang",
        "en",
        "--ids",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("OK: the ledger still matches the report."));

    let changed = {
        let mut store = Store::open(&ledger, Access::ReadWrite).unwrap();
        let mut work: Work = store
            .list::<Work>()
            .unwrap()
            .into_iter()
            .find(|w| w.kind == WorkKind::SoilCover && w.phase == WorkPhase::Completed)
            .unwrap();
        work.quantity = Milli(work.quantity.0 + 1000);
        store
            .write("auditor-test", |w| w.update(&work, "correction"))
            .unwrap();
        work.meta.id.to_string()
    };
    let o = cli(&[
        "verify",
        ledger.to_str().unwrap(),
        "--report",
        pdf.to_str().unwrap(),
        "--lang",
        "en",
        "--ids",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    println!("{out}");
    assert_eq!(o.status.code(), Some(1), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("CHANGED SINCE REPORT"))
        .expect("a changed record is listed");
    assert!(line.contains(&changed), "{line}");
    assert!(line.contains("works") && line.contains("quantity") && line.contains("auditor-test"));
    assert_eq!(out.matches("CHANGED SINCE REPORT").count(), 1);

    // `verify` without --report keeps its old meaning: the ledger matches its own audit trail.
    let o = cli(&["verify", ledger.to_str().unwrap()]);
    assert!(o.status.success());
}

/// 0.1.0 refused to print any report of a ledger holding an emoji (issue 9 case 12): it is now
/// drawn in the bundled symbol font, embedded as a subset beside the CJK font.
#[test]
fn a_character_the_cjk_font_lacks_prints_in_a_fallback_font() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    {
        let mut store = Store::open(&ledger, Access::ReadWrite).unwrap();
        let mut pile: Pile = store.list::<Pile>().unwrap().remove(0);
        pile.name.push('\u{1F600}');
        store.write("test", |w| w.update(&pile, "emoji")).unwrap();
    }
    let pdf = dir.path().join("report.pdf");
    let o = cli(&[
        "report",
        ledger.to_str().unwrap(),
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("狮脑山排矸场\u{1F600}"));
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    assert!(fonts.contains("Symbola"), "{fonts}");
    // Both subset (the six-letter tag), and the report stays small.
    assert!(std::fs::metadata(&pdf).unwrap().len() < 1_000_000);
}

#[test]
fn library_generate_reports_progress_and_page_count() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let pdf = dir.path().join("lib.pdf");
    let seen = std::sync::Mutex::new(Vec::new());
    let opts = ReportOptions::new(Lang::Zh, None, None);
    let r =
        app::report::print_report(&ledger, &pdf, &opts, &|p| seen.lock().unwrap().push(p)).unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
    assert_eq!(r.pages, pages(&pdf).len());
    assert_eq!(fingerprint_of(&pdf), r.token.fingerprint);
}

#[test]
fn numbers_are_right_aligned_in_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let pdf = dir.path().join("report.pdf");
    print(&ledger, &pdf, &[]);
    let o = Command::new("pdftotext")
        .args(["-bbox", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let html = String::from_utf8(o.stdout).unwrap();
    // Bench areas in the per-bench table (bench 2, bench 1) and their total: 5, 6 and 7 digits.
    let x_max = |word: &str| -> f64 {
        let line = html
            .lines()
            .find(|l| l.ends_with(&format!(">{word}</word>")))
            .unwrap_or_else(|| panic!("{word} not in the report"));
        let v = line.split("xMax=\"").nth(1).unwrap();
        v[..v.find('"').unwrap()].parse().unwrap()
    };
    let right = x_max("9,519");
    assert!((x_max("10,211") - right).abs() < 0.01);
    assert!((x_max("227,241") - right).abs() < 0.01);
}

#[test]
fn printing_on_a_background_thread_reports_progress_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let pdf = dir.path().join("bg.pdf");
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = app::report::spawn_print_report(
        ledger,
        pdf.clone(),
        ReportOptions::new(Lang::En, None, None),
        Box::new(move |p| {
            let _ = tx.send(p);
        }),
    )
    .unwrap();
    let r = handle.join().unwrap().unwrap();
    let seen: Vec<f32> = rx.try_iter().collect();
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.len() > 5);
    assert_eq!(pages(&pdf).len(), r.pages);
}

/// Bug pinned: `report L --out L` replaced the ledger with its own report (all records lost).
#[test]
fn a_report_never_overwrites_the_ledger_or_a_file_that_is_not_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let before = std::fs::read(&ledger).unwrap();
    let o = cli(&[
        "report",
        ledger.to_str().unwrap(),
        "--out",
        ledger.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("会覆盖打印它的台账"), "{err}");
    assert_eq!(
        std::fs::read(&ledger).unwrap(),
        before,
        "the ledger is untouched"
    );

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "meeting notes").unwrap();
    let o = cli(&[
        "report",
        ledger.to_str().unwrap(),
        "--out",
        notes.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不是 PDF"));
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "meeting notes");

    // An older report is replaced: that is what printing again means.
    let pdf = dir.path().join("r.pdf");
    print(&ledger, &pdf, &[]);
    print(&ledger, &pdf, &["--lang", "en"]);
    assert!(
        pages(&pdf)[0].contains("Page 1 of"),
        "the English report replaced the Chinese one"
    );
}

/// PDF/A-2b (issue 10): printpdf 0.12 writes a PDF/X OutputIntent with a CMYK profile, an empty
/// /GTS_PDFXVersion, no pdfaid XMP and a document /ID that is not derived from the data.
#[test]
fn the_report_carries_the_pdf_a_2b_objects_and_an_id_from_its_fingerprint() {
    use lopdf::{Document, Object};
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let store = Store::open(&ledger, Access::ReadOnly).unwrap();
    let data = store.load().unwrap();
    let (seq, hash) = store.audit_head().unwrap();
    let head = restoration_ledger::report::AuditHead { seq, hash };
    let mut opts = ReportOptions::new(Lang::Zh, None, None);
    opts.printed_at = Some(1_700_000_000);
    let print = |data: &restoration_ledger::domain::LedgerData| {
        restoration_ledger::report::generate(data, &head, &|_| None, &opts, &|_| {})
            .unwrap()
            .pdf
    };
    let bytes = print(&data);
    // Twice in one process (0.1.0 named its font from a process-wide sequence, so a second
    // report differed from the first).
    assert!(
        bytes == print(&data),
        "the same ledger and period print the same bytes"
    );
    let pdf = dir.path().join("a.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = intents[0].as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let profile = doc
        .get_object(
            intent
                .get(b"DestinationOutputProfile")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(
        profile.dict.get(b"N").unwrap().as_i64().unwrap(),
        3,
        "an RGB profile"
    );
    let icc = profile
        .decompressed_content()
        .unwrap_or_else(|_| profile.content.clone());
    assert_eq!(&icc[12..24], b"mntrRGB XYZ ");
    let xmp = doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    let info = doc
        .get_object(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap()
        .as_dict()
        .unwrap();
    assert!(
        info.get(b"GTS_PDFXVersion").is_err(),
        "no empty /GTS_PDFXVersion"
    );
    // The /ID: two equal 16-byte strings, the same for the same data, another for other data.
    let id = |doc: &Document| match doc.trailer.get(b"ID").unwrap() {
        Object::Array(a) => a
            .iter()
            .map(|o| o.as_str().unwrap().to_vec())
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    let ids = id(&doc);
    assert_eq!((ids.len(), ids[0].len()), (2, 16));
    assert_eq!(ids[0], ids[1]);
    let mut other = data.clone();
    other.surveys[0].alive -= 1;
    assert_ne!(id(&Document::load_mem(&print(&other)).unwrap()), ids);
    // qpdf and poppler read it as a whole, well-formed PDF with a metadata stream.
    let o = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(pdfinfo(&pdf).contains("Metadata Stream: yes"));
}

/// The after-care rows of `../shared/bench/gen_data.py` (its companies and notes, in turn),
/// approved by one reviewer, in place of the ledger's own: the rows the Typst anchor report lays
/// out 47–51 to a page.
fn bench_like_aftercare(data: &mut restoration_ledger::domain::LedgerData, n: u32) {
    use restoration_ledger::domain::{AftercareKind, ReviewState, Unit};
    const COMPANIES: [&str; 5] = [
        "阳泉绿化工程有限公司",
        "山西华晋生态建设有限公司",
        "阳泉市林业工程队",
        "华阳矿区环保服务中心",
        "晋东园林绿化有限公司",
    ];
    const NOTES: [&str; 17] = [
        "苗木长势良好,成活率达标。",
        "坡面局部冲刷,已补植刺槐。",
        "马道排水沟淤积,已清理完毕。",
        "发现细小裂缝一处,已上报。",
        "补种紫花苜蓿,覆盖均匀。",
        "截水沟破损二米,已修复。",
        "雨后巡查,未见滑塌。",
        "油松枯死三株,下周补植。",
        "覆土厚度抽检合格。",
        "坡脚积水,已开挖临时排水沟。",
        "灌木生长偏弱,建议追肥。",
        "巡查未发现自燃迹象,温度正常。",
        "草籽出苗率约八成,局部需补种。",
        "沉淀池清淤完成,出水清澈。",
        "护坡网局部松动,已加固。",
        "马道外侧排水沟被落石堵塞,已人工清理并加固沟帮。",
        "坡面中部出现约五平方米溜坡,已回填覆土并重新撒播草籽。",
    ];
    let kinds = [
        (AftercareKind::Replanting, Unit::Plants),
        (AftercareKind::Reseeding, Unit::M2),
        (AftercareKind::Desilting, Unit::M3),
        (AftercareKind::DitchRepair, Unit::M),
        (AftercareKind::FirePatrol, Unit::Count),
    ];
    let first = data.aftercare[0].clone();
    data.aftercare.clear();
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for i in 0..n {
        let mut a = first.clone();
        a.meta.id = uuid::Uuid::from_u128(u128::from(i) + 1);
        a.date = start + chrono::Days::new(u64::from(i * 365 / n));
        a.contractor = COMPANIES[(i % 5) as usize].to_string();
        a.note = NOTES[(i * 7 % 17) as usize].to_string();
        let (kind, unit) = kinds[(i % 5) as usize];
        a.kind = kind;
        a.unit = unit;
        a.quantity = Some(Milli(i64::from(1 + i * 37 % 2999) * 1000));
        a.review = ReviewState::Approved;
        a.reviewer = "环保部 王工".into();
        a.review_comment = String::new();
        data.aftercare.push(a);
    }
}

#[test]
fn the_after_care_log_is_at_least_as_dense_as_the_typst_anchor_and_never_breaks_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let store = Store::open(&ledger, Access::ReadOnly).unwrap();
    let mut data = store.load().unwrap();
    let (seq, hash) = store.audit_head().unwrap();
    bench_like_aftercare(&mut data, 1000);
    let (r, pdf) = print_data(&data, (seq, hash), dir.path());
    let text = pages(&pdf);
    let rows = |p: &String| {
        p.lines()
            .filter(|l| l.trim_start().starts_with("2025-") && l.contains("环保部"))
            .count()
    };
    let log: Vec<usize> = text.iter().map(rows).filter(|&n| n > 0).collect();
    assert_eq!(log.iter().sum::<usize>(), 1000, "every entry printed once");
    // No row stands alone on the log's last page (0.1.0 left one there).
    assert!(log.last().is_some_and(|&n| n >= 2), "rows a page: {log:?}");
    // Every full page of the log (not its first, shared with what comes before, nor its last)
    // holds at least Typst's 47 rows.
    let full = &log[1..log.len() - 1];
    assert!(
        full.iter().all(|&n| n >= 47),
        "rows a page: {log:?} (Typst: 47–51)"
    );
    // So the whole report takes no more pages than Typst's layout of the log alone would add
    // to the same front matter.
    let front = text.iter().position(|p| rows(p) > 0).unwrap();
    assert!(
        r.pages <= front + 1000usize.div_ceil(47) + 3,
        "{} pages, the log starting on page {}",
        r.pages,
        front + 1
    );
    // A company's name and a person's name stand whole on their line.
    for company in ["山西华晋生态建设有限公司", "华阳矿区环保服务中心"] {
        let whole = text
            .iter()
            .map(|p| p.matches(company).count())
            .sum::<usize>();
        assert!(whole >= 200, "{company} whole {whole} times of 200");
    }
    let reviewer = text
        .iter()
        .map(|p| p.matches("环保部 王工").count())
        .sum::<usize>();
    assert!(reviewer >= 1000, "reviewer whole {reviewer} times");
}

/// The photos' thumbnails are named in the document by their place in it: printpdf names images
/// from a process-wide sequence, so the second report a process printed (the window prints
/// many) differed from the first and `verify --report` called it edited.
#[test]
fn a_report_with_photos_prints_the_same_bytes_however_many_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo_ledger(dir.path());
    let store = Store::open(&ledger, Access::ReadOnly).unwrap();
    let data = store.load().unwrap();
    assert!(!data.photos.is_empty(), "the demo has photos");
    let (seq, hash) = store.audit_head().unwrap();
    let head = restoration_ledger::report::AuditHead { seq, hash };
    let mut opts = ReportOptions::new(Lang::Zh, None, None);
    opts.printed_at = Some(1_700_000_000);
    let photo = |id: uuid::Uuid| store.photo_data(id).ok();
    let print = || {
        restoration_ledger::report::generate(&data, &head, &photo, &opts, &|_| {})
            .unwrap()
            .pdf
    };
    let first = print();
    assert!(
        first.windows(b"/Image".len()).any(|w| w == b"/Image"),
        "thumbnails are in the report"
    );
    assert!(first == print(), "the second report differs from the first");
}
