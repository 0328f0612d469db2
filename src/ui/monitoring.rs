//! Monitoring: temperature and CO readings per point, charted with the alarm threshold drawn.

use uuid::Uuid;

use super::egui;
use super::form::{self, bad};
use crate::app::session::{Command, Session};
use crate::domain::*;
use crate::i18n::Lang;
use crate::i18n::ui::{S, t};
use egui_extras::{Column, TableBuilder};
use egui_plot::{HLine, Line, Plot, PlotPoints};

#[derive(Default)]
pub struct MonitoringView {
    point: Option<Uuid>,
}

impl MonitoringView {
    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, _out: &mut Vec<Command>) {
        form::heading(ui, t(l, S::NavMonitoring));
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
                .find(|r| r.kind == k && r.enabled != 0)
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
        let alarm_name = t(l, S::AlarmThreshold);
        Plot::new(("monitoring_plot", point.meta.id))
            .height(260.0)
            .legend(egui_plot::Legend::default())
            .x_axis_formatter(|mark, _range| {
                chrono::DateTime::from_timestamp((mark.value * 86_400.0) as i64, 0)
                    .map(|d| d.date_naive().to_string())
                    .unwrap_or_default()
            })
            .show(ui, |plot| {
                plot.line(Line::new(
                    t(l, S::ChartTemperature),
                    PlotPoints::from(temps),
                ));
                if !cos.is_empty() {
                    plot.line(Line::new(t(l, S::ChartCo), PlotPoints::from(cos)));
                }
                if let Some(v) = t_alarm {
                    plot.hline(
                        HLine::new(
                            format!("{alarm_name} {} °C", format_milli(v, 1)),
                            v as f64 / 1000.0,
                        )
                        .color(egui::Color32::RED),
                    );
                }
                if let Some(v) = co_alarm {
                    plot.hline(
                        HLine::new(
                            format!("{alarm_name} {} ppm", format_milli(v, 1)),
                            v as f64 / 1000.0,
                        )
                        .color(egui::Color32::from_rgb(0xe6, 0x7e, 0x22)),
                    );
                }
            });
        ui.add_space(6.0);
        TableBuilder::new(ui)
            .id_salt("readings_table")
            .striped(true)
            .column(Column::exact(150.0))
            .column(Column::exact(110.0))
            .column(Column::exact(110.0))
            .column(Column::remainder().at_least(100.0))
            .header(22.0, |mut r| {
                for c in [S::ColWhen, S::ColTemperature, S::ColCo, S::ColNote] {
                    r.col(|ui| {
                        ui.strong(t(l, c));
                    });
                }
            })
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
                                ui.colored_label(bad(ui), text);
                            } else {
                                ui.label(text);
                            }
                        }
                    });
                    row.col(|ui| {
                        if let Some(v) = r.co {
                            let text = format_milli(v.0, 1);
                            if co_alarm.is_some_and(|a| v.0 > a) {
                                ui.colored_label(bad(ui), text);
                            } else {
                                ui.label(text);
                            }
                        }
                    });
                    row.col(|ui| {
                        ui.label(&r.note);
                    });
                });
            });
    }
}
