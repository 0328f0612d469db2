//! The architecture `lib.rs` describes, checked: each layer names only the layers below it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

const MODULES: &[&str] = &[
    "app", "assets", "cli", "clock", "domain", "exchange", "i18n", "report", "store", "ui",
];

/// The `.rs` files of a module (a folder, or a file of that name), without unit-test files.
fn files(module: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let file = src.join(format!("{module}.rs"));
    if file.exists() {
        out.push(file);
    }
    let mut stack = vec![src.join(module)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs")
                && p.file_name().is_some_and(|n| n != "tests.rs")
            {
                out.push(p);
            }
        }
    }
    out
}

/// The modules a module's code (not its comments, not its unit tests) names as `crate::x`.
fn uses(module: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in files(module) {
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests at the end of a file may set up a whole ledger.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            for m in MODULES {
                if *m != module
                    && (line.contains(&format!("crate::{m}::"))
                        || line.contains(&format!("crate::{m};"))
                        || line.contains(&format!("crate::{m}}}")))
                {
                    out.push((m.to_string(), format!("{}: {line}", f.display())));
                }
            }
        }
    }
    out
}

fn assert_only(module: &str, allowed: &[&str]) {
    let bad: Vec<String> = uses(module)
        .into_iter()
        .filter(|(m, _)| !allowed.contains(&m.as_str()))
        .map(|(m, at)| format!("{module} uses {m}: {at}"))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn domain_depends_on_nothing_and_does_not_read_the_clock() {
    assert_only("domain", &[]);
    for f in files("domain") {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for clock in ["Utc::now", "Local::now", "SystemTime::now", "Instant::now"] {
            assert!(
                !code.contains(clock),
                "{} reads the clock ({clock})",
                f.display()
            );
        }
    }
}

#[test]
fn i18n_depends_on_domain_only() {
    assert_only("i18n", &["domain"]);
}

#[test]
fn store_exchange_and_report_sit_on_domain() {
    assert_only("store", &["domain", "clock"]);
    assert_only("exchange", &["domain", "i18n"]);
    assert_only("report", &["domain", "i18n", "assets", "clock"]);
}

#[test]
fn the_window_and_the_command_line_reach_the_store_only_through_app() {
    assert_only(
        "ui",
        &["app", "domain", "i18n", "assets", "clock", "report"],
    );
    assert_only(
        "cli",
        &["app", "domain", "i18n", "clock", "report", "exchange"],
    );
}

/// Issue 8, point 6: the application reaches a ledger through `Ledger` and `Backend`; the SQLite
/// backend is named in one place (`app/mod.rs`: `LedgerFile` and `open_file`), and no SQLite type
/// appears in the application, the window or the command line.
#[test]
fn the_application_names_the_sqlite_backend_in_one_place_only() {
    let mut bad = Vec::new();
    for module in ["app", "ui", "cli"] {
        for f in files(module) {
            let text = std::fs::read_to_string(&f).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let the_choice = f.ends_with("src/app/mod.rs");
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                if line.contains("rusqlite") {
                    bad.push(format!("{}: {line}", f.display()));
                }
                // `Store` as a word: not `StoreError`, not the error variant `Store(…)`.
                let names_store = line.match_indices("Store").any(|(i, _)| {
                    let before = line[..i].chars().next_back();
                    let after = line[i + "Store".len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '(')
                });
                if names_store && !the_choice {
                    bad.push(format!("{}: {line}", f.display()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
