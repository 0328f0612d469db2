//! The window's messages about application things (roles, ledger and file errors) in the
//! window's language. They live here, not in `i18n`, which depends on `domain` only.

use crate::app::photo::PhotoError;
use crate::app::{AppError, Role, StoreError};
use crate::i18n::Lang;
use crate::i18n::ui::{failed, table_name};

/// The role's name.
pub fn role(l: Lang, r: Role) -> &'static str {
    match r {
        Role::Department => l.pick("环保部门", "Environmental department"),
        Role::Contractor => l.pick("施工单位", "Contractor"),
        Role::Auditor => l.pick("审计/检查", "Auditor"),
    }
}

/// What the role may do, one line.
pub fn role_hint(l: Lang, r: Role) -> &'static str {
    match r {
        Role::Department => l.pick("可进行全部操作", "may do everything"),
        Role::Contractor => l.pick(
            "可新增管护记录和照片,只能修改自己待审核的记录",
            "adds after-care entries and photos, edits only own pending entries",
        ),
        Role::Auditor => l.pick(
            "只读,台账以只读方式打开",
            "read-only; the file is opened read-only",
        ),
    }
}

/// A ledger error in the window's language: what happened, what to do, the path last.
pub fn store_error(l: Lang, e: &StoreError) -> String {
    if l == Lang::En {
        return e.to_string();
    }
    match e {
        StoreError::Missing(p) => {
            format!("台账文件不存在。请检查文件名,或新建台账: {}", p.display())
        }
        StoreError::AlreadyExists(p) => {
            format!("该位置已有文件,不会覆盖。请换一个文件名: {}", p.display())
        }
        StoreError::MissingFolder(p) => format!(
            "台账所在的文件夹不存在。请先建立文件夹,或换一个位置: {}",
            p.display()
        ),
        StoreError::NotALedger { path, why } => format!(
            "这不是生态修复台账文件({why})。请打开本程序生成的 .ledger 文件: {}",
            path.display()
        ),
        StoreError::Damaged { path, detail } => format!(
            "台账文件已损坏({detail}),未作任何改动。请从备份副本恢复: {}",
            path.display()
        ),
        StoreError::NewerVersion {
            path,
            found,
            supported,
        } => format!(
            "台账由更新版本的程序写入(结构版本 {found},本程序最高支持 {supported}),未作任何改动。请升级程序后再打开: {}",
            path.display()
        ),
        StoreError::Busy(p) => format!(
            "台账正被其他程序或用户使用,锁定时间过长。请稍后再试: {}",
            p.display()
        ),
        StoreError::ReadOnly(p) => format!(
            "台账以只读方式打开,不能修改。请以有编辑权限的角色打开: {}",
            p.display()
        ),
        StoreError::DiskFull(p) => format!(
            "磁盘已满,修改未能保存;未写入任何内容,台账保持原样。请清理磁盘空间(或另存到其他位置)后重试: {}",
            p.display()
        ),
        StoreError::PathTooLong(len, p) => format!(
            "路径长度为 {len} 字节,超过台账路径允许的 {} 字节。请把台账移到路径较短的文件夹,或改用较短的文件名: {}",
            crate::app::MAX_PATH_BYTES,
            p.display()
        ),
        StoreError::NotWritable(p) => format!(
            "台账文件无法写入(权限不足或只读介质)。请复制到可写的位置,或以只读方式打开: {}",
            p.display()
        ),
        StoreError::Conflict {
            table,
            id,
            expected,
            found,
        } => format!(
            "{}记录 {id} 已被他人修改(应为第 {expected} 版,实为第 {found} 版),已重新读取。请再改一次。",
            table_name(l, table)
        ),
        StoreError::RecordMissing { table, id } => format!(
            "{}记录 {id} 不存在(可能已被删除)。请刷新列表。",
            table_name(l, table)
        ),
        StoreError::ReasonRequired { table } => format!(
            "修改或删除已审核/已验证的{}记录需填写原因。请填写后重试。",
            table_name(l, table)
        ),
        StoreError::Constraint(detail) => {
            format!("修改违反台账规则({detail})。请改正数值后重试。")
        }
        StoreError::Io { path, source } => {
            format!("无法读写台账文件({source}): {}", path.display())
        }
        StoreError::Abandoned => "修改已放弃,未写入任何内容,台账保持原样。".to_string(),
        StoreError::Sqlite(err) => format!("数据库错误: {err}"),
        StoreError::Decode(detail) => {
            format!("有一条记录无法读取({detail})。请对台账运行 `verify` 检查。")
        }
    }
}

/// A refused photo in the window's language, naming the file.
pub fn photo_error(l: Lang, e: &PhotoError) -> String {
    match (l, e) {
        (Lang::Zh, PhotoError::NotAPicture(name)) => {
            format!("\"{name}\" 不是 JPEG 或 PNG 图片。请选择 .jpg 或 .png 格式的照片。")
        }
        (Lang::Zh, PhotoError::TooLarge { name, size, max }) => {
            format!("\"{name}\" 大小为 {size} MB,照片最大 {max} MB。请缩小照片后重新添加。")
        }
        (Lang::Zh, PhotoError::FromTheFuture { name, at }) => {
            format!(
                "\"{name}\" 的拍摄时间为 {at}(相机时钟),晚于现在。请检查相机的日期和时间后重新添加。"
            )
        }
        (Lang::En, e) => e.to_string(),
    }
}

/// How many problems of a refused file are listed one by one; the rest are counted.
const LISTED_PROBLEMS: usize = 12;

/// A refused exchange file in the window's language: what happened and what to do first, then the
/// first problems with their paths, the rest counted.
fn import_error(l: Lang, issues: &[crate::app::ImportIssue]) -> String {
    let mut out = match l {
        Lang::Zh => format!(
            "文件未导入:发现 {} 个问题,台账未作任何改动。请改正文件后重新导入。",
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

/// An application error in the window's language, with the path last.
pub fn app_error(l: Lang, e: &AppError) -> String {
    match (l, e) {
        (_, AppError::Store(s)) => store_error(l, s),
        (Lang::Zh, AppError::Read { path, source }) => format!(
            "无法读取文件({source})。请确认文件存在且可读: {}",
            path.display()
        ),
        (Lang::Zh, AppError::Write { path, source }) => format!(
            "无法写入文件({source})。请确认文件夹存在且可写: {}",
            path.display()
        ),
        (Lang::Zh, AppError::PackageAltered { path, why }) => format!(
            "外业包校验未通过({why}):包在生成后被改动过,未合并任何内容。请施工单位重新发送外业包: {}",
            path.display()
        ),
        (Lang::Zh, AppError::PackageOfAnotherLedger { path, of, office }) => format!(
            "该外业包由另一本台账({of})生成,不是本台账({office}),未合并任何内容。请合并到生成它的台账: {}",
            path.display()
        ),
        (Lang::Zh, AppError::NotAPackage(p)) => format!(
            "这不是外业包。请只合并用“为施工单位生成外业包”生成的文件;导出的 JSON 请用导入: {}",
            p.display()
        ),
        (Lang::Zh, AppError::NoContractorAccount { path, company }) => format!(
            "台账中没有“{company}”的有效施工单位账号,外业包无人能登录。请先为该单位人员建账号,再生成外业包: {}",
            path.display()
        ),
        (Lang::Zh, AppError::OnlyDepartmentResolves) => {
            "只有环保部门可以处理合并冲突,未作任何改动。请由环保部门人员处理。".to_string()
        }
        (Lang::Zh, AppError::ConflictMissing(id)) => {
            format!("台账中没有合并冲突 {id}。请重新打开合并冲突列表。")
        }
        (Lang::Zh, AppError::ConflictAlreadyResolved(id)) => {
            format!("合并冲突 {id} 已处理过,未作任何改动。")
        }
        (Lang::Zh, AppError::ConflictRecordGone { table, id }) => format!(
            "冲突涉及的{}记录 {id} 已不在台账中,无法用外业包版本替换;请选择两者都保留或保留台账版本。",
            table_name(l, table)
        ),
        (Lang::Zh, AppError::BothOnlyForEntries) => {
            "“两者都保留”会新增一条记录,只用于管护记录;请采用外业包版本或保留台账版本。".to_string()
        }
        (Lang::Zh, AppError::TheirsInvalid { faults }) => format!(
            "外业包版本不能保存:{}。请保留台账版本,或两者都保留后再改正。",
            faults
                .iter()
                .map(|i| crate::i18n::ui::invalid(l, i))
                .collect::<Vec<_>>()
                .join(";")
        ),
        (Lang::Zh, AppError::NotAReceipt(p)) => format!(
            "这不是合并回执。请打开环保部门发回的“外业包名.receipt.json”: {}",
            p.display()
        ),
        (Lang::Zh, AppError::ReceiptOfAnotherPackage(p)) => format!(
            "这份回执属于另一个外业包,不是当前打开的外业包。请打开本外业包的回执: {}",
            p.display()
        ),
        (Lang::Zh, AppError::Exists(p)) => {
            format!("该位置已有文件,不会覆盖。请换一个文件名: {}", p.display())
        }
        (Lang::Zh, AppError::IsAFolder(p)) => format!(
            "这是一个文件夹,不是文件名。请在其中加上文件名,例如 export.json: {}",
            p.display()
        ),
        (Lang::Zh, AppError::Symlink(p)) => format!(
            "该名称是一个符号链接:写入会替换它所指向的文件。请选择真实的文件,或换一个名称: {}",
            p.display()
        ),
        (Lang::Zh, AppError::DiskFull(p)) => format!(
            "磁盘已满,文件未能写入,也没有留下写了一半的文件。请清理磁盘空间,或换一个磁盘: {}",
            p.display()
        ),
        (_, AppError::Import(e)) => import_error(l, &e.issues),
        (_, AppError::SheetRefused(issues)) => {
            let lines = crate::app::sheets::issue_lines(issues, l);
            let head = match l {
                Lang::Zh => format!(
                    "表格未导入,台账未作任何改动。请改正以下 {} 处问题后重新导入:",
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
        (Lang::Zh, other) => failed(l, &other.to_string()),
        (Lang::En, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn store_errors_are_chinese_and_keep_the_path() {
        let p = PathBuf::from("/data/华阳.ledger");
        for e in [
            StoreError::Busy(p.clone()),
            StoreError::ReadOnly(p.clone()),
            StoreError::Missing(p.clone()),
            StoreError::NotALedger {
                path: p.clone(),
                why: "no header".into(),
            },
            StoreError::NewerVersion {
                path: p.clone(),
                found: 9,
                supported: 3,
            },
        ] {
            let zh = store_error(Lang::Zh, &e);
            assert!(zh.ends_with("/data/华阳.ledger"), "{zh}");
            assert!(!zh.contains("ledger is"), "{zh}");
            assert_eq!(store_error(Lang::En, &e), e.to_string());
        }
        let conflict = StoreError::Conflict {
            table: "works",
            id: "abc".into(),
            expected: 2,
            found: 3,
        };
        let zh = store_error(Lang::Zh, &conflict);
        assert!(zh.starts_with("工程量记录 abc"), "{zh}");
    }

    #[test]
    fn a_refused_photo_is_named_in_chinese() {
        let e = PhotoError::NotAPicture("notes.jpg".into());
        assert!(photo_error(Lang::Zh, &e).starts_with("\"notes.jpg\" 不是 JPEG 或 PNG 图片"));
        assert_eq!(photo_error(Lang::En, &e), e.to_string());
    }
}
