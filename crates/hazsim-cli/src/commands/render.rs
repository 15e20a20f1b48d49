//! `hazsim render`: a PNG map of a raster over a hillshade.

use super::{read_f32, Result};
use hazsim_io::map::{overlays_from_geojson, render_map_png, Colormap, MapStyle};
use std::path::PathBuf;

/// Render a raster as a PNG map: colours from a named colormap over the hillshade of a DEM,
/// with a colour bar showing units (or a legend for classes), a scale bar and a north arrow.
/// NaN/nodata cells are transparent.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Raster to colour.
    pub raster: PathBuf,
    /// DEM whose hillshade goes underneath (same grid as RASTER).
    #[arg(long)]
    pub hillshade: Option<PathBuf>,
    /// Output PNG.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Colormap: viridis, magma, blues, terrain, greys, rdbu (diverging), categorical; add _r to reverse.
    #[arg(long, default_value = "viridis")]
    pub colormap: String,
    /// Value at the bottom of the colour scale (default: 2nd percentile).
    #[arg(long)]
    pub vmin: Option<f64>,
    /// Value at the top of the colour scale (default: 98th percentile).
    #[arg(long)]
    pub vmax: Option<f64>,
    /// Logarithmic colour scale (values <= 0 are not coloured).
    #[arg(long)]
    pub log: bool,
    /// Values below this are left uncoloured (e.g. 0.01 for depths under 1 cm).
    #[arg(long, value_name = "VALUE")]
    pub hide_below: Option<f64>,
    /// Opacity of the colours over the hillshade, 0..1.
    #[arg(long, default_value_t = 0.65)]
    pub alpha: f32,
    /// Title above the map.
    #[arg(long)]
    pub title: Option<String>,
    /// Units shown on the colour bar, e.g. m, m/s, °.
    #[arg(long, default_value = "")]
    pub units: String,
    /// GeoJSON file of points/lines/polygons drawn on top (same CRS as RASTER); repeatable.
    #[arg(long, value_name = "GEOJSON")]
    pub overlay: Vec<PathBuf>,
}

pub fn run(a: Args) -> Result {
    let values = read_f32(&a.raster)?;
    let hs = match &a.hillshade {
        Some(p) => {
            let dem = read_f32(p)?;
            values.check_same_grid(
                &dem,
                &a.raster.display().to_string(),
                &p.display().to_string(),
            )?;
            Some(hazsim_grid::hillshade(&dem, 315.0, 45.0, 1.0)?)
        }
        None => None,
    };
    let colormap: Colormap = a.colormap.parse()?;
    if !(0.0..=1.0).contains(&a.alpha) {
        return Err(format!("--alpha {} must be between 0 and 1", a.alpha).into());
    }
    let mut overlays = Vec::new();
    for p in &a.overlay {
        overlays.extend(overlays_from_geojson(p)?);
    }
    let style = MapStyle {
        colormap,
        vmin: a.vmin,
        vmax: a.vmax,
        log_scale: a.log,
        alpha: a.alpha,
        title: a.title.or_else(|| {
            a.raster
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        }),
        units: a.units,
        hide_below: a.hide_below,
        ..MapStyle::default()
    };
    render_map_png(&values, hs.as_ref(), &style, &overlays, &a.out)?;
    println!("{}", a.out.display());
    Ok(())
}
