//! Synthetic province-scale data for benchmarks: a realistic hierarchy
//! (upper committees → đảng bộ cơ sở → đảng bộ bộ phận → chi bộ), varied
//! Vietnamese names, visits, answers and findings spread over every status
//! and over due dates around "today". Deterministic for a seed; written
//! through the store's one write path in batches.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Days, NaiveDate, NaiveTime, Utc};

mod names;

use super::{Result, template_toml};
use crate::domain::finding::{Stamp, device_tag, reference};
use crate::domain::{
    Answer, Change, Event, Finding, FindingStatus, FollowUp, Id, Op, Responsibility,
    ResponsibilityKind, Sector, Severity, TeamMember, TeamRole, Template, Unit, UnitKind, Verdict,
    Visit, VisitKind, VisitStatus,
};
use crate::store::Store;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub units: usize,
    pub findings: usize,
    pub answers: usize,
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, Default)]
pub struct Generated {
    pub units: usize,
    pub visits: usize,
    pub answers: usize,
    pub findings: usize,
    pub ops: usize,
    pub seconds: f64,
}

/// The generator's device: references are stable for a seed.
pub const GENERATOR_DEVICE: Id = Id::from_u128(0x0193_0000_0000_7000_8000_0000_0000_9e4e);
/// The name generated ops are recorded under.
pub const GENERATOR_ACTOR: &str = "Dữ liệu sinh tự động";
const BATCH: usize = 20_000;

/// SplitMix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
    /// A new id, deterministic for the seed (UUIDv7 layout, fixed epoch).
    fn id(&mut self, n: u64) -> Id {
        let hi = (0x0190_0000_0000u64 + n) << 16 | 0x7000 | (self.next() & 0x0fff);
        let lo = (self.next() & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        Id::from_u64_pair(hi, lo)
    }
}

use names::{DEM, HO, PLACES, TEN, TITLES, WORKPLACES};

fn person(r: &mut Rng) -> String {
    format!("{} {} {}", r.pick(HO), r.pick(DEM), r.pick(TEN))
}

struct Gen<'a> {
    store: &'a Store,
    r: Rng,
    n: u64,
    today: NaiveDate,
    ops: Vec<Op>,
    out: Generated,
}

impl Gen<'_> {
    fn id(&mut self) -> Id {
        self.n += 1;
        self.r.id(self.n)
    }

    fn push(&mut self, change: Change) -> Result<()> {
        let mut op = self.store.new_op(change, None)?;
        op.id = self.id();
        self.ops.push(op);
        if self.ops.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.out.ops += self.store.apply_all(&std::mem::take(&mut self.ops))?;
        Ok(())
    }

    fn day(&mut self, from: i64, to: i64) -> NaiveDate {
        let span = usize::try_from(to - from).unwrap_or(1).max(1);
        let off = from + i64::try_from(self.r.below(span)).unwrap_or(0);
        if off >= 0 {
            self.today + Days::new(off.unsigned_abs())
        } else {
            self.today - Days::new(off.unsigned_abs())
        }
    }
}

/// Generate into `store` as of `today`.
///
/// # Errors
/// The store refuses a batch (it should not) or the disk fails.
pub fn generate(store: &mut Store, spec: Spec, today: NaiveDate) -> Result<Generated> {
    let start = Instant::now();
    let (own, own_actor) = (store.device(), store.actor());
    store.set_device(GENERATOR_DEVICE);
    // Synthetic data is signed as such, never with a person's name.
    store.set_actor(GENERATOR_ACTOR);
    let result = run(store, spec, today);
    store.set_device(own);
    store.restore_actor(own_actor);
    let mut out = result?;
    out.seconds = start.elapsed().as_secs_f64();
    Ok(out)
}

fn run(store: &Store, spec: Spec, today: NaiveDate) -> Result<Generated> {
    let mut g = Gen {
        store,
        r: Rng(spec.seed ^ 0x6861_756b_6965_6d00),
        n: spec.seed << 32,
        today,
        ops: Vec::new(),
        out: Generated::default(),
    };
    let units = make_units(&mut g, spec.units.max(2))?;
    let mut template = template_toml::parse("fixtures/hau-kiem.toml", super::demo::TEMPLATE_TOML)?;
    template.id = g.id();
    template.code = format!("HK-GEN-{}", spec.seed);
    // Items every unit answers: a sector's own items would be refused
    // for the units of other sectors.
    let items: Vec<String> = template
        .items()
        .filter(|(_, i)| i.sectors.is_empty())
        .map(|(_, i)| i.code.clone())
        .collect();
    g.push(Change::create(template.clone()))?;
    make_visits(&mut g, spec, &units, &template, &items)?;
    g.flush()?;
    Ok(g.out)
}

/// Units: about 1 upper committee per 1,000, 10% đảng bộ cơ sở, 2% đảng bộ bộ phận, the rest chi bộ.
fn make_units(g: &mut Gen, n: usize) -> Result<Vec<Id>> {
    let uppers = (n / 1000).max(1);
    let grassroots = (n / 10).max(1);
    let subs = n / 50;
    let mut ids: Vec<Id> = Vec::with_capacity(n);
    let mut tiers: Vec<Vec<Id>> = vec![Vec::new(), Vec::new(), Vec::new()];
    for i in 0..n {
        let id = g.id();
        let (kind, sector, name, parent) = if i < uppers {
            (
                UnitKind::Upper,
                Sector::Other,
                format!(
                    "Đảng ủy Khối {} số {}",
                    g.r.pick(&["Cơ quan", "Doanh nghiệp", "Dân chính Đảng"]),
                    i + 1
                ),
                None,
            )
        } else if i < uppers + grassroots {
            let parent = tiers[0][g.r.below(tiers[0].len())];
            let (sector, name) = match g.r.below(4) {
                0 => (
                    Sector::Locality,
                    format!("Đảng bộ phường {} {}", g.r.pick(PLACES), i),
                ),
                1 => (
                    Sector::Locality,
                    format!("Đảng bộ xã {} {}", g.r.pick(PLACES), i),
                ),
                2 => (
                    Sector::PublicService,
                    format!(
                        "Đảng bộ {} {} {}",
                        g.r.pick(WORKPLACES),
                        g.r.pick(PLACES),
                        i
                    ),
                ),
                _ => (
                    Sector::Enterprise,
                    format!("Đảng bộ Công ty {} {}", g.r.pick(PLACES), i),
                ),
            };
            (UnitKind::GrassrootsCommittee, sector, name, Some(parent))
        } else if i < uppers + grassroots + subs {
            let parent = tiers[1][g.r.below(tiers[1].len())];
            (
                UnitKind::SubCommittee,
                Sector::Agency,
                format!("Đảng bộ bộ phận {} {}", g.r.pick(WORKPLACES), i),
                Some(parent),
            )
        } else {
            let pool = if tiers[2].is_empty() || g.r.below(3) > 0 {
                &tiers[1]
            } else {
                &tiers[2]
            };
            let parent = pool[g.r.below(pool.len())];
            let name = match g.r.below(3) {
                0 => format!("Chi bộ Tổ dân phố số {}", 1 + g.r.below(40)),
                1 => format!("Chi bộ thôn {}", g.r.pick(PLACES)),
                _ => format!("Chi bộ {} {}", g.r.pick(WORKPLACES), g.r.pick(PLACES)),
            };
            (
                UnitKind::SubordinateCell,
                Sector::Locality,
                format!("{name} ({i})"),
                Some(parent),
            )
        };
        match kind {
            UnitKind::Upper => tiers[0].push(id),
            UnitKind::GrassrootsCommittee => tiers[1].push(id),
            UnitKind::SubCommittee => tiers[2].push(id),
            _ => {}
        }
        let members = u32::try_from(
            9 + g.r.below(if kind == UnitKind::SubordinateCell {
                50
            } else {
                600
            }),
        )
        .unwrap_or(9);
        let unit = Unit {
            id,
            code: format!("G{i:05}"),
            name,
            kind,
            sector,
            parent,
            secretary: person(&mut g.r),
            members,
            valid_from: None,
            valid_to: None,
            successor: None,
        };
        g.push(Change::create(unit))?;
        ids.push(id);
    }
    g.out.units = n;
    // Visits go to grassroots organisations and cells, not to upper committees.
    Ok(ids.split_off(uppers))
}

fn make_visits(
    g: &mut Gen,
    spec: Spec,
    units: &[Id],
    template: &Template,
    items: &[String],
) -> Result<()> {
    const PER_VISIT: usize = 20;
    let per_unit_findings = spec.findings.div_ceil(units.len().max(1)).max(1);
    let rounds = per_unit_findings.div_ceil(6).max(1);
    let answers_per_pair = if spec.answers == 0 {
        0
    } else {
        spec.answers.div_ceil(units.len() * rounds).min(items.len())
    };
    let tag = device_tag(GENERATOR_DEVICE);
    let mut findings_left = spec.findings;
    let mut answers_left = spec.answers;
    let mut seq: HashMap<Id, u32> = HashMap::new();
    for round in 0..rounds {
        for (vi, chunk) in units.chunks(PER_VISIT).enumerate() {
            let latest = round + 1 == rounds;
            let start = g.day(
                -120 * i64::try_from(rounds - round).unwrap_or(1),
                -120 * i64::try_from(rounds - round - 1).unwrap_or(0) - 10,
            );
            let visit = Visit {
                id: g.id(),
                code: format!("HK-{}-{:04}", 2020 + round, vi + 1),
                plan_no: format!("{}-KH/ĐUK", 10 + vi),
                decision_no: format!("{}-QĐ/ĐUK", 40 + vi),
                title: format!(
                    "Hậu kiểm việc khắc phục hạn chế, khuyết điểm đợt {}",
                    round + 1
                ),
                kind: VisitKind::FollowUp,
                template: template.id,
                issuer: "Ban Thường vụ Đảng ủy Khối".into(),
                place: "Cần Thơ".into(),
                team: vec![
                    TeamMember {
                        name: person(&mut g.r),
                        role: TeamRole::Lead,
                    },
                    TeamMember {
                        name: person(&mut g.r),
                        role: TeamRole::Member,
                    },
                    TeamMember {
                        name: person(&mut g.r),
                        role: TeamRole::Secretary,
                    },
                ],
                start,
                end: start + Days::new(20),
                units: chunk.to_vec(),
                // Answers and findings go in while it runs; most visits
                // then conclude (a concluded visit takes no new ones).
                status: VisitStatus::InProgress,
                assignments: Vec::new(),
            };
            let (vid, vcode) = (visit.id, visit.code.clone());
            let concludes = !(latest && vi % 5 == 0);
            let running = visit.clone();
            g.push(Change::create(visit))?;
            g.out.visits += 1;
            for unit in chunk {
                for item in items.iter().take(answers_per_pair.min(answers_left)) {
                    let verdict = match g.r.below(10) {
                        0 => Verdict::Fail,
                        1 | 2 => Verdict::Partial,
                        3 => Verdict::NotApplicable,
                        _ => Verdict::Pass,
                    };
                    let a = Answer {
                        visit: vid,
                        unit: *unit,
                        item: item.clone(),
                        verdict,
                        note: String::new(),
                        evidence: String::new(),
                        by: "Đoàn giám sát".into(),
                        at: start.and_time(NaiveTime::MIN).and_utc(),
                    };
                    g.push(Change::create(a))?;
                    answers_left -= 1;
                    g.out.answers += 1;
                }
                let here = if round + 1 == rounds {
                    findings_left.min(per_unit_findings.div_ceil(rounds))
                } else {
                    findings_left.min(per_unit_findings / rounds)
                };
                for _ in 0..here {
                    let n = seq.entry(vid).or_insert(0);
                    *n += 1;
                    let f = finding(g, vid, *unit, reference(&vcode, &tag, *n), start, items)?;
                    g.push(Change::create(f))?;
                    findings_left -= 1;
                    g.out.findings += 1;
                }
            }
            if concludes {
                let mut concluded = running.clone();
                concluded.status = VisitStatus::Concluded;
                g.push(Change::update(running, concluded))?;
            }
        }
    }
    Ok(())
}

fn finding(
    g: &mut Gen,
    visit: Id,
    unit: Id,
    reference: String,
    created: NaiveDate,
    items: &[String],
) -> Result<Finding> {
    let due = g.day(-200, 240).max(created + Days::new(1));
    let by = person(&mut g.r);
    let at = Utc::now();
    let individual = g.r.below(4) == 0;
    let mut f = Finding {
        id: g.id(),
        reference,
        unit,
        visit,
        item: Some(items[g.r.below(items.len())].clone()),
        title: g.r.pick(TITLES).to_string(),
        detail: "Qua kiểm tra hồ sơ, sổ sách cho thấy việc thực hiện chưa đầy đủ, chưa thường xuyên.".into(),
        cause: "Chủ quan: cấp ủy chưa quan tâm đúng mức; khách quan: thay đổi nhân sự.".into(),
        responsibility: Responsibility { kind: if individual { ResponsibilityKind::Individual } else { ResponsibilityKind::Collective }, name: if individual { format!("Đ/c {}, Bí thư", person(&mut g.r)) } else { "Ban Chấp hành".into() } },
        remedy: "Xây dựng kế hoạch khắc phục cụ thể, phân công rõ người, rõ việc, báo cáo kết quả đúng hạn.".into(),
        severity: [Severity::Limitation, Severity::Shortcoming, Severity::Violation][g.r.below(3)],
        due,
        status: FindingStatus::Open,
        created,
        history: vec![FollowUp { date: created, at, by: by.clone(), event: Event::Created, note: String::new() }],
        origin: crate::domain::Origin::Visit,
    };
    let path: &[FindingStatus] = match g.r.below(20) {
        0..=3 => &[],
        4..=8 => &[FindingStatus::InProgress],
        9..=11 => &[FindingStatus::InProgress, FindingStatus::Remediated],
        12..=17 => &[
            FindingStatus::InProgress,
            FindingStatus::Remediated,
            FindingStatus::Verified,
        ],
        _ => &[FindingStatus::Unremediable],
    };
    let mut date = created;
    for to in path {
        date = (date + Days::new(1 + g.r.below(60) as u64)).min(g.today);
        f = f.with_status(
            *to,
            "Cập nhật kết quả khắc phục",
            Stamp {
                date,
                at,
                by: by.clone(),
            },
        )?;
    }
    if f.status.is_active() && g.r.below(6) == 0 {
        let to = f.due + Days::new(30 + g.r.below(90) as u64);
        f = f.with_extension(
            to,
            "Đơn vị đề nghị gia hạn do thay đổi nhân sự cấp ủy",
            Stamp {
                date: g.today.min(f.due),
                at,
                by,
            },
        )?;
    }
    Ok(f)
}
