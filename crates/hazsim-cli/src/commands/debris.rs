//! `hazsim debris`: debris-flow methods over a DEM. One subcommand per method; `route`
//! (energy-line runout routing) is the first, and Voellmy flow, LAHARZ or slope stability can
//! be added beside it as further variants of [`Method`].

use super::{ensure_dir, read_terrain, Result};
use crate::progress::Bar;
use hazsim_debris::{Release, RoutingScheme, Runout, RunoutParams};
use hazsim_grid::{Raster, Terrain};
use hazsim_io::map::{render_map_png, MapStyle, Overlay};
use std::path::{Path, PathBuf};

/// Debris-flow hazard methods; pick one as a subcommand.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  hazsim debris route --dem dem.tif --release release.tif --alpha 20 --out out/debris\n  hazsim debris route --dem dem.tif --release-point 741000,4030000 --alpha 15 --out out/debris"
)]
pub struct Args {
    #[command(subcommand)]
    pub method: Method,
}

/// The debris-flow methods.
#[derive(clap::Subcommand, Debug)]
pub enum Method {
    Route(RouteArgs),
    /// Depth-averaged Voellmy flow: mass and momentum on the grid, with max depth, velocity,
    /// impact pressure and the final deposit.
    Voellmy(super::debris_voellmy::Args),
    /// Slope stability, release detection, LAHARZ and Staley M1 (see each subcommand's help).
    #[command(flatten)]
    Terrain(super::debris_methods::DebrisMethod),
}

const ROUTE_HELP: &str = "\
How it works: each release cell is routed on its own with unit mass and zero speed. The mass
moves to the neighbours that lie below its energy line, an imaginary line falling from the
release at the travel angle alpha (Heim's Fahrboeschung): the kinetic energy height
z_delta = v^2/2g gained in a step is the drop in ground minus L*tan(alpha), capped at
v_max^2/2g. It spreads by Holmgren weights (exponent: larger = more channelled) with
persistence (the tendency to keep going straight), and routes carrying less than the flux
threshold are dropped (Flow-R, Horton et al. 2013; Flow-Py, D'Amboise et al. 2022). Maps keep
the maximum over all release cells.

Choosing alpha: extreme debris flows run out at 11 deg (Horton et al. 2013), typical ones at
15-20 deg; a smaller alpha runs farther. Release cells on ground flatter than alpha cannot
move: the run fails if none can, and lists them in summary.json if some cannot.

Release (at least one): --release MASK, a raster on the DEM's grid whose non-zero cells
release (e.g. steep cells in source areas), --release-point X,Y (repeatable) in the DEM's
projected CRS (metres), and/or --release-geojson FILE (polygons release the cells whose centres
they cover, points their cell).

Speed cap: --max-velocity 15 (one value), none, or a raster path (a cap per cell, e.g. lower
on a debris fan; nodata cells have no cap).

Outputs in DIR: susceptibility.tif (reach probability 0-1), energy_line_speed.tif (m/s, the
energy line's speed, not a simulated flow speed), travel_angle.tif (deg, NaN = not reached),
travel_length.tif (m), release_count.tif (release cells reaching each cell),
energy_line_pressure.tif (kPa, c*rho*v^2); PNG maps over the hillshade of susceptibility,
energy_line_speed and energy_line_pressure; summary.json (inputs, affected area, maxima,
stalled release cells, wall time).

Examples:
  hazsim debris route --dem dem.tif --release release.tif --alpha 20 --out out/debris
  hazsim debris route --dem dem.tif --release-point 741000,4030000 \\
      --release-point 741200,4030100 --alpha 15 --max-velocity 10 --out out/debris
  hazsim debris route --dem dem.tif --release-geojson scars.geojson \\
      --max-velocity vmax.tif --out out/debris";

/// Energy-line runout routing (Flow-R / Flow-Py style): where debris released in source cells
/// can go, how likely, and how fast; writes GeoTIFF rasters, PNG maps and summary.json.
#[derive(clap::Args, Debug)]
#[command(after_help = ROUTE_HELP)]
pub struct RouteArgs {
    /// Elevation raster in a projected CRS (metres).
    #[arg(long)]
    pub dem: PathBuf,
    /// Release mask raster on the DEM's grid: non-zero (and not nodata) cells release.
    #[arg(long, value_name = "MASK")]
    pub release: Option<PathBuf>,
    /// A release point X,Y in the DEM's CRS; repeatable.
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true)]
    pub release_point: Vec<String>,
    /// GeoJSON of release areas in the DEM's CRS: Polygon/MultiPolygon features release every
    /// cell whose centre lies inside, Point features the cell they lie in.
    #[arg(long, value_name = "GEOJSON")]
    pub release_geojson: Option<PathBuf>,
    /// Travel angle alpha (degrees, 0 < alpha < 90): 11 for extreme debris flows, 15-20 typical.
    #[arg(long, default_value_t = 11.0, allow_negative_numbers = true)]
    pub alpha: f64,
    /// Holmgren exponent (0 < x <= 100): 8 follows the flow lines, 1-4 spreads widely.
    #[arg(long, default_value_t = 8.0, allow_negative_numbers = true)]
    pub exponent: f64,
    /// Speed cap v_max in m/s (>= 0), "none" for no cap, or a raster of caps per cell (m/s on
    /// the DEM's grid; nodata/NaN cells have no cap).
    #[arg(
        long,
        value_name = "M_PER_S",
        default_value = "15",
        allow_hyphen_values = true
    )]
    pub max_velocity: String,
    /// Persistence weight in [0, 1]: 1 = Gamma (2000) factors, 0 = ignore the previous direction.
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub persistence: f64,
    /// Routes carrying less than this fraction of a release cell's mass are dropped, [0, 1).
    #[arg(long, default_value_t = 3e-4, allow_negative_numbers = true)]
    pub flux_threshold: f64,
    /// Flow density for the impact pressure (kg/m3).
    #[arg(long, default_value_t = 2000.0, allow_negative_numbers = true)]
    pub density: f64,
    /// Impact coefficient c of p = c*rho*v^2 (1-2 for debris flows).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub impact_coefficient: f64,
    /// Routing scheme: flow-r (Holmgren on the energy line, Gamma persistence) or flow-py
    /// (Flow-Py's terrain-gradient weights and persistence, as AvaFrame's com4FlowPy).
    #[arg(long, value_name = "SCHEME", default_value = "flow-r")]
    pub routing: String,
    #[command(flatten)]
    pub output: super::OutArgs,
}

pub fn run(a: Args) -> Result {
    match a.method {
        Method::Route(r) => route(r),
        Method::Voellmy(v) => super::debris_voellmy::run(v),
        Method::Terrain(m) => super::debris_methods::run(m),
    }
}

/// Parses `--max-velocity`: a speed in m/s, `none`, or the path of a raster of caps per cell
/// (NaN or nodata cells have no cap).
fn parse_max_velocity(s: &str) -> Result<Option<hazsim_grid::Field>> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    super::field_arg("--max-velocity", s.trim()).map(Some).map_err(|_| {
        format!(
            "--max-velocity {s}: neither a number nor an existing raster file; give a speed in m/s (e.g. 15), none, or a raster of caps per cell"
        )
        .into()
    })
}

/// A polygon as rings (exterior first, then holes) of (x, y) vertices.
type Polygon = Vec<Vec<(f64, f64)>>;
/// Polygons and points read from a release GeoJSON.
type Shapes = (Vec<Polygon>, Vec<(f64, f64)>);

/// Release polygons and points from a GeoJSON file (`--release-geojson`), in the DEM's CRS.
fn read_release_geojson(path: &Path, dem: &Raster<f32>) -> Result<Shapes> {
    let flag = format!("--release-geojson {}", path.display());
    let set = hazsim_io::vector::read_geojson(path).map_err(|e| format!("{flag}: {e}"))?;
    set.check_crs(dem, "--release-geojson")?;
    Ok(set.areas_and_points("--release-geojson")?)
}

/// Parses one `--release-point X,Y`.
fn parse_point(s: &str) -> Result<(f64, f64)> {
    let v: Vec<Option<f64>> = s.split(',').map(|p| p.trim().parse::<f64>().ok()).collect();
    match v.as_slice() {
        [Some(x), Some(y)] if x.is_finite() && y.is_finite() => Ok((*x, *y)),
        _ => Err(format!(
            "--release-point {s}: expected X,Y in the DEM's CRS (metres), e.g. 741000,4030000"
        )
        .into()),
    }
}

/// Number of progress steps [`run_and_write`] reports.
pub const STEPS: u64 = 3;

/// The numbers of a finished routing run, for the demo's summary.
pub struct RunSummary {
    pub json: serde_json::Value,
    pub release_cells: usize,
    pub affected_area_m2: f64,
    pub max_speed: f64,
    pub max_pressure: f64,
    pub max_travel_length: f64,
    pub wall_s: f64,
}

fn max_of(r: &Raster<f32>) -> f64 {
    r.data
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |a, &b| a.max(b)) as f64
}

/// Routes `release` over `terrain` and writes every output into `out`; `inputs` is copied
/// into summary.json.
pub fn run_and_write(
    terrain: &Terrain,
    release: &Release,
    params: &RunoutParams,
    inputs: serde_json::Value,
    out: &Path,
    marks: &[Overlay],
    bar: &mut Bar,
) -> Result<RunSummary> {
    ensure_dir(out)?;
    let release_cells = release.cells(terrain)?.len();
    bar.step("debris routing");
    let t0 = std::time::Instant::now();
    let run = hazsim_debris::route_runout_with_progress(terrain, release, params, bar)?;
    let wall_s = t0.elapsed().as_secs_f64();
    bar.done_step();
    bar.step("writing rasters");
    let mut files = Vec::new();
    for f in Runout::FIELDS {
        let r = run.field(f.name).expect("every debris field exists");
        let p = out.join(format!("{}.tif", f.name.trim_start_matches("debris.")));
        hazsim_io::write_raster(r, &p)?;
        files.push(p);
    }
    bar.done_step();
    bar.step("drawing maps");
    files.extend(write_maps(terrain, &run, out, marks)?);
    bar.done_step();
    let cell_area = terrain.cell_size() * terrain.cell_size();
    let affected = run.susceptibility.data.iter().filter(|&&v| v > 0.0).count();
    let (vmax, pmax, lmax) = (
        max_of(&run.energy_line_speed),
        max_of(&run.energy_line_pressure),
        max_of(&run.travel_length),
    );
    let area_over = |thr: f32| {
        run.susceptibility
            .data
            .iter()
            .filter(|&&v| v >= thr)
            .count() as f64
            * cell_area
    };
    let json = serde_json::json!({
        "method": "energy-line runout routing (Flow-R: Horton et al. 2013; Flow-Py: D'Amboise et al. 2022)",
        "inputs": inputs,
        "release_cells": release_cells,
        "stalled_release_cells": run.stalled_releases.len(),
        "stalled_releases_row_col": run.stalled_releases,
        "affected_area_m2": affected as f64 * cell_area,
        "area_susceptibility_over_m2": {"0.01": area_over(0.01), "0.1": area_over(0.1), "0.5": area_over(0.5)},
        "max_energy_line_speed_m_s": vmax,
        "max_energy_line_pressure_kpa": pmax,
        "max_travel_length_m": lmax,
        "wall_time_s": wall_s,
        "files": files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    files.push(super::write_summary(out, &json)?);
    Ok(RunSummary {
        json,
        release_cells,
        affected_area_m2: affected as f64 * cell_area,
        max_speed: vmax,
        max_pressure: pmax,
        max_travel_length: lmax,
        wall_s,
    })
}

/// Draws susceptibility, energy_line_speed and energy_line_pressure over the hillshade; unreached cells
/// stay plain hillshade.
fn write_maps(
    terrain: &Terrain,
    run: &Runout,
    out: &Path,
    marks: &[Overlay],
) -> Result<Vec<PathBuf>> {
    let hs = terrain.hillshade(315.0, 45.0, 1.0)?;
    let reached = |r: &Raster<f32>| {
        r.like(ndarray::Array2::from_shape_fn(r.shape(), |ix| {
            if run.susceptibility.data[ix] > 0.0 {
                r.data[ix]
            } else {
                f32::NAN
            }
        }))
    };
    let mut files = Vec::new();
    for (name, field, style) in [
        (
            "susceptibility",
            &run.susceptibility,
            MapStyle {
                alpha: 0.85,
                log_scale: true,
                vmin: Some(1e-3),
                vmax: Some(1.0),
                title: Some("Debris-flow susceptibility (reach probability)".into()),
                ..MapStyle::for_field("debris.susceptibility")
            },
        ),
        (
            "energy_line_speed",
            &run.energy_line_speed,
            MapStyle {
                alpha: 0.85,
                vmin: Some(0.0),
                ..MapStyle::for_field("debris.energy_line_speed")
            },
        ),
        (
            "energy_line_pressure",
            &run.energy_line_pressure,
            MapStyle {
                alpha: 0.85,
                vmin: Some(0.0),
                ..MapStyle::for_field("debris.energy_line_pressure")
            },
        ),
    ] {
        let p = out.join(format!("{name}.png"));
        render_map_png(&reached(field), Some(&hs), &style, marks, &p)?;
        files.push(p);
    }
    Ok(files)
}

fn route(a: RouteArgs) -> Result {
    if a.release.is_none() && a.release_point.is_empty() && a.release_geojson.is_none() {
        return Err("no release given: pass --release MASK (a raster on the DEM's grid), --release-point X,Y (repeatable) and/or --release-geojson FILE (polygons or points)".into());
    }
    let max_velocity = parse_max_velocity(&a.max_velocity)?;
    let (cap_value, cap_raster) = match &max_velocity {
        Some(hazsim_grid::Field::Uniform(v)) => (Some(*v), None),
        Some(_) => (None, Some(a.max_velocity.clone())),
        None => (None, None),
    };
    let points = a
        .release_point
        .iter()
        .map(|s| parse_point(s))
        .collect::<Result<Vec<_>>>()?;
    let params = RunoutParams {
        travel_angle: hazsim_grid::Field::Uniform(a.alpha),
        max_velocity,
        exponent: a.exponent,
        persistence: a.persistence,
        flux_threshold: a.flux_threshold,
        density: a.density,
        impact_coefficient: a.impact_coefficient,
        routing: match a.routing.to_ascii_lowercase().as_str() {
            "flow-r" => RoutingScheme::FlowR,
            "flow-py" => RoutingScheme::FlowPy,
            other => {
                return Err(format!(
                    "--routing {other}: expected flow-r (Holmgren on the energy line, Gamma persistence) or flow-py (Flow-Py's terrain routing and persistence)"
                )
                .into())
            }
        },
    };
    let mut bar = Bar::new(STEPS + 1, a.output.quiet);
    bar.step("reading DEM");
    let terrain = read_terrain(&a.dem, a.output.fill_nodata)?;
    // Check the parameters before reading anything else, so errors name them first.
    params.validate(&terrain)?;
    let mut release_cells: Vec<(usize, usize)> = Vec::new();
    if let Some(p) = &a.release {
        let m = hazsim_io::read_raster(p)?.into_f32();
        let nd = m.nodata;
        let mask = m.map(|&v| v.is_finite() && v != 0.0 && nd.is_none_or(|n| v as f64 != n));
        let cols = terrain.dem().cols();
        let idx = Release::Mask(mask)
            .cells(&terrain)
            .map_err(|e| format!("--release {}: {e}", p.display()))?;
        release_cells.extend(idx.into_iter().map(|i| (i / cols, i % cols)));
    }
    if !points.is_empty() {
        let cols = terrain.dem().cols();
        let idx = Release::Points(points.clone()).cells(&terrain)?;
        release_cells.extend(idx.into_iter().map(|i| (i / cols, i % cols)));
    }
    let mut geo_polygons = 0;
    let mut geo_points = Vec::new();
    if let Some(p) = &a.release_geojson {
        let (polys, pts) = read_release_geojson(p, terrain.dem())?;
        let cols = terrain.dem().cols();
        let flag = |e: hazsim_debris::Error| format!("--release-geojson {}: {e}", p.display());
        geo_polygons = polys.len();
        if !polys.is_empty() {
            let idx = Release::Polygons(polys).cells(&terrain).map_err(flag)?;
            release_cells.extend(idx.into_iter().map(|i| (i / cols, i % cols)));
        }
        if !pts.is_empty() {
            let idx = Release::Points(pts.clone()).cells(&terrain).map_err(flag)?;
            release_cells.extend(idx.into_iter().map(|i| (i / cols, i % cols)));
        }
        geo_points = pts;
    }
    bar.done_step();
    let marks: Vec<Overlay> = if points.is_empty() {
        Vec::new()
    } else {
        vec![Overlay::points(points.clone()).with_label("release")]
    };
    let inputs = serde_json::json!({
        "dem": a.dem.display().to_string(),
        "release_mask": a.release.as_ref().map(|p| p.display().to_string()),
        "release_points": points,
        "release_geojson": a.release_geojson.as_ref().map(|p| p.display().to_string()),
        "release_geojson_polygons": geo_polygons,
        "release_geojson_points": geo_points,
        "alpha_deg": a.alpha,
        "exponent": a.exponent,
        "max_velocity_m_s": cap_value,
        "max_velocity_raster": cap_raster,
        "persistence": a.persistence,
        "flux_threshold": a.flux_threshold,
        "density_kg_m3": a.density,
        "impact_coefficient": a.impact_coefficient,
        "routing": a.routing,
    });
    let s = run_and_write(
        &terrain,
        &Release::Cells(release_cells),
        &params,
        inputs,
        &a.output.out,
        &marks,
        &mut bar,
    )?;
    bar.finish();
    let stalled = s.json["stalled_release_cells"].as_u64().unwrap_or(0);
    if stalled > 0 {
        eprintln!(
            "hazsim: warning: {stalled} of {} release cells cannot move (ground flatter than alpha); see stalled_releases_row_col in summary.json",
            s.release_cells
        );
    }
    if !a.output.quiet {
        println!(
            "debris routing: {} release cells, affected area {:.3} km², max energy-line speed {:.1} m/s, max impact pressure {:.0} kPa, longest path {:.0} m, {:.2} s",
            s.release_cells,
            s.affected_area_m2 / 1e6,
            s.max_speed,
            s.max_pressure,
            s.max_travel_length,
            s.wall_s
        );
        println!("outputs in {}", a.output.out.display());
    }
    Ok(())
}
