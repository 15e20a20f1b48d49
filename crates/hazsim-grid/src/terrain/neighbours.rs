//! The 8-neighbourhood shared by every routing routine.
//!
//! Neighbour `k` (0..8) runs clockwise from east: E, SE, S, SW, W, NW, N, NE. Its D8 code is
//! `1 << k`, which is the ESRI/ArcGIS convention (1 = E, 2 = SE, 4 = S, ..., 128 = NE).

/// (row, col) offsets of neighbour `k`, clockwise from east.
pub const OFFSETS: [(isize, isize); 8] = [
    (0, 1),
    (1, 1),
    (1, 0),
    (1, -1),
    (0, -1),
    (-1, -1),
    (-1, 0),
    (-1, 1),
];

/// Distance to neighbour `k` in cells (1 or √2).
pub const DISTANCE: [f64; 8] = [
    1.0,
    std::f64::consts::SQRT_2,
    1.0,
    std::f64::consts::SQRT_2,
    1.0,
    std::f64::consts::SQRT_2,
    1.0,
    std::f64::consts::SQRT_2,
];

/// The neighbour index pointing back: `opposite(k)` is the direction from neighbour `k` to the
/// centre.
///
/// ```
/// use hazsim_grid::terrain::neighbours::opposite;
/// assert_eq!(opposite(0), 4); // E -> W
/// assert_eq!(opposite(7), 3); // NE -> SW
/// ```
#[inline]
pub const fn opposite(k: usize) -> usize {
    (k + 4) % 8
}

/// The neighbour `k` of (r, c) inside a `rows × cols` grid, or `None` outside.
#[inline]
pub fn neighbour(r: usize, c: usize, k: usize, rows: usize, cols: usize) -> Option<(usize, usize)> {
    let (dr, dc) = OFFSETS[k];
    let nr = r as isize + dr;
    let nc = c as isize + dc;
    if nr < 0 || nc < 0 || nr >= rows as isize || nc >= cols as isize {
        None
    } else {
        Some((nr as usize, nc as usize))
    }
}

/// Linear-index offsets of the 8 neighbours in a row-major grid with `cols` columns.
#[inline]
pub fn linear_offsets(cols: usize) -> [isize; 8] {
    let w = cols as isize;
    let mut o = [0isize; 8];
    for (k, (dr, dc)) in OFFSETS.iter().enumerate() {
        o[k] = dr * w + dc;
    }
    o
}

/// True when (r, c) is on the outer ring of the grid.
#[inline]
pub fn on_edge(r: usize, c: usize, rows: usize, cols: usize) -> bool {
    r == 0 || c == 0 || r + 1 == rows || c + 1 == cols
}
