//! `hazsim demo`: the main job on the bundled real DEM.

use super::{read_terrain, Result};
use crate::progress::Bar;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Run the demonstration on the bundled DEM of the Jacksboro fault valley (Tennessee, USGS,
/// UTM 16N, 90 m): terrain derivatives as GeoTIFF + PNG maps, and summary.json / summary.md.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output directory.
    #[arg(long, short, default_value = "out/demo")]
    pub out: PathBuf,
    /// DEM to use instead of the bundled one.
    #[arg(long, default_value = "scenarios/data/jacksboro_utm16n.tif")]
    pub dem: PathBuf,
    /// Hide the progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(a: Args) -> Result {
    let bar = Bar::new(super::terrain::STEPS + 1, a.quiet);
    bar.step("reading DEM");
    let t0 = std::time::Instant::now();
    let t = read_terrain(&a.dem, false)?;
    bar.done_step();
    let products = super::terrain::write_products(&t, &a.out, 1.1, 315.0, 45.0, &bar)?;
    bar.finish();
    let secs = t0.elapsed().as_secs_f64();

    let (rows, cols) = t.shape();
    let cell = t.cell_size();
    let acc = t.d8_accumulation();
    let (mut best, mut at) = (0.0f64, (0usize, 0usize));
    for ((r, c), &v) in acc.data.indexed_iter() {
        if v > best {
            best = v;
            at = (r, c);
        }
    }
    let (ox, oy) = t.dem().cell_center(at.0, at.1);
    let dd = t.depression_depth();
    // Cells raised by more than 1 mm (the ε-gradient on flats is far below that).
    let pits = dd.data.iter().filter(|&&d| d > 1e-3).count();
    let pit_vol: f64 = dd.data.iter().map(|&d| d as f64).sum::<f64>() * cell * cell;
    let st = t.dem().statistics().expect("checked DEM has values");

    let json = serde_json::json!({
        "dem": a.dem.display().to_string(),
        "rows": rows, "cols": cols, "cell_size_m": cell, "crs": t.dem().crs.to_string(),
        "area_km2": rows as f64 * cols as f64 * cell * cell / 1e6,
        "elevation_m": {"min": st.min, "max": st.max, "mean": st.mean},
        "slope_deg": {"max": products.iter().find(|p| p.name == "slope").map(|p| p.max)},
        "largest_catchment": {"cells": best, "area_km2": best * cell * cell / 1e6, "outlet_x": ox, "outlet_y": oy, "row": at.0, "col": at.1},
        "depressions": {"filled_cells": pits, "volume_m3": pit_vol},
        "seconds": secs,
        "products": products.iter().map(|p| serde_json::json!({"name": p.name, "geotiff": p.tif.display().to_string(), "png": p.png.display().to_string(), "units": p.units, "min": p.min, "max": p.max})).collect::<Vec<_>>(),
    });
    std::fs::write(
        a.out.join("summary.json"),
        serde_json::to_string_pretty(&json)?,
    )?;

    let mut md = String::new();
    writeln!(md, "# hazsim demo: terrain of {}\n", a.dem.display())?;
    writeln!(
        md,
        "- grid: {cols} × {rows} cells of {cell} m ({:.1} km²), {}",
        rows as f64 * cols as f64 * cell * cell / 1e6,
        t.dem().crs
    )?;
    writeln!(
        md,
        "- elevation: {:.0}–{:.0} m (mean {:.0} m)",
        st.min, st.max, st.mean
    )?;
    writeln!(
        md,
        "- largest D8 catchment: {best:.0} cells = {:.1} km², outlet at ({ox:.0}, {oy:.0})",
        best * cell * cell / 1e6
    )?;
    writeln!(md, "- depressions filled: {pits} cells, {:.0} m³", pit_vol)?;
    writeln!(md, "- run time: {secs:.2} s\n")?;
    writeln!(
        md,
        "| product | min | max | units | GeoTIFF | map |\n|---|---|---|---|---|---|"
    )?;
    for p in &products {
        writeln!(
            md,
            "| {} | {:.3} | {:.3} | {} | {} | {} |",
            p.name,
            p.min,
            p.max,
            p.units,
            p.tif.display(),
            p.png.display()
        )?;
    }
    std::fs::write(a.out.join("summary.md"), &md)?;
    print!("{md}");
    Ok(())
}
