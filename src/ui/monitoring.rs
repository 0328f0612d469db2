//! Monitoring: temperature and CO readings per point, charted with the alarm threshold drawn;
//! the department adds readings here.

use uuid::Uuid;

use super::egui;
use super::form::{self, bad, choice_row, num_cell, num_cell_colored, parse_signed, text_row};
use crate::app::session::{Command, Rec, Session, Table};
use crate::clock::now_stamp;
use crate::domain::*;
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};
use egui_extras::Column;
use egui_plot::{HLine, Line, Plot, PlotPoints, Points};

/// The reading form; every field is checked as it is typed.
#[derive(Debug, Clone)]
pub struct ReadingForm {
    /// The reading being corrected; `None` for a new one.
    editing: Option<Reading>,
    point: Uuid,
    when: String,
    temperature: String,
    co: String,
    note: String,
    tried: bool,
}

impl ReadingForm {
    fn new(point: Uuid) -> ReadingForm {
        ReadingForm {
            editing: None,
            point,
            when: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
            temperature: String::new(),
            co: String::new(),
            note: String::new(),
            tried: false,
        }
    }

    fn edit(r: &Reading) -> ReadingForm {
        ReadingForm {
            editing: Some(r.clone()),
            point: r.point_id,
            when: r.taken_at.format("%Y-%m-%d %H:%M").to_string(),
            temperature: r
                .temperature
                .map(|v| format_milli(v, 3).replace(',', ""))
                .unwrap_or_default(),
            co: form::milli_text(r.co),
            note: r.note.clone(),
            tried: false,
        }
    }

    /// Temperature and CO are each optional, but one of them must be given.
    fn values(&self) -> (Result<Option<i64>, S>, Result<Option<Milli>, S>) {
        let temperature = parse_signed(&self.temperature, Unit::Celsius);
        let co = form::parse_quantity(&self.co, Unit::Ppm, true);
        if let (Ok(None), Ok(None)) = (&temperature, &co)
            && self.tried
        {
            return (Err(S::ErrReadingEmpty), Ok(None));
        }
        (temperature, co)
    }

    fn build(&self, s: &Session) -> Result<Reading, S> {
        let taken_at = form::parse_date_time(&self.when)?;
        let temperature = parse_signed(&self.temperature, Unit::Celsius)?;
        let co = form::parse_quantity(&self.co, Unit::Ppm, true)?;
        if temperature.is_none() && co.is_none() {
            return Err(S::ErrReadingEmpty);
        }
        let meta = match &self.editing {
            Some(r) => r.meta.clone(),
            None => Meta::new(&s.operator, &now_stamp()),
        };
        Ok(Reading {
            meta,
            point_id: self.point,
            taken_at,
            temperature,
            co,
            note: self.note.trim().to_string(),
        })
    }
}

#[derive(Default)]
pub struct MonitoringView {
    point: Option<Uuid>,
    form: Option<ReadingForm>,
    form_error: bool,
    confirm_delete: Option<(Uuid, i64)>,
}

impl MonitoringView {
    /// Closes the open form, dropping what was typed (the user chose to leave it).
    pub fn close_form(&mut self) {
        self.form = None;
    }

    /// The command the form sent succeeded (close it) or not (keep it open).
    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
            self.confirm_delete = None;
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavMonitoring));
            if s.may_edit(Table::Reading)
                && self.form.is_none()
                && let Some(p) = self.point
                && ui.button(t(l, S::AddReading)).clicked()
            {
                self.form = Some(ReadingForm::new(p));
                self.form_error = false;
            }
        });
        if let Some(f) = self.form.as_mut()
            && form_ui(ui, l, s, f, out, &mut self.form_error)
        {
            self.form = None;
        }
        // The chart follows the point the reading is for, so the new reading shows when saved.
        if let Some(f) = &self.form {
            self.point = Some(f.point);
        }
        if self.point.is_none() {
            self.point = s.data.monitoring_points.first().map(|p| p.meta.id);
        }
        let Some(point) = self
            .point
            .and_then(|id| s.data.monitoring_points.iter().find(|p| p.meta.id == id))
        else {
            ui.weak(t(l, S::None_));
            return;
        };
        ui.horizontal(|ui| {
            let lab = ui.label(t(l, S::Point));
            egui::ComboBox::from_id_salt("monitoring_point")
                .selected_text(&point.name)
                .show_ui(ui, |ui| {
                    for p in &s.data.monitoring_points {
                        ui.selectable_value(&mut self.point, Some(p.meta.id), &p.name);
                    }
                })
                .response
                .labelled_by(lab.id);
            ui.weak(&point.location);
        });
        let threshold = |k: RuleKind| {
            s.data
                .rules
                .iter()
                .find(|r| r.kind == k && r.enabled)
                .map(|r| r.threshold)
        };
        let t_alarm = threshold(RuleKind::FireSurfaceTemperature);
        let co_alarm = threshold(RuleKind::FireCarbonMonoxide);
        let mut readings: Vec<&Reading> = s
            .data
            .readings
            .iter()
            .filter(|r| r.point_id == point.meta.id)
            .collect();
        readings.sort_by_key(|r| r.taken_at);
        let day = |r: &Reading| r.taken_at.and_utc().timestamp() as f64 / 86_400.0;
        let temps: Vec<[f64; 2]> = readings
            .iter()
            .filter_map(|r| r.temperature.map(|v| [day(r), v as f64 / 1000.0]))
            .collect();
        let cos: Vec<[f64; 2]> = readings
            .iter()
            .filter_map(|r| r.co.map(|v| [day(r), v.as_f64()]))
            .collect();
        // Each quantity on its own plot with its own labelled axis (°C and ppm shared one
        // unlabelled axis, so a 24 ppm line sat on a 24 °C baseline); the plots move together.
        let link = egui::Id::unique(("monitoring_x", point.meta.id));
        let alarm_name = t(l, S::AlarmThreshold);
        chart(
            ui,
            l,
            Chart {
                id: ("monitoring_temperature", point.meta.id),
                link,
                title: t(l, S::ChartTemperature),
                points: &temps,
                color: egui::Color32::from_rgb(0x1f, 0x77, 0xb4),
                alarm: t_alarm.map(|v| {
                    (
                        v as f64 / 1000.0,
                        format!("{alarm_name} {} °C", format_milli(v, 1)),
                        egui::Color32::RED,
                    )
                }),
            },
        );
        if !cos.is_empty() || co_alarm.is_some() {
            chart(
                ui,
                l,
                Chart {
                    id: ("monitoring_co", point.meta.id),
                    link,
                    title: t(l, S::ChartCo),
                    points: &cos,
                    color: egui::Color32::from_rgb(0x8e, 0x44, 0xad),
                    alarm: co_alarm.map(|v| {
                        (
                            v as f64 / 1000.0,
                            format!("{alarm_name} {} ppm", format_milli(v, 1)),
                            egui::Color32::from_rgb(0xe6, 0x7e, 0x22),
                        )
                    }),
                },
            );
        }
        ui.add_space(6.0);
        let may_edit = s.may_edit(Table::Reading);
        let mut delete = None;
        let mut edit = None;
        form::table(
            ui,
            l,
            "readings_table",
            &[
                (S::ColWhen, Column::exact(150.0)),
                (S::ColTemperature, Column::exact(110.0)),
                (S::ColCo, Column::exact(110.0)),
                (S::ColNote, Column::remainder().at_least(100.0)),
            ],
            &[S::ColTemperature, S::ColCo],
        )
        .body(|body| {
            body.rows(22.0, readings.len(), |mut row| {
                let r = readings[readings.len() - 1 - row.index()];
                row.col(|ui| {
                    ui.label(r.taken_at.format("%Y-%m-%d %H:%M").to_string());
                });
                row.col(|ui| {
                    if let Some(v) = r.temperature {
                        let text = format_milli(v, 1);
                        if t_alarm.is_some_and(|a| v >= a) {
                            let color = bad(ui);
                            num_cell_colored(ui, color, text);
                        } else {
                            num_cell(ui, text);
                        }
                    }
                });
                row.col(|ui| {
                    if let Some(v) = r.co {
                        let text = format_milli(v.0, 1);
                        if co_alarm.is_some_and(|a| v.0 > a) {
                            let color = bad(ui);
                            num_cell_colored(ui, color, text);
                        } else {
                            num_cell(ui, text);
                        }
                    }
                });
                row.col(|ui| {
                    ui.horizontal(|ui| {
                        if may_edit && self.form.is_none() {
                            if ui.small_button(t(l, S::Edit)).clicked() {
                                edit = Some(ReadingForm::edit(r));
                            }
                            if ui.small_button(t(l, S::Delete)).clicked() {
                                delete = Some((r.meta.id, r.meta.version));
                            }
                        }
                        ui.label(&r.note);
                    });
                });
            });
        });
        if delete.is_some() {
            self.confirm_delete = delete;
        }
        if edit.is_some() {
            self.form = edit;
            self.form_error = false;
        }
        if let Some((id, version)) = self.confirm_delete
            && form::ask_delete(
                ui.ctx(),
                l,
                &s.data,
                "readings",
                (Table::Reading, id, version),
                None,
                out,
            )
        {
            self.confirm_delete = None;
        }
    }
}

/// A gap between readings longer than this many days (and than a few usual intervals) is not
/// bridged by the line: nothing was measured then.
const GAP_MIN_DAYS: f64 = 45.0;

/// The runs of readings with no long gap between them (points sorted by day). The gap that
/// breaks the line is the longer of [`GAP_MIN_DAYS`] and four times the usual (median) interval,
/// so weekly readings break at a missed month and a three-year silence never reads as a trend.
pub fn runs(points: &[[f64; 2]]) -> Vec<&[[f64; 2]]> {
    let mut gaps: Vec<f64> = points.windows(2).map(|w| w[1][0] - w[0][0]).collect();
    if gaps.is_empty() {
        return if points.is_empty() {
            Vec::new()
        } else {
            vec![points]
        };
    }
    gaps.sort_by(f64::total_cmp);
    let usual = gaps[gaps.len() / 2];
    let limit = GAP_MIN_DAYS.max(4.0 * usual);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..points.len() {
        if points[i][0] - points[i - 1][0] > limit {
            out.push(&points[start..i]);
            start = i;
        }
    }
    out.push(&points[start..]);
    out
}

/// One quantity's chart.
struct Chart<'a> {
    id: (&'static str, Uuid),
    link: egui::Id,
    title: &'a str,
    points: &'a [[f64; 2]],
    color: egui::Color32,
    /// The alarm threshold: value, legend text, colour.
    alarm: Option<(f64, String, egui::Color32)>,
}

fn chart(ui: &mut egui::Ui, l: Lang, c: Chart<'_>) {
    ui.strong(c.title);
    // No readings: said, not an empty plot whose axis reads 1969-12-31 (issue 26 case 11).
    if c.points.is_empty() {
        ui.weak(t(l, S::NoReadingsYet));
        return;
    }
    Plot::new(c.id)
        .height(150.0)
        // Top left: the newest points are on the right, where the legend covered them.
        .legend(egui_plot::Legend::default().position(egui_plot::Corner::LeftTop))
        .link_axis(c.link, [true, false])
        .link_cursor(c.link, [true, false])
        .y_axis_label(c.title)
        .y_axis_min_width(48.0)
        .x_axis_formatter(|mark, _range| {
            chrono::DateTime::from_timestamp((mark.value * 86_400.0) as i64, 0)
                .map(|d| d.date_naive().to_string())
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            for run in runs(c.points) {
                // The legend shows one entry per name: every run carries the chart's.
                plot.line(Line::new(c.title, PlotPoints::from(run.to_vec())).color(c.color));
                plot.points(
                    Points::new(c.title, PlotPoints::from(run.to_vec()))
                        .color(c.color)
                        .radius(2.5),
                );
            }
            if let Some((value, name, color)) = c.alarm {
                plot.hline(HLine::new(name, value).color(color));
            }
        });
}

fn form_ui(
    ui: &mut egui::Ui,
    l: Lang,
    s: &Session,
    f: &mut ReadingForm,
    out: &mut Vec<Command>,
    form_error: &mut bool,
) -> bool {
    let title = form::title(f.editing.is_some(), S::EditReading, S::AddReading);
    form::form_frame(ui, l, title, |ui| {
        form::field_grid(ui, "reading_form", |ui| {
            let points: Vec<_> = s
                .data
                .monitoring_points
                .iter()
                .map(|p| (p.meta.id, p.name.clone()))
                .collect();
            choice_row(ui, l, S::FieldPoint, &mut f.point, &points);
            let when = form::parse_date_time(&f.when);
            text_row(ui, l, S::FieldWhen, &mut f.when, &when);
            let (temperature, co) = f.values();
            text_row(ui, l, S::FieldTemperature, &mut f.temperature, &temperature);
            text_row(ui, l, S::FieldCo, &mut f.co, &co);
            form::plain_row(ui, l, S::FieldNote, &mut f.note);
        });
        form::save_row(ui, l, form_error, out, || {
            f.tried = true;
            let editing = f.editing.is_some();
            f.build(s)
                .ok()
                .map(|r| form::command(Rec::Reading(r), editing))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_three_year_silence_breaks_the_line_and_weekly_readings_stay_one_run() {
        let week: Vec<[f64; 2]> = (0..10).map(|i| [i as f64 * 7.0, 30.0]).collect();
        assert_eq!(runs(&week).len(), 1);
        let mut gap = week.clone();
        gap.extend((0..5).map(|i| [63.0 + 3.0 * 365.0 + i as f64 * 7.0, 24.0]));
        let parts = runs(&gap);
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].len(), parts[1].len()), (10, 5));
        assert!(runs(&[]).is_empty());
        assert_eq!(runs(&[[1.0, 2.0]]).len(), 1);
    }
}
