//! What `verify` and `verify --report` say, zh-CN first: each finding names the record as a
//! person does (its place, date and content, never an id alone), shows changed values in their
//! units as old → new, and every outcome ends in one conclusion and one next step.

use chrono::NaiveDate;

use super::Lang;
use super::records::{field_changes, record_name};
use super::ui::table_name;
use crate::domain::audit::{CheckpointAt, Finding, FindingKind, Snapshot};
use crate::domain::{AuditEntry, LedgerData};

/// "[aftercare 105dfb80-…]" after a line, for `--ids`.
fn id_suffix(table: &str, id: &str) -> String {
    if id.is_empty() {
        format!(" [{table}]")
    } else {
        format!(" [{table} {id}]")
    }
}

/// An audit entry number as a reader names it: "审计记录 #12" / "audit entry #12".
fn audit_entry(l: Lang, seq: &str) -> String {
    let seq = seq.trim_start_matches('#');
    match l {
        Lang::Zh => format!("审计记录 #{seq}"),
        Lang::En => format!("audit entry #{seq}"),
    }
}

/// What an audit entry did, as a verb: "新增" / "added".
fn action(l: Lang, action: &str) -> String {
    match action {
        "insert" => l.pick("新增", "added").into(),
        "update" => l.pick("修改", "changed").into(),
        "delete" => l.pick("删除", "deleted").into(),
        other => other.to_string(),
    }
}

/// A schema object ("trigger double_quantity") in words: "触发器 double_quantity".
fn schema_object(l: Lang, object: &str) -> String {
    let (kind, name) = object.split_once(' ').unwrap_or(("", object));
    let kind = match kind {
        "table" => l.pick("数据表", "table"),
        "index" => l.pick("索引", "index"),
        "trigger" => l.pick("触发器", "trigger"),
        "view" => l.pick("视图", "view"),
        other => other,
    };
    match l {
        Lang::Zh => format!("台账结构中的{kind} {name}"),
        Lang::En => format!("the ledger's {kind} {name}"),
    }
}

/// A signed checkpoint: "2026-12-03 签名时的签名检查点（审计记录 #354）".
fn checkpoint(l: Lang, at: &CheckpointAt) -> String {
    let when = at.signed_at.get(..10).unwrap_or(&at.signed_at);
    let why = match (l, at.occasion.as_str()) {
        (Lang::Zh, "report") => "打印报告时",
        (Lang::Zh, _) => "签名时",
        (Lang::En, "report") => "when a report was printed",
        (Lang::En, _) => "when the ledger was signed",
    };
    match l {
        Lang::Zh => format!("{when} {why}的签名检查点（审计记录 #{}）", at.seq),
        Lang::En => format!(
            "the checkpoint signed {why} on {when} (audit entry #{})",
            at.seq
        ),
    }
}

/// The record a finding is about, named from `record`.
fn named(l: Lang, data: &LedgerData, f: &Finding, record: &Snapshot) -> String {
    record_name(l, data, &f.table, record)
}

/// One finding of `verify`, as a sentence.
pub fn finding(l: Lang, data: &LedgerData, f: &Finding, ids: bool) -> String {
    use FindingKind::*;
    let zh = l.is_zh();
    let text = match &f.kind {
        SchemaAdded | SchemaChanged | SchemaRemoved => {
            let what = schema_object(l, &f.record_id);
            let how = match (&f.kind, zh) {
                (SchemaAdded, true) => "是在程序之外加上的",
                (SchemaChanged, true) => "在程序之外被改动过",
                (_, true) => "在程序之外被删除了",
                (SchemaAdded, false) => "was added behind the program's back",
                (SchemaChanged, false) => "was changed behind the program's back",
                (_, false) => "was removed behind the program's back",
            };
            match l {
                Lang::Zh => format!("{what}{how}"),
                Lang::En => format!("{what} {how}"),
            }
        }
        MissingParent { table, row, parent } => match l {
            Lang::Zh => format!(
                "{}第 {row} 行引用的{}不存在",
                table_name(l, table),
                table_name(l, parent)
            ),
            Lang::En => format!(
                "row {row} of the {}s refers to a {} that is not there",
                table_name(l, table),
                table_name(l, parent)
            ),
        },
        AuditNumberSkipped { expected } => match l {
            Lang::Zh => format!(
                "{}处应为第 {expected} 条：审计记录被删除或插入过",
                audit_entry(l, &f.record_id)
            ),
            Lang::En => format!(
                "{}: entry number {expected} expected: audit entries were deleted or inserted",
                audit_entry(l, &f.record_id)
            ),
        },
        AuditUnlinked => match l {
            Lang::Zh => format!(
                "{}与前一条衔接不上：审计链被截断过",
                audit_entry(l, &f.record_id)
            ),
            Lang::En => format!(
                "{} does not link to the entry before it: the chain was broken",
                audit_entry(l, &f.record_id)
            ),
        },
        AuditAltered {
            action: act, table, ..
        } => match l {
            Lang::Zh => format!(
                "{}（{}{}）写入后被改动过",
                audit_entry(l, &f.record_id),
                action(l, act),
                table_name(l, table)
            ),
            Lang::En => format!(
                "{} ({} {}) was altered after it was written",
                audit_entry(l, &f.record_id),
                action(l, act),
                table_name(l, table)
            ),
        },
        AuditCountDiffers { chain, recorded } => match l {
            Lang::Zh => {
                format!("审计链有 {chain} 条记录，台账却记着 {recorded} 条：审计记录被删除或添加过")
            }
            Lang::En => format!(
                "the audit chain has {chain} entries but the ledger recorded {recorded}: audit entries were removed or added"
            ),
        },
        Inserted { row } => match l {
            Lang::Zh => format!("{}不在审计记录中（在程序之外加入）", named(l, data, f, row)),
            Lang::En => format!(
                "{} was never recorded in the audit trail (inserted behind the program's back)",
                named(l, data, f, row)
            ),
        },
        Reappeared { row } => match l {
            Lang::Zh => format!(
                "{}按审计记录已删除，却又出现了（在程序之外恢复）",
                named(l, data, f, row)
            ),
            Lang::En => format!(
                "{} was deleted according to the audit trail but is present again",
                named(l, data, f, row)
            ),
        },
        Changed {
            audited,
            current,
            fields,
        } => {
            // Named as the audit trail last saw it: the change itself is what is in question.
            let name = named(l, data, f, audited);
            let what = field_changes(l, data, &f.table, fields, audited, current);
            match (l, fields.is_empty()) {
                (Lang::Zh, false) => format!("{name}在程序之外被改动：{what}"),
                (Lang::Zh, true) => format!("{name}的存储形式与审计记录不符（在程序之外被改动）"),
                (Lang::En, false) => {
                    format!("{name} was changed behind the program's back: {what}")
                }
                (Lang::En, true) => format!(
                    "{name} differs from its audited state in its stored form (changed behind the program's back)"
                ),
            }
        }
        Missing { audited } => match l {
            Lang::Zh => format!(
                "{}不见了，而审计记录从未删除它（在程序之外被删除）",
                named(l, data, f, audited)
            ),
            Lang::En => format!(
                "{} is missing although the audit trail never deleted it (deleted behind the program's back)",
                named(l, data, f, audited)
            ),
        },
        KeySwapped { recorded, audited } => {
            let none = l.pick("无", "none");
            match l {
                Lang::Zh => format!(
                    "台账的签名密钥（{}）不是审计记录中登记的密钥（{}）：密钥在程序之外被替换",
                    recorded.as_deref().unwrap_or(none),
                    audited.as_deref().unwrap_or(none)
                ),
                Lang::En => format!(
                    "the ledger's signing key ({}) is not the one its audit trail recorded ({}): it was swapped behind the program's back",
                    recorded.as_deref().unwrap_or(none),
                    audited.as_deref().unwrap_or(none)
                ),
            }
        }
        CheckpointForged { at } => match l {
            Lang::Zh => format!("{}的签名验证不通过：被伪造或改动过", checkpoint(l, at)),
            Lang::En => format!(
                "the signature of {} does not verify: it was forged or altered",
                checkpoint(l, at)
            ),
        },
        CheckpointOtherKey { at, key } => match l {
            Lang::Zh => format!("{}由密钥 {key} 签署，而不是台账的密钥", checkpoint(l, at)),
            Lang::En => format!(
                "{} was signed by key {key}, not by the ledger's key",
                checkpoint(l, at)
            ),
        },
        CheckpointRewritten { at } => match l {
            Lang::Zh => format!(
                "审计链与{}不再一致：审计记录 #{} 在签名后被改写",
                checkpoint(l, at),
                at.seq
            ),
            Lang::En => format!(
                "the audit chain no longer matches this signed checkpoint, {}: entry {} was rewritten after it was signed",
                checkpoint(l, at),
                at.seq
            ),
        },
        CheckpointUnreachable { at } => match l {
            Lang::Zh => format!("审计链已到不了{}：审计记录被删除过", checkpoint(l, at)),
            Lang::En => format!(
                "the audit chain no longer reaches {}: entries were removed",
                checkpoint(l, at)
            ),
        },
        KeyNotTheDepartments { ledger, department } => match l {
            Lang::Zh => format!(
                "台账登记的签名密钥是 {ledger}，而本机部门密钥是 {department}：台账中的密钥被替换，或这是另一个部门的台账"
            ),
            Lang::En => format!(
                "the ledger names signing key {ledger}, but the department's key here is {department}: the key in the ledger was swapped, or this is another department's ledger"
            ),
        },
        CheckpointRemoved { seq, signed_at } => match l {
            Lang::Zh => format!(
                "本部门密钥曾在审计记录 #{seq} 处签名（{}），台账在其后继续写入，却已没有这个检查点：检查点被删除过",
                signed_at.get(..10).unwrap_or(signed_at)
            ),
            Lang::En => format!(
                "this department's key signed a checkpoint at audit entry #{seq} ({}); the ledger went on past it but no longer holds it: checkpoints were removed",
                signed_at.get(..10).unwrap_or(signed_at)
            ),
        },
        CopiesDiverged {
            seq,
            signed_at,
            agree_to,
        } => match l {
            Lang::Zh => format!(
                "本部门密钥在 {} 签署了另一副本的第 {seq} 条，此文件的第 {seq} 条与之不同：两个副本自第 {agree_to} 条之后各自改动（不一定是篡改），请确定哪一份是正式台账",
                signed_at.get(..10).unwrap_or(signed_at)
            ),
            Lang::En => format!(
                "this department's key signed entry #{seq} of another copy on {}, and this file's entry #{seq} differs: the two copies went different ways after entry #{agree_to} (not necessarily tampering); decide which copy is the ledger of record",
                signed_at.get(..10).unwrap_or(signed_at)
            ),
        },
    };
    if ids {
        text + &id_suffix(&f.table, &f.record_id)
    } else {
        text
    }
}

/// A finding as a line of `verify`'s output.
pub fn finding_line(l: Lang, data: &LedgerData, f: &Finding, ids: bool) -> String {
    format!(
        "{}{}",
        l.pick("异常：", "CHANGED: "),
        finding(l, data, f, ids)
    )
}

/// A problem SQLite's integrity check reports (its own words, in English).
pub fn damaged_line(l: Lang, sqlite_says: &str) -> String {
    match l {
        Lang::Zh => format!("文件损坏（SQLite 报告）：{sqlite_says}"),
        Lang::En => format!("DAMAGED: {sqlite_says}"),
    }
}

/// The ledger's signing state: "签名密钥 71ca …；已签名检查点 2 个".
pub fn signing_state(l: Lang, key_id: Option<&str>, checkpoints: usize) -> String {
    match (l, key_id) {
        (Lang::Zh, Some(k)) => format!("签名密钥 {k}；已签名检查点 {checkpoints} 个"),
        (Lang::En, Some(k)) => format!("Signing key {k}; {checkpoints} signed checkpoint(s)"),
        (Lang::Zh, None) => "未签名：台账没有登记签名密钥".into(),
        (Lang::En, None) => "Not signed: the ledger names no signing key".into(),
    }
}

/// How much was checked.
pub fn checked(l: Lang, records: i64, entries: i64, head: &str) -> String {
    let head = &head[..16.min(head.len())];
    match l {
        Lang::Zh => format!("已核对 {records} 条记录和 {entries} 条审计记录；审计链末端 {head}"),
        Lang::En => {
            format!("Checked {records} records and {entries} audit entries; chain head {head}")
        }
    }
}

pub fn ledger_ok(l: Lang) -> &'static str {
    l.pick(
        "通过：台账与其审计记录一致。",
        "OK: the ledger matches its audit trail.",
    )
}

/// The conclusion when `verify` found problems.
pub fn ledger_damaged(l: Lang, problems: usize) -> String {
    match l {
        Lang::Zh => format!("台账与其审计记录不符：发现 {problems} 处问题（见上）。"),
        Lang::En => format!(
            "The ledger does not match its audit trail: {problems} problem(s) listed above."
        ),
    }
}

/// The next step when `verify` found problems.
pub fn restore_ledger(l: Lang, path: &str) -> String {
    match l {
        Lang::Zh => format!("请从改动之前的备份恢复台账，或查明是谁在程序之外改动了文件：{path}"),
        Lang::En => format!("Restore from a backup or investigate who changed the file: {path}"),
    }
}

/// A conclusion and its next step as one line ("…。请…" / "…. Restore …").
pub fn and_then(l: Lang, conclusion: &str, next_step: &str) -> String {
    match l {
        Lang::Zh => format!("{conclusion}{next_step}"),
        Lang::En => format!("{conclusion} {next_step}"),
    }
}

/// The ledger's `-wal` beside it could not be read (a read-only folder).
pub fn stale_wal(l: Lang, path: &str) -> String {
    match l {
        Lang::Zh => format!(
            "注意：台账所在的文件夹不可写，旁边 -wal 文件中最近的改动读不到，结果可能缺少这些改动。请把台账连同其 -wal 文件复制到可写的文件夹再检查：{path}"
        ),
        Lang::En => format!(
            "Note: the ledger's folder cannot be written, so the latest changes kept in its -wal file beside it could not be read; this view may be missing them. Copy the ledger together with its -wal file to a writable folder to see everything: {path}"
        ),
    }
}

/// A change written through the program since a report, from its audit entry: who, when, what
/// record, old → new, why.
pub fn change_since_report(l: Lang, data: &LedgerData, e: &AuditEntry, ids: bool) -> String {
    let parse = |v: &Option<String>| -> Snapshot {
        v.as_deref()
            .and_then(|s| serde_json::from_str::<Snapshot>(s).ok())
            .unwrap_or_default()
    };
    let (old, new) = (parse(&e.old_value), parse(&e.new_value));
    // A deleted record is named as it was; others as they are now.
    let name = record_name(
        l,
        data,
        &e.table_name,
        if e.action == "delete" { &old } else { &new },
    );
    let when = super::records::local_time(&e.at);
    let fields: Vec<String> = if e.action == "update" {
        e.changed_fields().into_iter().map(|(k, _, _)| k).collect()
    } else {
        Vec::new()
    };
    let what = field_changes(l, data, &e.table_name, &fields, &old, &new);
    let mut s = match l {
        Lang::Zh => format!(
            "报告之后的改动：{when} {} {}了{name}",
            e.operator,
            action(l, &e.action)
        ),
        Lang::En => format!(
            "CHANGED SINCE REPORT: {when} {} {} {name}",
            e.operator,
            action(l, &e.action)
        ),
    };
    if !what.is_empty() {
        s.push_str(l.pick("：", ": "));
        s.push_str(&what);
    }
    if !e.reason.is_empty() {
        match l {
            Lang::Zh => s.push_str(&format!("（原因：{}）", e.reason)),
            Lang::En => s.push_str(&format!(" (reason: {})", e.reason)),
        }
    }
    if ids {
        s.push_str(&format!(" [#{} {} {}]", e.seq, e.table_name, e.record_id));
    }
    s
}

/// What a printed report says about itself.
pub struct TokenText<'a> {
    pub fingerprint: &'a str,
    pub seq: i64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub as_of: NaiveDate,
    pub lang: Lang,
}

pub fn report_token(l: Lang, t: &TokenText<'_>) -> String {
    let period = match (l, t.from, t.to) {
        (Lang::Zh, None, None) => "自始至今".to_string(),
        (Lang::Zh, Some(f), None) => format!("{f} 至今"),
        (Lang::Zh, None, Some(to)) => format!("自始至 {to}"),
        (Lang::Zh, Some(f), Some(to)) => format!("{f} 至 {to}"),
        (Lang::En, f, to) => format!(
            "{} to {}",
            f.map_or_else(|| "start".to_string(), |d| d.to_string()),
            to.map_or_else(|| "date".to_string(), |d| d.to_string())
        ),
    };
    let lang = match (l, t.lang) {
        (Lang::Zh, Lang::Zh) => "中文",
        (Lang::Zh, Lang::En) => "英文",
        (Lang::En, other) => other.code(),
    };
    match l {
        Lang::Zh => format!(
            "报告：指纹 {}，审计记录 #{}，期间 {period}，截至 {}，{lang}",
            t.fingerprint, t.seq, t.as_of
        ),
        Lang::En => format!(
            "Report: fingerprint {}, audit entry {}, period {period}, as of {}, {lang}",
            t.fingerprint, t.seq, t.as_of
        ),
    }
}

/// An older copy of a ledger: the department's key signed a later state of it.
pub fn older_copy(l: Lang, signed_seq: i64, signed_at: &str, file_head: i64) -> String {
    let day = signed_at.get(..10).unwrap_or(signed_at);
    match l {
        Lang::Zh => format!(
            "这是较早的副本：本部门密钥在 {day} 签署了第 {signed_seq} 条，此文件止于第 {file_head} 条。较早的副本不是篡改；正式台账是签署过第 {signed_seq} 条的那一份。"
        ),
        Lang::En => format!(
            "This is an older copy: this department's key signed entry #{signed_seq} on {day}, and this file ends at entry #{file_head}. An older copy is not tampering; the ledger of record is the one that holds entry #{signed_seq}."
        ),
    }
}

pub fn ledger_now(l: Lang, fingerprint: &str) -> String {
    match l {
        Lang::Zh => format!("台账现在：指纹 {fingerprint}"),
        Lang::En => format!("Ledger now: fingerprint {fingerprint}"),
    }
}

/// Entries written after a report that change none of its figures, counted by kind: sign-ins,
/// account changes, and the rest (the ledger's own facts, such as its signing key).
pub fn unaffecting(
    l: Lang,
    sign_ins: usize,
    accounts: usize,
    other: usize,
    after_period: usize,
) -> String {
    let mut parts = Vec::new();
    match l {
        Lang::Zh => {
            if after_period > 0 {
                parts.push(format!("{after_period} 处报告期之后的记录改动"));
            }
            if sign_ins > 0 {
                parts.push(format!("{sign_ins} 条登录记录"));
            }
            if accounts > 0 {
                parts.push(format!("{accounts} 条账户变更"));
            }
            if other > 0 {
                parts.push(format!("{other} 条台账设置记录"));
            }
            format!("报告之后另有{}，不影响报告内容。", parts.join("、"))
        }
        Lang::En => {
            if after_period > 0 {
                parts.push(format!(
                    "{after_period} change(s) of records dated after the report's period"
                ));
            }
            if sign_ins > 0 {
                parts.push(format!("{sign_ins} sign-in(s)"));
            }
            if accounts > 0 {
                parts.push(format!("{accounts} account change(s)"));
            }
            if other > 0 {
                parts.push(format!("{other} change(s) of the ledger's settings"));
            }
            format!(
                "Since the report there were also {}: they change nothing the report shows.",
                parts.join(", ")
            )
        }
    }
}

/// What a report's signature says.
pub enum SignatureText<'a> {
    Unsigned,
    Valid(&'a str),
    Invalid,
    OtherKey(&'a str),
}

pub fn signature(l: Lang, s: &SignatureText<'_>) -> String {
    match (l, s) {
        (Lang::Zh, SignatureText::Unsigned) => "签名：无（未签名的报告）".into(),
        (Lang::En, SignatureText::Unsigned) => "Signature: none (an unsigned report)".into(),
        (Lang::Zh, SignatureText::Valid(id)) => format!("签名：有效，由台账的签名密钥 {id} 签署"),
        (Lang::En, SignatureText::Valid(id)) => {
            format!("Signature: valid, by the ledger's signing key {id}")
        }
        (Lang::Zh, SignatureText::Invalid) => "签名无效".into(),
        (Lang::En, SignatureText::Invalid) => "SIGNATURE INVALID".into(),
        (Lang::Zh, SignatureText::OtherKey(id)) => format!("由另一个密钥签署：{id}"),
        (Lang::En, SignatureText::OtherKey(id)) => format!("SIGNED BY ANOTHER KEY: {id}"),
    }
}

/// How a check of a printed report ended: the conclusion (stdout) and, when it failed, the one
/// next step (stderr, ending with the report's path).
pub enum ReportOutcomeText<'a> {
    Matches {
        upgraded: &'a [String],
    },
    MatchesEarlierLayout {
        upgraded: &'a [String],
        layout: u32,
    },
    MatchesFingerprint {
        upgraded: &'a [String],
    },
    SignatureInvalid,
    OtherKey {
        report: &'a str,
        ledger: &'a str,
    },
    HistoryDiffers {
        seq: i64,
    },
    CannotConfirm {
        creator: &'a str,
        this_version: &'a str,
    },
    PagesEdited,
    TokenEdited {
        seq: i64,
    },
    /// Records changed behind the program's back (`problems` listed above, with `changes`
    /// written through the program since the report).
    Damaged {
        problems: usize,
        changes: usize,
        ledger: &'a str,
    },
    /// The records still give the report's fingerprint, but the ledger fails its own check
    /// (`problems` listed above): its audit trail was edited behind the program's back.
    LedgerDamaged {
        problems: usize,
        ledger: &'a str,
    },
    /// `changes` written through the program since the report (listed above); the ledger is
    /// intact.
    Changed {
        changes: usize,
    },
}

fn upgraded_text(l: Lang, upgraded: &[String]) -> String {
    if upgraded.is_empty() {
        return String::new();
    }
    match l {
        Lang::Zh => format!(
            "此后台账结构升级过（{}），升级不改动记录。",
            upgraded.join("；")
        ),
        Lang::En => format!(
            " The ledger was upgraded since ({}); no record changed.",
            upgraded.join("; ")
        ),
    }
}

/// A schema upgrade's audit entry in words: "台账结构第 5 版（0005_origin），2026-12-02".
pub fn upgrade(l: Lang, version: i64, migration: &str, date: &str) -> String {
    match l {
        Lang::Zh => format!("{date} 升级到第 {version} 版 {migration}"),
        Lang::En => format!("schema version {version} ({migration}), {date}"),
    }
}

/// The conclusion line (stdout) and the next step (stderr, `None` when the report checks out).
pub fn report_outcome(l: Lang, o: &ReportOutcomeText<'_>, pdf: &str) -> (String, Option<String>) {
    use ReportOutcomeText::*;
    match (l, o) {
        (Lang::Zh, Matches { upgraded }) => (
            format!("通过：台账仍与报告相符。{}", upgraded_text(l, upgraded)),
            None,
        ),
        (Lang::En, Matches { upgraded }) => (
            format!(
                "OK: the ledger still matches the report.{}",
                upgraded_text(l, upgraded)
            ),
            None,
        ),
        (Lang::Zh, MatchesEarlierLayout { upgraded, layout }) => (
            format!(
                "台账仍与报告的指纹相符：报告打印后没有记录被改动。{}这份报告由较早的版本打印（页面版式 {layout}），其页面未逐页比对；如页面内容要紧，请与现在打印的报告对照。",
                upgraded_text(l, upgraded)
            ),
            None,
        ),
        (Lang::En, MatchesEarlierLayout { upgraded, layout }) => (
            format!(
                "The ledger still matches the report's fingerprint: no record changed since it was printed.{} The report was printed by an earlier version (page layout {layout}), so its pages were not compared; compare the paper with a report printed now if its pages matter.",
                upgraded_text(l, upgraded)
            ),
            None,
        ),
        (Lang::Zh, MatchesFingerprint { upgraded }) => (
            format!(
                "通过：台账仍与这份纸质报告的指纹相符，报告打印后没有记录被改动。{}（凭指纹核对，未比对 PDF 页面；如有 PDF，可用 --report 逐页核对。）",
                upgraded_text(l, upgraded)
            ),
            None,
        ),
        (Lang::En, MatchesFingerprint { upgraded }) => (
            format!(
                "OK: the ledger still matches this paper report's fingerprint; no record changed since it was printed.{} (Checked by fingerprint, without the PDF's pages; with the PDF, --report compares every page.)",
                upgraded_text(l, upgraded)
            ),
            None,
        ),
        (Lang::Zh, SignatureInvalid) => (
            "签名无效：报告的签名验证不通过，它被伪造或改动过。".into(),
            Some(format!("不要相信这份报告：{pdf}")),
        ),
        (Lang::En, SignatureInvalid) => (
            "SIGNATURE INVALID: the report's signature does not verify.".into(),
            Some(format!(
                "The report's signature does not verify: it was forged or altered. Do not trust this copy: {pdf}"
            )),
        ),
        (Lang::Zh, OtherKey { report, ledger }) => (
            format!(
                "报告由密钥 {report} 签署，而台账登记的是{}：台账的密钥被替换过，或这是另一个部门的报告。",
                if ledger.is_empty() {
                    "无密钥".to_string()
                } else {
                    format!("密钥 {ledger}")
                }
            ),
            Some(format!("查明原因之前不要相信这份报告：{pdf}")),
        ),
        (Lang::En, OtherKey { report, ledger }) => (
            format!(
                "SIGNED BY ANOTHER KEY: the report is signed by key {report}, but the ledger names {}.",
                if ledger.is_empty() { "no key" } else { ledger }
            ),
            Some(format!(
                "The report is signed by key {report}, but the ledger names {}: the ledger's key was swapped, or the report is another department's. Do not trust it until this is explained: {pdf}",
                if ledger.is_empty() { "no key" } else { ledger }
            )),
        ),
        (Lang::Zh, HistoryDiffers { seq }) => (
            format!(
                "审计历史不同：审计记录 #{seq} 不是报告所对应的那一条；报告不是从这份台账打印的，或审计记录被替换、改写过。"
            ),
            Some(format!(
                "请确认选对了台账和报告，然后不带 --report 运行 verify 检查台账：{pdf}"
            )),
        ),
        (Lang::En, HistoryDiffers { seq }) => (
            format!(
                "HISTORY DIFFERS: audit entry {seq} is not the one the report was tied to; the report was not printed from this ledger, or the audit trail was replaced or rewritten."
            ),
            Some(format!(
                "The report does not belong to this ledger as it is now: it was not printed from this ledger, or the ledger's audit history was rewritten since. Check that you chose the right ledger and report, then run `verify` without --report: {pdf}"
            )),
        ),
        (
            Lang::Zh,
            CannotConfirm {
                creator,
                this_version,
            },
        ) => (
            format!(
                "无法确认：指纹相符，但报告自称由{}打印，与本版本（{this_version}）为它打印的报告不同，其内容无法确认。",
                if creator.is_empty() {
                    "未知程序".to_string()
                } else {
                    format!("「{creator}」")
                }
            ),
            Some(format!(
                "请用打印它的版本检查，或从台账打印一份新报告：{pdf}"
            )),
        ),
        (
            Lang::En,
            CannotConfirm {
                creator,
                this_version,
            },
        ) => (
            "CANNOT CONFIRM: the fingerprint matches, but the PDF names another program or version as its printer and differs from the report this version prints for it, so what it shows cannot be confirmed.".into(),
            Some(format!(
                "Cannot confirm this report: it names {} as the program that printed it, and this version ({this_version}) cannot print it again byte for byte to compare everything it shows. Check it with the version that printed it, or print a new report from the ledger: {pdf}",
                if creator.is_empty() {
                    "no program".to_string()
                } else {
                    format!("\"{creator}\"")
                }
            )),
        ),
        (Lang::Zh, PagesEdited) => (
            "页面被改动：指纹相符，但 PDF 与台账为同一指纹打印的报告不同（页面、批注、图片、页面框或字体），它在打印后被编辑过，或是用别的记录打印的。".into(),
            Some(format!(
                "不要相信这份报告；请从台账打印一份新报告：{pdf}"
            )),
        ),
        (Lang::En, PagesEdited) => (
            "PAGES EDITED: the fingerprint matches, but the PDF differs from the report this ledger prints for it (pages, annotations, images, page boxes or fonts); it was edited after printing, or printed from other records.".into(),
            Some(format!(
                "The report's pages were edited after printing: they differ from the report this ledger prints for the same fingerprint. Do not trust this copy; print a new report from the ledger: {pdf}"
            )),
        ),
        (Lang::Zh, TokenEdited { seq }) => (
            format!(
                "指纹被改动：台账与其审计记录一致，审计记录 #{seq} 之后也没有任何改动，所以是报告上的指纹在打印后被改过（或报告出自别的程序）。"
            ),
            Some(format!(
                "不要相信这份报告；请从台账打印一份新报告：{pdf}"
            )),
        ),
        (Lang::En, TokenEdited { seq }) => (
            format!(
                "FINGERPRINT EDITED: the ledger matches its audit trail and nothing changed since audit entry {seq}, so the report's fingerprint was edited after printing."
            ),
            Some(format!(
                "The report's fingerprint was edited (or the report was made by a different program): the ledger matches its audit trail and nothing was written since the report, yet the fingerprint differs. Do not trust this copy; print a new report from the ledger: {pdf}"
            )),
        ),
        (
            Lang::Zh,
            Damaged {
                problems,
                changes,
                ledger,
            },
        ) => (
            format!(
                "台账已与报告不符：有记录在程序之外被改动（{problems} 处，见上）{}。在台账恢复之前，它既不能证明这份报告，也打印不出新报告。",
                if *changes > 0 {
                    format!("，报告之后另有 {changes} 处经程序的改动")
                } else {
                    String::new()
                }
            ),
            Some(restore_ledger(l, ledger)),
        ),
        (
            Lang::En,
            Damaged {
                problems,
                changes,
                ledger,
            },
        ) => (
            format!(
                "The ledger no longer matches the report: records were changed behind the program's back ({problems} problem(s), listed above){}. Until the ledger is restored it can vouch neither for this report nor for a new one.",
                if *changes > 0 {
                    format!(", besides {changes} change(s) made through the program since the report")
                } else {
                    String::new()
                }
            ),
            Some(restore_ledger(l, ledger)),
        ),
        (Lang::Zh, LedgerDamaged { problems, ledger }) => (
            format!(
                "台账已损坏：报告的指纹仍与台账的记录相符，但台账本身的检查不通过（{problems} 处，见上），它的审计记录或文件在程序之外被改动过。在台账恢复之前，它不能为这份报告作证，也打印不出新报告。"
            ),
            Some(restore_ledger(l, ledger)),
        ),
        (Lang::En, LedgerDamaged { problems, ledger }) => (
            format!(
                "LEDGER DAMAGED: the report's fingerprint still matches the ledger's records, but the ledger fails its own check ({problems} problem(s), listed above): its audit trail or file was changed behind the program's back. Until the ledger is restored it can vouch neither for this report nor for a new one."
            ),
            Some(restore_ledger(l, ledger)),
        ),
        (Lang::Zh, Changed { changes }) => (
            format!(
                "台账已与报告不符：报告打印之后经程序改动了 {changes} 处（见上），台账本身完好。"
            ),
            Some(format!(
                "这份报告已过时。核对上列改动无误后，请打印一份新报告：{pdf}"
            )),
        ),
        (Lang::En, Changed { changes }) => (
            format!(
                "The ledger no longer matches the report: {changes} change(s) were made through the program since it was printed (listed above); the ledger itself is intact."
            ),
            Some(format!(
                "This report is out of date. Check the changes listed above, then print a new report: {pdf}"
            )),
        ),
    }
}
