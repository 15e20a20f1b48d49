//! # hazsim-debris
//!
//! Debris-flow runout by energy-line routing, after Flow-R (Horton et al. 2013, NHESS
//! 13:869–885) and Flow-Py (D'Amboise et al. 2022, GMD 15:2423–2439): from each release cell
//! the mass spreads over the DEM by Holmgren (1994) weights with persistence, while an energy
//! line at the travel angle `α` decides how far it runs and how fast (see [`routing`]).
//!
//! One module per concept: [`energy_line`], [`persistence`], [`impact`], [`params`],
//! [`release`], [`routing`] and [`outputs`].
//!
//! ```
//! use hazsim_debris::{route_runout, Release, RunoutParams, TravelAngle};
//! use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
//! use ndarray::Array2;
//!
//! // A 20° plane dipping east on a 10 m grid; released at the west edge with α = 11°.
//! let z = Array2::from_shape_fn((9, 40), |(_, c)| 500.0 - c as f32 * 10.0 * 20f32.to_radians().tan());
//! let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 90.0, 10.0), Crs::epsg(32616))).unwrap();
//! let run = route_runout(&t, &Release::Cells(vec![(4, 0)]), &RunoutParams::default()).unwrap();
//! assert!(run.susceptibility.data[[4, 39]] > 0.0); // runs to the edge
//! assert!(run.max_velocity.data.iter().all(|&v| v <= 15.0 + 1e-4)); // default cap 15 m/s
//! ```

pub mod energy_line;
pub mod error;
pub mod impact;
pub mod outputs;
pub mod params;
pub mod persistence;
pub mod release;
pub mod routing;

pub use error::{Error, Result};
pub use outputs::Runout;
pub use params::{RoutingScheme, RunoutParams, TravelAngle};
pub use release::Release;
pub use routing::{route_runout, route_runout_with_progress};
