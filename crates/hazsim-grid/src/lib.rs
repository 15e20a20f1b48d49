//! # hazsim-grid
//!
//! The grammar every hazsim engine speaks: [`Raster`] (an `ndarray::Array2` plus a GDAL-style
//! [`GeoTransform`], a [`Crs`] and an optional nodata value) and [`Terrain`] (an elevation raster
//! with lazily computed derivatives: slope and aspect, hillshade, depression filling, D8 and
//! multiple-flow-direction routing and flow accumulation).
//!
//! Row 0 is north. Cell sizes are in metres; a geographic CRS handed to something that needs
//! metres is an [`Error::GeographicCrs`].
//!
//! ```
//! use hazsim_grid::{Raster, GeoTransform, Crs};
//! use ndarray::Array2;
//!
//! let r = Raster::new(Array2::<f32>::zeros((3, 4)), GeoTransform::north_up(1000.0, 2000.0, 30.0), Crs::epsg(32616));
//! assert_eq!(r.cell_center(0, 0), (1015.0, 1985.0));
//! assert_eq!(r.cell_index(1015.0, 1985.0), Some((0, 0)));
//! ```

pub mod constants;
pub mod contour;
pub mod crs;
pub mod edges;
pub mod error;
pub mod field;
pub mod fields;
pub mod geotransform;
pub mod memory;
pub mod polygonize;
pub mod progress;
pub mod raster;
pub mod rasterize;
pub mod result;
pub mod series;
pub mod simulation;
pub mod terrain;
pub mod travel_time;

pub use crs::Crs;
pub use edges::Edges;
pub use error::{Error, Result};
pub use field::{Field, FieldInputs};
pub use geotransform::GeoTransform;
pub use polygonize::{polygonize, Connectivity, Polygon};
pub use progress::{NoProgress, Progress};
pub use raster::{BoundingBox, CellValue, Raster, Statistics};
pub use result::SimResult;
pub use simulation::{FieldInfo, Simulation};
pub use terrain::{
    accumulation::{d8_accumulation, mfd_accumulation, FlowRouting},
    fill::{fill_depressions, FillMethod},
    flow_direction::{d8_directions, D8, D8_NODIR},
    hillshade::hillshade,
    holmgren::holmgren_fractions,
    mfd::MfdWeights,
    nodata::{check_no_holes, fill_nodata, hole_report, HoleReport},
    slope::{slope_aspect, SlopeAspect},
    watershed::{catchment_labels, upslope_mask, NO_CATCHMENT},
    Terrain,
};
pub use travel_time::{travel_time, travel_time_to};
