//! The window's own strings, zh-CN first: one table, looked up with [`t`].

use super::Lang;

macro_rules! table {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// A string of the window.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum S { $($key),+ }

        /// The text of `s` in `l`.
        pub fn t(l: Lang, s: S) -> &'static str {
            match s { $(S::$key => l.pick($zh, $en)),+ }
        }
    };
}

table! {
    AppTitle => "矸石山生态修复台账", "Restoration Ledger";
    MenuFile => "文件", "File";
    MenuView => "视图", "View";
    New => "新建台账…", "New ledger…";
    Open => "打开…", "Open…";
    Recent => "最近打开", "Recent files";
    NoRecent => "（无）", "(none)";
    Backup => "另存副本 / 备份…", "Save a copy / backup…";
    ImportJson => "导入 JSON…", "Import JSON…";
    ImportSheet => "从 Excel 导入…", "Import from Excel…";
    ExportSheet => "导出到 Excel…", "Export to Excel…";
    SheetTemplate => "导出 Excel 模板…", "Excel template…";
    SheetFiles => "Excel / WPS 表格或 CSV", "Excel / WPS workbook or CSV";
    XlsxFiles => "Excel 工作簿", "Excel workbook";
    SheetPreviewTitle => "导入预览（尚未写入）", "Import preview (nothing written yet)";
    SheetRefused => "拒收（请在表格中改正后重新导入，改正前一条也不会写入）：", "Refused (correct them in the workbook and import again; nothing is written until then):";
    SheetChanged => "修改：", "Changes:";
    SheetAdded => "新增：", "New records:";
    SheetReason => "修改原因：", "Reason for the changes:";
    SheetConfirm => "确认导入", "Import";
    JobSheet => "表格", "Spreadsheet";
    MakePackage => "为施工单位生成外业包…", "Field package for a contractor…";
    PackageFor => "为哪个施工单位生成外业包？（包含台阶、规则、该单位未审核通过的记录及其照片、该单位负责的问题和该单位人员的账号）", "Which contractor is the package for? (It holds the benches, the rules, their entries not yet approved with photos, the problems they are responsible for, and their people's accounts.)";
    NoContractorAccounts => "台账中还没有施工单位的账号。请先为施工单位的人员建账号，他们用自己的账号登录外业包。", "The ledger has no contractor accounts yet. Make accounts for the contractor's people first: they sign in to the package with them.";
    MergePackage => "合并外业包…", "Merge a field package…";
    PackageFiles => "外业包（台账文件）", "Field package (ledger file)";
    MergePreviewTitle => "合并预览（尚未写入）", "Merge preview (nothing written yet)";
    MergeConflicts => "冲突（办公室与外业包都修改了这些记录；保留台账中的版本，请核对后在台账中修改）：", "Conflicts (both the office and the package changed these records; the ledger's are kept — compare them and edit the ledger where the package is right):";
    MergeRefused => "拒收（施工单位的外业包不能带来这些记录：审核、规则、问题或其他单位的记录）：", "Refused (a contractor's package cannot bring these: a review, a rule, a problem or another company's record):";
    MergeConfirm => "确认合并", "Merge";
    JobMerge => "外业包", "Field package";
    ExportJson => "导出 JSON…", "Export JSON…";
    PrintReport => "打印报告（PDF）…", "Print report (PDF)…";
    Quit => "退出", "Quit";
    WhoIsWorking => "当前操作人…", "Who is working…";
    Chinese => "中文", "中文 (Chinese)";
    English => "English", "English";
    Language => "语言", "Language";
    NavOverview => "总览", "Overview";
    NavBenches => "坡面与马道", "Benches";
    NavWorks => "工程量", "Works";
    NavPlantings => "种植与调查", "Plantings and surveys";
    NavAftercare => "后期管护", "After-care";
    NavProblems => "问题清单", "Problems";
    NavMonitoring => "自燃监测", "Monitoring";
    NavRules => "合规规则", "Rules";
    NavHistory => "变更记录", "History";
    Welcome => "欢迎使用矸石山生态修复台账", "Welcome to Restoration Ledger";
    WelcomeHint => "请先填写姓名和角色，然后选择要打开的台账。", "Give your name and role, then choose a ledger.";
    YourName => "姓名", "Your name";
    YourRole => "角色", "Role";
    NameMissing => "请填写姓名，它会写入每一条变更记录。", "Give your name: it goes into every audit entry.";
    OpenExample => "打开华阳二矿示例", "Open the Huayang No.2 example";
    CreateNew => "新建空台账…", "Create a new ledger…";
    OpenFile => "打开台账文件…", "Open a ledger file…";
    Continue => "继续", "Continue";
    Cancel => "取消", "Cancel";
    Save => "保存", "Save";
    Add => "新增", "Add";
    Edit => "编辑", "Edit";
    Delete => "删除", "Delete";
    Close => "关闭", "Close";
    Dismiss => "知道了", "Dismiss";
    ReadOnlyBadge => "只读", "read-only";
    StatusOperator => "操作人", "Operator";
    StatusFile => "文件", "File";
    Working => "处理中…", "Working…";
    HeadlineTitle => "修复现状", "State of the restoration";
    ProgressTitle => "设计量与完成量", "Planned vs completed";
    ColKind => "类别", "Kind";
    ColUnit => "单位", "Unit";
    ColPlanned => "设计量", "Planned";
    ColCompleted => "完成量", "Completed";
    ColPercent => "完成率", "Complete";
    OpenProblems => "未闭合问题", "Open problems";
    OverdueProblems => "逾期问题", "Overdue problems";
    PendingAftercare => "待审核管护记录", "After-care awaiting review";
    FireAlarms => "自燃预警", "Fire alarms";
    NoFireAlarm => "无自燃预警", "No fire alarm";
    RulesTitle => "合规检查", "Compliance checks";
    ColBench => "台阶", "Bench";
    ColNumber => "编号", "No.";
    ColArea => "面积（平方米）", "Area (m²)";
    ColStatus => "状态", "Status";
    ColGradient => "坡比", "Gradient";
    ColDate => "日期", "Date";
    ColQuantity => "数量", "Quantity";
    ColPhase => "类型", "Phase";
    ColContractor => "施工单位", "Contractor";
    ColNote => "备注", "Note";
    ColSpecies => "树种 / 草种", "Species";
    ColPlants => "株数", "Plants";
    ColPlanted => "栽植株数", "Planted";
    ColAlive => "成活株数", "Alive";
    ColSurvival => "成活率", "Survival";
    ColCover => "覆盖度", "Cover";
    ColReview => "审核", "Review";
    ColReceipt => "回执", "Receipt";
    ReceiptMerged => "已合并", "Merged";
    ReceiptPresent => "已在台账", "Already in the ledger";
    ReceiptConflict => "冲突待处理", "Conflict, to resolve";
    PasteRows => "粘贴行", "Paste rows";
    PasteRowsHint => "粘贴从 Excel 或 WPS 复制的行（可带表头）：先预览新增、修改和拒收的行，确认后才写入。也可以在列表上按 Ctrl+V。", "Paste rows copied in Excel or WPS (with or without the header row): you see what would be added, changed and refused before anything is written. Ctrl+V on the list does the same.";
    PasteTitle => "粘贴的行", "Pasted rows";
    ConfirmApprove => "确认通过", "Approve them";
    ConfirmReject => "确认退回", "Reject them";
    RejectedAftercare => "已退回的管护记录", "After-care sent back";
    ConflictsToResolve => "待处理的合并冲突", "Merge conflicts to resolve";
    FileBackup => "台账备份", "ledger backup";
    FileExport => "台账导出", "ledger export";
    FileWorkbook => "台账", "ledger";
    FileTemplate => "导入模板", "import template";
    NoReadingsYet => "这个监测点还没有读数。", "No readings at this point yet.";
    ReceiptRefused => "拒收", "Refused";
    OpenReceipt => "打开回执…", "Open receipt…";
    VerifyLedger => "校验台账", "Verify the ledger";
    VerifyReport => "核验报告…", "Check a report…";
    VerifyTitle => "校验结果", "Check result";
    JobVerify => "校验中", "Checking";
    ReceiptFiles => "合并回执", "Merge receipts";
    ConflictsTitle => "合并冲突（待环保部门处理）", "Merge conflicts (for the department to resolve)";
    OpenConflicts => "合并冲突…", "Merge conflicts…";
    NoOpenConflicts => "没有待处理的合并冲突。", "No merge conflicts to resolve.";
    TakeTheirs => "采用外业包版本", "Take the package's version";
    KeepOurs => "保留台账版本", "Keep the ledger's version";
    KeepBoth => "两者都保留", "Keep both";
    ColField => "字段", "Field";
    LedgerVersion => "台账版本", "Ledger's version";
    PackageVersion => "外业包版本", "Package's version";
    ConflictReviewedSincePackaging => "外业包生成后，环保部门已审核该记录，外业包又修改了它。", "The department reviewed this record after the package was made, and the package changed it too.";
    ConflictChangedSincePackaging => "外业包生成后，台账中该记录已被修改，外业包也修改了它。", "The ledger changed this record after the package was made, and the package changed it too.";
    ConfirmResolve => "确认", "Confirm";
    ColPhotos => "照片", "Photos";
    ColFound => "发现日期", "Found";
    ColDescription => "问题描述", "Description";
    ColOwner => "责任单位/人", "Owner";
    ColDeadline => "整改期限", "Deadline";
    ColRule => "规则", "Rule";
    ColThreshold => "阈值", "Threshold";
    ColSource => "依据", "Source";
    ColStrength => "依据强度", "Strength";
    ColMeasured => "实测值", "Measured";
    ColVerdict => "结论", "Verdict";
    ColStaleDays => "数据有效期（天）", "Evidence valid for (days)";
    ColWhen => "时间", "When";
    ColWho => "操作人", "Who";
    ColAction => "操作", "Action";
    ColRecord => "记录", "Record";
    ColChange => "旧值 → 新值", "Old → new";
    ColReason => "原因", "Reason";
    ColPoint => "测点", "Point";
    ColTemperature => "温度（°C）", "Temperature (°C)";
    ColCo => "CO (ppm)", "CO (ppm)";
    NoBench => "（不限台阶）", "(no bench)";
    OnlyPending => "只看待审核", "Pending only";
    OnlyOpen => "只看未闭合", "Open only";
    Rows => "条", "rows";
    AddWork => "新增工程量", "Add a work";
    EditWork => "编辑工程量", "Edit the work";
    FieldPhase => "类型：", "Phase:";
    FieldKind => "工程类别：", "Work kind:";
    FieldBench => "所在台阶：", "Bench:";
    FieldQuantity => "数量：", "Quantity:";
    FieldUnit => "单位：", "Unit:";
    FieldDate => "日期：", "Date:";
    FieldThickness => "厚度（米，可空）：", "Thickness (m, optional):";
    FieldContractor => "施工单位：", "Contractor:";
    FieldNote => "备注：", "Note:";
    FieldReason => "修改原因：", "Reason for the change:";
    FieldComment => "审核意见：", "Review comment:";
    FieldAftercareKind => "管护类别：", "After-care kind:";
    FieldDescription => "问题描述：", "Description:";
    FieldOwner => "责任单位/人：", "Owner:";
    FieldDeadline => "整改期限：", "Deadline:";
    FieldSource => "来源：", "Source:";
    FieldRectification => "整改情况：", "Rectification:";
    FieldVerifiedBy => "验证人：", "Verified by:";
    FieldThreshold => "阈值：", "Threshold:";
    FieldThreshold2 => "第二阈值（可空）：", "Second threshold (optional):";
    FieldRuleSource => "依据：", "Source:";
    FieldStaleDays => "数据有效期（天）：", "Evidence valid for (days):";
    HintStaleDays => "留空按默认：", "Empty for the default: ";
    FieldEnabled => "启用", "Enabled";
    FieldStatus => "状态：", "Status:";
    FieldArea => "面积（平方米）：", "Area (m²):";
    ErrNumber => "请输入数字，例如 1,250 或 12.5", "Enter a number, e.g. 1,250 or 12.5";
    ErrNegative => "不能为负数", "Must not be negative";
    ErrTooLarge => "数值过大，请检查单位", "Far too large: check the unit";
    ErrTooPrecise => "最多三位小数", "At most 3 decimal places";
    ErrDate => "请输入日期，例如 2026-11-05 或 2026/11/5", "Enter a date, e.g. 2026-11-05 or 2026/11/5";
    ErrNoSuchDate => "这一天不存在，请检查月份和日期", "There is no such day; check the month and day";
    ErrRequired => "必填", "Required";
    ErrReasonRequired => "已审核/已验证的记录，修改需填写原因", "This record is approved or verified: give a reason";
    ErrCommentRequired => "退回时必须填写审核意见", "A rejection needs a comment";
    ErrFixFields => "请先改正标红的字段，未保存任何内容。", "Correct the fields marked in red; nothing was saved.";
    ErrDenied => "当前角色无权进行此操作。", "Your role may not do this.";
    Saved => "已保存。", "Saved.";
    AddAftercare => "新增管护记录", "Add an after-care entry";
    EditAftercare => "修改管护记录", "Edit the after-care entry";
    AddPhotos => "添加照片…", "Add photos…";
    RemovePhoto => "移除", "Remove";
    Approve => "通过", "Approve";
    Reject => "退回", "Reject";
    ReviewTitle => "审核", "Review";
    SelectEntry => "点击列表中的一条记录查看详情。", "Click an entry in the list to see it.";
    ReviewedBy => "审核人", "Reviewed by";
    NoPhotos => "无照片", "No photos";
    ClickToEnlarge => "点击放大", "Click to enlarge";
    AddProblem => "新增问题", "Add a problem";
    StepRectify => "登记整改", "Record rectification";
    StepVerify => "验证闭合", "Verify and close";
    Overdue => "逾期", "overdue";
    BenchPage => "台阶详情", "Bench page";
    BackToList => "返回列表", "Back to the list";
    SectionWorks => "工程量", "Works";
    SectionPlantings => "种植", "Plantings";
    SectionSurveys => "成活率调查", "Surveys";
    SectionAftercare => "管护记录", "After-care";
    SectionProblems => "问题", "Problems";
    None_ => "无", "None";
    BelowRule => "低于规则", "below the rule";
    AlarmThreshold => "预警阈值", "alarm threshold";
    ChartTemperature => "地表温度（°C）", "Surface temperature (°C)";
    ChartCo => "一氧化碳 CO (ppm)", "Carbon monoxide CO (ppm)";
    Point => "测点：", "Point:";
    EditRule => "编辑规则", "Edit the rule";
    HistoryFilter => "按记录筛选（编号）：", "Filter by record (id):";
    ShowAll => "显示全部", "Show all";
    ActionInsert => "新增", "added";
    ActionUpdate => "修改", "changed";
    ActionDelete => "删除", "deleted";
    JobImport => "正在导入", "Importing";
    JobExport => "正在导出", "Exporting";
    JobBackup => "正在备份", "Backing up";
    JobReport => "正在生成报告", "Writing the report";
    JsonFiles => "JSON 交换文件", "JSON exchange file";
    LedgerFiles => "台账文件", "Ledger file";
    PdfFiles => "PDF 报告", "PDF report";
    Images => "照片", "Photos";
    ConfirmDelete => "确认删除？", "Delete this?";
    Yes => "确认", "Yes";
    BoolYes => "是", "yes";
    BoolNo => "否", "no";
    NoLedger => "未打开台账", "No ledger open";
    SwitchIdentity => "切换", "Switch";
    ActingAs => "以此身份工作", "Work as";
    ErrWholeNumber => "请输入整数，例如 1,200", "Enter a whole number, e.g. 1,200";
    ErrOver100 => "不能超过 100%", "Must not exceed 100 %";
    ErrStaleDays => "请输入 1 到 3650 之间的整数天数，或留空按默认", "Enter a whole number of days from 1 to 3650, or leave it empty for the default";
    ErrDateTime => "时间格式应为 YYYY-MM-DD HH:MM", "Date and time must be YYYY-MM-DD HH:MM";
    ErrAliveOverPlanted => "成活株数不能多于栽植株数", "Alive cannot exceed planted";
    ErrPlantsOrSeed => "株数或播种量至少填一项", "Give the plants or the seed weight";
    ErrReadingEmpty => "温度和 CO 至少填一项", "Give a temperature or a CO value";
    ErrElevationOrder => "顶部标高应高于底部标高", "The top must be higher than the bottom";
    ErrNumberTaken => "已有同编号、同类型的台阶", "A bench of this kind already has this number";
    ErrElevationBelow => "顶部标高不能低于底部标高（马道、平台可以相等）", "The top cannot be lower than the bottom (a berm or platform may be flat)";
    ErrWrongUnit => "单位与这一项不符：面积用平方米、亩或公顷，体积用立方米，长度用米", "That unit does not measure this: areas in m², mu or hm², volumes in m³, lengths in m";
    ErrBenchNumber => "编号只用于排序，请输入数字；现场自己的编号（如 1#坡面、P1、12-3）请填在「现场编号」", "The number only orders benches: enter a number. Put the site's own code (1#, P1, 12-3) under Site code";
    ErrCodeTaken => "已有台阶用这个现场编号", "Another bench already has this site code";
    SectionPlanVsActual => "设计量与完成量", "Plan vs actual";
    PlanBreakdownNote => "本台阶的设计量来自批复方案的分台阶分解；无分解的工程项目只列完成量。", "This bench's design quantities are the approved plan's breakdown by bench; works the plan does not break down show their completed quantity only.";
    ErrPositive => "须大于 0", "Must be above 0";
    ErrExtensionReason => "延期必须写明原因。请填写延期原因后再延期。", "An extended deadline needs a reason saying why. Write one and extend again.";
    ErrProblemClosed => "该问题已验证闭合，不能再改期限。如问题再次出现，请新增问题。", "This problem was verified and is closed. Record a new problem if it came back.";
    EditProblem => "编辑问题", "Edit the problem";
    ColPick => "选", "Pick";
    BatchComment => "批量审核意见：", "Comment for all:";
    SelectAllPending => "选中全部待审核", "Select all pending";
    ClearSelection => "取消选择", "Clear the selection";
    ApproveSelected => "批量通过", "Approve the selected";
    RejectSelected => "批量退回", "Reject the selected";
    SelectForReview => "选中以批量审核", "Select for batch review";
    // Tables like a spreadsheet (issue 11 point 10)
    SearchLabel => "搜索：", "Search:";
    AllValues => "全部", "All";
    DateFrom => "日期从：", "From:";
    DateTo => "至：", "To:";
    ClearFilters => "清除筛选", "Clear the filters";
    SelectAllRows => "全选", "Select all";
    ExportTable => "导出此表到 Excel…", "Export this table to Excel…";
    ExportShownTable => "导出当前表格到 Excel…", "Export the table shown to Excel…";
    NoTableHere => "这个视图没有可导出的表格。请先打开一个列表（如 后期管护、工程量）。", "This view has no table to export. Open a list first (after-care, works, …).";
    SortHint => "点击按此列排序，再点击反向，第三次恢复原顺序", "Click to sort by this column; again to reverse; a third time for the usual order";
    ExtendDeadline => "延期…", "Extend the deadline…";
    ExtendTitle => "整改期限延期", "Extend the deadline";
    FieldNewDeadline => "新整改期限：", "New deadline:";
    FieldExtensionReason => "延期原因：", "Reason for the extension:";
    ConfirmExtend => "确认延期", "Extend";
    CorrectAndResubmit => "改正并重新提交", "Correct and resubmit";
    ResubmitHint => "保存后，该记录重新提交审核（退回意见保留在变更记录中）。", "Once saved, the entry goes back for review (the rejection stays in the history).";
    ErrNotRectified => "只有已整改的问题才能验证闭合，请先登记整改。", "Only a rectified problem can be verified. Record the rectification first.";
    ErrOwnEntry => "不能审核自己录入的记录，请由另一位环保部门人员审核。", "You cannot review an entry you made yourself. Ask another department member to review it.";
    SignInTitle => "请登录本台账", "Sign in to this ledger";
    SignInHint => "本台账设有账户：角色由账户决定。", "This ledger has accounts: the role comes from the account.";
    AccountName => "账户", "Account";
    Password => "密码", "Password";
    SignIn => "登录", "Sign in";
    FirstAccountTitle => "设置第一个环保部门账户", "Set up the first department account";
    FirstAccountHint => "这个台账还没有账户。设置后，打开台账须用账户和密码登录，角色由账户决定；其他人的账户由环保部门添加。", "This ledger has no accounts yet. Once set up, the ledger is opened with an account and password and the role comes from the account; the department adds everyone else's account.";
    RepeatPassword => "再次输入密码", "Repeat the password";
    NoAccountsReadOnly => "这个台账还没有账户，施工单位只能只读查看。请环保部门先设置账户并为您添加施工单位账户。", "This ledger has no accounts yet, so a contractor can only read it. Ask the department to set up accounts and add yours.";
    PasswordsDiffer => "两次输入的密码不一致。", "The two passwords differ.";
    SetUpAndSignIn => "设置并登录", "Set up and sign in";
    ExampleAccounts => "示例台账的账户：环保部 王工（密码 huayang-department）、李工（施工单位，huayang-contractor）、审计 赵老师（huayang-auditor）。", "The example's accounts: 环保部 王工 (password huayang-department), 李工 (contractor, huayang-contractor), 审计 赵老师 (auditor, huayang-auditor).";
    AddPlanting => "新增种植", "Add a planting";
    EditPlanting => "编辑种植", "Edit the planting";
    AddSurvey => "新增成活率调查", "Add a survival survey";
    EditSurvey => "编辑成活率调查", "Edit the survival survey";
    FieldSpecies => "树种 / 草种：", "Species:";
    FieldPlantType => "植物类型：", "Plant type:";
    FieldPlants => "株数（可空）：", "Plants (optional):";
    FieldSeed => "播种量（千克，可空）：", "Seed (kg, optional):";
    FieldPlanting => "对应种植：", "Planting:";
    NoPlanting => "（不对应种植）", "(no planting)";
    FieldPlanted => "栽植株数：", "Planted:";
    FieldAlive => "成活株数：", "Alive:";
    FieldCover => "覆盖度（%，可空）：", "Cover (%, optional):";
    FieldMethod => "调查方法：", "Method:";
    FieldSurveyor => "调查人：", "Surveyor:";
    ColSeed => "播种量（千克）", "Seed (kg)";
    AddReading => "新增监测读数", "Add a reading";
    EditReading => "修改监测读数", "Edit the reading";
    FieldPoint => "监测点：", "Monitoring point:";
    FieldWhen => "时间 (YYYY-MM-DD HH:MM):", "When (YYYY-MM-DD HH:MM):";
    FieldTemperature => "温度（°C，可空）：", "Temperature (°C, optional):";
    FieldCo => "CO（ppm，可空）：", "CO (ppm, optional):";
    AddBench => "新增台阶", "Add a bench";
    EditBench => "编辑台阶", "Edit the bench";
    FieldNumber => "编号：", "Number:";
    FieldCode => "现场编号：", "Site code:";
    PickContractor => "从已有施工单位中选择", "Pick a contractor the ledger knows";
    FieldBenchKind => "台阶类型：", "Bench kind:";
    FieldElevationLow => "底部标高（米，可空）：", "Bottom elevation (m, optional):";
    FieldElevationHigh => "顶部标高（米，可空）：", "Top elevation (m, optional):";
    FieldGradient => "坡比 1:x，填 x（可空）：", "Gradient 1:x, give x (optional):";
    FieldBermWidth => "马道宽度（米，可空）：", "Berm width (m, optional):";
    ColElevation => "标高（米）", "Elevation (m)";
    ColBermWidth => "马道宽度（米）", "Berm width (m)";
    // Ledger setup (issue 11 point 9)
    NavSetup => "台账设置", "Ledger setup";
    SetupIntro => "新台账从这里开始：依次填写矿井、矸石山、批复方案的设计量、监测点和报告签认人，报告封面和编制依据即由此填写。", "A new ledger starts here: enter the mine, the pile, the approved plan's design quantities, the monitoring points and who signs the report; the report's cover and basis are filled from them.";
    SetupMissing => "报告封面尚缺：", "The report still lacks: ";
    SetupComplete => "报告封面和编制依据所需信息已齐全。", "The report's cover and basis have everything they need.";
    SectionMine => "矿井", "Mine";
    SectionPiles => "矸石山（排矸场）", "Waste-rock piles";
    SectionPlan => "批复方案的设计量", "Approved plan: design quantities";
    SectionPoints => "监测点", "Monitoring points";
    SectionSignOffs => "报告签认人", "Report sign-off";
    EnterMine => "填写矿井信息", "Enter the mine";
    EditMine => "编辑矿井信息", "Edit the mine";
    DeleteMine => "删除矿井", "Delete the mine";
    ErrDeleteReason => "删除需填写原因（记入修改历史）", "Give a reason for deleting (kept in the history)";
    CannotDelete => "不能删除", "Cannot delete";
    AddPile => "新增矸石山", "Add a pile";
    EditPile => "编辑矸石山", "Edit the pile";
    AddPlanned => "新增设计量", "Add a design quantity";
    EditPlanned => "编辑设计量", "Edit the design quantity";
    AddPoint => "新增监测点", "Add a monitoring point";
    EditPoint => "编辑监测点", "Edit the monitoring point";
    AddSignOff => "新增签认版本", "Add a sign-off revision";
    EditSignOff => "编辑签认版本", "Edit the sign-off revision";
    NeedMineFirst => "（请先填写矿井）", "(enter the mine first)";
    NeedPileFirst => "（请先新增矸石山）", "(add a pile first)";
    NoMineYet => "尚未填写矿井。报告封面的编制单位和所属单位取自这里。", "No mine yet. The report cover's preparing unit and company come from here.";
    NoPileYet => "尚未新增矸石山。", "No pile yet.";
    NoPlanYet => "尚无设计量。完成率按设计量计算。", "No design quantities yet. Percent complete is measured against them.";
    NoPointYet => "尚无监测点。自燃监测读数记在监测点上。", "No monitoring points yet. Fire monitoring readings are taken at them.";
    NoSignOffYet => "尚无签认版本。", "No sign-off yet.";
    PlanHint => "按工程类别和台阶填写批复的土地复垦方案中的设计量；方案名称和文号填在矸石山上。", "Enter the design quantities of the approved land reclamation plan per work kind and bench; the plan's name and reference go on the pile.";
    SignOffHint => "报告封面的编制、审核、批准人取自日期最新的一版；每一版都列入修订记录。", "The report cover names who prepared, reviewed and approved it from the latest revision; every revision is listed in the revision log.";
    FieldMineName => "矿井名称：", "Mine name:";
    FieldCompany => "所属单位：", "Company:";
    FieldLocation => "位置：", "Location:";
    FieldPileName => "矸石山名称：", "Pile name:";
    FieldDumpingSince => "开始排矸日期：", "Dumping since:";
    FieldClosedOn => "停用日期（可空）：", "Closed on (optional):";
    FieldGreenable => "可绿化面积（平方米，可空）：", "Greenable area (m², optional):";
    FieldPlanReference => "土地复垦方案（名称、文号）：", "Land reclamation plan (name, reference):";
    FieldDesignQuantity => "设计量：", "Design quantity:";
    FieldPlannedDate => "计划完成日期：", "Planned by:";
    FieldPointName => "监测点名称：", "Point name:";
    FieldPile => "矸石山：", "Pile:";
    FieldRevision => "版本：", "Revision:";
    FieldSignOffDate => "签认日期：", "Sign-off date:";
    FieldPreparedBy => "编制人：", "Prepared by:";
    FieldReviewedBy => "审核人：", "Reviewed by:";
    FieldApprovedBy => "批准人：", "Approved by:";
    ColName => "名称", "Name";
    ColLocation => "位置", "Location";
    ColCompany => "所属单位", "Company";
    ColDumpingSince => "开始排矸", "Dumping since";
    ColGreenable => "可绿化面积", "Greenable area";
    ColPlanRef => "土地复垦方案", "Reclamation plan";
    ColRevision => "版本", "Revision";
    ColPreparedBy => "编制", "Prepared by";
    ColReviewedBy => "审核", "Reviewed by";
    ColApprovedBy => "批准", "Approved by";
    ErrClosedOnNeeded => "已停用的矸石山须填写停用日期", "A closed pile needs the day it closed";
    ErrNoMine => "台账中还没有矿井。请先在「台账设置」中填写矿井，再新增矸石山。", "The ledger has no mine yet. Enter the mine first (Ledger setup), then the pile.";
    ErrNoPile => "台账中还没有矸石山。请先在「台账设置」中填写矿井和矸石山。", "The ledger has no waste-rock pile yet. Enter the mine and the pile first (Ledger setup).";
    ErrFutureDate => "已完成的工程不能记在今天之后；计划日期请把类型选为设计量", "A completed work cannot be dated after today; for a planned date choose the phase planned";
    EmptyLedgerHint => "这个台账还是空的。请先在「台账设置」中填写矿井、矸石山和批复方案的设计量。", "This ledger is empty. Start in Ledger setup: the mine, the pile and the approved plan's design quantities.";
    UnsavedTitle => "有未保存的修改", "Unsaved changes";
    UnsavedText => "表单中的修改还没有保存。离开将丢失这些修改。", "The changes in the form are not saved yet. Leaving drops them.";
    DiscardAndLeave => "放弃修改并离开", "Drop the changes and leave";
    KeepEditing => "继续编辑", "Keep editing";
    OpenCardHint => "点击打开对应的列表", "Click to open the list";
    NoFileDialog => "无法打开文件选择对话框：本机没有桌面的文件对话框服务（xdg-desktop-portal），也没有 zenity。请安装其中之一（例如 sudo apt install zenity）后再试；打印报告可直接在对话框中填写保存路径，其他操作也可用命令行完成（restoration-ledger --help）。", "No file dialog can be shown: this computer has neither the desktop's file dialog service (xdg-desktop-portal) nor zenity. Install one of them (e.g. sudo apt install zenity) and try again; the print dialog takes a typed path, and the command line does the rest (restoration-ledger --help).";
    GoToSetup => "前往台账设置", "Go to Ledger setup";
    // The print dialog (issue 11 point 12)
    PrintTitle => "打印合规报告", "Print the compliance report";
    PrintPeriod => "报告期：", "Period:";
    PeriodYear => "全年", "Year";
    PeriodQuarter => "季度", "Quarter";
    PeriodCustom => "自定义", "Custom";
    PrintYear => "年份：", "Year:";
    PrintQuarter => "季度：", "Quarter:";
    PrintSaveTo => "保存到：", "Save to:";
    PrintLanguage => "语言：", "Language:";
    Browse => "浏览…", "Browse…";
    PrintStart => "生成报告", "Print";
    PrintCancel => "取消生成", "Cancel printing";
    PrintCancelled => "已取消，未写入报告。", "Cancelled; no report was written.";
    OpenPdf => "打开 PDF", "Open the PDF";
    OpenFolder => "打开所在文件夹", "Open its folder";
    TryAgain => "重新选择", "Choose again";
    ErrPrintNoFolder => "保存位置的文件夹不存在，请点击「浏览…」选择文件夹，或改正路径", "The folder to save in does not exist; choose one with Browse…, or correct the path";
    ErrPrintIsFolder => "这是一个文件夹，请在路径后加上文件名，例如 报告.pdf", "That is a folder; add a file name to the path, such as report.pdf";
    ErrPeriodOrder => "结束日期早于开始日期，请调换", "The end is before the start; swap the dates";
    ErrPeriodFuture => "这个报告期还没有开始，请选择已开始的期间", "This period has not begun yet; choose one that has";

}

/// "标签：值" / "Label: value", for a label without its colon.
pub fn labelled(l: Lang, label: &str, value: impl std::fmt::Display) -> String {
    match l {
        Lang::Zh => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// A value after a field label that carries its own colon ("来源：" / "Source:").
pub fn after_label(l: Lang, label: &str, value: impl std::fmt::Display) -> String {
    match l {
        Lang::Zh => format!("{label}{value}"),
        Lang::En => format!("{label} {value}"),
    }
}

/// A remark in brackets after what it remarks on: "（…）" in Chinese, " (…)" in English.
pub fn aside(l: Lang, text: impl std::fmt::Display) -> String {
    match l {
        Lang::Zh => format!("（{text}）"),
        Lang::En => format!(" ({text})"),
    }
}

/// A filter's label: 筛选 and the column's name ("Filter by …").
pub fn filter_label(l: Lang, column: &str) -> String {
    // Not the column name alone: a form open beside the list names its field the same way.
    match l {
        Lang::Zh => format!("筛选{column}："),
        Lang::En => format!("Filter by {column}:"),
    }
}

/// Columns an import read past because their headers are not the program's: named, so nothing
/// is dropped without a word.
pub fn ignored_columns(l: Lang, ignored: &[(String, String)]) -> String {
    let list: Vec<String> = ignored
        .iter()
        .map(|(sheet, header)| match l {
            Lang::Zh => format!("工作表「{sheet}」的「{header}」"),
            Lang::En => format!("\"{header}\" on sheet \"{sheet}\""),
        })
        .collect();
    match l {
        Lang::Zh => format!("以下列的表头不是台账的列，未导入：{}。", list.join("、")),
        Lang::En => format!(
            "These columns are not the ledger's and were not imported: {}.",
            list.join(", ")
        ),
    }
}

/// A contractor account named another company as an entry's 施工单位.
pub fn other_company(l: Lang, company: &str) -> String {
    match l {
        Lang::Zh => format!(
            "您的账户属于{company}，记录的施工单位只能是{company}。请改回{company}；其他单位的工作请由环保部门录入。"
        ),
        Lang::En => format!(
            "Your account belongs to {company}: your entries name it as the contractor. Choose {company}, or ask the department to record the other company's work."
        ),
    }
}

/// The current alarms counted per threshold, under the alarm card: "最新读数中报警 1 个（温度超限 1 个，…）".
pub fn alarm_breakdown(l: Lang, a: crate::domain::summary::Alarms) -> String {
    let g = |n: i64| crate::domain::group_thousands(n.into());
    match l {
        Lang::Zh => format!(
            "最新读数中报警 {} 个（温度超限 {} 个，一氧化碳超限 {} 个；两项都超限的读数只算一个）",
            g(a.readings),
            g(a.temperature),
            g(a.co)
        ),
        Lang::En => format!(
            "{} latest readings in alarm ({} over the temperature threshold, {} over the CO threshold; a reading over both counts once)",
            g(a.readings),
            g(a.temperature),
            g(a.co)
        ),
    }
}

/// Every alarm reading in the ledger, under the overview's current ones.
pub fn alarm_history(l: Lang, a: crate::domain::summary::Alarms) -> String {
    let g = |n: i64| crate::domain::group_thousands(n.into());
    match l {
        Lang::Zh => format!(
            "全部读数中报警 {} 次（温度超限 {} 次，一氧化碳超限 {} 次），见自燃监测与报告",
            g(a.readings),
            g(a.temperature),
            g(a.co)
        ),
        Lang::En => format!(
            "All readings: {} alarms ({} over temperature, {} over CO); see Monitoring and the report",
            g(a.readings),
            g(a.temperature),
            g(a.co)
        ),
    }
}

/// A plan whose per-bench design quantities exceed the total it states.
pub fn plan_disagreement(l: Lang, d: &crate::domain::summary::PlanDisagreement) -> String {
    let unit = d.kind.default_unit().symbol(l.is_zh());
    let q = |m: crate::domain::Milli| format!("{} {unit}", crate::domain::format_milli(m.0, 3));
    let kind = super::work_kind(l, d.kind);
    match l {
        Lang::Zh => format!(
            "设计量不一致：{kind}分台阶设计量合计 {}，超过总体设计量 {}。统计按总体设计量计，请在台账设置中核对。",
            q(d.breakdown),
            q(d.stated_total)
        ),
        Lang::En => format!(
            "The plan disagrees with itself: {kind} per bench adds up to {}, more than the overall design quantity of {}. Totals use the overall figure; check the plan in Ledger setup.",
            q(d.breakdown),
            q(d.stated_total)
        ),
    }
}

/// "显示 3 / 120 条" / "3 of 120 rows".
pub fn shown_of(l: Lang, shown: usize, total: usize) -> String {
    let g = |n: usize| crate::domain::group_thousands(n as i128);
    match l {
        _ if shown == total => rows(l, total),
        Lang::Zh => format!("显示 {} / {} 条", g(shown), g(total)),
        Lang::En => format!("{} of {} rows", g(shown), g(total)),
    }
}

/// The copy button, naming how many rows it copies.
pub fn copy_rows(l: Lang, n: usize) -> String {
    match l {
        Lang::Zh => format!("复制选中的 {n} 行"),
        Lang::En => format!("Copy the {n} selected rows"),
    }
}

/// "3 条" / "3 rows" with thousands separators.
pub fn rows(l: Lang, n: usize) -> String {
    format!(
        "{} {}",
        crate::domain::group_thousands(n as i128),
        t(l, S::Rows)
    )
}

/// A bench as a choice in a list: "5号 坡面" / "slope face 5" (in English as every other list and
/// the report name it); a bench with the site's own code is named by it ("1#坡面", "P1 坡面").
pub fn bench_choice(l: Lang, b: &crate::domain::Bench) -> String {
    let k = super::bench_kind(l, b.kind);
    let code = b.code.trim();
    let number = b.number;
    match l {
        Lang::Zh if code.contains(k) => code.to_string(),
        Lang::Zh if code.is_empty() => format!("{number}号 {k}"),
        Lang::Zh => format!("{code} {k}"),
        Lang::En => super::place(l, &crate::domain::rules::Place::of_bench(b)),
    }
}

/// The question before a deletion, naming the kind of record: "确认删除这条工程量记录？".
pub fn confirm_delete(l: Lang, what: &str) -> String {
    match l {
        Lang::Zh => format!("确认删除这条{what}记录？"),
        Lang::En => format!("Delete this {what}?"),
    }
}

/// A year as a report's period in a file name: "2025年度" / "2025_annual".
pub fn report_period_year(l: Lang, year: i32) -> String {
    match l {
        Lang::Zh => format!("{year}年度"),
        Lang::En => format!("{year}_annual"),
    }
}

/// A quarter as a report's period in a file name: "2025年第3季度" / "2025_Q3".
pub fn report_period_quarter(l: Lang, year: i32, quarter: u32) -> String {
    match l {
        Lang::Zh => format!("{year}年第{quarter}季度"),
        Lang::En => format!("{year}_Q{quarter}"),
    }
}

/// Two days as a report's period in a file name.
pub fn report_period_range(l: Lang, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    match l {
        Lang::Zh => format!("{from}至{to}"),
        Lang::En => format!("{from}_to_{to}"),
    }
}

/// The report's file name: 狮脑山排矸场_2025年度合规报告.pdf.
pub fn report_file_name(l: Lang, pile: &str, period: &str) -> String {
    let pile = if pile.is_empty() {
        String::new()
    } else {
        format!("{pile}_")
    };
    match l {
        Lang::Zh => format!("{pile}{period}合规报告.pdf"),
        Lang::En => format!("{pile}{period}_compliance_report.pdf"),
    }
}

/// A quarter as a choice: "第3季度" / "Q3".
pub fn quarter(l: Lang, quarter: u32) -> String {
    match l {
        Lang::Zh => format!("第{quarter}季度"),
        Lang::En => format!("Q{quarter}"),
    }
}

/// The running report: "正在生成报告 45%".
pub fn report_progress(l: Lang, percent: u32) -> String {
    match l {
        Lang::Zh => format!("正在生成报告 {percent}%"),
        Lang::En => format!("Writing the report {percent}%"),
    }
}

/// A file or folder the system could not open.
pub fn open_failed(l: Lang, path: &str, why: &str) -> String {
    match l {
        Lang::Zh => format!("无法用系统程序打开（{why}）。请在文件管理器中打开：{path}"),
        Lang::En => {
            format!("The system could not open it ({why}). Open it from the file manager: {path}")
        }
    }
}

/// The import result.
pub fn imported(
    l: Lang,
    records: usize,
    present: usize,
    conflicts: usize,
    restored_audit: usize,
) -> String {
    let g = |n: usize| crate::domain::group_thousands(n as i128);
    let mut out = match l {
        Lang::Zh if restored_audit > 0 => {
            format!("已导入 {} 条记录，并恢复其变更历史。", g(records))
        }
        Lang::Zh => format!("已导入 {} 条记录。", g(records)),
        Lang::En if restored_audit > 0 => {
            format!("Imported {} records with their history.", g(records))
        }
        Lang::En => format!("Imported {} records.", g(records)),
    };
    if present > 0 {
        out.push_str(&match l {
            Lang::Zh => format!("{} 条已在台账中且内容相同，未重复导入。", g(present)),
            Lang::En => format!(
                " {} were already in the ledger, the same, and were left as they are.",
                g(present)
            ),
        });
    }
    if conflicts > 0 {
        out.push_str(&match l {
            Lang::Zh => format!(
                "{} 条与台账中同一记录的内容不同，未导入，保留台账中的版本；请核对后在台账中修改。",
                g(conflicts)
            ),
            Lang::En => format!(
                " {} differ from the ledger's records of the same id and were not imported; the ledger's were kept. Compare them and edit the ledger where the file is right.",
                g(conflicts)
            ),
        });
    }
    out
}

/// The counts of an import preview.
pub fn sheet_counts(
    l: Lang,
    added: usize,
    changed: usize,
    unchanged: usize,
    refused: usize,
) -> String {
    let g = |n: usize| crate::domain::group_thousands(n as i128);
    match l {
        Lang::Zh => format!(
            "将新增 {} 条记录，修改 {} 条，{} 条无变化；拒收 {} 处。",
            g(added),
            g(changed),
            g(unchanged),
            g(refused)
        ),
        Lang::En => format!(
            "Would add {} record(s) and change {}; {} unchanged; {} refused.",
            g(added),
            g(changed),
            g(unchanged),
            g(refused)
        ),
    }
}

/// "工作表「后期管护」第 12 行".
pub fn sheet_row(l: Lang, sheet: &str, row: u32) -> String {
    match l {
        Lang::Zh => format!("工作表「{sheet}」第 {row} 行"),
        Lang::En => format!("Sheet \"{sheet}\", row {row}:"),
    }
}

/// One changed row of a spreadsheet import as its preview lists it (the window and the command
/// line): where, then each changed cell as header, old value → new value.
pub fn sheet_change<'a>(
    l: Lang,
    sheet: &str,
    row: u32,
    cells: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> String {
    let cells: Vec<String> = cells
        .map(|(header, old, new)| match l {
            Lang::Zh => format!("{header}：{old} → {new}"),
            Lang::En => format!("{header}: {old} → {new}"),
        })
        .collect();
    match l {
        Lang::Zh => format!("工作表「{sheet}」第 {row} 行：{}", cells.join("；")),
        Lang::En => format!("Sheet \"{sheet}\", row {row}: {}", cells.join("; ")),
    }
}

/// "… 另有 N 条".
pub fn and_more(l: Lang, n: usize) -> String {
    let n = crate::domain::group_thousands(n as i128);
    match l {
        Lang::Zh => format!("…… 另有 {n} 条"),
        Lang::En => format!("… and {n} more"),
    }
}

/// What a spreadsheet import wrote.
/// A field package's merge in one line: what it does (or would do) with each of its records.
pub fn merge_counts(
    l: Lang,
    contractor: &str,
    (added, changed, present, conflicts, refused): (usize, usize, usize, usize, usize),
    (photos, photo_bytes): (usize, u64),
) -> String {
    let g = |n: usize| crate::domain::group_thousands(n as i128);
    let total = added + changed + present + conflicts + refused;
    let mib = photo_bytes as f64 / 1_048_576.0;
    match l {
        Lang::Zh => format!(
            "{contractor}的外业包共 {} 条记录：新增 {}，修改 {}，已在台账中 {}，冲突 {}（外业包版本留存待处理），拒收 {}；照片 {} 张（{mib:.1} MB），均已核对。",
            g(total),
            g(added),
            g(changed),
            g(present),
            g(conflicts),
            g(refused),
            g(photos)
        ),
        Lang::En => format!(
            "{contractor}'s field package holds {} records: {} new, {} changed, {} already in the ledger, {} conflicts (the package's version kept for resolution), {} refused; {} photos ({mib:.1} MB), all checked.",
            g(total),
            g(added),
            g(changed),
            g(present),
            g(conflicts),
            g(refused),
            g(photos)
        ),
    }
}

/// How many merge conflicts wait: the button that opens them.
pub fn open_conflicts(l: Lang, n: usize) -> String {
    match l {
        Lang::Zh => format!("合并冲突待处理（{n}）…"),
        Lang::En => format!("Merge conflicts to resolve ({n})…"),
    }
}

/// The confirmation of a conflict's resolution, naming the record.
pub fn confirm_resolve(l: Lang, take: crate::domain::ConflictTake, record: &str) -> String {
    use crate::domain::ConflictTake;
    match (l, take) {
        (Lang::Zh, ConflictTake::Theirs) => {
            format!("采用外业包版本替换台账中的“{record}”？该记录将回到待审核状态。")
        }
        (Lang::Zh, ConflictTake::Both) => {
            format!("保留台账中的“{record}”，并把外业包版本另存为一条新的待审核记录？")
        }
        (Lang::Zh, _) => format!("保留台账中的“{record}”不变，关闭此冲突？"),
        (Lang::En, ConflictTake::Theirs) => format!(
            "Replace \"{record}\" in the ledger with the package's version? It goes back to pending review."
        ),
        (Lang::En, ConflictTake::Both) => format!(
            "Keep \"{record}\" in the ledger and add the package's version as a new entry pending review?"
        ),
        (Lang::En, _) => format!("Keep \"{record}\" as the ledger has it and close this conflict?"),
    }
}

/// A receipt was read: how many entries it marks.
pub fn receipt_read(l: Lang, records: usize, path: &str) -> String {
    match l {
        Lang::Zh => format!("已读取合并回执（{records} 条记录）：{path}"),
        Lang::En => format!("Merge receipt read ({records} records): {path}"),
    }
}

/// How many photos a record has: "照片 2 张" / "2 photos".
pub fn photo_count(l: Lang, n: usize) -> String {
    match l {
        Lang::Zh => format!("照片 {n} 张"),
        Lang::En if n == 1 => "1 photo".to_string(),
        Lang::En => format!("{n} photos"),
    }
}

/// A field package made.
pub fn packaged(l: Lang, contractor: &str, records: usize, path: &str) -> String {
    let n = crate::domain::group_thousands(records as i128);
    match l {
        Lang::Zh => format!("已为{contractor}生成外业包（{n} 条记录）：{path}"),
        Lang::En => format!("Field package for {contractor} written ({n} records): {path}"),
    }
}

/// The password rule, said before the first attempt.
pub fn password_rule(l: Lang, min: usize) -> String {
    match l {
        Lang::Zh => format!("密码至少 {min} 个字符。"),
        Lang::En => format!("A password has at least {min} characters."),
    }
}

/// What the preview of pasted rows names as their source: "粘贴到「后期管护」的行".
pub fn pasted_into(l: Lang, list: &str) -> String {
    match l {
        Lang::Zh => format!("粘贴到「{list}」的行"),
        Lang::En => format!("Rows pasted into {list}"),
    }
}

/// A merged field package, and where its receipt is.
pub fn merged(l: Lang, added: usize, changed: usize, conflicts: usize, receipt: &str) -> String {
    let g = |n: usize| crate::domain::group_thousands(n as i128);
    match l {
        Lang::Zh => format!(
            "外业包已合并：新增 {} 条，修改 {} 条，冲突 {} 条（台账版本未动，外业包版本已留存，待环保部门处理）。给施工单位的回执：{receipt}",
            g(added),
            g(changed),
            g(conflicts)
        ),
        Lang::En => format!(
            "Field package merged: {} added, {} changed, {} conflicts (the ledger's unchanged, the package's version kept for the department to resolve). The receipt for the contractor: {receipt}",
            g(added),
            g(changed),
            g(conflicts)
        ),
    }
}

pub fn sheet_imported(l: Lang, added: usize, changed: usize) -> String {
    let g = |n: usize| crate::domain::group_thousands(n as i128);
    match l {
        Lang::Zh => format!(
            "已从表格导入：新增 {} 条记录，修改 {} 条。",
            g(added),
            g(changed)
        ),
        Lang::En => format!(
            "Imported from the spreadsheet: {} record(s) added, {} changed.",
            g(added),
            g(changed)
        ),
    }
}

/// A template was written.
pub fn templated(l: Lang, path: &str) -> String {
    match l {
        Lang::Zh => format!("已导出模板：{path}"),
        Lang::En => format!("Template written: {path}"),
    }
}

pub fn exported(l: Lang, records: usize, path: &str) -> String {
    let n = crate::domain::group_thousands(records as i128);
    match l {
        Lang::Zh => format!("已导出 {n} 条记录：{path}"),
        Lang::En => format!("Exported {n} records: {path}"),
    }
}

pub fn backed_up(l: Lang, path: &str) -> String {
    match l {
        Lang::Zh => format!("已保存副本：{path}"),
        Lang::En => format!("Copy saved: {path}"),
    }
}

/// A report written, and whether it is signed (an unsigned one says why and what to do).
pub fn reported_signed(l: Lang, path: &str, signed: bool) -> String {
    let done = reported(l, path);
    if signed {
        return done;
    }
    match l {
        Lang::Zh => format!(
            "{done}\n这份报告未签名：只有环保部门的账户用本部门密钥打印的报告才有签名（施工单位、审计打印的，或台账属于另一部门密钥时，均不签名）。报告仍可用指纹核对。"
        ),
        Lang::En => format!(
            "{done}\nThis report is not signed: only reports the department prints with its key are signed (not a contractor's or an auditor's, nor a ledger that names another department's key). Its fingerprint still checks it."
        ),
    }
}

pub fn reported(l: Lang, path: &str) -> String {
    match l {
        Lang::Zh => format!("报告已生成：{path}"),
        Lang::En => format!("Report written: {path}"),
    }
}

pub fn opened(l: Lang, path: &str) -> String {
    match l {
        Lang::Zh => format!("已打开 {path}"),
        Lang::En => format!("Opened {path}"),
    }
}

/// An operation that failed, with the program's own explanation (in English) after it.
pub fn failed(l: Lang, detail: &str) -> String {
    match l {
        Lang::Zh => format!("操作未完成：{detail}"),
        Lang::En => format!("Not done: {detail}"),
    }
}

/// A batch review refused because some entries were reviewed meanwhile.
pub fn not_pending(l: Lang, count: usize) -> String {
    match l {
        Lang::Zh => format!(
            "所选记录中有 {count} 条已不是待审核状态（已被他人审核），本次未审核任何记录。请重新选择。"
        ),
        Lang::En => format!(
            "{count} of the chosen entries are no longer pending review (someone reviewed them meanwhile); nothing was reviewed. Choose again."
        ),
    }
}

/// A deletion refused because other records still name the record: how many of which table
/// ("工程量 12 条、台阶 23 条" / "12 work records, 23 bench records"), then what to do.
pub fn still_referred(l: Lang, referrers: &[(&str, usize)]) -> String {
    let list: Vec<String> = referrers
        .iter()
        .map(|(table, n)| match l {
            Lang::Zh => format!("{} {n} 条", table_name(l, table)),
            Lang::En => format!(
                "{n} {} record{}",
                table_name(l, table),
                if *n == 1 { "" } else { "s" }
            ),
        })
        .collect();
    match (l, list.is_empty()) {
        (Lang::Zh, false) => format!(
            "不能删除：仍有记录引用它（{}）。请先修改或删除这些记录，再删除它。",
            list.join("、")
        ),
        (Lang::Zh, true) => "不能删除：仍有其他记录引用它。请先修改或删除这些记录，再删除它。".into(),
        (Lang::En, false) => format!(
            "Not deleted: other records still refer to it ({}). Change or delete those first, then delete it.",
            list.join(", ")
        ),
        (Lang::En, true) => "Not deleted: other records still refer to it. Change or delete those first, then delete it.".into(),
    }
}

/// "已选 3 条" / "3 selected".
/// The question before a batch review: "通过 344 条管护记录？" with what they add up to.
pub fn batch_question(l: Lang, count: usize, approve: bool, totals: &str) -> String {
    let n = crate::domain::group_thousands(count as i128);
    match (l, approve) {
        (Lang::Zh, true) => format!("通过 {n} 条管护记录？合计：{totals}"),
        (Lang::Zh, false) => format!("退回 {n} 条管护记录？合计：{totals}"),
        (Lang::En, true) => format!("Approve {n} after-care entries? In all: {totals}"),
        (Lang::En, false) => format!("Reject {n} after-care entries? In all: {totals}"),
    }
}

/// Entries without a quantity, in a batch's totals.
pub fn without_quantity(l: Lang, n: usize) -> String {
    match l {
        Lang::Zh => format!("{n} 条无数量"),
        Lang::En => format!("{n} without a quantity"),
    }
}

/// What a batch review did: "已通过 344 条管护记录。"
pub fn batch_reviewed(l: Lang, count: usize, approve: bool) -> String {
    let n = crate::domain::group_thousands(count as i128);
    match (l, approve) {
        (Lang::Zh, true) => format!("已通过 {n} 条管护记录。"),
        (Lang::Zh, false) => format!("已退回 {n} 条管护记录。"),
        (Lang::En, true) => format!("{n} after-care entries approved."),
        (Lang::En, false) => format!("{n} after-care entries rejected."),
    }
}

/// The list's one selection, and how much of it awaits this operator's review.
pub fn selected_for_review(l: Lang, selected: usize, pending: usize) -> String {
    match l {
        Lang::Zh => format!("已选 {selected} 行，其中待审核 {pending} 条"),
        Lang::En => format!("{selected} row(s) selected, {pending} awaiting review"),
    }
}

/// When, where and by whom a photo was taken, as its viewer says it.
pub fn photo_taken(l: Lang, at: Option<String>, position: Option<(i64, i64)>, by: &str) -> String {
    let mut parts = Vec::new();
    match (l, at) {
        (Lang::Zh, Some(at)) => parts.push(format!("拍摄于 {at}")),
        (Lang::En, Some(at)) => parts.push(format!("taken {at}")),
        (Lang::Zh, None) => parts.push("拍摄时间不详".to_string()),
        (Lang::En, None) => parts.push("time taken unknown".to_string()),
    }
    if let Some((lat, lon)) = position {
        let deg = |v: i64| v as f64 / 1_000_000.0;
        parts.push(match l {
            Lang::Zh => format!("位置 {:.5}°，{:.5}°", deg(lat), deg(lon)),
            Lang::En => format!("at {:.5}°, {:.5}°", deg(lat), deg(lon)),
        });
    }
    if !by.trim().is_empty() {
        parts.push(match l {
            Lang::Zh => format!("拍摄人 {by}"),
            Lang::En => format!("by {by}"),
        });
    }
    parts.join(" · ")
}

/// A search still looking through a long list.
pub fn searching(l: Lang, done: f32) -> String {
    let pct = (done * 100.0).floor() as u32;
    match l {
        Lang::Zh => format!("（搜索中，已查 {pct}%）"),
        Lang::En => format!("(searching, {pct}% looked at)"),
    }
}

pub fn selected_count(l: Lang, count: usize) -> String {
    match l {
        Lang::Zh => format!("已选 {count} 条"),
        Lang::En => format!("{count} selected"),
    }
}

/// A deadline extension that does not move the deadline later.
pub fn deadline_not_later(l: Lang, current: &str, new: &str) -> String {
    match l {
        Lang::Zh => format!("新整改期限 {new} 不晚于现在的期限 {current}。请选择更晚的日期。"),
        Lang::En => format!(
            "The new deadline {new} is not after the current one ({current}). Choose a later date."
        ),
    }
}

/// "逾期 12 天" / "12 days overdue".
pub fn days_overdue(l: Lang, days: i64) -> String {
    match l {
        Lang::Zh => format!("逾期 {days} 天"),
        Lang::En => format!("{days} days overdue"),
    }
}

/// A ledger table's name as the window shows it; an unknown name is shown as it is.
pub fn table_name(l: Lang, table: &str) -> String {
    let pair = match table {
        "mines" => ("矿井", "mine"),
        "piles" => ("矸石山", "pile"),
        "dumping_records" => ("排矸记录", "dumping record"),
        "benches" => ("台阶", "bench"),
        "works" => ("工程量", "work"),
        "plantings" => ("种植", "planting"),
        "surveys" => ("成活率调查", "survival survey"),
        "aftercare" => ("管护记录", "after-care entry"),
        "photos" => ("照片", "photo"),
        "problems" => ("问题", "problem"),
        "monitoring_points" => ("监测点", "monitoring point"),
        "readings" => ("监测读数", "reading"),
        "rules" => ("合规规则", "rule"),
        "sign_offs" => ("签认", "sign-off"),
        "merge_conflicts" => ("合并冲突", "merge conflict"),
        "accounts" => ("账户", "account"),
        "ledger_info" => ("台账信息", "ledger information"),
        "schema" => ("台账结构升级", "ledger upgrade"),
        "sign_ins" => ("登录", "sign-in"),
        "checkpoints" => ("签名检查点", "signed checkpoint"),
        other => return other.to_string(),
    };
    l.pick(pair.0, pair.1).to_string()
}

/// A stored field's name as the History view shows it; an unknown name is shown as it is.
pub fn field_name(l: Lang, field: &str) -> String {
    let pair = match field {
        "alive" => ("成活株数", "alive"),
        "approved_by" => ("批准人", "approved by"),
        "area" => ("面积", "area"),
        "bench_id" => ("台阶", "bench"),
        "berm_width" => ("马道宽度", "berm width"),
        "closed_on" => ("闭库日期", "closed on"),
        "co" => ("CO", "CO"),
        "company" => ("单位", "company"),
        "contractor" => ("施工单位", "contractor"),
        "cover" => ("覆盖度", "cover"),
        "created_at" => ("创建时间", "created at"),
        "created_by" => ("创建人", "created by"),
        "date" => ("日期", "date"),
        "deadline" => ("整改期限", "deadline"),
        "description" => ("问题描述", "description"),
        "dumping_since" => ("开始排矸", "dumping since"),
        "elevation_high" => ("顶部标高", "top elevation"),
        "elevation_low" => ("底部标高", "bottom elevation"),
        "enabled" => ("启用", "enabled"),
        "added_columns" => ("新增字段", "added columns"),
        "migration" => ("升级步骤", "upgrade step"),
        "file_name" => ("文件名", "file name"),
        "found_on" => ("发现日期", "found on"),
        "gradient_run" => ("坡比", "gradient"),
        "greenable_area" => ("可绿化面积", "greenable area"),
        "code" => ("现场编号", "site code"),
        "kind" => ("类别", "kind"),
        "location" => ("位置", "location"),
        "method" => ("调查方法", "method"),
        "name" => ("名称", "name"),
        "note" => ("备注", "note"),
        "number" => ("编号", "number"),
        "origin" => ("来源", "origin"),
        "package_id" => ("外业包", "field package"),
        "package_head" => ("外业包审计位置", "package audit head"),
        "record_table" => ("记录类别", "record table"),
        "record_id" => ("记录", "record"),
        "their_version" => ("外业包版本", "package's version"),
        "our_version" => ("台账版本", "ledger's version"),
        "reason" => ("原因", "reason"),
        "resolution" => ("处理方式", "resolution"),
        "resolved_by" => ("处理人", "resolved by"),
        "resolved_at" => ("处理时间", "resolved at"),
        "owner" => ("责任单位/人", "owner"),
        "phase" => ("类型", "phase"),
        "pile_id" => ("矸石山", "pile"),
        "plant_type" => ("植物类型", "plant type"),
        "planted" => ("栽植株数", "planted"),
        "planting_id" => ("对应种植", "planting"),
        "plants" => ("株数", "plants"),
        "point_id" => ("监测点", "monitoring point"),
        "quantity" => ("数量", "quantity"),
        "rectification" => ("整改情况", "rectification"),
        "rectified_on" => ("整改日期", "rectified on"),
        "review" => ("审核状态", "review"),
        "review_comment" => ("审核意见", "review comment"),
        "reviewed_at" => ("审核时间", "reviewed at"),
        "reviewed_by" | "reviewer" => ("审核人", "reviewer"),
        "seed" => ("播种量", "seed"),
        "source" => ("来源/依据", "source"),
        "species" => ("树种 / 草种", "species"),
        "status" => ("状态", "status"),
        "strength" => ("依据强度", "strength"),
        "surveyor" => ("调查人", "surveyor"),
        "taken_at" => ("时间", "taken at"),
        "temperature" => ("温度", "temperature"),
        "thickness" => ("厚度", "thickness"),
        "threshold" => ("阈值", "threshold"),
        "threshold2" => ("第二阈值", "second threshold"),
        "stale_after_days" => ("数据有效期（天）", "evidence valid for (days)"),
        "unit" => ("单位", "unit"),
        "updated_at" => ("修改时间", "updated at"),
        "updated_by" => ("修改人", "updated by"),
        "verified_by" => ("验证人", "verified by"),
        "verified_on" => ("验证日期", "verified on"),
        "version" => ("版本", "version"),
        "revision" => ("版次", "revision"),
        "prepared_by" => ("编制人", "prepared by"),
        "owner_kind" => ("所属记录类别", "belongs to"),
        "owner_id" => ("所属记录", "belongs to record"),
        "mime" => ("文件类型", "file type"),
        "gps_lat_micro" => ("纬度", "latitude"),
        "gps_lon_micro" => ("经度", "longitude"),
        "taken_by" => ("拍摄人", "taken by"),
        "place" => ("拍摄地点", "place"),
        "sha256" => ("文件指纹", "file fingerprint"),
        "size_bytes" => ("文件大小", "file size"),
        "data" => ("照片", "photo"),
        "mine_id" => ("矿山", "mine"),
        "plan_reference" => ("复垦方案", "reclamation plan"),
        "tonnes" => ("排矸量", "gangue"),
        "period_start" => ("起始日期", "period start"),
        "period_end" => ("截止日期", "period end"),
        "account" => ("账户", "account"),
        "via" => ("登录方式", "signed in with"),
        "role" => ("角色", "role"),
        "active" => ("有效", "active"),
        "os_login" => ("操作系统账户", "operating-system login"),
        "password_hash" => ("密码", "password"),
        "value" => ("值", "value"),
        "key" => ("设置项", "setting"),
        other => return other.to_string(),
    };
    l.pick(pair.0, pair.1).to_string()
}

/// Another window has the ledger open: who, on which computer, since when.
pub fn in_use(l: Lang, who: &str, host: &str, since: &str, path: &str) -> String {
    match l {
        Lang::Zh => format!(
            "该台账正由 {who}（计算机 {host}，自 {since} 起）在另一个窗口中打开，未再次打开。请等对方关闭后再打开，或打开一份副本：{path}"
        ),
        Lang::En => format!(
            "This ledger is open in another window by {who} (computer {host}, since {since}), so it was not opened again. Wait until they close it, or open a copy: {path}"
        ),
    }
}

/// What is wrong with a record's field, in the window's language, with the field's name as the
/// user sees it: "「发现日期」……".
pub fn invalid(l: Lang, invalid: &crate::domain::validate::Invalid) -> String {
    let field = field_name(l, invalid.column);
    let what = fault(l, &invalid.fault);
    match l {
        Lang::En => format!("{field}: {what}"),
        Lang::Zh => format!("「{field}」{what}"),
    }
}

/// What is wrong with a column, without naming it (a spreadsheet names it by its place).
pub fn fault(l: Lang, fault: &crate::domain::validate::Fault) -> String {
    use crate::domain::validate::Fault;
    if l == Lang::En {
        return fault.english();
    }
    match fault {
        Fault::Empty => "不能为空".to_string(),
        Fault::TooLong { chars, max } => format!("太长（{chars} 个字，最多 {max} 个字）"),
        Fault::Refused { c, .. } => format!(
            "含有看不见或会改变文字方向的字符 U+{:04X}，请删除（粘贴的文字请重新输入）",
            *c as u32
        ),
        Fault::OutOfRange { value, lo, hi } => format!("{value} 超出允许范围 {lo}–{hi}"),
        Fault::Negative => "不能为负数".to_string(),
        Fault::TooLarge => "数值过大".to_string(),
        Fault::DateOutOfRange(d) => format!("{d} 不在 1900—2200 年之间"),
        Fault::Before(other) => format!("早于「{}」", field_name(l, other)),
        Fault::Below(other) => format!("低于「{}」", field_name(l, other)),
        Fault::Needed(state) => match *state {
            "closed_pile" => "矸石山已闭库时必须填写".to_string(),
            "verified" => "状态为已验证时必须填写".to_string(),
            "rectified" => "问题已整改时必须填写".to_string(),
            "rejected" => "退回时必须写明审核意见".to_string(),
            other => format!("必须填写（{other}）"),
        },
        Fault::ZeroGradient => "必须大于 0（坡比 1:n）".to_string(),
        Fault::WrongUnit { unit, kind } => format!(
            "「{}」不是{}的计量单位，请用「{}」",
            unit.symbol(true),
            super::work_kind(l, *kind),
            kind.default_unit().symbol(true)
        ),
        Fault::MoreAliveThanPlanted { alive, planted } => {
            format!("成活 {alive} 株，多于栽植的 {planted} 株")
        }
        Fault::OverHundredPercent => "是百分比，不能超过 100".to_string(),
        Fault::InFuture { today } => {
            format!("晚于今天（{today}）：已完成的工程不能记在将来的日期")
        }
        Fault::NotWhole { unit } => {
            format!("须为整数：以「{}」计的数量不能有小数", unit.symbol(true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_field_names_are_translated_and_unknown_ones_stay_raw() {
        assert_eq!(field_name(Lang::Zh, "review_comment"), "审核意见");
        assert_eq!(field_name(Lang::En, "bench_id"), "bench");
        assert_eq!(field_name(Lang::Zh, "quantity"), "数量");
        assert_eq!(field_name(Lang::Zh, "some_new_column"), "some_new_column");
        assert_eq!(table_name(Lang::Zh, "aftercare"), "管护记录");
        assert_eq!(table_name(Lang::En, "odd"), "odd");
    }
}
