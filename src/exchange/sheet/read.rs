//! Reads what people bring: .xlsx (and .xls, .ods) workbooks with calamine, and CSV files in
//! UTF-8 (with or without a BOM) or in GBK/GB18030, which Chinese Excel writes by default.

use super::Value;
use super::text::{Problem, SheetIssue};

/// One sheet as read: its cells from `first_row`/`first_col` (zero-based) on.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub first_row: u32,
    pub first_col: u32,
    pub rows: Vec<Vec<Value>>,
}

/// The most rows one file may bring (Excel's own limit).
pub const MAX_ROWS: usize = 1_048_576;

fn whole_file(name: &str, what: Problem) -> Box<SheetIssue> {
    Box::new(SheetIssue {
        sheet: name.to_string(),
        row: None,
        column: None,
        what,
    })
}

/// Every sheet of a workbook or CSV file. `file_name` decides CSV (by extension) and names the
/// file in messages.
pub fn read(bytes: &[u8], file_name: &str) -> Result<Vec<RawSheet>, Box<SheetIssue>> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let lower = file_name.to_lowercase();
    if bytes.starts_with(OLE) {
        // An OLE container is an .xls workbook, or an .xlsx encrypted with a password.
        let utf16: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()) {
            return Err(whole_file(file_name, Problem::Encrypted));
        }
        return workbook(bytes, file_name, Kind::Xls);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let ods = bytes
            .windows(39)
            .take(200)
            .any(|w| w == b"mimetypeapplication/vnd.oasis.opendocum");
        // An .xlsb keeps its workbook as xl/workbook.bin (its parts are named in the zip's
        // directory at the end).
        let xlsb = bytes.windows(15).any(|w| w == b"xl/workbook.bin");
        // A password-protected .ods keeps its parts encrypted and says so in its manifest
        // (calamine's error said to save it as .xlsx).
        if ods && ods_is_encrypted(bytes) {
            return Err(whole_file(file_name, Problem::Encrypted));
        }
        let kind = if ods {
            Kind::Ods
        } else if xlsb {
            Kind::Xlsb
        } else {
            Kind::Xlsx
        };
        return workbook(bytes, file_name, kind);
    }
    if [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return Err(whole_file(
            file_name,
            Problem::Unreadable("not a workbook: the file is damaged or of another kind".into()),
        ));
    }
    csv(bytes, file_name).map(|s| vec![s])
}

/// Whether an OpenDocument file's manifest names encryption data (a password on the file).
fn ods_is_encrypted(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let Ok(mut manifest) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = String::new();
    manifest.read_to_string(&mut text).is_ok() && text.contains("encryption-data")
}

enum Kind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// The most cells holding something one sheet may bring (a full 1,048,576-row sheet of a dozen
/// columns is 12.6 million): beyond it a sheet is refused before it fills memory.
pub const MAX_CELLS: usize = 20_000_000;

/// Every sheet of a workbook, read by name: a sheet that cannot be read is refused naming it
/// (calamine's `worksheets()` skips it and its rows were lost without a word). An .xlsx sheet is
/// read cell by cell, so the work is bounded by the cells present, not by the last cell's address
/// (one cell at XFD1048576 once asked for 512 GiB).
fn workbook(bytes: &[u8], file_name: &str, kind: Kind) -> Result<Vec<RawSheet>, Box<SheetIssue>> {
    use calamine::Reader;
    let cursor = std::io::Cursor::new(bytes);
    let unreadable = |e: String| whole_file(file_name, Problem::Unreadable(e));
    let sheet_unreadable = |name: &str, e: String| whole_file(name, Problem::Unreadable(e));
    let mut out = Vec::new();
    match kind {
        Kind::Xlsx => {
            let mut wb = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor)
                .map_err(|e| unreadable(e.to_string()))?;
            for name in wb.sheet_names() {
                let mut reader = wb
                    .worksheet_cells_reader(&name)
                    .map_err(|e| sheet_unreadable(&name, e.to_string()))?;
                let mut cells: Vec<((u32, u32), Value)> = Vec::new();
                while let Some(cell) = reader
                    .next_cell()
                    .map_err(|e| sheet_unreadable(&name, e.to_string()))?
                {
                    let v = value(&calamine::Data::from(cell.get_value().clone()));
                    if v.is_empty() {
                        continue;
                    }
                    if cells.len() >= MAX_CELLS {
                        return Err(whole_file(&name, Problem::TooManyCells { max: MAX_CELLS }));
                    }
                    cells.push((cell.get_position(), v));
                }
                out.push(sparse_sheet(name, cells)?);
            }
        }
        Kind::Xlsb => {
            let wb = calamine::open_workbook_from_rs::<calamine::Xlsb<_>, _>(cursor)
                .map_err(|e| unreadable(e.to_string()))?;
            out = dense_sheets(wb)?;
        }
        Kind::Ods => {
            let wb = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor)
                .map_err(|e| unreadable(e.to_string()))?;
            out = dense_sheets(wb)?;
        }
        Kind::Xls => {
            let wb = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(cursor)
                .map_err(|e| unreadable(e.to_string()))?;
            out = dense_sheets(wb)?;
        }
    }
    Ok(out)
}

/// Every sheet of a workbook whose reader builds a whole range (.xls, .xlsb, .ods), by name: one
/// that cannot be read is refused, naming it.
fn dense_sheets<RS, R>(mut wb: R) -> Result<Vec<RawSheet>, Box<SheetIssue>>
where
    RS: std::io::Read + std::io::Seek,
    R: calamine::Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| whole_file(&name, Problem::Unreadable(e.to_string())))?;
        out.push(dense_sheet(name, &range));
    }
    Ok(out)
}

/// A sheet from the cells that hold something: rows from the first used row to the last, each
/// as long as its own last cell.
fn sparse_sheet(
    name: String,
    cells: Vec<((u32, u32), Value)>,
) -> Result<RawSheet, Box<SheetIssue>> {
    let first_row = cells.iter().map(|c| c.0.0).min().unwrap_or(0);
    let first_col = cells.iter().map(|c| c.0.1).min().unwrap_or(0);
    let last_row = cells.iter().map(|c| c.0.0).max().unwrap_or(0);
    let height = if cells.is_empty() {
        0
    } else {
        (last_row - first_row) as usize + 1
    };
    if height > MAX_ROWS {
        return Err(whole_file(
            &name,
            Problem::TooManyRows {
                rows: height,
                max: MAX_ROWS,
            },
        ));
    }
    let mut rows: Vec<Vec<Value>> = vec![Vec::new(); height];
    for ((r, c), v) in cells {
        let row = &mut rows[(r - first_row) as usize];
        let at = (c - first_col) as usize;
        if row.len() <= at {
            row.resize(at + 1, Value::Empty);
        }
        row[at] = v;
    }
    Ok(RawSheet {
        name,
        first_row,
        first_col,
        rows,
    })
}

fn dense_sheet(name: String, range: &calamine::Range<calamine::Data>) -> RawSheet {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|r| r.iter().map(value).collect())
        .collect();
    RawSheet {
        name,
        first_row,
        first_col,
        rows,
    }
}

fn value(d: &calamine::Data) -> Value {
    use calamine::Data;
    match d {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(x) if x.is_datetime() => {
            let serial = x.as_f64();
            match super::excel_serial(serial) {
                Some(t) if serial.fract() == 0.0 => Value::Date(t.date()),
                Some(t) => Value::DateTime(t),
                None => Value::Number(serial),
            }
        }
        Data::DateTime(x) => Value::Number(x.as_f64()),
        Data::DateTimeIso(s) => {
            let s = s.trim();
            if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Value::Date(d)
            } else if let Ok(t) = s.parse::<chrono::NaiveDateTime>() {
                Value::DateTime(t)
            } else {
                Value::Text(s.to_string())
            }
        }
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(format!("#{e:?}")),
        Data::Empty => Value::Empty,
    }
}

/// Where a quoted field opens and never closes in CSV `text`: (row, column), both from 1. A
/// field is quoted when its first character is `"`; inside it `""` is a quote and the field ends
/// at a quote followed by the separator, a line break or the end.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<(u32, u32)> {
    let bytes = text.as_bytes();
    let (mut row, mut col) = (1u32, 1u32);
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_field_start && b == b'"' {
            let (open_row, open_col) = (row, col);
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Some((open_row, open_col)),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\n') => {
                        row += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            at_field_start = false;
            continue;
        }
        if b == delimiter {
            col += 1;
            at_field_start = true;
        } else if b == b'\n' {
            row += 1;
            col = 1;
            at_field_start = true;
        } else if b != b'\r' {
            at_field_start = false;
        }
        i += 1;
    }
    None
}

/// The text of a CSV file: UTF-8 (a BOM is dropped), or else GB18030 (which covers GBK).
pub fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    (!had_errors).then(|| text.into_owned())
}

fn csv(bytes: &[u8], file_name: &str) -> Result<RawSheet, Box<SheetIssue>> {
    let text = decode(bytes).ok_or_else(|| {
        whole_file(
            file_name,
            Problem::Unreadable("the text is neither UTF-8 nor GBK".into()),
        )
    })?;
    // Excel's "sep=;" first line names the separator (and is not data).
    let (text, hinted) = match text.split_once('\n') {
        Some((first, rest))
            if first.trim_end_matches('\r').len() == 5
                && first.starts_with("sep=")
                && first.is_ascii() =>
        {
            (rest.to_string(), Some(first.as_bytes()[4]))
        }
        _ => (text, None),
    };
    // Excel in some locales writes semicolons; a tab-separated paste is accepted too.
    // Judged over the first lines: a title row above the header may hold no separator at all.
    let head: Vec<&str> = text.lines().take(20).collect();
    let delimiter = hinted.unwrap_or_else(|| {
        [b';', b'\t', b',']
            .into_iter()
            .max_by_key(|d| {
                head.iter()
                    .map(|l| l.bytes().filter(|b| b == d).count())
                    .sum::<usize>()
            })
            .unwrap_or(b',')
    });
    // A quote opened and never closed swallows every row after it into one cell: refuse it,
    // naming where it opened, before anything is read.
    if let Some((row, column)) = unclosed_quote(&text, delimiter) {
        return Err(Box::new(SheetIssue {
            sheet: file_name.to_string(),
            row: Some(row),
            column: None,
            what: Problem::UnclosedQuote { column },
        }));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Box::new(SheetIssue {
                sheet: file_name.to_string(),
                row: Some(i as u32 + 1),
                column: None,
                what: Problem::Unreadable(e.to_string()),
            })
        })?;
        if rows.len() >= MAX_ROWS {
            return Err(whole_file(
                file_name,
                Problem::TooManyRows {
                    rows: rows.len() + 1,
                    max: MAX_ROWS,
                },
            ));
        }
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file_name.to_string());
    Ok(RawSheet {
        name: stem,
        first_row: 0,
        first_col: 0,
        rows,
    })
}

#[cfg(test)]
mod quote_tests {
    use super::*;

    /// Issue 25 case 9: a CSV with an unclosed quote in the last column added one record and kept
    /// the following rows inside its note; in a middle column the message quoted the rest of the
    /// file as a "unit".
    #[test]
    fn an_unclosed_quote_is_refused_naming_where_it_opened() {
        let last =
            "日期,施工单位,备注\n2025-06-01,甲,\"补植\n2025-06-02,乙,浇水\n2025-06-03,丙,巡查\n";
        let err = read(last.as_bytes(), "a.csv").unwrap_err();
        assert_eq!(
            (err.row, &err.what),
            (Some(2), &Problem::UnclosedQuote { column: 3 })
        );
        let middle = "日期,施工单位,备注\n2025-06-01,\"甲,补植\n2025-06-02,乙,浇水\n";
        let err = read(middle.as_bytes(), "b.csv").unwrap_err();
        assert_eq!(
            (err.row, &err.what),
            (Some(2), &Problem::UnclosedQuote { column: 2 })
        );
        assert!(err.message(crate::i18n::Lang::Zh).contains("第 2 列以引号"));
        // Closed quotes, escaped quotes and line breaks inside quotes read as they are.
        let fine = "a,b\n\"x, \"\"y\"\"\",\"two\nlines\"\nz,w\n";
        let sheet = read(fine.as_bytes(), "c.csv").unwrap().remove(0);
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[1][0], Value::Text("x, \"y\"".into()));
    }

    /// Issue 25 case 9: Excel's "sep=" hint was read as data.
    #[test]
    fn a_sep_line_names_the_separator_and_is_not_data() {
        let text = "sep=;\r\n日期;备注,逗号\n2025-06-01;a,b\n";
        let sheet = read(text.as_bytes(), "s.csv").unwrap().remove(0);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[1][1], Value::Text("a,b".into()));
    }
}
