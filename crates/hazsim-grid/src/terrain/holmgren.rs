//! Holmgren (1994) flow partition for arbitrary slopes towards the 8 neighbours.
//!
//! [`super::mfd`] applies the partition to the ground surface of a DEM. Routing schemes that
//! move over another surface, such as the energy-line surface `z + z_δ` of debris-flow runout
//! (Horton et al. 2013; D'Amboise et al. 2022), compute their own gradients `tan βₖ` per step
//! and share this partition:
//!
//! `fₖ = (tan βₖ)^x / Σⱼ (tan βⱼ)^x`, over the neighbours with `tan βₖ > 0`.

/// Holmgren fractions for the 8 neighbours given their gradients `tan_beta` (order of
/// [`super::neighbours::OFFSETS`]). Entries that are not positive and finite receive nothing.
/// Returns `None` when no neighbour qualifies. `exponent` must be positive and finite (callers
/// validate it).
///
/// ```
/// use hazsim_grid::terrain::holmgren::holmgren_fractions;
/// let mut t = [0.0; 8];
/// t[0] = 0.2; // east
/// t[2] = 0.1; // south
/// let f = holmgren_fractions(&t, 2.0).unwrap();
/// assert!((f[0] - 0.8).abs() < 1e-12 && (f[2] - 0.2).abs() < 1e-12);
/// assert!(holmgren_fractions(&[0.0; 8], 2.0).is_none());
/// ```
pub fn holmgren_fractions(tan_beta: &[f64; 8], exponent: f64) -> Option<[f64; 8]> {
    let mut out = [0.0f64; 8];
    let mut sum = 0.0f64;
    for (o, &t) in out.iter_mut().zip(tan_beta) {
        if t > 0.0 && t.is_finite() {
            let v = if exponent == 1.0 { t } else { t.powf(exponent) };
            *o = v;
            sum += v;
        }
    }
    if sum > 0.0 && sum.is_finite() {
        for o in out.iter_mut() {
            *o /= sum;
        }
        Some(out)
    } else {
        None
    }
}
