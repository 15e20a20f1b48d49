//! Propagating flux ratio ξ (Rothermel 1972, eq. 42).

/// ξ = exp((0.792 + 0.681 σ^0.5)(β + 0.1)) / (192 + 0.2595 σ), σ in 1/ft.
pub(crate) fn propagating_flux_ratio(sigma: f64, beta: f64) -> f64 {
    ((0.792 + 0.681 * sigma.sqrt()) * (beta + 0.1)).exp() / (192.0 + 0.2595 * sigma)
}
