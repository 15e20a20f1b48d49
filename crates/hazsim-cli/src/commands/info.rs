//! `hazsim info`: size, CRS, transform, nodata and statistics of a raster.

use super::Result;
use std::path::PathBuf;

/// Describe a raster: size, cell size, CRS, geotransform, bounds, nodata and value statistics.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Raster file (GeoTIFF, ESRI ASCII grid, or any GDAL format with the gdal feature).
    pub raster: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> Result {
    let any = hazsim_io::read_raster(&a.raster)?;
    let dtype = any.dtype_name();
    let r = any.into_f64();
    let (rows, cols) = r.shape();
    let b = r.bounds();
    let st = r.statistics();
    let crs = r.crs.to_string();
    let unit = if r.crs.is_geographic() {
        "degrees"
    } else {
        "CRS units (m)"
    };
    if a.json {
        let v = serde_json::json!({
            "path": a.raster.display().to_string(),
            "rows": rows, "cols": cols, "dtype": dtype,
            "crs": crs, "epsg": r.crs.epsg, "wkt": r.crs.wkt,
            "geographic": r.crs.is_geographic(),
            "transform": r.transform.0,
            "bounds": [b.x_min, b.y_min, b.x_max, b.y_max],
            "nodata": r.nodata,
            "statistics": st.map(|s| serde_json::json!({"min": s.min, "max": s.max, "mean": s.mean, "std": s.std, "valid": s.valid, "missing": s.missing})),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    println!("{}", a.raster.display());
    println!("  size        {cols} cols × {rows} rows, {dtype}");
    let (cw, ch) = r.cell_dims();
    println!("  cell size   {cw} × {ch} {unit}");
    println!(
        "  CRS         {crs}{}",
        if r.crs.is_geographic() {
            " (geographic: reproject before running engines)"
        } else {
            ""
        }
    );
    let t = r.transform.0;
    println!(
        "  transform   [{}, {}, {}, {}, {}, {}]",
        t[0], t[1], t[2], t[3], t[4], t[5]
    );
    println!(
        "  bounds      x {} .. {}, y {} .. {}",
        b.x_min, b.x_max, b.y_min, b.y_max
    );
    println!(
        "  nodata      {}",
        r.nodata
            .map(|v| v.to_string())
            .unwrap_or_else(|| "none".into())
    );
    match st {
        Some(s) => println!(
            "  values      min {:.4}, max {:.4}, mean {:.4}, std {:.4}; {} valid, {} missing",
            s.min, s.max, s.mean, s.std, s.valid, s.missing
        ),
        None => println!("  values      no valid cells"),
    }
    Ok(())
}
