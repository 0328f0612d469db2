//! Form helpers shared by the views: labelled inputs that check what is typed and say what is
//! wrong beside the field.

use super::egui;
use crate::domain::{Milli, QuantityError, Unit, format_milli};
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};
use chrono::NaiveDate;

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
