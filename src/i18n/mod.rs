//! The translation table: every user-visible string of the window and the report, zh-CN first.
//!
//! This file holds the domain vocabulary both the window and the report use; each of them keeps
//! its own strings in a sibling file.

pub mod records;
pub mod report;

use crate::domain::*;

pub mod ui;
pub mod verify;

/// The interface language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    /// Picks the string of this language.
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Picks the pair of this language (punctuation that differs: full-width in Chinese).
    pub fn pick2<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" | "zh-CN" | "zh_CN" => Some(Lang::Zh),
            "en" | "en-US" | "en_GB" => Some(Lang::En),
            _ => None,
        }
    }
}

pub fn work_kind(l: Lang, k: WorkKind) -> &'static str {
    use WorkKind::*;
    match k {
        SiteLeveling => l.pick("场地平整", "Site leveling"),
        GentleSlopeTrimming => l.pick("缓坡区修整", "Gentle-slope trimming"),
        FlatAreaLeveling => l.pick("平面积平整", "Flat-area leveling"),
        SoilCover => l.pick("覆土", "Soil cover"),
        Compaction => l.pick("碾压", "Compaction"),
        GroutingFireSuppression => l.pick("注浆灭火", "Grouting fire suppression"),
        RetainingWall => l.pick("挡土墙", "Retaining wall"),
        InterceptingDitch => l.pick("截水沟", "Intercepting ditch"),
        DrainageDitch => l.pick("排水沟", "Drainage ditch"),
        SedimentationPond => l.pick("沉淀池", "Sedimentation pond"),
        NutrientSoilLayer => l.pick("营养土层", "Nutrient soil layer"),
        Hydroseeding => l.pick("喷播", "Hydroseeding"),
        Greening => l.pick("绿化", "Greening"),
        TreeShrubPlanting => l.pick("乔灌木栽植", "Tree and shrub planting"),
        Other => l.pick("其他", "Other"),
    }
}

pub fn work_phase(l: Lang, p: WorkPhase) -> &'static str {
    match p {
        WorkPhase::Planned => l.pick("设计量", "Planned"),
        WorkPhase::Completed => l.pick("完成量", "Completed"),
    }
}

pub fn bench_kind(l: Lang, k: BenchKind) -> &'static str {
    match k {
        BenchKind::SlopeFace => l.pick("坡面", "Slope face"),
        BenchKind::Berm => l.pick("马道", "Berm"),
        BenchKind::Platform => l.pick("平台", "Platform"),
    }
}

pub fn bench_status(l: Lang, s: BenchStatus) -> &'static str {
    match s {
        BenchStatus::Dumping => l.pick("排矸中", "Dumping"),
        BenchStatus::Covered => l.pick("已覆土", "Covered"),
        BenchStatus::Greened => l.pick("已绿化", "Greened"),
        BenchStatus::Aftercare => l.pick("管护中", "After-care"),
        BenchStatus::Accepted => l.pick("已验收", "Accepted"),
    }
}

pub fn pile_status(l: Lang, s: PileStatus) -> &'static str {
    match s {
        PileStatus::InUse => l.pick("使用中", "In use"),
        PileStatus::Closed => l.pick("已停用", "Closed"),
    }
}

pub fn plant_type(l: Lang, t: PlantType) -> &'static str {
    match t {
        PlantType::Shrub => l.pick("灌木", "Shrub"),
        PlantType::Tree => l.pick("乔木", "Tree"),
        PlantType::Grass => l.pick("草本", "Grass"),
    }
}

pub fn aftercare_kind(l: Lang, k: AftercareKind) -> &'static str {
    use AftercareKind::*;
    match k {
        Replanting => l.pick("补植", "Replanting"),
        Reseeding => l.pick("补种", "Reseeding"),
        Desilting => l.pick("清淤", "Desilting"),
        DitchRepair => l.pick("截排水沟修复", "Ditch repair"),
        Watering => l.pick("浇水", "Watering"),
        FirePatrol => l.pick("防火巡查", "Fire patrol"),
        Other => l.pick("其他", "Other"),
    }
}

pub fn review_state(l: Lang, s: ReviewState) -> &'static str {
    match s {
        ReviewState::Pending => l.pick("待审核", "Pending"),
        ReviewState::Approved => l.pick("已通过", "Approved"),
        ReviewState::Rejected => l.pick("已退回", "Rejected"),
    }
}

pub fn problem_status(l: Lang, s: ProblemStatus) -> &'static str {
    match s {
        ProblemStatus::Open => l.pick("待整改", "Open"),
        ProblemStatus::Rectified => l.pick("已整改", "Rectified"),
        ProblemStatus::Verified => l.pick("已验证", "Verified"),
    }
}

pub fn verdict(l: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => l.pick("合格", "Pass"),
        Verdict::Fail => l.pick("不合格", "Fail"),
        Verdict::Pending => l.pick("待定", "Pending"),
    }
}

pub fn rule_kind(l: Lang, k: RuleKind) -> &'static str {
    use RuleKind::*;
    match k {
        ClosedPileGreenedWithinYears => l.pick(
            "停用矸石山限期覆土绿化",
            "Closed pile covered and greened in time",
        ),
        GreeningOfGreenableArea => l.pick("可绿化区域绿化率", "Greening of the greenable area"),
        SafeDisposalOfGangue => l.pick("煤矸石安全处置率", "Safe disposal of gangue"),
        FinalSoilCoverThickness => l.pick("终覆土厚度", "Final soil cover thickness"),
        LiftSoilCoverThickness => l.pick("分层覆土厚度", "Soil cover per lift"),
        SlopeGradient => l.pick("坡面坡比", "Slope face gradient"),
        SurvivalRate => l.pick("苗木成活率", "Tree/shrub survival"),
        ReplantWhenLow => l.pick("低成活率补植", "Replanting where survival is low"),
        FireSurfaceTemperature => l.pick("自燃测温预警", "Fire alarm: surface temperature"),
        FireCarbonMonoxide => l.pick("自燃CO预警", "Fire alarm: carbon monoxide"),
        FireOutAfterGrouting => l.pick("注浆灭火效果", "Fire out after grouting"),
    }
}

/// The threshold of a rule in words, e.g. "≥ 85%" or "≤ 1:2".
pub fn rule_threshold(l: Lang, r: &Rule) -> String {
    use RuleKind::*;
    let v = format_milli(r.threshold, 2);
    match r.kind {
        ClosedPileGreenedWithinYears => match l {
            Lang::Zh => format!("停用后{v}年内"),
            Lang::En => format!("within {v} years of closing"),
        },
        GreeningOfGreenableArea | SafeDisposalOfGangue | SurvivalRate => format!("≥ {v}%"),
        FinalSoilCoverThickness | LiftSoilCoverThickness => format!("≥ {v} m"),
        SlopeGradient => format!("≤ 1:{v}"),
        ReplantWhenLow => match l {
            Lang::Zh => format!(
                "<{v}%重新栽植，<{}%补植",
                format_milli(r.threshold2.unwrap_or(85_000), 2)
            ),
            Lang::En => format!(
                "<{v}% replant the plot, <{}% infill",
                format_milli(r.threshold2.unwrap_or(85_000), 2)
            ),
        },
        FireSurfaceTemperature => format!("< {v} °C"),
        FireCarbonMonoxide => format!("≤ {v} ppm"),
        FireOutAfterGrouting => match l {
            Lang::Zh => format!(
                "≤ {v} °C，连续{}次",
                format_milli(r.threshold2.unwrap_or(3000), 0)
            ),
            Lang::En => format!(
                "≤ {v} °C for {} readings",
                format_milli(r.threshold2.unwrap_or(3000), 0)
            ),
        },
    }
}

/// A number of days evidence may be old: "365天" / "365 days"; "不限" / "no limit" for none.
pub fn evidence_limit(l: Lang, days: Option<i64>) -> String {
    match (days, l) {
        (Some(d), Lang::Zh) => format!("{d}天"),
        (Some(d), Lang::En) => format!("{d} days"),
        (None, _) => l.pick("不限", "no limit").to_string(),
    }
}

/// How old a rule's evidence may be, as its table shows it: its own limit, or its kind's default
/// marked so ("365天（默认）").
pub fn rule_evidence_limit(l: Lang, r: &Rule) -> String {
    match r.stale_after_days {
        Some(_) => evidence_limit(l, r.evidence_limit_days()),
        None => format!(
            "{}{}",
            evidence_limit(l, r.evidence_limit_days()),
            l.pick("（默认）", " (default)")
        ),
    }
}

/// Why a rule is pending, from the code its evaluation gives.
pub fn pending_reason(l: Lang, code: &str) -> String {
    let s = match code {
        "no_closed_pile" => l.pick("无停用矸石山", "no closed pile"),
        "within_deadline_or_no_target" => l.pick(
            "尚在期限内或缺少可绿化面积",
            "within the deadline, or no greenable area",
        ),
        "no_greenable_area" => l.pick("未登记可绿化面积", "no greenable area recorded"),
        "no_disposal_data" => l.pick(
            "无处置率数据，需人工核实",
            "no disposal data; check by hand",
        ),
        "no_covered_bench_with_thickness" => {
            l.pick("无已覆土台阶的厚度数据", "no thickness on covered benches")
        }
        "no_soil_cover_thickness" => l.pick("无覆土厚度数据", "no soil cover thickness"),
        "no_gradient" => l.pick("无坡比数据", "no gradients"),
        "no_survey" => l.pick("无成活率调查", "no survival survey"),
        "no_reading" => l.pick("无测温数据", "no temperature readings"),
        "no_co_reading" => l.pick("无CO数据", "no CO readings"),
        "no_fire_recorded" => l.pick("未记录自燃", "no fire recorded"),
        "stale" => l.pick("数据过期", "data out of date"),
        other => return other.to_string(),
    };
    s.to_string()
}

/// The headline sentence in the seed article's own form, generated from the figures.
pub fn headline_sentence(l: Lang, h: &Headline) -> String {
    let m = |v: Milli| format_milli(v.0, 3);
    match l {
        Lang::Zh => format!(
            "目前，矸石山已形成了{}个坡面和马道，缓坡区修整{}平方米、平面积平整{}平方米、覆土{}立方米、截排水沟{}米、绿化面积{}平方米。",
            h.slope_faces_and_berms,
            m(h.gentle_slope_trimmed),
            m(h.flat_area_leveled),
            m(h.soil_cover),
            m(h.ditch_length),
            m(h.green_area)
        ),
        Lang::En => format!(
            "To date, the waste-rock pile has {} slope faces and berms; {} m² of gentle slopes have been trimmed, {} m² of flat area leveled, {} m³ of soil placed as cover, {} m of intercepting and drainage ditches built, and {} m² greened.",
            h.slope_faces_and_berms,
            m(h.gentle_slope_trimmed),
            m(h.flat_area_leveled),
            m(h.soil_cover),
            m(h.ditch_length),
            m(h.green_area)
        ),
    }
}

/// Where a rule's value was measured, as a reader names it ("21号马道", "berm 21").
pub fn place(l: Lang, p: &crate::domain::rules::Place) -> String {
    use crate::domain::rules::Place;
    match (l, p) {
        // The site's own code where the bench has one ("1#坡面", "P1坡面"), its kind added
        // unless the code already says it.
        (Lang::Zh, Place::Bench { code, kind, .. }) if !code.is_empty() => {
            let k = bench_kind(l, *kind);
            if code.contains(k) {
                code.clone()
            } else {
                format!("{code}{k}")
            }
        }
        (Lang::En, Place::Bench { code, kind, .. }) if !code.is_empty() => {
            format!("{} {code}", bench_kind(l, *kind).to_lowercase())
        }
        (Lang::Zh, Place::Bench { number, kind, .. }) => {
            format!("{number}号{}", bench_kind(l, *kind))
        }
        (Lang::En, Place::Bench { number, kind, .. }) => {
            format!("{} {number}", bench_kind(l, *kind).to_lowercase())
        }
        (Lang::Zh, Place::Point(name)) => format!("测温点{name}"),
        (Lang::En, Place::Point(name)) => format!("point {name}"),
        (_, Place::Pile(name)) => name.clone(),
        (_, Place::Ledger) => l.pick("全场", "whole site").to_string(),
        (_, Place::Unassigned) => l.pick("未指定台阶", "no bench").to_string(),
    }
}

/// A rule's source as stored, in the report's language: the sources seeded as defaults (in
/// English, by every version so far) are translated; a source a user typed is shown as typed.
pub fn rule_source(l: Lang, source: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("GB 20426-2006 §6.2", "GB 20426-2006 第6.2条"),
        (
            "2019 green-mine requirements for coal; DZ/T 0315-2018",
            "2019年煤炭行业绿色矿山建设要求；DZ/T 0315-2018",
        ),
        (
            "gangue-dump project specification; Datong practice",
            "矸石场工程技术规范；大同地区做法",
        ),
        ("gangue-dump project specification", "矸石场工程技术规范"),
        (
            "provincial audit citing GB/T 15776",
            "省级审计报告（引用GB/T 15776）",
        ),
        ("forestry practice", "林业常规做法"),
        ("case reports", "案例报道"),
        ("case report, 2009", "2009年案例报道"),
    ];
    match l {
        Lang::Zh => KNOWN
            .iter()
            .find(|(en, _)| *en == source.trim())
            .map(|(_, zh)| zh.to_string())
            .unwrap_or_else(|| source.replace('§', "第")),
        Lang::En => source.to_string(),
    }
}

/// How strong a rule's source is (the codes the defaults carry), in words.
pub fn rule_strength(l: Lang, strength: &str) -> String {
    rule_strength_name(l, strength.trim())
        .map(str::to_string)
        .unwrap_or_else(|| strength.to_string())
}

/// The strengths a rule's source may have (stored codes).
pub const RULE_STRENGTHS: [&str; 4] = ["found", "practice", "weak", "verify"];

/// A rule source's strength by its name, for a known code.
pub fn rule_strength_name(l: Lang, code: &str) -> Option<&'static str> {
    Some(match code {
        "found" => l.pick("已查证原文", "source found"),
        "practice" => l.pick("行业做法，非法定要求", "practice, not law"),
        "weak" => l.pick("依据较弱，可修改", "weak source, editable"),
        "verify" => l.pick("需对照标准原文核实", "verify against the standard text"),
        _ => return None,
    })
}

/// The units a rule's threshold is in (stored codes).
pub const RULE_UNITS: [&str; 6] = ["year", "percent", "m", "ratio", "celsius", "ppm"];

/// A rule threshold's unit by its name, for a known code.
pub fn rule_unit_name(l: Lang, code: &str) -> Option<&'static str> {
    Some(match code {
        "year" => l.pick("年", "years"),
        "percent" => l.pick("%", "%"),
        "m" => l.pick("米", "m"),
        "ratio" => l.pick("坡比（1:n）", "gradient (1:n)"),
        "celsius" => l.pick("°C", "°C"),
        "ppm" => l.pick("ppm", "ppm"),
        _ => return None,
    })
}

/// How a rule's value is found from the records (the indicator table's 方法 column).
pub fn rule_method(l: Lang, k: RuleKind) -> &'static str {
    use RuleKind::*;
    match k {
        ClosedPileGreenedWithinYears => l.pick(
            "停用日期与绿化完成量对照",
            "closing date against the greening completed",
        ),
        GreeningOfGreenableArea => l.pick(
            "绿化完成量÷可绿化面积",
            "green area completed ÷ greenable area",
        ),
        SafeDisposalOfGangue => l.pick("排矸记录人工核实", "dumping records, checked by hand"),
        FinalSoilCoverThickness => l.pick(
            "各已覆土台阶最厚一次覆土的厚度，取最小",
            "thickest placement of each covered bench; the thinnest bench",
        ),
        LiftSoilCoverThickness => l.pick(
            "每次覆土记录的厚度，取最小",
            "thickness of every soil cover record; the thinnest",
        ),
        SlopeGradient => l.pick(
            "台阶登记的坡比，取最陡",
            "gradient recorded per slope face; the steepest",
        ),
        SurvivalRate => l.pick(
            "各台阶最近一次样方调查，取最低",
            "latest quadrat survey of each bench; the lowest",
        ),
        ReplantWhenLow => l.pick(
            "低成活率调查后是否有已通过的补植补种",
            "approved replanting or reseeding after a low survey",
        ),
        FireSurfaceTemperature => l.pick(
            "各测温点最近一次测温",
            "latest reading of each monitoring point",
        ),
        FireCarbonMonoxide => l.pick(
            "各测温点最近一次CO检测",
            "latest CO reading of each monitoring point",
        ),
        FireOutAfterGrouting => l.pick(
            "曾超预警的测温点最近几次测温",
            "last readings of each point that was once above the alarm",
        ),
    }
}

/// A value typed from a fixed vocabulary (a problem's source, a survey method, a sign-off's
/// note), in the report's language: the common ones are translated for the English report; any
/// other text is shown as typed. In the Chinese report everything is shown as typed.
pub fn category_value(l: Lang, value: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("自查", "self-inspection"),
        ("周例会", "weekly progress meeting"),
        ("监理检查", "construction supervisor's inspection"),
        ("县查看", "county inspection"),
        ("市复核", "city review"),
        ("省查看", "provincial inspection"),
        ("样方调查", "quadrat survey"),
        ("年度台账汇总", "annual ledger summary"),
    ];
    if l.is_zh() {
        return value.to_string();
    }
    let v = value.trim();
    for (zh, en) in KNOWN {
        if v == *zh {
            return en.to_string();
        }
        if let Some(rest) = v.strip_prefix(zh)
            && rest.starts_with(' ')
        {
            return format!("{en}{rest}");
        }
    }
    value.to_string()
}

/// A rule's note as stored, in the window's or report's language: the notes seeded as defaults
/// (in English, by every version so far) are translated; a note a user typed is shown as typed.
pub fn rule_note(l: Lang, note: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            "A pile no longer in use is covered, compacted and greened within 3 years of stopping.",
            "停用的矸石山应在停用后3年内完成覆土、碾压和绿化。",
        ),
        (
            "Green area divided by the area that can be greened.",
            "绿化面积除以可绿化面积。",
        ),
        (
            "Share of gangue disposed of safely; record it on the dumping records.",
            "煤矸石安全处置的比例，记录在排矸记录中。",
        ),
        (
            "Final cover on platforms, berms and slopes at least 1.0 m (practice, not law).",
            "平台、马道和坡面终覆土不少于1.0米（行业做法，非法定要求）。",
        ),
        (
            "0.5 m of loess on every lift (practice, not law).",
            "每层排矸覆黄土0.5米（行业做法，非法定要求）。",
        ),
        (
            "Slope faces no steeper than 1:2 (about 26.6°).",
            "坡面不陡于1:2（约26.6°）。",
        ),
        (
            "Trees and shrubs after one growing season: 85% in humid areas, 70% in semi-arid areas. Verify against the standard text.",
            "乔灌木经一个生长季后的成活率：湿润地区85%，半干旱地区70%。需对照标准原文核实。",
        ),
        (
            "Below 40%: replant the plot; 41-84%: infill. A low survey needs approved replanting or reseeding after it.",
            "低于40%：整块重新栽植；41%～84%：补植。成活率低的调查之后须有已通过审核的补植补种记录。",
        ),
        (
            "A surface temperature at or above the threshold raises a fire alarm. Editable.",
            "表面温度达到或超过阈值即为自燃预警。阈值可修改。",
        ),
        (
            "CO above the threshold raises a fire alarm. Verify the threshold for your site.",
            "CO超过阈值即为自燃预警。请按本场情况核实阈值。",
        ),
        (
            "After grouting, temperature back to 30-40 °C and holding (the last 3 readings).",
            "注浆后温度回落至30～40 °C并保持（最近3次读数）。",
        ),
    ];
    match l {
        Lang::Zh => KNOWN
            .iter()
            .find(|(en, _)| *en == note.trim())
            .map(|(_, zh)| zh.to_string())
            .unwrap_or_else(|| note.to_string()),
        Lang::En => note.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every default rule's source and note has a Chinese rendering (a new default added in
    /// English only would show English in the Chinese report and window).
    #[test]
    fn every_default_rule_source_and_note_renders_in_chinese() {
        for d in crate::domain::rules::default_rules() {
            let source = rule_source(Lang::Zh, d.source);
            assert!(
                !source.contains(|c: char| c.is_ascii_lowercase()),
                "{:?}: {source}",
                d.kind
            );
            let note = rule_note(Lang::Zh, d.note);
            assert_ne!(note, d.note, "{:?}: note not translated", d.kind);
            assert_ne!(rule_strength(Lang::Zh, d.strength), d.strength);
        }
    }
}
