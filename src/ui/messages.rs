//! The window's messages about application things (roles, photos) in the window's language.
//! They live here, not in `i18n`, which depends on `domain` only. Ledger, file and report errors
//! are said by [`crate::app::messages`], which the command line shares.

use crate::app::Role;
pub use crate::app::messages::{app_error, report_file_error, role, store_error};
use crate::app::photo::PhotoError;
use crate::i18n::Lang;

/// What the role may do, one line.
pub fn role_hint(l: Lang, r: Role) -> &'static str {
    match r {
        Role::Department => l.pick("可进行全部操作", "may do everything"),
        Role::Contractor => l.pick(
            "可新增管护记录和照片，只能修改自己待审核的记录",
            "adds after-care entries and photos, edits only own pending entries",
        ),
        Role::Auditor => l.pick(
            "只读，台账以只读方式打开",
            "read-only; the file is opened read-only",
        ),
    }
}

/// A refused photo in the window's language, naming the file.
pub fn photo_error(l: Lang, e: &PhotoError) -> String {
    match (l, e) {
        (Lang::Zh, PhotoError::NotAPicture(name)) => {
            format!("\"{name}\" 不是 JPEG 或 PNG 图片。请选择 .jpg 或 .png 格式的照片。")
        }
        (Lang::Zh, PhotoError::TooLarge { name, size, max }) => {
            format!("\"{name}\" 大小为 {size} MB，照片最大 {max} MB。请缩小照片后重新添加。")
        }
        (Lang::Zh, PhotoError::FromTheFuture { name, at }) => {
            format!(
                "\"{name}\" 的拍摄时间为 {at}（相机时钟），晚于现在。请检查相机的日期和时间后重新添加。"
            )
        }
        (Lang::En, e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::StoreError;
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
