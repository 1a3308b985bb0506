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
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        DateError::Empty => "chưa nhập ngày".into(),
        DateError::Format(s) => format!(
            "\"{s}\" không phải là ngày: nhập dd/mm/yyyy, d/m/yy, dd.mm.yyyy, d-m-yyyy hoặc +N (số ngày)"
        ),
        DateError::NoSuchDay {
            input,
            day,
            month,
            year,
        } => format!("\"{input}\": tháng {month:02}/{year} không có ngày {day}"),
        DateError::NoSuchMonth { input, month } => format!("\"{input}\": không có tháng {month}"),
        DateError::Year(s) => format!("\"{s}\": năm nằm ngoài khoảng 1900–2200"),
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
    Overdue => "Quá hạn", "Overdue";
    Due7 => "Đến hạn trong 7 ngày", "Due in 7 days";
    Due30 => "Đến hạn trong 30 ngày", "Due in 30 days";
    Active => "Đang mở", "Open";
    VerifiedMonth => "Xác minh tháng này", "Verified this month";
    Total => "Tổng số", "Total";
    Unit => "Đơn vị", "Unit";
    Units => "Đơn vị", "Units";
    Kind => "Loại", "Kind";
    OpenCount => "Đang mở", "Open";
    OverdueCount => "Quá hạn", "Overdue";
    Findings => "HCKĐ", "Findings";
    Ref => "Mã", "Ref";
    Due => "Hạn", "Due";
    Status => "Tình trạng", "Status";
    Title => "Nội dung", "Finding";
    Visit => "Đợt", "Visit";
    VisitTitle => "Nội dung", "Title";
    DocNumber => "Số văn bản", "Document";
    Period => "Thời gian", "Period";
    Progress => "Tiến độ", "Progress";
    Failed => "chưa đạt", "not met";
    Answered => "đã kiểm tra", "checked";
    Lead => "Trưởng đoàn", "Team lead";
    Item => "Mục", "Item";
    Verdict => "Kết quả", "Verdict";
    Evidence => "Bằng chứng đã xem", "Evidence seen";
    Note => "Ghi chú", "Note";
    Recheck => "Rà soát HCKĐ từ các đợt trước", "Earlier findings to re-check";
    RecheckNone => "Không có HCKĐ tồn đọng từ các đợt trước.", "No open findings from earlier visits.";
    Detail => "Chi tiết", "Detail";
    Cause => "Nguyên nhân", "Cause";
    Responsibility => "Trách nhiệm", "Responsibility";
    Responsible => "Tập thể / người chịu trách nhiệm", "Responsible body or person";
    Remedy => "Giải pháp cam kết", "Committed remedy";
    Severity => "Mức độ", "Severity";
    DueDate => "Hạn khắc phục", "Deadline";
    History => "Quá trình theo dõi", "Follow-up history";
    Created => "Ghi nhận", "Recorded";
    Extended => "Gia hạn", "Extended";
    ExtendTo => "Hạn mới", "New deadline";
    Reason => "Lý do", "Reason";
    NewStatus => "Tình trạng mới", "New status";
    NewFinding => "Ghi nhận hạn chế, khuyết điểm", "Record a finding";
    EditFinding => "Sửa hạn chế, khuyết điểm", "Edit finding";
    ChangeStatus => "Chuyển tình trạng", "Change status";
    ExtendDeadline => "Gia hạn khắc phục", "Extend the deadline";
    AddNote => "Thêm ghi chú theo dõi", "Add a follow-up note";
    AnswerNote => "Ghi chú và bằng chứng", "Note and evidence";
    Search => "Tìm", "Search";
    Filter => "Lọc", "Filter";
    All => "tất cả", "all";
    SortBy => "Sắp xếp", "Sort";
    SortDue => "theo hạn", "by deadline";
    SortUrgency => "theo mức khẩn", "by urgency";
    SortUnit => "theo đơn vị", "by unit";
    Within => "trong", "within";
    Days => "ngày", "days";
    DaysOverdue => "ngày quá hạn", "days overdue";
    Saved => "Đã lưu", "Saved";
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
    NotActive => "Chỉ gia hạn HCKĐ đang mở hoặc đang khắc phục.", "Only an open or in-progress finding can be extended.";
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
    Formerly => "Trước đây: {0}", "Formerly: {0}";
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
