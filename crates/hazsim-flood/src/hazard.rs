//! Flood hazard to people: the hazard rating and the four hazard classes of Defra/Environment
//! Agency (2006), *Flood Risks to People, Phase 2*, R&D technical report FD2320/TR2.
//!
//! **Hazard rating** HR = d (v + 0.5) + DF, with d the depth (m), v the speed (m/s) and DF the
//! debris factor. FD2320/TR2 gives DF by depth band and dominant land use in its debris-factor
//! table (as we read it):
//!
//! | depth | pasture/arable | woodland | urban |
//! |---|---|---|---|
//! | 0–0.25 m | 0 | 0 | 0 |
//! | 0.25–0.75 m | 0 | 0.5 | 1 |
//! | d > 0.75 m and/or v > 2 m/s | 0.5 | 1 | 1 |
//!
//! ([`debris_factor_for`]). The engine's `flood.hazard_rating` uses the common depth-only
//! simplification DF = 0.5 where d > 0.25 m, else 0 ([`debris_factor`]), which needs no land-use
//! map; it lies between the pasture and the woodland columns.
//!
//! **Classes** (FD2320/TR2 hazard-to-people classification): HR < 0.75 low ("caution"), 0.75–1.25 moderate ("danger
//! for some": children, the elderly, the infirm), 1.25–2.0 significant ("danger for most"),
//! above 2.0 extreme ("danger for all"). A bound belongs to the higher class. Class code 0 marks a
//! cell that was never wet.

use hazsim_grid::Raster;
use ndarray::Array2;

/// Debris factor DF for depth d (m), depth-only rule: 0.5 above 0.25 m, else 0.
///
/// ```
/// use hazsim_flood::hazard::debris_factor;
/// assert_eq!(debris_factor(0.3), 0.5);
/// assert_eq!(debris_factor(0.25), 0.0);
/// ```
#[inline]
pub fn debris_factor(d: f32) -> f32 {
    if d > 0.25 {
        0.5
    } else {
        0.0
    }
}

/// Hazard rating HR = d (v + 0.5) + DF (FD2320) for depth d (m) and speed v (m/s), with the
/// depth-only [`debris_factor`].
///
/// ```
/// use hazsim_flood::hazard::hazard_rating;
/// // 0.5 m at 2 m/s: 0.5 × 2.5 + 0.5 = 1.75, "significant".
/// assert!((hazard_rating(0.5, 2.0) - 1.75).abs() < 1e-6);
/// ```
#[inline]
pub fn hazard_rating(d: f32, v: f32) -> f32 {
    d * (v + 0.5) + debris_factor(d)
}

/// Dominant land use, for the debris factor table of FD2320/TR2.
///
/// ```
/// use hazsim_flood::hazard::LandUse;
/// assert_ne!(LandUse::Urban, LandUse::Woodland);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LandUse {
    /// Pasture or arable land.
    Pasture,
    /// Woodland.
    Woodland,
    /// Urban areas.
    Urban,
}

/// Debris factor from the FD2320/TR2 table (see the module documentation) for depth d (m),
/// speed v (m/s) and land use.
///
/// ```
/// use hazsim_flood::hazard::{debris_factor_for, LandUse};
/// assert_eq!(debris_factor_for(LandUse::Urban, 0.5, 0.5), 1.0);
/// assert_eq!(debris_factor_for(LandUse::Pasture, 0.5, 0.5), 0.0);
/// assert_eq!(debris_factor_for(LandUse::Pasture, 0.2, 2.5), 0.5);
/// assert_eq!(debris_factor_for(LandUse::Woodland, 0.2, 1.0), 0.0);
/// ```
pub fn debris_factor_for(land_use: LandUse, d: f32, v: f32) -> f32 {
    let band = if d > 0.75 || v > 2.0 {
        2
    } else if d > 0.25 {
        1
    } else {
        0
    };
    match (band, land_use) {
        (0, _) => 0.0,
        (1, LandUse::Pasture) => 0.0,
        (1, LandUse::Woodland) => 0.5,
        (1, LandUse::Urban) => 1.0,
        (_, LandUse::Pasture) => 0.5,
        (_, _) => 1.0,
    }
}

/// The four FD2320 hazard classes.
///
/// ```
/// use hazsim_flood::HazardClass;
/// assert_eq!(HazardClass::from_rating(0.5), HazardClass::Low);
/// assert_eq!(HazardClass::from_rating(0.75), HazardClass::Moderate);
/// assert_eq!(HazardClass::from_rating(2.0), HazardClass::Extreme);
/// assert_eq!(HazardClass::Significant.code(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HazardClass {
    /// HR < 0.75: caution.
    Low,
    /// 0.75 ≤ HR < 1.25: danger for some.
    Moderate,
    /// 1.25 ≤ HR < 2.0: danger for most.
    Significant,
    /// HR ≥ 2.0: danger for all.
    Extreme,
}

impl HazardClass {
    /// All classes, low to extreme.
    pub const ALL: [HazardClass; 4] = [
        HazardClass::Low,
        HazardClass::Moderate,
        HazardClass::Significant,
        HazardClass::Extreme,
    ];

    /// The class of a hazard rating (NaN counts as low; callers mask dry cells first).
    pub fn from_rating(hr: f32) -> Self {
        if hr >= 2.0 {
            HazardClass::Extreme
        } else if hr >= 1.25 {
            HazardClass::Significant
        } else if hr >= 0.75 {
            HazardClass::Moderate
        } else {
            HazardClass::Low
        }
    }

    /// Raster code: 1 low … 4 extreme (0 is reserved for dry cells).
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    /// Upper bound of the class's HR range (∞ for extreme).
    pub fn upper(self) -> f32 {
        match self {
            HazardClass::Low => 0.75,
            HazardClass::Moderate => 1.25,
            HazardClass::Significant => 2.0,
            HazardClass::Extreme => f32::INFINITY,
        }
    }

    /// Legend label, e.g. `"Moderate, 0.75-1.25: danger for some"`.
    pub fn label(self) -> &'static str {
        match self {
            HazardClass::Low => "Low, HR < 0.75: caution",
            HazardClass::Moderate => "Moderate, 0.75-1.25: danger for some",
            HazardClass::Significant => "Significant, 1.25-2.0: danger for most",
            HazardClass::Extreme => "Extreme, HR > 2.0: danger for all",
        }
    }
}

/// Class code (0 dry, 1 low … 4 extreme) of a hazard rating; `wet` says whether the cell was
/// ever flooded. NaN ratings count as dry.
///
/// ```
/// use hazsim_flood::hazard::hazard_class_code;
/// assert_eq!(hazard_class_code(1.3, true), 3);
/// assert_eq!(hazard_class_code(1.3, false), 0);
/// ```
pub fn hazard_class_code(hr: f32, wet: bool) -> u8 {
    if !wet || hr.is_nan() {
        0
    } else {
        HazardClass::from_rating(hr).code()
    }
}

/// The class raster (0 dry, 1 low … 4 extreme; nodata 0) of a hazard-rating raster, counting a
/// cell as wet where `max_depth` exceeds `wet_threshold` (m). Both rasters share one grid.
///
/// ```
/// use hazsim_flood::hazard::hazard_class_raster;
/// use hazsim_grid::{Crs, GeoTransform, Raster};
/// use ndarray::array;
/// let g = GeoTransform::north_up(0.0, 20.0, 10.0);
/// let hr = Raster::new(array![[0.5f32, 1.0], [1.5, 3.0]], g, Crs::epsg(32633));
/// let md = hr.like(array![[0.0f32, 0.4], [0.6, 1.0]]);
/// let cls = hazard_class_raster(&hr, &md, 0.01);
/// assert_eq!(cls.data, array![[0u8, 2], [3, 4]]);
/// assert_eq!(cls.nodata, Some(0.0));
/// ```
pub fn hazard_class_raster(
    hazard_rating: &Raster<f32>,
    max_depth: &Raster<f32>,
    wet_threshold: f32,
) -> Raster<u8> {
    let mut r = hazard_rating.like(Array2::from_shape_fn(hazard_rating.shape(), |ix| {
        hazard_class_code(
            hazard_rating.data[ix],
            max_depth.data.get(ix).is_some_and(|&d| d > wet_threshold),
        )
    }));
    r.nodata = Some(0.0);
    r
}

/// Writes the class codes (as f32) of `hazard` into `out`, cell by cell, wet where `max_depth`
/// exceeds `wet`.
pub(crate) fn fill_class_codes(hazard: &[f32], max_depth: &[f32], wet: f32, out: &mut [f32]) {
    for ((o, &hr), &d) in out.iter_mut().zip(hazard).zip(max_depth) {
        *o = hazard_class_code(hr, d > wet) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The FD2320/TR2 formula by hand: d = 0.5 m, v = 2 m/s → HR = 0.5 × 2.5 + 0.5 = 1.75.
    #[test]
    fn hazard_rating_values() {
        assert!((hazard_rating(0.5, 2.0) - 1.75).abs() < 1e-6);
        assert!((hazard_rating(0.2, 1.0) - 0.3).abs() < 1e-6); // DF = 0 at 0.2 m
        assert_eq!(debris_factor(0.25), 0.0);
    }

    /// Class limits: < 0.75 low, 0.75–1.25 moderate, 1.25–2.0 significant, ≥ 2.0 extreme.
    #[test]
    fn class_limits() {
        assert_eq!(hazard_class_code(0.5, true), 1);
        assert_eq!(hazard_class_code(0.75, true), 2);
        assert_eq!(hazard_class_code(1.24, true), 2);
        assert_eq!(hazard_class_code(1.25, true), 3);
        assert_eq!(hazard_class_code(2.0, true), 4);
        assert_eq!(hazard_class_code(9.0, false), 0);
        assert_eq!(hazard_class_code(f32::NAN, true), 0);
        for c in HazardClass::ALL {
            assert_eq!(HazardClass::from_rating(c.upper() - 1e-3), c);
        }
    }

    #[test]
    fn debris_table_rows() {
        use LandUse::*;
        for lu in [Pasture, Woodland, Urban] {
            assert_eq!(debris_factor_for(lu, 0.1, 0.5), 0.0);
        }
        assert_eq!(debris_factor_for(Woodland, 0.5, 1.0), 0.5);
        assert_eq!(debris_factor_for(Woodland, 1.0, 1.0), 1.0);
        assert_eq!(debris_factor_for(Urban, 1.0, 0.0), 1.0);
        assert_eq!(debris_factor_for(Pasture, 1.0, 0.0), 0.5);
    }
}
