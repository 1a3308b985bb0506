//! Writing the team's own text: one part of the visit's báo cáo, or the
//! thông báo kết luận to one unit (its requirements and the day it must
//! report back). Each text can take the draft made from the figures
//! (Ctrl-D inserts it where the cursor is); nothing is written until the
//! form is saved, and then as one change of the report.

use chrono::{NaiveDate, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::date::DateError;
use crate::domain::report::Part;
use crate::domain::text::clean_multiline;
use crate::domain::{Id, Report, RuleError};
use crate::i18n::{Lang, Msg, date_error};
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::tui::keymap::Ctx;

use super::{DateInput, Fields, Form, Input, Refusal, TextInput};

/// The label of a part of the báo cáo.
#[must_use]
pub fn part_label(part: Part) -> Msg {
    match part {
        Part::Situation => Msg::PartSituationLabel,
        Part::Strengths => Msg::PartStrengthsLabel,
        Part::Weaknesses => Msg::PartWeaknessesLabel,
        Part::Causes => Msg::PartCausesLabel,
        Part::Responsibility => Msg::PartResponsibilityLabel,
        Part::Proposals => Msg::PartProposalsLabel,
        Part::Recipients => Msg::PartRecipientsLabel,
    }
}

/// Several lines of text with a draft to insert at the cursor.
#[derive(Debug, Clone)]
pub struct DraftInput {
    text: TextInput,
    draft: Option<String>,
    rows: u16,
}

impl DraftInput {
    /// `text` to edit in `rows` rows (its label included), offering `draft`.
    #[must_use]
    pub fn new(text: &str, draft: Option<String>, rows: u16) -> DraftInput {
        DraftInput {
            text: TextInput::lines(text),
            draft: draft.filter(|d| !d.trim().is_empty()),
            rows,
        }
    }

    /// The draft it offers, if there is one.
    #[must_use]
    pub fn draft(&self) -> Option<&str> {
        self.draft.as_deref()
    }
}

impl Input for DraftInput {
    fn key(&mut self, key: KeyEvent) -> bool {
        self.text.key(key)
    }

    fn paste(&mut self, text: &str) {
        self.text.paste(text);
    }

    fn text(&self) -> String {
        self.text.text()
    }

    fn required(&self) -> bool {
        false
    }

    fn height(&self) -> u16 {
        self.rows
    }

    fn context(&self) -> Option<Ctx> {
        Some(Ctx::Draft)
    }

    fn act(&mut self, action: Action) {
        if action == Action::InsertDraft
            && let Some(draft) = self.draft.clone()
        {
            self.text.paste(&draft);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, cx: &DrawCx) {
        self.text.draw(frame, area, focused, cx);
    }
}

/// Which part a [`PartForm`] writes (its one field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartFocus(pub Part);

impl Default for PartFocus {
    fn default() -> PartFocus {
        PartFocus(Part::Situation)
    }
}

/// One part of the visit's báo cáo.
#[derive(Debug)]
pub struct PartForm {
    pub visit: Id,
    pub part: Part,
    pub text: DraftInput,
}

impl PartForm {
    /// Part `part` of the báo cáo of `visit`, now `saved`, offering `draft`.
    #[must_use]
    pub fn new(visit: Id, part: Part, saved: &str, draft: Option<String>) -> PartForm {
        PartForm {
            visit,
            part,
            text: DraftInput::new(saved, draft, 16),
        }
    }
}

impl Fields for PartForm {
    type Focus = PartFocus;
    const ALL: &'static [PartFocus] = &[
        PartFocus(Part::Situation),
        PartFocus(Part::Strengths),
        PartFocus(Part::Weaknesses),
        PartFocus(Part::Causes),
        PartFocus(Part::Responsibility),
        PartFocus(Part::Proposals),
        PartFocus(Part::Recipients),
    ];

    fn label(focus: PartFocus) -> Msg {
        part_label(focus.0)
    }

    fn input(&self, _focus: PartFocus) -> &dyn Input {
        &self.text
    }

    fn input_mut(&mut self, _focus: PartFocus) -> &mut dyn Input {
        &mut self.text
    }
}

impl Form for PartForm {
    fn title(&self) -> Msg {
        Msg::ReportOfVisit
    }

    /// Only the part being written.
    fn order(&self) -> &'static [PartFocus] {
        let i = Part::ALL.iter().position(|p| *p == self.part).unwrap_or(0);
        &Self::ALL[i..=i]
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<PartFocus>> {
        let at = PartFocus(self.part);
        let old = cx.store.report(self.visit, None)?;
        let text = clean_multiline(&self.text.text());
        let before = old.as_ref().map_or("", |r| r.part(self.part));
        if text == before {
            return Ok(());
        }
        let mut new = stamped(old.as_ref(), self.visit, None, cx);
        *new.part_mut(self.part) = text;
        new.validate()
            .map_err(|e| refused(e, at, part_label(self.part), cx.lang))?;
        let what = Msg::PartSaved.fill_in(
            cx.lang,
            &[
                &part_label(self.part).tr(cx.lang),
                &Msg::SubjectReport.tr(cx.lang),
            ],
        );
        cx.save(old.as_ref(), new, what)?;
        Ok(())
    }
}

/// The report as saved (or a new one), signed by who saves it now.
fn stamped(old: Option<&Report>, visit: Id, unit: Option<Id>, cx: &Cx) -> Report {
    let by = cx.store.actor().unwrap_or_default();
    let mut r = old
        .cloned()
        .unwrap_or_else(|| Report::new(visit, unit, &by, Utc::now()));
    r.by = by;
    r.at = Utc::now();
    r
}

/// A refusal of the domain's rules at the field `at`, the message naming
/// it by its label.
fn refused<F: Copy>(e: RuleError, at: F, label: Msg, lang: Lang) -> Refusal<F> {
    let why = match &e {
        RuleError::Text { problem, .. } => format!("{}: {problem}", label.tr(lang)),
        other => format!("{}: {other}", label.tr(lang)),
    };
    Refusal {
        at: Some(at),
        why,
        rule: Some(e),
    }
}

/// The thông báo kết luận to one unit: requirements, report-back day,
/// received day.
#[derive(Debug)]
pub struct ConclusionForm {
    pub visit: Id,
    pub unit: Id,
    pub requirements: DraftInput,
    pub report_by: DateInput,
    pub reported_on: DateInput,
}

fields! {
    ConclusionForm: ConclusionFocus {
        Requirements: requirements => Requirements,
        ReportBy: report_by => ReportByLabel,
        ReportedOn: reported_on => ReportedOnLabel,
    }
}

impl ConclusionForm {
    /// The conclusion of `visit` to `unit`, as `saved`, offering `draft`
    /// (its requirements, and its report-back day if none is set).
    #[must_use]
    pub fn new(
        visit: Id,
        unit: Id,
        saved: Option<&Report>,
        draft: Option<&Report>,
    ) -> ConclusionForm {
        let day =
            |d: Option<NaiveDate>| d.map(crate::domain::date::format_date).unwrap_or_default();
        let by = saved.and_then(|r| r.report_by);
        ConclusionForm {
            visit,
            unit,
            requirements: DraftInput::new(
                saved.map_or("", |r| r.proposals.as_str()),
                draft.map(|d| d.proposals.clone()),
                10,
            ),
            report_by: DateInput::optional(&day(by)),
            reported_on: DateInput::optional(&day(saved.and_then(|r| r.reported_on))),
        }
    }
}

impl Form for ConclusionForm {
    fn title(&self) -> Msg {
        Msg::ConclusionTitle
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<ConclusionFocus>> {
        let l = cx.lang;
        let date = |input: &DateInput, at: ConclusionFocus| {
            input.date_opt(cx.today).map_err(|e: DateError| {
                let label = ConclusionForm::label(at).tr(l);
                let why = format!("{label}: {}: {}", Msg::InvalidDate.tr(l), date_error(&e, l));
                Refusal::at(at, why)
            })
        };
        let report_by = date(&self.report_by, ConclusionFocus::ReportBy)?;
        let reported_on = date(&self.reported_on, ConclusionFocus::ReportedOn)?;
        let proposals = clean_multiline(&self.requirements.text());
        let old = cx.store.report(self.visit, Some(self.unit))?;
        let same = match &old {
            Some(r) => {
                r.proposals == proposals && r.report_by == report_by && r.reported_on == reported_on
            }
            None => proposals.is_empty() && report_by.is_none() && reported_on.is_none(),
        };
        if same {
            return Ok(());
        }
        let mut new = stamped(old.as_ref(), self.visit, Some(self.unit), cx);
        new.proposals = proposals;
        new.report_by = report_by;
        new.reported_on = reported_on;
        if let Err(e) = new.validate() {
            return Err(match e {
                RuleError::Empty("report_by") => {
                    let label = Msg::ReportByLabel.tr(l);
                    let mut r = Refusal::at(
                        ConclusionFocus::ReportBy,
                        format!("{label}: {}", Msg::ReportByNeeded.tr(l)),
                    );
                    r.rule = Some(e);
                    r
                }
                e => refused(e, ConclusionFocus::Requirements, Msg::Requirements, l),
            });
        }
        let what = Msg::ConclusionOf.fill_in(l, &[&cx.units.code(self.unit)]);
        cx.save(old.as_ref(), new, what)?;
        Ok(())
    }
}
