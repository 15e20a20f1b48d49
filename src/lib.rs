//! # hazsim
//!
//! Hazard simulation and scenario building over real terrain. This facade crate re-exports the
//! workspace crates so that an embedding application needs one dependency:
//!
//! - [`grid`]: rasters, geotransforms, CRSs and terrain derivatives (slope, aspect, hillshade,
//!   depression filling, D8/MFD flow routing and accumulation), and the engine contract: the
//!   [`grid::Simulation`] trait every engine implements, its one error type, [`grid::SimResult`],
//!   progress and cancelling, the field registry [`grid::fields`] and [`grid::Field`] (one value
//!   or a raster);
//! - [`flood`]: local-inertial flood inundation (depth, speed, arrival time, duration, hazard
//!   rating) from rain, point inflows, boundary levels and dam breaches;
//! - [`fire`]: Rothermel surface fire and Scott & Reinhardt crown fire at a point, and grid fire
//!   spread by minimum travel time (arrival time, spread rate, intensity, flame length, burned
//!   area in ha and mu);
//! - [`debris`]: debris-flow release areas and slope stability, runout by energy-line routing
//!   (susceptibility, energy-line speed, travel angle), depth-averaged Voellmy flow (depth,
//!   speed, impact pressure, deposit), LAHARZ and post-fire likelihood;
//! - [`scenario`]: disaster scenarios from one file: every engine on one clock, disaster
//!   chains, assets, exposure, relief, shelters, warnings, KPIs and the event log;
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
//!
//! Every engine is driven the same way, through [`grid::Simulation`]:
//!
//! ```
//! use hazsim::grid::{Crs, Field, GeoTransform, NoProgress, Raster, Simulation, Terrain};
//! use hazsim::flood::{FloodConfig, FloodSimulation};
//! use ndarray::Array2;
//!
//! let z = Array2::from_shape_fn((20, 20), |(r, _)| 50.0 - r as f32);
//! let t = Terrain::new(Raster::new(z, GeoTransform::north_up(0.0, 200.0, 10.0), Crs::epsg(32616))).unwrap();
//! let mut sims: Vec<Box<dyn Simulation>> =
//!     vec![Box::new(FloodSimulation::new(&t, FloodConfig { duration: 600.0, ..Default::default() }).unwrap())];
//! for s in sims.iter_mut() {
//!     s.advance(300.0, &mut NoProgress).unwrap();
//!     s.set_input("flood.rain_rate", &Field::Uniform(1e-5)).unwrap(); // 36 mm/h from now on
//!     s.advance(f64::INFINITY, &mut NoProgress).unwrap(); // to the configured end
//!     assert_eq!(s.now(), 600.0);
//! }
//! let r = sims[0].result();
//! assert_eq!(r.info("flood.max_depth").unwrap().unit, "m");
//! ```

pub use hazsim_debris as debris;
pub use hazsim_fire as fire;
pub use hazsim_flood as flood;
pub use hazsim_grid as grid;
pub use hazsim_io as io;
pub use hazsim_scenario as scenario;
