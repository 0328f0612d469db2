//! Field packages for contractors (issue 13): a ledger file holding what one contractor needs to
//! log after-care offline — the mine, the piles, the benches and the rules, that contractor's
//! own entries not yet approved (with their photos) and the problems naming their company or one of
//! its people until verified, and the
//! accounts of their company's people — and nothing else. It is marked as a package of the
//! office ledger (the office ledger's id and audit head at packaging), so a merge can tell where
//! it came from and what changed on either side since.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::{AppError, LedgerSource, Result, files, import_stream};
use crate::domain::{RecordSpec, owner_names};
use crate::exchange::{self, ExportSource, Known};
use crate::store::Access;

/// `ledger_info` keys a package carries (each set through the audit trail).
pub const PACKAGE_ID: &str = "package_id";
/// The office ledger's id.
pub const PACKAGE_OF: &str = "package_of";
/// The office ledger's audit head when the package was made: `seq:hash`.
pub const PACKAGE_OFFICE_HEAD: &str = "package_office_head";
/// The contractor (company) the package was made for.
pub const PACKAGE_CONTRACTOR: &str = "package_contractor";

/// A package as made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub id: uuid::Uuid,
    /// The office ledger's id.
    pub office: String,
    /// The office ledger's audit head when the package was made.
    pub office_head: (i64, String),
    pub contractor: String,
    /// Records in the package.
    pub records: usize,
    /// Accounts of the contractor's people copied into it.
    pub accounts: usize,
}

/// The office ledger seen through what one contractor's package holds.
struct ForContractor<'a, S> {
    inner: S,
    contractor: &'a str,
    /// The names of the company's people (a problem may name one of them, not the company).
    people: Vec<String>,
    /// Ids of the after-care entries and problems taken, so their photos follow them.
    taken: RefCell<HashSet<String>>,
}

fn text<'m>(cols: &'m Map<String, Value>, key: &str) -> &'m str {
    cols.get(key).and_then(Value::as_str).unwrap_or_default()
}

impl<S: ExportSource> ForContractor<'_, S> {
    fn takes(&self, table: &str, cols: &Map<String, Value>) -> bool {
        let taken = match table {
            "mines" | "piles" | "benches" | "rules" => return true,
            // Their own entries the department has not approved: pending ones they may still
            // edit, rejected ones they are to correct.
            "aftercare" => {
                text(cols, "contractor") == self.contractor && text(cols, "review") != "approved"
            }
            // The problems naming their company, until the department has verified them.
            "problems" => {
                let owner = text(cols, "owner");
                text(cols, "status") != "verified"
                    && (owner_names(owner, self.contractor, "")
                        || self.people.iter().any(|p| owner_names(owner, "", p)))
            }
            "photos" => return self.taken.borrow().contains(text(cols, "owner_id")),
            _ => return false,
        };
        if taken {
            self.taken.borrow_mut().insert(text(cols, "id").to_string());
        }
        taken
    }
}

impl<S: ExportSource> ExportSource for ForContractor<'_, S> {
    fn records(
        &self,
        spec: &'static RecordSpec,
        each: &mut dyn FnMut(Map<String, Value>, Option<Vec<u8>>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.inner.records(spec, &mut |cols, data| {
            if self.takes(spec.table, &cols) {
                each(cols, data)
            } else {
                Ok(())
            }
        })
    }

    /// A package starts a history of its own: its first entries say it was made from the office.
    fn audit(
        &self,
        _each: &mut dyn FnMut(&crate::domain::audit::AuditEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        Ok(())
    }
}

/// The companies a package can be made for: those of the ledger's active contractor accounts
/// (someone of the company must be able to sign in to it), in name order.
pub fn companies(office: &Path) -> Result<Vec<String>> {
    let store = super::open_file(office, Access::ReadOnly)?;
    let mut names: Vec<String> = store
        .accounts()?
        .into_iter()
        .filter(|a| a.active && a.role == "contractor" && !a.company.trim().is_empty())
        .map(|a| a.company.trim().to_string())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// Makes a package of the ledger at `office` for `contractor` (their company's name as their
/// entries give it) at `out`, which must not exist. `operator` is the department member making it.
pub fn make(office: &Path, contractor: &str, out: &Path, operator: &str) -> Result<Package> {
    let contractor = contractor.trim();
    let mut store = super::open_file(office, Access::ReadWrite)?;
    let office_id = store.ledger_id()?;
    let (bytes, office_head, accounts) = store.read_consistent(|s| {
        let head = s.audit_head()?;
        let accounts: Vec<_> = s
            .accounts()?
            .into_iter()
            .filter(|a| a.active && a.role == "contractor" && a.company.trim() == contractor)
            .collect();
        let mut bytes = Vec::new();
        let header = exchange::ExportHeader {
            exported_by: operator,
            exported_at: &crate::clock::now_utc(),
            schema_version: s.schema_version()?,
            accounts: &[],
        };
        let source = ForContractor {
            inner: LedgerSource(s),
            contractor,
            people: accounts.iter().map(|a| a.name.clone()).collect(),
            taken: RefCell::default(),
        };
        exchange::write_export(&mut bytes, &header, &source).map_err(|e| {
            match e.downcast::<crate::store::StoreError>() {
                Ok(ledger) => AppError::Store(ledger),
                Err(e) => files::write_error(out, e),
            }
        })?;
        Ok::<_, AppError>((bytes, head, accounts))
    })?;
    drop(store);
    if accounts.is_empty() {
        return Err(AppError::NoContractorAccount {
            path: office.to_path_buf(),
            company: contractor.to_string(),
        });
    }
    let id = uuid::Uuid::new_v4();
    let reason = format!(
        "field package {id} for {contractor}, from ledger {office_id} at audit entry {}",
        office_head.0
    );
    let records = files::build_then_place(out, false, |building| {
        let mut package = super::LedgerFile::create(building)?;
        let outcome = import_stream(
            &mut package,
            &Known::default(),
            super::ImportSource::Bytes(&bytes),
            operator,
            &reason,
        )?;
        package.write(operator, |w| {
            for a in &accounts {
                w.put_account(a, &reason)?;
            }
            w.set_info_audited(PACKAGE_ID, &id.to_string(), &reason)?;
            w.set_info_audited(PACKAGE_OF, &office_id, &reason)?;
            w.set_info_audited(
                PACKAGE_OFFICE_HEAD,
                &format!("{}:{}", office_head.0, office_head.1),
                &reason,
            )?;
            w.set_info_audited(PACKAGE_CONTRACTOR, contractor, &reason)
        })?;
        Ok(outcome.records)
    })?;
    Ok(Package {
        id,
        office: office_id,
        office_head,
        contractor: contractor.to_string(),
        records,
        accounts: accounts.len(),
    })
}

/// What a merge did (or, in a dry run, would do). Every record of the package is counted once:
/// added + updated + present + conflicts + refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub package: String,
    pub contractor: String,
    /// New records written (entries and photos), with their authors and times from the package.
    pub added: usize,
    /// Records written as new versions: the package changed them, the office had not.
    pub updated: usize,
    /// Records the office holds as the package does (a package merged twice adds nothing).
    pub present: usize,
    /// Records both sides changed since packaging: the office's kept, listed here, and the
    /// package's version kept in the ledger as a merge conflict for the department to resolve.
    pub conflicts: Vec<exchange::Conflict>,
    /// Of the conflicts, how many were newly kept as merge conflicts (the others were kept when
    /// the package was merged before).
    pub conflicts_kept: usize,
    /// Records a contractor's package may not carry, with the reason.
    pub refused: Vec<exchange::Conflict>,
    /// Photos in the package, and their bytes (each checked against its SHA-256).
    pub photos: usize,
    pub photo_bytes: u64,
    pub dry_run: bool,
    /// The receipt written beside the package (not in a dry run).
    pub receipt: Option<std::path::PathBuf>,
}

impl std::fmt::Display for Merged {
    /// One line: what was done and how the package's records add up.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total =
            self.added + self.updated + self.present + self.conflicts.len() + self.refused.len();
        write!(
            f,
            "{} field package {} of {}: {total} records = {} added + {} changed + {} already present + {} conflicts + {} refused; {} photos ({:.1} MiB) checked; {} conflicts kept for the department to resolve",
            if self.dry_run {
                "Would merge"
            } else {
                "Merged"
            },
            self.package,
            self.contractor,
            self.added,
            self.updated,
            self.present,
            self.conflicts.len(),
            self.refused.len(),
            self.photos,
            self.photo_bytes as f64 / 1_048_576.0,
            self.conflicts.len()
        )
    }
}

/// The receipt of a merge, written beside the package for the contractor: record by record,
/// what became of it.
#[derive(serde::Serialize)]
struct Receipt<'a> {
    format: &'static str,
    package: &'a str,
    office: &'a str,
    merged_at: &'a str,
    merged_by: &'a str,
    added: usize,
    changed: usize,
    already_present: usize,
    conflicts: usize,
    refused: usize,
    records: Vec<ReceiptLine<'a>>,
}

#[derive(serde::Serialize)]
struct ReceiptLine<'a> {
    table: &'a str,
    id: &'a str,
    outcome: exchange::stream::Outcome,
    #[serde(skip_serializing_if = "str::is_empty")]
    why: &'a str,
}

/// What became of one record of a merged package, as its receipt says.
pub use crate::exchange::stream::Outcome as ReceiptOutcome;

/// What a receipt says became of each record of a package: what the contractor's window marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptMarks {
    /// The package the receipt is of.
    pub package: String,
    pub merged_at: String,
    /// Each record of the package (by id) and what became of it.
    pub outcomes: std::collections::HashMap<uuid::Uuid, exchange::stream::Outcome>,
}

/// A receipt as read back.
#[derive(serde::Deserialize)]
struct ReceiptIn {
    format: String,
    package: String,
    #[serde(default)]
    merged_at: String,
    records: Vec<ReceiptLineIn>,
}

#[derive(serde::Deserialize)]
struct ReceiptLineIn {
    id: uuid::Uuid,
    outcome: exchange::stream::Outcome,
}

/// Reads the receipt at `path`; with `package`, it must be that package's receipt.
pub fn read_receipt(path: &Path, package: Option<&str>) -> Result<ReceiptMarks> {
    let bytes = super::read_file(path)?;
    let receipt: ReceiptIn = serde_json::from_slice(&bytes)
        .ok()
        .filter(|r: &ReceiptIn| r.format == "restoration-ledger-receipt")
        .ok_or_else(|| AppError::NotAReceipt(path.to_path_buf()))?;
    if package.is_some_and(|p| p != receipt.package) {
        return Err(AppError::ReceiptOfAnotherPackage(path.to_path_buf()));
    }
    Ok(ReceiptMarks {
        package: receipt.package,
        merged_at: receipt.merged_at,
        outcomes: receipt
            .records
            .into_iter()
            .map(|l| (l.id, l.outcome))
            .collect(),
    })
}

/// The receipt beside the package at `package` (whose id is `package_id`), when the office has
/// merged it and sent the receipt back.
pub fn receipt_beside(package: &Path, package_id: &str) -> Result<Option<ReceiptMarks>> {
    let path = receipt_path(package);
    if !path.is_file() {
        return Ok(None);
    }
    read_receipt(&path, Some(package_id)).map(Some)
}

/// Where a package's receipt goes: `NAME.receipt.json` beside it.
pub fn receipt_path(package: &Path) -> std::path::PathBuf {
    let mut name = package.file_name().unwrap_or_default().to_os_string();
    name.push(".receipt.json");
    package.with_file_name(name)
}

/// Merges the field package at `package` into the office ledger at `office`: the package's own
/// history must verify and it must have been made from this ledger; then, in one transaction,
/// what the contractor added is written (pending review, born `package:<id>`), what they changed
/// of records the office left alone is written as new versions, and everything else is counted
/// or listed. `dry_run`: the same, then rolled back.
pub fn merge(office: &Path, package: &Path, operator: &str, dry_run: bool) -> Result<Merged> {
    let pkg = super::open_file(package, Access::ReadOnly)?;
    let check = pkg.verify()?;
    if !check.ok() {
        let first = check
            .integrity
            .first()
            .cloned()
            .or_else(|| check.findings.first().map(ToString::to_string))
            .unwrap_or_default();
        return Err(AppError::PackageAltered {
            path: package.to_path_buf(),
            why: first,
        });
    }
    let info = |key: &str| -> Result<String> {
        pkg.info(key)?
            .ok_or_else(|| AppError::NotAPackage(package.to_path_buf()))
    };
    let (id, of, contractor) = (
        info(PACKAGE_ID)?,
        info(PACKAGE_OF)?,
        info(PACKAGE_CONTRACTOR)?,
    );
    let mut store = super::open_file(office, Access::ReadWrite)?;
    let office_id = store.ledger_id()?;
    if of != office_id {
        return Err(AppError::PackageOfAnotherLedger {
            path: package.to_path_buf(),
            of,
            office: office_id,
        });
    }
    // Each record as packaged: the first state the package's history recorded for it.
    let mut packaged = std::collections::HashMap::new();
    pkg.each_audit(&mut |e| {
        if let (Ok(rid), Some(state)) = (uuid::Uuid::parse_str(&e.record_id), &e.new_value) {
            use sha2::{Digest, Sha256};
            packaged
                .entry(rid)
                .or_insert_with(|| Sha256::digest(state.as_bytes()).into());
        }
        Ok(())
    })
    // The walk fails only with a ledger error, which `each_audit` wraps.
    .map_err(|e| match e.downcast::<crate::store::StoreError>() {
        Ok(ledger) => AppError::Store(ledger),
        Err(other) => AppError::Read {
            path: package.to_path_buf(),
            source: other,
        },
    })?;
    let data = pkg.load()?;
    let photo_bytes = data.photos.iter().map(|p| p.size_bytes.max(0) as u64).sum();
    let mut known = super::known(&store)?;
    known.merge = Some(exchange::MergeRules {
        contractor: contractor.clone(),
        packaged,
    });
    // The package as an exchange file, in a temporary file beside nothing (photos make it big).
    let mut temp = tempfile::tempfile().map_err(|e| files::write_error(package, e))?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut temp);
        super::write_export(&pkg, operator, &mut out, package)?;
        std::io::Write::flush(&mut out).map_err(|e| files::write_error(package, e))?;
    }
    std::io::Seek::rewind(&mut temp).map_err(|e| files::write_error(package, e))?;
    let head = {
        let (seq, hash) = pkg.audit_head()?;
        format!("{seq}:{hash}")
    };
    drop(pkg);
    let outcome = super::import_stream_with(
        &mut store,
        &known,
        super::ImportSource::File(std::io::BufReader::with_capacity(1 << 20, temp)),
        operator,
        &id,
        &super::StreamOptions {
            reason: Some(format!(
                "merge of field package {id} from {contractor} (its audit head {head})"
            )),
            origin: Some(format!("package:{id}")),
            dry_run,
            keep_conflicts: Some(super::conflicts::KeepFrom {
                package_id: id.clone(),
                package_head: head.clone(),
            }),
        },
    )?;
    let receipt = if dry_run {
        None
    } else {
        let why = |id: &str| {
            outcome
                .conflicts
                .iter()
                .chain(&outcome.refused)
                .find(|c| c.id == id)
                .map_or("", |c| c.why.as_str())
        };
        let receipt = Receipt {
            format: "restoration-ledger-receipt",
            package: &id,
            office: &office_id,
            merged_at: &crate::clock::now_utc(),
            merged_by: operator,
            added: outcome.records,
            changed: outcome.updated,
            already_present: outcome.present,
            conflicts: outcome.conflicts.len(),
            refused: outcome.refused.len(),
            records: outcome
                .receipt
                .iter()
                .map(|(table, rid, o)| ReceiptLine {
                    table,
                    id: rid,
                    outcome: *o,
                    why: why(rid),
                })
                .collect(),
        };
        let path = receipt_path(package);
        let text = serde_json::to_vec_pretty(&receipt).map_err(|e| {
            AppError::from(super::refusal::Refusal::Internal { why: e.to_string() })
        })?;
        // The merge is committed: a receipt that cannot be written is said, and can be made
        // again by merging again (which changes nothing).
        files::write_atomically(&path, &text, true)?;
        Some(path)
    };
    Ok(Merged {
        receipt,
        package: id,
        contractor,
        added: outcome.records,
        updated: outcome.updated,
        present: outcome.present,
        conflicts: outcome.conflicts,
        conflicts_kept: outcome.conflicts_kept,
        refused: outcome.refused,
        photos: data.photos.len(),
        photo_bytes,
        dry_run,
    })
}
