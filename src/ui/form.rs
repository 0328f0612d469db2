//! Form helpers shared by the views: labelled inputs that check what is typed and say what is
//! wrong beside the field.

use super::egui;
use crate::domain::{Milli, QuantityError, Unit, format_milli};
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};
use chrono::{NaiveDate, NaiveDateTime};

/// Reads a quantity typed in `unit`; empty is `None` when the field is optional.
pub fn parse_quantity(text: &str, unit: Unit, optional: bool) -> Result<Option<Milli>, S> {
    if text.trim().is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err(S::ErrRequired)
        };
    }
    Milli::parse_in(text, unit).map(Some).map_err(|e| match e {
        QuantityError::NotANumber | QuantityError::NotFinite => S::ErrNumber,
        QuantityError::Negative => S::ErrNegative,
        QuantityError::TooLarge => S::ErrTooLarge,
        QuantityError::TooPrecise => S::ErrTooPrecise,
    })
}

/// Reads a YYYY-MM-DD date.
pub fn parse_date(text: &str) -> Result<NaiveDate, S> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| S::ErrDate)
}

/// Reads a whole count ("1,200"); empty is `None` when the field is optional.
pub fn parse_count(text: &str, optional: bool) -> Result<Option<i64>, S> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '_' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err(S::ErrRequired)
        };
    }
    match cleaned.parse::<i64>() {
        Ok(n) if n < 0 => Err(S::ErrNegative),
        Ok(n) if n > 1_000_000_000_000 => Err(S::ErrTooLarge),
        Ok(n) => Ok(Some(n)),
        Err(_) if cleaned.parse::<f64>().is_ok() => Err(S::ErrWholeNumber),
        Err(_) => Err(S::ErrNumber),
    }
}

/// Reads a value that may be below zero (a winter temperature) in thousandths; empty is `None`.
pub fn parse_signed(text: &str, unit: Unit) -> Result<Option<i64>, S> {
    let trimmed = text.trim();
    let (negative, rest) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    if negative && rest.trim().is_empty() {
        return Err(S::ErrNumber);
    }
    Ok(parse_quantity(rest, unit, true)?.map(|m| if negative { -m.0 } else { m.0 }))
}

/// Reads a percentage of at most 100 % (thousandths of a percent).
pub fn parse_percent(text: &str, optional: bool) -> Result<Option<Milli>, S> {
    match parse_quantity(text, Unit::Percent, optional)? {
        Some(m) if m.0 > 100_000 => Err(S::ErrOver100),
        other => Ok(other),
    }
}

/// Reads a YYYY-MM-DD HH:MM date and time.
pub fn parse_date_time(text: &str) -> Result<NaiveDateTime, S> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M").map_err(|_| S::ErrDateTime)
}

/// The text a form starts from for an optional amount kept in thousandths.
pub fn milli_text(m: Option<Milli>) -> String {
    m.map(|m| format_milli(m.0, 3)).unwrap_or_default()
}

/// A number in a table cell, right-aligned so digits line up.
pub fn num_cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text);
    });
}

/// A number in a table cell, right-aligned, in `color`.
pub fn num_cell_colored(ui: &mut egui::Ui, color: egui::Color32, text: impl Into<egui::RichText>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.colored_label(color, text);
    });
}

/// A required text.
pub fn required(text: &str) -> Result<String, S> {
    let s = text.trim();
    if s.is_empty() {
        Err(S::ErrRequired)
    } else {
        Ok(s.to_string())
    }
}

/// A quantity in `unit`, as the text a form starts from.
pub fn quantity_text(m: Milli, unit: Unit) -> String {
    let v = m.to_f64_in(unit);
    format_milli((v * 1000.0).round() as i64, 3)
}

/// One grid row: label, text input (labelled by it), and the error when there is one.
pub fn text_row<T>(
    ui: &mut egui::Ui,
    l: Lang,
    label: S,
    text: &mut String,
    check: &Result<T, S>,
) -> egui::Response {
    let lab = ui.label(t(l, label));
    let r = ui
        .add(egui::TextEdit::singleline(text).desired_width(220.0))
        .labelled_by(lab.id);
    match check {
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, t(l, *e));
        }
        Ok(_) => {
            ui.label("");
        }
    }
    ui.end_row();
    r
}

/// One grid row with a multi-line input.
pub fn multiline_row<T>(
    ui: &mut egui::Ui,
    l: Lang,
    label: S,
    text: &mut String,
    check: &Result<T, S>,
) {
    let lab = ui.label(t(l, label));
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_width(220.0)
            .desired_rows(2),
    )
    .labelled_by(lab.id);
    match check {
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, t(l, *e));
        }
        Ok(_) => {
            ui.label("");
        }
    }
    ui.end_row();
}

/// One grid row with a choice among `options`.
pub fn choice_row<V: PartialEq + Copy>(
    ui: &mut egui::Ui,
    l: Lang,
    label: S,
    value: &mut V,
    options: &[(V, String)],
) {
    let lab = ui.label(t(l, label));
    let selected = options
        .iter()
        .find(|(v, _)| v == value)
        .map(|(_, s)| s.clone())
        .unwrap_or_default();
    egui::ComboBox::from_id_salt(("choice", label))
        .selected_text(selected)
        .width(220.0)
        .show_ui(ui, |ui| {
            for (v, s) in options {
                ui.selectable_value(value, *v, s);
            }
        })
        .response
        .labelled_by(lab.id);
    ui.label("");
    ui.end_row();
}

/// The error colour for overdue and failing values.
pub fn bad(ui: &egui::Ui) -> egui::Color32 {
    ui.visuals().error_fg_color
}

/// A section heading.
pub fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(4.0);
    ui.label(egui::RichText::new(text).size(18.0).strong());
    ui.add_space(2.0);
}

/// A column heading; right-aligned over a column of numbers so it sits above the digits.
pub fn header_cell(ui: &mut egui::Ui, text: &str, numeric: bool) {
    if numeric {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.strong(text);
        });
    } else {
        ui.strong(text);
    }
}

/// Asks before deleting; `Some(true)` once confirmed, `Some(false)` when cancelled.
pub fn confirm_delete(ctx: &egui::Context, l: Lang, salt: &str) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique(("confirm_delete", salt))).show(ctx, |ui| {
        ui.label(t(l, S::ConfirmDelete));
        ui.horizontal(|ui| {
            if ui.button(t(l, S::Yes)).clicked() {
                answer = Some(true);
            }
            if ui.button(t(l, S::Cancel)).clicked() {
                answer = Some(false);
            }
        });
    });
    answer
}
