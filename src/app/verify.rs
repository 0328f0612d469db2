//! `verify` and `verify --report` in words, in one language: the checks of `store` and
//! [`report`](super::report) turned into the lines a person reads, records named by their place,
//! date and content, and each outcome ending in one conclusion and one next step.

use crate::domain::{Finding, LedgerData};
use crate::i18n::Lang;
use crate::i18n::verify as tr;
use crate::store::Ledger;
use crate::store::VerifyReport;

use super::keys::DepartmentKey;
use super::report::{ReportCheck, ReportOutcome, SignatureCheck};

/// What a check says: its lines, its conclusion, and the next step when it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// What was checked and what was found, one line each.
    pub lines: Vec<String>,
    /// The one conclusion.
    pub conclusion: String,
    /// The one next step (ending with the path it concerns); `None` when all is well.
    pub next_step: Option<String>,
}

impl Said {
    /// Everything checked out (exit 0).
    pub fn ok(&self) -> bool {
        self.next_step.is_none()
    }
}

/// The check of a ledger against its own audit trail and signatures.
#[derive(Debug, Clone)]
pub struct LedgerCheck {
    pub report: VerifyReport,
    /// The id of the signing key the ledger names, and how many checkpoints it holds.
    pub signing_key: Option<String>,
    pub checkpoints: usize,
    /// The ledger's records, to name the records the check lists.
    pub data: LedgerData,
    /// The file is an older copy: the department's key signed a later entry (that entry, when,
    /// and the file's last entry). Said, never a finding.
    pub older_copy: Option<(i64, String, i64)>,
}

impl LedgerCheck {
    pub fn ok(&self) -> bool {
        self.report.ok()
    }
}

/// Checks the ledger: the file, the audit chain, every record against its audited state, and
/// the signatures (with the department's `key` when at hand).
pub fn check_ledger(
    store: &impl Ledger,
    key: Option<&DepartmentKey>,
) -> super::Result<LedgerCheck> {
    let mut report = store.verify()?;
    report.findings.extend(super::keys::check(store, key)?);
    let signing_key = store
        .info("signing_key")?
        .map(|k| crate::domain::signing::key_id(&k));
    let checkpoints = store.checkpoints()?.len();
    Ok(LedgerCheck {
        report,
        signing_key,
        checkpoints,
        data: names(store),
        older_copy: super::keys::older_copy(store, key)?,
    })
}

/// The records the lines name places by: the benches (and the points and piles beside them). Only
/// these are read — never the whole ledger, whose after-care entries may number a million. A
/// ledger changed behind the program's back may hold a row that no longer reads as a record; that
/// damage is what the check reports, so a table that does not read names nothing.
fn names(store: &impl Ledger) -> LedgerData {
    LedgerData {
        benches: store.list().unwrap_or_default(),
        monitoring_points: store.list().unwrap_or_default(),
        piles: store.list().unwrap_or_default(),
        ..LedgerData::default()
    }
}

fn finding_lines(
    l: Lang,
    data: &LedgerData,
    integrity: &[String],
    findings: &[Finding],
    ids: bool,
) -> Vec<String> {
    integrity
        .iter()
        .map(|i| tr::damaged_line(l, i))
        .chain(findings.iter().map(|f| tr::finding_line(l, data, f, ids)))
        .collect()
}

/// `verify` of a ledger in words; `path` is the ledger's.
pub fn say_ledger(c: &LedgerCheck, l: Lang, ids: bool, path: &str) -> Said {
    let r = &c.report;
    let mut lines = vec![
        tr::signing_state(l, c.signing_key.as_deref(), c.checkpoints),
        tr::checked(l, r.records_checked, r.audit_entries, &r.chain_head),
    ];
    lines.extend(finding_lines(l, &c.data, &r.integrity, &r.findings, ids));
    if let Some((seq, at, head)) = &c.older_copy {
        lines.push(tr::older_copy(l, *seq, at, *head));
    }
    if r.ok() {
        Said {
            lines,
            conclusion: tr::ledger_ok(l).to_string(),
            next_step: None,
        }
    } else {
        Said {
            lines,
            conclusion: tr::ledger_damaged(l, r.findings.len() + r.integrity.len()),
            next_step: Some(tr::restore_ledger(l, path)),
        }
    }
}

/// `verify --report` in words; `pdf` and `ledger` are the paths named in the next step.
pub fn say_report(c: &ReportCheck, l: Lang, ids: bool, pdf: &str, ledger: &str) -> Said {
    let t = &c.token;
    let mut lines = vec![
        tr::report_token(
            l,
            &tr::TokenText {
                fingerprint: &t.fingerprint,
                seq: t.seq,
                from: t.from,
                to: t.to,
                as_of: t.as_of,
                lang: t.lang,
            },
        ),
        tr::ledger_now(l, &c.current),
        tr::signature(
            l,
            &match &c.signature {
                SignatureCheck::Unsigned => tr::SignatureText::Unsigned,
                SignatureCheck::Valid(id) => tr::SignatureText::Valid(id),
                SignatureCheck::Invalid => tr::SignatureText::Invalid,
                SignatureCheck::OtherKey { report, .. } => tr::SignatureText::OtherKey(report),
            },
        ),
    ];
    let outcome = c.outcome();
    // What is listed is what the conclusion speaks of: changes through the program since the
    // report, and (when the ledger is damaged) what was changed behind its back.
    if matches!(
        outcome,
        ReportOutcome::Changed | ReportOutcome::Damaged | ReportOutcome::LedgerDamaged
    ) {
        lines.extend(
            c.changes
                .iter()
                .map(|ch| tr::change_since_report(l, &c.data, &ch.entry, ids)),
        );
        lines.extend(finding_lines(l, &c.data, &c.integrity, &c.damage, ids));
    }
    if !c.unaffecting.is_empty() {
        let of = |t: &str| c.unaffecting.iter().filter(|e| e.table_name == t).count();
        let (sign_ins, accounts) = (of("sign_ins"), of("accounts"));
        // Records changed: only those dated after a period report's last day are left apart.
        let later = c
            .unaffecting
            .iter()
            .filter(|e| crate::store::changes_report_data(&e.table_name))
            .count();
        lines.push(tr::unaffecting(
            l,
            sign_ins,
            accounts,
            c.unaffecting.len() - sign_ins - accounts - later,
            later,
        ));
    }
    let upgraded: Vec<String> = c
        .upgraded_since
        .iter()
        .map(|u| tr::upgrade(l, u.version, &u.migration, &u.date))
        .collect();
    let text = match &outcome {
        ReportOutcome::Matches => tr::ReportOutcomeText::Matches {
            upgraded: &upgraded,
        },
        ReportOutcome::MatchesEarlierLayout => tr::ReportOutcomeText::MatchesEarlierLayout {
            upgraded: &upgraded,
            layout: t.layout,
        },
        ReportOutcome::MatchesFingerprint => tr::ReportOutcomeText::MatchesFingerprint {
            upgraded: &upgraded,
        },
        ReportOutcome::SignatureInvalid => tr::ReportOutcomeText::SignatureInvalid,
        ReportOutcome::OtherKey { report, ledger } => {
            tr::ReportOutcomeText::OtherKey { report, ledger }
        }
        ReportOutcome::HistoryDiffers => tr::ReportOutcomeText::HistoryDiffers { seq: t.seq },
        ReportOutcome::CannotConfirm { creator } => tr::ReportOutcomeText::CannotConfirm {
            creator,
            this_version: crate::report::CREATOR,
        },
        ReportOutcome::PagesEdited => tr::ReportOutcomeText::PagesEdited,
        ReportOutcome::TokenEdited => tr::ReportOutcomeText::TokenEdited { seq: t.seq },
        ReportOutcome::Damaged => tr::ReportOutcomeText::Damaged {
            problems: c.damage.len() + c.integrity.len(),
            changes: c.changes.len(),
            ledger,
        },
        ReportOutcome::LedgerDamaged => tr::ReportOutcomeText::LedgerDamaged {
            problems: c.damage.len() + c.integrity.len(),
            ledger,
        },
        ReportOutcome::Changed => tr::ReportOutcomeText::Changed {
            changes: c.changes.len(),
        },
    };
    let (conclusion, next_step) = tr::report_outcome(l, &text, pdf);
    debug_assert_eq!(next_step.is_none(), outcome.ok());
    Said {
        lines,
        conclusion,
        next_step,
    }
}
