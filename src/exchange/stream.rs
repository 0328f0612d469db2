//! Reading an exchange file as a stream: one record at a time from the bytes or from the open
//! file, each checked and handed to a [`Sink`] (the ledger being written) before the next is read,
//! so a file of a million entries is never held whole, and neither is its audit trail.
//!
//! The checks are those of a whole-file parse: every problem is collected with its JSON path, a
//! reference may point forward in the file (resolved when the file has been read), and the sink
//! stops receiving records at the first problem. The caller writes in one transaction and rolls
//! it back when the file is refused, so a refused file writes nothing.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::spec::{TABLES, TableSpec};
use super::{
    Checker, Conflict, Disposition, FORMAT, FORMAT_VERSION, ImportError, Issue, Known, Row,
    canonical_id, parse_accounts, short, strict, type_name,
};
use crate::domain::account::Account;
use crate::domain::audit::{AuditEntry, GENESIS};

/// Where the checked records of a file go, in file order.
pub trait Sink {
    type Error;
    /// A checked record; `path` names it in the file (`$.aftercare[12]`). Called only while the
    /// file has shown no problem: once it has, the rest is checked but nothing more is handed on.
    fn row(&mut self, path: &str, row: Row) -> Result<(), Self::Error>;
    /// A checked record that is a new version of one the ledger holds (a merged package's edit).
    fn update(&mut self, path: &str, row: Row) -> Result<(), Self::Error>;
    /// The next entry of the file's audit trail, checked and linked to the one before.
    fn audit(&mut self, entry: AuditEntry) -> Result<(), Self::Error>;
}

/// What a file held besides the records its sink took.
#[derive(Debug, Default)]
pub struct Read {
    /// Records handed to the sink.
    pub records: usize,
    /// Audit entries handed to the sink.
    pub audit: usize,
    /// Records the ledger holds already, the same: not written again.
    pub present: usize,
    /// Records the ledger holds differently: not written; the ledger's are kept.
    pub conflicts: Vec<Conflict>,
    /// New versions of records the ledger holds, handed to the sink (a merged package's edits).
    pub updated: usize,
    /// Records a package may not carry: not written, each with the reason.
    pub refused: Vec<Conflict>,
    /// When a package is merged: each record of it (table, id) and what became of it, in file
    /// order (its receipt).
    pub receipt: Vec<(&'static str, String, Outcome)>,
    /// The accounts the file carries (restored only together with its audit trail).
    pub accounts: Vec<Account>,
    /// The ledger schema version the file was exported at (`None`: a file made before exports
    /// said it).
    pub schema_version: Option<i64>,
}

/// What became of one record of a merged package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Added,
    Changed,
    AlreadyPresent,
    Conflict,
    Refused,
}

/// Why a file was not read through.
#[derive(Debug)]
pub enum ReadError<E> {
    /// The file is refused; every problem found is listed.
    Invalid(ImportError),
    /// The sink failed (the ledger could not take a record).
    Sink(E),
}

impl<E> From<ImportError> for ReadError<E> {
    fn from(e: ImportError) -> Self {
        ReadError::Invalid(e)
    }
}

/// A JSON reader over the file's bytes or over an open file (see [`read_slice`] and
/// [`read_from`]); the checks are the same.
fn read<'de, R: serde_json::de::Read<'de>, S: Sink>(
    source: R,
    known: &Known,
    operator: &str,
    now: &str,
    sink: &mut S,
) -> Result<Read, ReadError<S::Error>> {
    let mut state = State {
        c: Checker::new(known, operator, now),
        sink,
        sink_error: None,
        fatal: None,
        out: Read::default(),
        format: None,
        format_version: None,
        audit_prev: GENESIS.to_string(),
    };
    let mut de = serde_json::Deserializer::new(source);
    let parsed = Root(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Some(e) = state.sink_error.take() {
        return Err(ReadError::Sink(e));
    }
    if let Some(issue) = state.fatal.take() {
        return Err(ImportError {
            issues: vec![issue],
        }
        .into());
    }
    if let Err(e) = parsed {
        return Err(ImportError {
            issues: vec![Issue {
                path: "$".into(),
                message: not_json(&e),
            }],
        }
        .into());
    }
    if let Some(issue) = state.check_format() {
        return Err(ImportError {
            issues: vec![issue],
        }
        .into());
    }
    state.c.resolve_forward_references();
    if state.c.issues.is_empty() {
        Ok(state.out)
    } else {
        Err(ImportError {
            issues: state.c.issues,
        }
        .into())
    }
}

/// Reads a file held in memory (a byte-order mark before the JSON is skipped).
pub fn read_slice<S: Sink>(
    bytes: &[u8],
    known: &Known,
    operator: &str,
    now: &str,
    sink: &mut S,
) -> Result<Read, ReadError<S::Error>> {
    // Windows editors often save UTF-8 with a byte-order mark; it is not part of the JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(e) = wrong_encoding(bytes) {
        return Err(e.into());
    }
    read(
        serde_json::de::SliceRead::new(bytes),
        known,
        operator,
        now,
        sink,
    )
}

/// Reads an open file from where it stands (a byte-order mark before the JSON is skipped).
pub fn read_from<S: Sink>(
    mut file: impl std::io::BufRead,
    known: &Known,
    operator: &str,
    now: &str,
    sink: &mut S,
) -> Result<Read, ReadError<S::Error>> {
    let bom = file
        .fill_buf()
        .map(|b| b.starts_with(b"\xEF\xBB\xBF"))
        .unwrap_or(false);
    if bom {
        file.consume(3);
    }
    if let Some(e) = file.fill_buf().ok().and_then(wrong_encoding) {
        return Err(e.into());
    }
    read(
        serde_json::de::IoRead::new(file),
        known,
        operator,
        now,
        sink,
    )
}

/// What the reading thread of [`read_beside`] hands to the writing one.
enum Step {
    Row(String, Row),
    Update(String, Row),
    Audit(AuditEntry),
}

/// How many steps travel together between the threads of [`read_beside`].
const HANDOFF_BATCH: usize = 256;

/// The sink of [`read_beside`]'s reading thread: the checked records go to the writing thread in
/// batches, at most a few batches ahead of it (memory does not grow with the file).
pub struct Handoff {
    to: std::sync::mpsc::SyncSender<Vec<Step>>,
    batch: Vec<Step>,
}

/// The writing side stopped taking records (it failed; its own error is the one reported).
#[derive(Debug)]
pub struct Stopped;

impl Handoff {
    fn push(&mut self, step: Step) -> Result<(), Stopped> {
        self.batch.push(step);
        if self.batch.len() >= HANDOFF_BATCH {
            self.flush()
        } else {
            Ok(())
        }
    }

    fn flush(&mut self) -> Result<(), Stopped> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(HANDOFF_BATCH));
        self.to.send(batch).map_err(|_| Stopped)
    }
}

impl Sink for Handoff {
    type Error = Stopped;
    fn row(&mut self, path: &str, row: Row) -> Result<(), Stopped> {
        self.push(Step::Row(path.to_string(), row))
    }
    fn update(&mut self, path: &str, row: Row) -> Result<(), Stopped> {
        self.push(Step::Update(path.to_string(), row))
    }
    fn audit(&mut self, entry: AuditEntry) -> Result<(), Stopped> {
        self.push(Step::Audit(entry))
    }
}

/// Reads and checks a file on a thread of its own while `sink` writes what it has checked on
/// this one (the ledger is written as fast as it can take records, not after each is parsed).
/// `reading` is [`read_slice`] or [`read_from`] with the [`Handoff`] as its sink. The outcome is
/// that of reading straight into `sink`: the sink's first error ends both sides and is the one
/// returned; a refused file is refused with every problem found.
pub fn read_beside<S: Sink>(
    reading: impl FnOnce(&mut Handoff) -> Result<Read, ReadError<Stopped>> + Send,
    sink: &mut S,
) -> Result<Read, ReadError<S::Error>> {
    let (to, from) = std::sync::mpsc::sync_channel::<Vec<Step>>(4);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut handoff = Handoff {
                to,
                batch: Vec::with_capacity(HANDOFF_BATCH),
            };
            let read = reading(&mut handoff)?;
            handoff.flush().map_err(ReadError::Sink)?;
            Ok(read)
        });
        let mut failed = None;
        'batches: while let Ok(batch) = from.recv() {
            for step in batch {
                let written = match step {
                    Step::Row(path, row) => sink.row(&path, row),
                    Step::Update(path, row) => sink.update(&path, row),
                    Step::Audit(entry) => sink.audit(entry),
                };
                if let Err(e) = written {
                    failed = Some(e);
                    break 'batches;
                }
            }
        }
        // The reader's next handoff fails, so it stops reading.
        drop(from);
        let read = match reader.join() {
            Ok(read) => read,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match (failed, read) {
            (Some(e), _) => Err(ReadError::Sink(e)),
            (None, Ok(read)) => Ok(read),
            (None, Err(ReadError::Invalid(e))) => Err(ReadError::Invalid(e)),
            // Not reached: the writing side took every batch until it failed.
            (None, Err(ReadError::Sink(Stopped))) => Err(ReadError::Invalid(ImportError {
                issues: vec![Issue {
                    path: "$".into(),
                    message: "the file was not read to its end".into(),
                }],
            })),
        }
    })
}

/// A file in UTF-16 (Notepad's "Unicode"), or text that is not UTF-8 (Latin-1, GBK), said as
/// such: "not valid JSON" did not say why. `head` is the file's start (after a UTF-8 BOM).
fn wrong_encoding(head: &[u8]) -> Option<ImportError> {
    let utf16 = head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || (head.len() >= 4 && (head[1] == 0 && head[3] == 0 || head[0] == 0 && head[2] == 0));
    let message = if head.starts_with(b"SQLite format 3\0") {
        "the file is not valid JSON: it is a ledger (a SQLite file), not an export. Open it as a ledger, or export it to JSON first".to_string()
    } else if utf16 {
        "the file is UTF-16 text (saved as \"Unicode\"): save it as UTF-8 and import again"
            .to_string()
    } else if head.iter().take(64 * 1024).any(|b| *b == 0) {
        "the file is not valid JSON: it holds binary data (another program's file?). Choose a JSON file exported by this program".to_string()
    } else {
        let probe = &head[..head.len().min(64 * 1024)];
        match std::str::from_utf8(probe) {
            // A character cut at the end of the probe is not an error.
            Err(e) if e.error_len().is_some() => format!(
                "the file is not UTF-8 text (byte 0x{:02X} at offset {}; Latin-1 or GBK?): save it as UTF-8 and import again",
                probe[e.valid_up_to()],
                e.valid_up_to()
            ),
            _ => return None,
        }
    };
    Some(ImportError {
        issues: vec![Issue {
            path: "$".into(),
            message,
        }],
    })
}

fn not_json(e: &serde_json::Error) -> String {
    let what = if e.to_string().contains("unicode") || e.to_string().contains("UTF-8") {
        "the file is not valid UTF-8 text or not valid JSON"
    } else {
        "the file is not valid JSON"
    };
    format!("{what} ({e})")
}

/// A list of checked rows (tests, and the few callers that want the whole file).
#[derive(Debug, Default)]
pub struct Collect {
    pub rows: Vec<Row>,
    pub audit: Vec<AuditEntry>,
}

impl Sink for Collect {
    type Error = std::convert::Infallible;
    fn row(&mut self, _path: &str, row: Row) -> Result<(), Self::Error> {
        self.rows.push(row);
        Ok(())
    }
    fn update(&mut self, _path: &str, row: Row) -> Result<(), Self::Error> {
        self.rows.push(row);
        Ok(())
    }
    fn audit(&mut self, entry: AuditEntry) -> Result<(), Self::Error> {
        self.audit.push(entry);
        Ok(())
    }
}

struct State<'k, 's, S: Sink> {
    c: Checker<'k>,
    sink: &'s mut S,
    sink_error: Option<S::Error>,
    /// A problem that ends the reading at once (this is not a ledger exchange file at all).
    fatal: Option<Issue>,
    out: Read,
    format: Option<Value>,
    format_version: Option<Value>,
    audit_prev: String,
}

/// Stops the JSON reader; the reason is kept in [`State`].
fn stop<E: de::Error>() -> E {
    E::custom("stopped")
}

impl<S: Sink> State<'_, '_, S> {
    fn fail(&mut self, path: &str, message: String) {
        self.fatal = Some(Issue {
            path: path.into(),
            message,
        });
    }

    /// `format` and `format_version` say this is a file this program reads; `None` when they do.
    fn format_issue(&self, final_check: bool) -> Option<Issue> {
        let issue = |path: &str, message: String| {
            Some(Issue {
                path: path.into(),
                message,
            })
        };
        match &self.format {
            Some(Value::String(f)) if f == FORMAT => {}
            None if !final_check => {}
            _ => {
                return issue(
                    "$.format",
                    format!("must be \"{FORMAT}\": this is not a Restoration Ledger exchange file"),
                );
            }
        }
        match self.format_version.as_ref().map(Value::as_i64) {
            Some(Some(v)) if v == FORMAT_VERSION => None,
            Some(Some(v)) if v > FORMAT_VERSION => issue(
                "$.format_version",
                format!(
                    "is {v}: the file was written by a newer version of Restoration Ledger (this one reads version {FORMAT_VERSION}); update the program"
                ),
            ),
            None if !final_check => None,
            _ => issue(
                "$.format_version",
                format!("must be the whole number {FORMAT_VERSION}"),
            ),
        }
    }

    fn check_format(&self) -> Option<Issue> {
        self.format_issue(true)
    }

    /// One record of `spec`'s table, as its raw JSON text.
    fn record(&mut self, spec: &'static TableSpec, index: usize, raw: &RawValue) {
        let path = format!("$.{}[{}]", spec.table, index);
        for mut issue in strict::scan(raw.get().as_bytes()) {
            issue.path = format!("{path}{}", &issue.path[1..]);
            self.c.issues.push(issue);
        }
        let item: Value = match serde_json::from_str(raw.get()) {
            Ok(v) => v,
            Err(e) => {
                self.c.issue(&path, format!("is not valid JSON ({e})"));
                return;
            }
        };
        self.c.note_id(spec, index, &item);
        let Some(row) = self.c.record(spec, index, &item) else {
            return;
        };
        let listed = |why: String| Conflict {
            id: row.text("id").to_string(),
            path: path.clone(),
            table: spec.table,
            why,
            theirs: Map::new(),
        };
        let disposition = self.c.disposition(spec, &row);
        if self.c.known.merge.is_some() {
            let outcome = match &disposition {
                Disposition::New => Outcome::Added,
                Disposition::Update => Outcome::Changed,
                Disposition::Present => Outcome::AlreadyPresent,
                Disposition::Conflict(_) => Outcome::Conflict,
                Disposition::Refused(_) => Outcome::Refused,
            };
            let id = listed(String::new()).id;
            self.out.receipt.push((spec.table, id, outcome));
        }
        let update = match disposition {
            Disposition::New => false,
            Disposition::Update => true,
            Disposition::Present => {
                self.out.present += 1;
                return;
            }
            Disposition::Conflict(why) => {
                let mut conflict = listed(why);
                conflict.theirs = crate::domain::record::audited(spec, &row.cells, None);
                self.out.conflicts.push(conflict);
                return;
            }
            Disposition::Refused(why) => {
                self.out.refused.push(listed(why));
                return;
            }
        };
        if self.c.issues.is_empty() && self.sink_error.is_none() {
            let written = if update {
                self.sink.update(&path, row).map(|()| self.out.updated += 1)
            } else {
                self.sink.row(&path, row).map(|()| self.out.records += 1)
            };
            if let Err(e) = written {
                self.sink_error = Some(e);
            }
        }
    }

    fn audit_entry(&mut self, index: usize, raw: &RawValue) {
        let path = format!("$.audit[{index}]");
        for mut issue in strict::scan(raw.get().as_bytes()) {
            issue.path = format!("{path}{}", &issue.path[1..]);
            self.c.issues.push(issue);
        }
        let e: AuditEntry = match serde_json::from_str(raw.get()) {
            Ok(e) => e,
            Err(e) => {
                self.c
                    .issue("$.audit", format!("is not a valid audit trail ({e})"));
                return;
            }
        };
        let before = self.c.issues.len();
        if e.seq != index as i64 + 1 {
            self.c.issue(
                &format!("{path}.seq"),
                format!("is {}; entry number {} expected", e.seq, index + 1),
            );
        }
        if !matches!(e.action.as_str(), "insert" | "update" | "delete") {
            self.c.issue(
                &format!("{path}.action"),
                format!("\"{}\" is not insert, update or delete", short(&e.action)),
            );
        }
        if e.prev_hash != self.audit_prev {
            self.c.issue(
                &format!("{path}.prev_hash"),
                "does not link to the entry before it: the audit trail was altered",
            );
        }
        if e.compute_hash() != e.hash {
            self.c.issue(
                &format!("{path}.hash"),
                "does not match the entry: the audit trail was altered after export",
            );
        }
        self.audit_prev.clone_from(&e.hash);
        if self.c.issues.len() == before && self.c.issues.is_empty() && self.sink_error.is_none() {
            match self.sink.audit(e) {
                Ok(()) => self.out.audit += 1,
                Err(err) => self.sink_error = Some(err),
            }
        }
    }
}

/// The file's top level: an object of known keys.
struct Root<'a, 'k, 's, S: Sink>(&'a mut State<'k, 's, S>);

impl<'de, S: Sink> DeserializeSeed<'de> for Root<'_, '_, '_, S> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// The visitor methods for the JSON values a visitor does not expect: each is passed, as a value of
/// its kind, to the method `$kind`, which says what was expected instead.
macro_rules! refuse_other_kinds {
    ($kind:ident) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            self.$kind(&Value::Bool(false))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            self.$kind(&Value::from(0))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            self.$kind(&Value::from(0))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            self.$kind(&Value::from(0))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.$kind(&Value::String(String::new()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.$kind(&Value::Null)
        }
    };
}

impl<S: Sink> Root<'_, '_, '_, S> {
    fn not_an_object<E: de::Error>(self, v: &Value) -> Result<(), E> {
        let kind = type_name(v);
        self.0.fail("$", format!("must be an object, not {kind}"));
        Err(stop())
    }
}

impl<'de, S: Sink> Visitor<'de> for Root<'_, '_, '_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Restoration Ledger exchange file")
    }

    refuse_other_kinds!(not_an_object);

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        self.not_an_object(&Value::Array(Vec::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                state
                    .c
                    .issue(&format!("$.{}", short(&key)), strict::GIVEN_TWICE);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match key.as_str() {
                "format" => {
                    state.format = Some(map.next_value()?);
                    if let Some(issue) = state.format_issue(false) {
                        state.fatal = Some(issue);
                        return Err(stop());
                    }
                }
                "format_version" => {
                    state.format_version = Some(map.next_value()?);
                    if let Some(issue) = state.format_issue(false) {
                        state.fatal = Some(issue);
                        return Err(stop());
                    }
                }
                "exported_at" | "exported_by" => {
                    map.next_value::<IgnoredAny>()?;
                }
                "schema_version" => {
                    let v: Value = map.next_value()?;
                    match v.as_i64() {
                        Some(n) if n >= 1 => state.out.schema_version = Some(n),
                        _ => state.c.issue(
                            "$.schema_version",
                            "must be a whole number of at least 1 (the ledger schema the file was exported at)",
                        ),
                    }
                }
                "accounts" => {
                    let raw: Box<RawValue> = map.next_value()?;
                    for mut issue in strict::scan(raw.get().as_bytes()) {
                        issue.path = format!("$.accounts{}", &issue.path[1..]);
                        state.c.issues.push(issue);
                    }
                    let list: Value = serde_json::from_str(raw.get()).map_err(de::Error::custom)?;
                    state.out.accounts = parse_accounts(&mut state.c, &list);
                }
                "audit" => map.next_value_seed(List {
                    state: &mut *state,
                    of: Of::Audit,
                })?,
                other => match TABLES.iter().find(|t| t.table == other) {
                    Some(spec) => map.next_value_seed(List {
                        state: &mut *state,
                        of: Of::Table(spec),
                    })?,
                    None => {
                        state.c.issue(
                            &format!("$.{}", short(other)),
                            "is not part of the exchange format; remove it or check its spelling",
                        );
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
            if state.sink_error.is_some() {
                return Err(stop());
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Of {
    Table(&'static TableSpec),
    Audit,
}

/// One list of the file: a table's records, or the audit trail.
struct List<'a, 'k, 's, S: Sink> {
    state: &'a mut State<'k, 's, S>,
    of: Of,
}

impl<'de, S: Sink> DeserializeSeed<'de> for List<'_, '_, '_, S> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<S: Sink> List<'_, '_, '_, S> {
    fn not_a_list<E: de::Error>(self, v: &Value) -> Result<(), E> {
        let kind = type_name(v);
        match self.of {
            Of::Table(spec) => self.state.c.issue(
                &format!("$.{}", spec.table),
                format!("must be a list, not {kind}"),
            ),
            Of::Audit => self.state.c.issue(
                "$.audit",
                format!("is not a valid audit trail (it must be a list, not {kind})"),
            ),
        }
        Ok(())
    }
}

impl<'de, S: Sink> Visitor<'de> for List<'_, '_, '_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    refuse_other_kinds!(not_a_list);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_a_list(&Value::Object(serde_json::Map::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            match self.of {
                Of::Table(spec) => self.state.record(spec, index, &raw),
                Of::Audit => self.state.audit_entry(index, &raw),
            }
            if self.state.sink_error.is_some() {
                return Err(stop());
            }
            index += 1;
        }
        Ok(())
    }
}

impl Checker<'_> {
    /// Notes a record's id as met in the file (so later references find it), or why it cannot be.
    fn note_id(&mut self, spec: &'static TableSpec, index: usize, item: &Value) {
        let path = format!("$.{}[{}].id", spec.table, index);
        let Some(id) = item.get("id") else {
            self.issue(&path, "is missing");
            return;
        };
        let Some(id) = id.as_str() else {
            let kind = type_name(id);
            self.issue(&path, format!("must be text, not {kind}"));
            return;
        };
        let Some(canonical) = canonical_id(id) else {
            self.issue(&path, format!("\"{}\" is not a UUID", short(id)));
            return;
        };
        let Ok(uuid) = uuid::Uuid::parse_str(&canonical) else {
            return;
        };
        if let Some((table, at)) = self.ids.get(&uuid) {
            let first = format!("$.{table}[{at}]");
            self.issue(&path, format!("duplicates the id of {first}"));
            return;
        }
        if let Some((table, ..)) = self.known.records.get(&uuid)
            && *table != spec.table
        {
            self.issue(
                &path,
                format!("\"{canonical}\" is the id of a {table} record in the ledger"),
            );
            return;
        }
        self.ids.insert(uuid, (spec.table, index));
        self.met(uuid, spec.table);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::Cell;

    /// Takes rows until the `fail_at`-th, which it refuses.
    struct Taker {
        paths: Vec<String>,
        fail_at: Option<usize>,
    }

    impl Sink for Taker {
        type Error = String;
        fn row(&mut self, path: &str, _row: Row) -> Result<(), String> {
            if Some(self.paths.len()) == self.fail_at {
                return Err(format!("refused {path}"));
            }
            self.paths.push(path.to_string());
            Ok(())
        }
        fn update(&mut self, path: &str, row: Row) -> Result<(), String> {
            self.row(path, row)
        }
        fn audit(&mut self, _entry: AuditEntry) -> Result<(), String> {
            Ok(())
        }
    }

    fn row() -> Row {
        Row {
            table: "mines",
            cells: vec![Cell::Null],
            data: None,
        }
    }

    #[test]
    fn what_is_read_beside_is_written_in_order_and_the_writers_error_stops_the_reading() {
        let total = 10 * HANDOFF_BATCH + 7;
        let mut all = Taker {
            paths: Vec::new(),
            fail_at: None,
        };
        let read = read_beside(
            |h| {
                for i in 0..total {
                    h.row(&format!("$.mines[{i}]"), row())
                        .map_err(ReadError::Sink)?;
                }
                Ok(Read {
                    records: total,
                    ..Read::default()
                })
            },
            &mut all,
        );
        assert!(matches!(read, Ok(Read { records, .. }) if records == total));
        let expected: Vec<String> = (0..total).map(|i| format!("$.mines[{i}]")).collect();
        assert_eq!(all.paths, expected);

        let offered = std::sync::atomic::AtomicUsize::new(0);
        let mut failing = Taker {
            paths: Vec::new(),
            fail_at: Some(300),
        };
        let read = read_beside(
            |h| {
                for i in 0..total {
                    offered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    h.row(&format!("$.mines[{i}]"), row())
                        .map_err(ReadError::Sink)?;
                }
                Ok(Read::default())
            },
            &mut failing,
        );
        assert!(matches!(read, Err(ReadError::Sink(ref e)) if e == "refused $.mines[300]"));
        assert_eq!(failing.paths.len(), 300);
        // The reader stopped a few batches after the failure, not at the end of the file.
        assert!(offered.into_inner() < total);

        let mut refused = Taker {
            paths: Vec::new(),
            fail_at: None,
        };
        let read = read_beside(
            |h| {
                h.row("$.mines[0]", row()).map_err(ReadError::Sink)?;
                Err(ReadError::Invalid(ImportError {
                    issues: vec![Issue {
                        path: "$.mines[1]".into(),
                        message: "bad".into(),
                    }],
                }))
            },
            &mut refused,
        );
        assert!(matches!(read, Err(ReadError::Invalid(e)) if e.issues[0].path == "$.mines[1]"));
    }
}
