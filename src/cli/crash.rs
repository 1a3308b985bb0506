//! A hidden command for the crash-safety test: apply ops in a loop and print
//! each op id once `apply` has returned, until killed.

use std::io::Write;
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};

use super::Global;
use super::commands::open;
use crate::domain::finding::Stamp;
use crate::domain::{
    Change, Event, Finding, FindingStatus, FollowUp, Item, Responsibility, ResponsibilityKind,
    Section, Sector, Severity, TeamMember, TeamRole, Template, Unit, UnitKind, Visit, VisitKind,
    VisitStatus, new_id,
};

pub(super) fn writer(g: &Global) -> anyhow::Result<ExitCode> {
    let store = open(g)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let (unit, visit) = match store.visit_by_code("CRASH")? {
        Some(v) => (v.units[0], v.id),
        None => {
            let u = Unit {
                id: new_id(),
                code: "CRASH-U".into(),
                name: "Chi bộ thử".into(),
                kind: UnitKind::GrassrootsCell,
                sector: Sector::Other,
                parent: None,
                secretary: String::new(),
                members: 9,
                valid_from: None,
                valid_to: None,
            };
            let t = Template {
                id: new_id(),
                code: "CRASH-T".into(),
                version: 1,
                title: "Phiếu thử".into(),
                legal_bases: vec![],
                sections: vec![Section {
                    code: "I".into(),
                    title: "Mục".into(),
                    items: vec![Item {
                        code: "I.1".into(),
                        text: "Nội dung".into(),
                        evidence: String::new(),
                        critical: false,
                    }],
                }],
            };
            let v = Visit {
                id: new_id(),
                code: "CRASH".into(),
                doc_number: "1-KH/TU".into(),
                title: "Thử".into(),
                kind: VisitKind::FollowUp,
                template: t.id,
                issuer: String::new(),
                place: String::new(),
                team: vec![TeamMember {
                    name: "A".into(),
                    role: TeamRole::Lead,
                }],
                start: today,
                end: today,
                units: vec![u.id],
                status: VisitStatus::InProgress,
            };
            let ops = vec![
                store.new_op(
                    Change::Unit {
                        old: None,
                        new: Some(Box::new(u.clone())),
                    },
                    None,
                )?,
                store.new_op(
                    Change::Template {
                        old: None,
                        new: Some(Box::new(t)),
                    },
                    None,
                )?,
                store.new_op(
                    Change::Visit {
                        old: None,
                        new: Some(Box::new(v.clone())),
                    },
                    None,
                )?,
            ];
            store.apply_all(&ops)?;
            let mut out = std::io::stdout().lock();
            for op in &ops {
                writeln!(out, "{}", op.id)?;
            }
            out.flush()?;
            (u.id, v.id)
        }
    };
    let mut out = std::io::stdout().lock();
    for n in 0u64.. {
        let f = Finding {
            id: new_id(),
            reference: format!("CRASH-{}", new_id().simple()),
            unit,
            visit,
            item: Some("I.1".into()),
            title: format!("Hạn chế số {n}"),
            detail: String::new(),
            cause: String::new(),
            responsibility: Responsibility {
                kind: ResponsibilityKind::Collective,
                name: "Chi ủy".into(),
            },
            remedy: String::new(),
            severity: Severity::Minor,
            due: today,
            status: FindingStatus::Open,
            created: today,
            history: vec![FollowUp {
                date: today,
                at: Utc::now(),
                by: "A".into(),
                event: Event::Created,
                note: String::new(),
            }],
        };
        let op = store.commit(
            Change::Finding {
                old: None,
                new: Some(Box::new(f.clone())),
            },
            None,
        )?;
        writeln!(out, "{}", op.id)?;
        out.flush()?;
        let moved = f.with_status(
            FindingStatus::InProgress,
            "đang làm",
            Stamp {
                date: today,
                at: Utc::now(),
                by: "A".into(),
            },
        )?;
        let op = store.commit(
            Change::Finding {
                old: Some(Box::new(f)),
                new: Some(Box::new(moved)),
            },
            None,
        )?;
        writeln!(out, "{}", op.id)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
