//! Issue 25: trust without false alarms. Each test names the case it pins; each failed on
//! d9ba046.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn verify_report(office: &Office, pdf: &Path) -> Output {
    office.run(&[
        "verify",
        office.ledger.to_str().unwrap(),
        "--report",
        pdf.to_str().unwrap(),
    ])
}

/// Case 1: a sign-in or a new account made every earlier report "outdated" (exit 1). They change
/// no figure: the report still matches, the entries are listed apart, and a fresh report prints
/// the same bytes.
#[test]
fn a_sign_in_or_an_account_change_leaves_the_report_matching() {
    let office = Office::new();
    let pdf = office.report("r.pdf");
    office.add_auditor("审计 小王");
    let v = verify_report(&office, &pdf);
    let said = format!("{}{}", stdout(&v), stderr(&v));
    assert_eq!(v.status.code(), Some(0), "{said}");
    assert!(said.contains("报告之后另有"), "{said}");
    assert!(said.contains("账户变更"), "{said}");
    assert!(!said.contains("已过时"), "{said}");
    // Printed again the same day: the same bytes.
    let again = office.report("r2.pdf");
    assert!(bytes(&pdf) == bytes(&again), "a second print differs");
    // A change of a record still outdates it.
    office.import_one_problem();
    let v = verify_report(&office, &pdf);
    assert_eq!(v.status.code(), Some(1), "{}", stdout(&v));
}

/// A problem found on `day`, written through the program (an import).
fn add_problem_found_on(office: &Office, day: &str) {
    let json = one_problem_json(office.dir.path());
    let mut v: serde_json::Value = serde_json::from_slice(&bytes(&json)).unwrap();
    v["problems"][0]["found_on"] = serde_json::json!(day);
    for field in ["deadline", "rectified_on", "verified_on"] {
        if v["problems"][0][field].is_string() {
            v["problems"][0][field] = serde_json::json!(day);
        }
    }
    std::fs::write(&json, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = office.run(&[
        "import",
        office.ledger.to_str().unwrap(),
        json.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Case 1, the period report: a record dated after a report's period changes nothing it shows,
/// yet on d9ba046 it outdated the report (the fingerprint covered every record and the newest
/// entry). From layout 4 a period report is tied to the records of its period: it still matches,
/// the change is listed apart, and a fresh print of the period is the same bytes. A record of
/// the period still outdates it.
#[test]
fn a_record_dated_after_a_period_report_leaves_it_matching() {
    let office = Office::new();
    let period = |name: &str| {
        let pdf = office.dir.path().join(name);
        let o = office.run(&[
            "report",
            office.ledger.to_str().unwrap(),
            "--out",
            pdf.to_str().unwrap(),
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        pdf
    };
    let pdf = period("2024.pdf");
    // The paper says what its fingerprint covers (a whole report says "any later change").
    let text: String = pdf_pages(&pdf).concat().split_whitespace().collect();
    assert!(
        text.contains("日期在报告期之后的记录不影响本报告"),
        "{text}"
    );
    let whole: String = pdf_pages(&office.report("whole.pdf"))
        .concat()
        .split_whitespace()
        .collect();
    assert!(whole.contains("台账此后如有任何改动"), "{whole}");
    add_problem_found_on(&office, "2026-03-01");
    let v = verify_report(&office, &pdf);
    let said = format!("{}{}", stdout(&v), stderr(&v));
    assert_eq!(v.status.code(), Some(0), "{said}");
    assert!(said.contains("1 处报告期之后的记录改动"), "{said}");
    assert!(!said.contains("已过时"), "{said}");
    assert!(
        bytes(&pdf) == bytes(&period("2024-again.pdf")),
        "a second print differs"
    );
    // A record of the period outdates it.
    add_problem_found_on(&office, "2024-06-01");
    let v = verify_report(&office, &pdf);
    assert_eq!(v.status.code(), Some(1), "{}", stdout(&v));
}

/// Case 3: two prints seconds apart differed in CreationDate and ModDate.
#[test]
fn two_prints_of_the_same_day_are_the_same_bytes() {
    let demo = demo_ledger();
    let (a, b) = (demo.dir.path().join("a.pdf"), demo.dir.path().join("b.pdf"));
    print_report(&demo.path, &a, &[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    print_report(&demo.path, &b, &[]);
    assert!(bytes(&a) == bytes(&b), "the prints differ");
}

/// Issue 25 case 9: read-only operations (`import --dry-run` of a spreadsheet, `verify
/// --report`) left an empty `-wal` and a 32 KB `-shm` beside the ledger. Reading leaves the
/// folder as it was.
#[test]
fn reading_a_ledger_leaves_its_folder_as_it_was() {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("r.pdf");
    print_report(&demo.path, &pdf, &[]);
    let book = demo.dir.path().join("b.xlsx");
    let o = cli_str(&[
        "export",
        demo.path.to_str().unwrap(),
        "--out",
        book.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(demo.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    assert!(
        !before
            .iter()
            .any(|n| n.ends_with("-wal") || n.ends_with("-shm")),
        "{before:?}"
    );
    let ledger = demo.path.to_str().unwrap();
    for args in [
        vec!["verify", ledger, "--report", pdf.to_str().unwrap()],
        vec!["import", ledger, book.to_str().unwrap(), "--dry-run"],
        vec!["verify", ledger],
        vec!["summary", ledger],
    ] {
        let o = cli_str(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(listing(), before, "{args:?} left files beside the ledger");
    }
}

/// Issue 25 case 4: a ledger made in the window was never signed, and its reports said nothing
/// of it. The department's new ledger names its key from the start; an unsigned report says so
/// on paper.
#[test]
fn a_ledger_the_department_makes_in_the_window_is_signed_and_an_unsigned_report_says_so() {
    use restoration_ledger::app::Role;
    use restoration_ledger::app::session::Session;
    use restoration_ledger::app::settings::AppPaths;
    let dir = tempfile::tempdir().unwrap();
    let paths = AppPaths::in_dir(dir.path());
    let made = dir.path().join("new.ledger");
    drop(Session::create(&made, false, "环保部 王工", Role::Department, &paths).unwrap());
    let store = open_ro(&made);
    assert!(store.info("signing_key").unwrap().is_some(), "not signed");
    assert!(!store.checkpoints().unwrap().is_empty());
    drop(store);
    // A ledger that names no key, printed by whoever: the paper says it is not signed.
    let unsigned = demo_ledger();
    let pdf = dir.path().join("r.pdf");
    print_report(&unsigned.path, &pdf, &[]);
    let text = pdf_pages(&pdf).join("\n");
    assert!(
        text.contains("未签名"),
        "the paper does not say it is unsigned"
    );
}

/// Turns `png` by `degrees` about its centre (nearest pixel, white outside) and saves it as a
/// JPEG of `quality`: a page photographed a little askew.
fn askew_jpeg(png: &Path, degrees: f64, quality: u8, out: &Path) {
    let src = image::open(png).unwrap().to_rgb8();
    let (w, h) = src.dimensions();
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let turned = image::RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f64 - cx, y as f64 - cy);
        let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
            *src.get_pixel(sx as u32, sy as u32)
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    let file = std::fs::File::create(out).unwrap();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(file, quality);
    enc.encode_image(&turned).unwrap();
}

/// Issue 25 case 6: an auditor holds paper. `verify --fingerprint` (the footer's 16 digits) and
/// `verify --scan` (a photo of a page, askew and JPEG-compressed) answer as `--report` does.
#[test]
fn paper_is_checked_by_its_footer_fingerprint_or_a_photo_of_a_page() {
    let office = Office::new();
    let pdf = office.report("r.pdf");
    let text = pdf_pages(&pdf).join("\n");
    let fingerprint = restoration_ledger::report::ReportToken::find_in_pdf(&bytes(&pdf))
        .unwrap()
        .fingerprint;
    let short = &fingerprint[..16];
    assert!(text.contains(short), "the footer does not carry {short}");
    let ledger = office.ledger.to_str().unwrap();
    let v = office.run(&["verify", ledger, "--fingerprint", short]);
    assert_eq!(v.status.code(), Some(0), "{}{}", stdout(&v), stderr(&v));
    assert!(stdout(&v).contains("凭指纹核对"), "{}", stdout(&v));
    // A photo of the last page (its large QR code) and a close-up of another page's footer
    // (its small one), each 3° askew and JPEG-compressed.
    let pages = pdf_pages(&pdf).len();
    // 200 dpi for the whole page: at 150 one print in many (its QR carries a fresh key's signature)
    // did not decode once askew.
    for (page, dpi, footer_only) in [(pages, 200, false), (2, 600, true)] {
        let png = office.dir.path().join(format!("page{page}"));
        let o = Command::new("pdftoppm")
            .args(["-r", &dpi.to_string(), "-png", "-singlefile"])
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg(&png)
            .output()
            .unwrap();
        assert!(o.status.success());
        let png = png.with_extension("png");
        if footer_only {
            // The bottom eighth of the page: what a phone held over the footer sees.
            let full = image::open(&png).unwrap();
            let (w, h) = (full.width(), full.height());
            full.crop_imm(0, h - h / 8, w, h / 8).save(&png).unwrap();
        }
        let photo = office.dir.path().join(format!("photo{page}.jpg"));
        askew_jpeg(&png, 3.0, 80, &photo);
        let v = office.run(&["verify", ledger, "--scan", photo.to_str().unwrap()]);
        assert_eq!(
            v.status.code(),
            Some(0),
            "page {page}: {}{}",
            stdout(&v),
            stderr(&v)
        );
    }
    // A fingerprint no report of this ledger has, and a picture without a code.
    let v = office.run(&["verify", ledger, "--fingerprint", "0123456789abcdef"]);
    assert_eq!(v.status.code(), Some(2));
    assert!(stderr(&v).contains("没有指纹为"), "{}", stderr(&v));
    let blank = office.dir.path().join("blank.png");
    image::RgbImage::from_pixel(200, 200, image::Rgb([255, 255, 255]))
        .save(&blank)
        .unwrap();
    let v = office.run(&["verify", ledger, "--scan", blank.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(2));
    assert!(stderr(&v).contains("读不出报告的二维码"), "{}", stderr(&v));
    // After a change of the records the paper is outdated, by fingerprint as by PDF.
    office.import_one_problem();
    let v = office.run(&["verify", ledger, "--fingerprint", short]);
    assert_eq!(v.status.code(), Some(1), "{}", stdout(&v));
}
