//! Issue 26 case 1, end to end: the real window under an X server (Xvfb) and the system clipboard
//! as other programs see it (`xclip`), keys typed as a person would (`xdotool`). On d9ba046 the
//! window was built without eframe's `clipboard` feature: Ctrl+C put nothing on the system
//! clipboard and Ctrl+V brought nothing in. Now rows copied in the window paste into other
//! programs as tab-separated text with the headers the user sees, and rows copied elsewhere paste
//! into a list, are previewed, and Enter imports them.
//!
//! Needs `Xvfb`, `xclip` and `xdotool` (`.ci/run` installs them); in CI a missing tool fails the
//! test, elsewhere it is said and the test is left out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use restoration_ledger::app::settings::{AppPaths, Settings};
use restoration_ledger::app::{self, Access, Role, accounts};
use restoration_ledger::i18n::Lang;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "huayang-department";
const ROWS: &str = "2026-11-02\t某园林绿化公司\t3号坡面\t补植\t120\t株\t剪贴板一\n\
                    2026-11-03\t某园林绿化公司\t3号坡面\t浇水\t15\t立方米\t剪贴板二\n";

/// Kills the child when dropped (a failed assertion leaves no X server or window behind).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tools_present() -> bool {
    let missing: Vec<&str> = ["Xvfb", "xclip", "xdotool"]
        .into_iter()
        .filter(|t| {
            Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .output()
                .map_or(true, |o| !o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the clipboard test: install {missing:?} (.ci/run does)"
    );
    eprintln!(
        "left out: the clipboard test needs {missing:?} (apt-get install xvfb xclip xdotool)"
    );
    false
}

/// Runs an X client on `display`; its standard output.
fn x(display: &str, program: &str, args: &[&str]) -> String {
    let o = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Waits up to `secs` for `what` to give `Some`.
fn wait<T>(secs: u64, mut what: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if let Some(t) = what() {
            return Some(t);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    None
}

fn pasted_entries(ledger: &Path) -> usize {
    app::open_file(ledger, Access::ReadOnly)
        .and_then(|s| s.load())
        .map(|d| {
            d.aftercare
                .iter()
                .filter(|e| e.note.starts_with("剪贴板"))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn rows_go_out_to_and_come_in_from_the_system_clipboard() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("demo.ledger");
    let mut store = app::init(&ledger, true, "setup").unwrap();
    let account =
        accounts::new_account("环保部 王工", Role::Department, "", Some(PASSWORD), "").unwrap();
    accounts::add(&mut store, "环保部 王工", &account).unwrap();
    drop(store);
    let config = dir.path().join("config");
    Settings {
        operator: "环保部 王工".into(),
        role: Some(Role::Department),
        lang: Lang::Zh,
        view: "aftercare".into(),
        ..Settings::default()
    }
    .save(&AppPaths::in_dir(&config))
    .unwrap();

    // A display of our own.
    let n = (100..200)
        .map(|i| i + std::process::id() % 50)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .unwrap();
    let display = format!(":{n}");
    let _x = Running(
        Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait(10, || {
        Path::new(&format!("/tmp/.X11-unix/X{n}"))
            .exists()
            .then_some(())
    })
    .expect("Xvfb started");
    let runtime = dir.path().join("runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    let _app = Running(
        Command::new(env!("CARGO_BIN_EXE_restoration-ledger"))
            .arg(&ledger)
            .env("DISPLAY", &display)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("RESTORATION_LEDGER_CONFIG_DIR", &config)
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let window = wait(60, || {
        let found = x(
            &display,
            "xdotool",
            &["search", "--class", "restoration-ledger"],
        );
        found.lines().next().map(str::to_string)
    })
    .expect("the window opened");
    // The sign-in dialog waits in the password field; Enter signs in, and the title then names
    // the ledger. (A slow machine may draw the dialog after the first keys: typed again.)
    let signed_in = wait(90, || {
        x(&display, "xdotool", &["windowfocus", "--sync", &window]);
        x(&display, "xdotool", &["type", "--delay", "20", PASSWORD]);
        x(&display, "xdotool", &["key", "Return"]);
        std::thread::sleep(Duration::from_secs(3));
        x(&display, "xdotool", &["getwindowname", &window])
            .contains("demo.ledger")
            .then_some(())
    });
    assert!(signed_in.is_some(), "signed in");

    // Out: every row selected and copied is on the system clipboard, for Excel.
    let copied = wait(30, || {
        x(&display, "xdotool", &["key", "ctrl+a"]);
        x(&display, "xdotool", &["key", "ctrl+c"]);
        std::thread::sleep(Duration::from_millis(500));
        let text = x(&display, "xclip", &["-o", "-selection", "clipboard"]);
        text.contains('\t').then_some(text)
    })
    .expect("the rows were on the system clipboard");
    let header = copied.lines().next().unwrap();
    assert!(
        header.starts_with("日期\t施工单位\t台阶\t类别\t数量\t单位"),
        "{copied}"
    );
    assert!(copied.lines().count() > 5, "{copied}");

    // In: rows another program put on the clipboard, pasted into the list; Enter imports them.
    let mut put = Command::new("xclip")
        .args(["-i", "-selection", "clipboard"])
        .env("DISPLAY", &display)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut put.stdin.take().unwrap(), ROWS.as_bytes()).unwrap();
    put.wait().unwrap();
    assert_eq!(pasted_entries(&ledger), 0);
    x(&display, "xdotool", &["key", "ctrl+v"]);
    // The preview is worked out in the background; nothing is written before Enter.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        pasted_entries(&ledger),
        0,
        "the paste was previewed, not written"
    );
    // Enter imports once the preview is up (a slow machine works it out later: pressed again).
    let added = wait(60, || {
        x(&display, "xdotool", &["key", "Return"]);
        std::thread::sleep(Duration::from_secs(2));
        (pasted_entries(&ledger) == 2).then_some(())
    });
    assert!(added.is_some(), "the two pasted rows were imported");
}
