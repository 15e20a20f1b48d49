//! NaN/nodata holes: finding them (so errors can say how many and where) and filling them.

use crate::{Error, Raster, Result};
use ndarray::Array2;

/// Where the NaN/nodata cells of a raster are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HoleReport {
    /// Number of missing cells.
    pub count: usize,
    /// First missing cell in row-major order (row, col).
    pub first: (usize, usize),
    /// Bounding rows (min, max) of the missing cells.
    pub rows: (usize, usize),
    /// Bounding columns (min, max) of the missing cells.
    pub cols: (usize, usize),
}

/// Summarise the NaN/nodata cells of `raster`; `None` when it has none.
pub fn hole_report(raster: &Raster<f32>) -> Option<HoleReport> {
    let mut rep: Option<HoleReport> = None;
    for ((r, c), &v) in raster.data.indexed_iter() {
        if raster.is_nodata_value(v) {
            match &mut rep {
                None => {
                    rep = Some(HoleReport {
                        count: 1,
                        first: (r, c),
                        rows: (r, r),
                        cols: (c, c),
                    })
                }
                Some(h) => {
                    h.count += 1;
                    h.rows.1 = h.rows.1.max(r);
                    h.cols.0 = h.cols.0.min(c);
                    h.cols.1 = h.cols.1.max(c);
                }
            }
        }
    }
    rep
}

/// `Ok` when `raster` has no NaN or nodata cells, else [`Error::NodataHoles`] saying how many,
/// where, and that [`fill_nodata`] fixes it.
///
/// ```
/// use hazsim_grid::{check_no_holes, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// let r = Raster::new(array![[1.0f32, f32::NAN]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
/// let e = check_no_holes(&r, "dem.tif").unwrap_err().to_string();
/// assert!(e.contains("1 NaN/nodata cell") && e.contains("fill_nodata"));
/// ```
pub fn check_no_holes(raster: &Raster<f32>, input: &str) -> Result<()> {
    match hole_report(raster) {
        None => Ok(()),
        Some(h) => Err(Error::NodataHoles {
            input: input.to_string(),
            count: h.count,
            first_row: h.first.0,
            first_col: h.first.1,
            min_row: h.rows.0,
            max_row: h.rows.1,
            min_col: h.cols.0,
            max_col: h.cols.1,
        }),
    }
}

/// Fill NaN/nodata holes from their edges inwards ("onion peeling"): each pass gives every
/// missing cell that touches valid cells the inverse-distance-weighted mean of its valid
/// 8-neighbours (weights 1 and 1/√2), until no hole is left or `max_passes` passes have run
/// (then the remaining cells stay missing). A raster that is entirely missing is an error.
///
/// The result has no nodata value set when every hole was filled.
///
/// ```
/// use hazsim_grid::{fill_nodata, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// let r = Raster::new(array![[1.0f32, f32::NAN, 3.0]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
/// assert_eq!(fill_nodata(&r, None).unwrap().data[[0, 1]], 2.0);
/// ```
pub fn fill_nodata(raster: &Raster<f32>, max_passes: Option<usize>) -> Result<Raster<f32>> {
    let (rows, cols) = raster.shape();
    let mut z: Array2<f32> = raster.data.clone();
    let mut missing: Array2<bool> = raster.nodata_mask();
    let total_missing = missing.iter().filter(|&&m| m).count();
    if total_missing == rows * cols && total_missing > 0 {
        return Err(Error::InvalidRaster {
            input: "raster".into(),
            reason:
                "every cell is NaN/nodata, so there is nothing to fill from; check the nodata value"
                    .into(),
        });
    }
    let mut frontier: Vec<(usize, usize)> = missing
        .indexed_iter()
        .filter(|&(_, &m)| m)
        .map(|(i, _)| i)
        .collect();
    let limit = max_passes.unwrap_or(usize::MAX);
    let mut passes = 0;
    let w_diag = std::f32::consts::FRAC_1_SQRT_2;
    let mut updates: Vec<(usize, usize, f32)> = Vec::new();
    while !frontier.is_empty() && passes < limit {
        updates.clear();
        let mut still: Vec<(usize, usize)> = Vec::new();
        for &(r, c) in &frontier {
            let (mut s, mut w) = (0.0f32, 0.0f32);
            for k in 0..8 {
                if let Some((nr, nc)) = super::neighbours::neighbour(r, c, k, rows, cols) {
                    if !missing[[nr, nc]] {
                        let wk = if k % 2 == 1 { w_diag } else { 1.0 };
                        s += wk * z[[nr, nc]];
                        w += wk;
                    }
                }
            }
            if w > 0.0 {
                updates.push((r, c, s / w));
            } else {
                still.push((r, c));
            }
        }
        for &(r, c, v) in &updates {
            z[[r, c]] = v;
            missing[[r, c]] = false;
        }
        frontier = still;
        passes += 1;
    }
    let mut out = raster.like(z);
    if !frontier.is_empty() {
        for &(r, c) in &frontier {
            out.data[[r, c]] = f32::NAN;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Crs, GeoTransform};

    #[test]
    fn report_bounds_all_holes() {
        let mut z = Array2::<f32>::zeros((6, 8));
        z[[1, 5]] = -9999.0;
        z[[4, 2]] = f32::NAN;
        let r = Raster::new(z, GeoTransform::north_up(0.0, 0.0, 1.0), Crs::epsg(32616))
            .with_nodata(-9999.0);
        let h = hole_report(&r).unwrap();
        assert_eq!(
            (h.count, h.first, h.rows, h.cols),
            (2, (1, 5), (1, 4), (2, 5))
        );
    }

    #[test]
    fn fills_a_plane_hole_exactly_enough() {
        // A linear surface with a 3×3 hole: onion peeling recovers it to within a small fraction
        // of the local relief.
        let mut z = Array2::from_shape_fn((9, 9), |(r, c)| (r + 2 * c) as f32);
        for r in 3..6 {
            for c in 3..6 {
                z[[r, c]] = f32::NAN;
            }
        }
        let r = Raster::new(z, GeoTransform::north_up(0.0, 0.0, 1.0), Crs::epsg(32616));
        let f = fill_nodata(&r, None).unwrap();
        assert!(f.data.iter().all(|v| v.is_finite()));
        assert!((f.data[[4, 4]] - 12.0).abs() < 1.0);
    }

    #[test]
    fn all_missing_is_an_error_and_pass_limit_leaves_holes() {
        let r = Raster::new(
            Array2::from_elem((3, 3), f32::NAN),
            GeoTransform::north_up(0.0, 0.0, 1.0),
            Crs::epsg(32616),
        );
        assert!(fill_nodata(&r, None).is_err());
        let mut z = Array2::<f32>::zeros((1, 7));
        for c in 1..7 {
            z[[0, c]] = f32::NAN;
        }
        let r = Raster::new(z, GeoTransform::north_up(0.0, 0.0, 1.0), Crs::epsg(32616));
        let f = fill_nodata(&r, Some(2)).unwrap();
        assert_eq!(f.data.iter().filter(|v| v.is_nan()).count(), 4);
    }
}
