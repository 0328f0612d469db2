//! Issue 26 case 1: rows copied in Excel or WPS paste into the window's lists. On d9ba046 a paste
//! on a list did nothing (and eframe was built without its system clipboard); now the text
//! pasted (Ctrl+V on the list, or 粘贴行) goes through the same plan as a workbook import: a
//! preview of what would be added, changed and refused, then one audited transaction.
#![allow(clippy::unwrap_used)]

#[path = "common/window.rs"]
mod window;

use egui_kittest::kittest::Queryable;
use restoration_ledger::app::Role;
use restoration_ledger::ui::egui;
use window::*;

#[test]
fn rows_pasted_from_excel_are_previewed_then_imported_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger.clone());
    nav(&mut h, "后期管护");
    let before = session(&h).data.aftercare.len();
    // As Excel puts them on the clipboard: a header row, tabs, CRLF line ends; one bad row.
    let text = "日期\t施工单位\t台阶\t类别\t数量\t单位\t备注\r\n\
                2026-11-02\t某园林绿化公司\t3号坡面\t补植\t120\t株\t粘贴一\r\n\
                2026-11-03\t某园林绿化公司\t3号坡面\t浇水\t15\t立方米\t粘贴二\r\n\
                2026-11-04\t某园林绿化公司\t99号坡面\t补植\t5\t株\t没有这个台阶\r\n";
    h.event(egui::Event::Paste(text.into()));
    wait_for(&mut h, "粘贴到「后期管护」的行");
    // The preview refuses the row naming a bench the ledger does not have, and writes nothing.
    assert!(
        h.query_by_label_contains("99号坡面").is_some()
            || h.query_by_label_contains("第 4 行").is_some()
    );
    assert_eq!(session(&h).data.aftercare.len(), before);
    assert!(
        h.query_by_label("确认导入").is_none(),
        "a refused row blocks the import"
    );
    h.get_by_label("关闭").click();
    h.step();

    // Without the bad row, and without a header: the list's own column order.
    let text = "2026-11-02\t某园林绿化公司\t3号坡面\t补植\t120\t株\t粘贴一\n\
                2026-11-03\t某园林绿化公司\t3号坡面\t浇水\t15\t立方米\t粘贴二\n";
    h.event(egui::Event::Paste(text.into()));
    wait_for(&mut h, "粘贴到「后期管护」的行");
    let plan = &h.state().sheet_preview.as_ref().expect("a preview").plan.0;
    assert!(
        h.query_by_label_contains("新增 2").is_some(),
        "the preview counts the rows: {:?}",
        plan.refused
    );
    // The window opened again where the closed one was: let it settle, then confirm. The
    // import runs as a job: step the window while it runs.
    for _ in 0..5 {
        h.step();
    }
    h.get_by_label("确认导入").click();
    h.step();
    wait_for(&mut h, "已从表格导入");
    let s = session(&h);
    assert_eq!(s.data.aftercare.len(), before + 2);
    let notes: Vec<&str> = s.data.aftercare.iter().map(|e| e.note.as_str()).collect();
    assert!(
        notes.contains(&"粘贴一") && notes.contains(&"粘贴二"),
        "{notes:?}"
    );
    // Audited, one after the other (one transaction): the two inserts of the pasted rows.
    let store =
        restoration_ledger::app::open_file(&ledger, restoration_ledger::app::Access::ReadOnly)
            .unwrap();
    let audit = restoration_ledger::app::Ledger::audit_entries(&store, None).unwrap();
    let pasted: Vec<_> = audit
        .iter()
        .filter(|e| {
            e.table_name == "aftercare"
                && e.action == "insert"
                && e.new_value.as_deref().is_some_and(|v| v.contains("粘贴"))
        })
        .collect();
    assert_eq!(pasted.len(), 2, "{:?}", audit.last());
    assert_eq!(pasted[1].seq, pasted[0].seq + 1);
}

/// Works copied from the window's own list go back with their phase: planned stay planned.
#[test]
fn works_copied_from_the_list_paste_back_with_their_phase() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "李科长", Role::Department, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "工程量");
    let planned = |h: &egui_kittest::Harness<'_, restoration_ledger::ui::LedgerApp>| {
        session(h)
            .data
            .works
            .iter()
            .filter(|w| w.phase == restoration_ledger::domain::WorkPhase::Planned)
            .count()
    };
    let (works, planned_before) = (session(&h).data.works.len(), planned(&h));
    let text = "日期\t类型\t类别\t台阶\t数量\t单位\t施工单位\t备注\n\
                2027-03-01\t设计量\t覆土\t3号坡面\t500\t立方米\t\t来年计划\n\
                2026-11-20\t完成量\t覆土\t3号坡面\t80\t立方米\t某园林绿化公司\t本月完成\n";
    h.event(egui::Event::Paste(text.into()));
    wait_for(&mut h, "粘贴到「工程量」的行");
    // The import runs as a job: step the window while it runs.
    h.get_by_label("确认导入").click();
    h.step();
    wait_for(&mut h, "已从表格导入");
    assert_eq!(session(&h).data.works.len(), works + 2);
    assert_eq!(planned(&h), planned_before + 1);
}

/// A contractor or an auditor cannot import, so their lists take no paste.
#[test]
fn only_the_department_pastes_rows() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = setup(dir.path(), "审计 赵老师", Role::Auditor, "");
    let mut h = harness(dir.path(), ledger);
    nav(&mut h, "后期管护");
    assert!(h.query_by_label("粘贴行").is_none());
    h.event(egui::Event::Paste(
        "2026-11-02\t某园林绿化公司\t3号坡面\t补植\t1\t株\n".into(),
    ));
    h.run();
    assert!(h.query_by_label_contains("粘贴到").is_none());
}
