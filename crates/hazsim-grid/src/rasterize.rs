//! Vector shapes to grid cells: the cells a polyline runs through and the cells a polygon
//! covers, for ignition lines, fuel breaks, roads and lakes given as map geometry.
//!
//! - [`line_cells`]: every cell a polyline passes through, in order, without repeats. Segments
//!   are sampled at most a quarter of a cell apart, so consecutive cells are 4- or
//!   8-connected (a line crossing exactly through a cell corner steps diagonally): a wall of
//!   these cells has no gap a grid path could slip through between edge-neighbours.
//! - [`polygon_mask`]: cells whose centre is inside a polygon (reservoirs, release areas);
//! - [`polygon_cells`]: cells whose centre is inside the polygon (even-odd rule over all rings,
//!   so holes are left out) plus the cells its rings pass through, so even a polygon smaller
//!   than a cell marks the cell it lies in.
//!
//! Parts outside the grid are clipped away.
//!
//! ```
//! use hazsim_grid::rasterize::{line_cells, polygon_cells};
//! use hazsim_grid::GeoTransform;
//! let gt = GeoTransform::north_up(0.0, 100.0, 10.0); // 10 × 10 cells of 10 m
//! // A west-east line along the middle row.
//! assert_eq!(line_cells(&gt, (10, 10), &[(5.0, 55.0), (35.0, 55.0)]), vec![(4, 0), (4, 1), (4, 2), (4, 3)]);
//! // A 20 m square covers 2 × 2 cell centres (and its outline touches the cells around it).
//! let sq = vec![(21.0, 79.0), (39.0, 79.0), (39.0, 61.0), (21.0, 61.0)];
//! assert_eq!(polygon_cells(&gt, (10, 10), &[sq]).len(), 4);
//! ```

use crate::GeoTransform;

/// Cells (row, col) that the polyline `line` (world coordinates) passes through, in order and
/// without repeats; see the module docs. A single position gives the cell it lies in.
pub fn line_cells(
    transform: &GeoTransform,
    shape: (usize, usize),
    line: &[(f64, f64)],
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |c: f64, r: f64| {
        if !(c.is_finite() && r.is_finite()) || c < 0.0 || r < 0.0 {
            return;
        }
        let (ri, ci) = (r.floor() as usize, c.floor() as usize);
        if ri < shape.0 && ci < shape.1 && seen.insert((ri, ci)) {
            out.push((ri, ci));
        }
    };
    let px: Vec<(f64, f64)> = line
        .iter()
        .filter_map(|&(x, y)| transform.invert(x, y))
        .collect();
    if px.len() == 1 {
        push(px[0].0, px[0].1);
    }
    for w in px.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = (b.0 - a.0).abs().max((b.1 - a.1).abs());
        if !len.is_finite() {
            continue;
        }
        let n = (len * 4.0).ceil().clamp(1.0, 1e7) as usize;
        for k in 0..=n {
            let f = k as f64 / n as f64;
            push(a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1));
        }
    }
    out
}

/// Row-major mask of the cells whose centres lie inside the polygon `rings` (even-odd rule),
/// scanline by scanline in pixel coordinates.
fn centre_mask(
    transform: &GeoTransform,
    shape: (usize, usize),
    rings: &[Vec<(f64, f64)>],
) -> Vec<bool> {
    let (rows, cols) = shape;
    let mut mask = vec![false; rows * cols];
    let px_rings: Vec<Vec<(f64, f64)>> = rings
        .iter()
        .map(|r| {
            r.iter()
                .filter_map(|&(x, y)| transform.invert(x, y))
                .collect()
        })
        .collect();
    // Centres (c + 0.5, r + 0.5) inside, scanline by scanline.
    for r in 0..rows {
        let yc = r as f64 + 0.5;
        let mut xs: Vec<f64> = Vec::new();
        for ring in &px_rings {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                if (a.1 <= yc) != (b.1 <= yc) {
                    xs.push(a.0 + (yc - a.1) / (b.1 - a.1) * (b.0 - a.0));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            // Columns whose centre c + 0.5 lies in [x0, x1).
            let c0 = (pair[0] - 0.5).ceil().max(0.0);
            let c1 = (pair[1] - 0.5).ceil().min(cols as f64);
            let mut c = c0;
            while c < c1 {
                mask[r * cols + c as usize] = true;
                c += 1.0;
            }
        }
    }
    mask
}

/// The mask of cells of `grid` whose centres lie inside the polygon `rings` (world coordinates
/// in the grid's CRS; the first ring is the exterior, the others holes; even-odd rule). Unlike
/// [`polygon_cells`] it leaves out cells the rings merely cross: for areas such as reservoirs,
/// where a cell belongs to the polygon when most of it does.
///
/// ```
/// use hazsim_grid::{rasterize::polygon_mask, Crs, GeoTransform, Raster};
/// use ndarray::Array2;
/// // 4 × 4 cells of 10 m; the polygon covers the centres of the two western columns.
/// let g = Raster::new(Array2::<f32>::zeros((4, 4)), GeoTransform::north_up(0.0, 40.0, 10.0), Crs::epsg(32633));
/// let m = polygon_mask(&g, &[vec![(0.0, 0.0), (20.0, 0.0), (20.0, 40.0), (0.0, 40.0)]]);
/// assert_eq!(m.iter().filter(|&&b| b).count(), 8);
/// assert!(m[[0, 1]] && !m[[0, 2]]);
/// ```
pub fn polygon_mask<T>(
    grid: &crate::Raster<T>,
    rings: &[Vec<(f64, f64)>],
) -> ndarray::Array2<bool> {
    let shape = grid.shape();
    let m = centre_mask(&grid.transform, shape, rings);
    ndarray::Array2::from_shape_vec(shape, m).expect("the mask has the grid's shape")
}

/// Cells (row, col) covered by the polygon with rings `rings` (exterior then holes, world
/// coordinates, closed or not): centres inside by the even-odd rule, plus the cells the rings
/// run through. Row-major order, without repeats.
pub fn polygon_cells(
    transform: &GeoTransform,
    shape: (usize, usize),
    rings: &[Vec<(f64, f64)>],
) -> Vec<(usize, usize)> {
    let cols = shape.1;
    let mut mask = centre_mask(transform, shape, rings);
    for ring in rings {
        let mut closed = ring.clone();
        if let Some(&first) = ring.first() {
            closed.push(first);
        }
        for (r, c) in line_cells(transform, shape, &closed) {
            mask[r * cols + c] = true;
        }
    }
    mask.iter()
        .enumerate()
        .filter(|(_, &m)| m)
        .map(|(i, _)| (i / cols, i % cols))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagonal_line_is_connected() {
        let gt = GeoTransform::north_up(0.0, 100.0, 10.0);
        let cells = line_cells(&gt, (10, 10), &[(1.0, 99.0), (99.0, 1.0)]);
        assert_eq!(cells.first(), Some(&(0, 0)));
        assert_eq!(cells.last(), Some(&(9, 9)));
        for w in cells.windows(2) {
            let (dr, dc) = (w[1].0 as i64 - w[0].0 as i64, w[1].1 as i64 - w[0].1 as i64);
            assert!(dr.abs() <= 1 && dc.abs() <= 1, "{w:?}");
        }
        // Clipped outside the grid.
        assert!(line_cells(&gt, (10, 10), &[(200.0, 50.0), (300.0, 50.0)]).is_empty());
        assert_eq!(
            line_cells(&gt, (10, 10), &[(-50.0, 55.0), (5.0, 55.0)]),
            vec![(4, 0)]
        );
    }

    #[test]
    fn polygon_with_hole() {
        let gt = GeoTransform::north_up(0.0, 100.0, 10.0);
        let outer = vec![(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)];
        let hole = vec![(31.0, 31.0), (69.0, 31.0), (69.0, 69.0), (31.0, 69.0)];
        let all = polygon_cells(&gt, (10, 10), std::slice::from_ref(&outer));
        assert_eq!(all.len(), 100);
        let holed = polygon_cells(&gt, (10, 10), &[outer, hole]);
        // The 16 centres inside the hole (rows and cols 3..=6) are out, but the hole's outline
        // runs through the 12 rim cells of that block, which stay: 4 cells are left out.
        assert_eq!(holed.len(), 100 - 4);
        // A tiny polygon inside one cell marks that cell.
        let tiny = vec![(41.0, 41.0), (42.0, 41.0), (42.0, 42.0)];
        assert_eq!(polygon_cells(&gt, (10, 10), &[tiny]), vec![(5, 4)]);
    }
}
