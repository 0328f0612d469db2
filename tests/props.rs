//! Property tests and a fuzz-style runner over JSON import (cargo-fuzz needs nightly, which this
//! project does not use). Whatever the bytes: no panic; either the import succeeds and the ledger
//! verifies, or it is refused with a non-empty list of problems, each with a JSON path, and the
//! ledger is exactly as before.
//!
//! Long run: `FUZZ_SECONDS=300 cargo test --test props fuzz_import -- --ignored --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::*;
use proptest::prelude::*;
use restoration_ledger::app::{self, AppError};
use restoration_ledger::exchange::{self, Known};
use restoration_ledger::store::Store;
use serde_json::Value;

fn base_doc() -> Value {
    serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/exchange/base.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

/// Every JSON pointer in a document (the root excluded).
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(c, p, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(c, p, out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Replace(usize, Value),
    /// Copy a record to the end of its own or another table (duplicate ids, wrong shapes).
    DuplicateRecord(usize, usize),
    /// Insert a new key with a value into an object.
    AddKey(usize, String, Value),
    /// Flip, insert or delete bytes of the serialized file.
    Bytes(Vec<(usize, u8, u8)>),
}

fn apply(doc: &Value, muts: &[Mutation]) -> Vec<u8> {
    let mut doc = doc.clone();
    let mut byte_ops = Vec::new();
    for m in muts {
        let mut ptrs = Vec::new();
        pointers(&doc, String::new(), &mut ptrs);
        if ptrs.is_empty() {
            break;
        }
        let pick = |i: usize| ptrs[i % ptrs.len()].clone();
        match m {
            Mutation::Delete(i) => {
                let p = pick(*i);
                let (parent, last) = p.rsplit_once('/').unwrap();
                match doc.pointer_mut(parent) {
                    Some(Value::Object(o)) => {
                        o.remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(n) = last.parse::<usize>()
                            && n < a.len()
                        {
                            a.remove(n);
                        }
                    }
                    _ => {}
                }
            }
            Mutation::Replace(i, v) => {
                if let Some(t) = doc.pointer_mut(&pick(*i)) {
                    *t = v.clone();
                }
            }
            Mutation::DuplicateRecord(from, to) => {
                let tables: Vec<String> = doc
                    .as_object()
                    .map(|o| {
                        o.iter()
                            .filter(|(_, v)| v.is_array())
                            .map(|(k, _)| k.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                if tables.is_empty() {
                    continue;
                }
                let src = &tables[from % tables.len()];
                let dst = &tables[to % tables.len()];
                let rec = doc[src].as_array().and_then(|a| a.first().cloned());
                if let (Some(rec), Some(a)) = (rec, doc[dst].as_array_mut()) {
                    a.push(rec);
                }
            }
            Mutation::AddKey(i, k, v) => {
                if let Some(Value::Object(o)) = doc.pointer_mut(&pick(*i)) {
                    o.insert(k.clone(), v.clone());
                }
            }
            Mutation::Bytes(ops) => byte_ops.extend(ops.iter().cloned()),
        }
    }
    let mut bytes = serde_json::to_vec(&doc).unwrap();
    for (at, op, b) in byte_ops {
        if bytes.is_empty() {
            bytes.push(b);
            continue;
        }
        let at = at % bytes.len();
        match op % 3 {
            0 => bytes[at] ^= b.max(1),
            1 => bytes.insert(at, b),
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

/// The import check every input must pass. Returns whether the file was accepted.
fn check_import(ledger: &Path, bytes: &[u8]) -> bool {
    let mut store = Store::open(ledger, restoration_ledger::store::Access::ReadWrite).unwrap();
    let before = (store.record_count().unwrap(), store.audit_head().unwrap());
    match app::import_bytes(&mut store, bytes, OPERATOR, "fuzz.json") {
        Ok(_) => {
            let r = store.verify().unwrap();
            assert!(r.ok(), "accepted file does not verify: {:?}", r.findings);
            let data = store.load().unwrap();
            for today in [
                chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
                chrono::NaiveDate::MAX,
                chrono::NaiveDate::MIN,
            ] {
                let s = restoration_ledger::domain::summary::summarize(&data, today);
                let _ = app::summary_json(&s);
            }
            // What was accepted exports and re-imports unchanged.
            let exported =
                serde_json::to_vec(&app::export_value(&store, OPERATOR).unwrap()).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let copy = dir.path().join("copy.ledger");
            let mut s2 = Store::create(&copy).unwrap();
            app::import_bytes(&mut s2, &exported, OPERATOR, "re")
                .unwrap_or_else(|e| panic!("an accepted file's export does not re-import: {e}"));
            assert_eq!(s2.load().unwrap(), data);
            true
        }
        Err(AppError::Import(e)) => {
            assert!(!e.issues.is_empty(), "refused without a problem");
            for i in &e.issues {
                assert!(i.path.starts_with('$'), "problem without a JSON path: {i}");
                assert!(
                    !i.message.is_empty(),
                    "problem without a message at {}",
                    i.path
                );
            }
            let after = (store.record_count().unwrap(), store.audit_head().unwrap());
            assert_eq!(before, after, "a refused import wrote something");
            false
        }
        Err(other) => panic!("refused without JSON paths: {other}"),
    }
}

fn fresh_ledger(dir: &Path, n: usize) -> PathBuf {
    let p = dir.join(format!("p{n}.ledger"));
    drop(Store::create(&p).unwrap());
    p
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (-1.0e13f64..1.0e13).prop_map(|f| serde_json::json!(f)),
        (-5i64..5).prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
        "[\\x00-\\x1f\\u{202e}a-z0-9'\";-]{0,10}".prop_map(Value::from),
        "(19|20|00|99)[0-9]{2}-[0-1][0-9]-[0-3][0-9]".prop_map(Value::from),
        "[0-9a-fA-F-]{30,40}".prop_map(Value::from),
        Just(Value::from("00000000-0000-4000-8000-000000000004")),
        Just(Value::from("00000000-0000-4000-8000-000000000099")),
        // A small dictionary of values that once slipped through: empty names, other spellings
        // of existing ids, calendar-breaking thresholds.
        Just(Value::from("")),
        Just(Value::from("{00000000-0000-4000-8000-000000000004}")),
        Just(Value::from("000000000000400080000000000000002")),
        Just(Value::from("closed_pile_greened_within_years")),
        Just(Value::from("closed")),
        Just(serde_json::json!(1e12)),
        Just(serde_json::json!(-1e12)),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => any::<usize>().prop_map(Mutation::Delete),
        5 => (any::<usize>(), any_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::DuplicateRecord(a, b)),
        1 => (any::<usize>(), "[a-z_]{1,12}", any_value()).prop_map(|(i, k, v)| Mutation::AddKey(i, k, v)),
        2 => prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6).prop_map(Mutation::Bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Structured and byte mutations of a valid file: never a panic, never a half import.
    #[test]
    fn mutated_exchange_files_import_whole_or_not_at_all(muts in prop::collection::vec(mutation(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let ledger = fresh_ledger(dir.path(), 0);
        let bytes = apply(&base_doc(), &muts);
        check_import(&ledger, &bytes);
    }

    /// Arbitrary bytes never make the parser panic, and a refusal always says where.
    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match exchange::parse(&bytes, &Known::default(), OPERATOR, "2026-01-01T00:00:00Z") {
            Ok(_) => {}
            Err(e) => {
                prop_assert!(!e.issues.is_empty());
                prop_assert!(e.issues.iter().all(|i| i.path.starts_with('$')));
            }
        }
    }
}

/// A fuzz-style runner: random mutations for FUZZ_SECONDS (default 300) or FUZZ_ITERS; reports
/// executions, accepted files and the distinct problems the refusals named.
#[test]
#[ignore = "long: FUZZ_SECONDS=300 cargo test --test props fuzz_import -- --ignored --nocapture"]
fn fuzz_import_for_a_while() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let max_iters: u64 = std::env::var("FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(u64::MAX);
    let mut seed_rng = common::Rng::seeded();
    let mut seed = [0u8; 32];
    for b in seed.iter_mut() {
        *b = seed_rng.next() as u8;
    }
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    // Mostly one mutation: a file with several is nearly always refused for the first, and the
    // interesting paths lie behind a file that is almost valid.
    let strategy = prop_oneof![
        3 => prop::collection::vec(mutation(), 1..=1),
        1 => prop::collection::vec(mutation(), 2..6),
    ];
    let docs = [
        base_doc(),
        serde_json::from_str::<Value>(app::DEMO_JSON).unwrap(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut n_ledger = 0;
    let mut ledger = fresh_ledger(dir.path(), n_ledger);
    let start = std::time::Instant::now();
    let (mut execs, mut accepted, mut refused) = (0u64, 0u64, 0u64);
    let mut messages: std::collections::BTreeMap<String, u64> = Default::default();
    while start.elapsed().as_secs() < seconds && execs < max_iters {
        let muts = strategy.new_tree(&mut runner).unwrap().current();
        // Mostly the small file (fast); now and then the whole demo.
        let doc = if execs % 20 == 19 { &docs[1] } else { &docs[0] };
        let bytes = apply(doc, &muts);
        execs += 1;
        // Parse first, so the kinds of refusal can be tallied.
        if let Err(e) = exchange::parse(&bytes, &Known::default(), OPERATOR, "2026-01-01T00:00:00Z")
        {
            for i in &e.issues {
                let kind: String = i
                    .message
                    .chars()
                    .take_while(|c| *c != '(' && *c != '"')
                    .take(40)
                    .collect();
                *messages.entry(kind.trim().to_string()).or_default() += 1;
            }
        }
        let ok = std::panic::catch_unwind(|| check_import(&ledger, &bytes));
        match ok {
            Ok(true) => {
                accepted += 1;
                n_ledger += 1;
                ledger = fresh_ledger(dir.path(), n_ledger);
            }
            Ok(false) => refused += 1,
            Err(_) => {
                let f = dir.path().join("crash.json");
                std::fs::write(&f, &bytes).unwrap();
                let keep = std::env::temp_dir().join(format!("fuzz-crash-{execs}.json"));
                std::fs::copy(&f, &keep).unwrap();
                panic!(
                    "finding after {execs} executions; input kept at {}",
                    keep.display()
                );
            }
        }
    }
    eprintln!(
        "fuzz: {execs} executions in {:.0} s: {accepted} accepted, {refused} refused, 0 panics, 0 partial writes",
        start.elapsed().as_secs_f64()
    );
    let mut top: Vec<_> = messages.into_iter().collect();
    top.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (m, n) in top.iter().take(25) {
        eprintln!("  {n:>7}  {m}");
    }
}
