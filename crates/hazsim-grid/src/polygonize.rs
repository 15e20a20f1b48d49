//! Exact polygons of a boolean mask, traced along cell edges.
//!
//! [`polygonize`] turns the `true` cells of a mask into polygons whose rings run along the cell
//! edges, so the polygon area is exactly the number of cells times the cell area (no smoothing,
//! no simplification beyond dropping vertices in the middle of straight runs). Coordinates are in
//! the world units of the raster's [`GeoTransform`].
//!
//! Rings follow RFC 7946 (GeoJSON): every ring is closed (first position repeated last), the
//! exterior ring is counter-clockwise and holes are clockwise, whatever the sign of the
//! transform's cell height.
//!
//! **Connectivity.** Two cells that share an edge are always in the same polygon. Two cells that
//! touch only at a corner (a "saddle": the other two cells around the corner are `false`) are:
//! - [`Connectivity::Four`]: in *separate* polygons that share that corner vertex. Every ring is
//!   then simple (never touches itself): a pocket of `false` cells that meets the outside only
//!   at a corner becomes a hole touching the exterior at that point. The output is valid under
//!   the OGC Simple Features rules (checked with shapely/GEOS in python/tests/test_fire.py);
//! - [`Connectivity::Eight`]: in the *same* polygon, whose ring passes through the corner twice
//!   (it touches itself at one point). Useful when a diagonal chain of cells is one object, e.g.
//!   a fire that spread diagonally.
//!
//! The covered region, and so the total area, is the same either way.
//!
//! ```
//! use hazsim_grid::polygonize::{polygonize, Connectivity};
//! use hazsim_grid::{Crs, GeoTransform, Raster};
//! use ndarray::array;
//! // A 3 × 3 ring of cells around a hole, 10 m cells.
//! let mask = Raster::new(
//!     array![[true, true, true], [true, false, true], [true, true, true]],
//!     GeoTransform::north_up(500.0, 1030.0, 10.0),
//!     Crs::epsg(32650),
//! );
//! let polys = polygonize(&mask, Connectivity::Four);
//! assert_eq!(polys.len(), 1);
//! assert_eq!(polys[0].holes.len(), 1);
//! assert_eq!(polys[0].area(), 8.0 * 100.0);
//! assert_eq!(polys[0].exterior[0], *polys[0].exterior.last().unwrap()); // closed
//! ```

use crate::{GeoTransform, Raster};
use ndarray::ArrayView2;
use std::collections::VecDeque;

/// Which cells count as one polygon (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Connectivity {
    /// Cells sharing an edge; corner-touching cells are separate polygons (simple rings).
    #[default]
    Four,
    /// Cells sharing an edge or a corner; a ring may touch itself at a corner.
    Eight,
}

/// A polygon: a counter-clockwise exterior ring and clockwise holes, all closed, in world
/// coordinates.
///
/// ```
/// use hazsim_grid::polygonize::Polygon;
/// let square = Polygon {
///     exterior: vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)],
///     holes: vec![],
/// };
/// assert_eq!(square.area(), 4.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// Exterior ring, counter-clockwise, closed.
    pub exterior: Vec<(f64, f64)>,
    /// Hole rings, clockwise, closed.
    pub holes: Vec<Vec<(f64, f64)>>,
}

/// Signed area of a closed or open ring (positive when counter-clockwise with y up), by the
/// shoelace formula taken relative to the first vertex (which keeps large UTM coordinates
/// from costing precision).
///
/// ```
/// use hazsim_grid::polygonize::ring_signed_area;
/// assert_eq!(ring_signed_area(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]), 1.0);
/// assert_eq!(ring_signed_area(&[(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)]), -1.0);
/// ```
pub fn ring_signed_area(ring: &[(f64, f64)]) -> f64 {
    let Some(&(x0, y0)) = ring.first() else {
        return 0.0;
    };
    let n = ring.len();
    let mut s = 0.0;
    for i in 0..n {
        let (ax, ay) = (ring[i].0 - x0, ring[i].1 - y0);
        let (bx, by) = (ring[(i + 1) % n].0 - x0, ring[(i + 1) % n].1 - y0);
        s += ax * by - bx * ay;
    }
    0.5 * s
}

impl Polygon {
    /// Area: the exterior's minus the holes' (world units squared).
    pub fn area(&self) -> f64 {
        ring_signed_area(&self.exterior).abs()
            - self
                .holes
                .iter()
                .map(|h| ring_signed_area(h).abs())
                .sum::<f64>()
    }
}

/// Total area of polygons (world units squared).
///
/// ```
/// use hazsim_grid::polygonize::{polygonize, total_area, Connectivity};
/// use hazsim_grid::{Crs, GeoTransform, Raster};
/// use ndarray::array;
/// let mask = Raster::new(array![[true, false], [false, true]], GeoTransform::north_up(0.0, 60.0, 30.0), Crs::epsg(32650));
/// assert_eq!(total_area(&polygonize(&mask, Connectivity::Four)), 2.0 * 900.0);
/// ```
pub fn total_area(polygons: &[Polygon]) -> f64 {
    polygons.iter().map(Polygon::area).sum()
}

/// Polygons of the `true` cells of `mask` (see the module docs), in the order of each polygon's
/// first cell in row-major order.
pub fn polygonize(mask: &Raster<bool>, connectivity: Connectivity) -> Vec<Polygon> {
    polygonize_view(mask.view(), &mask.transform, connectivity)
}

// Edge directions in pixel space (x = column to the east, y = row to the south).
const DX: [i64; 4] = [1, 0, -1, 0]; // E, S, W, N
const DY: [i64; 4] = [0, 1, 0, -1];

/// [`polygonize`] of a bare array with its transform.
///
/// ```
/// use hazsim_grid::polygonize::{polygonize_view, Connectivity};
/// use hazsim_grid::GeoTransform;
/// use ndarray::array;
/// let m = array![[true, true], [true, false]];
/// let p = polygonize_view(m.view(), &GeoTransform::north_up(0.0, 2.0, 1.0), Connectivity::Four);
/// assert_eq!(p[0].area(), 3.0);
/// assert_eq!(p[0].exterior.len(), 7); // an L: 6 corners, closed
/// ```
pub fn polygonize_view(
    mask: ArrayView2<'_, bool>,
    transform: &GeoTransform,
    connectivity: Connectivity,
) -> Vec<Polygon> {
    let (rows, cols) = mask.dim();
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    let at = |r: i64, c: i64| -> bool {
        r >= 0
            && c >= 0
            && (r as usize) < rows
            && (c as usize) < cols
            && mask[[r as usize, c as usize]]
    };
    // Boundary edges with the inside on the right (pixel space, y down), by start vertex:
    // bit d of out[v] set = an edge leaving vertex v in direction d.
    let vcols = cols + 1;
    let mut out = vec![0u8; (rows + 1) * vcols];
    let vid = |x: i64, y: i64| y as usize * vcols + x as usize;
    for r in 0..rows as i64 {
        for c in 0..cols as i64 {
            if !at(r, c) {
                continue;
            }
            if !at(r - 1, c) {
                out[vid(c, r)] |= 1 << 0; // top edge, eastwards
            }
            if !at(r, c + 1) {
                out[vid(c + 1, r)] |= 1 << 1; // right edge, southwards
            }
            if !at(r + 1, c) {
                out[vid(c + 1, r + 1)] |= 1 << 2; // bottom edge, westwards
            }
            if !at(r, c - 1) {
                out[vid(c, r + 1)] |= 1 << 3; // left edge, northwards
            }
        }
    }
    // Component labels of the true cells with the chosen connectivity.
    let mut label = vec![u32::MAX; rows * cols];
    let mut n_labels = 0u32;
    let neighbours: &[(i64, i64)] = match connectivity {
        Connectivity::Four => &[(-1, 0), (0, 1), (1, 0), (0, -1)],
        Connectivity::Eight => &[
            (-1, 0),
            (-1, 1),
            (0, 1),
            (1, 1),
            (1, 0),
            (1, -1),
            (0, -1),
            (-1, -1),
        ],
    };
    let mut queue = VecDeque::new();
    for start in 0..rows * cols {
        if !mask[[start / cols, start % cols]] || label[start] != u32::MAX {
            continue;
        }
        label[start] = n_labels;
        queue.push_back(start);
        while let Some(i) = queue.pop_front() {
            let (r, c) = ((i / cols) as i64, (i % cols) as i64);
            for &(dr, dc) in neighbours {
                if at(r + dr, c + dc) {
                    let j = (r + dr) as usize * cols + (c + dc) as usize;
                    if label[j] == u32::MAX {
                        label[j] = n_labels;
                        queue.push_back(j);
                    }
                }
            }
        }
        n_labels += 1;
    }
    // The cell on the right of an edge leaving (x, y) in direction d.
    let inside_cell = |x: i64, y: i64, d: usize| -> usize {
        let (r, c) = match d {
            0 => (y, x),
            1 => (y, x - 1),
            2 => (y - 1, x - 1),
            _ => (y - 1, x),
        };
        r as usize * cols + c as usize
    };
    // Trace rings. Each edge has one successor: the only edge leaving its end vertex, or at a
    // saddle (two edges leave) the right turn (keeps corner-touching cells apart) or the left
    // turn (joins them).
    let mut visited = vec![0u8; out.len()];
    let mut exteriors: Vec<Option<Vec<(f64, f64)>>> = vec![None; n_labels as usize];
    let mut holes: Vec<Vec<Vec<(f64, f64)>>> = vec![Vec::new(); n_labels as usize];
    for v0 in 0..out.len() {
        while out[v0] & !visited[v0] != 0 {
            let d0 = (out[v0] & !visited[v0]).trailing_zeros() as usize;
            let (x0, y0) = ((v0 % vcols) as i64, (v0 / vcols) as i64);
            let comp = label[inside_cell(x0, y0, d0)] as usize;
            let mut ring_px: Vec<(i64, i64)> = Vec::new();
            let (mut x, mut y, mut d) = (x0, y0, d0);
            loop {
                visited[vid(x, y)] |= 1 << d;
                let (nx, ny) = (x + DX[d], y + DY[d]);
                let avail = out[vid(nx, ny)];
                let right = (d + 1) % 4;
                let left = (d + 3) % 4;
                let nd = if avail.count_ones() == 2 {
                    match connectivity {
                        Connectivity::Four => right,
                        Connectivity::Eight => left,
                    }
                } else if avail & (1 << right) != 0 {
                    right
                } else if avail & (1 << left) != 0 {
                    left
                } else {
                    d
                };
                if nd != d {
                    ring_px.push((nx, ny)); // a corner
                }
                x = nx;
                y = ny;
                d = nd;
                if (x, y, d) == (x0, y0, d0) {
                    break;
                }
            }
            // With four-connectivity a ring can still pass one corner twice where it pinches off
            // a pocket of outside cells that touches the rest of the outside only at that
            // corner: split it there into simple loops (the pocket becomes a hole touching the
            // exterior at one point, which OGC allows). With eight-connectivity the rings are
            // kept whole, as documented.
            let loops = match connectivity {
                Connectivity::Four => split_at_repeats(ring_px),
                Connectivity::Eight => vec![ring_px],
            };
            for lp in loops {
                // Pixel space has y down: with the inside on the right, exteriors are clockwise
                // on screen, which is a positive shoelace sum in (x, y) taken as plain numbers.
                let ring_f: Vec<(f64, f64)> =
                    lp.iter().map(|&(x, y)| (x as f64, y as f64)).collect();
                let is_exterior = ring_signed_area(&ring_f) > 0.0;
                let mut world: Vec<(f64, f64)> = lp
                    .iter()
                    .map(|&(x, y)| transform.apply(x as f64, y as f64))
                    .collect();
                let ccw = ring_signed_area(&world) > 0.0;
                if ccw != is_exterior {
                    world.reverse();
                }
                world.push(world[0]);
                if is_exterior {
                    exteriors[comp] = Some(world);
                } else {
                    holes[comp].push(world);
                }
            }
        }
    }
    exteriors
        .into_iter()
        .zip(holes)
        .filter_map(|(e, h)| e.map(|exterior| Polygon { exterior, holes: h }))
        .collect()
}

/// Splits a cyclic vertex sequence into loops that each visit every vertex once: whenever a
/// vertex comes back, the stretch since its first visit is cut out as a loop of its own.
fn split_at_repeats(ring: Vec<(i64, i64)>) -> Vec<Vec<(i64, i64)>> {
    let mut loops = Vec::new();
    let mut stack: Vec<(i64, i64)> = Vec::with_capacity(ring.len());
    let mut at: std::collections::HashMap<(i64, i64), usize> = Default::default();
    for v in ring {
        if let Some(&k) = at.get(&v) {
            let lp: Vec<(i64, i64)> = stack.drain(k..).collect();
            for u in &lp[1..] {
                at.remove(u);
            }
            loops.push(lp);
            stack.push(v);
        } else {
            at.insert(v, stack.len());
            stack.push(v);
        }
    }
    if stack.len() >= 3 {
        loops.push(stack);
    }
    loops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Crs;
    use ndarray::{array, Array2};

    fn raster(m: Array2<bool>) -> Raster<bool> {
        // 30 m cells at a UTM-like origin: every corner coordinate is an exact binary number.
        Raster::new(
            m,
            GeoTransform::north_up(500_000.0, 4_000_000.0, 30.0),
            Crs::epsg(32650),
        )
    }

    fn check_rings(p: &Polygon) {
        assert_eq!(p.exterior.first(), p.exterior.last());
        assert!(ring_signed_area(&p.exterior) > 0.0, "exterior not CCW");
        for h in &p.holes {
            assert_eq!(h.first(), h.last());
            assert!(ring_signed_area(h) < 0.0, "hole not CW");
        }
    }

    #[test]
    fn single_cell() {
        let mut m = Array2::from_elem((3, 4), false);
        m[[1, 2]] = true;
        let p = polygonize(&raster(m), Connectivity::Four);
        assert_eq!(p.len(), 1);
        check_rings(&p[0]);
        assert_eq!(p[0].exterior.len(), 5);
        assert_eq!(p[0].area(), 900.0);
        // The cell's corners: x 500 060..500 090, y 3 999 940..3 999 970.
        let xs: Vec<f64> = p[0].exterior.iter().map(|q| q.0).collect();
        let ys: Vec<f64> = p[0].exterior.iter().map(|q| q.1).collect();
        assert_eq!(xs.iter().cloned().fold(f64::MAX, f64::min), 500_060.0);
        assert_eq!(xs.iter().cloned().fold(f64::MIN, f64::max), 500_090.0);
        assert_eq!(ys.iter().cloned().fold(f64::MAX, f64::min), 3_999_940.0);
        assert_eq!(ys.iter().cloned().fold(f64::MIN, f64::max), 3_999_970.0);
    }

    #[test]
    fn l_shape() {
        let m = array![
            [true, false, false],
            [true, false, false],
            [true, true, true]
        ];
        let p = polygonize(&raster(m), Connectivity::Four);
        assert_eq!(p.len(), 1);
        check_rings(&p[0]);
        assert_eq!(p[0].exterior.len(), 7); // six corners + closing
        assert!(p[0].holes.is_empty());
        assert_eq!(p[0].area(), 5.0 * 900.0);
    }

    #[test]
    fn ring_with_hole() {
        let mut m = Array2::from_elem((5, 5), true);
        m[[2, 2]] = false;
        m[[2, 3]] = false;
        let p = polygonize(&raster(m), Connectivity::Four);
        assert_eq!(p.len(), 1);
        check_rings(&p[0]);
        assert_eq!(p[0].holes.len(), 1);
        assert_eq!(p[0].holes[0].len(), 5);
        assert_eq!(ring_signed_area(&p[0].holes[0]), -2.0 * 900.0);
        assert_eq!(p[0].area(), 23.0 * 900.0);
    }

    #[test]
    fn two_blobs_and_an_island_in_a_hole() {
        let m = array![
            [true, true, false, false, false, false, false],
            [true, true, false, true, true, true, true],
            [false, false, false, true, false, false, true],
            [false, false, false, true, false, true, true],
            [false, false, false, true, true, true, true],
        ];
        let p = polygonize(&raster(m.clone()), Connectivity::Four);
        // The 2 × 2 blob and the frame around a three-cell hole (cell (3, 5) shares edges with
        // the frame, so it is part of it).
        assert_eq!(p.len(), 2);
        for q in &p {
            check_rings(q);
        }
        assert_eq!(p[0].area(), 4.0 * 900.0);
        assert_eq!(p[1].holes.len(), 1);
        let cells = m.iter().filter(|&&b| b).count() as f64;
        assert_eq!(total_area(&p), cells * 900.0);
        // An island inside a hole is its own polygon.
        let mut m2 = Array2::from_elem((7, 7), false);
        for i in 0..7 {
            m2[[0, i]] = true;
            m2[[6, i]] = true;
            m2[[i, 0]] = true;
            m2[[i, 6]] = true;
        }
        m2[[3, 3]] = true;
        let p2 = polygonize(&raster(m2), Connectivity::Four);
        assert_eq!(p2.len(), 2);
        assert_eq!(p2[0].holes.len(), 1);
        assert_eq!(p2[1].area(), 900.0);
        assert_eq!(total_area(&p2), 25.0 * 900.0);
    }

    #[test]
    fn corner_touching_cells_by_connectivity() {
        let m = array![[true, false], [false, true]];
        let four = polygonize(&raster(m.clone()), Connectivity::Four);
        assert_eq!(four.len(), 2);
        assert!(four.iter().all(|p| p.exterior.len() == 5));
        let eight = polygonize(&raster(m.clone()), Connectivity::Eight);
        assert_eq!(eight.len(), 1);
        check_rings(&eight[0]);
        assert_eq!(eight[0].exterior.len(), 9); // passes the shared corner twice
        assert_eq!(total_area(&four), total_area(&eight));
        // The other diagonal.
        let m = array![[false, true], [true, false]];
        assert_eq!(polygonize(&raster(m.clone()), Connectivity::Four).len(), 2);
        assert_eq!(polygonize(&raster(m), Connectivity::Eight).len(), 1);
    }

    /// A pocket of outside cells that meets the outside only at a corner becomes a hole that
    /// touches the exterior there, with simple rings; with eight-connectivity too (the outside
    /// is then four-connected, so the pocket is enclosed).
    #[test]
    fn pinched_pocket_becomes_a_hole() {
        let m = array![
            [true, true, true, false],
            [true, false, true, false],
            [true, true, false, false]
        ];
        let four = polygonize(&raster(m.clone()), Connectivity::Four);
        assert_eq!(four.len(), 1);
        check_rings(&four[0]);
        assert_eq!(four[0].holes.len(), 1);
        let ext = &four[0].exterior[..four[0].exterior.len() - 1];
        for (i, p) in ext.iter().enumerate() {
            assert!(!ext[i + 1..].contains(p), "exterior passes {p:?} twice");
        }
        assert_eq!(four[0].area(), 7.0 * 900.0);
        let eight = polygonize(&raster(m), Connectivity::Eight);
        assert_eq!(eight.len(), 1);
        assert_eq!(eight[0].holes.len(), 1);
        assert_eq!(eight[0].area(), 7.0 * 900.0);
    }

    /// Area is cell count × cell area exactly, for a pseudo-random mask, either connectivity,
    /// and the transform's y direction does not change the orientation rules.
    #[test]
    fn area_equals_cell_count_exactly() {
        let mut state = 12345u64;
        let m = Array2::from_shape_fn((40, 37), |_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % 3 != 0
        });
        let cells = m.iter().filter(|&&b| b).count() as f64;
        for conn in [Connectivity::Four, Connectivity::Eight] {
            let p = polygonize(&raster(m.clone()), conn);
            for q in &p {
                check_rings(q);
            }
            assert_eq!(total_area(&p), cells * 900.0, "{conn:?}");
            let south_up = polygonize_view(
                m.view(),
                &GeoTransform([100.0, 2.0, 0.0, 50.0, 0.0, 2.0]),
                conn,
            );
            for q in &south_up {
                check_rings(q);
            }
            assert_eq!(total_area(&south_up), cells * 4.0);
        }
        assert!(polygonize(
            &raster(Array2::from_elem((3, 3), false)),
            Connectivity::Four
        )
        .is_empty());
        let full = polygonize(&raster(Array2::from_elem((3, 3), true)), Connectivity::Four);
        assert_eq!(full.len(), 1);
        assert_eq!(full[0].exterior.len(), 5);
    }
}
