//! Grid fire spread by minimum travel time.
//!
//! The fire front is the set of cells whose arrival time is at most `t`. Arrival times are the
//! shortest travel times from the ignitions over a graph whose nodes are cell centres and whose
//! edges are the offsets of a large [`stencil`] (96 directions by default): the minimum-travel-time
//! idea of Finney (2002, Can. J. For. Res. 32:1420), computed with Dijkstra's algorithm. A segment
//! from cell A in azimuth ψ is travelled at the elliptical spread rate of A's fire,
//! [`crate::SurfaceFire::ros_at`]`(ψ)` (ignition at the rear focus: Catchpole, de Mestre & Gill 1982),
//! optionally averaged with the target cell's ([`SegmentRos`]). In uniform conditions this makes
//! the burned region the Anderson (1983) ellipse with its rear focus at the ignition, up to the
//! stencil's angular resolution.
//!
//! - Fire behaviour uses the *departure* cell's fuel, slope and aspect and the weather in force;
//!   when the weather changes during a segment the rest of it is travelled at the new rate
//!   (the weather stream is piecewise constant, [`WeatherStream`]).
//! - Segment lengths are along the ground: √(horizontal² + Δz²).
//! - Non-burnable fuels and barrier cells never burn, and block every segment that crosses their
//!   interior, or that passes through a corner between two of them, so a road one cell wide
//!   (4- or 8-connected) stops the fire. There is no spotting.
//! - At arrival each cell records `fire.ros` = its own fire's spread rate in the direction of
//!   arrival (the head rate at ignition cells), `fire.fireline_intensity` = Byram's H·R with that
//!   rate, and `fire.flame_length` = Byram (1959) flame length from that intensity.
//!
//! ```
//! use hazsim_fire::spread::{simulate_spread, Fuels, Ignition, SpreadConfig, WeatherStream};
//! use hazsim_fire::{FuelModel, FuelMoisture};
//! use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
//! use ndarray::Array2;
//! let dem = Raster::new(Array2::zeros((41, 41)), GeoTransform::north_up(0.0, 410.0, 10.0), Crs::epsg(32650));
//! let terrain = Terrain::new(dem).unwrap();
//! let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
//! let out = simulate_spread(
//!     &terrain,
//!     &Fuels::Uniform(FuelModel::standard(1).unwrap()),
//!     &WeatherStream::constant(2.0, 270.0, m).unwrap(), // 2 m/s midflame from the west
//!     &[Ignition { row: 20, col: 20, time: 0.0 }],
//!     None,
//!     &SpreadConfig { duration: 600.0, ..SpreadConfig::default() },
//! ).unwrap();
//! assert_eq!(out.arrival_time.data[[20, 20]], 0.0);
//! // The head runs east, the back creeps west.
//! assert!(out.arrival_time.data[[20, 30]] < 600.0);
//! assert!(out.arrival_time.data[[20, 10]].is_nan());
//! println!("{:.2} ha ({:.0} mu), grade {}", out.final_area().hectares, out.final_area().mu, out.grade().name_zh());
//! ```

pub mod area;
pub mod ignitions;
pub mod perimeter;
pub mod stencil;
pub mod weather;

pub use area::{AreaSample, FireGrade, M2_PER_MU};
pub use ignitions::keep_burnable;
pub use perimeter::{write_perimeters, Perimeter};
pub use weather::{WeatherRecord, WeatherStream};

use crate::{surface_fire_with, FireInputs, FuelModel, SpreadOptions};
use hazsim_grid::{FieldInfo, Progress, Raster, Simulation, Terrain};
use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use stencil::Offset;

/// Errors of grid spread.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpreadError {
    /// An error of the point fire model (fuel model or moisture).
    #[error(transparent)]
    Fire(#[from] crate::Error),
    /// A grid error (mismatched rasters, geographic CRS...).
    #[error(transparent)]
    Grid(#[from] hazsim_grid::Error),
    /// An invalid spread input.
    #[error("invalid {parameter} = {value}: {expected}")]
    InvalidInput {
        /// The input.
        parameter: String,
        /// Its value.
        value: f64,
        /// What is expected (the fix).
        expected: String,
    },
    /// The progress callback asked to stop.
    #[error("fire spread cancelled by the progress callback")]
    Cancelled,
}

impl SpreadError {
    pub(crate) fn invalid(parameter: &str, value: f64, expected: &str) -> Self {
        SpreadError::InvalidInput {
            parameter: parameter.to_string(),
            value,
            expected: expected.to_string(),
        }
    }
}

/// The fuels of the grid.
#[derive(Debug, Clone, PartialEq)]
pub enum Fuels {
    /// One model everywhere.
    Uniform(FuelModel),
    /// A raster of fuel model codes on the terrain grid; each code is looked up first in
    /// `custom` (by [`FuelModel::code`]), then among the standard models. Nodata cells do not
    /// burn; an unknown code is an error.
    Codes {
        /// Fuel model codes.
        codes: Raster<u16>,
        /// User-defined models.
        custom: Vec<FuelModel>,
    },
}

/// An ignition: a cell set burning at `time` (s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ignition {
    /// Row (0 is north).
    pub row: usize,
    /// Column (0 is west).
    pub col: usize,
    /// Ignition time (s since the start).
    pub time: f64,
}

impl Ignition {
    /// The ignition at map point (x, y) of `terrain`'s CRS; a point outside the grid is an
    /// error that gives the grid's extent.
    ///
    /// ```
    /// use hazsim_fire::spread::Ignition;
    /// use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
    /// let dem = Raster::new(ndarray::Array2::zeros((10, 10)), GeoTransform::north_up(0.0, 100.0, 10.0), Crs::epsg(32650));
    /// let t = Terrain::new(dem).unwrap();
    /// assert_eq!(Ignition::locate(&t, 15.0, 95.0, 0.0).unwrap(), Ignition { row: 0, col: 1, time: 0.0 });
    /// let e = Ignition::locate(&t, 150.0, 50.0, 0.0).unwrap_err().to_string();
    /// assert!(e.contains("outside the grid"), "{e}");
    /// ```
    pub fn locate(terrain: &Terrain, x: f64, y: f64, time: f64) -> Result<Self, SpreadError> {
        Self::at_point(terrain, x, y, time).ok_or_else(|| {
            let b = terrain.dem().bounds();
            SpreadError::InvalidInput {
                parameter: format!("ignition point (x {x}, y {y})"),
                value: x,
                expected: format!(
                    "a point inside the grid, but it lies outside the grid (x {}..{}, y {}..{}); \
                     give coordinates in the terrain's CRS ({})",
                    b.x_min,
                    b.x_max,
                    b.y_min,
                    b.y_max,
                    terrain.dem().crs
                ),
            }
        })
    }

    /// The ignition at map point (x, y) of `terrain`'s CRS, or `None` outside the grid.
    pub fn at_point(terrain: &Terrain, x: f64, y: f64, time: f64) -> Option<Self> {
        terrain
            .dem()
            .cell_index(x, y)
            .map(|(row, col)| Ignition { row, col, time })
    }
}

/// How a segment's travel time is taken from the cells it runs through.
///
/// In uniform conditions all three agree. Where fuels change, [`SegmentRos::Integrated`]
/// (the default) keeps a fast cell from carrying the fire several cells into slow fuel at its
/// own rate (tests/spread_behaviour.rs, `fuel_boundary_is_not_jumped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SegmentRos {
    /// The departure cell's rate over the whole segment (as a point source would spread).
    Source,
    /// Travel time integrated along the segment: Σ ℓ_i / R_i(ψ) over the cells it runs
    /// through, ℓ_i the length inside cell i and R_i(ψ) that cell's elliptical rate in the
    /// segment's direction (each cell's fire spreading as from its own rear focus).
    #[default]
    Integrated,
    /// Half the segment at each end cell's rate (travel time d/2 (1/R_a + 1/R_b)).
    HalfAndHalf,
}

/// Spread settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadConfig {
    /// Stencil radius: 1 (8 directions), 2 (16), 3 (32), 4 (48), 5 (80), 6 (96, default),
    /// 7 (144), 8 (176). Measured (tests/spread_shape.rs, FM1, fire ~85 cells long): with
    /// L/B = 3 along a grid axis the burned area is 9.6 % short with radius 4, 5.9 % with 5 and
    /// 3.9 % with 6; no wind, 0.5 % (4) and 0.15 % (6).
    pub stencil_radius: u32,
    /// Rate along a segment.
    pub segment_ros: SegmentRos,
    /// Point model options.
    pub options: SpreadOptions,
    /// Duration of [`simulate_spread`] (s).
    pub duration: f64,
}

impl Default for SpreadConfig {
    fn default() -> Self {
        SpreadConfig {
            stencil_radius: 6,
            segment_ros: SegmentRos::Integrated,
            options: SpreadOptions::default(),
            duration: 3600.0,
        }
    }
}

/// Fire behaviour of one cell in one weather period (the parts spread needs).
#[derive(Debug, Clone, Copy, Default)]
struct CellFire {
    head: f64,
    sin_d: f64,
    cos_d: f64,
    ecc: f64,
    heat_per_area: f64,
    head_intensity: f64,
    head_flame: f64,
}

impl CellFire {
    #[inline]
    fn ros(&self, sin_cos: (f64, f64)) -> f64 {
        let cos_t = sin_cos.1 * self.cos_d + sin_cos.0 * self.sin_d;
        self.head * (1.0 - self.ecc) / (1.0 - self.ecc * cos_t)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    time: f64,
    idx: u32,
    dir: u8,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on (time, idx, dir).
        other
            .time
            .total_cmp(&self.time)
            .then(other.idx.cmp(&self.idx))
            .then(other.dir.cmp(&self.dir))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

const IGNITION: u8 = u8::MAX;
const NO_PERIOD: u32 = u32::MAX;

/// A fire spreading over a terrain: the time-stepping engine ([`Simulation`]).
///
/// Fields: `fire.arrival_time` (s, NaN unburned), `fire.ros` (m/s), `fire.fireline_intensity`
/// (kW/m), `fire.flame_length` (m), all at arrival.
///
/// ```
/// use hazsim_fire::spread::{FireSpread, Fuels, Ignition, SpreadConfig, WeatherStream};
/// use hazsim_fire::{FuelModel, FuelMoisture};
/// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
/// use ndarray::Array2;
/// let dem = Raster::new(Array2::zeros((31, 31)), GeoTransform::north_up(0.0, 310.0, 10.0), Crs::epsg(32650));
/// let m = FuelModel::standard(1).unwrap();
/// let mut fire = FireSpread::new(
///     &Terrain::new(dem).unwrap(),
///     &Fuels::Uniform(m),
///     &WeatherStream::constant(3.0, 0.0, FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap()).unwrap(),
///     &[Ignition { row: 5, col: 15, time: 0.0 }],
///     None,
///     &SpreadConfig::default(),
/// ).unwrap();
/// fire.advance(120.0, &mut NoProgress).unwrap();
/// let t = fire.field("fire.arrival_time").unwrap();
/// assert!(t[[10, 15]] <= 120.0); // downwind (south) already burning
/// assert!(t[[0, 15]].is_nan()); // upwind not yet
/// ```
#[derive(Debug)]
pub struct FireSpread {
    rows: usize,
    cols: usize,
    cell: f64,
    template: Raster<f32>,
    elevation: Vec<f32>,
    slope: Vec<f64>,
    aspect: Vec<f64>,
    fuel: Vec<u16>,
    models: Vec<FuelModel>,
    blocked: Vec<bool>,
    weather: WeatherStream,
    config: SpreadConfig,
    stencil: Vec<Offset>,
    cache_period: Vec<u32>,
    cache: Vec<CellFire>,
    best: Vec<f64>,
    done: Vec<bool>,
    heap: BinaryHeap<Entry>,
    now: f64,
    burned_times: Vec<f64>,
    arrival_time: Array2<f32>,
    ros: Array2<f32>,
    intensity: Array2<f32>,
    flame: Array2<f32>,
}

/// The fields of [`FireSpread`]: name, unit and meaning.
pub const FIELDS: &[FieldInfo] = &[
    FieldInfo {
        name: "fire.arrival_time",
        unit: "s",
        meaning: "time the fire front reached the cell (NaN = unburned)",
    },
    FieldInfo {
        name: "fire.ros",
        unit: "m/s",
        meaning: "spread rate in the direction of arrival, at arrival",
    },
    FieldInfo {
        name: "fire.fireline_intensity",
        unit: "kW/m",
        meaning: "Byram fireline intensity at arrival",
    },
    FieldInfo {
        name: "fire.flame_length",
        unit: "m",
        meaning: "Byram flame length at arrival",
    },
];

impl FireSpread {
    /// Sets up a fire: checks the inputs, resolves the fuel models and queues the ignitions.
    pub fn new(
        terrain: &Terrain,
        fuels: &Fuels,
        weather: &WeatherStream,
        ignitions: &[Ignition],
        barriers: Option<&Raster<bool>>,
        config: &SpreadConfig,
    ) -> Result<Self, SpreadError> {
        let (rows, cols) = terrain.shape();
        let n = rows * cols;
        if n >= u32::MAX as usize {
            return Err(SpreadError::invalid(
                "terrain cells",
                n as f64,
                "fewer than 2^32 cells; split the grid",
            ));
        }
        if !(1..=8).contains(&config.stencil_radius) {
            return Err(SpreadError::invalid(
                "stencil_radius",
                config.stencil_radius as f64,
                "a stencil radius from 1 to 8 (6, the default, gives 96 directions)",
            ));
        }
        if !(config.duration.is_finite() && config.duration >= 0.0) {
            return Err(SpreadError::invalid(
                "duration",
                config.duration,
                "a finite duration ≥ 0 s",
            ));
        }
        let template = terrain.dem().clone();
        let (models, fuel) = match fuels {
            Fuels::Uniform(m) => {
                m.validate()?;
                (vec![m.clone()], vec![0u16; n])
            }
            Fuels::Codes { codes, custom } => {
                template.check_same_grid(codes, "DEM", "fuel codes")?;
                let mut models: Vec<FuelModel> = Vec::new();
                let mut lookup = std::collections::HashMap::new();
                let mut fuel = Vec::with_capacity(n);
                for &code in codes.data.iter() {
                    let k = match lookup.get(&code) {
                        Some(&k) => k,
                        None => {
                            let m = if codes.is_nodata_value(code) {
                                // Missing fuel: treated as non-burnable (NB9, bare ground).
                                FuelModel::standard(99)?
                            } else {
                                match custom.iter().find(|m| m.code == code) {
                                    Some(m) => m.clone(),
                                    None => FuelModel::standard(code)?,
                                }
                            };
                            m.validate()?;
                            models.push(m);
                            let k = (models.len() - 1) as u16;
                            lookup.insert(code, k);
                            k
                        }
                    };
                    fuel.push(k);
                }
                (models, fuel)
            }
        };
        let burnable: Vec<bool> = models.iter().map(FuelModel::is_burnable).collect();
        let mut blocked: Vec<bool> = fuel.iter().map(|&k| !burnable[k as usize]).collect();
        if let Some(b) = barriers {
            template.check_same_grid(b, "DEM", "barriers")?;
            for (x, &bar) in blocked.iter_mut().zip(b.data.iter()) {
                *x |= bar;
            }
        }
        let elevation: Vec<f32> = terrain.dem().data.iter().copied().collect();
        let mut slope: Vec<f64> = terrain.slope().data.iter().map(|&s| s as f64).collect();
        slope.par_iter_mut().for_each(|s| {
            let v = s.to_radians().tan();
            *s = if v.is_finite() {
                v.clamp(0.0, 10.0)
            } else {
                0.0
            };
        });
        let mut aspect: Vec<f64> = terrain.aspect().data.iter().map(|&a| a as f64).collect();
        aspect.par_iter_mut().for_each(|a| {
            if !a.is_finite() {
                *a = 0.0;
            }
        });
        let mut s = FireSpread {
            rows,
            cols,
            cell: terrain.cell_size(),
            template,
            elevation,
            slope,
            aspect,
            fuel,
            models,
            blocked,
            weather: weather.clone(),
            config: config.clone(),
            stencil: stencil::stencil(config.stencil_radius),
            cache_period: vec![NO_PERIOD; n],
            cache: vec![CellFire::default(); n],
            best: vec![f64::INFINITY; n],
            done: vec![false; n],
            heap: BinaryHeap::new(),
            now: 0.0,
            burned_times: Vec::new(),
            arrival_time: Array2::from_elem((rows, cols), f32::NAN),
            ros: Array2::from_elem((rows, cols), f32::NAN),
            intensity: Array2::from_elem((rows, cols), f32::NAN),
            flame: Array2::from_elem((rows, cols), f32::NAN),
        };
        for ig in ignitions {
            if ig.row >= rows || ig.col >= cols {
                return Err(SpreadError::InvalidInput {
                    parameter: format!("ignition row {}, col {}", ig.row, ig.col),
                    value: ig.row.max(ig.col) as f64,
                    expected: format!(
                        "a cell inside the {rows} × {cols} grid (rows 0..{rows}, cols 0..{cols}); \
                         for map coordinates use Ignition::locate"
                    ),
                });
            }
            if !(ig.time.is_finite() && ig.time >= 0.0) {
                return Err(SpreadError::invalid(
                    "ignition.time",
                    ig.time,
                    "a finite ignition time ≥ 0 s",
                ));
            }
            let i = ig.row * cols + ig.col;
            if s.blocked[i] {
                let model = &s.models[s.fuel[i] as usize];
                let why = if model.is_burnable() {
                    "it is a barrier cell".to_string()
                } else {
                    format!("its fuel model {} is non-burnable", model.code)
                };
                let (x, y) = s.template.cell_center(ig.row, ig.col);
                return Err(SpreadError::InvalidInput {
                    parameter: format!("ignition at row {}, col {} (x {x}, y {y})", ig.row, ig.col),
                    value: model.code as f64,
                    expected: format!(
                        "a burnable cell, but {why}; move the ignition onto burnable fuel"
                    ),
                });
            }
            if ig.time < s.best[i] {
                s.best[i] = ig.time;
                s.heap.push(Entry {
                    time: ig.time,
                    idx: i as u32,
                    dir: IGNITION,
                });
            }
        }
        Ok(s)
    }

    fn compute_fire(&self, i: usize, period: usize) -> Result<CellFire, SpreadError> {
        let w = &self.weather.records()[period];
        let f = surface_fire_with(
            &self.models[self.fuel[i] as usize],
            &FireInputs {
                moisture: w.moisture,
                midflame_wind_speed: w.midflame_wind_speed,
                wind_direction: w.wind_direction,
                slope_fraction: self.slope[i],
                aspect: self.aspect[i],
            },
            &self.config.options,
        )?;
        let d = f.direction_of_max_spread.to_radians();
        Ok(CellFire {
            head: f.head_ros,
            sin_d: d.sin(),
            cos_d: d.cos(),
            ecc: f.eccentricity,
            heat_per_area: f.heat_per_unit_area,
            head_intensity: f.fireline_intensity,
            head_flame: f.flame_length,
        })
    }

    fn fire(&mut self, i: usize, period: usize) -> Result<CellFire, SpreadError> {
        if self.cache_period[i] != period as u32 {
            self.cache[i] = self.compute_fire(i, period)?;
            self.cache_period[i] = period as u32;
        }
        Ok(self.cache[i])
    }

    fn segment_open(&self, r: usize, c: usize, k: usize) -> bool {
        let o = &self.stencil[k];
        let at = |(dr, dc): (i32, i32)| {
            let rr = (r as i64 + dr as i64) as usize;
            let cc = (c as i64 + dc as i64) as usize;
            self.blocked[rr * self.cols + cc]
        };
        !o.crossed.iter().any(|&p| at(p))
            && !o.squeezed.iter().any(|pair| at(pair[0]) && at(pair[1]))
    }

    /// Time to travel segment `k` from `src` to `dst` leaving at `t0`.
    fn travel_time(
        &mut self,
        src: usize,
        dst: usize,
        k: usize,
        t0: f64,
    ) -> Result<f64, SpreadError> {
        let horiz = self.stencil[k].length * self.cell;
        let dz = (self.elevation[dst] - self.elevation[src]) as f64;
        let mut remaining = (horiz * horiz + dz * dz).sqrt();
        let sc = self.stencil[k].sin_cos;
        let mut t = t0;
        let mut p = self.weather.period_at(t0);
        loop {
            let rs = self.fire(src, p)?.ros(sc);
            let rate = match self.config.segment_ros {
                SegmentRos::Source => rs,
                SegmentRos::Integrated => {
                    let (r, c) = ((src / self.cols) as i64, (src % self.cols) as i64);
                    let mut inv = 0.0;
                    for w in 0..self.stencil[k].weights.len() {
                        let ((dr, dc), frac) = self.stencil[k].weights[w];
                        let j = (r + dr as i64) as usize * self.cols + (c + dc as i64) as usize;
                        let rj = if j == src {
                            rs
                        } else {
                            self.fire(j, p)?.ros(sc)
                        };
                        if rj <= 0.0 {
                            inv = f64::INFINITY;
                            break;
                        }
                        inv += frac / rj;
                    }
                    1.0 / inv
                }
                SegmentRos::HalfAndHalf => {
                    let rt = self.fire(dst, p)?.ros(sc);
                    if rs > 0.0 && rt > 0.0 {
                        2.0 * rs * rt / (rs + rt)
                    } else {
                        0.0
                    }
                }
            };
            let end = self.weather.period_end(p);
            if rate > 0.0 {
                let dt = remaining / rate;
                if t + dt <= end {
                    return Ok(t + dt - t0);
                }
                remaining -= rate * (end - t);
            }
            if !end.is_finite() {
                return Ok(f64::INFINITY);
            }
            t = end;
            p += 1;
        }
    }

    fn finalize(&mut self, i: usize, time: f64, dir: u8) -> Result<(), SpreadError> {
        self.done[i] = true;
        self.burned_times.push(time);
        let p = self.weather.period_at(time);
        let f = self.fire(i, p)?;
        let ros = if dir == IGNITION {
            f.head
        } else {
            f.ros(self.stencil[dir as usize].sin_cos)
        };
        let intensity = f.heat_per_area * ros;
        let flame = if f.head_intensity > 0.0 {
            f.head_flame * (intensity / f.head_intensity).powf(0.46)
        } else {
            0.0
        };
        let (r, c) = (i / self.cols, i % self.cols);
        self.arrival_time[[r, c]] = time as f32;
        self.ros[[r, c]] = ros as f32;
        self.intensity[[r, c]] = intensity as f32;
        self.flame[[r, c]] = flame as f32;
        Ok(())
    }

    fn relax(&mut self, i: usize, time: f64) -> Result<(), SpreadError> {
        let (r, c) = (i / self.cols, i % self.cols);
        for k in 0..self.stencil.len() {
            let (dr, dc) = (self.stencil[k].dr, self.stencil[k].dc);
            let rr = r as i64 + dr as i64;
            let cc = c as i64 + dc as i64;
            if rr < 0 || cc < 0 || rr >= self.rows as i64 || cc >= self.cols as i64 {
                continue;
            }
            let j = rr as usize * self.cols + cc as usize;
            if self.done[j] || self.blocked[j] || !self.segment_open(r, c, k) {
                continue;
            }
            let tt = self.travel_time(i, j, k, time)?;
            let arrive = time + tt;
            if arrive < self.best[j] {
                self.best[j] = arrive;
                self.heap.push(Entry {
                    time: arrive,
                    idx: j as u32,
                    dir: k as u8,
                });
            }
        }
        Ok(())
    }

    /// Arrival times of burned cells so far, in increasing order (s).
    pub fn burned_times(&self) -> &[f64] {
        &self.burned_times
    }

    /// Packs the current state into a result.
    pub fn result(&self) -> SpreadResult {
        SpreadResult {
            arrival_time: self.template.like(self.arrival_time.clone()),
            ros: self.template.like(self.ros.clone()),
            fireline_intensity: self.template.like(self.intensity.clone()),
            flame_length: self.template.like(self.flame.clone()),
            burned_times: self.burned_times.clone(),
            cell_area: self.cell * self.cell,
            end_time: self.now,
        }
    }
}

impl Simulation for FireSpread {
    type Error = SpreadError;

    fn now(&self) -> f64 {
        self.now
    }

    fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> Result<(), SpreadError> {
        if until.is_nan() {
            return Err(SpreadError::invalid("until", until, "a time in seconds"));
        }
        if until <= self.now {
            return Ok(());
        }
        let start = self.now;
        let mut pops: u64 = 0;
        while let Some(&top) = self.heap.peek() {
            if top.time > until {
                break;
            }
            self.heap.pop();
            let i = top.idx as usize;
            if self.done[i] {
                continue;
            }
            self.finalize(i, top.time, top.dir)?;
            self.relax(i, top.time)?;
            pops += 1;
            if pops % 65_536 == 0 {
                let frac = if until.is_finite() {
                    ((top.time - start) / (until - start)).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                if !progress.report(frac, "fire spread") {
                    self.now = top.time.max(start);
                    return Err(SpreadError::Cancelled);
                }
            }
        }
        self.now = until;
        progress.report(1.0, "fire spread");
        Ok(())
    }

    fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>> {
        match name {
            "fire.arrival_time" => Some(self.arrival_time.view()),
            "fire.ros" => Some(self.ros.view()),
            "fire.fireline_intensity" => Some(self.intensity.view()),
            "fire.flame_length" => Some(self.flame.view()),
            _ => None,
        }
    }

    fn fields(&self) -> &'static [FieldInfo] {
        FIELDS
    }
}

/// Output rasters and burned-area history of a spread run.
#[derive(Debug, Clone)]
pub struct SpreadResult {
    /// `fire.arrival_time` (s; NaN unburned).
    pub arrival_time: Raster<f32>,
    /// `fire.ros` at arrival (m/s).
    pub ros: Raster<f32>,
    /// `fire.fireline_intensity` at arrival (kW/m).
    pub fireline_intensity: Raster<f32>,
    /// `fire.flame_length` at arrival (m).
    pub flame_length: Raster<f32>,
    /// Arrival times of burned cells in increasing order (s).
    pub burned_times: Vec<f64>,
    /// Area of one cell (m²).
    pub cell_area: f64,
    /// Time the run stopped (s).
    pub end_time: f64,
}

impl SpreadResult {
    /// Burned area at time `t`.
    pub fn area_at(&self, t: f64) -> AreaSample {
        let n = self.burned_times.partition_point(|&a| a <= t);
        AreaSample::new(t, n as f64 * self.cell_area)
    }

    /// Burned area at the end of the run.
    pub fn final_area(&self) -> AreaSample {
        self.area_at(self.end_time)
    }

    /// Burned area every `interval` seconds from 0 to the end of the run (both included).
    pub fn area_timeline(&self, interval: f64) -> Vec<AreaSample> {
        let mut out = Vec::new();
        if !(interval.is_finite() && interval > 0.0) {
            return out;
        }
        let mut k = 0u64;
        loop {
            let t = k as f64 * interval;
            if t >= self.end_time {
                break;
            }
            out.push(self.area_at(t));
            k += 1;
        }
        out.push(self.final_area());
        out
    }

    /// First time the burned area exceeds `hectares`, if it did.
    pub fn time_exceeding(&self, hectares: f64) -> Option<f64> {
        let cells = (hectares * 10_000.0 / self.cell_area).floor() as usize;
        self.burned_times.get(cells).copied()
    }

    /// First time the fire exceeds 2 ha (30 mu), the size a single fire is to be kept under.
    pub fn time_exceeding_2ha(&self) -> Option<f64> {
        self.time_exceeding(2.0)
    }

    /// Fire grade by final area.
    pub fn grade(&self) -> FireGrade {
        FireGrade::from_hectares(self.final_area().hectares)
    }
}

/// Runs a fire for `config.duration` seconds and returns its outputs.
pub fn simulate_spread(
    terrain: &Terrain,
    fuels: &Fuels,
    weather: &WeatherStream,
    ignitions: &[Ignition],
    barriers: Option<&Raster<bool>>,
    config: &SpreadConfig,
) -> Result<SpreadResult, SpreadError> {
    let mut s = FireSpread::new(terrain, fuels, weather, ignitions, barriers, config)?;
    s.advance(config.duration, &mut hazsim_grid::NoProgress)?;
    Ok(s.result())
}
