//! Catchment (watershed) delineation over D8 flow directions.
//!
//! A cell belongs to the catchment of a pour point when its D8 flow path (O'Callaghan & Mark
//! 1984) passes through that pour point. With several pour points on one path (nested
//! catchments), a cell takes the label of the *first* pour point met going downstream, which is
//! the usual "sub-catchment" labelling of GIS watershed tools. For the whole upslope area of a
//! nested pour point, use [`upslope_mask`] or weighted D8 accumulation.

use super::flow_direction::code_to_index;
use super::neighbours::neighbour;
use crate::{Error, Raster, Result};
use ndarray::Array2;

/// The label of cells that drain to no pour point.
///
/// ```
/// assert_eq!(hazsim_grid::NO_CATCHMENT, 0);
/// ```
pub const NO_CATCHMENT: u32 = 0;

const UNKNOWN: u32 = u32::MAX;

/// Check that every pour point lies inside a `rows × cols` grid.
fn check_points(points: &[(usize, usize)], rows: usize, cols: usize) -> Result<()> {
    if points.is_empty() {
        return Err(Error::param(
            "pour points",
            "an empty list",
            "at least one (row, col) pour point, e.g. a basin outlet on the channel",
        ));
    }
    if points.len() >= UNKNOWN as usize {
        return Err(Error::param(
            "pour points",
            points.len(),
            "fewer than 2³² − 1 pour points",
        ));
    }
    for &(r, c) in points {
        if r >= rows || c >= cols {
            return Err(Error::param(
                "pour point",
                format!("(row {r}, col {c})"),
                &format!("a cell inside the {rows}×{cols} grid"),
            ));
        }
    }
    Ok(())
}

/// The D8 downstream neighbour of linear cell `i`, or `None` at an outlet.
fn downstream(d: &Array2<u8>, i: usize, cols: usize) -> Result<Option<usize>> {
    let (rows, _) = d.dim();
    let (r, c) = (i / cols, i % cols);
    let code = d[[r, c]];
    if code == 0 {
        return Ok(None);
    }
    let k = code_to_index(code).ok_or_else(|| {
        Error::param(
            "flow direction",
            format!("{code} at row {r}, col {c}"),
            "an ESRI D8 code (0, 1, 2, 4, 8, 16, 32, 64 or 128)",
        )
    })?;
    Ok(neighbour(r, c, k, rows, cols).map(|(nr, nc)| nr * cols + nc))
}

/// Label each cell with the pour point its D8 flow path reaches first: `k + 1` for
/// `pour_points[k]`, [`NO_CATCHMENT`] (0) for cells that drain off the grid or into a pit
/// without passing a pour point. A pour point listed twice keeps its first label.
///
/// Errors on an empty list, a pour point outside the grid, an invalid D8 code or a cycle.
///
/// ```
/// use hazsim_grid::{catchment_labels, D8, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// // One row draining east; pour points at columns 1 and 3.
/// let e = D8::E as u8;
/// let d = Raster::new(array![[e, e, e, e, 0u8]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
/// let l = catchment_labels(&d, &[(0, 1), (0, 3)]).unwrap();
/// assert_eq!(l.data.row(0).to_vec(), vec![1, 1, 2, 2, 0]);
/// ```
pub fn catchment_labels(dirs: &Raster<u8>, pour_points: &[(usize, usize)]) -> Result<Raster<u32>> {
    let (rows, cols) = dirs.shape();
    check_points(pour_points, rows, cols)?;
    let n = rows * cols;
    let mut label = vec![UNKNOWN; n];
    for (k, &(r, c)) in pour_points.iter().enumerate() {
        let i = r * cols + c;
        if label[i] == UNKNOWN {
            label[i] = k as u32 + 1;
        }
    }
    let mut path: Vec<usize> = Vec::new();
    for start in 0..n {
        if label[start] != UNKNOWN {
            continue;
        }
        path.clear();
        let mut j = start;
        let found = loop {
            path.push(j);
            if path.len() > n {
                return Err(Error::param(
                    "flow directions",
                    format!("a cycle through row {}, col {}", start / cols, start % cols),
                    "acyclic directions; compute them on a filled DEM (fill_depressions, then d8_directions)",
                ));
            }
            match downstream(&dirs.data, j, cols)? {
                None => break NO_CATCHMENT,
                Some(t) if label[t] != UNKNOWN => break label[t],
                Some(t) => j = t,
            }
        };
        for &p in &path {
            label[p] = found;
        }
    }
    Ok(dirs.like(Array2::from_shape_vec((rows, cols), label).expect("shape")))
}

/// All cells whose D8 flow path passes through `(row, col)`, the cell itself included: its
/// whole upslope catchment, nested pour points notwithstanding.
///
/// ```
/// use hazsim_grid::{upslope_mask, D8, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// let e = D8::E as u8;
/// let d = Raster::new(array![[e, e, e, 0u8]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
/// let m = upslope_mask(&d, 0, 2).unwrap();
/// assert_eq!(m.data.row(0).to_vec(), vec![true, true, true, false]);
/// ```
pub fn upslope_mask(dirs: &Raster<u8>, row: usize, col: usize) -> Result<Raster<bool>> {
    let l = catchment_labels(dirs, &[(row, col)])?;
    Ok(l.map(|&v| v == 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{d8_accumulation, d8_directions, Crs, GeoTransform};

    fn raster<T>(z: Array2<T>) -> Raster<T> {
        Raster::new(z, GeoTransform::north_up(0.0, 0.0, 1.0), Crs::epsg(32616))
    }

    #[test]
    fn two_valleys_split_at_the_ridge() {
        // Two V valleys tilted south, thalwegs at columns 4 and 12, divided by a ridge at
        // column 8.
        let z = Array2::from_shape_fn((10, 17), |(r, c)| {
            let c = c as f32;
            let v = if c <= 8.0 {
                (c - 4.0).abs()
            } else {
                (c - 12.0).abs()
            };
            v + 100.0 - r as f32
        });
        let d = d8_directions(&raster(z));
        let l = catchment_labels(&d, &[(9, 4), (9, 12)]).unwrap();
        let acc = d8_accumulation(&d, None).unwrap();
        // Each label's cell count equals the D8 accumulation at its pour point.
        for (k, &(r, c)) in [(9usize, 4usize), (9, 12)].iter().enumerate() {
            let count = l.data.iter().filter(|&&v| v == k as u32 + 1).count();
            assert_eq!(count as f64, acc.data[[r, c]]);
        }
        assert_eq!(l.data[[0, 0]], 1);
        assert_eq!(l.data[[0, 16]], 2);
    }

    #[test]
    fn bad_pour_points_and_cycles_are_errors() {
        let d = raster(ndarray::array![[1u8, 16]]);
        assert!(catchment_labels(&d, &[(0, 0)]).is_ok()); // pour point breaks the cycle
        assert!(catchment_labels(&d, &[(5, 0)])
            .unwrap_err()
            .to_string()
            .contains("inside"));
        assert!(catchment_labels(&d, &[])
            .unwrap_err()
            .to_string()
            .contains("empty"));
        let d = raster(ndarray::array![[1u8, 16, 0]]);
        assert!(catchment_labels(&d, &[(0, 2)])
            .unwrap_err()
            .to_string()
            .contains("cycle"));
    }
}
