//! Spreadsheets both ways: a workbook out, the same workbook (or one another program wrote, or a
//! GBK CSV) back in, with every refused row named by sheet, row and column and nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::*;
use restoration_ledger::app::{self, Access, Store};
use restoration_ledger::exchange::sheet::Value;
use restoration_ledger::exchange::sheet::read::{RawSheet, read};
use restoration_ledger::i18n::Lang;

/// Writes sheets of values as an .xlsx workbook (as a person's edit would leave them).
fn write_book(sheets: &[RawSheet]) -> Vec<u8> {
    write_book_with(sheets, &[])
}

/// [`write_book`] with texts at far addresses too: (sheet index, row, column, text).
fn write_book_with(sheets: &[RawSheet], far: &[(usize, u32, u16, &str)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).unwrap();
        for (r, row) in s.rows.iter().enumerate() {
            let r = s.first_row + r as u32;
            for (c, v) in row.iter().enumerate() {
                let c = (s.first_col as usize + c) as u16;
                match v {
                    Value::Empty => {}
                    Value::Number(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Value::Text(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    Value::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Value::Date(d) => {
                        let x = rust_xlsxwriter::ExcelDateTime::parse_from_str(
                            &d.format("%Y-%m-%d").to_string(),
                        )
                        .unwrap();
                        ws.write_datetime_with_format(r, c, &x, &date).unwrap();
                    }
                    Value::DateTime(t) => {
                        let x = rust_xlsxwriter::ExcelDateTime::parse_from_str(
                            &t.format("%Y-%m-%dT%H:%M:%S").to_string(),
                        )
                        .unwrap();
                        ws.write_datetime_with_format(r, c, &x, &date).unwrap();
                    }
                }
            }
        }
    }
    for (sheet, r, c, text) in far {
        wb.worksheet_from_index(*sheet)
            .unwrap()
            .write_string(*r, *c, *text)
            .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn export_xlsx(ledger: &Path, out: &Path) {
    let o = cli(&[
        "export".as_ref(),
        ledger.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "export: {}", stderr(&o));
}

fn sheets_of(path: &Path) -> Vec<RawSheet> {
    let bytes = std::fs::read(path).unwrap();
    read(&bytes, &path.to_string_lossy()).unwrap()
}

fn sheet<'a>(sheets: &'a mut [RawSheet], name: &str) -> &'a mut RawSheet {
    sheets.iter_mut().find(|s| s.name == name).unwrap()
}

/// The column of `header` in a sheet's first row.
fn col(s: &RawSheet, header: &str) -> usize {
    s.rows[0]
        .iter()
        .position(|v| *v == Value::Text(header.into()))
        .unwrap_or_else(|| panic!("no column {header} in {}", s.name))
}

fn summary_json(ledger: &Path) -> String {
    let o = cli(&["summary".as_ref(), ledger.as_os_str(), "--json".as_ref()]);
    assert!(o.status.success(), "summary: {}", stderr(&o));
    stdout(&o)
}

fn import(ledger: &Path, data: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["import".as_ref(), ledger.as_os_str(), data.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    cli(&args)
}

/// Audit entries of records (sign-ins and accounts left out).
fn audit_len(ledger: &Path) -> usize {
    Store::open(ledger, Access::ReadOnly)
        .unwrap()
        .audit_entries(None)
        .unwrap()
        .iter()
        .filter(|e| restoration_ledger::domain::RECORD_TABLES.contains(&e.table_name.as_str()))
        .count()
}

#[test]
fn the_demo_goes_out_as_a_workbook_and_back_into_a_new_ledger_with_the_same_summary() {
    let demo = demo_ledger();
    let xlsx = demo.dir.path().join("台账 导出.xlsx");
    export_xlsx(&demo.path, &xlsx);
    let sheets = sheets_of(&xlsx);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    for want in [
        "汇总",
        "工程量-设计",
        "工程量-完成",
        "台阶",
        "种植",
        "成活率调查",
        "后期管护",
        "问题清单",
        "监测读数",
        "指标规则",
    ] {
        assert!(names.contains(&want), "sheet {want} missing: {names:?}");
    }
    // Chinese headers with units; numbers as numbers; dates as dates; benches by number.
    let works = sheets.iter().find(|s| s.name == "工程量-完成").unwrap();
    assert!(works.rows[0].contains(&Value::Text("完成量".into())));
    assert!(works.rows[0].contains(&Value::Text("厚度(米)".into())));
    let q = col(works, "完成量");
    assert!(
        matches!(works.rows[1][q], Value::Number(_)),
        "{:?}",
        works.rows[1][q]
    );
    let d = col(works, "完成日期");
    assert!(
        matches!(works.rows[1][d], Value::Date(_)),
        "{:?}",
        works.rows[1][d]
    );
    let b = col(works, "台阶");
    assert!(
        works.rows.iter().skip(1).any(
            |r| matches!(&r[b], Value::Text(t) if t.ends_with("号坡面") || t.ends_with("号马道"))
        ),
        "benches are shown by number and kind"
    );

    let fresh = demo.dir.path().join("新台账.ledger");
    let o = import(&fresh, &xlsx, &[]);
    assert!(o.status.success(), "import: {}", stderr(&o));
    assert_eq!(summary_json(&demo.path), summary_json(&fresh));
    let o = cli(&["verify".as_ref(), fresh.as_os_str()]);
    assert!(o.status.success(), "verify: {}", stdout(&o));

    // The same workbook again changes nothing.
    let before = audit_len(&fresh);
    let o = import(&fresh, &xlsx, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("新增 0 条记录，修改 0 条"),
        "{}",
        stdout(&o)
    );
    assert_eq!(audit_len(&fresh), before);
}

#[test]
fn three_edited_cells_are_exactly_three_changes_in_the_history() {
    let demo = demo_ledger();
    let xlsx = demo.dir.path().join("export.xlsx");
    export_xlsx(&demo.path, &xlsx);
    let mut sheets = sheets_of(&xlsx);
    {
        let s = sheet(&mut sheets, "后期管护");
        let q = col(s, "数量");
        let row = (1..s.rows.len())
            .find(|r| matches!(s.rows[*r][q], Value::Number(_)))
            .unwrap();
        let Value::Number(n) = s.rows[row][q] else {
            unreachable!()
        };
        s.rows[row][q] = Value::Number(n + 7.0);
        let c = col(s, "审核意见");
        s.rows[row + 1][c] = Value::Text("照片已补齐,同意。".into());
    }
    {
        let s = sheet(&mut sheets, "工程量-完成");
        let d = col(s, "完成日期");
        s.rows[2][d] = Value::Text("2020年6月30日".into());
    }
    let edited = demo.dir.path().join("edited.xlsx");
    std::fs::write(&edited, write_book(&sheets)).unwrap();

    let before = Store::open(&demo.path, Access::ReadOnly)
        .unwrap()
        .audit_head()
        .unwrap()
        .0;
    let dry = import(&demo.path, &edited, &["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let out = stdout(&dry);
    assert!(out.contains("修改 3 条"), "{out}");
    assert!(
        out.contains("完成日期：") && out.contains("→ 2020-06-30"),
        "{out}"
    );
    assert_eq!(
        Store::open(&demo.path, Access::ReadOnly)
            .unwrap()
            .audit_head()
            .unwrap()
            .0,
        before,
        "a dry run writes nothing"
    );

    let o = import(&demo.path, &edited, &["--reason", "月度核对"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = Store::open(&demo.path, Access::ReadOnly).unwrap();
    let new: Vec<_> = store
        .audit_since(before)
        .unwrap()
        .into_iter()
        .filter(|e| e.table_name != "accounts" && e.table_name != "sign_ins")
        .collect();
    let updates: Vec<_> = new.iter().filter(|e| e.action == "update").collect();
    assert_eq!(updates.len(), 3, "{new:#?}");
    assert!(updates.iter().all(|e| e.reason == "月度核对"));
    let changed_fields = |e: &restoration_ledger::domain::AuditEntry| {
        let old: serde_json::Value = serde_json::from_str(e.old_value.as_deref().unwrap()).unwrap();
        let new: serde_json::Value = serde_json::from_str(e.new_value.as_deref().unwrap()).unwrap();
        let mut f: Vec<String> = new
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, v)| old.get(k.as_str()) != Some(v))
            .map(|(k, _)| k.clone())
            .filter(|k| !["updated_at", "updated_by", "version"].contains(&k.as_str()))
            .collect();
        f.sort();
        f
    };
    let mut all: Vec<Vec<String>> = updates.iter().map(|e| changed_fields(e)).collect();
    all.sort();
    assert_eq!(
        all,
        vec![
            vec!["date".to_string()],
            vec!["quantity".to_string()],
            vec!["review_comment".to_string()]
        ]
    );
}

/// Problems of a refused import, as the CLI prints them.
fn refused(ledger: &Path, book: &Path) -> String {
    let before = audit_len(ledger);
    let o = import(ledger, book, &[]);
    assert!(!o.status.success(), "should be refused: {}", stdout(&o));
    assert_no_panic(&o, "import");
    assert_eq!(audit_len(ledger), before, "nothing is written");
    stderr(&o)
}

fn aftercare_template(demo: &Demo) -> RawSheet {
    let xlsx = demo.dir.path().join("t.xlsx");
    export_xlsx(&demo.path, &xlsx);
    let mut s = sheets_of(&xlsx)
        .into_iter()
        .find(|s| s.name == "后期管护")
        .unwrap();
    s.rows.truncate(1);
    s
}

fn aftercare_row(s: &RawSheet, cells: &[(&str, Value)]) -> Vec<Value> {
    let mut row = vec![Value::Empty; s.rows[0].len()];
    for (h, v) in cells {
        row[col(s, h)] = v.clone();
    }
    row
}

fn good_row(s: &RawSheet) -> Vec<Value> {
    aftercare_row(
        s,
        &[
            ("日期", Value::Text("2025/6/3".into())),
            ("施工单位", Value::Text("阳泉某园林绿化公司".into())),
            ("台阶", Value::Text("10号马道".into())),
            ("管护内容", Value::Text("补植".into())),
            ("数量", Value::Text("1,200".into())),
            ("单位", Value::Text("株".into())),
            ("审核状态", Value::Text("待审核".into())),
        ],
    )
}

#[test]
fn every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written() {
    let demo = demo_ledger();
    let mut s = aftercare_template(&demo);
    s.rows.push(good_row(&s));
    let mut negative = good_row(&s);
    negative[col(&s, "数量")] = Value::Number(-3.0);
    s.rows.push(negative);
    let mut text = good_row(&s);
    text[col(&s, "数量")] = Value::Text("许多".into());
    s.rows.push(text);
    let mut date = good_row(&s);
    date[col(&s, "日期")] = Value::Text("2025-02-30".into());
    s.rows.push(date);
    let mut bench = good_row(&s);
    bench[col(&s, "台阶")] = Value::Text("99号马道".into());
    s.rows.push(bench);
    let book = demo.dir.path().join("bad.xlsx");
    std::fs::write(&book, write_book(&[s.clone()])).unwrap();
    let err = refused(&demo.path, &book);
    let q = restoration_ledger::exchange::sheet::write::column_letter(col(&s, "数量") as u16);
    assert!(
        err.contains(&format!(
            "工作表「后期管护」第 3 行 {q} 列「数量」：不能为负数"
        )),
        "{err}"
    );
    assert!(
        err.contains("第 4 行") && err.contains("「许多」不是数字"),
        "{err}"
    );
    assert!(
        err.contains("第 5 行") && err.contains("没有「2025-02-30」这一天"),
        "{err}"
    );
    assert!(
        err.contains("第 6 行") && err.contains("台账中没有台阶「99号马道」"),
        "{err}"
    );
    assert!(err.contains("4 处问题"), "all problems at once: {err}");
}

#[test]
fn a_100_000_row_sheet_with_two_bad_cells_deep_inside_is_refused_naming_both_and_nothing_is_written()
 {
    let demo = demo_ledger();
    let mut s = aftercare_template(&demo);
    for i in 0..100_000 {
        let mut row = good_row(&s);
        match i {
            // Sheet rows count from 1 with the header on row 1: entry i is on row i + 2.
            76_542 => row[col(&s, "数量")] = Value::Number(-5.0),
            99_998 => row[col(&s, "日期")] = Value::Text("2025-13-01".into()),
            _ => {}
        }
        s.rows.push(row);
    }
    let book = demo.dir.path().join("十万行.xlsx");
    std::fs::write(&book, write_book(&[s.clone()])).unwrap();
    let err = refused(&demo.path, &book);
    let q = restoration_ledger::exchange::sheet::write::column_letter(col(&s, "数量") as u16);
    let d = restoration_ledger::exchange::sheet::write::column_letter(col(&s, "日期") as u16);
    assert!(
        err.contains(&format!(
            "工作表「后期管护」第 76544 行 {q} 列「数量」：不能为负数"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("工作表「后期管护」第 100000 行 {d} 列「日期」")),
        "{err}"
    );
    assert!(err.contains("2 处问题"), "{err}");
}

#[test]
fn duplicate_ids_wrong_headers_and_files_that_are_not_workbooks_are_refused() {
    let demo = demo_ledger();
    let xlsx = demo.dir.path().join("e.xlsx");
    export_xlsx(&demo.path, &xlsx);
    let mut sheets = sheets_of(&xlsx);
    {
        let s = sheet(&mut sheets, "问题清单");
        let dup = s.rows[1].clone();
        s.rows.push(dup);
    }
    let book = demo.dir.path().join("dup.xlsx");
    std::fs::write(&book, write_book(&sheets)).unwrap();
    let err = refused(&demo.path, &book);
    assert!(err.contains("与第 2 行是同一条记录"), "{err}");

    // A sheet whose headers are not ours.
    let odd = RawSheet {
        name: "Sheet1".into(),
        first_row: 0,
        first_col: 0,
        rows: vec![
            vec![Value::Text("姓名".into()), Value::Text("电话".into())],
            vec![Value::Text("张三".into()), Value::Number(1.0)],
        ],
    };
    let book = demo.dir.path().join("odd.xlsx");
    std::fs::write(&book, write_book(&[odd])).unwrap();
    let err = refused(&demo.path, &book);
    assert!(
        err.contains("工作表「Sheet1」") && err.contains("表头也对不上"),
        "{err}"
    );

    // The 后期管护 sheet without its 日期 column.
    let mut s = aftercare_template(&demo);
    let d = col(&s, "日期");
    let row = good_row(&s);
    s.rows.push(row);
    s.rows[0][d] = Value::Text("哪天".into());
    let book = demo.dir.path().join("nodate.xlsx");
    std::fs::write(&book, write_book(&[s])).unwrap();
    let err = refused(&demo.path, &book);
    assert!(err.contains("缺少「日期」列"), "{err}");

    // Damaged, encrypted and old binary workbooks.
    let corrupt = demo.dir.path().join("损坏.xlsx");
    let mut bytes = std::fs::read(&xlsx).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&corrupt, bytes).unwrap();
    let err = refused(&demo.path, &corrupt);
    assert!(err.contains("无法读取这个文件"), "{err}");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets");
    let err = refused(&demo.path, &data.join("encrypted.xlsx"));
    assert!(err.contains("设有打开密码"), "{err}");
}

#[test]
fn a_gbk_csv_with_a_title_row_chinese_numbers_and_mu_comes_in() {
    let demo = demo_ledger();
    let csv = "华阳二矿 2025年6月 施工单位完成工程量\n\
               完成日期,工程类型,台阶,完成量,单位,施工单位,备注\n\
               2025年6月3日,绿化,10号马道,1.2万,平方米,阳泉某园林绿化公司,\n\
               2025/6/4,覆土,3号坡面,\"1,250\",立方米,阳泉某园林绿化公司,补覆\n\
               2025.6.5,平面积平整,,3,亩,,\n\
               ,,,,,,\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(csv);
    assert!(!bad);
    let file = demo.dir.path().join("六月完成量.csv");
    std::fs::write(&file, &gbk).unwrap();
    let o = import(&demo.path, &file, &["--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("新增 3 条记录"), "{}", stdout(&o));
    let o = import(&demo.path, &file, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let data = Store::open(&demo.path, Access::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    let june: Vec<_> = data
        .works
        .iter()
        .filter(|w| w.date.to_string().starts_with("2025-06"))
        .collect();
    assert_eq!(june.len(), 3);
    use restoration_ledger::domain::{Milli, Unit, WorkKind, WorkPhase};
    assert!(june.iter().all(|w| w.phase == WorkPhase::Completed));
    let green = june.iter().find(|w| w.kind == WorkKind::Greening).unwrap();
    assert_eq!(green.quantity, Milli(12_000_000));
    let flat = june
        .iter()
        .find(|w| w.kind == WorkKind::FlatAreaLeveling)
        .unwrap();
    assert_eq!(flat.unit, Unit::Mu);
    assert_eq!(flat.quantity, Milli(2_000_000), "3 亩 is 2,000 m²");
    // UTF-8 with a BOM reads the same.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(csv.as_bytes());
    let sheets = read(&bom, "x.csv").unwrap();
    assert_eq!(sheets[0].rows[1][0], Value::Text("完成日期".into()));
}

#[test]
fn a_template_is_filled_in_and_imported() {
    let demo = demo_ledger();
    let t = demo.dir.path().join("模板.xlsx");
    let o = cli(&[
        "template".as_ref(),
        demo.path.as_os_str(),
        "--out".as_ref(),
        t.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut sheets = sheets_of(&t);
    assert_eq!(sheets[0].name, "说明");
    {
        let s = sheet(&mut sheets, "后期管护");
        assert_eq!(s.rows.len(), 1, "a template has no rows");
        let row = good_row(s);
        s.rows.push(row);
    }
    let filled = demo.dir.path().join("filled.xlsx");
    std::fs::write(&filled, write_book(&sheets)).unwrap();
    let o = import(&demo.path, &filled, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("新增 1 条记录"), "{}", stdout(&o));
}

#[test]
fn the_plan_of_an_untouched_export_is_empty_in_the_library_too() {
    let demo = demo_ledger();
    let store = Store::open(&demo.path, Access::ReadOnly).unwrap();
    let xlsx = demo.dir.path().join("x.xlsx");
    app::sheets::export_workbook(&store, &xlsx, Lang::En, false).unwrap();
    let data = store.load().unwrap();
    let plan = app::sheets::plan_bytes(&data, &std::fs::read(&xlsx).unwrap(), "x.xlsx", Lang::En);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert!(plan.is_empty());
    assert_eq!(plan.unchanged, data.record_count() - data.photos.len());
}

/// Issue 26 case 12: the workbook's rule sheet gave the rules' sources, notes and codes (`year`,
/// `percent`, `found`, `practice`) in English whatever its language. They are in the workbook's
/// language now, and the untouched workbook still imports as no change.
#[test]
fn the_rule_sheet_speaks_the_workbooks_language_and_round_trips() {
    let demo = demo_ledger();
    let store = Store::open(&demo.path, Access::ReadOnly).unwrap();
    let xlsx = demo.dir.path().join("规则.xlsx");
    app::sheets::export_workbook(&store, &xlsx, Lang::Zh, false).unwrap();
    let mut sheets = sheets_of(&xlsx);
    let rules = sheet(&mut sheets, "指标规则").clone();
    let (unit, strength, source) = (
        col(&rules, "阈值单位"),
        col(&rules, "依据强度"),
        col(&rules, "依据"),
    );
    let text = |r: &Vec<Value>, c: usize| match &r[c] {
        Value::Text(t) => t.clone(),
        other => format!("{other:?}"),
    };
    for r in &rules.rows[1..] {
        for c in [unit, strength] {
            let t = text(r, c);
            assert!(
                ![
                    "year", "percent", "found", "practice", "weak", "verify", "ratio", "celsius"
                ]
                .contains(&t.as_str()),
                "a code in the Chinese rule sheet: {t}"
            );
        }
    }
    assert!(
        rules.rows[1..]
            .iter()
            .any(|r| text(r, strength) == "行业做法，非法定要求")
    );
    assert!(
        rules.rows[1..]
            .iter()
            .any(|r| text(r, source).contains("第6.2条"))
    );
    let data = store.load().unwrap();
    let plan =
        app::sheets::plan_bytes(&data, &std::fs::read(&xlsx).unwrap(), "规则.xlsx", Lang::Zh);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert!(plan.is_empty(), "{:?}", plan.changed.first());
}

/// Runs LibreOffice headless (installed by `.ci/run`: Debian's libreoffice-calc-nogui) with its
/// own profile folder, so tests running at once do not share one.
fn soffice(dir: &Path, args: &[&str]) {
    let profile = format!("file://{}", dir.join("lo-profile").display());
    let o = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore"])
        .args(args)
        .arg("--outdir")
        .arg(dir)
        .output()
        .expect("LibreOffice (soffice) runs: .ci/run installs libreoffice-calc-nogui");
    assert!(
        o.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn libreoffice_opens_our_workbook_and_the_workbooks_it_writes_come_in() {
    let demo = demo_ledger();
    let dir = demo.dir.path();
    let xlsx = dir.join("导出.xlsx");
    export_xlsx(&demo.path, &xlsx);
    // Our workbook opens in another program: its first sheet (汇总) converts to CSV.
    soffice(
        dir,
        &[
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            xlsx.to_str().unwrap(),
        ],
    );
    let summary = std::fs::read_to_string(dir.join("导出.csv")).unwrap();
    assert!(summary.contains("坡面与马道(个),23,"), "{summary}");
    assert!(
        summary.contains("覆土(立方米),\"1,940,000.00\""),
        "{summary}"
    );

    // A workbook LibreOffice wrote (from a contractor's CSV), as .xlsx and as an old .xls.
    let csv = "日期,施工单位,台阶,管护内容,数量,单位,说明\n\
               2025-07-01,阳泉某园林绿化公司,12号坡面,浇水,35,立方米,旱情\n\
               2025-07-02,阳泉某园林绿化公司,10号马道,防火巡查,2,次,\n";
    let src = dir.join("七月管护.csv");
    std::fs::write(&src, csv).unwrap();
    for format in ["xlsx", "xls"] {
        soffice(
            dir,
            &[
                "--infilter=CSV:44,34,76",
                "--convert-to",
                format,
                src.to_str().unwrap(),
            ],
        );
    }
    let o = import(&demo.path, &dir.join("七月管护.xlsx"), &[]);
    assert!(o.status.success(), "xlsx: {}", stderr(&o));
    assert!(stdout(&o).contains("新增 2 条记录"), "{}", stdout(&o));
    let o = import(&demo.path, &dir.join("七月管护.xls"), &["--dry-run"]);
    assert!(o.status.success(), "xls: {}", stderr(&o));
    assert!(stdout(&o).contains("将新增 2 条记录"), "{}", stdout(&o));

    // An old .xls with a bad cell is refused like any workbook: sheet, row, column.
    let bad = csv.replace(",35,", ",-35,");
    let src = dir.join("八月管护.csv");
    std::fs::write(&src, bad).unwrap();
    soffice(
        dir,
        &[
            "--infilter=CSV:44,34,76",
            "--convert-to",
            "xls",
            src.to_str().unwrap(),
        ],
    );
    let err = refused(&demo.path, &dir.join("八月管护.xls"));
    assert!(err.contains("第 2 行 E 列「数量」：不能为负数"), "{err}");
}

/// Issue 11 point 7 made the window refuse a completed work dated after today; a workbook (and a
/// JSON file, `tests/data/exchange/cases.json`) is refused the same way, by the same check.
#[test]
fn a_completed_work_dated_after_today_is_refused_from_a_workbook_too() {
    let demo = demo_ledger();
    let xlsx = demo.dir.path().join("导出.xlsx");
    export_xlsx(&demo.path, &xlsx);
    let mut sheets = sheets_of(&xlsx);
    let done = sheet(&mut sheets, "工程量-完成");
    let date = col(done, "完成日期");
    done.rows[1][date] = Value::Text("2999-01-01".into());
    let edited = vec![done.clone()];
    let book = demo.dir.path().join("明年.xlsx");
    std::fs::write(&book, write_book(&edited)).unwrap();
    let err = refused(&demo.path, &book);
    assert!(
        err.contains("工作表「工程量-完成」第 2 行") && err.contains("「完成日期」"),
        "{err}"
    );
}

/// Issue 10: a rule's own evidence limit goes out in the rules sheet and comes back; a workbook
/// made before the column existed leaves the limit as it is.
#[test]
fn a_rules_evidence_limit_goes_out_in_the_rules_sheet_and_comes_back() {
    use restoration_ledger::domain::{Rule, RuleKind};
    let demo = demo_ledger();
    let xlsx = demo.dir.path().join("export.xlsx");
    export_xlsx(&demo.path, &xlsx);
    let mut sheets = sheets_of(&xlsx);
    let fire_row = |s: &RawSheet| {
        let k = col(s, "指标");
        (1..s.rows.len())
            .find(|r| s.rows[*r][k] == Value::Text("自燃测温预警".into()))
            .unwrap()
    };
    {
        let s = sheet(&mut sheets, "指标规则");
        let d = col(s, "数据有效期(天)");
        let row = fire_row(s);
        assert_eq!(s.rows[row][d], Value::Empty, "the default is an empty cell");
        s.rows[row][d] = Value::Number(30.0);
    }
    let edited = demo.dir.path().join("edited.xlsx");
    std::fs::write(&edited, write_book(&sheets)).unwrap();
    let o = import(&demo.path, &edited, &["--reason", "监测频次加密"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("修改 1 条"), "{}", stdout(&o));
    let limit = |ledger: &Path| {
        Store::open(ledger, Access::ReadOnly)
            .unwrap()
            .list::<Rule>()
            .unwrap()
            .into_iter()
            .find(|r| r.kind == RuleKind::FireSurfaceTemperature)
            .unwrap()
            .stale_after_days
    };
    assert_eq!(limit(&demo.path), Some(30));
    // Out again: the cell holds it.
    let again = demo.dir.path().join("again.xlsx");
    export_xlsx(&demo.path, &again);
    let mut sheets = sheets_of(&again);
    {
        let s = sheet(&mut sheets, "指标规则");
        let row = fire_row(s);
        assert_eq!(s.rows[row][col(s, "数据有效期(天)")], Value::Number(30.0));
        // A workbook without the column (made by an earlier version) changes nothing.
        let d = col(s, "数据有效期(天)");
        for r in &mut s.rows {
            r.remove(d);
        }
    }
    let older = demo.dir.path().join("older.xlsx");
    std::fs::write(&older, write_book(&sheets)).unwrap();
    let o = import(&demo.path, &older, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(limit(&demo.path), Some(30));
    // Out of range is refused, naming the sheet's column.
    {
        let s = sheet(&mut sheets, "指标规则");
        let row = fire_row(s);
        let k = col(s, "指标");
        s.rows[0].insert(k + 1, Value::Text("数据有效期(天)".into()));
        for (i, r) in s.rows.iter_mut().enumerate().skip(1) {
            r.insert(
                k + 1,
                if i == row {
                    Value::Number(5000.0)
                } else {
                    Value::Empty
                },
            );
        }
    }
    let bad = demo.dir.path().join("bad.xlsx");
    std::fs::write(&bad, write_book(&sheets)).unwrap();
    let o = import(&demo.path, &bad, &[]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("数据有效期"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert_eq!(limit(&demo.path), Some(30));
}

/// Issue 25 case 9: one cell at XFD1048576 (even an empty string) aborted the program asking for
/// 512 GiB; a cell at XFD5000 took 14 s and 4.5 GB. The work is bounded by the cells present.
#[test]
fn a_cell_at_the_sheets_last_address_neither_crashes_nor_fills_memory() {
    let demo = demo_ledger();
    let mut s = aftercare_template(&demo);
    let row = good_row(&s);
    s.rows.push(row);
    for (text, row, dry) in [("", 1_048_575, "--dry-run"), ("x", 4_999, "--dry-run")] {
        let book = demo.dir.path().join(format!("far{row}.xlsx"));
        std::fs::write(
            &book,
            write_book_with(std::slice::from_ref(&s), &[(0, row, 16_383, text)]),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let o = import(&demo.path, &book, &[dry]);
        assert_no_panic(&o, "import");
        assert!(
            // Imported, or refused with a message (exit 2): never an abort.
            matches!(o.status.code(), Some(0 | 2)),
            "{:?} {}",
            o.status,
            stderr(&o)
        );
        assert!(!format!("{}{}", stdout(&o), stderr(&o)).trim().is_empty());
        // Not a timed figure: a sheet read by its last address took minutes here.
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }
}

/// Issue 25 case 9: a workbook whose sheet XML is damaged imported "新增 0 条" with exit 0
/// (calamine's `worksheets()` skipped the sheet). It is refused, naming the sheet.
#[test]
fn a_sheet_that_cannot_be_read_is_refused_by_name_not_skipped() {
    use std::io::{Read, Write};
    let demo = demo_ledger();
    let xlsx = demo.dir.path().join("e.xlsx");
    export_xlsx(&demo.path, &xlsx);
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let damaged = demo.dir.path().join("damaged.xlsx");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&damaged).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            // A broken end tag half-way through.
            let half = data.len() / 2;
            data.truncate(half);
            data.extend_from_slice(b"</row</sheetData></worksheet>");
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap();
    let err = refused(&demo.path, &damaged);
    assert!(
        err.contains("工作表「") && err.contains("无法读取"),
        "{err}"
    );
}

/// Issue 25 case 9: an empty workbook was "imported" with exit 0, and columns under headers the
/// program does not know were dropped without a word.
#[test]
fn an_empty_workbook_is_refused_and_unknown_columns_are_named() {
    let demo = demo_ledger();
    let empty = RawSheet {
        name: "Sheet1".into(),
        first_row: 0,
        first_col: 0,
        rows: vec![],
    };
    let book = demo.dir.path().join("empty.xlsx");
    std::fs::write(&book, write_book(&[empty])).unwrap();
    let err = refused(&demo.path, &book);
    assert!(err.contains("没有可导入的内容"), "{err}");

    let mut s = aftercare_template(&demo);
    let row = good_row(&s);
    s.rows.push(row);
    s.rows[0].push(Value::Text("负责人电话".into()));
    s.rows[1].push(Value::Text("13800000000".into()));
    let book = demo.dir.path().join("extra.xlsx");
    std::fs::write(&book, write_book(&[s])).unwrap();
    let o = import(&demo.path, &book, &["--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        said.contains("负责人电话"),
        "the ignored column is not named: {said}"
    );
}
