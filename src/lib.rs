//! # hazsim
//!
//! Hazard simulation and scenario building over real terrain. This facade crate re-exports the
//! workspace crates so that an embedding application needs one dependency:
//!
//! - [`grid`]: rasters, geotransforms, CRSs and terrain derivatives (slope, aspect, hillshade,
//!   depression filling, D8/MFD flow routing and accumulation);
//! - [`flood`]: local-inertial flood inundation (depth, speed, arrival time, duration, hazard
//!   rating) from rain, point inflows and boundary levels;
//! - [`debris`]: debris-flow runout by energy-line routing (susceptibility, speed, travel
//!   angle, impact pressure) from release cells;
//! - [`io`]: GeoTIFF and ESRI ASCII grid I/O, PNG maps, GeoJSON and CSV writers, and (feature
//!   `gdal`) any GDAL raster plus warping.
//!
//! ```
//! use hazsim::grid::{Raster, GeoTransform, Crs, Terrain};
//! use ndarray::Array2;
//!
//! // A 10 m plane rising 1 m per cell towards the east: slope atan(0.1).
//! let z = Array2::from_shape_fn((5, 5), |(_, c)| c as f32);
//! let dem = Raster::new(z, GeoTransform::north_up(500_000.0, 4_000_000.0, 10.0), Crs::epsg(32616));
//! let terrain = Terrain::new(dem).unwrap();
//! let slope = terrain.slope(); // degrees
//! assert!((slope.data[[2, 2]] - 0.1f32.atan().to_degrees()).abs() < 1e-4);
//! ```

pub use hazsim_debris as debris;
pub use hazsim_fire as fire;
pub use hazsim_flood as flood;
pub use hazsim_grid as grid;
pub use hazsim_io as io;
