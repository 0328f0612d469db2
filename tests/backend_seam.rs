//! Issue 8, point 6: the application reaches a ledger through `Ledger` and `Backend` only, so a
//! backend that is not a file runs it. `Server` stands in for the group server the next step
//! brings: it names no file (its location is an address), and under it the records are kept by
//! the SQLite store, which the application never sees. The window's session, an import, an
//! export (file and workbook), the ledger check, the signing of a checkpoint and the summary all
//! run over it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::*;
use restoration_ledger::app::Role;
use restoration_ledger::app::session::{Command, Session, blank_aftercare};
use restoration_ledger::app::{self, AppError, Backend, Ledger};
use restoration_ledger::domain::account::Account;
use restoration_ledger::domain::signing::Checkpoint;
use restoration_ledger::domain::*;
use restoration_ledger::store::{AuditEntry, Result, Store, StoreError, VerifyReport};
use uuid::Uuid;

/// A ledger kept elsewhere than in a file the application could name.
struct Server {
    inner: Store,
    _dir: tempfile::TempDir,
}

const ADDRESS: &str = "postgres://group-server/huayang-2";

impl Server {
    /// An empty ledger "on the server".
    fn empty() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let inner = Store::create(&dir.path().join("kept-by-the-server")).unwrap();
        Server { inner, _dir: dir }
    }
}

impl Backend for Server {
    fn file(&self) -> Option<&std::path::Path> {
        None
    }
    fn location(&self) -> String {
        ADDRESS.into()
    }
    fn copy_to(&self, target: &std::path::Path) -> Result<()> {
        self.inner.copy_to(target)
    }
    fn settle(&mut self) -> Result<bool> {
        Ok(true)
    }
}

impl Ledger for Server {
    type Writer<'w> = <Store as Ledger>::Writer<'w>;

    fn write<T>(
        &mut self,
        operator: &str,
        f: impl FnOnce(&mut Self::Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        Ledger::write(&mut self.inner, operator, f)
    }
    fn read_consistent<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.inner.read_consistent(|_| f(self))
    }
    fn read_only(&self) -> bool {
        self.inner.read_only()
    }
    fn list<R: Record>(&self) -> Result<Vec<R>> {
        Ledger::list(&self.inner)
    }
    fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>> {
        Ledger::get(&self.inner, id)
    }
    fn each<R: Record>(
        &self,
        each: &mut dyn FnMut(R) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        Ledger::each(&self.inner, each)
    }
    fn load(&self) -> Result<LedgerData> {
        Ledger::load(&self.inner)
    }
    fn load_figures(&self) -> Result<LedgerData> {
        Ledger::load_figures(&self.inner)
    }
    fn ids(&self, table: &str) -> Result<HashSet<String>> {
        Ledger::ids(&self.inner, table)
    }
    fn record_count(&self) -> Result<i64> {
        Ledger::record_count(&self.inner)
    }
    fn photo_data(&self, id: Uuid) -> Result<Vec<u8>> {
        Ledger::photo_data(&self.inner, id)
    }
    fn audit_entries(&self, record_id: Option<&str>) -> Result<Vec<AuditEntry>> {
        Ledger::audit_entries(&self.inner, record_id)
    }
    fn audit_since(&self, seq: i64) -> Result<Vec<AuditEntry>> {
        Ledger::audit_since(&self.inner, seq)
    }
    fn each_audit(
        &self,
        each: &mut dyn FnMut(&AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        Ledger::each_audit(&self.inner, each)
    }
    fn audit_head(&self) -> Result<(i64, String)> {
        Ledger::audit_head(&self.inner)
    }
    fn audit_hash_at(&self, seq: i64) -> Result<Option<String>> {
        Ledger::audit_hash_at(&self.inner, seq)
    }
    fn verify(&self) -> Result<VerifyReport> {
        Ledger::verify(&self.inner)
    }
    fn schema_version(&self) -> Result<i64> {
        Ledger::schema_version(&self.inner)
    }
    fn info(&self, key: &str) -> Result<Option<String>> {
        Ledger::info(&self.inner, key)
    }
    fn accounts(&self) -> Result<Vec<Account>> {
        Ledger::accounts(&self.inner)
    }
    fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        Ledger::checkpoints(&self.inner)
    }
    fn add_checkpoint(&mut self, cp: &Checkpoint) -> Result<()> {
        Ledger::add_checkpoint(&mut self.inner, cp)
    }
    fn ledger_id(&mut self) -> Result<String> {
        Ledger::ledger_id(&mut self.inner)
    }
}

#[test]
fn a_backend_that_is_not_a_file_runs_import_export_check_and_summary() {
    let mut server = Server::empty();
    let demo = demo_ledger();
    let file = app::export_value(&open_ro(&demo.path), OPERATOR).unwrap();
    let bytes = serde_json::to_vec(&file).unwrap();
    let outcome = app::import_bytes(&mut server, &bytes, OPERATOR, "huayang2.json").unwrap();
    assert!(outcome.records > 300, "{}", outcome.records);

    let check = app::verify::check_ledger(&server, None).unwrap();
    assert!(check.report.ok(), "{:?}", check.report.findings);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let from_server = app::summary(&server, today).unwrap();
    let from_file = app::summary(&open_ro(&demo.path), today).unwrap();
    assert_eq!(
        serde_json::to_string(&app::summary_json(&from_server)).unwrap(),
        serde_json::to_string(&app::summary_json(&from_file)).unwrap()
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.json");
    let written = app::export_file(&server, &out, OPERATOR, false).unwrap();
    assert_eq!(written as i64, server.record_count().unwrap());
    let xlsx = dir.path().join("ledger.xlsx");
    app::sheets::export_workbook(&server, &xlsx, restoration_ledger::i18n::Lang::Zh, false)
        .unwrap();
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);

    // A checkpoint is signed over it like over a file (the key names the server's ledger id).
    let paths = app::settings::AppPaths {
        config_dir: dir.path().join("config"),
        documents_dir: dir.path().join("documents"),
    };
    let key = app::keys::DepartmentKey::load_or_create(&paths).unwrap();
    let cp = app::keys::sign_checkpoint(&mut server, &key, OPERATOR, "report").unwrap();
    assert_eq!(server.checkpoints().unwrap(), vec![cp]);
}

#[test]
fn the_windows_session_runs_over_a_backend_that_is_not_a_file() {
    let mut server = Server::empty();
    let demo = demo_ledger();
    let bytes =
        serde_json::to_vec(&app::export_value(&open_ro(&demo.path), OPERATOR).unwrap()).unwrap();
    app::import_bytes(&mut server, &bytes, OPERATOR, "huayang2.json").unwrap();

    let mut s = Session::from_store(server, "李科长", Role::Department, "").unwrap();
    assert_eq!(s.location(), ADDRESS);
    let before = s.data.aftercare.len();
    let mut e = blank_aftercare(&s.data, "李科长", s.today);
    e.note = "服务器上的补植记录".into();
    s.apply(Command::AddAftercare {
        entry: e,
        photos: vec![],
    })
    .unwrap();
    assert_eq!(s.data.aftercare.len(), before + 1);
    s.apply(Command::LoadHistory).unwrap();
    let history = s.history.clone().unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.table_name.as_str(), last.action.as_str()),
        ("aftercare", "insert")
    );
    assert!(s.checkpoint().unwrap());
}

#[test]
fn a_read_only_backend_refuses_an_import_naming_where_the_ledger_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.ledger");
    drop(Store::create(&path).unwrap());
    let inner = Store::open(&path, restoration_ledger::store::Access::ReadOnly).unwrap();
    let mut server = Server { inner, _dir: dir };
    let err = app::import_bytes(&mut server, b"{}", OPERATOR, "x.json").unwrap_err();
    assert!(
        matches!(&err, AppError::Store(StoreError::ReadOnly(p)) if p.to_string_lossy() == ADDRESS),
        "{err:?}"
    );
    assert_eq!(server.record_count().unwrap(), 0, "nothing was written");
}
