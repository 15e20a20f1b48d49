//! [`ScenarioRun`]: one clock for every hazard.
//!
//! The clock stops at every check (`check_interval`), at every scheduled start and at the end.
//! Between stops each running engine is advanced through `hazsim_grid::Simulation::advance` to
//! the stop, in its own time (engine time 0 is the hazard's start); at each check the triggers
//! of waiting hazards are evaluated, chains pass what one hazard does to another (debris
//! releases, a breach, a deposit raising a flood's bed), and the assets, people, relief,
//! shelters and warnings are updated. No engine is ever stepped past a time at which a trigger
//! could fire, because triggers are only evaluated at stops, and every engine is at the stop
//! when they are.

use crate::engines::{Engine, Setup};
use crate::events::{Event, EventKind};
use crate::exposure::Exposure;
use crate::rain::{caine_exceeded, depth_mm, rate_mm_per_h};
use crate::result::ScenarioResult;
use crate::scenario::Scenario;
use crate::spec::{HazardSpec, RainRule, Start, Trigger};
use crate::{Error, Result};
use hazsim_grid::{Field, Progress, Raster, Simulation};
use rand::SeedableRng;

/// Where a hazard is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// Waiting for its trigger.
    Waiting,
    /// Triggered; starts at this scenario time.
    Scheduled(f64),
    /// Running since its start.
    Running,
    /// Its engine ran its duration.
    Ended,
    /// Its trigger held but the probability draw kept it from starting.
    Suppressed,
}

/// One hazard on the clock.
#[derive(Debug)]
pub(crate) struct HazardRun {
    pub status: Status,
    /// Scenario time of the start.
    pub start: Option<f64>,
    pub engine: Option<Engine>,
    /// Debris cells released so far.
    pub released: Vec<bool>,
    /// Cells to release at the start (from the trigger).
    pub pending: Vec<usize>,
    /// Debris arrival (scenario time) per cell; NaN = not reached.
    pub arrival: Vec<f32>,
    /// Scenario time of the release routed at the next advance (routing).
    pub release_time: Option<f64>,
    /// Peak 15-min rain (mm) so far, for post-fire triggers.
    pub peak15: f64,
    /// Burned cells of the last Staley map, and the (cell, rainfall threshold mm) of the
    /// channel cells it assesses.
    pub staley_cache: Option<(usize, Vec<(usize, f32)>)>,
    /// Deposit already added to the dammed flood's bed (m per cell).
    pub dam_applied: Vec<f32>,
    /// The breach trigger has fired.
    pub breach_fired: bool,
    /// Scenario time the fire passed 2 ha.
    pub passed_2ha: Option<f64>,
    /// Random draws of this hazard's trigger.
    rng: rand::rngs::Xoshiro256PlusPlus,
}

impl HazardRun {
    /// The engine's time for scenario time `t`.
    fn local(&self, t: f64) -> f64 {
        t - self.start.unwrap_or(0.0)
    }

    pub(crate) fn started(&self) -> bool {
        matches!(self.status, Status::Running | Status::Ended)
    }

    /// A field of the engine, if started.
    pub(crate) fn field(&self, name: &str) -> Option<ndarray::ArrayView2<'_, f32>> {
        self.engine.as_ref().and_then(|e| e.view().field(name))
    }
}

/// A scenario being run: step it, read it, finish it.
#[derive(Debug)]
pub struct ScenarioRun {
    pub(crate) sc: Scenario,
    pub(crate) t: f64,
    /// Index of the next check (the check at `k * check_interval`).
    next_check: u64,
    pub(crate) hz: Vec<HazardRun>,
    pub(crate) events: Vec<Event>,
    pub(crate) exposure: Exposure,
    /// Wall time spent in engines' `advance` and in the scenario's own work (s).
    pub(crate) engine_seconds: f64,
    pub(crate) scenario_seconds: f64,
    /// The starts and the check at t = 0 are done.
    began: bool,
}

/// Maps an engine's progress into a slice of the scenario's.
struct Slice<'a> {
    outer: &'a mut dyn Progress,
    lo: f64,
    hi: f64,
}

impl Progress for Slice<'_> {
    fn report(&mut self, fraction: f64, stage: &str) -> bool {
        self.outer.report(
            self.lo + (self.hi - self.lo) * fraction.clamp(0.0, 1.0),
            stage,
        )
    }
}

impl ScenarioRun {
    /// Sets the scenario up at t = 0 (hazards starting at 0 start at the first step).
    pub fn new(sc: Scenario) -> Self {
        let n = sc.terrain.dem().data.len();
        let seed = sc.spec.scenario.seed;
        let hz = sc
            .spec
            .hazards
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let status = match h.timing().0 {
                    Start::At(t) => Status::Scheduled(t.0 + h.timing().1 .0),
                    Start::When(_) => Status::Waiting,
                };
                let debris = h.kind() == "debris";
                HazardRun {
                    status,
                    start: None,
                    engine: None,
                    released: if debris { vec![false; n] } else { Vec::new() },
                    pending: Vec::new(),
                    arrival: if debris {
                        vec![f32::NAN; n]
                    } else {
                        Vec::new()
                    },
                    release_time: None,
                    peak15: 0.0,
                    staley_cache: None,
                    dam_applied: Vec::new(),
                    breach_fired: false,
                    passed_2ha: None,
                    rng: rand::rngs::Xoshiro256PlusPlus::seed_from_u64(
                        seed ^ (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i as u64 + 1)),
                    ),
                }
            })
            .collect();
        let exposure = Exposure::new(&sc);
        ScenarioRun {
            sc,
            t: 0.0,
            next_check: 1,
            hz,
            events: Vec::new(),
            exposure,
            engine_seconds: 0.0,
            scenario_seconds: 0.0,
            began: false,
        }
    }

    /// Scenario time now (s).
    pub fn now(&self) -> f64 {
        self.t
    }

    /// The scenario's duration (s).
    pub fn duration(&self) -> f64 {
        self.sc.spec.scenario.duration.0
    }

    /// Events so far, in time order.
    pub fn events(&self) -> Vec<Event> {
        let mut e = self.events.clone();
        e.sort_by(|a, b| a.t.total_cmp(&b.t));
        e
    }

    /// The status of each hazard, in file order.
    pub fn statuses(&self) -> Vec<(String, Status)> {
        self.sc
            .hazards
            .iter()
            .zip(&self.hz)
            .map(|(p, h)| (p.id.clone(), h.status))
            .collect()
    }

    /// A field of a hazard now (scenario times for arrival times) by its full name
    /// (`flood.depth`) or short name (`depth`); `None` while the hazard has not started or when
    /// its engine does not produce the field. A hazard id that is not in the scenario is
    /// [`Error::UnknownHazard`], a name that is no engine's field [`Error::Invalid`].
    pub fn field(&self, hazard: &str, name: &str) -> Result<Option<Raster<f32>>> {
        let Some(i) = self.sc.hazards.iter().position(|p| p.id == hazard) else {
            return Err(Error::UnknownHazard {
                id: hazard.to_string(),
                known: self.sc.hazards.iter().map(|p| p.id.clone()).collect(),
            });
        };
        let kind = self.sc.hazards[i].kind;
        let full = if name.contains('.') {
            name.to_string()
        } else {
            format!("{kind}.{name}")
        };
        // `debris.arrival_time` is the scenario's own (routing has no clock).
        if hazsim_grid::fields::lookup(&full).is_none() && full != "debris.arrival_time" {
            return Err(Error::invalid(
                "field",
                format!("{name:?}"),
                &format!("a field of the {kind} engine (docs/fields.md; short names such as \"depth\" work)"),
            ));
        }
        Ok(crate::result::hazard_field(&self.sc, &self.hz[i], &full))
    }

    /// Advances the scenario to `until` (s; capped at the duration), stopping at every check
    /// and scheduled start. Progress is the fraction of the scenario's duration reached;
    /// cancelling returns [`Error::Cancelled`] and the run can go on from there.
    pub fn step(&mut self, until: f64, progress: &mut dyn Progress) -> Result<()> {
        if until.is_nan() {
            return Err(Error::invalid("until", until, "a scenario time in seconds"));
        }
        let end = self.duration();
        let target = until.min(end);
        let ci = self.sc.spec.scenario.check_interval.0;
        if !self.began {
            self.began = true;
            self.start_due(progress)?;
            self.check(progress)?;
        }
        while self.t < target {
            let check_t = (self.next_check as f64 * ci).min(end);
            let mut next = check_t.min(target);
            for h in &self.hz {
                if let Status::Scheduled(s) = h.status {
                    if s > self.t {
                        next = next.min(s);
                    }
                }
            }
            let lo = self.t / end;
            let hi = next / end;
            self.advance_engines(
                next,
                &mut Slice {
                    outer: progress,
                    lo,
                    hi,
                },
            )?;
            self.t = next;
            self.start_due(progress)?;
            if next >= check_t {
                self.next_check += 1;
                self.check(progress)?;
            }
            if !progress.report(hi, "scenario") && self.t < target {
                return Err(Error::Cancelled { time: self.t });
            }
        }
        Ok(())
    }

    /// Runs to the end and gathers the result.
    pub fn finish(mut self, progress: &mut dyn Progress) -> Result<ScenarioResult> {
        let end = self.duration();
        self.step(end, progress)?;
        Ok(crate::result::gather(self))
    }

    fn advance_engines(&mut self, next: f64, progress: &mut dyn Progress) -> Result<()> {
        let running: Vec<usize> = (0..self.hz.len())
            .filter(|&i| self.hz[i].status == Status::Running)
            .collect();
        let n = running.len().max(1) as f64;
        for (k, &i) in running.iter().enumerate() {
            let id = self.sc.hazards[i].id.clone();
            let run_for = self.sc.hazards[i].run_for;
            let h = &mut self.hz[i];
            let local_end = run_for;
            let until = h.local(next).min(local_end);
            let mut slice = Slice {
                outer: progress,
                lo: k as f64 / n,
                hi: (k + 1) as f64 / n,
            };
            let clock = std::time::Instant::now();
            let engine = h.engine.as_mut().expect("running hazards have an engine");
            let r = engine.sim().advance(until, &mut slice);
            self.engine_seconds += clock.elapsed().as_secs_f64();
            match r {
                Ok(()) => {}
                Err(hazsim_grid::Error::Cancelled { .. }) => {
                    return Err(Error::Cancelled { time: self.t })
                }
                // Released cells that cannot move (gentler than the travel angle) stay where
                // they are: an event, not a failure of the scenario.
                Err(e)
                    if matches!(
                        e.engine_error::<hazsim_debris::Error>(),
                        Some(hazsim_debris::Error::NoRunout { .. })
                    ) =>
                {
                    self.events.push(
                        Event::new(
                            next,
                            EventKind::Release,
                            format!("{id}: released debris cannot run out ({e})"),
                            format!("{id}：启动的泥石流物源坡度低于能量线坡度，未形成流动"),
                        )
                        .hazard(&id)
                        .value("runout", false),
                    );
                }
                Err(e) => return Err(Error::engine(&id, e)),
            }
            // Routing is instantaneous: cells first reached by this release get arrival
            // times from their travel length and the front speed.
            if let (Engine::Route(r), Some(tr)) = (engine, h.release_time.take()) {
                let speed = match &self.sc.spec.hazards[i] {
                    HazardSpec::Debris(d) => d.front_speed,
                    _ => unreachable!(),
                };
                let run = r.runout();
                if let (Some(sus), Some(len)) = (
                    run.field("debris.susceptibility"),
                    run.field("debris.travel_length"),
                ) {
                    for ((a, &s), &l) in h
                        .arrival
                        .iter_mut()
                        .zip(sus.data.iter())
                        .zip(len.data.iter())
                    {
                        if a.is_nan() && s > 0.0 {
                            *a = (tr + l.max(0.0) as f64 / speed) as f32;
                        }
                    }
                }
            }
            if until >= local_end && h.status == Status::Running {
                h.status = Status::Ended;
                let t_end = h.start.unwrap_or(0.0) + local_end;
                self.events.push(
                    Event::new(
                        t_end,
                        EventKind::HazardEnd,
                        format!("{id}: the simulation of this hazard ends"),
                        format!("{id}：该灾害模拟结束"),
                    )
                    .hazard(&id),
                );
            }
        }
        Ok(())
    }

    /// Starts every hazard scheduled at or before now.
    fn start_due(&mut self, _progress: &mut dyn Progress) -> Result<()> {
        for i in 0..self.hz.len() {
            let Status::Scheduled(s) = self.hz[i].status else {
                continue;
            };
            if s > self.t {
                continue;
            }
            let p = &self.sc.hazards[i];
            let clock = std::time::Instant::now();
            let engine = p.build(&self.sc.terrain)?;
            self.engine_seconds += clock.elapsed().as_secs_f64();
            let id = p.id.clone();
            let kind = p.kind;
            let h = &mut self.hz[i];
            h.engine = Some(engine);
            h.start = Some(self.t);
            h.status = Status::Running;
            self.events.push(
                Event::new(
                    self.t,
                    EventKind::HazardStart,
                    format!("{id}: {kind} starts"),
                    format!("{id}：{}开始", kind_zh(kind)),
                )
                .hazard(&id)
                .value("kind", kind),
            );
            // Releases at the start: the configured cells and those the trigger picked.
            let mut cells = match &p.setup {
                Setup::Route { release, .. } => {
                    // already in the engine; routed at the next advance
                    if !release.is_empty() {
                        for &c in release {
                            h.released[c] = true;
                        }
                        h.release_time = Some(self.t);
                        let n = release.len();
                        self.events.push(release_event(
                            self.t,
                            &id,
                            n,
                            self.sc.terrain.cell_size(),
                        ));
                    }
                    Vec::new()
                }
                Setup::Voellmy { release, .. } => release.clone(),
                _ => Vec::new(),
            };
            cells.append(&mut std::mem::take(&mut self.hz[i].pending));
            if !cells.is_empty() {
                self.release(i, &cells)?;
            }
            self.exposure
                .on_hazard_start(&self.sc, i, self.t, &mut self.events);
        }
        Ok(())
    }

    /// Releases debris at `cells` now (cells already released are skipped).
    fn release(&mut self, i: usize, cells: &[usize]) -> Result<()> {
        let h = &mut self.hz[i];
        let fresh: Vec<usize> = cells.iter().copied().filter(|&c| !h.released[c]).collect();
        if fresh.is_empty() {
            return Ok(());
        }
        let p = &self.sc.hazards[i];
        let depth = match &self.sc.spec.hazards[i] {
            HazardSpec::Debris(d) => d.release_depth,
            _ => unreachable!(),
        };
        let dem = self.sc.terrain.dem();
        let (input, value) = match h.engine.as_ref() {
            Some(Engine::Voellmy(_)) => ("debris.release_depth", depth as f32),
            _ => ("debris.release", 1.0f32),
        };
        let mut mark = dem.map(|_| 0.0f32);
        let flat = mark.data.as_slice_mut().expect("standard layout");
        for &c in &fresh {
            flat[c] = value;
        }
        let engine = h.engine.as_mut().expect("started");
        let clock = std::time::Instant::now();
        let r = engine.sim().set_input(input, &Field::Raster(mark));
        self.engine_seconds += clock.elapsed().as_secs_f64();
        r.map_err(|e| Error::engine(&p.id, e))?;
        for &c in &fresh {
            h.released[c] = true;
        }
        if matches!(engine, Engine::Route(_)) {
            h.release_time = Some(self.t);
        }
        let ev = release_event(self.t, &p.id, fresh.len(), self.sc.terrain.cell_size());
        let ev = if input == "debris.release_depth" {
            ev.num(
                "volume_m3",
                fresh.len() as f64 * self.sc.terrain.cell_size().powi(2) * depth,
            )
        } else {
            ev
        };
        self.events.push(ev);
        Ok(())
    }

    /// Everything evaluated at a check.
    fn check(&mut self, progress: &mut dyn Progress) -> Result<()> {
        let clock = std::time::Instant::now();
        let t = self.t;
        // 1. Triggers of waiting hazards.
        for i in 0..self.hz.len() {
            if self.hz[i].status != Status::Waiting {
                continue;
            }
            let Start::When(tr) = self.sc.spec.hazards[i].timing().0.clone() else {
                continue;
            };
            let Some(cells) = self.condition(i, &tr)? else {
                continue;
            };
            let (_, lag, p, _) = self.sc.spec.hazards[i].timing();
            let id = self.sc.hazards[i].id.clone();
            let ev = Event::new(
                t,
                EventKind::Trigger,
                format!("{id}: trigger {} holds", trigger_name(&tr)),
                format!("{id}：触发条件“{}”满足", trigger_name_zh(&tr)),
            )
            .hazard(&id)
            .value("trigger", trigger_name(&tr))
            .num("lag_s", lag.0)
            .num("probability", p);
            self.events.push(ev);
            let u: f64 = rand::RngExt::random(&mut self.hz[i].rng);
            if u >= p {
                self.hz[i].status = Status::Suppressed;
                self.events.push(
                    Event::new(
                        t,
                        EventKind::TriggerSuppressed,
                        format!("{id}: does not start (probability {p}, draw {u:.3})"),
                        format!("{id}：未发生（概率 {p}，抽样 {u:.3}）"),
                    )
                    .hazard(&id),
                );
                continue;
            }
            let at = t + lag.0;
            if at > self.duration() {
                self.hz[i].status = Status::Suppressed;
                continue;
            }
            self.hz[i].status = Status::Scheduled(at);
            // The trigger's cells release only for a susceptible release; other releases
            // keep their own cells.
            let picks = matches!(&self.sc.spec.hazards[i], HazardSpec::Debris(d)
                if matches!(d.release, crate::spec::ReleaseSpec::Susceptible(_)));
            self.hz[i].pending = if picks { cells } else { Vec::new() };
        }
        self.start_due(progress)?;
        // 2. Chains on running hazards.
        for i in 0..self.hz.len() {
            if self.hz[i].status != Status::Running {
                continue;
            }
            let spec = self.sc.spec.hazards[i].clone();
            match &spec {
                HazardSpec::Debris(d) => {
                    // Susceptible releases spread with the rain.
                    if matches!(d.release, crate::spec::ReleaseSpec::Susceptible(_)) {
                        if let Start::When(tr) = &d.start {
                            if let Some(cells) = self.condition(i, tr)? {
                                self.release(i, &cells)?;
                            }
                        }
                    }
                    if let Some(flood) = &d.dams {
                        self.dam(i, flood)?;
                    }
                    // Voellmy arrivals, at checks.
                    let h = &mut self.hz[i];
                    if let Some(Engine::Voellmy(v)) = &h.engine {
                        let thr = v.config().runout_threshold as f32;
                        if let Some(m) = v.field("debris.max_depth") {
                            for (a, &d) in h.arrival.iter_mut().zip(m.iter()) {
                                if a.is_nan() && d >= thr {
                                    *a = t as f32;
                                }
                            }
                        }
                    }
                }
                HazardSpec::Flood(f) => {
                    if let (Some(tr), false) = (&f.breach_start, self.hz[i].breach_fired) {
                        if self.condition(i, tr)?.is_some() {
                            let at = t;
                            let local = self.hz[i].local(at);
                            if let Some(Engine::Flood(sim)) = self.hz[i].engine.as_mut() {
                                sim.start_breach(local)
                                    .map_err(|e| Error::engine(&f.id, e))?;
                            }
                            self.hz[i].breach_fired = true;
                            self.events.push(
                                Event::new(
                                    at,
                                    EventKind::BreachStart,
                                    format!(
                                        "{}: the dam breach starts to open ({})",
                                        f.id,
                                        trigger_name(tr)
                                    ),
                                    format!("{}：溃坝开始（{}）", f.id, trigger_name_zh(tr)),
                                )
                                .hazard(&f.id),
                            );
                        }
                    }
                    if f.breach_start.is_none() && !self.hz[i].breach_fired {
                        if let Some(Engine::Flood(sim)) = &self.hz[i].engine {
                            if let Some(bs) = sim.breach_start() {
                                let at = self.hz[i].start.unwrap_or(0.0) + bs;
                                if at <= t {
                                    self.hz[i].breach_fired = true;
                                    self.events.push(
                                        Event::new(
                                            at,
                                            EventKind::BreachStart,
                                            format!("{}: the dam breach starts to open", f.id),
                                            format!("{}：溃坝开始", f.id),
                                        )
                                        .hazard(&f.id),
                                    );
                                }
                            }
                        }
                    }
                }
                HazardSpec::Fire(f) => {
                    if self.hz[i].passed_2ha.is_none() {
                        if let Some(Engine::Fire(sim)) = &self.hz[i].engine {
                            let cell_area = self.sc.terrain.cell_size().powi(2);
                            let k = (2e4 / cell_area).ceil() as usize;
                            let times = sim.burned_times();
                            if k >= 1 && times.len() >= k {
                                let at = self.hz[i].start.unwrap_or(0.0) + times[k - 1];
                                self.hz[i].passed_2ha = Some(at);
                                self.events.push(
                                    Event::new(
                                        at,
                                        EventKind::FireSizeThreshold,
                                        format!("{}: the fire passes 2 ha (30 mu), the plan's limit for a single fire", f.id),
                                        format!("{}：火场面积超过 2 公顷（30 亩），超出预案单次火灾控制目标", f.id),
                                    )
                                    .hazard(&f.id)
                                    .num("area_ha", 2.0)
                                    .num("area_mu", 30.0),
                                );
                            }
                        }
                    }
                }
            }
        }
        // 3. Exposure, relief, shelters, warnings.
        self.exposure
            .update(&self.sc, &self.hz, t, &mut self.events)?;
        self.scenario_seconds += clock.elapsed().as_secs_f64();
        Ok(())
    }

    /// Adds the stopped part of debris hazard `i`'s deposit to the bed of flood `flood`.
    fn dam(&mut self, i: usize, flood: &str) -> Result<()> {
        let Some(fi) = self.sc.hazards.iter().position(|p| p.id == flood) else {
            return Ok(());
        };
        if self.hz[fi].status != Status::Running {
            return Ok(());
        }
        let h = &mut self.hz[i];
        let Some(Engine::Voellmy(v)) = &h.engine else {
            return Ok(());
        };
        let (Some(depth), Some(speed)) = (v.field("debris.depth"), v.field("debris.speed")) else {
            return Ok(());
        };
        let n = depth.len();
        if h.dam_applied.is_empty() {
            h.dam_applied = vec![0.0; n];
        }
        let mut change = self.sc.terrain.dem().map(|_| 0.0f32);
        let (mut cells, mut volume, mut highest) = (0usize, 0.0f64, 0.0f32);
        let area = self.sc.terrain.cell_size().powi(2);
        {
            let flat = change.data.as_slice_mut().expect("standard layout");
            for (k, ((&d, &s), applied)) in depth
                .iter()
                .zip(speed.iter())
                .zip(h.dam_applied.iter_mut())
                .enumerate()
            {
                // Stopped material (speed below 0.1 m/s) outside the release area, at least
                // 1 cm above what is applied already.
                if s < DEPOSIT_SPEED && !h.released[k] && d - *applied >= 0.01 {
                    let add = d - *applied;
                    flat[k] = add;
                    *applied = d;
                    cells += 1;
                    volume += add as f64 * area;
                    highest = highest.max(d);
                }
            }
        }
        if cells == 0 {
            return Ok(());
        }
        let debris_id = self.sc.hazards[i].id.clone();
        if let Some(e) = self.hz[fi].engine.as_mut() {
            // The engine's own work (checking and raising the bed) counts as engine time.
            let clock = std::time::Instant::now();
            let r = e
                .sim()
                .set_input("flood.bed_change", &Field::Raster(change));
            self.engine_seconds += clock.elapsed().as_secs_f64();
            r.map_err(|e| Error::engine(flood, e))?;
        }
        self.events.push(
            Event::new(
                self.t,
                EventKind::BarrierDeposit,
                format!("{debris_id}: debris deposit raises the bed of {flood} over {cells} cells (up to {highest:.1} m); water ponds behind it"),
                format!("{debris_id}：泥石流堆积体抬高 {flood} 河床（{cells} 个网格，最高 {highest:.1} 米），可能形成堰塞湖"),
            )
            .hazard(&debris_id)
            .value("flood", flood)
            .value("cells", cells as u64)
            .num("volume_m3", volume)
            .num("max_height_m", highest as f64),
        );
        Ok(())
    }

    /// Evaluates a trigger for hazard `i` now: `None` when it does not hold, otherwise the
    /// cells it picks (empty for triggers without cells).
    fn condition(&mut self, i: usize, tr: &Trigger) -> Result<Option<Vec<usize>>> {
        let t = self.t;
        let idx = |id: &str| self.sc.hazards.iter().position(|p| p.id == id);
        let n = self.sc.terrain.dem().data.len();
        Ok(match tr {
            Trigger::Rain {
                of,
                mm,
                within,
                rule,
            } => {
                let f = idx(of).expect("checked");
                if !self.hz[f].started() {
                    return Ok(None);
                }
                let Setup::Flood(cfg) = &self.sc.hazards[f].setup else {
                    return Ok(None);
                };
                let tl = self.hz[f].local(t);
                // Uniform rain gives one answer for every cell: no per-cell work then.
                let uniform = matches!(
                    cfg.rain,
                    hazsim_flood::Rain::Uniform(_) | hazsim_flood::Rain::None
                );
                let hit: Option<Vec<bool>> = match (mm, within, rule) {
                    (Some(m), Some(w), _) => match depth_mm(&cfg.rain, tl - w.0, tl) {
                        crate::rain::PerCell::Uniform(d) => (d >= *m).then_some(Vec::new()),
                        d => Some((0..n).map(|c| d.at(c) >= *m).collect()),
                    },
                    (_, _, Some(RainRule::Caine1980)) if uniform => {
                        caine_exceeded(&cfg.rain, tl, 1)[0].then_some(Vec::new())
                    }
                    (_, _, Some(RainRule::Caine1980)) => Some(caine_exceeded(&cfg.rain, tl, n)),
                    (_, _, Some(RainRule::Shalstab)) => {
                        let rate = rate_mm_per_h(&cfg.rain, tl);
                        match (
                            self.sc.hazards[i].critical_rainfall.as_ref(),
                            rate.max() > 0.0,
                        ) {
                            (Some(q), true) => Some(
                                (0..n)
                                    .map(|c| {
                                        let r = rate.at(c) / 3.6e6;
                                        q[c].is_finite() && r > 0.0 && r >= q[c] as f64
                                    })
                                    .collect(),
                            ),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                // `Some(empty)`: holds in every cell.
                let Some(hit) = hit else {
                    return Ok(None);
                };
                let sus = self.sc.hazards[i].susceptible.as_ref();
                match (sus, hit.is_empty()) {
                    (None, true) => Some(Vec::new()),
                    (None, false) => hit.iter().any(|&b| b).then(Vec::new),
                    (Some(s), everywhere) => {
                        let cells: Vec<usize> =
                            (0..n).filter(|&c| s[c] && (everywhere || hit[c])).collect();
                        (!cells.is_empty()).then_some(cells)
                    }
                }
            }
            Trigger::PostFireRain {
                fire,
                rain,
                probability,
                min_area,
                max_area,
                ..
            } => {
                let (fi, ri) = (idx(fire).expect("checked"), idx(rain).expect("checked"));
                if !(self.hz[fi].started() && self.hz[ri].started()) {
                    return Ok(None);
                }
                let Setup::Flood(cfg) = &self.sc.hazards[ri].setup else {
                    return Ok(None);
                };
                let tl = self.hz[ri].local(t);
                let r15 = depth_mm(&cfg.rain, tl - 900.0, tl).max();
                let peak = self.hz[i].peak15.max(r15);
                self.hz[i].peak15 = peak;
                let Some(Engine::Fire(sim)) = &self.hz[fi].engine else {
                    return Ok(None);
                };
                let burned = sim.burned_times().len();
                if burned == 0 || peak <= 0.0 {
                    return Ok(None);
                }
                // The M1 rainfall threshold for the likelihood `probability` of every assessed
                // cell depends on the fire only: it is mapped again when the fire grew, and a
                // cell releases once the peak 15-min rain reaches its threshold.
                if !matches!(&self.hz[i].staley_cache, Some((b, _)) if *b == burned) {
                    let dem = self.sc.terrain.dem();
                    let arrival = dem.like(
                        sim.field("fire.arrival_time")
                            .expect("fire field")
                            .to_owned(),
                    );
                    let intensity = dem.like(
                        sim.field("fire.fireline_intensity")
                            .expect("fire field")
                            .to_owned(),
                    );
                    let severity =
                        hazsim_debris::BurnSeverity::fire_arrival(arrival, Some(intensity));
                    let params = hazsim_debris::StaleyParams {
                        model: hazsim_debris::M1::for_duration(hazsim_debris::RainDuration::Min15),
                        rainfall: peak,
                        probability: *probability,
                    };
                    let kf = self.sc.hazards[i]
                        .kf_factor
                        .clone()
                        .unwrap_or(Field::Uniform(0.2));
                    let map = hazsim_debris::staley_m1_map(
                        &self.sc.terrain,
                        &severity,
                        &kf,
                        &params,
                        *min_area,
                    )
                    .map_err(|e| Error::engine(&self.sc.hazards[i].id, e))?;
                    let sus = self.sc.hazards[i].susceptible.as_ref();
                    // Burned basins of the size M1 was fitted on (USGS assessments).
                    let fire_w = map.fire.data.as_slice().expect("standard layout");
                    let area = map.upslope_area.data.as_slice().expect("standard layout");
                    let assessed: Vec<(usize, f32)> = map
                        .rainfall_threshold
                        .data
                        .iter()
                        .enumerate()
                        .filter(|(c, &r)| {
                            r.is_finite()
                                && fire_w[*c] > 0.0
                                && (area[*c] as f64) <= *max_area
                                && sus.is_none_or(|s| s[*c])
                        })
                        .map(|(c, &r)| (c, r))
                        .collect();
                    self.hz[i].staley_cache = Some((burned, assessed));
                }
                let cells: Vec<usize> = self.hz[i]
                    .staley_cache
                    .as_ref()
                    .map(|(_, a)| {
                        a.iter()
                            .filter(|(_, r)| peak >= *r as f64)
                            .map(|(c, _)| *c)
                            .collect()
                    })
                    .unwrap_or_default();
                if cells.is_empty() {
                    None
                } else {
                    Some(cells)
                }
            }
            Trigger::ReservoirLevel { above } => {
                let h = &self.hz[i];
                let Some(Engine::Flood(sim)) = &h.engine else {
                    return Ok(None);
                };
                let depth = sim.field("flood.depth").expect("flood depth");
                let flat = depth.as_slice().expect("standard layout");
                let z = self
                    .sc
                    .terrain
                    .dem()
                    .data
                    .as_slice()
                    .expect("standard layout");
                let wet = sim.config().wet_threshold as f32;
                let (mut sum, mut count) = (0.0f64, 0usize);
                for &c in &self.sc.hazards[i].reservoir_cells {
                    if flat[c] > wet {
                        sum += (z[c] + flat[c]) as f64;
                        count += 1;
                    }
                }
                (count > 0 && sum / count as f64 >= *above).then(Vec::new)
            }
            Trigger::Gauge {
                of,
                field,
                at,
                above,
            } => {
                let g = idx(of).expect("checked");
                let kind = self.sc.hazards[g].kind;
                let name = if field.contains('.') {
                    field.clone()
                } else {
                    format!("{kind}.{field}")
                };
                let Some(cell) = self.sc.terrain.dem().cell_index(at[0], at[1]) else {
                    return Ok(None);
                };
                match self.hz[g].field(&name) {
                    Some(v) => (v[cell] >= *above as f32).then(Vec::new),
                    None => None,
                }
            }
            Trigger::FireArea { of, ha } => {
                let g = idx(of).expect("checked");
                let Some(Engine::Fire(sim)) = &self.hz[g].engine else {
                    return Ok(None);
                };
                let area =
                    sim.burned_times().len() as f64 * self.sc.terrain.cell_size().powi(2) / 1e4;
                (area >= *ha).then(Vec::new)
            }
        })
    }
}

/// Speed (m/s) below which Voellmy material counts as deposited.
pub(crate) const DEPOSIT_SPEED: f32 = 0.1;

fn release_event(t: f64, id: &str, cells: usize, cell_size: f64) -> Event {
    let area = cells as f64 * cell_size * cell_size;
    Event::new(
        t,
        EventKind::Release,
        format!(
            "{id}: debris released from {cells} cells ({:.1} ha)",
            area / 1e4
        ),
        format!(
            "{id}：泥石流从 {cells} 个网格启动（{:.1} 公顷）",
            area / 1e4
        ),
    )
    .hazard(id)
    .value("cells", cells as u64)
    .num("area_m2", area)
}

/// The Chinese name of a hazard kind.
pub(crate) fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "flood" => "洪水",
        "fire" => "森林火灾",
        "debris" => "泥石流",
        _ => "灾害",
    }
}

fn trigger_name(t: &Trigger) -> String {
    match t {
        Trigger::Rain {
            of,
            mm: Some(m),
            within: Some(w),
            ..
        } => format!("rain of {of} >= {m} mm within {w}"),
        Trigger::Rain {
            of,
            rule: Some(RainRule::Caine1980),
            ..
        } => format!("rain of {of} above the Caine (1980) threshold"),
        Trigger::Rain { of, .. } => format!("rain of {of} above the SHALSTAB critical rainfall"),
        Trigger::PostFireRain {
            fire,
            rain,
            probability,
            ..
        } => {
            format!("post-fire rain of {rain} on {fire} gives a debris-flow likelihood >= {probability} (Staley et al. 2017)")
        }
        Trigger::ReservoirLevel { above } => format!("reservoir level >= {above} m"),
        Trigger::Gauge {
            of, field, above, ..
        } => format!("{of} {field} >= {above} at the gauge"),
        Trigger::FireArea { of, ha } => format!("fire {of} larger than {ha} ha"),
    }
}

fn trigger_name_zh(t: &Trigger) -> String {
    match t {
        Trigger::Rain {
            of,
            mm: Some(m),
            within: Some(w),
            ..
        } => format!("{of} 降雨 {w} 内达到 {m} 毫米"),
        Trigger::Rain {
            of,
            rule: Some(RainRule::Caine1980),
            ..
        } => format!("{of} 降雨超过 Caine（1980）阈值"),
        Trigger::Rain { of, .. } => format!("{of} 降雨超过 SHALSTAB 临界降雨"),
        Trigger::PostFireRain {
            fire,
            rain,
            probability,
            ..
        } => {
            format!("{fire} 火烧迹地遭遇 {rain} 降雨，泥石流概率 ≥ {probability}（Staley 等 2017）")
        }
        Trigger::ReservoirLevel { above } => format!("水库水位 ≥ {above} 米"),
        Trigger::Gauge {
            of, field, above, ..
        } => format!("{of} 监测点 {field} ≥ {above}"),
        Trigger::FireArea { of, ha } => format!("{of} 火场面积超过 {ha} 公顷"),
    }
}
