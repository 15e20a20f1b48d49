//! `hazsim crown`: crown fire potential over a DEM, cell by cell (Scott & Reinhardt 2001, as
//! BehavePlus and FlamMap compute it): the fire type a surface fire would become under the given
//! weather, its spread rate, intensity and flame length, and the crowning index.

use super::field_arg;
use super::fire::{parse_fuel, parse_moisture};
use super::{ensure_dir, read_terrain, Result};
use hazsim_fire::crown::{crown_fire, Canopy, CrownFireType, CrownInputs};
use hazsim_fire::spread::Fuels;
use hazsim_fire::wind_adjustment::{wind_adjustment_factor, Canopy as Shelter};
use hazsim_fire::{FuelModel, SpreadOptions};
use hazsim_grid::Field;
use hazsim_grid::Raster;
use hazsim_io::map::{render_map_png, Colormap, MapStyle};
use ndarray::Array2;
use rayon::prelude::*;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Units: SI. Wind speed in m/s 20 ft (6.1 m) above the vegetation, the direction it comes FROM in
degrees clockwise from north; canopy base height and stand height in m, canopy bulk density in
kg/m3, canopy cover and moistures as fractions (foliar moisture 1.0 = 100 %).

Every canopy input is a number or a raster on the DEM's grid; cells where a canopy raster holds
NaN or its nodata value are left out (NaN in every output), like non-burnable fuel. Under the canopy the midflame wind
is the 20-ft wind times BehavePlus's wind adjustment factor: sheltered when the crown fill
(cover x crown ratio / 3) exceeds 5 % (Albini & Baughman 1979), otherwise from the fuel depth.
Slope and aspect come from the DEM.

Method (Scott & Reinhardt 2001): crowns ignite when the surface fire's intensity reaches Van
Wagner's (1977) critical intensity (transition ratio >= 1); a crown fire is active when
Rothermel's (1991) crown spread rate reaches 3.0/CBD m/min (active ratio >= 1). Fire types:
0 surface, 1 torching (passive crown fire), 2 conditional crown fire (the canopy could carry a
crown fire the surface fire cannot start), 3 crowning (active).

Outputs in DIR: crown_fire_type.tif (codes above; NaN where nothing burns) and .png over the
hillshade; crown_ros.tif (m/s), crown_fireline_intensity.tif (kW/m), crown_flame_length.tif (m),
transition_ratio.tif, active_ratio.tif, crowning_index.tif (the 20-ft wind in m/s at which
active crowning starts) and .png; summary.json (cells and hectares of each fire type).

Example:
  hazsim crown --dem dem.tif --fuel 165 --wind 10 --wind-dir 225 \\
      --canopy-base-height 2 --canopy-bulk-density 0.12 --canopy-height 20 --out out/crown";

/// Crown fire potential over a DEM: for every cell, whether a surface fire would torch or
/// crown under the given wind and moistures (Scott & Reinhardt 2001), with its spread rate,
/// intensity and flame length and the crowning index; writes GeoTIFFs, PNG maps and
/// summary.json.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// DEM (projected CRS in metres).
    #[arg(long)]
    pub dem: PathBuf,
    /// Surface fuel: a standard model's name or code everywhere (TU5 or 165, GR2 or 102) or a
    /// raster of codes on the DEM's grid.
    #[arg(long, value_name = "MODEL|RASTER")]
    pub fuel: String,
    /// Wind speed 20 ft above the vegetation (m/s).
    #[arg(long, value_name = "M/S")]
    pub wind: f64,
    /// Direction the wind comes from (degrees clockwise from north).
    #[arg(long, value_name = "DEG")]
    pub wind_dir: f64,
    /// Surface fuel moistures 1h,10h,100h,live herb,live woody (fractions).
    #[arg(
        long,
        value_name = "M1,M10,M100,HERB,WOODY",
        default_value = "0.06,0.07,0.08,0.6,0.9",
        allow_hyphen_values = true
    )]
    pub moisture: String,
    /// Canopy base height (m): a number or a raster.
    #[arg(long, value_name = "M|RASTER")]
    pub canopy_base_height: String,
    /// Canopy bulk density (kg/m3): a number or a raster.
    #[arg(long, value_name = "KG/M3|RASTER")]
    pub canopy_bulk_density: String,
    /// Stand height (m): a number or a raster.
    #[arg(long, value_name = "M|RASTER")]
    pub canopy_height: String,
    /// Canopy cover (fraction): a number or a raster.
    #[arg(long, value_name = "FRACTION|RASTER", default_value = "0.5")]
    pub canopy_cover: String,
    /// Foliar moisture (fraction, 1.0 = 100 %): a number or a raster.
    #[arg(long, value_name = "FRACTION|RASTER", default_value = "1.0")]
    pub foliar_moisture: String,
    #[command(flatten)]
    pub output: super::OutArgs,
}

/// Per-cell outputs: fire type, spread rate, intensity, flame length, transition ratio, active
/// ratio, crowning index.
const OUTPUTS: usize = 7;

pub fn run(a: Args) -> Result {
    let terrain = read_terrain(&a.dem, a.output.fill_nodata)?;
    let dem = terrain.dem();
    let (fuels, fuel_json) = parse_fuel(&a.fuel, dem)?;
    let moisture = parse_moisture(&a.moisture)?;
    let mut fields = Vec::new();
    for (flag, spec) in [
        ("--canopy-base-height", &a.canopy_base_height),
        ("--canopy-bulk-density", &a.canopy_bulk_density),
        ("--canopy-height", &a.canopy_height),
        ("--canopy-cover", &a.canopy_cover),
        ("--foliar-moisture", &a.foliar_moisture),
    ] {
        let f = field_arg(flag, spec)?;
        if let Field::Raster(r) = &f {
            dem.check_same_grid(r, "DEM", &format!("{flag} raster"))?;
        }
        fields.push(f);
    }
    if !(a.wind.is_finite() && a.wind >= 0.0) {
        return Err(format!("--wind {}: must be a speed >= 0 in m/s", a.wind).into());
    }
    let slope = terrain.slope();
    let aspect = terrain.aspect();
    let (rows, cols) = dem.shape();
    let models: Vec<(u16, FuelModel)> = match &fuels {
        Fuels::Uniform(m) => vec![(m.code, m.clone())],
        Fuels::Codes { codes, .. } => {
            let mut v: Vec<u16> = codes.data.iter().copied().filter(|&c| c != 0).collect();
            v.sort_unstable();
            v.dedup();
            v.into_iter()
                .map(|c| {
                    Ok((
                        c,
                        FuelModel::standard(c).map_err(|e| format!("--fuel: {e}"))?,
                    ))
                })
                .collect::<Result<_>>()?
        }
    };
    let code_at = |r: usize, c: usize| match &fuels {
        Fuels::Uniform(m) => m.code,
        Fuels::Codes { codes, .. } => codes.data[[r, c]],
    };
    let opts = SpreadOptions::behave();
    // One row per task; the first error (in row order) is reported with its cell.
    let rows_out: Vec<std::result::Result<Vec<[f32; OUTPUTS]>, String>> = (0..rows)
        .into_par_iter()
        .map(|r| {
            (0..cols)
                .map(|c| {
                    let nan = [f32::NAN; OUTPUTS];
                    let Some((_, model)) = models.iter().find(|(k, _)| *k == code_at(r, c)) else {
                        return Ok(nan);
                    };
                    if !model.is_burnable() {
                        return Ok(nan);
                    }
                    let v: [f64; 5] = std::array::from_fn(|k| fields[k].value_at(r, c));
                    // No canopy data here (e.g. outside the forest): left out.
                    if v.iter().any(|x| x.is_nan()) {
                        return Ok(nan);
                    }
                    let canopy = Canopy {
                        base_height: v[0],
                        bulk_density: v[1],
                        height: v[2],
                        foliar_moisture: v[4],
                    };
                    let where_ = |e: hazsim_fire::Error| format!("cell (row {r}, col {c}): {e}");
                    let shelter = Shelter {
                        cover: v[3],
                        height: canopy.height,
                        crown_ratio: if canopy.height > 0.0 {
                            (canopy.height - canopy.base_height) / canopy.height
                        } else {
                            0.0
                        },
                    };
                    let waf =
                        wind_adjustment_factor(model.depth, Some(&shelter)).map_err(where_)?;
                    let f = crown_fire(
                        model,
                        &canopy,
                        &CrownInputs {
                            moisture,
                            wind_20ft: a.wind,
                            waf,
                            wind_direction: a.wind_dir,
                            slope_fraction: (slope.data[[r, c]] as f64).to_radians().tan(),
                            // Flat cells have no aspect (NaN); their slope is 0 anyway.
                            aspect: match aspect.data[[r, c]] as f64 {
                                x if x.is_finite() => x,
                                _ => 0.0,
                            },
                        },
                        &opts,
                    )
                    .map_err(where_)?;
                    Ok([
                        f.fire_type.code() as f32,
                        f.final_ros as f32,
                        f.final_fireline_intensity as f32,
                        f.final_flame_length as f32,
                        f.transition_ratio as f32,
                        f.active_ratio as f32,
                        f.crowning_wind_20ft as f32,
                    ])
                })
                .collect()
        })
        .collect();
    let mut grid = Array2::from_elem((rows, cols), [f32::NAN; OUTPUTS]);
    for (r, row) in rows_out.into_iter().enumerate() {
        for (c, v) in row?.into_iter().enumerate() {
            grid[[r, c]] = v;
        }
    }
    ensure_dir(&a.output.out)?;
    let layer = |k: usize| -> Raster<f32> { dem.like(grid.map(|v| v[k])) };
    let mut files = Vec::new();
    for (k, name) in [
        "crown_fire_type",
        "crown_ros",
        "crown_fireline_intensity",
        "crown_flame_length",
        "transition_ratio",
        "active_ratio",
        "crowning_index",
    ]
    .iter()
    .enumerate()
    {
        let p = a.output.out.join(format!("{name}.tif"));
        hazsim_io::write_raster(&layer(k), &p)?;
        files.push(p);
    }
    let hs = terrain.hillshade(315.0, 45.0, 1.0)?;
    let types = [
        CrownFireType::Surface,
        CrownFireType::Torching,
        CrownFireType::ConditionalCrown,
        CrownFireType::Crowning,
    ];
    let names = ["surface", "torching", "conditional crown fire", "crowning"];
    let p = a.output.out.join("crown_fire_type.png");
    render_map_png(
        &layer(0),
        Some(&hs),
        &MapStyle {
            colormap: Colormap::Categorical,
            alpha: 0.75,
            title: Some(format!(
                "Crown fire type, 20-ft wind {} m/s from {}°",
                a.wind, a.wind_dir
            )),
            classes: Some(
                types
                    .iter()
                    .zip(names)
                    .map(|(t, n)| (t.code() as f64, format!("{} {n}", t.code())))
                    .collect(),
            ),
            ..MapStyle::default()
        },
        &[],
        &p,
    )?;
    files.push(p);
    let p = a.output.out.join("crowning_index.png");
    render_map_png(
        &layer(6),
        Some(&hs),
        &MapStyle {
            colormap: Colormap::Viridis,
            alpha: 0.75,
            title: Some("Crowning index: 20-ft wind for active crown fire".into()),
            units: "m/s".into(),
            ..MapStyle::default()
        },
        &[],
        &p,
    )?;
    files.push(p);
    let cell = dem.cell_size()?;
    let cell_ha = cell * cell / 1e4;
    let mut counts = [0u64; 4];
    for v in grid.iter() {
        if v[0].is_finite() {
            counts[v[0] as usize] += 1;
        }
    }
    let by_type: serde_json::Map<String, serde_json::Value> = names
        .iter()
        .zip(counts)
        .map(|(n, k)| {
            (
                n.to_string(),
                serde_json::json!({"cells": k, "area_ha": k as f64 * cell_ha}),
            )
        })
        .collect();
    let summary = serde_json::json!({
        "method": "Scott & Reinhardt (2001): Van Wagner (1977) initiation, Rothermel (1991) crown spread rate, crown fraction burned",
        "inputs": {
            "dem": a.dem.display().to_string(),
            "fuel": fuel_json,
            "wind_20ft_m_s": a.wind,
            "wind_from_deg": a.wind_dir,
            "moisture": a.moisture,
            "canopy_base_height": a.canopy_base_height,
            "canopy_bulk_density": a.canopy_bulk_density,
            "canopy_height": a.canopy_height,
            "canopy_cover": a.canopy_cover,
            "foliar_moisture": a.foliar_moisture,
        },
        "fire_types": by_type,
        "files": files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    super::write_summary(&a.output.out, &summary)?;
    if !a.output.quiet {
        let parts: Vec<String> = names
            .iter()
            .zip(counts)
            .map(|(n, k)| format!("{n} {:.1} ha", k as f64 * cell_ha))
            .collect();
        println!(
            "crown fire potential: {}; maps in {}",
            parts.join(", "),
            a.output.out.display()
        );
    }
    Ok(())
}
