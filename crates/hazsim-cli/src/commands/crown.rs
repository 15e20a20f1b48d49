//! `hazsim crown`: crown fire potential over a DEM, cell by cell (Scott & Reinhardt 2001, as
//! BehavePlus and FlamMap compute it): the fire type a surface fire would become under the given
//! weather, its spread rate, intensity and flame length, and the crowning index.

use super::field_arg;
use super::fire::{parse_fuel, parse_moisture};
use super::{ensure_dir, read_terrain, Result};
use hazsim_fire::crown::CrownFireType;
use hazsim_fire::crown_map::{crown_map, CanopyFields, CrownMap};
use hazsim_fire::SpreadOptions;
use hazsim_grid::Field;
use hazsim_io::map::{render_map_png, Colormap, MapStyle};
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

pub fn run(a: Args) -> Result {
    let terrain = read_terrain(&a.dem, a.output.fill_nodata)?;
    let dem = terrain.dem();
    let (fuels, fuel_json) = parse_fuel(&a.fuel, dem)?;
    let moisture = parse_moisture(&a.moisture)?;
    let field = |flag: &str, spec: &str| -> Result<Field> {
        let f = field_arg(flag, spec)?;
        if let Field::Raster(r) = &f {
            dem.check_same_grid(r, "DEM", &format!("{flag} raster"))?;
        }
        Ok(f)
    };
    let canopy = CanopyFields {
        base_height: field("--canopy-base-height", &a.canopy_base_height)?,
        bulk_density: field("--canopy-bulk-density", &a.canopy_bulk_density)?,
        height: field("--canopy-height", &a.canopy_height)?,
        cover: field("--canopy-cover", &a.canopy_cover)?,
        foliar_moisture: field("--foliar-moisture", &a.foliar_moisture)?,
    };
    let map = crown_map(
        &terrain,
        &fuels,
        &canopy,
        moisture,
        a.wind,
        a.wind_dir,
        &SpreadOptions::behave(),
    )?;
    ensure_dir(&a.output.out)?;
    let mut files = Vec::new();
    for (info, raster) in CrownMap::FIELDS.iter().zip(map.rasters()) {
        let p = a.output.out.join(format!("{}.tif", info.quantity()));
        hazsim_io::write_raster(raster, &p)?;
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
        &map.fire_type,
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
        &map.crowning_index,
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
    for &v in map.fire_type.data.iter() {
        if v.is_finite() {
            counts[v as usize] += 1;
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
