//! Application services shared by the window and the command line: creating and opening ledgers,
//! importing and exporting, summaries, and who is working.

pub mod accounts;
pub mod conflicts;
pub mod files;
pub mod jobs;
pub mod keys;
pub mod lock;
pub mod messages;
pub mod package;
pub mod photo;
pub mod refusal;
pub mod report;
pub mod session;
pub mod settings;
pub mod sheets;
pub mod verify;

use std::path::{Path, PathBuf};

use crate::domain::*;
pub use crate::exchange::Issue as ImportIssue;
use crate::exchange::{self, ImportError, Known};
/// The ledger as the window and the command line reach it (they do not use `store` directly).
pub use crate::store::error::MAX_PATH_BYTES;
pub use crate::store::{Access, Backend, Ledger, LedgerWriter, Store, StoreError, VerifyReport};

/// The Huayang Group No.2 mine example (华阳二矿), used by `init --demo` and by tests.
pub const DEMO_JSON: &str = include_str!("../../assets/demo/huayang2.json");

/// Who the example's records are credited to in the audit trail: the example was written by the
/// program's authors, not by whoever opened it (0.1.0 credited all ~350 records to them).
pub const DEMO_AUTHOR: &str = "示例数据";

/// Environment variable naming who makes changes, when `--operator` is not given.
pub const OPERATOR_ENV: &str = "RESTORATION_LEDGER_OPERATOR";

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Import(#[from] ImportError),
    #[error("Could not read the file ({source}). Check that it exists and is readable: {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Could not write the file ({source}). Check the folder exists and is writable: {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("A file already exists there and will not be overwritten. Choose another name: {0}")]
    Exists(PathBuf),
    #[error(
        "That is a folder, not a file name. Add a file name inside it, such as export.json: {0}"
    )]
    IsAFolder(PathBuf),
    #[error(
        "That name is a symbolic link: writing would replace the file it points to, wherever that is. Choose the real file, or another name: {0}"
    )]
    Symlink(PathBuf),
    #[error(
        "The disk is full, so the file could not be written; nothing was left half-written. Free some space on the disk, or choose another disk: {0}"
    )]
    DiskFull(PathBuf),
    /// Refused, and why (said in the user's language by [`refusal::Refusal::say`]).
    #[error(transparent)]
    Refused(#[from] refusal::Refusal),
    /// A report that could not be printed (kept as it is until it is said to the user).
    #[error(transparent)]
    Report(Box<report::ReportFileError>),
    /// A field package whose own history or photos do not verify.
    #[error("The package does not verify ({why}): it was altered after it was made, so nothing was merged. Ask the contractor to send their package again: {}", .path.display())]
    PackageAltered { path: PathBuf, why: String },
    /// A field package made from another ledger.
    #[error("The package was made from another ledger ({of}), not this one ({office}); nothing was merged. Merge it into the ledger it came from: {}", .path.display())]
    PackageOfAnotherLedger {
        path: PathBuf,
        of: String,
        office: String,
    },
    /// A ledger that is not a field package, given to merge.
    #[error("This ledger is not a field package; merge only a package made with `package`, or import an export: {}", .0.display())]
    NotAPackage(PathBuf),
    /// Nobody of the company could sign in to a package made for it.
    #[error("No active contractor account of \"{company}\" is in the ledger, so nobody could sign in to the package. Add an account for one of the company's people (account add … --role contractor --company \"{company}\"), then make the package again: {}", .path.display())]
    NoContractorAccount { path: PathBuf, company: String },
    /// A file opened as a merge receipt is not one.
    #[error("This is not a merge receipt; open the PACKAGE.receipt.json the office sent back: {}", .0.display())]
    NotAReceipt(PathBuf),
    /// A receipt of another package than the one open.
    #[error("This receipt is of another field package than the one open; open the receipt of this package: {}", .0.display())]
    ReceiptOfAnotherPackage(PathBuf),
    /// Someone other than the department tried to resolve a merge conflict.
    #[error(
        "Only the environmental department resolves merge conflicts; nothing was changed. Ask a department member to resolve it."
    )]
    OnlyDepartmentResolves,
    /// No merge conflict has this id.
    #[error("There is no merge conflict {0} in this ledger. List the open ones with `conflicts`.")]
    ConflictMissing(uuid::Uuid),
    /// The merge conflict was resolved already.
    #[error(
        "The merge conflict {0} was resolved already; nothing was changed. List the open ones with `conflicts`."
    )]
    ConflictAlreadyResolved(uuid::Uuid),
    /// The record in conflict was deleted since the merge.
    #[error(
        "The {table} record {id} in conflict is no longer in the ledger, so the package's version cannot replace it; keep both or keep the ledger's instead."
    )]
    ConflictRecordGone { table: &'static str, id: uuid::Uuid },
    /// "Both" adds a second record: only after-care entries may be doubled.
    #[error(
        "Keeping both adds the package's version as a new record, which is done only for after-care entries; take the package's version or keep the ledger's instead."
    )]
    BothOnlyForEntries,
    /// The package's version breaks the rules every record of its table keeps.
    #[error("The package's version cannot be saved: {}. Keep the ledger's version, or correct the record after keeping both.", .faults.iter().map(|i| format!("{} {}", i.column, i.fault.english())).collect::<Vec<_>>().join("; "))]
    TheirsInvalid {
        faults: Vec<crate::domain::validate::Invalid>,
    },
    /// A spreadsheet import was refused: every problem, with its sheet, row and column.
    #[error("The spreadsheet was not imported; nothing was written. Correct these {} problem(s) and import again:\n{}", .0.len(), .0.iter().take(50).map(|i| i.message(crate::i18n::Lang::En)).collect::<Vec<_>>().join("\n"))]
    SheetRefused(Vec<crate::exchange::sheet::text::SheetIssue>),
}

pub type Result<T> = std::result::Result<T, AppError>;

/// Who works with the ledger, which decides what they may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Environmental department: everything.
    Department,
    /// Contractor: adds after-care entries and photos, edits own pending entries.
    Contractor,
    /// Auditor: reads only; the file is opened read-only.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Department, Role::Contractor, Role::Auditor];

    pub fn access(self) -> Access {
        match self {
            Role::Auditor => Access::ReadOnly,
            _ => Access::ReadWrite,
        }
    }
}

/// The operator's name: the flag, else the environment variable, else the login name.
pub fn operator_name(flag: Option<&str>) -> String {
    flag.map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            std::env::var(OPERATOR_ENV)
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .or_else(|| std::env::var("USERNAME").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".to_string())
}

/// Inserts the default compliance rules (each with its source).
pub fn seed_default_rules(store: &mut impl Ledger, operator: &str) -> Result<()> {
    store.write(operator, |w| {
        for d in rules::default_rules() {
            let rule = Rule {
                meta: w.new_meta(),
                kind: d.kind,
                threshold: d.threshold,
                threshold2: d.threshold2,
                unit: d.unit.to_string(),
                source: d.source.to_string(),
                strength: d.strength.to_string(),
                note: d.note.to_string(),
                enabled: true,
                stale_after_days: None,
            };
            w.insert(&rule)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The backend of ledgers kept as files (SQLite). The application names it here and in the
/// file-only features (backups beside the file, field packages, the lock file); everything else
/// reaches a ledger through [`Ledger`] and [`Backend`].
pub type LedgerFile = Store;

/// Opens the ledger file at `path`.
pub fn open_file(path: &Path, access: Access) -> std::result::Result<LedgerFile, StoreError> {
    Store::open(path, access)
}

/// Creates a new ledger with the default rules; with `demo`, filled with the Huayang No.2 example.
/// The ledger is built under a temporary name and appears at `path` only when complete, so a
/// program killed midway leaves no half-made ledger (0.1.0 left a rules-only ledger that verified,
/// after which `init` refused to run again).
pub fn init(path: &Path, demo: bool, operator: &str) -> Result<LedgerFile> {
    if path.exists() {
        return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(StoreError::MissingFolder(path.to_path_buf()).into());
    }
    crate::store::error::check_path_length(path)?;
    files::build_then_place(path, false, |building| {
        // The ledger is made under a temporary name a little longer than its own: a path too
        // long for that is named as the user gave it.
        let mut store = LedgerFile::create(building).map_err(|e| match e {
            StoreError::PathTooLong(len, _) => StoreError::PathTooLong(len, path.to_path_buf()),
            other => other,
        })?;
        // The example's records, its rules among them, are credited to the example itself.
        let author = if demo { DEMO_AUTHOR } else { operator };
        seed_default_rules(&mut store, author)?;
        if demo {
            import_bytes(&mut store, DEMO_JSON.as_bytes(), author, "huayang2.json")?;
        }
        // Closing checkpoints the -wal into the file and removes it: the file alone is whole.
        drop(store);
        Ok(())
    })?;
    Ok(open_file(path, Access::ReadWrite)?)
}

/// What the ledger already holds (for import checks): every record's digest, the rules and the
/// bench numbers.
pub fn known(store: &impl Ledger) -> Result<Known> {
    struct Digests<'a, L> {
        store: &'a L,
        known: &'a mut Known,
    }
    impl<L: Ledger> RecordVisitor for Digests<'_, L> {
        type Error = std::io::Error;
        fn visit<R: Record>(&mut self) -> std::io::Result<()> {
            let records = &mut self.known.records;
            self.store.each::<R>(&mut |r| {
                let row = r.row();
                let digest = crate::domain::record::digest(&R::SPEC, &row, true);
                let said = crate::domain::record::digest(&R::SPEC, &row, false);
                records.insert(r.meta().id, (R::TABLE, digest, said));
                Ok(())
            })
        }
    }
    let mut k = Known::default();
    visit_record_types(&mut Digests {
        store,
        known: &mut k,
    })
    // The walk fails only with a ledger error, which `each` wraps.
    .map_err(|e| match e.downcast::<StoreError>() {
        Ok(ledger) => AppError::Store(ledger),
        Err(other) => AppError::Store(StoreError::Decode(other.to_string())),
    })?;
    k.bench_keys = store
        .list::<Bench>()?
        .into_iter()
        .map(|b| {
            (
                (b.pile_id.to_string(), b.number, b.kind.code().to_string()),
                b.meta.id.to_string(),
            )
        })
        .collect();
    k.rules = store
        .list::<Rule>()?
        .into_iter()
        .map(|r| {
            let said = crate::domain::record::digest(&Rule::SPEC, &r.row(), false);
            (r.kind.code().to_string(), said)
        })
        .collect();
    Ok(k)
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Records written.
    pub records: usize,
    /// Records the ledger held already, the same (an export imported twice adds nothing).
    pub present: usize,
    /// Records the ledger holds differently: not written, the ledger's kept, listed here.
    pub conflicts: Vec<exchange::Conflict>,
    /// New versions written of records the ledger holds (a merged package's edits).
    pub updated: usize,
    /// Records a package may not carry: not written, each with the reason.
    pub refused: Vec<exchange::Conflict>,
    /// Of the conflicts, how many were newly kept in the ledger as merge conflicts for the
    /// department to resolve (a package merged again finds its conflicts kept already).
    pub conflicts_kept: usize,
    /// A merged package's records and what became of each (empty for a plain import).
    pub receipt: Vec<(&'static str, String, exchange::stream::Outcome)>,
    /// Audit entries restored from the file (0 when the file's history was not carried over).
    pub restored_audit: usize,
    /// The file carried a history that could not be restored because the ledger was not empty.
    pub history_not_restored: bool,
}

/// Imports an exchange file's bytes: all or nothing.
pub fn import_bytes(
    store: &mut impl Backend,
    bytes: &[u8],
    operator: &str,
    source: &str,
) -> Result<ImportOutcome> {
    // An auditor is told the ledger is read-only, not handed a list of the file's problems.
    if store.read_only() {
        return Err(StoreError::ReadOnly(store.location().into()).into());
    }
    let known = known(store)?;
    import_stream(store, &known, ImportSource::Bytes(bytes), operator, source)
}

/// Where an import reads its file from.
enum ImportSource<'b> {
    Bytes(&'b [u8]),
    File(std::io::BufReader<std::fs::File>),
}

/// Files up to this size are read whole before they are parsed (parsing from memory is faster);
/// larger ones are parsed as they are read, so memory does not grow with the file.
const READ_WHOLE_BELOW: u64 = 64 << 20;

/// The ledger being written as the import's [`exchange::stream::Sink`]: each checked record is
/// written as it is read. Into an empty ledger a file's own history is restored: the entries this
/// import wrote for the records before it are replaced by it, and the records after it are
/// written as they are (the history covers them).
struct IntoLedger<'w, W: LedgerWriter> {
    w: &'w mut W,
    reason: String,
    /// The ledger held nothing, so a history the file carries can be restored.
    restorable: bool,
    /// The file's history is being restored.
    restoring: bool,
    /// Where in the file the last write was, so a refusal names it like a parse problem does.
    at: String,
    /// Where new records were born (`package:<id>` for a merged field package), when not here.
    origin: Option<String>,
}

impl<W: LedgerWriter> exchange::stream::Sink for IntoLedger<'_, W> {
    type Error = StoreError;

    fn row(&mut self, path: &str, mut row: exchange::Row) -> std::result::Result<(), StoreError> {
        path.clone_into(&mut self.at);
        if let Some(origin) = &self.origin {
            row.set("origin", crate::domain::record::Cell::Text(origin.clone()));
        }
        if self.restoring {
            self.w
                .restore_cells(row.table, row.cells, row.data.as_deref())
        } else {
            self.w
                .insert_cells(row.table, row.cells, row.data.as_deref(), &self.reason)
        }
    }

    fn update(&mut self, path: &str, row: exchange::Row) -> std::result::Result<(), StoreError> {
        path.clone_into(&mut self.at);
        self.w
            .update_columns(row.table, &row.columns(), &self.reason)
    }

    fn audit(
        &mut self,
        entry: crate::domain::audit::AuditEntry,
    ) -> std::result::Result<(), StoreError> {
        if !self.restorable {
            return Ok(());
        }
        if !self.restoring {
            self.w.discard_own_audit()?;
            self.restoring = true;
        }
        "$.audit".clone_into(&mut self.at);
        self.w.restore_audit(&entry)
    }
}

/// Reads an exchange file and writes it into the ledger it is checked against, one record at a
/// time in one transaction: all or nothing.
fn import_stream<L: Ledger>(
    store: &mut L,
    known: &Known,
    file: ImportSource<'_>,
    operator: &str,
    source: &str,
) -> Result<ImportOutcome> {
    import_stream_with(
        store,
        known,
        file,
        operator,
        source,
        &StreamOptions::default(),
    )
}

/// How [`import_stream_with`] writes.
#[derive(Debug, Default)]
struct StreamOptions {
    /// The reason each audit entry gives (default: `import SOURCE`).
    reason: Option<String>,
    /// Where new records were born, when not here (`package:<id>`).
    origin: Option<String>,
    /// Read, check and write as for real, then roll everything back.
    dry_run: bool,
    /// A field package being merged: its conflicts are kept in the ledger as merge conflicts.
    keep_conflicts: Option<conflicts::KeepFrom>,
}

fn import_stream_with<L: Ledger>(
    store: &mut L,
    known: &Known,
    file: ImportSource<'_>,
    operator: &str,
    source: &str,
    options: &StreamOptions,
) -> Result<ImportOutcome> {
    let restorable = store.record_count()? == 0 && store.audit_head()?.0 == 0;
    // The conflicts a package merged before left kept already: not kept twice.
    let held = match &options.keep_conflicts {
        Some(from) => conflicts::held(store, &from.package_id)?,
        None => Default::default(),
    };
    let mut kept = 0;
    let now = crate::clock::now_utc();
    let mut refused: Option<ImportError> = None;
    // A dry run's findings: the transaction is rolled back after them.
    let mut dry: Option<exchange::stream::Read> = None;
    let mut at = String::from("$");
    let result = store.write(operator, |w| {
        w.check_references_at_commit()?;
        let mut sink = IntoLedger {
            w,
            reason: options
                .reason
                .clone()
                .unwrap_or_else(|| format!("import {source}")),
            restorable,
            restoring: false,
            at: String::from("$"),
            origin: options.origin.clone(),
        };
        // The file is read and checked on another thread while this one writes.
        let now = now.as_str();
        let read = exchange::stream::read_beside(
            move |handoff| match file {
                ImportSource::Bytes(bytes) => {
                    exchange::stream::read_slice(bytes, known, operator, now, handoff)
                }
                ImportSource::File(reader) => {
                    exchange::stream::read_from(reader, known, operator, now, handoff)
                }
            },
            &mut sink,
        );
        let (restoring, w) = (sink.restoring, sink.w);
        at = sink.at;
        let read = match read {
            Ok(read) => read,
            Err(exchange::stream::ReadError::Invalid(e)) => {
                refused = Some(e);
                return Err(StoreError::Abandoned);
            }
            Err(exchange::stream::ReadError::Sink(e)) => return Err(e),
        };
        if let Some(from) = &options.keep_conflicts {
            kept = conflicts::keep(w, from, &read.conflicts, &held)?;
        }
        if !restoring {
            if options.dry_run {
                dry = Some(read);
                return Err(StoreError::Abandoned);
            }
            return Ok((read, 0));
        }
        at = "$.accounts".into();
        for a in &read.accounts {
            w.restore_account(a)?;
        }
        at = "$.audit".into();
        w.record_upgrades_since(
            read.schema_version
                .unwrap_or(crate::store::migrations::UNSTATED_EXPORT_VERSION),
        )?;
        let report = w.verify()?;
        if !report.ok() {
            let first = report
                .findings
                .first()
                .map(ToString::to_string)
                .or_else(|| report.integrity.first().cloned())
                .unwrap_or_default();
            return Err(StoreError::Constraint(format!(
                "the audit history does not match the records ({} findings, first: {first}); the file was altered after export",
                report.findings.len() + report.integrity.len()
            )));
        }
        let restored = read.audit;
        Ok((read, restored))
    });
    let (read, restored) = match result {
        Ok(done) => done,
        Err(StoreError::Abandoned) if dry.is_some() => (dry.unwrap_or_default(), 0),
        Err(StoreError::Abandoned) if refused.is_some() => {
            return Err(AppError::Import(refused.unwrap_or_default()));
        }
        // A rule of the ledger the checks did not foresee: refuse like a file problem, naming
        // the record (the transaction was rolled back, nothing was written).
        Err(StoreError::Constraint(why)) => {
            return Err(AppError::Import(ImportError {
                issues: vec![exchange::Issue {
                    path: at,
                    message: why,
                }],
            }));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(ImportOutcome {
        records: read.records,
        updated: read.updated,
        present: read.present,
        conflicts: read.conflicts,
        refused: read.refused,
        receipt: read.receipt,
        conflicts_kept: kept,
        restored_audit: restored,
        history_not_restored: !restorable && read.audit > 0,
    })
}

/// Test support for crash trials (the hidden `stress` command): inserts `count` mines, one
/// transaction each, and updates every third one again in its own transaction. `committed` is
/// called with the id and version right after each commit, so a parent process that kills this one
/// knows exactly which writes must have survived.
pub fn stress_writes(
    path: &Path,
    count: u64,
    operator: &str,
    mut committed: impl FnMut(uuid::Uuid, i64) -> std::io::Result<()>,
) -> Result<()> {
    let mut store = open_file(path, Access::ReadWrite)?;
    let report = |e: std::io::Error| AppError::Write {
        path: PathBuf::from("<stdout>"),
        source: e,
    };
    for i in 0..count {
        let mine = store.write(operator, |w| {
            let mine = Mine {
                meta: w.new_meta(),
                name: format!("stress {i}"),
                company: String::new(),
                location: String::new(),
                note: "岩".repeat((i % 512) as usize),
            };
            w.insert(&mine)
        })?;
        committed(mine.meta.id, mine.meta.version).map_err(report)?;
        if i % 3 == 2 {
            let updated = store.write(operator, |w| {
                let mut m = mine.clone();
                m.note = format!("updated {i}");
                w.update(&m, "stress update")
            })?;
            committed(updated.meta.id, updated.meta.version).map_err(report)?;
        }
    }
    Ok(())
}

/// Reads a file that a user named, with a message that names it when it cannot be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| AppError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Imports a file into a ledger, reading it as it is written (a file of a million records is
/// never held whole); when the ledger file does not exist yet it is created first (without
/// default rules), so an export restores with its history into a new ledger. A refused file
/// leaves no new ledger behind.
pub fn import_file(ledger: &Path, data: &Path, operator: &str) -> Result<ImportOutcome> {
    let open = || {
        std::fs::File::open(data)
            .and_then(|f| {
                if f.metadata()?.is_dir() {
                    Err(std::io::Error::other("it is a folder"))
                } else {
                    Ok(f)
                }
            })
            .map(|f| std::io::BufReader::with_capacity(1 << 20, f))
            .map_err(|source| AppError::Read {
                path: data.to_path_buf(),
                source,
            })
    };
    let source = data
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = open()?;
    let small = file
        .get_ref()
        .metadata()
        .is_ok_and(|m| m.len() < READ_WHOLE_BELOW);
    let whole = if small { Some(read_file(data)?) } else { None };
    let from = match &whole {
        Some(bytes) => ImportSource::Bytes(bytes),
        None => ImportSource::File(file),
    };
    if ledger.exists() {
        let mut store = open_file(ledger, Access::ReadWrite)?;
        if store.access() == Access::ReadOnly {
            return Err(StoreError::ReadOnly(store.path().to_path_buf()).into());
        }
        let known = known(&store)?;
        import_stream(&mut store, &known, from, operator, &source)
    } else {
        files::build_then_place(ledger, false, |building| {
            let mut store = LedgerFile::create(building)?;
            store.begin_build()?;
            let outcome = import_stream(&mut store, &Known::default(), from, operator, &source)?;
            store.end_build()?;
            drop(store);
            Ok(outcome)
        })
    }
}

/// A ledger as the source of an export, read one record at a time.
struct LedgerSource<'a, L: Ledger>(&'a L);

impl<L: Ledger> exchange::ExportSource for LedgerSource<'_, L> {
    fn records(
        &self,
        spec: &'static crate::domain::RecordSpec,
        each: &mut dyn FnMut(
            serde_json::Map<String, serde_json::Value>,
            Option<Vec<u8>>,
        ) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        struct One<'a, 'b, L> {
            store: &'a L,
            each: &'a mut dyn FnMut(
                serde_json::Map<String, serde_json::Value>,
                Option<Vec<u8>>,
            ) -> std::io::Result<()>,
            _b: std::marker::PhantomData<&'b ()>,
        }
        impl<L: Ledger> crate::domain::RecordVisitor for One<'_, '_, L> {
            type Error = std::io::Error;
            fn visit<R: crate::domain::Record>(&mut self) -> std::io::Result<()> {
                let store = self.store;
                let each = &mut *self.each;
                store.each::<R>(&mut |r| {
                    let data = if R::HAS_DATA {
                        Some(
                            store
                                .photo_data(r.meta().id)
                                .map_err(std::io::Error::other)?,
                        )
                    } else {
                        None
                    };
                    each(
                        crate::domain::record::audited(&R::SPEC, &r.row(), None),
                        data,
                    )
                })
            }
        }
        let mut one = One {
            store: self.0,
            each,
            _b: std::marker::PhantomData,
        };
        crate::domain::record::visit_table(spec.table, &mut one).map(|_| ())
    }

    fn audit(
        &self,
        each: &mut dyn FnMut(&AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.0.each_audit(each)
    }
}

/// Writes the whole ledger in the exchange format to `out` (the file `target`), from one
/// committed state (so the export verifies), one record at a time.
fn write_export<L: Ledger>(
    store: &L,
    operator: &str,
    out: &mut dyn std::io::Write,
    target: &Path,
) -> Result<()> {
    store.read_consistent(|store| {
        let accounts = store.accounts()?;
        let header = exchange::ExportHeader {
            exported_by: operator,
            exported_at: &crate::clock::now_utc(),
            schema_version: store.schema_version()?,
            accounts: &accounts,
        };
        exchange::write_export(out, &header, &LedgerSource(store)).map_err(|e| {
            match e.downcast::<StoreError>() {
                Ok(ledger) => AppError::Store(ledger),
                Err(e) => files::write_error(target, e),
            }
        })
    })
}

/// The whole ledger as exchange JSON (in memory: for small ledgers and tests).
pub fn export_value(store: &impl Ledger, operator: &str) -> Result<serde_json::Value> {
    let mut bytes = Vec::new();
    write_export(store, operator, &mut bytes, Path::new("export"))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| refusal::Refusal::Internal { why: e.to_string() }.into())
}

pub use files::write_atomically;

/// Whether `target` is the ledger file at `ledger` or one of its WAL companions.
pub fn is_ledger_file(ledger: &Path, target: &Path) -> bool {
    // A companion that does not exist yet is still the ledger's: resolve the folder, not the file.
    let resolve = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
            Some(dir.join(p.file_name()?))
        })
    };
    let (Some(target), Ok(ledger)) = (resolve(target), std::fs::canonicalize(ledger)) else {
        return false;
    };
    [
        ledger.clone(),
        PathBuf::from(format!("{}-wal", ledger.display())),
        PathBuf::from(format!("{}-shm", ledger.display())),
    ]
    .contains(&target)
}

/// Exports to a file; returns the number of records written.
pub fn export_file(
    store: &impl Backend,
    out: &Path,
    operator: &str,
    overwrite: bool,
) -> Result<usize> {
    if store.file().is_some_and(|f| is_ledger_file(f, out)) {
        return Err(refusal::Refusal::WouldOverwriteLedger {
            out: out.to_path_buf(),
        }
        .into());
    }
    files::write_atomically_with(out, overwrite, &mut |file| {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, file);
        write_export(store, operator, &mut buffered, out)?;
        std::io::Write::flush(&mut buffered).map_err(|e| files::write_error(out, e))
    })?;
    Ok(store.record_count()? as usize)
}

/// The summary as of `today`.
pub fn summary(store: &impl Ledger, today: chrono::NaiveDate) -> Result<Summary> {
    Ok(summary::summarize(&store.load_figures()?, today))
}

/// The `summary --json` object: headline figures as plain numbers, and each rule's verdict.
pub fn summary_json(s: &Summary) -> serde_json::Value {
    let num = |m: Milli| {
        if m.0 % 1000 == 0 {
            serde_json::Value::from(m.0 / 1000)
        } else {
            serde_json::json!(m.as_f64())
        }
    };
    let h = &s.headline;
    serde_json::json!({
        "slope_faces_and_berms": h.slope_faces_and_berms,
        "gentle_slope_trimmed_m2": num(h.gentle_slope_trimmed),
        "flat_area_leveled_m2": num(h.flat_area_leveled),
        "soil_cover_m3": num(h.soil_cover),
        "ditch_length_m": num(h.ditch_length),
        "green_area_m2": num(h.green_area),
        "gangue_dumped_t": num(h.gangue_dumped),
        "open_problems": h.open_problems,
        "overdue_problems": h.overdue_problems,
        "pending_aftercare": h.pending_aftercare,
        "progress": s.progress.iter().map(|p| serde_json::json!({
            "kind": p.kind.code(),
            "planned": num(p.planned),
            "completed": num(p.completed),
            "percent": p.percent_milli().map(|v| v as f64 / 1000.0),
        })).collect::<Vec<_>>(),
        "plan_disagreements": s.plan_disagreements.iter().map(|d| serde_json::json!({
            "kind": d.kind.code(),
            "stated_total": num(d.stated_total),
            "breakdown": num(d.breakdown),
        })).collect::<Vec<_>>(),
        "fire_alarms": {
            "readings": s.alarms.readings,
            "over_temperature": s.alarms.temperature,
            "over_co": s.alarms.co,
        },
        "rules": s.rules.iter().map(|r| serde_json::json!({
            "kind": r.kind.code(),
            "verdict": r.verdict,
            "measured": r.measured,
            "date": r.date.map(|d| d.to_string()),
            "findings": r.findings,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bug pinned: a -wal or -shm name was not recognised as the ledger's while that file did not
    /// exist (a cleanly closed ledger), so a report or copy could be written there.
    #[test]
    fn ledger_companions_are_recognised_even_before_they_exist() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("x.ledger");
        std::fs::write(&ledger, b"").unwrap();
        for name in ["x.ledger", "x.ledger-wal", "x.ledger-shm"] {
            assert!(is_ledger_file(&ledger, &dir.path().join(name)), "{name}");
            assert!(
                is_ledger_file(&ledger, &dir.path().join(".").join(name)),
                "{name}"
            );
        }
        for name in ["x.ledger-journal2", "y.ledger", "x.pdf"] {
            assert!(!is_ledger_file(&ledger, &dir.path().join(name)), "{name}");
        }
        assert!(!is_ledger_file(
            &ledger,
            &dir.path().join("missing").join("x.ledger-wal")
        ));
    }
}
