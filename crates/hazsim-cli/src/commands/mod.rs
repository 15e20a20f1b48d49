//! One module per subcommand.

pub mod debris;
pub mod debris_methods;
pub mod debris_voellmy;
pub mod demo;
pub mod fire;
pub mod flood;
pub mod info;
pub mod render;
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
pub fn ensure_dir(dir: &Path) -> Result {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create output directory {}: {e}", dir.display()).into())
}
