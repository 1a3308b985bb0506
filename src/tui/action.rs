//! Intents: what a key asks the app to do. Keys map to actions through the
//! one keymap table; `App::update` carries them out.

pub use crate::domain::Recheck;
use crate::domain::Verdict;
use crate::i18n::Lang;

/// Everything the app can be asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Show the keys of the current screen.
    Help,
    /// Open the command palette.
    Palette,
    /// Undo the last change made in this session.
    Undo,
    /// Go back to the previous screen (or close an overlay).
    Back,
    /// Open the dashboard.
    GoDashboard,
    /// Open the list of visits.
    GoVisits,
    /// Open the findings list.
    GoFindings,
    /// Open the unit tree.
    GoUnits,
    /// Open the conflict queue.
    GoConflicts,
    /// Settle the selected conflict with this laptop's value.
    KeepMine,
    /// Settle the selected conflict with the other laptop's value.
    TakeTheirs,
    /// Settle the selected conflict with side 0 or 1 (as listed).
    KeepSide(u8),
    /// Settle the selected conflict keeping both texts.
    KeepBoth,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// Open the selected row.
    Open,
    /// Switch to the next pane.
    NextPane,
    /// Set the verdict of the selected checklist item.
    SetVerdict(Verdict),
    /// Edit the note and evidence of the selected item.
    EditAnswer,
    /// Record a finding from the selected (failed) item.
    NewFinding,
    /// Add a shortcoming named at the unit's kiểm điểm (the baseline).
    NewBaseline,
    /// Record the re-check of an earlier finding.
    Recheck(Recheck),
    /// Search as you type.
    Search,
    /// Cycle the status filter.
    CycleStatus,
    /// Toggle "overdue only".
    ToggleOverdue,
    /// Cycle the due window: all, 7 days, 30 days.
    CycleWindow,
    /// Cycle the sort order.
    CycleSort,
    /// Clear every filter.
    ClearFilters,
    /// Change the status of the finding.
    ChangeStatus,
    /// Extend the deadline.
    Extend,
    /// Add a follow-up note.
    AddNote,
    /// Verify a remediated finding.
    Verify,
    /// Edit the finding's fields.
    EditFinding,
    /// Add a record (a visit, a unit) in a form.
    New,
    /// Edit the selected record in a form.
    Edit,
    /// Move a visit to its next stage (closing asks first).
    Advance,
    /// Reopen a closed visit, with a reason.
    Reopen,
    /// The visit's báo cáo and conclusions, to write.
    OpenReport,
    /// In a report's text: insert the draft made from the figures.
    InsertDraft,
    /// Expand or collapse a unit of the tree.
    Expand,
    /// Record that units merged into another (sáp nhập).
    Merge,
    /// In a list input: choose or drop the selected row.
    Pick,
    /// In the unit picker: a đảng bộ with all its chi bộ.
    PickAll,
    /// In the unit picker: the next team member for the selected unit.
    Assign,
    /// In a list input: a new row.
    AddRow,
    /// In a list input: remove the selected row.
    RemoveRow,
    /// In the team list: the next role for the selected member.
    CycleRole,
    /// Next field of a form.
    NextField,
    /// Previous field of a form.
    PrevField,
    /// Save the form / run the command.
    Submit,
    /// Close the form without saving.
    Cancel,
    /// Switch language.
    SetLang(Lang),
}

impl Action {
    /// One-line description for the help overlay and the footer.
    #[must_use]
    pub fn hint(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Action::Quit => ("thoát", "quit"),
            Action::Help => ("trợ giúp", "help"),
            Action::Palette => ("lệnh", "command"),
            Action::Undo => ("hoàn tác", "undo"),
            Action::Back => ("quay lại", "back"),
            Action::GoDashboard => ("tổng quan", "dashboard"),
            Action::GoVisits => ("đợt hậu kiểm", "visits"),
            Action::GoFindings => ("HCKĐ", "findings"),
            Action::GoUnits => ("đơn vị", "units"),
            Action::GoConflicts => ("xung đột", "conflicts"),
            Action::KeepMine => ("giữ của tôi", "keep mine"),
            Action::TakeTheirs => ("lấy của bạn", "take theirs"),
            Action::KeepSide(0) => ("giữ bên 1", "keep side 1"),
            Action::KeepSide(_) => ("giữ bên 2", "keep side 2"),
            Action::KeepBoth => ("giữ cả hai (văn bản)", "keep both (text)"),
            Action::Up => ("lên", "up"),
            Action::Down => ("xuống", "down"),
            Action::Top => ("đầu danh sách", "top"),
            Action::Bottom => ("cuối danh sách", "bottom"),
            Action::PageUp => ("trang trước", "page up"),
            Action::PageDown => ("trang sau", "page down"),
            Action::Open => ("mở", "open"),
            Action::NextPane => ("chuyển khung", "next pane"),
            Action::SetVerdict(v) => match v {
                Verdict::Pass => ("Đạt", "pass"),
                Verdict::Partial => ("Đạt một phần", "partly met"),
                Verdict::Fail => ("Chưa đạt", "not met"),
                Verdict::NotApplicable => ("Không phát sinh", "not applicable"),
                Verdict::Unchecked => ("xóa đánh giá", "clear verdict"),
            },
            Action::EditAnswer => ("ghi chú, hồ sơ", "note, evidence"),
            Action::NewFinding => ("ghi nhận HCKĐ", "record finding"),
            Action::NewBaseline => ("thêm HCKĐ qua kiểm điểm", "add review shortcoming"),
            Action::Recheck(r) => match r {
                super::action::Recheck::Done => ("đã khắc phục", "remediated"),
                super::action::Recheck::Doing => ("đang khắc phục", "in progress"),
                super::action::Recheck::Not => ("chưa khắc phục", "not remediated"),
            },
            Action::Search => ("tìm", "search"),
            Action::CycleStatus => ("lọc tình trạng", "status filter"),
            Action::ToggleOverdue => ("chỉ quá hạn", "overdue only"),
            Action::CycleWindow => ("đến hạn 7/30 ngày", "due in 7/30 days"),
            Action::CycleSort => ("sắp xếp", "sort"),
            Action::ClearFilters => ("bỏ lọc", "clear filters"),
            Action::ChangeStatus => ("cập nhật tình trạng", "change status"),
            Action::Extend => ("gia hạn", "extend deadline"),
            Action::AddNote => ("ghi chú", "add note"),
            Action::Verify => ("xác minh", "verify"),
            Action::EditFinding => ("sửa", "edit"),
            Action::New => ("thêm mới", "new"),
            Action::Edit => ("sửa", "edit"),
            Action::Advance => ("chuyển bước đợt", "next stage"),
            Action::Reopen => ("mở lại đợt", "reopen visit"),
            Action::OpenReport => ("báo cáo, kết luận", "report, conclusions"),
            Action::InsertDraft => ("chèn dự thảo", "insert the draft"),
            Action::Expand => ("mở / thu gọn", "expand / collapse"),
            Action::Merge => ("ghi nhận sáp nhập", "record a merger"),
            Action::Pick => ("chọn / bỏ chọn", "choose / drop"),
            Action::PickAll => ("cả đảng bộ và các chi bộ", "a committee with its cells"),
            Action::Assign => ("phân công thành viên", "assign a member"),
            Action::AddRow => ("thêm dòng", "add a row"),
            Action::RemoveRow => ("xóa dòng", "remove the row"),
            Action::CycleRole => ("đổi vai trò", "change the role"),
            Action::NextField => ("ô sau", "next field"),
            Action::PrevField => ("ô trước", "previous field"),
            Action::Submit => ("lưu / thực hiện", "save / run"),
            Action::Cancel => ("hủy", "cancel"),
            Action::SetLang(Lang::Vi) => ("tiếng Việt", "Vietnamese"),
            Action::SetLang(Lang::En) => ("tiếng Anh", "English"),
        };
        if lang == Lang::En { en } else { vi }
    }
}
