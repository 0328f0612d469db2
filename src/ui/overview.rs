//! Overview: the headline sentence, plan-vs-actual progress, open work and fire alarms.

use super::egui;
use super::form::{self, bad, heading};
use crate::app::session::{Command, Session};
use crate::domain::{RuleKind, Verdict, format_milli};
use crate::i18n::ui::{S, t};
use crate::i18n::{self, Lang};
use egui_extras::Column;

#[derive(Default)]
pub struct OverviewView {
    /// The view a click here asked to open (the shell switches to it).
    pub open_view: Option<super::View>,
    /// The after-care card was clicked: the list opens on the entries awaiting review.
    pub pending_only: bool,
    /// The rejected card was clicked: the list opens on the rejected entries.
    pub rejected_only: bool,
    /// The conflicts card was clicked: the open merge conflicts are shown.
    pub open_conflicts: bool,
}

impl OverviewView {
    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, _out: &mut Vec<Command>) {
        let h = &s.summary.headline;
        egui::ScrollArea::vertical().show(ui, |ui| {
            // A new ledger has nothing to summarise yet: say where setting it up starts.
            if s.data.piles.is_empty() {
                egui::Frame::group(ui.style())
                    .inner_margin(12.0)
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(t(l, S::EmptyLedgerHint)).size(16.0));
                        if ui.button(t(l, S::GoToSetup)).clicked() {
                            self.open_view = Some(super::View::Setup);
                        }
                    });
                ui.add_space(8.0);
            }
            heading(ui, t(l, S::HeadlineTitle));
            egui::Frame::group(ui.style())
                .inner_margin(12.0)
                .show(ui, |ui| {
                    ui.label(
                        egui::RichText::new(i18n::headline_sentence(l, h))
                            .size(17.0)
                            .color(ui.visuals().strong_text_color()),
                    );
                });
            ui.add_space(8.0);
            let alarms: Vec<String> = s
                .summary
                .rules
                .iter()
                .filter(|r| {
                    r.verdict == Verdict::Fail
                        && matches!(
                            r.kind,
                            RuleKind::FireSurfaceTemperature | RuleKind::FireCarbonMonoxide
                        )
                })
                .map(|r| {
                    format!(
                        "{}{}{}",
                        i18n::rule_kind(l, r.kind),
                        l.pick("：", ": "),
                        i18n::report::rule_measured(l, r).replace('\n', l.pick("；", "; "))
                    )
                })
                .collect();
            // Each card opens the view it summarises.
            ui.horizontal_wrapped(|ui| {
                let hint = t(l, S::OpenCardHint);
                if card(ui, t(l, S::OpenProblems), h.open_problems, false, hint) {
                    self.open_view = Some(super::View::Problems);
                }
                let overdue = h.overdue_problems > 0;
                if card(
                    ui,
                    t(l, S::OverdueProblems),
                    h.overdue_problems,
                    overdue,
                    hint,
                ) {
                    self.open_view = Some(super::View::Problems);
                }
                if card(
                    ui,
                    t(l, S::PendingAftercare),
                    h.pending_aftercare,
                    false,
                    hint,
                ) {
                    self.open_view = Some(super::View::Aftercare);
                    self.pending_only = true;
                }
                // A contractor sees what came back to them; the department what waits for it.
                if s.role == crate::app::Role::Contractor {
                    let rejected = s
                        .data
                        .aftercare
                        .iter()
                        .filter(|e| {
                            e.review == crate::domain::ReviewState::Rejected
                                && (e.meta.created_by == s.operator
                                    || (!s.company.is_empty() && e.contractor.trim() == s.company))
                        })
                        .count();
                    if card(
                        ui,
                        t(l, S::RejectedAftercare),
                        rejected as i64,
                        rejected > 0,
                        hint,
                    ) {
                        self.open_view = Some(super::View::Aftercare);
                        self.rejected_only = true;
                    }
                }
                if s.role == crate::app::Role::Department {
                    let conflicts = s
                        .data
                        .merge_conflicts
                        .iter()
                        .filter(|c| c.status == crate::domain::ConflictStatus::Open)
                        .count();
                    if card(
                        ui,
                        t(l, S::ConflictsToResolve),
                        conflicts as i64,
                        conflicts > 0,
                        hint,
                    ) {
                        self.open_conflicts = true;
                    }
                }
                // Latest readings that breach a threshold (the report's definition of an alarm).
                let fire = s.summary.current_alarms.readings;
                if card(ui, t(l, S::FireAlarms), fire, fire > 0, hint) {
                    self.open_view = Some(super::View::Monitoring);
                }
            });
            if s.summary.current_alarms.readings == 0 {
                ui.label(t(l, S::NoFireAlarm));
            } else {
                ui.label(crate::i18n::ui::alarm_breakdown(
                    l,
                    s.summary.current_alarms,
                ));
            }
            if s.summary.alarms.readings > 0 {
                ui.weak(crate::i18n::ui::alarm_history(l, s.summary.alarms));
            }
            for a in &alarms {
                ui.colored_label(bad(ui), a);
            }
            heading(ui, t(l, S::ProgressTitle));
            for d in &s.summary.plan_disagreements {
                ui.colored_label(bad(ui), crate::i18n::ui::plan_disagreement(l, d));
            }
            form::table(
                ui,
                l,
                "overview_progress",
                &[
                    (S::ColKind, Column::exact(190.0)),
                    (S::ColUnit, Column::exact(70.0)),
                    (S::ColPlanned, Column::exact(120.0)),
                    (S::ColCompleted, Column::exact(120.0)),
                    (S::ColPercent, Column::exact(200.0)),
                ],
                &[S::ColPlanned, S::ColCompleted],
            )
            .body(|body| {
                body.rows(22.0, s.summary.progress.len(), |mut row| {
                    let p = &s.summary.progress[row.index()];
                    row.col(|ui| {
                        ui.label(i18n::work_kind(l, p.kind));
                    });
                    row.col(|ui| {
                        ui.label(p.kind.default_unit().symbol(l.is_zh()));
                    });
                    row.col(|ui| {
                        form::num_cell(ui, format_milli(p.planned.0, 2));
                    });
                    row.col(|ui| {
                        form::num_cell(ui, format_milli(p.completed.0, 2));
                    });
                    row.col(|ui| match p.percent_milli() {
                        Some(pm) => {
                            let f = (pm as f32 / 100_000.0).clamp(0.0, 1.0);
                            ui.add(
                                egui::ProgressBar::new(f)
                                    .desired_width(180.0)
                                    // One decimal everywhere, as the report prints it
                                    // ("93%" stood next to "93.3%").
                                    .text(crate::domain::rules::percent_text(pm)),
                            );
                        }
                        None => {
                            ui.label("—");
                        }
                    });
                });
            });
            heading(ui, t(l, S::RulesTitle));
            egui::Grid::new("overview_rules")
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for r in &s.summary.rules {
                        ui.label(i18n::rule_kind(l, r.kind));
                        let color = match r.verdict {
                            Verdict::Pass => egui::Color32::from_rgb(0x2e, 0x7d, 0x32),
                            Verdict::Fail => bad(ui),
                            Verdict::Pending => ui.visuals().weak_text_color(),
                        };
                        ui.colored_label(color, i18n::verdict(l, r.verdict));
                        // Worded as the report words it: the value, place and date, the counts,
                        // why a verdict waits (never "#5 80.0% infill").
                        ui.label(
                            i18n::report::rule_measured(l, r).replace('\n', l.pick("；", "; ")),
                        );
                        ui.end_row();
                    }
                });
        });
    }
}

/// A figure in a frame; true when clicked (the whole card is one button, named by its title).
fn card(ui: &mut egui::Ui, title: &str, value: i64, alert: bool, hint: &str) -> bool {
    let shown = egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_min_width(150.0);
            ui.vertical(|ui| {
                ui.weak(title);
                let text = egui::RichText::new(value.to_string()).size(26.0).strong();
                if alert {
                    ui.colored_label(bad(ui), text);
                } else {
                    ui.label(text);
                }
            });
        });
    let response = ui
        .interact(
            shown.response.rect,
            ui.scope_id().with(("card", title)),
            egui::Sense::click(),
        )
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(hint);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, ui.is_enabled(), title));
    response.clicked()
}
