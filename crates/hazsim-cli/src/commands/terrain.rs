//! `hazsim terrain`: slope, aspect, hillshade, filled DEM, depression depth, D8 directions and
//! D8/MFD flow accumulation, each as GeoTIFF and PNG.

use super::{ensure_dir, read_terrain, Result};
use crate::progress::Bar;
use hazsim_grid::{Raster, Terrain};
use hazsim_io::map::{render_map_png, Colormap, MapStyle};
use std::path::{Path, PathBuf};

/// Compute terrain derivatives of a DEM and write each as GeoTIFF plus a PNG map over the
/// hillshade.
///
/// Outputs in DIR: slope.tif (degrees, Horn 1981), aspect.tif (downslope direction, degrees
/// clockwise from north), hillshade.tif (0..1), filled.tif (Priority-Flood+ε, every cell
/// drains), depression_depth.tif (m), d8.tif (ESRI codes 1=E 2=SE 4=S ... 128=NE),
/// flow_accumulation.tif (D8, cells), mfd_accumulation.tif (Holmgren MFD, cells), and a .png
/// map of each.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Elevation raster in a projected CRS (metres).
    pub dem: PathBuf,
    /// Output directory (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Fill NaN/nodata holes in the DEM first (from the hole edges inwards) instead of failing.
    #[arg(long)]
    pub fill_nodata: bool,
    /// Holmgren exponent of the MFD accumulation (1 spreads widely; larger tends to D8).
    #[arg(long, default_value_t = 1.1, value_name = "X")]
    pub mfd_exponent: f64,
    /// Light direction of the hillshade, degrees clockwise from north.
    #[arg(long, default_value_t = 315.0)]
    pub azimuth: f64,
    /// Light altitude of the hillshade, degrees above the horizon.
    #[arg(long, default_value_t = 45.0)]
    pub altitude: f64,
    /// Hide the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// One written product.
pub struct Product {
    pub name: &'static str,
    pub tif: PathBuf,
    pub png: PathBuf,
    pub units: &'static str,
    pub min: f64,
    pub max: f64,
}

/// Compute and write every terrain product of `t` into `out`.
pub fn write_products(
    t: &Terrain,
    out: &Path,
    mfd_exponent: f64,
    azimuth: f64,
    altitude: f64,
    bar: &Bar,
) -> Result<Vec<Product>> {
    ensure_dir(out)?;
    bar.step("hillshade");
    let hs = t.hillshade(azimuth, altitude, 1.0)?;
    bar.done_step();
    let mut products = Vec::new();
    let mut emit_f32 =
        |name: &'static str, r: &Raster<f32>, style: MapStyle, units: &'static str| -> Result {
            bar.step(name);
            let tif = out.join(format!("{name}.tif"));
            let png = out.join(format!("{name}.png"));
            hazsim_io::write_raster(r, &tif)?;
            render_map_png(r, Some(&hs), &style, &[], &png)?;
            let s = r.statistics();
            products.push(Product {
                name,
                tif,
                png,
                units,
                min: s.map_or(f64::NAN, |s| s.min),
                max: s.map_or(f64::NAN, |s| s.max),
            });
            bar.done_step();
            Ok(())
        };
    let style = |cmap: Colormap, title: &str, units: &str| MapStyle {
        colormap: cmap,
        title: Some(title.to_string()),
        units: units.to_string(),
        ..MapStyle::default()
    };
    emit_f32(
        "elevation",
        t.dem(),
        style(Colormap::Terrain, "Elevation", "m"),
        "m",
    )?;
    emit_f32(
        "hillshade",
        &hs,
        MapStyle {
            alpha: 0.0,
            vmin: Some(0.0),
            vmax: Some(1.0),
            ..style(
                Colormap::GreysR,
                &format!("Hillshade (sun {azimuth}° az, {altitude}° alt)"),
                "0-1",
            )
        },
        "1",
    )?;
    emit_f32(
        "slope",
        t.slope(),
        style(Colormap::Magma, "Slope (Horn 1981)", "°"),
        "degrees",
    )?;
    emit_f32(
        "aspect",
        t.aspect(),
        MapStyle {
            vmin: Some(0.0),
            vmax: Some(360.0),
            ..style(
                Colormap::Viridis,
                "Aspect (downslope, clockwise from N)",
                "°",
            )
        },
        "degrees",
    )?;
    emit_f32(
        "filled",
        t.filled(),
        style(
            Colormap::Terrain,
            "Depression-filled DEM (Priority-Flood+eps)",
            "m",
        ),
        "m",
    )?;
    let dd = t.depression_depth();
    emit_f32(
        "depression_depth",
        &dd,
        MapStyle {
            hide_below: Some(0.01),
            ..style(Colormap::Blues, "Depression depth (filled - DEM)", "m")
        },
        "m",
    )?;
    // Flow accumulation spans orders of magnitude: log colour scale, small values hidden.
    let acc = t.d8_accumulation().map(|&v| v as f32);
    emit_f32(
        "flow_accumulation",
        &acc,
        MapStyle {
            log_scale: true,
            hide_below: Some(30.0),
            vmin: Some(30.0),
            alpha: 0.9,
            ..style(Colormap::Blues, "D8 flow accumulation", "cells")
        },
        "cells",
    )?;
    let mfd = t.mfd_accumulation(mfd_exponent)?.map(|&v| v as f32);
    emit_f32(
        "mfd_accumulation",
        &mfd,
        MapStyle {
            log_scale: true,
            hide_below: Some(30.0),
            vmin: Some(30.0),
            alpha: 0.9,
            ..style(
                Colormap::Blues,
                &format!("MFD flow accumulation (Holmgren x={mfd_exponent})"),
                "cells",
            )
        },
        "cells",
    )?;
    bar.step("d8");
    let d8 = t.d8();
    let tif = out.join("d8.tif");
    hazsim_io::write_raster(d8, &tif)?;
    let d8f = d8.map(|&c| if c == 0 { f32::NAN } else { c as f32 });
    let classes: Vec<(f64, String)> = ["E", "SE", "S", "SW", "W", "NW", "N", "NE"]
        .iter()
        .enumerate()
        .map(|(k, n)| ((1u32 << k) as f64, format!("{} {n}", 1u32 << k)))
        .collect();
    let png = out.join("d8.png");
    render_map_png(
        &d8f,
        Some(&hs),
        &MapStyle {
            classes: Some(classes),
            ..style(Colormap::Categorical, "D8 flow direction (ESRI codes)", "")
        },
        &[],
        &png,
    )?;
    products.push(Product {
        name: "d8",
        tif,
        png,
        units: "code",
        min: 0.0,
        max: 128.0,
    });
    bar.done_step();
    Ok(products)
}

/// Number of progress steps [`write_products`] reports.
pub const STEPS: u64 = 10;

pub fn run(a: Args) -> Result {
    let bar = Bar::new(STEPS + 1, a.quiet);
    bar.step("reading DEM");
    let t = read_terrain(&a.dem, a.fill_nodata)?;
    bar.done_step();
    let products = write_products(&t, &a.out, a.mfd_exponent, a.azimuth, a.altitude, &bar)?;
    bar.finish();
    for p in &products {
        println!(
            "{:<18} {:>12.3} .. {:<12.3} {:<8} {}",
            p.name,
            p.min,
            p.max,
            p.units,
            p.tif.display()
        );
    }
    Ok(())
}
