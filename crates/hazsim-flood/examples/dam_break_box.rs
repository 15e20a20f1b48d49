//! A dam break in a closed flat box (bed at 100 m), for profiling and memory measurement: N × N cells of 10 m,
//! 1 m of water on the left half, Manning n = 0.03, every output on.
//!
//! ```text
//! cargo run --release -p hazsim-flood --example dam_break_box -- [N] [SECONDS] [--setup-only] [--wet]
//! ```
//!
//! Prints steps, wall time and cell-updates per second. `--wet` puts 0.2 m on the right half
//! instead of leaving it dry. With `--setup-only` it builds the terrain
//! and stops before the simulation, the baseline for a peak-RSS measurement
//! (`/usr/bin/time -v`): the difference of the two peaks over N² is the solver's bytes per cell.

use hazsim_flood::{FloodConfig, FloodSimulation};
use hazsim_grid::{Crs, GeoTransform, NoProgress, Raster, Simulation, Terrain};
use ndarray::Array2;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let setup_only = args.iter().any(|a| a == "--setup-only");
    // Right half at 0.2 m instead of dry: every cell wet, so every accumulator page is written
    // (stores that leave a dry cell's accumulator unchanged may never touch its page).
    let low = if args.iter().any(|a| a == "--wet") {
        0.2f32
    } else {
        0.0
    };
    let nums: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let n: usize = nums
        .first()
        .map_or(1000, |s| s.parse().expect("N: a cell count"));
    let span: f64 = nums
        .get(1)
        .map_or(60.0, |s| s.parse().expect("SECONDS: model seconds"));
    let dx = 10.0;
    // A flat bed at 100 m, written cell by cell (an all-zero array may come from calloc and stay
    // unmapped, which would hide the DEM from the baseline's resident set).
    let dem = Raster::new(
        Array2::<f32>::from_elem((n, n), 100.0),
        GeoTransform::north_up(0.0, n as f64 * dx, dx),
        Crs::epsg(32633),
    );
    let initial = dem.like(Array2::from_shape_fn((n, n), |(_, c)| {
        if c < n / 2 {
            1.0f32
        } else {
            low
        }
    }));
    let terrain = Terrain::new(dem).expect("a valid DEM");
    if setup_only {
        println!("setup only: {n} x {n}");
        return;
    }
    let cfg = FloodConfig {
        duration: span,
        manning: hazsim_grid::Field::Uniform(0.03),
        initial_depth: Some(initial),
        ..Default::default()
    };
    let rss_before = hazsim_grid::memory::resident_kib();
    let mut sim = FloodSimulation::new(&terrain, cfg).expect("a valid configuration");
    let t0 = Instant::now();
    sim.advance(span, &mut NoProgress).expect("a stable run");
    let wall = t0.elapsed().as_secs_f64();
    let updates = sim.steps() as f64 * (n * n) as f64;
    println!(
        "{n} x {n}: {} steps in {wall:.3} s, {:.3e} cell-updates/s, max depth {:.4} m",
        sim.steps(),
        updates / wall,
        sim.field("flood.max_depth").unwrap()[[n / 2, n / 2]]
    );
    println!(
        "cells computed: {:.1} % of the cell-updates (the rest were dry and out of reach)",
        100.0 * sim.cells_computed() as f64 / updates
    );
    // Linux: peak resident set (VmHWM) minus the resident set before the solver was built, taken
    // before any derived field (flood.duration, flood.hazard_class) is read: each of those adds
    // 4 bytes per cell when first read.
    if let (Some(before), Some(peak)) = (rss_before, hazsim_grid::memory::peak_resident_kib()) {
        let per_cell = (peak.saturating_sub(before) * 1024) as f64 / (n * n) as f64;
        println!("resident before the solver {before} KiB, peak {peak} KiB: {per_cell:.1} B/cell");
    }
    // FNV-1a over the bits of every output field, to compare two builds bit for bit: one hash
    // per field, then one over all of them.
    let mut all = 0xcbf2_9ce4_8422_2325u64;
    let mut each = Vec::new();
    for name in [
        "flood.depth",
        "flood.speed",
        "flood.max_depth",
        "flood.max_speed",
        "flood.max_dv",
        "flood.arrival_time",
        "flood.duration",
        "flood.hazard_rating",
    ] {
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for v in sim.field(name).unwrap().iter() {
            hash = (hash ^ v.to_bits() as u64).wrapping_mul(0x0100_0000_01b3);
            all = (all ^ v.to_bits() as u64).wrapping_mul(0x0100_0000_01b3);
        }
        each.push(format!("{}={:04x}", &name[6..], hash & 0xffff));
    }
    println!("output bits hash {all:016x} ({})", each.join(" "));
}
