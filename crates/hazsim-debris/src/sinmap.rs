//! SINMAP stability index from parameter *ranges* (Pack, Tarboton & Goodwin 1998, "The SINMAP
//! approach to terrain stability mapping", 8th IAEG Congress; SINMAP user's manual).
//!
//! SINMAP writes the infinite-slope factor of safety ([`crate::stability`]) as
//!
//! `FS = [C + cos θ · (1 − min(x·a / sin θ, 1)·r) · t] / sin θ`,
//!
//! with `x = R/T` (m⁻¹), `C` the dimensionless cohesion, `t = tan φ`, `r = ρ_w/ρ_s` and `a`
//! the specific catchment area. `x`, `C` and `t` are uncertain and taken uniformly distributed
//! on `[x₁, x₂]`, `[C₁, C₂]`, `[t₁, t₂]`. Then
//!
//! - `FS_min` uses `x₂, C₁, t₁` (wettest, weakest); `FS_max` uses `x₁, C₂, t₂`;
//! - the stability index is `SI = FS_min` where `FS_min ≥ 1`; `SI = P(FS ≥ 1)` where
//!   `FS_min < 1 ≤ FS_max`; `SI = 0` where `FS_max < 1`.
//!
//! `P(FS ≥ 1)`: for a given `x` (hence wetness `w`), with `k = cos θ·(1 − w·r)` and
//! `s = sin θ`, it is the fraction of the `(C, t)` rectangle with `C + k·t ≥ s`, integrated in
//! closed form over `t` (the integral of a clamped linear function); the average over `x` is a
//! 64-point midpoint rule.
//!
//! Classes (SINMAP manual, Table 1): 1 stable (SI > 1.5), 2 moderately stable (1.25–1.5),
//! 3 quasi-stable (1–1.25), 4 lower threshold (0.5–1), 5 upper threshold (0–0.5), 6 defended
//! (SI = 0). The codes match [`crate::StabilityClass`].

use crate::stability::{StabilityClass, G};
use crate::{Error, Result};
use hazsim_grid::{FlowRouting, Raster, Terrain};
use ndarray::Array2;
use rayon::prelude::*;

/// Midpoints of the `x = R/T` quadrature.
const X_POINTS: usize = 64;

/// Parameter ranges of the SINMAP index (uniform over the grid, like one SINMAP calibration
/// region).
///
/// ```
/// use hazsim_debris::SinmapRanges;
/// let r = SinmapRanges::default();
/// assert!(r.recharge_over_t.0 <= r.recharge_over_t.1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SinmapRanges {
    /// `[x₁, x₂]` of `x = R/T` (m⁻¹), `0 ≤ x₁ ≤ x₂`.
    pub recharge_over_t: (f64, f64),
    /// `[C₁, C₂]` of the dimensionless cohesion `(C_r + C_s)/(h ρ_s g)`, `0 ≤ C₁ ≤ C₂`.
    pub cohesion: (f64, f64),
    /// `[φ₁, φ₂]` of the friction angle (degrees), `0 < φ₁ ≤ φ₂ < 90`.
    pub friction_angle: (f64, f64),
    /// Wet soil density `ρ_s` (kg/m³), > 0.
    pub soil_density: f64,
    /// Density of water `ρ_w` (kg/m³), > 0.
    pub water_density: f64,
    /// Flow routing for the specific catchment area.
    pub routing: FlowRouting,
}

impl Default for SinmapRanges {
    /// The SINMAP manual's default calibration: `T/R` 2000–3000 m, `C` 0–0.25, `φ` 30°–45°,
    /// `ρ_s` = 2000 kg/m³.
    fn default() -> Self {
        SinmapRanges {
            recharge_over_t: (1.0 / 3000.0, 1.0 / 2000.0),
            cohesion: (0.0, 0.25),
            friction_angle: (30.0, 45.0),
            soil_density: 2000.0,
            water_density: 1000.0,
            routing: FlowRouting::D8,
        }
    }
}

impl SinmapRanges {
    /// Dimensionless cohesion `C = (C_r + C_s) / (h ρ_s g)` from Pa, metres and kg/m³.
    ///
    /// ```
    /// use hazsim_debris::SinmapRanges;
    /// assert!((SinmapRanges::dimensionless_cohesion(9810.0, 1.0, 1000.0) - 1.0).abs() < 1e-12);
    /// ```
    pub fn dimensionless_cohesion(cohesion_pa: f64, depth_m: f64, soil_density: f64) -> f64 {
        cohesion_pa / (depth_m * soil_density * G)
    }

    fn check(&self) -> Result<()> {
        let ordered = |(a, b): (f64, f64)| a.is_finite() && b.is_finite() && a >= 0.0 && a <= b;
        if !ordered(self.recharge_over_t) {
            return Err(Error::param(
                "recharge_over_t",
                format!("{:?}", self.recharge_over_t),
                "a range (x1, x2) of R/T in 1/m with 0 ≤ x1 ≤ x2, e.g. (1/3000, 1/2000)",
            ));
        }
        if !ordered(self.cohesion) {
            return Err(Error::param(
                "cohesion",
                format!("{:?}", self.cohesion),
                "a range (C1, C2) of dimensionless cohesion with 0 ≤ C1 ≤ C2, e.g. (0, 0.25)",
            ));
        }
        let (p1, p2) = self.friction_angle;
        if !(p1.is_finite() && p2.is_finite() && p1 > 0.0 && p1 <= p2 && p2 < 90.0) {
            return Err(Error::param(
                "friction_angle",
                format!("{:?}", self.friction_angle),
                "a range (φ1, φ2) in degrees with 0 < φ1 ≤ φ2 < 90, e.g. (30, 45)",
            ));
        }
        for (n, v) in [
            ("soil_density", self.soil_density),
            ("water_density", self.water_density),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::param(n, v, "a density > 0 kg/m³"));
            }
        }
        Ok(())
    }
}

/// Outputs of [`sinmap_index`].
///
/// ```
/// use hazsim_debris::{sinmap_index, SinmapRanges};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// let t = Terrain::new(Raster::new(ndarray::Array2::zeros((3, 3)), GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32616))).unwrap();
/// let s = sinmap_index(&t, &SinmapRanges::default()).unwrap();
/// assert!(s.index.data.iter().all(|v| v.is_infinite())); // flat ground never fails
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sinmap {
    /// Stability index SI (–): FS_min where ≥ 1, else the probability of FS ≥ 1.
    pub index: Raster<f32>,
    /// FS with the weakest, wettest parameters.
    pub fs_min: Raster<f32>,
    /// FS with the strongest, driest parameters.
    pub fs_max: Raster<f32>,
    /// [`StabilityClass`] codes 1..=6 from SI.
    pub class: Raster<u8>,
}

/// Antiderivative of `clamp(u, 0, 1)`.
fn clamp_integral(u: f64) -> f64 {
    if u <= 0.0 {
        0.0
    } else if u < 1.0 {
        0.5 * u * u
    } else {
        u - 0.5
    }
}

/// `P(C + k·t ≥ s)` for `C ~ U[c1, c2]`, `t ~ U[t1, t2]` (independent).
///
/// ```
/// use hazsim_debris::sinmap::prob_stable;
/// // Fixed t = 1, k = 1: P(C ≥ 0.25) for C ~ U[0, 1] = 0.75.
/// assert!((prob_stable(0.0, 1.0, 1.0, 1.0, 1.0, 1.25) - 0.75).abs() < 1e-12);
/// ```
pub fn prob_stable(c1: f64, c2: f64, t1: f64, t2: f64, k: f64, s: f64) -> f64 {
    let dc = c2 - c1;
    let dt = t2 - t1;
    // Fraction of C values above the line at a given t: F(t) = P(C ≥ s − k t).
    let f_at = |t: f64| -> f64 {
        let need = s - k * t;
        if dc <= 0.0 {
            (c1 >= need) as u8 as f64
        } else {
            ((c2 - need) / dc).clamp(0.0, 1.0)
        }
    };
    if dt <= 0.0 {
        return f_at(t1);
    }
    if dc <= 0.0 {
        // Step in t: C₁ + k t ≥ s.
        if k == 0.0 {
            return f_at(t1);
        }
        let t_star = (s - c1) / k;
        let frac = if k > 0.0 {
            (t2 - t_star.clamp(t1, t2)) / dt
        } else {
            (t_star.clamp(t1, t2) - t1) / dt
        };
        return frac.clamp(0.0, 1.0);
    }
    // F(t) = clamp(α + β t) with α = (c2 − s)/dc, β = k/dc; average over [t1, t2].
    let (alpha, beta) = ((c2 - s) / dc, k / dc);
    if beta.abs() < 1e-300 {
        return alpha.clamp(0.0, 1.0);
    }
    let avg = (clamp_integral(alpha + beta * t2) - clamp_integral(alpha + beta * t1)) / (beta * dt);
    avg.clamp(0.0, 1.0)
}

/// SINMAP index of one cell: slope `theta` (radians), specific catchment area `a` (m).
/// Returns `(SI, FS_min, FS_max)`.
///
/// ```
/// use hazsim_debris::{sinmap::cell_index, SinmapRanges};
/// let r = SinmapRanges { recharge_over_t: (0.0, 0.0), cohesion: (0.0, 0.0),
///     friction_angle: (35.0, 35.0), ..Default::default() };
/// // Degenerate ranges: SI = FS = tan 35° / tan 20° = 1.924 (dry, cohesionless).
/// let (si, lo, hi) = cell_index(20f64.to_radians(), 50.0, &r);
/// assert!((si - 35f64.to_radians().tan() / 20f64.to_radians().tan()).abs() < 1e-12);
/// assert_eq!(lo, hi);
/// ```
pub fn cell_index(theta: f64, a: f64, ranges: &SinmapRanges) -> (f64, f64, f64) {
    let s = theta.sin();
    if s <= 0.0 {
        return (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    }
    let co = theta.cos();
    let r = ranges.water_density / ranges.soil_density;
    let (x1, x2) = ranges.recharge_over_t;
    let (c1, c2) = ranges.cohesion;
    let t1 = ranges.friction_angle.0.to_radians().tan();
    let t2 = ranges.friction_angle.1.to_radians().tan();
    // w = min(x a / sin θ, 1) (Pack et al. 1998).
    let wet = |x: f64| (x * a / s).min(1.0);
    let fs = |c: f64, w: f64, t: f64| (c + co * (1.0 - w * r) * t) / s;
    let fs_min = fs(c1, wet(x2), t1);
    let fs_max = fs(c2, wet(x1), t2);
    let si = if fs_min >= 1.0 {
        fs_min
    } else if fs_max < 1.0 {
        0.0
    } else {
        let n = if x2 > x1 { X_POINTS } else { 1 };
        let dx = (x2 - x1) / n as f64;
        let sum: f64 = (0..n)
            .map(|i| {
                let x = x1 + (i as f64 + 0.5) * dx;
                prob_stable(c1, c2, t1, t2, co * (1.0 - wet(x) * r), s)
            })
            .sum();
        sum / n as f64
    };
    (si, fs_min, fs_max)
}

/// The SINMAP class of a stability index.
///
/// ```
/// use hazsim_debris::{sinmap::class_of, StabilityClass};
/// assert_eq!(class_of(0.0), StabilityClass::Defended);
/// assert_eq!(class_of(0.7), StabilityClass::LowerThreshold);
/// ```
pub fn class_of(si: f64) -> StabilityClass {
    if si > 1.5 {
        StabilityClass::Stable
    } else if si > 1.25 {
        StabilityClass::ModeratelyStable
    } else if si >= 1.0 {
        StabilityClass::QuasiStable
    } else if si >= 0.5 {
        StabilityClass::LowerThreshold
    } else if si > 0.0 {
        StabilityClass::UpperThreshold
    } else {
        StabilityClass::Defended
    }
}

/// SINMAP stability index and classes on every cell of `terrain`.
///
/// Slope is Horn's (1981) on the DEM; `a` uses `ranges.routing` on the filled DEM.
pub fn sinmap_index(terrain: &Terrain, ranges: &SinmapRanges) -> Result<Sinmap> {
    ranges.check()?;
    let a = terrain
        .specific_catchment_area(ranges.routing)
        .map_err(|e| Error::grid("routing", e))?;
    let slope = terrain.slope();
    let (rows, cols) = terrain.shape();
    let cells: Vec<(f64, f64, f64)> = (0..rows * cols)
        .into_par_iter()
        .map(|i| {
            let (r, c) = (i / cols, i % cols);
            cell_index(
                (slope.data[[r, c]] as f64).to_radians(),
                a.data[[r, c]],
                ranges,
            )
        })
        .collect();
    let dem = terrain.dem();
    let grid = |f: &dyn Fn(&(f64, f64, f64)) -> f32| {
        dem.like(
            Array2::from_shape_vec((rows, cols), cells.iter().map(f).collect()).expect("shape"),
        )
    };
    let class = dem.like(
        Array2::from_shape_vec(
            (rows, cols),
            cells.iter().map(|c| class_of(c.0) as u8).collect(),
        )
        .expect("shape"),
    );
    Ok(Sinmap {
        index: grid(&|c| c.0 as f32),
        fs_min: grid(&|c| c.1 as f32),
        fs_max: grid(&|c| c.2 as f32),
        class,
    })
}
