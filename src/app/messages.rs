//! Messages about application things (ledger, file, import and report errors) in one language:
//! what happened, what to do, the path last. The window and the command line both say their
//! errors with these (one table), so `verify` aborted before checking speaks `--lang` as the rest
//! of its output does. They live here, not in `i18n`, which depends on `domain` only.

use super::report::ReportFileError;
use super::{AppError, StoreError};
use crate::i18n::Lang;
use crate::i18n::ui::table_name;
use crate::report::ReportError;

/// The role's name.
pub fn role(l: Lang, r: super::Role) -> &'static str {
    use super::Role;
    match r {
        Role::Department => l.pick("环保部门", "Environmental department"),
        Role::Contractor => l.pick("施工单位", "Contractor"),
        Role::Auditor => l.pick("审计/检查", "Auditor"),
    }
}

/// A ledger error in `l`: what happened, what to do, the path last.
pub fn store_error(l: Lang, e: &StoreError) -> String {
    if l == Lang::En {
        return e.to_string();
    }
    match e {
        StoreError::Missing(p) => {
            format!("台账文件不存在。请检查文件名，或新建台账：{}", p.display())
        }
        StoreError::AlreadyExists(p) => {
            format!("该位置已有文件，不会覆盖。请换一个文件名：{}", p.display())
        }
        StoreError::MissingFolder(p) => format!(
            "台账所在的文件夹不存在。请先建立文件夹，或换一个位置：{}",
            p.display()
        ),
        StoreError::NotALedger { path, why } => format!(
            "这不是生态修复台账文件（{}）。请打开本程序生成的 .ledger 文件：{}",
            store_detail(why),
            path.display()
        ),
        StoreError::Damaged { path, detail } => format!(
            "台账文件已损坏（{}），未作任何改动。请从备份副本恢复：{}",
            store_detail(detail),
            path.display()
        ),
        StoreError::NewerVersion {
            path,
            found,
            supported,
        } => format!(
            "台账由更新版本的程序写入（结构版本 {found}，本程序最高支持 {supported}），未作任何改动。请升级程序后再打开：{}",
            path.display()
        ),
        StoreError::Busy(p) => format!(
            "台账正被其他程序或用户使用，锁定时间过长。请稍后再试：{}",
            p.display()
        ),
        StoreError::ReadOnly(p) => format!(
            "台账以只读方式打开，不能修改。请以有编辑权限的角色打开：{}",
            p.display()
        ),
        StoreError::DiskFull(p) => format!(
            "磁盘已满，修改未能保存；未写入任何内容，台账保持原样。请清理磁盘空间（或另存到其他位置）后重试：{}",
            p.display()
        ),
        StoreError::PathTooLong(len, p) => format!(
            "路径长度为 {len} 字节，超过台账路径允许的 {} 字节。请把台账移到路径较短的文件夹，或改用较短的文件名：{}",
            crate::app::MAX_PATH_BYTES,
            p.display()
        ),
        StoreError::NotWritable(p) => format!(
            "台账文件无法写入（权限不足或只读介质）。请复制到可写的位置，或以只读方式打开：{}",
            p.display()
        ),
        StoreError::Conflict {
            table,
            id,
            expected,
            found,
        } => format!(
            "{}记录 {id} 已被他人修改（应为第 {expected} 版，实为第 {found} 版），已重新读取。请再改一次。",
            table_name(l, table)
        ),
        StoreError::RecordMissing { table, id } => format!(
            "{}记录 {id} 不存在（可能已被删除）。请刷新列表。",
            table_name(l, table)
        ),
        StoreError::ReasonRequired { table } => format!(
            "修改或删除已审核/已验证的{}记录需填写原因。请填写后重试。",
            table_name(l, table)
        ),
        StoreError::Constraint(detail) => {
            format!("修改违反台账规则（{detail}）。请改正数值后重试。")
        }
        StoreError::Io { path, source } => {
            format!("无法读写台账文件（{source}）：{}", path.display())
        }
        StoreError::Abandoned => "修改已放弃，未写入任何内容，台账保持原样。".to_string(),
        StoreError::Sqlite(err) => format!("数据库错误：{err}"),
        StoreError::Decode(detail) => {
            format!(
                "有一条记录无法读取（{detail}），它在程序之外被改动过。请对台账运行 `verify` 查看是哪些记录，并从备份副本恢复台账。"
            )
        }
    }
}

/// Why a file is not a ledger, or how it is damaged, in Chinese: the store's own reasons (a fixed
/// few); SQLite's words about a damaged file stay as SQLite said them, in brackets.
fn store_detail(detail: &str) -> String {
    const SAID: [(&str, &str); 6] = [
        (
            "it is a SQLite database of another program",
            "它是其他程序的 SQLite 数据库",
        ),
        ("it is not a SQLite database", "它不是 SQLite 数据库"),
        ("not a SQLite database", "它不是 SQLite 数据库"),
        ("it is a folder", "它是一个文件夹"),
        ("the file is empty", "文件是空的"),
        ("the file is truncated", "文件被截断了"),
    ];
    for (en, zh) in SAID {
        if let Some(rest) = detail.strip_prefix(en) {
            // "the file is truncated: 4096 bytes of 8192 expected"
            return match rest
                .strip_prefix(": ")
                .and_then(|r| r.split_once(" bytes of "))
            {
                Some((have, want)) => format!(
                    "{zh}：只有 {have} 字节，应有 {} 字节",
                    want.trim_end_matches(" expected")
                ),
                None => format!("{zh}{rest}"),
            };
        }
    }
    detail.to_string()
}

/// How many problems of a refused file are listed one by one; the rest are counted.
const LISTED_PROBLEMS: usize = 12;

/// A refused exchange file in `l`: what happened and what to do first, then the
/// first problems with their paths, the rest counted.
fn import_error(l: Lang, issues: &[crate::app::ImportIssue]) -> String {
    let mut out = match l {
        Lang::Zh => format!(
            "文件未导入：发现 {} 个问题，台账未作任何改动。请改正文件后重新导入。",
            issues.len()
        ),
        Lang::En => format!(
            "The file was not imported: {} problem{} found. Nothing was written. Correct the file and import it again.",
            issues.len(),
            if issues.len() == 1 { "" } else { "s" }
        ),
    };
    for i in issues.iter().take(LISTED_PROBLEMS) {
        out.push_str(&format!("\n{}: {}", i.path, i.message));
    }
    if issues.len() > LISTED_PROBLEMS {
        out.push('\n');
        out.push_str(&match l {
            Lang::Zh => format!("……另有 {} 个问题。", issues.len() - LISTED_PROBLEMS),
            Lang::En => format!("… and {} more.", issues.len() - LISTED_PROBLEMS),
        });
    }
    out
}

/// An application error in `l`, with the path last.
pub fn app_error(l: Lang, e: &AppError) -> String {
    match (l, e) {
        (_, AppError::Store(s)) => store_error(l, s),
        (Lang::Zh, AppError::Read { path, source }) => format!(
            "无法读取文件（{source}）。请确认文件存在且可读：{}",
            path.display()
        ),
        (Lang::Zh, AppError::Write { path, source }) => format!(
            "无法写入文件（{source}）。请确认文件夹存在且可写：{}",
            path.display()
        ),
        (Lang::Zh, AppError::PackageAltered { path, why }) => format!(
            "外业包校验未通过（{why}）：包在生成后被改动过，未合并任何内容。请施工单位重新发送外业包：{}",
            path.display()
        ),
        (Lang::Zh, AppError::PackageOfAnotherLedger { path, of, office }) => format!(
            "该外业包由另一本台账（{of}）生成，不是本台账（{office}），未合并任何内容。请合并到生成它的台账：{}",
            path.display()
        ),
        (Lang::Zh, AppError::NotAPackage(p)) => format!(
            "这不是外业包。请只合并用“为施工单位生成外业包”生成的文件；导出的 JSON 请用导入：{}",
            p.display()
        ),
        (Lang::Zh, AppError::NoContractorAccount { path, company }) => format!(
            "台账中没有“{company}”的有效施工单位账号，外业包无人能登录。请先为该单位人员建账号，再生成外业包：{}",
            path.display()
        ),
        (Lang::Zh, AppError::OnlyDepartmentResolves) => {
            "只有环保部门可以处理合并冲突，未作任何改动。请由环保部门人员处理。".to_string()
        }
        (Lang::Zh, AppError::ConflictMissing(id)) => {
            format!("台账中没有合并冲突 {id}。请重新打开合并冲突列表。")
        }
        (Lang::Zh, AppError::ConflictAlreadyResolved(id)) => {
            format!("合并冲突 {id} 已处理过，未作任何改动。")
        }
        (Lang::Zh, AppError::ConflictRecordGone { table, id }) => format!(
            "冲突涉及的{}记录 {id} 已不在台账中，无法用外业包版本替换；请选择两者都保留或保留台账版本。",
            table_name(l, table)
        ),
        (Lang::Zh, AppError::BothOnlyForEntries) => {
            "“两者都保留”会新增一条记录，只用于管护记录；请采用外业包版本或保留台账版本。"
                .to_string()
        }
        (Lang::Zh, AppError::TheirsInvalid { faults }) => format!(
            "外业包版本不能保存：{}。请保留台账版本，或两者都保留后再改正。",
            faults
                .iter()
                .map(|i| crate::i18n::ui::invalid(l, i))
                .collect::<Vec<_>>()
                .join("；")
        ),
        (Lang::Zh, AppError::NotAReceipt(p)) => format!(
            "这不是合并回执。请打开环保部门发回的“外业包名.receipt.json”：{}",
            p.display()
        ),
        (Lang::Zh, AppError::ReceiptOfAnotherPackage(p)) => format!(
            "这份回执属于另一个外业包，不是当前打开的外业包。请打开本外业包的回执：{}",
            p.display()
        ),
        (Lang::Zh, AppError::Exists(p)) => {
            format!("该位置已有文件，不会覆盖。请换一个文件名：{}", p.display())
        }
        (Lang::Zh, AppError::IsAFolder(p)) => format!(
            "这是一个文件夹，不是文件名。请在其中加上文件名，例如 export.json：{}",
            p.display()
        ),
        (Lang::Zh, AppError::Symlink(p)) => format!(
            "该名称是一个符号链接：写入会替换它所指向的文件。请选择真实的文件，或换一个名称：{}",
            p.display()
        ),
        (Lang::Zh, AppError::DiskFull(p)) => format!(
            "磁盘已满，文件未能写入，也没有留下写了一半的文件。请清理磁盘空间，或换一个磁盘：{}",
            p.display()
        ),
        (_, AppError::Refused(r)) => r.say(l),
        (_, AppError::Import(e)) => import_error(l, &e.issues),
        (_, AppError::Report(e)) => report_file_error(l, e),
        (_, AppError::SheetRefused(issues)) => {
            let lines = crate::app::sheets::issue_lines(issues, l);
            let head = match l {
                Lang::Zh => format!(
                    "表格未导入，台账未作任何改动。请改正以下 {} 处问题后重新导入：",
                    lines.len()
                ),
                Lang::En => format!(
                    "The spreadsheet was not imported; nothing was written. Correct these {} problem(s) and import again:",
                    lines.len()
                ),
            };
            std::iter::once(head)
                .chain(lines.into_iter().take(12))
                .collect::<Vec<_>>()
                .join("\n")
        }
        (Lang::En, other) => other.to_string(),
    }
}

/// A report that could not be printed or checked, in `l`: what happened, what to do, the path
/// last.
pub fn report_file_error(l: Lang, e: &ReportFileError) -> String {
    let zh = |text: &str, path: &std::path::Path| format!("{text}：{}", path.display());
    match (l, e) {
        (_, ReportFileError::Store(s)) => store_error(l, s),
        (_, ReportFileError::File(a)) => app_error(l, a),
        (Lang::En, other) => other.to_string(),
        (Lang::Zh, ReportFileError::Report(ReportError::Font)) => {
            "无法读取程序自带的报告字体。请重新安装本程序。".to_string()
        }
        (Lang::Zh, ReportFileError::Report(ReportError::EmptyPeriod { from, to })) => {
            format!("报告期间为空：起始日期 --from {from} 晚于截止日期 --to {to}。请交换两个日期。")
        }
        (Lang::Zh, ReportFileError::Write { path, source }) => format!(
            "无法写入报告（{source}）。请确认文件夹存在且可写：{}",
            path.display()
        ),
        (Lang::Zh, ReportFileError::Read { path, source }) => format!(
            "无法读取报告（{source}）。请确认文件存在且可读：{}",
            path.display()
        ),
        (Lang::Zh, ReportFileError::Cancelled(p)) => zh("已取消打印，没有写入报告", p),
        (Lang::Zh, ReportFileError::WouldOverwriteLedger(p)) => {
            zh("报告会覆盖打印它的台账。请为报告另取一个文件名", p)
        }
        (Lang::Zh, ReportFileError::NotAPdf(p)) => zh(
            "该位置已有一个不是 PDF 的文件，未作改动。请为报告另取一个文件名",
            p,
        ),
        (Lang::Zh, ReportFileError::NoToken(p)) => zh(
            "这份 PDF 没有生态修复台账的指纹，无法核对。请使用本程序打印的报告",
            p,
        ),
        (Lang::Zh, ReportFileError::NotAPdfReport(p)) => zh(
            "这个文件不是 PDF，不是打印出的报告。请选择 report 命令生成的 PDF",
            p,
        ),
        (Lang::Zh, ReportFileError::Truncated(p)) => zh(
            "这份 PDF 不完整（复制或保存时被截断），无法核对。请使用报告的完整副本",
            p,
        ),
        (Lang::Zh, ReportFileError::ChangedAfterPrinting(p)) => zh(
            "这份 PDF 在打印后被其他程序再次保存过，它显示的内容可能与打印时不同。请使用原始报告，或打印一份新报告",
            p,
        ),
        (Lang::Zh, ReportFileError::DamagedToken(p)) => zh(
            "报告的指纹已损坏或被改动（无法读出），这份报告不可信。请使用原始报告，或打印一份新报告",
            p,
        ),
        (Lang::Zh, ReportFileError::BadFingerprint(given)) => format!(
            "「{given}」不是报告指纹。请输入任一页页脚的 16 位指纹，或最后一页的 64 位完整指纹。"
        ),
        (
            Lang::Zh,
            ReportFileError::UnknownFingerprint {
                fingerprint,
                ledger,
            },
        ) => format!(
            "部门电脑从这个台账打印的报告中，没有指纹为 {fingerprint} 的报告。请核对数字，或用 --report 核对这份报告的 PDF：{}",
            ledger.display()
        ),
        (Lang::Zh, ReportFileError::NoQrCode(p)) => zh(
            "图片中读不出报告的二维码。请把页脚（或最后一页）拍正、拍清楚，或用 --fingerprint 输入页脚的指纹",
            p,
        ),
        (Lang::Zh, ReportFileError::NoFolder(p)) => {
            zh("报告所在的文件夹不存在。请先建立文件夹，或换一个文件夹", p)
        }
        (Lang::Zh, ReportFileError::IsAFolder(p)) => zh(
            "这是一个文件夹，不是文件名。请加上报告的文件名，例如 report.pdf",
            p,
        ),
        (
            Lang::Zh,
            ReportFileError::LedgerAltered {
                path,
                problems,
                first,
            },
        ) => format!(
            "台账与其审计记录不符（{problems} 处问题，第一处：{first}），打印出的报告会为在程序之外改动的记录作证，因此没有写入报告。请对台账运行 verify，并从备份恢复：{}",
            path.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn why_a_file_is_not_a_ledger_is_said_in_chinese() {
        let p = PathBuf::from("/数据/x.ledger");
        let zh = store_error(
            Lang::Zh,
            &StoreError::Damaged {
                path: p.clone(),
                detail: "the file is truncated: 4096 bytes of 8192 expected".into(),
            },
        );
        assert!(
            zh.contains("文件被截断了：只有 4096 字节，应有 8192 字节"),
            "{zh}"
        );
        let zh = store_error(
            Lang::Zh,
            &StoreError::NotALedger {
                path: p,
                why: "it is not a SQLite database".into(),
            },
        );
        assert!(zh.contains("（它不是 SQLite 数据库）"), "{zh}");
    }

    #[test]
    fn report_file_errors_are_chinese_and_end_with_the_path() {
        let p = PathBuf::from("/data/报告.pdf");
        for e in [
            ReportFileError::NoToken(p.clone()),
            ReportFileError::NotAPdfReport(p.clone()),
            ReportFileError::Truncated(p.clone()),
            ReportFileError::ChangedAfterPrinting(p.clone()),
            ReportFileError::DamagedToken(p.clone()),
            ReportFileError::IsAFolder(p.clone()),
            ReportFileError::Store(StoreError::Missing(p.clone())),
        ] {
            let zh = report_file_error(Lang::Zh, &e);
            assert!(zh.ends_with("/data/报告.pdf"), "{zh}");
            assert!(!zh.contains("the "), "{zh}");
            assert_eq!(report_file_error(Lang::En, &e), e.to_string());
        }
        // The window's print errors keep their type until they are said.
        let e = AppError::Report(Box::new(ReportFileError::NoFolder(p.clone())));
        assert!(app_error(Lang::Zh, &e).starts_with("报告所在的文件夹不存在"));
    }
}
