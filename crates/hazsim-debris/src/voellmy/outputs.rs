//! Results of a Voellmy flow run: peak rasters, deposit, runout length and the volume balance.

use hazsim_grid::Raster;
use rayon::prelude::*;

/// Volumes (m³, f64) entering, leaving and stored since the start of the run.
///
/// `stored_now = released + inflow − outflow + clipped` to round-off; [`VoellmyMassBalance::error`]
/// is the relative imbalance.
///
/// ```
/// use hazsim_debris::voellmy::VoellmyMassBalance;
/// let m = VoellmyMassBalance { released: 100.0, inflow: 20.0, outflow: 30.0, clipped: 0.0, stored_now: 90.0 };
/// assert!(m.error().abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct VoellmyMassBalance {
    /// Volume of the block release at t = 0.
    pub released: f64,
    /// Volume added by the inflow hydrograph so far.
    pub inflow: f64,
    /// Volume that left through open edges.
    pub outflow: f64,
    /// Volume created by clamping round-off negative depths to zero (should stay ~0).
    pub clipped: f64,
    /// Volume in the domain now.
    pub stored_now: f64,
}

impl VoellmyMassBalance {
    /// Storage minus net sources (m³); 0 for a conservative run.
    pub fn residual(&self) -> f64 {
        self.stored_now - (self.released + self.inflow - self.outflow + self.clipped)
    }

    /// Relative imbalance: residual over all volume ever present (0 when there was none).
    pub fn error(&self) -> f64 {
        let scale = (self.released + self.inflow).max(self.outflow);
        if scale > 0.0 {
            self.residual() / scale
        } else {
            0.0
        }
    }
}

/// Everything a finished Voellmy flow run produced, on the DEM's grid.
///
/// ```
/// use hazsim_debris::voellmy::{simulate_voellmy, VoellmyConfig, VoellmyRelease};
/// use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Terrain};
/// use ndarray::Array2;
///
/// // A 1 m thick 30 m square released on a 25° plane dipping east, 5 m cells.
/// let t = 25f32.to_radians().tan();
/// let z = Array2::from_shape_fn((12, 60), |(_, c)| 300.0 - 5.0 * t * c as f32);
/// let terrain = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 60.0, 5.0), Crs::epsg(32616))).unwrap();
/// let depth = terrain.dem().map(|_| 0.0f32);
/// let mut depth = depth;
/// depth.data.slice_mut(ndarray::s![3..9, 2..8]).fill(1.0);
/// let cfg = VoellmyConfig { duration: 10.0, ..VoellmyConfig::new(VoellmyRelease::Depth(depth)) };
/// let run = simulate_voellmy(&terrain, &cfg, &mut NoProgress).unwrap();
/// assert!(run.runout_length > 50.0);                  // it slid downhill
/// assert!(run.mass_balance.error().abs() < 1e-5);     // and kept its volume
/// assert!(run.max_speed.data.iter().any(|&v| v > 5.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VoellmyRun {
    /// Maximum depth over the run (m, vertical).
    pub max_depth: Raster<f32>,
    /// `debris.max_speed`: maximum speed along the surface over the run (m/s).
    pub max_speed: Raster<f32>,
    /// `debris.max_impact_pressure`: maximum dynamic pressure ρ v² over the run (kPa).
    pub max_impact_pressure: Raster<f32>,
    /// Depth (m) of material at rest at the end of the run (moving material is not deposit).
    pub deposit: Raster<f32>,
    /// Depth (m) at the end of the run, moving or not.
    pub final_depth: Raster<f32>,
    /// Largest horizontal distance (m) from the nearest release cell centre to a cell whose
    /// maximum depth reached `runout_threshold`.
    pub runout_length: f64,
    /// Volume balance.
    pub mass_balance: VoellmyMassBalance,
    /// Model time reached (s).
    pub time: f64,
    /// Time steps taken.
    pub steps: u64,
    /// The output series: the start, every output time and the end.
    pub series: Vec<VoellmySeriesPoint>,
}

/// One record of a Voellmy run's output series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VoellmySeriesPoint {
    /// Model time (s).
    pub time: f64,
    /// Volume in the domain (m³).
    pub volume: f64,
    /// Area (m²) of the cells deeper than the runout threshold.
    pub flow_area: f64,
    /// Largest speed now (m/s).
    pub max_speed: f64,
}

/// Largest distance (in cells) from a `reached` cell to the nearest of `sources` (row, col),
/// times `dx`. Only the sources on the rim of the source set matter and are used.
pub(crate) fn runout_length(
    reached: &[bool],
    is_source: &[bool],
    rows: usize,
    cols: usize,
    dx: f64,
) -> f64 {
    let rim: Vec<(f64, f64)> = (0..rows * cols)
        .filter(|&i| is_source[i])
        .filter(|&i| {
            let (r, c) = (i / cols, i % cols);
            r == 0
                || c == 0
                || r + 1 == rows
                || c + 1 == cols
                || !is_source[i - 1]
                || !is_source[i + 1]
                || !is_source[i - cols]
                || !is_source[i + cols]
        })
        .map(|i| ((i / cols) as f64, (i % cols) as f64))
        .collect();
    if rim.is_empty() {
        return 0.0;
    }
    let best = (0..rows)
        .into_par_iter()
        .map(|r| {
            let mut far = 0.0f64;
            for c in 0..cols {
                let i = r * cols + c;
                if !reached[i] || is_source[i] {
                    continue;
                }
                let near = rim
                    .iter()
                    .map(|&(sr, sc)| (sr - r as f64).powi(2) + (sc - c as f64).powi(2))
                    .fold(f64::INFINITY, f64::min);
                far = far.max(near);
            }
            far
        })
        .reduce(|| 0.0, f64::max);
    best.sqrt() * dx
}
