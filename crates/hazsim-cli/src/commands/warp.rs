//! `hazsim warp`: reproject or resample a raster with GDAL (feature `gdal`).

use super::Result;
use std::path::PathBuf;

/// Reproject a raster to another CRS, or resample it onto another raster's grid (needs the
/// `gdal` feature: `cargo install --path crates/hazsim-cli --features gdal`).
///
/// Examples:
///   hazsim warp dem_wgs84.tif dem_utm.tif --t-srs EPSG:32616 --tr 90
///   hazsim warp landcover.tif landcover_on_dem.tif --like dem.tif -r nearest
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input raster.
    pub src: PathBuf,
    /// Output GeoTIFF.
    pub dst: PathBuf,
    /// Target CRS, e.g. EPSG:32616.
    #[arg(long = "t-srs", value_name = "EPSG:CODE", conflicts_with = "like")]
    pub t_srs: Option<String>,
    /// Target cell size in target CRS units (default: GDAL's suggestion, about the source's).
    #[arg(long, value_name = "CELL")]
    pub tr: Option<f64>,
    /// Resample onto this raster's grid (shape, transform and CRS).
    #[arg(long, value_name = "RASTER")]
    pub like: Option<PathBuf>,
    /// Resampling: nearest, bilinear, cubic, average.
    #[arg(long, short = 'r', default_value = "bilinear")]
    pub resampling: String,
}

#[cfg(not(feature = "gdal"))]
pub fn run(a: Args) -> Result {
    let _ = a;
    Err("`hazsim warp` needs GDAL: rebuild with `cargo build -p hazsim-cli --features gdal` (apt-get install libgdal-dev first), or use gdalwarp".into())
}

#[cfg(feature = "gdal")]
pub fn run(a: Args) -> Result {
    use hazsim_grid::Crs;
    use hazsim_io::gdal::{warp, Resampling, WarpTarget};
    let src = hazsim_io::read_raster(&a.src)?.into_f32();
    let resampling = match a.resampling.to_ascii_lowercase().as_str() {
        "nearest" | "near" => Resampling::Nearest,
        "bilinear" => Resampling::Bilinear,
        "cubic" => Resampling::Cubic,
        "average" => Resampling::Average,
        other => {
            return Err(format!("-r {other}: expected nearest, bilinear, cubic or average").into())
        }
    };
    let target = if let Some(like) = &a.like {
        let l = hazsim_io::read_raster(like)?;
        WarpTarget::Like(*l.transform(), l.shape(), l.crs().clone())
    } else if let Some(s) = &a.t_srs {
        let code = s
            .to_ascii_uppercase()
            .strip_prefix("EPSG:")
            .and_then(|c| c.parse::<u32>().ok())
            .ok_or_else(|| format!("--t-srs {s}: expected EPSG:<code>, e.g. EPSG:32616"))?;
        if let Some(tr) = a.tr {
            if !(tr.is_finite() && tr > 0.0) {
                return Err(format!("--tr {tr}: the cell size must be a positive number").into());
            }
        }
        WarpTarget::Crs {
            crs: Crs::epsg(code),
            cell_size: a.tr,
        }
    } else {
        return Err(
            "give --t-srs EPSG:CODE (reproject) or --like RASTER (resample onto its grid)".into(),
        );
    };
    let out = warp(&src, target, resampling)?;
    hazsim_io::write_raster(&out, &a.dst)?;
    println!(
        "{} ({} × {}, {})",
        a.dst.display(),
        out.cols(),
        out.rows(),
        out.crs
    );
    Ok(())
}
