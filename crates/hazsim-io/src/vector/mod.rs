//! Vectors: GeoJSON feature collections (fire fronts, gauges, assets, release areas) read and
//! written, and CSV tables (time series, summaries).
//!
//! Both writers replace files atomically: the content goes to a temporary file in the same
//! folder, which is then renamed over the target, so an error never leaves a truncated file.

mod atomic;
pub mod csv;
pub mod geojson;
pub mod read;

pub(crate) use atomic::write_atomically;
pub use csv::{write_csv, CsvValue};
pub use geojson::{feature_collection, write_geojson, Feature, Geometry, Position};
pub use read::{read_geojson, read_geojson_str, FeatureSet};
