//! Shared helpers for the integration tests.
#![allow(dead_code)]

use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
use ndarray::Array2;

/// A terrain from a bed array, `dx` metre cells, in UTM 33N.
pub fn terrain(z: Array2<f32>, dx: f64) -> Terrain {
    let rows = z.nrows() as f64;
    Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, rows * dx, dx),
        Crs::epsg(32633),
    ))
    .unwrap()
}

/// A raster on the terrain's grid.
pub fn like(t: &Terrain, data: Array2<f32>) -> Raster<f32> {
    t.dem().like(data)
}

/// A deterministic pseudo-random bumpy bed (no RNG crate needed): sum of sines.
pub fn bumpy(rows: usize, cols: usize, amp: f32) -> Array2<f32> {
    Array2::from_shape_fn((rows, cols), |(r, c)| {
        let (x, y) = (c as f32, r as f32);
        amp * ((0.37 * x).sin() * (0.23 * y).cos() + 0.5 * (0.11 * x + 0.17 * y).sin())
    })
}

/// A constant inflow of `q` m²/s per unit width along the west column of a `rows`-row grid of
/// `dx` m cells: one point inflow of q·dx per cell.
pub fn west_inflow(rows: usize, dx: f64, q: f64) -> Vec<hazsim_flood::PointInflow> {
    (0..rows)
        .map(|r| hazsim_flood::PointInflow {
            x: 0.5 * dx,
            y: (rows - r) as f64 * dx - 0.5 * dx,
            hydrograph: vec![(0.0, q * dx)],
        })
        .collect()
}
