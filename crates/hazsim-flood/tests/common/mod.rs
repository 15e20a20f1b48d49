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
