//! Depression filling by Priority-Flood (Barnes, Lehman & Mulla 2014, *Computers & Geosciences*
//! 62:117–127).
//!
//! Cells on the grid edge (and cells next to NaN/nodata, which act as outlets) seed a priority
//! queue ordered by elevation. The lowest open cell `c` is popped and its unvisited neighbours `n`
//! are visited:
//!
//! - **Flat** (Algorithm 2, "Improved Priority-Flood"): `z(n) ← max(z(n), z(c))`. Depressions
//!   become exactly flat.
//! - **Epsilon** (Algorithm 3, "Priority-Flood+ε"): `z(n) ← max(z(n), nextafter(z(c)))`. Each
//!   cell ends strictly above the cell it was reached from, so *every* cell has a strictly
//!   lower neighbour and flow routing needs no separate flat resolution. The raise is one f32
//!   ulp per cell crossed (about 6·10⁻⁵ m per cell at 1000 m), so a flat 1000 cells long is
//!   tilted by about 6 cm.
//!
//! Cells raised inside a depression go to a plain FIFO "pit" queue instead of the priority queue
//! (Barnes et al.'s improvement). Cells found *above* the level of the closed cell they are
//! reached from keep their own elevation, which is final (any path to the edge through that
//! cell tops out at its elevation); they are traversed uphill with a plain stack, and enter the
//! priority queue only if they have a lower, still undecided neighbour (the variant of Zhou, Sun
//! & Fu 2016, *Computers & Geosciences* 90:87–96). Most cells never touch the priority queue.
//! Ties in the priority queue break on the linear cell index, so the result is deterministic.
//!
//! Every cell pushed on the priority queue lies strictly above the cell being processed, so the
//! keys it pops never decrease. That makes a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990,
//! *J. ACM* 37(2)) exact here, with O(1) amortised pushes instead of a binary heap's O(log n).

use crate::Raster;
use std::collections::VecDeque;

/// A monotone priority queue (radix heap) of u64 entries ordered by their upper 32 bits only:
/// `pop` returns an entry whose upper half is the smallest present, and every entry pushed must
/// have an upper half at least that of the last entry popped. Entries with equal upper halves
/// come out last-in first-out, which is deterministic.
struct RadixHeap {
    buckets: Vec<Vec<u64>>,
    last: u32,
    len: usize,
}

impl RadixHeap {
    fn new() -> Self {
        RadixHeap {
            buckets: (0..33).map(|_| Vec::new()).collect(),
            last: 0,
            len: 0,
        }
    }

    #[inline]
    fn bucket(&self, k: u64) -> usize {
        (32 - (((k >> 32) as u32) ^ self.last).leading_zeros()) as usize
    }

    #[inline]
    fn push(&mut self, k: u64) {
        debug_assert!(
            (k >> 32) as u32 >= self.last,
            "radix heap keys must not decrease"
        );
        let b = self.bucket(k);
        self.buckets[b].push(k);
        self.len += 1;
    }

    fn pop(&mut self) -> Option<u64> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let i = (1..33).find(|&i| !self.buckets[i].is_empty())?;
            let mut moved = std::mem::take(&mut self.buckets[i]);
            self.last = moved
                .iter()
                .map(|&k| (k >> 32) as u32)
                .min()
                .expect("non-empty");
            for &k in &moved {
                let b = self.bucket(k);
                self.buckets[b].push(k);
            }
            // Keep the emptied bucket's allocation for reuse.
            moved.clear();
            self.buckets[i] = moved;
        }
        self.len -= 1;
        self.buckets[0].pop()
    }
}

/// How depressions are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FillMethod {
    /// Priority-Flood+ε: filled areas keep a tiny gradient towards their outlet; every cell
    /// drains. The right choice before flow routing.
    #[default]
    Epsilon,
    /// Priority-Flood: depressions become exactly flat (the right choice for depression depth and
    /// volume).
    Flat,
}

/// Maps an f32 to a u32 whose unsigned order is the float's total order.
#[inline]
fn ordered_bits(z: f32) -> u32 {
    let b = z.to_bits();
    if b & 0x8000_0000 != 0 {
        !b
    } else {
        b | 0x8000_0000
    }
}

/// Inverse of [`ordered_bits`].
#[inline]
fn from_ordered_bits(b: u32) -> f32 {
    f32::from_bits(if b & 0x8000_0000 != 0 {
        b & 0x7FFF_FFFF
    } else {
        !b
    })
}

/// A fixed-size bit set.
struct BitSet(Vec<u64>);

impl BitSet {
    fn new(n: usize, value: bool) -> Self {
        BitSet(vec![if value { u64::MAX } else { 0 }; n.div_ceil(64)])
    }
    #[inline]
    fn get(&self, i: usize) -> bool {
        self.0[i >> 6] & (1 << (i & 63)) != 0
    }
    #[inline]
    fn set(&mut self, i: usize) {
        self.0[i >> 6] |= 1 << (i & 63);
    }
    #[inline]
    fn clear(&mut self, i: usize) {
        self.0[i >> 6] &= !(1 << (i & 63));
    }
}

/// The next representable f32 above `z` (finite `z`).
#[inline]
pub(crate) fn next_up(z: f32) -> f32 {
    if z.is_nan() || z == f32::INFINITY {
        return z;
    }
    if z == 0.0 {
        return f32::from_bits(1);
    }
    let b = z.to_bits();
    f32::from_bits(if z > 0.0 { b + 1 } else { b - 1 })
}

/// Fill the depressions of `dem` so that every cell drains to the grid edge or to a NaN/nodata
/// cell. NaN and nodata cells are left unchanged.
///
/// ```
/// use hazsim_grid::{fill_depressions, FillMethod, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// let dem = Raster::new(
///     array![[5.0f32, 5.0, 5.0], [5.0, 1.0, 4.0], [5.0, 5.0, 5.0]],
///     GeoTransform::north_up(0.0, 3.0, 1.0), Crs::epsg(32616));
/// let flat = fill_depressions(&dem, FillMethod::Flat);
/// assert_eq!(flat.data[[1, 1]], 4.0); // filled to its spill point
/// let eps = fill_depressions(&dem, FillMethod::Epsilon);
/// assert!(eps.data[[1, 1]] > 4.0 && eps.data[[1, 1]] < 4.001);
/// ```
pub fn fill_depressions(dem: &Raster<f32>, method: FillMethod) -> Raster<f32> {
    let (rows, cols) = dem.shape();
    if rows == 0 || cols == 0 {
        return dem.clone();
    }
    let nd = dem.nodata;
    let missing = |v: f32| v.is_nan() || nd.is_some_and(|m| v as f64 == m);
    // Work on a copy padded with a one-cell ring that starts closed, so the inner loop needs no
    // bounds checks: neighbours are fixed offsets in the padded row-major array.
    let pc = cols + 2;
    let n = (rows + 2) * pc;
    let mut z = vec![f32::NAN; n];
    // closed: one bit per cell, so the flag array stays in cache (0.5 MB for 4·10⁶ cells).
    let mut closed = BitSet::new(n, true);
    for (r, row) in dem.data.outer_iter().enumerate() {
        let base = (r + 1) * pc + 1;
        for (c, &v) in row.iter().enumerate() {
            z[base + c] = v;
            if !missing(v) {
                closed.clear(base + c);
            }
        }
    }
    let offs = super::neighbours::linear_offsets(pc);
    let mut pq = RadixHeap::new();
    // Queue entries carry the cell's (final) elevation with its index: key(z, i) orders by
    // elevation, then index, and saves reloading z at a random address when the entry is popped.
    let key = |z: f32, i: usize| ((ordered_bits(z) as u64) << 32) | i as u64;
    let unkey = |k: u64| {
        (
            from_ordered_bits((k >> 32) as u32),
            (k & 0xFFFF_FFFF) as usize,
        )
    };

    // Seeds: the outer ring, and valid cells next to a missing cell (NaN/nodata cells are
    // outlets). Seeds are closed at their own elevation.
    let seed = |i: usize, closed: &mut BitSet, pq: &mut RadixHeap| {
        if !closed.get(i) {
            closed.set(i);
            pq.push(key(z[i], i));
        }
    };
    let mut holes: Vec<usize> = Vec::new();
    for r in 1..=rows {
        for c in 1..=cols {
            let i = r * pc + c;
            if z[i].is_nan() || nd.is_some_and(|m| z[i] as f64 == m) {
                holes.push(i);
            }
        }
    }
    for c in 1..=cols {
        seed(pc + c, &mut closed, &mut pq);
        seed(rows * pc + c, &mut closed, &mut pq);
    }
    for r in 1..=rows {
        seed(r * pc + 1, &mut closed, &mut pq);
        seed(r * pc + cols, &mut closed, &mut pq);
    }
    for &h in &holes {
        for &o in offs.iter() {
            seed((h as isize + o) as usize, &mut closed, &mut pq);
        }
    }

    let epsilon = method == FillMethod::Epsilon;
    let mut pit: VecDeque<u64> = VecDeque::new();
    let mut slope: Vec<u64> = Vec::new();
    // Slope cells that had a lower, undecided neighbour. Most such neighbours are closed by the
    // time the pit and slope queues run dry (they are reached uphill from elsewhere), so the
    // check is repeated then, and only cells that still border an open lower cell enter the
    // priority queue.
    let mut deferred: Vec<u64> = Vec::new();
    loop {
        // Pit cells first (FIFO: breadth-first order keeps each cell's ε-raise at its distance
        // in cells from the spill point), then slope cells, then the priority queue.
        let (k, on_slope) = if let Some(k) = pit.pop_front() {
            (k, false)
        } else if let Some(k) = slope.pop() {
            (k, true)
        } else {
            for &d in &deferred {
                let (zd, di) = unkey(d);
                if offs.iter().any(|&o| {
                    let ni = (di as isize + o) as usize;
                    !closed.get(ni) && z[ni] <= zd
                }) {
                    pq.push(d);
                }
            }
            deferred.clear();
            match pq.pop() {
                Some(k) => (k, false),
                None => break,
            }
        };
        let (zc, ci) = unkey(k);
        let floor = if epsilon { next_up(zc) } else { zc };
        let mut undecided = false;
        for &off in offs.iter() {
            let ni = (ci as isize + off) as usize;
            if closed.get(ni) {
                continue;
            }
            let zn = z[ni];
            if zn < floor || zn <= zc {
                if on_slope {
                    // A lower neighbour of a slope cell may drain elsewhere at a lower level:
                    // decide it in priority order, from this cell's place in the queue.
                    undecided = true;
                    continue;
                }
                z[ni] = floor;
                closed.set(ni);
                pit.push_back(key(floor, ni));
            } else {
                // Higher than a closed cell's final level: its own elevation is final.
                closed.set(ni);
                slope.push(key(zn, ni));
            }
        }
        if undecided {
            deferred.push(k);
        }
    }
    let filled = ndarray::Array2::from_shape_fn((rows, cols), |(r, c)| z[(r + 1) * pc + 1 + c]);
    Raster {
        data: filled,
        transform: dem.transform,
        crs: dem.crs.clone(),
        nodata: dem.nodata,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Crs, GeoTransform};
    use ndarray::{array, Array2};

    fn raster(z: Array2<f32>) -> Raster<f32> {
        Raster::new(z, GeoTransform::north_up(0.0, 0.0, 1.0), Crs::epsg(32616))
    }

    #[test]
    fn pit_fills_to_its_spill_point() {
        // Hand check: the 2-cell pit spills over the 3 on the east edge.
        let dem = raster(array![
            [9.0, 9.0, 9.0, 9.0, 9.0],
            [9.0, 1.0, 2.0, 3.0, 9.0],
            [9.0, 9.0, 9.0, 9.0, 9.0],
        ]);
        let mut dem = dem;
        dem.data[[1, 4]] = 3.0;
        let f = fill_depressions(&dem, FillMethod::Flat);
        assert_eq!(f.data.row(1).to_vec(), vec![9.0, 3.0, 3.0, 3.0, 3.0]);
        let e = fill_depressions(&dem, FillMethod::Epsilon);
        // Strictly increasing away from the outlet at (1, 4).
        let row = e.data.row(1).to_vec();
        assert!(
            row[3] > row[4] && row[2] > row[3] && row[1] > row[2],
            "{row:?}"
        );
        assert!(row[1] - 3.0 < 1e-5);
    }

    #[test]
    fn already_draining_dem_is_unchanged() {
        let z = Array2::from_shape_fn((20, 30), |(r, c)| (r * 3 + c) as f32 * 0.5);
        let dem = raster(z);
        assert_eq!(fill_depressions(&dem, FillMethod::Epsilon), dem);
        assert_eq!(fill_depressions(&dem, FillMethod::Flat), dem);
    }

    #[test]
    fn nested_depressions_and_nodata_outlet() {
        // A bowl with a NaN hole in it: the hole is an outlet, so the bowl does not fill.
        let mut z = Array2::from_shape_fn((9, 9), |(r, c)| {
            ((r as f32 - 4.0).powi(2) + (c as f32 - 4.0).powi(2)).sqrt()
        });
        let dem = raster(z.clone());
        let f = fill_depressions(&dem, FillMethod::Flat);
        assert!(
            f.data.iter().all(|&v| v >= 4.0 - 1e-6),
            "closed bowl fills to its rim"
        );
        z[[4, 4]] = f32::NAN;
        let f = fill_depressions(&raster(z.clone()), FillMethod::Flat);
        assert!(f.data[[4, 4]].is_nan());
        assert_eq!(f.data[[4, 5]], 1.0, "cells next to a hole drain into it");
    }

    /// Planchon & Darboux (2001, *Catena* 46:159–176) fill with ε = 0: an independent,
    /// iterative algorithm that converges to the same exactly-flat result.
    fn planchon_darboux(z: &Array2<f32>) -> Array2<f32> {
        let (rows, cols) = z.dim();
        let mut w = z.map(|&v| if v.is_nan() { v } else { f32::INFINITY });
        for r in 0..rows {
            for c in 0..cols {
                let nan_next = (0..8).any(|k| {
                    crate::terrain::neighbours::neighbour(r, c, k, rows, cols)
                        .is_some_and(|(nr, nc)| z[[nr, nc]].is_nan())
                });
                if super::super::neighbours::on_edge(r, c, rows, cols) || nan_next {
                    w[[r, c]] = z[[r, c]];
                }
            }
        }
        loop {
            let mut changed = false;
            for r in 0..rows {
                for c in 0..cols {
                    if z[[r, c]].is_nan() || w[[r, c]] == z[[r, c]] {
                        continue;
                    }
                    for k in 0..8 {
                        if let Some((nr, nc)) =
                            crate::terrain::neighbours::neighbour(r, c, k, rows, cols)
                        {
                            let wn = w[[nr, nc]];
                            if wn.is_nan() {
                                continue;
                            }
                            if z[[r, c]] >= wn {
                                w[[r, c]] = z[[r, c]];
                                changed = true;
                                break;
                            } else if w[[r, c]] > wn {
                                w[[r, c]] = wn;
                                changed = true;
                            }
                        }
                    }
                }
            }
            if !changed {
                return w;
            }
        }
    }

    fn random_dem(rows: usize, cols: usize, seed: u64, holes: bool) -> Array2<f32> {
        let mut s = seed;
        Array2::from_shape_fn((rows, cols), |(r, c)| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (s >> 40) as f32 / (1u64 << 24) as f32;
            if holes && u < 0.02 {
                return f32::NAN;
            }
            // Coarse relief quantised to 0.5 m, so ties and flats are common.
            (((r as f32 * 0.7).sin() + (c as f32 * 0.45).cos()) * 6.0 + u * 4.0).round() * 0.5
                + 300.0
        })
    }

    #[test]
    fn flat_fill_matches_planchon_darboux_exactly() {
        for seed in 0..12 {
            let z = random_dem(23 + seed as usize, 31, seed, seed % 3 == 0);
            let f = fill_depressions(&raster(z.clone()), FillMethod::Flat);
            let want = planchon_darboux(&z);
            for ((i, &a), &b) in f.data.indexed_iter().zip(want.iter()) {
                assert!(
                    a == b || (a.is_nan() && b.is_nan()),
                    "seed {seed} at {i:?}: {a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn epsilon_fill_drains_everywhere_and_stays_close_to_flat() {
        for seed in 0..12 {
            let z = random_dem(29, 27 + seed as usize, 100 + seed, seed % 4 == 1);
            let dem = raster(z.clone());
            let e = fill_depressions(&dem, FillMethod::Epsilon);
            let f = fill_depressions(&dem, FillMethod::Flat);
            let (rows, cols) = z.dim();
            for r in 0..rows {
                for c in 0..cols {
                    let v = e.data[[r, c]];
                    if v.is_nan() {
                        assert!(z[[r, c]].is_nan());
                        continue;
                    }
                    assert!(v >= z[[r, c]] && v >= f.data[[r, c]]);
                    // Within a few hundred ulps of the flat fill.
                    assert!(v - f.data[[r, c]] < 1e-2, "raise {}", v - f.data[[r, c]]);
                    let outlet = super::super::neighbours::on_edge(r, c, rows, cols)
                        || (0..8).any(|k| {
                            crate::terrain::neighbours::neighbour(r, c, k, rows, cols)
                                .is_some_and(|(nr, nc)| z[[nr, nc]].is_nan())
                        });
                    if !outlet {
                        let lower = (0..8).any(|k| {
                            crate::terrain::neighbours::neighbour(r, c, k, rows, cols)
                                .is_some_and(|(nr, nc)| e.data[[nr, nc]] < v)
                        });
                        assert!(lower, "seed {seed}: ({r},{c}) has no lower neighbour");
                    }
                }
            }
        }
    }

    #[test]
    fn radix_heap_pops_in_order() {
        let mut h = RadixHeap::new();
        let mut state = 12345u64;
        let mut popped = Vec::new();
        let mut reference = std::collections::BinaryHeap::new();
        for round in 0..200 {
            for _ in 0..(round % 7) {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                let k = (((h.last as u64) + (state >> 50)) << 32) | (state & 0xFF);
                h.push(k);
                reference.push(std::cmp::Reverse(k));
            }
            if let Some(k) = h.pop() {
                let std::cmp::Reverse(r) = reference.pop().unwrap();
                assert_eq!(k >> 32, r >> 32, "same priority");
                popped.push(k >> 32);
                // Put back whichever entry the reference popped if it differs in the low half.
                if r != k {
                    reference.retain(|&std::cmp::Reverse(x)| x != k);
                    reference.push(std::cmp::Reverse(r));
                }
            }
        }
        assert!(popped.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn ordered_bits_round_trip_and_order() {
        let vals = [-1e30f32, -2.5, -0.0, 0.0, 1e-30, 1.0, 1000.5, 3e38];
        for w in vals.windows(2) {
            assert!(ordered_bits(w[0]) <= ordered_bits(w[1]));
        }
        for v in vals {
            assert_eq!(from_ordered_bits(ordered_bits(v)).to_bits(), v.to_bits());
        }
    }

    #[test]
    fn next_up_is_one_ulp() {
        assert!(next_up(1.0) > 1.0 && next_up(1.0) - 1.0 < 2e-7);
        assert!(next_up(-1.0) > -1.0);
        assert!(next_up(0.0) > 0.0);
        assert!(next_up(-0.0) > 0.0);
    }
}
