//! The runout maps and their field names.

use hazsim_grid::{FieldInfo, Raster};

/// Runout maps on the DEM's grid (see [`Runout::FIELDS`] for names and units). Cells never
/// reached hold 0, except `travel_angle`, which holds NaN.
///
/// ```
/// use hazsim_debris::Runout;
/// assert!(Runout::FIELDS.iter().any(|f| f.name == "debris.susceptibility"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Runout {
    /// Maximum over release cells of the flux (fraction 0..=1 of a release cell's mass) that
    /// passed through the cell: the reach probability of Flow-R.
    pub susceptibility: Raster<f32>,
    /// Maximum speed `√(2 g z_δ)` (m/s).
    pub max_velocity: Raster<f32>,
    /// Maximum over release cells of `atan((z_release − z_cell) / path length)` (degrees);
    /// NaN where no route arrived (release cells reached by no other release included).
    pub travel_angle: Raster<f32>,
    /// Longest horizontal path length from a release cell (m).
    pub travel_length: Raster<f32>,
    /// Number of release cells whose runout reaches the cell.
    pub release_count: Raster<f32>,
    /// Impact pressure `c ρ v²` at the maximum speed (kPa; Hübl et al. 2009).
    pub impact_pressure: Raster<f32>,
    /// Release cells (row, col) whose mass could not leave the cell (every neighbour above
    /// the energy line: flat or gentle ground, or `α` steeper than the slope). They count as
    /// reached by themselves only. When every release stalls, routing fails with
    /// [`crate::Error::NoRunout`] instead.
    pub stalled_releases: Vec<(usize, usize)>,
}

impl Runout {
    /// Name, unit and meaning of each field.
    pub const FIELDS: &'static [FieldInfo] = &[
        FieldInfo {
            name: "debris.susceptibility",
            unit: "-",
            meaning: "maximum reach probability (routed flux fraction) over release cells",
        },
        FieldInfo {
            name: "debris.max_velocity",
            unit: "m/s",
            meaning: "maximum energy-line speed sqrt(2 g z_delta)",
        },
        FieldInfo {
            name: "debris.travel_angle",
            unit: "deg",
            meaning: "maximum travel angle from a release cell (NaN = not reached)",
        },
        FieldInfo {
            name: "debris.travel_length",
            unit: "m",
            meaning: "longest horizontal path length from a release cell",
        },
        FieldInfo {
            name: "debris.release_count",
            unit: "-",
            meaning: "number of release cells reaching the cell",
        },
        FieldInfo {
            name: "debris.impact_pressure",
            unit: "kPa",
            meaning: "impact pressure c rho v^2 at the maximum speed",
        },
    ];

    /// A field by its name (`debris.*`), or `None`.
    ///
    /// ```
    /// # use hazsim_debris::{route_runout, Release, RunoutParams};
    /// # use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
    /// # let t = Terrain::new(Raster::new(ndarray::Array2::from_shape_fn((5, 5), |(r, _)| 50.0 - 5.0 * r as f32), GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616))).unwrap();
    /// let run = route_runout(&t, &Release::Cells(vec![(0, 2)]), &RunoutParams::default()).unwrap();
    /// assert_eq!(run.field("debris.susceptibility").unwrap().data[[0, 2]], 1.0);
    /// assert!(run.field("flood.depth").is_none());
    /// ```
    pub fn field(&self, name: &str) -> Option<&Raster<f32>> {
        Some(match name {
            "debris.susceptibility" => &self.susceptibility,
            "debris.max_velocity" => &self.max_velocity,
            "debris.travel_angle" => &self.travel_angle,
            "debris.travel_length" => &self.travel_length,
            "debris.release_count" => &self.release_count,
            "debris.impact_pressure" => &self.impact_pressure,
            _ => return None,
        })
    }

    /// Cells reached by any runout (`susceptibility > 0`).
    ///
    /// ```
    /// # use hazsim_debris::{route_runout, Release, RunoutParams};
    /// # use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
    /// # let t = Terrain::new(Raster::new(ndarray::Array2::from_shape_fn((5, 5), |(r, _)| 50.0 - 5.0 * r as f32), GeoTransform::north_up(0.0, 50.0, 10.0), Crs::epsg(32616))).unwrap();
    /// let run = route_runout(&t, &Release::Cells(vec![(0, 2)]), &RunoutParams::default()).unwrap();
    /// assert!(run.affected().data[[0, 2]]);
    /// ```
    pub fn affected(&self) -> Raster<bool> {
        self.susceptibility.map(|&v| v > 0.0)
    }
}
