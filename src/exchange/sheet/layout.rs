//! Which sheets a workbook has and which columns each shows: the ledger's tables as the people
//! who keep them in Excel see them (Chinese or English headers, units in the header, benches by
//! their number, kinds and review states by their names).

use crate::domain::Unit;

/// How one column of a sheet shows a ledger column, and reads it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text as typed.
    Text,
    /// A whole number.
    Int,
    /// Thousandths of the base unit of `Unit`'s dimension, shown as a number in `Unit`.
    Decimal(Unit),
    /// Thousandths of the base unit, shown in the unit the row's `unit` column names.
    InRowUnit,
    /// A unit code, shown by its symbol (平方米, 亩, m³ …).
    Unit,
    /// Thousandths shown as a decimal number (a rule's threshold, a gradient's run).
    Scaled,
    /// One of an enumeration's codes, shown by its name.
    Code(Enum),
    Date,
    /// A reading's local date and time.
    DateTime,
    /// An RFC 3339 time stamp, shown as written.
    Stamp,
    /// A bench, shown as "10号马道" / "berm 10".
    Bench,
    /// A record of this table, shown by its name (mine, pile, monitoring point, planting).
    Ref(&'static str),
    /// 0 or 1, shown as 是/否 (yes/no).
    Bool,
}

/// The enumerations a sheet shows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enum {
    PileStatus,
    BenchKind,
    BenchStatus,
    WorkKind,
    PlantType,
    AftercareKind,
    ReviewState,
    ProblemStatus,
    RuleKind,
    PhotoOwner,
    RuleStrength,
    RuleUnit,
}

/// One column of a sheet.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// The ledger column it shows.
    pub column: &'static str,
    pub kind: Kind,
    pub zh: &'static str,
    pub en: &'static str,
}

/// One sheet: a table, or the part of a table whose `fixed` columns hold these codes.
#[derive(Debug)]
pub struct Sheet {
    pub zh: &'static str,
    pub en: &'static str,
    pub table: &'static str,
    pub fixed: &'static [(&'static str, &'static str)],
    pub cols: &'static [Col],
    /// Whether rows of this sheet can come in (photos are listed, not imported).
    pub importable: bool,
}

impl Sheet {
    pub fn name(&self, zh: bool) -> &'static str {
        if zh { self.zh } else { self.en }
    }
}

/// The hidden columns every importable sheet ends with: they tie a row to its record.
pub const ID_HEADER: &str = "id";
pub const VERSION_HEADER: &str = "version";

const fn c(column: &'static str, kind: Kind, zh: &'static str, en: &'static str) -> Col {
    Col {
        column,
        kind,
        zh,
        en,
    }
}

const PILE: Col = c("pile_id", Kind::Ref("piles"), "矸石山", "Pile");
const BENCH: Col = c("bench_id", Kind::Bench, "台阶", "Bench");
const NOTE: Col = c("note", Kind::Text, "备注", "Note");

/// The sheets of a workbook, in the order they are written (the 汇总 sheet comes first and is
/// written from the summary, not from here).
pub const SHEETS: &[Sheet] = &[
    Sheet {
        zh: "矿山",
        en: "Mine",
        table: "mines",
        fixed: &[],
        importable: true,
        cols: &[
            c("name", Kind::Text, "名称", "Name"),
            c("company", Kind::Text, "所属单位", "Company"),
            c("location", Kind::Text, "位置", "Location"),
            NOTE,
        ],
    },
    Sheet {
        zh: "矸石山",
        en: "Piles",
        table: "piles",
        fixed: &[],
        importable: true,
        cols: &[
            c("mine_id", Kind::Ref("mines"), "所属矿山", "Mine"),
            c("name", Kind::Text, "名称", "Name"),
            c("location", Kind::Text, "位置", "Location"),
            c("dumping_since", Kind::Date, "开始排矸日期", "Dumping since"),
            c("status", Kind::Code(Enum::PileStatus), "状态", "Status"),
            c("closed_on", Kind::Date, "闭库日期", "Closed on"),
            c(
                "greenable_area",
                Kind::Decimal(Unit::M2),
                "可绿化面积(平方米)",
                "Greenable area (m²)",
            ),
            c("plan_reference", Kind::Text, "复垦方案", "Plan reference"),
            NOTE,
        ],
    },
    Sheet {
        zh: "排矸记录",
        en: "Dumping",
        table: "dumping_records",
        fixed: &[],
        importable: true,
        cols: &[
            PILE,
            c("period_start", Kind::Date, "起始日期", "Period start"),
            c("period_end", Kind::Date, "截止日期", "Period end"),
            c("tonnes", Kind::Decimal(Unit::T), "排矸量(吨)", "Gangue (t)"),
            NOTE,
        ],
    },
    Sheet {
        zh: "台阶",
        en: "Benches",
        table: "benches",
        fixed: &[],
        importable: true,
        cols: &[
            PILE,
            c("number", Kind::Int, "编号", "Number"),
            c("code", Kind::Text, "现场编号", "Site code"),
            c("kind", Kind::Code(Enum::BenchKind), "类型", "Kind"),
            c(
                "elevation_low",
                Kind::Decimal(Unit::M),
                "底部标高(米)",
                "Bottom elevation (m)",
            ),
            c(
                "elevation_high",
                Kind::Decimal(Unit::M),
                "顶部标高(米)",
                "Top elevation (m)",
            ),
            c("area", Kind::Decimal(Unit::M2), "面积(平方米)", "Area (m²)"),
            c("gradient_run", Kind::Scaled, "坡比(1:n)", "Gradient (1:n)"),
            c(
                "berm_width",
                Kind::Decimal(Unit::M),
                "马道宽度(米)",
                "Berm width (m)",
            ),
            c("status", Kind::Code(Enum::BenchStatus), "状态", "Status"),
            NOTE,
        ],
    },
    Sheet {
        zh: "工程量-设计",
        en: "Works-planned",
        table: "works",
        fixed: &[("phase", "planned")],
        importable: true,
        cols: &[
            PILE,
            c("kind", Kind::Code(Enum::WorkKind), "工程类型", "Work"),
            BENCH,
            c("quantity", Kind::InRowUnit, "设计量", "Planned quantity"),
            c("unit", Kind::Unit, "单位", "Unit"),
            c("date", Kind::Date, "计划日期", "Planned date"),
            c(
                "thickness",
                Kind::Decimal(Unit::M),
                "厚度(米)",
                "Thickness (m)",
            ),
            c("contractor", Kind::Text, "施工单位", "Contractor"),
            NOTE,
        ],
    },
    Sheet {
        zh: "工程量-完成",
        en: "Works-completed",
        table: "works",
        fixed: &[("phase", "completed")],
        importable: true,
        cols: &[
            PILE,
            c("kind", Kind::Code(Enum::WorkKind), "工程类型", "Work"),
            BENCH,
            c("quantity", Kind::InRowUnit, "完成量", "Completed quantity"),
            c("unit", Kind::Unit, "单位", "Unit"),
            c("date", Kind::Date, "完成日期", "Completed on"),
            c(
                "thickness",
                Kind::Decimal(Unit::M),
                "厚度(米)",
                "Thickness (m)",
            ),
            c("contractor", Kind::Text, "施工单位", "Contractor"),
            NOTE,
        ],
    },
    Sheet {
        zh: "种植",
        en: "Plantings",
        table: "plantings",
        fixed: &[],
        importable: true,
        cols: &[
            PILE,
            BENCH,
            c("species", Kind::Text, "树种/草种", "Species"),
            c(
                "plant_type",
                Kind::Code(Enum::PlantType),
                "植物类型",
                "Plant type",
            ),
            c("plants", Kind::Int, "株数(株)", "Plants"),
            c("seed", Kind::Decimal(Unit::Kg), "播种量(千克)", "Seed (kg)"),
            c("area", Kind::Decimal(Unit::M2), "面积(平方米)", "Area (m²)"),
            c("date", Kind::Date, "日期", "Date"),
            NOTE,
        ],
    },
    Sheet {
        zh: "成活率调查",
        en: "Surveys",
        table: "surveys",
        fixed: &[],
        importable: true,
        cols: &[
            c(
                "planting_id",
                Kind::Ref("plantings"),
                "对应种植",
                "Planting",
            ),
            BENCH,
            c("date", Kind::Date, "调查日期", "Date"),
            c("planted", Kind::Int, "栽植株数(株)", "Planted"),
            c("alive", Kind::Int, "成活株数(株)", "Alive"),
            c(
                "cover",
                Kind::Decimal(Unit::Percent),
                "覆盖度(%)",
                "Cover (%)",
            ),
            c("method", Kind::Text, "调查方法", "Method"),
            c("surveyor", Kind::Text, "调查人", "Surveyor"),
            NOTE,
        ],
    },
    Sheet {
        zh: "后期管护",
        en: "After-care",
        table: "aftercare",
        fixed: &[],
        importable: true,
        cols: &[
            PILE,
            c("date", Kind::Date, "日期", "Date"),
            c("contractor", Kind::Text, "施工单位", "Contractor"),
            BENCH,
            c("kind", Kind::Code(Enum::AftercareKind), "管护内容", "Work"),
            c("quantity", Kind::InRowUnit, "数量", "Quantity"),
            c("unit", Kind::Unit, "单位", "Unit"),
            c("note", Kind::Text, "说明", "Note"),
            c(
                "review",
                Kind::Code(Enum::ReviewState),
                "审核状态",
                "Review",
            ),
            c("review_comment", Kind::Text, "审核意见", "Review comment"),
            c("reviewer", Kind::Text, "审核人", "Reviewer"),
            c("reviewed_at", Kind::Stamp, "审核时间", "Reviewed at"),
        ],
    },
    Sheet {
        zh: "问题清单",
        en: "Problems",
        table: "problems",
        fixed: &[],
        importable: true,
        cols: &[
            PILE,
            c("found_on", Kind::Date, "发现日期", "Found on"),
            c("source", Kind::Text, "问题来源", "Source"),
            c("description", Kind::Text, "问题描述", "Description"),
            BENCH,
            c("owner", Kind::Text, "责任单位/人", "Owner"),
            c("deadline", Kind::Date, "整改期限", "Deadline"),
            c("rectification", Kind::Text, "整改情况", "Rectification"),
            c("rectified_on", Kind::Date, "整改日期", "Rectified on"),
            c("verified_by", Kind::Text, "验收人", "Verified by"),
            c("verified_on", Kind::Date, "验收日期", "Verified on"),
            c("status", Kind::Code(Enum::ProblemStatus), "状态", "Status"),
        ],
    },
    Sheet {
        zh: "监测点",
        en: "Monitoring points",
        table: "monitoring_points",
        fixed: &[],
        importable: true,
        cols: &[
            PILE,
            c("name", Kind::Text, "名称", "Name"),
            BENCH,
            c("location", Kind::Text, "位置", "Location"),
            NOTE,
        ],
    },
    Sheet {
        zh: "监测读数",
        en: "Readings",
        table: "readings",
        fixed: &[],
        importable: true,
        cols: &[
            c(
                "point_id",
                Kind::Ref("monitoring_points"),
                "监测点",
                "Point",
            ),
            c("taken_at", Kind::DateTime, "监测时间", "Taken at"),
            c(
                "temperature",
                Kind::Decimal(Unit::Celsius),
                "表面温度(℃)",
                "Surface temperature (°C)",
            ),
            c("co", Kind::Decimal(Unit::Ppm), "一氧化碳(ppm)", "CO (ppm)"),
            NOTE,
        ],
    },
    Sheet {
        zh: "指标规则",
        en: "Rules",
        table: "rules",
        fixed: &[],
        importable: true,
        cols: &[
            c("kind", Kind::Code(Enum::RuleKind), "指标", "Rule"),
            c("threshold", Kind::Scaled, "阈值", "Threshold"),
            c("threshold2", Kind::Scaled, "第二阈值", "Second threshold"),
            c(
                "unit",
                Kind::Code(Enum::RuleUnit),
                "阈值单位",
                "Threshold unit",
            ),
            c("source", Kind::Text, "依据", "Source"),
            c(
                "strength",
                Kind::Code(Enum::RuleStrength),
                "依据强度",
                "Strength",
            ),
            NOTE,
            c("enabled", Kind::Bool, "启用", "Enabled"),
            c(
                "stale_after_days",
                Kind::Int,
                "数据有效期(天)",
                "Evidence valid for (days)",
            ),
        ],
    },
    Sheet {
        zh: "签署",
        en: "Sign-offs",
        table: "sign_offs",
        fixed: &[],
        importable: true,
        cols: &[
            c("revision", Kind::Text, "版次", "Revision"),
            c("date", Kind::Date, "日期", "Date"),
            c("prepared_by", Kind::Text, "编制", "Prepared by"),
            c("reviewed_by", Kind::Text, "审核", "Reviewed by"),
            c("approved_by", Kind::Text, "批准", "Approved by"),
            NOTE,
        ],
    },
    Sheet {
        zh: "照片",
        en: "Photos",
        table: "photos",
        fixed: &[],
        importable: false,
        cols: &[
            c(
                "owner_kind",
                Kind::Code(Enum::PhotoOwner),
                "所属记录类型",
                "Belongs to",
            ),
            c("file_name", Kind::Text, "文件名", "File name"),
            c("mime", Kind::Text, "文件类型", "Type"),
            c("sha256", Kind::Text, "SHA-256", "SHA-256"),
            c("size_bytes", Kind::Int, "大小(字节)", "Size (bytes)"),
            c("taken_at", Kind::Stamp, "拍摄时间", "Taken at"),
            c("taken_by", Kind::Text, "拍摄人", "Taken by"),
            c("place", Kind::Text, "地点", "Place"),
        ],
    },
];

/// What a new record holds in a column its sheet leaves out: an after-care entry awaits review,
/// a problem is open, a rule applies.
pub const NEW_RECORD: &[(&str, &str, &str)] = &[
    ("aftercare", "review", "pending"),
    ("problems", "status", "open"),
];

/// The sheet named `name` (in either language, ignoring case and spaces).
/// Headers the window's lists show where the workbook's differ (table, column, zh, en): rows
/// copied from a list paste back into it, and into a workbook sheet.
pub const WINDOW_HEADERS: &[(&str, &str, &str, &str)] = &[
    ("aftercare", "kind", "类别", "Kind"),
    ("aftercare", "review", "审核", "Review"),
    ("aftercare", "note", "备注", "Note"),
    ("works", "kind", "类别", "Kind"),
    ("works", "date", "日期", "Date"),
    ("works", "quantity", "数量", "Quantity"),
    ("plantings", "plant_type", "类别", "Kind"),
];

pub fn sheet_named(name: &str) -> Option<&'static Sheet> {
    let n = normalize(name);
    SHEETS
        .iter()
        .find(|s| normalize(s.zh) == n || normalize(s.en) == n)
}

/// A header or a name as compared: no spaces, ASCII brackets and colons, lower case.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '％' => '%',
            '°' => '℃',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .replace("℃c", "℃")
}

/// The header without a unit in brackets: "完成量(立方米)" → "完成量".
pub fn bare(header: &str) -> String {
    let n = normalize(header);
    match n.find('(') {
        Some(i) if i > 0 => n[..i].to_string(),
        _ => n,
    }
}
