//! Form helpers shared by the views: labelled inputs that check what is typed and say what is
//! wrong beside the field.

use super::egui;
use crate::app::session::{Command, Rec, Table};
use crate::domain::{Bench, LedgerData, Milli, QuantityError, Unit, format_milli, strip_grouping};
use crate::i18n::Lang;
use crate::i18n::ui::{self as tr, S, t};
use chrono::{NaiveDate, NaiveDateTime};
use egui_extras::{Column, TableBuilder};
use uuid::Uuid;

pub use crate::domain::typed::ascii_input;
use crate::domain::typed::number_input;

/// Reads a quantity typed in `unit` ("1,250", "１２５０", "1.2万"), or in another unit of the same
/// dimension named after it ("12.5亩" in an area field kept in m²); empty is `None` when the
/// field is optional. What counts whole things (次, 处, 株, 个) takes whole numbers.
pub fn parse_quantity(text: &str, unit: Unit, optional: bool) -> Result<Option<Milli>, S> {
    let (number, typed_unit) = crate::domain::typed::split_unit(text);
    if number.trim().is_empty() && typed_unit.is_none() {
        return if optional {
            Ok(None)
        } else {
            Err(S::ErrRequired)
        };
    }
    let read_in = match typed_unit {
        Some(u) if u.dimension() == unit.dimension() => u,
        Some(_) => return Err(S::ErrWrongUnit),
        None => unit,
    };
    let m = Milli::parse_in(&number, read_in).map_err(|e| match e {
        QuantityError::NotANumber | QuantityError::NotFinite => S::ErrNumber,
        QuantityError::Negative => S::ErrNegative,
        QuantityError::TooLarge => S::ErrTooLarge,
        QuantityError::TooPrecise => S::ErrTooPrecise,
    })?;
    if read_in.counts_whole_things() && m.0 % crate::domain::quantity::MILLI != 0 {
        return Err(S::ErrWholeNumber);
    }
    Ok(Some(m))
}

/// Reads a date as people write it: 2026-11-05, 2026/11/5, 2026.11.5 or 2026年11月5日 (full-width
/// digits too). A date of that shape that does not exist (2026-02-30) is told so.
pub fn parse_date(text: &str) -> Result<NaiveDate, S> {
    use crate::domain::typed::DateFault;
    crate::domain::typed::parse_date(text).map_err(|e| match e {
        DateFault::Shape => S::ErrDate,
        DateFault::NoSuchDate => S::ErrNoSuchDate,
    })
}

/// Reads a whole count ("1,200"); empty is `None` when the field is optional.
pub fn parse_count(text: &str, optional: bool) -> Result<Option<i64>, S> {
    let cleaned = strip_grouping(&number_input(text));
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

/// A bench as lists show it: "22号坡面" / "slope face 22" (its number alone could be either
/// kind); empty when a record names no bench.
pub use crate::i18n::records::bench_name;

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
    // Sized, not merely desired: a grid's first (sizing) frame gives a column 40 px, and a text
    // edit that only asks for 220 stayed that narrow in a scrolling page.
    let r = ui
        .add_sized(
            [FIELD_WIDTH, ui.spacing().interact_size.y],
            egui::TextEdit::singleline(text),
        )
        .labelled_by(lab.id);
    edited(ui, &r);
    // Enter in a one-line field saves the form (the field gives up its focus on Enter).
    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        let pass = ui.ctx().cumulative_pass_nr();
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(ENTER_PRESSED), pass));
    }
    error_cell(ui, l, check);
    r
}

/// The 施工单位 row: picked from the companies the ledger knows (`known`), or typed when a new one
/// starts work. `locked` (a contractor account's own company) shows the company and allows no
/// other.
pub fn contractor_row(
    ui: &mut egui::Ui,
    l: Lang,
    label: S,
    text: &mut String,
    known: &[String],
    locked: Option<&str>,
    check: &Result<String, S>,
) {
    let lab = ui.label(t(l, label));
    if let Some(company) = locked {
        if text.as_str() != company {
            *text = company.to_string();
        }
        // Shown as a field that cannot be changed: it reads like the others.
        let mut shown = company.to_string();
        ui.add_sized(
            [FIELD_WIDTH, ui.spacing().interact_size.y],
            egui::TextEdit::singleline(&mut shown).interactive(false),
        )
        .labelled_by(lab.id);
        ui.label("");
        ui.end_row();
        return;
    }
    ui.horizontal(|ui| {
        let r = ui
            .add_sized(
                [FIELD_WIDTH - 36.0, ui.spacing().interact_size.y],
                egui::TextEdit::singleline(text),
            )
            .labelled_by(lab.id);
        edited(ui, &r);
        if !known.is_empty() {
            egui::ComboBox::from_id_salt(("pick", label))
                .selected_text("")
                .width(28.0)
                .show_ui(ui, |ui| {
                    for k in known {
                        if ui.selectable_label(text.trim() == k, k).clicked() {
                            *text = k.clone();
                            mark_edited(ui.ctx());
                        }
                    }
                })
                .response
                .on_hover_text(t(l, S::PickContractor));
        }
    });
    error_cell(ui, l, check);
}

/// Where the window notes that a form field was changed (kept until no form is on screen).
const FORM_EDITED: &str = "form_edited";
/// The pass in which a form was last drawn.
const FORM_SHOWN: &str = "form_shown";
/// The pass in which Enter was pressed in a form's one-line field.
const ENTER_PRESSED: &str = "form_enter";

/// Notes a change the user made to a form field (fields drawn outside this module call it too).
pub fn edited(ui: &egui::Ui, r: &egui::Response) {
    if r.changed() {
        mark_edited(ui.ctx());
    }
}

fn mark_edited(ctx: &egui::Context) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(FORM_EDITED), true));
}

/// Whether the form on screen holds changes not saved yet.
pub fn unsaved_changes(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(egui::Id::unique(FORM_EDITED)))
        .unwrap_or(false)
}

/// Called once the views are drawn: a form no longer drawn (saved, cancelled) forgets its
/// changes here.
pub fn settle_unsaved(ctx: &egui::Context) {
    let pass = ctx.cumulative_pass_nr();
    let shown = ctx.data(|d| d.get_temp::<u64>(egui::Id::unique(FORM_SHOWN)));
    if shown != Some(pass) {
        forget_changes(ctx);
    }
    // An answer is for the frame after it was given, whichever view took it.
    ctx.data_mut(|d| d.remove::<bool>(egui::Id::unique(REPLACE_ANSWER)));
}

/// The changes were dropped (the user chose to leave the form).
pub fn forget_changes(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<bool>(egui::Id::unique(FORM_EDITED)));
}

/// A view asked to replace a form holding unsaved changes (the window asks the user).
const REPLACE_ASKED: &str = "form_replace_asked";
/// The user's answer, for the frame after they gave it: drop the changes for what the view asked
/// to open (true), or keep editing (false).
const REPLACE_ANSWER: &str = "form_replace_answer";

/// What a view was asked to open in place of its form (another row's record) while the form holds
/// unsaved changes: kept until the user answers the window's question, then opened or forgotten.
#[derive(Debug)]
pub struct Waiting<T>(Option<T>);

impl<T> Default for Waiting<T> {
    fn default() -> Self {
        Waiting(None)
    }
}

impl<T> Waiting<T> {
    /// `next` is to replace the open form: given back at once when nothing typed would be lost,
    /// else kept while the window asks whether to drop the changes.
    pub fn replace(&mut self, ctx: &egui::Context, next: T) -> Option<T> {
        if unsaved_changes(ctx) {
            self.0 = Some(next);
            ctx.data_mut(|d| d.insert_temp(egui::Id::unique(REPLACE_ASKED), true));
            None
        } else {
            Some(next)
        }
    }

    /// What the user agreed to drop their changes for, in the frame after they said so; nothing
    /// (and nothing kept) once they chose to keep editing.
    pub fn agreed(&mut self, ctx: &egui::Context) -> Option<T> {
        match ctx.data(|d| d.get_temp::<bool>(egui::Id::unique(REPLACE_ANSWER))) {
            Some(true) => self.0.take(),
            Some(false) => {
                self.0 = None;
                None
            }
            None => None,
        }
    }

    /// `next`, or what the user agreed to open after being asked (see [`Waiting::replace`]).
    pub fn next(&mut self, ctx: &egui::Context, next: Option<T>) -> Option<T> {
        let agreed = self.agreed(ctx);
        next.and_then(|n| self.replace(ctx, n)).or(agreed)
    }
}

/// Whether a view asked, this frame, to replace a form holding unsaved changes.
pub fn take_replace_request(ctx: &egui::Context) -> bool {
    ctx.data_mut(|d| d.remove_temp::<bool>(egui::Id::unique(REPLACE_ASKED)))
        .unwrap_or(false)
}

/// The user's answer to the view's request to replace its form: `drop` the changes (the view
/// opens what it was asked to next frame) or keep editing.
pub fn answer_replace(ctx: &egui::Context, drop: bool) {
    if drop {
        forget_changes(ctx);
    }
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(REPLACE_ANSWER), drop));
    ctx.request_repaint();
}

/// How wide a form's inputs are.
pub const FIELD_WIDTH: f32 = 220.0;

/// The last cell of a form row: the error when there is one, then the end of the row.
fn error_cell<T>(ui: &mut egui::Ui, l: Lang, check: &Result<T, S>) {
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

/// One grid row with a multi-line input.
pub fn multiline_row<T>(
    ui: &mut egui::Ui,
    l: Lang,
    label: S,
    text: &mut String,
    check: &Result<T, S>,
) {
    let lab = ui.label(t(l, label));
    let r = ui
        .add_sized(
            [
                FIELD_WIDTH,
                2.0 * ui.text_style_height(&egui::TextStyle::Body) + 8.0,
            ],
            egui::TextEdit::multiline(text).desired_rows(2),
        )
        .labelled_by(lab.id);
    edited(ui, &r);
    error_cell(ui, l, check);
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
    let before = *value;
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
    if *value != before {
        mark_edited(ui.ctx());
    }
    ui.label("");
    ui.end_row();
}

/// The line under a field for its error: one line high whether or not there is an error (a long
/// one is shortened, the whole on hover), so an error appearing moves nothing below it and the
/// next click lands where it was aimed.
pub fn error_line(ui: &mut egui::Ui, l: Lang, error: Option<S>) {
    let height = ui.text_style_height(&egui::TextStyle::Body);
    let size = egui::vec2(ui.available_width().max(0.0), height);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    if let Some(e) = error {
        let text = egui::RichText::new(t(l, e)).color(bad(ui));
        // In a child of its own: the parent's layout stays as allocated, whatever the label's
        // exact height.
        let mut line = ui.new_child(egui::UiBuilder::new().max_rect(rect));
        line.add(egui::Label::new(text).truncate());
    }
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

/// Asks before deleting the record `what` names (table, id, version) and sends the deletion
/// once confirmed. With `reason`, a reason must be typed first (a record already approved).
/// True once answered either way, so the caller stops asking.
pub fn ask_delete(
    ctx: &egui::Context,
    l: Lang,
    data: &LedgerData,
    salt: &str,
    what: (Table, Uuid, i64),
    reason: Option<&mut String>,
    out: &mut Vec<Command>,
) -> bool {
    let reason = reason.map(|r| (r, S::ErrReasonRequired));
    ask_delete_why(ctx, l, data, salt, what, reason, out)
}

/// As [`ask_delete`], the reason's hint (why one is needed) given with it.
pub fn ask_delete_why(
    ctx: &egui::Context,
    l: Lang,
    data: &LedgerData,
    salt: &str,
    (table, id, version): (Table, Uuid, i64),
    reason: Option<(&mut String, S)>,
    out: &mut Vec<Command>,
) -> bool {
    let (mut reason, why) = match reason {
        Some((r, why)) => (Some(r), why),
        None => (None, S::ErrReasonRequired),
    };
    let mut answered = false;
    egui::Modal::new(egui::Id::unique(("confirm_delete", salt))).show(ctx, |ui| {
        // Which record: the user sees what goes before saying yes.
        ui.label(tr::confirm_delete(l, &tr::table_name(l, table.code())));
        ui.strong(describe(l, data, table, id));
        ui.add_space(4.0);
        let mut reason_ok = true;
        if let Some(reason) = reason.as_mut() {
            reason_ok = !reason.trim().is_empty();
            let lab = ui.label(t(l, S::FieldReason));
            ui.text_edit_singleline(*reason).labelled_by(lab.id);
            if !reason_ok {
                ui.colored_label(bad(ui), t(l, why));
            }
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(reason_ok, egui::Button::new(t(l, S::Yes)))
                .clicked()
            {
                out.push(Command::Delete {
                    table,
                    id,
                    version,
                    reason: reason
                        .as_deref()
                        .map(|r| r.trim().to_string())
                        .unwrap_or_default(),
                });
                answered = true;
            }
            if ui.button(t(l, S::Cancel)).clicked() {
                answered = true;
            }
        });
    });
    answered
}

/// A record in one line, as a person would name it: date, kind, place, amount.
pub fn describe(l: Lang, data: &LedgerData, table: Table, id: Uuid) -> String {
    use crate::domain::Quantity;
    let zh = l.is_zh();
    let short = |text: &str| {
        let mut s: String = text.chars().take(40).collect();
        if text.chars().count() > 40 {
            s.push('…');
        }
        s
    };
    let bench = |b: Option<Uuid>| {
        b.and_then(|b| data.bench(b))
            .map(|b| tr::bench_choice(l, b))
    };
    let join = |parts: Vec<Option<String>>| {
        parts
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let found = match table {
        Table::Work => data.works.iter().find(|r| r.meta.id == id).map(|w| {
            join(vec![
                Some(w.date.to_string()),
                Some(crate::i18n::work_phase(l, w.phase).to_string()),
                Some(crate::i18n::work_kind(l, w.kind).to_string()),
                bench(w.bench_id),
                Some(
                    Quantity {
                        base: w.quantity,
                        unit: w.unit,
                    }
                    .display(zh),
                ),
            ])
        }),
        Table::Planting => data.plantings.iter().find(|r| r.meta.id == id).map(|p| {
            join(vec![
                Some(p.date.to_string()),
                Some(p.species.clone()),
                bench(p.bench_id),
            ])
        }),
        Table::Survey => data.surveys.iter().find(|r| r.meta.id == id).map(|v| {
            join(vec![
                Some(v.date.to_string()),
                bench(v.bench_id),
                Some(format!("{} / {}", v.alive, v.planted)),
            ])
        }),
        Table::Aftercare => data.aftercare.iter().find(|r| r.meta.id == id).map(|e| {
            join(vec![
                Some(e.date.to_string()),
                Some(e.contractor.clone()),
                Some(crate::i18n::aftercare_kind(l, e.kind).to_string()),
                Some(short(&e.note)),
            ])
        }),
        Table::Problem => data.problems.iter().find(|r| r.meta.id == id).map(|p| {
            join(vec![
                Some(p.found_on.to_string()),
                Some(short(&p.description)),
            ])
        }),
        Table::Reading => data.readings.iter().find(|r| r.meta.id == id).map(|r| {
            let point = data
                .monitoring_points
                .iter()
                .find(|p| p.meta.id == r.point_id)
                .map(|p| p.name.clone());
            join(vec![
                point,
                Some(r.taken_at.format("%Y-%m-%d %H:%M").to_string()),
                r.temperature.map(|v| format!("{} °C", format_milli(v, 1))),
                r.co.map(|v| format!("CO {} ppm", format_milli(v.0, 1))),
            ])
        }),
        Table::Bench => data.bench(id).map(|b| tr::bench_choice(l, b)),
        Table::Rule => data
            .rules
            .iter()
            .find(|r| r.meta.id == id)
            .map(|r| crate::i18n::rule_kind(l, r.kind).to_string()),
        Table::Mine => data
            .mines
            .iter()
            .find(|r| r.meta.id == id)
            .map(|m| m.name.clone()),
        Table::Pile => data
            .piles
            .iter()
            .find(|r| r.meta.id == id)
            .map(|p| p.name.clone()),
        Table::Point => data
            .monitoring_points
            .iter()
            .find(|r| r.meta.id == id)
            .map(|p| join(vec![Some(p.name.clone()), Some(p.location.clone())])),
        Table::SignOff => data.sign_offs.iter().find(|r| r.meta.id == id).map(|s| {
            join(vec![
                Some(s.revision.clone()),
                Some(s.date.to_string()),
                Some(s.prepared_by.clone()),
            ])
        }),
    };
    found.unwrap_or_default()
}

/// The title of a form: `edit` when it edits a record, `add` when it adds one.
pub fn title(editing: bool, edit: S, add: S) -> S {
    if editing { edit } else { add }
}

/// A preview of what a file would do, before anything is written: a window in the middle of the
/// screen (spreadsheet imports and field-package merges), headed by `title`.
pub fn preview_window(l: Lang, title: S) -> egui::Window<'static> {
    egui::Window::new(t(l, title))
        .collapsible(false)
        .resizable(true)
        .default_width(720.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
}

/// Notes that a form is on screen this frame (its changes are kept until it is not).
pub fn shown(ctx: &egui::Context) {
    let pass = ctx.cumulative_pass_nr();
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(FORM_SHOWN), pass));
}

/// A form in a group frame under its heading; returns what `contents` returns.
pub fn form_frame<R>(
    ui: &mut egui::Ui,
    l: Lang,
    title: S,
    contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    shown(ui.ctx());
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            heading(ui, t(l, title));
            contents(ui)
        })
        .inner
}

/// The grid of a form's rows: label, input, and the error beside it.
pub fn field_grid(ui: &mut egui::Ui, id: &str, rows: impl FnOnce(&mut egui::Ui)) {
    egui::Grid::new(id)
        .num_columns(3)
        .spacing([10.0, 6.0])
        .show(ui, rows);
}

/// A check shown only once something is typed or saving was tried: an empty field nobody has
/// tried to save yet is not marked wrong.
pub fn once_tried<T: Default>(
    text: &str,
    tried: bool,
    check: impl FnOnce() -> Result<T, S>,
) -> Result<T, S> {
    if text.is_empty() && !tried {
        Ok(T::default())
    } else {
        check()
    }
}

/// One grid row with a text taken as typed (nothing to check).
pub fn plain_row(ui: &mut egui::Ui, l: Lang, label: S, text: &mut String) {
    text_row(ui, l, label, text, &Ok::<(), S>(()));
}

/// The date row of a form, checked as YYYY-MM-DD.
pub fn date_row(ui: &mut egui::Ui, l: Lang, text: &mut String) {
    let d = parse_date(text);
    text_row(ui, l, S::FieldDate, text, &d);
}

/// The bench choices of a form: none, then every bench by number.
pub fn bench_options(l: Lang, data: &LedgerData) -> Vec<(Option<Uuid>, String)> {
    let mut benches: Vec<&Bench> = data.benches.iter().collect();
    benches.sort_by_key(|b| b.number);
    std::iter::once((None, t(l, S::NoBench).to_string()))
        .chain(
            benches
                .into_iter()
                .map(|b| (Some(b.meta.id), tr::bench_choice(l, b))),
        )
        .collect()
}

/// The bench row of a form.
pub fn bench_row(ui: &mut egui::Ui, l: Lang, data: &LedgerData, bench: &mut Option<Uuid>) {
    choice_row(ui, l, S::FieldBench, bench, &bench_options(l, data));
}

/// The kind, bench and unit rows of a work's form; choosing another kind resets the unit to
/// that kind's own.
pub fn work_kind_rows(
    ui: &mut egui::Ui,
    l: Lang,
    data: &LedgerData,
    (kind, bench, unit): (&mut crate::domain::WorkKind, &mut Option<Uuid>, &mut Unit),
) {
    use crate::domain::WorkKind;
    let before = *kind;
    let kinds = options(WorkKind::ALL, |k| crate::i18n::work_kind(l, k));
    choice_row(ui, l, S::FieldKind, kind, &kinds);
    if *kind != before {
        *unit = kind.default_unit();
    }
    bench_row(ui, l, data, bench);
    let units = options(&Unit::choices(kind.dimension()), |u| u.symbol(l.is_zh()));
    choice_row(ui, l, S::FieldUnit, unit, &units);
}

/// The choices of a choice row: every value with its name.
pub fn options<V: Copy, N: ToString>(all: &[V], name: impl Fn(V) -> N) -> Vec<(V, String)> {
    all.iter().map(|v| (*v, name(*v).to_string())).collect()
}

/// Save and cancel under a form, and the "fix the red fields" note while `build` fails;
/// pushes the command `build` makes when Save is clicked. True when Cancel was clicked.
pub fn save_row(
    ui: &mut egui::Ui,
    l: Lang,
    form_error: &mut bool,
    out: &mut Vec<Command>,
    build: impl FnOnce() -> Option<Command>,
) -> bool {
    let mut cancel = false;
    let pass = ui.ctx().cumulative_pass_nr();
    let enter = ui.ctx().data_mut(|d| {
        d.remove_temp::<u64>(egui::Id::unique(ENTER_PRESSED))
            .is_some_and(|p| p == pass)
    });
    ui.horizontal(|ui| {
        if ui.button(t(l, S::Save)).clicked() || enter {
            match build() {
                Some(cmd) => {
                    *form_error = false;
                    out.push(cmd);
                }
                None => *form_error = true,
            }
        }
        if ui.button(t(l, S::Cancel)).clicked() {
            cancel = true;
        }
        if *form_error {
            ui.colored_label(bad(ui), t(l, S::ErrFixFields));
        }
    });
    cancel
}

/// Insert or update (with no reason), as the form was opened.
pub fn command(rec: Rec, editing: bool) -> Command {
    if editing {
        Command::Update {
            rec,
            reason: String::new(),
        }
    } else {
        Command::Insert(rec)
    }
}

/// A striped table under its header row, one `(heading, column)` a column; the headings over
/// `numeric` columns are right-aligned so they sit above the digits.
pub fn table<'a>(
    ui: &'a mut egui::Ui,
    l: Lang,
    salt: &str,
    columns: &[(S, Column)],
    numeric: &[S],
) -> egui_extras::Table<'a> {
    header_table(TableBuilder::new(ui).id_salt(salt), l, columns, numeric)
}

/// As [`table`], from a builder already named and set up (a height limit).
pub fn header_table<'a>(
    builder: TableBuilder<'a>,
    l: Lang,
    columns: &[(S, Column)],
    numeric: &[S],
) -> egui_extras::Table<'a> {
    columns
        .iter()
        .fold(builder.striped(true), |table, (_, c)| table.column(*c))
        .header(22.0, |mut r| {
            for (c, _) in columns {
                r.col(|ui| {
                    header_cell(ui, t(l, *c), numeric.contains(c));
                });
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_users_type_is_read_full_width_digits_wan_and_slashed_dates() {
        let q = |t| parse_quantity(t, Unit::M2, false);
        assert_eq!(q("１２５０"), Ok(Some(Milli::from_whole(1250))));
        assert_eq!(q("１，２５０．５"), Ok(Some(Milli(1_250_500))));
        assert_eq!(q("1.2万"), Ok(Some(Milli::from_whole(12_000))));
        assert_eq!(q("1.23456万"), Ok(Some(Milli(12_345_600))));
        assert_eq!(q("58.5万"), Ok(Some(Milli::from_whole(585_000))));
        assert_eq!(parse_count("２万", false), Ok(Some(20_000)));
        assert_eq!(q("abc"), Err(S::ErrNumber));
        let day = NaiveDate::from_ymd_opt(2026, 11, 5);
        for t in [
            "2026-11-05",
            "2026/11/5",
            "2026.11.5",
            "2026年11月5日",
            "２０２６-１１-０５",
        ] {
            assert_eq!(parse_date(t).ok(), day, "{t}");
        }
        assert_eq!(parse_date("2026-02-30"), Err(S::ErrNoSuchDate));
        assert_eq!(parse_date("next week"), Err(S::ErrDate));
        assert_eq!(parse_date("20261105"), Err(S::ErrDate));
    }
}
