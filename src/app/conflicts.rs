//! Merge conflicts (issue 13): a field package's version of a record the office changed after
//! packaging is not dropped. The merge keeps it in the ledger as a [`MergeConflict`] (with the
//! office's version at the merge, in the merge's transaction), and the department resolves it:
//! take the package's version, keep the ledger's, or keep both.

use std::collections::HashSet;

use serde_json::{Map, Value};
use uuid::Uuid;

use super::{AppError, Result, Role};
use crate::domain::record::{Field, META_COLUMNS, record_spec};
use crate::domain::*;
use crate::exchange;
use crate::store::{Ledger, LedgerWriter, StoreError};

/// The field package a merge's conflicts are kept from.
#[derive(Debug, Clone)]
pub struct KeepFrom {
    pub package_id: String,
    /// The package's audit head at the merge: `seq:hash`.
    pub package_head: String,
}

/// The records of package `package_id` the ledger keeps a conflict of already (table, id).
pub(super) fn held(store: &impl Ledger, package_id: &str) -> Result<HashSet<(String, Uuid)>> {
    Ok(store
        .list::<MergeConflict>()?
        .into_iter()
        .filter(|c| c.package_id == package_id)
        .map(|c| (c.record_table, c.record_id))
        .collect())
}

/// The canonical JSON of an audited form (keys sorted).
fn canonical(form: &Map<String, Value>) -> String {
    Value::Object(form.clone()).to_string()
}

/// Keeps each of a merge's `conflicts` not `held` already as an open merge conflict, in the
/// merge's transaction; returns how many were kept.
pub(super) fn keep<W: LedgerWriter>(
    w: &mut W,
    from: &KeepFrom,
    conflicts: &[exchange::Conflict],
    held: &HashSet<(String, Uuid)>,
) -> std::result::Result<usize, StoreError> {
    let mut kept = 0;
    for c in conflicts {
        let Ok(record_id) = Uuid::parse_str(&c.id) else {
            continue;
        };
        if held.contains(&(c.table.to_string(), record_id)) {
            continue;
        }
        let Some(ours) = w.audited_record(c.table, record_id)? else {
            continue;
        };
        let reviewed = c.table == AftercareEntry::TABLE
            && ours.get("review").and_then(Value::as_str) != Some(ReviewState::Pending.code());
        let conflict = MergeConflict {
            meta: w.new_meta(),
            package_id: from.package_id.clone(),
            package_head: from.package_head.clone(),
            record_table: c.table.to_string(),
            record_id,
            their_version: canonical(&c.theirs),
            our_version: canonical(&ours),
            reason: if reviewed {
                ConflictReason::ReviewedSincePackaging
            } else {
                ConflictReason::ChangedSincePackaging
            },
            status: ConflictStatus::Open,
            resolution: ConflictTake::Undecided,
            resolved_by: String::new(),
            resolved_at: None,
        };
        w.insert_as_is(
            &conflict,
            None,
            &format!(
                "merge of field package {}: its version of {} {} kept aside for the department ({})",
                from.package_id, c.table, c.id, c.why
            ),
        )?;
        kept += 1;
    }
    Ok(kept)
}

/// One field that differs between the ledger's version and the package's, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The stored field's name (`note`, `quantity` …).
    pub field: String,
    pub ours: String,
    pub theirs: String,
}

/// An open conflict as a person reads it: the record named by its bench, date, contractor and
/// kind, and what differs field by field.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    pub conflict: MergeConflict,
    /// The bench the record names, and its number.
    pub bench_id: Option<Uuid>,
    pub bench: Option<String>,
    /// The record's date (an entry's date, a problem's finding date).
    pub date: Option<String>,
    /// The contractor (an entry's 施工单位, a problem's owner).
    pub contractor: String,
    /// An entry's kind code (`replanting` …), when it is an entry.
    pub kind: Option<AftercareKind>,
    pub differences: Vec<Difference>,
}

/// A column's value as text; quantities in their base unit with their decimals.
fn shown(table: &str, field: &str, v: Option<&Value>) -> String {
    let kind = record_spec(table)
        .and_then(|s| s.columns.iter().find(|(n, _)| *n == field).map(|(_, f)| *f));
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => match (kind, n.as_i64()) {
            (Some(Field::Qty | Field::OptQty | Field::Signed | Field::OptSigned), Some(milli)) => {
                format_milli(milli, 3)
            }
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

/// What differs between the two versions a conflict keeps, field by field (what the record says;
/// not its id, stamps, version or origin).
pub fn differences(c: &MergeConflict) -> Vec<Difference> {
    let ours = MergeConflict::columns(&c.our_version);
    let theirs = MergeConflict::columns(&c.their_version);
    let mut names: Vec<&String> = ours.keys().chain(theirs.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| !META_COLUMNS.contains(&n.as_str()) && *n != "origin" && *n != "data")
        .filter(|n| ours.get(*n) != theirs.get(*n))
        .map(|n| Difference {
            field: n.clone(),
            ours: shown(&c.record_table, n, ours.get(n)),
            theirs: shown(&c.record_table, n, theirs.get(n)),
        })
        .collect()
}

/// A conflict as a person reads it, the record named from the ledger's version of it.
pub fn view(data: &LedgerData, c: &MergeConflict) -> ConflictView {
    let ours = MergeConflict::columns(&c.our_version);
    let text = |k: &str| {
        ours.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let bench_id = ours
        .get("bench_id")
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok());
    let bench = Some(data.bench_label(bench_id)).filter(|s| !s.is_empty());
    let (date, contractor, kind) = match c.record_table.as_str() {
        "aftercare" => (
            Some(text("date")),
            text("contractor"),
            AftercareKind::from_code(&text("kind")),
        ),
        "problems" => (Some(text("found_on")), text("owner"), None),
        _ => (None, text("taken_by"), None),
    };
    ConflictView {
        conflict: c.clone(),
        bench_id,
        bench,
        date: date.filter(|d| !d.is_empty()),
        contractor,
        kind,
        differences: differences(c),
    }
}

/// The open conflicts, oldest first, as a person reads them.
pub fn open(data: &LedgerData) -> Vec<ConflictView> {
    let mut open: Vec<&MergeConflict> = data
        .merge_conflicts
        .iter()
        .filter(|c| c.status == ConflictStatus::Open)
        .collect();
    open.sort_by(|a, b| (&a.meta.created_at, a.meta.id).cmp(&(&b.meta.created_at, b.meta.id)));
    open.into_iter().map(|c| view(data, c)).collect()
}

/// The open conflicts of the ledger, as a person reads them.
pub fn list_open(store: &impl Ledger) -> Result<Vec<ConflictView>> {
    Ok(open(&store.load()?))
}

/// What a resolution did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub conflict: Uuid,
    pub take: ConflictTake,
    /// The record now in the ledger: the one in conflict, or (both) the new one.
    pub record: Uuid,
}

/// The package's version of the record, as its columns, ready to be written: an after-care entry
/// goes back to pending review (its content changed; a review is the department's to make again).
fn theirs_columns(c: &MergeConflict) -> Map<String, Value> {
    let mut cols = MergeConflict::columns(&c.their_version);
    cols.remove("data");
    if c.record_table == AftercareEntry::TABLE {
        cols.insert("review".into(), Value::from(ReviewState::Pending.code()));
        cols.insert("reviewer".into(), Value::from(""));
        cols.insert("review_comment".into(), Value::from(""));
        cols.insert("reviewed_at".into(), Value::Null);
    }
    cols
}

/// Writes the package's version of the record in conflict: over the ledger's (`as_new`: under a
/// new id, beside it), through the normal audited update or insert, after the record's checks.
struct WriteTheirs<'a, W> {
    w: &'a mut W,
    cols: Map<String, Value>,
    reason: String,
    as_new: bool,
    today: chrono::NaiveDate,
    written: Option<Uuid>,
}

impl<W: LedgerWriter> RecordVisitor for WriteTheirs<'_, W> {
    type Error = AppError;
    fn visit<R: Record>(&mut self) -> Result<()> {
        let mut record: R =
            crate::domain::record::from_columns(&self.cols).map_err(StoreError::Decode)?;
        let faults = crate::domain::validate::check_record_on(&record, self.today);
        if !faults.is_empty() {
            return Err(AppError::TheirsInvalid { faults });
        }
        let id = record.meta().id;
        if self.as_new {
            *record.meta_mut() = self.w.new_meta();
            let written = self.w.insert(&record)?;
            self.written = Some(written.meta().id);
            return Ok(());
        }
        let stored = self.w.get::<R>(id)?.ok_or(AppError::ConflictRecordGone {
            table: R::TABLE,
            id,
        })?;
        record.meta_mut().version = stored.meta().version;
        self.w.update(&record, &self.reason)?;
        self.written = Some(id);
        Ok(())
    }
}

/// Resolves the open conflict `id` as the department decides, in one transaction: `Theirs`, the
/// package's version replaces the ledger's (an after-care entry goes back to pending review);
/// `Ours`, nothing changes but the conflict is closed; `Both`, the ledger's stays and the
/// package's is added as a new after-care entry pending review. Only the department resolves.
pub fn resolve<L: Ledger>(
    store: &mut L,
    operator: &str,
    role: Role,
    id: Uuid,
    take: ConflictTake,
) -> Result<Resolved> {
    if role != Role::Department {
        return Err(AppError::OnlyDepartmentResolves);
    }
    if take == ConflictTake::Undecided {
        return Err(super::refusal::Refusal::ResolutionUndecided.into());
    }
    let today = crate::clock::today();
    let mut refused: Option<AppError> = None;
    let result = store.write(operator, |w| match resolve_in(w, id, take, today) {
        Ok(done) => Ok(done),
        Err(AppError::Store(e)) => Err(e),
        Err(other) => {
            refused = Some(other);
            Err(StoreError::Abandoned)
        }
    });
    match (result, refused) {
        (Err(StoreError::Abandoned), Some(why)) => Err(why),
        (result, _) => result.map_err(AppError::from),
    }
}

fn resolve_in<W: LedgerWriter>(
    w: &mut W,
    id: Uuid,
    take: ConflictTake,
    today: chrono::NaiveDate,
) -> Result<Resolved> {
    let conflict = w
        .get::<MergeConflict>(id)?
        .ok_or(AppError::ConflictMissing(id))?;
    if conflict.status == ConflictStatus::Resolved {
        return Err(AppError::ConflictAlreadyResolved(id));
    }
    let reason = format!(
        "merge conflict {id} (field package {}) resolved: {}",
        conflict.package_id,
        match take {
            ConflictTake::Theirs => "the package's version taken",
            ConflictTake::Ours => "the ledger's version kept",
            _ => "both kept, the package's as a new record",
        }
    );
    let record = match take {
        ConflictTake::Ours | ConflictTake::Undecided => conflict.record_id,
        ConflictTake::Theirs | ConflictTake::Both => {
            if take == ConflictTake::Both && conflict.record_table != AftercareEntry::TABLE {
                return Err(AppError::BothOnlyForEntries);
            }
            let mut put = WriteTheirs {
                w: &mut *w,
                cols: theirs_columns(&conflict),
                reason: reason.clone(),
                as_new: take == ConflictTake::Both,
                today,
                written: None,
            };
            crate::domain::record::visit_table(&conflict.record_table, &mut put)?;
            put.written.unwrap_or(conflict.record_id)
        }
    };
    let mut closed = conflict;
    closed.status = ConflictStatus::Resolved;
    closed.resolution = take;
    closed.resolved_by = w.operator().to_string();
    closed.resolved_at = Some(w.now().clone());
    w.update(&closed, &reason)?;
    Ok(Resolved {
        conflict: id,
        take,
        record,
    })
}
