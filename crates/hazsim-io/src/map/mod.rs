//! PNG maps of hazard rasters: a value raster coloured over a grey hillshade, with a title,
//! a colour bar (or a categorical legend), a scale bar, a north arrow and vector overlays.
//!
//! Everything is drawn here, without image or font libraries: [`colormap`] builds perceptual
//! colour ramps in [`Oklab`], [`font`] is a small bitmap font, and the map furniture is laid
//! out beside the map so that nothing overlaps.
//!
//! ```
//! use hazsim_grid::{Raster, GeoTransform, Crs};
//! use hazsim_io::map::{render_map, MapStyle, Overlay};
//! use ndarray::Array2;
//!
//! let gt = GeoTransform::north_up(500_000.0, 4_000_000.0, 10.0);
//! let depth = Raster::new(Array2::from_shape_fn((50, 80), |(r, c)| (r * c) as f32 / 1000.0), gt, Crs::epsg(32616));
//! let shade = depth.map(|_| 0.75f32);
//! let road = Overlay::lines(vec![vec![(500_000.0, 3_999_750.0), (500_800.0, 3_999_750.0)]]);
//! let img = render_map(&depth, Some(&shade), &MapStyle::for_field("flood.max_depth"), &[road]).unwrap();
//! assert!(img.width > 640 && img.height > 400);
//! ```

mod canvas;
pub mod colormap;
pub mod font;
mod legend;
mod oklab;
mod overlay;
mod render;

pub use canvas::{write_png, Rect, RgbaImage};
pub use colormap::Colormap;
pub use oklab::Oklab;
pub use overlay::{
    overlays_from_geojson, overlays_from_geojson_str, Overlay, DEFAULT_LINE_COLOR,
    DEFAULT_POINT_COLOR,
};
pub use render::{
    blend_over_grey, hillshade_grey, render_map, render_map_png, render_map_with_layout, MapLayout,
    MapStyle, MAX_EXPLICIT_SIDE, MAX_MAP_SIDE, MIN_AUTO_WIDTH,
};
