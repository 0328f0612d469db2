//! Rules: compliance thresholds with their sources; the department may edit them.

use super::egui;
use super::form::{self, bad, text_row};
use crate::app::session::{Command, Rec, Session, Table};
use crate::domain::*;
use crate::i18n::ui::{S, t};
use crate::i18n::{self, Lang};

#[derive(Debug, Clone)]
struct RuleForm {
    rule: Rule,
    threshold: String,
    threshold2: String,
    source: String,
    enabled: bool,
    /// The rule's own evidence limit in days; empty for its kind's default.
    stale_days: String,
    reason: String,
}

/// A rule's own evidence limit: a whole number of days in the ledger's range, or empty (None)
/// for the kind's default.
fn parse_stale_days(text: &str) -> Result<Option<i64>, S> {
    match form::parse_count(text, true) {
        Ok(None) => Ok(None),
        Ok(Some(days)) if (STALE_DAYS_MIN..=STALE_DAYS_MAX).contains(&days) => Ok(Some(days)),
        Ok(Some(_)) | Err(S::ErrNegative | S::ErrTooLarge) => Err(S::ErrStaleDays),
        Err(e) => Err(e),
    }
}

fn parse_threshold(text: &str, optional: bool) -> Result<Option<i64>, S> {
    if text.trim().is_empty() && optional {
        return Ok(None);
    }
    // Thresholds may be negative in principle (temperatures); parse the sign separately.
    let (neg, rest) = match text.trim().strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.trim()),
    };
    let m = form::parse_quantity(rest, Unit::Count, false)?.unwrap_or_default();
    Ok(Some(if neg { -m.0 } else { m.0 }))
}

#[derive(Default)]
pub struct RulesView {
    form: Option<RuleForm>,
}

impl RulesView {
    /// Closes the open form, dropping what was typed (the user chose to leave it).
    pub fn close_form(&mut self) {
        self.form = None;
    }

    pub fn done(&mut self, ok: bool) {
        if ok {
            self.form = None;
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        form::heading(ui, t(l, S::NavRules));
        let may_edit = s.may_edit(Table::Rule);
        if let Some(f) = self.form.as_mut() {
            let mut cancel = false;
            egui::Frame::group(ui.style())
                .inner_margin(10.0)
                .show(ui, |ui| {
                    form::heading(
                        ui,
                        &format!(
                            "{} · {}",
                            t(l, S::EditRule),
                            i18n::rule_kind(l, f.rule.kind)
                        ),
                    );
                    let th = parse_threshold(&f.threshold, false);
                    let th2 = parse_threshold(&f.threshold2, true);
                    let stale = parse_stale_days(&f.stale_days);
                    let reason = form::required(&f.reason).map_err(|_| S::ErrReasonRequired);
                    egui::Grid::new("rule_form").num_columns(3).show(ui, |ui| {
                        text_row(ui, l, S::FieldThreshold, &mut f.threshold, &th);
                        text_row(ui, l, S::FieldThreshold2, &mut f.threshold2, &th2);
                        text_row(ui, l, S::FieldRuleSource, &mut f.source, &Ok::<(), S>(()));
                        text_row(ui, l, S::FieldStaleDays, &mut f.stale_days, &stale);
                        ui.label("");
                        ui.weak(format!(
                            "{}{}",
                            t(l, S::HintStaleDays),
                            i18n::evidence_limit(l, rules::evidence_limit_days(f.rule.kind))
                        ));
                        ui.end_row();
                        ui.label("");
                        ui.checkbox(&mut f.enabled, t(l, S::FieldEnabled));
                        ui.label("");
                        ui.end_row();
                        text_row(ui, l, S::FieldReason, &mut f.reason, &reason);
                    });
                    ui.horizontal(|ui| {
                        if ui.button(t(l, S::Save)).clicked()
                            && let (Ok(Some(a)), Ok(b), Ok(days), Ok(reason)) =
                                (th, th2, stale, reason)
                        {
                            let mut r = f.rule.clone();
                            r.threshold = a;
                            r.threshold2 = b;
                            r.source = f.source.trim().to_string();
                            r.enabled = f.enabled;
                            r.stale_after_days = days;
                            out.push(Command::Update {
                                rec: Rec::Rule(r),
                                reason,
                            });
                        }
                        if ui.button(t(l, S::Cancel)).clicked() {
                            cancel = true;
                        }
                    });
                });
            if cancel {
                self.form = None;
            }
        }
        let results: std::collections::HashMap<_, _> =
            s.summary.rules.iter().map(|r| (r.rule_id, r)).collect();
        // Both ways: in a narrow window the table scrolls sideways instead of cutting off; the
        // edit button comes first so it is never the part cut off.
        egui::ScrollArea::both().show(ui, |ui| {
            egui::Grid::new("rules_grid")
                .striped(true)
                .spacing([14.0, 6.0])
                .show(ui, |ui| {
                    ui.label("");
                    for c in [
                        S::ColRule,
                        S::ColThreshold,
                        S::ColSource,
                        S::ColStrength,
                        S::ColStaleDays,
                        S::ColVerdict,
                        S::ColMeasured,
                    ] {
                        ui.strong(t(l, c));
                    }
                    ui.end_row();
                    for r in &s.data.rules {
                        if may_edit && self.form.is_none() {
                            if ui.small_button(t(l, S::Edit)).clicked() {
                                self.form = Some(RuleForm {
                                    rule: r.clone(),
                                    threshold: format_milli(r.threshold, 3).replace(',', ""),
                                    threshold2: r
                                        .threshold2
                                        .map(|v| format_milli(v, 3).replace(',', ""))
                                        .unwrap_or_default(),
                                    source: r.source.clone(),
                                    enabled: r.enabled,
                                    stale_days: r
                                        .stale_after_days
                                        .map(|d| d.to_string())
                                        .unwrap_or_default(),
                                    reason: String::new(),
                                });
                            }
                        } else {
                            ui.label("");
                        }
                        ui.label(i18n::rule_kind(l, r.kind));
                        ui.label(i18n::rule_threshold(l, r));
                        ui.label(i18n::rule_source(l, &r.source))
                            .on_hover_text(i18n::rule_note(l, &r.note));
                        ui.label(i18n::rule_strength(l, &r.strength));
                        ui.label(i18n::rule_evidence_limit(l, r));
                        match results.get(&r.meta.id) {
                            Some(res) => {
                                // In words, as the report prints it: its first line here
                                // (the value the verdict rests on, or the cases counted), all
                                // of it on hover.
                                // The verdict first: the words after it may run long.
                                let color = match res.verdict {
                                    Verdict::Pass => egui::Color32::from_rgb(0x2e, 0x7d, 0x32),
                                    Verdict::Fail => bad(ui),
                                    Verdict::Pending => ui.visuals().weak_text_color(),
                                };
                                ui.colored_label(color, i18n::verdict(l, res.verdict));
                                let words = crate::i18n::report::rule_measured(l, res);
                                let first = words.lines().next().unwrap_or_default();
                                ui.label(if first.is_empty() {
                                    &res.measured
                                } else {
                                    first
                                })
                                .on_hover_text(&words);
                            }
                            None => {
                                ui.weak("—");
                                ui.label("");
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    }
}
