//! Flow accumulation over D8 directions or Holmgren MFD weights.
//!
//! Both use a topological sweep (Kahn 1962): a cell is passed downstream once everything that
//! drains into it has been counted, so each cell is touched O(1) times and the result does not
//! depend on any iteration order other than the fixed row-major start. Sums are f64.

use super::flow_direction::code_to_index;
use super::mfd::{cell_weights, check_exponent};
use super::neighbours::{linear_offsets, neighbour};
use crate::{Error, Raster, Result};
use ndarray::Array2;
use rayon::prelude::*;

const DONE: u8 = u8::MAX;

/// How flow is routed for accumulation: single-direction D8 or Holmgren (1994) MFD.
///
/// ```
/// use hazsim_grid::FlowRouting;
/// let r = FlowRouting::Mfd { exponent: 1.1 };
/// assert_ne!(r, FlowRouting::D8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowRouting {
    /// D8 (O'Callaghan & Mark 1984).
    D8,
    /// Holmgren (1994) multiple flow directions with this exponent (1 spreads, 4–6 typical).
    Mfd {
        /// Holmgren exponent in (0, 100].
        exponent: f64,
    },
}

/// D8 flow accumulation: for each cell, the sum of `weights` (1 per cell when `None`) over the
/// cell itself and every cell that drains through it. With unit weights this is the number of
/// cells; multiply by the cell area for contributing area.
///
/// Errors when `weights` is on another grid, when a code is not a D8 code, or when the
/// directions contain a cycle.
///
/// ```
/// use hazsim_grid::{d8_accumulation, D8, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// // Three cells in a row all draining east.
/// let e = D8::E as u8;
/// let d = Raster::new(array![[e, e, 0u8]], GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616));
/// assert_eq!(d8_accumulation(&d, None).unwrap().data.row(0).to_vec(), vec![1.0, 2.0, 3.0]);
/// ```
pub fn d8_accumulation(dirs: &Raster<u8>, weights: Option<&Raster<f32>>) -> Result<Raster<f64>> {
    let (rows, cols) = dirs.shape();
    if let Some(w) = weights {
        dirs.check_same_grid(w, "flow directions", "weights")?;
    }
    let d = dirs
        .data
        .as_slice()
        .map(std::borrow::Cow::Borrowed)
        .unwrap_or_else(|| std::borrow::Cow::Owned(dirs.data.iter().copied().collect()));
    let n = rows * cols;
    if n > u32::MAX as usize {
        return Err(Error::InvalidRaster {
            input: "flow directions".into(),
            reason: format!("{rows}×{cols} cells is more than 2³² − 1; tile the grid"),
        });
    }
    // Receiver of each cell, or NONE for outlets (no direction, or pointing off the grid):
    // computed in parallel over rows; then in-degrees by one sequential scatter.
    const NONE: u32 = u32::MAX;
    let offs = linear_offsets(cols);
    let mut recv = vec![NONE; n];
    recv.par_chunks_mut(cols.max(1))
        .enumerate()
        .try_for_each(|(r, row)| -> Result<()> {
            let base = r * cols;
            for (c, rv) in row.iter_mut().enumerate() {
                let code = d[base + c];
                if code == 0 {
                    continue;
                }
                let k = code_to_index(code).ok_or_else(|| {
                    Error::param(
                        "flow direction",
                        format!("{code} at row {r}, col {c}"),
                        "an ESRI D8 code (0, 1, 2, 4, 8, 16, 32, 64 or 128)",
                    )
                })?;
                let (dr, dc) = super::neighbours::OFFSETS[k];
                let inside = (dr >= 0 || r > 0)
                    && (dr <= 0 || r + 1 < rows)
                    && (dc >= 0 || c > 0)
                    && (dc <= 0 || c + 1 < cols);
                if inside {
                    *rv = ((base + c) as isize + offs[k]) as u32;
                }
            }
            Ok(())
        })?;
    let mut indeg = vec![0u8; n];
    for &t in &recv {
        if t != NONE {
            indeg[t as usize] += 1;
        }
    }
    let mut acc: Vec<f64> = match weights {
        None => vec![1.0; n],
        Some(w) => w
            .data
            .iter()
            .map(|&v| if v.is_nan() { 0.0 } else { v as f64 })
            .collect(),
    };
    for start in 0..n {
        if indeg[start] != 0 {
            continue;
        }
        // Follow the chain downstream while each next cell has nothing else left upstream.
        let mut j = start;
        loop {
            indeg[j] = DONE;
            let t = recv[j];
            if t == NONE {
                break;
            }
            let t = t as usize;
            acc[t] += acc[j];
            indeg[t] -= 1;
            if indeg[t] != 0 {
                break;
            }
            j = t;
        }
    }
    if let Some(i) = indeg.iter().position(|&v| v != DONE) {
        let count = indeg.iter().filter(|&&v| v != DONE).count();
        return Err(Error::param(
            "flow directions",
            format!("a cycle through {count} cell(s), first at row {}, col {}", i / cols, i % cols),
            "acyclic directions; compute them on a filled DEM (fill_depressions, then d8_directions)",
        ));
    }
    Ok(dirs.like(Array2::from_shape_vec((rows, cols), acc).expect("shape")))
}

/// MFD flow accumulation on `dem` (use a filled DEM) with Holmgren (1994) exponent `exponent`:
/// each cell passes its accumulated flow to all lower neighbours in proportion to
/// `(tan β)^x` (see [`super::mfd`]). `weights` gives each cell's own contribution (1 when `None`).
///
/// ```
/// use hazsim_grid::{mfd_accumulation, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// // A ridge cell between two equal valleys splits its flow half and half.
/// let z = array![[1.0f32, 2.0, 1.0]];
/// let a = mfd_accumulation(&Raster::new(z, GeoTransform::north_up(0.0, 1.0, 1.0), Crs::epsg(32616)), 1.0, None).unwrap();
/// assert_eq!(a.data.row(0).to_vec(), vec![1.5, 1.0, 1.5]);
/// ```
pub fn mfd_accumulation(
    dem: &Raster<f32>,
    exponent: f64,
    weights: Option<&Raster<f32>>,
) -> Result<Raster<f64>> {
    check_exponent(exponent)?;
    if let Some(w) = weights {
        dem.check_same_grid(w, "DEM", "weights")?;
    }
    let (rows, cols) = dem.shape();
    let n = rows * cols;
    let z = &dem.data;
    let nd = dem.nodata;
    let missing = |v: f32| v.is_nan() || nd.is_some_and(|m| v as f64 == m);
    // In-degree: number of valid strictly higher neighbours (each passes some flow here).
    let mut indeg = vec![0u8; n];
    {
        indeg
            .par_chunks_mut(cols.max(1))
            .enumerate()
            .for_each(|(r, row)| {
                for (c, deg) in row.iter_mut().enumerate() {
                    let z0 = z[[r, c]];
                    if missing(z0) {
                        continue;
                    }
                    for k in 0..8 {
                        if let Some((nr, nc)) = neighbour(r, c, k, rows, cols) {
                            let zn = z[[nr, nc]];
                            if !missing(zn) && zn > z0 {
                                *deg += 1;
                            }
                        }
                    }
                }
            });
    }
    let mut acc: Vec<f64> = match weights {
        None => dem
            .data
            .iter()
            .map(|&v| if missing(v) { 0.0 } else { 1.0 })
            .collect(),
        Some(w) => w
            .data
            .iter()
            .zip(dem.data.iter())
            .map(|(&v, &zz)| {
                if v.is_nan() || missing(zz) {
                    0.0
                } else {
                    v as f64
                }
            })
            .collect(),
    };
    let offs = linear_offsets(cols);
    let x = exponent as f32;
    let mut stack: Vec<usize> = Vec::new();
    let mut f = [0.0f32; 8];
    for start in 0..n {
        if indeg[start] != 0 {
            continue;
        }
        stack.push(start);
        indeg[start] = DONE;
        while let Some(i) = stack.pop() {
            let (r, c) = (i / cols, i % cols);
            if !cell_weights(z, &missing, r, c, x, &mut f) {
                continue;
            }
            // Renormalise in f64 so that the f32 fractions pass on exactly what arrived.
            let sum: f64 = f.iter().map(|&v| v as f64).sum();
            let a = acc[i] / sum;
            for k in 0..8 {
                if f[k] > 0.0 {
                    let t = (i as isize + offs[k]) as usize;
                    acc[t] += a * f[k] as f64;
                    indeg[t] -= 1;
                    if indeg[t] == 0 {
                        indeg[t] = DONE;
                        stack.push(t);
                    }
                }
            }
        }
    }
    Ok(dem.like(Array2::from_shape_vec((rows, cols), acc).expect("shape")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{d8_directions, fill_depressions, Crs, FillMethod, GeoTransform};

    fn raster<T>(z: Array2<T>) -> Raster<T> {
        Raster::new(z, GeoTransform::north_up(0.0, 0.0, 1.0), Crs::epsg(32616))
    }

    #[test]
    fn inverted_cone_drains_to_its_apex() {
        // Analytic surface: z = distance from the centre. Every steepest-descent path leads to
        // the apex, so the apex gathers all 15×15 cells, by D8 and by MFD.
        let z = Array2::from_shape_fn((15, 15), |(r, c)| {
            ((r as f32 - 7.0).powi(2) + (c as f32 - 7.0).powi(2)).sqrt()
        });
        let dem = raster(z);
        let d = d8_directions(&dem);
        assert_eq!(d.data[[7, 7]], 0);
        assert_eq!(d.data.iter().filter(|&&c| c == 0).count(), 1);
        assert_eq!(d.data[[7, 0]], 1, "west of the apex drains east");
        assert_eq!(d.data[[0, 0]], 2, "north-west corner drains south-east");
        let acc = d8_accumulation(&d, None).unwrap();
        assert_eq!(acc.data[[7, 7]], 225.0);
        assert_eq!(acc.data[[0, 0]], 1.0);
        for x in [1.0, 4.0] {
            let m = mfd_accumulation(&dem, x, None).unwrap();
            assert!((m.data[[7, 7]] - 225.0).abs() < 1e-9 * 225.0);
        }
    }

    #[test]
    fn mfd_conserves_flow_to_outlets() {
        let z = Array2::from_shape_fn((30, 40), |(r, c)| {
            ((r as f32 * 0.3).sin() + (c as f32 * 0.2).cos()) * 5.0 + r as f32 * 0.1
        });
        let f = fill_depressions(&raster(z), FillMethod::Epsilon);
        for x in [1.0, 1.1, 4.0] {
            let acc = mfd_accumulation(&f, x, None).unwrap();
            let w = crate::MfdWeights::new(&f, x).unwrap();
            let mut outflow = 0.0;
            for r in 0..30 {
                for c in 0..40 {
                    if w.get(r, c).iter().all(|&v| v == 0.0) {
                        outflow += acc.data[[r, c]];
                    }
                }
            }
            assert!(
                (outflow - 1200.0).abs() < 1e-12 * 1200.0,
                "x={x}: {outflow}"
            );
        }
    }

    #[test]
    fn cycles_and_bad_codes_are_errors() {
        let e = 1u8;
        let w = 16u8;
        let d = raster(ndarray::array![[e, w]]);
        assert!(d8_accumulation(&d, None)
            .unwrap_err()
            .to_string()
            .contains("cycle"));
        let d = raster(ndarray::array![[3u8, 0]]);
        assert!(d8_accumulation(&d, None)
            .unwrap_err()
            .to_string()
            .contains("D8 code"));
    }

    #[test]
    fn weights_are_accumulated() {
        let d = raster(ndarray::array![[1u8, 1, 0]]);
        let wt = raster(ndarray::array![[2.0f32, 0.5, 1.0]]);
        let a = d8_accumulation(&d, Some(&wt)).unwrap();
        assert_eq!(a.data.row(0).to_vec(), vec![2.0, 2.5, 3.5]);
    }
}
