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
//! Beside runout: [`release_areas`] (release areas from a slope–area rule or slope stability),
//! [`stability`] (SINMAP factor of safety and SHALSTAB critical rainfall on an infinite slope),
//! [`sinmap`] (SINMAP stability index from parameter ranges),
//! [`laharz`](mod@laharz) (LAHARZ volume–area inundation) and [`staley`] (Staley et al. 2017 M1 post-fire
//! debris-flow likelihood); [`voellmy`] (depth-averaged Voellmy flow: mass and momentum on the
//! grid, with max depth, velocity, pressure and the final deposit); [`field`] holds parameters
//! given as a value or a raster.
//!
//! ```
//! use hazsim_debris::{route_runout, Field, Release, RunoutParams};
//! use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
//! use ndarray::Array2;
//!
//! // A 20° plane dipping east on a 10 m grid; released at the west edge with α = 11°.
//! let z = Array2::from_shape_fn((9, 40), |(_, c)| 500.0 - c as f32 * 10.0 * 20f32.to_radians().tan());
//! let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 90.0, 10.0), Crs::epsg(32616))).unwrap();
//! let run = route_runout(&t, &Release::Cells(vec![(4, 0)]), &RunoutParams::default()).unwrap();
//! assert!(run.susceptibility.data[[4, 39]] > 0.0); // runs to the edge
//! assert!(run.energy_line_speed.data.iter().all(|&v| v <= 15.0 + 1e-4)); // default cap 15 m/s
//! ```

pub mod energy_line;
pub mod error;
pub mod field;
pub mod impact;
pub mod laharz;
pub mod outputs;
pub mod params;
pub mod persistence;
pub mod release;
pub mod release_areas;
pub mod routing;
pub mod routing_simulation;
pub mod sinmap;
pub mod stability;
pub mod staley;
pub mod voellmy;

pub use error::{Error, Result};
pub use field::Field;
pub use laharz::{laharz, Laharz, LaharzCoefficients, LaharzParams, LaharzSection};
pub use outputs::Runout;
pub use params::{RoutingScheme, RunoutParams};
pub use release::Release;
pub use release_areas::{release_by_slope_area, release_by_stability, SlopeAreaRule};
pub use routing::{route_runout, route_runout_with_progress};
pub use routing_simulation::RoutingSimulation;
pub use sinmap::{sinmap_index, Sinmap, SinmapRanges};
pub use stability::{infinite_slope, ShalstabClass, SoilParams, Stability, StabilityClass};
pub use staley::{
    staley_m1, staley_m1_map, BurnSeverity, CatchmentLikelihood, Catchments, RainDuration,
    StaleyMap, StaleyParams, M1,
};
pub use voellmy::{simulate_voellmy, VoellmyConfig, VoellmyRelease, VoellmyRun, VoellmySimulation};
