//! The seam between the application and whatever keeps the ledger: [`Ledger`] (reading, and
//! writing in one audited transaction) and [`LedgerWriter`] (what one transaction may do). Their
//! signatures name only domain types and [`StoreError`]: no SQLite type, no file path, no rowid,
//! no `sqlite_master`, no PRAGMA. Opening, creating, migrating, backing up and the file's own
//! checks belong to a backend ([`Store`] is the SQLite one); a PostgreSQL backend implements these
//! two traits and runs the same suite (`tests/ledger_suite.rs`) by adding its constructor there.

use std::collections::HashSet;
use uuid::Uuid;

use super::{AuditEntry, Result, Store, StoreError, VerifyReport, Writer};
use crate::domain::account::Account;
use crate::domain::signing::Checkpoint;
use crate::domain::*;

/// A ledger, as the application reads and writes it.
pub trait Ledger {
    type Writer<'w>: LedgerWriter
    where
        Self: 'w;

    /// Runs `f` in one transaction: everything it writes lands, audited, or nothing does.
    fn write<T>(
        &mut self,
        operator: &str,
        f: impl FnOnce(&mut Self::Writer<'_>) -> Result<T>,
    ) -> Result<T>;
    /// Runs `f` against one committed state (every read inside sees the same records).
    fn read_consistent<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>;
    /// Nothing may be written through this handle.
    fn read_only(&self) -> bool;

    fn list<R: Record>(&self) -> Result<Vec<R>>;
    fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>>;
    /// Every record of a table one at a time, in the order they were added.
    fn each<R: Record>(
        &self,
        each: &mut dyn FnMut(R) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
    /// Every record of the ledger, from one committed state.
    fn load(&self) -> Result<LedgerData>;
    /// [`Ledger::load`] for summary figures: a backend may leave out the free text of after-care
    /// entries (which no figure reads) to hold a large ledger in less memory.
    fn load_figures(&self) -> Result<LedgerData> {
        self.load()
    }
    fn ids(&self, table: &str) -> Result<HashSet<String>>;
    fn record_count(&self) -> Result<i64>;
    fn photo_data(&self, id: Uuid) -> Result<Vec<u8>>;

    /// Audit entries, oldest first; of one record when `record_id` is given.
    fn audit_entries(&self, record_id: Option<&str>) -> Result<Vec<AuditEntry>>;
    fn audit_since(&self, seq: i64) -> Result<Vec<AuditEntry>>;
    fn each_audit(
        &self,
        each: &mut dyn FnMut(&AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
    /// The newest entry's number and hash.
    fn audit_head(&self) -> Result<(i64, String)>;
    /// The number and hash of the newest entry that changed what a report shows: a record, or
    /// the schema (an upgrade). Sign-ins, account changes and signed checkpoints written after
    /// it change no figure, so a report is tied to this entry, not to the newest
    /// ([`super::changes_report_data`]). For a report whose period ends on `to`, the newest
    /// entry that could change a record of that period
    /// ([`crate::domain::record::change_counts_as_of`]): records dated later do not outdate it.
    fn report_head(&self, to: Option<chrono::NaiveDate>) -> Result<(i64, String)> {
        let mut head = (0, super::audit::GENESIS.to_string());
        self.each_audit(&mut |e| {
            if super::changes_report_data(&e.table_name)
                && to.is_none_or(|to| crate::domain::record::entry_counts_as_of(e, to))
            {
                head = (e.seq, e.hash.clone());
            }
            Ok(())
        })
        .map_err(|e| super::StoreError::Decode(e.to_string()))?;
        Ok(head)
    }
    fn audit_hash_at(&self, seq: i64) -> Result<Option<String>>;
    /// The chain recomputed and every record compared with its audited state.
    fn verify(&self) -> Result<VerifyReport>;

    /// The version of the ledger's record layout (its schema).
    fn schema_version(&self) -> Result<i64>;
    /// One of the ledger's own facts: `ledger_id`, `signing_key` …
    fn info(&self, key: &str) -> Result<Option<String>>;
    fn accounts(&self) -> Result<Vec<Account>>;
    fn checkpoints(&self) -> Result<Vec<Checkpoint>>;
    fn add_checkpoint(&mut self, cp: &Checkpoint) -> Result<()>;
    /// The ledger's own id (made the first time it is asked for; a copy keeps it), which signed
    /// checkpoints name so they cannot be moved to another ledger.
    fn ledger_id(&mut self) -> Result<String>;
}

/// What the application asks of a backend beyond [`Ledger`]: where the ledger is kept, a copy of
/// it, and folding what was written into its main copy. [`Store`] is the SQLite backend (a file);
/// a server backend answers [`Backend::file`] with `None`. The features that exist only for files
/// (backups beside the file, field packages, the lock file) open ledger files by path and do not
/// go through this trait.
pub trait Backend: Ledger {
    /// The file the ledger is, when it is one (messages name it; nothing is written over it).
    fn file(&self) -> Option<&std::path::Path>;
    /// How the ledger is named to the user: a file's path, a server's address.
    fn location(&self) -> String;
    /// Writes a consistent copy of the whole ledger to the new file `target`.
    fn copy_to(&self, target: &std::path::Path) -> Result<()>;
    /// Folds what was written into the ledger's main copy (SQLite: a WAL checkpoint, so the
    /// file alone holds every record); `false` when a reader kept part of it back for now.
    fn settle(&mut self) -> Result<bool>;
}

impl Backend for Store {
    fn file(&self) -> Option<&std::path::Path> {
        Some(self.path())
    }
    fn location(&self) -> String {
        self.path().display().to_string()
    }
    fn copy_to(&self, target: &std::path::Path) -> Result<()> {
        self.backup_to(target)
    }
    fn settle(&mut self) -> Result<bool> {
        self.checkpoint()
    }
}

/// What one write transaction may do; every change is audited in the same transaction.
pub trait LedgerWriter {
    fn operator(&self) -> &str;
    fn now(&self) -> &Stamp;
    fn new_meta(&self) -> Meta;
    /// The record `id` as this transaction sees it.
    fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>>;
    /// The audited form (column → value) of the record `id` of `table`, as this transaction
    /// sees it.
    fn audited_record(
        &self,
        table: &str,
        id: Uuid,
    ) -> Result<Option<serde_json::Map<String, serde_json::Value>>>;
    fn insert<R: Record>(&mut self, record: &R) -> Result<R>;
    fn insert_photo(&mut self, photo: &Photo, data: &[u8]) -> Result<Photo>;
    /// Keeps the record's ids, times and operators (an import or a merge).
    fn insert_as_is<R: Record>(
        &mut self,
        record: &R,
        data: Option<&[u8]>,
        reason: &str,
    ) -> Result<()>;
    fn update<R: Record>(&mut self, record: &R, reason: &str) -> Result<R>;
    fn delete<R: Record>(&mut self, id: Uuid, version: i64, reason: &str) -> Result<()>;
    fn insert_columns(
        &mut self,
        table: &str,
        cols: &serde_json::Map<String, serde_json::Value>,
        data: Option<&[u8]>,
        reason: &str,
    ) -> Result<()>;
    /// [`LedgerWriter::insert_columns`] of a checked row given as its cells (meta first, in
    /// ledger order, without the data).
    fn insert_cells(
        &mut self,
        table: &str,
        cells: Vec<Cell>,
        data: Option<&[u8]>,
        reason: &str,
    ) -> Result<()>;
    /// [`LedgerWriter::restore_columns`] of a checked row given as its cells.
    fn restore_cells(&mut self, table: &str, cells: Vec<Cell>, data: Option<&[u8]>) -> Result<()>;
    /// Restoring an exported history: rows, accounts and entries as they were.
    fn restore_columns(
        &mut self,
        table: &str,
        cols: &serde_json::Map<String, serde_json::Value>,
        data: Option<&[u8]>,
    ) -> Result<()>;
    /// A new version of the stored record `cols` names (a merged edit), audited with `reason`.
    fn update_columns(
        &mut self,
        table: &str,
        cols: &serde_json::Map<String, serde_json::Value>,
        reason: &str,
    ) -> Result<()>;
    fn restore_account(&mut self, account: &Account) -> Result<()>;
    fn restore_audit(&mut self, entry: &AuditEntry) -> Result<()>;
    /// Removes the audit entries this transaction wrote, and only those (an import into an
    /// empty ledger whose file carries its own history puts that history in their place).
    fn discard_own_audit(&mut self) -> Result<()>;
    /// References between records written in this transaction are checked when it commits
    /// (a file may name a record before the record itself).
    fn check_references_at_commit(&mut self) -> Result<()>;
    fn record_upgrades_since(&mut self, version: i64) -> Result<()>;
    fn set_info_audited(&mut self, key: &str, value: &str, reason: &str) -> Result<()>;
    fn put_account(&mut self, account: &Account, reason: &str) -> Result<Account>;
    fn audit_event(
        &mut self,
        table: &str,
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<()>;
    fn audit_count(&self) -> i64;
    fn record_count(&self) -> Result<i64>;
    /// What `verify` checks, inside this transaction.
    fn verify(&self) -> Result<VerifyReport>;
}

impl Ledger for Store {
    type Writer<'w> = Writer<'w>;

    fn write<T>(
        &mut self,
        operator: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        Store::write(self, operator, f)
    }
    fn read_consistent<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Self) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        Store::read_consistent(self, f)
    }
    fn read_only(&self) -> bool {
        self.access() == super::Access::ReadOnly
    }
    fn list<R: Record>(&self) -> Result<Vec<R>> {
        Store::list(self)
    }
    fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>> {
        Store::get(self, id)
    }
    fn each<R: Record>(
        &self,
        each: &mut dyn FnMut(R) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        Store::each(self, each)
    }
    fn load(&self) -> Result<LedgerData> {
        Store::load(self)
    }
    fn load_figures(&self) -> Result<LedgerData> {
        Store::load_figures(self)
    }
    fn ids(&self, table: &str) -> Result<HashSet<String>> {
        Store::ids(self, table)
    }
    fn record_count(&self) -> Result<i64> {
        Store::record_count(self)
    }
    fn photo_data(&self, id: Uuid) -> Result<Vec<u8>> {
        Store::photo_data(self, id)
    }
    fn audit_entries(&self, record_id: Option<&str>) -> Result<Vec<AuditEntry>> {
        Store::audit_entries(self, record_id)
    }
    fn audit_since(&self, seq: i64) -> Result<Vec<AuditEntry>> {
        Store::audit_since(self, seq)
    }
    fn each_audit(
        &self,
        each: &mut dyn FnMut(&AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        Store::each_audit(self, each)
    }
    fn audit_head(&self) -> Result<(i64, String)> {
        Store::audit_head(self)
    }
    fn report_head(&self, to: Option<chrono::NaiveDate>) -> Result<(i64, String)> {
        Store::report_head(self, to)
    }
    fn audit_hash_at(&self, seq: i64) -> Result<Option<String>> {
        Store::audit_hash_at(self, seq)
    }
    fn verify(&self) -> Result<VerifyReport> {
        Store::verify(self)
    }
    fn schema_version(&self) -> Result<i64> {
        Store::schema_version(self)
    }
    fn info(&self, key: &str) -> Result<Option<String>> {
        Store::info(self, key)
    }
    fn accounts(&self) -> Result<Vec<Account>> {
        Store::accounts(self)
    }
    fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        Store::checkpoints(self)
    }
    fn add_checkpoint(&mut self, cp: &Checkpoint) -> Result<()> {
        Store::add_checkpoint(self, cp)
    }
    fn ledger_id(&mut self) -> Result<String> {
        Store::ledger_id(self)
    }
}

impl LedgerWriter for Writer<'_> {
    fn operator(&self) -> &str {
        Writer::operator(self)
    }
    fn now(&self) -> &Stamp {
        Writer::now(self)
    }
    fn new_meta(&self) -> Meta {
        Writer::new_meta(self)
    }
    fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>> {
        Writer::get(self, id)
    }
    fn audited_record(
        &self,
        table: &str,
        id: Uuid,
    ) -> Result<Option<serde_json::Map<String, serde_json::Value>>> {
        Writer::audited_record(self, table, id)
    }
    fn insert<R: Record>(&mut self, record: &R) -> Result<R> {
        Writer::insert(self, record)
    }
    fn insert_photo(&mut self, photo: &Photo, data: &[u8]) -> Result<Photo> {
        Writer::insert_photo(self, photo, data)
    }
    fn insert_as_is<R: Record>(
        &mut self,
        record: &R,
        data: Option<&[u8]>,
        reason: &str,
    ) -> Result<()> {
        Writer::insert_as_is(self, record, data, reason)
    }
    fn update<R: Record>(&mut self, record: &R, reason: &str) -> Result<R> {
        Writer::update(self, record, reason)
    }
    fn delete<R: Record>(&mut self, id: Uuid, version: i64, reason: &str) -> Result<()> {
        Writer::delete::<R>(self, id, version, reason)
    }
    fn insert_columns(
        &mut self,
        table: &str,
        cols: &serde_json::Map<String, serde_json::Value>,
        data: Option<&[u8]>,
        reason: &str,
    ) -> Result<()> {
        Writer::insert_columns(self, table, cols, data, reason)
    }
    fn restore_columns(
        &mut self,
        table: &str,
        cols: &serde_json::Map<String, serde_json::Value>,
        data: Option<&[u8]>,
    ) -> Result<()> {
        Writer::restore_columns(self, table, cols, data)
    }
    fn insert_cells(
        &mut self,
        table: &str,
        cells: Vec<Cell>,
        data: Option<&[u8]>,
        reason: &str,
    ) -> Result<()> {
        Writer::insert_cells(self, table, cells, data, reason)
    }
    fn restore_cells(&mut self, table: &str, cells: Vec<Cell>, data: Option<&[u8]>) -> Result<()> {
        Writer::restore_cells(self, table, cells, data)
    }
    fn restore_account(&mut self, account: &Account) -> Result<()> {
        Writer::restore_account(self, account)
    }
    fn restore_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        Writer::restore_audit(self, entry)
    }
    fn discard_own_audit(&mut self) -> Result<()> {
        Writer::discard_own_audit(self)
    }
    fn update_columns(
        &mut self,
        table: &str,
        cols: &serde_json::Map<String, serde_json::Value>,
        reason: &str,
    ) -> Result<()> {
        Writer::update_columns(self, table, cols, reason)
    }
    fn check_references_at_commit(&mut self) -> Result<()> {
        Writer::check_references_at_commit(self)
    }
    fn record_upgrades_since(&mut self, version: i64) -> Result<()> {
        Writer::record_upgrades_since(self, version)
    }
    fn set_info_audited(&mut self, key: &str, value: &str, reason: &str) -> Result<()> {
        Writer::set_info_audited(self, key, value, reason)
    }
    fn put_account(&mut self, account: &Account, reason: &str) -> Result<Account> {
        Writer::put_account(self, account, reason)
    }
    fn audit_event(
        &mut self,
        table: &str,
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<()> {
        Writer::audit_event(self, table, fields)
    }
    fn audit_count(&self) -> i64 {
        Writer::audit_count(self)
    }
    fn record_count(&self) -> Result<i64> {
        Writer::record_count(self)
    }
    fn verify(&self) -> Result<VerifyReport> {
        Writer::verify(self)
    }
}
