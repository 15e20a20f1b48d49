//! Debris-flow release (source) areas detected from terrain.
//!
//! **Slope–area rule** (Flow-R, Horton et al. 2013, NHESS 13:869–885, Sect. 3.1, after
//! Heinimann et al. 1998 and Horton et al. 2008): a cell can release when its slope `β` lies in
//! `[min_slope, max_slope]` and is steep enough for its upslope contributing area `S_UCA`
//! (km²):
//!
//! `tan β ≥ k · S_UCA^(−e)`,
//!
//! so small catchments need steep ground and large ones release on gentler slopes. Horton et al.
//! give `k = 0.31`, `e = 0.15` for their "extreme event" curve, the default here; both are
//! parameters. The slope is Horn's (1981) on the DEM, the area comes from D8 or MFD
//! accumulation on the filled DEM.
//!
//! **Stability rule**: cells whose infinite-slope factor of safety ([`crate::stability`]) is
//! below a threshold (1 by default).
//!
//! Masks are `Raster<u8>` with 1 = release, 0 = not; turn one into a [`crate::Release`] with
//! [`crate::Release::from_u8_mask`].

use crate::stability::Stability;
use crate::{Error, Result};
use hazsim_grid::{FlowRouting, Raster, Terrain};

/// Parameters of the slope–area rule.
///
/// ```
/// use hazsim_debris::SlopeAreaRule;
/// let r = SlopeAreaRule::default();
/// assert_eq!((r.coefficient, r.exponent), (0.31, 0.15));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlopeAreaRule {
    /// Lowest slope that can release (degrees), in [0, 90).
    pub min_slope: f64,
    /// Steepest slope that can release (degrees), above `min_slope` and ≤ 90 (steeper rock
    /// faces hold little loose material).
    pub max_slope: f64,
    /// `k` in `tan β ≥ k·S_UCA^(−e)`, > 0.
    pub coefficient: f64,
    /// `e` in `tan β ≥ k·S_UCA^(−e)`, ≥ 0.
    pub exponent: f64,
    /// Smallest upslope area that can release (m²), ≥ 0.
    pub min_area: f64,
    /// Flow routing for the upslope area.
    pub routing: FlowRouting,
}

impl Default for SlopeAreaRule {
    /// Horton et al. (2013) "extreme" curve, slopes 15°–90°, no minimum area, D8.
    fn default() -> Self {
        SlopeAreaRule {
            min_slope: 15.0,
            max_slope: 90.0,
            coefficient: 0.31,
            exponent: 0.15,
            min_area: 0.0,
            routing: FlowRouting::D8,
        }
    }
}

impl SlopeAreaRule {
    /// Whether a cell with slope `beta_deg` and upslope area `area_m2` releases.
    ///
    /// ```
    /// use hazsim_debris::SlopeAreaRule;
    /// let r = SlopeAreaRule::default();
    /// // 1 km²: tan β ≥ 0.31, i.e. β ≥ 17.2°.
    /// assert!(r.releases(17.3, 1e6) && !r.releases(17.1, 1e6));
    /// ```
    pub fn releases(&self, beta_deg: f64, area_m2: f64) -> bool {
        if !(beta_deg >= self.min_slope && beta_deg <= self.max_slope) || area_m2 < self.min_area {
            return false;
        }
        // tan β ≥ k · S_UCA^(−e), S_UCA in km² (Horton et al. 2013).
        let threshold = self.coefficient * (area_m2 / 1e6).powf(-self.exponent);
        beta_deg.to_radians().tan() >= threshold
    }

    fn check(&self) -> Result<()> {
        if !(self.min_slope.is_finite() && (0.0..90.0).contains(&self.min_slope)) {
            return Err(Error::param(
                "min_slope",
                self.min_slope,
                "degrees in [0, 90), e.g. 15",
            ));
        }
        if !(self.max_slope > self.min_slope && self.max_slope <= 90.0) {
            return Err(Error::param(
                "max_slope",
                self.max_slope,
                &format!("degrees in ({}, 90], above min_slope", self.min_slope),
            ));
        }
        if !(self.coefficient.is_finite() && self.coefficient > 0.0) {
            return Err(Error::param(
                "coefficient",
                self.coefficient,
                "k > 0 in tan β ≥ k·S_UCA^(−e), e.g. 0.31",
            ));
        }
        if !(self.exponent.is_finite() && self.exponent >= 0.0) {
            return Err(Error::param(
                "exponent",
                self.exponent,
                "e ≥ 0 in tan β ≥ k·S_UCA^(−e), e.g. 0.15",
            ));
        }
        if !(self.min_area.is_finite() && self.min_area >= 0.0) {
            return Err(Error::param(
                "min_area",
                self.min_area,
                "an upslope area ≥ 0 m²",
            ));
        }
        Ok(())
    }
}

/// Release mask by the slope–area rule.
///
/// ```
/// use hazsim_debris::{release_by_slope_area, SlopeAreaRule};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
/// let z = Array2::from_shape_fn((40, 3), |(r, _)| 1000.0 - r as f32 * 30.0 * 0.6);
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 1200.0, 30.0), Crs::epsg(32616))).unwrap();
/// let m = release_by_slope_area(&t, &SlopeAreaRule::default()).unwrap();
/// assert_eq!(m.data[[0, 1]], 0);  // one cell of area: too small
/// assert_eq!(m.data[[39, 1]], 1); // 40 cells = 0.036 km² on tan β = 0.6
/// ```
pub fn release_by_slope_area(terrain: &Terrain, rule: &SlopeAreaRule) -> Result<Raster<u8>> {
    rule.check()?;
    let cell_area = terrain.cell_size().powi(2);
    let acc = terrain
        .accumulation(rule.routing)
        .map_err(|e| Error::grid("routing", e))?;
    let slope = terrain.slope();
    let mut out = slope.data.mapv(|_| 0u8);
    ndarray::Zip::from(&mut out)
        .and(&slope.data)
        .and(&acc.data)
        .par_for_each(|o, &b, &n| *o = rule.releases(b as f64, n * cell_area) as u8);
    Ok(terrain.dem().like(out))
}

/// Release mask where the factor of safety is below `max_fs` (> 0; 1 for "unstable").
///
/// ```
/// use hazsim_debris::{infinite_slope, release_by_stability, SoilParams};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
/// let z = Array2::from_shape_fn((6, 4), |(r, _)| 100.0 - r as f32 * 10.0); // 45°
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 60.0, 10.0), Crs::epsg(32616))).unwrap();
/// let s = infinite_slope(&t, &SoilParams::default(), 0.0).unwrap();
/// assert!(release_by_stability(&s, 1.0).unwrap().data.iter().all(|&v| v == 1)); // tan 35° < tan 45°
/// ```
pub fn release_by_stability(stability: &Stability, max_fs: f64) -> Result<Raster<u8>> {
    if !(max_fs.is_finite() && max_fs > 0.0) {
        return Err(Error::param(
            "max_fs",
            max_fs,
            "a factor of safety > 0 below which cells release, e.g. 1.0",
        ));
    }
    Ok(stability
        .factor_of_safety
        .map(|&fs| ((fs as f64) < max_fs) as u8))
}
