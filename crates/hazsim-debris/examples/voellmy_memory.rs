//! Peak memory per cell of a Voellmy run, for BENCHMARKS.md: a 25° plane of N × N cells of 5 m
//! under a 1 m layer of flow everywhere (every buffer written), advanced by a few steps.
//!
//! ```text
//! cargo run --release -p hazsim-debris --example voellmy_memory -- [N] [--setup-only]
//! ```
//!
//! Prints the peak resident set (VmHWM) minus the resident set just before
//! `VoellmySimulation::new`, over N²: the solver's bytes per cell. With `--setup-only` it stops
//! after building the terrain and the release (the baseline for `/usr/bin/time -v`).

use hazsim_debris::voellmy::{VoellmyConfig, VoellmyRelease, VoellmySimulation};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Terrain};
use ndarray::Array2;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let setup_only = args.iter().any(|a| a == "--setup-only");
    let n: usize = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or(2000, |s| s.parse().expect("N: a cell count"));
    let dx = 5.0;
    let tan = 25f32.to_radians().tan();
    let z = Array2::from_shape_fn((n, n), |(_, c)| 3000.0 - tan * c as f32 * dx as f32);
    let terrain = Terrain::new(Raster::new(
        z,
        GeoTransform::north_up(0.0, n as f64 * dx, dx),
        Crs::epsg(32633),
    ))
    .expect("a valid DEM");
    // The release raster is part of the configuration the caller builds, as in any run.
    let cfg = VoellmyConfig::new(VoellmyRelease::Depth(terrain.dem().map(|_| 1.0f32)));
    if setup_only {
        println!("setup only: {n} x {n}");
        return;
    }
    let before = hazsim_grid::memory::resident_kib();
    let mut sim = VoellmySimulation::new(&terrain, cfg).expect("a valid run");
    sim.advance(1.0, &mut NoProgress).expect("a stable run");
    println!(
        "{n} x {n}: {} steps, {} cell-updates",
        sim.steps(),
        sim.cell_updates()
    );
    if let (Some(before), Some(peak)) = (before, hazsim_grid::memory::peak_resident_kib()) {
        let per_cell = (peak.saturating_sub(before) * 1024) as f64 / (n * n) as f64;
        println!("resident before the solver {before} KiB, peak {peak} KiB: {per_cell:.1} B/cell");
    }
}
