//! `haukiem conflicts`: the conflicts still open (or, with `--all`, every
//! one), each with the values on both sides, who gave each and when, and
//! the value every laptop shows meanwhile.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Result, aligned};
use crate::domain::conflict::{Conflict, Value};
use crate::domain::date::{format_date, format_moment};
use crate::domain::label::Labelled;
use crate::domain::{Id, Target};
use crate::i18n::{Lang, Msg};
use crate::store::Store;

/// One side of a conflict as listed.
#[derive(Debug, Clone, Serialize)]
pub struct SideRow {
    pub actor: String,
    pub at: DateTime<Utc>,
    /// This laptop made it.
    pub mine: bool,
    /// The side's value of each clashing field, as shown.
    pub values: Vec<String>,
}

/// One conflict as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictRow {
    /// What to type to pick it (`haukiem resolve ID`).
    pub id: String,
    pub kind: &'static str,
    /// The finding's reference, or the answer's item and unit.
    pub subject: String,
    pub visit: String,
    pub fields: Vec<String>,
    pub base: Vec<String>,
    /// The earlier side first.
    pub sides: [SideRow; 2],
    /// Which side's value is held until it is settled.
    pub shown: usize,
    pub open: bool,
    pub settled_by: Option<String>,
}

/// The field's value in `v`, as people read it (`—` when absent).
#[must_use]
pub fn field_value(v: Option<&Value>, field: &str, lang: Lang) -> String {
    let l = lang.code();
    match v {
        None => Msg::ConflictDeleted.tr(lang).to_string(),
        Some(Value::Finding(f)) => match field {
            "title" => f.title.clone(),
            "detail" => f.detail.clone(),
            "cause" => f.cause.clone(),
            "remedy" => f.remedy.clone(),
            "responsibility" => format!(
                "{} — {}",
                f.responsibility.kind.label(l),
                f.responsibility.name
            ),
            "severity" => f.severity.label(l).to_owned(),
            "status" | "history" => f.status.label(l).to_owned(),
            "due" => format_date(f.due),
            "item" => f.item.clone().unwrap_or_default(),
            "deleted" => f.status.label(l).to_owned(),
            other => format!("({other})"),
        },
        Some(Value::Answer(a)) => match field {
            "note" => a.note.clone(),
            "evidence" => a.evidence.clone(),
            _ => a.verdict.label(l).to_owned(),
        },
        Some(Value::Unit(u)) => json_field(u.as_ref(), field),
        Some(Value::Visit(v)) => json_field(v.as_ref(), field),
        Some(Value::Report(r)) => json_field(r.as_ref(), field),
    }
}

/// A field of a record as its JSON says it: text as it is, anything else
/// in compact JSON.
fn json_field<T: Serialize>(record: &T, field: &str) -> String {
    match serde_json::to_value(record) {
        Ok(serde_json::Value::Object(m)) => match m.get(field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        },
        _ => String::new(),
    }
}

/// What the record a conflict is on holds now.
///
/// # Errors
/// Storage failure.
pub fn current_value(store: &Store, target: &Target) -> Result<Option<Value>> {
    Ok(match target {
        Target::Finding(f) => store.finding(*f)?.map(|f| Value::Finding(Box::new(f))),
        Target::Answer { visit, unit, item } => store
            .answer(*visit, *unit, item)?
            .map(|a| Value::Answer(Box::new(a))),
        Target::Unit(u) => store.unit(*u)?.map(|u| Value::Unit(Box::new(u))),
        Target::Visit(v) => store.visit(*v)?.map(|v| Value::Visit(Box::new(v))),
        Target::Report { visit, unit } => store
            .report(*visit, *unit)?
            .map(|r| Value::Report(Box::new(r))),
        _ => None,
    })
}

/// The fields a conflict shows: `status` and `history` are one.
fn shown_fields(c: &Conflict) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &c.fields {
        let f = if f == "history" { "status" } else { f.as_str() };
        if !out.iter().any(|x| x == f) {
            out.push(f.to_owned());
        }
    }
    out
}

/// A conflict as listed.
///
/// # Errors
/// Storage failure.
pub fn conflict_row(store: &Store, c: &Conflict, lang: Lang) -> Result<ConflictRow> {
    let fields = shown_fields(c);
    let values = |v: Option<&Value>| -> Vec<String> {
        fields.iter().map(|f| field_value(v, f, lang)).collect()
    };
    let side = |i: usize| {
        let s = &c.sides[i];
        SideRow {
            actor: s.actor.clone(),
            at: s.at,
            mine: s.device == store.device(),
            values: values(s.value.as_ref()),
        }
    };
    let visit = store.visit(c.visit)?.map_or_else(String::new, |v| v.code);
    let (kind, subject) = match &c.target {
        Target::Answer { unit, item, .. } => {
            let unit = store.unit(*unit)?.map_or_else(String::new, |u| u.code);
            ("answer", format!("{item} · {unit}"))
        }
        Target::Unit(_) => ("unit", c.subject.clone()),
        Target::Visit(_) => ("visit", c.subject.clone()),
        Target::Report { .. } => ("report", c.subject.clone()),
        _ => ("finding", c.subject.clone()),
    };
    Ok(ConflictRow {
        id: c.short(),
        kind,
        subject,
        visit,
        base: values(c.base.as_ref()),
        sides: [side(0), side(1)],
        shown: 1,
        open: c.is_open(),
        settled_by: c
            .settled
            .as_ref()
            .map(|s| format!("{} ({})", s.actor, format_moment(s.at))),
        fields,
    })
}

/// The conflicts as listed, open ones only unless `all`.
///
/// # Errors
/// Storage failure.
pub fn conflict_rows(store: &Store, all: bool, lang: Lang) -> Result<Vec<ConflictRow>> {
    let list = if all {
        let mut l = store.conflicts()?;
        l.sort_by_key(|c| (c.sides[1].at, c.id));
        l
    } else {
        store.open_conflicts()?
    };
    list.iter().map(|c| conflict_row(store, c, lang)).collect()
}

/// An aligned table: one row per conflict and field.
#[must_use]
pub fn conflicts_table(rows: &[ConflictRow], lang: Lang) -> String {
    let head = [
        Msg::ConflictId,
        Msg::ConflictSubject,
        Msg::ConflictField,
        Msg::ConflictBase,
        Msg::ConflictFirst,
        Msg::ConflictSecond,
        Msg::ConflictState,
    ]
    .map(|m| m.tr(lang));
    let mut cells = Vec::new();
    for r in rows {
        let who = |s: &SideRow| {
            let me = if s.mine {
                format!(" {}", Msg::ConflictThisLaptop.tr(lang))
            } else {
                String::new()
            };
            format!("{}{me}, {}", s.actor, format_moment(s.at))
        };
        for (i, f) in r.fields.iter().enumerate() {
            let first = i == 0;
            let side = |s: &SideRow, n: usize| {
                let v = s.values.get(i).cloned().unwrap_or_default();
                let mark = if r.open && r.shown == n { " ◀" } else { "" };
                format!("{v}{mark}")
            };
            let state = if !first {
                String::new()
            } else if r.open {
                Msg::ConflictOpen.tr(lang).to_string()
            } else {
                Msg::ConflictSettledBy.fill_in(lang, &[&r.settled_by.clone().unwrap_or_default()])
            };
            cells.push(vec![
                if first { r.id.clone() } else { String::new() },
                if first {
                    format!("{} ({})", r.subject, r.visit)
                } else {
                    String::new()
                },
                field_label(f, lang),
                r.base.get(i).cloned().unwrap_or_default(),
                side(&r.sides[0], 0),
                side(&r.sides[1], 1),
                state,
            ]);
        }
        // Who gave each side, and when.
        cells.push(vec![
            String::new(),
            String::new(),
            Msg::ConflictWho.tr(lang).to_string(),
            String::new(),
            who(&r.sides[0]),
            who(&r.sides[1]),
            String::new(),
        ]);
    }
    aligned(&head, &cells, &[(3, 30), (4, 50), (5, 50)])
}

/// A clashing field's name in `lang`.
#[must_use]
pub fn field_label(f: &str, lang: Lang) -> String {
    let m = match f {
        "title" => Msg::Title,
        "detail" => Msg::Detail,
        "cause" => Msg::Cause,
        "remedy" => Msg::Remedy,
        "responsibility" => Msg::Responsibility,
        "severity" => Msg::Severity,
        "status" | "history" => Msg::Status,
        "due" => Msg::DueDate,
        "verdict" => Msg::Verdict,
        "note" => Msg::Note,
        "evidence" => Msg::Evidence,
        "deleted" => Msg::ConflictDeletedField,
        other => return other.to_owned(),
    };
    m.tr(lang).to_string()
}

/// The conflict whose id starts or ends with `short` (what `conflicts`
/// lists), among the open ones.
///
/// # Errors
/// Storage failure.
pub fn find_open(store: &Store, short: &str) -> Result<Vec<Conflict>> {
    let short = short.trim().to_lowercase();
    Ok(store
        .open_conflicts()?
        .into_iter()
        .filter(|c| {
            let hex = c.id.simple().to_string();
            !short.is_empty() && (hex.ends_with(&short) || hex.starts_with(&short))
        })
        .collect())
}

/// The visit's open conflicts (reports warn while there are any).
///
/// # Errors
/// Storage failure.
pub fn open_in_visit(store: &Store, visit: Id) -> Result<usize> {
    Ok(store
        .open_conflicts()?
        .iter()
        .filter(|c| c.visit == visit)
        .count())
}
