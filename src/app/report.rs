//! Reports from and against a ledger file: printing one with its own read-only connection (what
//! the window's File › Print report runs on a background thread) and checking a printed report
//! against the ledger as it is now.

use crate::store::Ledger;
use std::path::{Path, PathBuf};

use crate::domain::AuditEntry;
use crate::report::{
    AuditHead, GeneratedReport, ReportError, ReportOptions, ReportSignature, ReportToken,
    fingerprint,
};
use crate::store::{Access, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ReportFileError {
    #[error(transparent)]
    Report(#[from] ReportError),
    /// What was typed is not (part of) a report fingerprint.
    #[error(
        "\"{0}\" is not a report fingerprint: type the 16 hex digits of a page's footer (指纹), or all 64 of the last page"
    )]
    BadFingerprint(String),
    /// No report the department printed from this ledger has this fingerprint.
    #[error(
        "No report printed from this ledger on the department's computer has the fingerprint {fingerprint}. Check the digits, or check the PDF with --report: {ledger}"
    )]
    UnknownFingerprint {
        fingerprint: String,
        ledger: PathBuf,
    },
    /// The picture holds no report QR code that could be read.
    #[error(
        "No report QR code could be read in the picture. Photograph a page's footer (or the last page) straight and sharp, or type the footer's fingerprint with --fingerprint: {0}"
    )]
    NoQrCode(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Where the PDF was to go cannot take it (a symlink, a full disk …).
    #[error(transparent)]
    File(super::AppError),
    #[error(
        "Could not write the report ({source}). Check the folder exists and is writable: {path}"
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Could not read the report ({source}). Check that it exists and is readable: {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Printing was cancelled; no report was written: {0}")]
    Cancelled(PathBuf),
    #[error(
        "The report would overwrite the ledger it is printed from. Choose another name for the report: {0}"
    )]
    WouldOverwriteLedger(PathBuf),
    #[error(
        "A file that is not a PDF already exists there and was left alone. Choose another name for the report: {0}"
    )]
    NotAPdf(PathBuf),
    #[error(
        "This PDF carries no Restoration Ledger fingerprint, so it cannot be checked. Use a report printed by this program: {0}"
    )]
    NoToken(PathBuf),
    #[error(
        "This file is not a PDF, so it is not a printed report. Choose the PDF that `report` wrote: {0}"
    )]
    NotAPdfReport(PathBuf),
    #[error(
        "This PDF is incomplete (it was cut off while copying or saving), so it cannot be checked. Use a complete copy of the report: {0}"
    )]
    Truncated(PathBuf),
    #[error(
        "This PDF was changed after it was printed (saved again by another program), so what it shows may not be what was printed. Use the original report, or print a new one: {0}"
    )]
    ChangedAfterPrinting(PathBuf),
    #[error(
        "The report's fingerprint is damaged or was edited (it no longer reads as one), so the report cannot be trusted. Use the original report, or print a new one: {0}"
    )]
    DamagedToken(PathBuf),
    #[error("The folder for the report does not exist. Create it or choose another folder: {0}")]
    NoFolder(PathBuf),
    #[error(
        "That is a folder, not a file name. Add a file name for the report, such as report.pdf: {0}"
    )]
    IsAFolder(PathBuf),
    #[error(
        "The ledger does not match its audit trail ({problems} problem(s), first: {first}), so a report would certify records changed behind the program's back. No report was written. Run `verify` on the ledger and restore it from a backup: {path}"
    )]
    LedgerAltered {
        path: PathBuf,
        problems: usize,
        first: String,
    },
}

/// Prints the report of the ledger at `ledger` to `out` (replaced atomically if it exists),
/// unsigned.
pub fn print_report(
    ledger: &Path,
    out: &Path,
    opts: &ReportOptions,
    progress: &dyn Fn(f32),
) -> Result<GeneratedReport, ReportFileError> {
    print_report_signed(ledger, out, opts, None, progress)
}

/// Prints the report, signed with `signer` when that is the key the ledger names (a report of a
/// ledger not signed by this department, or printed by an auditor, is unsigned).
pub fn print_report_signed(
    ledger: &Path,
    out: &Path,
    opts: &ReportOptions,
    signer: Option<&super::keys::DepartmentKey>,
    progress: &dyn Fn(f32),
) -> Result<GeneratedReport, ReportFileError> {
    print_report_cancellable(ledger, out, opts, signer, progress, &|| false)
}

/// [`print_report_signed`] that stops, writing nothing, once `cancelled` says so (checked
/// between the steps, and last right before the file is written).
pub fn print_report_cancellable(
    ledger: &Path,
    out: &Path,
    opts: &ReportOptions,
    signer: Option<&super::keys::DepartmentKey>,
    progress: &dyn Fn(f32),
    cancelled: &dyn Fn() -> bool,
) -> Result<GeneratedReport, ReportFileError> {
    let stop = || {
        if cancelled() {
            Err(ReportFileError::Cancelled(out.to_path_buf()))
        } else {
            Ok(())
        }
    };
    // Refuse a target that will not be written before the work of building the report.
    check_target(ledger, out)?;
    crate::report::warm_up();
    let store = super::open_file(ledger, Access::ReadOnly)?;
    // Records, photos and the audit head all from one committed state: a save meanwhile is not
    // in this report, and never half in it.
    // The ledger is checked against its audit trail on another connection and thread while the
    // report is laid out (a report vouches only for records the audit trail accounts for).
    let check = {
        let sibling = store.sibling();
        let to = opts.to;
        std::thread::spawn(move || {
            let store = sibling()?;
            store.read_consistent(|s| Ok::<_, StoreError>((s.report_head(to)?, s.verify()?)))
        })
    };
    let report = store.read_consistent(|store| {
        let (data, head) = snapshot(store, opts.to, progress)?;
        progress(0.05);
        let mut opts = opts.clone();
        if let Some(key) = signer
            && store.info("signing_key")?.as_deref() == Some(key.public_key.as_str())
        {
            let token = crate::report::token(&data, &head, &opts);
            opts.signature = Some(ReportSignature {
                public_key: key.public_key.clone(),
                signature: key.sign(&crate::domain::signing::report_message(&token.encode())),
            });
        }
        stop()?;
        let photo = |id| store.photo_data(id).ok();
        let report =
            crate::report::generate(&data, &head, &photo, &opts, &|p| progress(0.05 + 0.9 * p))?;
        // The check of the same state (the same audit head); if the ledger was written
        // meanwhile, the check again here, of the state this report was printed from.
        let mut checked = match check.join() {
            Ok(Ok(((seq, hash), check))) if seq == head.seq && hash == head.hash => check,
            _ => store.verify()?,
        };
        // What `verify` checks besides the records: the signatures (a rewritten or rolled-back
        // chain under a signed checkpoint prints no report either).
        checked
            .findings
            .extend(super::keys::check(store, signer).map_err(|e| match e {
                super::AppError::Store(e) => ReportFileError::Store(e),
                other => ReportFileError::Store(StoreError::Decode(other.to_string())),
            })?);
        refuse_altered(ledger, &checked)?;
        Ok::<_, ReportFileError>(report)
    })?;
    stop()?;
    write_atomically(ledger, out, &report.pdf)?;
    progress(1.0);
    Ok(report)
}

/// Keeps a printed report's token (and signature) in its ledger, so the paper can be checked
/// with `verify --fingerprint` or `--scan` without the PDF. The department calls this after
/// printing; a ledger it may not write keeps nothing (the PDF still checks with `--report`).
pub fn remember(ledger: &Path, report: &GeneratedReport) -> super::Result<()> {
    let mut store = super::open_file(ledger, Access::ReadWrite)?;
    store.remember_report(
        &report.token.fingerprint,
        &report.token.encode(),
        report
            .signature
            .as_ref()
            .map(ReportSignature::encode)
            .as_deref(),
        &crate::clock::now_utc(),
    )?;
    Ok(())
}

/// The records and the audit head they belong to. Called inside [`Store::read_consistent`], so
/// every read sees one committed state whatever other programs write meanwhile. The head is that
/// of a report whose period ends on `to` ([`Ledger::report_head`]). `progress` is called between
/// the reads.
fn snapshot(
    store: &impl Ledger,
    to: Option<chrono::NaiveDate>,
    progress: &dyn Fn(f32),
) -> Result<(crate::domain::LedgerData, AuditHead), ReportFileError> {
    // Tied to the newest entry that changed report data: sign-ins and checkpoints after it
    // change no figure, so they neither change the report nor outdate one printed before them;
    // nor do records dated after a period report's last day.
    let (seq, hash) = store.report_head(to)?;
    let data = store.load()?;
    progress(0.02);
    Ok((data, AuditHead { seq, hash }))
}

/// A ledger that does not match its audit trail prints no report.
fn refuse_altered(
    ledger: &Path,
    check: &crate::store::VerifyReport,
) -> Result<(), ReportFileError> {
    if check.ok() {
        return Ok(());
    }
    Err(ReportFileError::LedgerAltered {
        path: ledger.to_path_buf(),
        problems: check.integrity.len() + check.findings.len(),
        first: check
            .integrity
            .first()
            .cloned()
            .or_else(|| check.findings.first().map(ToString::to_string))
            .unwrap_or_default(),
    })
}

/// Runs [`print_report`] on a named background thread (what File › Print report uses): the
/// window keeps drawing, `progress` receives 0.0 ..= 1.0 from that thread, and the handle gives the
/// result to show or open when done.
pub fn spawn_print_report(
    ledger: PathBuf,
    out: PathBuf,
    opts: ReportOptions,
    progress: Box<dyn Fn(f32) + Send>,
) -> std::io::Result<std::thread::JoinHandle<Result<GeneratedReport, ReportFileError>>> {
    std::thread::Builder::new()
        .name("print-report".into())
        .spawn(move || print_report(&ledger, &out, &opts, &*progress))
}

/// Where a report may go: into an existing folder, never over the ledger (or its companions), never
/// over a file that is not a PDF.
fn check_target(ledger: &Path, path: &Path) -> Result<(), ReportFileError> {
    if super::is_ledger_file(ledger, path) {
        return Err(ReportFileError::WouldOverwriteLedger(path.to_path_buf()));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if path.is_dir() {
        return Err(ReportFileError::IsAFolder(path.to_path_buf()));
    }
    if !dir.is_dir() {
        return Err(ReportFileError::NoFolder(dir.to_path_buf()));
    }
    if path.exists() {
        let mut head = [0u8; 5];
        let is_pdf = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
            .is_ok()
            && &head == b"%PDF-";
        if !is_pdf {
            return Err(ReportFileError::NotAPdf(path.to_path_buf()));
        }
    }
    Ok(())
}

/// Writes the PDF atomically; never over the ledger itself, and never over a file that is not a PDF.
fn write_atomically(ledger: &Path, path: &Path, bytes: &[u8]) -> Result<(), ReportFileError> {
    // Again right before writing: the file may have appeared while the report was built.
    check_target(ledger, path)?;
    super::write_atomically(path, bytes, true).map_err(|e| match e {
        super::AppError::Write { path, source } => ReportFileError::Write { path, source },
        other => ReportFileError::File(other),
    })
}

/// One record changed since the report, from the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub entry: AuditEntry,
    /// Fields whose value changed, with the old and new value (updates only).
    pub fields: Vec<(String, String, String)>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = &self.entry;
        write!(
            f,
            "#{} {} {} {} {} {}",
            e.seq, e.at, e.operator, e.action, e.table_name, e.record_id
        )?;
        if !self.fields.is_empty() {
            let list: Vec<String> = self
                .fields
                .iter()
                .map(|(k, old, new)| format!("{k}: {old} -> {new}"))
                .collect();
            write!(f, " ({})", list.join("; "))?;
        }
        if !e.reason.is_empty() {
            write!(f, " reason: {}", e.reason)?;
        }
        Ok(())
    }
}

/// The outcome of checking a printed report against its ledger.
#[derive(Debug, Clone)]
pub struct ReportCheck {
    pub token: ReportToken,
    /// The fingerprint the ledger gives now, over the report's period.
    pub current: String,
    /// Audit entries written after the report that change its data (records, schema).
    pub changes: Vec<Change>,
    /// Audit entries written after the report that change none of its figures (sign-ins,
    /// account changes, signed checkpoints): listed apart, never a reason to print again.
    pub unaffecting: Vec<AuditEntry>,
    /// The audit entry the report was tied to is missing or differs: the report is from another
    /// ledger, or history was rewritten. `changes` is then empty (they would mean nothing).
    pub history_differs: bool,
    /// Schema upgrades written since the report when nothing else was: the report is compared
    /// with the ledger as it was before them.
    pub upgraded_since: Vec<Upgrade>,
    /// The ledger matches its own audit trail (what `verify` without a report checks); checked
    /// whenever the report belongs to this ledger's history, so a changed report is never
    /// advised to be printed again from a ledger that cannot print one, and a matching
    /// fingerprint never hides an audit trail edited behind the program's back.
    pub ledger_intact: bool,
    /// What that check found when the ledger does not match its audit trail: records changed
    /// behind the program's back, and SQLite's own integrity complaints.
    pub damage: Vec<crate::domain::Finding>,
    pub integrity: Vec<String>,
    /// The ledger's records now, to name the records the check lists.
    pub data: crate::domain::LedgerData,
    /// The PDF differs from the report this ledger prints for the same token: something drawn
    /// (a page's content, an annotation, an image, a page box, a font) or said about it was
    /// changed after printing, or the report was printed from other records. Checked whenever
    /// the fingerprint matches, whatever the PDF claims about itself.
    pub pages_edited: bool,
    /// The whole PDF was compared with the report printed again from the ledger.
    pub pages_compared: bool,
    /// The report was printed with an earlier page layout (0.1.0's reports): this version cannot
    /// print it again byte for byte, so only its fingerprint (and signature) were checked.
    pub earlier_layout: bool,
    /// The program the PDF names as its creator, when it is not this program and version: a
    /// report this version cannot print again byte for byte cannot be confirmed by it.
    pub other_creator: Option<String>,
    /// What the report's signature says.
    pub signature: SignatureCheck,
    /// Checked from its fingerprint (typed or scanned from paper), without the PDF: its pages
    /// could not be compared.
    pub without_pdf: bool,
}

/// A printed report's signature, checked against the key the ledger names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// Printed without a signature (by 0.1.0, by an auditor, or of an unsigned ledger).
    Unsigned,
    /// Signed by the ledger's key: its id.
    Valid(String),
    /// The signature does not verify for the key it names: forged or altered.
    Invalid,
    /// A valid signature by a key the ledger does not name (report, key id; ledger's key id).
    OtherKey { report: String, ledger: String },
}

impl ReportCheck {
    /// The ledger still holds exactly what the report shows: the fingerprint matches and the PDF
    /// is, byte for byte, the report the ledger prints for it.
    pub fn matches(&self) -> bool {
        self.fingerprint_matches() && self.pages_compared && !self.pages_edited
    }

    /// The fingerprint (and the signature, if any) match the ledger as it is now, whether or not
    /// the pages could be compared.
    fn fingerprint_matches(&self) -> bool {
        self.current == self.token.fingerprint
            && !self.history_differs
            && matches!(
                self.signature,
                SignatureCheck::Unsigned | SignatureCheck::Valid(_)
            )
    }

    /// A report of an earlier layout whose fingerprint matches the ledger: the data it was
    /// printed from is unchanged, but its pages were not compared.
    pub fn matches_earlier_layout(&self) -> bool {
        self.earlier_layout && self.fingerprint_matches() && !self.pages_compared
    }

    /// Paper checked by its fingerprint: the ledger still gives it (no PDF, so no pages to
    /// compare).
    pub fn matches_fingerprint(&self) -> bool {
        self.without_pdf && self.fingerprint_matches()
    }

    /// The fingerprint differs although the ledger is intact and nothing was written since the
    /// report: the report's token itself was edited.
    pub fn token_edited(&self) -> bool {
        !self.without_pdf
            && !self.matches()
            && !self.matches_earlier_layout()
            && !self.pages_edited
            && !self.history_differs
            && self.changes.is_empty()
            && self.ledger_intact
    }
}

/// How a check of a printed report ends: one conclusion, one next step. The first that applies
/// wins, in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportOutcome {
    /// The signature does not verify: forged or altered.
    SignatureInvalid,
    /// Signed by a key the ledger does not name (key ids; the ledger's empty when it names none).
    OtherKey { report: String, ledger: String },
    /// The report is not tied to this ledger's audit history.
    HistoryDiffers,
    /// The PDF names another printer and differs from what this version prints: unconfirmable.
    CannotConfirm { creator: String },
    /// The pages differ from what the ledger prints for the same fingerprint.
    PagesEdited,
    /// The fingerprint differs though nothing changed at all: the token was edited.
    TokenEdited,
    /// The records still give the report's fingerprint, but the ledger fails its own check
    /// (its audit trail was edited behind the program's back, or SQLite finds the file damaged):
    /// it cannot vouch for the report until it is restored.
    LedgerDamaged,
    /// The ledger still holds what the report shows (exit 0).
    Matches,
    /// An earlier layout's report whose fingerprint matches; pages not compared (exit 0).
    MatchesEarlierLayout,
    /// Paper checked by its fingerprint (typed or scanned): the ledger still gives it (exit 0).
    MatchesFingerprint,
    /// Records were changed behind the program's back: no report, old or new, can be vouched
    /// for until the ledger is restored.
    Damaged,
    /// Changes made through the program since the report; the ledger is intact.
    Changed,
}

impl ReportOutcome {
    /// The report checks out (exit 0).
    pub fn ok(&self) -> bool {
        matches!(
            self,
            ReportOutcome::Matches
                | ReportOutcome::MatchesEarlierLayout
                | ReportOutcome::MatchesFingerprint
        )
    }
}

impl ReportCheck {
    /// What the check concludes.
    pub fn outcome(&self) -> ReportOutcome {
        match &self.signature {
            SignatureCheck::Invalid => return ReportOutcome::SignatureInvalid,
            SignatureCheck::OtherKey { report, ledger } => {
                return ReportOutcome::OtherKey {
                    report: report.clone(),
                    ledger: ledger.clone(),
                };
            }
            SignatureCheck::Unsigned | SignatureCheck::Valid(_) => {}
        }
        if self.history_differs {
            ReportOutcome::HistoryDiffers
        } else if !self.ledger_intact {
            // Before anything said about the PDF: no next step but restoring the ledger helps
            // (a damaged ledger prints no new report to compare with).
            if self.current == self.token.fingerprint {
                ReportOutcome::LedgerDamaged
            } else {
                ReportOutcome::Damaged
            }
        } else if self.pages_edited
            && let Some(creator) = &self.other_creator
        {
            ReportOutcome::CannotConfirm {
                creator: creator.clone(),
            }
        } else if self.pages_edited {
            ReportOutcome::PagesEdited
        } else if self.token_edited() {
            ReportOutcome::TokenEdited
        } else if self.matches_fingerprint() {
            ReportOutcome::MatchesFingerprint
        } else if self.matches_earlier_layout() {
            ReportOutcome::MatchesEarlierLayout
        } else if self.matches() {
            ReportOutcome::Matches
        } else {
            ReportOutcome::Changed
        }
    }
}

/// Whether `bytes` end like a whole PDF (`%%EOF` within the last KiB).
fn is_complete_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// Reads the token from `pdf` and recomputes the fingerprint from the ledger as it is now.
pub fn verify_report(ledger: &Path, pdf: &Path) -> Result<ReportCheck, ReportFileError> {
    let bytes = std::fs::read(pdf).map_err(|source| ReportFileError::Read {
        path: pdf.to_path_buf(),
        source,
    })?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(ReportFileError::NotAPdfReport(pdf.to_path_buf()));
    }
    if !is_complete_pdf(&bytes) {
        return Err(ReportFileError::Truncated(pdf.to_path_buf()));
    }
    let token = match ReportToken::find_in_pdf(&bytes) {
        Some(t) => t,
        None if contains(&bytes, crate::report::token::PREFIX.as_bytes()) => {
            return Err(ReportFileError::DamagedToken(pdf.to_path_buf()));
        }
        None => return Err(ReportFileError::NoToken(pdf.to_path_buf())),
    };
    // A report is written once: a second revision (an incremental save) or another producer
    // means a program other than this one saved it after printing.
    if count(&bytes, b"%%EOF") > 1 || !contains(&bytes, &producer_marker()) {
        return Err(ReportFileError::ChangedAfterPrinting(pdf.to_path_buf()));
    }

    let store = super::open_file(ledger, Access::ReadOnly)?;
    let found_signature = info_text(&bytes, "/Keywords").and_then(|k| ReportSignature::find_in(&k));
    check_token(&store, token, found_signature, Some(&bytes))
}

/// Checks paper without its PDF (issue 25 case 6): the report whose fingerprint begins with
/// `hex` (the full 64 digits, or the 16 printed on every footer), as the department's computer
/// recorded it when printing, against the ledger as it is now. Its pages cannot be compared.
pub fn verify_fingerprint(ledger: &Path, hex: &str) -> Result<ReportCheck, ReportFileError> {
    let hex: String = hex
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.len() < 16 || hex.len() > 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ReportFileError::BadFingerprint(hex));
    }
    let store = super::open_file(ledger, Access::ReadOnly)?;
    let found = store.printed_reports(&hex)?;
    let Some((token, signature)) = found.last() else {
        return Err(ReportFileError::UnknownFingerprint {
            fingerprint: hex,
            ledger: ledger.to_path_buf(),
        });
    };
    let token = ReportToken::parse(token).ok_or_else(|| ReportFileError::UnknownFingerprint {
        fingerprint: hex.clone(),
        ledger: ledger.to_path_buf(),
    })?;
    let signature = signature.as_deref().and_then(ReportSignature::find_in);
    check_token(&store, token, signature, None)
}

/// Checks paper from a photo or scan of any page (PNG or JPEG): the footer's QR code gives the
/// report's fingerprint, checked as [`verify_fingerprint`] checks a typed one. A picture a few
/// degrees askew or JPEG-compressed reads; one with no readable code is said to be so.
pub fn verify_scan(ledger: &Path, picture: &Path) -> Result<ReportCheck, ReportFileError> {
    let image = image::open(picture)
        .map_err(|_| ReportFileError::NoQrCode(picture.to_path_buf()))?
        .to_luma8();
    let (w, h) = image.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            image.get_pixel(x as u32, y as u32).0[0]
        });
    let fingerprint = prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok())
        .find_map(|(_, content)| crate::report::fingerprint_in_qr(&content))
        .ok_or_else(|| ReportFileError::NoQrCode(picture.to_path_buf()))?;
    verify_fingerprint(ledger, &fingerprint)
}

/// Checks a report's `token` (and the signature it carries) against the ledger; with the PDF's
/// `bytes`, its pages are compared too.
fn check_token(
    store: &super::LedgerFile,
    token: ReportToken,
    found_signature: Option<ReportSignature>,
    pdf: Option<&[u8]>,
) -> Result<ReportCheck, ReportFileError> {
    // Everything compared from one committed state (a save meanwhile is not a false alarm).
    store.read_consistent(|store| {
        // From layout 4 a period report is tied to the records of its period only.
        let period_end = token.to.filter(|_| token.layout >= 4);
        let (data, head) = snapshot(store, period_end, &|_| {})?;
        let opts = ReportOptions {
            lang: token.lang,
            from: token.from,
            to: token.to,
            as_of: token.as_of,
            printed_at: None,
            signature: None,
            newer_columns: Vec::new(),
            layout: token.layout,
        };
        let since = store.audit_since(token.seq.saturating_sub(1))?;
        let history_differs = if token.seq == 0 {
            false
        } else {
            since
                .first()
                .is_none_or(|e| e.seq != token.seq || e.hash != token.head)
        };
        // Schema upgrades since the report change no record: the ledger is compared as it was
        // tied to the report (its audit head then, without the columns the upgrades added).
        let (upgrades, since): (Vec<AuditEntry>, Vec<AuditEntry>) = since
            .into_iter()
            .filter(|e| e.seq > token.seq || token.seq == 0)
            .partition(|e| crate::store::migrations::added_by_entry(e).is_some());
        // Sign-ins, account changes and signed checkpoints change no figure of the report: they
        // are listed apart, and the report is compared as it was tied.
        // So do changes of records dated after a period report's last day (layout 4 on).
        let (since, unaffecting): (Vec<AuditEntry>, Vec<AuditEntry>) =
            since.into_iter().partition(|e| {
                crate::store::changes_report_data(&e.table_name)
                    && period_end.is_none_or(|to| crate::domain::record::entry_counts_as_of(e, to))
            });
        let upgraded_only = !history_differs && since.is_empty() && !upgrades.is_empty();
        let no_data_changed = !history_differs && since.is_empty() && token.seq > 0;
        let (opts, head) = if upgraded_only || no_data_changed {
            let mut newer = Vec::new();
            for e in &upgrades {
                for (table, cols) in crate::store::migrations::added_by_entry(e).unwrap_or_default()
                {
                    for col in cols
                        .as_object()
                        .map(|c| c.keys().cloned().collect::<Vec<_>>())
                        .unwrap_or_default()
                    {
                        newer.push((table.clone(), col));
                    }
                }
            }
            let at_report = AuditHead {
                seq: token.seq,
                hash: token.head.clone(),
            };
            (
                ReportOptions {
                    newer_columns: newer,
                    ..opts
                },
                at_report,
            )
        } else {
            (opts, head)
        };
        let upgraded_since: Vec<Upgrade> = if upgraded_only {
            upgrades.iter().map(upgrade_of).collect()
        } else {
            Vec::new()
        };
        let current = fingerprint(&data, &head, &opts);
        let changes: Vec<Change> = since
            .into_iter()
            .filter(|e| !history_differs && e.seq > token.seq)
            .map(|e| Change {
                fields: e
                    .changed_fields()
                    .into_iter()
                    .map(|(k, old, new)| (k, old.to_string(), new.to_string()))
                    .collect(),
                entry: e,
            })
            .collect();
        // Always (unless the report is not this ledger's): changes through the program since the
        // report do not rule out changes behind its back, a damaged ledger prints no new report,
        // and a ledger whose own audit trail was edited cannot vouch for a report even when its
        // records still give the report's fingerprint.
        let (damage, integrity) = if !history_differs {
            let v = store.verify()?;
            (v.findings, v.integrity)
        } else {
            (Vec::new(), Vec::new())
        };
        let ledger_intact = damage.is_empty() && integrity.is_empty();
        // The fingerprint matches: the PDF must be exactly the one this ledger prints for it.
        // Printing is deterministic (same records, period and creation date: same bytes), so
        // every byte is compared whatever the PDF says about itself; a stamp annotation, a
        // swapped thumbnail, a crop box or a forged ledger's pages under a genuine token all
        // differ.
        let earlier_layout = !token.is_current_layout();
        let regenerated = if let Some(bytes) = pdf
            && current == token.fingerprint
            && !history_differs
            && !earlier_layout
        {
            let photo = |id| store.photo_data(id).ok();
            let again = ReportOptions {
                printed_at: creation_date(bytes),
                signature: found_signature.clone(),
                ..opts.clone()
            };
            Some(crate::report::generate(
                &data,
                &head,
                &photo,
                &again,
                &|_| {},
            )?)
        } else {
            None
        };
        let pages_compared = regenerated.is_some();
        let pages_edited = regenerated.is_some_and(|again| pdf != Some(again.pdf.as_slice()));
        let signature = match &found_signature {
            None => SignatureCheck::Unsigned,
            Some(sig)
                if !crate::domain::signing::verify(
                    &sig.public_key,
                    &crate::domain::signing::report_message(&token.encode()),
                    &sig.signature,
                ) =>
            {
                SignatureCheck::Invalid
            }
            Some(sig) => match store.info("signing_key")? {
                Some(k) if k == sig.public_key => {
                    SignatureCheck::Valid(crate::domain::signing::key_id(&k))
                }
                other => SignatureCheck::OtherKey {
                    report: crate::domain::signing::key_id(&sig.public_key),
                    ledger: other.map_or_else(String::new, |k| crate::domain::signing::key_id(&k)),
                },
            },
        };
        let other_creator = match pdf.map(|bytes| info_text(bytes, "/Creator")) {
            None => None,
            Some(Some(c)) if c == crate::report::CREATOR => None,
            Some(Some(c)) => Some(c),
            Some(None) => Some(String::new()),
        };
        Ok::<_, ReportFileError>(ReportCheck {
            token,
            current,
            changes,
            unaffecting: if history_differs {
                Vec::new()
            } else {
                unaffecting
            },
            history_differs,
            upgraded_since,
            ledger_intact,
            damage,
            integrity,
            data,
            pages_edited,
            pages_compared,
            earlier_layout,
            other_creator,
            signature,
            without_pdf: pdf.is_none(),
        })
    })
}

/// A schema upgrade written since a report: its version, migration name and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub version: i64,
    pub migration: String,
    pub date: String,
}

/// The upgrade a schema upgrade's audit entry records.
fn upgrade_of(e: &AuditEntry) -> Upgrade {
    let new: serde_json::Value = e
        .new_value
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    Upgrade {
        version: new
            .get("version")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0),
        migration: new
            .get("migration")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("?")
            .to_string(),
        date: e.at.get(..10).unwrap_or(&e.at).to_string(),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The creation date a report's document info carries (`/CreationDate(D:YYYYMMDDHHMMSS…)`, as
/// the PDF writer stores it), in Unix seconds.
fn creation_date(pdf: &[u8]) -> Option<i64> {
    let key = b"/CreationDate(D:";
    let at = pdf.windows(key.len()).position(|w| w == key)? + key.len();
    let digits = std::str::from_utf8(pdf.get(at..at + 14)?).ok()?;
    chrono::NaiveDateTime::parse_from_str(digits, "%Y%m%d%H%M%S")
        .ok()
        .map(|t| t.and_utc().timestamp())
}

/// A document info text entry as the PDF writer stores it (UTF-16BE hex with a byte-order mark).
fn info_text(pdf: &[u8], key: &str) -> Option<String> {
    let marker = format!("{key}<FEFF");
    let at = pdf
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())?
        + marker.len();
    let end = at + pdf.get(at..)?.iter().position(|b| *b == b'>')?;
    let hex = std::str::from_utf8(&pdf[at..end]).ok()?;
    let units: Vec<u16> = hex
        .as_bytes()
        .chunks(4)
        .map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect::<Option<_>>()?;
    Some(String::from_utf16_lossy(&units))
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// The document info's producer as the PDF writer stores it.
fn producer_marker() -> Vec<u8> {
    info_marker("/Producer", crate::report::PRODUCER)
}

/// A document info entry as the PDF writer stores it: UTF-16BE hex with a byte-order mark.
fn info_marker(key: &str, value: &str) -> Vec<u8> {
    let mut hex = format!("{key}<FEFF");
    for unit in value.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex.into_bytes()
}
