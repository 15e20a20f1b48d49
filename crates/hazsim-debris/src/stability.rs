//! Shallow-landslide stability of an infinite slope with steady-state wetness: SINMAP's factor
//! of safety (Pack, Tarboton & Goodwin 1998) and SHALSTAB's critical steady rainfall
//! (Montgomery & Dietrich 1994).
//!
//! **Factor of safety** (Pack et al. 1998, SINMAP manual eq. 1–3, dimensionless form):
//!
//! `FS = [C + cos θ · (1 − w·r) · tan φ] / sin θ`, with `C = (C_r + C_s) / (h·ρ_s·g)`,
//! `r = ρ_w / ρ_s`,
//!
//! where `θ` is the slope angle, `h` the soil thickness measured perpendicular to the slope (m),
//! `C_r`, `C_s` root and soil cohesion (Pa), `ρ_s` the wet soil density and `ρ_w` the density of
//! water (kg/m³), `φ` the internal friction angle and `w` the relative wetness.
//!
//! **Wetness** (TOPMODEL steady state, Beven & Kirkby 1979, as used by SINMAP):
//! `w = min(R·a / (T·sin θ), 1)` with steady recharge `R` (m/s), soil transmissivity `T` (m²/s)
//! and specific catchment area `a = A / b` (m): upslope area over contour width, from D8 or MFD
//! accumulation × cell area / cell width.
//!
//! **Critical steady rainfall** (SHALSTAB, Montgomery & Dietrich 1994, eq. 6 with the cohesion
//! term of Montgomery et al. 1998): set `FS = 1` and solve for `w`:
//!
//! `w_c = (ρ_s/ρ_w) · [1 − tan θ / tan φ + C / (cos θ · tan φ)]`, then
//! `q_c = w_c · T · sin θ / a`.
//!
//! `w_c ≥ 1`: stable even when saturated, `q_c = +∞` ([`ShalstabClass::UnconditionallyStable`]);
//! `w_c < 0`: unstable even when dry, `q_c = NaN` (no rainfall threshold exists,
//! [`ShalstabClass::UnconditionallyUnstable`]); otherwise `q_c` is finite
//! ([`ShalstabClass::Conditional`]). Flat cells (`θ = 0`) have `FS = +∞` and count as
//! unconditionally stable.
//!
//! **Stability classes.** SINMAP classifies a stability index (SI) computed from parameter
//! *ranges*: `SI = FS_min` where that is ≥ 1, the probability of stability where FS straddles 1,
//! and 0 where `FS_max < 1`. hazsim takes single values (or rasters), so SI reduces to the
//! deterministic FS and the SINMAP names are used with these documented breakpoints:
//!
//! | code | class | rule |
//! |---|---|---|
//! | 1 | stable | FS ≥ 1.5 |
//! | 2 | moderately stable | 1.25 ≤ FS < 1.5 |
//! | 3 | quasi-stable | 1 ≤ FS < 1.25 |
//! | 4 | lower threshold | 0.5 ≤ FS < 1, but stable when dry |
//! | 5 | upper threshold | FS < 0.5, but stable when dry |
//! | 6 | defended | unstable even when dry (`w = 0`): holds only through forces not modelled |
//!
//! For SINMAP's own index from parameter *ranges*, with the probability classes, see
//! [`crate::sinmap`].

use crate::field::{check, Field};
use crate::{Error, Result};
use hazsim_grid::{FlowRouting, Raster, Terrain};
use ndarray::Array2;
use rayon::prelude::*;

/// Gravitational acceleration (m/s²).
///
/// ```
/// assert_eq!(hazsim_debris::stability::G, 9.81);
/// ```
pub const G: f64 = hazsim_grid::constants::G;

/// Soil and hydrology parameters of the infinite-slope model; each a value or a raster.
///
/// ```
/// use hazsim_debris::SoilParams;
/// let p = SoilParams::default();
/// assert_eq!(p.water_density, 1000.0);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SoilParams {
    /// Soil thickness perpendicular to the slope `h` (m), > 0.
    pub soil_depth: Field,
    /// Root cohesion `C_r` (Pa), ≥ 0.
    pub root_cohesion: Field,
    /// Soil cohesion `C_s` (Pa), ≥ 0.
    pub soil_cohesion: Field,
    /// Internal friction angle `φ` (degrees), in (0, 90).
    pub friction_angle: Field,
    /// Wet soil density `ρ_s` (kg/m³), > 0.
    pub soil_density: Field,
    /// Soil transmissivity `T` (m²/s), > 0.
    pub transmissivity: Field,
    /// Density of water `ρ_w` (kg/m³), > 0; 1000 by default.
    pub water_density: f64,
    /// Flow routing for the specific catchment area.
    pub routing: FlowRouting,
}

impl Default for SoilParams {
    /// A 1 m cohesionless sandy colluvium: `φ = 35°`, `ρ_s = 2000 kg/m³`,
    /// `T = 1e-4 m²/s` (≈ 8.6 m²/day), D8 routing.
    fn default() -> Self {
        SoilParams {
            soil_depth: Field::Uniform(1.0),
            root_cohesion: Field::Uniform(0.0),
            soil_cohesion: Field::Uniform(0.0),
            friction_angle: Field::Uniform(35.0),
            soil_density: Field::Uniform(2000.0),
            transmissivity: Field::Uniform(1e-4),
            water_density: 1000.0,
            routing: FlowRouting::D8,
        }
    }
}

/// SINMAP stability class codes (see the module table).
///
/// ```
/// use hazsim_debris::StabilityClass;
/// assert_eq!(StabilityClass::Defended as u8, 6);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum StabilityClass {
    /// FS ≥ 1.5.
    Stable = 1,
    /// 1.25 ≤ FS < 1.5.
    ModeratelyStable = 2,
    /// 1 ≤ FS < 1.25.
    QuasiStable = 3,
    /// 0.5 ≤ FS < 1, stable when dry.
    LowerThreshold = 4,
    /// FS < 0.5, stable when dry.
    UpperThreshold = 5,
    /// Unstable even when dry.
    Defended = 6,
}

/// SHALSTAB class codes of the critical rainfall.
///
/// ```
/// use hazsim_debris::ShalstabClass;
/// assert_eq!(ShalstabClass::Conditional as u8, 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ShalstabClass {
    /// Stable even when saturated; `q_c = +∞`.
    UnconditionallyStable = 1,
    /// Fails above a finite steady rainfall `q_c`.
    Conditional = 2,
    /// Unstable even when dry; `q_c = NaN`.
    UnconditionallyUnstable = 3,
}

/// Outputs of [`infinite_slope`], all on the DEM's grid.
///
/// ```
/// use hazsim_debris::{infinite_slope, SoilParams, StabilityClass};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// let t = Terrain::new(Raster::new(ndarray::Array2::zeros((3, 3)), GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32616))).unwrap();
/// let s = infinite_slope(&t, &SoilParams::default(), 1e-6).unwrap();
/// assert!(s.factor_of_safety.data.iter().all(|v| v.is_infinite())); // flat: never fails
/// assert_eq!(s.class.data[[1, 1]], StabilityClass::Stable as u8);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// Factor of safety at the given recharge (–); `+∞` on flat cells.
    pub factor_of_safety: Raster<f32>,
    /// Relative wetness `w` in 0..=1 (–).
    pub wetness: Raster<f32>,
    /// Specific catchment area `a` (m).
    pub specific_area: Raster<f32>,
    /// [`StabilityClass`] codes 1..=6.
    pub class: Raster<u8>,
    /// Critical steady rainfall `q_c` (m/s); `+∞` unconditionally stable, NaN unconditionally
    /// unstable.
    pub critical_rainfall: Raster<f32>,
    /// [`ShalstabClass`] codes 1..=3.
    pub shalstab_class: Raster<u8>,
}

/// One cell's infinite-slope quantities, from the symbols of the module docs.
///
/// ```
/// use hazsim_debris::stability::cell_stability;
/// let s = cell_stability(0.0, 10.0, 1e-6, 1.0, 0.0, 35.0, 2000.0, 1e-4, 1000.0);
/// assert!(s.fs.is_infinite() && s.critical_rainfall.is_infinite());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellStability {
    /// Factor of safety.
    pub fs: f64,
    /// Relative wetness.
    pub wetness: f64,
    /// Critical steady rainfall (m/s).
    pub critical_rainfall: f64,
    /// Stability class.
    pub class: StabilityClass,
    /// SHALSTAB class.
    pub shalstab: ShalstabClass,
}

/// The factor of safety for slope `theta` (radians), dimensionless cohesion `c`, wetness `w`,
/// density ratio `r = ρ_w/ρ_s` and `tan φ` (Pack et al. 1998).
///
/// ```
/// use hazsim_debris::stability::factor_of_safety;
/// // Dry cohesionless slope: FS = tan φ / tan θ.
/// let (t, p) = (30f64.to_radians(), 35f64.to_radians());
/// assert!((factor_of_safety(t, 0.0, 0.0, 0.5, p.tan()) - p.tan() / t.tan()).abs() < 1e-12);
/// ```
pub fn factor_of_safety(theta: f64, c: f64, w: f64, r: f64, tan_phi: f64) -> f64 {
    let s = theta.sin();
    if s <= 0.0 {
        return f64::INFINITY;
    }
    (c + theta.cos() * (1.0 - w * r) * tan_phi) / s
}

/// All infinite-slope quantities of one cell: slope `theta` (radians), specific catchment area
/// `a` (m), recharge `recharge` (m/s), and the soil parameters (SI units, `phi` in degrees).
///
/// ```
/// use hazsim_debris::stability::{cell_stability, ShalstabClass};
/// let s = cell_stability(30f64.to_radians(), 100.0, 1e-7, 1.0, 2000.0, 35.0, 2000.0, 1e-4, 1000.0);
/// assert_eq!(s.shalstab, ShalstabClass::Conditional);
/// ```
#[allow(clippy::too_many_arguments)]
pub fn cell_stability(
    theta: f64,
    a: f64,
    recharge: f64,
    depth: f64,
    cohesion: f64,
    phi_deg: f64,
    rho_s: f64,
    transmissivity: f64,
    rho_w: f64,
) -> CellStability {
    let tan_phi = phi_deg.to_radians().tan();
    let r = rho_w / rho_s;
    // Dimensionless cohesion C = (C_r + C_s) / (h ρ_s g) (Pack et al. 1998).
    let c = cohesion / (depth * rho_s * G);
    let (s, co) = (theta.sin(), theta.cos());
    if s <= 0.0 {
        return CellStability {
            fs: f64::INFINITY,
            wetness: 1.0,
            critical_rainfall: f64::INFINITY,
            class: StabilityClass::Stable,
            shalstab: ShalstabClass::UnconditionallyStable,
        };
    }
    // w = min(R a / (T sin θ), 1) (Beven & Kirkby 1979; Pack et al. 1998).
    let w = (recharge * a / (transmissivity * s)).min(1.0);
    let fs = factor_of_safety(theta, c, w, r, tan_phi);
    let fs_dry = factor_of_safety(theta, c, 0.0, r, tan_phi);
    // FS = 1 ⇔ w_c = (ρ_s/ρ_w)[1 − tan θ / tan φ + C / (cos θ tan φ)] (Montgomery & Dietrich 1994).
    let wc = (1.0 / r) * (1.0 - (s / co) / tan_phi + c / (co * tan_phi));
    let (qc, shalstab) = if wc >= 1.0 {
        (f64::INFINITY, ShalstabClass::UnconditionallyStable)
    } else if wc < 0.0 {
        (f64::NAN, ShalstabClass::UnconditionallyUnstable)
    } else {
        (wc * transmissivity * s / a, ShalstabClass::Conditional)
    };
    let class = if fs_dry < 1.0 {
        StabilityClass::Defended
    } else if fs >= 1.5 {
        StabilityClass::Stable
    } else if fs >= 1.25 {
        StabilityClass::ModeratelyStable
    } else if fs >= 1.0 {
        StabilityClass::QuasiStable
    } else if fs >= 0.5 {
        StabilityClass::LowerThreshold
    } else {
        StabilityClass::UpperThreshold
    };
    CellStability {
        fs,
        wetness: w,
        critical_rainfall: qc,
        class,
        shalstab,
    }
}

/// Factor of safety, wetness, SINMAP classes and SHALSTAB critical rainfall on every cell of
/// `terrain` for a steady recharge `recharge` (m/s, ≥ 0).
///
/// Slope is Horn's (1981) on the DEM; the specific catchment area uses `params.routing` on the
/// filled DEM. Errors name a negative or out-of-range parameter, or a parameter raster on
/// another grid.
///
/// ```
/// use hazsim_debris::{infinite_slope, SoilParams};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
/// // A 30° plane dipping south, dry: FS = tan 35° / tan 30° = 1.213 everywhere.
/// let z = Array2::from_shape_fn((6, 4), |(r, _)| 100.0 - r as f32 * 10.0 * 30f32.to_radians().tan());
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 60.0, 10.0), Crs::epsg(32616))).unwrap();
/// let s = infinite_slope(&t, &SoilParams::default(), 0.0).unwrap();
/// assert!((s.factor_of_safety.data[[3, 2]] - 1.2128).abs() < 1e-3);
/// ```
pub fn infinite_slope(terrain: &Terrain, params: &SoilParams, recharge: f64) -> Result<Stability> {
    if !(recharge.is_finite() && recharge >= 0.0) {
        return Err(Error::param(
            "recharge",
            recharge,
            "a steady rainfall recharge ≥ 0 in m/s (e.g. 50 mm/day = 5.8e-7 m/s)",
        ));
    }
    let dem = terrain.dem();
    let pos = |v: f64| v.is_finite() && v > 0.0;
    let nonneg = |v: f64| v.is_finite() && v >= 0.0;
    let depth = check(
        &params.soil_depth,
        "soil_depth",
        dem,
        pos,
        "a soil thickness > 0 m (measured perpendicular to the slope)",
    )?;
    let cr = check(
        &params.root_cohesion,
        "root_cohesion",
        dem,
        nonneg,
        "a root cohesion ≥ 0 Pa (0 for bare soil, 1e3–2e4 under forest)",
    )?;
    let cs = check(
        &params.soil_cohesion,
        "soil_cohesion",
        dem,
        nonneg,
        "a soil cohesion ≥ 0 Pa",
    )?;
    let phi = check(
        &params.friction_angle,
        "friction_angle",
        dem,
        |v| v.is_finite() && v > 0.0 && v < 90.0,
        "degrees in (0, 90), e.g. 30–40 for colluvium",
    )?;
    let rho = check(
        &params.soil_density,
        "soil_density",
        dem,
        pos,
        "a wet soil density > 0 kg/m³ (typically 1600–2200)",
    )?;
    let tr = check(
        &params.transmissivity,
        "transmissivity",
        dem,
        pos,
        "a soil transmissivity > 0 m²/s (e.g. 1e-5 to 1e-3)",
    )?;
    if !pos(params.water_density) {
        return Err(Error::param(
            "water_density",
            params.water_density,
            "a density > 0 kg/m³ (1000 for water)",
        ));
    }
    let a = terrain
        .specific_catchment_area(params.routing)
        .map_err(|e| Error::grid("routing", e))?;
    let slope = terrain.slope();
    let (rows, cols) = terrain.shape();
    let rho_w = params.water_density;
    let cells: Vec<CellStability> = (0..rows * cols)
        .into_par_iter()
        .map(|i| {
            let (r, c) = (i / cols, i % cols);
            cell_stability(
                (slope.data[[r, c]] as f64).to_radians(),
                a.data[[r, c]],
                recharge,
                depth.at(r, c),
                cr.at(r, c) + cs.at(r, c),
                phi.at(r, c),
                rho.at(r, c),
                tr.at(r, c),
                rho_w,
            )
        })
        .collect();
    let grid = |f: &dyn Fn(&CellStability) -> f32| -> Raster<f32> {
        dem.like(
            Array2::from_shape_vec((rows, cols), cells.iter().map(f).collect()).expect("shape"),
        )
    };
    let codes = |f: &dyn Fn(&CellStability) -> u8| -> Raster<u8> {
        dem.like(
            Array2::from_shape_vec((rows, cols), cells.iter().map(f).collect()).expect("shape"),
        )
    };
    Ok(Stability {
        factor_of_safety: grid(&|s| s.fs as f32),
        wetness: grid(&|s| s.wetness as f32),
        specific_area: dem.like(a.data.mapv(|v| v as f32)),
        class: codes(&|s| s.class as u8),
        critical_rainfall: grid(&|s| s.critical_rainfall as f32),
        shalstab_class: codes(&|s| s.shalstab as u8),
    })
}
