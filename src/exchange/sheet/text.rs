//! What the spreadsheet import and the template say, in Chinese and English: each problem names
//! the sheet, the row and the column as the user sees them.

use super::Fault;
use super::layout::Sheet;
use crate::i18n::Lang;

/// Where in the workbook a problem is, and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetIssue {
    /// The sheet's name as it is in the file.
    pub sheet: String,
    /// The row number as the spreadsheet shows it (1 is the first row).
    pub row: Option<u32>,
    /// The column letter and header as the spreadsheet shows them.
    pub column: Option<(String, String)>,
    pub what: Problem,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Cell(Fault),
    /// The header row lacks a column the sheet needs.
    MissingColumn(String),
    /// No header row with this sheet's columns in the first rows.
    NoHeader {
        expected: Vec<String>,
    },
    /// The same record id twice.
    DuplicateId {
        first_row: u32,
    },
    /// The hidden id is not a record id.
    BadId(String),
    /// The record was changed in the ledger after the workbook was exported.
    ChangedSince {
        version: i64,
        now: i64,
    },
    /// The hidden id names a record of another table.
    WrongTable,
    /// Another row of the file or a record already has this key (bench number and kind; rule kind).
    Taken(String),
    /// The whole file cannot be read.
    Unreadable(String),
    /// An encrypted (password-protected) workbook.
    Encrypted,
    /// The old binary Excel format.
    OldExcel,
    /// Neither a sheet of this program nor a CSV with known headers.
    UnknownSheet,
    /// Too many rows in one file.
    TooManyRows {
        rows: usize,
        max: usize,
    },
    /// No sheet of the file holds anything to import (empty, or no sheets).
    NothingToImport,
    /// A quote opened in this column (from 1) of the issue's row and never closed.
    UnclosedQuote {
        column: u32,
    },
    /// Too many cells holding something in one sheet.
    TooManyCells {
        max: usize,
    },
}

impl SheetIssue {
    pub fn message(&self, l: Lang) -> String {
        let zh = l.is_zh();
        let mut place = if zh {
            format!("工作表「{}」", self.sheet)
        } else {
            format!("Sheet \"{}\"", self.sheet)
        };
        if let Some(r) = self.row {
            place.push_str(&if zh {
                format!("第 {r} 行")
            } else {
                format!(", row {r}")
            });
        }
        if let Some((letter, header)) = &self.column {
            place.push_str(&if zh {
                format!(" {letter} 列「{header}」")
            } else {
                format!(", column {letter} ({header})")
            });
        }
        let what = problem(l, &self.what);
        if zh {
            format!("{place}：{what}")
        } else {
            format!("{place}: {what}")
        }
    }
}

fn table_name(l: Lang, table: &str) -> &'static str {
    match table {
        "benches" => l.pick("台阶", "bench"),
        "mines" => l.pick("矿山", "mine"),
        "piles" => l.pick("矸石山", "pile"),
        "monitoring_points" => l.pick("监测点", "monitoring point"),
        "plantings" => l.pick("种植记录", "planting"),
        _ => l.pick("记录", "record"),
    }
}

fn problem(l: Lang, p: &Problem) -> String {
    let zh = l.is_zh();
    match p {
        Problem::Cell(f) => fault(l, f),
        Problem::MissingColumn(h) => {
            if zh {
                format!("缺少「{h}」列。请在表头行加上这一列（可从模板复制表头）。")
            } else {
                format!("the column \"{h}\" is missing. Add it to the header row (copy the headers from the template).")
            }
        }
        Problem::NoHeader { expected } => {
            if zh {
                format!(
                    "前 20 行中找不到表头行。表头应包含：{}。",
                    expected.join("、")
                )
            } else {
                format!(
                    "no header row in the first 20 rows. The headers are: {}.",
                    expected.join(", ")
                )
            }
        }
        Problem::DuplicateId { first_row } => {
            if zh {
                format!("与第 {first_row} 行是同一条记录（隐藏的 id 列相同）。请删去其中一行。")
            } else {
                format!("is the same record as row {first_row} (the hidden id column is the same). Delete one of the two rows.")
            }
        }
        Problem::BadId(id) => {
            if zh {
                format!("隐藏的 id 列「{id}」不是记录编号。请清空这一格（作为新记录导入）。")
            } else {
                format!("the hidden id \"{id}\" is not a record id. Clear the cell to import the row as a new record.")
            }
        }
        Problem::ChangedSince { version, now } => {
            if zh {
                format!("这条记录在导出后已在台账中被修改（导出时第 {version} 版，现在第 {now} 版）。请重新导出后再修改。")
            } else {
                format!("this record was changed in the ledger after the workbook was exported (version {version} then, {now} now). Export again and make the change there.")
            }
        }
        Problem::WrongTable => l
            .pick(
                "隐藏的 id 列指向另一张表的记录。请清空这一格（作为新记录导入）。",
                "the hidden id names a record of another table. Clear the cell to import the row as a new record.",
            )
            .to_string(),
        Problem::Taken(what) => {
            if zh {
                format!("{what} 已存在（在台账中或本文件的另一行）。请改用其他编号，或修改原来那一行。")
            } else {
                format!("{what} already exists (in the ledger or on another row of this file). Use another one, or change that row instead.")
            }
        }
        Problem::Unreadable(why) => {
            if zh {
                format!("无法读取这个文件（{why}）。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。")
            } else {
                format!("the file cannot be read ({why}). Open it in Excel or WPS, save it as .xlsx and import that.")
            }
        }
        Problem::NothingToImport => l
            .pick(
                "工作簿里没有可导入的内容（没有工作表，或工作表都是空的）。请选择填好数据的文件。",
                "the workbook holds nothing to import (no sheets, or only empty ones). Choose the file with the data.",
            )
            .to_string(),
        Problem::UnclosedQuote { column } => {
            if zh {
                format!("第 {column} 列以引号（\"）开头，但这个引号到文件末尾也没有闭合，后面的行都会被当成这一格的内容。请补上闭合的引号，或去掉开头的引号，再导入。")
            } else {
                format!("column {column} opens a quote (\") that is never closed, so every row after it would be read as this one cell. Close the quote, or remove the opening one, and import again.")
            }
        }
        Problem::TooManyCells { max } => {
            let max = crate::domain::group_thousands(*max as i128);
            if zh {
                format!("这张工作表填有内容的单元格超过 {max} 个，不像台账数据。请只保留要导入的行和列，另存后再导入。")
            } else {
                format!("this sheet has more than {max} cells with content, which is not ledger data. Keep only the rows and columns to import, save, and import again.")
            }
        }
        Problem::Encrypted => l
            .pick(
                "文件设有打开密码。请在 Excel 或 WPS 中取消密码后另存，再导入。",
                "the workbook is protected with a password. Remove the password in Excel or WPS, save it, and import again.",
            )
            .to_string(),
        Problem::OldExcel => l
            .pick(
                "这是旧版 Excel 97-2003（.xls）文件。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。",
                "this is an old Excel 97-2003 (.xls) file. Save it as .xlsx in Excel or WPS and import that.",
            )
            .to_string(),
        Problem::UnknownSheet => l
            .pick(
                "不是本程序的工作表，表头也对不上任何一张表。请使用「导出模板」生成的表头。",
                "is not a sheet of this program and its headers match no table. Use the headers of the template.",
            )
            .to_string(),
        Problem::TooManyRows { rows, max } => {
            if zh {
                format!("有 {rows} 行，一次最多导入 {max} 行。请分成几个文件导入。")
            } else {
                format!("has {rows} rows; at most {max} can be imported at once. Split it into several files.")
            }
        }
    }
}

fn fault(l: Lang, f: &Fault) -> String {
    let zh = l.is_zh();
    match f {
        Fault::Required => l.pick("不能为空", "must not be empty").into(),
        Fault::NotANumber(s) => {
            if zh {
                format!("「{s}」不是数字")
            } else {
                format!("\"{s}\" is not a number")
            }
        }
        Fault::Negative => l.pick("不能为负数", "cannot be negative").into(),
        Fault::TooLarge => l.pick("数值过大", "is too large").into(),
        Fault::TooPrecise => l
            .pick(
                "最多三位小数（不会自动四舍五入）",
                "has more than three decimals (they are not rounded)",
            )
            .into(),
        Fault::NotWhole => l.pick("应为整数", "must be a whole number").into(),
        Fault::NotADate(s) => {
            if zh {
                format!("「{s}」不是日期（可写 2023-05-06、2023/5/6 或 2023年5月6日）")
            } else {
                format!("\"{s}\" is not a date (write 2023-05-06 or 2023/5/6)")
            }
        }
        Fault::NoSuchDate(s) => {
            if zh {
                format!("没有「{s}」这一天")
            } else {
                format!("there is no day {s}")
            }
        }
        Fault::NotATime(s) => {
            if zh {
                format!("「{s}」不是日期和时间（可写 2023-05-06 14:30）")
            } else {
                format!("\"{s}\" is not a date and time (write 2023-05-06 14:30)")
            }
        }
        Fault::Unknown { given, choices } => {
            if zh {
                format!("「{given}」不是可选值，可选：{}", choices.join("、"))
            } else {
                format!("\"{given}\" is not one of: {}", choices.join(", "))
            }
        }
        Fault::NoSuch { table, given } => {
            if zh {
                format!("台账中没有{}「{given}」", table_name(l, table))
            } else {
                format!("the ledger has no {} \"{given}\"", table_name(l, table))
            }
        }
        Fault::Ambiguous { table, given } => {
            if zh {
                format!("「{given}」对应多个{}，请写得更具体", table_name(l, table))
            } else {
                format!(
                    "\"{given}\" names several of the {}s; be more specific",
                    table_name(l, table)
                )
            }
        }
        Fault::Record(f) => crate::i18n::ui::fault(l, f),
    }
}

/// The instructions sheet of a template.
pub fn instructions(l: Lang) -> Vec<&'static str> {
    if l.is_zh() {
        vec![
            "1. 每张工作表对应台账中的一类记录（台阶、工程量、种植、后期管护、问题清单……），第一行是表头，请勿修改表头文字。",
            "2. 新记录：在表格末尾另起一行填写，最右侧隐藏的 id 和 version 列留空。",
            "3. 修改记录：直接改单元格。隐藏的 id 列把这一行和台账中的记录对应起来，请勿修改或删除它。",
            "4. 删除一行不会删除台账中的记录；要删除记录，请在程序中操作。",
            "5. 类型、单位、台阶、审核状态等列有下拉列表，请从中选择。台阶写作「10号马道」「3号坡面」。",
            "6. 数量按「单位」列的单位填写，可填 1.2万、1,250；单位可用 平方米、亩、公顷、立方米、米、株 等。",
            "7. 日期可写 2023-05-06、2023/5/6 或 2023年5月6日，也可用 Excel 的日期格式。",
            "8. 导入前程序会先列出将新增、修改和拒收的内容（逐格显示原值 → 新值），确认后才写入；有任何错误时一条也不写入。",
            "9. 也可以导入 CSV 文件（Excel 默认的 GBK 编码或 UTF-8 均可），表头与本模板相同即可。",
            "10. 照片不在工作簿中；照片表只列出文件名和 SHA-256 校验值。",
        ]
    } else {
        vec![
            "1. Each sheet holds one kind of ledger record (benches, works, plantings, after-care, problems …); the first row is the header: do not change the header texts.",
            "2. New records: add a row at the end and leave the hidden id and version columns at the right empty.",
            "3. Changes: edit the cells. The hidden id column ties the row to its record in the ledger: do not change or delete it.",
            "4. Deleting a row deletes nothing in the ledger; delete records in the program.",
            "5. Kinds, units, benches and review states have dropdown lists: choose from them. Benches are written \"berm 10\", \"slope face 3\".",
            "6. Quantities are in the unit of the Unit column; units may be m², mu, hm², m³, m, plants …",
            "7. Dates may be written 2023-05-06 or 2023/5/6, or use Excel's date format.",
            "8. Before anything is written the program lists what will be added, changed (old → new, cell by cell) and refused; with any error nothing is written.",
            "9. CSV files (GBK, as Chinese Excel saves them, or UTF-8) with the same headers can be imported too.",
            "10. Photos are not in the workbook; the Photos sheet lists their file names and SHA-256.",
        ]
    }
}

/// The headers a sheet expects, for messages.
pub fn expected_headers(sheet: &Sheet, l: Lang) -> Vec<String> {
    sheet
        .cols
        .iter()
        .map(|c| l.pick(c.zh, c.en).to_string())
        .collect()
}
