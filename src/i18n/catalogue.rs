//! Every user-visible string, in Vietnamese and English: the app's labels
//! and sentences and the command line's messages. A message with `{0}`,
//! `{1}`… takes arguments ([`Msg::fill`]); both languages name the same
//! placeholders (a test checks).

use super::Lang;

/// The weekday of `d` in the interface language.
#[must_use]
pub fn weekday(d: chrono::NaiveDate, lang: Lang) -> &'static str {
    match lang {
        Lang::En => crate::domain::date::weekday_en(d),
        Lang::Vi => crate::domain::date::weekday_vi(d),
    }
}

/// A date error in the interface language.
#[must_use]
pub fn date_error(e: &crate::domain::date::DateError, lang: Lang) -> String {
    use crate::domain::date::DateError;
    match e {
        DateError::Empty => Msg::DateEmpty.tr(lang).to_string(),
        DateError::Format(s) => Msg::DateFormat.fill_in(lang, &[s]),
        DateError::NoSuchDay {
            input,
            day,
            month,
            year,
        } => Msg::DateNoSuchDay.fill_in(lang, &[input, day, &format!("{month:02}"), year]),
        DateError::NoSuchMonth { input, month } => {
            Msg::DateNoSuchMonth.fill_in(lang, &[input, month])
        }
        DateError::Year(s) => Msg::DateYear.fill_in(lang, &[s]),
    }
}

/// Where a finding was first named, in `lang`: "Kiểm điểm — Thông báo
/// 87-TB/TU ngày 15/01/2026", or "Phát hiện qua giám sát". The kind of
/// document is read from its number's abbreviation (`-TB/`, `-BC/`, `-KL/`).
#[must_use]
pub fn origin(o: &crate::domain::Origin, lang: Lang) -> String {
    use crate::domain::Origin;
    let Origin::Review { doc, date } = o else {
        return Msg::OriginVisit.tr(lang).to_string();
    };
    let kind = doc
        .split_once('-')
        .and_then(|(_, rest)| rest.split('/').next())
        .map(str::to_uppercase);
    let kind = match kind.as_deref() {
        Some("TB") => Msg::DocNotice,
        Some("BC") => Msg::DocReport,
        Some("KL") => Msg::DocConclusion,
        _ => Msg::DocOther,
    };
    let date = date.map(crate::domain::date::format_date);
    match (doc.is_empty(), date) {
        (true, None) => Msg::OriginReview.tr(lang).to_string(),
        (true, Some(d)) => Msg::OriginReviewDate.fill_in(lang, &[&d]),
        (false, None) => Msg::OriginReviewDoc.fill_in(lang, &[&kind.tr(lang), doc]),
        (false, Some(d)) => Msg::OriginReviewDocDate.fill_in(lang, &[&kind.tr(lang), doc, &d]),
    }
}

macro_rules! messages {
    ($($name:ident => $vi:literal, $en:literal;)*) => {
        /// A message of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name),* }
        impl Msg {
            /// Every message (for completeness tests).
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];
            /// The text in `lang`.
            #[must_use]
            pub fn tr(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::Vi) => $vi, (Msg::$name, Lang::En) => $en,)*
                }
            }
            /// The text in this thread's language ([`super::current`]).
            #[must_use]
            pub fn text(self) -> &'static str {
                self.tr(super::current())
            }
            /// The text in `lang` with `{0}`, `{1}`… replaced by `args`.
            #[must_use]
            pub fn fill_in(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
                super::fill(self.tr(lang), args)
            }
            /// The text in this thread's language with its arguments.
            #[must_use]
            pub fn fill(self, args: &[&dyn std::fmt::Display]) -> String {
                self.fill_in(super::current(), args)
            }
        }
    };
}

messages! {
    AppTitle => "Hậu kiểm", "Follow-up checks";
    TabDashboard => "Tổng quan", "Dashboard";
    TabVisits => "Đợt hậu kiểm", "Visits";
    TabFindings => "Hạn chế, khuyết điểm", "Findings";
    TableLoading => "đang nạp danh sách đầy đủ", "loading the whole list";
    TabVisitsShort => "Đợt", "Visits";
    TabFindingsShort => "HCKĐ", "Findings";
    TabDashboardShort => "Tổng quan", "Home";
    Overdue => "Quá hạn", "Overdue";
    Due7 => "Đến hạn trong 7 ngày", "Due in 7 days";
    Due30 => "Đến hạn trong 30 ngày", "Due in 30 days";
    Active => "Chưa khắc phục xong", "Open";
    VerifiedMonth => "Đã xác minh trong tháng", "Verified this month";
    Total => "Tổng số", "Total";
    Unit => "Đơn vị", "Unit";
    Units => "Đơn vị", "Units";
    Kind => "Loại", "Kind";
    OpenCount => "Chưa khắc phục xong", "Open";
    OverdueCount => "Quá hạn", "Overdue";
    Findings => "HCKĐ", "Findings";
    Ref => "Mã", "Ref";
    Due => "Hạn", "Due";
    Status => "Tình trạng", "Status";
    Title => "Nội dung", "Finding";
    Visit => "Đợt", "Visit";
    VisitTitle => "Nội dung", "Title";
    // A column head: "Số, ký hiệu" (văn bản) as registers of documents write it.
    DocNumber => "Số, ký hiệu", "Document";
    Period => "Thời gian", "Period";
    Progress => "Tiến độ", "Progress";
    Failed => "chưa đạt", "not met";
    FailedHead => "Chưa đạt", "Not met";
    Answered => "đã kiểm tra", "checked";
    Lead => "Trưởng đoàn", "Team lead";
    Item => "Mục", "Item";
    Verdict => "Đánh giá", "Verdict";
    Evidence => "Hồ sơ, tài liệu đã kiểm tra", "Evidence seen";
    Note => "Ghi chú", "Note";
    Recheck => "Rà soát HCKĐ từ các đợt trước", "Earlier findings to re-check";
    RecheckNone => "Không có HCKĐ tồn đọng từ các đợt trước.", "No open findings from earlier visits.";
    Detail => "Chi tiết", "Detail";
    Cause => "Nguyên nhân", "Cause";
    Responsibility => "Trách nhiệm", "Responsibility";
    Responsible => "Tập thể / người chịu trách nhiệm", "Responsible body or person";
    Remedy => "Giải pháp, biện pháp khắc phục", "Committed remedy";
    Severity => "Phân loại", "Grade";
    DueDate => "Hạn khắc phục", "Deadline";
    History => "Quá trình theo dõi", "Follow-up history";
    Created => "Ghi nhận", "Recorded";
    Extended => "Gia hạn", "Extended";
    ExtendTo => "Hạn mới", "New deadline";
    Reason => "Lý do", "Reason";
    NewStatus => "Tình trạng mới", "New status";
    NewFinding => "Ghi nhận hạn chế, khuyết điểm", "Record a finding";
    EditFinding => "Sửa thông tin hạn chế, khuyết điểm", "Edit finding";
    ChangeStatus => "Cập nhật tình trạng khắc phục", "Change status";
    ExtendDeadline => "Gia hạn khắc phục", "Extend the deadline";
    AddNote => "Thêm ghi chú theo dõi", "Add a follow-up note";
    AnswerNote => "Ghi chú và hồ sơ, tài liệu đã kiểm tra", "Note and evidence";
    Search => "Tìm", "Search";
    Filter => "Lọc", "Filter";
    All => "tất cả", "all";
    SortBy => "Sắp xếp", "Sort";
    SortDue => "theo hạn", "by deadline";
    SortUrgency => "theo mức độ cấp bách", "by urgency";
    SortUnit => "theo đơn vị", "by unit";
    Within => "trong", "within";
    Days => "ngày", "days";
    DaysOverdue => "ngày quá hạn", "days overdue";
    Saved => "Đã lưu", "Saved";
    Saving => "Đang lưu", "Saving";
    NotSaved => "Chưa lưu được", "Not saved";
    Undone => "Đã hoàn tác", "Undone";
    NothingToUndo => "Không có thao tác nào để hoàn tác.", "Nothing to undo.";
    Error => "Lỗi", "Error";
    Required => "bắt buộc", "required";
    InvalidDate => "Ngày không hợp lệ", "Invalid date";
    FormHint => "Tab/Shift-Tab: chuyển ô · Ctrl-S: lưu · Esc: hủy", "Tab/Shift-Tab: next field · Ctrl-S: save · Esc: cancel";
    HelpTitle => "Phím tắt", "Keys";
    PaletteTitle => "Lệnh", "Command";
    PaletteHint => "unit MÃ · finding MÃ · visit MÃ · units · undo · nguoi · report ĐỢT [md|html|csv|xlsx] [TỆP] · export TỆP · lang vi|en", "unit CODE · finding REF · visit CODE · units · undo · actor · report VISIT [md|html|csv|xlsx] [FILE] · export FILE · lang vi|en";
    UnknownCommand => "Không hiểu lệnh", "Unknown command";
    NotFound => "Không tìm thấy", "Not found";
    Exported => "Đã xuất dữ liệu ra", "Exported to";
    TooSmall => "Cửa sổ quá nhỏ: cần ít nhất 60×16.", "Window too small: needs at least 60×16.";
    WelcomeTitle => "Chào mừng đến với haukiem", "Welcome to haukiem";
    Welcome1 => "Cơ sở dữ liệu còn trống. Để bắt đầu:", "The database is empty. To begin:";
    Welcome2 => "Xem thử với dữ liệu mẫu:", "Try it with the demo data:";
    Welcome3 => "Hoặc nhập danh sách đơn vị và phiếu kiểm tra:", "Or import your units and a checklist template:";
    Welcome4 => "Nhấn q để thoát.", "Press q to quit.";
    NoFindings => "Không có hạn chế, khuyết điểm nào khớp bộ lọc.", "No findings match the filters.";
    NoVisits => "Chưa có đợt hậu kiểm nào.", "No visits yet.";
    NotFailed => "Chỉ ghi nhận HCKĐ từ mục Chưa đạt hoặc Đạt một phần.", "Findings are recorded from items marked Not met or Partly met.";
    Final => "HCKĐ đã đóng, không thể thay đổi.", "The finding is closed; it cannot change.";
    NotActive => "Chỉ gia hạn HCKĐ chưa khắc phục hoặc đang khắc phục.", "Only an open or in-progress finding can be extended.";
    NotAwaiting => "Chỉ xác minh HCKĐ đã khắc phục, chờ xác minh.", "Only a finding reported remediated can be verified.";
    Rechecked => "Đã rà soát", "Re-checked";
    RecheckDone => "đã khắc phục", "remediated";
    RecheckDoing => "đang khắc phục", "in progress";
    RecheckNot => "chưa khắc phục", "not remediated";
    Language => "Ngôn ngữ", "Language";
    Yes => "Có", "Yes";
    No => "Không", "No";
    Team => "Đoàn", "Team";
    Section => "Phần", "Section";
    ByUnit => "Theo đơn vị", "By unit";
    Collective => "Tập thể", "Collective";
    Awaiting => "Chờ xác minh", "Awaiting check";
    ToLookAt => "Cần xem", "Look at";
    Visits => "Đợt", "Visits";
    Critical => "quan trọng", "critical";
    Individual => "Cá nhân", "Individual";
    // The command line.
    DemoLoaded => "Đã nạp dữ liệu mẫu vào {0}: {1} đơn vị, {2} đợt, {3} hạn chế, khuyết điểm ({4} thao tác), lấy mốc ngày {5}.", "Demo loaded into {0}: {1} units, {2} visits, {3} findings ({4} operations), dated around {5}.";
    DemoAlreadyLoaded => "Dữ liệu mẫu đã có trong {0}; không thêm gì.", "The demo data is already in {0}; nothing added.";
    // The app: units, visits, who did it, undo (issue 11).
    TabUnits => "Đơn vị", "Units";
    NoUnits => "Không có đơn vị nào khớp.", "No units match.";
    UnitName => "Tên đơn vị", "Unit name";
    Sector => "Loại hình", "Sector";
    Code => "Mã", "Code";
    MembersShort => "ĐV", "Mem.";
    Members => "Số đảng viên", "Party members";
    Secretary => "Bí thư", "Secretary";
    EndedOn => "hết hiệu lực {0}", "ended {0}";
    UnitDetail => "thông tin đơn vị", "unit details";
    NoEnd => "đang hoạt động", "active";
    Parent => "Cấp trên", "Above it";
    ParentCode => "Mã đơn vị cấp trên", "Code of the unit above";
    Validity => "Hiệu lực", "Valid";
    ValidFrom => "Hiệu lực từ ngày", "Valid from";
    ValidTo => "Hiệu lực đến ngày", "Valid to";
    MergedInto => "Đã sáp nhập vào {0}", "Merged into {0}";
    FormerlyLine => "Trước đây: {0}", "Formerly: {0}";
    NewUnit => "Thêm đơn vị", "Add a unit";
    EditUnit => "Sửa đơn vị", "Edit the unit";
    CodeTaken => "{0}: đã có mã {1}", "{0}: {1} is already taken";
    NotANumber => "{0}: \"{1}\" không phải là số", "{0}: \"{1}\" is not a number";
    EndsBeforeStart => "{0}: trước ngày bắt đầu", "{0}: before the start";
    OwnParent => "{0}: một đơn vị không thể là cấp trên của chính nó", "{0}: a unit cannot be above itself";
    Chosen => "Đã chọn {0}: {1}", "Chosen {0}: {1}";
    NewVisit => "Lập đợt hậu kiểm", "Plan a visit";
    EditVisit => "Sửa đợt hậu kiểm", "Edit the visit";
    PlanNo => "Số kế hoạch", "Plan number";
    DecisionNo => "Số quyết định thành lập đoàn", "Decision forming the team";
    FromDate => "Từ ngày", "From";
    ToDate => "Đến ngày", "To";
    Template => "Phiếu kiểm tra", "Checklist template";
    Issuer => "Cơ quan ban hành", "Issuing body";
    Place => "Địa danh", "Place";
    NoTemplates => "Phiếu kiểm tra: chưa có phiếu nào; nhập bằng haukiem import TỆP.toml", "Checklist template: none yet; import one with haukiem import FILE.toml";
    NoLead => "{0}: chưa có trưởng đoàn", "{0}: no team lead";
    NotInTeam => "{0}: {1} được phân công cho {2}, người không có trong đoàn", "{0}: {1} is assigned to {2}, who is not in the team";
    CloseVisit => "Kết thúc đợt hậu kiểm", "Close the visit";
    CloseCheck => "Trước khi kết thúc", "Before closing";
    NothingLeft => "Mọi mục đã kiểm tra, mọi HCKĐ cũ đã rà soát.", "Every item is checked and every earlier finding re-checked.";
    LeftUndone => "Còn dở dang:", "Left undone:";
    ConfirmClose => "{0}: kết thúc đợt {1} · Esc: chưa kết thúc", "{0}: close {1} · Esc: not yet";
    ItemsUnchecked => "{0} mục chưa kiểm tra", "{0} items not checked";
    NotRechecked => "{0} HCKĐ cũ chưa rà soát", "{0} earlier findings not re-checked";
    ReopenVisit => "Mở lại đợt đã kết thúc", "Reopen a closed visit";
    VisitClosed => "Đợt {0} đã kết thúc: chỉ xem được; mở lại (kèm lý do) để sửa.", "Visit {0} is closed: read only; reopen it (with a reason) to change it.";
    NotClosed => "Đợt {0} chưa kết thúc: không cần mở lại.", "Visit {0} is not closed: nothing to reopen.";
    AnswerSet => "{0} của {1} → {2}", "{0} of {1} → {2}";
    AnswerBack => "{0} của {1} trở lại {2}", "{0} of {1} is back to {2}";
    ItemOf => "{0} của {1}", "{0} of {1}";
    BackTo => "{0} trở lại {1}", "{0} is back to {1}";
    BackAsBefore => "{0} trở lại như trước", "{0} is back as it was";
    DidEdit => "sửa {0}", "edited {0}";
    DidRecord => "ghi nhận {0} — {1}", "recorded {0} — {1}";
    FindingDropped => "bỏ HCKĐ {0} vừa ghi nhận", "finding {0} is withdrawn";
    DueSet => "hạn của {0} → {1}", "the deadline of {0} → {1}";
    DueBack => "hạn của {0} trở lại {1}", "the deadline of {0} is back to {1}";
    DidNote => "ghi chú theo dõi {0}", "a follow-up note on {0}";
    NoteDropped => "bỏ ghi chú vừa thêm vào {0}", "the note just added to {0} is withdrawn";
    DidPlan => "lập đợt {0} — {1}", "planned {0} — {1}";
    VisitDropped => "bỏ đợt {0} vừa lập", "visit {0} is withdrawn";
    DidAddUnit => "thêm đơn vị {0} — {1}", "added unit {0} — {1}";
    UnitDropped => "bỏ đơn vị {0} vừa thêm", "unit {0} is withdrawn";
    FirstStart => "Chào mừng! Ai làm việc trên máy này?", "Welcome! Who works on this laptop?";
    WhoWorksHere => "Người làm việc trên máy này", "Who works on this laptop";
    FullName => "Họ và tên người kiểm tra", "The inspector's full name";
    DeviceName => "Tên máy này (ví dụ: Máy xách tay đoàn 1)", "This laptop's name (e.g. Team laptop 1)";
    WorkingAs => "Từ nay các thay đổi được ghi tên {0}.", "Changes are now recorded as {0}.";
    MyRecentChanges => "Thay đổi gần đây của tôi, mới nhất trước", "My recent changes, newest first";
    UndoWhich => "Hoàn tác thay đổi nào?", "Undo which change?";
    RecordMerger => "Ghi nhận sáp nhập", "Record a merger";
    MergedUnits => "Các đơn vị sáp nhập", "Units merged";
    Successor => "Mã đơn vị sau sáp nhập", "Code of the unit they merged into";
    MergerDay => "Ngày sáp nhập", "Day of the merger";
    DidMerge => "{0} sáp nhập vào {1}", "{0} merged into {1}";
    MergerUndone => "{0} không còn sáp nhập vào {1}", "{0} is no longer merged into {1}";
    Inspector => "Người phụ trách", "Inspector";
    NoSuchUnit => "{0}: không có đơn vị mã {1} (gần nhất: {2})", "{0}: no unit coded {1} (closest: {2})";
    // Domain and store: units and succession, visits, who made a change, undo, migration.
    RuleUnitIncomplete => "Đơn vị {0}: cần có mã và tên.", "Unit {0}: a code and a name are required.";
    RuleUnitEndsBeforeStart => "Đơn vị {0}: ngày hết hiệu lực {1} trước ngày bắt đầu {2}.", "Unit {0}: it ends on {1}, before it starts on {2}.";
    RuleOwnSuccessor => "Đơn vị {0} không thể sáp nhập vào chính nó.", "Unit {0} cannot merge into itself.";
    RuleSuccessorMissing => "Đơn vị {0}: đơn vị kế thừa không có trong cơ sở dữ liệu.", "Unit {0}: its successor is not in the database.";
    RuleSuccessionCycle => "Đơn vị {0}: chuỗi sáp nhập quay vòng trở lại chính nó.", "Unit {0}: its chain of successors comes back to it.";
    RuleSuccessionWithoutEnd => "Đơn vị {0} có đơn vị kế thừa nhưng chưa có ngày hết hiệu lực.", "Unit {0} has a successor but no last day.";
    RuleSuccessorNotValid => "Đơn vị {0}: đơn vị kế thừa {1} chưa có hiệu lực vào ngày {2}.", "Unit {0}: its successor {1} is not valid on {2}.";
    RuleMergeBeforeStart => "Đơn vị {0}: ngày sáp nhập {1} không sau ngày đơn vị bắt đầu hiệu lực.", "Unit {0}: the merger on {1} is not after the day it started.";
    RuleEndedBeforeMerge => "Đơn vị {0} đã hết hiệu lực từ {1}, trước ngày sáp nhập {2}.", "Unit {0} already ended on {1}, before the merger on {2}.";
    RuleAlreadySucceeded => "Đơn vị {0} đã sáp nhập vào một đơn vị khác, không thể sáp nhập vào {1}.", "Unit {0} already merged into another unit; it cannot merge into {1}.";
    RuleVisitWithoutCode => "Đợt hậu kiểm cần có mã.", "A visit needs a code.";
    RuleVisitWithoutTitle => "Đợt {0}: cần có nội dung (tên đợt).", "Visit {0}: a title is required.";
    RuleVisitEndsBeforeStart => "Đợt {0}: ngày kết thúc {1} trước ngày bắt đầu {2}.", "Visit {0}: it ends on {1}, before it starts on {2}.";
    RuleTeamMemberWithoutName => "Đợt {0}: một thành viên đoàn chưa có họ tên.", "Visit {0}: a team member has no name.";
    RuleTeamLeads => "Đợt {0}: đoàn phải có đúng một trưởng đoàn (đang có {1}).", "Visit {0}: the team needs exactly one team lead (it has {1}).";
    RuleUnitTwiceInVisit => "Đợt {0}: một đơn vị được ghi hai lần.", "Visit {0}: a unit is listed twice.";
    RuleAssignmentOutsideVisit => "Đợt {0}: phân công cho đơn vị không thuộc đợt, hoặc một đơn vị được phân công hai lần.", "Visit {0}: an assignment names a unit outside the visit, or a unit is assigned twice.";
    RuleInspectorNotInTeam => "Đợt {0}: \"{1}\" được phân công nhưng không có trong đoàn.", "Visit {0}: \"{1}\" is assigned a unit but is not in the team.";
    RuleVisitUnitMissing => "Đợt {0}: đơn vị {1} không có trong cơ sở dữ liệu.", "Visit {0}: unit {1} is not in the database.";
    RuleVisitUnitNotValid => "Đợt {0}: đơn vị {1} không có hiệu lực trong thời gian của đợt (hiệu lực {2} – {3}).", "Visit {0}: unit {1} is not valid during the visit (valid {2} – {3}).";
    RuleVisitConcluded => "Đợt {0} đã kết thúc nên chỉ được xem; mở lại đợt (kèm lý do) để thay đổi.", "Visit {0} is concluded and read-only; reopen it (with a reason) to change it.";
    RuleVisitTransition => "Đợt {0}: không thể chuyển từ \"{1}\" sang \"{2}\".", "Visit {0}: cannot go from \"{1}\" to \"{2}\".";
    RuleReopenWithoutReason => "Đợt {0}: mở lại đợt đã kết thúc cần nêu lý do.", "Visit {0}: reopening a concluded visit needs a reason.";
    RuleConcludedFinding => "Hạn chế, khuyết điểm {0} thuộc đợt {1} đã kết thúc: chỉ được theo dõi khắc phục (tình trạng, hạn, ghi chú, xác minh).", "Finding {0} belongs to visit {1}, which is concluded: only its follow-up (status, deadline, notes, verification) can change.";
    SubjectUnit => "đơn vị {0}", "unit {0}";
    SubjectTemplate => "phiếu kiểm tra {0} phiên bản {1}", "template {0} version {1}";
    SubjectVisit => "đợt {0}", "visit {0}";
    SubjectAnswer => "kết quả mục {0}", "answer to {0}";
    SubjectFinding => "hạn chế, khuyết điểm {0}", "finding {0}";
    NoActor => "Chưa biết ai thực hiện thay đổi này: thêm --actor \"Họ và tên\" (hoặc đặt biến môi trường HAUKIEM_ACTOR), hoặc mở ứng dụng để nhập họ tên một lần cho máy này.", "Nobody to record this change under: add --actor \"Full name\" (or set HAUKIEM_ACTOR), or open the app once to enter your name for this laptop.";
    UndoOutdated => "Không thể hoàn tác: {0} đã thay đổi sau thao tác này.", "Cannot undo: {0} has changed since.";
    Formerly => "trước đây: {0}", "formerly {0}";
    // Imports: units CSV, templates, visit plans, the summary and the dry run.
    ImportUnknownKind => "không rõ loại tệp: cần .csv (đơn vị), .toml (phiếu kiểm tra), .toml có [visit] (kế hoạch đợt) hoặc .json (dữ liệu xuất)", "unknown kind of file: expected .csv (units), .toml (checklist template), .toml with [visit] (visit plan) or .json (export)";
    ImportUnknownParent => "mã đơn vị cấp trên \"{0}\" không có trong tệp này và trong cơ sở dữ liệu", "unknown parent unit code \"{0}\": not in this file nor in the database";
    ImportOwnParent => "một đơn vị không thể là cấp trên của chính nó", "a unit cannot be its own parent";
    ImportParentCycle => "đơn vị {0} là cấp trên của chính nó (vòng lặp cấp trên)", "unit {0} is its own ancestor (a cycle of parents)";
    ImportUnknownSuccessor => "mã đơn vị kế thừa \"{0}\" không có trong tệp này và trong cơ sở dữ liệu", "unknown successor unit code \"{0}\": not in this file nor in the database";
    ImportTemplateDiffers => "phiếu kiểm tra {0} phiên bản {1} đã có với nội dung khác; phiếu đã dùng không được sửa — hãy đặt phiên bản cao hơn", "template {0} version {1} already exists with other content; a template in use cannot change — give the new one a higher version";
    PlanEmpty => "trường {0} đang để trống", "field {0} is empty";
    PlanVisitExists => "đợt có mã {0} đã có trong cơ sở dữ liệu", "a visit with code {0} is already in the database";
    PlanEndsBeforeStart => "to: ngày kết thúc {0} trước ngày bắt đầu {1}", "to: the visit ends on {0}, before it starts on {1}";
    PlanUnknownLabel => "{0}: không rõ \"{1}\"; cần một trong: {2}", "{0}: unknown value \"{1}\"; expected one of {2}";
    PlanUnknownTemplate => "template: không có phiếu kiểm tra mã \"{0}\" (mã gần nhất: {1})", "template: no checklist template with code \"{0}\" (closest codes: {1})";
    PlanUnknownVersion => "template_version: phiếu {0} không có phiên bản {1} (có: {2})", "template_version: template {0} has no version {1} (there are: {2})";
    PlanNoLead => "[[team]]: đoàn phải có đúng một trưởng đoàn (đang có {0})", "[[team]]: the team needs exactly one trưởng đoàn (team lead; it has {0})";
    PlanMemberTwice => "[[team]]: \"{0}\" được ghi hai lần", "[[team]]: \"{0}\" is listed twice";
    PlanNoUnits => "kế hoạch chưa có đơn vị nào: thêm [[units]] với code", "the plan names no unit: add [[units]] with a code";
    PlanUnknownUnit => "[[units]]: không có đơn vị mã \"{0}\" (mã gần nhất: {1})", "[[units]]: no unit with code \"{0}\" (closest codes: {1})";
    PlanUnitTwice => "[[units]]: đơn vị {0} được ghi hai lần", "[[units]]: unit {0} is listed twice";
    PlanInspectorNotInTeam => "inspector: \"{0}\" không có trong [[team]]", "inspector: \"{0}\" is not in the [[team]]";
    ImportedSummary => "Đã nhập {0} đơn vị mới, {1} phiếu kiểm tra, {2} đợt; {3} đơn vị thay đổi, {4} không đổi; {5} thao tác ({6} đã có sẵn).", "Imported {0} units, {1} templates, {2} visits; {3} units changed, {4} unchanged; {5} operations ({6} already present).";
    ImportedNothing => "Không có gì thay đổi (0 thay đổi): 0 thao tác ({0} đã có sẵn).", "Nothing changed (0 changes): 0 operations ({0} already present).";
    ImportCodeTwice => "mã đơn vị {0} đã có trong một tệp trước của cùng lần nhập ({1})", "unit code {0} already exists in an earlier file of this import ({1})";
    DryRunNothingWritten => "Chạy thử: chưa ghi gì vào cơ sở dữ liệu ({0} thao tác nếu nhập thật).", "Dry run: nothing written to the database ({0} operations if imported).";
    FileUnits => "{0}: {1} đơn vị mới, {2} thay đổi, {3} không đổi", "{0}: {1} new units, {2} changed, {3} unchanged";
    FileUnitAdded => "  + {0} {1}", "  + {0} {1}";
    FileUnitChanged => "  ~ {0}: {1}: {2} → {3}", "  ~ {0}: {1}: {2} → {3}";
    FileTemplateNew => "{0}: phiếu kiểm tra {1} phiên bản {2} ({3} mục): mới", "{0}: checklist template {1} version {2} ({3} items): new";
    FileTemplateReplaced => "{0}: phiếu kiểm tra {1} phiên bản {2} ({3} mục): thay nội dung cũ (chưa đợt nào dùng)", "{0}: checklist template {1} version {2} ({3} items): replaces the old content (no visit used it)";
    FileTemplateSame => "{0}: phiếu kiểm tra {1} phiên bản {2} đã có, không đổi", "{0}: checklist template {1} version {2} is already there, unchanged";
    FilePlan => "{0}: đợt {1} — {2}: {3} đơn vị, đoàn {4} người (Chưa tiến hành)", "{0}: visit {1} — {2}: {3} units, a team of {4} (not started)";
    FileExport => "{0}: {1} thao tác mới, {2} đã có sẵn", "{0}: {1} new operations, {2} already present";
    Origin => "Nguồn", "Source";
    SourceDoc => "Số, ký hiệu văn bản kiểm điểm", "Review document number";
    SourceDate => "Ngày văn bản", "Document date";
    NewBaselineFinding => "Thêm hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm", "Add a shortcoming identified at the review";
    OriginVisit => "Phát hiện qua giám sát", "Found during the visit";
    OriginReview => "Kiểm điểm", "Review (kiểm điểm)";
    OriginReviewDate => "Kiểm điểm — văn bản ngày {0}", "Review (kiểm điểm) — document of {0}";
    OriginReviewDoc => "Kiểm điểm — {0} {1}", "Review (kiểm điểm) — {0} {1}";
    OriginReviewDocDate => "Kiểm điểm — {0} {1} ngày {2}", "Review (kiểm điểm) — {0} {1} of {2}";
    DocNotice => "Thông báo", "notice";
    DocReport => "Báo cáo", "report";
    DocConclusion => "Kết luận", "conclusion";
    DocOther => "Văn bản", "document";
    FileBaseline => "{0}: {1} hạn chế, khuyết điểm qua kiểm điểm mới, {2} đã có sẵn", "{0}: {1} new shortcomings identified at the review, {2} already present";
    FileBaselineAdded => "  + {0} {1}", "  + {0} {1}";
    ImportedBaseline => "Hạn chế, khuyết điểm qua kiểm điểm: {0} mới, {1} đã có sẵn.", "Shortcomings identified at the review: {0} new, {1} already present.";
    BaselineEmpty => "tệp trống: cần một dòng tiêu đề (don_vi, noi_dung, loai, nguyen_nhan, trach_nhiem, giai_phap, han, van_ban, ngay_van_ban, dot) và mỗi hạn chế, khuyết điểm một dòng", "the file is empty: expected a header row (don_vi, noi_dung, loai, nguyen_nhan, trach_nhiem, giai_phap, han, van_ban, ngay_van_ban, dot) and one row per shortcoming";
    BaselineNoRows => "tệp có dòng tiêu đề nhưng không có hạn chế, khuyết điểm nào", "the file has a header but no shortcomings";
    BaselineUnknownColumn => "không rõ cột \"{0}\"; các cột dùng được: don_vi|unit, noi_dung|title, loai|kind, nguyen_nhan|cause, trach_nhiem|responsibility, giai_phap|remedy, han|due, van_ban|source_doc, ngay_van_ban|source_date, dot|visit{1}", "unknown column \"{0}\"; expected don_vi|unit, noi_dung|title, loai|kind, nguyen_nhan|cause, trach_nhiem|responsibility, giai_phap|remedy, han|due, van_ban|source_doc, ngay_van_ban|source_date, dot|visit{1}";
    BaselineEmptyCell => "ô này không được để trống", "this cell must not be empty";
    BaselineUnknownGrade => "không rõ loại \"{0}\"; cần một trong: {1}", "unknown kind \"{0}\"; expected {1}";
    BaselineUnknownUnit => "không có đơn vị mã \"{0}\"", "no unit with code \"{0}\"";
    BaselineUnknownVisit => "không có đợt mã \"{0}\"", "no visit with code \"{0}\"";
    BaselineVisitLacksUnit => "đợt {0} không có đơn vị {1}", "visit {0} does not include unit {1}";
    BaselineVisitConcluded => "đợt {0} đã kết thúc, không nhận thêm hạn chế, khuyết điểm: mở lại đợt, hoặc ghi ở cột dot một đợt chưa kết thúc", "visit {0} is concluded and takes no new shortcoming: reopen it, or name a visit not concluded in the dot column";
    BaselineNoVisit => "đơn vị {0} chưa có đợt nào chưa kết thúc để kiểm tra lại việc khắc phục: lập kế hoạch đợt trước, hoặc ghi mã đợt ở cột dot", "unit {0} has no visit that is not concluded to re-check the remediation: plan the visit first, or name it in the dot column";
    BaselineRowTwice => "dòng này trùng dòng {0} (cùng đơn vị, nội dung và văn bản)", "this row repeats {0} (same unit, title and document)";
    BaselineDocAfterToday => "ngày văn bản {0} sau hôm nay ({1})", "the document's date {0} is after today ({1})";
    BaselineDueBeforeCreated => "hạn khắc phục {0} trước ngày {1} (ngày văn bản, hoặc hôm nay nếu không ghi)", "the deadline {0} precedes {1} (the document's date, or today when none is given)";
    BaselineVisitEndsBefore => "không ghi hạn, nên hạn là ngày kết thúc đợt {0} ({1}), trước ngày {2}: ghi hạn khắc phục ở cột han", "no deadline given, so it is the last day of visit {0} ({1}), before {2}: give the deadline in the han column";
    // The command line: one finding (show and change), visits and units
    // listings; the domain's rules for following a finding up.
    CliCode => "Mã", "Code";
    CliPlanNo => "Số kế hoạch", "Plan no.";
    CliSecretary => "Bí thư", "Secretary";
    CliMembers => "Đảng viên", "Members";
    CliValidFrom => "từ {0}", "from {0}";
    CliValidTo => "đến {0}", "until {0}";
    CliMergedInto => "sáp nhập vào {0}", "merged into {0}";
    CliNoUnits => "Chưa có đơn vị nào.", "No units yet.";
    CliOriginalDue => "hạn ban đầu {0}", "originally {0}";
    CliSaved => "Đã lưu {0} ({1}, ngày {2}):", "Saved {0} ({1}, {2}):";
    CliNoDatabase => "Không có cơ sở dữ liệu haukiem nào ở {0}: kiểm tra --db (hoặc HAUKIEM_DB). Lệnh chỉ đọc không tạo cơ sở dữ liệu mới.", "There is no haukiem database at {0}: check --db (or HAUKIEM_DB). Commands that only read never create one.";
    CliNoFinding => "Không có hạn chế, khuyết điểm nào mã {0}.", "No finding has the reference {0}.";
    CliNoFindingClose => "Không có hạn chế, khuyết điểm nào mã {0}; mã gần giống: {1}.", "No finding has the reference {0}; the closest: {1}.";
    CliReasonWithoutDue => "--reason là lý do gia hạn: dùng cùng --due NGÀY.", "--reason is the reason for a new deadline: give it with --due DATE.";
    CliVerifyWithStatus => "--verify là chuyển sang \"Đã xác minh\": không dùng cùng --status {0}.", "--verify moves the finding to \"Verified\": it cannot go with --status {0}.";
    CliEmptyNote => "--note: ghi chú trống.", "--note: the note is empty.";
    CliBadDue => "--due: {0}", "--due: {0}";
    CliUnknownStatus => "--status: không có tình trạng \"{0}\"; nhập một trong: {1}", "--status: unknown status \"{0}\"; expected one of: {1}";
    CliViewNotSaved => "haukiem: lưu ý: chưa lưu được bảng tra cứu nhanh ({0}); liệt kê vẫn dùng được", "haukiem: note: the listing view was not saved ({0}); listings still work";
    CliCheckOk => "OK: đã kiểm tra {0} bản ghi và {1} thao tác, không có lỗi.", "OK: {0} records and {1} operations checked, no problems.";
    CliCheckProblems => "haukiem: phát hiện {0} lỗi", "haukiem: {0} problems found";
    CliGenerated => "Đã tạo {0} đơn vị, {1} đợt, {2} kết quả kiểm tra, {3} hạn chế, khuyết điểm ({4} thao tác) trong {5} giây.", "Generated {0} units, {1} visits, {2} answers, {3} findings ({4} operations) in {5} s.";
    CliNoHome => "Không tìm thấy thư mục người dùng: dùng --db THƯ_MỤC hoặc đặt HAUKIEM_DB.", "No home directory: pass --db DIR or set HAUKIEM_DB.";
    CliNoUnit => "--unit: không có đơn vị mã {0}", "--unit: no unit with code {0}";
    CliNoVisit => "--visit: không có đợt mã {0}", "--visit: no visit with code {0}";
    CliXlsxNeedsFile => "--format xlsx ghi tệp nhị phân: cần -o TỆP", "--format xlsx writes a binary file: give -o FILE";
    CliConclusionNeedsUnit => "--conclusion viết thông báo kết luận gửi một tổ chức đảng: cần --unit MÃ (mã đơn vị của đợt)", "--conclusion writes the notice of conclusions to one party organisation: give --unit CODE (a unit of the visit)";
    CliConclusionFormat => "Thông báo kết luận chỉ viết được dạng md, html hoặc docx (--format {0} là bảng số liệu)", "The notice of conclusions is written as md, html or docx only (--format {0} is a data table)";
    CliDocxToTerminal => "--format docx ghi tệp Word nhị phân, không in ra màn hình: cần -o TỆP (hoặc chuyển sang tệp: > TỆP)", "--format docx writes a binary Word file, not to a terminal: give -o FILE (or redirect: > FILE)";
    CliCannotWrite => "Không ghi được {0}", "Cannot write {0}";
    CliStdout => "Không ghi được ra đầu ra chuẩn", "Cannot write to standard output";
    ReportNoVisit => "Không có đợt nào mã {0}", "No visit with code {0}";
    ReportNoUnit => "Đợt {1} không có đơn vị nào mã {0}", "No unit with code {0} in visit {1}";
    ClosestCodes => "; mã gần giống: {0}", "; closest codes: {0}";
    ReportNoTemplate => "Đợt {0}: không có mẫu phiếu kiểm tra của đợt trong cơ sở dữ liệu", "Visit {0}: its checklist template is missing from the database";
    ReportNoXlsx => "Không ghi được tệp bảng tính", "Cannot write the spreadsheet";
    ReportNoCsv => "Không ghi được tệp CSV", "Cannot write the CSV";
    RuleEmptyTitle => "Tên hạn chế, khuyết điểm không được để trống", "The title must not be empty";
    RuleEmptyReference => "Mã hạn chế, khuyết điểm không được để trống", "The reference must not be empty";
    RuleEmptyNote => "Ghi chú không được để trống", "The note must not be empty";
    RuleEmptyField => "{0} không được để trống", "{0} must not be empty";
    RuleDueBeforeCreated => "Hạn khắc phục {0} trước ngày ghi nhận hạn chế, khuyết điểm ({1})", "The deadline {0} is before the day the finding was recorded ({1})";
    RuleTemplate => "Phiếu kiểm tra {0} phiên bản {1}: {2}", "Template {0} v{1}: {2}";
    TemplateIncomplete => "cần có mã và tên phiếu", "code and title are required";
    TemplateNoSections => "phiếu chưa có phần nào", "it has no sections";
    TemplateEmptySection => "phần {0} chưa có mục nào", "section {0} has no items";
    TemplateIncompleteItem => "phần {0}: mục nào cũng cần có mã và nội dung", "section {0}: every item needs a code and a text";
    TemplateDuplicateItem => "mã mục {0} xuất hiện hai lần", "item code {0} appears twice";
    StoreLocked => "Cơ sở dữ liệu ở {0} đang mở trong một cửa sổ haukiem khác: đóng cửa sổ đó hoặc dùng --db", "The database at {0} is open in another haukiem window; close it or use --db";
    StoreSled => "Lỗi cơ sở dữ liệu ở {0}", "Database error at {0}";
    StoreDurable => "Không ghi bền vững được cơ sở dữ liệu ({0})", "Cannot make the database durable ({0})";
    StoreCorrupt => "Bản ghi hỏng trong bảng {0}", "Corrupt record in tree {0}";
    StoreEncode => "Không mã hóa được một bản ghi", "Cannot encode a record";
    StoreNewerSchema => "Cơ sở dữ liệu có phiên bản cấu trúc {0}, mới hơn bản haukiem này hiểu được ({1}): hãy dùng haukiem mới hơn", "The database has schema version {0}, newer than this haukiem understands ({1}); use a newer haukiem";
    StoreNotOpen => "Cơ sở dữ liệu đã không mở được trước đó", "The database failed to open earlier";
    StoreConflict => "Xung đột: {0}", "Conflict: {0}";
    AbsentParentUnit => "đơn vị cấp trên", "its parent unit";
    AbsentTemplate => "phiếu kiểm tra", "its checklist template";
    AbsentUnit => "đơn vị", "its unit";
    AbsentUnitOf => "đơn vị {0}", "unit {0}";
    AbsentVisit => "đợt", "its visit";
    InvalidEmptyChange => "một thay đổi cần có giá trị cũ hoặc mới", "a change needs an old or a new value";
    InvalidTargetMismatch => "thao tác {0}: đối tượng không khớp với thay đổi", "op {0}: its target does not match its change";
    InvalidUnitCodeTaken => "mã đơn vị {0} đã được đơn vị khác dùng", "unit code {0} is already used by another unit";
    InvalidVisitCodeTaken => "mã đợt {0} đã được dùng", "visit code {0} is already used";
    InvalidReferenceTaken => "mã hạn chế, khuyết điểm {0} đã được dùng", "finding reference {0} is already used";
    InvalidExists => "{0} đã có", "{0} already exists";
    InvalidTemplateFrozen => "{0} đã được một đợt dùng nên không sửa được nữa; hãy tạo phiên bản mới", "{0} is used by a visit and can no longer change; make a new version";
    InvalidMissing => "{0}: không có {1}", "{0}: {1} does not exist";
    InvalidUnitInUse => "{0} còn đơn vị trực thuộc, đợt hoặc hạn chế, khuyết điểm", "{0} still has sub-units, visits or findings";
    InvalidVisitInUse => "{0} còn kết quả kiểm tra hoặc hạn chế, khuyết điểm", "{0} still has answers or findings";
    InvalidUnitNotInVisit => "{0}: đơn vị không thuộc đợt {1}", "{0}: the unit is not part of visit {1}";
    InvalidNoSuchItem => "{0}: không có mục này trong phiếu kiểm tra của đợt {1}", "{0}: no such item in the checklist of visit {1}";
    InvalidItemNotForSector => "{0}: đơn vị {1} thuộc loại hình {2}, mục này chỉ áp dụng cho {3}", "{0}: unit {1} is of sector {2}; this item is only for {3}";
    InvalidItemNotInChecklist => "{0}: mục {1} không có trong phiếu kiểm tra của đợt {2}", "{0}: item {1} is not in the checklist of visit {2}";
    InvalidUnlinked => "hạn chế, khuyết điểm {0} ghi một đơn vị hoặc đợt không có trong cơ sở dữ liệu", "finding {0} names a unit or visit that is not stored";
    InvalidViewTooLarge => "bảng tra cứu nhanh sẽ vượt quá 4 GiB", "the listing view would exceed 4 GiB";
    InvalidNoMigration => "không có cách chuyển đổi từ phiên bản cấu trúc {0}", "no migration from schema {0}";
    InvalidMalformedMeta => "meta.{0} bị hỏng", "meta.{0} is malformed";
    InvalidMalformedKey => "{0} bị hỏng", "malformed {0}";
    ConflictOtherContent => "thao tác {0} đã có trong nhật ký với nội dung khác", "op {0} is already in the log with different content";
    ConflictOtherTime => "thao tác {0} đã có trong nhật ký với thời điểm khác", "op {0} is already in the log with another time";
    ConflictGone => "{0} không còn", "{0} does not exist";
    ConflictChanged => "{0} đã thay đổi trong lúc đó", "{0} has changed since";
    IoColumn => "cột {0}", "column {0}";
    IoCannotRead => "không đọc được: {0}", "cannot read: {0}";
    IoUtf8CutShort => "tệp kết thúc giữa một ký tự UTF-8 (bị cắt, hoặc không lưu dạng UTF-8?)", "the file ends in the middle of a UTF-8 character (truncated, or not saved as UTF-8?)";
    IoUtf8Invalid => "không phải UTF-8 hợp lệ (hãy lưu tệp dạng \"CSV UTF-8\" / văn bản UTF-8; không hỗ trợ bảng mã TCVN3 và VNI)", "not valid UTF-8 (save the file as \"CSV UTF-8\" / UTF-8 text; TCVN3 and VNI encodings are not supported)";
    IoCannotWriteJson => "Không ghi được JSON", "Cannot write JSON";
    IoCannotWriteCsv => "Không ghi được CSV", "Cannot write CSV";
    IoCannotWriteOutput => "Không ghi được kết quả", "Cannot write the output";
    ExportEof => "tệp kết thúc sớm (bị cắt?)", "the file ends early (truncated?)";
    ExportNotOurs => "không phải tệp xuất của haukiem (trường \"format\" phải là \"{0}\")", "not a haukiem export (field \"format\" must be \"{0}\")";
    ExportNewerSchema => "trường \"schema\": tệp xuất có phiên bản cấu trúc {0}, mới hơn bản haukiem này hiểu được ({1}): hãy dùng haukiem mới hơn", "field \"schema\": the export has schema {0}, newer than this haukiem understands ({1}); use a newer haukiem";
    ExportNoSchema => "thiếu trường \"schema\"", "field \"schema\" is missing";
    ExportMissingUnit => "{0}: đơn vị {1} không có trong tệp xuất lẫn trong cơ sở dữ liệu", "{0}: unit {1} is neither in the export nor in the database";
    ExportMissingTemplate => "{0}: phiếu kiểm tra {1} không có trong tệp xuất lẫn trong cơ sở dữ liệu", "{0}: template {1} is neither in the export nor in the database";
    ExportMissingVisit => "{0}: đợt {1} không có trong tệp xuất lẫn trong cơ sở dữ liệu", "{0}: visit {1} is neither in the export nor in the database";
    ExportTaken => "{0}: {1} đã được một bản ghi khác trong cơ sở dữ liệu dùng (cùng dữ liệu đã được nhập riêng ở cả hai nơi?)", "{0}: {1} is already used by another record in the database (were the same data entered or imported separately on both sides?)";
    TakenUnitCode => "mã đơn vị {0}", "unit code {0}";
    TakenTemplate => "phiếu kiểm tra {0} phiên bản {1}", "template {0} version {1}";
    TakenVisitCode => "mã đợt {0}", "visit code {0}";
    TakenReference => "mã hạn chế, khuyết điểm {0}", "finding reference {0}";
    ExportTargetMismatch => "ops[{0}]: đối tượng không khớp với thay đổi", "ops[{0}]: target does not match the change";
    ExportDiffers => "{0} khác với những gì nhật ký thao tác ghi", "{0} differs from what the op log records";
    ExportUnlisted => "nhật ký thao tác tạo {0} nhưng tệp xuất không liệt kê", "the op log creates {0}, which the export does not list";
    CheckWrongKey => "{0}: một bản ghi được lưu sai khóa", "{0}: a record is stored under the wrong key";
    CheckBadKey => "{0}: khóa {1}: {2}", "{0}: key {1}: {2}";
    CheckSchema => "meta: phiên bản cấu trúc {0}, cần {1}", "meta: schema version {0}, expected {1}";
    CheckFinding => "hạn chế, khuyết điểm {0}: {1}", "finding {0}: {1}";
    CheckStrayEntry => "{0}: mục thừa {1}", "{0}: stray entry {1}";
    CheckEntryElsewhere => "{0}: mục {1} trỏ sai chỗ", "{0}: entry {1} points elsewhere";
    CheckMissingEntry => "{0}: thiếu mục {1}", "{0}: missing entry {1}";
    CheckOpMissing => "{0}: thao tác {1} bị thiếu hoặc trỏ sai chỗ", "{0}: op {1} is missing or points elsewhere";
    CheckOpCount => "{0}: {1} mục cho {2} thao tác", "{0}: {1} entries for {2} ops";
    CheckCounter => "bộ đếm {0}: đang lưu {1}, đếm lại được {2}", "counter {0}: stored {1}, recount {2}";
    CheckCounterMissing => "bộ đếm {0}: bị thiếu, đếm lại được {1}", "counter {0}: missing, recount {1}";
    CheckParentMissing => "đơn vị {0}: thiếu đơn vị cấp trên", "unit {0}: parent missing";
    CheckTemplateMissing => "đợt {0}: thiếu phiếu kiểm tra", "visit {0}: template missing";
    CheckVisitUnitMissing => "đợt {0}: thiếu một đơn vị", "visit {0}: a unit is missing";
    CheckAnswerUnlinked => "kết quả kiểm tra {0}: thiếu đợt, đơn vị hoặc mục", "answer {0}: visit, unit or item missing";
    CheckFindingUnlinked => "hạn chế, khuyết điểm {0}: thiếu đơn vị, đợt hoặc mục", "finding {0}: unit, visit or item missing";
    CheckLogDiffers => "nhật ký thao tác và dữ liệu đang lưu khác nhau ở {0}", "op log and stored entity differ for {0}";
    CheckWithoutOp => "dữ liệu không có thao tác nào trong nhật ký: {0}", "entity without any op in the log: {0}";
    CodecShort => "bản ghi dài {0} byte, ngắn hơn phần đầu 4 byte", "record is {0} bytes, shorter than its 4-byte header";
    CodecFormat => "byte định dạng bản ghi không rõ {0}", "unknown record format byte {0}";
    CodecCodec => "byte mã hóa không rõ {0}", "unknown codec byte {0}";
    CodecNewerSchema => "bản ghi có phiên bản cấu trúc {0}, mới hơn bản này hiểu được ({1})", "record schema {0} is newer than this build understands ({1})";
    CodecOtherSchema => "bản ghi có phiên bản cấu trúc {0}, cần {1} (chưa chạy chuyển đổi)", "record schema {0} where {1} was expected (a migration did not run)";
    CodecBody => "nội dung bản ghi hỏng: {0}", "malformed body: {0}";
    CodecTrailing => "thừa {0} byte sau nội dung bản ghi", "{0} trailing bytes after the record body";
    CodecEncode => "không mã hóa được: {0}", "cannot encode: {0}";
    RuleIllegalTransition => "Hạn chế, khuyết điểm {0}: không thể chuyển từ \"{1}\" sang \"{2}\".", "Finding {0}: cannot go from \"{1}\" to \"{2}\".";
    ConflictDeleted => "(đã xóa)", "(deleted)";
    ConflictDeletedField => "Xóa / sửa", "Deleted / changed";
    ConflictId => "Mã", "Id";
    ConflictSubject => "Đối tượng (đợt)", "Record (visit)";
    ConflictField => "Trường", "Field";
    ConflictBase => "Ban đầu", "Before";
    ConflictFirst => "Bên thứ nhất", "First side";
    ConflictSecond => "Bên thứ hai", "Second side";
    ConflictState => "Tình trạng", "State";
    ConflictWho => "Người sửa, lúc", "By, at";
    ConflictThisLaptop => "(máy này)", "(this laptop)";
    ConflictOpen => "Chưa giải quyết", "Open";
    ConflictSettledBy => "Đã giải quyết: {0}", "Settled: {0}";
    ConflictNone => "Không có xung đột nào chưa giải quyết.", "No open conflicts.";
    ConflictNotFound => "Không có xung đột chưa giải quyết nào mang mã {0}; xem danh sách: haukiem conflicts", "No open conflict has the id {0}; list them: haukiem conflicts";
    ConflictAmbiguous => "Mã {0} khớp với {1} xung đột; gõ thêm chữ số", "The id {0} matches {1} conflicts; type more digits";
    ConflictBadSide => "--take {0}: chọn 1, 2, mine (của tôi), theirs (của bạn) hoặc both (cả hai)", "--take {0}: choose 1, 2, mine, theirs or both";
    ConflictNoSide => "Máy này không làm bên nào của xung đột {0}: chọn --take 1 hoặc --take 2", "This laptop made neither side of conflict {0}: choose --take 1 or --take 2";
    ConflictResolved => "Đã giải quyết xung đột {0} ({1}): giữ {2}. Trao đổi gói với đồng đội để xung đột đóng trên mọi máy.", "Settled conflict {0} ({1}): kept {2}. Exchange a bundle with teammates so it closes on every laptop.";
    ConflictKeptSide => "giá trị của {0}", "{0}'s value";
    ConflictKeptBoth => "cả hai nội dung", "both texts";
    BundlePartialLacks => "gói này chỉ gồm phần đồng đội chưa có, mà máy này còn thiếu phần trước đó: xin một gói đầy đủ (haukiem bundle -o TỆP, không có --only-new)", "this bundle holds only what teammates lacked, and this laptop lacks what came before: ask for a whole bundle (haukiem bundle -o FILE, without --only-new)";
    BundlePartialWritten => "Chỉ gồm những thao tác mà ít nhất một đồng đội đã biết chưa có ({0} đồng đội); máy mới hoặc máy chưa từng gửi gói cho máy này cần gói đầy đủ (không có --only-new).", "Only the ops at least one known teammate lacks ({0} teammates); a new laptop, or one that never sent this laptop a bundle, needs a whole one (without --only-new).";
    NothingToRevert => "Không có lần nhập nào để hoàn tác (chỉ hoàn tác được lần nhập gần nhất, một lần).", "No import to revert (only the last import can be reverted, once).";
    RevertReason => "Hoàn tác lần nhập {0}", "Reverting the import of {0}";
    ImportedRevertHint => "Hoàn tác cả lần nhập này: haukiem import --undo", "To revert this whole import: haukiem import --undo";
    RevertedImport => "Đã hoàn tác lần nhập {0}: {1} thao tác bù trừ. Nhập lại các tệp đó sẽ không thay đổi gì.", "Reverted the import of {0}: {1} compensating ops. Importing those files again changes nothing.";
    ImportedHeld => "{0} thao tác ghi lúc muộn hơn đồng hồ máy này quá 24 giờ (muộn nhất {1}) được giữ lại, chưa áp dụng: kiểm tra đồng hồ của máy đã gửi; chúng sẽ được áp dụng ở lần nhập sau khi đồng hồ máy này đến gần thời điểm đó.", "{0} ops stamped more than 24 hours after this laptop's clock (the latest {1}) are held, not applied: check the sending laptop's clock; they are applied by a later import once this clock is near that moment.";
    ImportedReleased => "{0} thao tác được giữ lại trước đây nay đã được áp dụng.", "{0} ops held earlier are now applied.";
    ImportedConflicts => "{0} xung đột cần giải quyết (haukiem conflicts; F6 trong ứng dụng).", "{0} conflicts to settle (haukiem conflicts; F6 in the app).";
    ReportConflictsOpen => "Cảnh báo: đợt {0} còn {1} xung đột chưa giải quyết; số liệu dùng giá trị tạm thời (haukiem conflicts).", "Warning: visit {0} has {1} open conflicts; the figures use provisional values (haukiem conflicts).";
    TabConflicts => "Xung đột", "Conflicts";
    HelpConflicts => "Xung đột: cùng một trường được sửa khác nhau trên hai máy. Giá trị có dấu ◀ là giá trị tạm thời mọi máy đang dùng. m giữ của tôi, t lấy của bạn, 1/2 giữ bên 1/2, b giữ cả hai nội dung (chỉ trường văn bản), Enter hoặc e mở để sửa. Việc giải quyết được ghi như mọi thay đổi: trao đổi gói xong thì xung đột đóng trên mọi máy.", "Conflicts: the same field changed two ways on two laptops. The value marked ◀ is the provisional one every laptop shows. m keeps mine, t takes theirs, 1/2 keeps side 1/2, b keeps both texts (text fields only), Enter or e opens it to edit. A settlement is recorded like any change: once a bundle is exchanged, the conflict closes on every laptop.";
    ConflictNoSideHere => "Máy này không làm bên nào của xung đột: chọn 1 hoặc 2", "This laptop made neither side: choose 1 or 2";
    ConflictSideN => "Bên", "Side";
    ConflictKeys => "m giữ của tôi · t lấy của bạn · 1/2 giữ bên 1/2 · b giữ cả hai · Enter/e mở để sửa", "m keep mine · t take theirs · 1/2 keep side 1/2 · b keep both · Enter/e open to edit";
    ConflictDetail => "Chi tiết xung đột", "Conflict";
    ConflictNamed => "xung đột {0}", "conflict {0}";
    ConflictReopened => "{0} mở lại", "{0} reopened";
    ConflictSettledTold => "{0} đã giải quyết", "{0} settled";
    RuleConflictNotText => "{0}: chỉ giữ cả hai khi các trường xung đột đều là văn bản; hãy chọn một bên.", "{0}: both can be kept only when every conflicting field is text; choose one side.";
    RuleStatusWithoutNote => "Hạn chế, khuyết điểm {0}: cập nhật tình trạng khắc phục cần có ghi chú.", "Finding {0}: a status change needs a note.";
    RuleExtensionWithoutReason => "Hạn chế, khuyết điểm {0}: gia hạn cần nêu lý do.", "Finding {0}: a deadline extension needs a reason.";
    RuleExtensionNotLater => "Hạn chế, khuyết điểm {0}: hạn mới {2} phải sau hạn hiện tại {1}.", "Finding {0}: the new deadline {2} must be after the current one {1}.";
    RuleNotExtendable => "Hạn chế, khuyết điểm {0}: chỉ gia hạn khi chưa khắc phục hoặc đang khắc phục.", "Finding {0}: only an open or in-progress finding's deadline can be extended.";
    // The domain's rules, as a refused change says them.
    // The app after its field trial (issue 12).
    EvidenceToSee => "Hồ sơ, tài liệu cần xem", "Evidence to look at";
    DiscardAsk => "Bỏ những gì đã nhập? Esc: bỏ · phím khác: nhập tiếp", "Discard what you typed? Esc: discard · any other key: keep editing";
    DateBeforeRecorded => "trước ngày ghi nhận HCKĐ ({0})", "before the day the finding is recorded ({0})";
    DateNotAfter => "phải sau hạn hiện tại {0}", "must be after the current deadline {0}";
    DbHeld => "Cơ sở dữ liệu {0} đang mở ở một cửa sổ haukiem khác. Hãy đóng cửa sổ đó rồi mở lại (hoặc dùng --db để mở cơ sở dữ liệu khác).\n\nNhấn phím bất kỳ để thoát.", "The database {0} is open in another haukiem window. Close that window, then start again (or use --db for another database).\n\nPress any key to leave.";
    SortOverdue => "theo số quá hạn", "by overdue";
    SortOpen => "theo số chưa khắc phục xong", "by open";
    SortName => "theo tên", "by name";
    HelpEverywhere => "Mọi màn hình", "Everywhere";
    HelpScroll => "cuộn", "scroll";
    HelpAutoAdvance => "Chọn đánh giá xong, con trỏ tự sang mục sau.", "After a verdict the cursor moves on to the next item.";
    // Hostile input, files and faults: damaged and missing databases,
    // private files, refused text.
    NoDatabase => "Không có cơ sở dữ liệu haukiem nào ở {0}: kiểm tra --db (hoặc HAUKIEM_DB). Lệnh chỉ đọc không tạo cơ sở dữ liệu mới.", "There is no haukiem database at {0}: check --db (or HAUKIEM_DB). Commands that only read never create one.";
    DbDamaged => "Cơ sở dữ liệu ở {0} bị hỏng: {1} không đọc được. Không ghi gì thêm vào đó. Hãy khôi phục bản xuất gần nhất vào một thư mục mới: haukiem import TỆP-XUẤT.json --db THƯ-MỤC-MỚI", "The database at {0} is damaged: {1} cannot be read. Nothing more is written to it. Restore your latest export into a new directory: haukiem import EXPORT.json --db NEW-DIR";
    DbPartData => "tệp dữ liệu (db, snap.*)", "its data files (db, snap.*)";
    DbPartConfig => "tệp cấu hình (conf)", "its configuration file (conf)";
    DbRecordDamaged => "Một bản ghi của cơ sở dữ liệu bị hỏng (bảng {0}) và không đọc được; không ghi gì thêm vào cơ sở dữ liệu này. Hãy khôi phục bản xuất gần nhất vào một thư mục mới: haukiem import TỆP-XUẤT.json --db THƯ-MỤC-MỚI", "A record of the database is damaged (tree {0}) and cannot be read; nothing more is written to this database. Restore your latest export into a new directory: haukiem import EXPORT.json --db NEW-DIR";
    DbWritesRefused => "Cơ sở dữ liệu ở {0} có chỗ bị hỏng (đã gặp khi đọc), nên không ghi gì thêm. Hãy khôi phục bản xuất gần nhất vào một thư mục mới: haukiem import TỆP-XUẤT.json --db THƯ-MỤC-MỚI", "The database at {0} is damaged (a read met the damage), so nothing more is written to it. Restore your latest export into a new directory: haukiem import EXPORT.json --db NEW-DIR";
    DbCopyReadOnly => "Cơ sở dữ liệu ở {0} đang được đọc từ một bản sao riêng (nơi lưu không ghi được): không ghi gì.", "The database at {0} is being read from a private copy (its own place cannot be written): nothing is written.";
    DbReadFromCopy => "lưu ý: không ghi được vào {0} (thiết bị chỉ đọc hoặc đã đầy); dữ liệu được đọc từ một bản sao riêng, tạm thời.", "note: {0} cannot be written (a read-only medium or a full disk); the data is read from a private, temporary copy.";
    LoosePermissions => "cảnh báo: {0} có quyền {1}, người khác trên máy này có thể đọc. Sửa bằng: chmod -R go-rwx {2}", "warning: {0} has mode {1}: other users of this computer can read it. Fix it with: chmod -R go-rwx {2}";
    TextControl => "có ký tự điều khiển {0} ở vị trí {1} (không được phép: hãy xoá nó)", "holds the control character {0} at position {1} (not allowed: remove it)";
    TextInvisible => "có ký tự vô hình {0} ở vị trí {1} (mã không được chứa ký tự đảo chiều hay ký tự độ rộng 0)", "holds the invisible character {0} at position {1} (codes may not hold bidirectional or zero-width characters)";
    TextTooLong => "dài {0} ký tự, quá giới hạn {1}", "is {0} characters long, over the limit of {1}";
    TextField => "{0} {1}: trường {2} {3}", "{0} {1}: field {2} {3}";
    EntityUnit => "đơn vị", "unit";
    EntityTemplate => "phiếu kiểm tra", "template";
    EntityVisit => "đợt", "visit";
    EntityAnswer => "kết quả kiểm tra mục", "answer to";
    EntityFinding => "HCKĐ", "finding";
    EntityOp => "thao tác", "operation";
    PasteRefused => "Không dán: văn bản {0}.", "Not pasted: the text {0}.";
    ImportText => "nội dung {0}", "the text {0}";
    ImportFieldText => "trường {0}: nội dung {1}", "field {0}: the text {1}";
    ViewMismatch => "tệp listing.view không khớp với cơ sở dữ liệu ({0}); hãy xoá nó, lần liệt kê sau sẽ tạo lại", "listing.view does not match the database ({0}); remove it, the next listing writes it again";
    ViewCounts => "tệp liệt kê {0} HCKĐ, cơ sở dữ liệu có {1}", "it lists {0} findings, the database holds {1}";
    ViewFindingDiffers => "HCKĐ {0} khác với cơ sở dữ liệu", "finding {0} differs from the database";
    ViewUnitsDiffer => "danh sách đơn vị hoặc đợt khác với cơ sở dữ liệu", "its units or visits differ from the database";
    // Bad input named where it is: dates, units CSV, template TOML, the
    // export's ops, the demo's own file.
    DateEmpty => "chưa nhập ngày", "empty date";
    DateFormat => "\"{0}\" không phải là ngày: nhập dd/mm/yyyy, d/m/yy, dd.mm.yyyy, d-m-yyyy hoặc +N (số ngày)", "\"{0}\" is not a date: use dd/mm/yyyy, d/m/yy, dd.mm.yyyy, d-m-yyyy or +N days";
    DateNoSuchDay => "\"{0}\": tháng {2}/{3} không có ngày {1}", "\"{0}\": day {1} does not exist in {2}/{3}";
    DateNoSuchMonth => "\"{0}\": không có tháng {1}", "\"{0}\": month {1} does not exist";
    DateYear => "\"{0}\": năm nằm ngoài khoảng 1900–2200", "\"{0}\": year out of range (1900–2200)";
    IoColumnNamed => "cột {0} ({1})", "column {0} ({1})";
    FileEmpty => "tệp trống", "the file is empty";
    CsvEmpty => "tệp trống: cần một dòng tiêu đề (ma, ten, ma_cap_tren, loai, linh_vuc, bi_thu, so_dang_vien) và mỗi đơn vị một dòng", "the file is empty: expected a header row (ma, ten, ma_cap_tren, loai, linh_vuc, bi_thu, so_dang_vien) and one row per unit";
    CsvUnknownColumn => "không rõ cột \"{0}\"; các cột dùng được: ma|code, ten|name, ma_cap_tren|parent, loai|kind, linh_vuc|sector, bi_thu|secretary, so_dang_vien|members, hieu_luc_tu|valid_from, hieu_luc_den|valid_to, ke_thua|successor{1}", "unknown column \"{0}\"; expected ma|code, ten|name, ma_cap_tren|parent, loai|kind, linh_vuc|sector, bi_thu|secretary, so_dang_vien|members, hieu_luc_tu|valid_from, hieu_luc_den|valid_to, ke_thua|successor{1}";
    CsvHintMixedHeader => " — tệp dùng lẫn ',' và ';' làm dấu phân cách?", " — the file mixes ',' and ';' as delimiters?";
    CsvColumnTwice => "cột này xuất hiện hai lần", "this column appears twice";
    CsvMissingColumn => "thiếu cột bắt buộc \"{0}\"", "required column \"{0}\" is missing";
    CsvFieldCount => "dòng này có {0} trường nhưng dòng tiêu đề có {1}{2}", "this row has {0} fields but the header has {1}{2}";
    CsvFieldCountOne => "dòng này có {0} trường nhưng dòng tiêu đề có {1}{2}", "this row has {0} field but the header has {1}{2}";
    CsvHintUnclosedQuote => " — dấu nháy kép (\") mở ở trường này không được đóng lại", " — a double quote (\") opened in this field is never closed";
    CsvHintMixed => " — tệp dùng lẫn '{0}' và '{1}' làm dấu phân cách", " — the file mixes '{0}' and '{1}' as delimiters";
    CsvHintQuote => " — nội dung có dấu '{0}' phải đặt trong dấu nháy kép", " — put text that contains '{0}' in double quotes";
    CsvCodeTwice => "mã đơn vị {0} xuất hiện hai lần (lần đầu ở dòng {1})", "unit code {0} appears twice (first on line {1})";
    CsvNoUnits => "tệp có dòng tiêu đề nhưng không có đơn vị nào", "the file has a header but no units";
    CsvEmptyCode => "mã đơn vị đang để trống", "the unit code is empty";
    CsvEmptyName => "tên đơn vị đang để trống", "the unit name is empty";
    CsvUnknownKind => "không rõ loại tổ chức \"{0}\"; cần một trong: {1}", "unknown kind \"{0}\"; expected {1}";
    CsvUnknownSector => "không rõ loại hình \"{0}\"; cần một trong: {1}", "unknown sector \"{0}\"; expected {1}";
    CsvNotMembers => "\"{0}\" không phải là số nguyên (số đảng viên)", "\"{0}\" is not a whole number of members";
    CsvEndsBeforeStart => "đơn vị hết hiệu lực ({0}) trước ngày bắt đầu hiệu lực ({1})", "the unit ends ({0}) before it starts ({1})";
    TomlEmpty => "tệp trống: cần có code, version, title và [[sections]]", "the file is empty: expected code, version, title and [[sections]]";
    TomlMissingField => "thiếu trường `{0}`", "missing field `{0}`";
    TomlUnknownField => "không có trường `{0}`; các trường dùng được: {1}", "unknown field `{0}`; expected one of {1}";
    TemplateEmptyCode => "trường code: mã phiếu kiểm tra đang để trống", "field code: the template code is empty";
    TemplateWithoutSections => "phiếu kiểm tra chưa có phần nào", "the template has no sections";
    SectionEmptyCode => "trường code: mã phần đang để trống", "field code: the section code is empty";
    SectionCodeTwice => "mã phần {0} xuất hiện hai lần (lần đầu ở dòng {1})", "section code {0} appears twice (first on line {1})";
    ItemEmptyCode => "trường code: mã mục đang để trống", "field code: the item code is empty";
    ItemCodeTwice => "mã mục {0} xuất hiện hai lần (lần đầu ở dòng {1})", "item code {0} appears twice (first on line {1})";
    ItemNoText => "trường text: mục {0} chưa có nội dung", "field text: item {0} has no text";
    TemplateUnknownParam => "trường {0}: tham số {{1}} chưa khai báo trong [params] (đã khai báo: {2})", "field {0}: parameter {{1}} is not declared in [params] (declared: {2})";
    TemplateNoParams => "không có tham số nào", "none";
    TemplateBadPlaceholder => "trường {0}: dấu { phải mở đầu một tham số viết liền như {ty_le_hoc_tap} (chữ thường không dấu, số, dấu _); muốn giữ dấu { thì viết {{", "field {0}: a { must open a parameter written like {ty_le_hoc_tap} (lower-case ASCII letters, digits, _); write {{ for a literal {";
    TemplateParamName => "[params]: tên tham số \"{0}\" chỉ được gồm chữ thường không dấu, số và dấu _", "[params]: the parameter name \"{0}\" may only have lower-case ASCII letters, digits and _";
    TemplateParamValue => "[params]: tham số {0} phải là một đoạn văn bản không rỗng trong dấu nháy kép (ví dụ {0} = \"98%\")", "[params]: parameter {0} must be a non-empty text in double quotes (e.g. {0} = \"98%\")";
    TemplateUnknownSector => "sectors: không rõ loại hình \"{0}\"; cần một trong: {1}", "sectors: unknown sector \"{0}\"; expected {1}";
    TemplateParamUnused => "[params]: tham số {0} không được dùng trong nội dung hay hồ sơ, tài liệu cần xem của mục nào", "[params]: parameter {0} is not used in any item's text or evidence";
    ExportOpAltered => "ops[{0}] (thao tác {1}): cơ sở dữ liệu đã có thao tác cùng mã nhưng nội dung khác; thao tác đã ghi thì không bao giờ thay đổi, vậy tệp đã bị sửa — chưa nhập gì", "ops[{0}] (op {1}): the database holds an op with this id and different content; an op never changes once made, so the file was altered — nothing was imported";
    DemoOutOfRange => "{0}: ngày nằm ngoài khoảng cho phép", "{0}: out of range";
    DemoUnknownUnit => "không có đơn vị mã {0}", "unknown unit code {0}";
    DemoUnknownBaseline => "[[baseline]]: không có dòng nào của fixtures/hckd.csv có đơn vị {0} và nội dung \"{1}\"", "[[baseline]]: no row of fixtures/hckd.csv has unit {0} and title \"{1}\"";
    DemoUnknownVisit => "không có đợt mã {0}", "unknown visit {0}";
    DemoUnknownTemplate => "đợt {0}: không có phiếu kiểm tra {1}", "visit {0}: unknown template {1}";
    // Sealed bundles and their passphrase.
    SealNotABundle => "không phải gói dữ liệu của haukiem", "not a haukiem bundle";
    SealVersion => "gói dữ liệu có phiên bản định dạng {0}, bản haukiem này chỉ đọc được phiên bản {1}", "bundle format version {0} is not supported (this haukiem reads version {1})";
    SealKdf => "phần đầu gói dữ liệu ghi một cách dẫn xuất khóa không rõ ({0})", "unknown key derivation {0} in the bundle header";
    SealKdfBounds => "tham số dẫn xuất khóa {0} = {1} nằm ngoài giới hạn ({2}..={3})", "key derivation {0} = {1} is out of bounds ({2}..={3})";
    SealKdfFailed => "dẫn xuất khóa: {0}", "key derivation: {0}";
    SealKdfParams => "tham số dẫn xuất khóa: {0}", "key derivation parameters: {0}";
    SealPublicTooLong => "phần thông tin công khai dài {0} byte, quá giới hạn {1}", "public metadata of {0} bytes is longer than {1}";
    SealEmptyPassphrase => "mật khẩu đang để trống", "the passphrase is empty";
    SealWrongPassphrase => "sai mật khẩu, hoặc gói dữ liệu của đoàn khác", "wrong passphrase, or a bundle of another team";
    SealTampered => "gói dữ liệu đã bị sửa đổi hoặc hư hỏng: khối {0} (từ byte {1}) không xác thực được", "the bundle was changed or damaged: chunk {0} (from byte {1}) does not authenticate";
    SealTruncatedHeader => "gói dữ liệu bị cắt ngắn ngay trong phần đầu", "the bundle is cut short inside its header";
    SealTruncated => "gói dữ liệu bị cắt ngắn: kết thúc sau {0} khối, trước khối cuối cùng", "the bundle is cut short: it ends after {0} chunks, before its final chunk";
    SealTooLarge => "dữ liệu quá lớn, không đóng được trong một gói", "the plaintext is too large for one bundle";
    SealFailed => "gói dữ liệu không xác thực được", "the bundle failed authentication";
    SealNoRandomness => "không lấy được số ngẫu nhiên: {0}", "no randomness: {0}";
    BundleRefused => "gói dữ liệu bị từ chối, không ghi gì: {0}", "bundle refused, nothing written: {0}";
    BundleNotOurs => "không phải gói trao đổi của haukiem (phần đầu không đúng)", "not a haukiem exchange bundle (its header differs)";
    BundleNotOpened => "đây là gói dữ liệu đã mã hóa: cần mật khẩu của đoàn (haukiem import --passphrase-file TỆP, hoặc biến HAUKIEM_PASSPHRASE)", "this is an encrypted bundle: it needs the team's passphrase (haukiem import --passphrase-file FILE, or HAUKIEM_PASSPHRASE)";
    BundleWritten => "Đã ghi gói dữ liệu {0}: {1} thao tác, {2} byte, mã hóa bằng mật khẩu của đoàn", "Wrote bundle {0}: {1} operations, {2} bytes, encrypted with the team's passphrase";
    PassReadable => "cảnh báo: tệp mật khẩu {0} có quyền {1}, người khác trên máy này có thể đọc. Sửa bằng: chmod 600 {0}", "warning: the passphrase file {0} has mode {1}, others on this machine can read it. Fix: chmod 600 {0}";
    BundleAsk => "Mật khẩu của đoàn: ", "Team passphrase: ";
    BundleAskAgain => "Nhập lại mật khẩu: ", "Passphrase again: ";
    PassTerminal => "cửa sổ dòng lệnh", "the terminal";
    PassEmpty => "mật khẩu lấy từ {0} đang để trống", "the passphrase from {0} is empty";
    PassFile => "{0}: không đọc được tệp mật khẩu: {1}", "{0}: cannot read the passphrase file: {1}";
    PassNotUtf8 => "mật khẩu lấy từ {0} không phải UTF-8 hợp lệ", "the passphrase from {0} is not valid UTF-8";
    PassNoTerminal => "chưa có mật khẩu: hãy đặt biến môi trường {0}, chỉ ra tệp mật khẩu, hoặc chạy trong cửa sổ dòng lệnh ({1})", "no passphrase: set {0}, give a passphrase file, or run in a terminal ({1})";
    PassMismatch => "hai lần nhập mật khẩu không khớp nhau", "the two passphrases typed differ";
    // Inside the store and the app: keys and records that do not read,
    // the Word document, background work.
    KeyDueIndex => "khóa của chỉ mục hạn khắc phục", "due index key";
    KeySuccessionIndex => "khóa của chỉ mục sáp nhập", "succession index key";
    KeyCounter => "khóa bộ đếm {0}", "counter key {0}";
    ViewCrc => "bản ghi không khớp mã kiểm tra CRC-32", "the record fails its CRC-32";
    DocxCannotWrite => "Không ghi được văn bản Word: {0}", "Cannot write the Word document: {0}";
    JobStopped => "Một tác vụ chạy nền đã dừng bất thường", "A background task stopped unexpectedly";
    JobIdle => "Tác vụ chạy nền chưa được khởi động", "A background task was not started";
    TempClosed => "tệp tạm đã đóng", "the temporary file is closed";
    PaletteReportUsage => "Cách dùng: report ĐỢT [md|html|csv|xlsx|docx] [TỆP]", "Usage: report VISIT [md|html|csv|xlsx|docx] [FILE]";
    // The team's own text of a visit's documents, and the baseline.
    ClockBehind => "cảnh báo: cơ sở dữ liệu có thao tác ghi lúc {0}, muộn hơn đồng hồ máy này ({1}): ngày giờ của máy này, hoặc của máy đã ghi thao tác đó, đang sai. Thao tác mới sẽ được ghi sau thời điểm ấy; hãy kiểm tra ngày giờ của các máy", "warning: the database holds an op recorded at {0}, later than this laptop's clock ({1}): this laptop's date and time, or those of the laptop that recorded it, are wrong. New ops are stamped after that moment; check the laptops' clocks";
    ImportedMerged => "{0} hạn chế, khuyết điểm được sửa cả ở máy này và máy khác đã được hợp nhất theo từng trường.", "{0} findings changed both here and on another laptop were merged field by field.";
    AppNoTerminal => "ứng dụng cần một cửa sổ dòng lệnh (terminal): đầu vào hoặc đầu ra đang được chuyển hướng. Dùng các lệnh như haukiem findings, haukiem report, hoặc haukiem demo --no-tui", "the app needs a terminal: its input or output is redirected. Use commands such as haukiem findings, haukiem report, or haukiem demo --no-tui";
    EntityReport => "báo cáo", "report";
    SubjectReport => "báo cáo kết quả giám sát của đợt", "the visit's report";
    SubjectConclusion => "thông báo kết luận", "the conclusion notice";
    CheckReportUnlinked => "báo cáo của đợt {0} gắn với đợt hoặc tổ chức đảng không có", "a report of visit {0} refers to a visit or unit that is not there";
    CheckSeq => "thao tác {0} mang số thứ tự {1} của máy đã ghi, không lớn hơn số trước nó ({2})", "op {0} carries its laptop's count {1}, not above the one before it ({2})";
    CheckHeads => "cây {0} không khớp nhật ký thao tác ({1} mục, cần {2})", "tree {0} does not match the op log ({1} entries, {2} expected)";
    ConclusionOf => "thông báo kết luận gửi {0}", "conclusion notice to {0}";
    RuleReportBackWithoutUnit => "Hạn báo cáo kết quả khắc phục chỉ đặt trong thông báo kết luận gửi một tổ chức đảng, không đặt trong báo cáo của đợt", "A report-back day belongs to a unit's conclusion notice, not to the visit's report";
    // The report screen: the team writes the báo cáo and each conclusion.
    ReportScreen => "Báo cáo, thông báo kết luận", "Report and conclusions";
    ReportOfVisit => "Báo cáo kết quả giám sát", "The visit's report";
    ConclusionsTitle => "Thông báo kết luận gửi các tổ chức đảng", "Conclusion notices to the units";
    ConclusionTitle => "Thông báo kết luận", "Conclusion notice";
    PartSituationLabel => "I. Đặc điểm tình hình", "I. Situation";
    PartStrengthsLabel => "II.1. Ưu điểm", "II.1. Strengths";
    PartWeaknessesLabel => "II.2. Hạn chế, khuyết điểm", "II.2. Shortcomings";
    PartCausesLabel => "III. Nguyên nhân", "III. Causes";
    PartResponsibilityLabel => "III. Trách nhiệm", "III. Responsibility";
    PartProposalsLabel => "IV. Kiến nghị, đề xuất", "IV. Proposals";
    PartRecipientsLabel => "Nơi nhận", "Recipients";
    NotWrittenDraft => "(chưa viết — có dự thảo)", "(not written — a draft is ready)";
    Requirements => "Yêu cầu", "Requirements";
    ReportByLabel => "Hạn báo cáo kết quả khắc phục", "Report back by";
    ReportByHead => "Hạn báo cáo", "Report by";
    ReportedOnLabel => "Ngày nhận báo cáo của tổ chức đảng", "Day the unit's report was received";
    ReportBackState => "Tình trạng", "State";
    ReportBackNone => "chưa đặt hạn", "no day set";
    ReportBackDone => "đã báo cáo {0}", "reported {0}";
    ReportBackLeft => "còn {0} ngày", "{0} days left";
    ReportBackToday => "hạn hôm nay", "due today";
    ReportBackLate => "quá hạn {0} ngày", "{0} days overdue";
    ReportByNeeded => "cần có khi đã ghi ngày nhận báo cáo", "needed once a received day is given";
    DraftNone => "Không có dự thảo: {0}", "No draft: {0}";
    DraftHint => "Ctrl-D chèn dự thảo tại con trỏ; chỉ lưu khi nhấn Ctrl-S.", "Ctrl-D inserts the draft at the cursor; nothing is saved until Ctrl-S.";
    HelpReport => "Enter hoặc e: viết phần đang chọn, hoặc kết luận gửi tổ chức đảng đang chọn; trong ô soạn, Ctrl-D chèn dự thảo làm từ số liệu, chỉ lưu khi nhấn Ctrl-S.", "Enter or e: write the selected part, or the conclusion to the selected unit; in the editor Ctrl-D inserts the draft made from the figures, saved only with Ctrl-S.";
    HelpDraft => "Ô soạn báo cáo", "Writing a report";
    PartSaved => "{0} — {1}", "{0} — {1}";
    ReportBackSummary => "{0} tổ chức đảng chưa báo cáo kết quả khắc phục, {1} quá hạn", "{0} units have not reported back on their remediation, {1} overdue";
    ReportBackNearest => "Gần nhất", "Nearest";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::parse_date;

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        for m in Msg::ALL {
            let (vi, en) = (m.tr(Lang::Vi), m.tr(Lang::En));
            assert!(!vi.is_empty() && !en.is_empty(), "{m:?}");
            assert_eq!(
                crate::i18n::placeholders(vi),
                crate::i18n::placeholders(en),
                "{m:?}"
            );
        }
    }

    #[test]
    fn date_errors_speak_the_interface_language() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let e = parse_date("31/02/2026", today).expect_err("no such day");
        assert_eq!(
            date_error(&e, Lang::Vi),
            "\"31/02/2026\": tháng 02/2026 không có ngày 31"
        );
        assert!(date_error(&e, Lang::En).contains("does not exist"));
    }
}
