//! History: the audit trail, newest first, with old → new and the reason; sorted, filtered (by
//! person, date, kind of record, action, or one record) and searched like a spreadsheet.

use super::egui;
use super::form;
use uuid::Uuid;

use super::grid::{Cell, Col, Grid};
use crate::app::session::{Command, Session};
use crate::app::sheets::ShownTable;
use crate::domain::record::record_spec;
use crate::domain::*;
use crate::i18n::ui::{self as tr, S, t};
use crate::i18n::{self, Lang};

#[derive(Default)]
pub struct HistoryView {
    filter: String,
    pub grid: Grid,
}

fn short(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::Null => "∅".to_string(),
        serde_json::Value::String(s) if s.is_empty() => "∅".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    clip(s, 40)
}

fn clip(s: String, max: usize) -> String {
    if s.chars().count() > max {
        format!("{}…", s.chars().take(max).collect::<String>())
    } else {
        s
    }
}

/// An audit time stamp (RFC 3339, UTC) in the zone `tz`, with the zone named:
/// "2026-12-02 16:26 (UTC+08:00)". A stamp that does not read as one is shown as stored.
pub fn time_in<Tz: chrono::TimeZone>(at: &str, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t
            .with_timezone(tz)
            .format("%Y-%m-%d %H:%M (UTC%:z)")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// An audit time stamp in this computer's time zone (what the clock on the wall says).
pub fn local_time(at: &str) -> String {
    time_in(at, &chrono::Local)
}

/// The symbol a stored number of `table.field` is shown with, when the field alone says it.
fn fixed_unit(table: &str, field: &str) -> Option<Unit> {
    Some(match (table, field) {
        ("benches" | "plantings", "area") | ("piles", "greenable_area") => Unit::M2,
        ("benches", "elevation_low" | "elevation_high" | "berm_width") | ("works", "thickness") => {
            Unit::M
        }
        ("plantings", "seed") => Unit::Kg,
        ("surveys", "cover") => Unit::Percent,
        ("readings", "temperature") => Unit::Celsius,
        ("readings", "co") => Unit::Ppm,
        ("dumping_records", "tonnes") => Unit::T,
        _ => return None,
    })
}

/// A stored number (thousandths) of `table.field` as its view shows it, in its unit; `record` is
/// the whole stored record the number belongs to (where the unit is another field of it).
fn number_text(l: Lang, table: &str, field: &str, n: i64, record: &Map) -> String {
    let zh = l.is_zh();
    let text_of = |key: &str| record.get(key).and_then(|v| v.as_str()).unwrap_or_default();
    match (table, field) {
        ("works" | "aftercare", "quantity") => match Unit::from_code(text_of("unit")) {
            Some(unit) if n >= 0 => Quantity {
                base: Milli(n),
                unit,
            }
            .display(zh),
            _ => format_milli(n, 3),
        },
        ("benches", "gradient_run") => format!("1:{}", format_milli(n, 3)),
        ("rules", "threshold" | "threshold2") => {
            let v = format_milli(n, 3);
            let counted =
                field == "threshold2" && text_of("kind") == RuleKind::FireOutAfterGrouting.code();
            match text_of("unit") {
                _ if counted => v,
                "ratio" => format!("1:{v}"),
                "year" => match l {
                    Lang::Zh => format!("{v} 年"),
                    Lang::En => format!("{v} years"),
                },
                "percent" => format!("{v}%"),
                code => match Unit::from_code(code) {
                    Some(u) => format!("{v} {}", u.symbol(zh)),
                    None if code.is_empty() => v,
                    None => format!("{v} {code}"),
                },
            }
        }
        _ => match fixed_unit(table, field) {
            Some(Unit::Percent) => format!("{}%", format_milli(n, 3)),
            Some(u) => format!("{} {}", format_milli(n, 3), u.symbol(zh)),
            None => format_milli(n, 3),
        },
    }
}

type Map = serde_json::Map<String, serde_json::Value>;

/// A stored value as the window names it: a code by its translated name, a bench by its number
/// and kind, a quantity in its unit, a time stamp in local time; anything else as stored.
/// `record` is the whole stored record the value belongs to.
fn value_text(
    l: Lang,
    data: &LedgerData,
    table: &str,
    field: &str,
    v: &serde_json::Value,
    record: &Map,
) -> String {
    let code = v.as_str().unwrap_or_default();
    let kind = record_spec(table)
        .and_then(|spec| spec.columns.iter().find(|(name, _)| *name == field))
        .map(|(_, kind)| *kind);
    let named: Option<String> = match (table, field) {
        ("benches", "kind") => BenchKind::from_code(code).map(|k| i18n::bench_kind(l, k).into()),
        ("benches", "status") => {
            BenchStatus::from_code(code).map(|k| i18n::bench_status(l, k).into())
        }
        ("works", "kind") => WorkKind::from_code(code).map(|k| i18n::work_kind(l, k).into()),
        ("works", "phase") => WorkPhase::from_code(code).map(|k| i18n::work_phase(l, k).into()),
        ("plantings", "plant_type") => {
            PlantType::from_code(code).map(|k| i18n::plant_type(l, k).into())
        }
        ("aftercare", "kind") => {
            AftercareKind::from_code(code).map(|k| i18n::aftercare_kind(l, k).into())
        }
        ("aftercare", "review") => {
            ReviewState::from_code(code).map(|k| i18n::review_state(l, k).into())
        }
        ("problems", "status") => {
            ProblemStatus::from_code(code).map(|k| i18n::problem_status(l, k).into())
        }
        ("rules", "kind") => RuleKind::from_code(code).map(|k| i18n::rule_kind(l, k).into()),
        ("rules", "unit") => None,
        ("rules", "enabled") => v
            .as_i64()
            .map(|on| t(l, if on != 0 { S::BoolYes } else { S::BoolNo }).to_string()),
        (_, "bench_id") => code
            .parse::<Uuid>()
            .ok()
            .and_then(|id| data.bench(id))
            .map(|b| tr::bench_choice(l, b.number, b.kind)),
        (_, "created_at" | "updated_at") => v.as_str().map(local_time),
        _ => match (kind, v) {
            (
                Some(Field::Qty | Field::OptQty | Field::Signed | Field::OptSigned),
                serde_json::Value::Number(n),
            ) => n.as_i64().map(|n| number_text(l, table, field, n, record)),
            (Some(Field::Unit), _) => Unit::from_code(code).map(|u| u.symbol(l.is_zh()).into()),
            (Some(Field::OptStamp), serde_json::Value::String(at)) => Some(local_time(at)),
            _ => None,
        },
    };
    named.unwrap_or_else(|| short(v))
}

/// What an inserted (or deleted) record held, as its form shows it: every field with a value,
/// by the names the window gives them; ids of parents and the record's provenance left out.
fn content_text(l: Lang, data: &LedgerData, table: &str, record: &Map) -> String {
    let Some(spec) = record_spec(table) else {
        return String::new();
    };
    spec.columns
        .iter()
        .filter(|(name, kind)| match kind {
            Field::Ref(_) | Field::OwnerRef | Field::Origin | Field::FromData => false,
            Field::OptRef(_) => *name == "bench_id",
            _ => true,
        })
        .filter_map(|(name, _)| {
            let v = record.get(*name)?;
            let empty = v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty());
            (!empty).then(|| {
                format!(
                    "{}: {}",
                    tr::field_name(l, name),
                    value_text(l, data, table, name, v, record)
                )
            })
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The "change" cell of an audit entry: old → new of each changed field for an update, what was
/// added for an insert, what was removed for a deletion.
pub fn change_text(l: Lang, data: &LedgerData, e: &AuditEntry) -> String {
    let parse = |v: &Option<String>| -> Map {
        v.as_deref()
            .and_then(|s| serde_json::from_str::<Map>(s).ok())
            .unwrap_or_default()
    };
    let table = e.table_name.as_str();
    match e.action.as_str() {
        "update" => {
            let (old, new) = (parse(&e.old_value), parse(&e.new_value));
            e.changed_fields()
                .iter()
                .map(|(k, o, n)| {
                    format!(
                        "{}: {} → {}",
                        tr::field_name(l, k),
                        value_text(l, data, table, k, o, &old),
                        value_text(l, data, table, k, n, &new)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        "insert" => content_text(l, data, table, &parse(&e.new_value)),
        "delete" => content_text(l, data, table, &parse(&e.old_value)),
        _ => String::new(),
    }
}

impl HistoryView {
    fn columns() -> [Col; 6] {
        [
            Col::new(S::ColWhen, 205.0).dates(),
            Col::new(S::ColWho, 90.0).choice(),
            Col::new(S::ColRecord, 150.0).choice(),
            Col::new(S::ColAction, 100.0).choice(),
            Col::new(S::ColChange, 250.0).rest(),
            Col::new(S::ColReason, 160.0),
        ]
    }

    /// What audit entry `i` shows in column `head` (the record column shows, and filters by, the
    /// kind of record).
    fn cell(l: Lang, data: &LedgerData, history: &[AuditEntry], i: usize, head: S) -> Cell {
        let e = &history[i];
        match head {
            S::ColWhen => match chrono::DateTime::parse_from_rfc3339(&e.at) {
                Ok(at) => Cell::Time {
                    at: at.with_timezone(&chrono::Local).naive_local(),
                    text: local_time(&e.at),
                },
                Err(_) => Cell::text(e.at.as_str()),
            },
            S::ColWho => Cell::text(e.operator.as_str()),
            S::ColRecord => Cell::text(tr::table_name(l, &e.table_name)),
            S::ColAction => Cell::text(match e.action.as_str() {
                "insert" => t(l, S::ActionInsert),
                "update" => t(l, S::ActionUpdate),
                "delete" => t(l, S::ActionDelete),
                other => other,
            }),
            S::ColChange => Cell::text(change_text(l, data, e)),
            S::ColReason => Cell::text(e.reason.as_str()),
            _ => Cell::Empty,
        }
    }

    /// The entries shown, as a table of their own.
    pub fn shown_table(&self, l: Lang, s: &Session) -> Option<ShownTable> {
        let history = s.history.as_ref()?;
        Some(
            self.grid
                .shown_table(l, t(l, S::NavHistory), &Self::columns(), |i, h| {
                    Self::cell(l, &s.data, history, i, h)
                }),
        )
    }

    fn refresh(&mut self, l: Lang, s: &Session, history: &[AuditEntry]) {
        let f = self.filter.trim().to_string();
        // The record filter and the number of entries key the view's own rows.
        let view = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&f, history.len(), l.is_zh()).hash(&mut h);
            h.finish()
        };
        self.grid.refresh(
            s.generation,
            view,
            &Self::columns(),
            || {
                (0..history.len())
                    .rev()
                    .filter(|i| f.is_empty() || history[*i].record_id.starts_with(&f))
                    .collect()
            },
            |i, h| Self::cell(l, &s.data, history, i, h),
        );
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, s: &Session, out: &mut Vec<Command>) {
        let Some(history) = s.history.clone() else {
            out.push(Command::LoadHistory);
            ui.spinner();
            return;
        };
        self.refresh(l, s, &history);
        ui.horizontal(|ui| {
            form::heading(ui, t(l, S::NavHistory));
            let lab = ui.label(t(l, S::HistoryFilter));
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(300.0))
                .labelled_by(lab.id);
            if !self.filter.is_empty() && ui.button(t(l, S::ShowAll)).clicked() {
                self.filter.clear();
            }
        });
        self.grid.toolbar(ui, l, &Self::columns(), history.len());
        self.refresh(l, s, &history);
        let mut pick = None;
        self.grid.show(
            ui,
            l,
            "history_table",
            &Self::columns(),
            |i, h| Self::cell(l, &s.data, &history, i, h),
            |ui, i, h| {
                let e = &history[i];
                match h {
                    S::ColWhen => {
                        ui.label(local_time(&e.at)).on_hover_text(&e.at);
                        true
                    }
                    S::ColRecord => {
                        let id: String = e.record_id.chars().take(8).collect();
                        if ui
                            .link(format!("{} {}", tr::table_name(l, &e.table_name), id))
                            .on_hover_text(&e.record_id)
                            .clicked()
                        {
                            pick = Some(e.record_id.clone());
                        }
                        true
                    }
                    S::ColChange => {
                        let text = change_text(l, &s.data, e);
                        if !text.is_empty() {
                            ui.add(egui::Label::new(clip(text.clone(), 400)).truncate())
                                .on_hover_text(text);
                        }
                        true
                    }
                    _ => false,
                }
            },
        );
        if let Some(id) = pick {
            self.filter = id;
        }
    }
}
