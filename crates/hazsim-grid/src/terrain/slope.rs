//! Slope and aspect by Horn's (1981) third-order finite difference.
//!
//! For the 3×3 window
//! ```text
//!   a b c
//!   d e f      (row 0 north)
//!   g h i
//! ```
//! Horn (1981, Proc. IEEE 69(1), eq. for "Sobel-weighted" gradients) takes
//!
//! `∂z/∂x = ((c + 2f + i) − (a + 2d + g)) / (8·Δx)` (towards east) and
//! `∂z/∂y = ((a + 2b + c) − (g + 2h + i)) / (8·Δy)` (towards north).
//!
//! Slope is `atan(√((∂z/∂x)² + (∂z/∂y)²))`. Aspect is the direction of steepest *descent*,
//! `−∇z`, in degrees clockwise from north; NaN where the gradient is zero.
//!
//! Cells outside the grid are extrapolated linearly from the two nearest cells (`2·z₀ − z₁`), so
//! a plane has its exact slope on the border too. A NaN or nodata neighbour is replaced by the
//! centre value; a NaN or nodata centre gives NaN.

use crate::{Raster, Result};
use ndarray::{parallel::prelude::*, Array2, Axis};

/// Slope (degrees) and aspect (degrees clockwise from north, downslope) rasters.
#[derive(Debug, Clone, PartialEq)]
pub struct SlopeAspect {
    /// Slope in degrees, 0..90.
    pub slope: Raster<f32>,
    /// Downslope direction in degrees clockwise from north, 0..360; NaN on flats.
    pub aspect: Raster<f32>,
}

/// Horn gradient (∂z/∂x east, ∂z/∂y north) at every cell, in metres per metre, scaled by
/// `z_factor`. NaN where the centre is NaN or nodata.
pub fn gradient(dem: &Raster<f32>, z_factor: f64) -> Result<(Array2<f32>, Array2<f32>)> {
    let (cw, ch) = dem.cell_dims();
    let (rows, cols) = dem.shape();
    let mut gx = Array2::<f32>::zeros((rows, cols));
    let mut gy = Array2::<f32>::zeros((rows, cols));
    let z = &dem.data;
    let nd = dem.nodata;
    let missing = |v: f32| v.is_nan() || nd.is_some_and(|n| v as f64 == n);
    let sx = (z_factor / (8.0 * cw)) as f32;
    let sy = (z_factor / (8.0 * ch)) as f32;
    // Elevation at (r, c), possibly one cell outside the grid (linear extrapolation); missing
    // values fall back to the centre `e`.
    let at = |r: isize, c: isize, e: f32| -> f32 {
        let rr = r.clamp(0, rows as isize - 1);
        let cc = c.clamp(0, cols as isize - 1);
        let v = z[[rr as usize, cc as usize]];
        let v = if missing(v) { e } else { v };
        if rr == r && cc == c {
            return v;
        }
        // Reflect inwards for the extrapolation partner.
        let r1 = (2 * rr - r).clamp(0, rows as isize - 1);
        let c1 = (2 * cc - c).clamp(0, cols as isize - 1);
        let w = z[[r1 as usize, c1 as usize]];
        let w = if missing(w) { v } else { w };
        2.0 * v - w
    };
    gx.axis_iter_mut(Axis(0))
        .into_par_iter()
        .zip(gy.axis_iter_mut(Axis(0)).into_par_iter())
        .enumerate()
        .for_each(|(r, (mut gxr, mut gyr))| {
            let ri = r as isize;
            let interior_row = r > 0 && r + 1 < rows;
            for c in 0..cols {
                let e = z[[r, c]];
                if missing(e) {
                    gxr[c] = f32::NAN;
                    gyr[c] = f32::NAN;
                    continue;
                }
                let ci = c as isize;
                let (a, b, cc, d, f, g, h, i);
                if interior_row && c > 0 && c + 1 < cols && nd.is_none() {
                    // Fast path: all neighbours inside; NaN neighbours still fall back to e.
                    let p = |v: f32| if v.is_nan() { e } else { v };
                    a = p(z[[r - 1, c - 1]]);
                    b = p(z[[r - 1, c]]);
                    cc = p(z[[r - 1, c + 1]]);
                    d = p(z[[r, c - 1]]);
                    f = p(z[[r, c + 1]]);
                    g = p(z[[r + 1, c - 1]]);
                    h = p(z[[r + 1, c]]);
                    i = p(z[[r + 1, c + 1]]);
                } else {
                    a = at(ri - 1, ci - 1, e);
                    b = at(ri - 1, ci, e);
                    cc = at(ri - 1, ci + 1, e);
                    d = at(ri, ci - 1, e);
                    f = at(ri, ci + 1, e);
                    g = at(ri + 1, ci - 1, e);
                    h = at(ri + 1, ci, e);
                    i = at(ri + 1, ci + 1, e);
                }
                gxr[c] = ((cc + 2.0 * f + i) - (a + 2.0 * d + g)) * sx;
                gyr[c] = ((a + 2.0 * b + cc) - (g + 2.0 * h + i)) * sy;
            }
        });
    Ok((gx, gy))
}

/// Slope and aspect of `dem` (Horn 1981), with elevations multiplied by `z_factor`.
///
/// ```
/// use hazsim_grid::{slope_aspect, Raster, GeoTransform, Crs};
/// use ndarray::Array2;
/// // Rises 1 m per 10 m towards the north: slope atan(0.1), faces (drains) south = 180°.
/// let z = Array2::from_shape_fn((4, 4), |(r, _)| -(r as f32));
/// let sa = slope_aspect(&Raster::new(z, GeoTransform::north_up(0.0, 40.0, 10.0), Crs::epsg(32616)), 1.0).unwrap();
/// assert!((sa.slope.data[[0, 0]] - 5.7106).abs() < 1e-3);
/// assert!((sa.aspect.data[[3, 3]] - 180.0).abs() < 1e-3);
/// ```
pub fn slope_aspect(dem: &Raster<f32>, z_factor: f64) -> Result<SlopeAspect> {
    dem.check_north_up("DEM")?;
    let (gx, gy) = gradient(dem, z_factor)?;
    let mut slope = gx.clone();
    let mut aspect = gx.clone();
    ndarray::Zip::from(&mut slope)
        .and(&mut aspect)
        .and(&gx)
        .and(&gy)
        .par_for_each(|s, asp, &p, &q| {
            if p.is_nan() {
                *s = f32::NAN;
                *asp = f32::NAN;
                return;
            }
            *s = p.hypot(q).atan().to_degrees();
            *asp = if p == 0.0 && q == 0.0 {
                f32::NAN
            } else {
                // Downslope vector (−p east, −q north); bearing = atan2(east, north).
                let b = (-p).atan2(-q).to_degrees();
                if b < 0.0 {
                    b + 360.0
                } else {
                    b
                }
            };
        });
    Ok(SlopeAspect {
        slope: dem.like(slope),
        aspect: dem.like(aspect),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Crs, GeoTransform};

    fn plane(a: f32, b: f32, cell: f64) -> Raster<f32> {
        // z = a·x + b·y with x east, y north (row 0 north).
        let z = Array2::from_shape_fn((9, 11), |(r, c)| {
            let x = (c as f64 + 0.5) * cell;
            let y = -(r as f64 + 0.5) * cell;
            (a as f64 * x + b as f64 * y) as f32 + 500.0
        });
        Raster::new(z, GeoTransform::north_up(0.0, 0.0, cell), Crs::epsg(32616))
    }

    #[test]
    fn plane_has_exact_slope_and_aspect_everywhere() {
        // Analytic: slope = atan(√(a² + b²)); downslope bearing = atan2(−a, −b).
        for &(a, b) in &[(0.1f32, 0.0f32), (0.0, 0.2), (-0.3, 0.3), (0.05, -0.12)] {
            let sa = slope_aspect(&plane(a, b, 30.0), 1.0).unwrap();
            let want_s = ((a as f64).hypot(b as f64)).atan().to_degrees();
            let mut want_a = (-(a as f64)).atan2(-(b as f64)).to_degrees();
            if want_a < 0.0 {
                want_a += 360.0;
            }
            for (&s, &asp) in sa.slope.data.iter().zip(sa.aspect.data.iter()) {
                assert!((s as f64 - want_s).abs() < 1e-3, "slope {s} vs {want_s}");
                assert!(
                    (asp as f64 - want_a).abs() < 1e-2,
                    "aspect {asp} vs {want_a}"
                );
            }
        }
    }

    #[test]
    fn flat_has_zero_slope_and_nan_aspect() {
        let sa = slope_aspect(&plane(0.0, 0.0, 10.0), 1.0).unwrap();
        assert!(sa.slope.data.iter().all(|&s| s == 0.0));
        assert!(sa.aspect.data.iter().all(|a| a.is_nan()));
    }

    #[test]
    fn hand_checked_window() {
        // a b c / d e f / g h i = 1 2 3 / 4 5 6 / 7 8 9, Δ = 1:
        // ∂z/∂x = ((3+12+9) − (1+8+7))/8 = 1; ∂z/∂y(north) = ((1+4+3) − (7+16+9))/8 = −3.
        let z = ndarray::array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
        let r = Raster::new(z, GeoTransform::north_up(0.0, 3.0, 1.0), Crs::epsg(32616));
        let (gx, gy) = gradient(&r, 1.0).unwrap();
        assert_eq!((gx[[1, 1]], gy[[1, 1]]), (1.0, -3.0));
        let sa = slope_aspect(&r, 1.0).unwrap();
        assert!((sa.slope.data[[1, 1]] as f64 - 10f64.sqrt().atan().to_degrees()).abs() < 1e-4);
        // Downslope is (−1 east, +3 north): bearing atan2(−1, 3) = −18.43° → 341.57°.
        assert!((sa.aspect.data[[1, 1]] - 341.565).abs() < 1e-2);
    }

    #[test]
    fn nan_centre_gives_nan_and_neighbours_survive() {
        let mut r = plane(0.1, 0.0, 10.0);
        r.data[[4, 5]] = f32::NAN;
        let sa = slope_aspect(&r, 1.0).unwrap();
        assert!(sa.slope.data[[4, 5]].is_nan());
        assert!(sa.slope.data[[4, 4]].is_finite());
        assert_eq!(sa.slope.data.iter().filter(|v| v.is_nan()).count(), 1);
    }
}
