//! One finding as `haukiem finding CODE` shows it: what it is, where (the
//! unit that stands for its unit today, and the one it was recorded at when
//! that unit has merged into another), its deadline and status as of
//! today, and its whole follow-up history — as text for a terminal, or as
//! JSON for scripts.

use chrono::NaiveDate;
use serde::Serialize;

use super::shown;
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::{pad_width, width};
use crate::domain::{Event, Finding, FollowUp, Origin};
use crate::i18n::{Lang, Msg};
use crate::store::Store;

/// Columns the text is wrapped to.
const WRAP: usize = 80;

/// One finding with its names resolved and its history in words.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub reference: String,
    /// The unit that stands for the finding's unit today.
    pub unit_code: String,
    pub unit: String,
    /// The unit the finding was recorded at, when it has since merged into
    /// `unit` (sáp nhập).
    pub formerly_code: Option<String>,
    pub formerly: Option<String>,
    pub visit: String,
    pub item: Option<String>,
    pub title: String,
    pub detail: String,
    pub cause: String,
    pub responsibility: &'static str,
    pub responsible: String,
    pub remedy: String,
    pub severity: &'static str,
    /// `review` (named at the kiểm điểm) or `visit` (found during one).
    pub origin: &'static str,
    /// The review's document (số, ký hiệu) and its date.
    pub source_doc: Option<String>,
    pub source_date: Option<NaiveDate>,
    /// Where it was first named, in words.
    pub origin_label: String,
    pub created: NaiveDate,
    /// The deadline in force, and the one first agreed.
    pub due: NaiveDate,
    pub original_due: NaiveDate,
    pub status: &'static str,
    pub status_label: &'static str,
    pub days_overdue: Option<i64>,
    pub history: Vec<Entry>,
}

/// One entry of the follow-up history.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub date: NaiveDate,
    pub by: String,
    /// `created`, `note`, `status` or `extended`.
    pub event: &'static str,
    /// Status codes (`mo` → `dang`) or ISO dates (old → new deadline).
    pub from: Option<String>,
    pub to: Option<String>,
    /// What happened, in the interface language.
    pub what: String,
    /// The note, or the reason of an extension.
    pub note: String,
}

impl Card {
    /// `f` as of `today`, its names read from `store`, in `lang`.
    ///
    /// # Errors
    /// Storage failure.
    pub fn of(store: &Store, f: &Finding, today: NaiveDate, lang: Lang) -> super::Result<Card> {
        let names = |id| -> super::Result<(String, String)> {
            Ok(store
                .unit(id)?
                .map(|u| (u.code, u.name))
                .unwrap_or_default())
        };
        let now = store.succession()?.current(f.unit);
        let (formerly_code, formerly) = if now == f.unit {
            (None, None)
        } else {
            let (code, name) = names(f.unit)?;
            (Some(code), Some(name))
        };
        let (unit_code, unit) = names(now)?;
        let l = lang.code();
        Ok(Card {
            reference: f.reference.clone(),
            unit_code,
            unit,
            formerly_code,
            formerly,
            visit: store.visit(f.visit)?.map(|v| v.code).unwrap_or_default(),
            item: f.item.clone(),
            title: f.title.clone(),
            detail: f.detail.clone(),
            cause: f.cause.clone(),
            responsibility: f.responsibility.kind.label(l),
            responsible: f.responsibility.name.clone(),
            remedy: f.remedy.clone(),
            severity: f.severity.label(l),
            origin: origin_code(&f.origin),
            source_doc: match &f.origin {
                Origin::Review { doc, .. } => Some(doc.clone()),
                Origin::Visit => None,
            },
            source_date: match &f.origin {
                Origin::Review { date, .. } => *date,
                Origin::Visit => None,
            },
            origin_label: crate::i18n::origin(&f.origin, lang),
            created: f.created,
            due: f.due,
            original_due: f.original_due(),
            status: f.status.code(),
            status_label: f.status.label(l),
            days_overdue: f.days_overdue(today),
            history: f.history.iter().map(|h| Entry::of(h, lang)).collect(),
        })
    }

    /// The finding for a terminal: a head of labelled fields, the texts,
    /// then the history, oldest first.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let mut out = format!("{}  {}\n\n", shown(&self.reference), shown(&self.title));
        let fields = self.fields(lang);
        let pad = fields.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
        for (label, value) in &fields {
            let line = format!("{}  {}", pad_width(label, pad), shown(value));
            out.push_str(line.trim_end());
            out.push('\n');
        }
        for (label, text) in [
            (Msg::Detail, &self.detail),
            (Msg::Cause, &self.cause),
            (Msg::Remedy, &self.remedy),
        ] {
            if !text.trim().is_empty() {
                out.push_str(&format!("\n{}\n", label.tr(lang)));
                paragraph(&mut out, text, "  ");
            }
        }
        out.push_str(&format!("\n{}\n", Msg::History.tr(lang)));
        for e in &self.history {
            out.push_str(&e.line());
        }
        out
    }

    /// The head's labels and values (values not yet [`shown`]).
    fn fields(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let unit = match (&self.formerly_code, &self.formerly) {
            (Some(code), Some(name)) => format!(
                "{} ({}) — {}",
                self.unit,
                self.unit_code,
                Msg::Formerly.fill_in(lang, &[&format!("{name} ({code})")])
            ),
            _ => format!("{} ({})", self.unit, self.unit_code),
        };
        let visit = match &self.item {
            Some(item) => format!("{} · {} {item}", self.visit, Msg::Item.tr(lang)),
            None => self.visit.clone(),
        };
        let status = match self.days_overdue {
            Some(n) => format!("{} — {n} {}", self.status_label, Msg::DaysOverdue.tr(lang)),
            None => self.status_label.to_string(),
        };
        let due = if self.original_due == self.due {
            format_date(self.due)
        } else {
            let first = Msg::CliOriginalDue.fill_in(lang, &[&format_date(self.original_due)]);
            format!("{} ({first})", format_date(self.due))
        };
        vec![
            (Msg::Unit.tr(lang), unit),
            (Msg::Visit.tr(lang), visit),
            (Msg::Status.tr(lang), status),
            (Msg::DueDate.tr(lang), due),
            (Msg::Severity.tr(lang), self.severity.to_string()),
            (
                Msg::Responsibility.tr(lang),
                format!("{} — {}", self.responsibility, self.responsible),
            ),
            (Msg::Origin.tr(lang), self.origin_label.clone()),
            (Msg::Created.tr(lang), format_date(self.created)),
        ]
    }
}

/// `review` or `visit`, as JSON says where a finding was first named.
#[must_use]
pub fn origin_code(o: &Origin) -> &'static str {
    match o {
        Origin::Review { .. } => "review",
        Origin::Visit => "visit",
    }
}

impl Entry {
    /// `h` in `lang`.
    #[must_use]
    pub fn of(h: &FollowUp, lang: Lang) -> Entry {
        let l = lang.code();
        let (event, from, to, what) = match &h.event {
            Event::Created => ("created", None, None, Msg::Created.tr(lang).to_string()),
            Event::Note => ("note", None, None, Msg::Note.tr(lang).to_string()),
            Event::Status { from, to } => (
                "status",
                Some(from.code().to_string()),
                Some(to.code().to_string()),
                format!(
                    "{}: {} → {}",
                    Msg::Status.tr(lang),
                    from.label(l),
                    to.label(l)
                ),
            ),
            Event::Recheck { outcome, .. } => (
                "recheck",
                None,
                Some(outcome.code().to_string()),
                format!("{}: {}", Msg::Rechecked.tr(lang), outcome.label(l)),
            ),
            Event::Extended { from, to } => (
                "extended",
                Some(from.to_string()),
                Some(to.to_string()),
                format!(
                    "{}: {} → {}",
                    Msg::Extended.tr(lang),
                    format_date(*from),
                    format_date(*to)
                ),
            ),
        };
        let note = match (&h.event, h.note.trim().is_empty()) {
            (_, true) => String::new(),
            (Event::Extended { .. }, false) => format!("{}: {}", Msg::Reason.tr(lang), h.note),
            (_, false) => h.note.clone(),
        };
        Entry {
            date: h.date,
            by: h.by.clone(),
            event,
            from,
            to,
            what,
            note,
        }
    }

    /// The entry for a terminal: date, what, who; its note beneath.
    #[must_use]
    pub fn line(&self) -> String {
        let mut out = format!(
            "  {}  {} · {}\n",
            format_date(self.date),
            self.what,
            shown(&self.by)
        );
        paragraph(&mut out, &self.note, "              ");
        out
    }
}

/// `text` wrapped to [`WRAP`] columns under `indent`, each of its lines a
/// paragraph of its own, every line [`shown`].
fn paragraph(out: &mut String, text: &str, indent: &str) {
    let room = WRAP.saturating_sub(width(indent)).max(20);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && width(&current) + 1 + width(word) > room {
                out.push_str(&format!("{indent}{}\n", shown(&current)));
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        if !current.is_empty() {
            out.push_str(&format!("{indent}{}\n", shown(&current)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_wrap_by_display_width_and_keep_every_word() {
        let text = "Đảng ủy phường ban hành Công văn số 112-CV/ĐU ngày 10/04/2026 chỉ đạo các chi bộ tổ dân phố sinh hoạt vào ngày 05 hằng tháng; phân công 11 cấp ủy viên theo dõi chi bộ.\nDòng hai.";
        let mut out = String::new();
        paragraph(&mut out, text, "  ");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() >= 3, "{out}");
        assert!(
            lines
                .iter()
                .all(|l| width(l) <= WRAP && l.starts_with("  "))
        );
        assert_eq!(lines.last(), Some(&"  Dòng hai."));
        let words: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn stored_control_characters_do_not_reach_the_terminal() {
        let mut out = String::new();
        paragraph(&mut out, "ghi chú \u{1b}[2J xoá màn hình", "");
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(out.contains("␛[2J"), "{out:?}");
    }
}
