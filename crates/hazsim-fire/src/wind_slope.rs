//! Wind and slope factors (Rothermel 1972, eqs. 47-51, 80) and the vector combination of wind
//! and slope when they are not aligned (as BehavePlus does; Andrews 2018, RMRS-GTR-371).
//! Customary units: wind in ft/min.

/// Coefficients C, B, E of the wind factor for a characteristic SAVR σ (1/ft):
/// C = 7.47 exp(−0.133 σ^0.55), B = 0.02526 σ^0.54, E = 0.715 exp(−3.59×10⁻⁴ σ)
/// (Rothermel 1972, eqs. 48-50).
pub(crate) fn wind_coefficients(sigma: f64) -> (f64, f64, f64) {
    let c = 7.47 * (-0.133 * sigma.powf(0.55)).exp();
    let b = 0.02526 * sigma.powf(0.54);
    let e = 0.715 * (-3.59e-4 * sigma).exp();
    (c, b, e)
}

/// Wind factor φ_w = C U^B (β/β_op)^−E, U the midflame wind in ft/min (Rothermel 1972, eq. 47).
pub(crate) fn wind_factor(u_ft_min: f64, sigma: f64, relative_packing_ratio: f64) -> f64 {
    if u_ft_min <= 0.0 || relative_packing_ratio <= 0.0 {
        return 0.0;
    }
    let (c, b, e) = wind_coefficients(sigma);
    c * u_ft_min.powf(b) * relative_packing_ratio.powf(-e)
}

/// Slope factor φ_s = 5.275 β^−0.3 tan²θ (Rothermel 1972, eq. 51).
pub(crate) fn slope_factor(beta: f64, tan_slope: f64) -> f64 {
    if beta <= 0.0 {
        return 0.0;
    }
    5.275 * beta.powf(-0.3) * tan_slope * tan_slope
}

/// Inverse of [`wind_factor`]: the wind speed (ft/min) that alone gives factor `phi`
/// (the effective wind speed of Albini 1976).
pub(crate) fn effective_wind_speed(phi: f64, sigma: f64, relative_packing_ratio: f64) -> f64 {
    if phi <= 0.0 || relative_packing_ratio <= 0.0 {
        return 0.0;
    }
    let (c, b, e) = wind_coefficients(sigma);
    (phi * relative_packing_ratio.powf(e) / c).powf(1.0 / b)
}

/// Result of combining the wind and slope spread-rate vectors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Combined {
    /// Combined factor φ_E = |R0 φ_w ŵ + R0 φ_s û| / R0.
    pub phi_e: f64,
    /// Direction of maximum spread, degrees clockwise from north.
    pub heading_deg: f64,
}

/// Adds the slope vector (magnitude φ_s, pointing upslope = aspect + 180°) and the wind vector
/// (magnitude φ_w, pointing where the wind blows to = wind_from + 180°). Both are in units of
/// the no-wind no-slope rate R0, so the head rate is R0 (1 + φ_E).
pub(crate) fn combine(phi_w: f64, wind_from_deg: f64, phi_s: f64, aspect_deg: f64) -> Combined {
    let upslope = (aspect_deg + 180.0).to_radians();
    let downwind = (wind_from_deg + 180.0).to_radians();
    // East (x) and north (y) components; azimuth θ has components (sin θ, cos θ).
    let x = phi_s * upslope.sin() + phi_w * downwind.sin();
    let y = phi_s * upslope.cos() + phi_w * downwind.cos();
    let phi_e = x.hypot(y);
    let heading_deg = if phi_e > 1e-12 {
        x.atan2(y).to_degrees().rem_euclid(360.0)
    } else if phi_w > 0.0 || phi_s == 0.0 {
        (wind_from_deg + 180.0).rem_euclid(360.0)
    } else {
        (aspect_deg + 180.0).rem_euclid(360.0)
    };
    Combined { phi_e, heading_deg }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_vectors_add_and_opposed_subtract() {
        // Wind from the south (blowing north) on a south-facing slope (upslope north).
        let c = combine(2.0, 180.0, 1.0, 180.0);
        assert!((c.phi_e - 3.0).abs() < 1e-12);
        assert!(c.heading_deg < 1e-9 || c.heading_deg > 360.0 - 1e-9);
        // Wind from the north against the upslope: the stronger one wins.
        let c = combine(2.0, 0.0, 1.0, 180.0);
        assert!((c.phi_e - 1.0).abs() < 1e-12);
        assert!((c.heading_deg - 180.0).abs() < 1e-9);
        // Perpendicular: Pythagoras.
        let c = combine(3.0, 270.0, 4.0, 180.0);
        assert!((c.phi_e - 5.0).abs() < 1e-12);
        assert!((c.heading_deg - 3f64.atan2(4.0).to_degrees()).abs() < 1e-9);
    }

    #[test]
    fn effective_wind_inverts_wind_factor() {
        for sigma in [750.0, 1500.0, 3500.0] {
            for rpr in [0.3, 1.0, 3.0] {
                for u in [10.0, 200.0, 880.0] {
                    let phi = wind_factor(u, sigma, rpr);
                    let back = effective_wind_speed(phi, sigma, rpr);
                    assert!((back - u).abs() < 1e-9 * u);
                }
            }
        }
    }

    #[test]
    fn slope_factor_grows_with_tan_squared() {
        let a = slope_factor(0.01, 0.2);
        let b = slope_factor(0.01, 0.4);
        assert!((b / a - 4.0).abs() < 1e-12);
        assert_eq!(slope_factor(0.01, 0.0), 0.0);
    }
}
