//! Python bindings of hazsim: the extension module `hazsim._native`.
//!
//! This crate is thin on purpose: it converts numpy arrays and Python values into hazsim's Rust
//! types, releases the GIL (`py.detach`) while the Rust code computes, and maps errors onto
//! Python exceptions. The Python package `python/hazsim` re-exports it and adds what is natural
//! in Python (rasterio and xarray interop).

use pyo3::prelude::*;

mod convert;
mod debris;
mod debris_methods;
mod debris_voellmy;
mod errors;
mod fire;
mod flood;
mod io;
mod progress;
mod raster;
mod scenario;
mod terrain;

/// hazsim's native extension. Import `hazsim`, not this module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("HazsimError", m.py().get_type::<errors::HazsimError>())?;
    m.add("Cancelled", m.py().get_type::<errors::Cancelled>())?;
    m.add(
        "FIELDS",
        hazsim_grid::fields::all()
            .into_iter()
            .map(|f| (f.name, f.unit, f.meaning))
            .collect::<Vec<_>>(),
    )?;
    m.add_class::<raster::PyRaster>()?;
    m.add_class::<terrain::PyTerrain>()?;
    m.add_function(wrap_pyfunction!(io::read_raster, m)?)?;
    m.add_function(wrap_pyfunction!(io::write_raster, m)?)?;
    m.add_function(wrap_pyfunction!(io::render_map, m)?)?;
    m.add_function(wrap_pyfunction!(io::colormaps, m)?)?;
    m.add_function(wrap_pyfunction!(terrain::fill_depressions, m)?)?;
    m.add_function(wrap_pyfunction!(terrain::hillshade, m)?)?;
    m.add_function(wrap_pyfunction!(terrain::fill_nodata, m)?)?;
    m.add_function(wrap_pyfunction!(terrain::contour_lines, m)?)?;
    scenario::register(m)?;
    m.add("gdal_enabled", cfg!(feature = "gdal"))?;
    let flood = PyModule::new(m.py(), "flood")?;
    flood::register(&flood)?;
    m.add_submodule(&flood)?;
    let debris = PyModule::new(m.py(), "debris")?;
    debris::register(&debris)?;
    debris_methods::register(&debris)?;
    debris_voellmy::register(&debris)?;
    m.add_submodule(&debris)?;
    let fire = PyModule::new(m.py(), "fire")?;
    fire::register(&fire)?;
    m.add_submodule(&fire)?;
    Ok(())
}
