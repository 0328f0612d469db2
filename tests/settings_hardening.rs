//! What the window remembers between runs, when that file is damaged, unreadable or out of date:
//! the app starts with defaults and a message naming the file, never a panic, and never reads or
//! writes the real home (every test passes its own temporary config folder).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::ffi::OsString;
use std::path::Path;

use restoration_ledger::app::Role;
use restoration_ledger::app::settings::{AppPaths, CONFIG_DIR_ENV, Settings};
use restoration_ledger::i18n::Lang;
use restoration_ledger::ui::LedgerApp;

fn settings_file(dir: &Path) -> std::path::PathBuf {
    Settings::file(&AppPaths::in_dir(dir))
}

/// Bug pinned: a damaged settings file was silently replaced by defaults (the person's name, role
/// and recent files vanished without a word) and then overwritten on the next save.
#[test]
fn a_damaged_or_unreadable_settings_file_gives_defaults_and_a_message() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage bytes", vec![0xff, 0xfe, 0x00, 0x13, 0x37]),
        (
            "half a JSON object",
            b"{\"operator\": \"\xe6\x9d\x8e".to_vec(),
        ),
        ("wrong type", br#"{"operator": 42}"#.to_vec()),
        (
            "unknown role",
            br#"{"operator": "x", "role": "king"}"#.to_vec(),
        ),
        ("unknown language", br#"{"lang": "xx"}"#.to_vec()),
        ("an array", b"[1, 2, 3]".to_vec()),
        ("empty", Vec::new()),
        ("deeply nested", "[".repeat(100_000).into_bytes()),
        ("far too large", vec![b' '; (1 << 20) + 10]),
    ];
    for (what, content) in &cases {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::in_dir(dir.path());
        let file = settings_file(dir.path());
        std::fs::write(&file, content).unwrap();
        let (s, message) = Settings::load_checked(&paths);
        assert_eq!(s, Settings::default(), "{what}");
        let message = message.unwrap_or_else(|| panic!("{what}: no message"));
        assert!(message.contains("default settings"), "{what}: {message}");
        assert!(
            message.contains(file.to_str().unwrap()),
            "{what}: names the file: {message}"
        );
        // The damaged file is kept aside, and saving works again.
        let bad = dir.path().join("settings.json.bad");
        assert_eq!(&std::fs::read(&bad).unwrap(), content, "{what}: kept");
        let fixed = Settings {
            operator: "李科长".into(),
            role: Some(Role::Department),
            ..Settings::default()
        };
        fixed.save(&paths).unwrap();
        assert_eq!(Settings::load_checked(&paths), (fixed, None), "{what}");
    }
    assert_eq!(cases.len(), 9);

    // A settings "file" that is a folder cannot be read: defaults and a message, nothing removed.
    let dir = tempfile::tempdir().unwrap();
    let file = settings_file(dir.path());
    std::fs::create_dir(&file).unwrap();
    let (s, message) = Settings::load_checked(&AppPaths::in_dir(dir.path()));
    assert_eq!(s, Settings::default());
    assert!(message.unwrap().contains(file.to_str().unwrap()));
    assert!(file.is_dir());

    // No file at all is a first run: defaults, no message.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        Settings::load_checked(&AppPaths::in_dir(dir.path())),
        (Settings::default(), None)
    );
}

#[test]
fn the_window_starts_with_a_message_when_its_settings_are_damaged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(settings_file(dir.path()), b"\x00\x01 not json").unwrap();
    let app = LedgerApp::new(AppPaths::in_dir(dir.path()), None);
    assert!(app.session.is_none());
    let notice = app.notice.as_ref().expect("a message");
    assert!(
        notice.error && notice.text.contains("settings.json"),
        "{}",
        notice.text
    );
    assert_eq!(app.lang(), Lang::default());
    // And the message is on screen, on the start page.
    let mut h = egui_kittest::Harness::builder()
        .with_size(restoration_ledger::ui::egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut LedgerApp| app.ui(ui), app);
    h.run();
    use egui_kittest::kittest::Queryable;
    h.get_by_label_contains("settings.json");
}

/// Bug pinned: recent files deleted since the last run stayed in the File menu for ever.
#[test]
fn recent_files_that_were_deleted_are_forgotten_on_start() {
    let dir = tempfile::tempdir().unwrap();
    let paths = AppPaths::in_dir(dir.path());
    let kept = common::demo_ledger();
    let gone = dir.path().join("gone.ledger");
    std::fs::write(&gone, b"x").unwrap();
    let mut s = Settings {
        operator: "李科长".into(),
        role: Some(Role::Department),
        ..Settings::default()
    };
    s.remember(&kept.path);
    s.remember(&gone);
    s.recent.push(dir.path().join("never-existed.ledger"));
    // A hand-edited file with far too many entries.
    s.recent.extend(std::iter::repeat_n(
        std::path::absolute(&kept.path).unwrap(),
        50,
    ));
    s.save(&paths).unwrap();
    std::fs::remove_file(&gone).unwrap();

    let (loaded, message) = Settings::load_checked(&paths);
    assert_eq!(message, None);
    assert_eq!(
        loaded.recent,
        vec![std::path::absolute(&kept.path).unwrap()]
    );
    assert_eq!(loaded.last_file, None, "the last file was the deleted one");

    // The window starts on its start screen, without a panic and without an error.
    let app = LedgerApp::new(paths.clone(), None);
    assert!(app.session.is_none());
    assert!(
        app.notice.is_none(),
        "{:?}",
        app.notice.as_ref().map(|n| &n.text)
    );

    // A file that cannot be opened any more can be forgotten explicitly.
    let mut s = loaded;
    s.forget(&kept.path);
    assert!(s.recent.is_empty(), "{:?}", s.recent);
}

#[test]
fn the_config_dir_variable_replaces_the_home_folders() {
    let tmp = tempfile::tempdir().unwrap();
    fn vars(config: Option<&Path>) -> impl Fn(&str) -> Option<OsString> + '_ {
        move |name: &str| match name {
            "HOME" | "USERPROFILE" => Some(OsString::from("/nonexistent-home-for-tests")),
            n if n == CONFIG_DIR_ENV => config.map(|c| c.as_os_str().to_owned()),
            _ => None,
        }
    }
    let p = AppPaths::from_vars(vars(Some(tmp.path())));
    assert_eq!(p, AppPaths::in_dir(tmp.path()));
    assert!(p.example_ledger().starts_with(tmp.path()));
    // An empty variable is as good as none: the home's folders are used.
    let p = AppPaths::from_vars(|n| {
        if n == CONFIG_DIR_ENV {
            Some(OsString::new())
        } else {
            vars(None)(n)
        }
    });
    assert!(
        p.config_dir.starts_with("/nonexistent-home-for-tests"),
        "{p:?}"
    );
}
