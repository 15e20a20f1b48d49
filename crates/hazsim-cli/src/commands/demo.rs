//! `hazsim demo`: the main job on the bundled real DEM.

use super::{debris, fire, flood, read_terrain, Result};
use crate::progress::Bar;
use hazsim_debris::{release_by_slope_area, Release, SlopeAreaRule};
use hazsim_fire::spread::{Fuels, Ignition, SpreadConfig, WeatherRecord, WeatherStream};
use hazsim_fire::FuelMoisture;
use hazsim_flood::{Boundaries, Boundary, ChicagoStorm, FloodConfig, PointInflow, StormFormula};
use hazsim_grid::rasterize::line_cells;
use hazsim_grid::terrain::neighbours::{opposite, OFFSETS};
use hazsim_grid::{Raster, Terrain};
use hazsim_io::map::{render_map_png, Colormap, MapStyle};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Run the demonstration on the bundled DEM of the Jacksboro fault valley (Tennessee, USGS,
/// UTM 16N, 90 m): terrain derivatives as GeoTIFF + PNG maps, then a flash flood in
/// DIR/flood/ (a 50-year Chicago design storm from the illustrative formula
/// i = 10(1 + 0.8 lg P)/(t + 10)^0.7 mm/min over the whole grid for 1 h, plus a flood wave
/// entering the main valley), a wildfire in DIR/fire/ (an illustrative fuel map derived from
/// the terrain, a wind shift from south-west to south-east after 3 h and a fuel break along a
/// ridge road), and summary.json / summary.md.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output directory.
    #[arg(long, short, default_value = "out/demo")]
    pub out: PathBuf,
    /// DEM to use instead of the bundled one.
    #[arg(long, default_value = "scenarios/data/jacksboro_utm16n.tif")]
    pub dem: PathBuf,
    /// Skip the flood run.
    #[arg(long)]
    pub no_flood: bool,
    /// Skip the debris-flow run.
    #[arg(long)]
    pub no_debris: bool,
    /// Simulated time of the flood run, e.g. 3h.
    #[arg(long, value_name = "TIME", default_value = "3h")]
    pub flood_duration: String,
    /// Skip the wildfire run.
    #[arg(long)]
    pub no_fire: bool,
    /// Simulated time of the wildfire run, e.g. 6h (the wind shifts after 3 h).
    #[arg(long, value_name = "TIME", default_value = "6h")]
    pub fire_duration: String,
    /// Hide the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Peak of the demo's inflow hydrograph (m³/s).
const DEMO_INFLOW_PEAK: f64 = 200.0;

/// The demo's inflow cell: walk up the main stem from the cell of largest D8 accumulation,
/// always to the upstream neighbour of largest accumulation (ties: first clockwise from east),
/// and stop at the last cell whose accumulation is still at least `fraction` of the maximum.
/// That is where the main valley has gathered `fraction` of the largest catchment: far enough
/// upstream to leave a long valley to flood, on the main stem by construction, and fixed by
/// the DEM alone. Returns (row, col, accumulation).
pub fn main_stem_point(t: &Terrain, fraction: f64) -> (usize, usize, f64) {
    let acc = t.d8_accumulation();
    let d8 = t.d8();
    let (rows, cols) = t.shape();
    let (mut best, mut at) = (0.0f64, (0usize, 0usize));
    for ((r, c), &v) in acc.data.indexed_iter() {
        if v > best {
            best = v;
            at = (r, c);
        }
    }
    let limit = fraction * best;
    loop {
        let (r, c) = at;
        let mut up: Option<((usize, usize), f64)> = None;
        for (k, &(dr, dc)) in OFFSETS.iter().enumerate() {
            let (nr, nc) = (r as isize + dr, c as isize + dc);
            if nr < 0 || nc < 0 || nr >= rows as isize || nc >= cols as isize {
                continue;
            }
            let (nr, nc) = (nr as usize, nc as usize);
            // The neighbour drains into (r, c) when its D8 code points back along k.
            if d8.data[[nr, nc]] != 1u8 << opposite(k) {
                continue;
            }
            let a = acc.data[[nr, nc]];
            if up.is_none_or(|(_, b)| a > b) {
                up = Some(((nr, nc), a));
            }
        }
        match up {
            Some((p, a)) if a >= limit => at = p,
            _ => return (at.0, at.1, acc.data[[at.0, at.1]]),
        }
    }
}

/// Lowest slope (degrees) of a demo debris release cell. On the 90 m demo DEM slopes are
/// averaged over 270 m: half of the cells lie below 12°, 1 % above 26°, none above 33°. With
/// 28° the slope–area rule picks the steepest headwater slopes (about a hundred cells) rather
/// than every moderately steep hillside (15° gives about 520 cells, most of them low down).
const DEMO_RELEASE_MIN_SLOPE: f64 = 28.0;

/// The demo's debris release rule: Flow-R's slope–area rule (Horton et al. 2013, NHESS
/// 13:869–885) with their "extreme event" curve `tan β ≥ 0.31 · S_UCA^(−0.15)` (S_UCA in km²,
/// D8 upslope area) and slopes from [`DEMO_RELEASE_MIN_SLOPE`] up. On 90 m cells one cell's
/// area needs β ≥ 32.6°, so the releases gather in hollows and first-order channels of a few
/// cells' catchment: steep headwaters, not the main valleys.
pub fn demo_release_rule() -> SlopeAreaRule {
    SlopeAreaRule {
        min_slope: DEMO_RELEASE_MIN_SLOPE,
        ..SlopeAreaRule::default()
    }
}

/// Travel angle of the demo's debris flows (degrees): Horton et al. (2013) for extreme events.
const DEMO_ALPHA: f64 = 11.0;

/// The demo's debris-flow run into DIR/debris.
fn debris_demo(t: &Terrain, out: &Path, bar: &mut Bar) -> Result<debris::RunSummary> {
    let rule = demo_release_rule();
    let mask = release_by_slope_area(t, &rule)?;
    let params = hazsim_debris::RunoutParams {
        travel_angle: hazsim_grid::Field::Uniform(DEMO_ALPHA),
        ..Default::default()
    };
    let inputs = serde_json::json!({
        "release_rule": format!(
            "Flow-R slope-area rule (Horton et al. 2013): tan(slope) >= {} * S_UCA^-{} (S_UCA in km2, D8), slope {}-{} deg",
            rule.coefficient, rule.exponent, rule.min_slope, rule.max_slope
        ),
        "alpha_deg": DEMO_ALPHA,
        "max_velocity_m_s": params.max_velocity,
        "exponent": params.exponent,
        "persistence": params.persistence,
        "flux_threshold": params.flux_threshold,
        "routing": "flow-r",
    });
    debris::run_and_write(
        t,
        &Release::from_u8_mask(&mask),
        &params,
        inputs,
        out,
        &[],
        bar,
    )
}

/// The demo's flash flood: the numbers for the summaries.
struct FloodDemo {
    run: flood::RunSummary,
    storm_depth_mm: f64,
    inflow_x: f64,
    inflow_y: f64,
    inflow_acc: f64,
    duration_s: f64,
}

fn flood_demo(t: &Terrain, out: &Path, duration_s: f64, bar: &mut Bar) -> Result<FloodDemo> {
    let storm = ChicagoStorm {
        formula: StormFormula::ILLUSTRATIVE,
        return_period: 50.0,
        peak_ratio: 0.4,
        duration: 3600.0,
        time_step: 300.0,
    };
    let (r, c, acc) = main_stem_point(t, 0.2);
    let (x, y) = t.dem().cell_center(r, c);
    // A triangular flood wave (e.g. an upstream dam release): 0 → peak at 45 min → 0 at 2 h.
    let hydrograph = vec![(0.0, 0.0), (2700.0, DEMO_INFLOW_PEAK), (7200.0, 0.0)];
    let inputs = serde_json::json!({
        "dem": t.dem().crs.to_string(),
        "duration_s": duration_s,
        "rain": flood::design_storm_json(&storm)?,
        "rain_note": "illustrative storm-intensity parameters (A = 10 mm/min, C = 0.8, b = 10 min, n = 0.7), not a specific city's formula",
        "inflows": [{"x": x, "y": y, "row": r, "col": c, "d8_accumulation_cells": acc,
                     "why": "the most upstream main-stem cell whose D8 accumulation is still >= 20 % of the largest catchment",
                     "hydrograph_t_s_q_m3s": hydrograph}],
        "manning_n": 0.035,
        "boundary": "free on all edges",
    });
    let cfg = FloodConfig {
        duration: duration_s,
        rain: storm.rain()?,
        inflows: vec![PointInflow { x, y, hydrograph }],
        boundaries: Boundaries::all(Boundary::FreeOutflow { slope: None }),
        output_interval: Some(300.0),
        ..FloodConfig::default()
    };
    let run = flood::run_and_write(t, cfg, inputs, out, 900.0, bar)?;
    Ok(FloodDemo {
        run,
        storm_depth_mm: storm.total_depth_mm()?,
        inflow_x: x,
        inflow_y: y,
        inflow_acc: acc,
        duration_s,
    })
}

/// Fuel model codes of the demo's illustrative fuel map.
pub const DEMO_GRASS: u16 = 102; // GR2, low-load dry-climate grass
/// SH2, moderate-load dry-climate shrub.
pub const DEMO_SHRUB: u16 = 142;
/// TL3, moderate-load conifer litter.
pub const DEMO_LITTER: u16 = 183;
/// NB8, open water.
pub const DEMO_WATER: u16 = 98;

/// An *illustrative* fuel map derived from the terrain alone (not a survey of the real
/// vegetation): open water (NB8) on dead-flat cells (a lake surface) and on large streams
/// (D8 accumulation of 4000 cells or more); grass (GR2) on gentle ground below 8° (valley
/// floors, pasture); on steeper ground shrub (SH2) where the slope faces south to west (aspect
/// 135°-270°, the sunnier and drier side) and conifer litter (TL3) elsewhere.
pub fn demo_fuels(t: &Terrain) -> Raster<u16> {
    let slope = t.slope();
    let aspect = t.aspect();
    let acc = t.d8_accumulation();
    let codes = ndarray::Array2::from_shape_fn(t.shape(), |ix| {
        let s = slope.data[ix];
        let a = aspect.data[ix];
        if s < 0.05 || acc.data[ix] >= 4000.0 {
            DEMO_WATER
        } else if s < 8.0 {
            DEMO_GRASS
        } else if (135.0..=270.0).contains(&a) {
            DEMO_SHRUB
        } else {
            DEMO_LITTER
        }
    });
    t.dem().like(codes)
}

/// The demo's ridge road: the crest between `from` and `to` metres ahead of `origin` in the
/// azimuth `heading` (degrees), traced across a band `half_width` metres either side. Every
/// half cell across the band, the highest cell along the heading is a crest point (unless it
/// lies at either end of the transect, which marks a slope, not a crest); the longest run of
/// crest points that follow each other within three cells is joined cell by cell, so the road
/// is a continuous wall one cell wide that follows one ridge line.
pub fn ridge_road(
    t: &Terrain,
    origin: (f64, f64),
    heading: f64,
    from: f64,
    to: f64,
    half_width: f64,
) -> Vec<(usize, usize)> {
    let dem = t.dem();
    let (sh, ch) = heading.to_radians().sin_cos();
    // Unit vectors along the heading (east, north) and across it (to its right).
    let along = (sh, ch);
    let across = (ch, -sh);
    let step = 0.5 * t.cell_size();
    let mut crest: Vec<(f64, f64)> = Vec::new();
    let mut s = -half_width;
    while s <= half_width {
        let mut best: Option<(f32, (f64, f64), bool)> = None;
        let mut d = from;
        while d <= to {
            let p = (
                origin.0 + d * along.0 + s * across.0,
                origin.1 + d * along.1 + s * across.1,
            );
            if let Some((r, c)) = dem.cell_index(p.0, p.1) {
                let z = dem.data[[r, c]];
                if best.is_none_or(|(bz, _, _)| z > bz) {
                    let at_edge = d == from || d + step > to;
                    best = Some((z, dem.cell_center(r, c), at_edge));
                }
            }
            d += step;
        }
        // A highest point at either end of the transect is a slope, not a crest: skip it.
        if let Some((_, p, false)) = best {
            crest.push(p);
        }
        s += step;
    }
    // Keep the longest run of crest points that follow each other within three cells: one
    // continuous ridge, not a jump to another one.
    let max_jump = 3.0 * t.cell_size();
    let (mut best, mut start) = ((0usize, 0usize), 0usize);
    for i in 1..=crest.len() {
        let broken = i == crest.len() || {
            let (a, b) = (crest[i - 1], crest[i]);
            (a.0 - b.0).hypot(a.1 - b.1) > max_jump
        };
        if broken {
            if i - start > best.1 - best.0 {
                best = (start, i);
            }
            start = i;
        }
    }
    let mut cells = line_cells(&dem.transform, t.shape(), &crest[best.0..best.1]);
    cells.dedup();
    cells
}

/// The demo's wildfire: the numbers for the summaries.
struct FireDemo {
    run: fire::RunSummary,
    ignition: (f64, f64),
    road_cells: usize,
    duration_s: f64,
}

/// Where the demo fire starts, as fractions of the grid (column, row): on the bundled DEM, in
/// Powell Valley at the foot of Cumberland Mountain, south-west of LaFollette.
const DEMO_IGNITION: (f64, f64) = (0.775, 0.355);
/// Midflame wind (start s, m/s, from °): 5 m/s from the south-west for the first 3 h, then
/// 4 m/s from the south-east.
const DEMO_WIND: [(f64, f64, f64); 2] = [(0.0, 5.0, 225.0), (3.0 * 3600.0, 4.0, 135.0)];

fn fire_demo(t: &Terrain, out: &Path, duration_s: f64, bar: &mut Bar) -> Result<FireDemo> {
    let fuels = demo_fuels(t);
    let (rows, cols) = t.shape();
    // The ignition: the grass cell nearest the target position.
    let target = (
        (DEMO_IGNITION.1 * rows as f64) as usize,
        (DEMO_IGNITION.0 * cols as f64) as usize,
    );
    let (mut best, mut at) = (usize::MAX, None);
    for ((r, c), &code) in fuels.data.indexed_iter() {
        if code == DEMO_GRASS {
            let d = r.abs_diff(target.0).pow(2) + c.abs_diff(target.1).pow(2);
            if d < best {
                best = d;
                at = Some((r, c));
            }
        }
    }
    let (ir, ic) = at.ok_or("demo fire: the fuel map has no grass cell to ignite")?;
    let ignition = t.dem().cell_center(ir, ic);
    // The fuel break: a road along the crest ahead of the fire after the wind shift (it heads
    // north-west, away from the south-east wind), 0.3-3 km out, 5 km either side: on the
    // bundled DEM, the crest of Cumberland Mountain.
    let road = ridge_road(t, ignition, 315.0, 300.0, 3000.0, 5000.0);
    let mut mask = ndarray::Array2::from_elem(t.shape(), false);
    for &(r, c) in &road {
        mask[[r, c]] = true;
    }
    mask[[ir, ic]] = false;
    let barriers = t.dem().like(mask);
    let m = FuelMoisture::new(0.05, 0.06, 0.08, 0.5, 0.8)?;
    let weather = WeatherStream::new(
        DEMO_WIND
            .iter()
            .map(|&(start, speed, dir)| WeatherRecord {
                start,
                midflame_wind_speed: speed,
                wind_direction: dir,
                moisture: m,
            })
            .collect(),
    )?;
    let inputs_json = serde_json::json!({
        "fuel": "illustrative fuel map from the terrain: water (NB8, 98) on flat cells and large streams, grass (GR2, 102) below 8°, shrub (SH2, 142) on steeper south- to west-facing slopes, conifer litter (TL3, 183) on other steep slopes",
        "fuel_map": out.join("fuel.tif").display().to_string(),
        "fuel_break_map": out.join("fuel_break.tif").display().to_string(),
        "weather": DEMO_WIND.iter().map(|&(s, v, d)| serde_json::json!({"start_s": s, "midflame_wind_m_s": v, "wind_from_deg": d})).collect::<Vec<_>>(),
        "moisture": [m.one_hour, m.ten_hour, m.hundred_hour, m.live_herb, m.live_woody],
        "ignition": {"x": ignition.0, "y": ignition.1, "row": ir, "col": ic},
        "fuel_break": {"cells": road.len(), "what": "a road along the ridge crest 1.5-5 km north-west of the ignition, one cell wide"},
        "duration_s": duration_s,
    });
    super::ensure_dir(out)?;
    hazsim_io::write_raster(&fuels, out.join("fuel.tif"))?;
    hazsim_io::write_raster(&barriers.map(|&b| u8::from(b)), out.join("fuel_break.tif"))?;
    // Classes in the order of the terrain colours: dark green, yellow-green, tan, brown, white.
    let classes = [
        (DEMO_LITTER, "TL3 conifer litter (183)"),
        (DEMO_GRASS, "GR2 grass (102)"),
        (DEMO_SHRUB, "SH2 shrub (142)"),
    ];
    let mut fuel_map = fuels.map(|&c| c as f32);
    for &(r, c) in &road {
        fuel_map.data[[r, c]] = 0.0;
    }
    render_map_png(
        &fuel_map,
        Some(&t.hillshade(315.0, 45.0, 1.0)?),
        &MapStyle {
            colormap: Colormap::Terrain,
            alpha: 0.7,
            classes: Some(
                classes
                    .iter()
                    .map(|&(c, l)| (c as f64, l.to_string()))
                    .chain([
                        (0.0, "fuel break (road)".to_string()),
                        (DEMO_WATER as f64, "NB8 water (98)".to_string()),
                    ])
                    .collect(),
            ),
            units: String::new(),
            title: Some("Illustrative fuel map derived from the terrain".into()),
            ..MapStyle::default()
        },
        &[],
        out.join("fuel.png"),
    )?;
    let inp = fire::FireInputs {
        fuels: Fuels::Codes {
            codes: fuels,
            custom: vec![],
        },
        weather,
        ignitions: vec![Ignition {
            row: ir,
            col: ic,
            time: 0.0,
        }],
        barriers: Some(barriers),
        config: SpreadConfig {
            duration: duration_s,
            ..SpreadConfig::default()
        },
        perimeter_interval: 3600.0,
        area_interval: 600.0,
        inputs_json,
    };
    let run = fire::run_and_write(t, &inp, out, bar)?;
    Ok(FireDemo {
        run,
        ignition,
        road_cells: road.len(),
        duration_s,
    })
}

pub fn run(a: Args) -> Result {
    let flood_duration = flood::parse_time("--flood-duration", &a.flood_duration)?;
    if flood_duration <= 0.0 {
        return Err(format!(
            "--flood-duration {}: must be > 0, e.g. 3h",
            a.flood_duration
        )
        .into());
    }
    let fire_duration = flood::parse_time("--fire-duration", &a.fire_duration)?;
    if fire_duration <= 0.0 {
        return Err(format!("--fire-duration {}: must be > 0, e.g. 6h", a.fire_duration).into());
    }
    let flood_steps = if a.no_flood { 0 } else { flood::STEPS };
    let debris_steps = if a.no_debris { 0 } else { debris::STEPS };
    let fire_steps = if a.no_fire { 0 } else { fire::STEPS };
    let mut bar = Bar::new(
        super::terrain::STEPS + 1 + flood_steps + fire_steps + debris_steps,
        a.quiet,
    );
    bar.step("reading DEM");
    let t0 = std::time::Instant::now();
    let t = read_terrain(&a.dem, false)?;
    bar.done_step();
    let products = super::terrain::write_products(&t, &a.out, 1.1, 315.0, 45.0, &bar)?;
    let fd = if a.no_flood {
        None
    } else {
        Some(flood_demo(
            &t,
            &a.out.join("flood"),
            flood_duration,
            &mut bar,
        )?)
    };
    let fi = if a.no_fire {
        None
    } else {
        Some(fire_demo(&t, &a.out.join("fire"), fire_duration, &mut bar)?)
    };
    let dd_run = if a.no_debris {
        None
    } else {
        Some(debris_demo(&t, &a.out.join("debris"), &mut bar)?)
    };
    bar.finish();
    let secs = t0.elapsed().as_secs_f64();

    let (rows, cols) = t.shape();
    let cell = t.cell_size();
    let acc = t.d8_accumulation();
    let (mut best, mut at) = (0.0f64, (0usize, 0usize));
    for ((r, c), &v) in acc.data.indexed_iter() {
        if v > best {
            best = v;
            at = (r, c);
        }
    }
    let (ox, oy) = t.dem().cell_center(at.0, at.1);
    let dd = t.depression_depth();
    // Cells raised by more than 1 mm (the ε-gradient on flats is far below that).
    let pits = dd.data.iter().filter(|&&d| d > 1e-3).count();
    let pit_vol: f64 = dd.data.iter().map(|&d| d as f64).sum::<f64>() * cell * cell;
    let st = t.dem().statistics().expect("checked DEM has values");

    let flood_json = fd.as_ref().map(|f| {
        serde_json::json!({
            "dir": a.out.join("flood").display().to_string(),
            "simulated_s": f.duration_s,
            "storm": "Chicago design storm, P = 50 years, 1 h, peak ratio 0.4, illustrative formula i = 10(1 + 0.8 lg P)/(t + 10)^0.7 mm/min",
            "storm_depth_mm": f.storm_depth_mm,
            "inflow": {"x": f.inflow_x, "y": f.inflow_y, "d8_accumulation_cells": f.inflow_acc, "peak_m3_s": DEMO_INFLOW_PEAK},
            "max_depth_m": f.run.max_depth,
            "max_speed_m_s": f.run.max_speed,
            "flooded_area_m2": f.run.flooded_area_m2,
            "area_max_depth_over_m2": f.run.json["area_max_depth_over_m2"],
            "hazard_class_area_m2": f.run.json["hazard_class_area_m2"],
            "mass_balance_relative_error": f.run.mass_error,
            "steps": f.run.steps,
            "wall_time_s": f.run.wall_s,
        })
    });
    let fire_json = fi.as_ref().map(|f| {
        let r = &f.run.result;
        let fin = r.final_area();
        serde_json::json!({
            "dir": a.out.join("fire").display().to_string(),
            "simulated_s": f.duration_s,
            "ignition": {"x": f.ignition.0, "y": f.ignition.1},
            "fuel_break_cells": f.road_cells,
            "final_area_ha": fin.hectares,
            "final_area_mu": fin.mu,
            "grade": {"zh": r.grade().name_zh(), "en": r.grade().name_en()},
            "time_past_2ha_s": r.time_exceeding_2ha(),
            "wall_time_s": f.run.wall_s,
        })
    });
    let json = serde_json::json!({
        "dem": a.dem.display().to_string(),
        "rows": rows, "cols": cols, "cell_size_m": cell, "crs": t.dem().crs.to_string(),
        "area_km2": rows as f64 * cols as f64 * cell * cell / 1e6,
        "elevation_m": {"min": st.min, "max": st.max, "mean": st.mean},
        "slope_deg": {"max": products.iter().find(|p| p.name == "slope").map(|p| p.max)},
        "largest_catchment": {"cells": best, "area_km2": best * cell * cell / 1e6, "outlet_x": ox, "outlet_y": oy, "row": at.0, "col": at.1},
        "depressions": {"filled_cells": pits, "volume_m3": pit_vol},
        "seconds": secs,
        "flood": flood_json,
        "fire": fire_json,
        "debris": dd_run.as_ref().map(|d| serde_json::json!({
            "dir": a.out.join("debris").display().to_string(),
            "release_cells": d.release_cells,
            "release_rule": d.json["inputs"]["release_rule"],
            "alpha_deg": DEMO_ALPHA,
            "affected_area_m2": d.affected_area_m2,
            "max_energy_line_speed_m_s": d.max_speed,
            "max_energy_line_pressure_kpa": d.max_pressure,
            "max_travel_length_m": d.max_travel_length,
            "stalled_release_cells": d.json["stalled_release_cells"],
            "wall_time_s": d.wall_s,
        })),
        "products": products.iter().map(|p| serde_json::json!({"name": p.name, "geotiff": p.tif.display().to_string(), "png": p.png.display().to_string(), "units": p.units, "min": p.min, "max": p.max})).collect::<Vec<_>>(),
    });
    std::fs::write(
        a.out.join("summary.json"),
        serde_json::to_string_pretty(&json)?,
    )?;

    let mut md = String::new();
    writeln!(md, "# hazsim demo: terrain of {}\n", a.dem.display())?;
    writeln!(
        md,
        "- grid: {cols} × {rows} cells of {cell} m ({:.1} km²), {}",
        rows as f64 * cols as f64 * cell * cell / 1e6,
        t.dem().crs
    )?;
    writeln!(
        md,
        "- elevation: {:.0}–{:.0} m (mean {:.0} m)",
        st.min, st.max, st.mean
    )?;
    writeln!(
        md,
        "- largest D8 catchment: {best:.0} cells = {:.1} km², outlet at ({ox:.0}, {oy:.0})",
        best * cell * cell / 1e6
    )?;
    writeln!(md, "- depressions filled: {pits} cells, {:.0} m³", pit_vol)?;
    writeln!(md, "- run time: {secs:.2} s\n")?;
    if let Some(f) = &fd {
        let over = &f.run.json["area_max_depth_over_m2"];
        let km2 = |k: &str| over[k].as_f64().unwrap_or(f64::NAN) / 1e6;
        writeln!(md, "## Flash flood ({})\n", a.out.join("flood").display())?;
        writeln!(
            md,
            "- rain: 50-year Chicago design storm, 1 h, peak at 0.4 (24 min), {:.1} mm over the whole grid (illustrative formula i = 10(1 + 0.8 lg P)/(t + 10)^0.7 mm/min, not a specific city's)",
            f.storm_depth_mm
        )?;
        writeln!(
            md,
            "- inflow: triangular flood wave, peak {DEMO_INFLOW_PEAK} m³/s at 45 min, at ({:.0}, {:.0}), the most upstream main-stem cell still draining 20 % of the largest catchment ({:.0} cells)",
            f.inflow_x, f.inflow_y, f.inflow_acc
        )?;
        writeln!(
            md,
            "- simulated {:.1} h with free outflow on all edges: {} steps in {:.1} s",
            f.duration_s / 3600.0,
            f.run.steps,
            f.run.wall_s
        )?;
        writeln!(
            md,
            "- max depth {:.2} m, max speed {:.1} m/s; area ever deeper than 0.1 m: {:.1} km², 0.3 m: {:.1} km², 1 m: {:.1} km²",
            f.run.max_depth,
            f.run.max_speed,
            km2("0.1"),
            km2("0.3"),
            km2("1.0")
        )?;
        writeln!(
            md,
            "- mass balance relative error {:.1e}\n",
            f.run.mass_error
        )?;
    }
    if let Some(f) = &fi {
        let r = &f.run.result;
        let fin = r.final_area();
        writeln!(md, "## Wildfire ({})\n", a.out.join("fire").display())?;
        writeln!(
            md,
            "- fuels: an illustrative map from the terrain (grass GR2 below 8°, shrub SH2 on steeper south-west slopes, conifer litter TL3 on other steep slopes, water on flats and large streams); moisture 5/6/8/50/80 %"
        )?;
        writeln!(
            md,
            "- ignition at ({:.0}, {:.0}); midflame wind 5 m/s from the south-west, shifting after 3 h to 4 m/s from the south-east",
            f.ignition.0, f.ignition.1
        )?;
        writeln!(
            md,
            "- fuel break: a road along the ridge crest north-west of the ignition ({} cells)",
            f.road_cells
        )?;
        writeln!(
            md,
            "- simulated {:.1} h in {:.1} s: burned {:.1} ha ({:.0} mu), grade {} ({}); passed 2 ha (30 mu) {}\n",
            f.duration_s / 3600.0,
            f.run.wall_s,
            fin.hectares,
            fin.mu,
            r.grade().name_zh(),
            r.grade().name_en(),
            match r.time_exceeding_2ha() {
                Some(t) => format!("after {:.0} min", t / 60.0),
                None => "never".into(),
            }
        )?;
    }
    if let Some(d) = &dd_run {
        writeln!(md, "## Debris flows ({})\n", a.out.join("debris").display())?;
        writeln!(
            md,
            "- {} release cells detected from terrain in steep headwaters by Flow-R's slope–area rule (Horton et al. 2013): slope ≥ {}° and tan β ≥ {} · S_UCA^(−{}) with the D8 upslope area S_UCA in km²; the runout follows the valleys below them",
            d.release_cells, DEMO_RELEASE_MIN_SLOPE, SlopeAreaRule::default().coefficient, SlopeAreaRule::default().exponent
        )?;
        writeln!(
            md,
            "- energy-line routing, α = {DEMO_ALPHA}°, v_max 15 m/s, Holmgren exponent 8: affected area {:.1} km², max energy-line speed {:.1} m/s, max impact pressure {:.0} kPa, longest path {:.1} km, {:.2} s",
            d.affected_area_m2 / 1e6,
            d.max_speed,
            d.max_pressure,
            d.max_travel_length / 1e3,
            d.wall_s
        )?;
        writeln!(
            md,
            "- on 90 m cells one step down a 28° slope drops 48 m against an energy-line loss of 17.5 m, so the speed reaches the 15 m/s cap next to most releases: the energy-line speed and pressure maps show the cap over most of the runout\n"
        )?;
    }
    writeln!(
        md,
        "| product | min | max | units | GeoTIFF | map |\n|---|---|---|---|---|---|"
    )?;
    for p in &products {
        writeln!(
            md,
            "| {} | {:.3} | {:.3} | {} | {} | {} |",
            p.name,
            p.min,
            p.max,
            p.units,
            p.tif.display(),
            p.png.display()
        )?;
    }
    std::fs::write(a.out.join("summary.md"), &md)?;
    print!("{md}");
    Ok(())
}
