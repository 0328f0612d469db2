//! `restoration-ledger`: the command line; without a command it opens the window.

use clap::Parser;
use restoration_ledger::cli::{Cli, run};

/// A reader that goes away (`restoration-ledger summary | head`) is not a crash: Rust's print
/// macros panic on a closed pipe, so that one panic ends the program quietly, the way a Unix tool
/// ends on SIGPIPE (exit status 141).
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if restoration_ledger::cli::is_closed_pipe_panic(payload) {
            std::process::exit(141);
        }
        default(info);
    }));
}

fn main() -> std::process::ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    if cli.command.is_none() {
        if let Some(file) = cli.file.as_ref().filter(|f| !f.exists()) {
            eprintln!(
                "error: \"{}\" is neither a command nor an existing ledger file. Run with --help to see the commands, or create the ledger with `init`.",
                file.display()
            );
            return std::process::ExitCode::from(2);
        }
        return match restoration_ledger::ui::run(cli.file) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                std::process::ExitCode::from(2)
            }
        };
    }
    let lang = restoration_ledger::cli::lang_of(&cli);
    match run(cli) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(1),
        Err(e) => {
            eprintln!("{}", restoration_ledger::cli::error_line(lang, &e));
            std::process::ExitCode::from(2)
        }
    }
}
