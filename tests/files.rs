//! Bad files: empty, random bytes, truncated, another program's SQLite file, a newer ledger,
//! read-only, a missing folder. Each gets a clear message, and the file is left byte-identical.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::*;
use restoration_ledger::domain::Mine;
use restoration_ledger::store::{Access, SCHEMA_VERSION, Store, StoreError};

fn dir_listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Opens `path` every way the program can (both access modes, and the CLI's reading and writing
/// commands) and checks each refusal: the message contains `expect`, names the file, and the
/// file and its folder are unchanged.
fn assert_refused(path: &Path, expect: &str) {
    let before = bytes(path);
    let dir = path.parent().unwrap();
    let listing = dir_listing(dir);
    for access in [Access::ReadOnly, Access::ReadWrite] {
        let err = match Store::open(path, access) {
            Ok(_) => panic!("{} opened ({access:?})", path.display()),
            Err(e) => e,
        };
        let msg = err.to_string();
        assert!(msg.contains(expect), "{access:?}: {msg}");
        assert!(
            msg.ends_with(&path.display().to_string()),
            "path last: {msg}"
        );
    }
    let json = dir.join("in.json");
    std::fs::write(&json, app_demo()).unwrap();
    for args in [
        // verify speaks Chinese unless told otherwise (its errors too); English is compared here.
        vec![
            "verify".as_ref(),
            path.as_os_str(),
            "--lang".as_ref(),
            "en".as_ref(),
        ],
        // So does summary (issue 25 case 7).
        vec![
            "summary".as_ref(),
            path.as_os_str(),
            "--json".as_ref(),
            "--lang".as_ref(),
            "en".as_ref(),
        ],
        vec![
            "export".as_ref(),
            path.as_os_str(),
            "--out".as_ref(),
            dir.join("out.json").into_os_string().leak() as &std::ffi::OsStr,
        ],
        vec!["import".as_ref(), path.as_os_str(), json.as_os_str()],
        vec!["init".as_ref(), path.as_os_str()],
    ] {
        // Every command speaks Chinese unless told otherwise (its errors too); English is
        // compared here.
        let mut args = args;
        let lang: [&std::ffi::OsStr; 2] = ["--lang".as_ref(), "en".as_ref()];
        if !args.contains(&lang[0]) {
            args.extend(lang);
        }
        let o = cli(&args);
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        if args[0] != "init" {
            assert!(err.contains(expect), "{args:?}: {err}");
        }
    }
    std::fs::remove_file(&json).unwrap();
    assert_eq!(bytes(path), before, "{} was changed", path.display());
    assert_eq!(dir_listing(dir), listing, "files appeared or vanished");
}

fn app_demo() -> &'static str {
    restoration_ledger::app::DEMO_JSON
}

#[test]
fn empty_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.ledger");
    std::fs::write(&p, b"").unwrap();
    assert_refused(&p, "empty");
}

#[test]
fn random_bytes_are_refused_untouched() {
    let mut rng = Rng::seeded();
    let dir = tempfile::tempdir().unwrap();
    for (i, len) in [1usize, 15, 99, 100, 4096, 50_000].into_iter().enumerate() {
        let p = dir.path().join(format!("random-{i}.ledger"));
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        std::fs::write(&p, &data).unwrap();
        assert_refused(&p, "not a Restoration Ledger file");
    }
}

/// Random bytes behind a genuine SQLite header: the header check passes, SQLite must still refuse.
#[test]
fn random_bytes_behind_a_sqlite_header_are_refused_untouched() {
    let mut rng = Rng::seeded();
    let dir = tempfile::tempdir().unwrap();
    for (i, len) in [100usize, 512, 4096, 8192, 40_000].into_iter().enumerate() {
        let p = dir.path().join(format!("header-{i}.ledger"));
        let mut data: Vec<u8> = b"SQLite format 3\0".to_vec();
        data.extend((16..len).map(|_| rng.next() as u8));
        std::fs::write(&p, &data).unwrap();
        let before = bytes(&p);
        for access in [Access::ReadOnly, Access::ReadWrite] {
            let err = Store::open(&p, access).err().expect("refused");
            let msg = err.to_string();
            assert!(
                matches!(
                    err,
                    StoreError::NotALedger { .. } | StoreError::Damaged { .. }
                ),
                "{msg}"
            );
            assert!(msg.ends_with(&p.display().to_string()), "{msg}");
        }
        let o = cli(&["verify".as_ref(), p.as_os_str()]);
        assert_no_panic(&o, "verify random with header");
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(bytes(&p), before);
    }
}

#[test]
fn truncated_ledger_is_refused_untouched() {
    let demo = demo_ledger();
    let full = bytes(&demo.path);
    assert!(full.len() > 8192);
    for (i, cut) in [50usize, 100, 4096, full.len() / 2, full.len() - 4096]
        .into_iter()
        .enumerate()
    {
        let p = demo.dir.path().join(format!("cut-{i}.ledger"));
        std::fs::write(&p, &full[..cut]).unwrap();
        assert_refused(&p, "damaged");
    }
}

#[test]
fn sqlite_file_of_another_program_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    assert_refused(&p, "another program");
}

#[test]
fn ledger_from_a_newer_version_is_refused_untouched() {
    let demo = demo_ledger();
    let p = demo.dir.path().join("newer.ledger");
    std::fs::copy(&demo.path, &p).unwrap();
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    assert_refused(&p, "newer version");
    let err = Store::open(&p, Access::ReadWrite).err().unwrap();
    assert!(matches!(
        err,
        StoreError::NewerVersion {
            found: 99,
            supported: SCHEMA_VERSION,
            ..
        }
    ));
}

#[test]
fn folder_given_as_ledger_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a-folder.ledger");
    std::fs::create_dir(&p).unwrap();
    for access in [Access::ReadOnly, Access::ReadWrite] {
        let msg = Store::open(&p, access).err().unwrap().to_string();
        assert!(msg.contains("folder"), "{msg}");
    }
    let o = cli_str(&["verify", p.to_str().unwrap()]);
    assert_no_panic(&o, "verify folder");
    assert!(stderr(&o).contains("folder"));
}

#[test]
fn missing_folder_is_named_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("no-such-folder").join("x.ledger");
    for access in [Access::ReadOnly, Access::ReadWrite] {
        let msg = Store::open(&p, access).err().unwrap().to_string();
        assert!(
            msg.contains("folder for the ledger does not exist"),
            "{msg}"
        );
    }
    let msg = Store::create(&p).err().unwrap().to_string();
    assert!(msg.contains("folder"), "{msg}");
    let json = dir.path().join("in.json");
    std::fs::write(&json, app_demo()).unwrap();
    let ps = p.to_str().unwrap();
    for args in [
        vec!["init", ps],
        vec!["init", ps, "--demo"],
        vec!["verify", ps],
        vec!["import", ps, json.to_str().unwrap()],
    ] {
        let o = cli_str(&args);
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("folder"), "{args:?}: {}", stderr(&o));
    }
    // Export into a missing folder: the ledger is fine, the output place is not.
    let demo = demo_ledger();
    let o = cli_str(&[
        "export",
        demo.path.to_str().unwrap(),
        "--out",
        dir.path().join("nope").join("o.json").to_str().unwrap(),
    ]);
    assert_no_panic(&o, "export to missing folder");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("o.json"), "{}", stderr(&o));
    assert!(!dir.path().join("no-such-folder").exists());
}

#[test]
fn missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("missing.ledger");
    let msg = Store::open(&p, Access::ReadOnly).err().unwrap().to_string();
    assert!(msg.contains("does not exist"), "{msg}");
    let o = cli_str(&["summary", p.to_str().unwrap(), "--lang", "en"]);
    assert_no_panic(&o, "summary missing");
    assert!(stderr(&o).contains("does not exist"));
    // In Chinese by default.
    let o = cli_str(&["summary", p.to_str().unwrap()]);
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    assert!(!p.exists());
}

fn running_as_root() -> bool {
    // Root ignores file permissions; probe by trying to write a read-only file.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("probe");
    std::fs::write(&p, b"x").unwrap();
    let mut perm = std::fs::metadata(&p).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&p, perm).unwrap();
    std::fs::OpenOptions::new().append(true).open(&p).is_ok()
}

/// A write-protected ledger file: reading works, writing is refused with a clear message, and
/// the file stays byte-identical. Root ignores permissions, so there only the read side is
/// checked (the read-only access mode is covered in tests/readonly.rs).
#[test]
fn read_only_file_reads_but_refuses_writes_untouched() {
    let demo = demo_ledger();
    let before = bytes(&demo.path);
    let mut perm = std::fs::metadata(&demo.path).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&demo.path, perm).unwrap();
    let ro = open_ro(&demo.path);
    assert!(ro.verify().unwrap().ok());
    drop(ro);
    let o = cli_str(&["verify", demo.path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    if running_as_root() {
        eprintln!("running as root: file permissions cannot be enforced, write side skipped");
    } else {
        let json = demo.dir.path().join("one.json");
        std::fs::write(
            &json,
            r#"{"format":"restoration-ledger","format_version":1,
                "mines":[{"id":"11111111-2222-4333-8444-555555555555","name":"矿","company":"","location":"","note":""}]}"#,
        )
        .unwrap();
        let o = cli(&["import".as_ref(), demo.path.as_os_str(), json.as_os_str()]);
        assert_no_panic(&o, "import into read-only file");
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("cannot be written"), "{}", stderr(&o));
        match Store::open(&demo.path, Access::ReadWrite) {
            Err(e) => assert!(e.to_string().contains("cannot be written"), "{e}"),
            Ok(mut s) => {
                let err = s
                    .write(OPERATOR, |w| {
                        w.delete::<restoration_ledger::domain::Rule>(uuid::Uuid::nil(), 1, "x")
                    })
                    .unwrap_err();
                assert!(
                    err.to_string().contains("cannot be written")
                        || matches!(err, StoreError::RecordMissing { .. }),
                    "{err}"
                );
            }
        }
    }
    assert_eq!(bytes(&demo.path), before);
}

#[test]
fn create_applies_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.ledger");
    let s = Store::create(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.record_count().unwrap(), 0);
    assert!(s.verify().unwrap().ok());
    drop(s);
    let c = raw(&p);
    let app_id: i64 = c
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, restoration_ledger::store::APPLICATION_ID);
    for t in restoration_ledger::store::RECORD_TABLES {
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?1",
                [t],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "table {t} missing");
    }
    // Creating over an existing file never overwrites it.
    let before = bytes(&p);
    assert!(matches!(
        Store::create(&p).err().unwrap(),
        StoreError::AlreadyExists(_)
    ));
    assert_eq!(bytes(&p), before);
}

#[test]
fn v1_ledger_is_backed_up_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("old.ledger");
    {
        let mut s = Store::create_at_version(&p, 1).unwrap();
        assert_eq!(s.schema_version().unwrap(), 1);
        seed_mines(&mut s, 5);
    }
    let v1_bytes_records: i64 = raw(&p)
        .query_row("SELECT count(*) FROM mines", [], |r| r.get(0))
        .unwrap();
    // Read-only reads it as it is (upgraded in memory only): untouched, no backup.
    let before = bytes(&p);
    let ro = Store::open(&p, Access::ReadOnly).unwrap();
    assert_eq!(ro.list::<Mine>().unwrap().len() as i64, v1_bytes_records);
    assert!(ro.migrated_backup.is_none());
    drop(ro);
    assert_eq!(bytes(&p), before);

    let s = open_rw(&p);
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let backup = s.migrated_backup.clone().expect("a backup was written");
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("old.ledger.v1-") && name.ends_with(".bak"),
        "{name}"
    );
    assert!(s.verify().unwrap().ok());
    assert_eq!(s.record_count().unwrap(), v1_bytes_records);
    drop(s);
    // The backup is a v1 ledger with the same records.
    let c = raw(&backup);
    let v: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let n: i64 = c
        .query_row("SELECT count(*) FROM mines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, v1_bytes_records);
    // Opening again does not migrate or back up again.
    let s = open_rw(&p);
    assert!(s.migrated_backup.is_none());
}
