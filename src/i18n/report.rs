//! The printed compliance summary's own strings (zh-CN first, English second); domain words come
//! from the parent module.

use super::Lang;
use crate::domain::rules::{Action, Basis, Evidence, RuleResult};
use crate::domain::{RuleKind, Verdict};

/// Every fixed string of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Title,
    Subtitle,
    Mine,
    Company,
    Pile,
    Location,
    Period,
    AsOf,
    Revision,
    PreparedBy,
    ReviewedBy,
    ApprovedBy,
    Fingerprint,
    AuditHead,
    RevisionLog,
    Date,
    Note,
    SecDocumentControl,
    SecBasis,
    SecHeadline,
    SecWorks,
    SecRules,
    SecMonitoring,
    SecProblems,
    SecAftercare,
    SecPhotos,
    SecSignOff,
    PlanReference,
    StandardsApplied,
    Standard,
    Scope,
    Figure,
    Value,
    Unit,
    GangueDumped,
    OpenProblems,
    OverdueProblems,
    PendingAftercare,
    WorksOverall,
    WorksPerBench,
    WorksPlanPerBench,
    PlanBenchesElsewhere,
    PlanTotal,
    PlanNotBrokenDown,
    Plantings,
    Species,
    PlantType,
    Seed,
    PlantingArea,
    PlantingDate,
    Item,
    Planned,
    Completed,
    PercentComplete,
    Bench,
    BenchKind,
    Status,
    ChartProgress,
    ChartCover,
    ChartGreen,
    Year,
    Rule,
    Threshold,
    Source,
    Measured,
    Verdict,
    SurvivalCover,
    SurveyDate,
    PlantsPlanted,
    PlantsAlive,
    Survival,
    VegetationCover,
    Method,
    FireMonitoring,
    Point,
    Readings,
    MaxTemperature,
    LatestTemperature,
    Alarms,
    MaxCo,
    AlarmReadings,
    Time,
    Temperature,
    Co,
    ChartTemperature,
    ChartCo,
    AxisYear,
    AlarmThreshold,
    Found,
    Description,
    Owner,
    Deadline,
    Rectified,
    VerifiedBy,
    Overdue,
    Yes,
    No,
    Kind,
    Quantity,
    Contractor,
    Review,
    Reviewer,
    TakenAt,
    Place,
    TakenBy,
    File,
    Signature,
    NoRecords,
    None,
    FingerprintFull,
    SigningKey,
    PhotoUnreadable,
    NoMeasurementDate,
    OfWhichUnassigned,
    ThisPeriod,
    PreviousPeriod,
    Cumulative,
    EntriesCount,
    PeriodComparison,
    Area,
    LatestSurvival,
    NotSurveyed,
    Unassigned,
    Total,
    ReportNumber,
    PreparingUnit,
    Seal,
    SecConclusions,
    SecRecommendations,
    Toc,
    PeriodLabel,
    OverallVerdict,
    FailedRules,
    OverdueList,
    NeverSurveyed,
    AwaitingReview,
    StaleData,
    Finding,
    Details,
    NoRecommendations,
    Matter,
}

/// The string of `t` in language `l`.
pub fn text(l: Lang, t: Text) -> &'static str {
    use Text::*;
    let (zh, en) = match t {
        Title => (
            "矸石山生态修复合规报告",
            "Waste-Rock Pile Restoration Compliance Summary",
        ),
        Subtitle => ("生态修复台账汇总", "Summary of the restoration ledger"),
        Mine => ("矿井", "Mine"),
        Company => ("所属企业", "Company"),
        Pile => ("矸石山", "Waste-rock pile"),
        Location => ("位置", "Location"),
        Period => ("报告期", "Reporting period"),
        AsOf => ("数据截至", "Data as of"),
        Revision => ("版次", "Revision"),
        PreparedBy => ("编制", "Prepared by"),
        ReviewedBy => ("审核", "Reviewed by"),
        ApprovedBy => ("批准", "Approved by"),
        Fingerprint => ("数据指纹", "Data fingerprint"),
        AuditHead => ("审计链末条", "Audit chain head"),
        RevisionLog => ("修订记录", "Revision log"),
        Date => ("日期", "Date"),
        Note => ("说明", "Note"),
        SecDocumentControl => ("文件控制", "Document control"),
        SecBasis => ("编制依据", "Basis"),
        SecHeadline => ("总体情况", "Headline"),
        SecWorks => ("工程量完成情况", "Works"),
        SecRules => ("合规指标检查", "Compliance checks"),
        SecMonitoring => ("监测", "Monitoring"),
        SecProblems => ("问题清单", "Problem list"),
        SecAftercare => ("后期管护记录", "After-care log"),
        SecPhotos => ("照片记录", "Photo log"),
        SecSignOff => ("报告核验", "Checking this report"),
        PlanReference => ("批准的土地复垦方案", "Approved land reclamation plan"),
        StandardsApplied => ("采用的标准", "Standards applied"),
        Standard => ("标准", "Standard"),
        Scope => ("内容", "Scope"),
        Figure => ("指标", "Figure"),
        Value => ("数值", "Value"),
        Unit => ("单位", "Unit"),
        GangueDumped => ("累计排矸量", "Gangue dumped to date"),
        OpenProblems => ("未闭合问题", "Problems not closed"),
        OverdueProblems => ("逾期问题", "Overdue problems"),
        PendingAftercare => ("待审核管护记录", "After-care entries awaiting review"),
        WorksOverall => ("总体", "Overall"),
        WorksPerBench => ("分台阶", "Per bench"),
        WorksPlanPerBench => ("分台阶设计量与完成量", "Plan vs actual per bench"),
        PlanBenchesElsewhere => ("其他台阶及未指定台阶", "Other benches and no bench"),
        PlanTotal => ("合计（总体设计量）", "Total (the plan's total)"),
        PlanNotBrokenDown => (
            "批复方案未按台阶分解设计量；各工程项目的设计量与完成量见总体表。",
            "The approved plan does not break its design quantities down by bench; see the overall table for plan vs actual.",
        ),
        Plantings => ("栽植与播种", "Planting and seeding"),
        Species => ("植物", "Species"),
        PlantType => ("类型", "Type"),
        Seed => ("播种量（千克）", "Seed (kg)"),
        PlantingArea => ("面积（平方米）", "Area (m²)"),
        PlantingDate => ("日期", "Date"),
        Item => ("项目", "Item"),
        Planned => ("设计量", "Planned"),
        Completed => ("完成量", "Completed"),
        PercentComplete => ("完成率", "% complete"),
        Bench => ("台阶", "Bench"),
        BenchKind => ("类型", "Kind"),
        Status => ("状态", "Status"),
        ChartProgress => (
            "各类工程完成率（完成量/设计量）",
            "Completed vs planned per work kind",
        ),
        ChartCover => ("累计覆土量（立方米）", "Cumulative soil cover (m³)"),
        ChartGreen => ("累计绿化面积（平方米）", "Cumulative green area (m²)"),
        Year => ("年份", "Year"),
        Rule => ("检查项", "Check"),
        Threshold => ("阈值", "Threshold"),
        Source => ("依据", "Source"),
        Measured => ("实测值", "Measured"),
        Verdict => ("结论", "Verdict"),
        SurvivalCover => ("成活率与植被覆盖度", "Survival and vegetation cover"),
        SurveyDate => ("调查日期", "Survey date"),
        PlantsPlanted => ("栽植（株）", "Planted"),
        PlantsAlive => ("成活（株）", "Alive"),
        Survival => ("成活率", "Survival"),
        VegetationCover => ("覆盖度", "Cover"),
        Method => ("方法", "Method"),
        FireMonitoring => ("自燃监测", "Fire monitoring"),
        Point => ("测温点", "Point"),
        Readings => ("测次", "Readings"),
        MaxTemperature => ("最高温度", "Max temperature"),
        LatestTemperature => ("最近温度", "Latest temperature"),
        Alarms => ("预警次数", "Alarms"),
        MaxCo => ("最高CO", "Max CO"),
        AlarmReadings => ("预警记录", "Alarm readings"),
        Time => ("时间", "Time"),
        Temperature => ("温度", "Temperature"),
        Co => ("CO", "CO"),
        ChartTemperature => ("表面温度趋势（°C）", "Surface temperature trend (°C)"),
        ChartCo => ("一氧化碳浓度趋势（ppm）", "Carbon monoxide trend (ppm)"),
        AxisYear => ("年份", "Year"),
        AlarmThreshold => ("预警阈值", "alarm threshold"),
        Found => ("发现日期", "Found"),
        Description => ("问题", "Problem"),
        Owner => ("责任单位/人", "Owner"),
        Deadline => ("整改期限", "Deadline"),
        Rectified => ("整改日期", "Rectified"),
        VerifiedBy => ("验证人", "Verified by"),
        Overdue => ("逾期", "Overdue"),
        Yes => ("是", "yes"),
        No => ("否", "no"),
        Kind => ("类别", "Kind"),
        Quantity => ("数量", "Quantity"),
        Contractor => ("施工单位", "Contractor"),
        Review => ("审核", "Review"),
        Reviewer => ("审核人", "Reviewer"),
        TakenAt => ("拍摄时间", "Taken"),
        Place => ("地点", "Place"),
        TakenBy => ("拍摄人", "Taken by"),
        File => ("文件", "File"),
        Signature => ("签字", "Signature"),
        NoRecords => ("本期无记录。", "No records in this period."),
        None => ("—", "—"),
        FingerprintFull => ("数据指纹（SHA-256）", "Data fingerprint (SHA-256)"),
        SigningKey => ("签名密钥（Ed25519）", "Signing key (Ed25519)"),
        PhotoUnreadable => ("（照片无法读取）", "(photo cannot be read)"),
        NoMeasurementDate => ("无测量日期", "no measurement date"),
        OfWhichUnassigned => ("其中未指定台阶", "of which no bench"),
        ThisPeriod => ("本期", "This period"),
        PreviousPeriod => ("上期", "Previous period"),
        Cumulative => ("累计", "Cumulative"),
        EntriesCount => ("条数", "Entries"),
        PeriodComparison => ("本期与上期对比", "This period and the previous one"),
        Area => ("面积", "Area"),
        LatestSurvival => ("最近成活率及调查日期", "Latest survival, survey date"),
        NotSurveyed => ("未调查", "never surveyed"),
        Unassigned => ("未指定台阶", "No bench"),
        Total => ("合计", "Total"),
        ReportNumber => ("报告编号", "Report number"),
        PreparingUnit => ("编制单位", "Prepared by (unit)"),
        Seal => ("（盖章）", "(seal)"),
        SecConclusions => ("结论", "Conclusions"),
        SecRecommendations => ("整改建议", "Recommendations"),
        Toc => ("目录", "Contents"),
        PeriodLabel => ("报告期：", "Reporting period: "),
        OverallVerdict => ("总体结论", "Overall verdict"),
        FailedRules => ("不合格指标", "Failed checks"),
        OverdueList => ("逾期未整改问题", "Overdue problems"),
        NeverSurveyed => ("从未调查成活率的台阶", "Benches never surveyed"),
        AwaitingReview => ("待审核的管护记录", "After-care awaiting review"),
        StaleData => ("数据过期", "Data out of date"),
        Finding => ("情况", "Finding"),
        Details => ("详见", "Details"),
        Matter => ("事项", "Matter"),
        NoRecommendations => (
            "本期未发现需整改的事项。",
            "Nothing in this period asks for action.",
        ),
    };
    l.pick(zh, en)
}

/// The footer of every page: "第 x 页 共 y 页" and the short fingerprint.
pub fn page_footer(l: Lang, page: usize, pages: usize, short_fingerprint: &str) -> String {
    match l {
        Lang::Zh => format!("第 {page} 页 共 {pages} 页    指纹 {short_fingerprint}"),
        Lang::En => format!("Page {page} of {pages}    Fingerprint {short_fingerprint}"),
    }
}

/// The reporting period in words.
pub fn period(l: Lang, from: Option<&str>, to: Option<&str>) -> String {
    match (l, from, to) {
        (Lang::Zh, None, None) => "全部记录（自建账起至今）".to_string(),
        (Lang::Zh, Some(f), None) => format!("{f}起至今"),
        (Lang::Zh, None, Some(t)) => format!("自建账起至{t}"),
        (Lang::Zh, Some(f), Some(t)) => format!("{f}至{t}"),
        (Lang::En, None, None) => "all records, from the start of the ledger to date".to_string(),
        (Lang::En, Some(f), None) => format!("{f} to date"),
        (Lang::En, None, Some(t)) => format!("from the start of the ledger to {t}"),
        (Lang::En, Some(f), Some(t)) => format!("{f} to {t}"),
    }
}

/// The audit head as shown on the cover and the sign-off page.
pub fn audit_head(l: Lang, seq: i64, hash: &str) -> String {
    let short = hash.get(..16).unwrap_or(hash);
    match l {
        Lang::Zh => format!("第 {seq} 条（{short}…）"),
        Lang::En => format!("entry {seq} ({short}…)"),
    }
}

/// How an auditor checks the paper against the ledger. A period report (ending on `period_end`)
/// covers the records of its period only: records dated later do not outdate it.
pub fn verify_instruction(l: Lang, period_end: Option<chrono::NaiveDate>) -> String {
    match (l, period_end) {
        (Lang::Zh, None) => "核对方法：在命令行运行 restoration-ledger verify 台账文件 --report 本报告.pdf。指纹由报告所依据的全部台账记录（规范化形式）、报告期及审计链末条计算得出；台账此后如有任何改动，核对即不通过，并列出改动的记录。".to_string(),
        (Lang::En, None) => "To check: restoration-ledger verify LEDGER --report THIS.pdf. The fingerprint is computed from every ledger record the report was made from (in canonical form), the reporting period and the audit chain head; any later change to the ledger makes the check fail and lists the changed records.".to_string(),
        (Lang::Zh, Some(to)) => format!("核对方法：在命令行运行 restoration-ledger verify 台账文件 --report 本报告.pdf。指纹由报告期末（{to}）以前的全部台账记录（规范化形式）、报告期及这些记录最后一次改动的审计链条目计算得出；这些记录此后如有任何改动，核对即不通过，并列出改动的记录；日期在报告期之后的记录不影响本报告。"),
        (Lang::En, Some(to)) => format!("To check: restoration-ledger verify LEDGER --report THIS.pdf. The fingerprint is computed from every ledger record up to the end of the period ({to}) in canonical form, the reporting period and the audit entry of their last change; any later change to those records makes the check fail and lists them; records dated after the period do not affect this report."),
    }
}

/// The line under the after-care table.
pub fn aftercare_counts(
    l: Lang,
    total: usize,
    approved: usize,
    pending: usize,
    rejected: usize,
) -> String {
    match l {
        Lang::Zh => format!(
            "本期管护记录 {total} 条：已通过 {approved} 条，待审核 {pending} 条，已退回 {rejected} 条。"
        ),
        Lang::En => format!(
            "{total} after-care entries in the period: {approved} approved, {pending} awaiting review, {rejected} rejected."
        ),
    }
}

/// The standards named in the basis section: (code, title).
pub fn standards(l: Lang) -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "TD/T 1036-2013",
            l.pick("土地复垦质量控制标准", "Land reclamation quality control"),
        ),
        (
            "TD/T 1044",
            l.pick("生产项目土地复垦验收规程", "Acceptance of land reclamation"),
        ),
        (
            "HJ 651-2013",
            l.pick(
                "矿山生态环境保护与恢复治理技术规范（第15节 煤矸石场）",
                "Mine ecological protection and restoration (§15 gangue sites)",
            ),
        ),
        (
            "GB 18599-2020",
            l.pick(
                "一般工业固体废物贮存和填埋污染控制标准",
                "General industrial solid waste storage and closure",
            ),
        ),
        (
            "GB 20426-2006",
            l.pick(
                "煤炭工业污染物排放标准",
                "Coal industry pollutant discharge",
            ),
        ),
        (
            "DZ/T 0315-2018",
            l.pick("煤炭行业绿色矿山建设规范", "Green mines, coal industry"),
        ),
    ]
}

/// The signing key's id as printed, with what the signature means.
pub fn signing_key(l: Lang, key_id: &str) -> String {
    match l {
        Lang::Zh => format!("{key_id}（本报告由该密钥的持有者签名，可用 verify --report 核验）"),
        Lang::En => format!(
            "{key_id} (this report is signed by the holder of this key; check it with verify --report)"
        ),
    }
}

/// An unsigned report says so on paper, and why.
pub fn unsigned(l: Lang) -> &'static str {
    l.pick(
        "未签名（打印者没有本台账的部门签名密钥：由审计、施工单位打印，或台账尚未签名）。本报告仍可凭指纹用 verify --report 核对。",
        "Not signed (whoever printed it did not hold this ledger's department signing key: an auditor, a contractor, or a ledger never signed). The fingerprint still checks it with verify --report.",
    )
}

/// `s` in parentheses of the language: full-width in Chinese prose.
pub fn parenthesized(l: Lang, s: &str) -> String {
    match l {
        Lang::Zh => format!("（{s}）"),
        Lang::En => format!(" ({s})"),
    }
}

/// One measured value with its place and its own date: "0.8 m（21号马道，2021-10-15）".
pub fn evidence(l: Lang, e: &Evidence) -> String {
    let date = e
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| text(l, Text::NoMeasurementDate).to_string());
    let place = super::place(l, &e.place);
    let action = e.action.map(|a| match a {
        Action::Replant => l.pick("需重新栽植", "replant the plot"),
        Action::Infill => l.pick("需补植", "infill"),
    });
    match (l, action) {
        (Lang::Zh, None) => format!("{}（{place}，{date}）", e.value),
        (Lang::Zh, Some(a)) => format!("{}（{place}，{date}），{a}", e.value),
        (Lang::En, None) => format!("{} ({place}, {date})", e.value),
        (Lang::En, Some(a)) => format!("{} ({place}, {date}): {a}", e.value),
    }
}

/// The indicator table's measured cell: the value the verdict rests on with its place and date,
/// the worst and the latest where a rule is judged on the latest readings (and which one the
/// verdict uses), every failing value with its own date, counts in words, and why it is pending.
pub fn rule_measured(l: Lang, r: &RuleResult) -> String {
    let mut lines = Vec::new();
    let sep = l.pick("；", "; ");
    match (r.basis, &r.evidence) {
        (Basis::Latest, Some(latest)) => {
            lines.push(format!(
                "{}{}",
                l.pick("最近：", "Latest: "),
                evidence(l, latest)
            ));
            if let Some(w) = &r.worst {
                lines.push(format!(
                    "{}{}",
                    l.pick("历史最高：", "Highest ever: "),
                    evidence(l, w)
                ));
            }
            lines.push(
                l.pick(
                    "判定依据：各测温点最近读数",
                    "Verdict on: the latest reading of each point",
                )
                .to_string(),
            );
        }
        (Basis::Worst, Some(e)) if r.tally.is_none() => {
            lines.push(format!(
                "{}{}",
                l.pick("最不利：", "Worst: "),
                evidence(l, e)
            ));
        }
        _ => {}
    }
    if let Some((cases, failing)) = r.tally {
        lines.push(tally(l, r.kind, cases, failing));
    }
    let shown_alone = r.failing.len() == 1
        && r.evidence.as_ref() == r.failing.first()
        && r.basis == Basis::Worst
        && r.tally.is_none();
    if !r.failing.is_empty() && !shown_alone {
        let list: Vec<String> = r.failing.iter().map(|e| evidence(l, e)).collect();
        lines.push(format!(
            "{}{}",
            l.pick("不符合：", "Failing: "),
            list.join(sep)
        ));
    }
    if let Some(st) = r.stale {
        lines.push(match l {
            Lang::Zh => format!(
                "数据过期：最新数据为{}，已超过{}天时限",
                st.newest, st.limit_days
            ),
            Lang::En => format!(
                "Data out of date: the newest is of {}, older than the {}-day limit",
                st.newest, st.limit_days
            ),
        });
    } else if r.verdict == Verdict::Pending
        && let Some(code) = &r.pending
    {
        lines.push(super::pending_reason(l, code));
    }
    lines.join("\n")
}

/// Counts of cases in words ("成活率低于阈值的台阶2个，其中1个未见补植补种").
fn tally(l: Lang, kind: RuleKind, cases: usize, failing: usize) -> String {
    match (l, kind) {
        (Lang::Zh, RuleKind::ReplantWhenLow) => {
            format!("成活率低于补植阈值的台阶{cases}个，其中{failing}个调查后未见已通过的补植补种")
        }
        (Lang::En, RuleKind::ReplantWhenLow) => format!(
            "{cases} bench(es) below the infill threshold, {failing} without approved replanting or reseeding since"
        ),
        (Lang::Zh, RuleKind::FireOutAfterGrouting) => {
            format!("曾超预警的测温点{cases}个，其中{failing}个尚未稳定降温")
        }
        (Lang::En, RuleKind::FireOutAfterGrouting) => {
            format!("{cases} point(s) once above the alarm, {failing} not yet cooled and holding")
        }
        (Lang::Zh, _) => format!("停用矸石山{cases}座，其中{failing}座逾期未完成绿化"),
        (Lang::En, _) => format!("{cases} closed pile(s), {failing} not greened in time"),
    }
}

/// "23个" / "23 benches": the count in the per-bench table's total row.
pub fn bench_count(l: Lang, n: usize) -> String {
    match l {
        Lang::Zh => format!("{n}个"),
        Lang::En => format!("{n} benches"),
    }
}

/// A date as the cover writes it: "2026年12月1日" / "1 December 2026".
pub fn long_date(l: Lang, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match l {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// Chinese numerals for headings: 一 … 九十九.
fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "〇".to_string(),
        1..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n % 10]),
        _ => format!("{}十{}", D[(n / 10) % 10], D[n % 10]),
    }
}

/// A section heading: "一、结论" / "1 Conclusions".
pub fn section_title(l: Lang, n: usize, title: &str) -> String {
    match l {
        Lang::Zh => format!("{}、{title}", cn_number(n)),
        Lang::En => format!("{n} {title}"),
    }
}

/// A subsection heading: "（一）总体" / "5.1 Overall".
pub fn subsection_title(l: Lang, section: usize, n: usize, title: &str) -> String {
    match l {
        Lang::Zh => format!("（{}）{title}", cn_number(n)),
        Lang::En => format!("{section}.{n} {title}"),
    }
}

/// The report's title, naming the mine and the pile.
pub fn report_title(l: Lang, mine: Option<&str>, pile: Option<&str>) -> String {
    let mine = mine.map(str::trim).filter(|s| !s.is_empty());
    let pile = pile.map(str::trim).filter(|s| !s.is_empty());
    // A pile named after its mine ("石沟矿排矸场" of 石沟矿) says the mine once.
    let mine = mine.filter(|m| !pile.is_some_and(|p| p.starts_with(m)));
    let name = [mine, pile].into_iter().flatten().collect::<Vec<_>>();
    if name.is_empty() {
        return text(l, Text::Title).to_string();
    }
    match l {
        Lang::Zh => format!("{}生态修复合规报告", name.join("")),
        Lang::En => format!("{}: Restoration Compliance Summary", name.join(", ")),
    }
}

/// Under the standards: where the thresholds and their sources are.
pub fn rule_sources_note(l: Lang, page: &str) -> String {
    match l {
        Lang::Zh => format!("检查阈值及其来源见“合规指标检查”一节（第{page}页）。"),
        Lang::En => format!("Thresholds and their sources: see Compliance checks (page {page})."),
    }
}

/// Whether the sign-off and the data are of the same day, and if not, by how much they differ.
pub fn sign_off_date_note(
    l: Lang,
    signed: Option<chrono::NaiveDate>,
    as_of: chrono::NaiveDate,
) -> String {
    let Some(signed) = signed else {
        return l
            .pick(
                "台账中尚无签署记录：本报告未经编制、审核、批准人签署。",
                "The ledger holds no sign-off: nobody has prepared, reviewed or approved this report.",
            )
            .to_string();
    };
    let days = (as_of - signed).num_days();
    let (sd, ad) = (long_date(l, signed), long_date(l, as_of));
    match (l, days.signum()) {
        (Lang::Zh, 0) => format!("签署日期与数据截止日期均为{sd}。"),
        (Lang::Zh, 1) => format!(
            "签署日期为{sd}，数据截至{ad}，相差{days}天：签署之后录入的记录未经签署人审阅。"
        ),
        (Lang::Zh, _) => format!("签署日期为{sd}，晚于数据截止日期{ad}{}天。", -days),
        (Lang::En, 0) => format!("Signed on {sd}, the day the data is of."),
        (Lang::En, 1) => format!(
            "Signed on {sd}; the data is of {ad}, {days} days later: records entered after the sign-off were not seen by its signatories."
        ),
        (Lang::En, _) => format!("Signed on {sd}, {} days after the data's date {ad}.", -days),
    }
}

/// A page reference in words: "第5页" / "page 5" (`page` is a placeholder the renderer fills).
pub fn page_word(l: Lang, page: &str) -> String {
    match l {
        Lang::Zh => format!("第{page}页"),
        Lang::En => format!("page {page}"),
    }
}

/// The overall verdict and the counts of the checks.
pub fn overall_verdict(l: Lang, pass: usize, fail: usize, pending: usize, page: &str) -> String {
    let total = pass + fail + pending;
    match l {
        Lang::Zh => {
            let verdict = if fail > 0 {
                "不合格"
            } else if pending > 0 {
                "待定（部分指标无数据或数据过期）"
            } else {
                "合格"
            };
            format!(
                "总体结论：{verdict}。共检查{total}项指标：合格{pass}项，不合格{fail}项，待定{pending}项（详见第{page}页）。"
            )
        }
        Lang::En => {
            let verdict = if fail > 0 {
                "Fail"
            } else if pending > 0 {
                "Pending (some checks have no data, or data out of date)"
            } else {
                "Pass"
            };
            format!(
                "Overall verdict: {verdict}. {total} checks: {pass} pass, {fail} fail, {pending} pending (details on page {page})."
            )
        }
    }
}

/// A failed rule in the conclusions: its name, value and threshold.
pub fn failed_rule(l: Lang, rule: &str, value: &str, threshold: &str) -> String {
    match l {
        Lang::Zh => format!("{rule}：{value}，阈值{threshold}"),
        Lang::En => format!("{rule}: {value}; threshold {threshold}"),
    }
}

/// An overdue problem in the conclusions, with the days overdue.
pub fn overdue_problem(
    l: Lang,
    description: &str,
    deadline: chrono::NaiveDate,
    days: i64,
    owner: &str,
) -> String {
    match l {
        Lang::Zh => {
            format!("{description}：整改期限{deadline}，已逾期{days}天；责任单位/人：{owner}")
        }
        Lang::En => {
            format!("{description}: deadline {deadline}, {days} days overdue; owner: {owner}")
        }
    }
}

/// "共3个：…" / "3: …".
pub fn counted_list(l: Lang, n: usize, list: &str) -> String {
    match l {
        Lang::Zh => format!("共{n}个：{list}"),
        Lang::En => format!("{n}: {list}"),
    }
}

/// A rule's own evidence limit under its threshold: "数据有效期：30天".
pub fn evidence_valid_for(l: Lang, limit: &str) -> String {
    match l {
        Lang::Zh => format!("数据有效期：{limit}"),
        Lang::En => format!("evidence valid for {limit}"),
    }
}

/// A rule judged Pending because its newest evidence is too old.
pub fn stale_rule(l: Lang, rule: &str, newest: chrono::NaiveDate, limit_days: i64) -> String {
    match l {
        Lang::Zh => format!("{rule}：最新数据为{newest}，超过{limit_days}天时限，判为待定"),
        Lang::En => format!(
            "{rule}: the newest data is of {newest}, older than the {limit_days}-day limit; Pending"
        ),
    }
}

/// A numbered recommendation: "（1）…" / "1. …".
pub fn numbered(l: Lang, n: usize, line: &str) -> String {
    match l {
        Lang::Zh => format!("（{n}）{line}"),
        Lang::En => format!("{n}. {line}"),
    }
}

/// What to do about a failed rule.
pub fn recommend_rule(l: Lang, kind: RuleKind, places: &str, threshold: &str) -> String {
    use RuleKind::*;
    let at = |zh: &str, en: &str| -> (String, String) {
        if places.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("{zh}{places}"), format!("{en}{places}"))
        }
    };
    let (zh_at, en_at) = at("对", "at ");
    match (l, kind) {
        (Lang::Zh, ClosedPileGreenedWithinYears) => {
            format!("{zh_at}限期完成覆土、碾压和绿化（{threshold}）。")
        }
        (Lang::Zh, GreeningOfGreenableArea) => {
            format!("继续对可绿化区域实施绿化，使绿化率达到{threshold}。")
        }
        (Lang::Zh, SafeDisposalOfGangue) => "核实并补录煤矸石安全处置数据。".to_string(),
        (Lang::Zh, FinalSoilCoverThickness | LiftSoilCoverThickness) => {
            format!("{zh_at}补充覆土至{threshold}，并复测厚度。")
        }
        (Lang::Zh, SlopeGradient) => format!("{zh_at}削坡整形，使坡比{threshold}。"),
        (Lang::Zh, SurvivalRate) => {
            format!("{zh_at}补植，并在下一生长季复查成活率（{threshold}）。")
        }
        (Lang::Zh, ReplantWhenLow) => {
            format!("{zh_at}按阈值重新栽植或补植，完成后提交管护记录供审核。")
        }
        (Lang::Zh, FireSurfaceTemperature | FireCarbonMonoxide) => {
            format!("{zh_at}加密测温，采取注浆等灭火措施，直至读数回落（{threshold}）。")
        }
        (Lang::Zh, FireOutAfterGrouting) => {
            format!("{zh_at}继续监测，温度稳定回落前不得判定灭火完成（{threshold}）。")
        }
        (Lang::En, ClosedPileGreenedWithinYears) => {
            format!("Cover, compact and green {en_at} without delay ({threshold}).")
        }
        (Lang::En, GreeningOfGreenableArea) => {
            format!("Continue greening the greenable area until it reaches {threshold}.")
        }
        (Lang::En, SafeDisposalOfGangue) => {
            "Check and record the safe disposal of gangue.".to_string()
        }
        (Lang::En, FinalSoilCoverThickness | LiftSoilCoverThickness) => {
            format!("Add soil cover {en_at} to {threshold} and measure it again.")
        }
        (Lang::En, SlopeGradient) => format!("Trim the slope {en_at} to {threshold}."),
        (Lang::En, SurvivalRate) => {
            format!("Replant {en_at} and survey survival again next growing season ({threshold}).")
        }
        (Lang::En, ReplantWhenLow) => format!(
            "Replant or infill {en_at} as the thresholds ask, and submit the after-care entries for review."
        ),
        (Lang::En, FireSurfaceTemperature | FireCarbonMonoxide) => format!(
            "Read temperatures more often {en_at} and grout until the readings fall ({threshold})."
        ),
        (Lang::En, FireOutAfterGrouting) => format!(
            "Keep monitoring {en_at}; the fire is not out until readings hold ({threshold})."
        ),
    }
}

/// What to do about an overdue problem.
pub fn recommend_overdue(l: Lang, owner: &str, description: &str, days: i64) -> String {
    match l {
        Lang::Zh => format!(
            "督促{owner}完成“{description}”的整改（已逾期{days}天），整改后由环保部门验证闭合。"
        ),
        Lang::En => format!(
            "Have {owner} rectify \"{description}\" ({days} days overdue); the department then verifies and closes it."
        ),
    }
}

pub fn recommend_survey(l: Lang, n: usize) -> String {
    match l {
        Lang::Zh => format!("对{n}个从未调查的台阶开展成活率与覆盖度样方调查。"),
        Lang::En => format!("Survey survival and cover on the {n} benches never surveyed."),
    }
}

pub fn recommend_review(l: Lang, n: usize) -> String {
    match l {
        Lang::Zh => format!("审核{n}条待审核的管护记录（通过或退回并说明理由）。"),
        Lang::En => format!(
            "Review the {n} after-care entries awaiting review (approve, or reject with a reason)."
        ),
    }
}

pub fn recommend_remeasure(l: Lang, rules: &str) -> String {
    match l {
        Lang::Zh => format!("补测数据过期的指标：{rules}。"),
        Lang::En => format!("Measure again for the checks on out-of-date data: {rules}."),
    }
}

/// Beside the QR code on the last page.
pub fn qr_caption(l: Lang) -> &'static str {
    l.pick(
        "二维码内容：数据指纹与签名密钥编号。用手机扫描后，可与 verify --report 的核验结果对照。",
        "The QR code holds the data fingerprint and the signing key's id: scan it and compare with what verify --report says.",
    )
}

/// A photo's position from its EXIF: "坐标：北纬37.856200°，东经113.583100°".
pub fn photo_position(l: Lang, lat_micro: i64, lon_micro: i64) -> String {
    let deg = |m: i64| format!("{}.{:06}", m.abs() / 1_000_000, m.abs() % 1_000_000);
    let (lat, lon) = (deg(lat_micro), deg(lon_micro));
    match l {
        Lang::Zh => format!(
            "坐标：{}{lat}°，{}{lon}°",
            if lat_micro < 0 { "南纬" } else { "北纬" },
            if lon_micro < 0 { "西经" } else { "东经" }
        ),
        Lang::En => format!(
            "Position: {lat}° {}, {lon}° {}",
            if lat_micro < 0 { "S" } else { "N" },
            if lon_micro < 0 { "W" } else { "E" }
        ),
    }
}

/// The record a photo belongs to: "记录：后期管护记录 2023-04-18 补植 12号坡面".
pub fn photo_record(l: Lang, section: Text, date: chrono::NaiveDate, what: &str) -> String {
    match l {
        Lang::Zh => format!("记录：{} {date} {what}", text(l, section)),
        Lang::En => format!("Record: {} {date} {what}", text(l, section)),
    }
}

/// The photo was taken `days` after (negative: before) its record's date.
pub fn photo_date_warning(l: Lang, days: i64) -> String {
    match (l, days > 0) {
        (Lang::Zh, true) => format!("注意：拍摄于记录日期之后{days}天"),
        (Lang::Zh, false) => format!("注意：拍摄于记录日期之前{}天", -days),
        (Lang::En, true) => format!("Note: taken {days} days after the record's date"),
        (Lang::En, false) => format!("Note: taken {} days before the record's date", -days),
    }
}

#[cfg(test)]
mod title_tests {
    use super::*;

    /// Issue 24 case 9: "石沟矿石沟矿排矸场生态修复合规报告" when the pile's name begins with the mine's.
    #[test]
    fn a_pile_named_after_its_mine_names_the_mine_once() {
        assert_eq!(
            report_title(Lang::Zh, Some("石沟矿"), Some("石沟矿排矸场")),
            "石沟矿排矸场生态修复合规报告"
        );
        assert_eq!(
            report_title(Lang::Zh, Some("华阳二矿"), Some("狮脑山排矸场")),
            "华阳二矿狮脑山排矸场生态修复合规报告"
        );
        assert_eq!(
            report_title(Lang::En, Some("Shigou"), Some("Shigou waste-rock pile")),
            "Shigou waste-rock pile: Restoration Compliance Summary"
        );
    }
}
