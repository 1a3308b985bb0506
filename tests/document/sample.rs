//! Sample Party documents with the names of Nam Định (the seed article on
//! Thành ủy Nam Định and the wards it asked for a deeper review).

use haukiem::domain::text::format_percent;
use haukiem::report::document::{
    Appendix, Body, Cell, Column, DocNumber, Group, Head, Kind, Level, Marker, Orientation,
    PartyDocument, Recipients, Signature, Span, Table,
};

use crate::common::build::date;

pub fn col(title: &str, kind: Kind) -> Column {
    Column {
        title: title.to_string(),
        kind,
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The team's báo cáo on one ward: a short document, number left blank.
pub fn report() -> PartyDocument {
    let mut b = Body::new();
    b.paragraph(
        "Thực hiện Kế hoạch số 12-KH/TU ngày 15/01/2027 của Ban Thường vụ Thành ủy, \
         Đoàn giám sát đã làm việc với Đảng ủy phường Quang Trung từ ngày 20/01/2027 \
         đến ngày 30/01/2027. Đoàn giám sát báo cáo kết quả như sau:",
    )
    .heading(Level::Part, "ĐẶC ĐIỂM TÌNH HÌNH")
    .paragraph("Đảng bộ phường Quang Trung có 18 chi bộ trực thuộc với 1.017 đảng viên.")
    .heading(Level::Part, "KẾT QUẢ GIÁM SÁT")
    .heading(Level::Section, "Ưu điểm")
    .list(
        Marker::Dash,
        [
            "Ban Thường vụ Đảng ủy đã ban hành kế hoạch khắc phục, phân công rõ người chịu trách nhiệm.",
            "Sinh hoạt chi bộ thường kỳ được duy trì hằng tháng.",
        ],
    )
    .heading(Level::Section, "Hạn chế, khuyết điểm")
    .table(Table {
        title: None,
        columns: vec![
            col("STT", Kind::Int),
            col("Hạn chế, khuyết điểm", Kind::Wide),
            col("Hạn", Kind::Date),
            col("Tình trạng", Kind::Text),
        ],
        groups: Vec::new(),
        rows: vec![
            vec![
                Cell::Int(1),
                text("Chậm ban hành quy chế làm việc khóa mới"),
                Cell::Date(date(2026, 6, 30)),
                text("Đã khắc phục"),
            ],
            vec![
                Cell::Int(2),
                text("Sinh hoạt chuyên đề chưa đều"),
                Cell::Date(date(2026, 12, 31)),
                text("Đang khắc phục"),
            ],
        ],
        total: None,
        empty: "Không có hạn chế, khuyết điểm".to_string(),
    })
    .spans(vec![
        Span::bold("Tỷ lệ đã khắc phục: "),
        Span::plain(format!("1/2 ({}).", format_percent(1, 2))),
    ])
    .note("Tính trên các hạn chế, khuyết điểm đã xác minh.");
    PartyDocument {
        head: Head {
            upper_body: Some("Thành ủy Nam Định".to_string()),
            issuer: "Đoàn giám sát".to_string(),
            number: DocNumber {
                number: None,
                kind: "BC".to_string(),
                issuer: "ĐGS".to_string(),
            },
            place: "Nam Định".to_string(),
            date: date(2027, 2, 5),
        },
        kind: "Báo cáo".to_string(),
        summary: "kết quả giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm \
                  của Đảng bộ phường Quang Trung"
            .to_string(),
        body: b.into_blocks(),
        signature: Signature {
            authority: Some("T/M Đoàn giám sát".to_string()),
            position: "Trưởng đoàn".to_string(),
            name: "Trần Văn Bình".to_string(),
        },
        recipients: Recipients {
            to: vec![
                "Ban Thường vụ Thành ủy (để báo cáo),".to_string(),
                "Đảng ủy phường Quang Trung,".to_string(),
            ],
            archive: "Đoàn giám sát.".to_string(),
        },
        appendices: Vec::new(),
    }
}

/// The Ban Thường vụ's thông báo kết luận to a ward: numbered, with a table
/// of grouped columns and two appendices, the second one landscape.
pub fn conclusion() -> PartyDocument {
    let mut b = Body::new();
    b.heading(Level::Part, "ƯU ĐIỂM")
        .paragraph("Đảng ủy phường Vị Hoàng đã nghiêm túc xây dựng kế hoạch khắc phục.")
        .heading(Level::Part, "HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN")
        .table(rates())
        .heading(Level::Part, "YÊU CẦU")
        .paragraph(
            "Đảng ủy phường Vị Hoàng báo cáo kết quả khắc phục về Ban Thường vụ Thành ủy \
             (qua Ủy ban Kiểm tra Thành ủy) trước ngày 30/06/2027.",
        );
    let mut first = Body::new();
    first.list(
        Marker::Plus,
        ["Chi bộ Tổ dân phố số 1", "Chi bộ Tổ dân phố số 2"],
    );
    let mut second = Body::new();
    second.table(Table {
        title: Some("Danh mục hạn chế, khuyết điểm".to_string()),
        columns: vec![
            col("STT", Kind::Int),
            col("Hạn chế, khuyết điểm", Kind::Wide),
            col("Giải pháp, biện pháp khắc phục", Kind::Wide),
            col("Hạn", Kind::Date),
            col("Quá hạn (ngày)", Kind::Days),
        ],
        groups: Vec::new(),
        rows: vec![vec![
            Cell::Int(1),
            text("Chưa sinh hoạt chuyên đề quý IV"),
            text("Bổ sung chuyên đề vào kế hoạch năm 2027"),
            Cell::Date(date(2026, 12, 31)),
            Cell::Days(36),
        ]],
        total: None,
        empty: String::new(),
    });
    let mut doc = report();
    doc.head = Head {
        upper_body: Some("Đảng bộ tỉnh Nam Định".to_string()),
        issuer: "Thành ủy Nam Định".to_string(),
        number: DocNumber {
            number: Some(87),
            kind: "TB".to_string(),
            issuer: "TU".to_string(),
        },
        place: "Nam Định".to_string(),
        date: date(2027, 3, 9),
    };
    doc.kind = "Thông báo kết luận".to_string();
    doc.summary = "của Ban Thường vụ Thành ủy về kết quả giám sát đối với \
                   Đảng bộ phường Vị Hoàng"
        .to_string();
    doc.body = b.into_blocks();
    doc.signature = Signature {
        authority: Some("T/M Ban Thường vụ".to_string()),
        position: "Phó Bí thư".to_string(),
        name: "Nguyễn Thị Hoa".to_string(),
    };
    doc.appendices = vec![
        Appendix {
            title: "Các chi bộ được giám sát".to_string(),
            note: None,
            orientation: Orientation::Portrait,
            body: first.into_blocks(),
        },
        Appendix {
            title: "Kết quả khắc phục từng hạn chế, khuyết điểm".to_string(),
            note: Some("(Kèm theo Thông báo kết luận số 87-TB/TU ngày 09/03/2027)".to_string()),
            orientation: Orientation::Landscape,
            body: second.into_blocks(),
        },
    ];
    doc
}

/// Remediation per cell, the three statuses grouped under one heading.
fn rates() -> Table {
    let group = |title: &str, span| Group {
        title: title.to_string(),
        span,
    };
    Table {
        title: Some("Kết quả khắc phục theo chi bộ".to_string()),
        columns: vec![
            col("Chi bộ", Kind::Text),
            col("Số HCKĐ", Kind::Int),
            col("Đã", Kind::Int),
            col("Đang", Kind::Int),
            col("Chưa", Kind::Int),
            col("Tỷ lệ đã khắc phục", Kind::Percent),
        ],
        groups: vec![
            group("", 1),
            group("", 1),
            group("Khắc phục", 3),
            group("", 1),
        ],
        rows: vec![
            vec![
                text("Chi bộ Tổ dân phố số 1"),
                Cell::Int(4),
                Cell::Int(3),
                Cell::Int(1),
                Cell::Int(0),
                Cell::Percent { num: 3, den: 4 },
            ],
            vec![
                text("Chi bộ Tổ dân phố số 2"),
                Cell::Int(3),
                Cell::Int(1),
                Cell::Int(1),
                Cell::Int(1),
                Cell::Percent { num: 1, den: 3 },
            ],
        ],
        total: Some(vec![
            text("Tổng"),
            Cell::Int(7),
            Cell::Int(4),
            Cell::Int(2),
            Cell::Int(1),
            Cell::Percent { num: 4, den: 7 },
        ]),
        empty: String::new(),
    }
}
