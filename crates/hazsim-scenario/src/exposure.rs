//! What the hazards do to assets and people, evaluated at every check: the first arrival of
//! each hazard at each asset, the largest intensities, the asset's state (open, cut, damaged,
//! destroyed) and the time it spends cut; people exposed and displaced; relief from the depots
//! over a travel-time surface in which flooded, burning and debris-covered cells are
//! impassable; displaced people sent to the nearest shelter with room; warnings that reach
//! people before the hazard does.
//!
//! **Sampling.** Arrival times of floods and fires are the engines' own (exact); debris arrival
//! is exact for routing (travel length over front speed) and taken at checks for Voellmy.
//! States, the time an asset is cut, relief and shelters are evaluated at checks, so their
//! times carry the check interval's resolution.
//!
//! **People.** With a population raster (`terrain.population_day`/`_night`) every populated
//! cell is a group; without one, the assets' `population_day`/`population_night` are. People
//! count by day from 08:00 to 20:00 local time of the scenario's wall-clock start (by day
//! throughout when it has none). A group is exposed when a hazard first reaches its cell (flood
//! depth past the arrival threshold, fire, debris) or its asset; displaced when its home is
//! cut, damaged or destroyed (for raster groups: flood depth at least `relief.passable_depth`,
//! fire or debris at the cell).
//!
//! **Relief.** Relief leaves every depot at each check for the exposed people not yet reached
//! (after `relief.dispatch_delay`), over a travel-time surface (`hazsim_grid::travel_time`:
//! road assets at `relief.road_speed`, other cells at `relief.offroad_speed`, impassable where
//! the flood is at least `relief.passable_depth` deep, where fire burned within
//! `relief.fire_closure`, and where debris arrived). A group is reached when relief gets to its
//! cell or a neighbour (the edge of the water) at the conditions of departure.

use crate::assets::AssetKind;
use crate::clock::{kind_zh, HazardRun};
use crate::events::{Event, EventKind};
use crate::scenario::Scenario;
use crate::Result;
use chrono::Timelike;
use hazsim_grid::terrain::neighbours::neighbour;
use serde::{Deserialize, Serialize};

/// State of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Working.
    #[default]
    Open,
    /// Closed by a hazard now (a road under water, a facility in the fire).
    Cut,
    /// Damaged (lasting).
    Damaged,
    /// Destroyed (lasting).
    Destroyed,
}

impl State {
    /// The English name.
    pub fn name(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Cut => "cut",
            State::Damaged => "damaged",
            State::Destroyed => "destroyed",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            State::Open => "正常",
            State::Cut => "中断",
            State::Damaged => "受损",
            State::Destroyed => "损毁",
        }
    }
}

/// What happened to one asset.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct AssetTrack {
    pub state: State,
    /// Damaged or destroyed: lasting.
    pub lasting: State,
    pub worst: State,
    /// First arrival (scenario s) of any flood, fire, debris hazard.
    pub arrival: [Option<f64>; 3],
    /// Hazards (by index) that reached it already.
    pub reached_by: Vec<bool>,
    pub max_depth: f64,
    pub max_dv: f64,
    pub hazard_class: f64,
    pub flame_length: f64,
    pub fireline_intensity: f64,
    pub debris_pressure: f64,
    pub debris_depth: f64,
    pub time_cut: f64,
    pub first_cut: Option<f64>,
    /// Cells of a road cut now.
    pub cut_cells: usize,
    /// People sheltered (shelters).
    pub occupancy: f64,
}

/// A group of people at one cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub cell: usize,
    pub day: f64,
    pub night: f64,
    pub asset: Option<usize>,
    pub exposed_at: Option<f64>,
    pub exposed_by: Option<usize>,
    pub exposed: f64,
    pub displaced_at: Option<f64>,
    pub displaced: f64,
    pub relief_at: Option<f64>,
    pub warned: bool,
    /// People still to be given a shelter.
    pub to_shelter: f64,
}

/// A warning that sounded.
#[derive(Debug, Clone, PartialEq)]
struct Sounded {
    warning: usize,
    hazard: usize,
    at: f64,
}

/// Travel-time surfaces with the impassable cells and target cells they were computed for.
type Cached<T> = (Vec<bool>, Vec<usize>, T);

/// The exposure state of a run.
#[derive(Debug, Clone)]
pub(crate) struct Exposure {
    pub assets: Vec<AssetTrack>,
    pub groups: Vec<Group>,
    road: Vec<bool>,
    depots: Vec<usize>,
    shelters: Vec<usize>,
    sounded: Vec<Sounded>,
    /// (impassable cells, target cells) of the last relief and shelter surfaces, and the
    /// surfaces: reused while neither changes.
    relief_cache: Option<Cached<ndarray::Array2<f32>>>,
    shelter_cache: Option<Cached<Vec<ndarray::Array2<f32>>>>,
    last_check: Option<f64>,
    /// (t, km of road cut) at each check.
    pub road_cut_series: Vec<(f64, f64)>,
    /// (t, people in shelters) at each check.
    pub shelter_series: Vec<(f64, f64)>,
    /// (t, exposed, displaced) at each check.
    pub people_series: Vec<(f64, f64, f64)>,
    pub uses_raster: bool,
    /// People without a shelter at the last report (an event when it changes).
    unsheltered_reported: f64,
}

impl Exposure {
    pub(crate) fn new(sc: &Scenario) -> Self {
        let dem = sc.terrain.dem();
        let n = dem.data.len();
        let cols = dem.cols();
        let mut road = vec![false; n];
        for a in &sc.assets {
            if a.kind.is_link() {
                for &c in &a.cells {
                    road[c] = true;
                }
            }
        }
        let mut groups = Vec::new();
        let uses_raster = sc.population.is_some();
        if let Some((day, night)) = &sc.population {
            for (c, (&d, &nn)) in day.data.iter().zip(night.data.iter()).enumerate() {
                if d > 0.0 || nn > 0.0 {
                    groups.push(group(c, d as f64, nn as f64, None));
                }
            }
        } else {
            for (i, a) in sc.assets.iter().enumerate() {
                if a.population_day > 0.0 || a.population_night > 0.0 {
                    let c = a.cells[a.cells.len() / 2];
                    groups.push(group(c, a.population_day, a.population_night, Some(i)));
                }
            }
        }
        let depots = sc
            .spec
            .depots
            .iter()
            .filter_map(|d| dem.cell_index(d.at[0], d.at[1]).map(|(r, c)| r * cols + c))
            .collect();
        let shelters = sc
            .assets
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == AssetKind::Shelter && a.capacity > 0.0)
            .map(|(i, _)| i)
            .collect();
        Exposure {
            assets: vec![
                AssetTrack {
                    reached_by: vec![false; sc.hazards.len()],
                    ..Default::default()
                };
                sc.assets.len()
            ],
            groups,
            road,
            depots,
            shelters,
            sounded: Vec::new(),
            relief_cache: None,
            shelter_cache: None,
            last_check: None,
            road_cut_series: Vec::new(),
            shelter_series: Vec::new(),
            people_series: Vec::new(),
            uses_raster,
            unsheltered_reported: 0.0,
        }
    }

    /// Warnings sound for hazard `i`, started at `t`.
    pub(crate) fn on_hazard_start(
        &mut self,
        sc: &Scenario,
        i: usize,
        t: f64,
        events: &mut Vec<Event>,
    ) {
        let id = &sc.hazards[i].id;
        for (w, spec) in sc.spec.warnings.iter().enumerate() {
            if !(spec.hazards.is_empty() || spec.hazards.iter().any(|h| h == id)) {
                continue;
            }
            let at = t + spec.delay.0;
            self.sounded.push(Sounded {
                warning: w,
                hazard: i,
                at,
            });
            events.push(
                Event::new(
                    at,
                    EventKind::Warning,
                    format!(
                        "{}: warning of {id} sounds (range {} m)",
                        spec.name, spec.range
                    ),
                    format!("{}：发布{id}预警（覆盖半径 {} 米）", spec.name, spec.range),
                )
                .hazard(id)
                .value("warning", spec.name.clone())
                .num("range_m", spec.range),
            );
        }
    }

    /// People at a group by day or night at scenario time `t`.
    fn is_day(sc: &Scenario, t: f64) -> bool {
        match sc.start {
            Some(s) => {
                let wall = s + chrono::Duration::milliseconds((t * 1000.0) as i64);
                (8..20).contains(&wall.hour())
            }
            None => true,
        }
    }

    pub(crate) fn update(
        &mut self,
        sc: &Scenario,
        hz: &[HazardRun],
        t: f64,
        events: &mut Vec<Event>,
    ) -> Result<()> {
        let dt = self.last_check.map_or(0.0, |l| t - l);
        self.last_check = Some(t);
        let n = sc.terrain.dem().data.len();
        let relief = &sc.spec.relief;
        // Per-cell view of every started hazard.
        let views: Vec<Option<View<'_>>> = hz
            .iter()
            .enumerate()
            .map(|(i, h)| View::of(sc, i, h))
            .collect();
        // Where a cell was first reached (and by which hazard), and whether people leave it:
        // evaluated at the cells of people groups only.
        let first_reach = |c: usize| {
            let mut best = (f64::NAN, usize::MAX);
            for (i, v) in views.iter().enumerate() {
                let Some(v) = v else { continue };
                let a = v.arrival(c);
                if a.is_finite() && a <= t && (best.0.is_nan() || a < best.0) {
                    best = (a, i);
                }
            }
            best
        };
        let leaves_cell = |c: usize| {
            views
                .iter()
                .flatten()
                .any(|v| v.displaces(c, t, relief.passable_depth))
        };
        // Cells impassable now, computed once when relief or shelters need them.
        let blocked_now = || {
            let mut blocked = vec![false; n];
            for v in views.iter().flatten() {
                for (c, b) in blocked.iter_mut().enumerate() {
                    if !*b && v.blocks(c, t, relief.passable_depth, relief.fire_closure.0) {
                        *b = true;
                    }
                }
            }
            blocked
        };
        let mut blocked: Option<Vec<bool>> = None;
        // Assets.
        let cell_size = sc.terrain.cell_size();
        let mut road_cut_m = 0.0;
        for (ai, a) in sc.assets.iter().enumerate() {
            let tr = &mut self.assets[ai];
            let th = &a.thresholds;
            let mut now = State::Open;
            let mut cut_cells = 0usize;
            for (i, v) in views.iter().enumerate() {
                let Some(v) = v else { continue };
                let m = v.measure(&a.cells, t, th, relief.fire_closure.0);
                if let Some(arr) = m.arrival {
                    let k = v.kind_index();
                    tr.arrival[k] = Some(tr.arrival[k].map_or(arr, |x: f64| x.min(arr)));
                    if !tr.reached_by[i] {
                        tr.reached_by[i] = true;
                        let id = &sc.hazards[i].id;
                        events.push(
                            Event::new(
                                arr,
                                EventKind::Arrival,
                                format!("{id} reaches {} ({})", a.name, a.kind.name()),
                                format!("{id}到达{}（{}）", a.name, a.kind.name_zh()),
                            )
                            .hazard(id)
                            .asset(&a.id)
                            .value("asset_kind", a.kind.name()),
                        );
                    }
                }
                tr.max_depth = tr.max_depth.max(m.max_depth);
                tr.max_dv = tr.max_dv.max(m.max_dv);
                tr.hazard_class = tr.hazard_class.max(m.hazard_class);
                tr.flame_length = tr.flame_length.max(m.flame_length);
                tr.fireline_intensity = tr.fireline_intensity.max(m.intensity);
                tr.debris_pressure = tr.debris_pressure.max(m.pressure);
                tr.debris_depth = tr.debris_depth.max(m.debris_depth);
                now = now.max(m.state);
                cut_cells = cut_cells.max(m.cut_cells);
            }
            tr.lasting = tr.lasting.max(if now >= State::Damaged {
                now
            } else {
                State::Open
            });
            let state = now.max(tr.lasting);
            if state != State::Open {
                tr.time_cut += dt;
                tr.first_cut.get_or_insert(t);
            }
            if a.kind.is_link() {
                road_cut_m += cut_cells as f64 * cell_size;
            }
            tr.cut_cells = cut_cells;
            if state != tr.state {
                events.push(
                    Event::new(
                        t,
                        EventKind::StateChange,
                        format!(
                            "{} ({}) is {} (was {})",
                            a.name,
                            a.kind.name(),
                            state.name(),
                            tr.state.name()
                        ),
                        format!(
                            "{}（{}）状态：{}（原为{}）",
                            a.name,
                            a.kind.name_zh(),
                            state.name_zh(),
                            tr.state.name_zh()
                        ),
                    )
                    .asset(&a.id)
                    .value("asset_kind", a.kind.name())
                    .value("state", state.name())
                    .value("previous", tr.state.name()),
                );
                tr.state = state;
            }
            tr.worst = tr.worst.max(state);
        }
        self.road_cut_series.push((t, road_cut_m / 1000.0));
        // People: exposure, displacement, warnings.
        let day = Self::is_day(sc, t);
        let mut newly_displaced = 0.0;
        for g in &mut self.groups {
            let people = if day { g.day } else { g.night };
            let (arr, by) = match g.asset {
                Some(ai) => {
                    let tr = &self.assets[ai];
                    let arr = tr
                        .arrival
                        .iter()
                        .flatten()
                        .copied()
                        .fold(f64::NAN, f64::min);
                    let by = (0..hz.len())
                        .find(|&i| tr.reached_by[i])
                        .unwrap_or(usize::MAX);
                    (arr, by)
                }
                None => first_reach(g.cell),
            };
            if g.exposed_at.is_none() && arr.is_finite() {
                g.exposed_at = Some(arr);
                g.exposed_by = (by != usize::MAX).then_some(by);
                g.exposed = people;
                // Warned in time: a warning for the hazard that came, in range, sounded at
                // least its lead time before the arrival.
                let (r, c) = (g.cell / sc.terrain.shape().1, g.cell % sc.terrain.shape().1);
                let (x, y) = sc
                    .terrain
                    .dem()
                    .transform
                    .apply(c as f64 + 0.5, r as f64 + 0.5);
                g.warned = self.sounded.iter().any(|s| {
                    let w = &sc.spec.warnings[s.warning];
                    Some(s.hazard) == g.exposed_by
                        && ((x - w.at[0]).powi(2) + (y - w.at[1]).powi(2)).sqrt() <= w.range
                        && s.at + w.lead_time.0 <= arr
                });
            }
            if g.displaced_at.is_none() {
                let leaves = match g.asset {
                    Some(ai) => {
                        sc.assets[ai].kind.is_home() && self.assets[ai].state != State::Open
                    }
                    None => leaves_cell(g.cell),
                };
                if leaves {
                    g.displaced_at = Some(t);
                    g.displaced = people;
                    g.to_shelter = people;
                    newly_displaced += people;
                }
            }
        }
        if newly_displaced > 0.0 {
            events.push(
                Event::new(
                    t,
                    EventKind::Displacement,
                    format!(
                        "{:.0} people leave flooded, burned or buried homes",
                        newly_displaced
                    ),
                    format!("{:.0} 人因住房被淹、被烧或被掩埋需要转移", newly_displaced),
                )
                .num("people", newly_displaced),
            );
        }
        let exposed: f64 = self.groups.iter().map(|g| g.exposed).sum();
        let displaced: f64 = self.groups.iter().map(|g| g.displaced).sum();
        self.people_series.push((t, exposed, displaced));
        // Relief and shelters.
        let speed = |blocked: &[bool]| {
            let dem = sc.terrain.dem();
            let mut s = ndarray::Array2::<f32>::zeros(dem.shape());
            for (c, v) in s.iter_mut().enumerate() {
                *v = if blocked[c] {
                    0.0
                } else if self.road[c] {
                    relief.road_speed as f32
                } else {
                    relief.offroad_speed as f32
                };
            }
            s
        };
        let cols = sc.terrain.shape().1;
        let waiting: Vec<usize> = (0..self.groups.len())
            .filter(|&k| {
                let g = &self.groups[k];
                g.relief_at.is_none()
                    && g.exposed_at
                        .is_some_and(|e| e + relief.dispatch_delay.0 <= t)
            })
            .collect();
        if !waiting.is_empty() && !self.depots.is_empty() {
            let blocked = blocked.get_or_insert_with(blocked_now);
            let targets = around(waiting.iter().map(|&k| self.groups[k].cell), blocked, cols);
            let fresh =
                !matches!(&self.relief_cache, Some((m, g, _)) if *m == *blocked && *g == targets);
            if fresh {
                let sources: Vec<(usize, usize, f64)> = self
                    .depots
                    .iter()
                    .map(|&c| (c / cols, c % cols, 0.0))
                    .collect();
                // The search stops once the waiting people's cells are reached.
                let tt = if targets.is_empty() {
                    ndarray::Array2::from_elem(sc.terrain.shape(), f32::NAN)
                } else {
                    hazsim_grid::travel_time_to(
                        speed(blocked).view(),
                        cell_size,
                        &sources,
                        &targets,
                    )
                    .map_err(|e| crate::Error::engine("relief", e))?
                };
                self.relief_cache = Some((blocked.clone(), targets, tt));
            }
            let tt = &self.relief_cache.as_ref().expect("just set").2;
            let (mut people, mut places) = (0.0, 0usize);
            for k in waiting {
                let g = &mut self.groups[k];
                let reach = reach_time(tt, g.cell, cols);
                if reach.is_finite() {
                    g.relief_at = Some(t + reach);
                    people += g.exposed;
                    places += 1;
                }
            }
            if places > 0 {
                events.push(
                    Event::new(
                        t,
                        EventKind::ReliefReached,
                        format!("relief leaves the depots for {people:.0} affected people at {places} places"),
                        format!("救援力量从物资库出发，前往 {places} 处受灾点，涉及 {people:.0} 人"),
                    )
                    .num("people", people)
                    .value("places", places as u64),
                );
            }
        }
        let homeless: Vec<usize> = (0..self.groups.len())
            .filter(|&k| self.groups[k].to_shelter > 0.0)
            .collect();
        if !homeless.is_empty() && !self.shelters.is_empty() {
            let blocked = blocked.get_or_insert_with(blocked_now);
            let targets = around(homeless.iter().map(|&k| self.groups[k].cell), blocked, cols);
            let fresh =
                !matches!(&self.shelter_cache, Some((m, g, _)) if *m == *blocked && *g == targets);
            if fresh {
                let s = speed(blocked);
                let mut surfaces = Vec::new();
                for &si in &self.shelters {
                    let c = sc.assets[si].cells[sc.assets[si].cells.len() / 2];
                    // Each shelter's search stops once every homeless group's cell is reached.
                    let tt = if targets.is_empty() {
                        ndarray::Array2::from_elem(sc.terrain.shape(), f32::NAN)
                    } else {
                        hazsim_grid::travel_time_to(
                            s.view(),
                            cell_size,
                            &[(c / cols, c % cols, 0.0)],
                            &targets,
                        )
                        .map_err(|e| crate::Error::engine("shelters", e))?
                    };
                    surfaces.push(tt);
                }
                self.shelter_cache = Some((blocked.clone(), targets, surfaces));
            }
            let surfaces = &self.shelter_cache.as_ref().expect("just set").2;
            let mut sent = vec![0.0; self.shelters.len()];
            for k in homeless {
                let cell = self.groups[k].cell;
                let mut order: Vec<(f64, usize)> = surfaces
                    .iter()
                    .enumerate()
                    .map(|(j, tt)| (reach_time(tt, cell, cols), j))
                    .filter(|(r, _)| r.is_finite())
                    .collect();
                order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                for (_, j) in order {
                    let ai = self.shelters[j];
                    let room = sc.assets[ai].capacity - self.assets[ai].occupancy;
                    if room <= 0.0 {
                        continue;
                    }
                    let g = &mut self.groups[k];
                    let put = g.to_shelter.min(room);
                    g.to_shelter -= put;
                    self.assets[ai].occupancy += put;
                    sent[j] += put;
                    if self.assets[ai].occupancy >= sc.assets[ai].capacity {
                        let a = &sc.assets[ai];
                        events.push(
                            Event::new(
                                t,
                                EventKind::ShelterFull,
                                format!("shelter {} is full ({:.0} people)", a.name, a.capacity),
                                format!("避难场所{}已满（{:.0} 人）", a.name, a.capacity),
                            )
                            .asset(&a.id)
                            .num("capacity", a.capacity),
                        );
                    }
                    if g.to_shelter <= 0.0 {
                        break;
                    }
                }
            }
            let left: f64 = self
                .groups
                .iter()
                .map(|g| g.to_shelter)
                .fold(0.0, |a, b| a + b);
            if left > 0.0 && left != self.unsheltered_reported {
                events.push(
                    Event::new(
                        t,
                        EventKind::Unsheltered,
                        format!("{left:.0} displaced people have no reachable shelter with room"),
                        format!("{left:.0} 名转移群众无可到达且有空位的避难场所"),
                    )
                    .num("people", left),
                );
            }
            self.unsheltered_reported = left;
            for (j, &p) in sent.iter().enumerate() {
                if p > 0.0 {
                    let a = &sc.assets[self.shelters[j]];
                    events.push(
                        Event::new(
                            t,
                            EventKind::ShelterAssigned,
                            format!("{p:.0} displaced people go to shelter {} ({:.0} of {:.0} places used)", a.name, self.assets[self.shelters[j]].occupancy, a.capacity),
                            format!("{p:.0} 名转移群众安置到{}（已用 {:.0}/{:.0}）", a.name, self.assets[self.shelters[j]].occupancy, a.capacity),
                        )
                        .asset(&a.id)
                        .num("people", p)
                        .num("occupancy", self.assets[self.shelters[j]].occupancy),
                    );
                }
            }
        }
        let sheltered: f64 = self
            .shelters
            .iter()
            .map(|&i| self.assets[i].occupancy)
            .sum();
        self.shelter_series.push((t, sheltered));
        Ok(())
    }
}

fn group(cell: usize, day: f64, night: f64, asset: Option<usize>) -> Group {
    Group {
        cell,
        day,
        night,
        asset,
        exposed_at: None,
        exposed_by: None,
        exposed: 0.0,
        displaced_at: None,
        displaced: 0.0,
        relief_at: None,
        warned: false,
        to_shelter: 0.0,
    }
}

/// The passable cells among `cells` and their neighbours (where [`reach_time`] looks), sorted
/// and unique: the targets a travel-time search must reach.
fn around(cells: impl Iterator<Item = usize>, blocked: &[bool], cols: usize) -> Vec<usize> {
    let rows = blocked.len() / cols;
    let mut out = Vec::new();
    for cell in cells {
        out.extend(with_neighbours(cell, rows, cols).filter(|&j| !blocked[j]));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A cell and its 8 neighbours inside the grid (`hazsim_grid::terrain::neighbours`).
fn with_neighbours(cell: usize, rows: usize, cols: usize) -> impl Iterator<Item = usize> {
    let (r, c) = (cell / cols, cell % cols);
    std::iter::once(cell).chain(
        (0..8).filter_map(move |k| neighbour(r, c, k, rows, cols).map(|(nr, nc)| nr * cols + nc)),
    )
}

/// Travel time to a cell or, if it is impassable, to the nearest of its neighbours.
fn reach_time(tt: &ndarray::Array2<f32>, cell: usize, cols: usize) -> f64 {
    let rows = tt.dim().0;
    let flat = tt.as_slice().expect("standard layout");
    let own = flat[cell];
    if own.is_finite() {
        return own as f64;
    }
    with_neighbours(cell, rows, cols)
        .map(|j| flat[j])
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, |a, v| a.min(v as f64))
}

/// What one hazard does at an asset's cells.
#[derive(Debug, Default)]
struct Measure {
    arrival: Option<f64>,
    state: State,
    cut_cells: usize,
    max_depth: f64,
    max_dv: f64,
    hazard_class: f64,
    flame_length: f64,
    intensity: f64,
    pressure: f64,
    debris_depth: f64,
}

/// One started hazard's fields, flat, with arrival times on the scenario clock.
enum View<'a> {
    Flood {
        start: f64,
        depth: &'a [f32],
        max_depth: &'a [f32],
        max_dv: &'a [f32],
        /// FD2320 hazard rating, classed at the asset cells only (`hazard_class_code`).
        rating: &'a [f32],
        wet: f32,
        arrival: &'a [f32],
    },
    Fire {
        start: f64,
        arrival: &'a [f32],
        flame: &'a [f32],
        intensity: &'a [f32],
    },
    Debris {
        arrival: &'a [f32],
        pressure: &'a [f32],
        depth: Option<&'a [f32]>,
    },
}

impl<'a> View<'a> {
    fn of(_sc: &Scenario, _i: usize, h: &'a HazardRun) -> Option<View<'a>> {
        if !h.started() {
            return None;
        }
        let start = h.start.unwrap_or(0.0);
        let flat = |name: &str| -> &'a [f32] {
            h.field(name)
                .and_then(|v| v.to_slice())
                .unwrap_or_else(|| panic!("engine field {name} in standard layout"))
        };
        let e = h.engine.as_ref()?;
        Some(match e.view().hazard() {
            "flood" => View::Flood {
                start,
                depth: flat("flood.depth"),
                max_depth: flat("flood.max_depth"),
                max_dv: flat("flood.max_dv"),
                rating: flat("flood.hazard_rating"),
                wet: match e {
                    crate::engines::Engine::Flood(f) => f.config().wet_threshold as f32,
                    _ => 0.0,
                },
                arrival: flat("flood.arrival_time"),
            },
            "fire" => View::Fire {
                start,
                arrival: flat("fire.arrival_time"),
                flame: flat("fire.flame_length"),
                intensity: flat("fire.fireline_intensity"),
            },
            _ => {
                let (pressure, depth) = if h.field("debris.max_impact_pressure").is_some() {
                    (
                        flat("debris.max_impact_pressure"),
                        Some(flat("debris.max_depth")),
                    )
                } else {
                    (flat("debris.energy_line_pressure"), None)
                };
                View::Debris {
                    arrival: &h.arrival,
                    pressure,
                    depth,
                }
            }
        })
    }

    fn kind_index(&self) -> usize {
        match self {
            View::Flood { .. } => 0,
            View::Fire { .. } => 1,
            View::Debris { .. } => 2,
        }
    }

    /// Scenario time the hazard reached cell `c` (NaN = not yet).
    fn arrival(&self, c: usize) -> f64 {
        match self {
            View::Flood { start, arrival, .. } | View::Fire { start, arrival, .. } => {
                start + arrival[c] as f64
            }
            View::Debris { arrival, .. } => arrival[c] as f64,
        }
    }

    fn blocks(&self, c: usize, t: f64, passable: f64, closure: f64) -> bool {
        match self {
            View::Flood { depth, .. } => depth[c] as f64 >= passable,
            View::Fire { .. } => {
                let a = self.arrival(c);
                a.is_finite() && t - a <= closure
            }
            View::Debris { .. } => self.arrival(c) <= t,
        }
    }

    fn displaces(&self, c: usize, t: f64, passable: f64) -> bool {
        match self {
            View::Flood { max_depth, .. } => max_depth[c] as f64 >= passable,
            _ => self.arrival(c) <= t,
        }
    }

    fn measure(
        &self,
        cells: &[usize],
        t: f64,
        th: &crate::assets::Thresholds,
        closure: f64,
    ) -> Measure {
        let mut m = Measure::default();
        for &c in cells {
            let a = self.arrival(c);
            let here = a.is_finite() && a <= t;
            if here {
                m.arrival = Some(m.arrival.map_or(a, |x| x.min(a)));
            }
            let mut cut = false;
            match self {
                View::Flood {
                    depth,
                    max_depth,
                    max_dv,
                    rating,
                    wet,
                    ..
                } => {
                    let d = depth[c] as f64;
                    m.max_depth = m.max_depth.max(max_depth[c] as f64);
                    m.max_dv = m.max_dv.max(max_dv[c] as f64);
                    let cls =
                        hazsim_flood::hazard::hazard_class_code(rating[c], max_depth[c] > *wet)
                            as f64;
                    m.hazard_class = m.hazard_class.max(cls);
                    cut = d >= th.flood_cut_depth;
                }
                View::Fire {
                    flame, intensity, ..
                } => {
                    if here {
                        m.flame_length = m.flame_length.max(flame[c] as f64);
                        m.intensity = m.intensity.max(intensity[c] as f64);
                        cut = t - a <= closure;
                    }
                }
                View::Debris {
                    pressure, depth, ..
                } => {
                    if here {
                        let p = pressure[c] as f64;
                        if p.is_finite() {
                            m.pressure = m.pressure.max(p);
                        }
                        if let Some(d) = depth {
                            m.debris_depth = m.debris_depth.max(d[c] as f64);
                        }
                        cut = true;
                    }
                }
            }
            if cut {
                m.cut_cells += 1;
            }
        }
        let damaged;
        let destroyed;
        match self {
            View::Flood { .. } => {
                damaged = m.max_depth >= th.flood_damage_depth;
                destroyed = m.max_dv >= th.flood_destroy_dv;
            }
            View::Fire { .. } => {
                damaged = m.arrival.is_some() && m.flame_length >= th.fire_damage_flame_length;
                destroyed = m.arrival.is_some() && m.intensity >= th.fire_destroy_intensity;
            }
            View::Debris { .. } => {
                damaged = m.arrival.is_some() && m.pressure >= th.debris_damage_pressure;
                destroyed = m.arrival.is_some() && m.pressure >= th.debris_destroy_pressure;
            }
        }
        m.state = if destroyed {
            State::Destroyed
        } else if damaged {
            State::Damaged
        } else if m.cut_cells > 0 {
            State::Cut
        } else {
            State::Open
        };
        m
    }
}

/// The Chinese name of a hazard kind, re-exported for the summary.
pub(crate) fn hazard_zh(kind: &str) -> &'static str {
    kind_zh(kind)
}
