//! `hazsim flood`: a flood inundation run over a DEM (local-inertial shallow water), written as
//! GeoTIFF rasters, PNG maps, a (t, area, volume) series and a JSON summary.

use super::{ensure_dir, read_terrain, Result};
use crate::progress::Bar;
use hazsim_flood::hazard::{hazard_class_code, hazard_class_raster, HazardClass};
use hazsim_flood::{
    Boundaries, Boundary, Breach, ChicagoStorm, FloodConfig, FloodResult, GreenAmpt, LineInflow,
    PointInflow, Rain, Region, Reservoir, SoilTexture, StormFormula,
};
use hazsim_grid::{Raster, Terrain};
use hazsim_io::map::{render_map_png, Colormap, MapStyle, Overlay};
use hazsim_io::vector::{write_csv, CsvValue};
use std::path::{Path, PathBuf};

const AFTER_HELP: &str = "\
Units: times in seconds unless suffixed (s, min or m, h, d: 90min, 2h, 7200); rain in mm/h;
inflows in m3/s; coordinates in the DEM's projected CRS (metres); Manning's n in s/m^(1/3).

Rain (pick one; default: none):
  --rain-mmh 30                  30 mm/h everywhere for the whole run
  --rain storm.csv               a hyetograph: rows of t_s,mm_h (header and # comments allowed);
                                 each intensity holds until the next time, the last one holds
                                 to the end (finish with a 0 row to stop the rain)
  --design-storm A,C,b,n         a Chicago design storm (Keifer & Chu 1957) from the storm-
                                 intensity formula i = A(1 + C lg P)/(t + b)^n with i in mm/min,
                                 t in min, P in years (the form of Chinese design-storm codes);
                                 with --return-period P, --peak r, --storm-duration, --storm-step.
                                 10,0.8,10,0.7 is an illustrative set (72 mm in 1 h at P = 50),
                                 not any particular city's formula

Inflows (repeatable): --inflow X,Y,Q for a constant Q m3/s, or --inflow X,Y,hydro.csv with rows
of t_s,Q_m3s (linearly interpolated, held after the last time).

Boundaries: --boundary free (default: normal-depth outflow on all four edges), closed (walls),
level:Z (fixed water level Z m), free:S (outflow at energy slope S), critical (outflow at
critical depth, q = h sqrt(g h), for an edge that drops away), or per edge, e.g.
--boundary north=closed,east=free,south=free,west=level:120 (edges not named are free).

Infiltration (Green-Ampt, default: none): --infiltration loam (a Rawls et al. 1983 texture, with
--initial-saturation 0.3) or --infiltration 10,110,0.3 (K_s 10 mm/h, suction 110 mm, deficit 0.3).

Dam breach: --reservoir lake.geojson --reservoir-level 412.5 fills the polygon to 412.5 m;
--breach gap.geojson --breach-level 398 --breach-start 0 --breach-time 30min lowers the bed of the
cells inside the breach polygon linearly from the DEM (the crest) to 398 m over 30 min.
Polygons: a GeoJSON Polygon, MultiPolygon (first part), Feature or FeatureCollection (first
polygon), in the DEM's CRS.

DEM holes (NaN/nodata) are an error unless you choose: --fill-nodata fills them from their
edges first (small survey voids), --nodata-walls makes them closed walls (masked buildings, the
outside of an irregular survey): no water enters them and no rain falls on them.

Outputs in DIR: max_depth.tif (m), max_speed.tif (m/s), max_dv.tif (m2/s), arrival_time.tif
(s, NaN = never reached 0.1 m), duration.tif (s deeper than the wet threshold),
hazard_rating.tif (max of d(v+0.5)+DF, Defra/EA FD2320), infiltration.tif (m, with
--infiltration), hazard_class.tif (1 low < 0.75,
2 moderate 0.75-1.25, 3 significant 1.25-2.0, 4 extreme > 2.0; 0 = dry), depth.tif and
speed.tif (at the end); PNG maps over the hillshade of max_depth, max_speed, arrival_time
(with isochrones), duration, hazard_rating (the four FD2320 classes) and depth; series.csv
(t_s, flooded_area_m2, volume_m3); summary.json (inputs, mass balance, maxima, wall time).

Examples:
  hazsim flood --dem dem.tif --duration 2h --rain-mmh 30 --out out/flood
  hazsim flood --dem dem.tif --duration 3h --design-storm 10,0.8,10,0.7 --return-period 50 \\
      --peak 0.4 --storm-duration 1h --inflow 741000,4030000,hydro.csv --out out/storm
  hazsim flood --dem dem.tif --duration 7200 --inflow 741000,4030000,150 --manning 0.05 \\
      --boundary north=closed,east=free,south=free,west=free --out out/inflow";

/// Simulate a flood over a DEM: rain (uniform, a hyetograph CSV or a Chicago design storm)
/// and point inflows, routed with the local-inertial shallow-water scheme (Bates et al. 2010,
/// de Almeida et al. 2012); writes GeoTIFF rasters, PNG maps, series.csv and summary.json.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Elevation raster in a projected CRS (metres).
    #[arg(long)]
    pub dem: PathBuf,
    /// Simulated time: seconds, or with a unit (90min, 2h).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub duration: String,
    /// Output directory (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Uniform rain (mm/h) over the whole grid for the whole run.
    #[arg(
        long,
        value_name = "MM_PER_H",
        allow_negative_numbers = true,
        group = "rainfall"
    )]
    pub rain_mmh: Option<f64>,
    /// Rain hyetograph CSV: t_s,mm_h rows, each intensity held until the next time.
    #[arg(long, value_name = "CSV", group = "rainfall")]
    pub rain: Option<PathBuf>,
    /// Chicago design storm from i = A(1 + C lg P)/(t + b)^n (i mm/min, t min, P years).
    #[arg(
        long,
        value_name = "A,C,b,n",
        group = "rainfall",
        allow_hyphen_values = true
    )]
    pub design_storm: Option<String>,
    /// Return period P of the design storm (years, >= 1).
    #[arg(
        long,
        value_name = "YEARS",
        default_value_t = 50.0,
        allow_negative_numbers = true
    )]
    pub return_period: f64,
    /// Peak position ratio r of the design storm (0..1; the peak falls at r x storm duration).
    #[arg(
        long,
        value_name = "R",
        default_value_t = 0.4,
        allow_negative_numbers = true
    )]
    pub peak: f64,
    /// Duration of the design storm (from t = 0), e.g. 1h.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "1h",
        allow_hyphen_values = true
    )]
    pub storm_duration: String,
    /// Block length of the design-storm hyetograph, e.g. 5min.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "5min",
        allow_hyphen_values = true
    )]
    pub storm_step: String,
    /// Point inflow: X,Y,Q (constant m3/s) or X,Y,CSV (t_s,Q_m3s rows); repeatable.
    #[arg(long, value_name = "X,Y,Q|X,Y,CSV", allow_hyphen_values = true)]
    pub inflow: Vec<String>,
    /// Line inflow: X1,Y1,X2,Y2[,X3,Y3...]@Q (m3/s) or ...@CSV (t_s,Q_m3s rows); the discharge
    /// of the whole line, shared evenly by the cells it crosses (a reach's lateral inflow, a
    /// levee overtopping); repeatable.
    #[arg(long, value_name = "X1,Y1,X2,Y2,...@Q|CSV", allow_hyphen_values = true)]
    pub inflow_line: Vec<String>,
    /// Manning's n (s/m^(1/3)): 0.03 short grass, 0.035 pasture, 0.05-0.1 brush and forest.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0.035,
        allow_negative_numbers = true
    )]
    pub manning: f64,
    /// Edge conditions: free, closed, level:Z, free:S, or per edge (north=closed,east=free,...).
    #[arg(long, value_name = "SPEC", default_value = "free")]
    pub boundary: String,
    /// Courant number α of the adaptive time step (0 < α <= sqrt(θ/2)).
    #[arg(long, default_value_t = 0.6, allow_negative_numbers = true)]
    pub alpha: f64,
    /// Momentum weighting θ (de Almeida et al. 2012), 0..1; 1 = Bates et al. (2010).
    #[arg(long, default_value_t = 0.8, allow_negative_numbers = true)]
    pub theta: f64,
    /// Interval of series.csv records, e.g. 5min.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "5min",
        allow_hyphen_values = true
    )]
    pub output_interval: String,
    /// Fields to save as GeoTIFF at every output interval, comma-separated (depth, speed,
    /// unit_discharge, max_depth, arrival_time, duration, ...): snapshots/<field>_<t>s.tif.
    /// Each snapshot of a field takes 4 bytes per cell on disk and in memory. Default: none.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub snapshots: Vec<String>,
    /// Depth (m) above which a cell counts as flooded (area, duration, hazard).
    #[arg(
        long,
        value_name = "M",
        default_value_t = 0.01,
        allow_negative_numbers = true
    )]
    pub wet_threshold: f64,
    /// Spacing of the isochrone lines on the arrival-time map, e.g. 15min; 0 for none.
    #[arg(long, value_name = "TIME", default_value = "15min")]
    pub isochrones: String,
    /// Fill NaN/nodata holes in the DEM first (from the hole edges inwards) instead of failing.
    #[arg(long, conflicts_with = "nodata_walls")]
    pub fill_nodata: bool,
    /// Treat NaN/nodata holes in the DEM as closed walls (no water, no rain) instead of failing.
    #[arg(long)]
    pub nodata_walls: bool,
    /// Cap the face Froude number at FR (e.g. 1 on steep terrain); off by default.
    #[arg(long, value_name = "FR", allow_negative_numbers = true)]
    pub max_froude: Option<f64>,
    /// Green-Ampt infiltration: a soil texture (sand, loamy_sand, sandy_loam, loam, silt_loam,
    /// sandy_clay_loam, clay_loam, silty_clay_loam, sandy_clay, silty_clay, clay; Rawls et al.
    /// 1983) or K_S,PSI,DTHETA (K_s mm/h, suction head mm, moisture deficit 0..1).
    #[arg(
        long,
        value_name = "TEXTURE|K_S,PSI,DTHETA",
        allow_hyphen_values = true
    )]
    pub infiltration: Option<String>,
    /// Initial effective saturation (0..1) of a texture preset: moisture deficit = (1 - S) x
    /// effective porosity.
    #[arg(
        long,
        value_name = "S",
        default_value_t = 0.3,
        allow_negative_numbers = true
    )]
    pub initial_saturation: f64,
    /// Reservoir polygon (GeoJSON, DEM CRS): cells whose centres lie inside start filled to
    /// --reservoir-level.
    #[arg(long, value_name = "GEOJSON", requires = "reservoir_level")]
    pub reservoir: Option<PathBuf>,
    /// Initial water-surface elevation (m, DEM datum) of the reservoir.
    #[arg(
        long,
        value_name = "Z",
        requires = "reservoir",
        allow_negative_numbers = true
    )]
    pub reservoir_level: Option<f64>,
    /// Breach polygon (GeoJSON, DEM CRS): the dam cells whose bed is lowered to --breach-level.
    #[arg(long, value_name = "GEOJSON", requires = "breach_level")]
    pub breach: Option<PathBuf>,
    /// Final bottom elevation of the breach (m, DEM datum).
    #[arg(
        long,
        value_name = "Z",
        requires = "breach",
        allow_negative_numbers = true
    )]
    pub breach_level: Option<f64>,
    /// Time the breach starts to open, e.g. 10min.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "0",
        allow_hyphen_values = true
    )]
    pub breach_start: String,
    /// Breach formation time (crest to final level, linearly), e.g. 30min; 0 = sudden.
    #[arg(
        long,
        value_name = "TIME",
        default_value = "0",
        allow_hyphen_values = true
    )]
    pub breach_time: String,
    /// Hide the progress bar and the printed summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Parses a time: plain seconds, or a number with s, min/m, h or d.
pub fn parse_time(flag: &str, s: &str) -> Result<f64> {
    let t = s.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let factor = match unit.trim() {
        "" | "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" | "hr" => 3600.0,
        "d" => 86400.0,
        u => {
            return Err(format!(
            "{flag} {s}: unknown time unit {u:?}; use seconds (7200) or s, min, h, d (2h, 90min)"
        )
            .into())
        }
    };
    let v: f64 = num.trim().parse().map_err(|_| {
        format!(
            "{flag} {s}: not a time; use seconds (7200) or a number with s, min, h, d (2h, 90min)"
        )
    })?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("{flag} {s}: a time must be finite and >= 0").into());
    }
    Ok(v * factor)
}

/// Reads a two-column CSV of (t_s, value) with strictly increasing times. A header line and
/// `#` comments are allowed; commas, semicolons, tabs or spaces separate the columns.
pub fn read_series(path: &Path, what: &str) -> Result<Vec<(f64, f64)>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {what} {}: {e}", path.display()))?;
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .collect();
        let nums: Vec<Option<f64>> = cols.iter().map(|s| s.parse::<f64>().ok()).collect();
        if out.is_empty() && nums.iter().all(|v| v.is_none()) {
            continue; // header
        }
        let (Some(Some(t)), Some(Some(v)), 2) = (nums.first(), nums.get(1), cols.len()) else {
            return Err(format!(
                "{what} {} line {}: expected two numbers t_s,value, got {line:?}",
                path.display(),
                i + 1
            )
            .into());
        };
        if !t.is_finite() || *t < 0.0 || !v.is_finite() || *v < 0.0 {
            return Err(format!(
                "{what} {} line {}: time {t} s and value {v} must be finite and >= 0",
                path.display(),
                i + 1
            )
            .into());
        }
        if let Some(&(tp, _)) = out.last() {
            if *t <= tp {
                return Err(format!(
                    "{what} {} line {}: time {t} s does not follow {tp} s; times must strictly increase (sort the rows, remove duplicates)",
                    path.display(),
                    i + 1
                )
                .into());
            }
        }
        out.push((*t, *v));
    }
    if out.is_empty() {
        return Err(format!("{what} {}: no t_s,value rows", path.display()).into());
    }
    Ok(out)
}

/// Parses one edge condition: free, free:S, closed, level:Z.
fn parse_edge(spec: &str, s: &str) -> Result<Boundary> {
    let bad = || -> super::Error {
        format!("--boundary {spec}: unknown edge condition {s:?}; use free, free:SLOPE, critical, closed or level:Z").into()
    };
    let (kind, arg) = match s.split_once(':') {
        Some((k, a)) => (k.trim(), Some(a.trim())),
        None => (s.trim(), None),
    };
    let num = |a: &str| -> Result<f64> {
        a.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(bad)
    };
    Ok(match (kind, arg) {
        ("free", None) => Boundary::FreeOutflow { slope: None },
        ("free", Some(a)) => Boundary::FreeOutflow {
            slope: Some(num(a)?),
        },
        ("closed", None) => Boundary::Closed,
        ("critical", None) => Boundary::CriticalOutflow,
        ("level", Some(a)) => Boundary::FixedLevel(num(a)?),
        _ => return Err(bad()),
    })
}

/// Parses `--boundary`: one condition for all edges, or `edge=condition` pairs.
pub fn parse_boundaries(spec: &str) -> Result<Boundaries> {
    if !spec.contains('=') {
        return Ok(Boundaries::all(parse_edge(spec, spec)?));
    }
    let mut b = Boundaries::all(Boundary::FreeOutflow { slope: None });
    for part in spec.split(',') {
        let Some((edge, cond)) = part.split_once('=') else {
            return Err(format!(
                "--boundary {spec}: {part:?} is not edge=condition, e.g. north=closed"
            )
            .into());
        };
        let e = parse_edge(spec, cond)?;
        match edge.trim() {
            "north" | "n" => b.north = e,
            "east" | "e" => b.east = e,
            "south" | "s" => b.south = e,
            "west" | "w" => b.west = e,
            other => {
                return Err(format!(
                    "--boundary {spec}: unknown edge {other:?}; use north, east, south or west"
                )
                .into())
            }
        }
    }
    Ok(b)
}

/// Parses `--inflow X,Y,Q` or `--inflow X,Y,CSV` and checks the point lies on the DEM.
fn parse_inflow(spec: &str, dem: &Raster<f32>) -> Result<PointInflow> {
    let parts: Vec<&str> = spec.splitn(3, ',').map(str::trim).collect();
    let usage = || -> super::Error {
        format!("--inflow {spec}: expected X,Y,Q (m3/s) or X,Y,CSV (t_s,Q_m3s rows), X and Y in the DEM's CRS").into()
    };
    if parts.len() != 3 {
        return Err(usage());
    }
    let x: f64 = parts[0].parse().map_err(|_| usage())?;
    let y: f64 = parts[1].parse().map_err(|_| usage())?;
    if dem.cell_index(x, y).is_none() {
        let b = dem.bounds();
        return Err(format!(
            "--inflow {spec}: point ({x}, {y}) lies outside the DEM (x {}..{}, y {}..{}); give coordinates in the DEM's CRS ({}) inside its extent",
            b.x_min, b.x_max, b.y_min, b.y_max, dem.crs
        )
        .into());
    }
    let hydrograph = match parts[2].parse::<f64>() {
        Ok(q) if q.is_finite() && q >= 0.0 => vec![(0.0, q)],
        Ok(q) => {
            return Err(
                format!("--inflow {spec}: discharge {q} m3/s must be finite and >= 0").into(),
            )
        }
        Err(_) => read_series(Path::new(parts[2]), "inflow hydrograph")?,
    };
    Ok(PointInflow { x, y, hydrograph })
}

/// Parses `--inflow-line X1,Y1,X2,Y2,...@Q` or `...@CSV`.
fn parse_inflow_line(spec: &str) -> Result<LineInflow> {
    let usage = || -> super::Error {
        format!("--inflow-line {spec}: expected X1,Y1,X2,Y2[,...]@Q (m3/s) or X1,Y1,...@CSV (t_s,Q_m3s rows), coordinates in the DEM's CRS").into()
    };
    let (coords, hydro) = spec.rsplit_once('@').ok_or_else(usage)?;
    let v: Vec<f64> = coords
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| usage())?;
    if v.len() < 2 || v.len() % 2 != 0 {
        return Err(usage());
    }
    let line = v.chunks(2).map(|p| (p[0], p[1])).collect();
    let hydrograph = match hydro.trim().parse::<f64>() {
        Ok(q) if q.is_finite() && q >= 0.0 => vec![(0.0, q)],
        Ok(q) => {
            return Err(
                format!("--inflow-line {spec}: discharge {q} m3/s must be finite and >= 0").into(),
            )
        }
        Err(_) => read_series(Path::new(hydro.trim()), "line inflow hydrograph")?,
    };
    Ok(LineInflow { line, hydrograph })
}

/// Parses `--infiltration`: a texture name or K_S,PSI,DTHETA (mm/h, mm, fraction).
pub fn parse_infiltration(spec: &str, initial_saturation: f64) -> Result<GreenAmpt> {
    let parts: Vec<&str> = spec.split(',').map(str::trim).collect();
    if parts.len() == 3 {
        let v: Vec<f64> = parts
            .iter()
            .map(|p| p.parse::<f64>())
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| {
                format!("--infiltration {spec}: expected three numbers K_S,PSI,DTHETA (mm/h, mm, 0..1), e.g. 10,110,0.3")
            })?;
        return Ok(GreenAmpt::new(v[0] / 3.6e6, v[1] / 1000.0, v[2]));
    }
    let texture = SoilTexture::from_name(spec)
        .map_err(|e| format!("--infiltration {spec}: {e}, or K_S,PSI,DTHETA (mm/h, mm, 0..1)"))?;
    GreenAmpt::texture(texture, initial_saturation)
        .map_err(|e| format!("--initial-saturation {initial_saturation}: {e}").into())
}

/// Reads the first polygon of a GeoJSON file (Polygon, MultiPolygon, Feature or
/// FeatureCollection) as rings of (x, y).
pub fn read_polygon(path: &Path, flag: &str) -> Result<Region> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{flag} {}: cannot read: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{flag} {}: not valid GeoJSON: {e}", path.display()))?;
    fn first_polygon(v: &serde_json::Value) -> Option<&serde_json::Value> {
        match v.get("type")?.as_str()? {
            "Polygon" => v.get("coordinates"),
            "MultiPolygon" => v.get("coordinates")?.get(0),
            "Feature" => first_polygon(v.get("geometry")?),
            "FeatureCollection" => v
                .get("features")?
                .as_array()?
                .iter()
                .find_map(first_polygon),
            _ => None,
        }
    }
    let bad = || -> super::Error {
        format!(
            "{flag} {}: no polygon found; give a GeoJSON Polygon (or a Feature/FeatureCollection holding one) with [x, y] coordinates in the DEM's CRS",
            path.display()
        )
        .into()
    };
    let coords = first_polygon(&v)
        .and_then(|c| c.as_array())
        .ok_or_else(bad)?;
    let mut rings = Vec::new();
    for ring in coords {
        let pts: Option<Vec<(f64, f64)>> = ring
            .as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
            .collect();
        let pts = pts.ok_or_else(bad)?;
        if pts.len() < 3 {
            return Err(bad());
        }
        rings.push(pts);
    }
    if rings.is_empty() {
        return Err(bad());
    }
    Ok(Region::Polygon(rings))
}

/// Parses `--design-storm A,C,b,n` into a formula.
pub fn parse_storm_formula(spec: &str) -> Result<StormFormula> {
    let v: Vec<f64> = spec
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            format!("--design-storm {spec}: expected four numbers A,C,b,n, e.g. 10,0.8,10,0.7")
        })?;
    let [a, c, b, n] = v[..] else {
        return Err(format!(
            "--design-storm {spec}: expected four numbers A,C,b,n, e.g. 10,0.8,10,0.7"
        )
        .into());
    };
    Ok(StormFormula::new(a, c, b, n)?)
}

/// The numbers of a finished run, for the demo's summary.
pub struct RunSummary {
    pub json: serde_json::Value,
    pub max_depth: f64,
    pub max_speed: f64,
    pub flooded_area_m2: f64,
    pub mass_error: f64,
    pub wall_s: f64,
    pub steps: u64,
    pub files: Vec<PathBuf>,
}

/// Number of progress steps [`run_and_write`] reports.
pub const STEPS: u64 = 4;

/// Runs the flood and writes every output into `out`; `inputs` is copied into summary.json.
pub fn run_and_write(
    terrain: &Terrain,
    cfg: FloodConfig,
    inputs: serde_json::Value,
    out: &Path,
    isochrone_step_s: f64,
    bar: &mut Bar,
) -> Result<RunSummary> {
    ensure_dir(out)?;
    let wet = cfg.wet_threshold as f32;
    let shown = cfg.arrival_threshold.max(cfg.wet_threshold) as f32;
    let dt_out = cfg.output_interval;
    let infiltration = cfg.infiltration.is_some();
    let marks: Vec<Overlay> = cfg
        .inflows
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let label = if cfg.inflows.len() == 1 {
                "inflow".to_string()
            } else {
                format!("inflow {}", i + 1)
            };
            Overlay::point(p.x, p.y).with_label(label)
        })
        .chain(cfg.line_inflows.iter().enumerate().map(|(i, l)| {
            let label = if cfg.line_inflows.len() == 1 {
                "line inflow".to_string()
            } else {
                format!("line inflow {}", i + 1)
            };
            Overlay::lines(vec![l.line.clone()]).with_label(label)
        }))
        .collect();
    bar.step("flood");
    let t0 = std::time::Instant::now();
    let res = hazsim_flood::simulate(terrain, cfg, bar)?;
    let wall_s = t0.elapsed().as_secs_f64();
    bar.done_step();
    bar.step("writing rasters");
    let mut files = write_rasters(&res, out, wet, infiltration)?;
    files.extend(write_snapshots(terrain, &res, out)?);
    bar.done_step();
    bar.step("drawing maps");
    files.extend(write_maps(
        terrain,
        &res,
        out,
        shown,
        isochrone_step_s,
        &marks,
    )?);
    bar.done_step();
    bar.step("summary");
    let series = out.join("series.csv");
    write_csv(
        &series,
        &["t_s", "flooded_area_m2", "volume_m3"],
        res.series.iter().map(|p| {
            vec![
                CsvValue::from(p.time),
                CsvValue::from(p.flooded_area),
                CsvValue::from(p.volume),
            ]
        }),
    )?;
    files.push(series);

    let field = |n: &str| res.field(n).expect("simulate returns every flood field");
    let md = field("flood.max_depth");
    let (mut max_d, mut at) = (0.0f32, (0usize, 0usize));
    for ((r, c), &v) in md.data.indexed_iter() {
        if v > max_d {
            max_d = v;
            at = (r, c);
        }
    }
    let (mx, my) = md.cell_center(at.0, at.1);
    let cell_area = terrain.cell_size() * terrain.cell_size();
    let flooded = md.data.iter().filter(|&&d| d > wet).count() as f64 * cell_area;
    let area_over = |h: f32| md.data.iter().filter(|&&d| d >= h).count() as f64 * cell_area;
    let max_speed = field("flood.max_speed")
        .data
        .iter()
        .copied()
        .fold(0.0f32, f32::max) as f64;
    let hr = field("flood.hazard_rating");
    let mut class_area = [0.0f64; 4];
    for (h, d) in hr.data.iter().zip(md.data.iter()) {
        let k = hazard_class_code(*h, *d > wet);
        if k > 0 {
            class_area[k as usize - 1] += cell_area;
        }
    }
    let end = res
        .series
        .last()
        .map(|p| (p.time, p.flooded_area, p.volume));
    let peak_volume = res.series.iter().map(|p| p.volume).fold(0.0f64, f64::max);
    let mb = res.mass_balance;
    let json = serde_json::json!({
        "inputs": inputs,
        "grid": {"rows": terrain.shape().0, "cols": terrain.shape().1, "cell_size_m": terrain.cell_size(), "crs": terrain.dem().crs.to_string()},
        "mass_balance_m3": {
            "rain": mb.rain, "inflow": mb.inflow, "boundary_inflow": mb.boundary_inflow,
            "outflow": mb.outflow, "infiltration": mb.infiltration,
            "storage_initial": mb.storage_initial, "storage_end": mb.storage_now,
            "residual": mb.residual(), "relative_error": mb.error(),
        },
        "max_depth_m": max_d, "max_depth_at": {"x": mx, "y": my, "row": at.0, "col": at.1},
        "max_speed_m_s": max_speed,
        "flooded_area_m2": flooded,
        "flooded_area_note": format!("cells whose maximum depth exceeded the wet threshold {wet} m"),
        "area_max_depth_over_m2": {"0.1": area_over(0.1), "0.3": area_over(0.3), "1.0": area_over(1.0)},
        "flooded_area_end_m2": end.map(|e| e.1),
        "volume_end_m3": end.map(|e| e.2),
        "volume_peak_m3": peak_volume,
        "hazard_class_area_m2": {"low": class_area[0], "moderate": class_area[1], "significant": class_area[2], "extreme": class_area[3]},
        "simulated_s": end.map(|e| e.0),
        "series_interval_s": dt_out,
        "steps": res.steps,
        "wall_time_s": wall_s,
        "files": files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    files.push(super::write_summary(out, &json)?);
    bar.done_step();
    Ok(RunSummary {
        json,
        max_depth: max_d as f64,
        max_speed,
        flooded_area_m2: flooded,
        mass_error: mb.error(),
        wall_s,
        steps: res.steps,
        files,
    })
}

fn short(name: &str) -> &str {
    name.strip_prefix("flood.").unwrap_or(name)
}

fn write_rasters(
    res: &FloodResult,
    out: &Path,
    wet: f32,
    infiltration: bool,
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for (name, r) in &res.fields {
        // The class raster is written below as bytes; infiltration only when modelled.
        if *name == "flood.hazard_class" || (*name == "flood.infiltration" && !infiltration) {
            continue;
        }
        let p = out.join(format!("{}.tif", short(name)));
        hazsim_io::write_raster(r, &p)?;
        files.push(p);
    }
    if let (Some(hr), Some(md)) = (
        res.field("flood.hazard_rating"),
        res.field("flood.max_depth"),
    ) {
        let cls = hazard_class_raster(hr, md, wet);
        let p = out.join("hazard_class.tif");
        hazsim_io::write_raster(&cls, &p)?;
        files.push(p);
    }
    Ok(files)
}

/// Writes every snapshot field as `snapshots/<field>_<t>s.tif` (t in whole seconds, zero-padded
/// so that the files sort by time).
fn write_snapshots(terrain: &Terrain, res: &FloodResult, out: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if res.snapshots.is_empty() {
        return Ok(files);
    }
    let dir = out.join("snapshots");
    ensure_dir(&dir)?;
    for s in &res.snapshots {
        for (name, data) in &s.fields {
            let p = dir.join(format!("{}_{:07.0}s.tif", short(name), s.time));
            hazsim_io::write_raster(&terrain.dem().like(data.clone()), &p)?;
            files.push(p);
        }
    }
    Ok(files)
}

/// Draws the PNG maps; cells whose maximum depth stayed below `shown` (m) are left as plain
/// hillshade, so rain-on-grid runs show where water gathered rather than a wet film
/// everywhere.
fn write_maps(
    terrain: &Terrain,
    res: &FloodResult,
    out: &Path,
    shown: f32,
    isochrone_step_s: f64,
    marks: &[Overlay],
) -> Result<Vec<PathBuf>> {
    let hs = terrain.hillshade(315.0, 45.0, 1.0)?;
    let field = |n: &str| res.field(n).expect("simulate returns every flood field");
    let md = field("flood.max_depth");
    // Values only where the cell was ever wet; elsewhere plain hillshade.
    let wet_only = |r: &Raster<f32>, scale: f32| {
        r.like(ndarray::Array2::from_shape_fn(r.shape(), |ix| {
            if md.data[ix] >= shown && r.data[ix].is_finite() {
                r.data[ix] * scale
            } else {
                f32::NAN
            }
        }))
    };
    let mut files = Vec::new();
    let mut draw = |name: &str, r: &Raster<f32>, style: MapStyle, overlays: &[Overlay]| -> Result {
        let p = out.join(format!("{name}.png"));
        let all: Vec<Overlay> = overlays.iter().chain(marks).cloned().collect();
        render_map_png(r, Some(&hs), &style, &all, &p)?;
        files.push(p);
        Ok(())
    };
    let wet_title = format!("cells deeper than {} m at some time", shown);
    draw(
        "max_depth",
        md,
        MapStyle {
            alpha: 0.9,
            // Log scale: 0.1 m and 5 m both readable; vmin below the shown threshold so the
            // shallowest shown water is already a visible blue.
            log_scale: true,
            vmin: Some(shown as f64 * 0.3),
            hide_below: Some(shown as f64),
            title: Some(format!("Maximum flood depth ({wet_title})")),
            ..MapStyle::for_field("flood.max_depth")
        },
        &[],
    )?;
    draw(
        "depth",
        field("flood.depth"),
        MapStyle {
            alpha: 0.9,
            // Log scale: 0.1 m and 5 m both readable; vmin below the shown threshold so the
            // shallowest shown water is already a visible blue.
            log_scale: true,
            vmin: Some(shown as f64 * 0.3),
            hide_below: Some(shown as f64),
            title: Some(format!(
                "Flood depth at the end of the run (deeper than {shown} m)"
            )),
            ..MapStyle::for_field("flood.depth")
        },
        &[],
    )?;
    draw(
        "max_speed",
        &wet_only(field("flood.max_speed"), 1.0),
        MapStyle {
            alpha: 0.85,
            vmin: Some(0.0),
            ..MapStyle::for_field("flood.max_speed")
        },
        &[],
    )?;
    // Arrival time in minutes; never-reached cells are NaN and stay plain hillshade.
    let arr = field("flood.arrival_time").map(|&t| t / 60.0);
    let mut overlays = Vec::new();
    let mut iso_note = String::new();
    if isochrone_step_s > 0.0 {
        let step_min = isochrone_step_s / 60.0;
        let max_t = arr
            .data
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0f32, f32::max) as f64;
        let levels: Vec<f64> = (1..)
            .map(|k| k as f64 * step_min)
            .take_while(|&l| l < max_t)
            .take(200)
            .collect();
        let segs = hazsim_grid::contour::contour_lines(&arr, &levels, 4.0 * terrain.cell_size());
        if !segs.is_empty() {
            overlays.push(Overlay::lines(segs).with_width(1));
            iso_note = format!(", isochrones every {step_min} min");
        }
    }
    draw(
        "arrival_time",
        &arr,
        MapStyle {
            alpha: 0.85,
            vmin: Some(0.0),
            units: "min".into(),
            title: Some(format!("Flood arrival time (depth >= {shown} m{iso_note})")),
            ..MapStyle::for_field("flood.arrival_time")
        },
        &overlays,
    )?;
    draw(
        "duration",
        &wet_only(field("flood.duration"), 1.0 / 60.0),
        MapStyle {
            alpha: 0.85,
            vmin: Some(0.0),
            units: "min".into(),
            title: Some(format!(
                "Flood duration above the wet threshold (cells that reached {shown} m)"
            )),
            ..MapStyle::for_field("flood.duration")
        },
        &[],
    )?;
    let hr = field("flood.hazard_rating");
    let cls = hr.like(ndarray::Array2::from_shape_fn(
        hr.shape(),
        |ix| match hazard_class_code(hr.data[ix], md.data[ix] >= shown) {
            0 => f32::NAN,
            k => k as f32,
        },
    ));
    draw(
        "hazard_rating",
        &cls,
        MapStyle {
            colormap: Colormap::MagmaR,
            alpha: 0.85,
            classes: Some(
                HazardClass::ALL
                    .iter()
                    .map(|c| (c.code() as f64, c.label().to_string()))
                    .collect(),
            ),
            units: String::new(),
            title: Some("Flood hazard rating d(v+0.5)+DF, Defra/EA FD2320 classes".into()),
            ..MapStyle::for_field("flood.hazard_rating")
        },
        &[],
    )?;
    Ok(files)
}

pub fn run(a: Args) -> Result {
    let duration = parse_time("--duration", &a.duration)?;
    if duration <= 0.0 {
        return Err(format!("--duration {}: must be > 0, e.g. 2h or 7200", a.duration).into());
    }
    let output_interval = parse_time("--output-interval", &a.output_interval)?;
    if output_interval <= 0.0 {
        return Err(format!(
            "--output-interval {}: must be > 0, e.g. 5min",
            a.output_interval
        )
        .into());
    }
    let isochrones = parse_time("--isochrones", &a.isochrones)?;
    if !(a.manning > 0.0 && a.manning.is_finite()) {
        return Err(format!(
            "--manning {}: Manning's n must be > 0 (s/m^(1/3)), e.g. 0.035 for pasture",
            a.manning
        )
        .into());
    }
    let boundaries = parse_boundaries(&a.boundary)?;
    let mut bar = Bar::new(STEPS + 1, a.quiet);
    bar.step("reading DEM");
    let (terrain, walls) = if a.nodata_walls {
        let dem = super::read_f32(&a.dem)?;
        let (walled, mask) = hazsim_flood::walls::nodata_as_walls(&dem)?;
        let name = a.dem.display().to_string();
        (hazsim_grid::Terrain::named(walled, &name)?, Some(mask))
    } else {
        let t = read_terrain(&a.dem, a.fill_nodata).map_err(|e| -> super::Error {
            let m = e.to_string();
            if m.contains("NaN/nodata") {
                format!("{m}; or pass --fill-nodata to fill them, or --nodata-walls to treat them as walls").into()
            } else {
                e
            }
        })?;
        (t, None)
    };
    bar.done_step();

    let (rain, rain_json) = if let Some(mmh) = a.rain_mmh {
        (
            Rain::Uniform(vec![(0.0, mmh)]),
            serde_json::json!({"kind": "uniform", "mm_per_h": mmh, "depth_mm": mmh * duration / 3600.0}),
        )
    } else if let Some(p) = &a.rain {
        let s = read_series(p, "rain CSV")?;
        let depth: f64 = s
            .iter()
            .enumerate()
            .map(|(i, &(t, v))| {
                let t1 = s.get(i + 1).map_or(duration, |n| n.0).min(duration);
                v * (t1 - t).max(0.0) / 3600.0
            })
            .sum();
        (
            Rain::Uniform(s),
            serde_json::json!({"kind": "hyetograph", "csv": p.display().to_string(), "depth_mm": depth}),
        )
    } else if let Some(spec) = &a.design_storm {
        let formula = parse_storm_formula(spec)?;
        let storm = ChicagoStorm {
            formula,
            return_period: a.return_period,
            peak_ratio: a.peak,
            duration: parse_time("--storm-duration", &a.storm_duration)?,
            time_step: parse_time("--storm-step", &a.storm_step)?,
        };
        let json = design_storm_json(&storm)?;
        (storm.rain()?, json)
    } else {
        (Rain::None, serde_json::json!({"kind": "none"}))
    };
    let inflows = a
        .inflow
        .iter()
        .map(|s| parse_inflow(s, terrain.dem()))
        .collect::<Result<Vec<_>>>()?;
    let line_inflows = a
        .inflow_line
        .iter()
        .map(|s| parse_inflow_line(s))
        .collect::<Result<Vec<_>>>()?;
    let infiltration = a
        .infiltration
        .as_deref()
        .map(|s| parse_infiltration(s, a.initial_saturation))
        .transpose()?;
    let reservoir = match (&a.reservoir, a.reservoir_level) {
        (Some(p), Some(level)) => Some(Reservoir {
            region: read_polygon(p, "--reservoir")?,
            level,
        }),
        _ => None,
    };
    let breach = match (&a.breach, a.breach_level) {
        (Some(p), Some(final_level)) => Some(Breach {
            region: read_polygon(p, "--breach")?,
            final_level,
            start: parse_time("--breach-start", &a.breach_start)?,
            formation_time: parse_time("--breach-time", &a.breach_time)?,
        }),
        _ => None,
    };
    let inputs = serde_json::json!({
        "dem": a.dem.display().to_string(),
        "infiltration": a.infiltration.as_ref().map(|s| serde_json::json!({"spec": s, "initial_saturation": a.initial_saturation})),
        "reservoir": a.reservoir.as_ref().map(|p| serde_json::json!({"polygon": p.display().to_string(), "level_m": a.reservoir_level})),
        "breach": a.breach.as_ref().map(|p| serde_json::json!({"polygon": p.display().to_string(), "final_level_m": a.breach_level, "start": a.breach_start, "formation_time": a.breach_time})),
        "duration_s": duration,
        "rain": rain_json,
        "inflows": inflows.iter().map(|p| serde_json::json!({"x": p.x, "y": p.y, "hydrograph_t_s_q_m3s": p.hydrograph})).collect::<Vec<_>>(),
        "line_inflows": line_inflows.iter().map(|l| serde_json::json!({"line": l.line, "hydrograph_t_s_q_m3s": l.hydrograph})).collect::<Vec<_>>(),
        "manning_n": a.manning,
        "boundary": a.boundary,
        "alpha": a.alpha, "theta": a.theta, "wet_threshold_m": a.wet_threshold,
        "fill_nodata": a.fill_nodata,
        "nodata_walls": a.nodata_walls,
        "max_froude": a.max_froude,
    });
    let cfg = FloodConfig {
        duration,
        alpha: a.alpha,
        theta: a.theta,
        manning: hazsim_grid::Field::Uniform(a.manning),
        wet_threshold: a.wet_threshold,
        output_interval: Some(output_interval),
        snapshots: a.snapshots.clone(),
        boundaries,
        rain,
        inflows,
        line_inflows,
        infiltration,
        reservoir,
        breach,
        walls,
        max_froude: a.max_froude,
        ..FloodConfig::default()
    };
    let s = run_and_write(&terrain, cfg, inputs, &a.out, isochrones, &mut bar)?;
    bar.finish();
    if !a.quiet {
        let mb = &s.json["mass_balance_m3"];
        println!(
            "max depth {:.2} m, max speed {:.2} m/s, flooded area {:.3} km², {} steps in {:.1} s",
            s.max_depth,
            s.max_speed,
            s.flooded_area_m2 / 1e6,
            s.steps,
            s.wall_s
        );
        println!(
            "mass balance: rain {:.0} m³ + inflow {:.0} m³ - infiltration {:.0} m³ - outflow {:.0} m³ = storage change; relative error {:.2e}",
            mb["rain"].as_f64().unwrap_or(0.0),
            mb["inflow"].as_f64().unwrap_or(0.0),
            mb["infiltration"].as_f64().unwrap_or(0.0),
            mb["outflow"].as_f64().unwrap_or(0.0),
            s.mass_error
        );
        for f in &s.files {
            println!("{}", f.display());
        }
    }
    Ok(())
}

/// The design storm's inputs and depth for summary.json.
pub fn design_storm_json(storm: &ChicagoStorm) -> Result<serde_json::Value> {
    let h = storm.hyetograph()?;
    let peak = h.iter().map(|p| p.1).fold(0.0f64, f64::max);
    let f = storm.formula;
    Ok(serde_json::json!({
        "kind": "chicago_design_storm",
        "formula": "i = A(1 + C lg P)/(t + b)^n, i mm/min, t min, P years",
        "A": f.a, "C": f.c, "b": f.b, "n": f.n,
        "return_period_years": storm.return_period,
        "peak_ratio": storm.peak_ratio,
        "storm_duration_s": storm.duration,
        "time_step_s": storm.time_step,
        "depth_mm": storm.total_depth_mm()?,
        "peak_block_mm_per_h": peak,
        "hyetograph_t_s_mm_h": h,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_with_units() {
        assert_eq!(parse_time("--d", "7200").unwrap(), 7200.0);
        assert_eq!(parse_time("--d", "2h").unwrap(), 7200.0);
        assert_eq!(parse_time("--d", "90min").unwrap(), 5400.0);
        assert_eq!(parse_time("--d", "1.5 m").unwrap(), 90.0);
        assert_eq!(parse_time("--d", "30s").unwrap(), 30.0);
        for bad in ["-5", "2y", "abc", "", "inf"] {
            assert!(parse_time("--d", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn boundaries_parse() {
        let free = Boundary::FreeOutflow { slope: None };
        assert_eq!(
            parse_boundaries("free").unwrap(),
            Boundaries::all(free.clone())
        );
        assert_eq!(parse_boundaries("closed").unwrap(), Boundaries::default());
        let b = parse_boundaries("north=closed,west=level:120,south=free:0.01").unwrap();
        assert_eq!(b.north, Boundary::Closed);
        assert_eq!(b.east, free);
        assert_eq!(b.south, Boundary::FreeOutflow { slope: Some(0.01) });
        assert_eq!(b.west, Boundary::FixedLevel(120.0));
        let b = parse_boundaries("east=critical,west=closed").unwrap();
        assert_eq!(b.east, Boundary::CriticalOutflow);
        assert_eq!(
            parse_boundaries("critical").unwrap().north,
            Boundary::CriticalOutflow
        );
        for bad in [
            "wall",
            "north=wall",
            "up=free",
            "level",
            "north",
            "critical:2",
        ] {
            assert!(parse_boundaries(bad).is_err(), "{bad}");
        }
    }
}
