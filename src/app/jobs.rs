//! Slow work the window hands to a named background thread with its own ledger connection:
//! JSON import and export, spreadsheets in and out, backup copies, and the printed report.

use crate::store::Backend;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::{AppError, ImportOutcome, Role};
use crate::store::Access;

/// What a background job does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    Import(PathBuf),
    Export(PathBuf),
    Backup(PathBuf),
    /// The compliance summary PDF with these options (language, period).
    Report(PathBuf, crate::report::ReportOptions),
    /// The ledger as an Excel workbook with headers in this language.
    ExportSheet(PathBuf, crate::i18n::Lang),
    /// An Excel template with this ledger's benches in its dropdowns.
    Template(PathBuf, crate::i18n::Lang),
    /// Reads a spreadsheet and plans its import (writes nothing): the preview.
    PlanSheet(PathBuf, crate::i18n::Lang),
    /// Works out what rows pasted into the list of a table would do (writes nothing): the
    /// preview; `source` names the paste in it.
    PlanPaste {
        table: &'static str,
        text: String,
        source: PathBuf,
        lang: crate::i18n::Lang,
    },
    /// Writes a previewed plan, with this reason on every change.
    ApplySheet {
        plan: SharedPlan,
        reason: String,
    },
    /// The table a view shows (its rows, sort and filter) as a workbook.
    ExportTable(PathBuf, SharedTable),
    /// Makes a field package for one contractor (company) at this path.
    Package {
        out: PathBuf,
        contractor: String,
    },
    /// Checks a contractor's field package and works out its merge (writes nothing): the preview.
    PlanMerge(PathBuf),
    /// Merges a previewed field package.
    Merge(PathBuf),
    /// What `verify` says of the ledger, in this language (every role may ask).
    Verify(crate::i18n::Lang),
    /// What `verify --report` says of this PDF, in this language.
    VerifyReport(PathBuf, crate::i18n::Lang),
}

/// A table as shown, handed to the job that writes it.
#[derive(Debug, Clone)]
pub struct SharedTable(pub Arc<crate::exchange::sheet::write::ShownTable>);

/// One table is the same as another only if it is the same table.
impl PartialEq for SharedTable {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for SharedTable {}

/// A spreadsheet import plan shared between the preview and the job that writes it.
#[derive(Debug, Clone)]
pub struct SharedPlan(pub Arc<crate::exchange::sheet::interpret::Plan>);

/// One plan is the same as another only if it is the same plan.
impl PartialEq for SharedPlan {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for SharedPlan {}

/// What a finished job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobDone {
    Imported(ImportOutcome),
    Exported {
        records: usize,
        path: PathBuf,
    },
    BackedUp(PathBuf),
    /// A report was written; `signed`: it carries the department's signature.
    Reported {
        path: PathBuf,
        signed: bool,
    },
    Templated(PathBuf),
    /// The preview of a spreadsheet import.
    Planned {
        path: PathBuf,
        plan: SharedPlan,
    },
    SheetImported(super::sheets::Written),
    /// A field package made, and where.
    Packaged(super::package::Package, PathBuf),
    /// The preview of a field package's merge.
    MergePlanned {
        path: PathBuf,
        merge: super::package::Merged,
    },
    Merged(super::package::Merged),
    /// What a check of the ledger or of a report says, in words.
    Verified(super::verify::Said),
}

impl JobDone {
    /// The job changed the ledger, so the window reloads its records.
    pub fn changed_data(&self) -> bool {
        matches!(
            self,
            JobDone::Imported(_) | JobDone::SheetImported(_) | JobDone::Merged(_)
        )
    }
}

/// Progress the thread reports and the window shows.
#[derive(Debug, Clone, Default)]
pub struct JobState {
    /// 0.0 ..= 1.0.
    pub fraction: f32,
    /// Set once when the job has finished; the error is kept whole so the window can translate it.
    pub result: Option<Result<JobDone, Arc<AppError>>>,
}

/// A running job.
pub struct Job {
    pub kind: JobKind,
    state: Arc<Mutex<JobState>>,
    handle: Option<JoinHandle<()>>,
    /// Set when the window cancels the job (only the report heeds it).
    cancel: Arc<std::sync::atomic::AtomicBool>,
}

impl Job {
    /// Starts `kind` on its own thread. `wake` is called when progress changes (to repaint).
    pub fn spawn(
        kind: JobKind,
        ledger: PathBuf,
        operator: String,
        role: Role,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Result<Job, AppError> {
        let state = Arc::new(Mutex::new(JobState::default()));
        let thread_state = Arc::clone(&state);
        let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread_cancel = Arc::clone(&cancel);
        let job_kind = kind.clone();
        let name = match &kind {
            JobKind::Import(_) => "ledger-import",
            JobKind::Export(_) => "ledger-export",
            JobKind::Backup(_) => "ledger-backup",
            JobKind::Report(..) => "ledger-report",
            JobKind::ExportSheet(..) | JobKind::Template(..) | JobKind::ExportTable(..) => {
                "ledger-sheet-export"
            }
            JobKind::PlanSheet(..) | JobKind::PlanPaste { .. } | JobKind::ApplySheet { .. } => {
                "ledger-sheet-import"
            }
            JobKind::Package { .. } | JobKind::PlanMerge(_) | JobKind::Merge(_) => "ledger-package",
            JobKind::Verify(_) | JobKind::VerifyReport(..) => "ledger-verify",
        };
        let handle = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let progress = |f: f32| {
                    if let Ok(mut s) = thread_state.lock() {
                        s.fraction = f;
                    }
                    wake();
                };
                progress(0.05);
                let cancelled = || thread_cancel.load(std::sync::atomic::Ordering::Relaxed);
                let result = run(&job_kind, &ledger, &operator, role, &progress, &cancelled)
                    .map_err(Arc::new);
                if let Ok(mut s) = thread_state.lock() {
                    s.fraction = 1.0;
                    s.result = Some(result);
                }
                wake();
            })
            .map_err(|e| {
                AppError::from(super::refusal::Refusal::NoBackgroundTask { why: e.to_string() })
            })?;
        Ok(Job {
            kind,
            state,
            handle: Some(handle),
            cancel,
        })
    }

    /// Asks the job to stop; a report so stopped writes nothing. The thread ends on its own.
    pub fn cancel(&self) {
        self.cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// A snapshot of the progress.
    pub fn state(&self) -> JobState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The result once finished (the thread is joined); `None` while running.
    pub fn take_result(&mut self) -> Option<Result<JobDone, Arc<AppError>>> {
        let result = self.state.lock().ok().and_then(|mut s| s.result.take())?;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
        Some(result)
    }
}

fn run(
    kind: &JobKind,
    ledger: &Path,
    operator: &str,
    role: Role,
    progress: &dyn Fn(f32),
    cancelled: &dyn Fn() -> bool,
) -> Result<JobDone, AppError> {
    match kind {
        JobKind::Verify(lang) => {
            let store = super::open_file(ledger, Access::ReadOnly)?;
            progress(0.1);
            let key = super::keys::DepartmentKey::load(&super::settings::AppPaths::from_env())
                .ok()
                .flatten();
            let check = super::verify::check_ledger(&store, key.as_ref())?;
            Ok(JobDone::Verified(super::verify::say_ledger(
                &check,
                *lang,
                false,
                &ledger.display().to_string(),
            )))
        }
        JobKind::VerifyReport(pdf, lang) => {
            progress(0.1);
            let check = super::report::verify_report(ledger, pdf).map_err(|e| match e {
                super::report::ReportFileError::Store(e) => AppError::Store(e),
                other => AppError::Report(Box::new(other)),
            })?;
            Ok(JobDone::Verified(super::verify::say_report(
                &check,
                *lang,
                false,
                &pdf.display().to_string(),
                &ledger.display().to_string(),
            )))
        }
        JobKind::Import(data) => {
            may_import(role, ledger)?;
            progress(0.2);
            let outcome = super::import_file(ledger, data, operator)?;
            Ok(JobDone::Imported(outcome))
        }
        JobKind::Export(out) => {
            let store = super::open_file(ledger, Access::ReadOnly)?;
            progress(0.3);
            let records = super::export_file(&store, out, operator, true)?;
            Ok(JobDone::Exported {
                records,
                path: out.clone(),
            })
        }
        JobKind::ExportSheet(out, lang) => {
            let store = super::open_file(ledger, Access::ReadOnly)?;
            progress(0.3);
            let records = super::sheets::export_workbook(&store, out, *lang, true)?;
            Ok(JobDone::Exported {
                records,
                path: out.clone(),
            })
        }
        JobKind::ExportTable(out, table) => {
            progress(0.3);
            let records = super::sheets::export_shown_table(ledger, &table.0, out, true)?;
            Ok(JobDone::Exported {
                records,
                path: out.clone(),
            })
        }
        JobKind::Template(out, lang) => {
            let store = super::open_file(ledger, Access::ReadOnly)?;
            progress(0.3);
            super::sheets::write_template(Some(&store), out, *lang, true)?;
            Ok(JobDone::Templated(out.clone()))
        }
        JobKind::PlanSheet(data, lang) => {
            may_import(role, ledger)?;
            let bytes = super::read_file(data)?;
            progress(0.3);
            let store = super::open_file(ledger, Access::ReadOnly)?;
            let current = store.load()?;
            progress(0.5);
            let name = data
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let plan = super::sheets::plan_bytes(&current, &bytes, &name, *lang);
            Ok(JobDone::Planned {
                path: data.clone(),
                plan: SharedPlan(Arc::new(plan)),
            })
        }
        JobKind::PlanPaste {
            table,
            text,
            source,
            lang,
        } => {
            may_import(role, ledger)?;
            let current = super::open_file(ledger, Access::ReadOnly)?.load()?;
            progress(0.5);
            let plan = super::sheets::plan_paste(&current, table, text, *lang);
            Ok(JobDone::Planned {
                path: source.clone(),
                plan: SharedPlan(Arc::new(plan)),
            })
        }
        JobKind::ApplySheet { plan, reason } => {
            may_import(role, ledger)?;
            let mut store = super::open_file(ledger, Access::ReadWrite)?;
            progress(0.3);
            let written = super::sheets::apply(&mut store, &plan.0, operator, reason)?;
            Ok(JobDone::SheetImported(written))
        }
        JobKind::Package { out, contractor } => {
            may_import(role, ledger)?;
            progress(0.2);
            let made = super::package::make(ledger, contractor, out, operator)?;
            Ok(JobDone::Packaged(made, out.clone()))
        }
        JobKind::PlanMerge(package) => {
            may_import(role, ledger)?;
            progress(0.2);
            let merge = super::package::merge(ledger, package, operator, true)?;
            Ok(JobDone::MergePlanned {
                path: package.clone(),
                merge,
            })
        }
        JobKind::Merge(package) => {
            may_import(role, ledger)?;
            progress(0.2);
            Ok(JobDone::Merged(super::package::merge(
                ledger, package, operator, false,
            )?))
        }
        JobKind::Backup(out) => {
            let store = super::open_file(ledger, Access::ReadOnly)?;
            progress(0.3);
            backup(&store, ledger, out)?;
            drop(store);
            sign_after(ledger, operator, role, "backup");
            Ok(JobDone::BackedUp(out.clone()))
        }
        JobKind::Report(out, opts) => {
            let key = department_key(role);
            // A ledger that names no signing key yet (made in the window, or by 0.1.0) takes the
            // department's key now, so the report is signed from the first print.
            if key.is_some() && names_no_key(ledger)? {
                sign_after(ledger, operator, role, "sign");
            }
            let report = super::report::print_report_cancellable(
                ledger,
                out,
                opts,
                key.as_ref(),
                progress,
                cancelled,
            )
            .map_err(|e| AppError::Report(Box::new(e)))?;
            if report.signed() {
                sign_after(ledger, operator, role, "report");
            }
            if role == Role::Department
                && let Err(e) = super::report::remember(ledger, &report)
            {
                eprintln!("Note: the report was not recorded in the ledger: {e}");
            }
            Ok(JobDone::Reported {
                path: out.clone(),
                signed: report.signed(),
            })
        }
    }
}

/// Only the department imports: the file may add records of every kind.
fn may_import(role: Role, ledger: &Path) -> Result<(), AppError> {
    match role {
        Role::Department => Ok(()),
        Role::Auditor => Err(crate::store::StoreError::ReadOnly(ledger.to_path_buf()).into()),
        Role::Contractor => Err(super::refusal::Refusal::ContractorMayNotImport {
            ledger: ledger.to_path_buf(),
        }
        .into()),
    }
}

/// Whether the ledger names no signing key yet.
fn names_no_key(ledger: &Path) -> Result<bool, AppError> {
    Ok(super::open_file(ledger, Access::ReadOnly)?
        .info("signing_key")?
        .is_none())
}

/// The department's key, made on first use, for a department user (contractors and auditors
/// never sign).
fn department_key(role: Role) -> Option<super::keys::DepartmentKey> {
    if role != Role::Department {
        return None;
    }
    match super::keys::DepartmentKey::load_or_create(&super::settings::AppPaths::from_env()) {
        Ok(key) => Some(key),
        Err(e) => {
            eprintln!("Note: the department key could not be read or made, nothing is signed: {e}");
            None
        }
    }
}

/// Signs a checkpoint of the ledger after a report or a backup (department users with the
/// department's key). The job itself has succeeded either way; a failure is only noted.
pub fn sign_after(ledger: &Path, operator: &str, role: Role, occasion: &str) {
    if role != Role::Department {
        return;
    }
    let paths = super::settings::AppPaths::from_env();
    if let Err(e) = super::keys::checkpoint_file(&paths, ledger, operator, occasion) {
        eprintln!("Note: no signed checkpoint was written ({occasion}): {e}");
    }
}

/// Copies the ledger to `out` through a temporary file in the same folder, so a failed copy
/// leaves any older copy in place. Never over the ledger itself or its WAL companions, and never
/// over a file that is not a SQLite database (an older copy may be replaced).
fn backup(store: &impl Backend, ledger: &Path, out: &Path) -> Result<(), AppError> {
    if super::is_ledger_file(ledger, out) {
        return Err(super::refusal::Refusal::WouldOverwriteLedger {
            out: out.to_path_buf(),
        }
        .into());
    }
    if out.exists() {
        let mut head = [0u8; 16];
        let is_db = std::fs::File::open(out)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
            .is_ok()
            && &head == b"SQLite format 3\0";
        if !is_db {
            return Err(super::refusal::Refusal::NotALedgerThere {
                out: out.to_path_buf(),
            }
            .into());
        }
    }
    // Written under a new temporary name and renamed into place when whole.
    super::files::build_then_place(out, true, |building| Ok(store.copy_to(building)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(mut job: Job) -> Result<JobDone, String> {
        for _ in 0..600 {
            if let Some(r) = job.take_result() {
                return r.map_err(|e| e.to_string());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("job did not finish");
    }

    #[test]
    fn export_and_backup_run_in_the_background_with_their_own_connection() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("a.ledger");
        let open = super::super::init(&ledger, true, "t").unwrap();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(|| {});
        let out = dir.path().join("out.json");
        let job = Job::spawn(
            JobKind::Export(out.clone()),
            ledger.clone(),
            "t".into(),
            Role::Department,
            wake.clone(),
        )
        .unwrap();
        assert!(matches!(finish(job), Ok(JobDone::Exported { records, .. }) if records > 100));
        assert!(out.exists());
        let copy = dir.path().join("copy.ledger");
        let job = Job::spawn(
            JobKind::Backup(copy.clone()),
            ledger.clone(),
            "t".into(),
            Role::Department,
            wake.clone(),
        )
        .unwrap();
        assert_eq!(finish(job), Ok(JobDone::BackedUp(copy.clone())));
        assert_eq!(
            crate::app::open_file(&copy, Access::ReadOnly)
                .unwrap()
                .record_count()
                .unwrap(),
            open.record_count().unwrap()
        );
        // The printed report runs on its own thread too and leaves a PDF.
        let pdf = dir.path().join("r.pdf");
        let job = Job::spawn(
            JobKind::Report(
                pdf.clone(),
                crate::report::ReportOptions::new(crate::i18n::Lang::Zh, None, None),
            ),
            ledger.clone(),
            "t".into(),
            Role::Auditor,
            wake.clone(),
        )
        .unwrap();
        assert!(
            matches!(finish(job), Ok(JobDone::Reported { path, .. }) if path == pdf),
            "the report job did not finish"
        );
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
        // A second copy replaces the first. Bug pinned: a copy named like the ledger's -wal file
        // deleted the live WAL (losing committed records not yet checkpointed) and put a database
        // in its place; the ledger's own files and files that are not ledgers are now refused.
        let job = Job::spawn(
            JobKind::Backup(copy.clone()),
            ledger.clone(),
            "t".into(),
            Role::Auditor,
            wake.clone(),
        )
        .unwrap();
        assert_eq!(finish(job), Ok(JobDone::BackedUp(copy.clone())));
        let wal = dir.path().join("a.ledger-wal");
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "keep me").unwrap();
        let wal_before = std::fs::read(&wal).ok();
        for target in [ledger.clone(), wal.clone(), notes.clone()] {
            let job = Job::spawn(
                JobKind::Backup(target.clone()),
                ledger.clone(),
                "t".into(),
                Role::Department,
                wake.clone(),
            )
            .unwrap();
            let err = finish(job).unwrap_err();
            assert!(err.contains(target.to_str().unwrap()), "{err}");
        }
        assert_eq!(std::fs::read(&wal).ok(), wal_before, "the WAL is untouched");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "keep me");
        // An auditor cannot import, nor can a contractor (told it is their role, not the file).
        let head = open.audit_head().unwrap();
        let job = Job::spawn(
            JobKind::Import(out.clone()),
            ledger.clone(),
            "t".into(),
            Role::Auditor,
            wake.clone(),
        )
        .unwrap();
        assert!(finish(job).is_err());
        let job = Job::spawn(
            JobKind::Import(out),
            ledger,
            "t".into(),
            Role::Contractor,
            wake,
        )
        .unwrap();
        let err = finish(job).unwrap_err();
        assert!(err.contains("contractor"), "{err}");
        assert_eq!(open.audit_head().unwrap(), head);
    }
}
