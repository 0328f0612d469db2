//! Helpers shared by the integration tests: temporary ledgers, the CLI binary, raw SQL access.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use restoration_ledger::app;
use restoration_ledger::store::{Access, Store};

pub const OPERATOR: &str = "测试员 test";
/// The password of the tests' department account (the first one to write makes it).
pub const PASSWORD: &str = "test-password";

/// The CLI binary built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_restoration-ledger"))
}

/// Runs the CLI with `args`, operator fixed; never reads the user's environment for an operator.
pub fn cli(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(bin())
        .args(args)
        .env("RESTORATION_LEDGER_OPERATOR", OPERATOR)
        .env("RESTORATION_LEDGER_PASSWORD", PASSWORD)
        // Never the real home's settings, whatever a command may read in future.
        .env(
            "RESTORATION_LEDGER_CONFIG_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("config"),
        )
        .output()
        .expect("run the CLI")
}

/// Runs the CLI with string arguments.
pub fn cli_str(args: &[&str]) -> Output {
    let os: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    cli(&os)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a process neither panicked nor was killed: it exited with a code.
pub fn assert_no_panic(o: &Output, what: &str) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: the program panicked:\n{err}"
    );
    assert!(o.status.code().is_some(), "{what}: killed by a signal");
}

/// The CLI with its own settings folder (so its own department key); a new account's password
/// comes from the environment too.
pub fn cli_in(config: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(bin())
        .args(args)
        .env("RESTORATION_LEDGER_OPERATOR", OPERATOR)
        .env("RESTORATION_LEDGER_PASSWORD", PASSWORD)
        .env("RESTORATION_LEDGER_NEW_PASSWORD", "another-password")
        .env("RESTORATION_LEDGER_CONFIG_DIR", config)
        .output()
        .expect("run the CLI")
}

/// A department's computer: its own settings folder (and so its own signing key), and the
/// demo ledger it made with `init --demo` (and so signed).
pub struct Office {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub ledger: PathBuf,
    /// What `init` printed.
    pub made: Output,
}

impl Office {
    /// Writes one record through the program: an import of one problem (a sign-in, then the
    /// record).
    #[allow(dead_code)]
    pub fn import_one_problem(&self) {
        let json = one_problem_json(self.dir.path());
        let r = self.run(&[
            "import",
            self.ledger.to_str().expect("a UTF-8 path"),
            json.to_str().expect("a UTF-8 path"),
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
    }

    /// Adds an auditor account through the program (the department signed in).
    #[allow(dead_code)]
    pub fn add_auditor(&self, name: &str) {
        let r = self.run(&[
            "account",
            "add",
            self.ledger.to_str().expect("a UTF-8 path"),
            "--name",
            name,
            "--role",
            "auditor",
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
    }

    pub fn new() -> Office {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("config");
        let ledger = dir.path().join("华阳二矿.ledger");
        let made = cli_in(
            &config,
            &["init".as_ref(), ledger.as_os_str(), "--demo".as_ref()],
        );
        assert!(made.status.success(), "{}", stderr(&made));
        Office {
            dir,
            config,
            ledger,
            made,
        }
    }

    /// The CLI on this computer.
    pub fn run(&self, args: &[&str]) -> Output {
        let os: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        cli_in(&self.config, &os)
    }

    /// `report` of the office's ledger into `name` beside it.
    pub fn report(&self, name: &str) -> PathBuf {
        let pdf = self.dir.path().join(name);
        let o = self.run(&[
            "report",
            self.ledger.to_str().expect("a UTF-8 path"),
            "--out",
            pdf.to_str().expect("a UTF-8 path"),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        pdf
    }
}

/// Writes, in `dir`, an exchange file holding one new problem (the example's first, under a new
/// id): importing it changes the ledger's records. Returns its path.
pub fn one_problem_json(dir: &Path) -> PathBuf {
    let mut demo: serde_json::Value = serde_json::from_str(app::DEMO_JSON).unwrap();
    let mut entry = demo["problems"][0].take();
    entry["id"] = serde_json::json!(uuid::Uuid::new_v4().to_string());
    let json = dir.join(format!("{}.json", uuid::Uuid::new_v4()));
    std::fs::write(
        &json,
        serde_json::to_vec(&serde_json::json!({
            "format": "restoration-ledger",
            "format_version": 1,
            "problems": [entry],
        }))
        .unwrap(),
    )
    .unwrap();
    json
}

/// A temporary folder with a fresh demo ledger in it.
pub struct Demo {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn demo_ledger() -> Demo {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("demo.ledger");
    let store = app::init(&path, true, OPERATOR).expect("init demo");
    drop(store);
    Demo { dir, path }
}

/// A fresh ledger with only the default rules.
pub fn empty_ledger() -> Demo {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.ledger");
    let store = app::init(&path, false, OPERATOR).expect("init");
    drop(store);
    Demo { dir, path }
}

/// A raw SQLite connection, for tampering and for holding locks.
pub fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("raw open")
}

pub fn open_rw(path: &Path) -> Store {
    Store::open(path, Access::ReadWrite).expect("open read-write")
}

pub fn open_ro(path: &Path) -> Store {
    Store::open(path, Access::ReadOnly).expect("open read-only")
}

/// The ledger's record count and audit head: what must not move when something is refused.
pub fn state(path: &Path) -> (i64, (i64, String)) {
    let s = open_ro(path);
    (
        s.record_count().expect("count"),
        s.audit_head().expect("head"),
    )
}

pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

/// A small deterministic pseudo-random generator (xorshift), so tests need no extra crates.
pub struct Rng(pub u64);

impl Rng {
    pub fn seeded() -> Rng {
        let seed = std::env::var("TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        eprintln!("TEST_SEED={seed}");
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The text of each page of a PDF (pdftotext -layout separates pages with form feeds).
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().expect("a UTF-8 path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).expect("UTF-8 text");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Prints the report of `ledger` to `out` with the CLI, `extra` arguments added.
pub fn print_report(ledger: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "report",
        ledger.to_str().expect("a UTF-8 path"),
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    let o = cli_str(&args);
    assert!(o.status.success(), "report failed: {}", stderr(&o));
}

/// Writes `count` mines into `store`: records whose columns every schema version has, so a ledger
/// made at an early version (`Store::create_at_version`) holds records written by this version.
/// (Rules gained a column in schema 7: this version cannot write them into an older ledger.)
pub fn seed_mines(store: &mut Store, count: usize) {
    store
        .write(OPERATOR, |w| {
            for i in 0..count {
                let mine = restoration_ledger::domain::Mine {
                    meta: w.new_meta(),
                    name: format!("矿 {i}"),
                    company: String::new(),
                    location: String::new(),
                    note: String::new(),
                };
                w.insert(&mine)?;
            }
            Ok(())
        })
        .expect("seed mines");
}
