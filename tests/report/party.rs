//! The Party documents from the report: the báo cáo's parts in the order
//! Hướng dẫn 36 sets, the team's saved text printed as written and the rest
//! marked as drafts, the baseline's figure recounted from the store, the
//! re-checks of the visit listed, and the thông báo kết luận to one unit.

use haukiem::domain::{FindingStatus, Origin};
use haukiem::report::party::DRAFT_MARK;

use super::seed::{SAVED_REQUIREMENTS, SAVED_SITUATION, add_baseline};
use super::*;

fn markdown(r: &Report) -> String {
    String::from_utf8(report::render(r, Format::Markdown).expect("md")).expect("utf-8")
}

/// The line's position in `md`, which must hold it as a whole line.
fn line_at(md: &str, line: &str) -> usize {
    md.lines()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("no line {line:?} in\n{md}"))
}

/// The lines from `line` to the next blank line but one (the block after
/// it), to check what follows a part.
fn after(md: &str, line: &str) -> Vec<String> {
    md.lines()
        .skip(line_at(md, line) + 1)
        .filter(|l| !l.is_empty())
        .take(2)
        .map(str::to_string)
        .collect()
}

/// (N, verified, in progress, of which reported, open, new) of one unit,
/// counted here from its findings.
fn recount(store: &Store, unit: Id, visit: Id) -> [u64; 6] {
    let mut c = [0u64; 6];
    for f in store.findings_of_unit(unit).expect("findings") {
        match &f.origin {
            Origin::Review { .. } => {
                c[0] += 1;
                match f.status {
                    FindingStatus::Verified => c[1] += 1,
                    FindingStatus::InProgress => c[2] += 1,
                    FindingStatus::Remediated => {
                        c[2] += 1;
                        c[3] += 1;
                    }
                    FindingStatus::Open => c[4] += 1,
                    FindingStatus::Unremediable => {}
                }
            }
            Origin::Visit => c[5] += u64::from(f.visit == visit),
        }
    }
    c
}

#[test]
fn the_baseline_figure_equals_a_recount_from_the_store() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    add_baseline(&s);
    let r = build(&s, "HK-2026-01", None);
    let v = s
        .store
        .visit_by_code("HK-2026-01")
        .expect("read")
        .expect("visit");
    let mut sum = [0u64; 6];
    for row in &r.baseline.rows {
        let unit = s
            .units
            .iter()
            .find(|u| u.name == text(&row[1]))
            .expect("a unit of the visit");
        let c = recount(&s.store, unit.id, v.id);
        let got = [&row[2], &row[3], &row[5], &row[6], &row[7], &row[9]].map(int);
        assert_eq!(got, c, "{}", unit.name);
        for i in 0..6 {
            sum[i] += c[i];
        }
    }
    let total = r.baseline.total.as_ref().expect("a total row");
    assert_eq!(
        [
            &total[2], &total[3], &total[5], &total[6], &total[7], &total[9]
        ]
        .map(int),
        sum
    );
    // P-QT: 4 named at the review, 1 verified, 1 reported, 2 open; the
    // visit found 7 findings in all, 4 of them at P-QT.
    assert_eq!(sum, [4, 1, 1, 1, 2, 7]);
    let share = haukiem::domain::text::format_percent(sum[1], sum[0]);
    let sentence = format!(
        "Toàn đoàn: trong {} hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm: đã khắc phục {} ({share}), \
         đang khắc phục {} (trong đó {} đơn vị báo cáo đã khắc phục, chưa xác minh), chưa khắc phục {}; \
         phát sinh mới {}.",
        sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]
    );
    let md = markdown(&r);
    line_at(&md, &sentence);
    line_at(
        &md,
        "- Đảng bộ phường Quang Trung: trong 4 hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm: đã khắc phục 1 (25,00%), đang khắc phục 1 (trong đó 1 đơn vị báo cáo đã khắc phục, chưa xác minh), chưa khắc phục 2; phát sinh mới 4;",
    );
    // What the unit reports, unverified, is listed apart.
    assert_eq!(
        after(
            &md,
            "Đơn vị báo cáo đã khắc phục, chưa xác minh (chưa tính là đã khắc phục):"
        )[0],
        "- Chưa công khai kết quả kiểm điểm (Đảng bộ phường Quang Trung)"
    );
}

#[test]
fn the_bao_cao_has_the_parts_in_order_saved_text_verbatim_drafts_marked() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    add_baseline(&s);
    let md = markdown(&build(&s, "HK-2026-01", None));
    let mark = format!("*{DRAFT_MARK}*");
    let order = [
        "# BÁO CÁO",
        "**kết quả giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm**",
        "## I. ĐẶC ĐIỂM TÌNH HÌNH",
        "## II. KẾT QUẢ GIÁM SÁT",
        "### 1. Ưu điểm",
        "### 2. Hạn chế, khuyết điểm",
        "Kết quả rà soát tại Chi bộ Tổ dân phố số 2:",
        "Kết quả rà soát tại Đảng bộ phường Quang Trung:",
        "## III. NGUYÊN NHÂN VÀ TRÁCH NHIỆM",
        "### 1. Nguyên nhân",
        "### 2. Trách nhiệm",
        "## IV. KIẾN NGHỊ, ĐỀ XUẤT",
        "## PHỤ LỤC 1",
        "**KẾT QUẢ KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ CHỈ RA QUA KIỂM ĐIỂM**",
        "## PHỤ LỤC 2",
        "**KẾT QUẢ RÀ SOÁT HẠN CHẾ, KHUYẾT ĐIỂM**",
    ];
    let at: Vec<usize> = order.iter().map(|l| line_at(&md, l)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{order:?} at {at:?}");

    // The saved situation, as written, and no draft mark under it.
    let situation = after(&md, "## I. ĐẶC ĐIỂM TÌNH HÌNH");
    let mut saved = SAVED_SITUATION.lines();
    assert_eq!(situation[0], saved.next().expect("a line"));
    assert_eq!(situation[1], saved.next().expect("a line"));
    let next = md[md.find(&situation[1]).expect("there")..]
        .lines()
        .find(|l| !l.is_empty() && *l != situation[1])
        .expect("a next line");
    assert_eq!(next, "## II. KẾT QUẢ GIÁM SÁT");
    // An unsaved part: the draft, under its one-line mark.
    let strengths: Vec<&str> = md
        .lines()
        .skip(line_at(&md, "### 1. Ưu điểm") + 1)
        .take_while(|l| !l.starts_with("###"))
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(strengths.last(), Some(&mark.as_str()), "{strengths:?}");
    // Five parts of the body drafted, the situation saved; the recipients'
    // mark names them.
    assert_eq!(md.matches(&mark).count(), 5);
    assert!(md.contains(&format!("*Nơi nhận: {}*", DRAFT_MARK)));

    // The re-checks of the visit, an earlier visit's finding included.
    assert_eq!(
        after(&md, "Kết quả rà soát tại Chi bộ Tổ dân phố số 2:")[0],
        "- Sổ nghị quyết ghi chép sơ sài — qua giám sát đợt trước: đang khắc phục."
    );
    assert_eq!(
        after(&md, "Kết quả rà soát tại Đảng bộ phường Quang Trung:")[0],
        "- Chậm sửa đổi quy chế làm việc — qua kiểm điểm (87-TB/TU, 15/01/2026): đã khắc phục."
    );
    // A finding with signs of violation: a kiểm tra proposed.
    assert!(md.contains(
        "- Đề nghị Ủy ban Kiểm tra xem xét, tiến hành kiểm tra khi có dấu hiệu vi phạm đối với 1 hạn chế, khuyết điểm tại Đảng bộ phường Quang Trung."
    ));
    // Signed by the team; no internal code anywhere.
    assert!(md.contains("**T/M ĐOÀN GIÁM SÁT**<br>**TRƯỞNG ĐOÀN**"));
    assert!(!md.contains("HK-20"), "no visit or finding code");
    assert!(!md.contains("KD-"), "no finding reference");
    assert!(md.contains("| Đạt | Đạt một phần | Chưa đạt | Không phát sinh | Chưa kiểm tra |"));
}

#[test]
fn the_conclusion_to_one_unit() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    add_baseline(&s);
    let r = report::build_conclusion(&s.store, "HK-2026-01", "P-QT", today()).expect("builds");
    let md = markdown(&r);
    let order = [
        "| Số \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}-TB/ĐGS | *Nam Định, ngày 20 tháng 11 năm 2026* |",
        "# THÔNG BÁO",
        "**kết luận giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm đối với Đảng bộ phường Quang Trung**",
        "## I. KẾT LUẬN",
        "### 1. Ưu điểm",
        "### 2. Hạn chế, khuyết điểm",
        "Trong 4 hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm: đã khắc phục 1 (25,00%), đang khắc phục 1 (trong đó 1 đơn vị báo cáo đã khắc phục, chưa xác minh), chưa khắc phục 2; phát sinh mới 4.",
        "| 1 | Buông lỏng quản lý đất công | Qua kiểm điểm (87-TB/TU, 15/01/2026) | Có dấu hiệu vi phạm | Chưa khắc phục | 31/12/2026 |",
        "| 2 | Chậm sửa đổi quy chế làm việc | Qua kiểm điểm (87-TB/TU, 15/01/2026) | Khuyết điểm | Đã khắc phục (đã xác minh); rà soát: đã khắc phục | 31/12/2026 |",
        "| 3 | Chưa công khai kết quả kiểm điểm | Qua kiểm điểm (87-TB/TU, 15/01/2026) | Hạn chế | Đơn vị báo cáo đã khắc phục, chưa xác minh | 31/12/2026 |",
        "### 3. Nguyên nhân và trách nhiệm",
        "## II. YÊU CẦU",
        SAVED_REQUIREMENTS,
        "Đảng bộ phường Quang Trung báo cáo kết quả khắc phục về Đoàn giám sát trước ngày 15/01/2027.",
    ];
    let at: Vec<usize> = order.iter().map(|l| line_at(&md, l)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}\n{md}");
    // New findings of the visit follow the baseline, with their state.
    assert!(md.contains(
        "| Chưa có kế hoạch khắc phục | Phát sinh mới | Khuyết điểm | Chưa khắc phục | 01/11/2026 |"
    ));
    // The saved requirements and day carry no mark; the drafted parts do.
    let mark = format!("*{DRAFT_MARK}*");
    assert_eq!(after(&md, SAVED_REQUIREMENTS)[0], order[13]);
    assert!(!md.contains("Thời hạn báo cáo"));
    assert_eq!(after(&md, "### 1. Ưu điểm")[1], mark);
    // Only this unit: not CB2's finding, nor another unit in the recipients.
    assert!(!md.contains("Sổ nghị quyết ghi chép sơ sài"));
    assert!(md.contains("- Đảng bộ phường Quang Trung (để thực hiện),"));
    assert!(!md.contains("PHỤ LỤC"));
    assert!(!md.contains("HK-20"));

    // HTML from the same model.
    let html = String::from_utf8(report::render(&r, Format::Html).expect("html")).expect("utf-8");
    assert!(html.contains("<h1>THÔNG BÁO</h1>"));
    assert!(html.contains("<h2>II. YÊU CẦU</h2>"));
    assert!(html.contains(SAVED_REQUIREMENTS));

    // Without a saved conclusion, the day is the draft's, and marked.
    let r = report::build_conclusion(&s.store, "HK-2026-01", "CB2", today()).expect("builds");
    let md = markdown(&r);
    let by = today() + chrono::Days::new(haukiem::report::draft::REPORT_BACK_DAYS);
    assert_eq!(
        after(
            &md,
            &format!(
                "Chi bộ Tổ dân phố số 2 báo cáo kết quả khắc phục về Đoàn giám sát trước ngày {}.",
                haukiem::domain::date::format_date(by)
            )
        )[0],
        format!("*Thời hạn báo cáo, nơi nhận: {DRAFT_MARK}*")
    );
}
