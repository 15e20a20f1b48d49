//! Contour lines (isolines) of a raster by marching squares: flood and fire isochrones
//! (arrival-time contours), depth contours. Lines are polylines in world coordinates.

use crate::Raster;

/// Contour lines of `v` (NaN or the raster's nodata value = no value) at `levels`, by marching squares over cell centres,
/// as world-coordinate polylines. Pieces are chained end to end, and lines shorter than
/// `min_length` (world units) are dropped, so isolated wet cells do not sprinkle the map
/// with specks.
///
/// ```
/// use hazsim_grid::{contour::contour_lines, Crs, GeoTransform, Raster};
/// // Arrival times rising 60 s per cell to the east: the 150 s isochrone is one north-south line.
/// let t = Raster::new(ndarray::Array2::from_shape_fn((4, 6), |(_, c)| 60.0 * c as f32), GeoTransform::north_up(0.0, 40.0, 10.0), Crs::epsg(32616));
/// let lines = contour_lines(&t, &[150.0], 0.0);
/// assert_eq!(lines.len(), 1);
/// assert!(lines[0].iter().all(|p| (p.0 - 30.0).abs() < 1e-9));
/// ```
pub fn contour_lines(v: &Raster<f32>, levels: &[f64], min_length: f64) -> Vec<Vec<(f64, f64)>> {
    use std::collections::HashMap;
    let (rows, cols) = v.shape();
    let mut lines = Vec::new();
    if rows < 2 || cols < 2 {
        return lines;
    }
    // A crossing is keyed by its grid edge: (row, col, 0 = towards east / 1 = towards south).
    type Key = (usize, usize, u8);
    for &lev in levels {
        let lev = lev as f32;
        let mut pos: HashMap<Key, (f64, f64)> = HashMap::new();
        let mut crossing = |a: (usize, usize), b: (usize, usize)| -> Option<Key> {
            let (za, zb) = (v.data[[a.0, a.1]], v.data[[b.0, b.1]]);
            if (za < lev) == (zb < lev) {
                return None;
            }
            let key = (a.0, a.1, u8::from(b.0 > a.0));
            pos.entry(key).or_insert_with(|| {
                let f = ((lev - za) / (zb - za)) as f64;
                let (xa, ya) = v.cell_center(a.0, a.1);
                let (xb, yb) = v.cell_center(b.0, b.1);
                (xa + f * (xb - xa), ya + f * (yb - ya))
            });
            Some(key)
        };
        let mut adj: HashMap<Key, Vec<Key>> = HashMap::new();
        for r in 0..rows - 1 {
            for c in 0..cols - 1 {
                let z = [
                    v.data[[r, c]],
                    v.data[[r, c + 1]],
                    v.data[[r + 1, c + 1]],
                    v.data[[r + 1, c]],
                ];
                if z.iter()
                    .any(|&x| !x.is_finite() || v.nodata == Some(x as f64))
                {
                    continue;
                }
                // Edges top, right, bottom, left, each from its west/north corner.
                let edges = [
                    ((r, c), (r, c + 1)),
                    ((r, c + 1), (r + 1, c + 1)),
                    ((r + 1, c), (r + 1, c + 1)),
                    ((r, c), (r + 1, c)),
                ];
                let keys: Vec<Key> = edges.iter().filter_map(|&(a, b)| crossing(a, b)).collect();
                for pair in keys.chunks_exact(2) {
                    adj.entry(pair[0]).or_default().push(pair[1]);
                    adj.entry(pair[1]).or_default().push(pair[0]);
                }
            }
        }
        // Walk chains, starting from ends (degree 1) first, then closed loops; sorted keys keep
        // the output deterministic.
        let mut starts: Vec<Key> = adj.keys().copied().collect();
        starts.sort_unstable_by_key(|k| (adj[k].len() != 1, *k));
        let mut used: std::collections::HashSet<(Key, Key)> = std::collections::HashSet::new();
        for s in starts {
            while let Some(&first) = adj[&s].iter().find(|n| !used.contains(&(s, **n))) {
                let mut chain = vec![s];
                let mut cur = first;
                used.insert((s, cur));
                used.insert((cur, s));
                chain.push(cur);
                while let Some(&next) = adj[&cur].iter().find(|n| !used.contains(&(cur, **n))) {
                    used.insert((cur, next));
                    used.insert((next, cur));
                    cur = next;
                    chain.push(cur);
                    if cur == s {
                        break;
                    }
                }
                let pts: Vec<(f64, f64)> = chain.iter().map(|k| pos[k]).collect();
                let len: f64 = pts
                    .windows(2)
                    .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
                    .sum();
                if len >= min_length {
                    lines.push(pts);
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Crs, GeoTransform};

    /// A west-east ramp gives straight north-south contours, one chained line per level, at the
    /// interpolated x; NaN cells break lines and short pieces are dropped.
    #[test]
    fn contours_of_a_ramp() {
        let v = Raster::new(
            ndarray::Array2::from_shape_fn((6, 10), |(_, c)| c as f32),
            GeoTransform::north_up(0.0, 60.0, 10.0),
            Crs::epsg(32633),
        );
        let lines = contour_lines(&v, &[2.5, 7.25], 0.0);
        assert_eq!(lines.len(), 2);
        for (l, x) in lines.iter().zip([30.0, 77.5]) {
            assert_eq!(l.len(), 6);
            assert!(l.iter().all(|p| (p.0 - x).abs() < 1e-9), "{l:?}");
        }
        assert!(contour_lines(&v, &[2.5], 100.0).is_empty());
        let mut holes = v.clone();
        holes.data.column_mut(3).fill(f32::NAN);
        assert!(contour_lines(&holes, &[2.5], 0.0).is_empty());
        // The raster's nodata value breaks lines as NaN does.
        let mut nd = v.clone().with_nodata(-9999.0);
        nd.data.column_mut(3).fill(-9999.0);
        assert!(contour_lines(&nd, &[2.5], 0.0).is_empty());
    }
}
