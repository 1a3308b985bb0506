//! Property tests of the store: random sequences of operations (legal and
//! illegal) against an in-test model and a recount of the figures, plus plain
//! tests of the write path's guarantees (all or nothing, idempotent
//! re-application, undo, the lock, the schema version).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use haukiem::domain::finding::Stamp;
use haukiem::domain::label::Labelled;
use haukiem::domain::{
    Answer, Change, Event, Finding, FindingFilter, FindingStatus, FollowUp, Id, Item, Op,
    Responsibility, ResponsibilityKind, RuleError, Section, Sector, Severity, StatusCounts,
    TeamMember, TeamRole, Template, Unit, UnitKind, Verdict, Visit, VisitKind, VisitStatus, new_id,
};
use haukiem::store::{Store, StoreError, Summary};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Builders

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date")
}

fn days_from(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
    .expect("date in range")
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 30, 0)
        .single()
        .expect("valid time")
}

fn stamp(date: NaiveDate) -> Stamp {
    Stamp {
        date,
        at: at(),
        by: "Nguyễn Thị Hương".into(),
    }
}

fn unit(code: &str, parent: Option<Id>) -> Unit {
    Unit {
        id: new_id(),
        code: code.into(),
        name: format!("Chi bộ {code}"),
        kind: if parent.is_some() {
            UnitKind::SubordinateCell
        } else {
            UnitKind::GrassrootsCommittee
        },
        sector: Sector::Agency,
        parent,
        secretary: "Lê Văn Đức".into(),
        members: 12,
        valid_from: None,
        valid_to: None,
    }
}

fn template(version: u32) -> Template {
    let item = |code: &str, text: &str| Item {
        code: code.into(),
        text: text.into(),
        evidence: "Sổ ghi biên bản".into(),
        critical: false,
    };
    Template {
        id: new_id(),
        code: "PKT-HK".into(),
        version,
        title: "Phiếu hậu kiểm khắc phục hạn chế".into(),
        legal_bases: vec!["Quy định 22-QĐ/TW".into()],
        sections: vec![
            Section {
                code: "I".into(),
                title: "Sinh hoạt chi bộ".into(),
                items: vec![
                    item("I.1", "Sinh hoạt định kỳ hằng tháng"),
                    item("I.2", "Nội dung sinh hoạt chuyên đề"),
                ],
            },
            Section {
                code: "II".into(),
                title: "Kiểm điểm, tự phê bình".into(),
                items: vec![item("II.1", "Kiểm điểm cuối năm")],
            },
        ],
    }
}

fn visit(code: &str, template: Id, units: Vec<Id>) -> Visit {
    Visit {
        id: new_id(),
        code: code.into(),
        doc_number: "12-KH/ĐUK".into(),
        title: "Hậu kiểm khắc phục sau kiểm điểm".into(),
        kind: VisitKind::FollowUp,
        template,
        issuer: "Ủy ban Kiểm tra Đảng ủy Khối".into(),
        place: "Nam Định".into(),
        team: vec![TeamMember {
            name: "Trần Văn Hùng".into(),
            role: TeamRole::Lead,
        }],
        start: days_from(today(), -40),
        end: days_from(today(), -35),
        units,
        status: VisitStatus::InProgress,
    }
}

fn answer(visit: Id, unit: Id, item: &str, verdict: Verdict) -> Answer {
    Answer {
        visit,
        unit,
        item: item.into(),
        verdict,
        note: "Có biên bản".into(),
        evidence: "Sổ nghị quyết".into(),
        by: "Trần Văn Hùng".into(),
        at: at(),
    }
}

fn finding(reference: &str, unit: Id, visit: Id, item: Option<&str>, due: NaiveDate) -> Finding {
    let created = days_from(today(), -30);
    Finding {
        id: new_id(),
        reference: reference.into(),
        unit,
        visit,
        item: item.map(Into::into),
        title: "Sinh hoạt chi bộ chưa đều đặn".into(),
        detail: "Ba tháng không họp".into(),
        cause: "Bí thư đi công tác".into(),
        responsibility: Responsibility {
            kind: ResponsibilityKind::Collective,
            name: "Chi ủy".into(),
        },
        remedy: "Họp bù, lập kế hoạch".into(),
        severity: Severity::Moderate,
        due,
        status: FindingStatus::Open,
        created,
        history: vec![FollowUp {
            date: created,
            at: at(),
            by: "Trần Văn Hùng".into(),
            event: Event::Created,
            note: String::new(),
        }],
    }
}

fn open(dir: &Path) -> Store {
    let mut store = Store::open(dir).expect("open store");
    store.set_actor("kiểm thử");
    store
}

fn assert_clean(store: &Store) {
    let (problems, _) = store.check().expect("check runs");
    assert!(problems.is_empty(), "check found problems: {problems:?}");
}

// ---------------------------------------------------------------------------
// The model: what the store should hold, updated only when an op succeeds.

#[derive(Debug, Clone, Default, PartialEq)]
struct Model {
    units: BTreeMap<Id, Unit>,
    templates: BTreeMap<Id, Template>,
    visits: BTreeMap<Id, Visit>,
    answers: BTreeMap<(Id, Id, String), Answer>,
    findings: BTreeMap<Id, Finding>,
}

fn put<K: Ord, V: Clone>(map: &mut BTreeMap<K, V>, key: K, new: Option<&V>) {
    match new {
        Some(v) => {
            map.insert(key, v.clone());
        }
        None => {
            map.remove(&key);
        }
    }
}

impl Model {
    fn read(store: &Store) -> Model {
        Model {
            units: store
                .units()
                .expect("units")
                .into_iter()
                .map(|u| (u.id, u))
                .collect(),
            templates: store
                .templates()
                .expect("templates")
                .into_iter()
                .map(|t| (t.id, t))
                .collect(),
            visits: store
                .visits()
                .expect("visits")
                .into_iter()
                .map(|v| (v.id, v))
                .collect(),
            answers: store
                .answers()
                .expect("answers")
                .into_iter()
                .map(|a| ((a.visit, a.unit, a.item.clone()), a))
                .collect(),
            findings: store
                .findings()
                .expect("findings")
                .into_iter()
                .map(|f| (f.id, f))
                .collect(),
        }
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::Unit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.units, id, new.as_deref());
            }
            Change::Template { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.templates, id, new.as_deref());
            }
            Change::Visit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.visits, id, new.as_deref());
            }
            Change::Answer { old, new } => {
                let a = new.as_ref().or(old.as_ref()).expect("a side");
                let key = (a.visit, a.unit, a.item.clone());
                put(&mut self.answers, key, new.as_deref());
            }
            Change::Finding { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.findings, id, new.as_deref());
            }
        }
    }

    /// Whether the stored value at the change's target is its `old` side.
    fn is_current(&self, change: &Change) -> bool {
        match change {
            Change::Unit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.units.get(&id) == old.as_deref()
            }
            Change::Template { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.templates.get(&id) == old.as_deref()
            }
            Change::Visit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.visits.get(&id) == old.as_deref()
            }
            Change::Answer { old, new } => {
                let a = new.as_ref().or(old.as_ref()).expect("a side");
                self.answers.get(&(a.visit, a.unit, a.item.clone())) == old.as_deref()
            }
            Change::Finding { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.findings.get(&id) == old.as_deref()
            }
        }
    }

    fn pick<'a, K, V>(map: &'a BTreeMap<K, V>, i: &Ix) -> Option<&'a V> {
        if map.is_empty() {
            None
        } else {
            map.values().nth(i.index(map.len()))
        }
    }
}

// ---------------------------------------------------------------------------
// Actions: indices are resolved against the current model when run.

/// An index into whatever collection it is used on (modulo its length).
#[derive(Debug, Clone, Copy)]
struct Ix(usize);

impl Ix {
    fn index(self, len: usize) -> usize {
        self.0 % len
    }
}

fn ix() -> impl Strategy<Value = Ix> {
    any::<usize>().prop_map(Ix)
}

#[derive(Debug, Clone)]
enum Action {
    Unit {
        parent: Option<Ix>,
    },
    /// Illegal: a new unit with the code of an existing one.
    DuplicateUnitCode {
        unit: Ix,
    },
    /// Illegal: a unit whose parent does not exist.
    OrphanUnit,
    Template,
    Visit {
        template: Ix,
        units: Vec<Ix>,
    },
    /// Create an answer, or change its verdict if there is one.
    Answer {
        visit: Ix,
        unit: Ix,
        item: Ix,
        verdict: Ix,
    },
    /// Illegal: an answer to an item that is not in the checklist.
    BadAnswer {
        visit: Ix,
        unit: Ix,
    },
    DeleteAnswer {
        answer: Ix,
    },
    Finding {
        visit: Ix,
        unit: Ix,
        item: Option<Ix>,
        due: i64,
    },
    /// Illegal: deadline before the day it was recorded.
    BadFinding {
        visit: Ix,
        unit: Ix,
    },
    /// A status change: one of the legal next statuses when `legal` (and
    /// there is one), else any status (often illegal: must be refused).
    Status {
        finding: Ix,
        to: Ix,
        legal: bool,
        back: i64,
    },
    Extend {
        finding: Ix,
        days: i64,
        reason: bool,
    },
    Note {
        finding: Ix,
    },
    DeleteFinding {
        finding: Ix,
    },
    DeleteUnit {
        unit: Ix,
    },
    DeleteVisit {
        visit: Ix,
    },
    Undo {
        op: Ix,
    },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => proptest::option::of(ix()).prop_map(|parent| Action::Unit { parent }),
        1 => ix().prop_map(|unit| Action::DuplicateUnitCode { unit }),
        1 => Just(Action::OrphanUnit),
        1 => Just(Action::Template),
        2 => (ix(), proptest::collection::vec(ix(), 1..4))
            .prop_map(|(template, units)| Action::Visit { template, units }),
        3 => (ix(), ix(), ix(), ix()).prop_map(
            |(visit, unit, item, verdict)| Action::Answer { visit, unit, item, verdict }
        ),
        1 => (ix(), ix())
            .prop_map(|(visit, unit)| Action::BadAnswer { visit, unit }),
        1 => ix().prop_map(|answer| Action::DeleteAnswer { answer }),
        4 => (
            ix(),
            ix(),
            proptest::option::of(ix()),
            -15i64..=35,
        )
            .prop_map(|(visit, unit, item, due)| Action::Finding { visit, unit, item, due }),
        1 => (ix(), ix())
            .prop_map(|(visit, unit)| Action::BadFinding { visit, unit }),
        6 => (ix(), ix(), proptest::bool::weighted(0.7), 0i64..=25).prop_map(
            |(finding, to, legal, back)| Action::Status { finding, to, legal, back }
        ),
        3 => (ix(), -3i64..=20, any::<bool>())
            .prop_map(|(finding, days, reason)| Action::Extend { finding, days, reason }),
        2 => ix().prop_map(|finding| Action::Note { finding }),
        1 => ix().prop_map(|finding| Action::DeleteFinding { finding }),
        1 => ix().prop_map(|unit| Action::DeleteUnit { unit }),
        1 => ix().prop_map(|visit| Action::DeleteVisit { visit }),
        3 => ix().prop_map(|op| Action::Undo { op }),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Accepted,
    Rejected,
}

struct Run {
    store: Store,
    model: Model,
    ops: usize,
    seq: u32,
    accepted: usize,
    rejected: usize,
}

impl Run {
    fn next(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    /// Commit a change; a rejected one must leave the store as it was.
    fn commit(&mut self, change: Change, reason: Option<String>, expect: Expect) -> bool {
        let summary = self.store.summary(today()).expect("summary");
        match self.store.commit(change.clone(), reason) {
            Ok(op) => {
                assert_ne!(
                    expect,
                    Expect::Rejected,
                    "the store accepted an op it must refuse: {op:?}"
                );
                self.model.apply(&change);
                self.ops += 1;
                self.accepted += 1;
                true
            }
            Err(e) => {
                assert_ne!(
                    expect,
                    Expect::Accepted,
                    "the store refused a legal op: {e}; change {change:?}"
                );
                assert_eq!(
                    self.store.summary(today()).expect("summary"),
                    summary,
                    "a rejected op ({e}) changed the counters"
                );
                self.rejected += 1;
                false
            }
        }
    }

    fn after_step(&self, what: &Action) {
        assert_eq!(self.store.op_count(), self.ops, "op count after {what:?}");
        assert_eq!(
            Model::read(&self.store),
            self.model,
            "store and model differ after {what:?}"
        );
    }

    fn ensure_template(&mut self) {
        if self.model.templates.is_empty() {
            self.run(&Action::Template);
        }
    }

    fn ensure_unit(&mut self) {
        if self.model.units.is_empty() {
            self.run(&Action::Unit { parent: None });
        }
    }

    fn ensure_visit(&mut self) {
        self.ensure_template();
        self.ensure_unit();
        if self.model.visits.is_empty() {
            let i = Ix(0);
            self.run(&Action::Visit {
                template: i,
                units: vec![i],
            });
        }
    }

    fn ensure_finding(&mut self) {
        self.ensure_visit();
        if self.model.findings.is_empty() {
            let i = Ix(0);
            self.run(&Action::Finding {
                visit: i,
                unit: i,
                item: None,
                due: 0,
            });
        }
    }

    fn ensure_answer(&mut self) {
        self.ensure_visit();
        if self.model.answers.is_empty() {
            let i = Ix(0);
            self.run(&Action::Answer {
                visit: i,
                unit: i,
                item: i,
                verdict: Ix(3),
            });
        }
    }

    /// Run an action, first creating what it needs, so that every action of
    /// a sequence does something.
    fn step(&mut self, a: &Action) {
        match a {
            Action::Unit { .. } | Action::OrphanUnit | Action::Template | Action::Undo { .. } => {}
            Action::DuplicateUnitCode { .. } | Action::DeleteUnit { .. } => self.ensure_unit(),
            Action::Visit { .. } => {
                self.ensure_template();
                self.ensure_unit();
            }
            Action::Answer { .. }
            | Action::BadAnswer { .. }
            | Action::Finding { .. }
            | Action::BadFinding { .. }
            | Action::DeleteVisit { .. } => self.ensure_visit(),
            Action::DeleteAnswer { .. } => self.ensure_answer(),
            Action::Status { .. }
            | Action::Extend { .. }
            | Action::Note { .. }
            | Action::DeleteFinding { .. } => self.ensure_finding(),
        }
        self.run(a);
    }

    fn run(&mut self, a: &Action) {
        let m = self.model.clone();
        match a {
            Action::Unit { parent } => {
                let parent = parent
                    .as_ref()
                    .and_then(|i| Model::pick(&m.units, i))
                    .map(|u| u.id);
                let n = self.next();
                let u = unit(&format!("U{n:02}"), parent);
                self.commit(Change::create(u.clone()), None, Expect::Accepted);
            }
            Action::DuplicateUnitCode { unit: i } => {
                let Some(existing) = Model::pick(&m.units, i) else {
                    return;
                };
                let u = unit(&existing.code, None);
                self.commit(Change::create(u.clone()), None, Expect::Rejected);
            }
            Action::OrphanUnit => {
                let n = self.next();
                let u = unit(&format!("U{n:02}"), Some(new_id()));
                self.commit(Change::create(u.clone()), None, Expect::Rejected);
            }
            Action::Template => {
                let n = self.next();
                let t = template(n);
                self.commit(Change::create(t.clone()), None, Expect::Accepted);
            }
            Action::Visit { template: t, units } => {
                let Some(t) = Model::pick(&m.templates, t) else {
                    return;
                };
                let ids: BTreeSet<Id> = units
                    .iter()
                    .filter_map(|i| Model::pick(&m.units, i))
                    .map(|u| u.id)
                    .collect();
                if ids.is_empty() {
                    return;
                }
                let n = self.next();
                let v = visit(&format!("HK-{n:02}"), t.id, ids.into_iter().collect());
                self.commit(Change::create(v.clone()), None, Expect::Accepted);
            }
            Action::Answer {
                visit: v,
                unit: u,
                item,
                verdict,
            } => {
                let Some(v) = Model::pick(&m.visits, v) else {
                    return;
                };
                let u = v.units[u.index(v.units.len())];
                let t = &m.templates[&v.template];
                let items: Vec<&Item> = t.items().map(|(_, i)| i).collect();
                let item = &items[item.index(items.len())].code;
                let verdict = Verdict::ALL[verdict.index(Verdict::ALL.len())];
                let change = match m.answers.get(&(v.id, u, item.clone())) {
                    Some(old) => {
                        let mut new = old.clone();
                        new.verdict = verdict;
                        new.note = format!("Đổi thành {}", verdict.vi());
                        Change::update(old.clone(), new)
                    }
                    None => Change::create(answer(v.id, u, item, verdict)),
                };
                self.commit(change, None, Expect::Accepted);
            }
            Action::BadAnswer { visit: v, unit: u } => {
                let Some(v) = Model::pick(&m.visits, v) else {
                    return;
                };
                let u = v.units[u.index(v.units.len())];
                let change = Change::create(answer(v.id, u, "IX.9", Verdict::Fail));
                self.commit(change, None, Expect::Rejected);
            }
            Action::DeleteAnswer { answer: i } => {
                let Some(old) = Model::pick(&m.answers, i) else {
                    return;
                };
                let change = Change::delete(old.clone());
                self.commit(change, None, Expect::Accepted);
            }
            Action::Finding {
                visit: v,
                unit: u,
                item,
                due,
            } => {
                let (Some(v), Some(u)) = (Model::pick(&m.visits, v), Model::pick(&m.units, u))
                else {
                    return;
                };
                let t = &m.templates[&v.template];
                let items: Vec<&Item> = t.items().map(|(_, i)| i).collect();
                let item = item
                    .as_ref()
                    .map(|i| items[i.index(items.len())].code.as_str());
                let n = self.next();
                let f = finding(
                    &format!("{}-ABC{n:02}", v.code),
                    u.id,
                    v.id,
                    item,
                    days_from(today(), *due),
                );
                self.commit(Change::create(f.clone()), None, Expect::Accepted);
            }
            Action::BadFinding { visit: v, unit: u } => {
                let (Some(v), Some(u)) = (Model::pick(&m.visits, v), Model::pick(&m.units, u))
                else {
                    return;
                };
                let n = self.next();
                let f = finding(
                    &format!("{}-ABC{n:02}", v.code),
                    u.id,
                    v.id,
                    None,
                    days_from(today(), -31),
                );
                self.commit(Change::create(f.clone()), None, Expect::Rejected);
            }
            Action::Status {
                finding: f,
                to,
                legal,
                back,
            } => {
                let Some(f) = Model::pick(&m.findings, f) else {
                    return;
                };
                let next = f.status.next();
                let to = if *legal && !next.is_empty() {
                    next[to.index(next.len())]
                } else {
                    FindingStatus::ALL[to.index(FindingStatus::ALL.len())]
                };
                let st = stamp(days_from(today(), -back));
                let note = format!("Chuyển sang {}", to.vi());
                match f.with_status(to, &note, st.clone()) {
                    Ok(new) => {
                        assert!(f.status.next().contains(&to));
                        self.commit(
                            Change::update(f.clone(), new.clone()),
                            None,
                            Expect::Accepted,
                        );
                    }
                    Err(e) => {
                        assert!(
                            matches!(e, RuleError::IllegalTransition { .. }),
                            "unexpected {e}"
                        );
                        // Forge the illegal move: the store must refuse it.
                        let mut new = f.clone();
                        new.status = to;
                        new.history.push(FollowUp {
                            date: st.date,
                            at: st.at,
                            by: st.by,
                            event: Event::Status { from: f.status, to },
                            note,
                        });
                        self.commit(
                            Change::update(f.clone(), new.clone()),
                            None,
                            Expect::Rejected,
                        );
                    }
                }
            }
            Action::Extend {
                finding: f,
                days,
                reason,
            } => {
                let Some(f) = Model::pick(&m.findings, f) else {
                    return;
                };
                let to = days_from(f.due, *days);
                let text = if *reason {
                    "Đơn vị xin gia hạn do thay đổi nhân sự"
                } else {
                    "   "
                };
                let st = stamp(today());
                match f.with_extension(to, text, st.clone()) {
                    Ok(new) => {
                        assert!(*reason && *days > 0 && f.status.is_active());
                        self.commit(
                            Change::update(f.clone(), new.clone()),
                            Some(text.into()),
                            Expect::Accepted,
                        );
                    }
                    Err(_) if *reason && *days > 0 => {
                        // Only "closed" is left; the store does not check it
                        // (see `extension_of_a_closed_finding_is_refused`).
                        assert!(!f.status.is_active());
                    }
                    Err(_) => {
                        // Forge it: no reason, or not later — the store must refuse.
                        let mut new = f.clone();
                        new.due = to;
                        new.history.push(FollowUp {
                            date: st.date,
                            at: st.at,
                            by: st.by,
                            event: Event::Extended { from: f.due, to },
                            note: text.into(),
                        });
                        self.commit(
                            Change::update(f.clone(), new.clone()),
                            None,
                            Expect::Rejected,
                        );
                    }
                }
            }
            Action::Note { finding: f } => {
                let Some(f) = Model::pick(&m.findings, f) else {
                    return;
                };
                let new = f
                    .with_note("Chi bộ đã họp kiểm điểm, có biên bản", stamp(today()))
                    .expect("a note is always allowed");
                self.commit(
                    Change::update(f.clone(), new.clone()),
                    None,
                    Expect::Accepted,
                );
            }
            Action::DeleteFinding { finding: f } => {
                let Some(f) = Model::pick(&m.findings, f) else {
                    return;
                };
                let change = Change::delete(f.clone());
                self.commit(change, None, Expect::Accepted);
            }
            Action::DeleteUnit { unit: u } => {
                let Some(u) = Model::pick(&m.units, u) else {
                    return;
                };
                let used = m.units.values().any(|c| c.parent == Some(u.id))
                    || m.visits.values().any(|v| v.units.contains(&u.id))
                    || m.findings.values().any(|f| f.unit == u.id);
                let change = Change::delete(u.clone());
                let expect = if used {
                    Expect::Rejected
                } else {
                    Expect::Accepted
                };
                self.commit(change, None, expect);
            }
            Action::DeleteVisit { visit: v } => {
                let Some(v) = Model::pick(&m.visits, v) else {
                    return;
                };
                let used = m.answers.values().any(|a| a.visit == v.id)
                    || m.findings.values().any(|f| f.visit == v.id);
                let change = Change::delete(v.clone());
                let expect = if used {
                    Expect::Rejected
                } else {
                    Expect::Accepted
                };
                self.commit(change, None, expect);
            }
            Action::Undo { op: i } => {
                let ops = self.store.ops().expect("ops");
                if ops.is_empty() {
                    return;
                }
                let op = &ops[i.index(ops.len())];
                let inverse = op.change.inverse();
                // The target must still be what the op left, or undo would
                // overwrite later work.
                let current = m.is_current(&inverse);
                let summary = self.store.summary(today()).expect("summary");
                match self.store.undo(op) {
                    Ok(undo) => {
                        assert!(current, "undo of a changed target was accepted: {op:?}");
                        assert_eq!(undo.change, inverse);
                        assert_eq!(undo.reason, Some(format!("undo {}", op.id)));
                        self.model.apply(&inverse);
                        self.ops += 1;
                        self.accepted += 1;
                    }
                    Err(e) => {
                        if !current {
                            assert!(
                                matches!(e, StoreError::Conflict(_)),
                                "undo of a changed target must be a conflict, got {e}"
                            );
                        }
                        assert_eq!(self.store.summary(today()).expect("summary"), summary);
                        self.rejected += 1;
                    }
                }
            }
        }
    }
}

/// The dashboard figures and overdue list, recounted from the entities.
fn verify_figures(store: &Store, model: &Model, today: NaiveDate) {
    let findings: Vec<&Finding> = model.findings.values().collect();
    let mut by_status = StatusCounts::default();
    for f in &findings {
        by_status[f.status] += 1;
    }
    let in_days = |f: &Finding, n: u64| {
        f.status.is_active()
            && f.due >= today
            && f.due <= today.checked_add_days(Days::new(n)).expect("date")
    };
    let expected = Summary {
        total: findings.len() as u64,
        overdue: findings
            .iter()
            .filter(|f| f.days_overdue(today).is_some())
            .count() as u64,
        due_7: findings.iter().filter(|f| in_days(f, 7)).count() as u64,
        due_30: findings.iter().filter(|f| in_days(f, 30)).count() as u64,
        active: findings.iter().filter(|f| f.status.is_active()).count() as u64,
        by_status,
        verified_this_month: findings
            .iter()
            .filter(|f| {
                f.verified_on()
                    .is_some_and(|d| d.year() == today.year() && d.month() == today.month())
            })
            .count() as u64,
    };
    let summary = store.summary(today).expect("summary");
    assert_eq!(summary, expected, "summary as of {today}");
    assert_eq!(summary.by_status, by_status);

    let sorted = |mut v: Vec<Id>| {
        v.sort();
        v
    };
    let overdue: Vec<Id> = findings
        .iter()
        .filter(|f| f.days_overdue(today).is_some())
        .map(|f| f.id)
        .collect();
    let queried = store
        .query_findings(
            &FindingFilter {
                overdue: true,
                ..FindingFilter::default()
            },
            today,
        )
        .expect("query overdue");
    assert!(
        queried.windows(2).all(|w| w[0].due <= w[1].due),
        "overdue list not in due order"
    );
    assert_eq!(
        sorted(queried.iter().map(|f| f.id).collect()),
        sorted(overdue),
        "overdue findings as of {today}"
    );
    let due_7: Vec<Id> = findings
        .iter()
        .filter(|f| in_days(f, 7))
        .map(|f| f.id)
        .collect();
    let queried = store
        .query_findings(
            &FindingFilter {
                due_within: Some(7),
                ..FindingFilter::default()
            },
            today,
        )
        .expect("query due within 7 days");
    assert_eq!(
        sorted(queried.iter().map(|f| f.id).collect()),
        sorted(due_7),
        "findings due within 7 days of {today}"
    );

    for u in model.units.values() {
        let mut counts = StatusCounts::default();
        for f in findings.iter().filter(|f| f.unit == u.id) {
            counts[f.status] += 1;
        }
        assert_eq!(store.unit_status_counts(u.id).expect("counts"), counts);
        assert_eq!(
            store.overdue_of_unit(u.id, today).expect("overdue"),
            findings
                .iter()
                .filter(|f| f.unit == u.id && f.days_overdue(today).is_some())
                .count() as u64
        );
        let of_unit = store.findings_of_unit(u.id).expect("findings of unit");
        assert_eq!(
            sorted(of_unit.iter().map(|f| f.id).collect()),
            sorted(
                findings
                    .iter()
                    .filter(|f| f.unit == u.id)
                    .map(|f| f.id)
                    .collect()
            )
        );
        let children = store.children(Some(u.id)).expect("children");
        assert_eq!(
            sorted(children.iter().map(|c| c.id).collect()),
            sorted(
                model
                    .units
                    .values()
                    .filter(|c| c.parent == Some(u.id))
                    .map(|c| c.id)
                    .collect()
            )
        );
    }
    let roots = store.children(None).expect("roots");
    assert_eq!(
        sorted(roots.iter().map(|c| c.id).collect()),
        sorted(
            model
                .units
                .values()
                .filter(|c| c.parent.is_none())
                .map(|c| c.id)
                .collect()
        )
    );
    for v in model.visits.values() {
        let mut counts = StatusCounts::default();
        for f in findings.iter().filter(|f| f.visit == v.id) {
            counts[f.status] += 1;
        }
        assert_eq!(store.visit_status_counts(v.id).expect("counts"), counts);
        for u in &v.units {
            let mut counts = [0u64; 5];
            for a in model
                .answers
                .values()
                .filter(|a| a.visit == v.id && a.unit == *u)
            {
                counts[usize::from(a.verdict.index())] += 1;
            }
            assert_eq!(store.answer_counts(v.id, *u).expect("counts"), counts);
        }
    }
}

fn run_sequence(actions: &[Action]) -> (usize, usize) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut run = Run {
        store: open(dir.path()),
        model: Model::default(),
        ops: 0,
        seq: 0,
        accepted: 0,
        rejected: 0,
    };
    run.run(&Action::Template);
    for a in actions {
        run.step(a);
        run.after_step(a);
    }
    assert_clean(&run.store);
    for d in [today(), days_from(today(), 10), days_from(today(), -20)] {
        verify_figures(&run.store, &run.model, d);
    }
    // Everything is still there after closing and reopening.
    let Run {
        store,
        model,
        ops,
        accepted,
        rejected,
        ..
    } = run;
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.op_count(), ops);
    assert_eq!(Model::read(&store), model);
    assert_clean(&store);
    (accepted, rejected)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_op_sequences_keep_the_store_sound(
        actions in proptest::collection::vec(action(), 10..=40)
    ) {
        let (accepted, rejected) = run_sequence(&actions);
        eprintln!("{} actions: {accepted} ops accepted, {rejected} refused", actions.len());
    }
}

// ---------------------------------------------------------------------------
// Plain tests

/// A store with a template, a unit and a visit.
fn seeded(dir: &Path) -> (Store, Template, Unit, Visit) {
    let store = open(dir);
    let t = template(1);
    let u = unit("DU-01", None);
    let v = visit("HK-01", t.id, vec![u.id]);
    for change in [
        Change::create(t.clone()),
        Change::create(u.clone()),
        Change::create(v.clone()),
    ] {
        store.commit(change, None).expect("seed");
    }
    (store, t, u, v)
}

#[test]
fn a_rejected_op_writes_nothing() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, Some("I.1"), today());
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let before = (
        store.op_count(),
        Model::read(&store),
        store.check().expect("check").0,
    );
    assert!(before.2.is_empty());
    let summary = store.summary(today()).expect("summary");

    let mut bad = Vec::new();
    // An illegal status move (mở → đã xác minh).
    let mut g = f.clone();
    g.status = FindingStatus::Verified;
    g.history.push(FollowUp {
        date: today(),
        at: at(),
        by: "x".into(),
        event: Event::Status {
            from: FindingStatus::Open,
            to: FindingStatus::Verified,
        },
        note: "xong".into(),
    });
    bad.push(Change::update(f.clone(), g.clone()));
    // An extension without a reason.
    let mut g = f.clone();
    g.due = days_from(f.due, 10);
    g.history.push(FollowUp {
        date: today(),
        at: at(),
        by: "x".into(),
        event: Event::Extended {
            from: f.due,
            to: g.due,
        },
        note: String::new(),
    });
    bad.push(Change::update(f.clone(), g.clone()));
    // A stale old side.
    let mut stale = f.clone();
    stale.title = "Tiêu đề cũ".into();
    bad.push(Change::update(stale.clone(), f.clone()));
    // A duplicate creation, a missing parent, a duplicate reference.
    bad.push(Change::create(f.clone()));
    bad.push(Change::create(unit("DU-02", Some(new_id()))));
    let mut dup = finding("HK-01-ABC01", u.id, v.id, None, today());
    dup.id = new_id();
    bad.push(Change::create(dup.clone()));
    // Deleting a unit that still has a visit and a finding.
    bad.push(Change::delete(u.clone()));

    for change in bad {
        let r = store.commit(change.clone(), None);
        assert!(r.is_err(), "accepted {change:?}");
        let after = (
            store.op_count(),
            Model::read(&store),
            store.check().expect("check").0,
        );
        assert_eq!(after, before, "a rejected op changed the store");
        assert_eq!(store.summary(today()).expect("summary"), summary);
    }
}

#[test]
fn apply_all_is_all_or_nothing() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, root, _) = seeded(dir.path());
    let before_ops = store.op_count();
    let before = Model::read(&store);

    let a = unit("DU-10", Some(root.id));
    let b = unit("DU-11", Some(a.id));
    // Third: same code as the first op of the batch — only invalid because
    // the batch's own earlier op is visible to it.
    let c = unit("DU-10", None);
    let d = unit("DU-12", Some(b.id));
    let ops: Vec<Op> = [&a, &b, &c, &d]
        .iter()
        .map(|u| {
            store
                .new_op(Change::create((*u).clone()), None)
                .expect("op")
        })
        .collect();
    let err = store.apply_all(&ops).expect_err("the third op is invalid");
    assert!(err.to_string().contains("DU-10"), "{err}");
    assert_eq!(store.op_count(), before_ops);
    assert_eq!(Model::read(&store), before);
    for op in &ops {
        assert!(!store.has_op(op).expect("has_op"));
    }
    assert!(store.unit(a.id).expect("read").is_none());
    assert_eq!(store.counter("units").expect("counter"), 1);
    assert_clean(&store);

    // Third op invalid on its own (a parent that does not exist).
    let c = unit("DU-13", Some(new_id()));
    let ops: Vec<Op> = [&a, &b, &c, &d]
        .iter()
        .map(|u| {
            store
                .new_op(Change::create((*u).clone()), None)
                .expect("op")
        })
        .collect();
    store.apply_all(&ops).expect_err("the third op is invalid");
    assert_eq!(store.op_count(), before_ops);
    assert_eq!(Model::read(&store), before);
    assert_clean(&store);

    // Without it, the batch goes in whole.
    let good = [ops[0].clone(), ops[1].clone(), ops[3].clone()];
    assert_eq!(store.apply_all(&good).expect("valid batch"), 3);
    assert_eq!(store.op_count(), before_ops + 3);
    assert_eq!(store.children(Some(a.id)).expect("children"), vec![b]);
    assert_clean(&store);
}

#[test]
fn reapplying_a_logged_op_is_skipped_and_a_changed_one_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, None, today());
    let op = store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let n = store.op_count();

    assert_eq!(
        store.apply_all(std::slice::from_ref(&op)).expect("again"),
        0
    );
    store.apply(&op).expect("apply again is fine");
    assert_eq!(store.op_count(), n);

    // A batch of one old op and one new: only the new one counts.
    let g = f
        .with_note("Đã lập kế hoạch khắc phục", stamp(today()))
        .expect("note");
    let next = store
        .new_op(Change::update(f.clone(), g.clone()), None)
        .expect("op");
    assert_eq!(
        store.apply_all(&[op.clone(), next.clone()]).expect("batch"),
        1
    );
    assert_eq!(store.op_count(), n + 1);
    assert_eq!(store.finding(f.id).expect("read"), Some(g.clone()));

    // Same id and time, different content: an error, nothing written.
    let mut changed = op.clone();
    changed.reason = Some("sửa lại".into());
    let err = store.apply(&changed).expect_err("different content");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let mut changed = next.clone();
    changed.actor = "người khác".into();
    store.apply_all(&[changed]).expect_err("different content");
    assert_eq!(store.op_count(), n + 1);
    assert_eq!(store.finding(f.id).expect("read"), Some(g));
    assert_clean(&store);
}

/// An op whose id is already in the log under another time is refused too.
/// The log is keyed by time ‖ id, so this needs a lookup by id.
#[test]

fn reusing_an_op_id_with_another_time_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, None, today());
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let g = f.with_note("ghi chú", stamp(today())).expect("note");
    let op = store
        .commit(Change::update(f.clone(), g.clone()), None)
        .expect("note");
    let h = g.with_note("ghi chú khác", stamp(today())).expect("note");
    let mut reused = store
        .new_op(Change::update(g.clone(), h.clone()), None)
        .expect("op");
    reused.id = op.id;
    let n = store.op_count();
    assert!(store.apply(&reused).is_err(), "op id {} reused", op.id);
    assert_eq!(store.op_count(), n);
}

/// Nothing may change on a closed finding (RuleError::Closed): a forged
/// extension of a verified finding must be refused by the store, as
/// `Finding::with_extension` refuses to build one.
#[test]

fn extension_of_a_closed_finding_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, None, today());
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let g = f
        .with_status(FindingStatus::Unremediable, "không thể", stamp(today()))
        .expect("legal");
    store
        .commit(Change::update(f.clone(), g.clone()), None)
        .expect("close");
    assert!(
        g.with_extension(days_from(g.due, 5), "lý do", stamp(today()))
            .is_err()
    );
    let mut h = g.clone();
    h.due = days_from(g.due, 5);
    h.history.push(FollowUp {
        date: today(),
        at: at(),
        by: "x".into(),
        event: Event::Extended {
            from: g.due,
            to: h.due,
        },
        note: "lý do".into(),
    });
    assert!(
        store
            .commit(Change::update(g.clone(), h.clone()), None)
            .is_err()
    );
}

#[test]
fn undo_restores_the_previous_entity_and_is_logged() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding(
        "HK-01-ABC01",
        u.id,
        v.id,
        Some("I.2"),
        days_from(today(), -5),
    );
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let g = f
        .with_extension(days_from(today(), 20), "Xin gia hạn", stamp(today()))
        .expect("extension");
    let ext = store
        .commit(
            Change::update(f.clone(), g.clone()),
            Some("Xin gia hạn".into()),
        )
        .expect("extend");
    assert_eq!(store.summary(today()).expect("summary").overdue, 0);
    let n = store.op_count();

    let undo = store.undo(&ext).expect("undo");
    assert_eq!(store.finding(f.id).expect("read"), Some(f.clone()));
    assert_eq!(store.op_count(), n + 1);
    assert!(store.has_op(&undo).expect("has_op"));
    let last = store.last_op().expect("last").expect("an op");
    assert_eq!(last, undo);
    assert_eq!(last.change, ext.change.inverse());
    assert_eq!(last.reason, Some(format!("undo {}", ext.id)));
    assert!(last.at > ext.at);
    assert_eq!(store.summary(today()).expect("summary").overdue, 1);
    assert_clean(&store);

    // Undo the undo: the extension is back.
    store.undo(&undo).expect("redo");
    assert_eq!(store.finding(f.id).expect("read"), Some(g.clone()));

    // An op whose target changed since cannot be undone.
    let h = g.with_note("Đã họp", stamp(today())).expect("note");
    store
        .commit(Change::update(g.clone(), h.clone()), None)
        .expect("note");
    let n = store.op_count();
    let err = store.undo(&ext).expect_err("target changed since");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert_eq!(store.op_count(), n);
    assert_eq!(store.finding(f.id).expect("read"), Some(h));

    // Undoing a creation deletes; undoing that deletion recreates.
    let w = unit("DU-20", Some(u.id));
    let created = store.commit(Change::create(w.clone()), None).expect("unit");
    let gone = store.undo(&created).expect("undo creation");
    assert_eq!(store.unit(w.id).expect("read"), None);
    store.undo(&gone).expect("undo deletion");
    assert_eq!(store.unit(w.id).expect("read"), Some(w));
    assert_clean(&store);
}

#[test]
fn a_second_open_is_refused_with_a_clear_message() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, ..) = seeded(dir.path());

    // Another process.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_haukiem"))
        .arg("check")
        .arg("--db")
        .arg(dir.path())
        .env_remove("HAUKIEM_DB")
        .output()
        .expect("run haukiem check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains("open in another haukiem window"),
        "stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");

    // The same process.
    match Store::open(dir.path()) {
        Err(e @ StoreError::Locked(_)) => {
            assert!(e.to_string().contains("open in another haukiem window"));
        }
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("the database opened twice"),
    }

    // Once closed, it opens again.
    drop(store);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_haukiem"))
        .arg("check")
        .arg("--db")
        .arg(dir.path())
        .env_remove("HAUKIEM_DB")
        .output()
        .expect("run haukiem check");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, ..) = seeded(dir.path());
    drop(store);
    {
        let db = sled::open(dir.path()).expect("sled open");
        let meta = db.open_tree("meta").expect("meta tree");
        let current = meta.get("schema").expect("get").expect("a schema version");
        assert_eq!(current.as_ref(), 1u16.to_be_bytes().as_slice());
        meta.insert("schema", 99u16.to_be_bytes().as_slice())
            .expect("insert");
        db.flush().expect("flush");
    }
    match Store::open(dir.path()) {
        Err(StoreError::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (99, 1));
        }
        Err(e) => panic!("expected NewerSchema, got {e}"),
        Ok(_) => panic!("a database of schema 99 was opened"),
    }
    // The command line says so too, and exits 1.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_haukiem"))
        .arg("check")
        .arg("--db")
        .arg(dir.path())
        .env_remove("HAUKIEM_DB")
        .output()
        .expect("run haukiem check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("schema version 99"), "stderr: {stderr}");
}
