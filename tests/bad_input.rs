//! The bad-input corpus (tests/data/exchange/cases.json applied to tests/data/exchange/base.json,
//! and CLI arguments): every bad input is refused whole, with a message naming where, zero rows
//! written and no panic. Valid oddities (emoji, rare CJK, SQL-looking text, a byte-order mark)
//! are accepted and survive a round trip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::*;
use restoration_ledger::app::{self, AppError};
use restoration_ledger::store::{Access, Store};
use serde_json::Value;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/exchange")
}

fn base() -> Value {
    serde_json::from_slice(&std::fs::read(data_dir().join("base.json")).unwrap()).unwrap()
}

fn cases() -> (Vec<Value>, Vec<Value>) {
    let v: Value =
        serde_json::from_slice(&std::fs::read(data_dir().join("cases.json")).unwrap()).unwrap();
    (
        v["bad"].as_array().unwrap().clone(),
        v["good"].as_array().unwrap().clone(),
    )
}

/// `{"$repeat": s, "$times": n}` becomes `s` repeated `n` times (10 MB strings stay out of git).
fn expand(v: &Value) -> Value {
    match v {
        Value::Object(m) if m.contains_key("$repeat") => Value::String(
            m["$repeat"]
                .as_str()
                .unwrap()
                .repeat(m["$times"].as_u64().unwrap() as usize),
        ),
        other => other.clone(),
    }
}

fn set_pointer(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let target = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{parent}"));
    match target {
        Value::Array(a) if last == "-" => a.push(value),
        Value::Array(a) => a[last.parse::<usize>().unwrap()] = value,
        Value::Object(m) => {
            m.insert(last.to_string(), value);
        }
        _ => panic!("cannot set {pointer}"),
    }
}

fn remove_pointer(doc: &mut Value, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match doc.pointer_mut(parent).unwrap() {
        Value::Array(a) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        Value::Object(m) => {
            m.remove(last).unwrap();
        }
        _ => panic!("cannot remove {pointer}"),
    }
}

/// Builds a case's file bytes from the base file and the case's operations.
fn build(case: &Value) -> Vec<u8> {
    let mut doc = base();
    let ops = case["ops"].as_array().unwrap();
    let mut text_ops = Vec::new();
    for op in ops {
        let op = op.as_array().unwrap();
        match op[0].as_str().unwrap() {
            "set" => set_pointer(&mut doc, op[1].as_str().unwrap(), expand(&op[2])),
            "remove" => remove_pointer(&mut doc, op[1].as_str().unwrap()),
            _ => text_ops.push(op.clone()),
        }
    }
    let mut bytes = serde_json::to_vec(&doc).unwrap();
    for op in text_ops {
        let arg = |i: usize| op[i].as_str().unwrap().to_string();
        match op[0].as_str().unwrap() {
            "whole" => bytes = arg(1).into_bytes(),
            "append_text" => bytes.extend(arg(1).into_bytes()),
            "prepend_bytes" => {
                let mut b = hex::decode(arg(1)).unwrap();
                b.extend(bytes);
                bytes = b;
            }
            "replace_text" | "replace_text_bytes" => {
                let from = arg(1).into_bytes();
                let to = if op[0] == "replace_text" {
                    arg(2).into_bytes()
                } else {
                    hex::decode(arg(2)).unwrap()
                };
                let at = bytes
                    .windows(from.len())
                    .position(|w| w == from.as_slice())
                    .unwrap_or_else(|| panic!("{} not found", arg(1)));
                bytes.splice(at..at + from.len(), to);
            }
            other => panic!("unknown op {other}"),
        }
    }
    bytes
}

fn ledger_with_demo(dir: &Path) -> PathBuf {
    let p = dir.join("demo.ledger");
    drop(app::init(&p, true, OPERATOR).unwrap());
    p
}

fn ledger_empty(dir: &Path) -> PathBuf {
    let p = dir.join("empty.ledger");
    drop(Store::create(&p).unwrap());
    p
}

/// Every bad exchange file is refused by the library, into an empty ledger (where a file's history
/// would be restored) and into the demo ledger; the issue list names the expected place; nothing
/// is written.
#[test]
fn bad_exchange_corpus_is_refused_whole_naming_where() {
    let (bad, _) = cases();
    assert!(bad.len() >= 100, "corpus has {} cases", bad.len());
    let dir = tempfile::tempdir().unwrap();
    let targets = [ledger_empty(dir.path()), ledger_with_demo(dir.path())];
    let before: Vec<_> = targets.iter().map(|p| state(p)).collect();
    let mut failures = Vec::new();
    for case in &bad {
        let name = case["name"].as_str().unwrap();
        let expect = case["expect"].as_str().unwrap();
        let bytes = build(case);
        for target in &targets {
            let mut store = Store::open(target, Access::ReadWrite).unwrap();
            match app::import_bytes(&mut store, &bytes, OPERATOR, "case.json") {
                Ok(o) => failures.push(format!("{name}: accepted ({} records)", o.records)),
                Err(AppError::Import(e)) => {
                    assert!(!e.issues.is_empty(), "{name}: empty issue list");
                    let hit = e
                        .issues
                        .iter()
                        .any(|i| i.path == expect || i.path.starts_with(&format!("{expect}.")));
                    let msg_ok = case["message"]
                        .as_str()
                        .is_none_or(|m| e.issues.iter().any(|i| i.message.contains(m)));
                    if !hit || !msg_ok {
                        failures.push(format!(
                            "{name}: expected {expect} {:?}, got {:?}",
                            case["message"],
                            e.issues
                                .iter()
                                .take(3)
                                .map(|i| {
                                    let mut s = i.to_string();
                                    s.truncate(200);
                                    s
                                })
                                .collect::<Vec<_>>()
                        ));
                    }
                    let shown = e.to_string();
                    assert!(shown.contains("Nothing was written"), "{name}: {shown}");
                    assert!(
                        shown.len() < 100_000,
                        "{name}: message of {} bytes",
                        shown.len()
                    );
                }
                Err(other) => failures.push(format!("{name}: not an import error: {other}")),
            }
        }
    }
    for (p, b) in targets.iter().zip(&before) {
        assert_eq!(&state(p), b, "rows were written to {}", p.display());
        assert!(open_ro(p).verify().unwrap().ok());
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        bad.len(),
        failures.join("\n")
    );
    eprintln!(
        "{} bad exchange files refused, each into 2 ledgers",
        bad.len()
    );
}

/// The same corpus through the command line, importing into a ledger that does not exist yet:
/// exit code 2, the place named on stderr, no panic, and no ledger file left behind.
#[test]
fn bad_exchange_corpus_via_cli_creates_nothing() {
    let (bad, _) = cases();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.json");
    let ledger = dir.path().join("new.ledger");
    let mut failures = Vec::new();
    for case in &bad {
        let name = case["name"].as_str().unwrap();
        let expect = case["expect"].as_str().unwrap();
        std::fs::write(&file, build(case)).unwrap();
        let o = cli(&["import".as_ref(), ledger.as_os_str(), file.as_os_str()]);
        assert_no_panic(&o, name);
        if o.status.code() != Some(2) {
            failures.push(format!("{name}: exit {:?}", o.status.code()));
        }
        if !stderr(&o).contains(expect) {
            failures.push(format!("{name}: stderr does not name {expect}"));
        }
        if ledger.exists() {
            failures.push(format!("{name}: a ledger file was left behind"));
            let _ = std::fs::remove_file(&ledger);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Valid files with unusual content import, verify, summarise and survive export → import
/// unchanged.
#[test]
fn valid_oddities_are_accepted_and_round_trip() {
    let (_, good) = cases();
    for case in &good {
        let name = case["name"].as_str().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("good.ledger");
        let mut store = Store::create(&ledger).unwrap();
        let bytes = build(case);
        let o = app::import_bytes(&mut store, &bytes, OPERATOR, "good.json")
            .unwrap_or_else(|e| panic!("{name}: refused: {e}"));
        assert_eq!(
            o.records,
            16 + case["ops"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|op| op[1] == "/rules/-")
                .count()
                - 1,
            "{name}"
        );
        assert!(store.verify().unwrap().ok(), "{name}");
        let _ = app::summary(&store, chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()).unwrap();
        let _ = app::summary(&store, chrono::NaiveDate::MAX).unwrap();
        let _ = app::summary(&store, chrono::NaiveDate::MIN).unwrap();
        // Text fields come back exactly as given (the doc after set ops).
        let mut doc = base();
        for op in case["ops"].as_array().unwrap() {
            if op[0] == "set" {
                set_pointer(&mut doc, op[1].as_str().unwrap(), expand(&op[2]));
            }
        }
        let data = store.load().unwrap();
        assert_eq!(
            data.mines[0].name,
            doc["mines"][0]["name"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(
            data.mines[0].note,
            doc["mines"][0]["note"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(
            data.mines[0].company,
            doc["mines"][0]["company"].as_str().unwrap(),
            "{name}"
        );
        // Round trip through the exchange format into a new ledger.
        let exported = serde_json::to_vec(&app::export_value(&store, OPERATOR).unwrap()).unwrap();
        let copy = dir.path().join("copy.ledger");
        let mut store2 = Store::create(&copy).unwrap();
        app::import_bytes(&mut store2, &exported, OPERATOR, "export.json")
            .unwrap_or_else(|e| panic!("{name}: export does not re-import: {e}"));
        assert_eq!(store2.load().unwrap(), data, "{name}");
        assert_eq!(
            store2.audit_entries(None).unwrap(),
            store.audit_entries(None).unwrap()
        );
        assert!(store2.verify().unwrap().ok());
    }
}

/// The rare-character names survive the CLI too: import, export, re-import, compare text.
#[test]
fn emoji_and_rare_cjk_survive_cli_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ledger");
    let b = dir.path().join("b.ledger");
    let out = dir.path().join("out.json");
    let src = data_dir().join("base.json");
    let o = cli(&["import".as_ref(), a.as_os_str(), src.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = cli(&[
        "export".as_ref(),
        a.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = cli(&["import".as_ref(), b.as_os_str(), out.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let name = open_ro(&b).load().unwrap().mines[0].name.clone();
    assert_eq!(name, "华阳集团二矿 🏔️ 𠀀𪚥𰻞");
    assert_eq!(open_ro(&a).load().unwrap(), open_ro(&b).load().unwrap());
}

/// Bad command-line arguments: a clear message, a non-zero exit, no panic, the ledger unchanged.
#[test]
fn bad_cli_arguments_are_answered_without_panic() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let demo = demo_ledger();
    let l = demo.path.to_str().unwrap().to_string();
    let json = demo.dir.path().join("one.json");
    std::fs::write(
        &json,
        r#"{"format":"restoration-ledger","format_version":1,
            "mines":[{"id":"11111111-2222-4333-8444-555555555555","name":"矿","company":"","location":"","note":""}]}"#,
    )
    .unwrap();
    let j = json.to_str().unwrap().to_string();
    let before = bytes(&demo.path);
    let s = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
    let bad_utf8 = OsString::from_vec(vec![b'a', 0xff, 0xfe, b'z']);
    let long_operator = "x".repeat(100_000);
    let cases: Vec<(Vec<OsString>, &str)> = vec![
        (
            s(&["frobnicate"]),
            "neither a command nor an existing ledger",
        ),
        (
            s(&["summary", &l, "--date", "2023-02-30"]),
            "not a real date",
        ),
        (
            s(&["summary", &l, "--date", "2023-13-01"]),
            "not a real date",
        ),
        (s(&["summary", &l, "--date", ""]), "not a real date"),
        (s(&["summary", &l, "--date", "NaN"]), "not a real date"),
        (s(&["summary", &l, "--date", "-1"]), "error"),
        (
            s(&["summary", &l, "--date", "99999999999-01-01"]),
            "not a real date",
        ),
        (
            s(&["summary", &l, "--date", "2023-01-01'; DROP TABLE works;--"]),
            "not a real date",
        ),
        (
            s(&["summary", &l, "--date", "2023-01-01\u{7}"]),
            "not a real date",
        ),
        (
            vec![
                "summary".into(),
                l.clone().into(),
                "--date".into(),
                bad_utf8.clone(),
            ],
            "invalid UTF-8",
        ),
        (s(&["summary", &l, "--json=yes"]), "error"),
        (s(&["export", &l]), "--out"),
        (s(&["export", &l, "--out"]), "--out"),
        (s(&["export", &l, "--out", &l]), "overwrite the ledger"),
        (
            s(&["export", &l, "--out", &l, "--force"]),
            "overwrite the ledger",
        ),
        (s(&["init"]), "required"),
        (s(&["import", &l]), "required"),
        (s(&["import", &l, &l]), "not valid"),
        (
            s(&["import", &l, demo.dir.path().to_str().unwrap()]),
            "Could not read",
        ),
        (s(&["import", &l, "/no/such/file.json"]), "Could not read"),
        (s(&["init", &l]), "already exists"),
        (s(&["verify", &l, "extra"]), "unexpected argument"),
        (s(&["stress", &l, "--count", "-5"]), "error"),
        (s(&["stress", &l, "--count", "NaN"]), "invalid"),
        (s(&["stress", &l, "--count", "1e9999"]), "invalid"),
        (
            s(&["stress", &l, "--count", "99999999999999999999999"]),
            "invalid",
        ),
        (
            s(&["import", &l, &j, "--operator", "a\u{1}b"]),
            "control character",
        ),
        (
            s(&["import", &l, &j, "--operator", "a\u{202e}b"]),
            "text-direction mark U+202E",
        ),
        (
            s(&["import", &l, &j, "--operator", &long_operator]),
            "longer than 200",
        ),
        (
            vec![
                "import".into(),
                l.clone().into(),
                j.clone().into(),
                "--operator".into(),
                bad_utf8.clone(),
            ],
            "invalid UTF-8",
        ),
        // verify speaks Chinese unless told otherwise, its errors too (issue 10).
        (vec!["verify".into(), bad_utf8.clone()], "台账文件不存在"),
        (
            vec![
                "verify".into(),
                bad_utf8.clone(),
                "--lang".into(),
                "en".into(),
            ],
            "does not exist",
        ),
        (
            vec!["import".into(), l.clone().into(), bad_utf8.clone()],
            "Could not read",
        ),
    ];
    let n = cases.len();
    for (mut args, expect) in cases {
        // The English messages are compared; the default (Chinese) is tested elsewhere.
        if !args.iter().any(|a| a == "--lang") && expect.is_ascii() {
            args.extend(["--lang".into(), "en".into()]);
        }
        let os: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let o = cli(&os);
        assert_no_panic(&o, &format!("{args:?}"));
        assert_ne!(o.status.code(), Some(0), "{args:?} succeeded");
        let err = stderr(&o);
        assert!(
            err.contains(expect),
            "{:?}: expected {expect:?} in {err}",
            args.iter()
                .map(|a| a.to_string_lossy().chars().take(60).collect::<String>())
                .collect::<Vec<_>>()
        );
        assert_eq!(bytes(&demo.path), before, "{args:?} changed the ledger");
    }
    // Extreme but valid dates and SQL-looking operator names are fine.
    for args in [
        vec!["summary", &l, "--date", "0001-01-01"],
        vec!["summary", &l, "--date", "9999-12-31", "--json"],
        vec!["summary", &l, "--date", "2024-02-29"],
    ] {
        let o = cli_str(&args);
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    let sqlish = "Robert'); DROP TABLE audit_log;--";
    let o = cli_str(&["import", &l, &j, "--operator", sqlish]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = open_ro(&demo.path);
    assert_eq!(
        s.audit_entries(None).unwrap().last().unwrap().operator,
        sqlish
    );
    assert!(s.verify().unwrap().ok());
    eprintln!("{n} bad CLI argument cases answered");
}

/// Bug pinned: `restoration-ledger summary | head` panicked ("failed printing to stdout: Broken
/// pipe") when the reader went away.
#[test]
fn closed_stdout_pipe_is_not_a_panic() {
    let demo = demo_ledger();
    for args in [
        vec!["schema".to_string()],
        vec!["summary".into(), demo.path.to_str().unwrap().into()],
    ] {
        let mut child = std::process::Command::new(bin())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_no_panic(&o, &format!("{args:?} into a closed pipe"));
        // 141 when the pipe closed before the output was written; 0 when it all fit in the
        // pipe's buffer first (a race this test cannot control). Never a panic.
        assert!(
            matches!(o.status.code(), Some(0) | Some(141)),
            "{:?} {}",
            o.status,
            stderr(&o)
        );
    }
}
