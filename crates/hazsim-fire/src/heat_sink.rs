//! Heat sink ρ_b ε Q_ig: heat needed to bring a unit volume of fuel to ignition
//! (Rothermel 1972, eqs. 12, 14 and 77). Customary units: BTU/ft³.

use crate::fuelbed::Fuelbed;

/// Heat of preignition Q_ig = 250 + 1116 M_f (BTU/lb; Rothermel 1972, eq. 12).
pub(crate) fn heat_of_preignition(m_f: f64) -> f64 {
    250.0 + 1116.0 * m_f
}

/// ρ_b Σ_i f_i Σ_j f_ij exp(−138/σ_ij) Q_ig,ij (BTU/ft³; Rothermel 1972, eq. 77).
pub(crate) fn heat_sink(bed: &Fuelbed) -> f64 {
    let mut sum = 0.0;
    for i in 0..2 {
        let c = &bed.cat[i];
        let inner: f64 = bed
            .particles(i)
            .iter()
            .zip(c.f_ij.iter())
            .filter(|(p, _)| p.w0 > 0.0)
            .map(|(p, f)| f * p.epsilon() * heat_of_preignition(p.m))
            .sum();
        sum += bed.f_i[i] * inner;
    }
    bed.rho_b * sum
}
