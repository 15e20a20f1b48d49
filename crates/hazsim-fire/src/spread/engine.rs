//! [`FireSpread`]: the minimum-travel-time search behind the [`Simulation`] contract (see the
//! module docs of [`crate::spread`]), and the one-shot [`simulate_spread`].

use super::cell_values::CellValues;
use super::level::LevelTable;
use super::queue::FrontQueue;
use super::stencil::CompiledStencil;
use super::{
    stochastic, Fuels, Ignition, RosNoise, SegmentRos, Spotting, SpreadConfig, SpreadResult,
    WeatherStream,
};
use crate::{surface_fire_with, FireInputs, FuelModel};
use hazsim_grid::{FieldInfo, Progress, Raster, Simulation, Terrain};
use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

/// Fire behaviour of one cell in one weather period (the parts spread needs), from the point
/// model in f64.
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
    /// Rate in azimuth ψ given as (sin ψ, cos ψ): R(ψ) = R_H (1 − ε) / (1 − ε cos(ψ − θ)),
    /// the ellipse with the ignition at its rear focus (Catchpole, de Mestre & Gill 1982).
    #[inline]
    fn ros(&self, sin_cos: (f64, f64)) -> f64 {
        let cos_t = sin_cos.1 * self.cos_d + sin_cos.0 * self.sin_d;
        self.head * (1.0 - self.ecc) / (1.0 - self.ecc * cos_t)
    }
}

/// The slowness (inverse rate, s/m) of a cell's fire in one weather period, linear in the unit
/// vector u of the direction: from R(ψ) = R_H (1 − ε)/(1 − ε u·d),
/// 1/R(ψ) = p − q·u with p = 1/(R_H (1 − ε)) and q = p ε d, d the unit vector of the direction
/// of maximum spread. So a segment's travel time needs no trigonometry and no division, and
/// the time integrated over the cells a segment crosses, Σ ℓ_i/R_i(ψ), is
/// ℓ (Σ f_i p_i − u·Σ f_i q_i). A cell that does not spread has p = ∞.
///
/// All-zero bits are a valid value meaning "not computed" (tag 0), so the per-cell cache is
/// allocated zeroed ([`zeroed_vec`]).
#[derive(Debug, Clone, Copy)]
#[repr(C, align(16))]
struct Slowness {
    p: f32,
    qx: f32,
    qy: f32,
    /// [`period_tag`] of the weather period these are for (0: not computed).
    tag: u32,
}

/// The tag of weather period `period` in caches whose zeroed entries mean "not computed".
#[inline]
fn period_tag(period: u32) -> u32 {
    period.wrapping_add(1)
}

impl Slowness {
    const EMPTY: Slowness = Slowness {
        p: f32::INFINITY,
        qx: 0.0,
        qy: 0.0,
        tag: 0,
    };

    fn new(f: &CellFire, factor: f64, period: u32) -> Self {
        let tag = period_tag(period);
        let a = f.head * factor * (1.0 - f.ecc);
        if a > 0.0 && a.is_finite() {
            let p = 1.0 / a;
            Slowness {
                p: p as f32,
                qx: (p * f.ecc * f.sin_d) as f32,
                qy: (p * f.ecc * f.cos_d) as f32,
                tag,
            }
        } else {
            Slowness { tag, ..Self::EMPTY }
        }
    }

    #[inline]
    fn at(&self, ux: f32, uy: f32) -> f32 {
        self.p - self.qx * ux - self.qy * uy
    }
}

/// A small direct-mapped memo of point-model results keyed on (fuel, slope, aspect, period
/// tag): on flat or uniform ground most cells share their inputs and the model runs once.
/// Allocated zeroed: a zero key has period tag 0, which no period has.
#[derive(Debug, Clone)]
struct FireMemo {
    keys: Vec<[u32; 4]>,
    values: Vec<CellFire>,
}

const MEMO_SIZE: usize = 4096;

impl FireMemo {
    fn new() -> Self {
        FireMemo {
            keys: vec![[0; 4]; MEMO_SIZE],
            // SAFETY: CellFire is plain f64s, for which all-zero bits are valid (0.0).
            values: unsafe { zeroed_vec(MEMO_SIZE) },
        }
    }
}

/// `n` values whose bits are all zero, from a zeroed allocation: the pages of a large vector
/// are mapped when first touched, so the cells a fire never reaches cost no setup time.
///
/// # Safety
/// The all-zero bit pattern must be a valid `T`.
unsafe fn zeroed_vec<T>(n: usize) -> Vec<T> {
    use std::alloc::{alloc_zeroed, handle_alloc_error, Layout};
    if n == 0 || std::mem::size_of::<T>() == 0 {
        return Vec::new();
    }
    // The grid has fewer than 2³² cells (checked in `landscape`), so this cannot overflow.
    let layout = Layout::array::<T>(n).expect("a grid-sized allocation");
    // SAFETY: the layout has a non-zero size.
    let ptr = unsafe { alloc_zeroed(layout) } as *mut T;
    if ptr.is_null() {
        handle_alloc_error(layout);
    }
    // SAFETY: allocated by the global allocator with the layout of `n` T (what Vec uses for
    // capacity n), and every element is initialised (zero bits, valid by the caller's promise).
    unsafe { Vec::from_raw_parts(ptr, n, n) }
}

/// A cell's point-model inputs in one weather period: (fuel index, slope bits, aspect bits,
/// period). Cells with equal keys (and equal noise factors) have the same fire.
type InputKey = (u16, u32, u32, u32);

/// Outputs at arrival (`fire.ros`, `fire.fireline_intensity`, `fire.flame_length`, in f64) by
/// arrival direction, for the fire of one input key: in uniform fuel every cell reached from
/// the same direction gets the same values, so each is computed once. Entries are valid when
/// their generation is the table's.
#[derive(Debug, Clone, Default)]
struct ArrivalTable {
    key: Option<InputKey>,
    fire: CellFire,
    generation: u32,
    /// One row per stencil direction, then one for ignitions and spot fires (the head rate).
    rows: Vec<(u32, [f64; 3])>,
}

const IGNITION: u8 = u8::MAX;
const SPOT: u8 = u8::MAX - 1;
/// Cell state bits.
const BLOCKED: u8 = 1;
const DONE: u8 = 2;
/// Some cell within the stencil radius has other fire inputs than this one, or is blocked, or
/// lies outside the grid, or there is per-cell noise. A cell without this bit is UNIFORM: its
/// whole stencil window has its fire and no blocked cell. (Clear in a zeroed state, so a
/// uniform grid marks only its edges.)
const MIXED: u8 = 4;
const CLOSED: u8 = BLOCKED | DONE;

/// A fire spreading over a terrain: the time-stepping engine ([`Simulation`]).
///
/// Fields: `fire.arrival_time` (s, NaN unburned), `fire.ros` (m/s), `fire.fireline_intensity`
/// (kW/m), `fire.flame_length` (m), all at arrival.
///
/// Memory: at most 68 bytes per grid cell: inputs 14 (fuel index u16; slope, aspect, elevation
/// f32, each held once instead when every cell has the same value), search state 30 (state
/// flags and arrival direction u8, tentative time f64, queue position u32, the 16-byte
/// slowness cache, allocated only when a cell outside a uniform window first relaxes),
/// outputs 24 (four f32 rasters and the f64 arrival history); plus 4 with per-cell ROS noise,
/// plus 16 per cell on the front (the queue). Flat ground with one fuel takes 32 bytes per
/// grid cell and 8 per burned cell while the fire stays away from the edges. The terrain's
/// own slope and aspect rasters are not counted.
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
#[derive(Debug, Clone)]
pub struct FireSpread {
    pub(super) rows: usize,
    pub(super) cols: usize,
    pub(super) cell: f64,
    pub(super) template: Raster<()>,
    elevation: CellValues,
    /// Slope in degrees (finite); its tangent is taken in `compute_fire`.
    slope: CellValues,
    aspect: CellValues,
    fuel: Vec<u16>,
    models: Vec<FuelModel>,
    any_blocked: bool,
    weather: WeatherStream,
    config: SpreadConfig,
    stencil: CompiledStencil,
    run_factor: f64,
    factor: Vec<f32>,
    slowness: Vec<Slowness>,
    memo: FireMemo,
    state: Vec<u8>,
    dir: Vec<u8>,
    best: Vec<f64>,
    queue: FrontQueue,
    late: Vec<(u8, f64)>,
    /// (linear offset, horizontal length, horizontal travel time) of every direction for the
    /// fire of `tau_key`, shared by every UNIFORM ([`MIXED`] clear) cell with that fire.
    tau: Vec<(isize, f64, f64)>,
    /// The largest horizontal travel time in `tau`.
    tau_max: f64,
    /// `tau` for the level-ground loop.
    level_table: LevelTable,
    /// The inputs `tau` is for.
    tau_key: Option<InputKey>,
    /// Outputs at arrival by direction for the fire of one input key ([`ArrivalTable`]).
    arrivals: ArrivalTable,
    /// Every cell has the same elevation, so no segment climbs.
    level: bool,
    now: f64,
    burned_times: Vec<f64>,
    pub(super) arrival_time: Array2<f32>,
    pub(super) ros: Array2<f32>,
    intensity: Array2<f32>,
    flame: Array2<f32>,
}

/// The fields of [`FireSpread`]: name, unit and meaning (the registry's
/// [`hazsim_grid::fields::FIRE`]).
pub const FIELDS: &[FieldInfo] = hazsim_grid::fields::FIRE;

impl FireSpread {
    /// Sets up a fire: checks the inputs, resolves the fuel models and queues the ignitions.
    pub fn new(
        terrain: &Terrain,
        fuels: &Fuels,
        weather: &WeatherStream,
        ignitions: &[Ignition],
        barriers: Option<&Raster<bool>>,
        config: &SpreadConfig,
    ) -> Result<Self, crate::Error> {
        let mut s = Self::landscape(terrain, fuels, weather, barriers, config)?;
        for ig in ignitions {
            s.ignite(ig)?;
        }
        Ok(s)
    }

    /// Everything but the ignitions.
    pub(crate) fn landscape(
        terrain: &Terrain,
        fuels: &Fuels,
        weather: &WeatherStream,
        barriers: Option<&Raster<bool>>,
        config: &SpreadConfig,
    ) -> Result<Self, crate::Error> {
        let (rows, cols) = terrain.shape();
        let n = rows * cols;
        if n >= u32::MAX as usize {
            return Err(crate::Error::invalid(
                "terrain cells",
                n as f64,
                "fewer than 2^32 cells; split the grid",
            ));
        }
        if !(1..=8).contains(&config.stencil_radius) {
            return Err(crate::Error::invalid(
                "stencil_radius",
                config.stencil_radius as f64,
                "a stencil radius from 1 to 8 (6, the default, gives 96 directions)",
            ));
        }
        if !(config.duration.is_finite() && config.duration >= 0.0) {
            return Err(crate::Error::invalid(
                "duration",
                config.duration,
                "a finite duration ≥ 0 s",
            ));
        }
        config.ros_noise.validate()?;
        if let Some(sp) = &config.spotting {
            sp.validate()?;
        }
        // The grid (shape, transform, CRS) without the DEM's values: `()` cells take no memory.
        let dem = terrain.dem();
        let template = dem.like(Array2::from_elem((rows, cols), ()));
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
        let mut state: Vec<u8> = if models.len() == 1 {
            // One fuel: a zeroed vector (no pass, pages mapped where the fire goes).
            vec![if burnable[0] { 0 } else { BLOCKED }; n]
        } else {
            fuel.par_iter()
                .map(|&k| if burnable[k as usize] { 0 } else { BLOCKED })
                .collect()
        };
        let mut any_blocked = !burnable.iter().all(|&b| b);
        if let Some(b) = barriers {
            template.check_same_grid(b, "DEM", "barriers")?;
            for (x, &bar) in state.iter_mut().zip(b.data.iter()) {
                if bar {
                    *x = BLOCKED;
                    any_blocked = true;
                }
            }
        }
        // Inputs equal over the whole grid (flat or evenly tilted ground) are held once, not
        // per cell.
        let elevation = CellValues::of(&terrain.dem().data, false);
        // Slope stays in degrees here; its tangent is taken only for the cells the fire
        // reaches, in `compute_fire` (a full-grid pass of `tan` was a large part of setup).
        let slope = CellValues::of(&terrain.slope().data, true);
        let aspect = CellValues::of(&terrain.aspect().data, true);
        let (level, even_slope, even_aspect) =
            (elevation.is_same(), slope.is_same(), aspect.is_same());
        let one_fuel = models.len() == 1;
        let cell = terrain.cell_size();
        let mut s = FireSpread {
            rows,
            cols,
            cell,
            template,
            elevation,
            slope,
            aspect,
            fuel,
            models,
            any_blocked,
            weather: weather.clone(),
            config: config.clone(),
            stencil: CompiledStencil::new(config.stencil_radius, cols, cell),
            run_factor: stochastic::run_factor(config.ros_noise, config.seed),
            factor: match config.ros_noise {
                RosNoise::PerCell { .. } => vec![f32::NAN; n],
                _ => Vec::new(),
            },
            // Allocated by the first `fill_slowness`.
            slowness: Vec::new(),
            memo: FireMemo::new(),
            state,
            // Written whenever a cell is queued, before it is read.
            dir: vec![0; n],
            best: vec![f64::INFINITY; n],
            queue: FrontQueue::new(n),
            late: Vec::new(),
            tau: Vec::new(),
            tau_max: 0.0,
            level_table: LevelTable::default(),
            tau_key: None,
            arrivals: ArrivalTable::default(),
            level: false,
            now: 0.0,
            burned_times: Vec::new(),
            arrival_time: Array2::from_elem((rows, cols), f32::NAN),
            ros: Array2::from_elem((rows, cols), f32::NAN),
            intensity: Array2::from_elem((rows, cols), f32::NAN),
            flame: Array2::from_elem((rows, cols), f32::NAN),
        };
        s.level = level;
        s.mark_uniform(one_fuel && even_slope && even_aspect);
        Ok(s)
    }

    /// Queues one ignition after checking it.
    pub(crate) fn ignite(&mut self, ig: &Ignition) -> Result<(), crate::Error> {
        let (rows, cols) = (self.rows, self.cols);
        if ig.row >= rows || ig.col >= cols {
            return Err(
                hazsim_grid::Error::outside_cell("ignition", ig.row, ig.col, (rows, cols)).into(),
            );
        }
        if !(ig.time.is_finite() && ig.time >= 0.0) {
            return Err(crate::Error::invalid(
                "ignition.time",
                ig.time,
                "a finite ignition time ≥ 0 s",
            ));
        }
        let i = ig.row * self.cols + ig.col;
        if self.state[i] & BLOCKED != 0 {
            let model = &self.models[self.fuel[i] as usize];
            let why = if model.is_burnable() {
                "it is a barrier cell".to_string()
            } else {
                format!("its fuel model {} is non-burnable", model.code)
            };
            let (x, y) = self.template.cell_center(ig.row, ig.col);
            return Err(crate::Error::InvalidInput {
                parameter: format!("ignition at row {}, col {} (x {x}, y {y})", ig.row, ig.col),
                value: model.code as f64,
                expected: format!(
                    "a burnable cell, but {why}; move the ignition onto burnable fuel"
                ),
            });
        }
        if self.state[i] & DONE == 0 && ig.time < self.best[i] {
            self.best[i] = ig.time;
            self.dir[i] = IGNITION;
            self.queue.push_or_decrease(ig.time, i as u32);
        }
        Ok(())
    }

    /// Replaces the weather and the seed of a fire that has not started (ensemble members).
    pub(crate) fn reseed(&mut self, weather: WeatherStream, seed: u64) {
        self.weather = weather;
        self.config.seed = seed;
        // The UNIFORM marks do not depend on the seed (see `mark_uniform`).
        self.run_factor = stochastic::run_factor(self.config.ros_noise, seed);
        self.factor.fill(f32::NAN);
        // Tables keyed on inputs alone assume the weather and noise factor they were built with.
        self.tau_key = None;
        self.arrivals.key = None;
    }

    fn compute_fire(&self, i: usize, period: usize) -> Result<CellFire, crate::Error> {
        let w = &self.weather.records()[period];
        let f = surface_fire_with(
            &self.models[self.fuel[i] as usize],
            &FireInputs {
                moisture: w.moisture,
                midflame_wind_speed: w.midflame_wind_speed,
                wind_direction: w.wind_direction,
                slope_fraction: slope_fraction(self.slope[i]),
                aspect: self.aspect[i] as f64,
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

    /// The point-model fire of cell `i` in `period`, through the memo.
    fn fire(&mut self, i: usize, period: usize) -> Result<CellFire, crate::Error> {
        let key = (
            self.fuel[i],
            self.slope[i].to_bits(),
            self.aspect[i].to_bits(),
            period as u32,
        );
        let h = stochastic::mix(
            (key.0 as u64) << 48
                ^ (key.1 as u64) << 16
                ^ (key.2 as u64).rotate_left(37)
                ^ (key.3 as u64) << 3,
        ) as usize
            % MEMO_SIZE;
        let stored = [key.0 as u32, key.1, key.2, period_tag(key.3)];
        if self.memo.keys[h] != stored {
            self.memo.values[h] = self.compute_fire(i, period)?;
            self.memo.keys[h] = stored;
        }
        Ok(self.memo.values[h])
    }

    /// The ROS noise factor of cell `i` ([`RosNoise`]); per-cell factors are drawn on first use.
    #[inline]
    fn factor(&mut self, i: usize) -> f64 {
        match self.config.ros_noise {
            RosNoise::PerCell { sigma } => {
                if self.factor[i].is_nan() {
                    self.factor[i] = stochastic::cell_factor(sigma, self.config.seed, i);
                }
                self.factor[i] as f64
            }
            _ => self.run_factor,
        }
    }

    /// Makes sure cell `j`'s slowness is for `period`.
    #[inline]
    fn ensure(&mut self, j: usize, period: u32) -> Result<(), crate::Error> {
        match self.slowness.get(j) {
            Some(s) if s.tag == period_tag(period) => Ok(()),
            Some(_) => self.fill_slowness(j, period),
            None => {
                self.allocate_slowness();
                self.fill_slowness(j, period)
            }
        }
    }

    /// Allocates the per-cell slowness cache, on first use: a fire that only crosses uniform
    /// windows never needs it.
    #[cold]
    #[inline(never)]
    fn allocate_slowness(&mut self) {
        // SAFETY: all-zero bits are a Slowness with tag 0, "not computed".
        self.slowness = unsafe { zeroed_vec(self.rows * self.cols) };
    }

    /// Computes cell `j`'s slowness for `period` (the cache is allocated).
    #[cold]
    fn fill_slowness(&mut self, j: usize, period: u32) -> Result<(), crate::Error> {
        let f = self.fire(j, period as usize)?;
        let m = self.factor(j);
        self.slowness[j] = Slowness::new(&f, m, period);
        Ok(())
    }

    /// Slowness (s/m) along edge `k` from cell `i` in `period`.
    ///
    /// Every branch makes sure of the slowness of each cell it reads for `period`: a segment
    /// finished in a later period ([`Self::travel_time_across_periods`]) leaves cell i's cache
    /// for that period while its other segments are still being relaxed in this one.
    #[inline]
    fn edge_slowness(&mut self, i: usize, k: usize, period: u32) -> Result<f32, crate::Error> {
        let (ux, uy) = (self.stencil.edges[k].ux, self.stencil.edges[k].uy);
        Ok(match self.config.segment_ros {
            SegmentRos::Source => {
                self.ensure(i, period)?;
                self.slowness[i].at(ux, uy)
            }
            SegmentRos::Integrated => {
                let (w0, w1) = self.stencil.edges[k].weights;
                // Callers have made sure of cell i's slowness already, which allocates the
                // per-cell cache; checked here too, as the loop below reads it unchecked.
                if self.slowness.is_empty() {
                    self.allocate_slowness();
                }
                let (mut sp, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32);
                for w in w0 as usize..w1 as usize {
                    let (d, f) = self.stencil.weights[w];
                    let j = (i as isize + d) as usize;
                    // The cells a segment runs through lie in the box spanned by its ends,
                    // both inside the grid, so j < rows · cols = slowness.len() (allocated,
                    // as above).
                    debug_assert!(j < self.slowness.len());
                    // SAFETY: as above.
                    let mut s = unsafe { *self.slowness.get_unchecked(j) };
                    if s.tag != period_tag(period) {
                        self.fill_slowness(j, period)?;
                        s = self.slowness[j];
                    }
                    sp += f * s.p;
                    sx += f * s.qx;
                    sy += f * s.qy;
                }
                if sp.is_infinite() {
                    f32::INFINITY
                } else {
                    sp - sx * ux - sy * uy
                }
            }
            SegmentRos::HalfAndHalf => {
                let j = (i as isize + self.stencil.edges[k].delta) as usize;
                self.ensure(i, period)?;
                self.ensure(j, period)?;
                0.5 * (self.slowness[i].at(ux, uy) + self.slowness[j].at(ux, uy))
            }
        })
    }

    /// Whether segment `k` from cell `i` is free of barriers.
    #[inline]
    fn segment_open(&self, i: usize, k: usize) -> bool {
        let e = &self.stencil.edges[k];
        let at = |d: isize| self.state[(i as isize + d) as usize] & BLOCKED != 0;
        let (c0, c1) = e.crossed;
        if self.stencil.crossed[c0 as usize..c1 as usize]
            .iter()
            .any(|&d| at(d))
        {
            return false;
        }
        match e.squeezed {
            Some((a, b)) => !(at(a) && at(b)),
            None => true,
        }
    }

    /// Ground length of segment `k` from `i` to `j` (m): √(horizontal² + Δz²).
    #[inline]
    fn ground_length(&self, i: usize, j: usize, k: usize) -> f64 {
        let horiz = self.stencil.edges[k].horiz;
        debug_assert!(i.max(j) < self.rows * self.cols);
        // SAFETY: i and j are cells of the grid (the segment's ends).
        let dz =
            unsafe { self.elevation.get_unchecked(j) - self.elevation.get_unchecked(i) } as f64;
        if dz == 0.0 {
            horiz
        } else {
            (horiz * horiz + dz * dz).sqrt()
        }
    }

    /// Travel time of segment `k` from `i` leaving at `t0` in `period`, when the weather
    /// changes before the end of the segment: the rest is travelled at the next period's rate.
    #[cold]
    fn travel_time_across_periods(
        &mut self,
        i: usize,
        k: usize,
        length: f64,
        t0: f64,
        period: usize,
    ) -> Result<f64, crate::Error> {
        let mut remaining = length;
        let mut t = t0;
        let mut p = period;
        loop {
            // Every period, the first included: a UNIFORM cell's own slowness is not filled
            // when it relaxes through the shared travel-time table.
            self.ensure(i, p as u32)?;
            let inv = self.edge_slowness(i, k, p as u32)? as f64;
            let end = self.weather.period_end(p);
            if inv.is_finite() && inv > 0.0 {
                let dt = remaining * inv;
                if t + dt <= end {
                    return Ok(t + dt - t0);
                }
                remaining -= (end - t) / inv;
            }
            if !end.is_finite() {
                return Ok(f64::INFINITY);
            }
            t = end;
            p += 1;
        }
    }

    /// The inputs of cell `i`'s point model in `period`.
    #[inline]
    fn input_key(&self, i: usize, period: u32) -> InputKey {
        (
            self.fuel[i],
            self.slope[i].to_bits(),
            self.aspect[i].to_bits(),
            period,
        )
    }

    /// `fire.ros`, `fire.fireline_intensity` and `fire.flame_length` of cell `i` reached from
    /// direction `dir` in `period`, through the [`ArrivalTable`] when there is no per-cell noise.
    #[inline]
    fn arrival_outputs(
        &mut self,
        i: usize,
        period: usize,
        dir: u8,
    ) -> Result<[f64; 3], crate::Error> {
        if matches!(self.config.ros_noise, RosNoise::PerCell { .. }) {
            let f = self.fire(i, period)?;
            let m = self.factor(i);
            return Ok(outputs_at_arrival(&f, m, dir, &self.stencil));
        }
        let key = self.input_key(i, period as u32);
        let rows = self.stencil.edges.len() + 1;
        if self.arrivals.key != Some(key) {
            let f = self.fire(i, period)?;
            let t = &mut self.arrivals;
            t.key = Some(key);
            t.fire = f;
            t.generation = t.generation.wrapping_add(1);
            if t.generation == 0 || t.rows.len() != rows {
                // First use, or the generation counter wrapped: invalidate every row.
                t.rows = vec![(0, [0.0; 3]); rows];
                t.generation = 1;
            }
        }
        let row = if dir == IGNITION || dir == SPOT {
            rows - 1
        } else {
            dir as usize
        };
        let t = &mut self.arrivals;
        let (generation, v) = t.rows[row];
        if generation == t.generation {
            return Ok(v);
        }
        // Without per-cell noise every cell's factor is the run's.
        let v = outputs_at_arrival(&t.fire, self.run_factor, dir, &self.stencil);
        t.rows[row] = (t.generation, v);
        Ok(v)
    }

    fn finalize(&mut self, i: usize, time: f64) -> Result<(), crate::Error> {
        self.state[i] |= DONE;
        self.burned_times.push(time);
        let p = self.weather.period_at(time);
        let dir = self.dir[i];
        let [ros, intensity, flame] = self.arrival_outputs(i, p, dir)?;
        let (r, c) = (i / self.cols, i % self.cols);
        self.arrival_time[[r, c]] = time as f32;
        self.ros[[r, c]] = ros as f32;
        self.intensity[[r, c]] = intensity as f32;
        self.flame[[r, c]] = flame as f32;
        if let Some(sp) = self.config.spotting {
            if intensity >= sp.min_intensity {
                self.launch_embers(i, time, p, &sp);
            }
        }
        Ok(())
    }

    /// Throws cell `i`'s firebrands ([`Spotting`]) and queues the cells they ignite.
    fn launch_embers(&mut self, i: usize, time: f64, period: usize, sp: &Spotting) {
        use rand::RngExt;
        use rand_distr::{Distribution, LogNormal, Normal};
        let w = self.weather.records()[period];
        let mean = sp.distance_per_wind * w.midflame_wind_speed;
        if mean.is_nan() || mean <= 0.0 {
            return;
        }
        // ln ℓ ~ N(μ, σ²) with e^{μ + σ²/2} = mean.
        let dist =
            LogNormal::new(mean.ln() - 0.5 * sp.sigma * sp.sigma, sp.sigma).expect("validated σ");
        let lateral = Normal::new(0.0, sp.lateral_sd).expect("validated sd");
        let mut rng = stochastic::rng_for(self.config.seed, stochastic::STREAM_SPOT, i as u64);
        let (r, c) = ((i / self.cols) as f64, (i % self.cols) as f64);
        for _ in 0..sp.embers {
            // Draw all three numbers for every ember so each ember's draws are fixed.
            let u: f64 = rng.random();
            let l = dist.sample(&mut rng);
            let dev = lateral.sample(&mut rng);
            if u >= sp.probability {
                continue;
            }
            // Downwind: the wind blows towards wind_direction + 180°.
            let az = (w.wind_direction + 180.0 + dev).to_radians();
            let (east, north) = (l * az.sin() / self.cell, l * az.cos() / self.cell);
            let (rr, cc) = ((r - north).round(), (c + east).round());
            if rr < 0.0 || cc < 0.0 || rr >= self.rows as f64 || cc >= self.cols as f64 {
                continue;
            }
            let j = rr as usize * self.cols + cc as usize;
            let t = time + sp.delay;
            if self.state[j] & CLOSED == 0 && t < self.best[j] {
                self.best[j] = t;
                self.dir[j] = SPOT;
                self.queue.push_or_decrease(t, j as u32);
            }
        }
    }

    fn relax(&mut self, i: usize, time: f64) -> Result<(), crate::Error> {
        let period = self.weather.period_at(time);
        let end = self.weather.period_end(period);
        let pd = period as u32;
        if self.state[i] & MIXED == 0 {
            return self.relax_uniform(i, time, period, end);
        }
        self.ensure(i, pd)?;
        let (r, c) = (i / self.cols, i % self.cols);
        let rad = self.stencil.radius;
        let interior = r >= rad && c >= rad && r + rad < self.rows && c + rad < self.cols;
        for k in 0..self.stencil.edges.len() {
            let e = &self.stencil.edges[k];
            if !interior {
                let rr = r as i64 + e.dr as i64;
                let cc = c as i64 + e.dc as i64;
                if rr < 0 || cc < 0 || rr >= self.rows as i64 || cc >= self.cols as i64 {
                    continue;
                }
            }
            let j = (i as isize + e.delta) as usize;
            if self.state[j] & CLOSED != 0 || (self.any_blocked && !self.segment_open(i, k)) {
                continue;
            }
            let length = self.ground_length(i, j, k);
            let inv = self.edge_slowness(i, k, pd)?;
            let mut arrive = time + length * inv as f64;
            if arrive > end {
                arrive = time + self.travel_time_across_periods(i, k, length, time, period)?;
            }
            if arrive < self.best[j] {
                self.best[j] = arrive;
                self.dir[j] = k as u8;
                self.queue.push_or_decrease(arrive, j as u32);
            }
        }
        Ok(())
    }

    /// [`Self::relax`] for a cell whose whole stencil neighbourhood has its inputs
    /// (UNIFORM ([`MIXED`] clear)): no segment is blocked, no bounds check is needed and every segment's
    /// integrated (or half-and-half) slowness is the cell's own, p − q·u.
    fn relax_uniform(
        &mut self,
        i: usize,
        time: f64,
        period: usize,
        end: f64,
    ) -> Result<(), crate::Error> {
        // UNIFORM cells exist only without per-cell noise, so cells with equal inputs have
        // equal slowness (the run's noise factor is fixed until `reseed`, which resets the key).
        let key = self.input_key(i, period as u32);
        if self.tau_key != Some(key) {
            // The cell's slowness, without storing it (the per-cell cache may not exist yet).
            let s = match self.slowness.get(i) {
                Some(s) if s.tag == period_tag(period as u32) => *s,
                _ => Slowness::new(&self.fire(i, period)?, self.factor(i), period as u32),
            };
            self.tau.clear();
            self.tau.extend(
                self.stencil
                    .edges
                    .iter()
                    .map(|e| (e.delta, e.horiz, e.horiz * s.at(e.ux, e.uy) as f64)),
            );
            // Travel times are ≥ 0 (p ≥ |q|, and +∞ where the fire does not spread), which the
            // loops below rely on to skip closed cells.
            debug_assert!(self.tau.iter().all(|t| t.2 >= 0.0));
            self.tau_max = self.tau.iter().fold(0.0, |a, t| a.max(t.2));
            self.level_table = LevelTable::new(self.tau.iter().map(|t| (t.0, t.2)));
            self.tau_key = Some(key);
        }
        let (state, elevation) = (&self.state[..], &self.elevation);
        let (best, dir, queue) = (&mut self.best[..], &mut self.dir[..], &mut self.queue);
        debug_assert_eq!(state.len(), best.len());
        // Closed cells need no test: a burned cell's time is ≤ `time` (cells leave the queue in
        // time order and every segment takes ≥ 0 s), so `arrive < best[j]` fails for it, and a
        // UNIFORM window holds no blocked cell.
        if self.level && time + self.tau_max <= end {
            // Level ground and no weather change before the longest segment ends: the segment
            // time is the horizontal one (dz = 0) and no segment is finished in a later period.
            let table = &self.level_table;
            debug_assert_eq!(table.len(), self.tau.len());
            // SAFETY: a UNIFORM cell's whole stencil window lies inside the grid
            // (`mark_uniform`), so every i + Δ_k < rows · cols, the length of best and dir.
            let mask = unsafe { table.improving(best, i, time) };
            // Each direction reaches a different neighbour, so the tests made up front stay
            // valid while the improvements are applied (in direction order, as one by one).
            for (w, &word) in mask.iter().enumerate() {
                let mut m = word;
                while m != 0 {
                    let k = w * 64 + m.trailing_zeros() as usize;
                    m &= m - 1;
                    let j = (i as isize + table.delta(k)) as usize;
                    let arrive = time + table.tau(k);
                    debug_assert!(arrive < best[j]);
                    debug_assert_eq!(state[j] & CLOSED, 0);
                    // SAFETY: as above.
                    unsafe {
                        *best.get_unchecked_mut(j) = arrive;
                        *dir.get_unchecked_mut(j) = k as u8;
                    }
                    queue.push_or_decrease(arrive, j as u32);
                }
            }
            return Ok(());
        }
        let zi = self.elevation[i];
        let late = &mut self.late;
        for (k, &(delta, horiz, tau)) in self.tau.iter().enumerate() {
            let j = (i as isize + delta) as usize;
            // SAFETY: a UNIFORM cell's whole stencil window lies inside the grid
            // (`mark_uniform`), so j < rows · cols, the length of state, elevation, best and dir.
            let (sj, zj) = unsafe { (*state.get_unchecked(j), elevation.get_unchecked(j)) };
            // Not needed for the result (see above), but it saves the ground length of a
            // climbing segment into a burned cell.
            if sj & CLOSED != 0 {
                continue;
            }
            let dz = (zj - zi) as f64;
            let (length, dt) = if dz == 0.0 {
                (horiz, tau)
            } else {
                let l = (horiz * horiz + dz * dz).sqrt();
                (l, tau * (l / horiz))
            };
            let arrive = time + dt;
            if arrive > end {
                // The weather changes on the way: finished below.
                late.push((k as u8, length));
                continue;
            }
            // SAFETY: as above.
            let bj = unsafe { best.get_unchecked_mut(j) };
            if arrive < *bj {
                debug_assert_eq!(state[j] & CLOSED, 0);
                *bj = arrive;
                // SAFETY: as above.
                unsafe { *dir.get_unchecked_mut(j) = k as u8 };
                queue.push_or_decrease(arrive, j as u32);
            }
        }
        while let Some((k, length)) = self.late.pop() {
            let k = k as usize;
            let j = (i as isize + self.stencil.edges[k].delta) as usize;
            let arrive = time + self.travel_time_across_periods(i, k, length, time, period)?;
            if arrive < self.best[j] {
                self.best[j] = arrive;
                self.dir[j] = k as u8;
                self.queue.push_or_decrease(arrive, j as u32);
            }
        }
        Ok(())
    }

    /// Clears the [`MIXED`] bit (marks UNIFORM) of every cell whose (2 radius + 1)² window lies inside the
    /// grid, holds no blocked cell and has the same fuel, slope, aspect and noise factor
    /// everywhere: runs of equal inputs along rows, then runs of such cells down columns.
    fn mark_uniform(&mut self, all_same: bool) {
        let (rows, cols, rad) = (self.rows, self.cols, self.stencil.radius);
        if matches!(self.config.ros_noise, RosNoise::PerCell { .. }) {
            // Per-cell noise: no two cells share a fire.
            self.state.par_iter_mut().for_each(|x| *x |= MIXED);
            return;
        }
        let (fuel, slope, aspect) = (&self.fuel[..], &self.slope, &self.aspect);
        if all_same && !self.any_blocked {
            // One fire everywhere (one fuel on flat or evenly tilted ground) and no blocked
            // cell: every window that lies inside the grid is uniform, so only the frame of
            // cells within `rad` of an edge is marked (the fresh state has no MIXED bit).
            for (r, sr) in self.state.chunks_mut(cols).enumerate() {
                if r < rad || r + rad >= rows {
                    sr.iter_mut().for_each(|x| *x |= MIXED);
                } else {
                    let (left, right) = (rad.min(cols), cols.saturating_sub(rad));
                    sr[..left].iter_mut().for_each(|x| *x |= MIXED);
                    sr[right..].iter_mut().for_each(|x| *x |= MIXED);
                }
            }
            return;
        }
        let same = |a: usize, b: usize| {
            all_same
                || (fuel[a] == fuel[b]
                    && slope[a].to_bits() == slope[b].to_bits()
                    && aspect[a].to_bits() == aspect[b].to_bits())
        };
        // h: the cell's row window [c − rad, c + rad] is one run of equal, unblocked inputs;
        // down: the cell and the one below it have equal inputs.
        let mut h = vec![0u8; rows * cols];
        let mut down = vec![0u8; rows * cols];
        let state = &self.state[..];
        h.par_chunks_mut(cols)
            .zip(down.par_chunks_mut(cols))
            .enumerate()
            .for_each(|(r, (hr, dr))| {
                let row = r * cols;
                if r + 1 < rows {
                    for (c, d) in dr.iter_mut().enumerate() {
                        *d = same(row + c, row + c + cols) as u8;
                    }
                }
                let mut a = 0;
                while a < cols {
                    let mut b = a + 1;
                    if state[row + a] & BLOCKED == 0 {
                        while b < cols && state[row + b] & BLOCKED == 0 && same(row + a, row + b) {
                            b += 1;
                        }
                        for (c, x) in hr.iter_mut().enumerate().take(b).skip(a) {
                            *x = (c >= a + rad && c + rad < b) as u8;
                        }
                    }
                    a = b;
                }
            });
        // A cell is uniform when h holds on rows r − rad ..= r + rad and every vertical link
        // between them joins equal inputs.
        self.state
            .par_chunks_mut(cols)
            .enumerate()
            .for_each(|(r, sr)| {
                let inside = r >= rad && r + rad < rows;
                let mut acc = vec![inside as u8; cols];
                if inside {
                    for k in r - rad..=r + rad {
                        let hk = &h[k * cols..(k + 1) * cols];
                        for (x, &y) in acc.iter_mut().zip(hk) {
                            *x &= y;
                        }
                        if k < r + rad {
                            let dk = &down[k * cols..(k + 1) * cols];
                            for (x, &y) in acc.iter_mut().zip(dk) {
                                *x &= y;
                            }
                        }
                    }
                }
                for (s, &u) in sr.iter_mut().zip(&acc) {
                    if u != 0 {
                        *s &= !MIXED;
                    } else {
                        *s |= MIXED;
                    }
                }
            });
    }

    /// Arrival times of burned cells so far, in increasing order (s).
    pub fn burned_times(&self) -> &[f64] {
        &self.burned_times
    }

    /// Whether cell (row, col) has burned by now.
    pub(crate) fn burned_mask(&self) -> impl Iterator<Item = bool> + '_ {
        self.state.iter().map(|&s| s & DONE != 0)
    }

    /// Packs the current state into a result, consuming the fire (no copy of the rasters).
    pub fn into_result(self) -> SpreadResult {
        SpreadResult {
            arrival_time: self.template.like(self.arrival_time),
            ros: self.template.like(self.ros),
            fireline_intensity: self.template.like(self.intensity),
            flame_length: self.template.like(self.flame),
            burned_times: self.burned_times,
            cell_area: self.cell * self.cell,
            end_time: self.now,
        }
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

impl FireSpread {
    /// Advances to `until` by the contract's rules (see [`Simulation`]), returning the fire
    /// crate's own error type; [`Simulation::advance`] gives the same as the shared error.
    /// `f64::INFINITY` runs to `config.duration`.
    pub fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> Result<(), crate::Error> {
        let until = hazsim_grid::simulation::target(self.now, until, self.config.duration)?;
        let start = self.now;
        let mut pops: u64 = 0;
        while let Some((queued, idx)) = self.queue.peek() {
            if queued > until {
                break;
            }
            self.queue.pop();
            let i = idx as usize;
            // The cell's tentative time is the queued one, with its sign of zero kept.
            let time = self.best[i];
            debug_assert_eq!(time, queued);
            self.finalize(i, time)?;
            self.relax(i, time)?;
            pops += 1;
            if pops % 4_096 == 0 {
                let frac = ((time - start) / (until - start)).clamp(0.0, 1.0);
                if !progress.report(frac, "fire spread") {
                    // Finish the cells that arrive at the same instant, so that every cell
                    // with an arrival time <= now has burned.
                    while let Some((q, idx)) = self.queue.peek() {
                        if q > time {
                            break;
                        }
                        self.queue.pop();
                        let j = idx as usize;
                        let t = self.best[j];
                        self.finalize(j, t)?;
                        self.relax(j, t)?;
                    }
                    self.now = time.max(start);
                    return Err(hazsim_grid::Error::Cancelled { time: self.now }.into());
                }
            }
        }
        self.now = until;
        progress.report(1.0, "fire spread");
        Ok(())
    }

    /// The `fire.ignition` input: every marked burnable cell starts burning now.
    fn set_ignition(&mut self, value: &hazsim_grid::Field) -> Result<(), crate::Error> {
        let cells = hazsim_grid::simulation::marked_cells(value, (self.rows, self.cols));
        let burnable: Vec<(usize, usize)> = cells
            .iter()
            .copied()
            .filter(|&(r, c)| self.state[r * self.cols + c] & BLOCKED == 0)
            .collect();
        if burnable.is_empty() && !cells.is_empty() {
            let (r, c) = cells[0];
            return Err(crate::Error::InvalidInput {
                parameter: "fire.ignition".to_string(),
                value: cells.len() as f64,
                expected: format!(
                    "at least one burnable cell among the marked ones; all are non-burnable fuel \
                     or barriers (first at row {r}, col {c})"
                ),
            });
        }
        for (row, col) in burnable {
            self.ignite(&Ignition {
                row,
                col,
                time: self.now,
            })?;
        }
        Ok(())
    }
}

impl Simulation for FireSpread {
    fn hazard(&self) -> &'static str {
        "fire"
    }

    fn now(&self) -> f64 {
        self.now
    }

    fn end_time(&self) -> f64 {
        self.config.duration
    }

    fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> hazsim_grid::Result<()> {
        FireSpread::advance(self, until, progress).map_err(Into::into)
    }

    fn inputs(&self) -> &'static [FieldInfo] {
        hazsim_grid::fields::FIRE_INPUTS
    }

    fn set_input(&mut self, name: &str, value: &hazsim_grid::Field) -> hazsim_grid::Result<()> {
        hazsim_grid::simulation::check_input_grid(name, value, &self.template)?;
        match name {
            "fire.ignition" => self.set_ignition(value).map_err(Into::into),
            _ => Err(hazsim_grid::fields::unknown("input", name, self.inputs())),
        }
    }

    fn grid(&self) -> &Raster<()> {
        &self.template
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

/// `fire.ros` (m/s), `fire.fireline_intensity` (kW/m) and `fire.flame_length` (m) of a cell
/// with fire `f` and noise factor `m`, reached from stencil direction `dir` (the head rate for
/// ignitions and spot fires).
#[inline]
fn outputs_at_arrival(f: &CellFire, m: f64, dir: u8, stencil: &CompiledStencil) -> [f64; 3] {
    let ros = if dir == IGNITION || dir == SPOT {
        f.head * m
    } else {
        f.ros(stencil.edges[dir as usize].sin_cos) * m
    };
    // Byram (1959): I = H R.
    let intensity = f.heat_per_area * ros;
    let flame = if f.head_intensity > 0.0 {
        // Byram (1959): L ∝ I^0.46, scaled from the head's flame length.
        f.head_flame * (intensity / f.head_intensity).powf(0.46)
    } else {
        0.0
    };
    [ros, intensity, flame]
}

/// The slope as rise over run from degrees, limited to 0..=10 (a vertical or undefined slope
/// gives 10 or 0).
fn slope_fraction(degrees: f32) -> f64 {
    let v = (degrees as f64).to_radians().tan();
    if v.is_finite() {
        // As f32, as the slope was held before the tangent was made lazy.
        v.clamp(0.0, 10.0) as f32 as f64
    } else {
        0.0
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
) -> Result<SpreadResult, crate::Error> {
    let mut s = FireSpread::new(terrain, fuels, weather, ignitions, barriers, config)?;
    s.advance(config.duration, &mut hazsim_grid::NoProgress)?;
    Ok(s.into_result())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FuelMoisture;
    use hazsim_grid::{Crs, GeoTransform};

    /// The row/column run construction of `mark_uniform` against the definition, cell by
    /// cell: the whole window inside the grid, unblocked, with one fuel, slope and aspect.
    #[test]
    fn uniform_marks_match_the_definition() {
        let n = 40;
        let grid = |f: &dyn Fn(usize, usize) -> f32| {
            Raster::new(
                Array2::from_shape_fn((n, n), |(r, c)| f(r, c)),
                GeoTransform::north_up(0.0, n as f64 * 10.0, 10.0),
                Crs::epsg(32650),
            )
        };
        // A tilted plane (one slope and aspect) with a bump in one corner, two fuels and a
        // barrier cell.
        let dem = grid(&|r, c| {
            let bump = if r > 30 && c > 30 {
                (r * c) as f32 * 0.05
            } else {
                0.0
            };
            0.5 * r as f32 + bump
        });
        let codes = dem.like(Array2::from_shape_fn((n, n), |(r, c)| {
            if c < 8 && r < 20 {
                2u16
            } else {
                1
            }
        }));
        let barriers = dem.like(Array2::from_shape_fn((n, n), |(r, c)| (r, c) == (15, 22)));
        let terrain = Terrain::new(dem).unwrap();
        let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
        for radius in [1, 4, 6] {
            let s = FireSpread::new(
                &terrain,
                &Fuels::Codes {
                    codes: codes.clone(),
                    custom: vec![],
                },
                &WeatherStream::constant(1.0, 0.0, m).unwrap(),
                &[],
                Some(&barriers),
                &SpreadConfig {
                    stencil_radius: radius,
                    ..SpreadConfig::default()
                },
            )
            .unwrap();
            let rad = radius as i64;
            let mut uniform = 0;
            for r in 0..n as i64 {
                for c in 0..n as i64 {
                    let i = (r * n as i64 + c) as usize;
                    let mut want = r >= rad && c >= rad && r + rad < n as i64 && c + rad < n as i64;
                    if want {
                        for rr in r - rad..=r + rad {
                            for cc in c - rad..=c + rad {
                                let j = (rr * n as i64 + cc) as usize;
                                want &= s.state[j] & BLOCKED == 0
                                    && s.fuel[j] == s.fuel[i]
                                    && s.slope[j].to_bits() == s.slope[i].to_bits()
                                    && s.aspect[j].to_bits() == s.aspect[i].to_bits();
                            }
                        }
                    }
                    assert_eq!(
                        s.state[i] & MIXED == 0,
                        want,
                        "radius {radius}, cell ({r}, {c})"
                    );
                    uniform += want as usize;
                }
            }
            assert!(
                uniform > 100,
                "radius {radius}: only {uniform} uniform cells"
            );
        }
    }
}
