//! D8 flow directions (O'Callaghan & Mark 1984): each cell drains to the neighbour with the
//! steepest descent `(z₀ − zₖ) / Lₖ`, where `Lₖ` is 1 or √2 cells.
//!
//! Codes follow the ESRI convention: `1 << k` for neighbour `k` clockwise from east
//! (1 = E, 2 = SE, 4 = S, 8 = SW, 16 = W, 32 = NW, 64 = N, 128 = NE) and [`D8_NODIR`] = 0 for a
//! cell with no lower neighbour (an outlet on the edge, a pit, or a NaN/nodata cell). Ties go to
//! the first neighbour in that order, so results are deterministic. Run it on a filled DEM
//! ([`crate::fill_depressions`] with `FillMethod::Epsilon`) so that every interior cell has a
//! direction.

use super::neighbours::{neighbour, DISTANCE};
use crate::Raster;
use ndarray::Array2;
use rayon::prelude::*;

/// The code of a cell with no downslope neighbour.
pub const D8_NODIR: u8 = 0;

/// D8 codes, for readable matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum D8 {
    /// East.
    E = 1,
    /// South-east.
    SE = 2,
    /// South.
    S = 4,
    /// South-west.
    SW = 8,
    /// West.
    W = 16,
    /// North-west.
    NW = 32,
    /// North.
    N = 64,
    /// North-east.
    NE = 128,
}

/// The neighbour index 0..8 of a D8 code, or `None` for 0 or an invalid code.
///
/// ```
/// use hazsim_grid::terrain::flow_direction::code_to_index;
/// assert_eq!(code_to_index(1), Some(0));
/// assert_eq!(code_to_index(128), Some(7));
/// assert_eq!(code_to_index(3), None);
/// ```
#[inline]
pub fn code_to_index(code: u8) -> Option<usize> {
    if code.is_power_of_two() {
        Some(code.trailing_zeros() as usize)
    } else {
        None
    }
}

/// D8 flow directions of `dem` (use a filled DEM). NaN/nodata cells get [`D8_NODIR`] and are
/// never drained into.
///
/// ```
/// use hazsim_grid::{d8_directions, D8, Raster, GeoTransform, Crs};
/// use ndarray::Array2;
/// // Tilted towards the south.
/// let z = Array2::from_shape_fn((3, 3), |(r, _)| 10.0 - r as f32);
/// let d = d8_directions(&Raster::new(z, GeoTransform::north_up(0.0, 3.0, 1.0), Crs::epsg(32616)));
/// assert_eq!(d.data[[0, 1]], D8::S as u8);
/// ```
pub fn d8_directions(dem: &Raster<f32>) -> Raster<u8> {
    let (rows, cols) = dem.shape();
    let nd = dem.nodata.map(|m| m as f32);
    let missing = |v: f32| v.is_nan() || nd == Some(v);
    let zc = dem.data.as_standard_layout();
    let z = zc.as_slice().expect("standard layout");
    let mut dir = vec![D8_NODIR; rows * cols];
    if rows > 0 && cols > 0 {
        dir.par_chunks_mut(cols).enumerate().for_each(|(r, row)| {
            let interior_row = r > 0 && r + 1 < rows;
            if interior_row && nd.is_none() && cols >= 3 {
                let up = &z[(r - 1) * cols..r * cols];
                let mid = &z[r * cols..(r + 1) * cols];
                let dn = &z[(r + 1) * cols..(r + 2) * cols];
                d8_interior_row(up, mid, dn, row);
                for c in [0, cols - 1] {
                    row[c] = d8_cell_checked(z, rows, cols, r, c, &missing);
                }
            } else {
                for (c, out) in row.iter_mut().enumerate() {
                    *out = d8_cell_checked(z, rows, cols, r, c, &missing);
                }
            }
        });
    }
    dem.like(Array2::from_shape_vec((rows, cols), dir).expect("shape"))
}

/// D8 codes of the interior cells `1..cols-1` of one row from the rows above, at and below it
/// (no nodata value; NaN neighbours never win because NaN drops compare false).
#[inline(never)]
fn d8_interior_row(up: &[f32], mid: &[f32], dn: &[f32], out: &mut [u8]) {
    const D: f32 = std::f32::consts::FRAC_1_SQRT_2;
    let n = mid.len();
    for c in 1..n - 1 {
        let z0 = mid[c];
        // Neighbour order E, SE, S, SW, W, NW, N, NE (codes 1, 2, 4, ..., 128).
        let drops = [
            z0 - mid[c + 1],
            (z0 - dn[c + 1]) * D,
            z0 - dn[c],
            (z0 - dn[c - 1]) * D,
            z0 - mid[c - 1],
            (z0 - up[c - 1]) * D,
            z0 - up[c],
            (z0 - up[c + 1]) * D,
        ];
        let mut best = 0.0f32;
        let mut code = D8_NODIR;
        for (k, &d) in drops.iter().enumerate() {
            let take = d > best;
            best = if take { d } else { best };
            code = if take { 1 << k } else { code };
        }
        out[c] = code;
    }
}

/// D8 code of one cell with full bounds and nodata checks (edges, and grids with nodata).
#[inline]
fn d8_cell_checked(
    z: &[f32],
    rows: usize,
    cols: usize,
    r: usize,
    c: usize,
    missing: &impl Fn(f32) -> bool,
) -> u8 {
    let z0 = z[r * cols + c];
    if missing(z0) {
        return D8_NODIR;
    }
    let mut best = 0.0f32;
    let mut code = D8_NODIR;
    for (k, &dist) in DISTANCE.iter().enumerate() {
        if let Some((nr, nc)) = neighbour(r, c, k, rows, cols) {
            let zn = z[nr * cols + nc];
            if missing(zn) {
                continue;
            }
            // The same reciprocal distances as the interior fast path, so ties break alike.
            let inv = if dist == 1.0 {
                1.0
            } else {
                std::f32::consts::FRAC_1_SQRT_2
            };
            let drop = (z0 - zn) * inv;
            if drop > best {
                best = drop;
                code = 1 << k;
            }
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Crs, GeoTransform};
    use ndarray::array;

    #[test]
    fn hand_checked_directions() {
        // Centre 5: drops E 5-4=1, SE (5-1)/√2≈2.83, S 5-3=2 ... → SE wins.
        let z = array![[9.0f32, 9.0, 9.0], [9.0, 5.0, 4.0], [9.0, 3.0, 1.0]];
        let d = d8_directions(&Raster::new(
            z,
            GeoTransform::north_up(0.0, 3.0, 1.0),
            Crs::epsg(32616),
        ));
        assert_eq!(d.data[[1, 1]], D8::SE as u8);
        assert_eq!(d.data[[2, 2]], D8_NODIR, "lowest cell is an outlet");
        assert_eq!(d.data[[1, 2]], D8::S as u8);
    }

    #[test]
    fn nan_cells_have_no_direction_and_receive_none() {
        let z = array![[3.0f32, 2.0, 1.0], [3.0, 2.0, f32::NAN], [3.0, 2.0, 1.0]];
        let d = d8_directions(&Raster::new(
            z,
            GeoTransform::north_up(0.0, 3.0, 1.0),
            Crs::epsg(32616),
        ));
        assert_eq!(d.data[[1, 2]], D8_NODIR);
        assert_ne!(d.data[[1, 1]], D8::E as u8);
    }
}
