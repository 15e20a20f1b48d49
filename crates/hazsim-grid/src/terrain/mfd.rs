//! Multiple-flow-direction weights (Holmgren 1994, *Hydrological Processes* 8:327–334).
//!
//! A cell passes flow to every lower neighbour `k` in proportion to
//!
//! `fₖ = (tan βₖ)^x / Σⱼ (tan βⱼ)^x`, with `tan βₖ = (z₀ − zₖ) / Lₖ`,
//!
//! where `Lₖ` is the distance to the neighbour (Δx or √2·Δx) and the sum runs over lower
//! neighbours only. `x = 1` spreads widely (Quinn et al. 1991 without contour lengths); as
//! `x → ∞` it tends to D8. Holmgren suggests 4–6 for wetness indices; debris-flow tools use
//! 1–4 (Horton et al. 2013 recommend 4).

use super::neighbours::{neighbour, DISTANCE};
use crate::{Error, Raster, Result};

/// Per-cell flow fractions to the 8 neighbours (order of [`super::neighbours::OFFSETS`]),
/// summing to 1 for cells with a lower neighbour and to 0 for outlets, pits and nodata cells.
///
/// ```
/// use hazsim_grid::{MfdWeights, Raster, GeoTransform, Crs};
/// use ndarray::array;
/// let z = array![[9.0f32, 9.0, 9.0], [9.0, 5.0, 4.0], [9.0, 4.0, 9.0]];
/// let w = MfdWeights::new(&Raster::new(z, GeoTransform::north_up(0.0, 3.0, 1.0), hazsim_grid::Crs::epsg(32616)), 1.0).unwrap();
/// let f = w.get(1, 1);
/// assert!((f[0] - 0.5).abs() < 1e-6 && (f[2] - 0.5).abs() < 1e-6); // E and S share equally
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MfdWeights {
    rows: usize,
    cols: usize,
    exponent: f64,
    w: Vec<[f32; 8]>,
}

/// Check a Holmgren exponent.
pub(crate) fn check_exponent(x: f64) -> Result<()> {
    if x.is_finite() && x > 0.0 && x <= 100.0 {
        Ok(())
    } else {
        Err(Error::param(
            "exponent",
            x,
            "a Holmgren exponent in (0, 100]; 1 spreads widely, 4–6 is typical, larger tends to D8",
        ))
    }
}

/// Holmgren fractions of cell `(r, c)` into `out`; returns false when it has no lower neighbour.
#[inline]
pub(crate) fn cell_weights(
    z: &ndarray::Array2<f32>,
    missing: &impl Fn(f32) -> bool,
    r: usize,
    c: usize,
    exponent: f32,
    out: &mut [f32; 8],
) -> bool {
    let (rows, cols) = z.dim();
    let z0 = z[[r, c]];
    *out = [0.0; 8];
    if missing(z0) {
        return false;
    }
    let mut sum = 0.0f32;
    for k in 0..8 {
        if let Some((nr, nc)) = neighbour(r, c, k, rows, cols) {
            let zn = z[[nr, nc]];
            if missing(zn) || zn >= z0 {
                continue;
            }
            // tan β in cell units; the common factor 1/Δx cancels in the ratio.
            let t = (z0 - zn) / DISTANCE[k] as f32;
            let v = if exponent == 1.0 { t } else { t.powf(exponent) };
            out[k] = v;
            sum += v;
        }
    }
    if sum > 0.0 {
        for v in out.iter_mut() {
            *v /= sum;
        }
        true
    } else {
        *out = [0.0; 8];
        false
    }
}

impl MfdWeights {
    /// Weights of `dem` (use a filled DEM) with Holmgren exponent `exponent` (> 0).
    pub fn new(dem: &Raster<f32>, exponent: f64) -> Result<Self> {
        check_exponent(exponent)?;
        let (rows, cols) = dem.shape();
        let nd = dem.nodata;
        let missing = |v: f32| v.is_nan() || nd.is_some_and(|m| v as f64 == m);
        use rayon::prelude::*;
        let mut w = vec![[0.0f32; 8]; rows * cols];
        w.par_chunks_mut(cols.max(1))
            .enumerate()
            .for_each(|(r, row)| {
                for (c, cell) in row.iter_mut().enumerate() {
                    cell_weights(&dem.data, &missing, r, c, exponent as f32, cell);
                }
            });
        Ok(MfdWeights {
            rows,
            cols,
            exponent,
            w,
        })
    }

    /// Fractions of cell (row, col) to its 8 neighbours.
    pub fn get(&self, row: usize, col: usize) -> [f32; 8] {
        self.w[row * self.cols + col]
    }

    /// (rows, cols).
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// The Holmgren exponent used.
    pub fn exponent(&self) -> f64 {
        self.exponent
    }

    /// All weights, row-major, one `[f32; 8]` per cell.
    pub fn as_slice(&self) -> &[[f32; 8]] {
        &self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Crs, GeoTransform};
    use ndarray::Array2;

    #[test]
    fn weights_sum_to_one_and_follow_the_formula() {
        let z = Array2::from_shape_fn((7, 7), |(r, c)| {
            ((r * 7 + c) as f32 * 0.37).sin() * 3.0 + r as f32
        });
        let dem = Raster::new(
            z.clone(),
            GeoTransform::north_up(0.0, 7.0, 1.0),
            Crs::epsg(32616),
        );
        let w = MfdWeights::new(&dem, 2.0).unwrap();
        for r in 0..7 {
            for c in 0..7 {
                let f = w.get(r, c);
                let s: f32 = f.iter().sum();
                assert!(s == 0.0 || (s - 1.0).abs() < 1e-5);
                // Ratio of two receiving weights = ratio of (tanβ)^2.
                let recv: Vec<usize> = (0..8).filter(|&k| f[k] > 0.0).collect();
                if recv.len() >= 2 {
                    let t = |k: usize| {
                        let (nr, nc) = neighbour(r, c, k, 7, 7).unwrap();
                        ((z[[r, c]] - z[[nr, nc]]) as f64 / DISTANCE[k]).powi(2)
                    };
                    let (a, b) = (recv[0], recv[1]);
                    assert!(
                        ((f[a] / f[b]) as f64 - t(a) / t(b)).abs() < 1e-3 * (t(a) / t(b)).max(1.0)
                    );
                }
            }
        }
    }

    #[test]
    fn bad_exponent_is_an_error() {
        let dem = Raster::new(
            Array2::<f32>::zeros((3, 3)),
            GeoTransform::north_up(0.0, 3.0, 1.0),
            Crs::epsg(32616),
        );
        for x in [0.0, -1.0, f64::NAN, 1e6] {
            assert!(MfdWeights::new(&dem, x)
                .unwrap_err()
                .to_string()
                .contains("exponent"));
        }
    }
}
