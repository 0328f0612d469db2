//! Issue 25 case 5: File › 校验台账 and 核验报告… for every role, the auditor included, saying what
//! `verify` and `verify --report` say, in the window's language.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "common/window.rs"]
mod window;

use egui_kittest::kittest::Queryable;
use restoration_ledger::app::Role;
use restoration_ledger::app::jobs::JobKind;
use restoration_ledger::i18n::Lang;
use window::*;

#[test]
fn an_auditor_checks_the_ledger_and_a_report_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "审计 赵老师", Role::Auditor, "");
    let pdf = dir.path().join("r.pdf");
    common::print_report(&ledger, &pdf, &[]);
    let mut h = harness(dir.path(), ledger);
    click(&mut h, "文件");
    // The check runs on its own thread while the window animates its progress: step, not run.
    h.get_by_label("校验台账").click();
    wait_for(&mut h, "通过：台账与其审计记录一致");
    click(&mut h, "关闭");
    // A report is picked with the file dialog; the job it starts is the same.
    h.state_mut()
        .start_job(JobKind::VerifyReport(pdf, Lang::Zh));
    wait_for(&mut h, "通过：台账仍与报告相符");
}
