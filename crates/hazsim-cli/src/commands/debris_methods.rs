//! `hazsim debris stability|release|laharz|staley`: the terrain methods of hazsim-debris
//! (slope stability, release-area detection, LAHARZ inundation, Staley M1 post-fire
//! likelihood), each writing GeoTIFFs, PNG maps over a hillshade and summary.json.

use super::{ensure_dir, field_arg, read_f32, read_terrain, Result};
use crate::progress::Bar;
use hazsim_debris::{
    BurnSeverity, Catchments, LaharzCoefficients, LaharzParams, RainDuration, SlopeAreaRule,
    SoilParams, StaleyParams, M1,
};
use hazsim_grid::{FlowRouting, Raster, Terrain};
use hazsim_io::map::{render_map_png, Colormap, MapStyle, Overlay};
use std::path::{Path, PathBuf};

/// SINMAP class codes and names (hazsim_debris::StabilityClass).
pub const STABILITY_CLASSES: [(u8, &str); 6] = [
    (1, "stable"),
    (2, "moderately stable"),
    (3, "quasi-stable"),
    (4, "lower threshold"),
    (5, "upper threshold"),
    (6, "defended"),
];

/// SHALSTAB class codes and names (hazsim_debris::ShalstabClass).
pub const SHALSTAB_CLASSES: [(u8, &str); 3] = [
    (1, "unconditionally stable"),
    (2, "conditional"),
    (3, "unconditionally unstable"),
];

/// m/s → mm/day.
const MS_TO_MM_DAY: f64 = 8.64e7;

/// The four debris terrain methods.
#[derive(clap::Subcommand, Debug)]
pub enum DebrisMethod {
    Stability(StabilityArgs),
    Release(ReleaseArgs),
    Laharz(LaharzArgs),
    Staley(StaleyArgs),
}

/// Run one debris terrain method.
pub fn run(m: DebrisMethod) -> Result {
    match m {
        DebrisMethod::Stability(a) => run_stability(a),
        DebrisMethod::Release(a) => run_release(a),
        DebrisMethod::Laharz(a) => run_laharz(a),
        DebrisMethod::Staley(a) => run_staley(a),
    }
}

/// Arguments every method shares.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// Elevation raster in a projected CRS (metres).
    #[arg(long)]
    pub dem: PathBuf,
    #[command(flatten)]
    pub output: super::OutArgs,
}

/// `d8` or `mfd`.
pub fn routing_arg(s: &str, exponent: f64) -> Result<FlowRouting> {
    match s.to_ascii_lowercase().as_str() {
        "d8" => Ok(FlowRouting::D8),
        "mfd" => Ok(FlowRouting::Mfd { exponent }),
        _ => Err(format!(
            "--routing {s:?}: expected d8 (steepest neighbour) or mfd (Holmgren 1994, with \
             --mfd-exponent)"
        )
        .into()),
    }
}

/// `X,Y` in the DEM's CRS.
pub fn parse_xy(flag: &str, s: &str) -> Result<(f64, f64)> {
    let v: Vec<&str> = s.split(',').map(str::trim).collect();
    let bad = || format!("{flag} {s:?}: expected X,Y in the DEM's CRS, e.g. {flag} 512300,4023150");
    if v.len() != 2 {
        return Err(bad().into());
    }
    let x = v[0].parse::<f64>().map_err(|_| bad())?;
    let y = v[1].parse::<f64>().map_err(|_| bad())?;
    Ok((x, y))
}

/// The cell of a world point, or an error naming it and the DEM's extent.
fn cell_of(dem: &Raster<f32>, flag: &str, p: (f64, f64)) -> Result<(usize, usize)> {
    dem.cell_index(p.0, p.1).ok_or_else(|| {
        let b = dem.bounds();
        format!(
            "{flag} {},{} lies outside the DEM (x {}..{}, y {}..{}); give a point in the DEM's \
             CRS inside its extent",
            p.0, p.1, b.x_min, b.x_max, b.y_min, b.y_max
        )
        .into()
    })
}

fn style(cmap: Colormap, title: &str, units: &str) -> MapStyle {
    MapStyle {
        colormap: cmap,
        title: Some(title.to_string()),
        units: units.to_string(),
        ..MapStyle::default()
    }
}

fn classes_style(title: &str, classes: &[(u8, &str)]) -> MapStyle {
    MapStyle {
        classes: Some(
            classes
                .iter()
                .map(|(k, n)| (*k as f64, format!("{k} {n}")))
                .collect(),
        ),
        alpha: 0.75,
        ..style(Colormap::Categorical, title, "")
    }
}

/// Writes GeoTIFFs and PNG maps into one directory and remembers the files.
struct Writer<'a> {
    out: &'a Path,
    hillshade: Raster<f32>,
    files: Vec<PathBuf>,
}

impl<'a> Writer<'a> {
    fn new(t: &Terrain, out: &'a Path) -> Result<Self> {
        ensure_dir(out)?;
        Ok(Writer {
            out,
            hillshade: t.hillshade(315.0, 45.0, 1.0)?,
            files: Vec::new(),
        })
    }

    fn tif<T: hazsim_io::geotiff::GeoTiffSample>(&mut self, name: &str, r: &Raster<T>) -> Result {
        let p = self.out.join(format!("{name}.tif"));
        hazsim_io::write_raster(r, &p)?;
        self.files.push(p);
        Ok(())
    }

    fn png(
        &mut self,
        name: &str,
        r: &Raster<f32>,
        style: &MapStyle,
        overlays: &[Overlay],
    ) -> Result {
        let p = self.out.join(format!("{name}.png"));
        render_map_png(r, Some(&self.hillshade), style, overlays, &p)?;
        self.files.push(p);
        Ok(())
    }

    fn json(&mut self, v: &serde_json::Value) -> Result {
        let p = super::write_summary(self.out, v)?;
        self.files.push(p);
        Ok(())
    }

    fn print(&self, quiet: bool) {
        if !quiet {
            for f in &self.files {
                println!("{}", f.display());
            }
        }
    }
}

fn fraction<T: Copy>(r: &Raster<T>, pred: impl Fn(T) -> bool) -> f64 {
    r.data.iter().filter(|&&v| pred(v)).count() as f64 / r.data.len().max(1) as f64
}

// ---------------------------------------------------------------------------------------------
// stability
// ---------------------------------------------------------------------------------------------

/// Shallow-landslide stability: factor of safety, wetness, classes, critical rainfall.
///
/// Infinite slope with steady-state wetness: SINMAP factor of safety, TOPMODEL wetness, SINMAP
/// classes and SHALSTAB critical rainfall.
///
/// FS = [C + cos θ (1 − w·ρw/ρs) tan φ] / sin θ with C = (Cr + Cs)/(h ρs g) and
/// w = min(R a / (T sin θ), 1) (Pack, Tarboton & Goodwin 1998; Montgomery & Dietrich 1994).
/// Soil parameters take a number or the path of a GeoTIFF on the DEM's grid.
///
/// Outputs in DIR: factor_of_safety.tif/.png (–), wetness.tif/.png (0–1),
/// critical_rainfall.tif (m/s; +inf never fails, NaN fails even dry) and .png (mm/day),
/// stability_class.tif/.png (SINMAP 1 stable .. 6 defended), shalstab_class.tif/.png
/// (1 unconditionally stable, 2 conditional, 3 unconditionally unstable), summary.json.
#[derive(clap::Args, Debug)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  hazsim debris stability --dem scenarios/data/jacksboro_utm16n.tif --out out/stability\n  hazsim debris stability --dem dem.tif --soil-depth depth.tif --cohesion 2000 --root-cohesion 5000 --friction-angle 33 --recharge-mm-day 80 --routing mfd --out out/stab"
)]
pub struct StabilityArgs {
    #[command(flatten)]
    pub common: Common,
    /// Soil thickness perpendicular to the slope h (m, > 0): a number or a raster path.
    #[arg(long, default_value = "1.0", value_name = "M|TIF")]
    pub soil_depth: String,
    /// Soil cohesion Cs (Pa, ≥ 0): a number or a raster path.
    #[arg(long, default_value = "0", value_name = "PA|TIF")]
    pub cohesion: String,
    /// Root cohesion Cr (Pa, ≥ 0; 1e3–2e4 under forest): a number or a raster path.
    #[arg(long, default_value = "0", value_name = "PA|TIF")]
    pub root_cohesion: String,
    /// Internal friction angle φ (degrees, in (0, 90)): a number or a raster path.
    #[arg(long, default_value = "35", value_name = "DEG|TIF")]
    pub friction_angle: String,
    /// Wet soil density ρs (kg/m³, > 0): a number or a raster path.
    #[arg(long, default_value = "2000", value_name = "KG_M3|TIF")]
    pub soil_density: String,
    /// Soil transmissivity T (m²/s, > 0): a number or a raster path.
    #[arg(long, default_value = "1e-4", value_name = "M2_S|TIF")]
    pub transmissivity: String,
    /// Steady recharge R in mm/day (≥ 0).
    #[arg(long, default_value_t = 50.0, value_name = "MM_DAY")]
    pub recharge_mm_day: f64,
    /// Flow routing of the specific catchment area: d8 or mfd.
    #[arg(long, default_value = "d8")]
    pub routing: String,
    /// Holmgren exponent for --routing mfd.
    #[arg(long, default_value_t = 1.1, value_name = "X")]
    pub mfd_exponent: f64,
}

fn soil_params(a: &StabilityArgs) -> Result<SoilParams> {
    Ok(SoilParams {
        soil_depth: field_arg("--soil-depth", &a.soil_depth)?,
        soil_cohesion: field_arg("--cohesion", &a.cohesion)?,
        root_cohesion: field_arg("--root-cohesion", &a.root_cohesion)?,
        friction_angle: field_arg("--friction-angle", &a.friction_angle)?,
        soil_density: field_arg("--soil-density", &a.soil_density)?,
        transmissivity: field_arg("--transmissivity", &a.transmissivity)?,
        water_density: 1000.0,
        routing: routing_arg(&a.routing, a.mfd_exponent)?,
    })
}

pub fn run_stability(a: StabilityArgs) -> Result {
    let bar = Bar::new(4, a.common.output.quiet);
    bar.step("reading inputs");
    let t = read_terrain(&a.common.dem, a.common.output.fill_nodata)?;
    let params = soil_params(&a)?;
    bar.done_step();
    bar.step("stability");
    let s = hazsim_debris::infinite_slope(&t, &params, a.recharge_mm_day / MS_TO_MM_DAY)?;
    bar.done_step();
    bar.step("writing");
    let mut w = Writer::new(&t, &a.common.output.out)?;
    w.tif("factor_of_safety", &s.factor_of_safety)?;
    w.png(
        "factor_of_safety",
        &s.factor_of_safety.map(|&v| v.min(3.0)),
        &MapStyle {
            vmin: Some(0.0),
            vmax: Some(3.0),
            ..style(
                Colormap::RdBu,
                "Factor of safety (SINMAP, capped at 3)",
                "–",
            )
        },
        &[],
    )?;
    w.tif("wetness", &s.wetness)?;
    w.png(
        "wetness",
        &s.wetness,
        &MapStyle {
            vmin: Some(0.0),
            vmax: Some(1.0),
            ..style(Colormap::Blues, "Relative wetness (steady state)", "–")
        },
        &[],
    )?;
    w.tif("critical_rainfall", &s.critical_rainfall)?;
    let qc_mm = s
        .critical_rainfall
        .map(|&v| (v as f64 * MS_TO_MM_DAY) as f32);
    w.png(
        "critical_rainfall",
        &qc_mm.map(|&v| if v.is_finite() { v } else { f32::NAN }),
        &MapStyle {
            log_scale: true,
            ..style(
                Colormap::MagmaR,
                "SHALSTAB critical steady rainfall (finite cells)",
                "mm/day",
            )
        },
        &[],
    )?;
    w.tif("stability_class", &s.class)?;
    w.png(
        "stability_class",
        &s.class.map(|&v| v as f32),
        &classes_style("SINMAP stability class", &STABILITY_CLASSES),
        &[],
    )?;
    w.tif("shalstab_class", &s.shalstab_class)?;
    w.png(
        "shalstab_class",
        &s.shalstab_class.map(|&v| v as f32),
        &classes_style("SHALSTAB class", &SHALSTAB_CLASSES),
        &[],
    )?;
    bar.done_step();
    let classes: serde_json::Map<String, serde_json::Value> = STABILITY_CLASSES
        .iter()
        .map(|(k, n)| (n.to_string(), fraction(&s.class, |v| v == *k).into()))
        .collect();
    let shal: serde_json::Map<String, serde_json::Value> = SHALSTAB_CLASSES
        .iter()
        .map(|(k, n)| {
            (
                n.to_string(),
                fraction(&s.shalstab_class, |v| v == *k).into(),
            )
        })
        .collect();
    let fs = s.factor_of_safety.statistics();
    w.json(&serde_json::json!({
        "method": "infinite slope: SINMAP factor of safety (Pack et al. 1998), SHALSTAB critical rainfall (Montgomery & Dietrich 1994)",
        "inputs": {
            "dem": a.common.dem.display().to_string(),
            "soil_depth_m": a.soil_depth, "cohesion_pa": a.cohesion,
            "root_cohesion_pa": a.root_cohesion, "friction_angle_deg": a.friction_angle,
            "soil_density_kg_m3": a.soil_density, "transmissivity_m2_s": a.transmissivity,
            "recharge_mm_day": a.recharge_mm_day, "routing": a.routing,
        },
        "cells": s.class.data.len(),
        "cell_area_m2": t.cell_size().powi(2),
        "fraction_fs_below_1": fraction(&s.factor_of_safety, |v| v < 1.0),
        "factor_of_safety_min": fs.map(|s| s.min),
        "stability_class_fractions": classes,
        "shalstab_class_fractions": shal,
    }))?;
    bar.finish();
    w.print(a.common.output.quiet);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// release
// ---------------------------------------------------------------------------------------------

/// Debris-flow release (source) areas from terrain: a 0/1 mask.
///
/// slope-area: Flow-R's rule (Horton et al. 2013): slope β in [--min-slope, --max-slope] and
/// tan β ≥ k · S_UCA^(−e), with the upslope area S_UCA in km² (default k = 0.31, e = 0.15,
/// the "extreme event" curve). stability: cells whose factor of safety (see `hazsim debris
/// stability`, same soil flags) is below --max-fs.
///
/// Outputs in DIR: release.tif (uint8, 1 = release), release.png, summary.json.
#[derive(clap::Args, Debug)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  hazsim debris release --dem scenarios/data/jacksboro_utm16n.tif --out out/release\n  hazsim debris release --dem dem.tif --method stability --friction-angle 32 --recharge-mm-day 100 --out out/rel"
)]
pub struct ReleaseArgs {
    #[command(flatten)]
    pub stability: StabilityArgs,
    /// slope-area (Flow-R rule) or stability (factor of safety below --max-fs).
    #[arg(long, default_value = "slope-area")]
    pub method: String,
    /// Lowest slope that can release (degrees, in [0, 90)).
    #[arg(long, default_value_t = 15.0, value_name = "DEG")]
    pub min_slope: f64,
    /// Steepest slope that can release (degrees, ≤ 90).
    #[arg(long, default_value_t = 90.0, value_name = "DEG")]
    pub max_slope: f64,
    /// k in tan β ≥ k·S_UCA^(−e) (> 0).
    #[arg(long, default_value_t = 0.31, value_name = "K")]
    pub coefficient: f64,
    /// e in tan β ≥ k·S_UCA^(−e) (≥ 0).
    #[arg(long, default_value_t = 0.15, value_name = "E")]
    pub exponent: f64,
    /// Smallest upslope area that can release (m²).
    #[arg(long, default_value_t = 0.0, value_name = "M2")]
    pub min_area: f64,
    /// Factor of safety below which a cell releases (--method stability; > 0).
    #[arg(long, default_value_t = 1.0, value_name = "FS")]
    pub max_fs: f64,
}

pub fn run_release(a: ReleaseArgs) -> Result {
    let c = &a.stability.common;
    let bar = Bar::new(3, c.output.quiet);
    bar.step("reading inputs");
    let t = read_terrain(&c.dem, c.output.fill_nodata)?;
    bar.done_step();
    bar.step("release areas");
    let method = a.method.to_ascii_lowercase().replace('_', "-");
    let mask = match method.as_str() {
        "slope-area" => {
            let rule = SlopeAreaRule {
                min_slope: a.min_slope,
                max_slope: a.max_slope,
                coefficient: a.coefficient,
                exponent: a.exponent,
                min_area: a.min_area,
                routing: routing_arg(&a.stability.routing, a.stability.mfd_exponent)?,
            };
            hazsim_debris::release_by_slope_area(&t, &rule)?
        }
        "stability" => {
            let p = soil_params(&a.stability)?;
            let s =
                hazsim_debris::infinite_slope(&t, &p, a.stability.recharge_mm_day / MS_TO_MM_DAY)?;
            hazsim_debris::release_by_stability(&s, a.max_fs)?
        }
        _ => {
            return Err(format!(
                "--method {:?}: expected slope-area (Flow-R slope–area rule) or stability \
                 (factor of safety below --max-fs)",
                a.method
            )
            .into())
        }
    };
    bar.done_step();
    bar.step("writing");
    let mut w = Writer::new(&t, &c.output.out)?;
    w.tif("release", &mask)?;
    w.png(
        "release",
        &mask.map(|&v| if v == 1 { 1.0 } else { f32::NAN }),
        &classes_style(
            &format!("Debris-flow release areas ({method})"),
            &[(1, "release")],
        ),
        &[],
    )?;
    let n = mask.data.iter().filter(|&&v| v == 1).count();
    w.json(&serde_json::json!({
        "method": method,
        "inputs": {
            "dem": c.dem.display().to_string(),
            "min_slope_deg": a.min_slope, "max_slope_deg": a.max_slope,
            "coefficient": a.coefficient, "exponent": a.exponent, "min_area_m2": a.min_area,
            "max_fs": a.max_fs, "routing": a.stability.routing,
        },
        "release_cells": n,
        "release_area_m2": n as f64 * t.cell_size().powi(2),
        "release_fraction": n as f64 / mask.data.len().max(1) as f64,
    }))?;
    bar.done_step();
    bar.finish();
    w.print(c.output.quiet);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// laharz
// ---------------------------------------------------------------------------------------------

/// LAHARZ inundation zone of a flow volume, from volume–area scaling.
///
/// A flow of volume V fills valley cross-sections of area A = a1·V^(2/3) down the D8 path from
/// --point until the planimetric area B = a2·V^(2/3) is covered (Iverson, Schilling & Vallance
/// 1998; Griswold & Iverson 2008).
///
/// --kind: debris-flow (a1, a2) = (0.1, 20), lahar (0.05, 200), rock-avalanche (0.2, 20), or
/// A1,A2. Outputs in DIR: inundation.tif (uint8, 1 = inundated), inundation.png and
/// summary.json (A, B, area reached, path length, reached_b).
#[derive(clap::Args, Debug)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  hazsim debris laharz --dem scenarios/data/jacksboro_utm16n.tif --point 745515,4019805 --volume 1e6 --out out/laharz\n  hazsim debris laharz --dem dem.tif --point 512300,4023150 --volume 2e6 --kind lahar --out out/lahar\n  hazsim debris laharz --dem dem.tif --point 512300,4023150 --volume 5e4 --kind 0.08,25 --out out/custom"
)]
pub struct LaharzArgs {
    #[command(flatten)]
    pub common: Common,
    /// Release point X,Y in the DEM's CRS.
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true)]
    pub point: String,
    /// Flow volume V (m³, > 0).
    #[arg(long, value_name = "M3", allow_hyphen_values = true)]
    pub volume: f64,
    /// Coefficient set: debris-flow, lahar, rock-avalanche, or A1,A2.
    #[arg(long, default_value = "debris-flow")]
    pub kind: String,
}

/// The LAHARZ coefficients of a `--kind`.
pub fn parse_kind(s: &str) -> Result<LaharzCoefficients> {
    match s.to_ascii_lowercase().replace('_', "-").as_str() {
        "debris-flow" => return Ok(LaharzCoefficients::DEBRIS_FLOW),
        "lahar" => return Ok(LaharzCoefficients::LAHAR),
        "rock-avalanche" => return Ok(LaharzCoefficients::ROCK_AVALANCHE),
        _ => {}
    }
    let (a1, a2) = parse_xy("--kind", s).map_err(|_| {
        format!(
            "--kind {s:?}: expected debris-flow (0.1, 20), lahar (0.05, 200), rock-avalanche \
             (0.2, 20) or A1,A2"
        )
    })?;
    Ok(LaharzCoefficients { a1, a2 })
}

pub fn run_laharz(a: LaharzArgs) -> Result {
    let bar = Bar::new(3, a.common.output.quiet);
    bar.step("reading inputs");
    let t = read_terrain(&a.common.dem, a.common.output.fill_nodata)?;
    let p = parse_xy("--point", &a.point)?;
    let cell = cell_of(t.dem(), "--point", p)?;
    let coefficients = parse_kind(&a.kind)?;
    bar.done_step();
    bar.step("laharz");
    let params = LaharzParams {
        volume: a.volume,
        coefficients,
        ..LaharzParams::default()
    };
    let r = hazsim_debris::laharz(&t, cell, &params)?;
    bar.done_step();
    bar.step("writing");
    let mask = r.inundation.map(|&b| b as u8);
    let mut w = Writer::new(&t, &a.common.output.out)?;
    w.tif("inundation", &mask)?;
    let point = Overlay::Points {
        coords: vec![t.dem().cell_center(cell.0, cell.1)],
        color: [220, 30, 30],
        radius_px: 5,
        label: Some("release".into()),
    };
    w.png(
        "inundation",
        &mask.map(|&v| if v == 1 { 1.0 } else { f32::NAN }),
        &classes_style(
            &format!(
                "LAHARZ inundation, V = {:.3e} m3 (a1 = {}, a2 = {})",
                a.volume, coefficients.a1, coefficients.a2
            ),
            &[(1, "inundated")],
        ),
        &[point],
    )?;
    w.json(&serde_json::json!({
        "method": "LAHARZ (Iverson et al. 1998; Griswold & Iverson 2008)",
        "inputs": {
            "dem": a.common.dem.display().to_string(),
            "point": [p.0, p.1], "cell": [cell.0, cell.1], "volume_m3": a.volume,
            "kind": a.kind, "a1": coefficients.a1, "a2": coefficients.a2,
        },
        "cross_section_area_m2": r.cross_section_area,
        "planimetric_target_m2": r.planimetric_target,
        "planimetric_area_m2": r.planimetric_area,
        "inundated_cells": mask.data.iter().filter(|&&v| v == 1).count(),
        "path_length_m": r.path_length,
        "reached_b": r.reached_b,
        "sections": r.sections.len(),
    }))?;
    bar.done_step();
    bar.finish();
    w.print(a.common.output.quiet);
    if !a.common.output.quiet && !r.reached_b {
        eprintln!(
            "hazsim: warning: the flow path left the grid or ended in a pit before B was reached"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// staley
// ---------------------------------------------------------------------------------------------

/// Post-fire debris-flow likelihood and rainfall thresholds (Staley et al. 2017, model M1).
///
/// x = β + C1·T·R + C2·F·R + C3·S·R, P = eˣ/(1 + eˣ).
///
/// T: share of the upslope area burned at moderate/high severity on slopes ≥ 23°; F: mean
/// dNBR/1000; S: mean KF-factor; R: peak rainfall accumulation (mm) within 15, 30 or 60 min.
/// Severity from a dNBR raster (moderate/high ≥ 270) or, as a screening proxy, from a simulated
/// fire's arrival time (burned = finite) with an optional fireline intensity (moderate/high ≥
/// 346 kW/m).
///
/// Outputs in DIR: likelihood.tif/.png and rainfall_threshold.tif/.png (mm, for
/// --probability) on the drainage network (upslope area ≥ --min-area; NaN elsewhere),
/// catchments.csv (with --pour-point or --labels) and summary.json.
#[derive(clap::Args, Debug)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  hazsim debris staley --dem dem.tif --dnbr dnbr.tif --kf 0.25 --rainfall-mm 12 --out out/staley\n  hazsim debris staley --dem dem.tif --arrival-time out/fire/arrival_time.tif --intensity out/fire/fireline_intensity.tif --kf kf.tif --duration-min 30 --rainfall-mm 20 --pour-point 512300,4023150 --out out/postfire"
)]
pub struct StaleyArgs {
    #[command(flatten)]
    pub common: Common,
    /// dNBR raster (×1000 scale).
    #[arg(long, value_name = "TIF")]
    pub dnbr: Option<PathBuf>,
    /// Fire arrival-time raster (finite = burned), instead of --dnbr.
    #[arg(long, value_name = "TIF")]
    pub arrival_time: Option<PathBuf>,
    /// Fireline intensity raster (kW/m), with --arrival-time.
    #[arg(long, value_name = "TIF")]
    pub intensity: Option<PathBuf>,
    /// Soil KF-factor (≥ 0): a number or a raster path.
    #[arg(long, default_value = "0.25", value_name = "KF|TIF")]
    pub kf: String,
    /// Peak rainfall accumulation R within the duration (mm, ≥ 0).
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "MM",
        allow_hyphen_values = true
    )]
    pub rainfall_mm: f64,
    /// Rainfall duration: 15, 30 or 60 minutes.
    #[arg(
        long,
        default_value_t = 15,
        value_name = "MIN",
        allow_hyphen_values = true
    )]
    pub duration_min: i64,
    /// Likelihood of the rainfall threshold, in (0, 1).
    #[arg(
        long,
        default_value_t = 0.5,
        value_name = "P",
        allow_hyphen_values = true
    )]
    pub probability: f64,
    /// Catchment outlet X,Y in the DEM's CRS (repeatable).
    #[arg(long = "pour-point", value_name = "X,Y")]
    pub pour_points: Vec<String>,
    /// Catchment label raster instead of pour points (0 = none).
    #[arg(long, value_name = "TIF")]
    pub labels: Option<PathBuf>,
    /// Upslope area from which a cell counts as channel in the maps (m²).
    #[arg(long, default_value_t = 2e4, value_name = "M2")]
    pub min_area: f64,
}

pub fn run_staley(a: StaleyArgs) -> Result {
    let bar = Bar::new(3, a.common.output.quiet);
    bar.step("reading inputs");
    let t = read_terrain(&a.common.dem, a.common.output.fill_nodata)?;
    let minutes = u32::try_from(a.duration_min)
        .map_err(|_| format!("--duration-min {}", a.duration_min))
        .and_then(|m| RainDuration::from_minutes(m).map_err(|e| e.to_string()));
    let duration = minutes.map_err(|_| {
        format!(
            "invalid --duration-min {}: expected 15, 30 or 60 minutes (the durations Staley et \
             al. 2017 calibrated M1 for)",
            a.duration_min
        )
    })?;
    let severity = match (&a.dnbr, &a.arrival_time) {
        (Some(d), None) => {
            if a.intensity.is_some() {
                return Err("--intensity goes with --arrival-time, not --dnbr".into());
            }
            BurnSeverity::dnbr(read_f32(d)?)
        }
        (None, Some(at)) => BurnSeverity::fire_arrival(
            read_f32(at)?,
            a.intensity.as_deref().map(read_f32).transpose()?,
        ),
        (Some(_), Some(_)) => {
            return Err("give burn severity once: --dnbr or --arrival-time, not both".into())
        }
        (None, None) => {
            return Err(
                "burn severity missing: give --dnbr DNBR.tif or --arrival-time ARRIVAL.tif".into(),
            )
        }
    };
    let kf = field_arg("--kf", &a.kf)?;
    let catchments =
        match (a.pour_points.is_empty(), &a.labels) {
            (false, Some(_)) => {
                return Err("give catchments once: --pour-point or --labels, not both".into())
            }
            (false, None) => Some(Catchments::PourPoints(
                a.pour_points
                    .iter()
                    .map(|s| cell_of(t.dem(), "--pour-point", parse_xy("--pour-point", s)?))
                    .collect::<Result<_>>()?,
            )),
            (true, Some(l)) => {
                let r = read_f32(l)?;
                if let Some(v) = r.data.iter().find(|&&v| {
                    !(v.is_nan() || r.is_nodata_value(v) || (v >= 0.0 && v.fract() == 0.0))
                }) {
                    return Err(format!(
                        "--labels {}: value {v} is not a catchment label; expected integers ≥ 0",
                        l.display()
                    )
                    .into());
                }
                Some(Catchments::Labels(r.map(|&v| {
                    if v.is_nan() || r.is_nodata_value(v) {
                        0
                    } else {
                        v as u32
                    }
                })))
            }
            (true, None) => None,
        };
    let params = StaleyParams {
        model: M1::for_duration(duration),
        rainfall: a.rainfall_mm,
        probability: a.probability,
    };
    bar.done_step();
    bar.step("M1 likelihood");
    let table = match &catchments {
        Some(c) => hazsim_debris::staley_m1(&t, &severity, &kf, c, &params)?,
        None => Vec::new(),
    };
    let map = hazsim_debris::staley_m1_map(&t, &severity, &kf, &params, a.min_area)?;
    bar.done_step();
    bar.step("writing");
    let mut w = Writer::new(&t, &a.common.output.out)?;
    w.tif("likelihood", &map.likelihood)?;
    w.png(
        "likelihood",
        &map.likelihood,
        &MapStyle {
            vmin: Some(0.0),
            vmax: Some(1.0),
            alpha: 0.9,
            ..style(
                Colormap::Magma,
                &format!(
                    "Post-fire debris-flow likelihood (M1, {} mm in {} min)",
                    a.rainfall_mm, a.duration_min
                ),
                "P",
            )
        },
        &[],
    )?;
    w.tif("rainfall_threshold", &map.rainfall_threshold)?;
    w.png(
        "rainfall_threshold",
        &map.rainfall_threshold,
        &MapStyle {
            alpha: 0.9,
            ..style(
                Colormap::MagmaR,
                &format!(
                    "Rainfall threshold for P = {} ({} min)",
                    a.probability, a.duration_min
                ),
                "mm",
            )
        },
        &[],
    )?;
    if !table.is_empty() {
        let p = a.common.output.out.join("catchments.csv");
        let mut s = String::from(
            "label,cells,area_m2,terrain_T,fire_F,soil_S,likelihood,rainfall_threshold_mm\n",
        );
        for c in &table {
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                c.label,
                c.cells,
                c.area,
                c.terrain,
                c.fire,
                c.soil,
                c.likelihood,
                c.rainfall_threshold
            ));
        }
        std::fs::write(&p, s).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        w.files.push(p);
    }
    let num = |v: f64| if v.is_finite() { Some(v) } else { None };
    let rows: Vec<serde_json::Value> = table
        .iter()
        .map(|c| {
            serde_json::json!({
                "label": c.label, "cells": c.cells, "area_m2": c.area, "terrain_T": c.terrain,
                "fire_F": c.fire, "soil_S": c.soil, "likelihood": c.likelihood,
                "rainfall_threshold_mm": num(c.rainfall_threshold),
            })
        })
        .collect();
    let l = map.likelihood.statistics();
    w.json(&serde_json::json!({
        "method": "Staley et al. (2017) M1",
        "inputs": {
            "dem": a.common.dem.display().to_string(),
            "severity": if a.dnbr.is_some() { "dnbr" } else { "fire arrival time" },
            "kf": a.kf, "rainfall_mm": a.rainfall_mm, "duration_min": a.duration_min,
            "probability": a.probability, "min_area_m2": a.min_area,
            "pour_points": a.pour_points,
        },
        "coefficients": {"b": params.model.b, "c1": params.model.c1, "c2": params.model.c2, "c3": params.model.c3},
        "network_cells": l.map(|s| s.valid).unwrap_or(0),
        "network_likelihood_max": l.map(|s| s.max),
        "catchments": rows,
    }))?;
    bar.done_step();
    bar.finish();
    w.print(a.common.output.quiet);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_points_parse() {
        assert_eq!(parse_kind("lahar").unwrap(), LaharzCoefficients::LAHAR);
        assert_eq!(
            parse_kind("0.08,25").unwrap(),
            LaharzCoefficients { a1: 0.08, a2: 25.0 }
        );
        assert!(parse_kind("mud").unwrap_err().to_string().contains("lahar"));
        assert_eq!(parse_xy("--point", "1.5, -2").unwrap(), (1.5, -2.0));
        assert!(parse_xy("--point", "1").is_err());
        assert_eq!(
            field_arg("--kf", "0.3").unwrap(),
            hazsim_grid::Field::Uniform(0.3)
        );
        assert!(field_arg("--kf", "no/such.tif")
            .unwrap_err()
            .to_string()
            .contains("neither a number"));
    }
}
