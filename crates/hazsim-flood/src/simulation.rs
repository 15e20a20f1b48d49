//! [`FloodSimulation`]: the flood engine behind the [`Simulation`] contract.
//!
//! Inputs a running engine takes through [`Simulation::set_input`] (the registry's
//! [`hazsim_grid::fields::FLOOD_INPUTS`]):
//!
//! - `flood.rain_rate` (m/s): an extra rain rate per cell from now on, added to the configured
//!   rain; it replaces the extra rain set before.
//! - `flood.inflow` (m³/s): an extra inflow per cell from now on, held constant; it replaces the
//!   extra inflow set before.
//! - `flood.bed_change` (m): raises (or, < 0, lowers) the bed of each cell by this much from now
//!   on, e.g. a debris-flow deposit that blocks a channel so that water ponds behind it (a barrier
//!   lake). Changes add up over calls; 0 or NaN leaves a cell as it is. Water is stored as depth
//!   and the depth is kept, so the stored volume is exactly unchanged (the water surface moves
//!   with the bed). Wall cells ([`FloodConfig::walls`]) are skipped, and the walls are raised when
//!   needed to stay [`crate::walls::WALL_HEIGHT`] above the highest other cell; on the cells of a
//!   dam breach ([`FloodConfig::breach`]) the breach sets the bed again at the next step, so the
//!   breach wins there.

use crate::boundary::EdgeNow;
use crate::breach::{fill_reservoir, BreachState};
use crate::infiltration::InfiltrationState;
use crate::outputs::{Accumulators, OutputParams};
use crate::solver::{
    RowStats, Solver, StepInputs, StepParams, StepScratch, BLOCK_ROWS, G, SEAM_ROWS,
};
use crate::sources::{check_series, interp_linear, step_value, MM_PER_H_TO_M_PER_S};
use crate::{Boundary, Error, FloodConfig, MassBalance, Rain, Result, SeriesPoint};
use hazsim_grid::Field;
use hazsim_grid::{FieldInfo, Progress, Raster, Simulation, Terrain};
use ndarray::ArrayView2;
use rayon::prelude::*;

/// The longest wall time a batch of steps runs before progress is reported (see
/// `FloodSimulation::advance_steps`).
const BATCH_WALL: std::time::Duration = std::time::Duration::from_millis(20);

/// Every field a [`FloodSimulation`] exposes (the registry's [`hazsim_grid::fields::FLOOD`]).
pub const FLOOD_FIELDS: &[FieldInfo] = hazsim_grid::fields::FLOOD;

/// Fields kept at one output time (see [`FloodConfig::snapshots`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Model time (s).
    pub time: f64,
    /// (field name, values on the DEM's grid).
    pub fields: Vec<(&'static str, ndarray::Array2<f32>)>,
}

/// The fields named in `cfg.snapshots`, checked: known names, and an output interval to take
/// them at.
fn snapshot_fields(cfg: &FloodConfig) -> Result<Vec<&'static str>> {
    let mut out = Vec::with_capacity(cfg.snapshots.len());
    for name in &cfg.snapshots {
        let Some(f) = FLOOD_FIELDS
            .iter()
            .find(|f| f.name == name || f.name.strip_prefix("flood.") == Some(name.as_str()))
        else {
            let names: Vec<&str> = FLOOD_FIELDS.iter().map(|f| f.name).collect();
            return Err(Error::param(
                "snapshots",
                name,
                &format!("a flood field, one of {}", names.join(", ")),
            ));
        };
        if !out.contains(&f.name) {
            out.push(f.name);
        }
    }
    if !out.is_empty() && cfg.output_interval.is_none() {
        return Err(Error::param(
            "output_interval",
            "None",
            "an interval in seconds when snapshots are asked for (they are taken every output_interval)",
        ));
    }
    Ok(out)
}

/// The error for input `name` at (x, y) outside the DEM, with the DEM's extent.
fn outside_grid(name: String, x: f64, y: f64, dem: &Raster<f32>) -> Error {
    hazsim_grid::Error::outside_point(&name, x, y, dem).into()
}

/// A point inflow resolved to its cell.
#[derive(Debug, Clone)]
struct Inflow {
    cell: usize,
    hydrograph: Vec<(f64, f64)>,
}

/// A running flood simulation on a terrain.
///
/// ```
/// use hazsim_flood::{FloodConfig, FloodSimulation, PointInflow};
/// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
/// use ndarray::Array2;
///
/// let dem = Raster::new(Array2::<f32>::zeros((20, 20)), GeoTransform::north_up(0.0, 200.0, 10.0), Crs::epsg(32633));
/// let terrain = Terrain::new(dem).unwrap();
/// let cfg = FloodConfig {
///     inflows: vec![PointInflow { x: 105.0, y: 95.0, hydrograph: vec![(0.0, 2.0)] }],
///     ..Default::default()
/// };
/// let mut sim = FloodSimulation::new(&terrain, cfg).unwrap();
/// sim.advance(600.0, &mut NoProgress).unwrap();
/// assert_eq!(sim.now(), 600.0);
/// // 2 m³/s for 600 s, all still in the closed basin.
/// assert!((sim.mass_balance().storage_now - 1200.0).abs() < 1e-3 * 1200.0);
/// assert!(sim.field("flood.depth").unwrap()[[10, 10]] > 0.0);
/// ```
#[derive(Debug, Clone)]
pub struct FloodSimulation {
    cfg: FloodConfig,
    /// The fields of `cfg.snapshots`, and the snapshots taken so far.
    snapshot_fields: Vec<&'static str>,
    snapshots: Vec<Snapshot>,
    solver: Solver,
    acc: Accumulators,
    inflows: Vec<Inflow>,
    rain_breaks: Vec<f64>,
    rain_index: Option<usize>,
    rain_rate_sum: f64,
    t: f64,
    next_output: Option<f64>,
    mass: MassBalance,
    series: Vec<SeriesPoint>,
    cell_area: f64,
    /// Lowest bed elevation (m), for the depth of level-boundary ghost cells.
    z_min: f32,
    steps: u64,
    /// Green–Ampt state, when the run has infiltration.
    infil: Option<InfiltrationState>,
    /// Zeros for `flood.infiltration` in a run without infiltration (empty otherwise).
    no_infil: Vec<f32>,
    /// FD2320 class codes of the hazard rating, derived from the hazard rating and the maximum
    /// depth when `flood.hazard_class` is first read after an `advance` (cleared by every
    /// `advance`), so that the buffer does not take memory while the solver runs.
    hazard_class: std::sync::OnceLock<Vec<f32>>,
    /// `flood.duration` derived from the accumulators when first read after an `advance`.
    duration_now: std::sync::OnceLock<Vec<f32>>,
    /// `flood.unit_discharge` derived from the face discharges when first read after an
    /// `advance`.
    unit_discharge: std::sync::OnceLock<Vec<f32>>,
    /// The dam breach, when there is one.
    breach: Option<BreachState>,
    /// The water stored now (m³), summed over the grid when first asked for after a step (the
    /// steps do not sum it), see [`Self::storage`].
    storage_now: std::sync::OnceLock<f64>,
    /// Row-major indices of wall cells (no rain there).
    wall_cells: Vec<usize>,
    /// The DEM's grid, for [`Simulation::grid`].
    grid: Raster<()>,
    /// Rain rate (m/s) per cell set through the `flood.rain_rate` input, added to the
    /// configured rain; `None` when none was set.
    extra_rain: Option<Vec<f32>>,
    /// The rain buffer must be refreshed at the next `update_rain` (an input changed).
    rain_dirty: bool,
    /// Number of inflows from the configuration; inflows after them were set through the
    /// `flood.inflow` input.
    config_inflows: usize,
}

fn check_range(name: &str, v: f64, ok: bool, expected: &str) -> Result<()> {
    if ok && v.is_finite() {
        Ok(())
    } else {
        Err(Error::param(name, v, expected))
    }
}

fn grid_err(name: &str) -> impl FnOnce(hazsim_grid::Error) -> Error + '_ {
    move |source| Error::Grid {
        name: name.to_string(),
        source,
    }
}

impl FloodSimulation {
    /// Checks `cfg` against `terrain` and sets up the run at t = 0.
    pub fn new(terrain: &Terrain, cfg: FloodConfig) -> Result<Self> {
        let dem = terrain.dem();
        let (rows, cols) = dem.shape();
        let dx = terrain.cell_size();
        check_range(
            "duration",
            cfg.duration,
            cfg.duration >= 0.0,
            "a duration in seconds >= 0",
        )?;
        check_range(
            "theta",
            cfg.theta,
            (0.0..=1.0).contains(&cfg.theta),
            "a weighting in [0, 1]; 0.8 (de Almeida et al. 2012) or 1 (Bates et al. 2010)",
        )?;
        check_range(
            "alpha",
            cfg.alpha,
            cfg.alpha > 0.0 && cfg.alpha <= 1.0,
            "a Courant number in (0, 1]; 0.6 is a safe default",
        )?;
        let alpha_max = (cfg.theta / 2.0).sqrt();
        if cfg.alpha > alpha_max {
            return Err(Error::param(
                "alpha",
                cfg.alpha,
                &format!(
                    "alpha <= sqrt(theta/2) = {alpha_max:.3} for theta = {}, the 2D stability limit of the scheme; lower alpha (0.6 suits theta = 0.8) or raise theta towards 1",
                    cfg.theta
                ),
            ));
        }
        check_range(
            "wet_threshold",
            cfg.wet_threshold,
            cfg.wet_threshold >= 0.0,
            "a depth in metres >= 0, e.g. 0.01",
        )?;
        check_range(
            "arrival_threshold",
            cfg.arrival_threshold,
            cfg.arrival_threshold >= 0.0,
            "a depth in metres >= 0, e.g. 0.1",
        )?;
        check_range(
            "h_flow_min",
            cfg.h_flow_min,
            cfg.h_flow_min > 0.0 && cfg.h_flow_min < 1.0,
            "a depth in metres in (0, 1), e.g. 0.001",
        )?;
        check_range(
            "max_dt",
            cfg.max_dt,
            cfg.max_dt > 0.0,
            "a time step limit in seconds > 0, e.g. 10",
        )?;
        check_range(
            "max_speed",
            cfg.max_speed,
            cfg.max_speed > 0.0,
            "a speed cap in m/s > 0, e.g. 50",
        )?;
        if let Some(fr) = cfg.max_froude {
            check_range(
                "max_froude",
                fr,
                fr > 0.0,
                "a Froude number cap > 0 (1 is usual on steep terrain), or None for no cap",
            )?;
        }
        if let Some(oi) = cfg.output_interval {
            check_range(
                "output_interval",
                oi,
                oi > 0.0,
                "an interval in seconds > 0, or None",
            )?;
        }
        let snapshot_fields = snapshot_fields(&cfg)?;
        let n2 = match &cfg.manning {
            Field::Uniform(n) => {
                let n = *n as f32;
                check_range(
                    "manning",
                    n as f64,
                    n > 0.0,
                    "Manning's n > 0 in s/m^(1/3), e.g. 0.035 for floodplain grass",
                )?;
                // One row, read by every row of the grid (see `Solver::n2`).
                vec![n * n; cols]
            }
            Field::Path(p) => return Err(Field::unread("manning", p).into()),
            Field::Raster(r) => {
                dem.check_same_grid(r, "DEM", "manning")
                    .map_err(grid_err("manning"))?;
                if let Some(((row, col), v)) = r
                    .data
                    .indexed_iter()
                    .find(|(_, v)| !(**v > 0.0 && v.is_finite()))
                {
                    return Err(Error::param(
                        "manning",
                        format!("{v} at row {row}, col {col}"),
                        "Manning's n > 0 and finite in every cell, e.g. 0.035 for floodplain grass",
                    ));
                }
                r.data.iter().map(|n| n * n).collect()
            }
        };
        let mut h: Vec<f32> = match &cfg.initial_depth {
            None => vec![0.0; rows * cols],
            Some(r) => {
                dem.check_same_grid(r, "DEM", "initial_depth")
                    .map_err(grid_err("initial_depth"))?;
                if let Some(((row, col), v)) = r
                    .data
                    .indexed_iter()
                    .find(|(_, v)| !(**v >= 0.0 && v.is_finite()))
                {
                    return Err(Error::param(
                        "initial_depth",
                        format!("{v} at row {row}, col {col}"),
                        "depths in metres >= 0 and finite (depth, not water-surface elevation)",
                    ));
                }
                r.data.iter().copied().collect()
            }
        };
        if let Some(res) = &cfg.reservoir {
            fill_reservoir(res, dem, &mut h)?;
        }
        let breach = cfg
            .breach
            .as_ref()
            .map(|b| BreachState::new(b, dem))
            .transpose()?;
        for (edge, b) in cfg.boundaries.named() {
            let name = &format!("boundaries.{edge}");
            match b {
                Boundary::Closed | Boundary::CriticalOutflow => {}
                Boundary::FreeOutflow { slope } => {
                    if let Some(s) = slope {
                        check_range(
                            name,
                            *s,
                            *s > 0.0,
                            "a free-outflow slope > 0 (m/m), or None for the local bed slope",
                        )?;
                    }
                }
                Boundary::FixedLevel(l) => {
                    check_range(name, *l, true, "a finite water-surface elevation in metres")?
                }
                Boundary::LevelHydrograph(s) => {
                    let (t, v): (Vec<f64>, Vec<f64>) = s.iter().copied().unzip();
                    check_series(name, &t, &v, true)?;
                }
            }
        }
        match &cfg.rain {
            Rain::None => {}
            Rain::Uniform(s) => {
                let (t, v): (Vec<f64>, Vec<f64>) = s.iter().copied().unzip();
                check_series("rain", &t, &v, false)?;
            }
            Rain::Rasters(s) => {
                let t: Vec<f64> = s.iter().map(|p| p.0).collect();
                check_series("rain", &t, &vec![0.0; t.len()], false)?;
                for (i, (_, r)) in s.iter().enumerate() {
                    let name = format!("rain[{i}]");
                    dem.check_same_grid(r, "DEM", &name)
                        .map_err(grid_err("rain"))?;
                    if let Some(((row, col), v)) = r
                        .data
                        .indexed_iter()
                        .find(|(_, v)| !(**v >= 0.0 && v.is_finite()))
                    {
                        return Err(Error::param(
                            "rain",
                            format!("{v} mm/h in {name} at row {row}, col {col}"),
                            "rain intensities in mm/h >= 0 and finite",
                        ));
                    }
                }
            }
        }
        let mut inflows = Vec::with_capacity(cfg.inflows.len());
        for (i, p) in cfg.inflows.iter().enumerate() {
            let name = format!("inflows[{i}]");
            let Some((r, c)) = dem.cell_index(p.x, p.y) else {
                return Err(outside_grid(name, p.x, p.y, dem));
            };
            let (t, v): (Vec<f64>, Vec<f64>) = p.hydrograph.iter().copied().unzip();
            check_series(&format!("{name}.hydrograph"), &t, &v, false)?;
            inflows.push(Inflow {
                cell: r * cols + c,
                hydrograph: p.hydrograph.clone(),
            });
        }
        for (i, l) in cfg.line_inflows.iter().enumerate() {
            let name = format!("line_inflows[{i}]");
            if l.line.is_empty() {
                return Err(Error::param(
                    &format!("{name}.line"),
                    "no vertices",
                    "a polyline of at least one (x, y) vertex on the grid",
                ));
            }
            for &(x, y) in &l.line {
                if dem.cell_index(x, y).is_none() {
                    return Err(outside_grid(format!("{name}.line"), x, y, dem));
                }
            }
            let (t, v): (Vec<f64>, Vec<f64>) = l.hydrograph.iter().copied().unzip();
            check_series(&format!("{name}.hydrograph"), &t, &v, false)?;
            let cells = hazsim_grid::rasterize::line_cells(&dem.transform, (rows, cols), &l.line);
            let share = 1.0 / cells.len().max(1) as f64;
            let hydrograph: Vec<(f64, f64)> =
                l.hydrograph.iter().map(|&(t, q)| (t, q * share)).collect();
            for (r, c) in cells {
                inflows.push(Inflow {
                    cell: r * cols + c,
                    hydrograph: hydrograph.clone(),
                });
            }
        }

        let wall_cells: Vec<usize> = match &cfg.walls {
            None => Vec::new(),
            Some(m) => {
                if m.dim() != (rows, cols) {
                    return Err(Error::param(
                        "walls",
                        format!("a mask of shape {:?}", m.dim()),
                        &format!("a mask of the DEM's shape {:?}", (rows, cols)),
                    ));
                }
                m.iter()
                    .enumerate()
                    .filter_map(|(i, &w)| w.then_some(i))
                    .collect()
            }
        };
        for &i in &wall_cells {
            if let Some(k) = inflows.iter().position(|p| p.cell == i) {
                return Err(Error::param(
                    &format!("inflows[{k}]"),
                    format!(
                        "a point in the wall cell (row {}, col {})",
                        i / cols,
                        i % cols
                    ),
                    "a point on valid ground: move it off the DEM's nodata holes",
                ));
            }
            if h[i] != 0.0 {
                return Err(Error::param(
                    "initial_depth",
                    format!("{} m in the wall cell (row {}, col {})", h[i], i / cols, i % cols),
                    "no water in wall cells (DEM holes): set their initial depth to 0 or keep the reservoir off them",
                ));
            }
        }
        // Walls stand WALL_HEIGHT above the highest other cell (see crate::walls).
        let wall_z = cfg
            .walls
            .as_ref()
            .filter(|_| !wall_cells.is_empty())
            .map(|m| {
                dem.data
                    .iter()
                    .zip(m.iter())
                    .filter(|(_, &w)| !w)
                    .map(|(&z, _)| z)
                    .fold(f32::NEG_INFINITY, f32::max)
                    + crate::walls::WALL_HEIGHT
            })
            .filter(|z| z.is_finite());
        let infil = cfg
            .infiltration
            .as_ref()
            .map(|ga| InfiltrationState::new(ga, dem))
            .transpose()?;
        let no_infil = if infil.is_some() {
            Vec::new()
        } else {
            vec![0.0; rows * cols]
        };
        let cell_area = dx * dx;
        let source_cells = if matches!(cfg.rain, Rain::None) && inflows.is_empty() {
            0
        } else {
            rows * cols
        };
        let acc = Accumulators::new(
            &h,
            cfg.wet_threshold as f32,
            cfg.arrival_threshold as f32,
            0.0,
        );
        let solver = Solver {
            rows,
            cols,
            dx: dx as f32,
            z: dem.data.iter().copied().collect(),
            n2,
            h_lo: vec![0.0; h.len()],
            h,
            qx: vec![0.0; rows * (cols + 1)],
            qy: vec![0.0; (rows + 1) * cols],
            // Source buffers only where there can be sources (see `Solver::rain_rate`).
            rain_rate: vec![0.0; source_cells],
            point_depth: vec![0.0; source_cells],
            row_stats: vec![RowStats::default(); rows],
            h_max_last: None,
            rain_zero: true,
            seam: vec![0.0; (rows.div_ceil(BLOCK_ROWS) + 1) * SEAM_ROWS * cols],
            scratch: StepScratch::new(rows, cols),
            forced_live: inflows.iter().map(|p| p.cell).collect(),
            live_valid: false,
            track_live: true,
            cells_computed: 0,
        };
        let mut solver = solver;
        if let Some(zw) = wall_z {
            for &i in &wall_cells {
                solver.z[i] = solver.z[i].max(zw);
            }
        }
        let mut sim = FloodSimulation {
            wall_cells,
            grid: dem.like(ndarray::Array2::from_elem(dem.data.dim(), ())),
            extra_rain: None,
            rain_dirty: false,
            config_inflows: inflows.len(),
            rain_breaks: cfg.rain.breakpoints(),
            next_output: cfg.output_interval,
            snapshot_fields,
            snapshots: Vec::new(),
            cfg,
            solver,
            acc,
            inflows,
            rain_index: None,
            rain_rate_sum: 0.0,
            t: 0.0,
            mass: MassBalance::default(),
            series: Vec::new(),
            cell_area,
            z_min: dem
                .data
                .iter()
                .copied()
                .fold(f32::INFINITY, f32::min)
                .min(breach.as_ref().map_or(f32::INFINITY, |b| b.lowest())),
            steps: 0,
            infil,
            no_infil,
            hazard_class: std::sync::OnceLock::new(),
            duration_now: std::sync::OnceLock::new(),
            unit_discharge: std::sync::OnceLock::new(),
            breach,
            storage_now: std::sync::OnceLock::new(),
        };
        sim.refresh_hazard_class();
        let storage = sim.storage();
        sim.mass.storage_initial = storage;
        // Reserve the series up front so that recording outputs does not allocate mid-run.
        if let Some(i) = sim.cfg.output_interval {
            let n = (sim.cfg.duration / i).ceil().min(1e6) as usize + 2;
            sim.series.reserve(n);
        }
        let wet = sim
            .solver
            .h
            .iter()
            .filter(|&&v| v > sim.cfg.wet_threshold as f32)
            .count();
        sim.series.push(SeriesPoint {
            time: 0.0,
            flooded_area: wet as f64 * cell_area,
            volume: storage,
        });
        sim.update_rain();
        Ok(sim)
    }

    /// Starts the configured breach (`config.breach`) at model time `at` (s) instead of its
    /// configured start: a scenario starts a breach when a reservoir level is reached. A time
    /// before now starts it now; the breach opens over its `formation_time` from then. Errors
    /// when the run has no breach or `at` is not finite.
    ///
    /// ```
    /// use hazsim_flood::{Breach, FloodConfig, FloodSimulation, Region};
    /// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
    /// let dem = Raster::new(ndarray::Array2::from_elem((5, 5), 10.0f32), GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616));
    /// let b = Breach { region: Region::Polygon(vec![vec![(20.0, 20.0), (30.0, 20.0), (30.0, 30.0), (20.0, 30.0)]]),
    ///                  final_level: 8.0, start: 1e9, formation_time: 0.0 };
    /// let mut sim = FloodSimulation::new(&Terrain::new(dem).unwrap(), FloodConfig { breach: Some(b), ..Default::default() }).unwrap();
    /// sim.start_breach(60.0).unwrap();
    /// assert_eq!(sim.breach_start(), Some(60.0));
    /// ```
    pub fn start_breach(&mut self, at: f64) -> Result<()> {
        if !at.is_finite() {
            return Err(Error::param(
                "breach start",
                at,
                "a finite model time in seconds",
            ));
        }
        let now = self.t;
        match &mut self.breach {
            Some(b) => {
                b.set_start(at.max(now));
                Ok(())
            }
            None => Err(Error::param(
                "breach start",
                at,
                "a run configured with a breach (`breach`) to start",
            )),
        }
    }

    /// When the breach starts (s), if the run has one.
    pub fn breach_start(&self) -> Option<f64> {
        self.breach.as_ref().map(|b| b.events()[0])
    }

    /// The configuration this run was built with.
    pub fn config(&self) -> &FloodConfig {
        &self.cfg
    }

    /// Volumes in, out and stored so far (m³).
    pub fn mass_balance(&self) -> MassBalance {
        MassBalance {
            storage_now: self.storage(),
            ..self.mass
        }
    }

    /// The water stored now (m³): Σ (h + residual) × cell area, computed on first use after a
    /// step.
    fn storage(&self) -> f64 {
        *self
            .storage_now
            .get_or_init(|| self.solver.storage() * self.cell_area)
    }

    /// (t, flooded area, volume) at t = 0 and every output interval reached so far.
    pub fn series(&self) -> &[SeriesPoint] {
        &self.series
    }

    /// The snapshots taken so far: the fields of [`FloodConfig::snapshots`] at every output
    /// time reached.
    ///
    /// ```
    /// use hazsim_flood::{FloodConfig, FloodSimulation, Rain};
    /// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
    /// let dem = Raster::new(
    ///     ndarray::Array2::zeros((10, 10)),
    ///     GeoTransform::north_up(0.0, 100.0, 10.0),
    ///     Crs::epsg(32633),
    /// );
    /// let t = Terrain::new(dem).unwrap();
    /// let cfg = FloodConfig {
    ///     rain: Rain::Uniform(vec![(0.0, 36.0)]), // 36 mm/h = 1e-5 m/s
    ///     output_interval: Some(100.0),
    ///     snapshots: vec!["depth".into()],
    ///     ..Default::default()
    /// };
    /// let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    /// sim.advance(300.0, &mut NoProgress).unwrap();
    /// let s = sim.snapshots();
    /// assert_eq!(s.len(), 3);
    /// assert_eq!((s[1].time, s[1].fields[0].0), (200.0, "flood.depth"));
    /// assert!((s[1].fields[0].1[[5, 5]] - 2e-3).abs() < 1e-6); // 200 s of rain
    /// ```
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// Keeps the snapshot fields now (derived fields computed afresh for this time).
    fn take_snapshot(&mut self) {
        if self.snapshot_fields.is_empty() {
            return;
        }
        self.refresh_hazard_class();
        let fields = self
            .snapshot_fields
            .iter()
            .filter_map(|&n| self.field(n).map(|v| (n, v.to_owned())))
            .collect();
        self.snapshots.push(Snapshot {
            time: self.t,
            fields,
        });
        self.refresh_hazard_class();
    }

    /// Number of solver steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Cell-updates the solver actually computed so far: cells near water (see the solver's
    /// live-cell tracking); `steps() × rows × cols` counts every cell of every step.
    ///
    /// ```
    /// use hazsim_flood::{FloodConfig, FloodSimulation, PointInflow};
    /// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
    /// let dem = Raster::new(
    ///     ndarray::Array2::zeros((200, 200)),
    ///     GeoTransform::north_up(0.0, 2000.0, 10.0),
    ///     Crs::epsg(32633),
    /// );
    /// let t = Terrain::new(dem).unwrap();
    /// // A small inflow in one corner of a dry plain: most of the plain is never computed.
    /// let cfg = FloodConfig {
    ///     inflows: vec![PointInflow { x: 15.0, y: 1985.0, hydrograph: vec![(0.0, 0.5)] }],
    ///     ..Default::default()
    /// };
    /// let mut sim = FloodSimulation::new(&t, cfg).unwrap();
    /// sim.advance(600.0, &mut NoProgress).unwrap();
    /// let every_cell = sim.steps() * 200 * 200;
    /// assert!(sim.cells_computed() < every_cell / 4);
    /// ```
    pub fn cells_computed(&self) -> u64 {
        self.solver.cells_computed
    }

    /// Turns the solver's live-cell tracking off (every cell is computed every step) or back on.
    /// The results are the same bits either way; this exists to test that.
    #[doc(hidden)]
    pub fn set_live_tracking(&mut self, on: bool) {
        self.solver.track_live = on;
    }

    /// Unit discharges (m²/s): q_x on vertical faces (rows × (cols+1), positive eastwards) and
    /// q_y on horizontal faces ((rows+1) × cols, positive southwards).
    pub fn discharges(&self) -> (ArrayView2<'_, f32>, ArrayView2<'_, f32>) {
        let (r, c) = (self.solver.rows, self.solver.cols);
        (
            ArrayView2::from_shape((r, c + 1), &self.solver.qx)
                .expect("qx buffer has rows × (cols+1) faces"),
            ArrayView2::from_shape((r + 1, c), &self.solver.qy)
                .expect("qy buffer has (rows+1) × cols faces"),
        )
    }

    /// Refreshes the rain rate buffer when the rain series entry in force changes.
    fn update_rain(&mut self) {
        let idx = self.cfg.rain.index_at(self.t);
        if idx == self.rain_index && self.steps > 0 && !self.rain_dirty {
            return;
        }
        self.rain_index = idx;
        self.rain_dirty = false;
        let conv = MM_PER_H_TO_M_PER_S;
        match (&self.cfg.rain, idx) {
            (Rain::Uniform(s), Some(_)) => {
                let r = (step_value(s, self.t) * conv) as f32;
                self.solver.rain_rate.iter_mut().for_each(|v| *v = r);
            }
            (Rain::Rasters(s), Some(i)) => {
                for (v, &mmh) in self.solver.rain_rate.iter_mut().zip(s[i].1.data.iter()) {
                    *v = (mmh as f64 * conv) as f32;
                }
            }
            _ => self.solver.rain_rate.iter_mut().for_each(|v| *v = 0.0),
        }
        if let Some(extra) = &self.extra_rain {
            for (v, &e) in self.solver.rain_rate.iter_mut().zip(extra) {
                *v += e;
            }
        }
        // (A run without rain or inflows has no rain buffer until an input adds a source.)
        if !self.solver.rain_rate.is_empty() {
            for &i in &self.wall_cells {
                self.solver.rain_rate[i] = 0.0;
            }
        }
        self.solver.rain_zero = self.solver.rain_rate.iter().all(|&v| v == 0.0);
        let cols = self.solver.cols;
        self.rain_rate_sum = self
            .solver
            .rain_rate
            .chunks(cols)
            .map(|r| r.iter().map(|&v| v as f64).sum::<f64>())
            .sum();
    }

    /// The next time the step must land on: `until`, an output time or a rain change.
    fn next_event(&self, until: f64) -> f64 {
        let mut e = until;
        if let Some(o) = self.next_output {
            e = e.min(o);
        }
        if let Some(&b) = self.rain_breaks.iter().find(|&&b| b > self.t) {
            e = e.min(b);
        }
        if let Some(b) = &self.breach {
            for be in b.events() {
                if be > self.t {
                    e = e.min(be);
                }
            }
        }
        e
    }

    /// One step towards `event` (the next time a step must land on); `until` is the end of the
    /// advance, at which `flood.speed` is kept.
    fn step_to(&mut self, event: f64, until: f64) -> Result<()> {
        // Breach: the bed of the opening at the start of this step (see crate::breach).
        if let Some(b) = &self.breach {
            b.set_bed(self.t, &mut self.solver.z);
        }
        let cfg = &self.cfg;
        let edges_b = [
            &cfg.boundaries.north,
            &cfg.boundaries.east,
            &cfg.boundaries.south,
            &cfg.boundaries.west,
        ];
        let edges = edges_b.map(|b| EdgeNow::at(b, self.t));
        // Deepest water, counting level-boundary ghost cells (their depth over the lowest bed).
        let mut h_max = self.solver.h_max();
        let z_min = self.z_min;
        for e in edges {
            if let EdgeNow::Level(l) = e {
                h_max = h_max.max(l - z_min);
            }
        }
        let sources_active = self.inflows.iter().any(|p| {
            // flowing now, or starting later (a hydrograph rising from 0 must not be
            // integrated over one long dry step)
            interp_linear(&p.hydrograph, self.t) > 0.0
                || p.hydrograph.iter().any(|&(ti, q)| ti > self.t && q > 0.0)
        }) || self.rain_rate_sum > 0.0
            || edges.iter().any(|e| matches!(e, EdgeNow::Level(_)));
        let remaining = event - self.t;
        let at_output = self.next_output.is_some_and(|o| event >= o);
        let mut dt = if h_max > cfg.h_flow_min as f32 {
            cfg.alpha * self.solver.dx as f64 / (G as f64 * h_max as f64).sqrt()
        } else if sources_active {
            cfg.max_dt
        } else {
            remaining
        };
        dt = dt.min(cfg.max_dt).min(remaining);
        let last = dt >= remaining;
        let dt32 = dt as f32;
        let dt_used = dt32 as f64;
        let t_new = if last { event } else { self.t + dt };
        // Point inflows this step (trapezoid of the hydrograph over the step).
        let mut inflow_vol = 0.0;
        for p in &self.inflows {
            self.solver.point_depth[p.cell] = 0.0;
        }
        for p in &self.inflows {
            let q =
                0.5 * (interp_linear(&p.hydrograph, self.t) + interp_linear(&p.hydrograph, t_new));
            let d = (q * dt_used / self.cell_area) as f32;
            self.solver.point_depth[p.cell] += d;
            inflow_vol += d as f64 * self.cell_area;
        }
        let inputs = StepInputs {
            params: StepParams {
                theta: cfg.theta as f32,
                half_rest: (0.5 * (1.0 - cfg.theta)) as f32,
                h_flow_min: cfg.h_flow_min as f32,
                dt: dt32,
                dx: self.solver.dx,
                g_dt: G * dt32,
                g_dt_dx: G * dt32 / self.solver.dx,
            },
            edges,
            out: OutputParams {
                wet: cfg.wet_threshold as f32,
                arrival: cfg.arrival_threshold as f32,
                t_old: self.t as f32,
                t_new: t_new as f32,
            },
            speed_cap: cfg.max_speed as f32,
            sources: !(self.inflows.is_empty() && self.solver.rain_zero),
            max_froude: cfg.max_froude.map(|f| f as f32),
            // flood.speed is kept on the last step of an advance and for a snapshot.
            store_speed: t_new >= until || (last && at_output && !self.snapshot_fields.is_empty()),
        };
        self.solver.step(&inputs, &mut self.acc);
        self.steps += 1;
        self.storage_now = std::sync::OnceLock::new();
        // Ordered row sums: identical for any thread count.
        let (mut e_in, mut e_out) = (0.0f64, 0.0f64);
        let mut bad = None;
        for (r, s) in self.solver.row_stats.iter().enumerate() {
            e_in += s.edge_in;
            e_out += s.edge_out;
            if bad.is_none() {
                bad = s.bad.map(|(c, v)| (r, c, v));
            }
        }
        // Infiltration: a separate pass over the new depths (see crate::infiltration).
        let infiltrated = match &mut self.infil {
            Some(st) => {
                let s = &mut self.solver;
                st.apply(&mut s.h, &mut s.h_lo, s.cols, dt_used) * self.cell_area
            }
            None => 0.0,
        };
        let dx = self.solver.dx as f64;
        self.mass.infiltration += infiltrated;
        self.mass.inflow += inflow_vol;
        self.mass.rain += self.rain_rate_sum * dt_used * self.cell_area;
        self.mass.boundary_inflow += e_in * dx;
        self.mass.outflow += e_out * dx;
        self.t = t_new;
        if let Some((row, col, v)) = bad {
            let what = if v.is_nan() {
                "speed or depth became NaN".to_string()
            } else if v.is_finite() {
                format!(
                    "speed {v} m/s exceeds max_speed = {} m/s",
                    self.cfg.max_speed
                )
            } else {
                format!("depth became {v}")
            };
            return Err(Error::Unstable {
                time: self.t,
                row,
                col,
                what,
            });
        }
        if let Some(o) = self.next_output {
            if self.t >= o {
                let wet = self.solver.wet_cells(self.cfg.wet_threshold as f32);
                self.series.push(SeriesPoint {
                    time: self.t,
                    flooded_area: wet as f64 * self.cell_area,
                    volume: self.storage(),
                });
                self.take_snapshot();
                self.next_output = self.cfg.output_interval.map(|i| o + i);
            }
        }
        self.update_rain();
        Ok(())
    }

    /// Steps to `until`, reporting progress between batches of steps.
    ///
    /// The steps run inside the thread pool, in batches of at most [`BATCH_WALL`] of wall time and
    /// 1 % of the run's model time: a thread outside the pool hands each of a step's parallel
    /// loops over to the pool and sleeps until it ends, which costs a wake-up per loop (5 to 10 %
    /// of the run time on a 500 × 500 grid). Progress is reported (and a cancel noticed) on the
    /// calling thread after each batch.
    fn advance_steps(
        &mut self,
        until: f64,
        start: f64,
        total: f64,
        progress: &mut dyn Progress,
    ) -> Result<()> {
        while self.t < until {
            let started = std::time::Instant::now();
            // A batch ends after 1 % of the run's model time too, so that a progress bar moves
            // in steps of 1 %.
            let report_at = self.t + 0.01 * total;
            rayon::scope(|_| -> Result<()> {
                loop {
                    let event = self.next_event(until);
                    self.step_to(event, until)?;
                    if self.t >= until.min(report_at) || started.elapsed() >= BATCH_WALL {
                        return Ok(());
                    }
                }
            })?;
            if !progress.report(((self.t - start) / total).clamp(0.0, 1.0), "flood") {
                return Err(hazsim_grid::Error::Cancelled { time: self.t }.into());
            }
        }
        Ok(())
    }

    /// Drops the cached `flood.hazard_class`, `flood.duration` and `flood.unit_discharge`; the
    /// next read derives them again.
    fn refresh_hazard_class(&mut self) {
        self.hazard_class = std::sync::OnceLock::new();
        self.duration_now = std::sync::OnceLock::new();
        self.unit_discharge = std::sync::OnceLock::new();
    }

    /// `flood.duration` now: the ended wet spells plus the running one, computed on first use.
    fn duration_now(&self) -> &[f32] {
        self.duration_now.get_or_init(|| {
            let mut out = vec![0.0; self.acc.duration.len()];
            self.acc.duration_at(self.t, &mut out);
            out
        })
    }

    /// `flood.speed` after a cancelled advance: the last step's face-averaged discharge over the
    /// depth now (the step itself divides by the mean of the depths before and after it), 0 where
    /// the cell is not wet.
    fn speed_from_state(&mut self) {
        let q = self.solver.unit_discharge();
        let wet = self.cfg.wet_threshold as f32;
        self.acc
            .speed
            .par_iter_mut()
            .zip(q.par_iter().zip(self.solver.h.par_iter()))
            .for_each(|(v, (&q, &h))| *v = if h > wet { q / h } else { 0.0 });
    }

    /// `flood.unit_discharge` now, computed on first use from the face discharges (see
    /// [`crate::solver::Solver::unit_discharge`]).
    fn unit_discharge(&self) -> &[f32] {
        self.unit_discharge
            .get_or_init(|| self.solver.unit_discharge())
    }

    /// `flood.hazard_class` from the hazard rating and the maximum depth, computed on first use.
    fn hazard_class(&self) -> &[f32] {
        self.hazard_class.get_or_init(|| {
            let mut out = vec![0.0; self.acc.hazard.len()];
            crate::hazard::fill_class_codes(
                &self.acc.hazard,
                &self.acc.max_depth,
                self.cfg.wet_threshold as f32,
                &mut out,
            );
            out
        })
    }

    /// Appends the current (t, area, volume) to the series unless it is already the last record.
    pub(crate) fn record_now(&mut self) {
        if self.series.last().map(|p| p.time) != Some(self.t) {
            let wet = self.solver.wet_cells(self.cfg.wet_threshold as f32);
            self.series.push(SeriesPoint {
                time: self.t,
                flooded_area: wet as f64 * self.cell_area,
                volume: self.storage(),
            });
        }
    }

    fn view<'a>(&self, v: &'a [f32]) -> ArrayView2<'a, f32> {
        ArrayView2::from_shape((self.solver.rows, self.solver.cols), v)
            .expect("field buffers have rows × cols cells")
    }

    /// A named field as a raster on the terrain's grid.
    pub(crate) fn field_raster(&self, dem: &Raster<f32>, name: &str) -> Option<Raster<f32>> {
        self.field(name).map(|v| dem.like(v.to_owned()))
    }
}

impl FloodSimulation {
    /// Advances to `until` by the contract's rules (see [`Simulation`]), returning the flood's
    /// own error type; [`Simulation::advance`] gives the same as the shared error.
    pub fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> Result<()> {
        let until = hazsim_grid::simulation::target(self.t, until, self.cfg.duration)?;
        let run = if until > self.t {
            let span = until - self.t;
            self.advance_steps(until, self.t, span, progress)
        } else {
            Ok(())
        };
        if run.as_ref().is_err_and(Error::is_cancelled) {
            // The last step did not keep its speeds (only the last step of an advance does):
            // give `flood.speed` from the state as it stands.
            self.speed_from_state();
        }
        self.refresh_hazard_class();
        if run.is_ok() {
            progress.report(1.0, "flood");
        }
        run
    }

    /// Makes sure the per-cell source buffers exist (a run built without rain or inflows has
    /// none until an input adds a source).
    fn ensure_source_buffers(&mut self) {
        let n = self.solver.rows * self.solver.cols;
        if self.solver.rain_rate.len() != n {
            self.solver.rain_rate = vec![0.0; n];
            self.solver.point_depth = vec![0.0; n];
        }
    }

    /// The `flood.rain_rate` input: an extra rain rate (m/s) per cell from now on.
    fn set_rain_rate(&mut self, value: &hazsim_grid::Field) -> Result<()> {
        let (rows, cols) = (self.solver.rows, self.solver.cols);
        let mut extra = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                let v = value.value_at(r, c);
                if !(v.is_finite() && v >= 0.0) {
                    return Err(Error::param(
                        "flood.rain_rate",
                        format!("{v} at row {r}, col {c}"),
                        "a rain rate in m/s, finite and >= 0 in every cell (1 mm/h = 2.78e-7 m/s)",
                    ));
                }
                extra.push(v as f32);
            }
        }
        if extra.iter().all(|&v| v == 0.0) {
            self.extra_rain = None;
        } else {
            self.ensure_source_buffers();
            self.extra_rain = Some(extra);
        }
        self.rain_dirty = true;
        self.update_rain();
        Ok(())
    }

    /// The `flood.inflow` input: an extra inflow (m³/s) per cell from now on, held constant;
    /// it replaces the extra inflow set before.
    fn set_inflow(&mut self, value: &hazsim_grid::Field) -> Result<()> {
        let (rows, cols) = (self.solver.rows, self.solver.cols);
        let mut added = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                let q = value.value_at(r, c);
                if q.is_nan() || q == 0.0 {
                    continue;
                }
                if !(q.is_finite() && q > 0.0) {
                    return Err(Error::param(
                        "flood.inflow",
                        format!("{q} at row {r}, col {c}"),
                        "a discharge in m3/s, finite and >= 0 (0 or NaN for no inflow)",
                    ));
                }
                let cell = r * cols + c;
                if self.wall_cells.binary_search(&cell).is_ok() {
                    return Err(Error::param(
                        "flood.inflow",
                        format!("{q} at row {r}, col {c}"),
                        "inflow cells off the walls (a wall cell holds no water)",
                    ));
                }
                added.push(Inflow {
                    cell,
                    hydrograph: vec![(self.t, q)],
                });
            }
        }
        if !added.is_empty() {
            self.ensure_source_buffers();
        }
        if !self.solver.point_depth.is_empty() {
            for p in &self.inflows[self.config_inflows..] {
                self.solver.point_depth[p.cell] = 0.0;
            }
        }
        self.inflows.truncate(self.config_inflows);
        self.inflows.extend(added);
        self.solver.forced_live = self.inflows.iter().map(|p| p.cell).collect();
        self.solver.live_valid = false;
        Ok(())
    }

    /// The `flood.bed_change` input: raises (or, < 0, lowers) the bed of each cell by this much
    /// (m) from now on; 0 or NaN leaves a cell as it is. The depth is kept, so the stored volume
    /// does not change. Every cell is checked before any is changed: a refused change leaves the
    /// run as it was.
    ///
    /// Wall cells are skipped (they hold no water; their bed is derived, see below). On the cells
    /// of a dam breach the breach sets the bed again at the start of the next step (from the DEM's
    /// crest and its final level), so the breach wins on its own cells.
    ///
    /// Besides the bed `solver.z`, what derives from it is refreshed: the lowest bed `z_min` (the
    /// depth of level-boundary ghost cells in the time step), the walls' bed (kept
    /// [`crate::walls::WALL_HEIGHT`] above the highest other cell) and the live cells of the
    /// solver (computed afresh at the next step). The solver keeps no other bed-derived state:
    /// face flow depths, surface elevations and edge slopes are formed from `z` at every step.
    fn set_bed_change(&mut self, value: &hazsim_grid::Field) -> Result<()> {
        const NAME: &str = "flood.bed_change";
        if let Field::Path(p) = value {
            return Err(Field::unread(NAME, p).into());
        }
        let (rows, cols) = (self.solver.rows, self.solver.cols);
        let mut is_wall = vec![false; rows * cols];
        for &i in &self.wall_cells {
            is_wall[i] = true;
        }
        // (cell, new bed), checked in full before anything changes.
        let mut changed: Vec<(usize, f32)> = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                let d = value.value_at(r, c);
                if d.is_nan() || d == 0.0 {
                    continue;
                }
                if !d.is_finite() {
                    return Err(Error::param(
                        NAME,
                        format!("{d} at row {r}, col {c}"),
                        "a finite bed change in metres in every cell (> 0 raises the bed, < 0 lowers it; 0 or NaN for no change)",
                    ));
                }
                let i = r * cols + c;
                if is_wall[i] {
                    continue;
                }
                let z = (self.solver.z[i] as f64 + d) as f32;
                if !z.is_finite() {
                    return Err(Error::param(
                        NAME,
                        format!("{d} at row {r}, col {c} (bed {} m)", self.solver.z[i]),
                        "a bed change that leaves the bed elevation finite in f32 (|z| < 3.4e38 m)",
                    ));
                }
                changed.push((i, z));
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        for &(i, z) in &changed {
            self.solver.z[i] = z;
        }
        // Walls stand WALL_HEIGHT above the highest other cell (as built in `new`).
        if !self.wall_cells.is_empty() {
            let top = self
                .solver
                .z
                .iter()
                .zip(&is_wall)
                .filter(|(_, &w)| !w)
                .map(|(&z, _)| z)
                .fold(f32::NEG_INFINITY, f32::max);
            let wall_z = top + crate::walls::WALL_HEIGHT;
            if wall_z.is_finite() {
                for &i in &self.wall_cells {
                    self.solver.z[i] = self.solver.z[i].max(wall_z);
                }
            }
        }
        self.z_min = self
            .solver
            .z
            .iter()
            .copied()
            .fold(f32::INFINITY, f32::min)
            .min(self.breach.as_ref().map_or(f32::INFINITY, |b| b.lowest()));
        self.solver.live_valid = false;
        Ok(())
    }
}

impl Simulation for FloodSimulation {
    fn hazard(&self) -> &'static str {
        "flood"
    }

    fn now(&self) -> f64 {
        self.t
    }

    fn end_time(&self) -> f64 {
        self.cfg.duration
    }

    fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> hazsim_grid::Result<()> {
        FloodSimulation::advance(self, until, progress).map_err(Into::into)
    }

    fn inputs(&self) -> &'static [FieldInfo] {
        hazsim_grid::fields::FLOOD_INPUTS
    }

    fn set_input(&mut self, name: &str, value: &hazsim_grid::Field) -> hazsim_grid::Result<()> {
        hazsim_grid::simulation::check_input_grid(name, value, &self.grid)?;
        match name {
            "flood.rain_rate" => self.set_rain_rate(value),
            "flood.inflow" => self.set_inflow(value),
            "flood.bed_change" => self.set_bed_change(value),
            _ => return Err(hazsim_grid::fields::unknown("input", name, self.inputs())),
        }
        .map_err(Into::into)
    }

    fn grid(&self) -> &Raster<()> {
        &self.grid
    }

    fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>> {
        let a = &self.acc;
        let v = match name {
            "flood.depth" => &self.solver.h,
            "flood.speed" => &a.speed,
            "flood.max_depth" => &a.max_depth,
            "flood.max_speed" => &a.max_speed,
            "flood.max_dv" => &a.max_dv,
            "flood.arrival_time" => &a.arrival,
            "flood.duration" => self.duration_now(),
            "flood.unit_discharge" => self.unit_discharge(),
            "flood.hazard_rating" => &a.hazard,
            "flood.hazard_class" => self.hazard_class(),
            "flood.infiltration" => match &self.infil {
                Some(st) => &st.cumulative32,
                None => &self.no_infil,
            },
            _ => return None,
        };
        Some(self.view(v))
    }

    fn fields(&self) -> &'static [FieldInfo] {
        FLOOD_FIELDS
    }
}
