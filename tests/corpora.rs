//! Issue 25 case 9: the public test corpora of JSON parsers, spreadsheet readers, PDF libraries
//! and CSV parsers (`../shared/corpora`, see its SOURCES.md), every file through the program as a
//! user would bring it: `import` for JSON and spreadsheets, `verify --report` for PDFs. Each
//! file: no panic or abort, no hang, a message when refused, and the ledger exactly as it was
//! after a refusal.
//!
//! The corpora sit beside the repository (16 MB; not copied into it). A developer's machine
//! without them skips this test and says so; in CI (`CI` set) a missing corpus fails it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longer than any file should take; a file that runs past it hangs the program.
const HANG: Duration = Duration::from_secs(60);

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/src");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI runs the public corpora, but {} is missing",
        dir.display()
    );
    eprintln!(
        "note: {} not found; the corpus run is skipped",
        dir.display()
    );
    None
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Runs the CLI on `args`, killing it (and failing) when it runs past [`HANG`].
fn run_bounded(args: &[&std::ffi::OsStr], what: &Path) -> std::process::Output {
    let mut child = Command::new(bin())
        .args(args)
        .env("RESTORATION_LEDGER_OPERATOR", OPERATOR)
        .env(
            "RESTORATION_LEDGER_CONFIG_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("config"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("{}: still running after {HANG:?}", what.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn every_public_corpus_file_is_imported_or_refused_cleanly() {
    let Some(dir) = corpus() else {
        return;
    };
    let mut all = Vec::new();
    files(&dir, &mut all);
    let demo = demo_ledger();
    let (mut imported, mut refused, mut checked) = (0, 0, 0);
    for file in &all {
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let before = state(&demo.path);
        let o = match ext.as_str() {
            "pdf" => run_bounded(
                &[
                    "verify".as_ref(),
                    demo.path.as_os_str(),
                    "--report".as_ref(),
                    file.as_os_str(),
                ],
                file,
            ),
            "json" | "csv" | "xls" | "xlsx" | "xlsm" | "xlsb" | "ods" => run_bounded(
                &["import".as_ref(), demo.path.as_os_str(), file.as_os_str()],
                file,
            ),
            _ => continue,
        };
        let what = file.strip_prefix(&dir).unwrap().display().to_string();
        assert_no_panic(&o, &what);
        match o.status.code() {
            Some(0) if ext != "pdf" => imported += 1,
            Some(1 | 2) => {
                let err = stderr(&o);
                assert!(!err.trim().is_empty(), "{what}: refused without a word");
                assert_eq!(
                    state(&demo.path),
                    before,
                    "{what}: refused, yet the ledger changed"
                );
                if ext == "pdf" {
                    checked += 1;
                } else {
                    refused += 1;
                }
            }
            other => panic!("{what}: exit {other:?}\n{}", stderr(&o)),
        }
    }
    eprintln!(
        "corpora: {} files; {imported} imported, {refused} refused, {checked} PDFs checked",
        all.len()
    );
    assert!(imported + refused + checked > 600, "the corpus was not run");
    // After all of it, the ledger still verifies.
    let v = cli_str(&["verify", demo.path.to_str().unwrap()]);
    assert!(v.status.success(), "{}", stdout(&v));
}
