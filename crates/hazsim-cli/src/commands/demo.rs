//! `hazsim demo`: the main job on the bundled real DEM.

use super::{debris, flood, read_terrain, Result};
use crate::progress::Bar;
use hazsim_flood::{Boundaries, Boundary, ChicagoStorm, FloodConfig, PointInflow, StormFormula};
use hazsim_grid::terrain::neighbours::{opposite, OFFSETS};
use hazsim_grid::Terrain;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Run the demonstration on the bundled DEM of the Jacksboro fault valley (Tennessee, USGS,
/// UTM 16N, 90 m): terrain derivatives as GeoTIFF + PNG maps, then a flash flood in
/// DIR/flood/ (a 50-year Chicago design storm from the illustrative formula
/// i = 10(1 + 0.8 lg P)/(t + 10)^0.7 mm/min over the whole grid for 1 h, plus a flood wave
/// entering the main valley), and summary.json / summary.md.
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

/// Slope range (degrees) of the demo's debris release cells.
const DEMO_RELEASE_SLOPE: (f32, f32) = (25.0, 60.0);
/// Largest D8 upslope area (cells, the cell itself included) of a demo release cell.
const DEMO_RELEASE_MAX_AREA: f64 = 30.0;
/// Travel angle of the demo's debris flows (degrees): Horton et al. (2013) for extreme events.
const DEMO_ALPHA: f64 = 11.0;

/// The demo's debris-flow release cells: a minimal Flow-R-style source rule (after Horton et al.
/// 2013, who combine slope with upslope area), not a full release-detection method. A cell
/// releases when its slope lies in [`DEMO_RELEASE_SLOPE`] (steep enough to fail, not a cliff)
/// and its D8 upslope area is at most [`DEMO_RELEASE_MAX_AREA`] cells (headwater hollows and
/// first-order channels, not the main valleys). Returns (row, col) cells in row-major order.
pub fn demo_release_cells(t: &Terrain) -> Vec<(usize, usize)> {
    let slope = t.slope();
    let acc = t.d8_accumulation();
    let (lo, hi) = DEMO_RELEASE_SLOPE;
    slope
        .data
        .indexed_iter()
        .filter(|&(ix, &s)| {
            s.is_finite() && (lo..=hi).contains(&s) && acc.data[ix] <= DEMO_RELEASE_MAX_AREA
        })
        .map(|(ix, _)| ix)
        .collect()
}

/// The demo's debris-flow run into DIR/debris.
fn debris_demo(t: &Terrain, out: &Path, bar: &mut Bar) -> Result<debris::RunSummary> {
    let cells = demo_release_cells(t);
    let params = hazsim_debris::RunoutParams {
        travel_angle: hazsim_debris::TravelAngle::Uniform(DEMO_ALPHA),
        ..Default::default()
    };
    let inputs = serde_json::json!({
        "release_rule": format!(
            "slope {}-{} deg and D8 upslope area <= {} cells (a minimal Flow-R-style source rule)",
            DEMO_RELEASE_SLOPE.0, DEMO_RELEASE_SLOPE.1, DEMO_RELEASE_MAX_AREA
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
        &hazsim_debris::Release::Cells(cells),
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

pub fn run(a: Args) -> Result {
    let flood_duration = flood::parse_time("--flood-duration", &a.flood_duration)?;
    if flood_duration <= 0.0 {
        return Err(format!(
            "--flood-duration {}: must be > 0, e.g. 3h",
            a.flood_duration
        )
        .into());
    }
    let flood_steps = if a.no_flood { 0 } else { flood::STEPS };
    let debris_steps = if a.no_debris { 0 } else { debris::STEPS };
    let mut bar = Bar::new(
        super::terrain::STEPS + 1 + flood_steps + debris_steps,
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
        "debris": dd_run.as_ref().map(|d| serde_json::json!({
            "dir": a.out.join("debris").display().to_string(),
            "release_cells": d.release_cells,
            "alpha_deg": DEMO_ALPHA,
            "affected_area_m2": d.affected_area_m2,
            "max_velocity_m_s": d.max_velocity,
            "max_impact_pressure_kpa": d.max_pressure,
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
    if let Some(d) = &dd_run {
        writeln!(md, "## Debris flows ({})\n", a.out.join("debris").display())?;
        writeln!(
            md,
            "- {} release cells: slope {}–{}° with D8 upslope area ≤ {} cells (a minimal Flow-R-style source rule)",
            d.release_cells, DEMO_RELEASE_SLOPE.0, DEMO_RELEASE_SLOPE.1, DEMO_RELEASE_MAX_AREA
        )?;
        writeln!(
            md,
            "- energy-line routing, α = {DEMO_ALPHA}°, v_max 15 m/s, Holmgren exponent 8: affected area {:.1} km², max speed {:.1} m/s, max impact pressure {:.0} kPa, longest path {:.1} km, {:.2} s",
            d.affected_area_m2 / 1e6,
            d.max_velocity,
            d.max_pressure,
            d.max_travel_length / 1e3,
            d.wall_s
        )?;
        writeln!(
            md,
            "- on 90 m cells one step down a 25° slope drops 42 m against an energy-line loss of 17.5 m, so the speed reaches the 15 m/s cap next to most releases: the velocity and pressure maps show the cap over most of the runout\n"
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
