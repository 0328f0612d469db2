//! Real identities (issue 9, case 14): the roles were self-declared in 0.1.0 (anyone could pick
//! 环保部门 and approve their own entry). Accounts now decide the role; passwords are argon2
//! hashes in the ledger; account changes and sign-ins are audited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use restoration_ledger::app::Role;
use restoration_ledger::app::session::{Command, Rec, Session, SessionError, blank_aftercare};
use restoration_ledger::app::settings::{AppPaths, Settings};
use restoration_ledger::ui::{LedgerApp, egui};
use std::path::Path;
use std::process::{Command as Process, Output};

/// The CLI as `operator` with `password` (None: no password anywhere, no terminal).
fn cli_as(operator: &str, password: Option<&str>, args: &[&std::ffi::OsStr]) -> Output {
    let mut c = Process::new(bin());
    c.args(args)
        .args(["--lang", "en"])
        .env("RESTORATION_LEDGER_OPERATOR", operator)
        .env_remove("RESTORATION_LEDGER_PASSWORD")
        .env(
            "RESTORATION_LEDGER_CONFIG_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-accounts"),
        );
    if let Some(p) = password {
        c.env("RESTORATION_LEDGER_PASSWORD", p);
    }
    c.output().unwrap()
}

/// `init --demo` by the department: its account and the example's three.
fn demo_with_accounts() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("demo.ledger");
    let o = cli_as(
        "环保部 李科长",
        Some("department-secret"),
        &["init".as_ref(), ledger.as_os_str(), "--demo".as_ref()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, ledger)
}

fn import_one(ledger: &Path, operator: &str, password: Option<&str>) -> Output {
    let pile = open_ro(ledger)
        .list::<restoration_ledger::domain::Pile>()
        .unwrap()[0]
        .meta
        .id;
    let json = format!(
        r#"{{"format":"restoration-ledger","format_version":1,"aftercare":[{{"id":"{}","pile_id":"{pile}","date":"2025-06-01","contractor":"甲","bench_id":null,"kind":"watering","quantity":1,"unit":"m3","note":"","review":"pending","review_comment":"","reviewer":"","reviewed_at":null}}]}}"#,
        uuid::Uuid::new_v4()
    );
    let data = ledger.with_extension("one.json");
    std::fs::write(&data, json).unwrap();
    cli_as(
        operator,
        password,
        &["import".as_ref(), ledger.as_os_str(), data.as_os_str()],
    )
}

#[test]
fn the_cli_writes_only_as_an_existing_department_account_with_its_password() {
    let (_dir, ledger) = demo_with_accounts();
    let o = cli_as(
        "x",
        None,
        &["account".as_ref(), "list".as_ref(), ledger.as_os_str()],
    );
    let list = stdout(&o);
    for (name, role) in [
        ("环保部 李科长", "department"),
        ("环保部 王工", "department"),
        ("李工", "contractor"),
        ("审计 赵老师", "auditor"),
    ] {
        assert!(list.contains(&format!("{name}\t{role}")), "{list}");
    }
    for (who, password, why) in [
        (
            "冒名者",
            Some("department-secret"),
            "could not be signed in",
        ),
        (
            "环保部 李科长",
            Some("wrong password"),
            "could not be signed in",
        ),
        ("环保部 李科长", None, "could not be signed in"),
        (
            "李工",
            Some("huayang-contractor"),
            "only the environmental department",
        ),
    ] {
        let before = state(&ledger);
        let o = import_one(&ledger, who, password);
        assert_eq!(o.status.code(), Some(2), "{who}: {}", stdout(&o));
        assert!(stderr(&o).contains(why), "{who}: {}", stderr(&o));
        assert_eq!(state(&ledger), before, "{who}: something was written");
    }
    let o = import_one(&ledger, "环保部 王工", Some("huayang-department"));
    assert!(o.status.success(), "{}", stderr(&o));
    // The sign-in is in the audit trail, after the import it made.
    let last = open_ro(&ledger).audit_entries(None).unwrap().pop().unwrap();
    assert_eq!(last.table_name, "sign_ins");
    assert_eq!(last.operator, "环保部 王工");
    // Passwords are kept as argon2 hashes, never as text.
    let raw_bytes = bytes(&ledger);
    assert!(!raw_bytes.windows(18).any(|w| w == b"huayang-department"));
    assert!(raw_bytes.windows(9).any(|w| w == b"$argon2id"));
}

#[test]
fn a_ledger_made_by_0_1_0_gets_its_first_department_account_on_first_write() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("v010.ledger");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1.0/v010-demo.ledger"),
        &ledger,
    )
    .unwrap();
    assert!(open_rw(&ledger).accounts().unwrap().is_empty());
    // Without a password nobody can set it up from a script.
    let o = import_one(&ledger, "环保部 王工", None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no accounts yet"), "{}", stderr(&o));
    let o = import_one(&ledger, "环保部 王工", Some("first-department"));
    assert!(o.status.success(), "{}", stderr(&o));
    let accounts = open_ro(&ledger).accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        (accounts[0].name.as_str(), accounts[0].role.as_str()),
        ("环保部 王工", "department")
    );
    let o = cli(&["verify".as_ref(), ledger.as_os_str()]);
    assert!(o.status.success(), "{}", stdout(&o));
    // Now the account is needed.
    let o = import_one(&ledger, "环保部 王工", Some("wrong-password"));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_account_changed_behind_the_programs_back_is_reported() {
    let (_dir, ledger) = demo_with_accounts();
    raw(&ledger)
        .execute(
            "UPDATE accounts SET role = 'department' WHERE name = '李工'",
            [],
        )
        .unwrap();
    let o = cli(&["verify".as_ref(), ledger.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // Named as a person names it: the account and its holder, not a table and an id.
    assert!(
        stdout(&o).contains("账户「李工」") && stdout(&o).contains("在程序之外被改动"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_role_comes_from_the_account_and_nobody_approves_their_own_entry() {
    let (_dir, ledger) = demo_with_accounts();
    // A ledger with accounts is not opened on a self-declared role.
    assert!(matches!(
        Session::open(&ledger, "李工", Role::Department),
        Err(SessionError::SignInRequired)
    ));
    assert!(Session::sign_in(&ledger, "李工", "not-his-password").is_err());
    let contractor = Session::sign_in(&ledger, "李工", "huayang-contractor").unwrap();
    assert_eq!(contractor.role, Role::Contractor);
    drop(contractor);
    let auditor = Session::sign_in(&ledger, "审计 赵老师", "huayang-auditor").unwrap();
    assert_eq!(auditor.role, Role::Auditor);
    assert!(auditor.read_only());
    drop(auditor);
    // The department enters an entry and may not approve it; another department account may.
    let mut s = Session::sign_in(&ledger, "环保部 王工", "huayang-department").unwrap();
    let entry = blank_aftercare(&s.data, &s.operator, s.today);
    let id = entry.meta.id;
    s.apply(Command::Insert(Rec::Aftercare(entry))).unwrap();
    let version = s
        .data
        .aftercare
        .iter()
        .find(|e| e.meta.id == id)
        .unwrap()
        .meta
        .version;
    let review = Command::Review {
        id,
        version,
        approve: true,
        comment: String::new(),
    };
    assert!(matches!(
        s.apply(review.clone()),
        Err(SessionError::OwnEntry)
    ));
    drop(s);
    let mut other = Session::sign_in(&ledger, "环保部 李科长", "department-secret").unwrap();
    other.apply(review).unwrap();
}

/// The window on `ledger`, with settings in `config` naming `operator` in `role`.
fn window(config: &Path, ledger: &Path, operator: &str, role: Role) -> Harness<'static, LedgerApp> {
    Settings {
        operator: operator.into(),
        role: Some(role),
        ..Settings::default()
    }
    .save(&AppPaths::in_dir(config))
    .unwrap();
    let app = LedgerApp::new(AppPaths::in_dir(config), Some(ledger.to_path_buf()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut LedgerApp| app.ui(ui), app);
    h.run();
    h
}

fn type_in(h: &mut Harness<'_, LedgerApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn click(h: &mut Harness<'_, LedgerApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn the_window_asks_for_account_and_password_and_takes_the_role_from_the_account() {
    let (dir, ledger) = demo_with_accounts();
    // The settings say "department": the account says contractor, and wins.
    let mut h = window(
        &dir.path().join("window"),
        &ledger,
        "李工",
        Role::Department,
    );
    assert!(h.state().session.is_none());
    h.get_by_label_contains("请登录本台账");
    type_in(&mut h, "密码", "wrong");
    click(&mut h, "登录");
    assert!(h.state().session.is_none());
    // Said in the window's language (it was argon2-era English inside the Chinese window).
    h.get_by_label_contains("未能登录");
    type_in(&mut h, "密码", "huayang-contractor");
    click(&mut h, "登录");
    let s = h.state().session.as_ref().expect("signed in");
    assert_eq!((s.operator.as_str(), s.role), ("李工", Role::Contractor));
}

/// 0.1.0's ledger opened in the window as the department: its first account is set up there.
#[test]
fn the_window_sets_up_the_first_department_account_of_a_ledger_without_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("v010.ledger");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/v0.1.0/v010-demo.ledger"),
        &ledger,
    )
    .unwrap();
    let config = dir.path().join("window");
    Settings {
        operator: "环保部 王工".into(),
        role: Some(Role::Department),
        ..Settings::default()
    }
    .save(&AppPaths::in_dir(&config))
    .unwrap();
    let app = LedgerApp::new(AppPaths::in_dir(&config), Some(ledger.clone()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut LedgerApp| app.ui(ui), app);
    h.run();
    assert!(h.state().session.is_none());
    h.get_by_label_contains("设置第一个环保部门账户");
    // Issue 26 case 8: the rule is said before the first attempt.
    h.get_by_label_contains("密码至少 8 个字符");
    let mut type_in = |label: &str, text: &str| {
        h.get_by_label(label).click();
        h.run();
        h.get_by_label(label).type_text(text);
        h.run();
    };
    type_in("密码", "first-password");
    type_in("再次输入密码", "another");
    h.get_by_label("设置并登录").click();
    h.run();
    h.get_by_label_contains("两次输入的密码不一致");
    assert!(
        open_ro(&ledger).accounts().unwrap().is_empty(),
        "nothing written yet"
    );
    // The first password stays (d9ba046 cleared both); once the repeat matches, the mismatch
    // message goes, and Enter in the repeat sets up the account.
    assert_eq!(
        h.state().sign_in.as_ref().unwrap().password,
        "first-password"
    );
    h.get_by_label("再次输入密码").click();
    h.run();
    h.get_by_label("再次输入密码").type_text("first-password");
    h.run();
    assert!(h.query_by_label_contains("两次输入的密码不一致").is_none());
    h.key_press(egui::Key::Enter);
    h.run();
    let s = h.state().session.as_ref().expect("signed in");
    assert_eq!(
        (s.operator.as_str(), s.role),
        ("环保部 王工", Role::Department)
    );
    let accounts = open_ro(&ledger).accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].role, "department");
}

/// Where the department chooses, an account signs in as its operating-system user, without a
/// password; another OS user cannot.
#[test]
fn an_account_may_sign_in_with_the_operating_system_login() {
    let (_dir, ledger) = demo_with_accounts();
    let mut add = Process::new(bin());
    add.args(["account".as_ref(), "add".as_ref(), ledger.as_os_str()])
        .args([
            "--name",
            "环保部 孙工",
            "--role",
            "department",
            "--os-login",
            "sungong",
        ])
        .env("RESTORATION_LEDGER_OPERATOR", "环保部 李科长")
        .env("RESTORATION_LEDGER_PASSWORD", "department-secret")
        .env(
            "RESTORATION_LEDGER_CONFIG_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-accounts"),
        );
    let o = add.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let as_os_user = |user: &str| {
        let data = ledger.with_extension("os.json");
        let pile = open_ro(&ledger)
            .list::<restoration_ledger::domain::Pile>()
            .unwrap()[0]
            .meta
            .id;
        std::fs::write(&data, format!(r#"{{"format":"restoration-ledger","format_version":1,"aftercare":[{{"id":"{}","pile_id":"{pile}","date":"2025-06-01","contractor":"甲","bench_id":null,"kind":"watering","quantity":1,"unit":"m3","note":"","review":"pending","review_comment":"","reviewer":"","reviewed_at":null}}]}}"#, uuid::Uuid::new_v4())).unwrap();
        Process::new(bin())
            .args(["import".as_ref(), ledger.as_os_str(), data.as_os_str()])
            .env("RESTORATION_LEDGER_OPERATOR", "环保部 孙工")
            .env_remove("RESTORATION_LEDGER_PASSWORD")
            .env("USER", user)
            .env(
                "RESTORATION_LEDGER_CONFIG_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-accounts"),
            )
            .output()
            .unwrap()
    };
    let o = as_os_user("sungong");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = as_os_user("someone-else");
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
}
