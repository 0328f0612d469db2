//! A ledger that proves itself (issue 9, case 5): the department's Ed25519 key, kept outside the
//! ledger, signs checkpoints of the audit head and the reports; a chain rewritten whole no longer
//! matches what was signed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn verify(o: &Office) -> Output {
    o.run(&["verify", o.ledger.to_str().unwrap(), "--lang", "en"])
}

/// A department with its key, and the demo ledger made (and so signed) by it.
fn office() -> Office {
    let office = Office::new();
    assert!(
        stdout(&office.made).contains("已用本部门密钥"),
        "{}",
        stdout(&office.made)
    );
    let o = verify(&office);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("signed checkpoint"), "{}", stdout(&o));
    office
}

/// The forger's way, from 0.1.0's test: UPDATE a survey with sqlite3, patch its audit entry,
/// recompute every hash and the stored head. 0.1.0's `verify` said OK.
fn rewrite_history(ledger: &Path) {
    use restoration_ledger::domain::AuditEntry;
    let conn = raw(ledger);
    let (id, alive): (String, i64) = conn
        .query_row("SELECT id, planted FROM surveys LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    conn.execute(
        "UPDATE surveys SET alive = ?1 WHERE id = ?2",
        rusqlite::params![alive, id],
    )
    .unwrap();
    let entries = open_ro(ledger).audit_entries(None).unwrap();
    let mut prev = restoration_ledger::store::GENESIS.to_string();
    for mut e in entries {
        if e.record_id == id && e.table_name == "surveys" {
            let mut v: serde_json::Value =
                serde_json::from_str(e.new_value.as_deref().unwrap()).unwrap();
            v["alive"] = alive.into();
            e.new_value = Some(v.to_string());
        }
        e.prev_hash = prev.clone();
        e.hash = AuditEntry::compute_hash(&e);
        conn.execute(
            "UPDATE audit_log SET new_value = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![e.new_value, e.prev_hash, e.hash, e.seq],
        )
        .unwrap();
        prev = e.hash.clone();
    }
    conn.execute(
        "UPDATE ledger_info SET value = ?1 WHERE key = 'audit_head'",
        [&prev],
    )
    .unwrap();
}

#[test]
fn a_rewritten_hash_chain_no_longer_matches_its_signed_checkpoint() {
    let o = office();
    rewrite_history(&o.ledger);
    // Without the signatures the rewrite is perfect: the chain and every row agree.
    assert!(open_ro(&o.ledger).verify().unwrap().ok());
    let v = verify(&o);
    assert_eq!(v.status.code(), Some(1), "{}", stdout(&v));
    assert!(
        stdout(&v).contains("no longer matches this signed checkpoint"),
        "{}",
        stdout(&v)
    );
    // Issue 25 case 2: `report` printed from such a ledger (README promises it does not).
    let pdf = o.dir.path().join("r.pdf");
    let r = o.run(&[
        "report",
        o.ledger.to_str().unwrap(),
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(
        !r.status.success(),
        "a report was printed from a rewritten ledger"
    );
    assert!(!pdf.exists());
}

#[test]
fn removed_checkpoints_and_a_swapped_key_are_reported_while_the_key_is_at_hand() {
    let o = office();
    raw(&o.ledger)
        .execute("DELETE FROM checkpoints", [])
        .unwrap();
    // Without the checkpoints and still at the signed entry, the file is the state that was
    // signed (as the untouched original of a copy a report was printed from): nothing is hidden.
    let v = verify(&o);
    assert_eq!(v.status.code(), Some(0), "{}", stdout(&v));
    // Once it goes on past the signed entry without the checkpoint, the removal is caught.
    o.import_one_problem();
    let v = verify(&o);
    assert_eq!(v.status.code(), Some(1), "{}", stdout(&v));
    assert!(
        stdout(&v).contains("checkpoints were removed"),
        "{}",
        stdout(&v)
    );

    let o = office();
    let other = restoration_ledger::domain::signing::public_key_of(&[9u8; 32]);
    raw(&o.ledger)
        .execute(
            "UPDATE ledger_info SET value = ?1 WHERE key = 'signing_key'",
            [&other],
        )
        .unwrap();
    let v = verify(&o);
    assert_eq!(v.status.code(), Some(1), "{}", stdout(&v));
    assert!(stdout(&v).contains("swapped"), "{}", stdout(&v));
}

#[test]
fn reports_are_signed_and_a_forged_signature_is_refused() {
    let o = office();
    let pdf = o.report("r.pdf");
    // The key's id is printed on the report.
    let key = o.run(&["key", "--lang", "en"]);
    let id_line = stdout(&key).lines().next().unwrap().to_string();
    let id: String = id_line
        .trim_start_matches("Department signing key ")
        .chars()
        .take(19)
        .collect();
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&text.stdout).contains(&id),
        "key id {id} not printed"
    );
    // An auditor with no key checks it against the ledger's key.
    let auditor = tempfile::tempdir().unwrap();
    let v = cli_in(
        auditor.path(),
        &[
            "verify".as_ref(),
            o.ledger.as_os_str(),
            "--report".as_ref(),
            pdf.as_os_str(),
            "--lang".as_ref(),
            "en".as_ref(),
        ],
    );
    assert!(v.status.success(), "{}{}", stdout(&v), stderr(&v));
    assert!(stdout(&v).contains("Signature: valid"), "{}", stdout(&v));
    // The report wrote a checkpoint.
    let checkpoints = open_ro(&o.ledger).checkpoints().unwrap();
    assert!(checkpoints.iter().any(|c| c.occasion == "report"));
    // A flipped digit of the signature (UTF-16 hex in the keywords).
    let mut b = bytes(&pdf);
    let marker: String = "sig=".encode_utf16().map(|u| format!("{u:04X}")).collect();
    let at = b
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())
        .unwrap()
        + marker.len()
        + 3;
    // The low hex digit of the first character's UTF-16 code: it stays a hex digit (0-9, a-f).
    b[at] = if b[at] == b'1' { b'2' } else { b'1' };
    let forged = o.dir.path().join("forged.pdf");
    std::fs::write(&forged, &b).unwrap();
    let v = cli_in(
        auditor.path(),
        &[
            "verify".as_ref(),
            o.ledger.as_os_str(),
            "--report".as_ref(),
            forged.as_os_str(),
            "--lang".as_ref(),
            "en".as_ref(),
        ],
    );
    assert_ne!(v.status.code(), Some(0), "{}", stdout(&v));
    assert!(
        stderr(&v).contains("signature does not verify"),
        "{}",
        stderr(&v)
    );
}

#[test]
fn the_secret_key_stays_outside_the_ledger_and_can_be_exported_and_imported() {
    let o = office();
    let key_file = std::fs::read_to_string(o.config.join("department-signing.key")).unwrap();
    let secret = key_file
        .lines()
        .find_map(|l| l.strip_prefix("secret="))
        .unwrap()
        .to_string();
    let ledger = bytes(&o.ledger);
    assert!(!ledger.windows(secret.len()).any(|w| w == secret.as_bytes()));
    // Export, and install on another computer: the same key signs there.
    let copy = o.dir.path().join("key-backup.txt");
    let e = o.run(&["key", "--export", copy.to_str().unwrap()]);
    assert!(e.status.success(), "{}", stderr(&e));
    let other = tempfile::tempdir().unwrap();
    let i = cli_in(
        other.path(),
        &["key".as_ref(), "--import".as_ref(), copy.as_os_str()],
    );
    assert!(i.status.success(), "{}", stderr(&i));
    let s = cli_in(other.path(), &["sign".as_ref(), o.ledger.as_os_str()]);
    assert!(s.status.success(), "{}", stderr(&s));
    // A different key may not sign this ledger.
    let stranger = tempfile::tempdir().unwrap();
    let s = cli_in(stranger.path(), &["sign".as_ref(), o.ledger.as_os_str()]);
    assert_eq!(s.status.code(), Some(2));
    assert!(stderr(&s).contains("由另一把部门密钥"), "{}", stderr(&s));
}

/// Issue 25 case 2: a copy on a stick, then a report of the original (it signs a checkpoint):
/// `verify` of the copy said "检查点被删除过", exit 1. An older copy is said to be one; copies that
/// both went on are "two copies that diverged", and a rollback past a signed checkpoint that
/// then went on is still caught.
#[test]
fn an_older_copy_is_said_to_be_one_and_diverged_copies_are_not_called_forged() {
    let o = office();
    let stick = o.dir.path().join("stick.ledger");
    std::fs::copy(&o.ledger, &stick).unwrap();
    o.import_one_problem();
    o.report("r.pdf");
    let v = o.run(&["verify", stick.to_str().unwrap()]);
    let said = stdout(&v);
    assert_eq!(v.status.code(), Some(0), "{said}{}", stderr(&v));
    assert!(said.contains("这是较早的副本"), "{said}");
    assert!(!said.contains("删除"), "{said}");
    // The copy goes on by itself: the copies diverged, which is said as such.
    let r = o.run(&[
        "import",
        stick.to_str().unwrap(),
        one_problem_json(o.dir.path()).to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let v = o.run(&["verify", stick.to_str().unwrap()]);
    let said = stdout(&v);
    assert!(said.contains("各自改动"), "{said}");
    assert!(!said.contains("删除"), "{said}");
    // The original itself is fine.
    let v = o.run(&["verify", o.ledger.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", stdout(&v));
}
