//! What people type, as the parsers read it: the Chinese input method's full-width digits,
//! "1.2万", and dates written 2026-11-05, 2026/11/5, 2026.11.5 or 2026年11月5日. The window's forms
//! and the spreadsheet reader both read through here.

use chrono::NaiveDate;

use super::quantity::strip_grouping;

/// Full-width digits, letters and signs (１２５０，１２．５) as their ASCII forms, the ideographic
/// space as a space.
pub fn ascii_input(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// "1.2万" → "12000": a number followed by 万 (ten thousand) written out, the decimal point
/// moved four places (so no rounding); anything else as it is (trimmed).
pub fn expand_wan(text: &str) -> String {
    let t = text.trim();
    let Some(number) = t.strip_suffix('万') else {
        return t.to_string();
    };
    let number = strip_grouping(number);
    let (int, frac) = number.split_once('.').unwrap_or((&number, ""));
    let moved: String = frac.chars().chain(std::iter::repeat('0')).take(4).collect();
    let rest = frac.get(4..).unwrap_or("");
    if rest.is_empty() {
        format!("{int}{moved}")
    } else {
        format!("{int}{moved}.{rest}")
    }
}

/// A number as typed, ready for [`super::Milli::parse_in`]: ASCII, 万 written out.
pub fn number_input(text: &str) -> String {
    expand_wan(&ascii_input(text))
}

/// Why a typed date was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFault {
    /// Not of a date's shape.
    Shape,
    /// Of a date's shape, but no such day (2026-02-30).
    NoSuchDate,
}

/// Reads a date as people write it (full-width digits too).
pub fn parse_date(text: &str) -> Result<NaiveDate, DateFault> {
    let t = ascii_input(text);
    let t = t.trim().trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(DateFault::Shape);
    };
    let num = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match (num(y, 4), num(m, 2), num(d, 2)) {
        (Some(y), Some(m), Some(d)) if y >= 1000 => {
            NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateFault::NoSuchDate)
        }
        _ => Err(DateFault::Shape),
    }
}
