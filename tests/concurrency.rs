//! Two writers on one ledger: optimistic versions turn a concurrent edit into a conflict, never a
//! lost update; a writer blocked past the busy timeout is told the ledger is in use.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use restoration_ledger::domain::{Mine, Work};
use restoration_ledger::store::{Access, Store, StoreError};

#[test]
fn stale_update_from_second_store_is_a_conflict_not_a_lost_update() {
    let demo = demo_ledger();
    let mut a = open_rw(&demo.path);
    let mut b = open_rw(&demo.path);
    let work_a: Work = a.list::<Work>().unwrap()[0].clone();
    let work_b: Work = b.get(work_a.meta.id).unwrap().unwrap();

    let mut edit_a = work_a.clone();
    edit_a.note = "A was here".into();
    let saved = a.write("A", |w| w.update(&edit_a, "")).unwrap();
    assert_eq!(saved.meta.version, work_a.meta.version + 1);

    let mut edit_b = work_b.clone();
    edit_b.note = "B overwrites".into();
    let err = b.write("B", |w| w.update(&edit_b, "")).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert!(err.to_string().contains("changed by someone else"), "{err}");
    let err = b
        .write("B", |w| {
            w.delete::<Work>(work_b.meta.id, work_b.meta.version, "x")
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");

    let now: Work = b.get(work_a.meta.id).unwrap().unwrap();
    assert_eq!(now.note, "A was here", "A's committed edit must survive");
    assert_eq!(
        b.audit_entries(Some(&work_a.meta.id.to_string()))
            .unwrap()
            .len(),
        2
    );
    assert!(b.verify().unwrap().ok());
}

/// Two threads with their own connections increment one counter 40 times each, retrying on
/// conflict: the final count proves that no increment was lost.
#[test]
fn concurrent_increments_from_two_connections_lose_nothing() {
    let demo = empty_ledger();
    let id = {
        let mut s = open_rw(&demo.path);
        s.write(OPERATOR, |w| {
            let m = Mine {
                meta: w.new_meta(),
                name: "counter".into(),
                company: String::new(),
                location: String::new(),
                note: "0".into(),
            };
            w.insert(&m)
        })
        .unwrap()
        .meta
        .id
    };
    const EACH: usize = 40;
    let mut handles = Vec::new();
    for who in ["writer-1", "writer-2"] {
        let path = demo.path.clone();
        handles.push(std::thread::spawn(move || {
            let mut s = open_rw(&path);
            let mut conflicts = 0;
            let mut done = 0;
            while done < EACH {
                let mut m: Mine = s.get(id).unwrap().unwrap();
                m.note = (m.note.parse::<u64>().unwrap() + 1).to_string();
                match s.write(who, |w| w.update(&m, "")) {
                    Ok(_) => done += 1,
                    Err(StoreError::Conflict { .. }) => conflicts += 1,
                    Err(e) => panic!("{who}: {e}"),
                }
            }
            conflicts
        }));
    }
    let conflicts: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let s = open_ro(&demo.path);
    let m: Mine = s.get(id).unwrap().unwrap();
    assert_eq!(m.note, (2 * EACH).to_string(), "an increment was lost");
    assert_eq!(m.meta.version, 1 + 2 * EACH as i64);
    assert!(s.verify().unwrap().ok());
    eprintln!("{conflicts} conflicts detected and retried");
}

#[test]
fn writer_blocked_past_busy_timeout_is_told_the_ledger_is_in_use() {
    let demo = demo_ledger();
    let before = state(&demo.path);
    let holder = raw(&demo.path);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    let mut s = open_rw(&demo.path);
    s.set_busy_timeout(Duration::from_millis(300)).unwrap();
    let started = Instant::now();
    let err = s
        .write(OPERATOR, |w| {
            let m = Mine {
                meta: w.new_meta(),
                name: "blocked".into(),
                company: String::new(),
                location: String::new(),
                note: String::new(),
            };
            w.insert(&m)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("in use"), "{msg}");
    assert!(msg.ends_with(&demo.path.display().to_string()), "{msg}");
    assert!(started.elapsed() >= Duration::from_millis(250));

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(
        state(&demo.path),
        before,
        "nothing was written while blocked"
    );
    // Once the other writer is gone, the same store writes normally.
    s.write(OPERATOR, |w| {
        let m = Mine {
            meta: w.new_meta(),
            name: "after".into(),
            company: String::new(),
            location: String::new(),
            note: String::new(),
        };
        w.insert(&m)
    })
    .unwrap();
}

#[test]
fn cli_import_blocked_by_another_writer_says_in_use_and_exits_cleanly() {
    let demo = empty_ledger();
    let data = demo.dir.path().join("one.json");
    std::fs::write(
        &data,
        r#"{"format":"restoration-ledger","format_version":1,
            "mines":[{"id":"11111111-2222-4333-8444-555555555555","name":"矿","company":"","location":"","note":""}]}"#,
    )
    .unwrap();
    let before = state(&demo.path);
    let holder = raw(&demo.path);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let o = cli(&["import".as_ref(), demo.path.as_os_str(), data.as_os_str()]);
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_no_panic(&o, "blocked import");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("正被其他程序或用户使用"),
        "{}",
        stderr(&o)
    );
    assert_eq!(state(&demo.path), before);
}

/// Two writer processes on one ledger at the same time: both finish, every write each reported
/// as committed is there, and the audit chain (one chain, interleaved) verifies.
#[test]
fn two_writer_processes_interleave_without_loss() {
    let demo = empty_ledger();
    let spawn = || {
        std::process::Command::new(bin())
            .args([
                "stress".as_ref(),
                demo.path.as_os_str(),
                "--count".as_ref(),
                "30".as_ref(),
            ])
            .env("RESTORATION_LEDGER_OPERATOR", OPERATOR)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let mut committed = std::collections::HashMap::new();
    for child in [a, b] {
        let o = child.wait_with_output().unwrap();
        assert_no_panic(&o, "stress writer");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        for line in stdout(&o).lines() {
            let p: Vec<&str> = line.split_whitespace().collect();
            let v: i64 = p[2].parse().unwrap();
            let e = committed.entry(p[1].to_string()).or_insert(v);
            *e = (*e).max(v);
        }
    }
    assert_eq!(committed.len(), 60);
    let s = open_ro(&demo.path);
    for (id, v) in &committed {
        let m: Mine = s.get(id.parse().unwrap()).unwrap().unwrap();
        assert_eq!(m.meta.version, *v);
    }
    assert!(s.verify().unwrap().ok());
}

/// A ledger opened while another program starts writing it (its -wal appearing just after the
/// opener looked for one) is read through SQLite's locks, never called damaged.
#[test]
fn opening_while_another_program_starts_writing_never_reads_the_file_as_damaged() {
    let demo = empty_ledger();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (demo.path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // A connection per write: the -wal comes and goes.
                let mut s = open_rw(&path);
                s.write("writer", |w| {
                    let m = Mine {
                        meta: w.new_meta(),
                        name: format!("矿 {n}"),
                        company: String::new(),
                        location: String::new(),
                        note: "x".repeat(4000),
                    };
                    w.insert(&m).map(|_| ())
                })
                .unwrap();
                n += 1;
            }
            n
        })
    };
    let until = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let mut opened = 0;
    while std::time::Instant::now() < until {
        match Store::open(&demo.path, Access::ReadOnly) {
            Ok(_) => opened += 1,
            Err(e @ StoreError::Damaged { .. }) => panic!("after {opened} opens: {e}"),
            Err(_) => {}
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.join().unwrap();
    assert!(writes > 0 && opened > 0, "{writes} writes, {opened} opens");
}
