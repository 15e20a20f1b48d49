//! The contract every time-stepping hazard engine implements, so that one clock can drive
//! several engines (the scenario layer advances flood, fire and debris runs side by side).
//!
//! - [`Simulation::now`] is the model time in seconds since the start of the run.
//! - [`Simulation::advance`] steps the model up to `until` and never past it: after a successful
//!   call `now() == until` (or `now()` is unchanged when `until <= now()`). An engine shortens its
//!   last internal step to land exactly on `until`.
//! - [`Simulation::field`] exposes a state or output field on the terrain grid, by name.
//! - [`Simulation::fields`] lists every name [`Simulation::field`] answers, with units, so a
//!   caller can see from the outside what an engine produces (as Landlab components declare their
//!   fields).
//!
//! Fields are named `<hazard>.<quantity>` (e.g. `flood.depth`) and are in SI units.

use crate::Progress;
use ndarray::ArrayView2;

/// Name, SI unit and meaning of one field an engine exposes.
///
/// ```
/// use hazsim_grid::FieldInfo;
/// let f = FieldInfo { name: "flood.depth", unit: "m", meaning: "water depth now" };
/// assert_eq!(f.name.split('.').next(), Some("flood"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// `<hazard>.<quantity>`, e.g. `flood.depth`.
    pub name: &'static str,
    /// SI unit (`m`, `m/s`, `s`, `m2/s`, or `-` for dimensionless).
    pub unit: &'static str,
    /// One line on what the field holds.
    pub meaning: &'static str,
}

/// A time-stepping hazard engine on a terrain grid.
///
/// ```
/// use hazsim_grid::{FieldInfo, NoProgress, Progress, Simulation};
/// use ndarray::{Array2, ArrayView2};
///
/// /// A toy engine: a level that rises 1 m per second.
/// struct Rise { t: f64, level: Array2<f32> }
/// impl Simulation for Rise {
///     type Error = std::convert::Infallible;
///     fn now(&self) -> f64 { self.t }
///     fn advance(&mut self, until: f64, _p: &mut dyn Progress) -> Result<(), Self::Error> {
///         if until > self.t { self.level += (until - self.t) as f32; self.t = until; }
///         Ok(())
///     }
///     fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>> {
///         (name == "toy.level").then(|| self.level.view())
///     }
///     fn fields(&self) -> &'static [FieldInfo] {
///         &[FieldInfo { name: "toy.level", unit: "m", meaning: "level" }]
///     }
/// }
/// let mut s = Rise { t: 0.0, level: Array2::zeros((2, 2)) };
/// s.advance(3.0, &mut NoProgress).unwrap();
/// assert_eq!(s.now(), 3.0);
/// assert_eq!(s.field("toy.level").unwrap()[[0, 0]], 3.0);
/// ```
pub trait Simulation {
    /// The engine's error type (its crate's one `Error` enum).
    type Error: std::error::Error + Send + Sync + 'static;

    /// Model time in seconds since the start of the run.
    fn now(&self) -> f64;

    /// Advance the model to `until` seconds, never past it. Reports progress through `progress`;
    /// if the callback returns `false` the engine stops with its `Cancelled` error, leaving a
    /// consistent state at the last completed step.
    fn advance(&mut self, until: f64, progress: &mut dyn Progress) -> Result<(), Self::Error>;

    /// A field by name (`<hazard>.<quantity>`, SI units) on the terrain grid, or `None` if the
    /// engine does not produce it.
    fn field(&self, name: &str) -> Option<ArrayView2<'_, f32>>;

    /// Every field [`Simulation::field`] answers, with units and meaning.
    fn fields(&self) -> &'static [FieldInfo];
}
