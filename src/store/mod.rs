//! The ledger file: the only module that talks to SQLite. Opens and migrates ledgers, reads and
//! writes domain records, and keeps the hash-chained audit trail in the same transactions.

pub mod audit;
pub mod error;
pub mod ledger;
pub mod migrations;
pub mod records;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params_from_iter};
use serde_json::{Map, Value};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use audit::{AuditEntry, Finding, GENESIS, VerifyReport};
pub use error::{Result, StoreError};
pub use ledger::{Backend, Ledger, LedgerWriter};
pub use records::{RECORD_TABLES, Record};

use crate::domain::account::Account;
use crate::domain::signing::Checkpoint;
use crate::domain::*;

/// `PRAGMA application_id` of every ledger: 'RLDG'.
pub const APPLICATION_ID: i64 = 0x524C_4447;

pub use migrations::{MIGRATIONS, Migration, SCHEMA_TABLE};

/// Tables the audit trail covers besides the record tables, with their columns: `verify` compares
/// their rows with their audited states too.
pub const AUDITED_TABLES: &[(&str, &[&str])] = &[("accounts", ACCOUNT_COLUMNS)];

/// The columns of `accounts`, in table order.
pub const ACCOUNT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "role",
    "company",
    "password_hash",
    "os_login",
    "active",
    "version",
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another writer before giving up with `Busy`.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

/// An open ledger file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    access: Access,
    /// Where a migration put the backup it wrote before upgrading this file.
    pub migrated_backup: Option<PathBuf>,
    /// Committed pages are still only in the `-wal` file (a reader held an older snapshot when the
    /// last write tried to copy them into the main file); [`Store::checkpoint`] retries.
    wal_behind: bool,
    /// See [`Store::stale_wal`].
    stale_wal: bool,
    /// The schema version of the file when it was opened (a read-only store of an older file
    /// holds an upgraded copy in memory).
    file_version: i64,
    /// A reader that found no `-wal` or `-shm` beside the ledger: SQLite makes them for a WAL
    /// reader and, reading only, cannot remove them, so closing this store removes them the
    /// way SQLite does (see [`Drop`]): reading leaves the folder as it was.
    tidy_on_close: bool,
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.tidy_on_close && self.tidy().is_err() {
            // Nothing to tell at close: what SQLite left beside the ledger is harmless, and the
            // next writer's close removes it.
        }
    }
}

impl Store {
    /// Closes this reader, then lets a writer's close do what SQLite does when the last
    /// connection to a WAL ledger closes: copy the (empty) `-wal` back and remove it and the
    /// `-shm`. With another program still reading or writing, SQLite leaves them, as it should;
    /// a ledger the user may not write has nothing to tidy (SQLite could make nothing there).
    fn tidy(&mut self) -> rusqlite::Result<()> {
        let conn = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        conn.close().map_err(|(_, e)| e)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let writer = Connection::open_with_flags(sqlite_path(&self.path), flags)?;
        // A connection closes its WAL only once it has opened it: read the schema first.
        writer.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        writer.close().map_err(|(_, e)| e)
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the first bytes and says whether this can be a SQLite file at all, without opening it.
fn check_header(path: &Path) -> Result<()> {
    error::check_path_length(path)?;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let folder_missing = path
                .parent()
                .is_some_and(|p| !p.as_os_str().is_empty() && !p.exists());
            return Err(if folder_missing {
                StoreError::MissingFolder(path.to_path_buf())
            } else {
                StoreError::Missing(path.to_path_buf())
            });
        }
        Err(e) => return Err(io_err(path)(e)),
    };
    if meta.is_dir() {
        return Err(StoreError::NotALedger {
            path: path.to_path_buf(),
            why: "it is a folder".into(),
        });
    }
    if meta.len() == 0 {
        return Err(StoreError::NotALedger {
            path: path.to_path_buf(),
            why: "the file is empty".into(),
        });
    }
    let mut head = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(io_err(path))?;
    let n = f.read(&mut head).map_err(io_err(path))?;
    if n < 16 || &head[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotALedger {
            path: path.to_path_buf(),
            why: "it is not a SQLite database".into(),
        });
    }
    if n < 100 {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: "the file is truncated".into(),
        });
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        p => u64::from(p),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    // The in-header page count is only valid when "version-valid-for" equals the change counter.
    let count_valid = head[92..96] == head[24..28];
    if count_valid && page_size >= 512 && pages > 0 && meta.len() < page_size.saturating_mul(pages)
    {
        // A -wal file may hold the rest; only a file without one is certainly cut short.
        if !wal_path(path).exists() {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                detail: format!(
                    "the file is truncated: {} bytes of {} expected",
                    meta.len(),
                    page_size * pages
                ),
            });
        }
    }
    Ok(())
}

/// The path as SQLite is given it. On Windows a path longer than the classic 260-character limit
/// is given in its `\\?\` form, which the UTF-16 file functions SQLite calls accept at any length;
/// elsewhere the path as it is.
fn sqlite_path(path: &Path) -> PathBuf {
    #[cfg(windows)]
    {
        if let Ok(abs) = std::path::absolute(path) {
            let text = abs.as_os_str().to_string_lossy();
            if text.encode_utf16().count() >= 248 && !text.starts_with(r"\\?\") {
                return PathBuf::from(format!(r"\\?\{text}"));
            }
        }
    }
    path.to_path_buf()
}

fn wal_path(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", path.display()))
}

/// `file:` URI of a path, every byte outside the unreserved set percent-encoded.
fn file_uri(path: &Path, query: &str) -> Option<String> {
    let abs = std::path::absolute(path).ok()?;
    let text = abs.to_str()?.replace('\\', "/");
    let mut uri = String::from("file:");
    if !text.starts_with('/') {
        // Windows: file:/C:/folder/file
        uri.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':') {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    Some(uri)
}

/// A read-only connection for looking at a file before it is accepted. Without a `-wal` or
/// `-journal` file beside it the file is opened immutable, so looking creates no `-wal`/`-shm` files next to a
/// file that is then refused (a refused file and its folder stay exactly as they were).
fn open_probe(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    // A -wal or a hot -journal must be read through the normal path (immutable ignores them).
    let journal = PathBuf::from(format!("{}-journal", path.display()));
    if !wal_path(path).exists()
        && !journal.exists()
        && let Some(uri) = file_uri(path, "immutable=1")
        && let Ok(conn) = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
    {
        return Ok(conn);
    }
    Connection::open_with_flags(sqlite_path(path), flags)
}

/// Checks a file the immutable probe found damaged again, reading it through SQLite's locks (a
/// writer that started meanwhile is then waited for, not read half-way). Files beside it that
/// this second look created are removed when the file is damaged after all.
fn confirm_damaged(path: &Path, first: String) -> Result<()> {
    let beside = [
        wal_path(path),
        PathBuf::from(format!("{}-shm", path.display())),
    ];
    let existed: Vec<bool> = beside.iter().map(|p| p.exists()).collect();
    let again = Connection::open_with_flags(
        sqlite_path(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|c| {
        c.busy_timeout(BUSY_TIMEOUT)?;
        c.pragma_query_value(None, "quick_check", |r| r.get::<_, String>(0))
    });
    match again {
        Ok(check) if check == "ok" => Ok(()),
        other => {
            for (p, was) in beside.iter().zip(existed) {
                if !was {
                    let _ = std::fs::remove_file(p);
                }
            }
            Err(StoreError::Damaged {
                path: path.to_path_buf(),
                detail: match other {
                    Ok(check) => check,
                    Err(_) => first,
                },
            })
        }
    }
}

fn set_pragmas(conn: &Connection, path: &Path, access: Access) -> Result<()> {
    let sql = |e| StoreError::from_sqlite(e, path);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sql)?;
    // 64 MiB of page cache (SQLite's default is 2 MiB): an import of many entries updates the
    // audit trail's hash and record indexes at random places, which a small cache reads and
    // writes again and again.
    conn.pragma_update(None, "cache_size", -65_536)
        .map_err(sql)?;
    if access == Access::ReadWrite {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
    } else {
        conn.pragma_update(None, "query_only", "ON").map_err(sql)?;
    }
    Ok(())
}

fn migrate(conn: &mut Connection, from: i64, path: &Path) -> Result<()> {
    let sql = |e| StoreError::from_sqlite(e, path);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(sql)?;
    let from = usize::try_from(from).unwrap_or(0);
    migrations::apply(&tx, MIGRATIONS, from, MIGRATIONS.len()).map_err(sql)?;
    tx.commit().map_err(sql)
}

impl Store {
    /// Creates a new, empty ledger. Never overwrites: an existing file is an error.
    pub fn create(path: &Path) -> Result<Store> {
        Store::create_at_version(path, SCHEMA_VERSION)
    }

    /// Creates a ledger with only the first `version` migrations (tests of upgrades use this).
    pub fn create_at_version(path: &Path, version: i64) -> Result<Store> {
        error::check_path_length(path)?;
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.is_dir()
        {
            return Err(StoreError::MissingFolder(path.to_path_buf()));
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::AlreadyExists(path.to_path_buf()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(StoreError::NotWritable(path.to_path_buf()));
            }
            Err(e) => return Err(io_err(path)(e)),
        }
        let result = (|| {
            let mut conn = Connection::open(sqlite_path(path))
                .map_err(|e| StoreError::from_sqlite(e, path))?;
            set_pragmas(&conn, path, Access::ReadWrite)?;
            let target = version.clamp(1, SCHEMA_VERSION);
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Exclusive)
                .map_err(|e| StoreError::from_sqlite(e, path))?;
            migrations::apply(&tx, MIGRATIONS, 0, target as usize)
                .map_err(|e| StoreError::from_sqlite(e, path))?;
            tx.commit().map_err(|e| StoreError::from_sqlite(e, path))?;
            Ok(Store {
                conn,
                path: path.to_path_buf(),
                access: Access::ReadWrite,
                migrated_backup: None,
                wal_behind: false,
                stale_wal: false,
                file_version: target,
                tidy_on_close: false,
            })
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(format!("{}-wal", path.display()));
            let _ = std::fs::remove_file(format!("{}-shm", path.display()));
        }
        result
    }

    /// Opens an existing ledger. A file that is not a ledger, is damaged, or is newer than this
    /// program is refused and left untouched; an older ledger is backed up, then migrated.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        check_header(path)?;
        let sql = |e| StoreError::from_sqlite(e, path);
        let (app_id, version) = {
            let probe = open_probe(path).map_err(sql)?;
            probe.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
            let app_id: i64 = probe
                .pragma_query_value(None, "application_id", |r| r.get(0))
                .map_err(sql)?;
            let version: i64 = probe
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(sql)?;
            if app_id != APPLICATION_ID {
                return Err(StoreError::NotALedger {
                    path: path.to_path_buf(),
                    why: "it is a SQLite database of another program".into(),
                });
            }
            if version > SCHEMA_VERSION {
                return Err(StoreError::NewerVersion {
                    path: path.to_path_buf(),
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            let check = probe
                .pragma_query_value(None, "quick_check", |r| r.get::<_, String>(0))
                .unwrap_or_else(|e| e.to_string());
            if check != "ok" {
                // The probe may have read the file as immutable while another program began
                // writing it (its -wal appearing just after the probe looked): look again through
                // SQLite's locks before calling the file damaged.
                drop(probe);
                confirm_damaged(path, check)?;
            }
            (app_id, version)
        };
        let _ = app_id;
        if access == Access::ReadOnly {
            return Store::open_for_reading(path, version);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(sqlite_path(path), flags).map_err(sql)?;
        set_pragmas(&conn, path, access)?;
        let mut migrated_backup = None;
        if version < SCHEMA_VERSION {
            let backup = write_backup(&conn, path, version)?;
            migrate(&mut conn, version, path)?;
            migrated_backup = Some(backup);
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            access,
            migrated_backup,
            // A -wal left by a program that was killed is copied in by the first checkpoint.
            wal_behind: true,
            stale_wal: false,
            file_version: SCHEMA_VERSION,
            tidy_on_close: false,
        })
    }

    /// Opens a ledger for reading without changing a byte of it or its folder:
    /// - on a write-protected stick, a CD or a folder the user cannot write (where SQLite cannot
    ///   create the `-shm` file a WAL reader needs) the file is read as immutable; only when a
    ///   `-wal` lies beside it may that view miss its latest changes ([`Store::stale_wal`]);
    /// - a ledger of an older schema is copied into memory and upgraded there, so an auditor reads
    ///   a 0.1.0 ledger with this program while the file stays as 0.1.0 wrote it.
    fn open_for_reading(path: &Path, version: i64) -> Result<Store> {
        let sql = |e| StoreError::from_sqlite(e, path);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let readable = |conn: &Connection| {
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        };
        let mut stale_wal = false;
        let shm = PathBuf::from(format!("{}-shm", path.display()));
        let tidy_on_close = !wal_path(path).exists() && !shm.exists();
        let direct = Connection::open_with_flags(sqlite_path(path), flags)
            .and_then(|c| readable(&c).map(|_| c));
        let mut conn = match direct {
            Ok(conn) => conn,
            Err(first) => {
                let Some(uri) = file_uri(path, "immutable=1") else {
                    return Err(sql(first));
                };
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                    .map_err(sql)?;
                readable(&conn).map_err(sql)?;
                stale_wal = wal_path(path).exists();
                conn
            }
        };
        if version < SCHEMA_VERSION {
            let mut memory = Connection::open_in_memory().map_err(sql)?;
            {
                let copy = rusqlite::backup::Backup::new(&conn, &mut memory).map_err(sql)?;
                copy.run_to_completion(1024, Duration::ZERO, None)
                    .map_err(sql)?;
            }
            migrate(&mut memory, version, path)?;
            conn = memory;
        }
        set_pragmas(&conn, path, Access::ReadOnly)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            access: Access::ReadOnly,
            migrated_backup: None,
            wal_behind: false,
            stale_wal,
            file_version: version,
            tidy_on_close,
        })
    }

    /// Opens a second read-only store of the same ledger, for reading on another thread (call
    /// the opener there): the file was checked (header, version, quick check) when this one was
    /// opened, so it is not again.
    pub fn sibling(&self) -> impl FnOnce() -> Result<Store> + Send + 'static {
        let (path, version) = (self.path.clone(), self.file_version);
        move || Store::open_for_reading(&path, version)
    }

    /// For a ledger being built in a temporary folder (placed only when whole, see
    /// `app::files::build_then_place`): its rollback journal kept in memory and no syncs while
    /// it is filled, which writes every page once instead of twice (WAL, then the file).
    /// [`Store::end_build`] puts it back in WAL mode with full syncs before it is placed.
    pub fn begin_build(&mut self) -> Result<()> {
        self.conn
            .pragma_update(None, "journal_mode", "MEMORY")
            .and_then(|()| self.conn.pragma_update(None, "synchronous", "OFF"))
            .map_err(|e| self.sql(e))
    }

    /// Ends [`Store::begin_build`]: the ledger is in WAL mode with full syncs again.
    pub fn end_build(&mut self) -> Result<()> {
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|()| self.conn.pragma_update(None, "synchronous", "FULL"))
            .map_err(|e| self.sql(e))
    }

    /// Read through an immutable view although a `-wal` file lies beside the ledger (its folder
    /// cannot be written): the latest changes kept in that `-wal` may be missing from this view.
    pub fn stale_wal(&self) -> bool {
        self.stale_wal
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// How long a write waits for another writer before failing with [`StoreError::Busy`]
    /// (default [`BUSY_TIMEOUT`]; tests shorten it).
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        self.conn.busy_timeout(timeout).map_err(|e| self.sql(e))
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    fn sql(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(e, &self.path)
    }

    /// Writes a consistent copy of the ledger (SQLite online backup) to a new file.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if target.exists() {
            return Err(StoreError::AlreadyExists(target.to_path_buf()));
        }
        self.conn
            .backup(
                rusqlite::MAIN_DB,
                target,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| StoreError::from_sqlite(e, target))
    }

    /// Runs `f` in one immediate transaction: everything it writes lands, or nothing does.
    pub fn write<T>(
        &mut self,
        operator: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        check_operator(operator)?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(e, &path))?;
        let head = read_head(&tx).map_err(|e| StoreError::from_sqlite(e, &path))?;
        let count = head.0;
        let mut w = Writer {
            tx,
            path: path.clone(),
            operator: operator.to_string(),
            now: crate::clock::now_stamp(),
            start: (head.clone(), count),
            head,
            count,
        };
        let out = f(&mut w)?;
        w.finish()?;
        // The write is committed whatever happens next; a copy that fails here (a reader, a full
        // disk) stays pending and is retried by the next write, the window's idle tick or close.
        self.wal_behind = true;
        if self.checkpoint().is_err() {
            self.wal_behind = true;
        }
        Ok(out)
    }

    /// Copies every committed page from the `-wal` file into the main file, so that the main file
    /// alone holds every committed record (a user copies only `x.ledger` to a USB stick). Called
    /// after every write transaction, and by the window when it is idle and when it closes. It
    /// never waits: when another connection still reads an older snapshot the copy is incomplete,
    /// `Ok(false)` is returned and a later call finishes it.
    pub fn checkpoint(&mut self) -> Result<bool> {
        if self.access == Access::ReadOnly {
            return Ok(true);
        }
        let (busy, log, copied): (i64, i64, i64) = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| self.sql(e))?;
        self.wal_behind = busy != 0 || copied < log;
        Ok(!self.wal_behind)
    }

    /// Whether committed records are still waiting in the `-wal` file (see [`Store::checkpoint`]).
    pub fn wal_behind(&self) -> bool {
        self.wal_behind
    }

    /// Runs `f` inside one read transaction: every read it makes sees the same committed state,
    /// whatever other programs write meanwhile (WAL gives each reader its own snapshot), so a
    /// verify or a report never sees half of a save. A call inside another joins it.
    pub fn read_consistent<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| E::from(self.sql(e)))?;
        let out = f(self);
        // Ending a read transaction writes nothing; it releases the snapshot.
        let end = self.conn.execute_batch("COMMIT");
        match (out, end) {
            (Ok(_), Err(e)) => Err(E::from(self.sql(e))),
            (out, _) => out,
        }
    }

    /// All records of one table, in insertion order.
    pub fn list<R: Record>(&self) -> Result<Vec<R>> {
        let sql = format!(
            "{} ORDER BY rowid",
            records::statements(records::spec_of::<R>()).select
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], records::decode::<R>)
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sql(e))
    }

    /// Calls `each` with every record of one table, in insertion order, one row at a time (a
    /// table of a million records is never held whole). An error of `each` stops the walk and is
    /// returned; a ledger error comes back as an `io::Error` wrapping the [`StoreError`].
    pub fn each<R: Record>(
        &self,
        each: &mut dyn FnMut(R) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let sql = format!(
            "{} ORDER BY rowid",
            records::statements(records::spec_of::<R>()).select
        );
        let ledger = |e| std::io::Error::other(self.sql(e));
        let mut stmt = self.conn.prepare(&sql).map_err(ledger)?;
        let mut rows = stmt.query([]).map_err(ledger)?;
        while let Some(row) = rows.next().map_err(ledger)? {
            each(records::decode::<R>(row).map_err(ledger)?)?;
        }
        Ok(())
    }

    /// Calls `each` with every audit entry, oldest first, one at a time.
    pub fn each_audit(
        &self,
        each: &mut dyn FnMut(&AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let ledger = |e| std::io::Error::other(self.sql(e));
        let mut stmt = self
            .conn
            .prepare(&format!("{} ORDER BY seq", audit::SELECT_AUDIT))
            .map_err(ledger)?;
        let mut rows = stmt.query([]).map_err(ledger)?;
        while let Some(row) = rows.next().map_err(ledger)? {
            each(&audit::entry_from_row(row).map_err(ledger)?)?;
        }
        Ok(())
    }

    pub fn get<R: Record>(&self, id: uuid::Uuid) -> Result<Option<R>> {
        get_record::<R>(&self.conn, id).map_err(|e| self.sql(e))
    }

    /// Every record of the ledger, all from one committed state.
    pub fn load(&self) -> Result<LedgerData> {
        self.read_consistent(|_| self.load_tables(false))
    }

    /// [`Store::load`] with the free text of after-care entries left out (notes, comments, names,
    /// stamps read as empty): what summary figures are computed from, in a fraction of the
    /// memory for a ledger of a million entries.
    pub fn load_figures(&self) -> Result<LedgerData> {
        self.read_consistent(|_| self.load_tables(true))
    }

    /// The records of a table with its text columns read as empty and its meta stamps as
    /// [`Stamp::EPOCH`] (neither allocates).
    fn list_without_text<R: Record>(&self) -> Result<Vec<R>> {
        let spec = records::spec_of::<R>();
        let epoch = "'1970-01-01T00:00:00Z'";
        let meta = ["id", epoch, "''", epoch, "''", "version"];
        let cols: Vec<&str> = meta
            .into_iter()
            .chain(spec.columns.iter().map(|(name, field)| match field {
                crate::domain::Field::Line(_)
                | crate::domain::Field::Text(_)
                | crate::domain::Field::Origin
                | crate::domain::Field::AddedLine(_) => "''",
                _ => name,
            }))
            .collect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY rowid",
            cols.join(", "),
            R::TABLE
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], records::decode::<R>)
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sql(e))
    }

    fn load_tables(&self, figures_only: bool) -> Result<LedgerData> {
        struct Load<'a> {
            store: &'a Store,
            figures_only: bool,
            data: LedgerData,
        }
        impl RecordVisitor for Load<'_> {
            type Error = StoreError;
            fn visit<R: Record>(&mut self) -> Result<()> {
                *R::all_mut(&mut self.data) = if self.figures_only && R::TABLE == "aftercare" {
                    self.store.list_without_text::<R>()?
                } else {
                    self.store.list::<R>()?
                };
                Ok(())
            }
        }
        let mut load = Load {
            store: self,
            figures_only,
            data: LedgerData::default(),
        };
        visit_record_types(&mut load)?;
        Ok(load.data)
    }

    /// The bytes of a photo.
    pub fn photo_data(&self, id: uuid::Uuid) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT data FROM photos WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::RecordMissing {
                table: "photos",
                id: id.to_string(),
            })
    }

    /// Audit entries, oldest first; restricted to one record when `record_id` is given.
    pub fn audit_entries(&self, record_id: Option<&str>) -> Result<Vec<AuditEntry>> {
        let (sql, args): (String, Vec<String>) = match record_id {
            Some(id) => (
                format!("{} WHERE record_id = ?1 ORDER BY seq", audit::SELECT_AUDIT),
                vec![id.to_string()],
            ),
            None => (format!("{} ORDER BY seq", audit::SELECT_AUDIT), vec![]),
        };
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), audit::entry_from_row)
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.sql(e))
    }

    /// Audit entries after `seq` (for "what changed since the report").
    pub fn audit_since(&self, seq: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "{} WHERE seq > ?1 ORDER BY seq",
                audit::SELECT_AUDIT
            ))
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([seq], audit::entry_from_row)
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.sql(e))
    }

    /// The newest audit entry's number and hash: the state every report is tied to.
    pub fn audit_head(&self) -> Result<(i64, String)> {
        read_head(&self.conn).map_err(|e| self.sql(e))
    }

    /// Integrity check, chain recomputation, and rows compared with their audited states.
    pub fn verify(&self) -> Result<VerifyReport> {
        // One snapshot: a save landing midway must not read as a row that differs from its audit.
        self.read_consistent(|_| audit::verify(&self.conn).map_err(|e| self.sql(e)))
    }

    /// The ids of every record of a table.
    pub fn ids(&self, table: &str) -> Result<std::collections::HashSet<String>> {
        let spec = crate::domain::record::record_spec(table)
            .ok_or_else(|| StoreError::Decode(format!("no table {table}")))?;
        let sql = format!("SELECT id FROM {}", spec.table);
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sql(e))
    }

    /// Number of records in all record tables.
    pub fn record_count(&self) -> Result<i64> {
        count_records(&self.conn).map_err(|e| self.sql(e))
    }

    /// A value of the ledger's own facts (`ledger_info`): `ledger_id`, `signing_key` …
    pub fn info(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM ledger_info WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// The ledger's id (a UUID made the first time it is asked for; a copy keeps it), which
    /// signed checkpoints name so they cannot be moved to another ledger.
    pub fn ledger_id(&mut self) -> Result<String> {
        if let Some(id) = self.info("ledger_id")? {
            return Ok(id);
        }
        if self.access == Access::ReadOnly {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let id = uuid::Uuid::new_v4().to_string();
        self.conn
            .execute(
                "INSERT OR IGNORE INTO ledger_info (key, value) VALUES ('ledger_id', ?1)",
                [&id],
            )
            .map_err(|e| self.sql(e))?;
        self.wal_behind = true;
        self.checkpoint()?;
        Ok(self.info("ledger_id")?.unwrap_or(id))
    }

    /// Every account, in the order they were made.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!(
            "SELECT {} FROM accounts ORDER BY rowid",
            ACCOUNT_COLUMNS.join(", ")
        );
        self.query_all(&sql, account_from_row)
    }

    /// Every row `sql` selects, each read by `read`.
    fn query_all<T>(
        &self,
        sql: &str,
        read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        let rows = stmt.query_map([], read).map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sql(e))
    }

    /// The hash of audit entry `seq` (`None` when there is no such entry).
    /// See [`Ledger::report_head`]: the newest entry of a record table or of the schema (read
    /// backwards from the head; only the entries written after it are passed over).
    pub fn report_head(&self, to: Option<chrono::NaiveDate>) -> Result<(i64, String)> {
        let tables: Vec<String> = RECORD_TABLES
            .iter()
            .copied()
            .chain([migrations::SCHEMA_TABLE])
            .map(|t| format!("'{t}'"))
            .collect();
        let sql = format!(
            "SELECT seq, hash, table_name, old_value, new_value FROM audit_log \
             WHERE table_name IN ({}) ORDER BY seq DESC",
            tables.join(", ")
        );
        // Newest first; usually the first entry is the head, so the rest is never read.
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let (seq, hash): (i64, String) = (
                r.get(0).map_err(|e| self.sql(e))?,
                r.get(1).map_err(|e| self.sql(e))?,
            );
            let counts = match to {
                None => true,
                Some(to) => {
                    let table: String = r.get(2).map_err(|e| self.sql(e))?;
                    let old: Option<String> = r.get(3).map_err(|e| self.sql(e))?;
                    let new: Option<String> = r.get(4).map_err(|e| self.sql(e))?;
                    crate::domain::record::change_counts_as_of(
                        &table,
                        old.as_deref(),
                        new.as_deref(),
                        to,
                    )
                }
            };
            if counts {
                return Ok((seq, hash));
            }
        }
        Ok((0, GENESIS.to_string()))
    }

    pub fn audit_hash_at(&self, seq: i64) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// Keeps a printed report's token and signature (the `printed_reports` table), so its paper
    /// can be checked without the PDF. Printing it again keeps one row.
    pub fn remember_report(
        &mut self,
        fingerprint: &str,
        token: &str,
        signature: Option<&str>,
        printed_at: &str,
    ) -> Result<()> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        self.conn
            .execute(
                "INSERT OR IGNORE INTO printed_reports (fingerprint, token, signature, printed_at)
                 VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![fingerprint, token, signature, printed_at],
            )
            .map_err(|e| self.sql(e))?;
        self.wal_behind = true;
        self.checkpoint()?;
        Ok(())
    }

    /// The printed reports whose fingerprint starts with `prefix` (lower-case hex): their token
    /// and signature texts.
    pub fn printed_reports(&self, prefix: &str) -> Result<Vec<(String, Option<String>)>> {
        if !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Vec::new());
        }
        self.query_all(
            &format!(
                "SELECT token, signature FROM printed_reports WHERE fingerprint LIKE '{}%' ORDER BY printed_at",
                prefix.to_ascii_lowercase()
            ),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Every signed checkpoint, oldest first.
    pub fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        self.query_all(
            "SELECT seq, head, signed_at, occasion, public_key, signature FROM checkpoints ORDER BY seq, signed_at",
            |r| {
                Ok(Checkpoint {
                    seq: r.get(0)?,
                    head: r.get(1)?,
                    signed_at: r.get(2)?,
                    occasion: r.get(3)?,
                    public_key: r.get(4)?,
                    signature: r.get(5)?,
                })
            },
        )
    }

    /// Keeps a signed checkpoint (the same one given twice is kept once).
    pub fn add_checkpoint(&mut self, cp: &Checkpoint) -> Result<()> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        self.conn
            .execute(
                "INSERT OR IGNORE INTO checkpoints (seq, head, signed_at, occasion, public_key, signature)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    cp.seq,
                    cp.head,
                    cp.signed_at,
                    cp.occasion,
                    cp.public_key,
                    cp.signature
                ],
            )
            .map_err(|e| self.sql(e))?;
        self.wal_behind = true;
        self.checkpoint()?;
        Ok(())
    }
}

/// The longest operator name the audit trail accepts (the exchange format allows the same).
pub const MAX_OPERATOR_CHARS: usize = 200;

/// An operator name goes into every audit entry: it must be short, one line, and not blank.
pub fn check_operator(operator: &str) -> Result<()> {
    let why = if operator.trim().is_empty() {
        Some("the operator name is empty".to_string())
    } else if operator.chars().count() > MAX_OPERATOR_CHARS {
        Some(format!(
            "the operator name is longer than {MAX_OPERATOR_CHARS} characters"
        ))
    } else {
        crate::domain::text::first_refused(operator, false).map(|(c, why)| {
            format!(
                "the operator name {}",
                crate::domain::text::refusal_message(c, why)
            )
        })
    };
    match why {
        Some(why) => Err(StoreError::Constraint(format!(
            "{why}; give a name of 1 to {MAX_OPERATOR_CHARS} characters with --operator"
        ))),
        None => Ok(()),
    }
}

/// Copies the ledger beside itself before a migration. The copy is written under a `.partial`
/// name and renamed only when whole and on disk: a program killed midway must not leave a file
/// named like a backup that holds nothing (a user would restore from it and lose the ledger).
fn write_backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    remove_stale_partial_backups(path);
    let backup = backup_path(path, version);
    let partial = PathBuf::from(format!("{}.partial", backup.display()));
    let result = conn
        .backup(
            rusqlite::MAIN_DB,
            &partial,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(|e| StoreError::from_sqlite(e, &partial))
        .and_then(|()| {
            // Opened for writing: Windows flushes only a file opened so (FlushFileBuffers).
            std::fs::OpenOptions::new()
                .write(true)
                .open(&partial)
                .and_then(|f| f.sync_all())
                .and_then(|()| std::fs::rename(&partial, &backup))
                .map_err(io_err(&backup))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map(|()| backup)
}

/// Removes `.partial` backups of this ledger left by a program killed while writing one.
fn remove_stale_partial_backups(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.v", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".bak.partial") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn backup_path(path: &Path, version: i64) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut candidate = PathBuf::from(format!("{}.v{}-{}.bak", path.display(), version, stamp));
    let mut n = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!(
            "{}.v{}-{}-{}.bak",
            path.display(),
            version,
            stamp,
            n
        ));
        n += 1;
    }
    candidate
}

fn account_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        role: r.get(2)?,
        company: r.get(3)?,
        password_hash: r.get(4)?,
        os_login: r.get(5)?,
        active: r.get(6)?,
        version: r.get(7)?,
    })
}

fn count_records(conn: &Connection) -> rusqlite::Result<i64> {
    let mut total = 0;
    for t in RECORD_TABLES {
        total += conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
            r.get::<_, i64>(0)
        })?;
    }
    Ok(total)
}

/// Does an audit entry of `table` change what a report shows? Entries of the record tables and
/// of schema upgrades do; sign-ins, accounts and signed checkpoints do not.
pub fn changes_report_data(table: &str) -> bool {
    table == migrations::SCHEMA_TABLE || RECORD_TABLES.contains(&table)
}

fn read_head(conn: &Connection) -> rusqlite::Result<(i64, String)> {
    conn.query_row(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map(|o| o.unwrap_or((0, GENESIS.to_string())))
}

fn get_record<R: Record>(conn: &Connection, id: uuid::Uuid) -> rusqlite::Result<Option<R>> {
    let sql = format!(
        "{} WHERE id = ?1",
        records::statements(records::spec_of::<R>()).select
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_row([id.to_string()], records::decode::<R>)
        .optional()
}

/// The SHA-256 (hex) of a stored photo's bytes.
fn data_hash(conn: &Connection, table: &str, id: &str) -> rusqlite::Result<Option<String>> {
    use sha2::{Digest, Sha256};
    let sql = format!("SELECT data FROM {table} WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_row([id], |r| {
        Ok(match r.get_ref(0)? {
            rusqlite::types::ValueRef::Blob(b) => Some(hex::encode(Sha256::digest(b))),
            _ => None,
        })
    })
    .optional()
    .map(Option::flatten)
}

/// The canonical JSON of an audited state (keys sorted, compact), as the audit trail keeps it.
fn canonical_json(m: &Map<String, Value>) -> String {
    // A map of JSON values always serialises.
    serde_json::to_string(m).unwrap_or_default()
}

/// How [`Writer::write_columns`] writes a record given as its columns.
#[derive(Clone, Copy)]
enum Put<'r> {
    /// A new record, audited with the reason.
    Insert(&'r str),
    /// A row of a restored history (the history covers it).
    Restore,
    /// A new version of a stored record, audited with the reason.
    Update(&'r str),
}

/// A write transaction in progress: every change it makes is audited.
pub struct Writer<'a> {
    tx: rusqlite::Transaction<'a>,
    path: PathBuf,
    operator: String,
    now: Stamp,
    head: (i64, String),
    count: i64,
    /// The head and count when the transaction began: what came before is not this writer's.
    start: ((i64, String), i64),
}

impl Writer<'_> {
    fn sql(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(e, &self.path)
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    pub fn now(&self) -> &Stamp {
        &self.now
    }

    /// A fresh `Meta` stamped with this transaction's operator and time.
    pub fn new_meta(&self) -> Meta {
        Meta::new(&self.operator, &self.now)
    }

    fn write_head(&self) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO ledger_info (key, value) VALUES ('audit_head', ?1), ('audit_count', ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                rusqlite::params![self.head.1, self.count.to_string()],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    fn finish(self) -> Result<()> {
        self.write_head()?;
        let path = self.path.clone();
        self.tx
            .commit()
            .map_err(|e| StoreError::from_sqlite(e, &path))
    }

    fn audit(
        &mut self,
        table: &str,
        record_id: &str,
        action: &str,
        old: Option<&Map<String, Value>>,
        new: Option<&Map<String, Value>>,
        reason: &str,
    ) -> Result<()> {
        self.audit_text(
            table,
            record_id,
            action,
            old.map(canonical_json),
            new.map(canonical_json),
            reason,
        )
    }

    /// [`Writer::audit`] of states already in their canonical JSON text.
    fn audit_text(
        &mut self,
        table: &str,
        record_id: &str,
        action: &str,
        old: Option<String>,
        new: Option<String>,
        reason: &str,
    ) -> Result<()> {
        let mut e = AuditEntry {
            seq: self.head.0 + 1,
            at: self.now.to_string(),
            operator: self.operator.clone(),
            table_name: table.to_string(),
            record_id: record_id.to_string(),
            action: action.to_string(),
            old_value: old,
            new_value: new,
            reason: reason.to_string(),
            prev_hash: self.head.1.clone(),
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        self.append_audit(&e)
    }

    fn append_audit(&mut self, e: &AuditEntry) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (seq, at, operator, table_name, record_id, action, old_value, new_value, reason, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .and_then(|mut s| {
                s.execute(rusqlite::params![
                    e.seq, e.at, e.operator, e.table_name, e.record_id, e.action,
                    e.old_value, e.new_value, e.reason, e.prev_hash, e.hash
                ])
            })
            .map_err(|err| self.sql(err))?;
        self.head = (e.seq, e.hash.clone());
        self.count += 1;
        Ok(())
    }

    /// Writes a record's row as it is (no audit entry).
    fn insert_row<R: Record>(&mut self, record: &R, blob: Option<&[u8]>) -> Result<Vec<Cell>> {
        if R::HAS_DATA != blob.is_some() {
            return Err(StoreError::Decode(format!(
                "{}: a record of this table {} its data",
                R::TABLE,
                if R::HAS_DATA { "needs" } else { "has no" }
            )));
        }
        let cells = record.row();
        let sql = &records::statements(records::spec_of::<R>()).insert;
        self.tx
            .prepare_cached(sql)
            .and_then(|mut s| s.execute(params_from_iter(records::insert_params(&cells, blob))))
            .map_err(|e| self.sql(e))?;
        Ok(cells)
    }

    /// The audited form of a record whose row is `cells`; a photo's bytes are `blob`, or the
    /// stored ones when not given.
    fn audited_form<R: Record>(
        &self,
        cells: &[Cell],
        blob: Option<&[u8]>,
    ) -> Result<Map<String, Value>> {
        let hash = self.data_hash_of::<R>(cells, blob)?;
        Ok(crate::domain::record::audited(
            records::spec_of::<R>(),
            cells,
            hash.as_deref(),
        ))
    }

    /// The SHA-256 (hex) a photo's audited form names: of `blob`, or of the stored bytes when not
    /// given; `None` for a record type without data.
    fn data_hash_of<R: Record>(
        &self,
        cells: &[Cell],
        blob: Option<&[u8]>,
    ) -> Result<Option<String>> {
        Ok(if R::HAS_DATA {
            match blob {
                Some(b) => {
                    use sha2::{Digest, Sha256};
                    Some(hex::encode(Sha256::digest(b)))
                }
                None => {
                    let id = cells.first().map(Cell::to_json).unwrap_or_default();
                    data_hash(&self.tx, R::TABLE, id.as_str().unwrap_or_default())
                        .map_err(|e| self.sql(e))?
                }
            }
        } else {
            None
        })
    }

    /// The record `id` as this transaction sees it.
    pub fn get<R: Record>(&self, id: uuid::Uuid) -> Result<Option<R>> {
        get_record::<R>(&self.tx, id).map_err(|e| self.sql(e))
    }

    /// The audited form of the record `id` of `table` as this transaction sees it.
    pub fn audited_record(
        &self,
        table: &str,
        id: uuid::Uuid,
    ) -> Result<Option<Map<String, Value>>> {
        struct Form<'w, 'a> {
            writer: &'w Writer<'a>,
            id: uuid::Uuid,
            found: Option<Map<String, Value>>,
        }
        impl RecordVisitor for Form<'_, '_> {
            type Error = StoreError;
            fn visit<R: Record>(&mut self) -> Result<()> {
                if let Some(r) = self.writer.get::<R>(self.id)? {
                    self.found = Some(self.writer.audited_form::<R>(&r.row(), None)?);
                }
                Ok(())
            }
        }
        let mut form = Form {
            writer: self,
            id,
            found: None,
        };
        crate::domain::record::visit_table(table, &mut form)?;
        Ok(form.found)
    }

    /// The stored record and its audited form.
    fn stored<R: Record>(&self, id: uuid::Uuid) -> Result<(R, Map<String, Value>)> {
        let record = get_record::<R>(&self.tx, id)
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::RecordMissing {
                table: R::TABLE,
                id: id.to_string(),
            })?;
        let form = self.audited_form::<R>(&record.row(), None)?;
        Ok((record, form))
    }

    /// Inserts a new record (its meta is stamped with this transaction's operator and time).
    pub fn insert<R: Record>(&mut self, record: &R) -> Result<R> {
        self.insert_with_blob(record, None)
    }

    /// Inserts a record exactly as given (imports keep ids, times and operators of their source).
    pub fn insert_as_is<R: Record>(
        &mut self,
        record: &R,
        blob: Option<&[u8]>,
        reason: &str,
    ) -> Result<()> {
        let cells = self.insert_row(record, blob)?;
        // The audited form written straight from the cells (an import writes a million).
        let hash = self.data_hash_of::<R>(&cells, blob)?;
        let after =
            crate::domain::record::audited_text(records::spec_of::<R>(), &cells, hash.as_deref());
        let id = record.meta().id.to_string();
        self.audit_text(R::TABLE, &id, "insert", None, Some(after), reason)
    }

    fn insert_with_blob<R: Record>(&mut self, record: &R, blob: Option<&[u8]>) -> Result<R> {
        let mut r = record.clone();
        let m = r.meta_mut();
        m.created_at = self.now.clone();
        m.created_by = self.operator.clone();
        m.updated_at = self.now.clone();
        m.updated_by = self.operator.clone();
        m.version = 1;
        self.insert_as_is(&r, blob, "")?;
        Ok(r)
    }

    /// Inserts a photo with its bytes.
    pub fn insert_photo(&mut self, photo: &Photo, data: &[u8]) -> Result<Photo> {
        self.insert_with_blob(photo, Some(data))
    }

    /// Replaces a record. `record.meta().version` must be the version that was read.
    pub fn update<R: Record>(&mut self, record: &R, reason: &str) -> Result<R> {
        self.update_stamped(record, reason, false)
    }

    /// [`Writer::update`]; `keep_stamps`: the record keeps the `updated_at` and `updated_by` it
    /// carries (a merged edit stays the contractor's, made when they made it), instead of this
    /// transaction's. The audit entry names this transaction's operator either way.
    fn update_stamped<R: Record>(
        &mut self,
        record: &R,
        reason: &str,
        keep_stamps: bool,
    ) -> Result<R> {
        let id = record.meta().id;
        let (before, before_form) = self.stored::<R>(id)?;
        if before.meta().version != record.meta().version {
            return Err(StoreError::Conflict {
                table: R::TABLE,
                id: id.to_string(),
                expected: record.meta().version,
                found: before.meta().version,
            });
        }
        if before.locked() && reason.trim().is_empty() {
            return Err(StoreError::ReasonRequired { table: R::TABLE });
        }
        let mut r = record.clone();
        {
            let m = r.meta_mut();
            m.created_at = before.meta().created_at.clone();
            m.created_by = before.meta().created_by.clone();
            if !keep_stamps {
                m.updated_at = self.now.clone();
                m.updated_by = self.operator.clone();
            }
            m.version = before.meta().version + 1;
        }
        let cells = r.row();
        let mut params: Vec<rusqlite::types::ToSqlOutput<'_>> =
            cells.iter().map(records::to_sql).collect();
        params.push(rusqlite::types::ToSqlOutput::Owned(
            rusqlite::types::Value::Integer(before.meta().version),
        ));
        let sql = &records::statements(records::spec_of::<R>()).update;
        let n = self
            .tx
            .prepare_cached(sql)
            .and_then(|mut s| s.execute(params_from_iter(params)))
            .map_err(|e| self.sql(e))?;
        if n != 1 {
            return Err(StoreError::Conflict {
                table: R::TABLE,
                id: id.to_string(),
                expected: before.meta().version,
                found: -1,
            });
        }
        let after = self.audited_form::<R>(&cells, None)?;
        self.audit(
            R::TABLE,
            &id.to_string(),
            "update",
            Some(&before_form),
            Some(&after),
            reason,
        )?;
        Ok(r)
    }

    /// Deletes a record; the audit trail keeps its last state. `version` is the version that was read.
    pub fn delete<R: Record>(&mut self, id: uuid::Uuid, version: i64, reason: &str) -> Result<()> {
        let sid = id.to_string();
        let (before, before_form) = self.stored::<R>(id)?;
        if before.meta().version != version {
            return Err(StoreError::Conflict {
                table: R::TABLE,
                id: sid,
                expected: version,
                found: before.meta().version,
            });
        }
        if before.locked() && reason.trim().is_empty() {
            return Err(StoreError::ReasonRequired { table: R::TABLE });
        }
        if !R::HAS_DATA {
            // Photos belong to their record: deleting the record deletes its photos, audited.
            let owned: Vec<String> = {
                let mut stmt = self
                    .tx
                    .prepare_cached("SELECT id FROM photos WHERE owner_id = ?1")
                    .map_err(|e| self.sql(e))?;
                let rows = stmt
                    .query_map([&sid], |r| r.get(0))
                    .map_err(|e| self.sql(e))?;
                rows.collect::<rusqlite::Result<_>>()
                    .map_err(|e| self.sql(e))?
            };
            for pid in owned {
                let pid: uuid::Uuid = pid
                    .parse()
                    .map_err(|_| StoreError::Decode(format!("photos: {pid:?} is not a UUID")))?;
                let (_, snap) = self.stored::<Photo>(pid)?;
                self.tx
                    .execute("DELETE FROM photos WHERE id = ?1", [pid.to_string()])
                    .map_err(|e| self.sql(e))?;
                self.audit(
                    "photos",
                    &pid.to_string(),
                    "delete",
                    Some(&snap),
                    None,
                    reason,
                )?;
            }
        }
        let sql = format!("DELETE FROM {} WHERE id = ?1", R::TABLE);
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute([&sid]))
            .map_err(|e| self.sql(e))?;
        self.audit(R::TABLE, &sid, "delete", Some(&before_form), None, reason)
    }

    /// After a restored audit trail written at schema version `version`: records the upgrades
    /// since then that added columns (the restored rows hold their defaults), as opening a ledger
    /// of that version would.
    pub fn record_upgrades_since(&mut self, version: i64) -> Result<()> {
        let from = usize::try_from(version).unwrap_or(0);
        for (i, m) in MIGRATIONS.iter().enumerate().skip(from) {
            if m.added_columns.is_empty() || self.count == 0 {
                continue;
            }
            let (old, new) = migrations::schema_entry_values(i, m);
            self.audit(
                SCHEMA_TABLE,
                "version",
                "update",
                Some(&old),
                Some(&new),
                &migrations::upgrade_reason(i, m),
            )?;
        }
        Ok(())
    }

    /// Removes the audit entries this transaction wrote (an import into an empty ledger that
    /// turns out to carry its own history puts that history in their place). Entries written
    /// before the transaction began cannot be removed.
    pub fn discard_own_audit(&mut self) -> Result<()> {
        self.tx
            .execute("DELETE FROM audit_log WHERE seq > ?1", [self.start.0.0])
            .map_err(|e| self.sql(e))?;
        self.head = self.start.0.clone();
        self.count = self.start.1;
        Ok(())
    }

    /// References between the records this transaction writes are checked when it commits, not
    /// row by row (a file may name a record before the record itself).
    pub fn check_references_at_commit(&mut self) -> Result<()> {
        self.tx
            .pragma_update(None, "defer_foreign_keys", "ON")
            .map_err(|e| self.sql(e))
    }

    /// Restores one audit entry from an export, keeping its hash chain (only into an empty trail).
    pub fn restore_audit(&mut self, e: &AuditEntry) -> Result<()> {
        self.append_audit(e)
    }

    /// Inserts a record row exactly as exported, without auditing (the restored trail covers it).
    pub fn restore_row<R: Record>(&mut self, record: &R, blob: Option<&[u8]>) -> Result<()> {
        self.insert_row(record, blob).map(|_| ())
    }

    /// Inserts a record given as its columns (an import row), audited with `reason`; the columns
    /// must make a valid record of `table`.
    pub fn insert_columns(
        &mut self,
        table: &str,
        cols: &Map<String, Value>,
        blob: Option<&[u8]>,
        reason: &str,
    ) -> Result<()> {
        self.write_columns(table, cols, blob, Put::Insert(reason))
    }

    /// Inserts a record given as its columns without auditing (a restored trail covers it).
    pub fn restore_columns(
        &mut self,
        table: &str,
        cols: &Map<String, Value>,
        blob: Option<&[u8]>,
    ) -> Result<()> {
        self.write_columns(table, cols, blob, Put::Restore)
    }

    /// Replaces the stored record of the id `cols` names with `cols` (a merged edit), whatever
    /// version the columns carry, keeping who changed it and when; audited with `reason`.
    pub fn update_columns(
        &mut self,
        table: &str,
        cols: &Map<String, Value>,
        reason: &str,
    ) -> Result<()> {
        self.write_columns(table, cols, None, Put::Update(reason))
    }

    /// Inserts a record given as its cells (a checked import row, meta first in ledger order,
    /// without the data), audited with `reason`; the cells must make a valid record of `table`.
    pub fn insert_cells(
        &mut self,
        table: &str,
        cells: Vec<Cell>,
        blob: Option<&[u8]>,
        reason: &str,
    ) -> Result<()> {
        self.write_cells(table, cells, blob, Put::Insert(reason))
    }

    /// Inserts a record given as its cells without auditing (a restored trail covers it).
    pub fn restore_cells(
        &mut self,
        table: &str,
        cells: Vec<Cell>,
        blob: Option<&[u8]>,
    ) -> Result<()> {
        self.write_cells(table, cells, blob, Put::Restore)
    }

    /// [`Writer::write_columns`] of a row given as its cells: read into the record type once.
    fn write_cells(
        &mut self,
        table: &str,
        cells: Vec<Cell>,
        blob: Option<&[u8]>,
        how: Put<'_>,
    ) -> Result<()> {
        struct Write<'w, 'a> {
            writer: &'w mut Writer<'a>,
            cells: Option<Vec<Cell>>,
            blob: Option<&'w [u8]>,
            how: Put<'w>,
        }
        impl RecordVisitor for Write<'_, '_> {
            type Error = StoreError;
            fn visit<R: Record>(&mut self) -> Result<()> {
                let cells = self.cells.take().unwrap_or_default();
                let record = R::from_row(cells)
                    .map_err(|e| StoreError::Decode(format!("{}: {e}", R::TABLE)))?;
                self.writer.put(record, self.blob, self.how)
            }
        }
        let mut put = Write {
            writer: self,
            cells: Some(cells),
            blob,
            how,
        };
        if crate::domain::record::visit_table(table, &mut put)? {
            Ok(())
        } else {
            Err(StoreError::Decode(format!("no table {table}")))
        }
    }

    /// Writes one decoded record as `how` says.
    fn put<R: Record>(&mut self, mut record: R, blob: Option<&[u8]>, how: Put<'_>) -> Result<()> {
        match how {
            Put::Insert(reason) => self.insert_as_is(&record, blob, reason),
            Put::Restore => self.restore_row(&record, blob),
            Put::Update(reason) => {
                let (stored, _) = self.stored::<R>(record.meta().id)?;
                record.meta_mut().version = stored.meta().version;
                self.update_stamped(&record, reason, true).map(|_| ())
            }
        }
    }

    fn write_columns(
        &mut self,
        table: &str,
        cols: &Map<String, Value>,
        blob: Option<&[u8]>,
        how: Put<'_>,
    ) -> Result<()> {
        struct Write<'w, 'a> {
            writer: &'w mut Writer<'a>,
            cols: &'w Map<String, Value>,
            blob: Option<&'w [u8]>,
            how: Put<'w>,
        }
        impl RecordVisitor for Write<'_, '_> {
            type Error = StoreError;
            fn visit<R: Record>(&mut self) -> Result<()> {
                let record: R =
                    crate::domain::record::from_columns(self.cols).map_err(StoreError::Decode)?;
                self.writer.put(record, self.blob, self.how)
            }
        }
        let mut put = Write {
            writer: self,
            cols,
            blob,
            how,
        };
        if crate::domain::record::visit_table(table, &mut put)? {
            Ok(())
        } else {
            Err(StoreError::Decode(format!("no table {table}")))
        }
    }

    /// Sets one of the ledger's own facts (`ledger_info`), recorded in the audit trail like a
    /// record change (the signing key is one: a swap through the program is in the history).
    pub fn set_info_audited(&mut self, key: &str, value: &str, reason: &str) -> Result<()> {
        let old: Option<String> = self
            .tx
            .query_row("SELECT value FROM ledger_info WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        self.tx
            .execute(
                "INSERT INTO ledger_info (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(|e| self.sql(e))?;
        let row = |v: &str| {
            let mut m = Map::new();
            m.insert("key".into(), Value::String(key.to_string()));
            m.insert("value".into(), Value::String(v.to_string()));
            m
        };
        let before = old.as_deref().map(row);
        let action = if before.is_some() { "update" } else { "insert" };
        self.audit(
            "ledger_info",
            key,
            action,
            before.as_ref(),
            Some(&row(value)),
            reason,
        )
    }

    /// The audited form of a stored account.
    fn account_form(&self, id: &str) -> Result<Option<Map<String, Value>>> {
        let sql = format!(
            "SELECT {} FROM accounts WHERE id = ?1",
            ACCOUNT_COLUMNS.join(", ")
        );
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    let mut m = Map::new();
                    for (i, c) in ACCOUNT_COLUMNS.iter().enumerate() {
                        m.insert(c.to_string(), records::audited_json(r.get_ref(i)?));
                    }
                    Ok(m)
                })
                .optional()
            })
            .map_err(|e| self.sql(e))
    }

    /// Adds an account, or changes one (`account.version` must be the version read), audited.
    pub fn put_account(&mut self, account: &Account, reason: &str) -> Result<Account> {
        let before = self.account_form(&account.id)?;
        let mut a = account.clone();
        let n = if let Some(old) = &before {
            let stored = old.get("version").and_then(Value::as_i64).unwrap_or(0);
            if stored != account.version {
                return Err(StoreError::Conflict {
                    table: "accounts",
                    id: account.id.clone(),
                    expected: account.version,
                    found: stored,
                });
            }
            a.version = stored + 1;
            self.tx.execute(
                "UPDATE accounts SET name = ?2, role = ?3, company = ?4, password_hash = ?5, os_login = ?6, active = ?7, version = ?8 WHERE id = ?1 AND version = ?9",
                rusqlite::params![a.id, a.name, a.role, a.company, a.password_hash, a.os_login, a.active, a.version, stored],
            )
        } else {
            a.version = 1;
            self.tx.execute(
                "INSERT INTO accounts (id, name, role, company, password_hash, os_login, active, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![a.id, a.name, a.role, a.company, a.password_hash, a.os_login, a.active, a.version],
            )
        }
        .map_err(|e| self.sql(e))?;
        if n != 1 {
            return Err(StoreError::Conflict {
                table: "accounts",
                id: a.id.clone(),
                expected: account.version,
                found: -1,
            });
        }
        let after = self.account_form(&a.id)?;
        let action = if before.is_some() { "update" } else { "insert" };
        self.audit(
            "accounts",
            &a.id,
            action,
            before.as_ref(),
            after.as_ref(),
            reason,
        )?;
        Ok(a)
    }

    /// Inserts an account exactly as exported, without auditing (the restored trail covers it).
    pub fn restore_account(&mut self, a: &Account) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO accounts (id, name, role, company, password_hash, os_login, active, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![a.id, a.name, a.role, a.company, a.password_hash, a.os_login, a.active, a.version],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Records an event that changes no row (a sign-in) in the audit trail.
    pub fn audit_event(&mut self, table: &str, fields: &Map<String, Value>) -> Result<()> {
        let id = uuid::Uuid::new_v4().to_string();
        self.audit(table, &id, "insert", None, Some(fields), "")
    }

    /// Number of audit entries so far in this ledger (including this transaction's).
    pub fn audit_count(&self) -> i64 {
        self.count
    }

    /// Checks what `verify` checks, inside this transaction (imports call it before committing).
    pub fn verify(&self) -> Result<VerifyReport> {
        self.write_head()?;
        audit::verify(&self.tx).map_err(|e| self.sql(e))
    }

    /// Number of records in all record tables, as seen inside this transaction.
    pub fn record_count(&self) -> Result<i64> {
        count_records(&self.tx).map_err(|e| self.sql(e))
    }
}
