//! `restoration-ledger-gui`: only the window (no console on Windows), for double-clicking.
#![windows_subsystem = "windows"]

fn main() -> std::process::ExitCode {
    let file = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    match restoration_ledger::ui::run(file) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
