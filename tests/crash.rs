//! Crash safety: a writer killed with SIGKILL at random moments never loses a write it reported as
//! committed, never leaves a damaged file, and never breaks the audit chain.
//!
//! `CRASH_TRIALS=500 cargo test --test crash -- --ignored --nocapture` (or
//! `scripts/crash_trials.sh 500`) runs more trials than the suite does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use restoration_ledger::app;
use restoration_ledger::domain::Mine;
use restoration_ledger::store::{Access, Store};

/// Trials the normal test run makes (the issue asks for at least 50).
const SUITE_TRIALS: usize = 60;

#[derive(Default, Debug)]
struct Tally {
    trials: usize,
    stress: usize,
    import: usize,
    migrate: usize,
    backups_checked: usize,
    killed_mid_run: usize,
    /// Distinct committed writes (id at version) whose survival was checked, over all ledgers.
    committed_writes_checked: usize,
    imports_landed: usize,
    imports_absent: usize,
}

/// Spawns the CLI, kills it with SIGKILL after `delay`, returns the stdout lines it printed and
/// whether it had already finished by itself.
fn run_and_kill(args: &[&std::ffi::OsStr], delay: Duration) -> (Vec<String>, bool) {
    let mut child = Command::new(bin())
        .args(args)
        .env("RESTORATION_LEDGER_OPERATOR", OPERATOR)
        .env("RESTORATION_LEDGER_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the CLI");
    let out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
            .collect::<Vec<String>>()
    });
    let start = Instant::now();
    let mut finished = false;
    while start.elapsed() < delay {
        if child.try_wait().expect("try_wait").is_some() {
            finished = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    if !finished {
        // std's Child::kill sends SIGKILL on Unix: no destructor, no flush, no rollback runs.
        child.kill().expect("SIGKILL");
    }
    let status = child.wait().expect("wait");
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    assert!(
        !stderr.contains("panicked"),
        "the child panicked instead of being killed: {stderr}"
    );
    if finished {
        assert!(status.success(), "the child failed by itself: {stderr}");
    }
    (reader.join().expect("reader thread"), finished)
}

/// What every trial checks afterwards: SQLite's integrity check, the audit chain, and the
/// committed writes.
fn check_ledger(path: &Path, committed: &HashMap<String, i64>) {
    // Read-only first: the program's own read-only open must cope with the crashed WAL.
    let store = Store::open(path, Access::ReadOnly)
        .unwrap_or_else(|e| panic!("the ledger cannot be opened after a crash: {e}"));
    let report = store.verify().expect("verify runs");
    assert!(
        report.integrity.is_empty(),
        "integrity check failed: {:?}",
        report.integrity
    );
    assert!(
        report.ok(),
        "the audit chain does not verify after a crash: {:?}",
        report.findings
    );
    for (id, version) in committed {
        let mine: Option<Mine> = store.get(id.parse().expect("uuid")).expect("get");
        let mine = mine.unwrap_or_else(|| panic!("committed mine {id} was lost"));
        assert!(
            mine.meta.version >= *version,
            "mine {id} was reported at version {version} but is at {}",
            mine.meta.version
        );
    }
    drop(store);
    let raw =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("raw open");
    let ic: String = raw
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(ic, "ok", "SQLite integrity check after a crash");
}

fn run_trials(n: usize) -> Tally {
    let mut rng = Rng::seeded();
    let dir = tempfile::tempdir().expect("tempdir");
    let demo_json = dir.path().join("demo.json");
    std::fs::write(&demo_json, app::DEMO_JSON).expect("write demo json");
    let mut tally = Tally::default();
    let demo_records = {
        let reference = dir.path().join("reference.ledger");
        let mut store = Store::create(&reference).expect("create");
        app::import_bytes(&mut store, app::DEMO_JSON.as_bytes(), OPERATOR, "demo")
            .expect("import demo")
            .records as i64
    };
    let mut ledger = dir.path().join("crash-0.ledger");
    let mut committed: HashMap<String, i64> = HashMap::new();
    for t in 0..n {
        // A fresh ledger now and then, so the file stays small and trials stay quick.
        if t % 25 == 0 {
            tally.committed_writes_checked += committed.len();
            ledger = dir.path().join(format!("crash-{t}.ledger"));
            drop(app::init(&ledger, false, OPERATOR).expect("init"));
            committed.clear();
        }
        tally.trials += 1;
        if t % 10 == 7 {
            // Killed while opening a v1 ledger: during the backup or the migration.
            tally.migrate += 1;
            let old = dir.path().join(format!("v1-{t}.ledger"));
            {
                let mut s = Store::create_at_version(&old, 1).expect("create v1");
                seed_mines(&mut s, 11);
            }
            let delay = Duration::from_millis(rng.below(30));
            let (lines, finished) = run_and_kill(
                &[
                    "stress".as_ref(),
                    old.as_os_str(),
                    "--count".as_ref(),
                    "3".as_ref(),
                ],
                delay,
            );
            if !finished {
                tally.killed_mid_run += 1;
            }
            let mut done = HashMap::new();
            for line in lines {
                let mut parts = line.split_whitespace();
                if let (Some("committed"), Some(id), Some(v)) =
                    (parts.next(), parts.next(), parts.next())
                {
                    done.insert(id.to_string(), v.parse::<i64>().expect("version"));
                }
            }
            // Opening read-write finishes the migration if the kill interrupted it.
            let s = Store::open(&old, Access::ReadWrite).unwrap_or_else(|e| {
                panic!("a v1 ledger killed during migration cannot be opened: {e}")
            });
            assert_eq!(
                s.schema_version().expect("version"),
                restoration_ledger::store::SCHEMA_VERSION
            );
            drop(s);
            check_ledger(&old, &done);
            // Every backup written beside it is a whole v1 ledger.
            for e in std::fs::read_dir(dir.path()).expect("list") {
                let name = e.expect("entry").file_name().to_string_lossy().into_owned();
                if name.starts_with(&format!("v1-{t}.ledger.v1-")) && name.ends_with(".bak") {
                    let b =
                        rusqlite::Connection::open(dir.path().join(&name)).expect("open backup");
                    let ic: String = b
                        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                        .expect("ic");
                    assert_eq!(ic, "ok", "backup {name}");
                    let mines: i64 = b
                        .query_row("SELECT count(*) FROM mines", [], |r| r.get(0))
                        .unwrap_or_else(|e| panic!("backup {name} is not a whole v1 ledger: {e}"));
                    assert!(mines >= 11, "backup {name} lost the records");
                    tally.backups_checked += 1;
                }
            }
        } else if rng.below(5) == 0 {
            // An import is one transaction: after a kill it is all there or not at all.
            tally.import += 1;
            let target = dir.path().join(format!("import-{t}.ledger"));
            drop(Store::create(&target).expect("create"));
            let delay = Duration::from_millis(rng.below(400));
            let (_, finished) = run_and_kill(
                &["import".as_ref(), target.as_os_str(), demo_json.as_os_str()],
                delay,
            );
            check_ledger(&target, &HashMap::new());
            let n = Store::open(&target, Access::ReadOnly)
                .expect("open")
                .record_count()
                .expect("count");
            assert!(
                n == 0 || n == demo_records,
                "an import killed midway left {n} records (0 or {demo_records} expected)"
            );
            if finished {
                assert_eq!(n, demo_records, "an import that finished lost records");
            }
            if n == 0 {
                tally.imports_absent += 1;
            } else {
                tally.imports_landed += 1;
            }
            if !finished {
                tally.killed_mid_run += 1;
            }
            let _ = std::fs::remove_file(&target);
        } else {
            tally.stress += 1;
            let delay = Duration::from_millis(rng.below(60));
            let (lines, finished) = run_and_kill(
                &[
                    "stress".as_ref(),
                    ledger.as_os_str(),
                    "--count".as_ref(),
                    "100000".as_ref(),
                ],
                delay,
            );
            if !finished {
                tally.killed_mid_run += 1;
            }
            for line in lines {
                let mut parts = line.split_whitespace();
                if let (Some("committed"), Some(id), Some(v)) =
                    (parts.next(), parts.next(), parts.next())
                {
                    let v: i64 = v.parse().expect("version");
                    let e = committed.entry(id.to_string()).or_insert(v);
                    *e = (*e).max(v);
                }
            }
            check_ledger(&ledger, &committed);
        }
    }
    tally.committed_writes_checked += committed.len();
    eprintln!("crash trials: {tally:?}");
    tally
}

#[test]
fn crash_sigkill_loses_no_committed_write() {
    let tally = run_trials(SUITE_TRIALS);
    assert_eq!(tally.trials, SUITE_TRIALS);
    assert!(
        tally.killed_mid_run > SUITE_TRIALS / 2,
        "most trials must kill a running writer: {tally:?}"
    );
}

#[test]
#[ignore = "long: run with CRASH_TRIALS=<n> cargo test --test crash -- --ignored"]
fn crash_trials_many() {
    let n = std::env::var("CRASH_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let tally = run_trials(n);
    assert_eq!(tally.trials, n);
}

/// Issue 13: a merge killed with SIGKILL at a random moment leaves the office ledger as it was or
/// with the whole package merged, never part of it, and always verifying.
#[test]
fn a_merge_killed_midway_leaves_the_office_ledger_as_before_or_merged_whole() {
    use restoration_ledger::app::{Role, accounts, package};
    use restoration_ledger::domain::{AftercareEntry, ReviewState};
    const COMPANY: &str = "阳泉某土石方工程公司";
    let dir = tempfile::tempdir().expect("tempdir");
    let template = dir.path().join("office.ledger");
    {
        let mut store = app::init(&template, true, OPERATOR).expect("init");
        for (who, role, company) in [
            (OPERATOR, Role::Department, ""),
            ("张经理", Role::Contractor, COMPANY),
        ] {
            let a = accounts::new_account(who, role, company, Some(PASSWORD), "").expect("account");
            accounts::add(&mut store, OPERATOR, &a).expect("add");
        }
    }
    let pkg = dir.path().join("pkg.ledger");
    package::make(&template, COMPANY, &pkg, OPERATOR).expect("package");
    {
        let mut p = Store::open(&pkg, Access::ReadWrite).expect("open package");
        let model: AftercareEntry = p.list().expect("entries").remove(0);
        p.write("张经理", |w| {
            for i in 0..300 {
                let mut e = model.clone();
                e.meta = w.new_meta();
                e.review = ReviewState::Pending;
                e.note = format!("外业记录 {i}");
                w.insert(&e)?;
            }
            Ok(())
        })
        .expect("field work");
    }
    let before = Store::open(&template, Access::ReadOnly)
        .expect("open")
        .record_count()
        .expect("count");
    // How long a whole merge takes on this machine, so the kills land while it runs.
    let whole = {
        let office = dir.path().join("office-whole.ledger");
        std::fs::copy(&template, &office).expect("copy the office ledger");
        let start = Instant::now();
        let (_, finished) = run_and_kill(
            &["merge".as_ref(), office.as_os_str(), pkg.as_os_str()],
            Duration::from_secs(300),
        );
        assert!(finished, "a merge left alone finishes");
        start.elapsed().as_millis().max(20) as u64
    };
    let mut rng = Rng::seeded();
    let (mut landed, mut absent, mut killed) = (0, 0, 0);
    for t in 0..50 {
        let office = dir.path().join(format!("office-{t}.ledger"));
        std::fs::copy(&template, &office).expect("copy the office ledger");
        let delay = Duration::from_millis(rng.below(whole));
        let (_, finished) = run_and_kill(
            &["merge".as_ref(), office.as_os_str(), pkg.as_os_str()],
            delay,
        );
        check_ledger(&office, &HashMap::new());
        let n = Store::open(&office, Access::ReadOnly)
            .expect("open")
            .record_count()
            .expect("count");
        assert!(
            n == before || n == before + 300,
            "a merge killed midway left {n} records ({before} or {} expected)",
            before + 300
        );
        if finished {
            assert_eq!(n, before + 300, "a merge that finished lost records");
        } else {
            killed += 1;
        }
        if n == before {
            absent += 1;
        } else {
            landed += 1;
        }
        let _ = std::fs::remove_file(&office);
    }
    eprintln!(
        "merge crash trials (a whole merge: {whole} ms): {landed} merged whole, {absent} not at all, {killed} killed"
    );
    assert!(killed > 10, "most trials must kill a running merge");
}
