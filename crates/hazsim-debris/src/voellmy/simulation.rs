//! [`VoellmySimulation`]: the Voellmy flow engine behind the [`Simulation`] contract, and the
//! one-shot [`simulate_voellmy`].

use super::config::{VoellmyConfig, VoellmyRelease};
use super::outputs::{runout_length, VoellmyMassBalance, VoellmyRun, VoellmySeriesPoint};
use super::solver::{Solver, Static};
use crate::{Error, Result};
use hazsim_grid::Field;
use hazsim_grid::{FieldInfo, Progress, Raster, Simulation, Terrain};
use ndarray::{Array2, ArrayView2};

/// Every field a [`VoellmySimulation`] exposes (the registry's
/// [`hazsim_grid::fields::DEBRIS_VOELLMY`]).
pub const DEBRIS_FIELDS: &[FieldInfo] = hazsim_grid::fields::DEBRIS_VOELLMY;

/// Steps between progress reports.
const REPORT_EVERY: u64 = 64;

/// A running Voellmy flow simulation on a terrain.
///
/// ```
/// use hazsim_debris::voellmy::{Edge, Edges, VoellmyConfig, VoellmyRelease, VoellmySimulation};
/// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
/// use ndarray::Array2;
///
/// // 5 m³/s for 20 s into a closed flat box of 10 m cells.
/// let dem = Raster::new(Array2::<f32>::zeros((15, 15)), GeoTransform::north_up(0.0, 150.0, 10.0), Crs::epsg(32633));
/// let terrain = Terrain::new(dem).unwrap();
/// let cfg = VoellmyConfig {
///     edges: Edges::all(Edge::Closed),
///     ..VoellmyConfig::new(VoellmyRelease::Hydrograph { x: 75.0, y: 75.0, discharge: vec![(0.0, 5.0), (20.0, 5.0)] })
/// };
/// let mut sim = VoellmySimulation::new(&terrain, cfg).unwrap();
/// sim.advance(60.0, &mut NoProgress).unwrap();
/// assert_eq!(sim.now(), 60.0);
/// let m = sim.mass_balance();
/// assert!((m.inflow - 100.0).abs() < 1e-3 && m.error().abs() < 1e-6);
/// assert!(sim.field("debris.max_depth").unwrap()[[7, 7]] > 0.0);
/// ```
#[derive(Debug, Clone)]
pub struct VoellmySimulation {
    cfg: VoellmyConfig,
    solver: Solver,
    inflow: Option<(usize, Vec<(f64, f64)>)>,
    /// Time up to which the hydrograph has been added.
    inflow_t: f64,
    is_source: Vec<bool>,
    deposit: Array2<f32>,
    t: f64,
    steps: u64,
    mass: VoellmyMassBalance,
    area: f64,
    /// The DEM's grid, for [`Simulation::grid`].
    grid: Raster<()>,
    /// The output series so far, and the next output time.
    series: Vec<VoellmySeriesPoint>,
    next_output: Option<f64>,
}

fn check(name: &str, v: f64, ok: bool, expected: &str) -> Result<()> {
    if ok && v.is_finite() {
        Ok(())
    } else {
        Err(Error::param(name, v, expected))
    }
}

/// A coefficient per cell, checked > 0 and finite.
fn per_cell(dem: &Raster<f32>, c: &Field, name: &str, expected: &str) -> Result<Vec<f32>> {
    let n = dem.rows() * dem.cols();
    match c {
        Field::Path(p) => Err(Field::unread(name, p).into()),
        Field::Uniform(v) => {
            let v = *v as f32;
            check(name, v as f64, v > 0.0, expected)?;
            Ok(vec![v; n])
        }
        Field::Raster(r) => {
            let label = format!("{name} raster");
            dem.check_same_grid(r, "DEM", &label)
                .map_err(|e| Error::grid(&label, e))?;
            if let Some(((row, col), v)) = r
                .data
                .indexed_iter()
                .find(|(_, v)| !(**v > 0.0 && v.is_finite()))
            {
                return Err(Error::param(
                    name,
                    format!("{v} at row {row}, col {col}"),
                    &format!("{expected} in every cell"),
                ));
            }
            Ok(r.data.iter().copied().collect())
        }
    }
}

/// The depths of a [`VoellmyRelease::Block`]: `volume` m³ spread evenly over the cells whose
/// centres lie within `radius` of (x, y), or the cell holding (x, y) when no centre does.
fn point_block(dem: &Raster<f32>, x: f64, y: f64, volume: f64, radius: f64) -> Result<Raster<f32>> {
    let (r0, c0) = dem
        .cell_index(x, y)
        .ok_or_else(|| hazsim_grid::Error::outside_point("release block", x, y, dem))?;
    check(
        "release volume",
        volume,
        volume > 0.0,
        "a volume in m³ > 0, e.g. 5000",
    )?;
    check(
        "release radius",
        radius,
        radius >= 0.0,
        "a radius in metres >= 0, e.g. 15",
    )?;
    let mut cells: Vec<(usize, usize)> = dem
        .data
        .indexed_iter()
        .map(|(ix, _)| ix)
        .filter(|&(r, c)| {
            let (cx, cy) = dem.cell_center(r, c);
            (cx - x).hypot(cy - y) <= radius
        })
        .collect();
    if cells.is_empty() {
        cells.push((r0, c0));
    }
    let g = dem.transform.0;
    let cell_area = (g[1] * g[5] - g[2] * g[4]).abs();
    let depth = (volume / (cells.len() as f64 * cell_area)) as f32;
    let mut d = dem.map(|_| 0.0f32);
    d.nodata = None;
    for ix in cells {
        d.data[ix] = depth;
    }
    Ok(d)
}

/// ∫ Q dt over [t0, t1] of the piecewise-linear hydrograph (zero outside its times), m³.
fn hydrograph_volume(q: &[(f64, f64)], t0: f64, t1: f64) -> f64 {
    hazsim_grid::series::integral(q, t0, t1, hazsim_grid::series::Outside::Zero)
}

impl VoellmySimulation {
    /// Checks `cfg` against `terrain` and sets up the run at t = 0.
    pub fn new(terrain: &Terrain, cfg: VoellmyConfig) -> Result<Self> {
        let dem = terrain.dem();
        let (rows, cols) = dem.shape();
        let n = rows * cols;
        let dx = terrain.cell_size();
        check(
            "duration",
            cfg.duration,
            cfg.duration >= 0.0,
            "a duration in seconds >= 0, e.g. 300",
        )?;
        check(
            "cfl",
            cfg.cfl,
            cfg.cfl > 0.0 && cfg.cfl <= 1.0,
            "a Courant number in (0, 1]; 0.5 is a safe default",
        )?;
        check(
            "max_dt",
            cfg.max_dt,
            cfg.max_dt > 0.0,
            "a time step limit in seconds > 0, e.g. 1",
        )?;
        check(
            "dry_depth",
            cfg.dry_depth,
            cfg.dry_depth > 0.0 && cfg.dry_depth < 1.0,
            "a depth in metres in (0, 1), e.g. 1e-4",
        )?;
        if let Some(iv) = cfg.output_interval {
            check(
                "output_interval",
                iv,
                iv > 0.0,
                "None, or an interval in seconds > 0, e.g. 10",
            )?;
            check(
                "output_interval",
                iv,
                cfg.duration / iv <= 1e6,
                "an interval that gives at most 10^6 outputs over the duration",
            )?;
        }
        check(
            "runout_threshold",
            cfg.runout_threshold,
            cfg.runout_threshold >= 0.0,
            "a depth in metres >= 0, e.g. 0.05",
        )?;
        check(
            "density",
            cfg.density,
            cfg.density > 0.0,
            "a bulk density in kg/m³ > 0, e.g. 2000 for a debris flow",
        )?;
        check(
            "max_speed",
            cfg.max_speed,
            cfg.max_speed > 0.0,
            "a speed in m/s > 0 above which the run counts as unstable, e.g. 100",
        )?;
        let (ve, vn) = cfg.initial_velocity;
        check(
            "initial_velocity",
            ve.hypot(vn),
            true,
            "finite (east, north) components in m/s",
        )?;
        let mu = per_cell(
            dem,
            &cfg.mu,
            "mu",
            "a Coulomb friction coefficient > 0 and finite, e.g. 0.2",
        )?;
        let xi = per_cell(
            dem,
            &cfg.xi,
            "xi",
            "a turbulent friction coefficient in m/s² > 0 and finite, e.g. 500",
        )?;
        let mut h0 = Array2::<f32>::zeros((rows, cols));
        let mut is_source = vec![false; n];
        let mut inflow = None;
        let block;
        let release = match &cfg.release {
            VoellmyRelease::Block {
                x,
                y,
                volume,
                radius,
            } => {
                block = VoellmyRelease::Depth(point_block(dem, *x, *y, *volume, *radius)?);
                &block
            }
            other => other,
        };
        match release {
            VoellmyRelease::None | VoellmyRelease::Block { .. } => {}
            VoellmyRelease::Depth(d) => {
                dem.check_same_grid(d, "DEM", "release depth")
                    .map_err(|e| Error::grid("release depth", e))?;
                if let Some(((row, col), v)) = d
                    .data
                    .indexed_iter()
                    .find(|(_, v)| !(**v >= 0.0 && v.is_finite()))
                {
                    return Err(Error::param(
                        "release depth",
                        format!("{v} at row {row}, col {col}"),
                        "depths in metres >= 0 and finite (0 outside the release area)",
                    ));
                }
                h0.assign(&d.data);
                for (s, &v) in is_source.iter_mut().zip(d.data.iter()) {
                    *s = v > 0.0;
                }
                if !is_source.iter().any(|&s| s) {
                    return Err(Error::EmptyRelease {
                        what: "the release depth raster has no cell deeper than 0 m".into(),
                    });
                }
            }
            VoellmyRelease::Hydrograph { x, y, discharge } => {
                let (r, c) = dem
                    .cell_index(*x, *y)
                    .ok_or_else(|| hazsim_grid::Error::outside_point("inflow", *x, *y, dem))?;
                if discharge.len() < 2 {
                    return Err(Error::param(
                        "discharge",
                        format!("{} point(s)", discharge.len()),
                        "at least two (time s, discharge m³/s) points, e.g. [(0, 20), (60, 0)]",
                    ));
                }
                for (k, &(t, q)) in discharge.iter().enumerate() {
                    check(
                        "discharge time",
                        t,
                        k == 0 || t > discharge[k - 1].0,
                        "finite times in seconds, strictly increasing",
                    )?;
                    check(
                        "discharge",
                        q,
                        q >= 0.0,
                        "discharges in m³/s >= 0 and finite",
                    )?;
                }
                if discharge.iter().all(|&(_, q)| q == 0.0) {
                    return Err(Error::EmptyRelease {
                        what: "the hydrograph's discharge is 0 at every point".into(),
                    });
                }
                is_source[r * cols + c] = true;
                inflow = Some((r * cols + c, discharge.clone()));
            }
        }
        // Initial momentum of the block: (east, north) → (x, row) components.
        let (qx0, qy0): (Vec<f32>, Vec<f32>) = h0
            .iter()
            .map(|&h| {
                if h as f64 > cfg.dry_depth {
                    ((h as f64 * ve) as f32, (-h as f64 * vn) as f32)
                } else {
                    (0.0, 0.0)
                }
            })
            .unzip();
        let area = dx * dx;
        let released = h0.iter().map(|&h| h as f64).sum::<f64>() * area;
        let st = Static::new(&dem.data, dx as f32, mu, &xi);
        let solver = Solver::new(
            st,
            cfg.edges,
            (
                cfg.dry_depth as f32,
                cfg.max_speed as f32,
                (cfg.density / 1000.0) as f32,
            ),
            (h0, qx0, qy0),
        );
        let mut sim = VoellmySimulation {
            cfg,
            solver,
            inflow,
            inflow_t: 0.0,
            is_source,
            deposit: Array2::zeros((rows, cols)),
            t: 0.0,
            steps: 0,
            mass: VoellmyMassBalance {
                released,
                stored_now: released,
                ..Default::default()
            },
            area,
            grid: dem.like(Array2::from_elem((rows, cols), ())),
            series: Vec::new(),
            next_output: None,
        };
        sim.next_output = sim.cfg.output_interval;
        sim.update_deposit();
        sim.record_now();
        Ok(sim)
    }

    /// Deposit = depth of the cells at rest; only the active window can hold any.
    fn update_deposit(&mut self) {
        let (r0, r1, c0, c1) = self.solver.window();
        let cols = self.solver.st.cols;
        let h = self.solver.h.as_slice().expect("standard layout");
        let d = self.deposit.as_slice_mut().expect("standard layout");
        for r in r0..r1 {
            for i in r * cols + c0..r * cols + c1 {
                let rest = self.solver.qx[i] == 0.0 && self.solver.qy[i] == 0.0;
                d[i] = if rest { h[i] } else { 0.0 };
            }
        }
    }

    /// The output series so far: t = 0, every output time reached and every time
    /// [`VoellmySimulation::record_now`] was called.
    pub fn series(&self) -> &[VoellmySeriesPoint] {
        &self.series
    }

    /// Appends the state now to the series (unless it is the last record already).
    pub fn record_now(&mut self) {
        if self.series.last().map(|p| p.time) != Some(self.t) {
            let p = self.point_now();
            self.series.push(p);
        }
    }

    /// The series record of the state now.
    fn point_now(&self) -> VoellmySeriesPoint {
        let th = self.cfg.runout_threshold as f32;
        let wet = self.solver.h.iter().filter(|&&v| v > th && v > 0.0).count();
        let vmax = self.solver.speed.iter().fold(0.0f32, |a, &b| a.max(b));
        VoellmySeriesPoint {
            time: self.t,
            volume: self.mass.stored_now,
            flow_area: wet as f64 * self.area,
            max_speed: vmax as f64,
        }
    }

    /// Volumes so far.
    pub fn mass_balance(&self) -> VoellmyMassBalance {
        self.mass
    }

    /// Time steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Cell updates done so far: each step updates only the window of cells that ever held
    /// material (plus a one-cell margin), not the whole grid.
    ///
    /// ```
    /// use hazsim_debris::voellmy::{VoellmyConfig, VoellmyRelease, VoellmySimulation};
    /// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
    /// let t = Terrain::new(Raster::new(ndarray::Array2::<f32>::zeros((50, 50)), GeoTransform::north_up(0.0, 250.0, 5.0), Crs::epsg(32633))).unwrap();
    /// let mut d = t.dem().map(|_| 0.0f32);
    /// d.data[[25, 25]] = 1.0;
    /// let mut sim = VoellmySimulation::new(&t, VoellmyConfig::new(VoellmyRelease::Depth(d))).unwrap();
    /// sim.advance(1.0, &mut NoProgress).unwrap();
    /// assert!(sim.cell_updates() < sim.steps() * 2500);
    /// ```
    pub fn cell_updates(&self) -> u64 {
        self.solver.cell_updates
    }

    /// Number of cells whose momentum is not zero now (0 once all material has stopped).
    pub fn moving_cells(&self) -> usize {
        self.solver
            .qx
            .iter()
            .zip(&self.solver.qy)
            .filter(|(x, y)| **x != 0.0 || **y != 0.0)
            .count()
    }

    /// The configuration in use.
    pub fn config(&self) -> &VoellmyConfig {
        &self.cfg
    }

    /// Runout length (m) so far: see [`VoellmyRun::runout_length`].
    pub fn runout_length(&self) -> f64 {
        let th = self.cfg.runout_threshold as f32;
        let reached: Vec<bool> = self
            .solver
            .hmax
            .iter()
            .map(|&h| h >= th && h > 0.0)
            .collect();
        runout_length(
            &reached,
            &self.is_source,
            self.solver.st.rows,
            self.solver.st.cols,
            self.solver.st.dx as f64,
        )
    }

    /// The results so far as named rasters on `terrain`'s grid; the series ends with the state
    /// now.
    pub fn result(&self, terrain: &Terrain) -> VoellmyRun {
        let dem = terrain.dem();
        VoellmyRun {
            max_depth: dem.like(self.solver.hmax.clone()),
            max_speed: dem.like(self.solver.vmax.clone()),
            max_impact_pressure: dem.like(self.solver.pmax.clone()),
            deposit: dem.like(self.deposit.clone()),
            final_depth: dem.like(self.solver.h.clone()),
            runout_length: self.runout_length(),
            mass_balance: self.mass,
            time: self.t,
            steps: self.steps,
            series: {
                let mut series = self.series.clone();
                if series.last().map(|p| p.time) != Some(self.t) {
                    series.push(self.point_now());
                }
                series
            },
        }
    }
}

impl VoellmySimulation {
    /// Advances to `until` by the contract's rules (see [`Simulation`]), returning the debris
    /// crate's own error type; [`Simulation::advance`] gives the same as the shared error.
    pub fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> Result<()> {
        let until = hazsim_grid::simulation::target(self.t, until, self.cfg.duration)?;
        let start = self.t;
        while self.t < until {
            // The step lands on the next output time, or on `until`.
            let stop = self.next_output.map_or(until, |o| o.min(until));
            let remaining = stop - self.t;
            let mut dt = self
                .solver
                .cfl_dt(self.cfg.cfl)
                .min(self.cfg.max_dt)
                .min(remaining);
            if let Some((cell, q)) = &self.inflow {
                let target = self.t + dt;
                if target > self.inflow_t {
                    let v = hydrograph_volume(q, self.inflow_t, target);
                    self.inflow_t = target;
                    if v > 0.0 {
                        self.solver.add_depth(*cell, v / self.area);
                        self.mass.inflow += v;
                        dt = dt.min(self.solver.cfl_dt(self.cfg.cfl));
                    }
                }
            }
            let out = self.solver.step(dt).map_err(|(r, c, v)| Error::Unstable {
                time: self.t,
                detail: format!(
                    "speed {v} m/s or a non-finite value at row {r}, col {c}; max_speed = {} m/s",
                    self.cfg.max_speed
                ),
            })?;
            self.mass.outflow += out.outflow;
            self.mass.clipped += out.clipped;
            self.mass.stored_now = out.stored;
            self.steps += 1;
            self.t = if dt >= remaining { stop } else { self.t + dt };
            if let Some(o) = self.next_output {
                if self.t >= o {
                    self.record_now();
                    self.next_output = self.cfg.output_interval.map(|i| o + i);
                }
            }
            if self.steps % REPORT_EVERY == 0 {
                let done = ((self.t - start) / (until - start)).clamp(0.0, 1.0);
                if !progress.report(done, "voellmy flow") {
                    self.update_deposit();
                    return Err(hazsim_grid::Error::Cancelled { time: self.t }.into());
                }
            }
        }
        self.update_deposit();
        progress.report(1.0, "voellmy flow");
        Ok(())
    }

    /// The `debris.release_depth` input: material added now (m of depth per cell).
    fn set_release_depth(&mut self, value: &hazsim_grid::Field) -> Result<()> {
        let (rows, cols) = (self.solver.st.rows, self.solver.st.cols);
        let mut add = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                let d = value.value_at(r, c);
                if d.is_nan() || d == 0.0 {
                    continue;
                }
                if !(d.is_finite() && d > 0.0) {
                    return Err(Error::param(
                        "debris.release_depth",
                        format!("{d} at row {r}, col {c}"),
                        "a depth in m, finite and >= 0 (0 or NaN for none)",
                    ));
                }
                add.push((r * cols + c, d));
            }
        }
        for (i, d) in add {
            self.solver.add_depth(i, d);
            self.is_source[i] = true;
            self.mass.released += d * self.area;
            self.mass.stored_now += d * self.area;
        }
        self.update_deposit();
        Ok(())
    }
}

impl Simulation for VoellmySimulation {
    fn hazard(&self) -> &'static str {
        "debris"
    }

    fn now(&self) -> f64 {
        self.t
    }

    fn end_time(&self) -> f64 {
        self.cfg.duration
    }

    fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> hazsim_grid::Result<()> {
        VoellmySimulation::advance(self, until, progress).map_err(Into::into)
    }

    fn inputs(&self) -> &'static [FieldInfo] {
        hazsim_grid::fields::DEBRIS_VOELLMY_INPUTS
    }

    fn set_input(&mut self, name: &str, value: &hazsim_grid::Field) -> hazsim_grid::Result<()> {
        hazsim_grid::simulation::check_input_grid(name, value, &self.grid)?;
        match name {
            "debris.release_depth" => self.set_release_depth(value).map_err(Into::into),
            _ => Err(hazsim_grid::fields::unknown("input", name, self.inputs())),
        }
    }

    fn grid(&self) -> &Raster<()> {
        &self.grid
    }

    fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>> {
        match name {
            "debris.depth" => Some(self.solver.h.view()),
            "debris.speed" => Some(self.solver.speed.view()),
            "debris.max_depth" => Some(self.solver.hmax.view()),
            "debris.max_speed" => Some(self.solver.vmax.view()),
            "debris.max_impact_pressure" => Some(self.solver.pmax.view()),
            "debris.deposit" => Some(self.deposit.view()),
            _ => None,
        }
    }

    fn fields(&self) -> &'static [FieldInfo] {
        DEBRIS_FIELDS
    }
}

/// Runs a Voellmy flow for `cfg.duration` seconds and returns its results.
///
/// ```
/// use hazsim_debris::voellmy::{simulate_voellmy, VoellmyConfig, VoellmyRelease};
/// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Terrain};
/// let dem = Raster::new(ndarray::Array2::<f32>::zeros((5, 5)), GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32633));
/// let t = Terrain::new(dem).unwrap();
/// let bad = VoellmyConfig { duration: -1.0, ..VoellmyConfig::new(VoellmyRelease::Depth(t.dem().map(|_| 1.0))) };
/// assert!(simulate_voellmy(&t, &bad, &mut NoProgress).unwrap_err().to_string().contains("duration"));
/// ```
pub fn simulate_voellmy(
    terrain: &Terrain,
    cfg: &VoellmyConfig,
    progress: &mut dyn Progress,
) -> Result<VoellmyRun> {
    let mut sim = VoellmySimulation::new(terrain, cfg.clone())?;
    sim.advance(cfg.duration, progress)?;
    Ok(sim.result(terrain))
}
