//! # hazsim-fire
//!
//! Surface fire behaviour for hazsim: the Rothermel (1972) surface fire spread model with the
//! Albini (1976) reformulation, as BehavePlus uses it (Andrews 2018, RMRS-GTR-371), plus the
//! standard fuel models and the wind adjustment factor.
//!
//! - [`FuelModel`]: the 13 models of Anderson (1982, GTR INT-122), the 40 of Scott & Burgan
//!   (2005, RMRS-GTR-153) and the non-burnable codes 91-99, or a validated user model;
//! - [`FuelMoisture`]: moistures as fractions; dynamic models cure their herbaceous load with
//!   live herb moisture ([`moisture::cured_fraction`]);
//! - [`surface_fire()`]: head, backing and flanking rate of spread, direction of maximum spread
//!   (wind and slope combined as vectors), fire ellipse (Anderson 1983), reaction and Byram
//!   fireline intensity, flame length (Byram 1959) and [`SurfaceFire::ros_at`] any direction;
//! - [`WindLimit`]: the Rothermel wind limit, applied by default as in BehavePlus 5;
//! - [`wind_adjustment`]: 20-ft/10-m wind to midflame wind.
//!
//! **Units.** SI at the public API: m, s, m/s, kg/m², m²/m³, J/kg, kW/m², kW/m, moisture as
//! fractions, directions in degrees clockwise from north. The wind direction is where the wind
//! comes *from*; the aspect is the *downslope* direction; the slope is rise/run. Rothermel's
//! customary units (ft, lb, BTU, min) live only inside the model files, one file per physical
//! concept: `fuelbed`, `reaction_intensity`, `propagating_flux`, `heat_sink`, `wind_slope`,
//! `wind_limit`, `surface_fire`.
//!
//! **Choices.** [`SpreadOptions`] holds the two places where published practice differs:
//! - the wind limit U_max = 0.9 I_R ([`WindLimit`]), applied by default as in BehavePlus 5;
//!   Andrews et al. (2013) found it often too restrictive;
//! - the herbaceous curing line of dynamic models ([`moisture::HerbCuring`]): by default
//!   exactly Scott & Burgan's (2005) 30 %-120 % ramp; `HerbCuring::BehavePlus` reproduces the
//!   behave library's rounded line 1.333 − 1.11 M. [`SpreadOptions::behave`] selects both
//!   BehavePlus behaviours.
//!
//! The fire ellipse uses Anderson's (1983) length-to-breadth ratio in the mi/h form of
//! FARSITE and BehavePlus, L/B = 0.936 e^{0.1147 U} + 0.461 e^{−0.0692 U} − 0.397 (U the
//! effective midflame wind in mi/h, capped at L/B = 8): Anderson's own coefficients 0.2566 and
//! 0.1548 are for U in m/s (see [`surface_fire::length_to_breadth_ratio`]).
//!
//! **Validation.** Results are compared with pyrothermel 0.1.4 (Python bindings of the
//! behave library of BehavePlus): `tests/pyrothermel_pins.rs` (18 wind/slope/moisture cases,
//! including cross winds, slopes, dynamic curing and the wind limit) and
//! `tests/pyrothermel_sweep.rs` (all 53 standard models); agreement is better than 1e-8
//! relative with [`SpreadOptions::behave`].
//!
//! **Grid spread:** [`spread`] computes arrival times over a `Terrain` by minimum travel time
//! (Finney 2002) on a 96-direction stencil, with a piecewise-constant weather stream,
//! barriers, burned area over time and the fire grade by area. Stochastic runs: seeded
//! rate-of-spread noise ([`spread::RosNoise`]), optional ember spotting ([`spread::Spotting`],
//! lognormal landing distance after Sardoy et al. 2008) and ensembles with perturbed wind that
//! give burn probabilities ([`spread::run_ensemble`]); every draw derives from an explicit seed
//! and the cell index, so results are the same at any thread count.
//!
//! [`spread::SpreadResult::perimeters`] gives the burned region at any time as exact cell-edge
//! polygons, written as GeoJSON by [`spread::write_perimeters`]. The front doors are the
//! `hazsim fire` command and the Python module `hazsim.fire`.
//!
//! **Not yet here:** crown fire (and so no crown-fire launch condition for spotting).
//!
//! ```
//! use hazsim_fire::{surface_fire, FireInputs, FuelModel, FuelMoisture};
//! let fire = surface_fire(&FuelModel::standard(102).unwrap(), &FireInputs {
//!     moisture: FuelMoisture::new(0.06, 0.07, 0.08, 0.60, 0.90).unwrap(),
//!     midflame_wind_speed: 2.0,   // m/s
//!     wind_direction: 225.0,      // from the south-west
//!     slope_fraction: 0.2,        // 20 %
//!     aspect: 90.0,               // east-facing, so upslope is west
//! }).unwrap();
//! assert!(fire.head_ros > fire.flanking_ros && fire.flanking_ros > fire.backing_ros);
//! println!("{:.3} m/s towards {:.0}°, {:.0} kW/m, flames {:.1} m",
//!     fire.head_ros, fire.direction_of_max_spread, fire.fireline_intensity, fire.flame_length);
//! ```

pub mod crown;
pub mod crown_map;
pub mod error;
pub mod fuel_model;
pub(crate) mod fuelbed;
pub(crate) mod heat_sink;
pub mod moisture;
pub(crate) mod propagating_flux;
pub(crate) mod reaction_intensity;
pub mod spread;
pub mod surface_fire;
pub mod units;
pub mod wind_adjustment;
pub mod wind_limit;
pub(crate) mod wind_slope;

pub use error::{Error, Result};
pub use fuel_model::FuelModel;
pub use moisture::FuelMoisture;
pub use surface_fire::{surface_fire, surface_fire_with, FireInputs, SpreadOptions, SurfaceFire};
pub use wind_limit::WindLimit;
