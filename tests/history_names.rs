//! Issue 26 case 4: History named records by id fragments ("工程量 7939ec34") and let the
//! program's own names through (`sign_ins`, `prepared_by`, `owner_kind`, `台账信息 signing_`,
//! reasons "example account", times "2026-11-28T09:30:00"). Every entry of a ledger that has been
//! made, signed in to, given an account and signed is now named, changed and explained in words,
//! in both languages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use restoration_ledger::i18n::Lang;
use restoration_ledger::i18n::records::{change_text, entry_record, reason_text};

/// What a person should never read: a program's name with an underscore, an id, a raw time
/// (a file's own name, "photo_ac1.jpg", is the person's).
fn raw_names(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_-:.".contains(c)))
        .filter(|w| !w.contains('.'));
    for word in words {
        let snake = word.contains('_') && word.bytes().any(|b| b.is_ascii_lowercase());
        let hex = |s: &str| {
            s.len() >= 8
                && s.bytes().all(|b| b.is_ascii_hexdigit())
                && s.bytes().any(|b| b.is_ascii_digit())
                && s.bytes().any(|b| b.is_ascii_alphabetic())
        };
        let id = word.split('-').any(hex);
        let iso = word.len() >= 13
            && word.as_bytes().get(10) == Some(&b'T')
            && word[..4].bytes().all(|b| b.is_ascii_digit());
        if snake || id || iso {
            found.push(word.to_string());
        }
    }
    found
}

#[test]
fn every_history_entry_is_named_and_explained_in_words() {
    let office = Office::new();
    // A sign-in and a new account through the program, then a signed checkpoint.
    office.import_one_problem();
    office.add_auditor("审计 小王");
    let store = open_ro(&office.ledger);
    let data = store.load().unwrap();
    let entries = store.audit_entries(None).unwrap();
    let tables: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e.table_name.as_str()).collect();
    for t in [
        "sign_ins",
        "accounts",
        "ledger_info",
        "sign_offs",
        "photos",
        "readings",
    ] {
        assert!(tables.contains(t), "the ledger has {t} entries: {tables:?}");
    }
    for l in [Lang::Zh, Lang::En] {
        for e in &entries {
            for (what, text) in [
                ("record", entry_record(l, &data, e)),
                ("change", change_text(l, &data, e)),
                ("reason", reason_text(l, &e.reason)),
            ] {
                let raw = raw_names(&text);
                assert!(
                    raw.is_empty(),
                    "{l:?} {} {} {what}: {raw:?} in {text}",
                    e.table_name,
                    e.action
                );
            }
            assert!(!entry_record(l, &data, e).is_empty(), "{}", e.table_name);
        }
    }
}
