//! Reaction intensity I_R (Rothermel 1972, eq. 27, with Albini 1976's A).
//! Customary units: BTU/ft²/min.

use crate::fuelbed::{Fuelbed, S_E};

/// Maximum reaction velocity Γ'_max = σ^1.5 / (495 + 0.0594 σ^1.5) (1/min; Rothermel 1972,
/// eq. 36).
pub(crate) fn max_reaction_velocity(sigma: f64) -> f64 {
    let s15 = sigma.powf(1.5);
    s15 / (495.0 + 0.0594 * s15)
}

/// Exponent A = 133 σ^−0.7913 (Albini 1976's replacement of Rothermel 1972, eq. 39).
pub(crate) fn reaction_velocity_exponent(sigma: f64) -> f64 {
    133.0 * sigma.powf(-0.7913)
}

/// Optimum reaction velocity Γ' = Γ'_max (β/β_op)^A exp(A (1 − β/β_op)) (Rothermel 1972, eq. 38).
pub(crate) fn optimum_reaction_velocity(sigma: f64, relative_packing_ratio: f64) -> f64 {
    if sigma <= 0.0 || relative_packing_ratio <= 0.0 {
        return 0.0;
    }
    let a = reaction_velocity_exponent(sigma);
    max_reaction_velocity(sigma)
        * relative_packing_ratio.powf(a)
        * (a * (1.0 - relative_packing_ratio)).exp()
}

/// Moisture damping η_M = 1 − 2.59 r + 5.11 r² − 3.52 r³, r = min(M_f / M_x, 1)
/// (Rothermel 1972, eq. 29); exactly 0 at and above extinction (r ≥ 1), where the cubic's
/// round-off would otherwise leave a spurious ±1e-16.
pub(crate) fn moisture_damping(m_f: f64, m_x: f64) -> f64 {
    if m_x <= 0.0 {
        return 0.0;
    }
    let r = m_f / m_x;
    if r >= 1.0 {
        return 0.0;
    }
    (1.0 - 2.59 * r + 5.11 * r * r - 3.52 * r * r * r).max(0.0)
}

/// Mineral damping η_s = 0.174 S_e^−0.19, at most 1 (Rothermel 1972, eq. 30).
pub(crate) fn mineral_damping(s_e: f64) -> f64 {
    (0.174 * s_e.powf(-0.19)).min(1.0)
}

/// Reaction intensity I_R = Γ' Σ_i w_n,i h_i η_M,i η_s,i (BTU/ft²/min; Rothermel 1972, eq. 27
/// per category as in Albini 1976).
pub(crate) fn reaction_intensity(bed: &Fuelbed) -> f64 {
    let gamma = optimum_reaction_velocity(bed.sigma, bed.relative_packing_ratio());
    let eta_s = mineral_damping(S_E);
    let sum: f64 = bed
        .cat
        .iter()
        .map(|c| c.w_n * c.h * moisture_damping(c.m, c.m_x) * eta_s)
        .sum();
    gamma * sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damping_coefficients() {
        // η_s for S_e = 0.01 (Rothermel 1972): 0.174 × 0.01^−0.19 ≈ 0.4174.
        assert!((mineral_damping(0.01) - 0.417_397).abs() < 1e-6);
        assert_eq!(moisture_damping(0.0, 0.2), 1.0);
        assert_eq!(moisture_damping(0.2, 0.2), 0.0);
        assert_eq!(moisture_damping(0.3, 0.2), 0.0);
        let mut last = 1.0;
        for i in 1..20 {
            let eta = moisture_damping(i as f64 * 0.01, 0.2);
            assert!(eta < last && eta > 0.0);
            last = eta;
        }
    }

    #[test]
    fn reaction_velocity_peaks_at_optimum_packing() {
        let sigma = 2000.0;
        let at_opt = optimum_reaction_velocity(sigma, 1.0);
        assert!((at_opt - max_reaction_velocity(sigma)).abs() < 1e-12);
        for r in [0.2, 0.5, 0.9, 1.1, 2.0, 5.0] {
            assert!(optimum_reaction_velocity(sigma, r) < at_opt);
        }
    }
}
