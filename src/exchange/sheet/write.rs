//! Writes a workbook (rust_xlsxwriter): a 汇总 sheet with the headline figures and plan vs
//! actual, then one sheet per table — headers in the chosen language with units, numbers as
//! numbers, dates as dates, the header frozen, an autofilter, dropdowns for kinds, units and
//! benches, and two hidden columns (id, version) that tie each row to its record. A template is
//! the same workbook without rows, with an instructions sheet first.

use rust_xlsxwriter::{
    Color, DataValidation, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use super::layout::{Col, ID_HEADER, Kind, SHEETS, Sheet, VERSION_HEADER};
use super::{Names, Value, enum_names, for_each_row, show};
use crate::domain::record::record_spec;
use crate::domain::*;
use crate::i18n::{self, Lang};

/// What is done with each row of a table: its meta and its columns' values.
pub type EachRow<'a> = dyn FnMut(&Meta, Vec<Cell>) -> Result<(), XlsxError> + 'a;

/// Where a workbook's rows come from, table by table, one row at a time: the records in memory
/// ([`LedgerData`]), or read from the ledger as they are written, so a million after-care entries
/// are never all held at once.
pub trait Rows {
    fn each_row(&self, table: &str, f: &mut EachRow<'_>) -> Result<(), XlsxError>;
}

impl Rows for LedgerData {
    fn each_row(&self, table: &str, f: &mut EachRow<'_>) -> Result<(), XlsxError> {
        for_each_row(self, table, f)
    }
}

/// What a workbook is written from.
pub struct Input<'a> {
    /// The records the sheets name others by (benches, piles, points, plantings, mines) and the
    /// summary's title; with [`Input::rows`] `None`, every record.
    pub data: &'a LedgerData,
    /// The rows of the table sheets; `None`: those of `data`.
    pub rows: Option<&'a dyn Rows>,
    pub summary: &'a Summary,
    pub lang: Lang,
    /// No rows: a template to fill in.
    pub template: bool,
}

struct Formats {
    header: Format,
    hidden_header: Format,
    int: Format,
    decimal: Format,
    one_decimal: Format,
    date: Format,
    date_time: Format,
    text: Format,
    title: Format,
}

fn formats() -> Formats {
    let font = "等线";
    let base = Format::new().set_font_name(font).set_font_size(10.5);
    Formats {
        header: base
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter),
        hidden_header: base.clone().set_font_color(Color::RGB(0x808080)),
        int: base.clone().set_num_format("#,##0"),
        decimal: base.clone().set_num_format("#,##0.00"),
        one_decimal: base.clone().set_num_format("0.0"),
        date: base.clone().set_num_format("yyyy-mm-dd"),
        date_time: base.clone().set_num_format("yyyy-mm-dd hh:mm"),
        text: base.clone(),
        title: base.set_bold().set_font_size(14),
    }
}

/// The header of a column in the workbook's language.
pub fn header(col: &Col, l: Lang) -> &'static str {
    l.pick(col.zh, col.en)
}

/// Writes the workbook to `out`. The table sheets are written row by row in rust_xlsxwriter's
/// constant-memory mode (a row at a time goes to a temporary file, strings inline), so a ledger of
/// a million entries does not hold a second, far larger copy of itself as cells.
pub fn workbook<W: std::io::Write + std::io::Seek + Send>(
    input: &Input<'_>,
    out: W,
) -> Result<(), XlsxError> {
    let f = formats();
    let l = input.lang;
    let mut wb = Workbook::new();
    let names = Names { data: input.data };
    if input.template {
        instructions(wb.add_worksheet(), l, &f)?;
    } else {
        summary_sheet(wb.add_worksheet(), input, &f)?;
    }
    let lists = Lists::of(input.data, l);
    for sheet in SHEETS {
        if input.template && !sheet.importable {
            continue;
        }
        let ws = if input.template {
            wb.add_worksheet()
        } else {
            wb.add_worksheet_with_constant_memory()?
        };
        ws.set_name(sheet.name(l.is_zh()))?;
        table_sheet(ws, sheet, input, &names, &lists, &f)?;
    }
    if !input.template {
        instructions(wb.add_worksheet(), l, &f)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(LISTS_SHEET)?;
    lists.write(ws)?;
    ws.set_hidden(true);
    wb.save_to_writer(out)
}

const LISTS_SHEET: &str = "lists";

/// The choices the dropdowns offer, kept on a hidden sheet (a list written into the validation
/// itself is limited to 255 characters).
struct Lists {
    columns: Vec<(String, Vec<String>)>,
}

impl Lists {
    fn of(data: &LedgerData, l: Lang) -> Lists {
        let zh = l.is_zh();
        let mut columns: Vec<(String, Vec<String>)> = Vec::new();
        for sheet in SHEETS {
            for col in sheet.cols {
                let key = list_key(col.kind);
                if key.is_empty() || columns.iter().any(|(k, _)| *k == key) {
                    continue;
                }
                let values: Vec<String> = match col.kind {
                    Kind::Code(e) => enum_names(e)
                        .into_iter()
                        .map(|(_, z, en)| if zh { z } else { en }.to_string())
                        .collect(),
                    Kind::Unit => Unit::ALL
                        .into_iter()
                        .map(|u| u.symbol(zh).to_string())
                        .collect(),
                    Kind::Bench => data
                        .benches
                        .iter()
                        .map(|b| super::bench_label(l, b))
                        .collect(),
                    Kind::Bool => vec![l.pick("是", "yes").into(), l.pick("否", "no").into()],
                    Kind::Ref(table) => {
                        let names = Names { data };
                        let mut ids: Vec<uuid::Uuid> = Vec::new();
                        match table {
                            "mines" => ids.extend(data.mines.iter().map(|r| r.meta.id)),
                            "piles" => ids.extend(data.piles.iter().map(|r| r.meta.id)),
                            "monitoring_points" => {
                                ids.extend(data.monitoring_points.iter().map(|r| r.meta.id))
                            }
                            "plantings" => ids.extend(data.plantings.iter().map(|r| r.meta.id)),
                            _ => {}
                        }
                        ids.into_iter()
                            .map(|id| names.label(l, table, id))
                            .collect()
                    }
                    _ => Vec::new(),
                };
                columns.push((key, values));
            }
        }
        Lists { columns }
    }

    fn write(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, (key, values)) in self.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string(0, c, key)?;
            for (r, v) in values.iter().enumerate() {
                ws.write_string(r as u32 + 1, c, v)?;
            }
        }
        Ok(())
    }

    /// The dropdown of a column, if it has one.
    fn validation(&self, kind: Kind, l: Lang) -> Result<Option<DataValidation>, XlsxError> {
        let key = list_key(kind);
        let Some(at) = self.columns.iter().position(|(k, _)| *k == key) else {
            return Ok(None);
        };
        let n = self.columns[at].1.len();
        if n == 0 {
            return Ok(None);
        }
        let letter = column_letter(at as u16);
        let v = DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "={LISTS_SHEET}!${letter}$2:${letter}${}",
                n + 1
            )))
            .set_error_title(l.pick("不在可选范围内", "Not one of the choices"))?
            .set_error_message(l.pick(
                "请从下拉列表中选择一项。",
                "Choose one of the values in the dropdown list.",
            ))?;
        Ok(Some(v))
    }
}

/// Which list a column's dropdown shows ("" for none).
fn list_key(kind: Kind) -> String {
    match kind {
        Kind::Code(e) => format!("{e:?}"),
        Kind::Unit => "Unit".into(),
        Kind::Bench => "Bench".into(),
        Kind::Bool => "Bool".into(),
        Kind::Ref(t) => format!("Ref:{t}"),
        _ => String::new(),
    }
}

/// "A", "B", … "AA" for a zero-based column.
pub fn column_letter(mut c: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// Display width of a text (a CJK character counts two).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    kind: Kind,
    v: &Value,
    f: &Formats,
) -> Result<(), XlsxError> {
    match v {
        Value::Empty => {}
        Value::Number(n) => {
            let format = match kind {
                Kind::Int => &f.int,
                Kind::Decimal(Unit::Celsius | Unit::Ppm | Unit::Percent) => &f.one_decimal,
                Kind::Scaled => &f.text,
                _ => &f.decimal,
            };
            ws.write_number_with_format(row, col, *n, format)?;
        }
        Value::Date(d) => {
            use chrono::Datelike;
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &x, &f.date)?;
        }
        Value::DateTime(t) => {
            use chrono::{Datelike, Timelike};
            let x = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?
                .and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64)?;
            ws.write_datetime_with_format(row, col, &x, &f.date_time)?;
        }
        Value::Text(s) => {
            ws.write_string_with_format(row, col, s, &f.text)?;
        }
        Value::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

fn table_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    input: &Input<'_>,
    names: &Names<'_>,
    lists: &Lists,
    f: &Formats,
) -> Result<(), XlsxError> {
    let l = input.lang;
    let spec = record_spec(sheet.table);
    let cols = sheet.cols;
    let mut widths: Vec<usize> = cols.iter().map(|c| width(header(c, l)).max(8)).collect();
    // Before any row: in constant-memory mode a row is on disk once the next one is written.
    ws.set_row_height(0, 30)?;
    for (i, col) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, header(col, l), &f.header)?;
    }
    let id_col = cols.len() as u16;
    if sheet.importable {
        ws.write_string_with_format(0, id_col, ID_HEADER, &f.hidden_header)?;
        ws.write_string_with_format(0, id_col + 1, VERSION_HEADER, &f.hidden_header)?;
    }
    let mut r = 1u32;
    let mut row = |meta: &Meta, cells: Vec<Cell>| -> Result<(), XlsxError> {
        let at = |name: &str| {
            spec.and_then(|s| s.columns.iter().position(|(n, _)| *n == name))
                .and_then(|i| cells.get(i))
        };
        if sheet
            .fixed
            .iter()
            .any(|(c, code)| at(c) != Some(&Cell::Text(code.to_string())))
        {
            return Ok(());
        }
        let unit = match at("unit") {
            Some(Cell::Text(code)) => Unit::from_code(code.as_str()).unwrap_or(Unit::Count),
            _ => Unit::Count,
        };
        for (i, col) in cols.iter().enumerate() {
            let cell = at(col.column).cloned().unwrap_or(Cell::Null);
            let v = show(col, &cell, unit, names, l);
            if let Value::Text(s) = &v {
                widths[i] = widths[i].max(width(s).min(60));
            }
            write_value(ws, r, i as u16, col.kind, &v, f)?;
        }
        if sheet.importable {
            ws.write_string(r, id_col, meta.id.to_string())?;
            ws.write_number(r, id_col + 1, meta.version as f64)?;
        }
        r += 1;
        Ok(())
    };
    if !input.template {
        let rows: &dyn Rows = input.rows.unwrap_or(input.data);
        rows.each_row(sheet.table, &mut row)?;
    }
    for (i, col) in cols.iter().enumerate() {
        let w = match col.kind {
            Kind::Date => 12,
            Kind::DateTime => 17,
            Kind::Int | Kind::Decimal(_) | Kind::InRowUnit | Kind::Scaled => widths[i].max(12),
            _ => widths[i],
        };
        ws.set_column_width(i as u16, (w + 2) as f64)?;
        if sheet.importable
            && let Some(v) = lists.validation(col.kind, l)?
        {
            ws.add_data_validation(1, i as u16, 1_048_575, i as u16, &v)?;
        }
    }
    if sheet.importable {
        ws.set_column_width(id_col, 38)?;
        ws.set_column_hidden(id_col)?;
        ws.set_column_hidden(id_col + 1)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = if sheet.importable {
        id_col + 1
    } else {
        id_col - 1
    };
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), last_col)?;
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, input: &Input<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let zh = l.is_zh();
    let d = input.data;
    ws.set_name(l.pick("汇总", "Summary"))?;
    let title = match (d.mines.first(), d.piles.first()) {
        (Some(m), Some(p)) => format!("{} {}", m.name, p.name),
        (Some(m), None) => m.name.clone(),
        (None, Some(p)) => p.name.clone(),
        (None, None) => String::new(),
    };
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{title} {}",
            l.pick("生态修复台账汇总", "restoration ledger summary")
        )
        .trim(),
        &f.title,
    )?;
    let h = &input.summary.headline;
    // (label, value, whether it is a count)
    let rows: Vec<(&str, f64, bool)> = vec![
        (
            l.pick("坡面与马道(个)", "Slope faces and berms"),
            h.slope_faces_and_berms as f64,
            true,
        ),
        (
            l.pick("缓坡区修整(平方米)", "Gentle slope trimmed (m²)"),
            h.gentle_slope_trimmed.to_f64_in(Unit::M2),
            false,
        ),
        (
            l.pick("平面积平整(平方米)", "Flat area leveled (m²)"),
            h.flat_area_leveled.to_f64_in(Unit::M2),
            false,
        ),
        (
            l.pick("覆土(立方米)", "Soil cover (m³)"),
            h.soil_cover.to_f64_in(Unit::M3),
            false,
        ),
        (
            l.pick("截排水沟(米)", "Ditches (m)"),
            h.ditch_length.to_f64_in(Unit::M),
            false,
        ),
        (
            l.pick("绿化面积(平方米)", "Green area (m²)"),
            h.green_area.to_f64_in(Unit::M2),
            false,
        ),
        (
            l.pick("排矸量(吨)", "Gangue dumped (t)"),
            h.gangue_dumped.to_f64_in(Unit::T),
            false,
        ),
        (
            l.pick("未关闭问题(项)", "Open problems"),
            h.open_problems as f64,
            true,
        ),
        (
            l.pick("逾期问题(项)", "Overdue problems"),
            h.overdue_problems as f64,
            true,
        ),
        (
            l.pick("待审核管护记录(条)", "After-care awaiting review"),
            h.pending_aftercare as f64,
            true,
        ),
    ];
    ws.write_string_with_format(2, 0, l.pick("指标", "Figure"), &f.header)?;
    ws.write_string_with_format(2, 1, l.pick("数值", "Value"), &f.header)?;
    for (i, (label, value, count)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string_with_format(r, 0, *label, &f.text)?;
        let format = if *count { &f.int } else { &f.decimal };
        ws.write_number_with_format(r, 1, *value, format)?;
    }
    let top = 3 + rows.len() as u32 + 1;
    let heads = [
        l.pick("工程类型", "Work"),
        l.pick("设计量", "Planned"),
        l.pick("完成量", "Completed"),
        l.pick("单位", "Unit"),
        l.pick("完成率(%)", "Complete (%)"),
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *h, &f.header)?;
    }
    for (i, p) in input.summary.progress.iter().enumerate() {
        let r = top + 1 + i as u32;
        let unit = p.kind.default_unit();
        ws.write_string_with_format(r, 0, i18n::work_kind(l, p.kind), &f.text)?;
        ws.write_number_with_format(r, 1, p.planned.to_f64_in(unit), &f.decimal)?;
        ws.write_number_with_format(r, 2, p.completed.to_f64_in(unit), &f.decimal)?;
        ws.write_string_with_format(r, 3, unit.symbol(zh), &f.text)?;
        if let Some(pc) = p.percent_milli() {
            ws.write_number_with_format(r, 4, pc as f64 / 1000.0, &f.one_decimal)?;
        }
    }
    ws.set_column_width(0, 30)?;
    for c in 1..5 {
        ws.set_column_width(c, 16)?;
    }
    ws.set_active(true);
    Ok(())
}

fn instructions(ws: &mut Worksheet, l: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(l.pick("说明", "Instructions"))?;
    ws.write_string_with_format(
        0,
        0,
        l.pick("填写说明", "How to fill in this workbook"),
        &f.title,
    )?;
    for (i, line) in super::text::instructions(l).iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, *line, &f.text)?;
    }
    ws.set_column_width(0, 110)?;
    Ok(())
}

/// One table as a person sees it in the window — the rows shown, in the order shown, with the
/// columns' headers — for a workbook of its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShownTable {
    /// The sheet's name (the view's title).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// A workbook holding one shown table: header frozen with an autofilter, numbers as numbers
/// (whole numbers with thousands separators, others with two decimals), dates as dates.
pub fn shown_table_workbook(table: &ShownTable) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // A sheet name is at most 31 characters and may not hold []:*?/\.
    let name: String = table
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        ws.set_name(name.trim())?;
    }
    let mut widths: Vec<usize> = table.header.iter().map(|h| width(h).max(6)).collect();
    for (c, h) in table.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    // A column is written as whole numbers if every number in it is whole.
    let whole: Vec<bool> = (0..table.header.len())
        .map(|c| {
            table.rows.iter().all(|r| match r.get(c) {
                Some(Value::Number(n)) => n.fract() == 0.0,
                _ => true,
            })
        })
        .collect();
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let kind = if whole.get(c).copied().unwrap_or(false) {
                Kind::Int
            } else {
                Kind::Decimal(Unit::M)
            };
            match v {
                Value::Text(s) => widths[c] = widths[c].max(width(s).min(60)),
                Value::Number(_) => widths[c] = widths[c].max(12),
                Value::Date(_) => widths[c] = widths[c].max(11),
                Value::DateTime(_) => widths[c] = widths[c].max(16),
                _ => {}
            }
            write_value(ws, r, c as u16, kind, v, &f)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2) as f64)?;
    }
    ws.set_row_height(0, 22)?;
    ws.set_freeze_panes(1, 0)?;
    if !table.header.is_empty() {
        ws.autofilter(
            0,
            0,
            (table.rows.len() as u32).max(1),
            table.header.len() as u16 - 1,
        )?;
    }
    wb.save_to_buffer()
}
