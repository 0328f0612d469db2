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

/// A quantity typed with its unit after it ("12.5亩", "3 hm²", "1,200 株", "１２．５ 亩"): the
/// number's text (ASCII, 万 written out) and the unit, when a unit's name ends the text (the
/// longest name that does: "万吨" before "吨").
pub fn split_unit(text: &str) -> (String, Option<super::Unit>) {
    let ascii = ascii_input(text);
    let trimmed = ascii.trim();
    let lower = trimmed.to_lowercase();
    let found = super::Unit::ALL
        .into_iter()
        .flat_map(|u| u.names().into_iter().map(move |n| (u, n)))
        .filter(|(_, n)| !n.is_empty() && lower.ends_with(&n.to_lowercase()))
        .max_by_key(|(_, n)| n.len());
    match found {
        Some((unit, name)) => {
            let number = &lower[..lower.len() - name.to_lowercase().len()];
            // A unit's name only follows a number ("12.5亩"), never stands for all of it.
            if number.trim().is_empty()
                || !number
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_digit() || c == '万' || c == '.')
            {
                (expand_wan(trimmed), None)
            } else {
                (expand_wan(number), Some(unit))
            }
        }
        None => (expand_wan(trimmed), None),
    }
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

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::domain::Unit;

    /// Issue 24 case 8: "12.5亩" in an area field read "请输入数字".
    #[test]
    fn a_unit_typed_after_the_number_is_read_with_it() {
        assert_eq!(split_unit("12.5亩"), ("12.5".to_string(), Some(Unit::Mu)));
        assert_eq!(split_unit(" 3 hm² "), ("3".to_string(), Some(Unit::Hm2)));
        assert_eq!(
            split_unit("１２．５ 亩"),
            ("12.5".to_string(), Some(Unit::Mu))
        );
        assert_eq!(
            split_unit("1.2万平方米"),
            ("12000".to_string(), Some(Unit::M2))
        );
        assert_eq!(split_unit("3万吨"), ("3".to_string(), Some(Unit::WanT)));
        assert_eq!(split_unit("1,250"), ("1,250".to_string(), None));
        assert_eq!(split_unit("1.2万"), ("12000".to_string(), None));
        assert_eq!(split_unit("亩"), ("亩".to_string(), None));
    }
}
