//! Records in words, as a person names them: a record by its place, date and what it holds
//! ("16号坡面 2020-10-15 的成活率调查"), a stored value in its unit and by its translated name, a
//! change as old → new. The History view, `verify` and `verify --report` all name records here.

use uuid::Uuid;

use super::ui::{self as tr, S, t};
use super::{self as i18n, Lang};
use crate::domain::record::record_spec;
use crate::domain::*;

pub fn short(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::Null => "∅".to_string(),
        serde_json::Value::String(s) if s.is_empty() => "∅".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    clip(s, 40)
}

pub fn clip(s: String, max: usize) -> String {
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
pub fn number_text(l: Lang, table: &str, field: &str, n: i64, record: &Map) -> String {
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
pub fn value_text(
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
        ("rules", "strength") => Some(i18n::rule_strength(l, code)),
        ("piles", "status") => PileStatus::from_code(code).map(|k| i18n::pile_status(l, k).into()),
        ("photos", "owner_kind") => Some(tr::table_name(
            l,
            match code {
                "bench" => "benches",
                "aftercare" => "aftercare",
                "problem" => "problems",
                "work" => "works",
                other => other,
            },
        )),
        ("rules", "unit") => None,
        ("rules", "enabled") => v
            .as_i64()
            .map(|on| t(l, if on != 0 { S::BoolYes } else { S::BoolNo }).to_string()),
        (_, "bench_id") => code
            .parse::<Uuid>()
            .ok()
            .and_then(|id| data.bench(id))
            .map(|b| tr::bench_choice(l, b)),
        (_, "created_at" | "updated_at") => v.as_str().map(local_time),
        // Counts of plants, grouped and counted in 株 / plants.
        ("surveys", "planted" | "alive") | ("plantings", "plants") => v.as_i64().map(|n| {
            format!(
                "{} {}",
                group_thousands(i128::from(n)),
                Unit::Plants.symbol(l.is_zh())
            )
        }),
        _ => match (kind, v) {
            (
                Some(Field::Qty | Field::OptQty | Field::Signed | Field::OptSigned),
                serde_json::Value::Number(n),
            ) => n.as_i64().map(|n| number_text(l, table, field, n, record)),
            (Some(Field::Unit), _) => Unit::from_code(code).map(|u| u.symbol(l.is_zh()).into()),
            (Some(Field::OptStamp), serde_json::Value::String(at)) => Some(local_time(at)),
            // A reading's time as it was read on site ("2026-11-28 09:30"), not "…T09:30:00".
            (Some(Field::DateTime), serde_json::Value::String(at)) => {
                let at = at.replacen('T', " ", 1);
                Some(match at.strip_suffix(":00") {
                    Some(minutes) if minutes.len() == 16 => minutes.to_string(),
                    _ => at,
                })
            }
            _ => None,
        },
    };
    named.unwrap_or_else(|| short(v))
}

/// What an inserted (or deleted) record held, as its form shows it: every field with a value,
/// by the names the window gives them; ids of parents and the record's provenance left out.
pub fn content_text(l: Lang, data: &LedgerData, table: &str, record: &Map) -> String {
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

/// The record an audit entry is of, as History names it: a record by [`record_name`] (its last
/// state, or its state before a deletion); a sign-in by who signed in and how; an account by its
/// name; a ledger setting by what it is; an upgrade as one. Never a table's code or an id.
pub fn entry_record(l: Lang, data: &LedgerData, e: &AuditEntry) -> String {
    let map = e
        .new_value
        .as_deref()
        .or(e.old_value.as_deref())
        .and_then(|s| serde_json::from_str::<Map>(s).ok())
        .unwrap_or_default();
    let text = |key: &str| text_of(&map, key).to_string();
    match e.table_name.as_str() {
        "sign_ins" => {
            let via = match text("via").as_str() {
                "password" => l.pick("密码", "password"),
                "" => "",
                _ => l.pick("操作系统账户", "operating-system login"),
            };
            match l {
                Lang::Zh => format!("登录：{}（{via}）", text("account")),
                Lang::En => format!("Sign-in: {} ({via})", text("account")),
            }
        }
        "accounts" => match l {
            Lang::Zh => format!("账户「{}」", text("name")),
            Lang::En => format!("account \"{}\"", text("name")),
        },
        "ledger_info" => match text("key").as_str() {
            "signing_key" => l
                .pick(
                    "台账设置：本部门签名密钥",
                    "Ledger setting: the department's signing key",
                )
                .to_string(),
            "ledger_id" => l
                .pick("台账设置：台账编号", "Ledger setting: the ledger's id")
                .to_string(),
            other => match l {
                Lang::Zh => format!("台账设置：{}", tr::field_name(l, other)),
                Lang::En => format!("Ledger setting: {}", tr::field_name(l, other)),
            },
        },
        // The store's table of schema upgrades (i18n knows only the domain: its name is said here).
        "schema" => l
            .pick("台账结构升级", "Upgrade of the ledger's layout")
            .to_string(),
        table if record_spec(table).is_some() => record_name(l, data, table, &map),
        table => tr::table_name(l, table),
    }
}

/// The reason of an audit entry in `l`: the reasons the program writes itself (an example
/// account, the signing key, an import, an account made) in words of that language; what a
/// person typed, as typed.
pub fn reason_text(l: Lang, reason: &str) -> String {
    let zh = l.is_zh();
    if let Some(file) = reason.strip_prefix("import ") {
        return if zh {
            format!("导入 {file}")
        } else {
            format!("import of {file}")
        };
    }
    if let Some(name) = reason.strip_prefix("account for ") {
        return if zh {
            format!("为 {name} 建账户")
        } else {
            format!("account made for {name}")
        };
    }
    match reason {
        "example account" => l.pick("示例账户", "example account").to_string(),
        "department signing key" => l
            .pick("本部门签名密钥", "the department's signing key")
            .to_string(),
        other => other.to_string(),
    }
}

/// A bench as lists and sentences name it: "22号坡面" / "slope face 22"; empty when `id` names no
/// bench of `data`.
pub fn bench_name(l: Lang, data: &LedgerData, id: Option<Uuid>) -> String {
    id.and_then(|id| data.bench(id))
        .map(|b| i18n::place(l, &crate::domain::rules::Place::of_bench(b)))
        .unwrap_or_default()
}

/// One changed field of a stored record in words: its name, the old and the new value as the
/// window shows them (`old` and `new` are the whole records, for units kept in another field).
pub fn field_change(
    l: Lang,
    data: &LedgerData,
    table: &str,
    field: &str,
    (old, new): (&Map, &Map),
) -> (String, String, String) {
    let null = serde_json::Value::Null;
    (
        tr::field_name(l, field),
        value_text(l, data, table, field, old.get(field).unwrap_or(&null), old),
        value_text(l, data, table, field, new.get(field).unwrap_or(&null), new),
    )
}

/// The changed fields of a record as a sentence reads them: "数量：1,525 株 → 1,526 株；日期：…" /
/// "quantity: 1,525 plants → 1,526 plants; date: …".
pub fn field_changes(
    l: Lang,
    data: &LedgerData,
    table: &str,
    fields: &[String],
    old: &Map,
    new: &Map,
) -> String {
    let (colon, sep) = l.pick2(("：", "；"), (": ", "; "));
    fields
        .iter()
        .map(|k| {
            let (name, o, n) = field_change(l, data, table, k, (old, new));
            format!("{name}{colon}{o} → {n}")
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// A stored text field of a record, trimmed; empty when absent.
fn text_of<'a>(record: &'a Map, key: &str) -> &'a str {
    record
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .trim()
}

/// The first letter in lower case ("Replanting" → "replanting"), for a name inside an English
/// sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A record of `table` as a person names it, from its stored form `record` (the row as it is, or
/// its last audited state when the row is gone) and the ledger's benches, points and piles:
/// "3号马道 2025-06-26 的管护记录（华阳园林，补植 1,525 株）" / "after-care entry of 2025-06-26 on
/// berm 3 (华阳园林, replanting 1,525 plants)". Never an id alone: a record with nothing to name
/// it by is named by its kind.
pub fn record_name(l: Lang, data: &LedgerData, table: &str, record: &Map) -> String {
    let zh = l.is_zh();
    let noun = tr::table_name(l, table);
    let id_of = |key: &str| text_of(record, key).parse::<Uuid>().ok();
    let value = |field: &str| {
        record
            .get(field)
            .filter(|v| !v.is_null())
            .map(|v| value_text(l, data, table, field, v, record))
    };
    let named = |name: &str| match l {
        Lang::Zh => format!("{noun}「{name}」"),
        Lang::En => format!("{noun} \"{name}\""),
    };
    // Records that carry their own name.
    match table {
        "benches" => {
            let kind = BenchKind::from_code(text_of(record, "kind"));
            if let (Some(number), Some(kind)) =
                (record.get("number").and_then(|v| v.as_i64()), kind)
            {
                let code = text_of(record, "code").trim().to_string();
                return i18n::place(
                    l,
                    &crate::domain::rules::Place::Bench { number, kind, code },
                );
            }
        }
        "monitoring_points" if !text_of(record, "name").is_empty() => {
            return i18n::place(
                l,
                &crate::domain::rules::Place::Point(text_of(record, "name").to_string()),
            );
        }
        "rules" => {
            if let Some(kind) = RuleKind::from_code(text_of(record, "kind")) {
                return match l {
                    Lang::Zh => format!("{noun}「{}」", i18n::rule_kind(l, kind)),
                    Lang::En => format!("{noun} \"{}\"", i18n::rule_kind(l, kind)),
                };
            }
        }
        "mines" | "piles" | "accounts" if !text_of(record, "name").is_empty() => {
            return named(text_of(record, "name"));
        }
        "photos" if !text_of(record, "file_name").is_empty() => {
            return named(text_of(record, "file_name"));
        }
        "sign_ins" if !text_of(record, "account").is_empty() => {
            return match l {
                Lang::Zh => format!("登录记录（{}）", text_of(record, "account")),
                Lang::En => format!("sign-in of {}", text_of(record, "account")),
            };
        }
        _ => {}
    }
    // Where: the bench, else the monitoring point.
    let place = match (id_of("bench_id"), id_of("point_id")) {
        (Some(bench), _) if data.bench(bench).is_some() => bench_name(l, data, Some(bench)),
        (_, Some(point)) => data
            .monitoring_points
            .iter()
            .find(|p| p.meta.id == point)
            .map(|p| i18n::place(l, &crate::domain::rules::Place::Point(p.name.clone())))
            .unwrap_or_default(),
        _ => String::new(),
    };
    // When.
    let date = ["date", "found_on", "period_end"]
        .iter()
        .map(|k| text_of(record, k))
        .find(|d| !d.is_empty())
        .map(str::to_string)
        .or_else(|| {
            let at = text_of(record, "taken_at");
            (!at.is_empty()).then(|| at.replacen('T', " ", 1).chars().take(16).collect())
        })
        .unwrap_or_default();
    // What it holds, briefly.
    let kind_name = |field: &str| value(field).map(|k| if zh { k } else { lower_first(&k) });
    let amount = |name: Option<String>| -> Option<String> {
        match (name, value("quantity")) {
            (Some(k), Some(q)) => Some(format!("{k} {q}")),
            (k, None) => k,
            (None, q) => q,
        }
    };
    let mut detail: Vec<String> = Vec::new();
    match table {
        "works" => {
            detail.extend(kind_name("phase"));
            detail.extend(amount(kind_name("kind")));
        }
        "aftercare" => {
            let who = text_of(record, "contractor");
            if !who.is_empty() {
                detail.push(who.to_string());
            }
            detail.extend(amount(kind_name("kind")));
        }
        "plantings" => {
            let species = text_of(record, "species");
            if !species.is_empty() {
                detail.push(species.to_string());
            }
        }
        "problems" => {
            let what = text_of(record, "description");
            if !what.is_empty() {
                detail.push(clip(what.to_string(), 24));
            }
        }
        "dumping_records" => {
            detail.extend(value("tonnes"));
        }
        "sign_offs" => {
            let revision = text_of(record, "revision");
            if !revision.is_empty() {
                detail.push(revision.to_string());
            }
        }
        "ledger_info" => {}
        _ => {}
    }
    let detail = if detail.is_empty() {
        String::new()
    } else {
        match l {
            Lang::Zh => format!("（{}）", detail.join("，")),
            Lang::En => format!(" ({})", detail.join(", ")),
        }
    };
    match l {
        Lang::Zh => {
            let at = [place.as_str(), date.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            if at.is_empty() {
                format!("{noun}{detail}")
            } else {
                format!("{at} 的{noun}{detail}")
            }
        }
        Lang::En => {
            let mut s = noun;
            if !date.is_empty() {
                s.push_str(&format!(" of {date}"));
            }
            if !place.is_empty() {
                s.push_str(&format!(" on {place}"));
            }
            s + &detail
        }
    }
}
