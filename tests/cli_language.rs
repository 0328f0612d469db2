//! Issue 25 case 7: every command speaks the user's language. On d9ba046 `init`, `import`,
//! `export`, `template`, `key`, `sign`, `account` and their errors printed English whatever the
//! settings said, only some commands took `--lang`, and deep refusals ("The password is too
//! short…", "… could not be signed in …") reached the Chinese window in English. Now every
//! command takes `--lang zh|en`; without it the window's language from the settings is used, and
//! Chinese when there are none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::app::settings::{AppPaths, Settings};
use restoration_ledger::i18n::Lang;
use std::path::Path;

fn all(o: &std::process::Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// English words of four letters or more, leaving out paths, ids, the program's own names and
/// the test operator's name ("测试员 test").
fn english_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        // Paths, options, ids and hashes are not words.
        .filter(|w| !w.contains('/') && !w.contains('.') && !w.starts_with('-'))
        .filter(|w| !w.bytes().any(|b| b.is_ascii_digit()))
        .flat_map(|w| {
            w.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|p| p.len() >= 4 && p.bytes().any(|b| b.is_ascii_lowercase()))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| {
            ![
                "verify",
                "sign",
                "conflicts",
                "resolve",
                "theirs",
                "ours",
                "both",
                "import",
                "report",
                "MiB",
                "test",
            ]
            .contains(&w.as_str())
        })
        .collect()
}

/// Runs every everyday command on a fresh demo ledger in `config`'s computer, with `lang` added
/// when given; returns each command's name and what it printed.
fn every_command(dir: &Path, config: &Path, lang: Option<&str>) -> Vec<(String, String)> {
    let ledger = dir.join("华阳二矿.ledger");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let json = one_problem_json(dir);
    let commands: Vec<(&str, Vec<String>)> = vec![
        ("init", vec!["init".into(), s(&ledger), "--demo".into()]),
        ("import", vec!["import".into(), s(&ledger), s(&json)]),
        (
            "export",
            vec![
                "export".into(),
                s(&ledger),
                "--out".into(),
                s(&dir.join("x.json")),
            ],
        ),
        (
            "export xlsx",
            vec![
                "export".into(),
                s(&ledger),
                "--out".into(),
                s(&dir.join("x.xlsx")),
            ],
        ),
        (
            "template",
            vec![
                "template".into(),
                s(&ledger),
                "--out".into(),
                s(&dir.join("t.xlsx")),
            ],
        ),
        ("key", vec!["key".into()]),
        ("sign", vec!["sign".into(), s(&ledger)]),
        (
            "account add",
            vec![
                "account".into(),
                "add".into(),
                s(&ledger),
                "--name".into(),
                "新同事".into(),
                "--role".into(),
                "auditor".into(),
            ],
        ),
        (
            "account list",
            vec!["account".into(), "list".into(), s(&ledger)],
        ),
        ("conflicts", vec!["conflicts".into(), s(&ledger)]),
        (
            "report",
            vec![
                "report".into(),
                s(&ledger),
                "--out".into(),
                s(&dir.join("r.pdf")),
            ],
        ),
        ("verify", vec!["verify".into(), s(&ledger)]),
        ("summary", vec!["summary".into(), s(&ledger)]),
        // Errors too: a ledger that does not exist, a password too short, a wrong password.
        (
            "missing ledger",
            vec![
                "export".into(),
                s(&dir.join("无.ledger")),
                "--out".into(),
                s(&dir.join("y.json")),
            ],
        ),
    ];
    let mut said = Vec::new();
    for (name, mut args) in commands {
        if let Some(l) = lang {
            args.extend(["--lang".to_string(), l.to_string()]);
        }
        let os: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        let o = cli_in(config, &os);
        assert_no_panic(&o, name);
        let expect_ok = name != "missing ledger";
        assert_eq!(o.status.success(), expect_ok, "{name}: {}", all(&o));
        said.push((name.to_string(), all(&o)));
    }
    // A password too short for a new account, and a wrong password, are refusals in words.
    let short = std::process::Command::new(bin())
        .args([
            "account",
            "add",
            &s(&ledger),
            "--name",
            "短密码",
            "--role",
            "auditor",
        ])
        .args(lang.map(|l| vec!["--lang", l]).unwrap_or_default())
        .env("RESTORATION_LEDGER_OPERATOR", OPERATOR)
        .env("RESTORATION_LEDGER_PASSWORD", PASSWORD)
        .env("RESTORATION_LEDGER_NEW_PASSWORD", "short")
        .env("RESTORATION_LEDGER_CONFIG_DIR", config)
        .output()
        .unwrap();
    assert_eq!(short.status.code(), Some(2), "{}", all(&short));
    said.push(("password too short".into(), all(&short)));
    let wrong = std::process::Command::new(bin())
        .args(["sign", &s(&ledger)])
        .args(lang.map(|l| vec!["--lang", l]).unwrap_or_default())
        .env("RESTORATION_LEDGER_OPERATOR", OPERATOR)
        .env("RESTORATION_LEDGER_PASSWORD", "not-the-password")
        .env("RESTORATION_LEDGER_CONFIG_DIR", config)
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2), "{}", all(&wrong));
    said.push(("wrong password".into(), all(&wrong)));
    said
}

#[test]
fn every_command_speaks_chinese_by_default_and_english_when_asked() {
    // No settings: Chinese, in every line, errors included.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    for (name, text) in every_command(dir.path(), &config, None) {
        let english = english_words(&text);
        assert!(
            english.is_empty(),
            "{name} printed English {english:?}:\n{text}"
        );
        assert!(
            text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{name} said nothing in Chinese:\n{text}"
        );
    }
    // --lang en: English.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let said = every_command(dir.path(), &config, Some("en"));
    for (name, needle) in [
        ("init", "Created"),
        ("import", "Imported"),
        ("export", "Exported"),
        ("template", "Wrote the template"),
        ("sign", "Signed audit entry"),
        ("account add", "Added the auditor account"),
        ("report", "Wrote"),
        ("verify", "audit"),
        ("missing ledger", "does not exist"),
        ("password too short", "too short"),
        ("wrong password", "could not be signed in"),
    ] {
        let text = &said.iter().find(|(n, _)| n == name).unwrap().1;
        assert!(text.contains(needle), "{name}: lacks {needle:?}:\n{text}");
    }
}

#[test]
fn without_lang_a_command_speaks_the_windows_language_from_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let paths = AppPaths {
        config_dir: config.clone(),
        documents_dir: dir.path().to_path_buf(),
    };
    Settings {
        lang: Lang::En,
        ..Settings::default()
    }
    .save(&paths)
    .unwrap();
    let ledger = dir.path().join("x.ledger");
    let o = cli_in(&config, &["init".as_ref(), ledger.as_os_str()]);
    assert!(stdout(&o).starts_with("Created"), "{}", all(&o));
    let o = cli_in(
        &config,
        &[
            "init".as_ref(),
            ledger.as_os_str(),
            "--lang".as_ref(),
            "zh".as_ref(),
        ],
    );
    assert!(stderr(&o).starts_with("错误："), "{}", all(&o));
}
