//! The translation table: every user-visible string of the window and the report, zh-CN first.
//!
//! This file holds the domain vocabulary both the window and the report use; each of them keeps
//! its own strings in a sibling file.

pub mod report;

use crate::domain::*;

pub mod ui;

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
        TreeShrubPlanting => l.pick("植树种灌", "Tree/shrub planting"),
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
        DitchRepair => l.pick("排水沟修复", "Ditch repair"),
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
                "<{v}%补植, <{}%补种",
                format_milli(r.threshold2.unwrap_or(85_000), 2)
            ),
            Lang::En => format!(
                "<{v}% replant, <{}% infill",
                format_milli(r.threshold2.unwrap_or(85_000), 2)
            ),
        },
        FireSurfaceTemperature => format!("< {v} °C"),
        FireCarbonMonoxide => format!("≤ {v} ppm"),
        FireOutAfterGrouting => match l {
            Lang::Zh => format!(
                "≤ {v} °C,连续{}次",
                format_milli(r.threshold2.unwrap_or(3000), 0)
            ),
            Lang::En => format!(
                "≤ {v} °C for {} readings",
                format_milli(r.threshold2.unwrap_or(3000), 0)
            ),
        },
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
        "no_disposal_data" => l.pick("无处置率数据,需人工核实", "no disposal data; check by hand"),
        "no_covered_bench_with_thickness" => {
            l.pick("无已覆土台阶的厚度数据", "no thickness on covered benches")
        }
        "no_soil_cover_thickness" => l.pick("无覆土厚度数据", "no soil cover thickness"),
        "no_gradient" => l.pick("无坡比数据", "no gradients"),
        "no_survey" => l.pick("无成活率调查", "no survival survey"),
        "no_reading" => l.pick("无测温数据", "no temperature readings"),
        "no_co_reading" => l.pick("无CO数据", "no CO readings"),
        "no_fire_recorded" => l.pick("未记录自燃", "no fire recorded"),
        other => return other.to_string(),
    };
    s.to_string()
}

/// The headline sentence in the seed article's own form, generated from the figures.
pub fn headline_sentence(l: Lang, h: &Headline) -> String {
    let m = |v: Milli| format_milli(v.0, 3);
    match l {
        Lang::Zh => format!(
            "目前,矸石山已形成了{}个坡面和马道,缓坡区修整{}平方米、平面积平整{}平方米、覆土{}立方米、截排水沟{}米、绿化面积{}平方米。",
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
