//! Post-fire debris-flow likelihood: the M1 logistic model of Staley et al. (2017,
//! *Geomorphology* 278:149–162, "Prediction of spatially explicit rainfall intensity–duration
//! thresholds for post-fire debris-flow generation in the western United States").
//!
//! `x = β + C₁·T·R + C₂·F·R + C₃·S·R`, `P = eˣ / (1 + eˣ)` (Staley et al. 2017, eq. 1–2),
//!
//! per catchment, with
//! - `T`: proportion of the upslope area burned at moderate or high severity **and** with a
//!   slope ≥ 23°;
//! - `F`: mean dNBR / 1000;
//! - `S`: mean soil KF-factor (erodibility, –);
//! - `R`: peak rainfall *accumulation* (mm) within the 15-, 30- or 60-minute duration (the
//!   model's calibration unit, not SI; divide by the duration for an intensity).
//!
//! M1 coefficients (Staley et al. 2017, Table; the same values are listed by the USGS
//! post-fire debris-flow hazard background page, 2016 onwards, for 15 min, and by the USGS
//! `pfdf` library's `staley2017.M1` for all three durations):
//!
//! | duration | β | C₁ | C₂ | C₃ |
//! |---|---|---|---|---|
//! | 15 min | −3.63 | 0.41 | 0.67 | 0.70 |
//! | 30 min | −3.61 | 0.26 | 0.39 | 0.50 |
//! | 60 min | −3.21 | 0.17 | 0.20 | 0.22 |
//!
//! The rainfall threshold for a chosen likelihood `P` inverts the model:
//! `R = [ln(P/(1−P)) − β] / (C₁T + C₂F + C₃S)`. Where the denominator is 0 (nothing burned,
//! no erodible soil) or `R` would be negative, it is NaN: no rainfall reaches (or every rainfall
//! exceeds) that likelihood.
//!
//! **Burn severity.** Either a dNBR raster (moderate/high where dNBR ≥ 270, the lower bound of
//! "moderate-low" severity in Key & Benson 2006, adjustable), or — a documented simplification
//! for simulated fires — a fire arrival-time raster: burned = finite arrival time; moderate/high
//! = burned with fireline intensity ≥ 346 kW/m (100 BTU/ft/s, the hand-crew control limit of
//! Andrews & Rothermel 1982) when an intensity raster is given, else every burned cell; the dNBR
//! of burned cells is then taken as the midpoint of Key & Benson's class ranges: 185 for low
//! severity (100–269), 465 for moderate/high (270–660), 0 unburned. Intensity is not burn
//! severity (which depends on residence time and soil heating); treat this as a screening proxy.
//!
//! Catchments come either as pour points (each takes its *whole* D8 upslope area, nested ones
//! included, computed by weighted D8 accumulation) or as a label raster (e.g. from
//! [`hazsim_grid::catchment_labels`]; label 0 is ignored).
//! [`staley_m1_map`] evaluates every cell of the drainage network (upslope area above a
//! threshold) as the outlet of its own upslope area, as the USGS assessments do along streams.

use crate::field::{check, Field};
use crate::{Error, Result};
use hazsim_grid::{d8_accumulation, Raster, Terrain};
use std::collections::BTreeMap;

/// The slope angle (degrees) from which burned ground counts towards `T` in M1.
///
/// ```
/// assert_eq!(hazsim_debris::staley::M1_SLOPE_DEG, 23.0);
/// ```
pub const M1_SLOPE_DEG: f64 = 23.0;

/// Peak-rainfall durations calibrated in Staley et al. (2017).
///
/// ```
/// use hazsim_debris::{M1, RainDuration};
/// assert_eq!(M1::for_duration(RainDuration::Min60).b, -3.21);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RainDuration {
    /// 15 minutes.
    Min15,
    /// 30 minutes.
    Min30,
    /// 60 minutes.
    Min60,
}

impl RainDuration {
    /// From minutes; only 15, 30 and 60 were calibrated.
    ///
    /// ```
    /// use hazsim_debris::RainDuration;
    /// assert_eq!(RainDuration::from_minutes(30).unwrap(), RainDuration::Min30);
    /// assert!(RainDuration::from_minutes(45).unwrap_err().to_string().contains("15, 30 or 60"));
    /// ```
    pub fn from_minutes(minutes: u32) -> Result<Self> {
        match minutes {
            15 => Ok(RainDuration::Min15),
            30 => Ok(RainDuration::Min30),
            60 => Ok(RainDuration::Min60),
            m => Err(Error::param(
                "duration",
                format!("{m} min"),
                "15, 30 or 60 minutes (the durations Staley et al. 2017 calibrated M1 for)",
            )),
        }
    }
}

/// Coefficients `β, C₁, C₂, C₃` of the M1 logistic model.
///
/// ```
/// use hazsim_debris::{M1, RainDuration};
/// let m = M1::for_duration(RainDuration::Min15);
/// assert_eq!((m.b, m.c1, m.c2, m.c3), (-3.63, 0.41, 0.67, 0.70));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct M1 {
    /// Intercept β.
    pub b: f64,
    /// Terrain coefficient C₁.
    pub c1: f64,
    /// Fire coefficient C₂.
    pub c2: f64,
    /// Soil coefficient C₃.
    pub c3: f64,
}

fn check_unit(name: &str, v: f64, expected: &str) -> Result<()> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(Error::param(name, v, expected))
    }
}

impl M1 {
    /// The published coefficients for a duration (Staley et al. 2017; see the module table).
    ///
    /// ```
    /// use hazsim_debris::{M1, RainDuration};
    /// let m = M1::for_duration(RainDuration::Min30);
    /// assert_eq!((m.b, m.c1, m.c2, m.c3), (-3.61, 0.26, 0.39, 0.50));
    /// ```
    pub fn for_duration(d: RainDuration) -> Self {
        let (b, c1, c2, c3) = match d {
            RainDuration::Min15 => (-3.63, 0.41, 0.67, 0.70),
            RainDuration::Min30 => (-3.61, 0.26, 0.39, 0.50),
            RainDuration::Min60 => (-3.21, 0.17, 0.20, 0.22),
        };
        M1 { b, c1, c2, c3 }
    }

    /// Likelihood `P` for terrain `t`, fire `f`, soil `s` and rainfall accumulation `r_mm`.
    ///
    /// ```
    /// use hazsim_debris::{M1, RainDuration};
    /// let m = M1::for_duration(RainDuration::Min15);
    /// // With no rain, P = e^β / (1 + e^β).
    /// let p0 = (-3.63f64).exp() / (1.0 + (-3.63f64).exp());
    /// assert!((m.likelihood(0.5, 0.3, 0.25, 0.0).unwrap() - p0).abs() < 1e-12);
    /// ```
    pub fn likelihood(&self, t: f64, f: f64, s: f64, r_mm: f64) -> Result<f64> {
        self.check_vars(t, f, s)?;
        check_unit(
            "rainfall",
            r_mm,
            "a peak rainfall accumulation ≥ 0 mm within the duration",
        )?;
        // x = β + C₁TR + C₂FR + C₃SR; P = eˣ/(1+eˣ) (Staley et al. 2017).
        let x = self.b + (self.c1 * t + self.c2 * f + self.c3 * s) * r_mm;
        Ok(1.0 / (1.0 + (-x).exp()))
    }

    /// Rainfall accumulation (mm) at which the likelihood reaches `p` in (0, 1); NaN where no
    /// positive rainfall does (see the module docs).
    ///
    /// ```
    /// use hazsim_debris::{M1, RainDuration};
    /// let m = M1::for_duration(RainDuration::Min15);
    /// let r = m.rainfall_threshold(0.5, 0.3, 0.25, 0.5).unwrap();
    /// assert!((m.likelihood(0.5, 0.3, 0.25, r).unwrap() - 0.5).abs() < 1e-12);
    /// assert!(m.rainfall_threshold(0.5, 0.3, 0.25, 1.0).is_err());
    /// ```
    pub fn rainfall_threshold(&self, t: f64, f: f64, s: f64, p: f64) -> Result<f64> {
        self.check_vars(t, f, s)?;
        if !(p > 0.0 && p < 1.0) {
            return Err(Error::param(
                "probability",
                p,
                "a likelihood strictly between 0 and 1, e.g. 0.5",
            ));
        }
        // R = [ln(P/(1−P)) − β] / (C₁T + C₂F + C₃S) (Staley et al. 2017).
        let den = self.c1 * t + self.c2 * f + self.c3 * s;
        let r = ((p / (1.0 - p)).ln() - self.b) / den;
        Ok(if den > 0.0 && r >= 0.0 { r } else { f64::NAN })
    }

    fn check_vars(&self, t: f64, f: f64, s: f64) -> Result<()> {
        for (n, v) in [
            ("b", self.b),
            ("c1", self.c1),
            ("c2", self.c2),
            ("c3", self.c3),
        ] {
            if !v.is_finite() {
                return Err(Error::param(n, v, "a finite M1 coefficient"));
            }
        }
        if !(t.is_finite() && (0.0..=1.0).contains(&t)) {
            return Err(Error::param(
                "T",
                t,
                "a proportion of the catchment in [0, 1]",
            ));
        }
        check_unit("F", f, "a mean dNBR / 1000 ≥ 0")?;
        check_unit("S", s, "a mean KF-factor ≥ 0 (typically 0.02–0.6)")
    }
}

/// Burn severity input of [`staley_m1`].
///
/// ```
/// use hazsim_debris::BurnSeverity;
/// use hazsim_grid::{Raster, GeoTransform, Crs};
/// let t = Raster::new(ndarray::array![[0f32, f32::NAN]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
/// let s = BurnSeverity::fire_arrival(t, None);
/// assert!(matches!(s, BurnSeverity::FireArrival { moderate_high_intensity, .. } if moderate_high_intensity == 346.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum BurnSeverity {
    /// A dNBR raster (×1000 scale, as usual); NaN/nodata cells count as unburned (dNBR 0).
    Dnbr {
        /// dNBR per cell.
        dnbr: Raster<f32>,
        /// dNBR from which a cell is moderate/high severity; 270 in [`BurnSeverity::dnbr`].
        moderate_high_min: f64,
    },
    /// A simulated fire (see the module docs for the mapping to severity and dNBR).
    FireArrival {
        /// Arrival time; finite = burned, NaN/±∞/nodata = unburned.
        arrival_time: Raster<f32>,
        /// Optional fireline intensity (kW/m) on the same grid.
        intensity: Option<Raster<f32>>,
        /// Intensity from which a burned cell is moderate/high (kW/m); 346 by default.
        moderate_high_intensity: f64,
    },
}

impl BurnSeverity {
    /// A dNBR input with the Key & Benson (2006) moderate threshold of 270.
    ///
    /// ```
    /// use hazsim_debris::BurnSeverity;
    /// use hazsim_grid::{Raster, GeoTransform, Crs};
    /// let r = Raster::new(ndarray::array![[0f32]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
    /// assert!(matches!(BurnSeverity::dnbr(r), BurnSeverity::Dnbr { moderate_high_min, .. } if moderate_high_min == 270.0));
    /// ```
    pub fn dnbr(dnbr: Raster<f32>) -> Self {
        BurnSeverity::Dnbr {
            dnbr,
            moderate_high_min: 270.0,
        }
    }

    /// A fire arrival-time input, with an optional intensity raster and the 346 kW/m default.
    ///
    /// ```
    /// use hazsim_debris::BurnSeverity;
    /// use hazsim_grid::{Raster, GeoTransform, Crs};
    /// let t = Raster::new(ndarray::array![[3600f32]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
    /// let i = t.map(|_| 500f32);
    /// assert!(matches!(BurnSeverity::fire_arrival(t, Some(i)), BurnSeverity::FireArrival { intensity: Some(_), .. }));
    /// ```
    pub fn fire_arrival(arrival_time: Raster<f32>, intensity: Option<Raster<f32>>) -> Self {
        BurnSeverity::FireArrival {
            arrival_time,
            intensity,
            moderate_high_intensity: 346.0,
        }
    }

    /// Per-cell (moderate/high?, dNBR) on the DEM's grid.
    fn per_cell(&self, dem: &Raster<f32>) -> Result<(Vec<bool>, Vec<f32>)> {
        match self {
            BurnSeverity::Dnbr {
                dnbr,
                moderate_high_min,
            } => {
                dem.check_same_grid(dnbr, "DEM", "dnbr")
                    .map_err(|e| Error::grid("dnbr", e))?;
                if !moderate_high_min.is_finite() {
                    return Err(Error::param(
                        "moderate_high_min",
                        moderate_high_min,
                        "a finite dNBR threshold, e.g. 270 (Key & Benson 2006)",
                    ));
                }
                let vals: Vec<f32> = dnbr
                    .data
                    .iter()
                    .map(|&v| {
                        if v.is_nan() || dnbr.is_nodata_value(v) {
                            0.0
                        } else {
                            v
                        }
                    })
                    .collect();
                let mh = vals
                    .iter()
                    .map(|&v| v as f64 >= *moderate_high_min)
                    .collect();
                Ok((mh, vals))
            }
            BurnSeverity::FireArrival {
                arrival_time,
                intensity,
                moderate_high_intensity,
            } => {
                dem.check_same_grid(arrival_time, "DEM", "arrival_time")
                    .map_err(|e| Error::grid("arrival_time", e))?;
                if !(moderate_high_intensity.is_finite() && *moderate_high_intensity >= 0.0) {
                    return Err(Error::param(
                        "moderate_high_intensity",
                        moderate_high_intensity,
                        "a fireline intensity ≥ 0 kW/m, e.g. 346",
                    ));
                }
                if let Some(i) = intensity {
                    dem.check_same_grid(i, "DEM", "intensity")
                        .map_err(|e| Error::grid("intensity", e))?;
                }
                let burned: Vec<bool> = arrival_time
                    .data
                    .iter()
                    .map(|&v| v.is_finite() && !arrival_time.is_nodata_value(v))
                    .collect();
                let mh: Vec<bool> = match intensity {
                    None => burned.clone(),
                    Some(i) => burned
                        .iter()
                        .zip(i.data.iter())
                        .map(|(&b, &v)| b && (v as f64) >= *moderate_high_intensity)
                        .collect(),
                };
                let vals = burned
                    .iter()
                    .zip(&mh)
                    .map(|(&b, &m)| match (b, m) {
                        (_, true) => 465.0,
                        (true, false) => 185.0,
                        _ => 0.0,
                    })
                    .collect();
                Ok((mh, vals))
            }
        }
    }
}

/// How catchments are given to [`staley_m1`].
///
/// ```
/// use hazsim_debris::Catchments;
/// let c = Catchments::PourPoints(vec![(10, 4)]);
/// assert!(matches!(c, Catchments::PourPoints(ref p) if p.len() == 1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Catchments {
    /// (row, col) outlets; each takes its whole D8 upslope area.
    PourPoints(Vec<(usize, usize)>),
    /// A label raster on the DEM's grid; label 0 (and the nodata value) is no catchment.
    Labels(Raster<u32>),
}

/// The M1 variables and results of one catchment (see [`staley_m1`] for a run).
///
/// ```
/// use hazsim_debris::CatchmentLikelihood;
/// let c = CatchmentLikelihood { label: 1, cells: 4, area: 400.0, terrain: 0.5, fire: 0.3,
///     soil: 0.25, likelihood: 0.9, rainfall_threshold: 6.25 };
/// assert_eq!(c.area / c.cells as f64, 100.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CatchmentLikelihood {
    /// The label (1-based index of the pour point, or the raster label).
    pub label: u32,
    /// Number of cells.
    pub cells: usize,
    /// Area (m²).
    pub area: f64,
    /// `T`: burned moderate/high on slopes ≥ 23° (proportion).
    pub terrain: f64,
    /// `F`: mean dNBR / 1000.
    pub fire: f64,
    /// `S`: mean KF-factor.
    pub soil: f64,
    /// Likelihood for the given rainfall.
    pub likelihood: f64,
    /// Rainfall accumulation (mm) for the given probability; NaN when none.
    pub rainfall_threshold: f64,
}

/// Options of [`staley_m1`].
///
/// ```
/// use hazsim_debris::{StaleyParams, M1, RainDuration};
/// let p = StaleyParams { model: M1::for_duration(RainDuration::Min60), rainfall: 25.0, probability: 0.5 };
/// assert_eq!(p.model.c3, 0.22);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaleyParams {
    /// Coefficients; [`M1::for_duration`] or user values.
    pub model: M1,
    /// Peak rainfall accumulation `R` within the duration (mm).
    pub rainfall: f64,
    /// Likelihood for the rainfall threshold, in (0, 1).
    pub probability: f64,
}

impl Default for StaleyParams {
    /// 15-minute M1, 10 mm, P = 0.5.
    fn default() -> Self {
        StaleyParams {
            model: M1::for_duration(RainDuration::Min15),
            rainfall: 10.0,
            probability: 0.5,
        }
    }
}

/// M1 likelihood and rainfall threshold per catchment.
///
/// `kf_factor` is the soil KF-factor (≥ 0). Errors name rasters on another grid, negative
/// values, a probability outside (0, 1), or pour points outside the grid.
///
/// ```
/// use hazsim_debris::{staley_m1, BurnSeverity, Catchments, StaleyParams};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
/// let z = Array2::from_shape_fn((4, 3), |(r, _)| 100.0 - r as f32 * 10.0);
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 40.0, 10.0), Crs::epsg(32616))).unwrap();
/// let dnbr = t.dem().map(|_| 500f32);
/// let out = staley_m1(&t, &BurnSeverity::dnbr(dnbr), &0.3.into(),
///     &Catchments::PourPoints(vec![(3, 1)]), &StaleyParams::default()).unwrap();
/// assert_eq!(out[0].cells, 4);
/// assert_eq!(out[0].terrain, 1.0); // 45° slopes, all moderate/high
/// ```
pub fn staley_m1(
    terrain: &Terrain,
    severity: &BurnSeverity,
    kf_factor: &Field,
    catchments: &Catchments,
    params: &StaleyParams,
) -> Result<Vec<CatchmentLikelihood>> {
    let dem = terrain.dem();
    let (rows, cols) = terrain.shape();
    let (t_w, dnbr, kf_w) = cell_weights(terrain, severity, kf_factor, params)?;
    let cell_area = terrain.cell_size().powi(2);
    // (label, cells, Σ T, Σ dNBR, Σ KF)
    let sums: Vec<(u32, f64, f64, f64, f64)> = match catchments {
        Catchments::PourPoints(pp) => {
            if pp.is_empty() {
                return Err(Error::param(
                    "pour points",
                    "an empty list",
                    "at least one (row, col) catchment outlet",
                ));
            }
            for &(r, c) in pp {
                if r >= rows || c >= cols {
                    return Err(hazsim_grid::Error::outside_cell(
                        "pour_points",
                        r,
                        c,
                        (rows, cols),
                    )
                    .into());
                }
            }
            let to_raster = |v: Vec<f32>| {
                dem.like(ndarray::Array2::from_shape_vec((rows, cols), v).expect("shape"))
            };
            let d8 = terrain.d8();
            let acc = |w: Option<&Raster<f32>>| {
                d8_accumulation(d8, w).map_err(|e| Error::grid("flow directions", e))
            };
            let count = acc(None)?;
            let at = acc(Some(&to_raster(t_w)))?;
            let ad = acc(Some(&to_raster(dnbr)))?;
            let ak = acc(Some(&to_raster(kf_w)))?;
            pp.iter()
                .enumerate()
                .map(|(k, &(r, c))| {
                    (
                        k as u32 + 1,
                        count.data[[r, c]],
                        at.data[[r, c]],
                        ad.data[[r, c]],
                        ak.data[[r, c]],
                    )
                })
                .collect()
        }
        Catchments::Labels(l) => {
            dem.check_same_grid(l, "DEM", "catchment labels")
                .map_err(|e| Error::grid("catchment labels", e))?;
            let mut m: BTreeMap<u32, (f64, f64, f64, f64)> = BTreeMap::new();
            for (i, &lab) in l.data.iter().enumerate() {
                if lab == 0 || l.is_nodata_value(lab) {
                    continue;
                }
                let e = m.entry(lab).or_default();
                e.0 += 1.0;
                e.1 += t_w[i] as f64;
                e.2 += dnbr[i] as f64;
                e.3 += kf_w[i] as f64;
            }
            if m.is_empty() {
                return Err(Error::param(
                    "catchment labels",
                    "all 0",
                    "at least one cell with a label > 0 (e.g. from catchment_labels)",
                ));
            }
            m.into_iter()
                .map(|(k, (a, b, c, d))| (k, a, b, c, d))
                .collect()
        }
    };
    sums.into_iter()
        .map(|(label, cnt, st, sd, sk)| {
            let (t, f, s) = (st / cnt, sd / cnt / 1000.0, sk / cnt);
            Ok(CatchmentLikelihood {
                label,
                cells: cnt as usize,
                area: cnt * cell_area,
                terrain: t,
                fire: f.max(0.0),
                soil: s,
                likelihood: params.model.likelihood(t, f.max(0.0), s, params.rainfall)?,
                rainfall_threshold: params.model.rainfall_threshold(
                    t,
                    f.max(0.0),
                    s,
                    params.probability,
                )?,
            })
        })
        .collect()
}

/// Per-cell weights of the M1 variables (T indicator, dNBR, KF), after checking `params`.
fn cell_weights(
    terrain: &Terrain,
    severity: &BurnSeverity,
    kf_factor: &Field,
    params: &StaleyParams,
) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>)> {
    let dem = terrain.dem();
    let (rows, cols) = terrain.shape();
    if !(params.probability > 0.0 && params.probability < 1.0) {
        return Err(Error::param(
            "probability",
            params.probability,
            "a likelihood strictly between 0 and 1, e.g. 0.5",
        ));
    }
    check_unit(
        "rainfall",
        params.rainfall,
        "a peak rainfall accumulation ≥ 0 mm within the duration",
    )?;
    let kf = check(
        kf_factor,
        "kf_factor",
        dem,
        |v| v.is_finite() && v >= 0.0,
        "a soil KF-factor ≥ 0 (typically 0.02–0.6)",
    )?;
    let (mh, dnbr) = severity.per_cell(dem)?;
    let slope = terrain.slope();
    let n = rows * cols;
    // Per-cell contributions: T indicator, dNBR, KF.
    let mut t_w = vec![0f32; n];
    let mut kf_w = vec![0f32; n];
    for i in 0..n {
        let (r, c) = (i / cols, i % cols);
        t_w[i] = if mh[i] && slope.data[[r, c]] as f64 >= M1_SLOPE_DEG {
            1.0
        } else {
            0.0
        };
        kf_w[i] = kf.at(r, c) as f32;
    }
    Ok((t_w, dnbr, kf_w))
}

/// Per-cell M1 results along the drainage network (see [`staley_m1_map`]); NaN off the network.
///
/// ```
/// use hazsim_debris::{staley_m1_map, BurnSeverity, StaleyParams};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
/// let z = Array2::from_shape_fn((4, 3), |(r, _)| 100.0 - r as f32 * 10.0);
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 40.0, 10.0), Crs::epsg(32616))).unwrap();
/// let m = staley_m1_map(&t, &BurnSeverity::dnbr(t.dem().map(|_| 500f32)), &0.3.into(),
///     &StaleyParams::default(), 250.0).unwrap();
/// assert!(m.likelihood.data[[1, 1]].is_nan()); // 200 m² upslope: off the network
/// assert!(m.likelihood.data[[3, 1]] > 0.9);    // 400 m², all burned on 45°
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StaleyMap {
    /// D8 upslope area of each cell, itself included (m²).
    pub upslope_area: Raster<f32>,
    /// `T` of the cell's upslope area.
    pub terrain: Raster<f32>,
    /// `F` of the cell's upslope area.
    pub fire: Raster<f32>,
    /// `S` of the cell's upslope area.
    pub soil: Raster<f32>,
    /// Likelihood for the given rainfall.
    pub likelihood: Raster<f32>,
    /// Rainfall accumulation (mm) for the given probability.
    pub rainfall_threshold: Raster<f32>,
}

/// M1 likelihood and rainfall threshold at every cell whose D8 upslope area is at least
/// `min_area` m² (the drainage network; the USGS hazard assessments use 0.02 km² = 2·10⁴ m²),
/// each cell taken as the outlet of its whole upslope area. Cells below `min_area` are NaN.
///
/// The same checks as [`staley_m1`]; `min_area` must be ≥ 0.
pub fn staley_m1_map(
    terrain: &Terrain,
    severity: &BurnSeverity,
    kf_factor: &Field,
    params: &StaleyParams,
    min_area: f64,
) -> Result<StaleyMap> {
    if !(min_area.is_finite() && min_area >= 0.0) {
        return Err(Error::param(
            "min_area",
            min_area,
            "an upslope area ≥ 0 m² from which a cell counts as channel, e.g. 2e4 (0.02 km²)",
        ));
    }
    let dem = terrain.dem();
    let (rows, cols) = terrain.shape();
    let (t_w, dnbr, kf_w) = cell_weights(terrain, severity, kf_factor, params)?;
    let to_raster =
        |v: Vec<f32>| dem.like(ndarray::Array2::from_shape_vec((rows, cols), v).expect("shape"));
    let d8 = terrain.d8();
    let acc = |w: Option<&Raster<f32>>| {
        d8_accumulation(d8, w).map_err(|e| Error::grid("flow directions", e))
    };
    let count = acc(None)?;
    let at = acc(Some(&to_raster(t_w)))?;
    let ad = acc(Some(&to_raster(dnbr)))?;
    let ak = acc(Some(&to_raster(kf_w)))?;
    let cell_area = terrain.cell_size().powi(2);
    let n = rows * cols;
    let mut out: [Vec<f32>; 6] = std::array::from_fn(|_| vec![f32::NAN; n]);
    let sums = count
        .data
        .iter()
        .zip(at.data.iter())
        .zip(ad.data.iter())
        .zip(ak.data.iter());
    for (i, (((&cnt, &st), &sd), &sk)) in sums.enumerate() {
        let area = cnt * cell_area;
        out[0][i] = area as f32;
        if area < min_area {
            continue;
        }
        let (t, f, s) = (st / cnt, (sd / cnt / 1000.0).max(0.0), sk / cnt);
        out[1][i] = t as f32;
        out[2][i] = f as f32;
        out[3][i] = s as f32;
        out[4][i] = params.model.likelihood(t, f, s, params.rainfall)? as f32;
        out[5][i] = params
            .model
            .rainfall_threshold(t, f, s, params.probability)? as f32;
    }
    let [a, t, f, s, l, r] = out;
    Ok(StaleyMap {
        upslope_area: to_raster(a),
        terrain: to_raster(t),
        fire: to_raster(f),
        soil: to_raster(s),
        likelihood: to_raster(l),
        rainfall_threshold: to_raster(r),
    })
}
