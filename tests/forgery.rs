//! Forged reports (issue 9, case 4): what a PDF says about itself is in the forger's hands, so
//! `verify --report` compares every byte of the PDF with the report the ledger prints again for
//! the same token, and never answers "OK" (exit 0) to a PDF it could not fully compare.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use lopdf::{Document, Object, dictionary};
use std::path::{Path, PathBuf};

fn print(ledger: &Path, out: &Path) {
    let o = cli(&[
        "report".as_ref(),
        ledger.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn verify(ledger: &Path, pdf: &Path) -> std::process::Output {
    cli(&[
        "verify".as_ref(),
        ledger.as_os_str(),
        "--report".as_ref(),
        pdf.as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ])
}

/// The forged copy is refused: not exit 0, and nothing on stdout says OK.
fn assert_not_confirmed(ledger: &Path, forged: &Path, what: &str) {
    let o = verify(ledger, forged);
    assert_no_panic(&o, what);
    assert_ne!(o.status.code(), Some(0), "{what} verified:\n{}", stdout(&o));
    assert!(!stdout(&o).contains("OK"), "{what}: {}", stdout(&o));
}

struct Printed {
    demo: Demo,
    pdf: PathBuf,
}

fn printed() -> Printed {
    let demo = demo_ledger();
    let pdf = demo.dir.path().join("report.pdf");
    print(&demo.path, &pdf);
    let o = verify(&demo.path, &pdf);
    assert!(
        o.status.success(),
        "the genuine report: {}{}",
        stdout(&o),
        stderr(&o)
    );
    Printed { demo, pdf }
}

/// Edits the report with lopdf (a whole rewrite, as PDF editors save) into `name`.
fn edited(p: &Printed, name: &str, edit: impl FnOnce(&mut Document)) -> PathBuf {
    let mut doc = Document::load(&p.pdf).unwrap();
    edit(&mut doc);
    let out = p.demo.dir.path().join(name);
    doc.save(&out).unwrap();
    out
}

fn first_page(doc: &Document) -> lopdf::ObjectId {
    *doc.get_pages().get(&1).unwrap()
}

/// The genuine printer's /Creator, UTF-16BE hex, as printpdf stores it.
fn hex_utf16(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// 0.1.0 skipped the page comparison when /Creator named another program version, and said OK.
#[test]
fn a_report_claiming_another_creator_is_not_confirmed() {
    let p = printed();
    let genuine = hex_utf16(restoration_ledger::report::CREATOR);
    let claimed = hex_utf16(&restoration_ledger::report::CREATOR.replace("0.", "9."));
    assert_eq!(genuine.len(), claimed.len());
    let mut bytes = bytes(&p.pdf);
    let at = bytes
        .windows(genuine.len())
        .position(|w| w == genuine.as_bytes())
        .unwrap();
    bytes[at..at + claimed.len()].copy_from_slice(claimed.as_bytes());
    let forged = p.demo.dir.path().join("creator.pdf");
    std::fs::write(&forged, &bytes).unwrap();
    assert_not_confirmed(&p.demo.path, &forged, "another /Creator");
    let o = verify(&p.demo.path, &forged);
    assert!(stderr(&o).contains("Cannot confirm"), "{}", stderr(&o));
}

/// 0.1.0 compared content streams only, so a Stamp annotation painting 合格 over 不合格 passed.
#[test]
fn a_stamp_annotation_over_a_cell_is_caught() {
    let p = printed();
    let forged = edited(&p, "stamp.pdf", |doc| {
        let page = first_page(doc);
        let stamp = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Stamp",
            "Rect" => vec![100.into(), 400.into(), 200.into(), 430.into()],
            "Contents" => Object::string_literal("合格"),
            "Name" => "Approved",
        });
        doc.get_object_mut(page)
            .unwrap()
            .as_dict_mut()
            .unwrap()
            .set("Annots", vec![Object::Reference(stamp)]);
    });
    assert_not_confirmed(&p.demo.path, &forged, "a stamp annotation");
}

/// 0.1.0 did not compare images: a swapped photo thumbnail passed.
#[test]
fn a_swapped_photo_thumbnail_is_caught() {
    let p = printed();
    let mut swapped = 0;
    let forged = edited(&p, "photo.pdf", |doc| {
        for obj in doc.objects.values_mut() {
            if let Object::Stream(s) = obj
                && s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
            {
                // Another picture of the same size: the bytes reversed past the header.
                let n = s.content.len();
                s.content[n / 2..n - 2].reverse();
                swapped += 1;
            }
        }
    });
    assert!(swapped > 0, "the report has no photo thumbnail to swap");
    assert_not_confirmed(&p.demo.path, &forged, "a swapped thumbnail");
}

/// 0.1.0 did not compare page boxes: a page cropped so the rules table is hidden passed.
#[test]
fn a_cropped_page_is_caught() {
    let p = printed();
    let forged = edited(&p, "crop.pdf", |doc| {
        for (_, page) in doc.get_pages() {
            doc.get_object_mut(page)
                .unwrap()
                .as_dict_mut()
                .unwrap()
                .set(
                    "CropBox",
                    vec![0.into(), 421.into(), 595.into(), 842.into()],
                );
        }
    });
    assert_not_confirmed(&p.demo.path, &forged, "a cropped page");
}

/// A report printed from a forged copy of the ledger, with the genuine report's token put in.
#[test]
fn a_forged_ledgers_report_under_the_genuine_token_is_caught() {
    use restoration_ledger::domain::SurvivalSurvey;
    let p = printed();
    let forged_ledger = p.demo.dir.path().join("forged.ledger");
    std::fs::copy(&p.demo.path, &forged_ledger).unwrap();
    {
        let mut s = open_rw(&forged_ledger);
        let mut survey = s.list::<SurvivalSurvey>().unwrap().remove(0);
        survey.alive = survey.planted;
        s.write(OPERATOR, |w| w.update(&survey, "forgery")).unwrap();
    }
    let forged_pdf = p.demo.dir.path().join("forged.pdf");
    print(&forged_ledger, &forged_pdf);
    let token = |pdf: &Path| {
        let b = bytes(pdf);
        let key = b"/Identifier(";
        let at = b.windows(key.len()).position(|w| w == key).unwrap() + key.len();
        let end = at + b[at..].iter().position(|c| *c == b')').unwrap();
        (at, end, b[at..end].to_vec())
    };
    let (_, _, genuine) = token(&p.pdf);
    let (at, end, fake) = token(&forged_pdf);
    assert_eq!(genuine.len(), fake.len());
    let mut b = bytes(&forged_pdf);
    b[at..end].copy_from_slice(&genuine);
    std::fs::write(&forged_pdf, &b).unwrap();
    assert_not_confirmed(&p.demo.path, &forged_pdf, "a forged ledger's report");
}

/// The report 0.1.0 printed (shipped in tests/data) still verifies against its ledger, and the
/// ledger still verifies: an upgrade must not turn genuine paper into "cannot confirm".
#[test]
fn the_report_printed_by_0_1_0_still_matches_its_ledger() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1.0");
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("v010-demo.ledger");
    std::fs::copy(fixtures.join("v010-demo.ledger"), &ledger).unwrap();
    let o = cli(&["verify".as_ref(), ledger.as_os_str()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = verify(&ledger, &fixtures.join("v010-demo-report.pdf"));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("still matches"), "{}", stdout(&o));
}

/// A report of an earlier layout cannot be printed again byte for byte: `verify --report` checks
/// its fingerprint, says plainly that its pages were not compared (never "OK"), and still catches
/// a record changed after it was printed.
#[test]
fn a_report_of_an_earlier_layout_is_checked_by_fingerprint_and_says_pages_were_not_compared() {
    use restoration_ledger::domain::SurvivalSurvey;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1.0");
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("v010-demo.ledger");
    std::fs::copy(fixtures.join("v010-demo.ledger"), &ledger).unwrap();
    let report = fixtures.join("v010-demo-report.pdf");
    let o = verify(&ledger, &report);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("OK"), "{out}");
    assert!(
        out.contains("printed by an earlier version") && out.contains("pages were not compared"),
        "{out}"
    );
    {
        let mut s = open_rw(&ledger);
        let mut survey = s.list::<SurvivalSurvey>().unwrap().remove(0);
        survey.alive -= 1;
        s.write(OPERATOR, |w| w.update(&survey, "recount")).unwrap();
    }
    let o = verify(&ledger, &report);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("CHANGED SINCE REPORT"),
        "{}",
        stdout(&o)
    );
}

/// The current layout's reports carry it in their token (covered by the signature).
#[test]
fn a_current_report_names_its_layout_and_is_compared_page_for_page() {
    let p = printed();
    let b = bytes(&p.pdf);
    let marker = format!(";layout={}", restoration_ledger::report::token::LAYOUT);
    assert!(
        b.windows(marker.len()).any(|w| w == marker.as_bytes()),
        "no {marker} in the token"
    );
    let o = verify(&p.demo.path, &p.pdf);
    assert!(
        stdout(&o).contains("OK: the ledger still matches the report."),
        "{}",
        stdout(&o)
    );
}
