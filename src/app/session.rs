//! The open ledger as the window sees it: who works, the cached records, and the commands that
//! change them. Every role rule is enforced here, not only by hiding buttons.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{AppError, LedgerFile, Role};
use crate::clock::{now_stamp, today};
use crate::domain::summary::summarize;
use crate::domain::*;
use crate::store::{Access, Backend, LedgerWriter, Record, StoreError};

/// Why a command was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(
        "Your role ({role:?}) may not do this. Ask the environmental department, or change who is working."
    )]
    Denied { role: Role },
    #[error("A rejection needs a comment saying what to correct. Write one and reject again.")]
    CommentRequired,
    /// Refused, and why (said in the user's language by [`Refusal::say`]).
    #[error(transparent)]
    Refused(#[from] super::refusal::Refusal),
    /// The record breaks the rules every record of its table keeps (`domain::validate`).
    #[error("This record cannot be saved: {}. Correct it and save again.", .faults.iter().map(|i| format!("{} {}", i.column, i.fault.english())).collect::<Vec<_>>().join("; "))]
    InvalidRecord {
        table: &'static str,
        faults: Vec<crate::domain::validate::Invalid>,
    },
    #[error("Only a rectified problem can be verified. Record the rectification first.")]
    NotRectified,
    #[error(
        "You cannot review an entry you made yourself. Ask another department member to review it."
    )]
    OwnEntry,
    #[error("This ledger has accounts: sign in with your account and password.")]
    SignInRequired,
    /// A contractor account names another company as an entry's 施工单位.
    #[error(
        "Your account belongs to {company}: your entries name it as the contractor. Choose {company}, or ask the department to record the other company's work."
    )]
    OtherCompany { company: String },
    #[error(
        "{count} of the chosen entries are no longer pending review (someone reviewed them meanwhile); nothing was reviewed. Choose again."
    )]
    NotPending { count: usize },
    #[error("An extended deadline needs a reason saying why. Write one and extend again.")]
    ExtensionReasonRequired,
    #[error(
        "The new deadline {new} is not after the current one ({current}). Choose a later date."
    )]
    DeadlineNotLater { current: NaiveDate, new: NaiveDate },
    #[error("This problem was verified and is closed. Record a new problem if it came back.")]
    ProblemClosed,
    #[error("The ledger has no mine yet. Enter the mine first (Ledger setup), then the pile.")]
    NoMine,
    #[error(
        "The ledger has no waste-rock pile yet. Enter the mine and the pile first (Ledger setup)."
    )]
    NoPile,
    /// Other records still name the record to be deleted: how many of each ledger table (none
    /// listed when only the ledger's own check found one). Nothing was deleted.
    #[error(
        "This record is still referred to by other records ({}). Change or delete those first, then delete it again.",
        referrers_text(.referrers)
    )]
    StillReferred {
        referrers: Vec<(&'static str, usize)>,
    },
    #[error(transparent)]
    Photo(#[from] super::photo::PhotoError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    App(#[from] AppError),
}

pub type Result<T> = std::result::Result<T, SessionError>;

fn referrers_text(referrers: &[(&'static str, usize)]) -> String {
    if referrers.is_empty() {
        return "records of another table".to_string();
    }
    referrers
        .iter()
        .map(|(table, n)| format!("{n} {}", table.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A record the window may add or change.
#[derive(Debug, Clone, PartialEq)]
pub enum Rec {
    Bench(Bench),
    Work(Work),
    Planting(Planting),
    Survey(SurvivalSurvey),
    Aftercare(AftercareEntry),
    Problem(Problem),
    Reading(Reading),
    Rule(Rule),
    /// The mine the report's cover names (ledger setup).
    Mine(Mine),
    /// A waste-rock pile (ledger setup).
    Pile(Pile),
    /// A fire monitoring point (ledger setup).
    Point(MonitoringPoint),
    /// A revision of the report's document control: who prepares, reviews and approves it.
    SignOff(SignOff),
}

/// `$body` with `$r` bound to the record inside `$rec`, whichever table it is of.
macro_rules! with_rec {
    ($rec:expr, $r:ident => $body:expr) => {
        match $rec {
            Rec::Bench($r) => $body,
            Rec::Work($r) => $body,
            Rec::Planting($r) => $body,
            Rec::Survey($r) => $body,
            Rec::Aftercare($r) => $body,
            Rec::Problem($r) => $body,
            Rec::Reading($r) => $body,
            Rec::Rule($r) => $body,
            Rec::Mine($r) => $body,
            Rec::Pile($r) => $body,
            Rec::Point($r) => $body,
            Rec::SignOff($r) => $body,
        }
    };
}

/// Which table a deletion names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Bench,
    Work,
    Planting,
    Survey,
    Aftercare,
    Problem,
    Reading,
    Rule,
    Mine,
    Pile,
    Point,
    SignOff,
}

impl Table {
    /// The ledger table its records are kept in.
    pub fn code(self) -> &'static str {
        match self {
            Table::Bench => Bench::TABLE,
            Table::Work => Work::TABLE,
            Table::Planting => Planting::TABLE,
            Table::Survey => SurvivalSurvey::TABLE,
            Table::Aftercare => AftercareEntry::TABLE,
            Table::Problem => Problem::TABLE,
            Table::Reading => Reading::TABLE,
            Table::Rule => Rule::TABLE,
            Table::Mine => Mine::TABLE,
            Table::Pile => Pile::TABLE,
            Table::Point => MonitoringPoint::TABLE,
            Table::SignOff => SignOff::TABLE,
        }
    }
}

/// What a view asks for; `Session::apply` carries it out.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Insert(Rec),
    /// `reason` is required when the stored record is approved or verified.
    Update {
        rec: Rec,
        reason: String,
    },
    Delete {
        table: Table,
        id: Uuid,
        version: i64,
        reason: String,
    },
    /// A new after-care entry with photos read from these files.
    AddAftercare {
        entry: AftercareEntry,
        photos: Vec<PathBuf>,
    },
    /// Changes an after-care entry and adds photos read from these files, in one transaction.
    /// A contractor's own rejected entry so corrected goes back for review (pending again; the
    /// rejection and its comment stay in the history).
    EditAftercare {
        entry: AftercareEntry,
        reason: String,
        photos: Vec<PathBuf>,
    },
    /// Adds photos read from these files to a problem (before/after photos of its
    /// rectification): the department, or the contractor responsible for it.
    AddProblemPhotos {
        id: Uuid,
        photos: Vec<PathBuf>,
    },
    /// The department moves a problem's deadline later, saying why (kept in the history).
    ExtendDeadline {
        id: Uuid,
        version: i64,
        deadline: NaiveDate,
        reason: String,
    },
    /// The department approves or rejects a pending after-care entry.
    Review {
        id: Uuid,
        version: i64,
        approve: bool,
        comment: String,
    },
    /// The department approves or rejects many pending entries at once, with one comment, in one
    /// transaction: all of them or none.
    ReviewMany {
        /// Each entry's id and the version that was read.
        entries: Vec<(Uuid, i64)>,
        approve: bool,
        comment: String,
    },
    /// Closed-loop step: the owner reports the problem rectified.
    Rectify {
        id: Uuid,
        version: i64,
        rectification: String,
        date: NaiveDate,
    },
    /// Closed-loop step: someone checks the rectification and closes the problem.
    Verify {
        id: Uuid,
        version: i64,
        by: String,
        date: NaiveDate,
    },
    /// The department resolves a merge conflict kept from a field package: take the package's
    /// version, keep the ledger's, or keep both (`app::conflicts::resolve`).
    ResolveConflict {
        id: Uuid,
        take: ConflictTake,
    },
    /// Load a photo's bytes into the cache (for thumbnails and the large view).
    LoadPhoto(Uuid),
    /// Load the audit trail into the cache (the History view asks when it is shown).
    LoadHistory,
}

impl Command {
    /// Reads only; allowed to everyone.
    pub fn is_read(&self) -> bool {
        matches!(self, Command::LoadPhoto(_) | Command::LoadHistory)
    }
}

/// The open ledger, its operator and the cache every view reads. It reaches the ledger through
/// [`Backend`] only; the window works with ledger files, the SQLite backend ([`LedgerFile`]), which
/// is the default and the one the constructors below open by path.
pub struct Session<B: Backend = LedgerFile> {
    store: B,
    pub operator: String,
    pub role: Role,
    /// The company the signed-in account works for (a contractor's 施工单位); empty without one.
    pub company: String,
    pub data: LedgerData,
    pub summary: Summary,
    /// The contractor companies to pick a 施工单位 from ([`crate::domain::contractor_companies`]).
    pub contractors: Vec<String>,
    pub today: NaiveDate,
    /// Changes whenever `data` was reloaded, and differs between any two sessions of this process
    /// (another ledger opened): views rebuild their derived rows when it changes.
    pub generation: u64,
    /// The audit trail, newest last; `None` until the History view asks.
    pub history: Option<Arc<Vec<AuditEntry>>>,
    pub photos: HashMap<Uuid, Arc<[u8]>>,
}

impl Session<LedgerFile> {
    /// Opens a ledger for `operator` in `role`; an auditor's file is opened read-only. A ledger
    /// with accounts is refused ([`SessionError::SignInRequired`]): there the role comes from the
    /// account ([`Session::sign_in`]).
    pub fn open(path: &Path, operator: &str, role: Role) -> Result<Session> {
        let store = super::open_file(path, role.access())?;
        if !store.accounts()?.is_empty() {
            return Err(SessionError::SignInRequired);
        }
        Session::from_store(store, operator, role, "")
    }

    /// Signs `name` in with `password` (empty: as the operating-system user the account names)
    /// and opens the ledger in the account's role.
    pub fn sign_in(path: &Path, name: &str, password: &str) -> Result<Session> {
        let role = {
            let probe = super::open_file(path, Access::ReadOnly)?;
            probe
                .accounts()?
                .iter()
                .find(|a| a.name == name.trim() && a.active)
                .map(super::accounts::role_of)
                .unwrap_or(Role::Auditor)
        };
        let mut store = super::open_file(path, role.access())?;
        let password = (!password.is_empty()).then_some(password);
        let account = super::accounts::sign_in(&mut store, name.trim(), password)?;
        Session::from_store(store, &account.name, role, &account.company)
    }

    /// Creates a new ledger (with the example when `demo`) and opens it.
    /// The example comes with its accounts (department, contractor, auditor): it is then opened
    /// by signing in ([`SessionError::SignInRequired`]).
    /// A department's new ledger names the department's key (made on first use, kept under
    /// `paths`) from the start, so its reports are signed.
    pub fn create(
        path: &Path,
        demo: bool,
        operator: &str,
        role: Role,
        paths: &super::settings::AppPaths,
    ) -> Result<Session> {
        let mut store = super::init(path, demo, operator)?;
        if demo {
            super::accounts::add_demo_accounts(&mut store, operator)?;
        }
        // Whoever makes a ledger as the department names their key in it from the start (the
        // key is made on first use), as `init` does: its reports are signed.
        if role == Role::Department {
            drop(store);
            if let Err(e) = super::keys::DepartmentKey::load_or_create(paths)
                .and_then(|_| super::keys::checkpoint_file(paths, path, operator, "sign"))
            {
                eprintln!("Note: the ledger was made but not signed: {e}");
            }
        } else {
            drop(store);
        }
        Session::open(path, operator, role)
    }

    /// The ledger file.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Sets up the first department account of a ledger that has none, and signs it in.
    pub fn set_up_first_account(path: &Path, name: &str, password: &str) -> Result<Session> {
        let mut store = super::open_file(path, Access::ReadWrite)?;
        if !store.accounts()?.is_empty() {
            return Err(SessionError::SignInRequired);
        }
        let account =
            super::accounts::new_account(name.trim(), Role::Department, "", Some(password), "")?;
        super::accounts::add(&mut store, &account.name, &account)?;
        let account = super::accounts::sign_in(&mut store, &account.name, Some(password))?;
        Session::from_store(store, &account.name, Role::Department, &account.company)
    }
}

/// The contractor companies of the ledger's contractor accounts and of its records.
fn known_contractors<B: Backend>(store: &B, data: &LedgerData) -> Result<Vec<String>> {
    let accounts = store.accounts()?;
    let companies = accounts
        .iter()
        .filter(|a| super::accounts::role_of(a) == Role::Contractor)
        .map(|a| a.company.as_str());
    Ok(crate::domain::contractor_companies(companies, data))
}

impl<B: Backend> Session<B> {
    /// Whether the ledger has no accounts yet (made by 0.1.0, or new).
    pub fn has_no_accounts(&self) -> Result<bool> {
        Ok(self.store.accounts()?.is_empty())
    }

    /// A session over an open ledger of any backend (its operator signed in already).
    pub fn from_store(store: B, operator: &str, role: Role, company: &str) -> Result<Session<B>> {
        let today = today();
        let data = store.load()?;
        let summary = summarize(&data, today);
        let contractors = known_contractors(&store, &data)?;
        Ok(Session {
            store,
            operator: operator.to_string(),
            role,
            company: company.to_string(),
            data,
            summary,
            contractors,
            today,
            generation: next_generation(),
            history: None,
            photos: HashMap::new(),
        })
    }

    /// How the ledger is named to the user (a file's path, a server's address).
    pub fn location(&self) -> String {
        self.store.location()
    }

    /// The field package id, when the open ledger is a contractor's package.
    pub fn package_id(&self) -> std::result::Result<Option<String>, StoreError> {
        self.store.info(super::package::PACKAGE_ID)
    }

    /// Copies committed records from the `-wal` file into the ledger file (also what another
    /// program or a background job wrote), so a copy of the file alone is complete. The window
    /// calls this when a job ends, every few seconds while idle, and when it closes.
    pub fn checkpoint(&mut self) -> Result<bool> {
        Ok(self.store.settle()?)
    }

    pub fn read_only(&self) -> bool {
        self.role == Role::Auditor
    }

    /// Reads every record again (after a change, or after a background import).
    pub fn reload(&mut self) -> Result<()> {
        self.today = today();
        self.data = self.store.load()?;
        self.summary = summarize(&self.data, self.today);
        self.contractors = known_contractors(&self.store, &self.data)?;
        self.generation = next_generation();
        self.history = None;
        Ok(())
    }

    /// May this role add or edit records of this table at all (for showing buttons)?
    pub fn may_edit(&self, table: Table) -> bool {
        match self.role {
            Role::Department => true,
            Role::Contractor => table == Table::Aftercare,
            Role::Auditor => false,
        }
    }

    /// Who a new after-care entry names as its 施工单位: the signed-in contractor's company, else
    /// the operator.
    pub fn default_contractor(&self) -> String {
        if self.company.trim().is_empty() {
            self.operator.clone()
        } else {
            self.company.trim().to_string()
        }
    }

    /// May this role review after-care entries?
    pub fn may_review(&self) -> bool {
        self.role == Role::Department
    }

    /// May this operator change this after-care entry (own and pending for contractors)?
    pub fn may_change_aftercare(&self, e: &AftercareEntry) -> bool {
        match self.role {
            Role::Department => true,
            Role::Contractor => {
                e.review == ReviewState::Pending && e.meta.created_by == self.operator
            }
            Role::Auditor => false,
        }
    }

    /// May this operator correct this entry and add photos to it: what they may change, and a
    /// contractor's own rejected entry too (corrected, it goes back for review).
    pub fn may_correct_aftercare(&self, e: &AftercareEntry) -> bool {
        self.may_change_aftercare(e)
            || (self.role == Role::Contractor
                && e.review == ReviewState::Rejected
                && e.meta.created_by == self.operator)
    }

    /// Is this operator the contractor the problem names as responsible (its owner names their
    /// company or themselves)?
    pub fn responsible_for(&self, p: &Problem) -> bool {
        if self.role != Role::Contractor {
            return false;
        }
        p.names_responsible(&self.company, &self.operator)
    }

    /// May this operator report the problem rectified (the department, or the responsible
    /// contractor)?
    pub fn may_rectify(&self, p: &Problem) -> bool {
        p.status == ProblemStatus::Open
            && (self.role == Role::Department || self.responsible_for(p))
    }

    /// The record `id` as it is stored now; missing is an error.
    fn stored<R: Record>(&self, id: Uuid) -> Result<R> {
        self.store.get::<R>(id)?.ok_or_else(|| {
            StoreError::RecordMissing {
                table: R::TABLE,
                id: id.to_string(),
            }
            .into()
        })
    }

    /// The role rules: refuses what this operator may not do, before anything is written.
    pub fn check(&self, cmd: &Command) -> Result<()> {
        if cmd.is_read() {
            return Ok(());
        }
        let denied = Err(SessionError::Denied { role: self.role });
        let allowed = match self.role {
            Role::Department => Ok(()),
            Role::Auditor => denied,
            Role::Contractor => match cmd {
                // A contractor's entry awaits review and carries no review of its own making.
                Command::Insert(Rec::Aftercare(e)) | Command::AddAftercare { entry: e, .. } => {
                    if e.review == ReviewState::Pending
                        && e.reviewer.is_empty()
                        && e.review_comment.is_empty()
                        && e.reviewed_at.is_none()
                    {
                        Ok(())
                    } else {
                        denied
                    }
                }
                Command::Update {
                    rec: Rec::Aftercare(e),
                    ..
                } => {
                    let stored = self.stored::<AftercareEntry>(e.meta.id)?;
                    if self.may_change_aftercare(&stored)
                        && e.review == ReviewState::Pending
                        && e.reviewer == stored.reviewer
                        && e.review_comment == stored.review_comment
                        && e.reviewed_at == stored.reviewed_at
                    {
                        Ok(())
                    } else {
                        denied
                    }
                }
                Command::Delete {
                    table: Table::Aftercare,
                    id,
                    ..
                } => {
                    let stored = self.stored::<AftercareEntry>(*id)?;
                    if self.may_change_aftercare(&stored) {
                        Ok(())
                    } else {
                        denied
                    }
                }
                // The review stays as stored: the session itself sends a corrected rejected
                // entry back for review.
                Command::EditAftercare { entry: e, .. } => {
                    let stored = self.stored::<AftercareEntry>(e.meta.id)?;
                    if self.may_correct_aftercare(&stored)
                        && e.review == stored.review
                        && e.reviewer == stored.reviewer
                        && e.review_comment == stored.review_comment
                        && e.reviewed_at == stored.reviewed_at
                        && e.meta.created_by == stored.meta.created_by
                    {
                        Ok(())
                    } else {
                        denied
                    }
                }
                Command::Rectify { id, .. } | Command::AddProblemPhotos { id, .. } => {
                    if self.responsible_for(&self.stored::<Problem>(*id)?) {
                        Ok(())
                    } else {
                        denied
                    }
                }
                _ => denied,
            },
        };
        allowed?;
        // A contractor account's entries are its own company's: it names no other.
        if self.role == Role::Contractor
            && !self.company.trim().is_empty()
            && let Command::Insert(Rec::Aftercare(e))
            | Command::AddAftercare { entry: e, .. }
            | Command::Update {
                rec: Rec::Aftercare(e),
                ..
            }
            | Command::EditAftercare { entry: e, .. } = cmd
            && e.contractor.trim() != self.company.trim()
        {
            return Err(SessionError::OtherCompany {
                company: self.company.trim().to_string(),
            });
        }
        Ok(())
    }

    /// Nobody approves or rejects an entry they made themselves.
    fn check_not_own(&self, cmd: &Command) -> Result<()> {
        let ids: Vec<Uuid> = match cmd {
            Command::Review { id, .. } => vec![*id],
            Command::ReviewMany { entries, .. } => entries.iter().map(|(id, _)| *id).collect(),
            _ => return Ok(()),
        };
        for id in ids {
            if self.stored::<AftercareEntry>(id)?.meta.created_by == self.operator {
                return Err(SessionError::OwnEntry);
            }
        }
        Ok(())
    }

    /// The entry `id` (read at `version`) as a review by this operator leaves it.
    fn reviewed(
        &self,
        id: Uuid,
        version: i64,
        approve: bool,
        comment: &str,
    ) -> Result<AftercareEntry> {
        let mut e = self.stored::<AftercareEntry>(id)?;
        e.meta.version = version;
        e.review = if approve {
            ReviewState::Approved
        } else {
            ReviewState::Rejected
        };
        e.review_comment = comment.trim().to_string();
        e.reviewer = self.operator.clone();
        e.reviewed_at = Some(now_stamp());
        Ok(e)
    }

    /// Approves or rejects every entry of `entries` with one comment, in one transaction.
    fn review_many(&mut self, entries: &[(Uuid, i64)], approve: bool, comment: &str) -> Result<()> {
        if !approve && comment.trim().is_empty() {
            return Err(SessionError::CommentRequired);
        }
        let mut reviewed = Vec::with_capacity(entries.len());
        for (id, version) in entries {
            if self.stored::<AftercareEntry>(*id)?.review != ReviewState::Pending {
                let count = entries
                    .iter()
                    .filter(|(id, _)| {
                        self.store
                            .get::<AftercareEntry>(*id)
                            .ok()
                            .flatten()
                            .is_none_or(|e| e.review != ReviewState::Pending)
                    })
                    .count();
                return Err(SessionError::NotPending { count });
            }
            let e = self.reviewed(*id, *version, approve, comment)?;
            self.check_record(&Rec::Aftercare(e.clone()))?;
            reviewed.push(e);
        }
        let op = self.operator.clone();
        let reason = comment.trim().to_string();
        self.store.write(&op, |w| {
            for e in &reviewed {
                w.update(e, &reason)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Checks and carries out a command; on success the cache is fresh again.
    pub fn apply(&mut self, cmd: Command) -> Result<()> {
        self.check(&cmd)?;
        self.check_not_own(&cmd)?;
        match cmd {
            Command::LoadPhoto(id) => {
                if !self.photos.contains_key(&id) {
                    let bytes = self.store.photo_data(id)?;
                    self.photos.insert(id, bytes.into());
                }
                return Ok(());
            }
            Command::LoadHistory => {
                if self.history.is_none() {
                    self.history = Some(Arc::new(self.store.audit_entries(None)?));
                }
                return Ok(());
            }
            Command::Insert(rec) => self.save_rec(rec, None)?,
            Command::ResolveConflict { id, take } => {
                let op = self.operator.clone();
                super::conflicts::resolve(&mut self.store, &op, self.role, id, take)?;
            }
            Command::Update { rec, reason } => self.save_rec(rec, Some(reason))?,
            Command::Delete {
                table,
                id,
                version,
                reason,
            } => {
                let op = self.operator.clone();
                // Refused before anything is written, naming what still refers to it.
                let referrers = crate::domain::record::referrers(&self.data, table.code(), id);
                if !referrers.is_empty() {
                    return Err(SessionError::StillReferred { referrers });
                }
                let result = self.store.write(&op, |w| match table {
                    Table::Bench => w.delete::<Bench>(id, version, &reason),
                    Table::Work => w.delete::<Work>(id, version, &reason),
                    Table::Planting => w.delete::<Planting>(id, version, &reason),
                    Table::Survey => w.delete::<SurvivalSurvey>(id, version, &reason),
                    Table::Aftercare => w.delete::<AftercareEntry>(id, version, &reason),
                    Table::Problem => w.delete::<Problem>(id, version, &reason),
                    Table::Reading => w.delete::<Reading>(id, version, &reason),
                    Table::Rule => w.delete::<Rule>(id, version, &reason),
                    Table::Mine => w.delete::<Mine>(id, version, &reason),
                    Table::Pile => w.delete::<Pile>(id, version, &reason),
                    Table::Point => w.delete::<MonitoringPoint>(id, version, &reason),
                    Table::SignOff => w.delete::<SignOff>(id, version, &reason),
                });
                match result {
                    Err(StoreError::Constraint(why)) if why.contains("FOREIGN KEY") => {
                        return Err(SessionError::StillReferred { referrers });
                    }
                    other => other?,
                }
            }
            Command::AddAftercare { entry, photos } => {
                self.check_record(&Rec::Aftercare(entry.clone()))?;
                let op = self.operator.clone();
                let files = self.read_photos(
                    PhotoOwner::Aftercare,
                    entry.meta.id,
                    entry.bench_id,
                    &photos,
                )?;
                self.store.write(&op, |w| {
                    let mut e = entry.clone();
                    e.meta = w.new_meta();
                    let saved = w.insert(&e)?;
                    for (photo, bytes) in &files {
                        let mut photo = photo.clone();
                        photo.owner_id = saved.meta.id;
                        w.insert_photo(&photo, bytes)?;
                    }
                    Ok(())
                })?;
            }
            Command::EditAftercare {
                entry,
                reason,
                photos,
            } => self.edit_aftercare(entry, reason, &photos)?,
            Command::AddProblemPhotos { id, photos } => {
                let problem = self.stored::<Problem>(id)?;
                let files = self.read_photos(
                    PhotoOwner::Problem,
                    problem.meta.id,
                    problem.bench_id,
                    &photos,
                )?;
                let op = self.operator.clone();
                self.store.write(&op, |w| {
                    for (photo, bytes) in &files {
                        let mut photo = photo.clone();
                        photo.meta = w.new_meta();
                        w.insert_photo(&photo, bytes)?;
                    }
                    Ok(())
                })?;
            }
            Command::ReviewMany {
                entries,
                approve,
                comment,
            } => self.review_many(&entries, approve, &comment)?,
            Command::ExtendDeadline {
                id,
                version,
                deadline,
                reason,
            } => {
                let mut p = self.stored::<Problem>(id)?;
                if p.status == ProblemStatus::Verified {
                    return Err(SessionError::ProblemClosed);
                }
                if reason.trim().is_empty() {
                    return Err(SessionError::ExtensionReasonRequired);
                }
                if deadline <= p.deadline {
                    return Err(SessionError::DeadlineNotLater {
                        current: p.deadline,
                        new: deadline,
                    });
                }
                p.meta.version = version;
                p.deadline = deadline;
                self.save_rec(Rec::Problem(p), Some(reason.trim().to_string()))?;
            }
            Command::Review {
                id,
                version,
                approve,
                comment,
            } => {
                if !approve && comment.trim().is_empty() {
                    return Err(SessionError::CommentRequired);
                }
                let e = self.reviewed(id, version, approve, &comment)?;
                let reason = e.review_comment.clone();
                self.save_rec(Rec::Aftercare(e), Some(reason))?;
            }
            Command::Rectify {
                id,
                version,
                rectification,
                date,
            } => {
                let mut p = self.stored::<Problem>(id)?;
                if p.status == ProblemStatus::Verified {
                    return Err(super::refusal::Refusal::ProblemClosed.into());
                }
                if rectification.trim().is_empty() {
                    return Err(super::refusal::Refusal::RectificationRequired.into());
                }
                if date < p.found_on {
                    return Err(super::refusal::Refusal::RectifiedBeforeFound {
                        date: date.to_string(),
                        found: p.found_on.to_string(),
                    }
                    .into());
                }
                p.meta.version = version;
                p.rectification = rectification;
                p.rectified_on = Some(date);
                p.status = ProblemStatus::Rectified;
                self.save_rec(Rec::Problem(p), Some(String::new()))?;
            }
            Command::Verify {
                id,
                version,
                by,
                date,
            } => {
                let mut p = self.stored::<Problem>(id)?;
                if p.status != ProblemStatus::Rectified {
                    return Err(SessionError::NotRectified);
                }
                if by.trim().is_empty() {
                    return Err(super::refusal::Refusal::VerifierRequired.into());
                }
                if p.rectified_on.is_some_and(|r| date < r) {
                    return Err(super::refusal::Refusal::VerifiedBeforeRectified {
                        date: date.to_string(),
                        rectified: p.rectified_on.map(|d| d.to_string()).unwrap_or_default(),
                    }
                    .into());
                }
                p.meta.version = version;
                p.verified_by = by;
                p.verified_on = Some(date);
                p.status = ProblemStatus::Verified;
                self.save_rec(Rec::Problem(p), Some(String::new()))?;
            }
        }
        self.reload()
    }

    /// Reads and checks every photo file for the after-care entry `entry` (type, size, EXIF time
    /// and GPS) before anything is written, so a bad file leaves nothing half-saved behind.
    fn read_photos(
        &self,
        owner: PhotoOwner,
        owner_id: Uuid,
        bench: Option<Uuid>,
        paths: &[PathBuf],
    ) -> Result<Vec<(Photo, Vec<u8>)>> {
        let op = &self.operator;
        let place = self.data.bench_label(bench);
        paths
            .iter()
            .map(|path| {
                let bytes = super::read_file(path)?;
                let name = path
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let photo = super::photo::photo_record(
                    Meta::new(op, &now_stamp()),
                    owner,
                    owner_id,
                    &name,
                    &bytes,
                    op,
                    &place,
                )?;
                Ok((photo, bytes))
            })
            .collect()
    }

    /// Saves a corrected after-care entry and its new photos in one transaction. A contractor's
    /// rejected entry goes back for review: pending, the rejection's reviewer and comment
    /// cleared from the entry (the history keeps them).
    fn edit_aftercare(
        &mut self,
        mut entry: AftercareEntry,
        reason: String,
        photos: &[PathBuf],
    ) -> Result<()> {
        let stored = self.stored::<AftercareEntry>(entry.meta.id)?;
        if self.role == Role::Contractor && stored.review == ReviewState::Rejected {
            entry.review = ReviewState::Pending;
            entry.reviewer.clear();
            entry.review_comment.clear();
            entry.reviewed_at = None;
        }
        let changed = entry != stored;
        if changed {
            self.check_record(&Rec::Aftercare(entry.clone()))?;
        }
        let files =
            self.read_photos(PhotoOwner::Aftercare, entry.meta.id, entry.bench_id, photos)?;
        let op = self.operator.clone();
        let reason = reason.trim().to_string();
        self.store.write(&op, |w| {
            if changed {
                w.update(&entry, &reason)?;
            }
            for (photo, bytes) in &files {
                w.insert_photo(photo, bytes)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Checks `rec` with the check every record of its table passes wherever it comes from
    /// (`domain::validate`), then what needs the ledger: one bench of each number and kind on a
    /// pile, and references to records that exist.
    fn check_record(&self, rec: &Rec) -> Result<()> {
        let today = self.today;
        let faults = with_rec!(rec, r => crate::domain::validate::check_record_on(r, today));
        if !faults.is_empty() {
            return Err(SessionError::InvalidRecord {
                table: with_rec!(rec, r => table_of(r)),
                faults,
            });
        }
        if let Rec::Rule(r) = rec
            && self
                .data
                .rules
                .iter()
                .any(|o| o.meta.id != r.meta.id && o.kind == r.kind)
        {
            return Err(super::refusal::Refusal::RuleKindTaken { kind: r.kind }.into());
        }
        if let Rec::Bench(b) = rec {
            let taken = self.data.benches.iter().any(|o| {
                o.meta.id != b.meta.id
                    && o.pile_id == b.pile_id
                    && o.number == b.number
                    && o.kind == b.kind
            });
            if taken {
                return Err(super::refusal::Refusal::BenchNumberTaken {
                    place: crate::domain::rules::Place::of_bench(b),
                }
                .into());
            }
        }
        if let Rec::Pile(p) = rec
            && !self.data.mines.iter().any(|m| m.meta.id == p.mine_id)
        {
            return Err(SessionError::NoMine);
        }
        let pile = match rec {
            Rec::Work(r) => Some(r.pile_id),
            Rec::Planting(r) => Some(r.pile_id),
            Rec::Aftercare(r) => Some(r.pile_id),
            Rec::Problem(r) => Some(r.pile_id),
            Rec::Point(r) => Some(r.pile_id),
            Rec::Bench(r) => Some(r.pile_id),
            _ => None,
        };
        if let Some(id) = pile
            && !self.data.piles.iter().any(|p| p.meta.id == id)
        {
            return Err(SessionError::NoPile);
        }
        let bench = match rec {
            Rec::Point(r) => r.bench_id,
            Rec::Work(r) => r.bench_id,
            Rec::Planting(r) => r.bench_id,
            Rec::Survey(r) => r.bench_id,
            Rec::Aftercare(r) => r.bench_id,
            Rec::Problem(r) => r.bench_id,
            _ => None,
        };
        if let Some(id) = bench
            && self.data.bench(id).is_none()
        {
            return Err(super::refusal::Refusal::BenchGone { id: id.to_string() }.into());
        }
        Ok(())
    }

    /// Checks `rec` as an import would, then inserts it (no reason) or updates it with `reason`.
    fn save_rec(&mut self, rec: Rec, reason: Option<String>) -> Result<()> {
        self.check_record(&rec)?;
        fn one<R: Record, W: LedgerWriter>(
            w: &mut W,
            r: &R,
            reason: &Option<String>,
        ) -> crate::store::Result<()> {
            match reason {
                None => w.insert(r).map(|_| ()),
                Some(reason) => w.update(r, reason).map(|_| ()),
            }
        }
        let op = self.operator.clone();
        self.store
            .write(&op, |w| with_rec!(&rec, r => one(w, r, &reason)))?;
        Ok(())
    }
}

/// A number no other state of any ledger opened by this process has had: the views key their
/// cached rows on it, so a ledger opened after another is never drawn from the other's rows.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn table_of<R: Record>(_: &R) -> &'static str {
    R::TABLE
}

/// A blank after-care entry of today for `operator`, pending review.
pub fn blank_aftercare(data: &LedgerData, operator: &str, date: NaiveDate) -> AftercareEntry {
    AftercareEntry {
        meta: Meta::new(operator, &now_stamp()),
        pile_id: data.piles.first().map(|p| p.meta.id).unwrap_or_default(),
        date,
        contractor: operator.to_string(),
        bench_id: None,
        kind: AftercareKind::Replanting,
        quantity: None,
        unit: AftercareKind::Replanting.default_unit(),
        note: String::new(),
        review: ReviewState::Pending,
        review_comment: String::new(),
        reviewer: String::new(),
        reviewed_at: None,
        origin: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(dir: &Path) -> PathBuf {
        let p = dir.join("d.ledger");
        drop(super::super::init(&p, true, "setup").unwrap());
        p
    }

    /// The first after-care entry in the cache that `which` picks.
    fn aftercare(s: &Session, which: impl Fn(&AftercareEntry) -> bool) -> AftercareEntry {
        s.data.aftercare.iter().find(|e| which(e)).unwrap().clone()
    }

    #[test]
    fn a_photo_keeps_its_exif_time_and_a_file_that_is_not_a_picture_saves_nothing() {
        use base64::Engine;
        let dir = tempfile::tempdir().unwrap();
        let path = demo(dir.path());
        let demo_json: serde_json::Value = serde_json::from_str(super::super::DEMO_JSON).unwrap();
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(demo_json["photos"][0]["data"].as_str().unwrap())
            .unwrap();
        let photo = dir.path().join("site.jpg");
        std::fs::write(&photo, &jpeg).unwrap();
        let notes = dir.path().join("notes.jpg");
        std::fs::write(&notes, "not a picture").unwrap();

        let mut s = Session::open(&path, "王师傅", Role::Contractor).unwrap();
        let photos_before = s.data.photos.len();
        let entries_before = s.data.aftercare.len();
        let mut e = blank_aftercare(&s.data, "王师傅", s.today);
        e.note = "补植".into();
        let err = s
            .apply(Command::AddAftercare {
                entry: e.clone(),
                photos: vec![photo.clone(), notes],
            })
            .unwrap_err();
        assert!(err.to_string().contains("not a JPEG or PNG"), "{err}");
        assert_eq!(s.data.aftercare.len(), entries_before, "nothing half-saved");

        s.apply(Command::AddAftercare {
            entry: e,
            photos: vec![photo],
        })
        .unwrap();
        assert_eq!(s.data.photos.len(), photos_before + 1);
        let added = s.data.photos.last().unwrap();
        assert!(
            added
                .taken_at
                .as_deref()
                .unwrap_or_default()
                .starts_with("2023-04-18T10:20:00"),
            "{:?}",
            added.taken_at
        );
        assert_eq!(added.mime, "image/jpeg");
    }

    #[test]
    fn a_contractor_changes_only_own_pending_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo(dir.path());
        let mut s = Session::open(&path, "王师傅", Role::Contractor).unwrap();
        let mut e = blank_aftercare(&s.data, "王师傅", s.today);
        e.note = "补植".into();
        s.apply(Command::AddAftercare {
            entry: e,
            photos: vec![],
        })
        .unwrap();
        let mine = aftercare(&s, |e| e.note == "补植");
        let mut changed = mine.clone();
        changed.note = "补植 200 株".into();
        s.apply(Command::Update {
            rec: Rec::Aftercare(changed.clone()),
            reason: String::new(),
        })
        .unwrap();
        // Someone else's entry, and approving one's own, are refused.
        let other = aftercare(&s, |e| e.meta.created_by != "王师傅");
        assert!(matches!(
            s.apply(Command::Update {
                rec: Rec::Aftercare(other),
                reason: "x".into()
            }),
            Err(SessionError::Denied { .. })
        ));
        let mut approved = aftercare(&s, |e| e.note == "补植 200 株");
        approved.review = ReviewState::Approved;
        assert!(
            s.apply(Command::Update {
                rec: Rec::Aftercare(approved),
                reason: "x".into()
            })
            .is_err()
        );
        assert!(matches!(
            s.apply(Command::Insert(Rec::Work(s.data.works[0].clone()))),
            Err(SessionError::Denied { .. })
        ));
        // Once the department approved it, the contractor cannot change it any more.
        let mut dept = Session::open(&path, "李科长", Role::Department).unwrap();
        let e = aftercare(&dept, |e| e.note == "补植 200 株");
        dept.apply(Command::Review {
            id: e.meta.id,
            version: e.meta.version,
            approve: true,
            comment: String::new(),
        })
        .unwrap();
        s.reload().unwrap();
        let e = aftercare(&s, |e| e.note == "补植 200 株");
        assert!(!s.may_change_aftercare(&e));
        assert!(matches!(
            s.apply(Command::Delete {
                table: Table::Aftercare,
                id: e.meta.id,
                version: e.meta.version,
                reason: "x".into()
            }),
            Err(SessionError::Denied { .. })
        ));
    }

    #[test]
    fn changing_an_approved_entry_needs_a_reason_and_a_stale_version_is_a_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo(dir.path());
        let mut s = Session::open(&path, "李科长", Role::Department).unwrap();
        let e = aftercare(&s, |e| e.review == ReviewState::Approved);
        let mut c = e.clone();
        c.note.push_str(" (更正)");
        assert!(matches!(
            s.apply(Command::Update {
                rec: Rec::Aftercare(c.clone()),
                reason: " ".into()
            }),
            Err(SessionError::Store(StoreError::ReasonRequired { .. }))
        ));
        s.apply(Command::Update {
            rec: Rec::Aftercare(c.clone()),
            reason: "数量笔误".into(),
        })
        .unwrap();
        assert!(matches!(
            s.apply(Command::Update {
                rec: Rec::Aftercare(c),
                reason: "again".into()
            }),
            Err(SessionError::Store(StoreError::Conflict { .. }))
        ));
    }
}
