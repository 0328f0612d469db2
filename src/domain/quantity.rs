//! Exact quantities: values kept as integer thousandths of an SI base unit, so totals never drift.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How many stored units make one base unit (m², m³, m, t, 株, kg, °C, ppm, %).
pub const MILLI: i64 = 1000;

/// The largest magnitude accepted for any quantity (in base units): beyond this a value is a typo.
pub const MAX_BASE_VALUE: f64 = 1.0e12;

/// What a quantity measures; decides which units it may be entered and shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Area,
    Volume,
    Length,
    Mass,
    Count,
    Plants,
    SeedMass,
    Temperature,
    Concentration,
    Percent,
}

/// A unit a user may choose. The ledger stores the base unit of its dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// square metre (base of area)
    M2,
    /// hectare, 公顷 (10,000 m²)
    Hm2,
    /// 亩 (10,000/15 m²)
    Mu,
    /// cubic metre (base of volume)
    M3,
    /// metre (base of length)
    M,
    /// tonne (base of mass)
    T,
    /// 万吨 (10,000 t)
    WanT,
    /// pieces (座, 处, 个)
    Count,
    /// plants, 株
    Plants,
    /// kilogram of seed
    Kg,
    /// degree Celsius
    Celsius,
    /// CO in ppm
    Ppm,
    /// percent
    Percent,
}

impl Unit {
    pub const ALL: [Unit; 13] = [
        Unit::M2,
        Unit::Hm2,
        Unit::Mu,
        Unit::M3,
        Unit::M,
        Unit::T,
        Unit::WanT,
        Unit::Count,
        Unit::Plants,
        Unit::Kg,
        Unit::Celsius,
        Unit::Ppm,
        Unit::Percent,
    ];

    pub fn dimension(self) -> Dimension {
        match self {
            Unit::M2 | Unit::Hm2 | Unit::Mu => Dimension::Area,
            Unit::M3 => Dimension::Volume,
            Unit::M => Dimension::Length,
            Unit::T | Unit::WanT => Dimension::Mass,
            Unit::Count => Dimension::Count,
            Unit::Plants => Dimension::Plants,
            Unit::Kg => Dimension::SeedMass,
            Unit::Celsius => Dimension::Temperature,
            Unit::Ppm => Dimension::Concentration,
            Unit::Percent => Dimension::Percent,
        }
    }

    /// Base units per one of this unit, as an exact fraction (numerator, denominator).
    fn factor(self) -> (i128, i128) {
        match self {
            Unit::Hm2 => (10_000, 1),
            Unit::Mu => (10_000, 15),
            Unit::WanT => (10_000, 1),
            _ => (1, 1),
        }
    }

    /// The code used in the exchange format ("m2", "mu", ...).
    pub fn code(self) -> &'static str {
        match self {
            Unit::M2 => "m2",
            Unit::Hm2 => "hm2",
            Unit::Mu => "mu",
            Unit::M3 => "m3",
            Unit::M => "m",
            Unit::T => "t",
            Unit::WanT => "wan_t",
            Unit::Count => "count",
            Unit::Plants => "plants",
            Unit::Kg => "kg",
            Unit::Celsius => "celsius",
            Unit::Ppm => "ppm",
            Unit::Percent => "percent",
        }
    }

    pub fn from_code(code: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.code() == code)
    }

    /// The symbol printed after a number.
    pub fn symbol(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Unit::M2, true) => "平方米",
            (Unit::M2, false) => "m²",
            (Unit::Hm2, true) => "公顷",
            (Unit::Hm2, false) => "hm²",
            (Unit::Mu, true) => "亩",
            (Unit::Mu, false) => "mu",
            (Unit::M3, true) => "立方米",
            (Unit::M3, false) => "m³",
            (Unit::M, true) => "米",
            (Unit::M, false) => "m",
            (Unit::T, true) => "吨",
            (Unit::T, false) => "t",
            (Unit::WanT, true) => "万吨",
            (Unit::WanT, false) => "10⁴ t",
            (Unit::Count, true) => "处",
            (Unit::Count, false) => "pcs",
            (Unit::Plants, true) => "株",
            (Unit::Plants, false) => "plants",
            (Unit::Kg, _) => "kg",
            (Unit::Celsius, _) => "°C",
            (Unit::Ppm, _) => "ppm",
            (Unit::Percent, _) => "%",
        }
    }

    /// Every name a person writes for this unit: its code, its symbols and the common variants
    /// ("亩", "mu"; "公顷", "ha"; "方" for m³; "个", "处", "次" for a count).
    pub fn names(self) -> Vec<&'static str> {
        let mut names = vec![self.code(), self.symbol(true), self.symbol(false)];
        names.extend_from_slice(match self {
            Unit::M2 => &["㎡", "m2", "平米", "平方"][..],
            Unit::Hm2 => &["公顷", "ha", "hm2"],
            Unit::M3 => &["m3", "方", "立方"],
            Unit::Count => &["个", "处", "次", "座"],
            Unit::Plants => &["棵", "株"],
            Unit::Kg => &["千克", "公斤"],
            Unit::T => &["吨"],
            Unit::WanT => &["万吨"],
            Unit::Celsius => &["℃", "度"],
            _ => &[],
        });
        names
    }

    /// Does this unit count whole things (次, 处, 株, 个)? Its quantities are whole numbers.
    pub fn counts_whole_things(self) -> bool {
        matches!(self.dimension(), Dimension::Count | Dimension::Plants)
    }

    /// The base unit of this unit's dimension.
    pub fn base(self) -> Unit {
        match self.dimension() {
            Dimension::Area => Unit::M2,
            Dimension::Mass => Unit::T,
            _ => self,
        }
    }

    /// Units that may be chosen for a dimension.
    pub fn choices(dimension: Dimension) -> Vec<Unit> {
        Unit::ALL
            .into_iter()
            .filter(|u| u.dimension() == dimension)
            .collect()
    }
}

/// Why a number typed or imported cannot be a quantity.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QuantityError {
    #[error("not a number")]
    NotANumber,
    #[error("not a finite number")]
    NotFinite,
    #[error("must not be negative")]
    Negative,
    #[error("is absurdly large (more than 10^12 in its unit)")]
    TooLarge,
    #[error("has more than 3 decimal places")]
    TooPrecise,
}

/// The longest digit string [`decimal_thousandths`] reads: beyond it a number is a typo anyway.
const MAX_DECIMAL_DIGITS: usize = 30;

/// Reads a decimal number written as text ("12.5", "-0.25", "1.5e3", "585000.000") as an exact
/// count of thousandths. A number that thousandths cannot hold exactly (585000.0004, 1e-4) is
/// refused with [`QuantityError::TooPrecise`]; nothing is ever rounded.
pub fn decimal_thousandths(text: &str) -> Result<i128, QuantityError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (
            &unsigned[..i],
            unsigned[i + 1..]
                .parse::<i64>()
                .map_err(|_| QuantityError::NotANumber)?,
        ),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !is_digits(whole) || !is_digits(fraction) {
        return Err(QuantityError::NotANumber);
    }
    // value = digits × 10^-(fraction length - exponent); thousandths = digits × 10^shift.
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    let shift = 3 - (fraction.len() as i64 - exponent);
    let value: i128 = if shift >= 0 {
        if digits.len() as i64 + shift > MAX_DECIMAL_DIGITS as i64 {
            return Err(QuantityError::TooLarge);
        }
        let base: i128 = digits.parse().map_err(|_| QuantityError::NotANumber)?;
        base * 10i128.pow(shift as u32)
    } else {
        let cut = (-shift) as usize;
        let kept = digits.len().saturating_sub(cut);
        if digits[kept..].bytes().any(|b| b != b'0') || cut > digits.len() + MAX_DECIMAL_DIGITS {
            return Err(QuantityError::TooPrecise);
        }
        if kept > MAX_DECIMAL_DIGITS {
            return Err(QuantityError::TooLarge);
        }
        if kept == 0 {
            0
        } else {
            digits[..kept]
                .parse()
                .map_err(|_| QuantityError::NotANumber)?
        }
    };
    Ok(if negative { -value } else { value })
}

/// An exact, non-negative amount stored in thousandths of a base unit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Milli(pub i64);

impl Milli {
    pub const ZERO: Milli = Milli(0);

    pub fn from_whole(v: i64) -> Milli {
        Milli(v.saturating_mul(MILLI))
    }

    /// Reads a number given in `unit` and converts it to thousandths of the base unit.
    pub fn from_f64_in(value: f64, unit: Unit) -> Result<Milli, QuantityError> {
        if !value.is_finite() {
            return Err(QuantityError::NotFinite);
        }
        // The shortest text that reads back as this f64 is what the writer meant; parsing it as a
        // decimal keeps 12345.6789 from becoming 12345.679 (a relative tolerance rounded it).
        Milli::parse_in(&value.to_string(), unit)
    }

    /// Thousandths of `unit` (exact) converted to the base unit, half away from zero.
    fn from_thousandths_in(thousandths: i128, unit: Unit) -> Result<Milli, QuantityError> {
        if thousandths < 0 {
            return Err(QuantityError::Negative);
        }
        let (num, den) = unit.factor();
        let v = thousandths
            .checked_mul(num)
            .ok_or(QuantityError::TooLarge)?;
        let converted = (2 * v + den) / (2 * den);
        if converted > (MAX_BASE_VALUE as i128) * 1000 {
            return Err(QuantityError::TooLarge);
        }
        i64::try_from(converted)
            .map(Milli)
            .map_err(|_| QuantityError::TooLarge)
    }

    /// Parses what a user typed ("1,940,000", "12.5", "1 940 000") exactly: more than three
    /// decimals are refused, never rounded.
    pub fn parse_in(text: &str, unit: Unit) -> Result<Milli, QuantityError> {
        let cleaned = strip_grouping(text);
        if cleaned.is_empty() {
            return Err(QuantityError::NotANumber);
        }
        Milli::from_thousandths_in(decimal_thousandths(&cleaned)?, unit)
    }

    /// The value expressed in `unit`, for display and export.
    pub fn to_f64_in(self, unit: Unit) -> f64 {
        let (num, den) = unit.factor();
        (self.0 as f64) * (den as f64) / (num as f64) / 1000.0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    pub fn checked_add(self, other: Milli) -> Milli {
        Milli(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Milli {
    fn sum<I: Iterator<Item = Milli>>(iter: I) -> Milli {
        iter.fold(Milli::ZERO, |a, b| a.checked_add(b))
    }
}

/// What a user typed without the digit grouping people type ("1,940,000", "1 940 000",
/// "1_000", full-width commas, no-break spaces) and without the spaces around it.
pub fn strip_grouping(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '_' | '\u{a0}'))
        .collect()
}

/// Groups digits of an integer with commas: 1940000 → "1,940,000".
pub fn group_thousands(v: i128) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats thousandths exactly, with grouping and up to `max_decimals` decimals (trailing zeros dropped).
pub fn format_milli(m: i64, max_decimals: usize) -> String {
    let fixed = format_milli_fixed(m, max_decimals);
    if fixed.contains('.') {
        fixed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        fixed
    }
}

/// Formats thousandths with exactly `decimals` decimals (trailing zeros kept: "35.0"), grouped.
pub fn format_milli_fixed(m: i64, decimals: usize) -> String {
    let decimals = decimals.min(3);
    let scale = 10i128.pow(3 - decimals as u32);
    let v = m as i128;
    let rounded = if v >= 0 {
        (v + scale / 2) / scale
    } else {
        (v - scale / 2) / scale
    };
    let unit = 10i128.pow(decimals as u32);
    let whole = rounded / unit;
    let frac = (rounded % unit).unsigned_abs();
    let mut s = if rounded < 0 && whole == 0 {
        format!("-{}", group_thousands(0))
    } else {
        group_thousands(whole)
    };
    if decimals > 0 {
        s.push('.');
        s.push_str(&format!("{:0width$}", frac, width = decimals));
    }
    s
}

impl fmt::Display for Milli {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_milli(self.0, 3))
    }
}

/// A quantity together with the unit its user chose to see it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    pub base: Milli,
    pub unit: Unit,
}

impl Quantity {
    /// Shown in the chosen unit, grouped, at most 2 decimals for converted units.
    pub fn display(&self, zh: bool) -> String {
        format!("{} {}", self.number_text(), self.unit.symbol(zh))
    }

    /// The number alone, in the quantity's unit.
    pub fn number_text(&self) -> String {
        if self.unit.factor() == (1, 1) {
            format_milli(self.base.0, 3)
        } else {
            let v = self.base.to_f64_in(self.unit);
            format_milli((v * 1000.0).round() as i64, 2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_stay_exact() {
        let parts = ["1000000.1", "939999.9"];
        let sum: Milli = parts
            .iter()
            .map(|p| Milli::parse_in(p, Unit::M3).unwrap())
            .sum();
        assert_eq!(sum, Milli::from_whole(1_940_000));
        assert_eq!(sum.to_string(), "1,940,000");
    }

    #[test]
    fn mu_converts_exactly() {
        let m = Milli::from_f64_in(15.0, Unit::Mu).unwrap();
        assert_eq!(m, Milli::from_whole(10_000));
        assert_eq!(
            Milli::from_f64_in(1.0, Unit::Hm2).unwrap(),
            Milli::from_whole(10_000)
        );
    }

    #[test]
    fn rejects_bad_numbers() {
        assert_eq!(
            Milli::from_f64_in(f64::NAN, Unit::M),
            Err(QuantityError::NotFinite)
        );
        assert_eq!(
            Milli::from_f64_in(f64::INFINITY, Unit::M),
            Err(QuantityError::NotFinite)
        );
        assert_eq!(
            Milli::from_f64_in(-1.0, Unit::M),
            Err(QuantityError::Negative)
        );
        assert_eq!(
            Milli::from_f64_in(1e13, Unit::M),
            Err(QuantityError::TooLarge)
        );
        assert_eq!(
            Milli::from_f64_in(1.0001, Unit::M),
            Err(QuantityError::TooPrecise)
        );
        assert_eq!(
            Milli::parse_in("abc", Unit::M),
            Err(QuantityError::NotANumber)
        );
        assert_eq!(Milli::parse_in("", Unit::M), Err(QuantityError::NotANumber));
        assert_eq!(
            Milli::parse_in("1,940,000", Unit::M3).unwrap(),
            Milli::from_whole(1_940_000)
        );
    }

    #[test]
    fn formats_with_grouping() {
        assert_eq!(group_thousands(108_498), "108,498");
        assert_eq!(group_thousands(938), "938");
        assert_eq!(group_thousands(-1_234_567), "-1,234,567");
        assert_eq!(format_milli(12_500, 3), "12.5");
        assert_eq!(format_milli(1_234_567_891, 2), "1,234,567.89");
        assert_eq!(format_milli(0, 2), "0");
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;
    use crate::domain::AftercareKind;

    /// A fire patrol is counted in times, in both languages; every other kind in its unit.
    #[test]
    fn an_entrys_quantity_reads_in_its_kinds_words() {
        let three = Milli(3_000);
        let patrol = AftercareKind::FirePatrol;
        assert_eq!(patrol.quantity_text(three, Unit::Count, true), "3 次");
        assert_eq!(patrol.quantity_text(three, Unit::Count, false), "3 times");
        assert_eq!(
            patrol.quantity_text(Milli::from_whole(1), Unit::Count, false),
            "1 time"
        );
        assert_eq!(
            AftercareKind::Other.quantity_text(three, Unit::Count, true),
            "3 处"
        );
        assert_eq!(
            AftercareKind::Replanting.quantity_text(Milli(999_000), Unit::Plants, true),
            "999 株"
        );
        assert_eq!(
            AftercareKind::Watering.quantity_text(Milli(12_500), Unit::M3, false),
            Quantity {
                base: Milli(12_500),
                unit: Unit::M3
            }
            .display(false)
        );
    }
}
