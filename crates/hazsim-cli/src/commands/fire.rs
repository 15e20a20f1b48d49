//! `hazsim fire`: a surface fire spreading over a DEM (Rothermel spread rates, minimum travel
//! time on the grid), written as GeoTIFF rasters, PNG maps, perimeters, an area series and a
//! JSON summary.

use super::flood::parse_time;
use super::{ensure_dir, read_terrain, Result};
use crate::progress::Bar;
use hazsim_fire::spread::{
    keep_burnable, write_perimeters, FireSpread, Fuels, Ignition, SpreadConfig, SpreadResult,
    WeatherRecord, WeatherStream,
};
use hazsim_fire::{FuelModel, FuelMoisture};
use hazsim_grid::contour::contour_lines;
use hazsim_grid::{Raster, Terrain};
use hazsim_io::map::{render_map_png, MapStyle, Overlay};
use hazsim_io::vector::{write_csv, CsvValue};
use ndarray::Array2;
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Units: SI. Times in seconds unless suffixed (s, min, h, d: 90min, 6h); wind speed in m/s at
midflame height (for a 10 m wind, multiply by a wind adjustment factor: about 0.4 in open grass,
0.1-0.3 under a forest canopy); directions in degrees clockwise from north, the wind direction
being where the wind comes FROM (270 = a west wind, blowing east); moistures as fractions of
dry mass (6 % is 0.06); coordinates in the DEM's projected CRS (metres).

Fuel: --fuel 102 (one Scott & Burgan or Anderson code everywhere: 1-13, 101-109, 121-124,
141-149, 161-165, 181-189, 201-204; non-burnable 91-99) or --fuel fuels.tif (a raster of codes on
the DEM's grid; nodata does not burn).

Weather (pick one):
  --wind 3 --wind-dir 270        constant midflame wind, with --moisture (both flags together)
  --weather weather.csv          a time-ordered table, one row per change, header required:
                                 time_h or time_s, wind_speed (m/s), wind_dir (deg from), and
                                 optional m1h,m10h,m100h,herb,woody (fractions; missing columns
                                 come from --moisture). Each row holds until the next one.

Ignitions: --ignition X,Y or X,Y,T (T a time, e.g. 30min), repeatable, and/or --ignitions
file.geojson (points ignite their cell, lines and polygons every cell they cover; each at its
feature's \"time_s\" property in seconds, or \"time\" in seconds or as text like \"30min\"; at t = 0
without either). Barriers: --barrier roads.geojson (lines are rasterized to a continuous wall of
cells, polygons filled) or --barrier mask.tif (non-zero cells on the DEM's grid). Barriers and
non-burnable fuel never burn and stop the fire, even one cell wide.

Outputs in DIR: arrival_time.tif (s, NaN = unburned), ros.tif (m/s), fireline_intensity.tif
(kW/m), flame_length.tif (m), all at arrival; PNG maps over the hillshade: arrival_time (hours,
with isochrones), fireline_intensity, flame_length; perimeters.geojson (the burned region every
--perimeter-interval, properties time_s, area_ha, area_mu); area.csv (time_s, time_h, area_ha,
area_mu); summary.json (final area in ha and mu, fire grade, time the fire passed 2 ha = 30 mu).

Examples:
  hazsim fire --dem dem.tif --fuel 102 --wind 3 --wind-dir 270 \\
      --ignition 741000,4030000 --duration 4h --out out/fire
  hazsim fire --dem dem.tif --fuel fuels.tif --weather weather.csv --moisture 0.05,0.06,0.08,0.5,0.8 \\
      --ignitions ignitions.geojson --barrier roads.geojson --duration 6h \\
      --perimeter-interval 30min --out out/fire";

/// Simulate a surface fire over a DEM: Rothermel (1972) spread rates from fuel, moisture, wind
/// and slope, spread over the grid by minimum travel time (Finney 2002); writes GeoTIFF
/// rasters, PNG maps, perimeters.geojson, area.csv and summary.json.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Elevation raster in a projected CRS (metres).
    #[arg(long)]
    pub dem: PathBuf,
    /// Fuel model everywhere, by standard name or code (GR2 or 102, FM1 or 1, TU5 or 165), or a
    /// raster of codes on the DEM's grid.
    #[arg(long, value_name = "MODEL|RASTER")]
    pub fuel: String,
    /// Constant midflame wind speed (m/s); needs --wind-dir.
    #[arg(
        long,
        value_name = "M_PER_S",
        allow_negative_numbers = true,
        conflicts_with = "weather",
        requires = "wind_dir"
    )]
    pub wind: Option<f64>,
    /// Direction the constant wind comes from (degrees clockwise from north); needs --wind.
    #[arg(
        long,
        value_name = "DEG",
        allow_negative_numbers = true,
        requires = "wind"
    )]
    pub wind_dir: Option<f64>,
    /// Weather table CSV: time_h|time_s, wind_speed, wind_dir[, m1h, m10h, m100h, herb, woody].
    #[arg(long, value_name = "CSV")]
    pub weather: Option<PathBuf>,
    /// Fuel moistures 1h,10h,100h,live herb,live woody (fractions).
    #[arg(
        long,
        value_name = "M1,M10,M100,HERB,WOODY",
        default_value = "0.06,0.07,0.08,0.6,0.9",
        allow_hyphen_values = true
    )]
    pub moisture: String,
    /// Ignition point X,Y or X,Y,T (T a time, e.g. 30min); repeatable.
    #[arg(long, value_name = "X,Y[,T]", allow_hyphen_values = true)]
    pub ignition: Vec<String>,
    /// GeoJSON of ignition points, lines or polygons; a feature's `time_s` (seconds) or `time`
    /// (seconds, or a string such as "30min") property sets its ignition time (default 0).
    #[arg(long, value_name = "GEOJSON")]
    pub ignitions: Option<PathBuf>,
    /// Barriers (fuel breaks, roads, water): a GeoJSON of lines/polygons or a non-zero mask raster.
    #[arg(long, value_name = "RASTER|GEOJSON")]
    pub barrier: Vec<PathBuf>,
    /// Simulated time: seconds, or with a unit (90min, 6h).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub duration: String,
    /// Interval of the perimeters (and the arrival-time isochrones), e.g. 1h.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "1h",
        allow_hyphen_values = true
    )]
    pub perimeter_interval: String,
    /// Interval of the area.csv rows, e.g. 10min.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "10min",
        allow_hyphen_values = true
    )]
    pub area_interval: String,
    /// Stencil radius of the spread (1-8; 6 = 96 directions).
    #[arg(long, default_value_t = 6)]
    pub stencil_radius: u32,
    #[command(flatten)]
    pub output: super::OutArgs,
}

/// Number of progress steps of [`run_and_write`].
pub const STEPS: u64 = 4;

/// Parses `--moisture M1,M10,M100,HERB,WOODY` (fractions; a percentage is caught and explained).
pub fn parse_moisture(spec: &str) -> Result<FuelMoisture> {
    let v: Vec<f64> = spec
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            format!("--moisture {spec}: expected five fractions 1h,10h,100h,herb,woody, e.g. 0.06,0.07,0.08,0.6,0.9")
        })?;
    let [a, b, c, d, e] = v[..] else {
        return Err(format!(
            "--moisture {spec}: expected five fractions 1h,10h,100h,herb,woody, got {} value(s)",
            v.len()
        )
        .into());
    };
    FuelMoisture::new(a, b, c, d, e).map_err(|e| format!("--moisture {spec}: {e}").into())
}

/// The fuels from `--fuel`: a standard model's name or code (`GR2`, `102`), or a raster of codes
/// on the DEM's grid.
pub fn parse_fuel(spec: &str, dem: &Raster<f32>) -> Result<(Fuels, serde_json::Value)> {
    let path = Path::new(spec);
    let is_name = !path.exists()
        && path.extension().is_none()
        && spec.trim().parse::<f64>().is_err()
        && !spec.trim().is_empty();
    if spec.trim().parse::<u16>().is_ok() || is_name {
        let m = FuelModel::by_name(spec).map_err(|e| format!("--fuel {spec}: {e}"))?;
        let code = m.code;
        if !m.is_burnable() {
            return Err(format!(
                "--fuel {spec}: fuel model {code} is non-burnable, so nothing would burn; pick a burnable model, e.g. 102 (short grass) or 165 (timber-understory)"
            )
            .into());
        }
        let json = serde_json::json!({"code": code, "name": m.name});
        return Ok((Fuels::Uniform(m), json));
    }
    if spec.trim().parse::<f64>().is_ok() || !path.exists() && path.extension().is_none() {
        return Err(format!(
            "--fuel {spec}: not a fuel model code or name (102, GR2) nor a raster file"
        )
        .into());
    }
    let r = super::read_f32(path)?;
    dem.check_same_grid(&r, "DEM", &format!("fuel raster {spec}"))?;
    let fuels =
        Fuels::from_code_raster(&r, &format!("fuel raster {spec}")).map_err(|e| e.to_string())?;
    Ok((fuels, serde_json::json!({"raster": spec})))
}

/// Reads the `--weather` table. Header names are matched loosely: time_h/hours or time_s/
/// seconds; wind_speed/wind/ws; wind_dir/direction/wd; m1h, m10h, m100h, herb, woody.
pub fn read_weather(path: &Path, default_moisture: FuelMoisture) -> Result<WeatherStream> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read weather CSV {}: {e}", path.display()))?;
    let name = path.display();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let split = |l: &str| -> Vec<String> {
        l.split([',', ';', '\t'])
            .map(|s| s.trim().to_ascii_lowercase())
            .collect()
    };
    let Some((_, header)) = lines.next() else {
        return Err(format!(
            "weather CSV {name}: empty; expected a header such as time_h,wind_speed,wind_dir"
        )
        .into());
    };
    let head = split(header);
    let col = |names: &[&str]| head.iter().position(|h| names.contains(&h.as_str()));
    let (tcol, tscale) = match (
        col(&["time_h", "hours", "hour", "t_h"]),
        col(&["time_s", "seconds", "t_s", "time"]),
    ) {
        (Some(c), _) => (c, 3600.0),
        (None, Some(c)) => (c, 1.0),
        _ => {
            return Err(format!(
                "weather CSV {name}: no time column in the header {header:?}; name it time_h (hours) or time_s (seconds)"
            )
            .into())
        }
    };
    let wcol =
        col(&["wind_speed", "wind", "ws", "wind_m_s", "wind_speed_m_s"]).ok_or_else(|| {
            format!(
                "weather CSV {name}: no wind_speed column (midflame, m/s) in the header {header:?}"
            )
        })?;
    let dcol = col(&["wind_dir", "wind_direction", "direction", "wd", "wind_dir_deg"])
        .ok_or_else(|| {
            format!("weather CSV {name}: no wind_dir column (degrees the wind comes from) in the header {header:?}")
        })?;
    let mcols = [
        col(&["m1h", "m1", "moisture_1h"]),
        col(&["m10h", "m10", "moisture_10h"]),
        col(&["m100h", "m100", "moisture_100h"]),
        col(&["herb", "mherb", "live_herb"]),
        col(&["woody", "mwoody", "live_woody"]),
    ];
    let mut records: Vec<WeatherRecord> = Vec::new();
    for (i, line) in lines {
        let cells = split(line);
        let num = |c: usize, what: &str| -> Result<f64> {
            cells
                .get(c)
                .and_then(|s| s.parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    format!(
                        "weather CSV {name} line {}: {what} {:?} is not a number",
                        i + 1,
                        cells.get(c).map(String::as_str).unwrap_or("")
                    )
                    .into()
                })
        };
        let start = num(tcol, "time")? * tscale;
        let speed = num(wcol, "wind_speed")?;
        let dir = num(dcol, "wind_dir")?;
        let d = default_moisture;
        let mut m = [
            d.one_hour,
            d.ten_hour,
            d.hundred_hour,
            d.live_herb,
            d.live_woody,
        ];
        for (k, c) in mcols.iter().enumerate() {
            if let Some(c) = c {
                m[k] = num(*c, "moisture")?;
            }
        }
        let moisture = FuelMoisture::new(m[0], m[1], m[2], m[3], m[4])
            .map_err(|e| format!("weather CSV {name} line {}: {e}", i + 1))?;
        if let Some(prev) = records.last() {
            if start <= prev.start {
                return Err(format!(
                    "weather CSV {name} line {}: time {} s does not follow {} s; rows must be in strictly increasing time order (sort them, remove duplicates)",
                    i + 1, start, prev.start
                )
                .into());
            }
        }
        if speed < 0.0 {
            return Err(format!(
                "weather CSV {name} line {}: wind_speed {speed} m/s must be >= 0",
                i + 1
            )
            .into());
        }
        records.push(WeatherRecord {
            start,
            midflame_wind_speed: speed,
            wind_direction: dir,
            moisture,
        });
    }
    if records.is_empty() {
        return Err(format!("weather CSV {name}: no data rows after the header").into());
    }
    Ok(WeatherStream::new(records)?)
}

/// Parses `--ignition X,Y[,T]` into an ignition on the terrain.
pub fn parse_ignition(spec: &str, terrain: &Terrain) -> Result<Ignition> {
    let parts: Vec<&str> = spec.split(',').map(str::trim).collect();
    let usage = || -> super::Error {
        format!("--ignition {spec}: expected X,Y or X,Y,T (T a time such as 30min), X and Y in the DEM's CRS").into()
    };
    if !(2..=3).contains(&parts.len()) {
        return Err(usage());
    }
    let x: f64 = parts[0].parse().map_err(|_| usage())?;
    let y: f64 = parts[1].parse().map_err(|_| usage())?;
    let t = match parts.get(2) {
        Some(s) => parse_time("--ignition time", s)?,
        None => 0.0,
    };
    Ignition::locate(terrain, x, y, t).map_err(|e| format!("--ignition {spec}: {e}").into())
}

/// The features of a GeoJSON file in the DEM's CRS (a file in another CRS, or in
/// longitude/latitude, is an error naming the fix).
pub fn geojson_features(
    flag: &str,
    path: &Path,
    dem: &Raster<f32>,
) -> Result<Vec<hazsim_io::vector::Feature>> {
    let set = hazsim_io::vector::read_geojson(path)
        .map_err(|e| format!("{flag} {}: {e}", path.display()))?;
    set.check_crs(dem, flag)?;
    Ok(set.features)
}

/// Cells covered by the geometries of a GeoJSON file: points their cell, lines the cells they
/// run through, polygons the cells they cover.
pub fn geojson_cells(flag: &str, path: &Path, dem: &Raster<f32>) -> Result<Vec<(usize, usize)>> {
    Ok(geojson_features(flag, path, dem)?
        .iter()
        .flat_map(|f| f.cells(dem))
        .collect())
}

/// The ignitions of an `--ignitions` GeoJSON file: every cell each feature covers, at the
/// feature's `time_s` property (seconds) or `time` property (seconds, or text with a unit such
/// as "30min"), or at t = 0 without either. A bare geometry ignites at t = 0.
pub fn geojson_ignitions(path: &Path, dem: &Raster<f32>) -> Result<Vec<Ignition>> {
    let features = geojson_features("--ignitions", path, dem)?;
    let name = path.display();
    let mut out = Vec::new();
    for (k, f) in features.iter().enumerate() {
        let props = serde_json::Value::Object(f.properties.clone());
        let time = feature_time(&props)
            .map_err(|e| format!("--ignitions {name}: features[{k}].properties.{e}"))?;
        out.extend(
            f.cells(dem)
                .into_iter()
                .map(|(row, col)| Ignition { row, col, time }),
        );
    }
    Ok(out)
}

/// The ignition time of a feature from its properties: `time_s` (a number of seconds), else
/// `time` (seconds, or text such as "30min"), else 0. The error names the property.
fn feature_time(props: &serde_json::Value) -> std::result::Result<f64, String> {
    let fix = "give a time >= 0 in seconds, e.g. \"time_s\": 1800 or \"time\": \"30min\"";
    let (key, v) = match (props.get("time_s"), props.get("time")) {
        (Some(v), _) if !v.is_null() => ("time_s", v),
        (_, Some(v)) if !v.is_null() => ("time", v),
        _ => return Ok(0.0),
    };
    let t = match (v.as_f64(), v.as_str()) {
        (Some(t), _) => t,
        (None, Some(text)) if key == "time" => {
            parse_time("time", text).map_err(|e| format!("time = {text:?}: {e}; {fix}"))?
        }
        _ => return Err(format!("{key} = {v}: not a time; {fix}")),
    };
    if !(t.is_finite() && t >= 0.0) {
        return Err(format!("{key} = {v}: must be >= 0; {fix}"));
    }
    Ok(t)
}

/// The barrier mask from `--barrier` files (GeoJSON or rasters), `None` when there are none.
pub fn read_barriers(paths: &[PathBuf], dem: &Raster<f32>) -> Result<Option<Raster<bool>>> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut mask = Array2::from_elem(dem.shape(), false);
    for p in paths {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if ext == "geojson" || ext == "json" {
            let cells = geojson_cells("--barrier", p, dem)?;
            if cells.is_empty() {
                return Err(format!(
                    "--barrier {}: no geometry falls on the DEM; give coordinates in the DEM's CRS ({})",
                    p.display(),
                    dem.crs
                )
                .into());
            }
            for (r, c) in cells {
                mask[[r, c]] = true;
            }
        } else {
            let r = super::read_f32(p)?;
            dem.check_same_grid(&r, "DEM", &format!("barrier raster {}", p.display()))?;
            let nd = r.nodata;
            for (m, &v) in mask.iter_mut().zip(r.data.iter()) {
                if v != 0.0 && !v.is_nan() && nd.is_none_or(|n| v as f64 != n) {
                    *m = true;
                }
            }
        }
    }
    Ok(Some(dem.like(mask)))
}

/// The numbers of a finished run, for the demo's summary.
pub struct RunSummary {
    pub result: SpreadResult,
    pub files: Vec<PathBuf>,
    pub wall_s: f64,
}

/// Everything a run needs besides the terrain.
pub struct FireInputs {
    pub fuels: Fuels,
    pub weather: WeatherStream,
    pub ignitions: Vec<Ignition>,
    pub barriers: Option<Raster<bool>>,
    pub config: SpreadConfig,
    pub perimeter_interval: f64,
    pub area_interval: f64,
    /// Described inputs for summary.json.
    pub inputs_json: serde_json::Value,
}

/// Runs the fire and writes every output into `out`.
pub fn run_and_write(
    terrain: &Terrain,
    inp: &FireInputs,
    out: &Path,
    bar: &mut Bar,
) -> Result<RunSummary> {
    ensure_dir(out)?;
    let t0 = std::time::Instant::now();
    bar.step("fire spread");
    let mut sim = FireSpread::new(
        terrain,
        &inp.fuels,
        &inp.weather,
        &inp.ignitions,
        inp.barriers.as_ref(),
        &inp.config,
    )?;
    sim.advance(inp.config.duration, bar)?;
    let res = sim.result();
    let wall_s = t0.elapsed().as_secs_f64();
    bar.done_step();

    bar.step("writing rasters");
    let mut files = Vec::new();
    for (name, r) in [
        ("arrival_time", &res.arrival_time),
        ("ros", &res.ros),
        ("fireline_intensity", &res.fireline_intensity),
        ("flame_length", &res.flame_length),
    ] {
        let p = out.join(format!("{name}.tif"));
        hazsim_io::write_raster(r, &p)?;
        files.push(p);
    }
    bar.done_step();

    bar.step("perimeters and area");
    let times = res.perimeter_times(inp.perimeter_interval);
    let perims = res.perimeters(&times)?;
    let p = out.join("perimeters.geojson");
    write_perimeters(&p, &perims, terrain.dem().crs.epsg)?;
    files.push(p);
    let timeline = res.area_timeline(inp.area_interval);
    let p = out.join("area.csv");
    write_csv(
        &p,
        &["time_s", "time_h", "area_ha", "area_mu"],
        timeline.iter().map(|s| {
            vec![
                CsvValue::from(s.time),
                CsvValue::from(s.time / 3600.0),
                CsvValue::from(s.hectares),
                CsvValue::from(s.mu),
            ]
        }),
    )?;
    files.push(p);
    bar.done_step();

    bar.step("maps");
    files.extend(write_maps(terrain, &res, inp, out)?);
    bar.done_step();

    let fin = res.final_area();
    let grade = res.grade();
    let max = |r: &Raster<f32>| {
        r.data
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(f32::NAN, f32::max)
    };
    let past2 = res.time_exceeding_2ha();
    let json = serde_json::json!({
        "inputs": inp.inputs_json,
        "simulated_s": res.end_time,
        "final_area_ha": fin.hectares,
        "final_area_mu": fin.mu,
        "burned_cells": res.burned_times.len(),
        "grade": {"zh": grade.name_zh(), "en": grade.name_en(),
                  "rule": "China forest-fire grades by burned area: 一般 general < 1 ha, 较大 large 1-100 ha, 重大 major 100-1000 ha, 特别重大 extra major >= 1000 ha"},
        "time_past_2ha_s": past2,
        "time_past_2ha_h": past2.map(|t| t / 3600.0),
        "time_past_2ha_note": "first time the burned area exceeded 2 ha (30 mu), the size a single fire is to be kept under; null if it never did",
        "max_ros_m_s": max(&res.ros),
        "max_fireline_intensity_kw_m": max(&res.fireline_intensity),
        "max_flame_length_m": max(&res.flame_length),
        "perimeter_times_s": times,
        "wall_time_s": wall_s,
        "files": files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    files.push(super::write_summary(out, &json)?);
    Ok(RunSummary {
        result: res,
        files,
        wall_s,
    })
}

/// The barrier cells' outlines (blue).
fn barrier_overlay(b: &Raster<bool>) -> Option<Overlay> {
    let polys = hazsim_grid::polygonize(b, hazsim_grid::Connectivity::Eight);
    if polys.is_empty() {
        return None;
    }
    let rings = polys
        .into_iter()
        .flat_map(|p| std::iter::once(p.exterior).chain(p.holes))
        .collect();
    Some(
        Overlay::polygons(rings)
            .with_color([30, 90, 230])
            .with_width(2),
    )
}

fn write_maps(
    terrain: &Terrain,
    res: &SpreadResult,
    inp: &FireInputs,
    out: &Path,
) -> Result<Vec<PathBuf>> {
    let hs = terrain.hillshade(315.0, 45.0, 1.0)?;
    let mut marks: Vec<Overlay> = Vec::new();
    if let Some(b) = &inp.barriers {
        marks.extend(barrier_overlay(b));
    }
    let ig: Vec<(f64, f64)> = inp
        .ignitions
        .iter()
        .map(|i| terrain.dem().cell_center(i.row, i.col))
        .collect();
    if !ig.is_empty() && ig.len() <= 50 {
        marks.push(
            Overlay::points(ig)
                .with_color([255, 255, 255])
                .with_label("ignition"),
        );
    }
    let mut files = Vec::new();
    let mut draw = |name: &str, r: &Raster<f32>, style: MapStyle, extra: &[Overlay]| -> Result {
        let p = out.join(format!("{name}.png"));
        let all: Vec<Overlay> = extra.iter().chain(&marks).cloned().collect();
        render_map_png(r, Some(&hs), &style, &all, &p)?;
        files.push(p);
        Ok(())
    };
    // Arrival time in hours with isochrones every perimeter interval.
    let arr = res.arrival_time.map(|&t| t / 3600.0);
    let mut iso = Vec::new();
    let mut note = String::new();
    let step_h = inp.perimeter_interval / 3600.0;
    if step_h > 0.0 {
        let max_t = arr
            .data
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0f32, f32::max) as f64;
        let levels: Vec<f64> = (1..)
            .map(|k| k as f64 * step_h)
            .take_while(|&l| l < max_t)
            .take(200)
            .collect();
        let segs = contour_lines(&arr, &levels, 3.0 * terrain.cell_size());
        if !segs.is_empty() {
            iso.push(Overlay::lines(segs).with_width(1));
            note = format!(", lines every {}", human_time(inp.perimeter_interval));
        }
    }
    draw(
        "arrival_time",
        &arr,
        MapStyle {
            alpha: 0.85,
            vmin: Some(0.0),
            units: "h".into(),
            title: Some(format!("Fire arrival time (h{note})")),
            ..MapStyle::for_field("fire.arrival_time")
        },
        &iso,
    )?;
    draw(
        "fireline_intensity",
        &res.fireline_intensity,
        MapStyle {
            alpha: 0.85,
            vmin: Some(0.0),
            title: Some("Fireline intensity at arrival (kW/m)".into()),
            ..MapStyle::for_field("fire.fireline_intensity")
        },
        &[],
    )?;
    draw(
        "flame_length",
        &res.flame_length,
        MapStyle {
            alpha: 0.85,
            vmin: Some(0.0),
            title: Some("Flame length at arrival (m)".into()),
            ..MapStyle::for_field("fire.flame_length")
        },
        &[],
    )?;
    Ok(files)
}

/// 5400 → "1.5 h", 1800 → "30 min", 821.1 → "13.7 min", 45 → "45 s" (at most one decimal).
fn human_time(s: f64) -> String {
    let (v, unit) = if s >= 3600.0 {
        (s / 3600.0, "h")
    } else if s >= 60.0 {
        (s / 60.0, "min")
    } else {
        (s, "s")
    };
    let text = format!("{v:.1}");
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
}

pub fn run(a: Args) -> Result {
    let duration = parse_time("--duration", &a.duration)?;
    if duration <= 0.0 {
        return Err(format!("--duration {}: must be > 0, e.g. 4h or 14400", a.duration).into());
    }
    let perimeter_interval = parse_time("--perimeter-interval", &a.perimeter_interval)?;
    let area_interval = parse_time("--area-interval", &a.area_interval)?;
    for (flag, v, s) in [
        (
            "--perimeter-interval",
            perimeter_interval,
            &a.perimeter_interval,
        ),
        ("--area-interval", area_interval, &a.area_interval),
    ] {
        if v <= 0.0 {
            return Err(format!("{flag} {s}: must be > 0, e.g. 30min").into());
        }
    }
    let moisture = parse_moisture(&a.moisture)?;
    if a.ignition.is_empty() && a.ignitions.is_none() {
        return Err(
            "no ignition: give --ignition X,Y[,T] (repeatable) or --ignitions file.geojson".into(),
        );
    }
    let mut bar = Bar::new(STEPS + 1, a.output.quiet);
    bar.step("reading inputs");
    let terrain = read_terrain(&a.dem, a.output.fill_nodata)?;
    let dem = terrain.dem();
    let (fuels, fuel_json) = parse_fuel(&a.fuel, dem)?;
    let (weather, weather_json) = match (&a.weather, a.wind) {
        (Some(p), _) => (
            read_weather(p, moisture)?,
            serde_json::json!({"csv": p.display().to_string()}),
        ),
        (None, w) => {
            let speed = w.unwrap_or(0.0);
            if !(speed.is_finite() && speed >= 0.0) {
                return Err(
                    format!("--wind {speed}: the midflame wind speed must be >= 0 m/s").into(),
                );
            }
            // clap makes --wind and --wind-dir go together; with neither there is no wind.
            let dir = a.wind_dir.unwrap_or(0.0);
            (
                WeatherStream::constant(speed, dir, moisture)?,
                serde_json::json!({"midflame_wind_m_s": speed, "wind_from_deg": dir}),
            )
        }
    };
    let mut ignitions = a
        .ignition
        .iter()
        .map(|s| parse_ignition(s, &terrain))
        .collect::<Result<Vec<_>>>()?;
    let mut geo_ignitions = Vec::new();
    if let Some(p) = &a.ignitions {
        geo_ignitions = geojson_ignitions(p, dem)?;
        if geo_ignitions.is_empty() {
            return Err(format!(
                "--ignitions {}: no geometry falls on the DEM; give coordinates in the DEM's CRS ({})",
                p.display(),
                dem.crs
            )
            .into());
        }
    }
    let barriers = read_barriers(&a.barrier, dem)?;
    if let Some(p) = &a.ignitions {
        // Lines and polygons may cross roads or streams: ignite only the cells that can burn.
        let kept = keep_burnable(&geo_ignitions, &fuels, barriers.as_ref());
        if kept.is_empty() {
            return Err(format!(
                "--ignitions {}: every cell it covers is non-burnable or a barrier; move it onto burnable fuel",
                p.display()
            )
            .into());
        }
        ignitions.extend(kept);
    }
    bar.done_step();
    let m = moisture;
    let inputs_json = serde_json::json!({
        "dem": a.dem.display().to_string(),
        "fuel": fuel_json,
        "weather": weather_json,
        "weather_records": weather.records().iter().map(|r| serde_json::json!({
            "start_s": r.start, "midflame_wind_m_s": r.midflame_wind_speed, "wind_from_deg": r.wind_direction,
            "moisture": [r.moisture.one_hour, r.moisture.ten_hour, r.moisture.hundred_hour, r.moisture.live_herb, r.moisture.live_woody]})).collect::<Vec<_>>(),
        "moisture_default": [m.one_hour, m.ten_hour, m.hundred_hour, m.live_herb, m.live_woody],
        "ignitions": ignitions.iter().map(|i| { let (x, y) = dem.cell_center(i.row, i.col); serde_json::json!({"x": x, "y": y, "row": i.row, "col": i.col, "time_s": i.time}) }).collect::<Vec<_>>(),
        "barriers": a.barrier.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "barrier_cells": barriers.as_ref().map(|b| b.data.iter().filter(|&&v| v).count()),
        "duration_s": duration,
        "stencil_radius": a.stencil_radius,
    });
    let inp = FireInputs {
        fuels,
        weather,
        ignitions,
        barriers,
        config: SpreadConfig {
            duration,
            stencil_radius: a.stencil_radius,
            ..SpreadConfig::default()
        },
        perimeter_interval,
        area_interval,
        inputs_json,
    };
    let s = run_and_write(&terrain, &inp, &a.output.out, &mut bar)?;
    bar.finish();
    if !a.output.quiet {
        let fin = s.result.final_area();
        let g = s.result.grade();
        println!(
            "burned {:.2} ha ({:.0} mu) in {}, grade {} ({}); {}; {:.1} s",
            fin.hectares,
            fin.mu,
            human_time(s.result.end_time),
            g.name_zh(),
            g.name_en(),
            match s.result.time_exceeding_2ha() {
                Some(t) => format!("passed 2 ha (30 mu) at {}", human_time(t)),
                None => "stayed under 2 ha (30 mu)".into(),
            },
            s.wall_s
        );
        for f in &s.files {
            println!("{}", f.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moisture_parses_and_catches_percentages() {
        let m = parse_moisture("0.06, 0.07,0.08,0.6,0.9").unwrap();
        assert_eq!(m.live_woody, 0.9);
        let e = parse_moisture("6,7,8,60,90").unwrap_err().to_string();
        assert!(e.contains("percentage") && e.contains("0.06"), "{e}");
        assert!(parse_moisture("0.06,0.07").is_err());
        assert!(parse_moisture("a,b,c,d,e").is_err());
    }

    #[test]
    fn human_times() {
        assert_eq!(human_time(5400.0), "1.5 h");
        assert_eq!(human_time(1800.0), "30 min");
        assert_eq!(human_time(45.0), "45 s");
        assert_eq!(human_time(821.1), "13.7 min");
    }
}
