//! LAHARZ inundation from volume–area scaling (Iverson, Schilling & Vallance 1998, *GSA
//! Bulletin* 110:972–984; Griswold & Iverson 2008, USGS SIR 2007-5276).
//!
//! A flow of volume `V` (m³) inundates a valley cross-sectional area `A = a₁·V^(2/3)` and a
//! planimetric area `B = a₂·V^(2/3)` (Iverson et al. 1998, eq. 1–2). Coefficient sets:
//! lahar (0.05, 200) (Iverson et al. 1998), non-volcanic debris flow (0.1, 20) and rock
//! avalanche (0.2, 20) (Griswold & Iverson 2008), or user values.
//!
//! **Procedure** (after Schilling 1998, the LAHARZ GIS program): walk down the D8 flow path of
//! the filled DEM from the release cell. At each path cell take the cross-section perpendicular
//! to the flow direction: the row for north/south flow, the column for east/west flow, the
//! anti-diagonal (resp. diagonal) for diagonal flow, with sample spacing `w = Δx` or `Δx·√2`.
//! Raise a level `L` until the inundated area `Σ (L − zᵢ)·w` over the contiguous cells from
//! the path cell outwards that lie below `L` (stopping at the first cell on each side at or above
//! `L`, or at the grid edge) equals `A`. `L` is bracketed by bisection to `level_tolerance`
//! (default 1 mm); inside the final bracket, where the set of wet cells no longer changes,
//! `A(L)` is linear and `L` is solved exactly, so the area matches `A` to rounding; otherwise it
//! exceeds `A` by at most `n_wet · w · level_tolerance`.
//! The wet cells of each section are added to the inundation mask from the path cell outwards,
//! alternating sides, and the planimetric area `B` accumulates `Δx²` per newly inundated cell.
//! A diagonal section samples only every other cell of the band it stands for (consecutive
//! diagonal sections are one anti-diagonal apart), so for diagonal flow each wet sample also
//! inundates its two neighbours one step along the flow's row and column components, when they
//! lie below the section's level; without this the mask would be a checkerboard.
//! The walk stops as soon as `B` is reached, so the achieved planimetric area lies in
//! `[B, B + Δx²)`. When the path leaves the grid or ends in a pit first, `reached_b` is false.
//! Elevations of the sections come from the DEM as given (not the filled one).

use crate::{Error, Result};
use hazsim_grid::terrain::flow_direction::code_to_index;
use hazsim_grid::terrain::neighbours::{neighbour, DISTANCE, OFFSETS};
use hazsim_grid::{Raster, Terrain};
use ndarray::Array2;

/// The coefficients `a₁` (cross-section) and `a₂` (planimetric) of `A = a₁V^(2/3)`,
/// `B = a₂V^(2/3)`.
///
/// ```
/// use hazsim_debris::LaharzCoefficients;
/// let c = LaharzCoefficients::LAHAR;
/// assert_eq!((c.a1, c.a2), (0.05, 200.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaharzCoefficients {
    /// Cross-section coefficient `a₁`.
    pub a1: f64,
    /// Planimetric coefficient `a₂`.
    pub a2: f64,
}

impl LaharzCoefficients {
    /// Lahars (Iverson et al. 1998): `A = 0.05 V^(2/3)`, `B = 200 V^(2/3)`.
    pub const LAHAR: Self = LaharzCoefficients {
        a1: 0.05,
        a2: 200.0,
    };
    /// Non-volcanic debris flows (Griswold & Iverson 2008): `A = 0.1 V^(2/3)`, `B = 20 V^(2/3)`.
    pub const DEBRIS_FLOW: Self = LaharzCoefficients { a1: 0.1, a2: 20.0 };
    /// Rock avalanches (Griswold & Iverson 2008): `A = 0.2 V^(2/3)`, `B = 20 V^(2/3)`.
    pub const ROCK_AVALANCHE: Self = LaharzCoefficients { a1: 0.2, a2: 20.0 };

    /// `(A, B)` in m² for a volume in m³.
    ///
    /// ```
    /// use hazsim_debris::LaharzCoefficients;
    /// let (a, b) = LaharzCoefficients::DEBRIS_FLOW.areas(1e6);
    /// assert!((a - 1e3).abs() < 1e-6 && (b - 2e5).abs() < 1e-3); // V^(2/3) = 1e4
    /// ```
    pub fn areas(&self, volume: f64) -> (f64, f64) {
        let v23 = volume.powf(2.0 / 3.0);
        (self.a1 * v23, self.a2 * v23)
    }
}

/// Options of [`laharz`].
///
/// ```
/// use hazsim_debris::{LaharzCoefficients, LaharzParams};
/// let p = LaharzParams { volume: 1e6, coefficients: LaharzCoefficients::LAHAR, ..Default::default() };
/// assert_eq!(p.level_tolerance, 1e-3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaharzParams {
    /// Flow volume `V` (m³), > 0.
    pub volume: f64,
    /// Scaling coefficients.
    pub coefficients: LaharzCoefficients,
    /// Bisection tolerance of the fill level (m), > 0; 1e-3 by default.
    pub level_tolerance: f64,
}

impl Default for LaharzParams {
    /// 10⁵ m³ debris flow, 1 mm level tolerance.
    fn default() -> Self {
        LaharzParams {
            volume: 1e5,
            coefficients: LaharzCoefficients::DEBRIS_FLOW,
            level_tolerance: 1e-3,
        }
    }
}

/// One filled cross-section (see [`laharz`] for a run).
///
/// ```
/// use hazsim_debris::LaharzSection;
/// let s = LaharzSection { cell: (0, 5), level: 101.2, area: 12.0, spacing: 10.0, wet_cells: 3 };
/// assert!(s.area <= s.wet_cells as f64 * s.spacing * (s.level - 100.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LaharzSection {
    /// Path cell (row, col).
    pub cell: (usize, usize),
    /// Fill level (m a.s.l.).
    pub level: f64,
    /// Inundated cross-section area `Σ (L − z)·w` (m²).
    pub area: f64,
    /// Sample spacing `w` along the section (m).
    pub spacing: f64,
    /// Samples of the section below the level, contiguous with the path cell (the cells that carry
    /// the area `A`).
    pub wet_cells: usize,
}

/// Result of [`laharz`].
///
/// ```
/// use hazsim_debris::{laharz, LaharzParams};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
/// let z = Array2::from_shape_fn((30, 21), |(r, c)| 100.0 - r as f32 + (c as f32 - 10.0).abs());
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 300.0, 10.0), Crs::epsg(32616))).unwrap();
/// let out = laharz(&t, (0, 10), &LaharzParams { volume: 1e3, ..Default::default() }).unwrap();
/// let cells = out.inundation.data.iter().filter(|&&v| v).count();
/// assert_eq!(out.planimetric_area, cells as f64 * 100.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Laharz {
    /// Inundated cells.
    pub inundation: Raster<bool>,
    /// Target cross-section area `A` (m²).
    pub cross_section_area: f64,
    /// Target planimetric area `B` (m²).
    pub planimetric_target: f64,
    /// Planimetric area achieved (m²).
    pub planimetric_area: f64,
    /// Length of the flow path walked (m), from the release cell's centre to the last section's.
    pub path_length: f64,
    /// Whether `B` was reached before the path ended.
    pub reached_b: bool,
    /// The sections, in path order.
    pub sections: Vec<LaharzSection>,
}

/// LAHARZ inundation from `release` (row, col) down the D8 path of `terrain`.
///
/// Errors on a non-positive or non-finite volume, coefficient or tolerance, and on a release
/// cell outside the grid.
///
/// ```
/// use hazsim_debris::{laharz, LaharzParams};
/// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
/// use ndarray::Array2;
/// // A V valley running south (walls 0.5 m per 10 m cell, floor 1 m per cell).
/// let z = Array2::from_shape_fn((60, 41), |(r, c)| 200.0 - r as f32 + 0.5 * (c as f32 - 20.0).abs());
/// let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 600.0, 10.0), Crs::epsg(32616))).unwrap();
/// let out = laharz(&t, (0, 20), &LaharzParams { volume: 1e4, ..Default::default() }).unwrap();
/// assert!(out.reached_b);
/// assert!(out.planimetric_area >= out.planimetric_target);
/// assert!(out.planimetric_area < out.planimetric_target + 100.0);
/// ```
pub fn laharz(terrain: &Terrain, release: (usize, usize), params: &LaharzParams) -> Result<Laharz> {
    let pos = |v: f64| v.is_finite() && v > 0.0;
    if !pos(params.volume) {
        return Err(Error::param(
            "volume",
            params.volume,
            "a flow volume > 0 m³ (e.g. 1e4–1e7 for debris flows)",
        ));
    }
    let c = params.coefficients;
    if !pos(c.a1) || !pos(c.a2) {
        return Err(Error::param(
            "coefficients",
            format!("a1 = {}, a2 = {}", c.a1, c.a2),
            "both > 0, e.g. (0.1, 20) debris flow, (0.05, 200) lahar, (0.2, 20) rock avalanche",
        ));
    }
    if !pos(params.level_tolerance) {
        return Err(Error::param(
            "level_tolerance",
            params.level_tolerance,
            "a bisection tolerance > 0 m, e.g. 0.001",
        ));
    }
    let (rows, cols) = terrain.shape();
    if release.0 >= rows || release.1 >= cols {
        return Err(hazsim_grid::Error::outside_cell(
            "release",
            release.0,
            release.1,
            (rows, cols),
        )
        .into());
    }
    let (a_target, b_target) = c.areas(params.volume);
    let dx = terrain.cell_size();
    let cell_area = dx * dx;
    let z = &terrain.dem().data;
    let d8 = &terrain.d8().data;
    let mut wet = Array2::from_elem((rows, cols), false);
    let mut planimetric = 0.0;
    let mut path_length = 0.0;
    let mut sections = Vec::new();
    let mut reached = false;
    let mut cur = release;
    let mut steps = 0usize;
    let mut last_k = 2; // south, for a release cell that is itself an outlet
    loop {
        let k = code_to_index(d8[[cur.0, cur.1]]);
        // Direction of flow at this cell; an outlet keeps the previous direction.
        let flow_k = k.unwrap_or(last_k);
        last_k = flow_k;
        let sec = fill_section(z, cur, flow_k, dx, a_target, params.level_tolerance);
        // Add wet cells, path cell first, alternating sides outwards, until B is reached.
        for &(r, cc) in &sec.cells {
            if !wet[[r, cc]] {
                wet[[r, cc]] = true;
                planimetric += cell_area;
                if planimetric >= b_target {
                    reached = true;
                    break;
                }
            }
        }
        sections.push(LaharzSection {
            cell: cur,
            level: sec.level,
            area: sec.area,
            spacing: sec.spacing,
            wet_cells: sec.samples,
        });
        if reached {
            break;
        }
        let Some(k) = k else { break };
        let Some(next) = neighbour(cur.0, cur.1, k, rows, cols) else {
            break;
        };
        path_length += DISTANCE[k] * dx;
        cur = next;
        steps += 1;
        if steps > rows * cols {
            break; // cannot happen on a filled DEM's acyclic directions
        }
    }
    Ok(Laharz {
        inundation: terrain.dem().like(wet),
        cross_section_area: a_target,
        planimetric_target: b_target,
        planimetric_area: planimetric,
        path_length,
        reached_b: reached,
        sections,
    })
}

struct Filled {
    level: f64,
    area: f64,
    spacing: f64,
    /// Wet section samples.
    samples: usize,
    /// Cells to inundate: path cell, then alternating sides outwards (with the band cells of
    /// a diagonal section after each sample).
    cells: Vec<(usize, usize)>,
}

/// The section cells on each side of `centre` perpendicular to flow direction `k`, nearest
/// first, and the sample spacing.
fn section_lines(
    rows: usize,
    cols: usize,
    centre: (usize, usize),
    k: usize,
    dx: f64,
) -> ([Vec<(usize, usize)>; 2], f64) {
    // Perpendicular directions: rotate the flow direction by ±90° (two neighbour steps).
    let sides = [(k + 2) % 8, (k + 6) % 8];
    let mut out: [Vec<(usize, usize)>; 2] = [Vec::new(), Vec::new()];
    for (s, &p) in sides.iter().enumerate() {
        let (mut r, mut c) = centre;
        while let Some(n) = neighbour(r, c, p, rows, cols) {
            out[s].push(n);
            (r, c) = n;
        }
    }
    (out, DISTANCE[(k + 2) % 8] * dx)
}

/// Fill the cross-section through `centre` up to the level whose area is `target`.
fn fill_section(
    z: &Array2<f32>,
    centre: (usize, usize),
    k: usize,
    dx: f64,
    target: f64,
    tol: f64,
) -> Filled {
    let (rows, cols) = z.dim();
    let (lines, w) = section_lines(rows, cols, centre, k, dx);
    let z0 = z[centre] as f64;
    // Inundated area Σ (L − zᵢ)·w over the contiguous cells below L (Iverson et al. 1998).
    let area_at = |level: f64| -> (f64, [usize; 2]) {
        let mut a = (level - z0).max(0.0) * w;
        let mut n = [0usize; 2];
        if level > z0 {
            for s in 0..2 {
                for &(r, c) in &lines[s] {
                    let zi = z[[r, c]] as f64;
                    if zi >= level {
                        break;
                    }
                    a += (level - zi) * w;
                    n[s] += 1;
                }
            }
        }
        (a, n)
    };
    // Bracket, then bisect: A(L) is continuous and increasing for L > z0.
    // Both loops are capped so that absurd elevations (where z0 + 1 rounds to z0) cannot hang.
    let (mut lo, mut hi) = (z0, z0 + 1.0);
    for _ in 0..2000 {
        if area_at(hi).0 >= target {
            break;
        }
        lo = hi;
        hi = z0 + 2.0 * (hi - z0).max(1.0);
    }
    for _ in 0..200 {
        if hi - lo <= tol {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if area_at(mid).0 < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    // Within the final bracket the wet set rarely changes, and then A(L) is linear in L with
    // slope (wet samples)·w: step to the exact level when the wet set stays the same.
    let (a_hi, n_hi) = area_at(hi);
    let wet = (1 + n_hi[0] + n_hi[1]) as f64;
    let exact = hi - (a_hi - target) / (wet * w);
    let level = if exact > lo && exact <= hi && area_at(exact).1 == n_hi {
        exact
    } else {
        hi
    };
    let hi = level;
    let (area, n) = area_at(hi);
    let (left, right) = (&lines[0][..n[0]], &lines[1][..n[1]]);
    let mut section = vec![centre];
    for i in 0..n[0].max(n[1]) {
        section.extend(left.get(i).copied());
        section.extend(right.get(i).copied());
    }
    // A diagonal section samples every other cell of the band between it and the next
    // section; fill the band: each section cell's neighbours one step along the row and along
    // the column of the flow direction, where they lie below the level.
    let mut cells = Vec::with_capacity(section.len() * 3);
    let (dr, dc) = OFFSETS[k];
    for &(r, c) in &section {
        cells.push((r, c));
        if k % 2 == 1 {
            for (gr, gc) in [(r as isize + dr, c as isize), (r as isize, c as isize + dc)] {
                let inside = gr >= 0 && gc >= 0 && (gr as usize) < rows && (gc as usize) < cols;
                if inside && (z[[gr as usize, gc as usize]] as f64) < hi {
                    cells.push((gr as usize, gc as usize));
                }
            }
        }
    }
    Filled {
        level: hi,
        area,
        spacing: w,
        samples: section.len(),
        cells,
    }
}
