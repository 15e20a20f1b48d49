//! One timed grid-spread run on a flat square grid with a point ignition at the centre, for the
//! peer benchmark (benches/peers/fire.py) and for profiling. Prints one JSON object.
//!
//! `cargo run --release -p hazsim-fire --example peer_spread -- size=500 cell=30 fuel=1 wind=2.0 wind_from=270 duration=7200 repeats=3`
//!
//! Keys (defaults): size (500) cells per side, cell (30) m, fuel (1) standard model code,
//! m1 m10 m100 mherb mwoody (0.06 0.07 0.08 0.60 0.90) moistures as fractions, wind (2.0)
//! midflame m/s, wind_from (270) degrees, duration (s; default: until burned out), radius (6)
//! stencil radius, repeats (3), threads (rayon default), limit (1 = wind limit on, 0 off),
//! rise (0) m of elevation gained per row southwards (a tilted plane instead of flat ground).
//!
//! The output's `hash` is an FNV-1a hash of the bits of every output raster and of the
//! burned-time history (of the last run), to check that a code change leaves results unchanged.
use hazsim_fire::spread::{simulate_spread, Fuels, Ignition, SpreadConfig, WeatherStream};
use hazsim_fire::{FuelModel, FuelMoisture, SpreadOptions, WindLimit};
use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
use ndarray::Array2;
use std::collections::HashMap;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut kv: HashMap<String, String> = HashMap::new();
    for a in std::env::args().skip(1) {
        let (k, v) = a
            .split_once('=')
            .ok_or_else(|| format!("argument {a:?}: expected key=value"))?;
        kv.insert(k.to_string(), v.to_string());
    }
    let get = |k: &str, d: f64| -> Result<f64, String> {
        kv.get(k).map_or(Ok(d), |v| {
            v.parse::<f64>()
                .map_err(|e| format!("{k}={v}: not a number ({e})"))
        })
    };
    let size = get("size", 500.0)? as usize;
    let cell = get("cell", 30.0)?;
    let duration = get("duration", f64::INFINITY)?;
    let repeats = get("repeats", 3.0)?.max(1.0) as usize;
    let rise = get("rise", 0.0)?;
    if let Some(t) = kv.get("threads") {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t.parse()?)
            .build_global()?;
    }
    let moisture = FuelMoisture::new(
        get("m1", 0.06)?,
        get("m10", 0.07)?,
        get("m100", 0.08)?,
        get("mherb", 0.60)?,
        get("mwoody", 0.90)?,
    )?;
    let weather = WeatherStream::constant(get("wind", 2.0)?, get("wind_from", 270.0)?, moisture)?;
    let fuels = Fuels::Uniform(FuelModel::standard(get("fuel", 1.0)? as u16)?);
    let dem = Raster::new(
        Array2::from_shape_fn((size, size), |(r, _)| (r as f64 * rise) as f32),
        GeoTransform::north_up(0.0, size as f64 * cell, cell),
        Crs::epsg(32650),
    );
    let terrain = Terrain::new(dem)?;
    let config = SpreadConfig {
        stencil_radius: get("radius", 6.0)? as u32,
        duration: if duration.is_finite() { duration } else { 1e12 },
        options: SpreadOptions {
            wind_limit: if get("limit", 1.0)? != 0.0 {
                WindLimit::Applied
            } else {
                WindLimit::Ignored
            },
            ..SpreadOptions::default()
        },
        ..SpreadConfig::default()
    };
    let ignition = [Ignition {
        row: size / 2,
        col: size / 2,
        time: 0.0,
    }];
    let mut times = Vec::new();
    let mut burned = 0;
    let mut hectares = 0.0;
    let mut extent = (usize::MAX, 0, usize::MAX, 0);
    let mut last = None;
    for _ in 0..repeats {
        let start = Instant::now();
        let res = simulate_spread(&terrain, &fuels, &weather, &ignition, None, &config)?;
        times.push(start.elapsed().as_secs_f64());
        burned = res.burned_times.len();
        hectares = res.final_area().hectares;
        extent = (usize::MAX, 0, usize::MAX, 0);
        for ((r, c), t) in res.arrival_time.data.indexed_iter() {
            if t.is_finite() {
                extent = (
                    extent.0.min(r),
                    extent.1.max(r),
                    extent.2.min(c),
                    extent.3.max(c),
                );
            }
        }
        last = Some(res);
    }
    // Outside the repeats, so that instruction counts of one run do not include it.
    let hash = last.as_ref().map_or(0, result_hash);
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    println!(
        "{{\"tool\": \"hazsim\", \"size\": {size}, \"cell\": {cell}, \"burned_cells\": {burned}, \"hectares\": {hectares:.4}, \"seconds\": {times:?}, \"median_seconds\": {median:.6}, \"cells_per_second\": {:.1}, \"rows\": [{}, {}], \"cols\": [{}, {}], \"threads\": {}, \"hash\": \"{hash:016x}\"}}",
        burned as f64 / median,
        extent.0,
        extent.1,
        extent.2,
        extent.3,
        rayon::current_num_threads()
    );
    Ok(())
}

/// FNV-1a over the bits of the four output rasters and the burned-time history.
fn result_hash(res: &hazsim_fire::spread::SpreadResult) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |x: u64| {
        for b in x.to_le_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for r in [
        &res.arrival_time,
        &res.ros,
        &res.fireline_intensity,
        &res.flame_length,
    ] {
        for v in r.data.iter() {
            eat(v.to_bits() as u64);
        }
    }
    for t in &res.burned_times {
        eat(t.to_bits());
    }
    h
}
