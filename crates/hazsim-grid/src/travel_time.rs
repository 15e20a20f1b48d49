//! Travel-time (cost-distance) surfaces from several sources: when relief leaving depots can
//! reach each cell of a grid whose road cells may be cut, e.g. by a flood.
//!
//! The grid is a speed surface (m/s per cell); [`travel_time`] returns the earliest arrival
//! time at every cell by Dijkstra's algorithm on the 8-connected grid, with the usual
//! cost-distance rule of ArcGIS *Cost Distance* and GRASS `r.cost`: a move between adjacent
//! cells costs its length times the mean of the two cells' slownesses (1 / speed).
//!
//! ```
//! use hazsim_grid::travel_time;
//! use ndarray::Array2;
//!
//! // 5 m/s everywhere, 10 m cells, one depot open at t = 0 in the corner.
//! let t = travel_time(Array2::from_elem((3, 3), 5.0f32).view(), 10.0, &[(0, 0, 0.0)])?;
//! assert_eq!(t[[0, 2]], 4.0); // two 10 m steps at 5 m/s
//! # Ok::<(), hazsim_grid::Error>(())
//! ```

use crate::terrain::neighbours::{neighbour, DISTANCE, OFFSETS};
use crate::{Error, Result};
use ndarray::{Array2, ArrayView2};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Earliest arrival time (s) at every cell of a speed surface from several timed sources.
///
/// - `speed`: the speed (m/s) at which one crosses each cell; `0`, negative or NaN marks an
///   impassable cell (a building, a road cut by the flood). `+inf` is rejected.
/// - `cell_size`: the side of a (square) cell in metres.
/// - `sources`: `(row, col, start time in s)`, e.g. depots and the times they open. The same
///   cell may be given twice: the earliest start counts.
///
/// Returns an array of `speed`'s shape with the earliest arrival time at each cell, `NaN`
/// where no source can reach it (impassable, or cut off). A time beyond `f32::MAX` reads
/// `+inf`.
///
/// # Rules
///
/// - **Cost of a move** between adjacent cells `a` and `b`: `d · (1/v_a + 1/v_b) / 2`, where
///   `d` is `cell_size` for an orthogonal move and `cell_size·√2` for a diagonal one (the
///   cost-distance rule of ArcGIS *Cost Distance* and GRASS `r.cost`). On a uniform surface
///   the result is the octile distance divided by the speed: exact along the axes and the
///   diagonals, at most 8.24 % above the straight-line time (at 22.5° off an axis).
/// - **Impassable cells** are never entered. A **source on an impassable cell** (a depot inside
///   a building) still starts there: it keeps its start time, and a move out of it costs
///   `d / v_b`, as if the source cell had the speed of the cell entered. Other impassable cells
///   stay closed, so a depot ringed by impassable cells reaches nothing.
/// - **Corners**: a diagonal move is allowed unless *both* orthogonal cells it passes between
///   are impassable, so a diagonal line of impassable cells touching only at their corners
///   (a levee drawn along a diagonal) is a wall, while a single impassable cell can be rounded
///   diagonally.
/// - **Determinism**: the heap pops in order of (time, row-major cell index), so equal times
///   are settled by cell index and the result depends on nothing else (not on the memory
///   layout of `speed`, nor on the order of `sources` beyond the earliest start per cell).
///
/// # Cost
///
/// O(N log N) time for N cells, sequential, with no allocation per heap pop. State: 9 bytes per
/// cell (an `f64` arrival time and a settled flag; slownesses are computed on the fly from
/// `speed`; [`travel_time_to`] adds a 1-byte target flag) plus the 4-byte `f32` output, and 16 bytes per pending heap entry (the front of the search; at most
/// one per improvement of a cell's time, so at most 8 N in all).
///
/// # Errors
///
/// [`Error::InvalidParameter`] for a `cell_size` that is not finite and > 0, an empty
/// `sources`, a start time that is not finite and ≥ 0, or a `+inf` speed;
/// [`Error::OutsideGrid`] for a source outside the grid (also any source on an empty grid).
///
/// ```
/// use hazsim_grid::travel_time;
/// use ndarray::Array2;
///
/// // 1 m/s terrain, 10 m cells; a road along row 1 at 20 m/s, cut by a flood at column 3.
/// let mut v = Array2::from_elem((3, 6), 1.0f32);
/// v.row_mut(1).fill(20.0);
/// v[[1, 3]] = 0.0;
/// let t = travel_time(v.view(), 10.0, &[(1, 0, 0.0)])?;
/// assert_eq!(t[[1, 2]], 1.0); // two road moves of 10 m at 20 m/s
/// assert!(t[[1, 3]].is_nan()); // the cut cell is never entered
/// // Past the cut: around it through the terrain, two diagonal moves at mean slowness
/// // (1/20 + 1)/2 s/m.
/// let around = 2.0 * 10.0 * 2f64.sqrt() * (1.0 / 20.0 + 1.0) / 2.0;
/// assert!((t[[1, 4]] as f64 - (1.0 + around)).abs() < 1e-4);
///
/// // A source outside the grid is an error naming it.
/// let e = travel_time(v.view(), 10.0, &[(3, 0, 0.0)]).unwrap_err();
/// assert!(e.to_string().contains("sources[0]"));
/// # Ok::<(), hazsim_grid::Error>(())
/// ```
pub fn travel_time(
    speed: ArrayView2<f32>,
    cell_size: f64,
    sources: &[(usize, usize, f64)],
) -> Result<Array2<f32>> {
    search(speed, cell_size, sources, None)
}

/// [`travel_time`] that stops once every cell of `targets` (row-major indices) has its final
/// time: those cells and every cell reached no later than the last of them are exact, the
/// others are NaN. A scheduler that needs the times of a few places (the people relief is
/// sent to) pays for the part of the grid closer than the farthest of them. Targets outside
/// the grid are an error; impassable or unreachable targets only cost the full search.
///
/// ```
/// use hazsim_grid::travel_time::{travel_time, travel_time_to};
/// use ndarray::Array2;
/// let v = Array2::from_elem((50, 50), 2.0f32);
/// let full = travel_time(v.view(), 10.0, &[(0, 0, 0.0)])?;
/// let near = travel_time_to(v.view(), 10.0, &[(0, 0, 0.0)], &[3 * 50 + 4])?;
/// assert_eq!(near[[3, 4]], full[[3, 4]]);
/// assert!(near[[49, 49]].is_nan()); // beyond the target: not searched
/// # Ok::<(), hazsim_grid::Error>(())
/// ```
pub fn travel_time_to(
    speed: ArrayView2<f32>,
    cell_size: f64,
    sources: &[(usize, usize, f64)],
    targets: &[usize],
) -> Result<Array2<f32>> {
    let n = speed.len();
    if let Some((k, &i)) = targets.iter().enumerate().find(|(_, &i)| i >= n) {
        return Err(Error::param(
            &format!("targets[{k}]"),
            i,
            &format!("a row-major cell index below {n} (rows × cols)"),
        ));
    }
    search(speed, cell_size, sources, Some(targets))
}

fn search(
    speed: ArrayView2<f32>,
    cell_size: f64,
    sources: &[(usize, usize, f64)],
    targets: Option<&[usize]>,
) -> Result<Array2<f32>> {
    let (rows, cols) = speed.dim();
    if !(cell_size.is_finite() && cell_size > 0.0) {
        return Err(Error::param(
            "cell_size",
            cell_size,
            "a finite cell side > 0 in metres, e.g. 10 for a 10 m DEM",
        ));
    }
    if sources.is_empty() {
        return Err(Error::param(
            "sources",
            "an empty list",
            "at least one (row, col, start time) source, e.g. a depot open at t = 0",
        ));
    }
    for (i, &(r, c, t0)) in sources.iter().enumerate() {
        if r >= rows || c >= cols {
            return Err(Error::outside_cell(
                &format!("sources[{i}]"),
                r,
                c,
                (rows, cols),
            ));
        }
        if !(t0.is_finite() && t0 >= 0.0) {
            return Err(Error::param(
                &format!("sources[{i}] start time"),
                t0,
                "a finite time ≥ 0 s, e.g. 0 for a depot open at the start",
            ));
        }
    }
    if let Some(((r, c), _)) = speed
        .indexed_iter()
        .find(|(_, v)| v.is_infinite() && v.is_sign_positive())
    {
        return Err(Error::param(
            "speed",
            format!("inf at (row {r}, col {c})"),
            "a finite speed in m/s (0, a negative value or NaN marks an impassable cell)",
        ));
    }

    // Slowness (s/m) of a passable cell; `None` for an impassable one.
    let slowness = |r: usize, c: usize| -> Option<f64> {
        let v = speed[[r, c]];
        (v > 0.0).then(|| 1.0 / f64::from(v))
    };

    let mut time = vec![f64::INFINITY; rows * cols];
    let mut heap = BinaryHeap::with_capacity(sources.len() + 8 * (rows + cols));
    for &(r, c, t0) in sources {
        let i = r * cols + c;
        if t0 < time[i] {
            time[i] = t0;
            heap.push(Entry { time: t0, cell: i });
        }
    }

    // Targets not yet settled (none: search everything).
    let mut pending = vec![false; if targets.is_some() { rows * cols } else { 0 }];
    let mut left = 0usize;
    for &i in targets.unwrap_or(&[]) {
        if !pending[i] {
            pending[i] = true;
            left += 1;
        }
    }
    let mut settled = vec![false; rows * cols];
    while let Some(Entry { time: t, cell: i }) = heap.pop() {
        // Entries are only pushed on a strict improvement, so the one with t == time[i] is
        // unique; later ones are stale.
        if t > time[i] {
            continue;
        }
        settled[i] = true;
        if targets.is_some() && pending[i] {
            pending[i] = false;
            left -= 1;
            if left == 0 {
                break;
            }
        }
        let (r, c) = (i / cols, i % cols);
        let s_here = slowness(r, c);
        for (k, &(dr, dc)) in OFFSETS.iter().enumerate() {
            let Some((nr, nc)) = neighbour(r, c, k, rows, cols) else {
                continue;
            };
            let j = nr * cols + nc;
            // Costs are ≥ 0, so a cell already at or below `t` cannot improve (this also skips
            // every settled cell).
            if time[j] <= t {
                continue;
            }
            let Some(s_next) = slowness(nr, nc) else {
                continue;
            };
            if dr != 0 && dc != 0 && slowness(nr, c).is_none() && slowness(r, nc).is_none() {
                continue; // would cut the corner between two impassable cells
            }
            let mean = match s_here {
                Some(s) => 0.5 * (s + s_next),
                None => s_next, // leaving an impassable source cell
            };
            // Clamped so that a time beyond f64 (absurdly slow cells) still marks the cell as
            // reached: it comes out as +inf, not as NaN.
            let nt = (t + cell_size * DISTANCE[k] * mean).min(f64::MAX);
            if nt < time[j] {
                time[j] = nt;
                heap.push(Entry { time: nt, cell: j });
            }
        }
    }

    Ok(Array2::from_shape_fn((rows, cols), |(r, c)| {
        let t = time[r * cols + c];
        if t.is_finite() && settled[r * cols + c] {
            t as f32
        } else {
            f32::NAN
        }
    }))
}

/// A heap entry ordered so that [`BinaryHeap`] (a max-heap) pops the earliest time first, and
/// the lowest cell index among equal times.
#[derive(Clone, Copy, Debug)]
struct Entry {
    time: f64,
    cell: usize,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.cell.cmp(&self.cell))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

#[cfg(test)]
mod target_tests {
    use super::*;

    /// Stopping at the targets changes no time it returns: every non-NaN cell equals the full
    /// search's, the targets are among them, and cells farther than the last target are NaN.
    #[test]
    fn stopping_at_targets_keeps_every_time_exact() {
        let mut v = Array2::from_elem((60, 80), 1.5f32);
        v.row_mut(20).fill(12.0);
        for r in 10..50 {
            v[[r, 40]] = 0.0;
        }
        let src = [(5, 5, 0.0), (55, 70, 30.0)];
        let full = travel_time(v.view(), 10.0, &src).unwrap();
        let targets = [20 * 80 + 60, 30 * 80 + 10];
        let part = travel_time_to(v.view(), 10.0, &src, &targets).unwrap();
        let last = targets
            .iter()
            .map(|&i| full[[i / 80, i % 80]])
            .fold(0.0f32, f32::max);
        for ((ix, &p), &f) in part.indexed_iter().zip(full.iter()) {
            if p.is_nan() {
                assert!(
                    f.is_nan() || f >= last,
                    "{ix:?}: {f} left out but before {last}"
                );
            } else {
                assert_eq!(p.to_bits(), f.to_bits(), "{ix:?}");
            }
        }
        for &i in &targets {
            assert!(part[[i / 80, i % 80]].is_finite());
        }
        assert!(
            part.iter().filter(|v| v.is_nan()).count() > full.iter().filter(|v| v.is_nan()).count()
        );
        let e = travel_time_to(v.view(), 10.0, &src, &[60 * 80]).unwrap_err();
        assert!(e.to_string().contains("targets[0]"), "{e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::SQRT_2;

    /// Octile distance in cells: the shortest 8-connected path on an open grid.
    fn octile(a: (usize, usize), b: (usize, usize)) -> f64 {
        let dr = a.0.abs_diff(b.0) as f64;
        let dc = a.1.abs_diff(b.1) as f64;
        dr.max(dc) - dr.min(dc) + SQRT_2 * dr.min(dc)
    }

    /// `got` equals `want` up to the rounding of an f64 time to f32.
    fn assert_f32_eq(got: f32, want: f64, what: &str) {
        let tol = want.abs() * f64::from(f32::EPSILON) + 1e-12;
        assert!(
            (f64::from(got) - want).abs() <= tol,
            "{what}: got {got}, want {want}"
        );
    }

    #[test]
    fn uniform_speed_gives_octile_distance() {
        let (n, centre, v, cell) = (201, 100usize, 2.5f64, 10.0);
        let speed = Array2::from_elem((n, n), v as f32);
        let t = travel_time(speed.view(), cell, &[(centre, centre, 0.0)]).unwrap();
        assert_eq!(t[[centre, centre]], 0.0);
        for k in 1..=100usize {
            let axis = k as f64 * cell / v;
            for (r, c) in [
                (centre, centre + k),
                (centre, centre - k),
                (centre + k, centre),
                (centre - k, centre),
            ] {
                assert_f32_eq(t[[r, c]], axis, &format!("axis ({r}, {c})"));
            }
            let diag = SQRT_2 * axis;
            for (r, c) in [
                (centre + k, centre + k),
                (centre - k, centre - k),
                (centre + k, centre - k),
                (centre - k, centre + k),
            ] {
                assert_f32_eq(t[[r, c]], diag, &format!("diagonal ({r}, {c})"));
            }
        }
        // The 8-connected (octile) metric never underestimates the straight line and
        // overestimates it by at most cos 22.5° + (√2 − 1)·sin 22.5° − 1 ≈ 8.24 %, at 22.5°
        // off an axis.
        let mut worst: f64 = 1.0;
        for ((r, c), &tc) in t.indexed_iter() {
            if (r, c) == (centre, centre) {
                continue;
            }
            let euclid = cell * (r.abs_diff(centre) as f64).hypot(c.abs_diff(centre) as f64);
            let ratio = f64::from(tc) * v / euclid;
            assert!(
                (1.0 - 1e-6..=1.0824).contains(&ratio),
                "({r}, {c}): T·v / Euclid = {ratio}"
            );
            worst = worst.max(ratio);
        }
        eprintln!("worst T·v / Euclid on the 201×201 grid: {worst}");
        assert!(
            worst > 1.08,
            "the worst overestimate {worst} is near 8.24 %"
        );
    }

    #[test]
    fn wall_is_crossed_through_its_gap() {
        // 1 m/s, 5 m cells; a wall along column 50 with one gap at row 80.
        let (n, wall, gap, cell) = (101, 50usize, (80usize, 50usize), 5.0);
        let mut speed = Array2::from_elem((n, n), 1.0f32);
        speed.column_mut(wall).fill(0.0);
        speed[gap] = 1.0;
        let src = (40, 20);
        let t = travel_time(speed.view(), cell, &[(src.0, src.1, 0.0)]).unwrap();
        // One cell worked by hand: source → gap is 30 diagonal + 10 straight moves, gap →
        // (60, 90) is 20 diagonal + 20 straight moves.
        let target = (60, 90);
        assert_eq!(octile(src, gap) + octile(gap, target), 50.0 * SQRT_2 + 30.0);
        assert_f32_eq(t[target], (50.0 * SQRT_2 + 30.0) * cell, "behind the wall");
        assert!(
            f64::from(t[target]) > octile(src, target) * cell * 1.2,
            "a detour"
        );
        // Every path behind the wall goes through the gap, and the shortest one does.
        for ((r, c), &tc) in t.indexed_iter() {
            if c < wall {
                assert_f32_eq(tc, octile(src, (r, c)) * cell, "in front");
            } else if c == wall && r != gap.0 {
                assert!(tc.is_nan(), "wall cell ({r}, {c}) = {tc}");
            } else {
                let via = (octile(src, gap) + octile(gap, (r, c))) * cell;
                assert_f32_eq(tc, via, &format!("({r}, {c}) via the gap"));
            }
        }
    }

    #[test]
    fn enclosed_areas_are_nan() {
        // A square ring, and a diamond ring: diagonal walls of cells touching only at corners, which
        // hold only because a diagonal move may not cut between two impassable cells.
        let n = 61;
        let inside_square = |r: usize, c: usize| (6..=14).contains(&r) && (6..=14).contains(&c);
        let on_square = |r: usize, c: usize| {
            (5..=15).contains(&r) && (5..=15).contains(&c) && !inside_square(r, c)
        };
        let diamond = |r: usize, c: usize| r.abs_diff(40) + c.abs_diff(40);
        let speed = Array2::from_shape_fn((n, n), |(r, c)| {
            if on_square(r, c) || diamond(r, c) == 10 {
                f32::NAN
            } else {
                3.0
            }
        });
        let t = travel_time(speed.view(), 1.0, &[(0, 60, 0.0)]).unwrap();
        for ((r, c), &tc) in t.indexed_iter() {
            let closed = on_square(r, c) || inside_square(r, c) || diamond(r, c) <= 10;
            assert_eq!(tc.is_nan(), closed, "({r}, {c}) = {tc}");
        }
        // A source inside an enclosure reaches only the enclosure.
        let t = travel_time(speed.view(), 1.0, &[(40, 40, 0.0)]).unwrap();
        for ((r, c), &tc) in t.indexed_iter() {
            assert_eq!(tc.is_finite(), diamond(r, c) < 10, "({r}, {c}) = {tc}");
        }
    }

    #[test]
    fn diagonal_moves_do_not_cut_between_two_impassable_cells() {
        let blocked = ndarray::array![[1.0f32, 0.0], [0.0, 1.0]];
        let t = travel_time(blocked.view(), 1.0, &[(0, 0, 0.0)]).unwrap();
        assert!(t[[1, 1]].is_nan());
        // One impassable corner can be rounded diagonally.
        let open = ndarray::array![[1.0f32, 0.0], [1.0, 1.0]];
        let t = travel_time(open.view(), 1.0, &[(0, 0, 0.0)]).unwrap();
        assert_f32_eq(t[[1, 1]], SQRT_2, "rounded corner");
    }

    #[test]
    fn later_source_wins_only_where_closer_by_more_than_its_delay() {
        // 1 m/s, 1 m cells; A at column 20 opens at 0 s, B at column 80 opens at 30 s. Along
        // row 50 B wins where 30 + (80 − c) < c − 20, i.e. c > 65.
        let speed = Array2::from_elem((101, 101), 1.0f32);
        let (a, b) = ((50, 20), (50, 80));
        let t = travel_time(speed.view(), 1.0, &[(a.0, a.1, 0.0), (b.0, b.1, 30.0)]).unwrap();
        assert_eq!(t[[50, 64]], 44.0); // A: 44 s, B would need 30 + 16 = 46 s
        assert_eq!(t[[50, 66]], 44.0); // B: 30 + 14 = 44 s, A would need 46 s
        assert_eq!(t[[50, 65]], 45.0); // the tie
        assert_eq!(t[[50, 80]], 30.0); // B's own cell, before A arrives at 60 s
        assert_eq!(t[[50, 100]], 50.0);
        assert_eq!(t[[50, 0]], 20.0);
        for ((r, c), &tc) in t.indexed_iter() {
            let want = octile(a, (r, c)).min(30.0 + octile(b, (r, c)));
            assert_f32_eq(tc, want, &format!("({r}, {c})"));
        }
        // A source that would arrive later than another changes nothing.
        let t2 = travel_time(speed.view(), 1.0, &[(a.0, a.1, 0.0), (50, 30, 11.0)]).unwrap();
        let t1 = travel_time(speed.view(), 1.0, &[(a.0, a.1, 0.0)]).unwrap();
        assert_eq!(t1, t2);
    }

    #[test]
    fn fast_road_in_slow_terrain() {
        // 1 m/s terrain, 10 m cells, a 20 m/s road along row 50.
        let (n, cell) = (101, 10.0);
        let mut speed = Array2::from_elem((n, 201), 1.0f32);
        speed.row_mut(50).fill(20.0);
        let t = travel_time(speed.view(), cell, &[(50, 0, 0.0)]).unwrap();
        for c in 0..201 {
            assert_f32_eq(t[[50, c]], c as f64 * cell / 20.0, "along the road");
            // Off the road: along it, then one orthogonal step at mean slowness (1/20 + 1)/2.
            let off = c as f64 * cell / 20.0 + cell * (1.0 / 20.0 + 1.0) / 2.0;
            assert_f32_eq(t[[49, c]], off, "next to the road");
        }

        // The flood cuts the road at column 100: around the cut by two diagonal moves through
        // the terrain.
        speed[[50, 100]] = 0.0;
        let t = travel_time(speed.view(), cell, &[(50, 0, 0.0)]).unwrap();
        let around = 2.0 * SQRT_2 * cell * (1.0 / 20.0 + 1.0) / 2.0;
        assert!(t[[50, 100]].is_nan());
        assert_f32_eq(t[[50, 99]], 99.0 * cell / 20.0, "before the cut");
        assert_f32_eq(t[[50, 101]], 99.0 * cell / 20.0 + around, "after the cut");
        assert_f32_eq(t[[50, 200]], 198.0 * cell / 20.0 + around, "road's end");
    }

    #[test]
    fn source_on_an_impassable_cell_starts_there() {
        let mut speed = Array2::from_elem((5, 5), 2.0f32);
        speed[[2, 2]] = 0.0; // the depot's building
        let t = travel_time(speed.view(), 10.0, &[(2, 2, 7.0)]).unwrap();
        let open = travel_time(
            Array2::from_elem((5, 5), 2.0f32).view(),
            10.0,
            &[(2, 2, 7.0)],
        )
        .unwrap();
        // Leaving the depot's cell costs d / v of the cell entered: the same as open ground.
        assert_eq!(t, open);
        assert_eq!(t[[2, 3]], 12.0);
        // Ringed by impassable cells, it reaches nothing.
        let mut ringed = Array2::from_elem((5, 5), 2.0f32);
        ringed.slice_mut(ndarray::s![1..4, 1..4]).fill(-1.0);
        let t = travel_time(ringed.view(), 10.0, &[(2, 2, 7.0)]).unwrap();
        assert_eq!(t[[2, 2]], 7.0);
        assert_eq!(t.iter().filter(|v| v.is_finite()).count(), 1);
        // An impassable cell that is not a source stays NaN even when a source sits next to it.
        let t = travel_time(ringed.view(), 10.0, &[(0, 0, 0.0)]).unwrap();
        assert!(t[[1, 1]].is_nan() && t[[2, 2]].is_nan());
        // Around the block: 6 orthogonal moves and one diagonal past a corner, 5 s per 10 m.
        assert_f32_eq(t[[4, 4]], (6.0 + SQRT_2) * 5.0, "around the block");
    }

    #[test]
    fn independent_of_layout_and_source_order() {
        let speed = Array2::from_shape_fn((40, 30), |(r, c)| {
            if (r * 7 + c * 3) % 11 == 0 {
                0.0
            } else {
                1.0 + ((r * 13 + c * 5) % 9) as f32
            }
        });
        let src = [(3, 4, 0.0), (30, 25, 12.5), (3, 4, 1.0)];
        let t = travel_time(speed.view(), 2.0, &src).unwrap();
        let mut rev = src;
        rev.reverse();
        let back = travel_time(speed.view(), 2.0, &rev).unwrap();
        assert!(back.iter().zip(&t).all(|(a, b)| a.to_bits() == b.to_bits()));
        // A transposed (column-major) view gives the transposed result.
        let swapped: Vec<_> = src.iter().map(|&(r, c, s)| (c, r, s)).collect();
        let tt = travel_time(speed.t(), 2.0, &swapped).unwrap();
        assert_eq!(tt.dim(), (30, 40));
        assert!(tt
            .t()
            .iter()
            .zip(&t)
            .all(|(a, b)| a.to_bits() == b.to_bits()));
        assert!(t.iter().filter(|v| v.is_nan()).count() > 50);
        assert!(t.iter().filter(|v| v.is_finite()).count() > 1000);
    }

    #[test]
    fn bad_inputs_name_the_input() {
        let speed = Array2::from_elem((4, 5), 1.0f32);
        let err = |v: ArrayView2<f32>, cell: f64, src: &[(usize, usize, f64)]| {
            travel_time(v, cell, src).unwrap_err().to_string()
        };
        for cell in [0.0, -3.0, f64::NAN, f64::INFINITY] {
            let e = err(speed.view(), cell, &[(0, 0, 0.0)]);
            assert!(e.contains("cell_size") && e.contains("> 0"), "{e}");
        }
        let e = err(speed.view(), 1.0, &[]);
        assert!(e.contains("sources") && e.contains("at least one"), "{e}");
        let e = err(speed.view(), 1.0, &[(0, 0, 0.0), (4, 1, 0.0)]);
        assert!(
            e.contains("sources[1]") && e.contains("row 4") && e.contains("4 rows x 5 cols"),
            "{e}"
        );
        let e = err(speed.view(), 1.0, &[(0, 5, 0.0)]);
        assert!(e.contains("sources[0]") && e.contains("col 5"), "{e}");
        for t0 in [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let e = err(speed.view(), 1.0, &[(0, 0, t0)]);
            assert!(
                e.contains("sources[0] start time") && e.contains("≥ 0"),
                "{e}"
            );
        }
        let mut inf = speed.clone();
        inf[[2, 3]] = f32::INFINITY;
        let e = err(inf.view(), 1.0, &[(0, 0, 0.0)]);
        assert!(e.contains("speed") && e.contains("row 2, col 3"), "{e}");
        // An empty grid: no source can lie inside it.
        let empty = Array2::<f32>::zeros((0, 0));
        let e = err(empty.view(), 1.0, &[(0, 0, 0.0)]);
        assert!(
            e.contains("sources[0]") && e.contains("0 rows x 0 cols"),
            "{e}"
        );
        assert!(err(empty.view(), 1.0, &[]).contains("sources"));
    }

    #[test]
    fn odd_grids_do_not_panic() {
        let one = travel_time(
            Array2::from_elem((1, 1), 1.0f32).view(),
            1.0,
            &[(0, 0, 3.0)],
        )
        .unwrap();
        assert_eq!(one[[0, 0]], 3.0);
        let t = travel_time(
            Array2::from_elem((1, 7), f32::NAN).view(),
            1.0,
            &[(0, 3, 0.0)],
        )
        .unwrap();
        assert_eq!(t.iter().filter(|v| v.is_finite()).count(), 1);
        let t = travel_time(
            Array2::from_elem((3, 3), f32::NEG_INFINITY).view(),
            1.0,
            &[(0, 0, 0.0)],
        )
        .unwrap();
        assert!(t[[2, 2]].is_nan());
        // Extreme but valid values: tiny speeds give times beyond f32 (+inf), never a panic.
        let t = travel_time(
            Array2::from_elem((2, 2), 1e-45f32).view(),
            1e300,
            &[(0, 0, 0.0)],
        )
        .unwrap();
        assert_eq!(t[[0, 1]], f32::INFINITY);
        let t = travel_time(
            Array2::from_elem((2, 2), f32::MAX).view(),
            1e-300,
            &[(0, 0, 1e300)],
        )
        .unwrap();
        assert_eq!(t[[1, 1]], f32::INFINITY);
    }
}
