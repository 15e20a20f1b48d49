//! `hazsim debris voellmy`: a depth-averaged Voellmy debris-flow run over a DEM (Voellmy 1955
//! friction as in RAMMS::DEBRISFLOW, Christen et al. 2010), written as GeoTIFF rasters, PNG
//! maps over the hillshade and a JSON summary.

use super::flood::{parse_time, read_series};
use super::{ensure_dir, read_f32, read_terrain, Result};
use crate::progress::Bar;
use hazsim_debris::voellmy::{
    simulate_voellmy, Edge, Edges, VoellmyConfig, VoellmyRelease, VoellmyRun,
};
use hazsim_grid::{Raster, Terrain};
use hazsim_io::map::{render_map_png, MapStyle, Overlay};
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Model: mass and momentum of a shallow flowing layer with Voellmy friction
  tau_b = mu rho g h cos(theta) + rho g v^2 / xi
(Voellmy 1955; as in RAMMS::DEBRISFLOW, Christen et al. 2010). mu (Coulomb, dimensionless)
controls where the flow stops: the runout ends roughly where the slope falls below atan(mu).
xi (turbulent, m/s2) controls the speed on steep ground. Calibrated ranges: mu 0.05-0.4,
xi 100-1000 m/s2; the defaults 0.2 and 500 are a starting point, not a calibration.

Units: depths and lengths in metres, volumes in m3, discharges in m3/s, times in seconds
unless suffixed (90s, 5min, 1h); coordinates in the DEM's projected CRS.

Release (pick one):
  --release depth.tif            depth (m) per cell on the DEM's grid, 0 outside the release
  --release mask.tif --depth 2   a block 2 m deep on the mask's non-zero cells
  --release-point X,Y --volume V a block of V m3 spread evenly over the cells whose centres lie
                                 within --radius (default 15 m, at least the nearest cell) of
                                 (X, Y)
  --inflow X,Y --hydrograph q.csv   a point inflow; q.csv has rows t_s,Q_m3s (header and #
                                 comments allowed), linear in between, zero after the last row

Friction: --mu and --xi take a number or the path of a raster on the DEM's grid.

Outputs in DIR: max_depth.tif (m), max_speed.tif (m/s), max_impact_pressure.tif (kPa, rho v^2),
deposit.tif (m of material at rest at the end), final_depth.tif (m); PNG maps over the
hillshade of max_depth, max_speed, max_impact_pressure and deposit; summary.json (inputs,
volumes, mass balance, runout length, maxima).

Examples:
  hazsim debris voellmy --dem dem.tif --release-point 741000,4030000 --volume 5000 --out out/df
  hazsim debris voellmy --dem dem.tif --release src.tif --depth 1.5 --mu 0.15 --xi 300 \\
      --duration 10min --out out/df
  hazsim debris voellmy --dem dem.tif --inflow 741000,4030000 --hydrograph q.csv --out out/df";

/// Simulate a debris flow with the depth-averaged Voellmy model: a released block or a point
/// inflow hydrograph flows over the DEM; writes GeoTIFF rasters, PNG maps and summary.json.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Elevation raster in a projected CRS (metres).
    #[arg(long)]
    pub dem: PathBuf,
    /// Release raster on the DEM's grid: depths in m, or a mask when --depth is given.
    #[arg(long, value_name = "MASK|DEPTH_RASTER", group = "source")]
    pub release: Option<PathBuf>,
    /// Uniform release depth (m) on the non-zero cells of the --release mask.
    #[arg(long, value_name = "M", allow_negative_numbers = true)]
    pub depth: Option<f64>,
    /// Centre X,Y of a released block (with --volume).
    #[arg(long, value_name = "X,Y", group = "source", allow_hyphen_values = true)]
    pub release_point: Option<String>,
    /// Volume (m3) of the block at --release-point.
    #[arg(long, value_name = "M3", allow_negative_numbers = true)]
    pub volume: Option<f64>,
    /// Radius (m) of the disc the --release-point volume is spread over.
    #[arg(
        long,
        value_name = "M",
        default_value_t = hazsim_debris::voellmy::DEFAULT_BLOCK_RADIUS,
        allow_negative_numbers = true
    )]
    pub radius: f64,
    /// Point inflow X,Y (with --hydrograph).
    #[arg(long, value_name = "X,Y", group = "source", allow_hyphen_values = true)]
    pub inflow: Option<String>,
    /// Inflow hydrograph CSV: t_s,Q_m3s rows.
    #[arg(long, value_name = "CSV")]
    pub hydrograph: Option<PathBuf>,
    /// Coulomb friction coefficient mu (-), > 0: a number or a raster path.
    #[arg(
        long,
        value_name = "MU|RASTER",
        default_value = "0.2",
        allow_hyphen_values = true
    )]
    pub mu: String,
    /// Turbulent friction coefficient xi (m/s2), > 0: a number or a raster path.
    #[arg(
        long,
        value_name = "XI|RASTER",
        default_value = "500",
        allow_hyphen_values = true
    )]
    pub xi: String,
    /// Bulk density (kg/m3) for the impact pressure rho v^2.
    #[arg(long, default_value_t = 2000.0, allow_negative_numbers = true)]
    pub density: f64,
    /// Simulated time: seconds, or with a unit (90s, 5min).
    #[arg(
        long,
        value_name = "TIME",
        default_value = "300",
        allow_hyphen_values = true
    )]
    pub duration: String,
    /// Edges of the DEM: open (material leaves) or closed (walls).
    #[arg(long, value_name = "open|closed", default_value = "open")]
    pub edges: String,
    #[command(flatten)]
    pub output: super::OutArgs,
}

/// Parses "X,Y".
fn parse_xy(flag: &str, s: &str) -> Result<(f64, f64)> {
    let bad = || format!("{flag} {s}: expected X,Y in the DEM's CRS, e.g. 741000,4030000");
    let (x, y) = s.split_once(',').ok_or_else(bad)?;
    let x: f64 = x.trim().parse().map_err(|_| bad())?;
    let y: f64 = y.trim().parse().map_err(|_| bad())?;
    if !(x.is_finite() && y.is_finite()) {
        return Err(bad().into());
    }
    Ok((x, y))
}

fn outside(flag: &str, x: f64, y: f64, dem: &Raster<f32>) -> super::Error {
    let b = dem.bounds();
    format!(
        "{flag}: point ({x}, {y}) lies outside the DEM (x {}..{}, y {}..{}); give coordinates in the DEM's CRS ({}) inside its extent",
        b.x_min, b.x_max, b.y_min, b.y_max, dem.crs
    )
    .into()
}

/// Builds the release from the flags, with a JSON note of what was used.
fn release(a: &Args, dem: &Raster<f32>) -> Result<(VoellmyRelease, serde_json::Value)> {
    if a.depth.is_some() && a.release.is_none() {
        return Err("--depth: only used with --release MASK (a block of uniform depth); drop it or add --release".into());
    }
    if a.volume.is_some() && a.release_point.is_none() {
        return Err(
            "--volume: only used with --release-point X,Y; drop it or add --release-point".into(),
        );
    }
    if a.hydrograph.is_some() && a.inflow.is_none() {
        return Err("--hydrograph: only used with --inflow X,Y; drop it or add --inflow".into());
    }
    if let Some(p) = &a.release {
        let mut r = read_f32(p)?;
        dem.check_same_grid(&r, "DEM", "--release")
            .map_err(|e| format!("--release {}: {e}", p.display()))?;
        let nodata = r.nodata.take();
        let is_data = |v: f32| v.is_finite() && Some(v as f64) != nodata;
        if let Some(depth) = a.depth {
            if !(depth > 0.0 && depth.is_finite()) {
                return Err(
                    format!("--depth {depth}: a release depth must be > 0 m, e.g. 2").into(),
                );
            }
            let cells = r.data.iter().filter(|&&v| is_data(v) && v != 0.0).count();
            if cells == 0 {
                return Err(format!(
                    "--release {}: the mask has no non-zero cell; mark the release cells with 1",
                    p.display()
                )
                .into());
            }
            let d = r.map(|&v| {
                if is_data(v) && v != 0.0 {
                    depth as f32
                } else {
                    0.0
                }
            });
            let json = serde_json::json!({"kind": "mask", "path": p.display().to_string(), "depth_m": depth, "cells": cells});
            return Ok((VoellmyRelease::Depth(d), json));
        }
        let d = r.map(|&v| if is_data(v) { v } else { 0.0 });
        let json = serde_json::json!({"kind": "depth raster", "path": p.display().to_string()});
        return Ok((VoellmyRelease::Depth(d), json));
    }
    if let Some(s) = &a.release_point {
        let (x, y) = parse_xy("--release-point", s)?;
        let Some(v) = a.volume else {
            return Err("--release-point needs --volume V (m3), e.g. --volume 5000".into());
        };
        let json = serde_json::json!({"kind": "point block", "x": x, "y": y, "volume_m3": v, "radius_m": a.radius});
        return Ok((
            VoellmyRelease::Block {
                x,
                y,
                volume: v,
                radius: a.radius,
            },
            json,
        ));
    }
    if let Some(s) = &a.inflow {
        let (x, y) = parse_xy("--inflow", s)?;
        if dem.cell_index(x, y).is_none() {
            return Err(outside("--inflow", x, y, dem));
        }
        let Some(csv) = &a.hydrograph else {
            return Err("--inflow needs --hydrograph CSV with t_s,Q_m3s rows".into());
        };
        let q = read_series(csv, "hydrograph")?;
        if q.len() < 2 {
            return Err(format!(
                "hydrograph {}: needs at least two t_s,Q_m3s rows (e.g. 0,20 and 60,0)",
                csv.display()
            )
            .into());
        }
        let json = serde_json::json!({"kind": "inflow", "x": x, "y": y, "hydrograph": csv.display().to_string()});
        return Ok((VoellmyRelease::Hydrograph { x, y, discharge: q }, json));
    }
    Err("no release given: use --release RASTER [--depth M], --release-point X,Y --volume V, or --inflow X,Y --hydrograph CSV".into())
}

const STEPS: u64 = 4;

/// Runs `hazsim debris voellmy`.
pub fn run(a: Args) -> Result {
    let duration = parse_time("--duration", &a.duration)?;
    if duration <= 0.0 {
        return Err(format!("--duration {}: must be > 0, e.g. 300 or 5min", a.duration).into());
    }
    if !(a.density > 0.0 && a.density.is_finite()) {
        return Err(format!(
            "--density {}: must be > 0 kg/m3, e.g. 2000 for a debris flow",
            a.density
        )
        .into());
    }
    let edges = match a.edges.trim() {
        "open" => Edges::all(Edge::Open),
        "closed" => Edges::all(Edge::Closed),
        e => {
            return Err(format!(
                "--edges {e}: use open (material leaves the DEM) or closed (walls)"
            )
            .into())
        }
    };
    let mut bar = Bar::new(STEPS, a.output.quiet);
    bar.step("reading DEM");
    let terrain = read_terrain(&a.dem, a.output.fill_nodata)?;
    bar.done_step();
    let dem = terrain.dem();
    let mu = super::field_arg("--mu", &a.mu)?;
    let xi = super::field_arg("--xi", &a.xi)?;
    let (rel, rel_json) = release(&a, dem)?;
    let marks: Vec<Overlay> = match (&rel, &rel_json["kind"]) {
        (VoellmyRelease::Hydrograph { x, y, .. }, _) => {
            vec![Overlay::point(*x, *y).with_label("inflow")]
        }
        (VoellmyRelease::Block { x, y, .. }, _) => {
            vec![Overlay::point(*x, *y).with_label("release")]
        }
        (VoellmyRelease::Depth(_) | VoellmyRelease::None, _) => Vec::new(),
    };
    let cfg = VoellmyConfig {
        mu,
        xi,
        density: a.density,
        duration,
        edges,
        ..VoellmyConfig::new(rel)
    };
    bar.step("voellmy flow");
    let t0 = std::time::Instant::now();
    let run = simulate_voellmy(&terrain, &cfg, &mut bar)?;
    let wall_s = t0.elapsed().as_secs_f64();
    bar.done_step();
    ensure_dir(&a.output.out)?;
    bar.step("writing rasters and maps");
    let mut files = write_rasters(&run, &a.output.out)?;
    files.extend(write_maps(&terrain, &run, &a.output.out, &marks)?);
    bar.done_step();
    let cell_area = terrain.cell_size() * terrain.cell_size();
    let vol = |r: &Raster<f32>| r.data.iter().map(|&h| h as f64).sum::<f64>() * cell_area;
    let peak = |r: &Raster<f32>| r.data.iter().copied().fold(0.0f32, f32::max) as f64;
    let mb = run.mass_balance;
    let affected = run
        .max_depth
        .data
        .iter()
        .filter(|&&h| h as f64 >= cfg.runout_threshold && h > 0.0)
        .count() as f64
        * cell_area;
    let json = serde_json::json!({
        "inputs": {
            "dem": a.dem.display().to_string(),
            "release": rel_json,
            "mu": a.mu, "xi": a.xi, "density_kg_m3": a.density,
            "duration_s": duration, "edges": a.edges,
        },
        "grid": {"rows": terrain.shape().0, "cols": terrain.shape().1, "cell_size_m": terrain.cell_size(), "crs": dem.crs.to_string()},
        "volumes_m3": {
            "released": mb.released, "inflow": mb.inflow, "outflow": mb.outflow,
            "end": mb.stored_now, "deposit": vol(&run.deposit), "still_moving": mb.stored_now - vol(&run.deposit),
        },
        "mass_balance_m3": {
            "released": mb.released, "inflow": mb.inflow, "outflow": mb.outflow, "clipped": mb.clipped,
            "stored_end": mb.stored_now, "residual": mb.residual(), "relative_error": mb.error(),
        },
        "runout_length_m": run.runout_length,
        "runout_threshold_m": cfg.runout_threshold,
        "affected_area_m2": affected,
        "max_depth_m": peak(&run.max_depth),
        "max_speed_m_s": peak(&run.max_speed),
        "max_impact_pressure_kpa": peak(&run.max_impact_pressure),
        "max_deposit_m": peak(&run.deposit),
        "simulated_s": run.time,
        "steps": run.steps,
        "wall_time_s": wall_s,
        "files": files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    super::write_summary(&a.output.out, &json)?;
    bar.done_step();
    bar.finish();
    if !a.output.quiet {
        println!(
            "Voellmy flow: {:.0} s in {} steps; runout {:.0} m; max depth {:.2} m, max speed {:.1} m/s, max pressure {:.0} kPa; deposit {:.0} m3 of {:.0} m3 (outflow {:.0} m3, mass error {:.1e})",
            run.time,
            run.steps,
            run.runout_length,
            peak(&run.max_depth),
            peak(&run.max_speed),
            peak(&run.max_impact_pressure),
            vol(&run.deposit),
            mb.released + mb.inflow,
            mb.outflow,
            mb.error()
        );
        println!(
            "wrote {} files to {}",
            files.len() + 1,
            a.output.out.display()
        );
    }
    Ok(())
}

fn write_rasters(run: &VoellmyRun, out: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for (name, r) in [
        ("max_depth", &run.max_depth),
        ("max_speed", &run.max_speed),
        ("max_impact_pressure", &run.max_impact_pressure),
        ("deposit", &run.deposit),
        ("final_depth", &run.final_depth),
    ] {
        let p = out.join(format!("{name}.tif"));
        hazsim_io::write_raster(r, &p)?;
        files.push(p);
    }
    Ok(files)
}

/// PNG maps over the hillshade; cells the flow never reached (max depth below 1 cm) stay plain
/// hillshade.
fn write_maps(
    terrain: &Terrain,
    run: &VoellmyRun,
    out: &Path,
    marks: &[Overlay],
) -> Result<Vec<PathBuf>> {
    let hs = terrain.hillshade(315.0, 45.0, 1.0)?;
    let reached = |r: &Raster<f32>| {
        r.like(ndarray::Array2::from_shape_fn(r.shape(), |ix| {
            if run.max_depth.data[ix] >= 0.01 {
                r.data[ix]
            } else {
                f32::NAN
            }
        }))
    };
    let mut files = Vec::new();
    for (name, r, style) in [
        (
            "max_depth",
            reached(&run.max_depth),
            MapStyle {
                alpha: 0.9,
                ..MapStyle::for_field("debris.max_depth")
            },
        ),
        (
            "max_speed",
            reached(&run.max_speed),
            MapStyle {
                alpha: 0.85,
                vmin: Some(0.0),
                ..MapStyle::for_field("debris.max_speed")
            },
        ),
        (
            "max_impact_pressure",
            reached(&run.max_impact_pressure),
            MapStyle {
                alpha: 0.85,
                vmin: Some(0.0),
                ..MapStyle::for_field("debris.max_impact_pressure")
            },
        ),
        (
            "deposit",
            run.deposit.clone(),
            MapStyle {
                alpha: 0.9,
                hide_below: Some(0.01),
                units: "m".into(),
                title: Some("Debris-flow deposit (material at rest at the end)".into()),
                colormap: hazsim_io::map::Colormap::Viridis,
                ..MapStyle::default()
            },
        ),
    ] {
        let p = out.join(format!("{name}.png"));
        render_map_png(&r, Some(&hs), &style, marks, &p)?;
        files.push(p);
    }
    Ok(files)
}
