//! Polygons on a grid: which cells a polygon covers, by the centre-inside rule (a cell belongs to
//! the polygon when its centre lies inside). Shared by every engine that takes areas as polygons
//! (flood reservoirs and breaches, debris release areas).

use crate::Raster;
use ndarray::Array2;

/// True when (x, y) lies inside the rings by the even-odd rule: the exterior ring and any holes,
/// each a closed or open list of vertices (the closing edge is implied).
///
/// ```
/// use hazsim_grid::polygon::point_in_rings;
/// let square = vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]];
/// assert!(point_in_rings(&square, 5.0, 5.0));
/// assert!(!point_in_rings(&square, 15.0, 5.0));
/// let with_hole = vec![square[0].clone(), vec![(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0)]];
/// assert!(!point_in_rings(&with_hole, 5.0, 5.0));
/// ```
pub fn point_in_rings(rings: &[Vec<(f64, f64)>], x: f64, y: f64) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = ring[i];
            let (xj, yj) = ring[j];
            // Crossing of the horizontal ray from (x, y) towards +x with edge j→i.
            if (yi > y) != (yj > y) && x < xj + (y - yj) * (xi - xj) / (yi - yj) {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// The mask of cells of `grid` whose centres lie inside the polygon `rings` (world coordinates
/// in the grid's CRS; the first ring is the exterior, the others holes; even-odd rule).
///
/// ```
/// use hazsim_grid::{polygon::polygon_mask, Crs, GeoTransform, Raster};
/// use ndarray::Array2;
/// // 4 × 4 cells of 10 m; the polygon covers the centres of the two western columns.
/// let g = Raster::new(Array2::<f32>::zeros((4, 4)), GeoTransform::north_up(0.0, 40.0, 10.0), Crs::epsg(32633));
/// let m = polygon_mask(&g, &[vec![(0.0, 0.0), (20.0, 0.0), (20.0, 40.0), (0.0, 40.0)]]);
/// assert_eq!(m.iter().filter(|&&b| b).count(), 8);
/// assert!(m[[0, 1]] && !m[[0, 2]]);
/// ```
pub fn polygon_mask<T>(grid: &Raster<T>, rings: &[Vec<(f64, f64)>]) -> Array2<bool> {
    Array2::from_shape_fn(grid.shape(), |(r, c)| {
        let (x, y) = grid.cell_center(r, c);
        point_in_rings(rings, x, y)
    })
}
