//! Grid fire spread by minimum travel time.
//!
//! The fire front is the set of cells whose arrival time is at most `t`. Arrival times are the
//! shortest travel times from the ignitions over a graph whose nodes are cell centres and whose
//! edges are the offsets of a large [`stencil`] (96 directions by default): the minimum-travel-time
//! idea of Finney (2002, Can. J. For. Res. 32:1420), computed with Dijkstra's algorithm. A segment
//! from cell A in azimuth ψ is travelled at the elliptical spread rate of A's fire,
//! [`crate::SurfaceFire::ros_at`]`(ψ)` (ignition at the rear focus: Catchpole, de Mestre & Gill 1982),
//! optionally averaged with the target cell's ([`SegmentRos`]). In uniform conditions this makes
//! the burned region the Anderson (1983) ellipse with its rear focus at the ignition, up to the
//! stencil's angular resolution.
//!
//! - Fire behaviour uses the *departure* cell's fuel, slope and aspect and the weather in force;
//!   when the weather changes during a segment the rest of it is travelled at the new rate
//!   (the weather stream is piecewise constant, [`WeatherStream`]).
//! - Segment lengths are along the ground: √(horizontal² + Δz²).
//! - Non-burnable fuels and barrier cells never burn, and block every segment that crosses their
//!   interior, or that passes through a corner between two of them, so a road one cell wide
//!   (4- or 8-connected) stops the fire, unless optional ember spotting ([`Spotting`], off by
//!   default) carries it over.
//! - Optional seeded noise on the rate of spread ([`RosNoise`]) and ensembles of runs with
//!   perturbed wind ([`run_ensemble`]) give burn probabilities.
//! - At arrival each cell records `fire.ros` = its own fire's spread rate in the direction of
//!   arrival (the head rate at ignition cells), `fire.fireline_intensity` = Byram's H·R with that
//!   rate, and `fire.flame_length` = Byram (1959) flame length from that intensity.
//!
//! ```
//! use hazsim_fire::spread::{simulate_spread, Fuels, Ignition, SpreadConfig, WeatherStream};
//! use hazsim_fire::{FuelModel, FuelMoisture};
//! use hazsim_grid::{Crs, GeoTransform, Raster, Terrain};
//! use ndarray::Array2;
//! let dem = Raster::new(Array2::zeros((41, 41)), GeoTransform::north_up(0.0, 410.0, 10.0), Crs::epsg(32650));
//! let terrain = Terrain::new(dem).unwrap();
//! let m = FuelMoisture::new(0.06, 0.07, 0.08, 0.6, 0.9).unwrap();
//! let out = simulate_spread(
//!     &terrain,
//!     &Fuels::Uniform(FuelModel::standard(1).unwrap()),
//!     &WeatherStream::constant(2.0, 270.0, m).unwrap(), // 2 m/s midflame from the west
//!     &[Ignition { row: 20, col: 20, time: 0.0 }],
//!     None,
//!     &SpreadConfig { duration: 600.0, ..SpreadConfig::default() },
//! ).unwrap();
//! assert_eq!(out.arrival_time.data[[20, 20]], 0.0);
//! // The head runs east, the back creeps west.
//! assert!(out.arrival_time.data[[20, 30]] < 600.0);
//! assert!(out.arrival_time.data[[20, 10]].is_nan());
//! println!("{:.2} ha ({:.0} mu), grade {}", out.final_area().hectares, out.final_area().mu, out.grade().name_zh());
//! ```

pub mod area;
mod cell_values;
pub mod config;
mod engine;
pub mod ensemble;
pub mod fuels;
pub mod ignitions;
mod level;
pub mod perimeter;
mod queue;
pub mod result;
pub mod stencil;
pub mod stochastic;
pub mod weather;

pub use area::{AreaSample, FireGrade, M2_PER_MU};
pub use config::{SegmentRos, SpreadConfig};
pub use engine::{simulate_spread, FireSpread, FIELDS};
pub use ensemble::{run_ensemble, EnsembleMember, EnsembleResult, WindPerturbation};
pub use fuels::Fuels;
pub use ignitions::{keep_burnable, Ignition};
pub use perimeter::{write_perimeters, Perimeter};
pub use result::SpreadResult;
pub use stochastic::{RosNoise, Spotting};
pub use weather::{WeatherRecord, WeatherStream};
