//! Burn-probability ensemble on the bundled Jacksboro DEM (341 × 323 cells of 90 m): `members`
//! fires, each from one random burnable cell, for `hours`, with per-cell ROS noise, perturbed
//! wind and ember spotting. Prints one JSON object (wall time, areas, probability summary).
//!
//! `cargo run --release -p hazsim-fire --example ensemble_jacksboro -- members=1000 hours=6`
//!
//! Fuel is derived from the terrain: cells in the lowest 5 % of elevation with slope under 2°
//! are water (NB8, code 98: valley floors and the reservoir), the rest timber-grass understory
//! (FM2). Weather: dead moistures 6/7/8 %, live 60/90 %, 3 m/s midflame wind from the
//! south-west (225°). Keys: members (1000), hours (6), seed (1), threads (rayon default).
use hazsim_fire::spread::{
    run_ensemble, EnsembleMember, Fuels, Ignition, RosNoise, Spotting, SpreadConfig, WeatherStream,
    WindPerturbation,
};
use hazsim_fire::FuelMoisture;
use hazsim_grid::Terrain;
use rand::{RngExt, SeedableRng};
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
    let members_n = get("members", 1000.0)? as usize;
    let hours = get("hours", 6.0)?;
    let seed = get("seed", 1.0)? as u64;
    if let Some(t) = kv.get("threads") {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t.parse()?)
            .build_global()?;
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/data/jacksboro_utm16n.tif"
    );
    let dem = hazsim_io::read_raster(path)?.into_f32();
    let terrain = Terrain::new(dem)?;
    let (rows, cols) = terrain.shape();
    let z = &terrain.dem().data;
    let mut sorted: Vec<f32> = z.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    let low = sorted[sorted.len() / 20];
    let slope = terrain.slope();
    let codes = terrain
        .dem()
        .like(ndarray::Array2::from_shape_fn((rows, cols), |(r, c)| {
            if z[[r, c]] <= low && slope.data[[r, c]] < 2.0 {
                98u16
            } else {
                2
            }
        }));
    let burnable: Vec<(usize, usize)> = codes
        .data
        .indexed_iter()
        .filter(|(_, &k)| k == 2)
        .map(|(p, _)| p)
        .collect();
    let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(seed);
    let members: Vec<EnsembleMember> = (0..members_n)
        .map(|k| {
            let (row, col) = burnable[rng.random_range(0..burnable.len())];
            EnsembleMember {
                ignitions: vec![Ignition {
                    row,
                    col,
                    time: 0.0,
                }],
                seed: seed.wrapping_mul(1_000_003).wrapping_add(k as u64),
            }
        })
        .collect();
    let weather =
        WeatherStream::constant(3.0, 225.0, FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9)?)?;
    let config = SpreadConfig {
        duration: hours * 3600.0,
        ros_noise: RosNoise::PerCell { sigma: 0.3 },
        spotting: Some(Spotting::default()),
        ..SpreadConfig::default()
    };
    let wind = WindPerturbation {
        speed_sigma: 0.2,
        direction_sd: 15.0,
    };
    let fuels = Fuels::Codes {
        codes,
        custom: vec![],
    };
    let start = Instant::now();
    let out = run_ensemble(&terrain, &fuels, &weather, &members, None, &config, &wind)?;
    let wall = start.elapsed().as_secs_f64();
    let areas = &out.member_hectares;
    let mean = areas.iter().sum::<f64>() / areas.len() as f64;
    let max = areas.iter().copied().fold(0.0, f64::max);
    let cells_burned: f64 = areas.iter().sum::<f64>() / (90.0 * 90.0 / 10_000.0);
    let pmax = out
        .burn_probability
        .data
        .iter()
        .copied()
        .fold(0.0f32, f32::max);
    let touched = out
        .burn_probability
        .data
        .iter()
        .filter(|&&p| p > 0.0)
        .count();
    println!(
        "{{\"grid\": [{rows}, {cols}], \"members\": {members_n}, \"hours\": {hours}, \"threads\": {}, \"seconds\": {wall:.3}, \"members_per_second\": {:.1}, \"burned_cells_per_second\": {:.0}, \"mean_ha\": {mean:.1}, \"max_ha\": {max:.1}, \"max_probability\": {pmax}, \"cells_ever_burned\": {touched}}}",
        rayon::current_num_threads(),
        members_n as f64 / wall,
        cells_burned / wall
    );
    Ok(())
}
