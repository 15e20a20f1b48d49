//! # hazsim-flood
//!
//! Gridded flood inundation over a DEM with the local inertial approximation of the shallow-water
//! equations (Bates, Horritt & Fewtrell 2010, *J. Hydrol.* 387:33–45), with the θ-weighted
//! momentum of de Almeida, Bates, Freer & Souvignet (2012, *Water Resour. Res.* 48, W05528).
//! The scheme drops the convective acceleration term, which suits slow, friction-dominated
//! floodplain flow (Froude number well below 1); in fast, supercritical flow such as the first
//! moments of a dam break it lags the full shallow-water equations (de Almeida & Bates 2013,
//! *Water Resour. Res.* 49, 4833–4844).
//!
//! One module per concept:
//! - [`config`]: [`FloodConfig`] (Manning's n is a [`hazsim_grid::Field`]: one value or a raster);
//! - [`boundary`]: edge conditions ([`Boundary`], [`Boundaries`]);
//! - [`sources`]: rain ([`Rain`], mm/h) and point inflows ([`PointInflow`], m³/s);
//! - [`breach`]: a reservoir ([`Reservoir`]) and a dam breach opening in time ([`Breach`]);
//! - [`design_storm`]: Chicago design-storm hyetographs ([`ChicagoStorm`]) for [`Rain::Uniform`];
//! - [`solver`]: the momentum, positivity limiter and continuity updates;
//! - [`infiltration`]: Green–Ampt infiltration ([`GreenAmpt`], [`SoilTexture`] presets), a pass after each step;
//! - [`outputs`]: maxima, arrival time, duration, hazard rating (FD2320);
//! - [`hazard`]: the FD2320 hazard rating, debris factors and the four classes ([`HazardClass`]);
//! - [`mass_balance`]: [`MassBalance`] and the (t, area, volume) series;
//! - [`froude`]: an optional Froude cap for steep terrain ([`FloodConfig::max_froude`], off by default);
//! - [`walls`]: DEM holes as closed walls ([`walls::nodata_as_walls`], [`FloodConfig::walls`]);
//! - [`simulation`]: [`FloodSimulation`], which implements [`hazsim_grid::Simulation`].
//!
//! Fields ([`simulation::FLOOD_FIELDS`]):
//!
//! | field | unit | meaning |
//! |---|---|---|
//! | `flood.depth` | m | water depth now |
//! | `flood.speed` | m/s | depth-averaged speed now: face-averaged discharge over the step-mean depth (after a cancelled `advance`: over the depth now); 0 where depth ≤ `wet_threshold` |
//! | `flood.unit_discharge` | m²/s | discharge per unit width now: \|(q_w + q_e, q_n + q_s)\| / 2 from the cell's face discharges (derived when first read) |
//! | `flood.max_depth` | m | maximum depth over the run |
//! | `flood.max_speed` | m/s | maximum speed over the run |
//! | `flood.max_dv` | m²/s | maximum of depth × speed over the run |
//! | `flood.arrival_time` | s | first time depth reached `arrival_threshold` (NaN = never) |
//! | `flood.duration` | s | time spent deeper than `wet_threshold`: the Δt of every step that ends wet (kept as ended wet spells plus the start of the running one, derived when first read) |
//! | `flood.hazard_rating` | – | maximum over time of the instantaneous d(v+0.5)+DF (FD2320), see [`outputs`] |
//! | `flood.hazard_class` | – | FD2320 class of `flood.hazard_rating`: 0 never wet, 1 low, 2 moderate, 3 significant, 4 extreme |
//! | `flood.infiltration` | m | cumulative infiltration (0 without [`FloodConfig::infiltration`]) |
//!
//! Time stepping: Δt = α Δx / √(g h_max) (Bates et al. 2010), capped by `max_dt` and
//! shortened to land on every output time, rain change and the `until` of
//! [`hazsim_grid::Simulation::advance`]; with no water and no active source the step jumps
//! straight to the next such event. α must not exceed √(θ/2) (see [`FloodConfig::alpha`]).
//! Results are bitwise identical for any number of rayon threads: the only reductions are an
//! exact maximum and per-row f64 sums added in row order.
//!
//! ```
//! use hazsim_flood::{simulate, FloodConfig, Rain};
//! use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Terrain};
//! use ndarray::Array2;
//!
//! // A 30 × 30 bowl of 5 m cells under 50 mm/h for 10 min.
//! let z = Array2::from_shape_fn((30, 30), |(r, c)| {
//!     0.01 * ((r as f32 - 15.0).powi(2) + (c as f32 - 15.0).powi(2))
//! });
//! let terrain = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 150.0, 5.0), Crs::epsg(32633))).unwrap();
//! let cfg = FloodConfig { duration: 600.0, rain: Rain::Uniform(vec![(0.0, 50.0)]), ..Default::default() };
//! let result = simulate(&terrain, cfg, &mut NoProgress).unwrap();
//! assert!(result.mass_balance.error().abs() < 1e-6);
//! assert!(result.field("flood.max_depth").unwrap().data[[15, 15]] > 0.0);
//! ```

pub mod boundary;
pub mod breach;
pub mod config;
pub mod design_storm;
pub mod error;
pub mod froude;
pub mod hazard;
pub mod infiltration;
pub mod mass_balance;
pub mod outputs;
pub mod simulation;
pub mod solver;
pub mod sources;
pub mod walls;

pub use boundary::{Boundaries, Boundary};
pub use breach::{Breach, Region, Reservoir};
pub use config::FloodConfig;
pub use design_storm::{ChicagoStorm, StormFormula};
pub use error::{Error, Result};
pub use hazard::HazardClass;
pub use hazsim_grid::Field;
pub use infiltration::{GreenAmpt, SoilParam, SoilTexture};
pub use mass_balance::{MassBalance, SeriesPoint};
pub use simulation::{FloodSimulation, Snapshot};
pub use sources::{LineInflow, PointInflow, Rain};

use hazsim_grid::{Progress, Raster, Terrain};

/// The outputs of a finished flood run.
#[derive(Debug, Clone)]
pub struct FloodResult {
    /// Every field of [`simulation::FLOOD_FIELDS`] at the end of the run, on the DEM's grid.
    pub fields: Vec<(&'static str, Raster<f32>)>,
    /// (t, flooded area, volume) at t = 0, every output interval and the end.
    pub series: Vec<SeriesPoint>,
    /// Volumes in, out and stored (m³).
    pub mass_balance: MassBalance,
    /// Solver steps taken.
    pub steps: u64,
    /// The fields of [`FloodConfig::snapshots`] at every output time (empty unless asked for).
    pub snapshots: Vec<Snapshot>,
}

impl FloodResult {
    /// A field by name, e.g. `"flood.max_depth"`.
    ///
    /// ```
    /// # use hazsim_flood::{FloodResult, MassBalance};
    /// let r = FloodResult {
    ///     fields: vec![],
    ///     series: vec![],
    ///     mass_balance: MassBalance::default(),
    ///     steps: 0,
    ///     snapshots: vec![],
    /// };
    /// assert!(r.field("flood.depth").is_none());
    /// ```
    pub fn field(&self, name: &str) -> Option<&Raster<f32>> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, r)| r)
    }
}

/// Runs a flood simulation for `config.duration` seconds and returns its output rasters,
/// series and mass balance. Progress goes to `progress` as the fraction of the run done; returning `false`
/// from it stops the run with a cancelled error ([`Error::is_cancelled`]).
///
/// See the crate example.
pub fn simulate(
    terrain: &Terrain,
    config: FloodConfig,
    progress: &mut dyn Progress,
) -> Result<FloodResult> {
    let duration = config.duration;
    let mut sim = FloodSimulation::new(terrain, config)?;
    sim.advance(duration, progress)?;
    sim.record_now();
    let dem = terrain.dem();
    let fields = simulation::FLOOD_FIELDS
        .iter()
        .filter_map(|f| sim.field_raster(dem, f.name).map(|r| (f.name, r)))
        .collect();
    Ok(FloodResult {
        fields,
        series: sim.series().to_vec(),
        mass_balance: sim.mass_balance(),
        steps: sim.steps(),
        snapshots: sim.snapshots().to_vec(),
    })
}
