//! The energy line of a runout path (Heim 1932; Horton et al. 2013, NHESS 13:869–885;
//! D'Amboise et al. 2022, GMD 15:2423–2439).
//!
//! A mass released at rest loses energy along its path as if sliding on a line inclined at the
//! travel angle `α` (the "Fahrböschung"). Written with the kinetic energy height
//! `z_δ = v² / (2g)` carried from cell `i` to neighbour `j` at horizontal distance `L_ij`:
//!
//! `z_δ,j = z_δ,i + (z_i − z_j) − L_ij · tan α`, limited to `z_δ,j ≤ z_δ,max = v_max² / (2g)`.
//!
//! The mass cannot enter `j` when `z_δ,j ≤ 0`: there the energy line has met the ground.

/// Standard gravity (m/s²).
pub const G: f64 = hazsim_grid::constants::G;

/// Kinetic energy height (m) reached in neighbour `j` from cell `i`.
///
/// `z_delta_i`: kinetic energy height in `i` (m); `z_i`, `z_j`: ground elevations (m);
/// `l_ij`: horizontal distance (m); `tan_alpha`: tangent of the travel angle;
/// `z_delta_max`: the cap (`f64::INFINITY` for none). The result may be ≤ 0: the path stops.
///
/// ```
/// use hazsim_debris::energy_line::next_z_delta;
/// // 10 m drop over 10 m with α = 45°: the loss equals the drop, nothing is gained.
/// assert!((next_z_delta(2.0, 110.0, 100.0, 10.0, 1.0, f64::INFINITY) - 2.0).abs() < 1e-12);
/// // A cap of 1 m limits it.
/// assert_eq!(next_z_delta(2.0, 110.0, 100.0, 10.0, 1.0, 1.0), 1.0);
/// ```
#[inline]
pub fn next_z_delta(
    z_delta_i: f64,
    z_i: f64,
    z_j: f64,
    l_ij: f64,
    tan_alpha: f64,
    z_delta_max: f64,
) -> f64 {
    (z_delta_i + (z_i - z_j) - l_ij * tan_alpha).min(z_delta_max)
}

/// Kinetic energy height (m) of a speed `v` (m/s): `z_δ = v² / (2g)`.
///
/// ```
/// use hazsim_debris::energy_line::{z_delta_of_velocity, velocity_of_z_delta};
/// let z = z_delta_of_velocity(15.0);
/// assert!((z - 11.468).abs() < 1e-3);
/// assert!((velocity_of_z_delta(z) - 15.0).abs() < 1e-12);
/// ```
#[inline]
pub fn z_delta_of_velocity(v: f64) -> f64 {
    v * v / (2.0 * G)
}

/// Speed (m/s) of a kinetic energy height `z_δ` (m): `v = √(2 g z_δ)`; 0 for `z_δ ≤ 0`.
///
/// ```
/// use hazsim_debris::energy_line::velocity_of_z_delta;
/// assert_eq!(velocity_of_z_delta(-1.0), 0.0);
/// assert!((velocity_of_z_delta(5.0) - 9.9045).abs() < 1e-4);
/// ```
#[inline]
pub fn velocity_of_z_delta(z_delta: f64) -> f64 {
    (2.0 * G * z_delta.max(0.0)).sqrt()
}
