//! The contract every hazard engine implements, so that one clock can drive several engines (the
//! scenario layer advances flood, fire and debris runs side by side, as `Vec<Box<dyn
//! Simulation>>`).
//!
//! # The rules
//!
//! - **Time.** [`Simulation::now`] is the model time in seconds since the start of the run.
//! - **`until`.** [`Simulation::advance`] steps the model to `until` and never past it; an engine
//!   shortens its last internal step to land on it. After a successful call
//!   `now() == until` when `until` is finite and later than `now()`; `until <= now()` changes
//!   nothing; `until = f64::INFINITY` runs to the end of the run as configured,
//!   [`Simulation::end_time`] (or stays where it is if that has passed). NaN is an
//!   [`Error::InvalidParameter`]. A finite `until` past `end_time()` is honoured: the end time is
//!   where an open-ended advance and the one-shot functions stop, not a wall.
//! - **Progress.** `progress.report(done, stage)` receives the fraction of *this call's* model
//!   time done, monotone in [0, 1], and 1 when the call succeeds. Returning `false` cancels:
//!   the call returns [`Error::Cancelled`] with the time reached, and the state is consistent
//!   there (fields can be read, and `advance` can go on from it). The return value of the
//!   final report (1) is not a cancel: the work is done.
//! - **Errors.** One type, [`Error`], for all engines; an engine's own failure (a flood that
//!   became unstable) comes as [`Error::Engine`], whose typed error
//!   [`Error::engine_error`] gives back.
//! - **Outputs.** [`Simulation::fields`] lists every name [`Simulation::field`] answers, from the
//!   one registry ([`crate::fields`]), as Landlab components declare their fields.
//! - **Inputs.** [`Simulation::inputs`] lists what [`Simulation::set_input`] takes between
//!   advances (rain, inflow, ignition, release): the ports through which one hazard starts
//!   another. An input takes effect from `now()` on.
//!
//! - **Pieces.** Advancing in pieces that end on the engine's *landing times* gives the same
//!   bits as one advance, at any thread count. Event-driven engines (fire spread, routing) land
//!   anywhere; engines with adaptive steps (flood, Voellmy) land on their output times and
//!   forcing changes, so pieces that end there change nothing. An `until` between landing
//!   times shortens one step, and the later steps differ by time-stepping error (volume is
//!   conserved either way). A cancelled advance stops between steps, so advancing on from it
//!   gives the same bits as an advance that was never cancelled. The workspace's
//!   `tests/contract.rs` checks all of this for every engine.

use crate::{Error, Field, Progress, Raster, Result, SimResult};
use ndarray::ArrayView2;

/// Name, SI unit and meaning of one field an engine produces or takes.
///
/// ```
/// use hazsim_grid::FieldInfo;
/// let f = FieldInfo { name: "flood.depth", unit: "m", meaning: "water depth now" };
/// assert_eq!(f.hazard(), "flood");
/// assert_eq!(f.quantity(), "depth");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldInfo {
    /// `<hazard>.<quantity>`, e.g. `flood.depth`.
    pub name: &'static str,
    /// SI unit (`m`, `m/s`, `s`, `m2/s`, or `-` for dimensionless).
    pub unit: &'static str,
    /// One line on what the field holds.
    pub meaning: &'static str,
}

impl FieldInfo {
    /// The hazard part of the name (`flood`).
    pub fn hazard(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(h, _)| h)
    }

    /// The quantity part of the name (`depth`), the short name Python and the CLI accept.
    pub fn quantity(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(_, q)| q)
    }
}

/// A time-stepping hazard engine on a terrain grid. Object safe: a scheduler holds
/// `Vec<Box<dyn Simulation>>`. See the module docs for the rules every engine keeps.
///
/// ```
/// use hazsim_grid::{fields, Crs, Error, Field, FieldInfo, GeoTransform, NoProgress, Progress, Raster, Result, Simulation};
/// use ndarray::{Array2, ArrayView2};
///
/// /// A toy engine: a level that rises at a rate (the input `toy.rate`, m/s).
/// struct Rise { t: f64, rate: f32, level: Array2<f32>, grid: Raster<()> }
/// const OUT: &[FieldInfo] = &[FieldInfo { name: "flood.depth", unit: "m", meaning: "water depth now" }];
/// const IN: &[FieldInfo] = &[FieldInfo { name: "flood.rain_rate", unit: "m/s", meaning: "rain" }];
/// impl Simulation for Rise {
///     fn hazard(&self) -> &'static str { "flood" }
///     fn now(&self) -> f64 { self.t }
///     fn end_time(&self) -> f64 { 10.0 }
///     fn advance(&mut self, until: f64, p: &mut dyn Progress) -> Result<()> {
///         let until = hazsim_grid::simulation::target(self.t, until, self.end_time())?;
///         if until > self.t { self.level += self.rate * (until - self.t) as f32; self.t = until; }
///         p.report(1.0, "rise");
///         Ok(())
///     }
///     fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>> {
///         (name == "flood.depth").then(|| self.level.view())
///     }
///     fn fields(&self) -> &'static [FieldInfo] { OUT }
///     fn inputs(&self) -> &'static [FieldInfo] { IN }
///     fn set_input(&mut self, name: &str, value: &Field) -> Result<()> {
///         match (name, value) {
///             ("flood.rain_rate", Field::Uniform(v)) => { self.rate = *v as f32; Ok(()) }
///             _ => Err(fields::unknown("input", name, IN)),
///         }
///     }
///     fn grid(&self) -> &Raster<()> { &self.grid }
/// }
/// let grid = Raster::new(Array2::from_elem((2, 2), ()), GeoTransform::north_up(0.0, 20.0, 10.0), Crs::epsg(32616));
/// let mut sims: Vec<Box<dyn Simulation>> = vec![Box::new(Rise { t: 0.0, rate: 0.0, level: Array2::zeros((2, 2)), grid })];
/// sims[0].set_input("flood.rain_rate", &Field::Uniform(0.5)).unwrap();
/// sims[0].advance(f64::INFINITY, &mut NoProgress).unwrap(); // to end_time()
/// assert_eq!(sims[0].now(), 10.0);
/// assert_eq!(sims[0].result().field("depth").unwrap().data[[0, 0]], 5.0);
/// ```
pub trait Simulation: Send {
    /// The hazard this engine simulates: `flood`, `fire` or `debris` (the prefix of its field
    /// names).
    fn hazard(&self) -> &'static str;

    /// Model time in seconds since the start of the run.
    fn now(&self) -> f64;

    /// The end of the run as configured (s): where `advance(f64::INFINITY)` and the engine's
    /// one-shot function stop.
    fn end_time(&self) -> f64;

    /// Advances the model to `until` seconds, never past it, reporting the fraction of this call
    /// done. See the module docs for the rules on `until`, progress and cancelling.
    fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> Result<()>;

    /// A field by its full name (`<hazard>.<quantity>`, SI units) on the terrain grid, or `None`
    /// if the engine does not produce it.
    fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>>;

    /// Every field [`Simulation::field`] answers, from the registry ([`crate::fields`]).
    fn fields(&self) -> &'static [FieldInfo];

    /// Every input [`Simulation::set_input`] takes, from the registry.
    fn inputs(&self) -> &'static [FieldInfo];

    /// Sets an input (one of [`Simulation::inputs`]) from `now()` on. A raster must share the
    /// engine's grid. An unknown name, a grid that does not match or a bad value is an error,
    /// and leaves the engine as it was.
    fn set_input(&mut self, name: &str, value: &Field) -> Result<()>;

    /// The engine's grid: shape, transform and CRS (no data).
    fn grid(&self) -> &Raster<()>;

    /// Every field now, as rasters with their units.
    fn result(&self) -> SimResult {
        let grid = self.grid();
        let rasters = self
            .fields()
            .iter()
            .filter_map(|f| self.field(f.name).map(|v| (*f, grid.like(v.to_owned()))))
            .collect();
        SimResult {
            hazard: self.hazard(),
            time: self.now(),
            rasters,
        }
    }
}

/// The time an advance from `now` towards `until` lands on, by the contract's rule: NaN is an
/// error, infinity means `end_time` and a time before `now` means `now`.
///
/// ```
/// use hazsim_grid::simulation::target;
/// assert_eq!(target(5.0, f64::INFINITY, 60.0).unwrap(), 60.0);
/// assert_eq!(target(5.0, 2.0, 60.0).unwrap(), 5.0);
/// assert_eq!(target(5.0, 90.0, 60.0).unwrap(), 90.0);
/// assert!(target(5.0, f64::NAN, 60.0).is_err());
/// ```
pub fn target(now: f64, until: f64, end_time: f64) -> Result<f64> {
    if until.is_nan() || until == f64::NEG_INFINITY {
        return Err(Error::param(
            "until",
            until,
            "a model time in seconds, or infinity for the end of the run",
        ));
    }
    let t = if until == f64::INFINITY {
        end_time
    } else {
        until
    };
    Ok(t.max(now))
}

/// Checks a raster input against the engine's grid, naming the input.
pub fn check_input_grid(name: &str, value: &Field, grid: &Raster<()>) -> Result<()> {
    if let Field::Raster(r) = value {
        grid.check_same_grid(r, "the engine's grid", &format!("input {name}"))?;
    }
    Ok(())
}

/// The cells of `value` marked by a finite value other than 0 (all cells for a uniform finite
/// non-zero value), in row-major order.
pub fn marked_cells(value: &Field, shape: (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for r in 0..shape.0 {
        for c in 0..shape.1 {
            let v = value.value_at(r, c);
            if v.is_finite() && v != 0.0 {
                out.push((r, c));
            }
        }
    }
    out
}
