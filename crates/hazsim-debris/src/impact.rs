//! Impact pressure of a debris flow on an obstacle (hydrodynamic formula; Hübl et al. 2009,
//! "Review of models for estimating the impact force of debris flows", Interpraevent).
//!
//! `p = c · ρ · v²`, with the flow density `ρ` (kg/m³), speed `v` (m/s) and an empirical
//! coefficient `c` (≈ 1–2 for debris flows, larger for stiff granular fronts). hazsim reports
//! `p` in kPa (`/1000`), with defaults `ρ = 2000 kg/m³` and `c = 1`.

/// Impact pressure (kPa) `c · ρ · v² / 1000`.
///
/// ```
/// use hazsim_debris::impact::impact_pressure_kpa;
/// // 10 m/s, 2000 kg/m³, c = 1: 200 kPa.
/// assert!((impact_pressure_kpa(10.0, 2000.0, 1.0) - 200.0).abs() < 1e-12);
/// ```
#[inline]
pub fn impact_pressure_kpa(v: f64, density: f64, coefficient: f64) -> f64 {
    coefficient * density * v * v / 1000.0
}
