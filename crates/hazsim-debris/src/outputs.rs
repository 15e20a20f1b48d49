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
    /// `debris.energy_line_speed`: the maximum energy-line speed `√(2 g z_δ)` (m/s), the
    /// speed the energy line allows, not a simulated flow speed (that is Voellmy's
    /// `debris.max_speed`).
    pub energy_line_speed: Raster<f32>,
    /// Maximum over release cells of `atan((z_release − z_cell) / path length)` (degrees);
    /// NaN where no route arrived (release cells reached by no other release included).
    pub travel_angle: Raster<f32>,
    /// Longest horizontal path length from a release cell (m).
    pub travel_length: Raster<f32>,
    /// Number of release cells whose runout reaches the cell.
    pub release_count: Raster<f32>,
    /// `debris.energy_line_pressure`: impact pressure `c ρ v²` at the maximum energy-line
    /// speed (kPa; Hübl et al. 2009).
    pub energy_line_pressure: Raster<f32>,
    /// Release cells (row, col) whose mass could not leave the cell (every neighbour above
    /// the energy line: flat or gentle ground, or `α` steeper than the slope). They count as
    /// reached by themselves only. When every release stalls, routing fails with
    /// [`crate::Error::NoRunout`] instead.
    pub stalled_releases: Vec<(usize, usize)>,
}

impl Runout {
    /// Name, unit and meaning of each field (the registry's
    /// [`hazsim_grid::fields::DEBRIS_ROUTING`]).
    pub const FIELDS: &'static [FieldInfo] = hazsim_grid::fields::DEBRIS_ROUTING;

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
            "debris.energy_line_speed" => &self.energy_line_speed,
            "debris.travel_angle" => &self.travel_angle,
            "debris.travel_length" => &self.travel_length,
            "debris.release_count" => &self.release_count,
            "debris.energy_line_pressure" => &self.energy_line_pressure,
            _ => return None,
        })
    }

    /// A runout that reaches nothing, on `dem`'s grid (every map 0, `travel_angle` NaN).
    ///
    /// ```
    /// # use hazsim_grid::{Raster, GeoTransform, Crs};
    /// let dem = Raster::new(ndarray::Array2::<f32>::zeros((2, 3)), GeoTransform::north_up(0.0, 20.0, 10.0), Crs::epsg(32616));
    /// let r = hazsim_debris::Runout::empty(&dem);
    /// assert!(r.travel_angle.data[[0, 0]].is_nan());
    /// ```
    pub fn empty(dem: &Raster<f32>) -> Self {
        let zeros = || dem.map(|_| 0.0f32);
        Runout {
            susceptibility: zeros(),
            energy_line_speed: zeros(),
            travel_angle: dem.map(|_| f32::NAN),
            travel_length: zeros(),
            release_count: zeros(),
            energy_line_pressure: zeros(),
            stalled_releases: Vec::new(),
        }
    }

    /// Merges another runout on the same grid into this one, as if both releases had been
    /// routed together: maxima stay maxima (NaN travel angles ignored) and release counts add.
    pub fn merge(&mut self, other: &Runout) {
        let max = |a: &mut Raster<f32>, b: &Raster<f32>| {
            a.data.zip_mut_with(&b.data, |x, &y| {
                if x.is_nan() || y > *x {
                    *x = y
                }
            })
        };
        max(&mut self.susceptibility, &other.susceptibility);
        max(&mut self.energy_line_speed, &other.energy_line_speed);
        max(&mut self.travel_angle, &other.travel_angle);
        max(&mut self.travel_length, &other.travel_length);
        max(&mut self.energy_line_pressure, &other.energy_line_pressure);
        self.release_count
            .data
            .zip_mut_with(&other.release_count.data, |x, &y| *x += y);
        self.stalled_releases
            .extend_from_slice(&other.stalled_releases);
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
