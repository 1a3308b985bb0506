//! Random operations on the store, legal and illegal. Indices are resolved
//! against the model when an action runs (`run.rs`); each property draws
//! its own mix of kinds of action ([`action`]).

use proptest::prelude::*;
use proptest::strategy::Union;

/// An index into whatever collection it is used on (modulo its length).
#[derive(Debug, Clone, Copy, Default)]
pub struct Ix(pub usize);

impl Ix {
    pub fn index(self, len: usize) -> usize {
        self.0 % len
    }

    /// The element of `v` it points at, if `v` has any.
    pub fn pick<T: Clone>(self, v: &[T]) -> Option<T> {
        (!v.is_empty()).then(|| v[self.index(v.len())].clone())
    }
}

pub fn ix() -> impl Strategy<Value = Ix> {
    any::<usize>().prop_map(Ix)
}

#[derive(Debug, Clone)]
pub enum Action {
    Unit {
        parent: Option<Ix>,
    },
    /// Illegal: a new unit with the code of an existing one.
    DuplicateUnitCode {
        unit: Ix,
    },
    /// Illegal: a unit whose parent does not exist.
    OrphanUnit,
    /// A new code, or a new name.
    RenameUnit {
        unit: Ix,
        code: bool,
    },
    Template,
    Visit {
        template: Ix,
        units: Vec<Ix>,
    },
    RenameVisit {
        visit: Ix,
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
    Finding(NewFinding),
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
    /// Refused while the unit has sub-units, visits or findings.
    DeleteUnit {
        unit: Ix,
    },
    /// Refused while the visit has answers or findings.
    DeleteVisit {
        visit: Ix,
    },
    Undo {
        op: Ix,
    },
    /// Write the listing view.
    WriteView,
    /// Close and reopen the database.
    Reopen,
}

/// A finding to record.
#[derive(Debug, Clone, Default)]
pub struct NewFinding {
    pub visit: Ix,
    pub unit: Ix,
    pub item: Option<Ix>,
    /// Days from today.
    pub due: i64,
    /// Which of the titles (see `build::worded_finding`).
    pub text: usize,
    /// A zero-padded number in the reference (unpadded ones sort "ABC10"
    /// before "ABC9").
    pub padded: bool,
}

/// A kind of action, as a property weighs it.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Unit,
    DuplicateUnitCode,
    OrphanUnit,
    RenameUnit,
    Template,
    Visit,
    RenameVisit,
    Answer,
    BadAnswer,
    DeleteAnswer,
    Finding,
    BadFinding,
    /// Legal seven times in ten.
    Status,
    /// Always one of the legal next statuses.
    LegalStatus,
    /// From 3 days earlier to 20 later, with or without a reason.
    Extend,
    /// 1 to 20 days later, with a reason.
    ValidExtend,
    Note,
    DeleteFinding,
    DeleteUnit,
    DeleteVisit,
    Undo,
    WriteView,
    Reopen,
}

impl Kind {
    fn strategy(self) -> BoxedStrategy<Action> {
        match self {
            Kind::Unit => proptest::option::of(ix())
                .prop_map(|parent| Action::Unit { parent })
                .boxed(),
            Kind::DuplicateUnitCode => one(|unit| Action::DuplicateUnitCode { unit }),
            Kind::OrphanUnit => Just(Action::OrphanUnit).boxed(),
            Kind::RenameUnit => (ix(), any::<bool>())
                .prop_map(|(unit, code)| Action::RenameUnit { unit, code })
                .boxed(),
            Kind::Template => Just(Action::Template).boxed(),
            Kind::Visit => (ix(), proptest::collection::vec(ix(), 1..4))
                .prop_map(|(template, units)| Action::Visit { template, units })
                .boxed(),
            Kind::RenameVisit => one(|visit| Action::RenameVisit { visit }),
            Kind::Answer => (ix(), ix(), ix(), ix())
                .prop_map(|(visit, unit, item, verdict)| Action::Answer {
                    visit,
                    unit,
                    item,
                    verdict,
                })
                .boxed(),
            Kind::BadAnswer => two(|visit, unit| Action::BadAnswer { visit, unit }),
            Kind::DeleteAnswer => one(|answer| Action::DeleteAnswer { answer }),
            Kind::Finding => finding(),
            Kind::BadFinding => two(|visit, unit| Action::BadFinding { visit, unit }),
            Kind::Status => status(proptest::bool::weighted(0.7).boxed()),
            Kind::LegalStatus => status(Just(true).boxed()),
            Kind::Extend => extend(-3..=20, any::<bool>().boxed()),
            Kind::ValidExtend => extend(1..=20, Just(true).boxed()),
            Kind::Note => one(|finding| Action::Note { finding }),
            Kind::DeleteFinding => one(|finding| Action::DeleteFinding { finding }),
            Kind::DeleteUnit => one(|unit| Action::DeleteUnit { unit }),
            Kind::DeleteVisit => one(|visit| Action::DeleteVisit { visit }),
            Kind::Undo => one(|op| Action::Undo { op }),
            Kind::WriteView => Just(Action::WriteView).boxed(),
            Kind::Reopen => Just(Action::Reopen).boxed(),
        }
    }
}

/// An action on one index.
fn one(f: fn(Ix) -> Action) -> BoxedStrategy<Action> {
    ix().prop_map(f).boxed()
}

/// An action on two indices.
fn two(f: fn(Ix, Ix) -> Action) -> BoxedStrategy<Action> {
    (ix(), ix()).prop_map(move |(a, b)| f(a, b)).boxed()
}

fn finding() -> BoxedStrategy<Action> {
    (
        (ix(), ix(), proptest::option::of(ix())),
        prop_oneof![-6i64..=6, -15i64..=35],
        0usize..15,
        any::<bool>(),
    )
        .prop_map(|((visit, unit, item), due, text, padded)| {
            Action::Finding(NewFinding {
                visit,
                unit,
                item,
                due,
                text,
                padded,
            })
        })
        .boxed()
}

fn status(legal: BoxedStrategy<bool>) -> BoxedStrategy<Action> {
    (ix(), ix(), legal, 0i64..=25)
        .prop_map(|(finding, to, legal, back)| Action::Status {
            finding,
            to,
            legal,
            back,
        })
        .boxed()
}

fn extend(
    days: std::ops::RangeInclusive<i64>,
    reason: BoxedStrategy<bool>,
) -> BoxedStrategy<Action> {
    (ix(), days, reason)
        .prop_map(|(finding, days, reason)| Action::Extend {
            finding,
            days,
            reason,
        })
        .boxed()
}

/// How often each kind of action comes up: a weight, and the kinds drawn
/// with it.
pub type Mix = [(u32, &'static [Kind])];

/// One action, its kind drawn with the weights of `mix`.
pub fn action(mix: &Mix) -> impl Strategy<Value = Action> {
    let kinds = mix
        .iter()
        .flat_map(|(w, kinds)| kinds.iter().map(|k| (*w, k.strategy())));
    Union::new_weighted(kinds.collect())
}
