//! Issue 25 case 9: odd files from elsewhere get a message that says what is wrong, and the exit
//! status README promises (2 for a refused file; 1 only when `verify` finds a problem).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::Path;

fn import(ledger: &Path, file: &Path) -> std::process::Output {
    let o = cli(&["import".as_ref(), ledger.as_os_str(), file.as_os_str()]);
    assert_no_panic(&o, "import");
    o
}

/// UTF-16 and Latin-1 files got "not valid JSON" without saying why.
#[test]
fn json_in_another_encoding_is_said_to_be_so() {
    let demo = demo_ledger();
    let utf16 = demo.dir.path().join("u16.json");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "{\"format\": \"restoration-ledger\"}".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    let o = import(&demo.path, &utf16);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-16"), "{}", stderr(&o));
    let latin1 = demo.dir.path().join("l1.json");
    std::fs::write(&latin1, b"{\"format\": \"caf\xe9\"}").unwrap();
    let o = import(&demo.path, &latin1);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}

/// .xlsm and .xlsb went to the JSON importer ("not valid JSON"), and a refused spreadsheet
/// exited 1 while a refused JSON file exited 2.
#[test]
fn xlsm_and_xlsb_are_read_as_workbooks_and_a_refused_sheet_exits_2() {
    let demo = demo_ledger();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets");
    for name in ["any_sheets.xlsb", "issue3.xlsm"] {
        let o = import(&demo.path, &data.join(name));
        let err = stderr(&o);
        assert!(!err.contains("JSON"), "{name}: {err}");
        assert!(err.contains("工作表「"), "{name}: {err}");
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
    }
}

/// A password-protected .ods was told to "save as .xlsx"; it is said to have a password.
#[test]
fn a_password_protected_ods_is_said_to_have_a_password() {
    let demo = demo_ledger();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets");
    let o = import(&demo.path, &data.join("pass_protected.ods"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("设有打开密码"), "{}", stderr(&o));
}
