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
        return workbook(bytes, file_name, if ods { Kind::Ods } else { Kind::Xlsx });
    }
    if lower.ends_with(".xlsx") || lower.ends_with(".xls") || lower.ends_with(".ods") {
        return Err(whole_file(
            file_name,
            Problem::Unreadable("not a workbook: the file is damaged or of another kind".into()),
        ));
    }
    csv(bytes, file_name).map(|s| vec![s])
}

enum Kind {
    Xlsx,
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
        Kind::Ods => {
            let mut wb = calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(cursor)
                .map_err(|e| unreadable(e.to_string()))?;
            for name in wb.sheet_names() {
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|e| sheet_unreadable(&name, e.to_string()))?;
                out.push(dense_sheet(name, &range));
            }
        }
        Kind::Xls => {
            let mut wb = calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(cursor)
                .map_err(|e| unreadable(e.to_string()))?;
            for name in wb.sheet_names() {
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|e| sheet_unreadable(&name, e.to_string()))?;
                out.push(dense_sheet(name, &range));
            }
        }
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
    // Excel in some locales writes semicolons; a tab-separated paste is accepted too.
    // Judged over the first lines: a title row above the header may hold no separator at all.
    let head: Vec<&str> = text.lines().take(20).collect();
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| {
            head.iter()
                .map(|l| l.bytes().filter(|b| b == d).count())
                .sum::<usize>()
        })
        .unwrap_or(b',');
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
