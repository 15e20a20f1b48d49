//! [`SpreadConfig`]: the settings of a spread run (a serde type: scenario files, the CLI and
//! Python fill it), and [`SegmentRos`], how a segment's travel time is taken.

use super::{RosNoise, Spotting};
use crate::SpreadOptions;

/// How a segment's travel time is taken from the cells it runs through.
///
/// In uniform conditions all three agree. Where fuels change, [`SegmentRos::Integrated`]
/// (the default) keeps a fast cell from carrying the fire several cells into slow fuel at its
/// own rate (tests/spread_behaviour.rs, `fuel_boundary_is_not_jumped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentRos {
    /// The departure cell's rate over the whole segment (as a point source would spread).
    Source,
    /// Travel time integrated along the segment: Σ ℓ_i / R_i(ψ) over the cells it runs
    /// through, ℓ_i the length inside cell i and R_i(ψ) that cell's elliptical rate in the
    /// segment's direction (each cell's fire spreading as from its own rear focus).
    #[default]
    Integrated,
    /// Half the segment at each end cell's rate (travel time d/2 (1/R_a + 1/R_b)).
    HalfAndHalf,
}

/// Spread settings.
///
/// New settings are added with defaults, so `SpreadConfig { duration, ..Default::default() }`
/// keeps working.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpreadConfig {
    /// Stencil radius: 1 (8 directions), 2 (16), 3 (32), 4 (48), 5 (80), 6 (96, default),
    /// 7 (144), 8 (176). Measured (tests/spread_shape.rs, FM1, fire ~85 cells long): with
    /// L/B = 3 along a grid axis the burned area is 9.6 % short with radius 4, 5.9 % with 5 and
    /// 3.9 % with 6; no wind, 0.5 % (4) and 0.15 % (6).
    pub stencil_radius: u32,
    /// Rate along a segment.
    pub segment_ros: SegmentRos,
    /// Point model options.
    pub options: SpreadOptions,
    /// Duration of [`simulate_spread`] (s).
    pub duration: f64,
    /// Multiplicative rate-of-spread noise (none by default).
    pub ros_noise: RosNoise,
    /// Ember spotting (off by default).
    pub spotting: Option<Spotting>,
    /// Seed of every random draw (noise and spotting); a run is a pure function of its inputs
    /// and this seed, at any thread count.
    pub seed: u64,
}

impl Default for SpreadConfig {
    fn default() -> Self {
        SpreadConfig {
            stencil_radius: 6,
            segment_ros: SegmentRos::Integrated,
            options: SpreadOptions::default(),
            duration: 3600.0,
            ros_noise: RosNoise::None,
            spotting: None,
            seed: 0,
        }
    }
}
