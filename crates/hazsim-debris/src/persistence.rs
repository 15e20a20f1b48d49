//! Persistence: the tendency of a moving mass to keep its direction (Gamma 2000, as used by
//! Flow-R, Horton et al. 2013, NHESS 13:869–885).
//!
//! The flow towards neighbour `k` is weighted by a factor of the change of direction `Δθ`
//! between the previous step and the step to `k`. Gamma (2000) uses
//! `P(0°) = 1`, `P(45°) = 0.8`, `P(90°) = 0.4`, `P(135°) = P(180°) = 0`.
//! Horton et al. (2013) combine it with the routing fractions as
//! `pᵢ = pᵢ^rout · pᵢ^pers / Σⱼ pⱼ^rout · pⱼ^pers`.
//! hazsim blends the factor with a weight `γ` (the `persistence` parameter):
//! `pᵢ^pers = (1 − γ) + γ · P(Δθᵢ)`, so `γ = 0` ignores the previous direction and `γ = 1` is
//! Gamma's scheme as published.

/// Gamma (2000) factors by the change of direction in steps of 45° (0°, 45°, 90°, 135°, 180°).
pub const GAMMA_2000: [f64; 5] = [1.0, 0.8, 0.4, 0.0, 0.0];

/// Flow-Py's factors (D'Amboise et al. 2022) by the change of direction in steps of 45°:
/// straight on 1, 45° 0.707, no turns of 90° or more.
pub const FLOW_PY: [f64; 5] = [1.0, 0.707, 0.0, 0.0, 0.0];

/// Persistence factor `pᵏ^pers` for a step towards neighbour `k` (0..8, clockwise from east)
/// after a step in direction `previous` (`None` at the release cell: every direction gets 1),
/// with blend weight `gamma` in [0, 1].
///
/// ```
/// use hazsim_debris::persistence::persistence_factor;
/// assert_eq!(persistence_factor(Some(0), 0, 1.0), 1.0); // straight on
/// assert_eq!(persistence_factor(Some(0), 2, 1.0), 0.4); // 90° turn
/// assert_eq!(persistence_factor(Some(0), 4, 1.0), 0.0); // straight back
/// assert_eq!(persistence_factor(Some(0), 4, 0.5), 0.5);
/// assert_eq!(persistence_factor(None, 4, 1.0), 1.0);
/// ```
#[inline]
pub fn persistence_factor(previous: Option<usize>, k: usize, gamma: f64) -> f64 {
    persistence_factor_with(&GAMMA_2000, previous, k, gamma)
}

/// [`persistence_factor`] with another factor table (e.g. [`FLOW_PY`]).
///
/// ```
/// use hazsim_debris::persistence::{persistence_factor_with, FLOW_PY};
/// assert_eq!(persistence_factor_with(&FLOW_PY, Some(0), 1, 1.0), 0.707);
/// assert_eq!(persistence_factor_with(&FLOW_PY, Some(0), 2, 1.0), 0.0);
/// ```
#[inline]
pub fn persistence_factor_with(
    table: &[f64; 5],
    previous: Option<usize>,
    k: usize,
    gamma: f64,
) -> f64 {
    match previous {
        None => 1.0,
        Some(p) => {
            let d = (k + 8 - p) % 8;
            let steps = d.min(8 - d);
            (1.0 - gamma) + gamma * table[steps]
        }
    }
}
