//! Physical constants shared by every engine, defined once.

/// Standard gravity g (m/s²), as every hazsim engine uses it. The engines' documented
/// references (SWASHES, Flow-R, RAMMS) use 9.81.
///
/// ```
/// assert_eq!(hazsim_grid::constants::G, 9.81);
/// ```
pub const G: f64 = 9.81;

/// [`G`] in single precision, for the f32 state of the solvers.
pub const G_F32: f32 = G as f32;

/// Density of water ρ_w (kg/m³).
pub const WATER_DENSITY: f64 = 1000.0;
