//! Water sources: rain (uniform or gridded) and point inflows (hydrographs), plus the time-series
//! helpers they share.
//!
//! Rain is given in mm/h, as gauges and design storms are, and converted to m/s inside
//! (1 mm/h = 1/3.6e6 m/s). Rain series are piecewise constant: the value given at t_i holds on
//! [t_i, t_{i+1}); before the first time there is no rain and after the last time its value holds
//! (end a storm with a `(t, 0.0)` entry). Inflow and level hydrographs are linearly interpolated
//! and held constant outside their time range.

use crate::{Error, Result};
use hazsim_grid::Raster;

/// Conversion from mm/h to m/s.
pub const MM_PER_H_TO_M_PER_S: f64 = 1.0 / 3.6e6;

/// Rain over the grid.
///
/// ```
/// use hazsim_flood::Rain;
/// // 20 mm/h for 30 min, then dry.
/// let r = Rain::Uniform(vec![(0.0, 20.0), (1800.0, 0.0)]);
/// assert!(matches!(r, Rain::Uniform(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rain {
    /// No rain.
    #[default]
    None,
    /// The same intensity everywhere: (t s, intensity mm/h), piecewise constant.
    Uniform(Vec<(f64, f64)>),
    /// Gridded intensity (mm/h) on the DEM's grid, each holding from its time (s) to the next.
    #[serde(skip)]
    Rasters(Vec<(f64, Raster<f32>)>),
}

impl Rain {
    /// The times (s) at which the rain changes, in order.
    pub(crate) fn breakpoints(&self) -> Vec<f64> {
        match self {
            Rain::None => vec![],
            Rain::Uniform(s) => s.iter().map(|p| p.0).collect(),
            Rain::Rasters(s) => s.iter().map(|p| p.0).collect(),
        }
    }

    /// Index of the series entry in force at time t (None before the first). No allocation.
    pub(crate) fn index_at(&self, t: f64) -> Option<usize> {
        match self {
            Rain::None => None,
            Rain::Uniform(s) => s.iter().rposition(|p| p.0 <= t),
            Rain::Rasters(s) => s.iter().rposition(|p| p.0 <= t),
        }
    }
}

/// A point inflow (a river entering the domain, a breach, a pipe outlet).
///
/// ```
/// use hazsim_flood::PointInflow;
/// // 5 m³/s rising to 20 m³/s over an hour.
/// let p = PointInflow { x: 500_100.0, y: 4_000_050.0, hydrograph: vec![(0.0, 5.0), (3600.0, 20.0)] };
/// assert_eq!(p.hydrograph.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointInflow {
    /// World x (DEM CRS) of the inflow; the cell containing it receives the water.
    pub x: f64,
    /// World y (DEM CRS).
    pub y: f64,
    /// (t s, Q m³/s), linearly interpolated, held constant outside its range.
    pub hydrograph: Vec<(f64, f64)>,
}

/// A line inflow: one hydrograph shared evenly by the cells a polyline crosses (lateral inflow
/// along a river reach, overtopping along a levee crest, a breach or culvert several cells
/// wide).
///
/// Each of the n cells the line passes through ([`hazsim_grid::rasterize::line_cells`]) receives
/// Q(t)/n, so the whole line delivers Q(t) whatever the cell size.
///
/// ```
/// use hazsim_flood::LineInflow;
/// // 12 m³/s along a 300 m reach, constant.
/// let l = LineInflow {
///     line: vec![(500_100.0, 4_000_050.0), (500_400.0, 4_000_050.0)],
///     hydrograph: vec![(0.0, 12.0)],
/// };
/// assert_eq!(l.line.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineInflow {
    /// Vertices (world x, y in the DEM's CRS) of the polyline; every vertex must lie on the grid.
    pub line: Vec<(f64, f64)>,
    /// (t s, Q m³/s) for the whole line, linearly interpolated, held constant outside its range.
    pub hydrograph: Vec<(f64, f64)>,
}

/// Linear interpolation in a (t, value) series, held constant outside its range; 0 if empty:
/// [`hazsim_grid::series::value_at`] with [`hazsim_grid::series::Outside::Hold`], the flood
/// engine's rule for inflow and level hydrographs.
///
/// ```
/// use hazsim_flood::sources::interp_linear;
/// let s = [(0.0, 0.0), (10.0, 5.0)];
/// assert_eq!(interp_linear(&s, 4.0), 2.0);
/// assert_eq!(interp_linear(&s, 99.0), 5.0);
/// ```
pub fn interp_linear(series: &[(f64, f64)], t: f64) -> f64 {
    hazsim_grid::series::value_at(series, t, hazsim_grid::series::Outside::Hold)
}

/// Piecewise-constant lookup: the value of the last entry with time ≤ t; 0 before the first.
///
/// ```
/// use hazsim_flood::sources::step_value;
/// let s = [(0.0, 20.0), (1800.0, 0.0)];
/// assert_eq!(step_value(&s, 100.0), 20.0);
/// assert_eq!(step_value(&s, 1800.0), 0.0);
/// ```
pub fn step_value(series: &[(f64, f64)], t: f64) -> f64 {
    series
        .iter()
        .rev()
        .find(|p| p.0 <= t)
        .map(|p| p.1)
        .unwrap_or(0.0)
}

/// Checks a time series: finite, strictly increasing times ≥ 0 and, unless `allow_negative`,
/// finite non-negative values.
pub(crate) fn check_series(
    name: &str,
    times: &[f64],
    values: &[f64],
    allow_negative: bool,
) -> Result<()> {
    if times.is_empty() {
        return Err(Error::series(
            name,
            "it is empty; give at least one (time, value) pair",
        ));
    }
    for (i, (&t, &v)) in times.iter().zip(values).enumerate() {
        if !t.is_finite() || t < 0.0 {
            return Err(Error::series(
                name,
                format!("time[{i}] = {t}; times are seconds since the start, finite and >= 0"),
            ));
        }
        if i > 0 && t <= times[i - 1] {
            return Err(Error::series(
                name,
                format!(
                    "times must strictly increase, but time[{i}] = {t} follows time[{}] = {}; sort the series and remove duplicates",
                    i - 1,
                    times[i - 1]
                ),
            ));
        }
        if !v.is_finite() || (!allow_negative && v < 0.0) {
            return Err(Error::series(
                name,
                format!(
                    "value[{i}] = {v} at t = {t}; values must be finite{}",
                    if allow_negative { "" } else { " and >= 0" }
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_and_steps() {
        let s = [(10.0, 2.0), (20.0, 4.0), (40.0, 0.0)];
        assert_eq!(interp_linear(&s, 0.0), 2.0);
        assert_eq!(interp_linear(&s, 15.0), 3.0);
        assert_eq!(interp_linear(&s, 30.0), 2.0);
        assert_eq!(interp_linear(&s, 50.0), 0.0);
        assert_eq!(interp_linear(&[], 5.0), 0.0);
        assert_eq!(step_value(&s, 5.0), 0.0);
        assert_eq!(step_value(&s, 19.9), 2.0);
        assert_eq!(step_value(&s, 45.0), 0.0);
    }

    #[test]
    fn series_checks() {
        assert!(check_series("x", &[0.0, 1.0], &[1.0, 2.0], false).is_ok());
        assert!(check_series("x", &[0.0, 1.0], &[1.0, -2.0], true).is_ok());
        assert!(check_series("x", &[0.0, 1.0], &[1.0, -2.0], false).is_err());
        assert!(check_series("x", &[1.0, 1.0], &[1.0, 2.0], false).is_err());
        assert!(check_series("x", &[-1.0], &[1.0], false).is_err());
        assert!(check_series("x", &[f64::NAN], &[1.0], false).is_err());
        assert!(check_series("x", &[], &[], false).is_err());
    }

    #[test]
    fn rain_index() {
        let r = Rain::Uniform(vec![(60.0, 5.0), (120.0, 0.0)]);
        assert_eq!(r.index_at(0.0), None);
        assert_eq!(r.index_at(60.0), Some(0));
        assert_eq!(r.index_at(500.0), Some(1));
        assert_eq!(Rain::None.index_at(5.0), None);
    }
}
