//! One module per subcommand.

pub mod crown;
pub mod debris;
pub mod debris_methods;
pub mod debris_voellmy;
pub mod demo;
pub mod fire;
pub mod flood;
pub mod info;
pub mod render;
pub mod scenario;
pub mod terrain;
pub mod warp;

use std::path::Path;

/// A boxed error: every library error type converts into it.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T = ()> = std::result::Result<T, Error>;

/// Read a raster as f32 (any stored dtype).
pub fn read_f32(path: &Path) -> Result<hazsim_grid::Raster<f32>> {
    Ok(hazsim_io::read_raster(path)?.into_f32())
}

/// Read a DEM and wrap it as a `Terrain`, optionally filling nodata holes first.
pub fn read_terrain(path: &Path, fill_nodata: bool) -> Result<hazsim_grid::Terrain> {
    let mut dem = read_f32(path)?;
    if fill_nodata && hazsim_grid::hole_report(&dem).is_some() {
        let nd = dem.nodata;
        dem = hazsim_grid::fill_nodata(&dem, None)?;
        dem.nodata = nd;
    }
    let name = path.display().to_string();
    Ok(hazsim_grid::Terrain::named(dem, &name)?)
}

/// Create an output directory (and parents).
/// A parameter given as a number or as the path of a raster on the DEM's grid.
pub fn field_arg(flag: &str, s: &str) -> Result<hazsim_grid::Field> {
    if let Ok(v) = s.trim().parse::<f64>() {
        return Ok(hazsim_grid::Field::Uniform(v));
    }
    let p = Path::new(s);
    if !p.exists() {
        return Err(format!(
            "{flag} {s:?} is neither a number nor an existing raster file; give a value \
             (e.g. {flag} 1.5) or the path of a GeoTIFF on the DEM's grid"
        )
        .into());
    }
    Ok(hazsim_grid::Field::Raster(
        read_f32(p).map_err(|e| format!("{flag}: {e}"))?,
    ))
}

pub fn ensure_dir(dir: &Path) -> Result {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create output directory {}: {e}", dir.display()).into())
}

/// Writes `json` pretty-printed to `out/summary.json` and returns the path.
pub fn write_summary(out: &Path, json: &serde_json::Value) -> Result<std::path::PathBuf> {
    let p = out.join("summary.json");
    std::fs::write(&p, serde_json::to_string_pretty(json)?)
        .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    Ok(p)
}

/// The output directory, DEM hole filling and quiet flags that commands share
/// (`#[command(flatten)]`).
#[derive(clap::Args, Debug)]
pub struct OutArgs {
    /// Output directory (created if missing).
    #[arg(long, short)]
    pub out: std::path::PathBuf,
    /// Fill NaN/nodata holes in the DEM first (from the hole edges inwards) instead of failing.
    #[arg(long)]
    pub fill_nodata: bool,
    /// Hide the progress bar and the printed summary.
    #[arg(long, short)]
    pub quiet: bool,
}
