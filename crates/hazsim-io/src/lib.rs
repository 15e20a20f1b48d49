//! # hazsim-io
//!
//! Reading and writing hazsim's rasters and maps:
//!
//! - [`geotiff`]: GeoTIFF in pure Rust (float32, int16, uint8; DEFLATE/LZW; tiled or striped;
//!   EPSG GeoKeys; GDAL's nodata tag);
//! - [`ascii_grid`]: ESRI ASCII grids;
//! - [`map`]: PNG maps of a value raster over a hillshade, with colour bar or legend and
//!   GeoJSON overlays;
//! - [`vector`]: GeoJSON and CSV writers;
//! - `gdal` (feature `gdal`): any GDAL raster, and warping onto another grid or CRS.
//!
//! [`read_raster`] and [`write_raster`] pick the format from the file extension.

pub mod ascii_grid;
pub mod error;
pub mod field_inputs;
pub mod geotiff;
pub mod map;
pub mod raster_file;
pub mod vector;

#[cfg(feature = "gdal")]
pub mod gdal;

pub use error::{Error, Result};
pub use field_inputs::{read_field, read_field_inputs};
pub use raster_file::{read_raster, write_raster, AnyRaster, RasterFormat};
