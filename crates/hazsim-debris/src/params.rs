//! Parameters of energy-line runout routing, with their checks.

use crate::energy_line::z_delta_of_velocity;
use crate::{Error, Result};
use hazsim_grid::{Field, Terrain};

/// How the mass is shared among the neighbours below the energy line.
///
/// ```
/// use hazsim_debris::RoutingScheme;
/// assert_eq!(RoutingScheme::default(), RoutingScheme::FlowR);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoutingScheme {
    /// Flow-R (Horton et al. 2013): Holmgren (1994) weights on the energy-line surface,
    /// `tan β_j = (z_i + z_δ,i − z_j) / L_ij`, with Gamma (2000) persistence. A fast mass
    /// spreads to its sides; diagonal steps weigh less (their `L` is √2 longer).
    #[default]
    FlowR,
    /// Flow-Py (D'Amboise et al. 2022, GMD 15:2423–2439): Holmgren weights on the terrain
    /// gradient mapped into (0°, 90°), `tan((β_j + 90°) / 2)` with `tan β_j = (z_i − z_j) / L_ij`,
    /// and Flow-Py's persistence (1 straight on, 0.707 at 45°, 0 beyond). Its results match
    /// Flow-Py's for the same α, exponent, cap and threshold.
    FlowPy,
}

/// Parameters of [`crate::route_runout`].
///
/// Defaults follow Horton et al. (2013) for extreme debris-flow events (travel angle 11°,
/// `v_max` = 15 m/s) and D'Amboise et al. (2022) for the routing (Holmgren exponent 8, flux
/// threshold 3·10⁻⁴).
///
/// ```
/// use hazsim_debris::{Field, RunoutParams};
/// let p = RunoutParams { travel_angle: Field::Uniform(15.0), ..Default::default() };
/// assert_eq!(p.exponent, 8.0);
/// assert_eq!(p.max_velocity, Some(Field::Uniform(15.0)));
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunoutParams {
    /// Travel angle `α` in degrees, in (0, 90).
    pub travel_angle: Field,
    /// Speed cap `v_max` (m/s, ≥ 0), as the kinetic energy height cap
    /// `z_δ,max = v_max² / (2g)`: one value, or one per cell on the DEM's grid (a step into
    /// cell `j` is capped at `z_δ,max,j`; NaN cells have no cap); `None` for no cap.
    ///
    /// ```
    /// use hazsim_debris::{Field, RunoutParams};
    /// use hazsim_grid::{Raster, GeoTransform, Crs};
    /// let cap = Raster::new(ndarray::Array2::from_elem((3, 3), 5.0f32), GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32616));
    /// let p = RunoutParams { max_velocity: Some(Field::Raster(cap)), ..Default::default() };
    /// assert!(p.max_velocity.is_some());
    /// ```
    pub max_velocity: Option<Field>,
    /// Holmgren (1994) exponent `x` (> 0, ≤ 100) on the energy-line surface; larger is more
    /// channelled (8 follows the flow lines closely, 1 spreads widely).
    pub exponent: f64,
    /// Persistence weight `γ` in [0, 1]: how much the previous flow direction matters
    /// (see [`crate::persistence`]).
    pub persistence: f64,
    /// Routes carrying less than this fraction of a release cell's mass are dropped and the
    /// rest renormalised, in [0, 1).
    pub flux_threshold: f64,
    /// Flow density `ρ` (kg/m³, > 0) for the impact pressure.
    pub density: f64,
    /// Impact coefficient `c` (> 0) for the impact pressure (≈ 1–2 for debris flows).
    pub impact_coefficient: f64,
    /// Routing and persistence scheme (Flow-R by default).
    pub routing: RoutingScheme,
}

impl hazsim_grid::FieldInputs for RunoutParams {
    /// `travel_angle` and `max_velocity`.
    fn field_inputs_mut(&mut self) -> Vec<(String, &mut Field)> {
        let mut v = vec![("travel_angle".to_string(), &mut self.travel_angle)];
        if let Some(cap) = &mut self.max_velocity {
            v.push(("max_velocity".to_string(), cap));
        }
        v
    }
}

impl Default for RunoutParams {
    fn default() -> Self {
        RunoutParams {
            travel_angle: Field::Uniform(11.0),
            max_velocity: Some(Field::Uniform(15.0)),
            exponent: 8.0,
            persistence: 1.0,
            flux_threshold: 3e-4,
            density: 2000.0,
            impact_coefficient: 1.0,
            routing: RoutingScheme::FlowR,
        }
    }
}

/// Checked parameters in the form the router uses.
#[derive(Debug)]
pub(crate) struct Checked {
    /// tan α per cell (row-major), or one value.
    pub tan_alpha: TanAlpha,
    pub z_delta_max: CellValue,
    pub exponent: f64,
    pub persistence: f64,
    pub flux_threshold: f64,
    pub routing: RoutingScheme,
}

/// A checked value, uniform or per cell (row-major).
#[derive(Debug)]
pub(crate) enum CellValue {
    Uniform(f64),
    PerCell(Vec<f64>),
}

pub(crate) type TanAlpha = CellValue;

impl CellValue {
    #[inline]
    pub fn at(&self, i: usize) -> f64 {
        match self {
            CellValue::Uniform(t) => *t,
            CellValue::PerCell(v) => v[i],
        }
    }
}

const MAX_VELOCITY_EXPECTED: &str = "a speed cap in m/s ≥ 0 (Horton et al. 2013 suggest 15 m/s for debris flows), or None for no cap";

fn check_angle(name: &str, a: f64) -> Result<f64> {
    if a.is_finite() && a > 0.0 && a < 90.0 {
        Ok(a.to_radians().tan())
    } else {
        Err(Error::param(
            name,
            a,
            "a travel angle in degrees in (0, 90); debris flows run out at 11–20°, snow avalanches at 20–30°",
        ))
    }
}

impl RunoutParams {
    /// Check every parameter against `terrain`; errors name the parameter.
    ///
    /// ```
    /// use hazsim_debris::{Field, RunoutParams};
    /// use hazsim_grid::{Raster, GeoTransform, Crs, Terrain};
    /// let t = Terrain::new(Raster::new(ndarray::Array2::zeros((3, 3)), GeoTransform::north_up(0.0, 30.0, 10.0), Crs::epsg(32616))).unwrap();
    /// let p = RunoutParams { travel_angle: Field::Uniform(95.0), ..Default::default() };
    /// assert!(p.validate(&t).unwrap_err().to_string().contains("travel_angle"));
    /// ```
    pub fn validate(&self, terrain: &Terrain) -> Result<()> {
        self.check(terrain).map(|_| ())
    }

    pub(crate) fn check(&self, terrain: &Terrain) -> Result<Checked> {
        let tan_alpha = match &self.travel_angle {
            Field::Path(p) => return Err(Field::unread("travel_angle (alpha)", p).into()),
            Field::Uniform(a) => TanAlpha::Uniform(check_angle("travel_angle (alpha)", *a)?),
            Field::Raster(r) => {
                terrain
                    .dem()
                    .check_same_grid(r, "DEM", "travel_angle raster")
                    .map_err(|e| Error::grid("travel_angle (alpha)", e))?;
                let cols = r.cols();
                let mut v = Vec::with_capacity(r.rows() * cols);
                for ((row, col), &a) in r.data.indexed_iter() {
                    v.push(check_angle(
                        &format!("travel_angle (alpha) at raster cell row {row}, col {col}"),
                        a as f64,
                    )?);
                }
                TanAlpha::PerCell(v)
            }
        };
        let z_delta_max = match &self.max_velocity {
            Some(Field::Raster(r)) => {
                let name = "max_velocity";
                terrain
                    .dem()
                    .check_same_grid(r, "DEM", "max_velocity raster")
                    .map_err(|e| Error::grid(name, e))?;
                let nd = r.nodata;
                let mut v = Vec::with_capacity(r.rows() * r.cols());
                for ((row, col), &cap) in r.data.indexed_iter() {
                    let cap = cap as f64;
                    // z_δ,max = v_max² / (2g) (Horton et al. 2013); NaN or nodata: no cap here.
                    v.push(if cap.is_nan() || nd == Some(cap) {
                        f64::INFINITY
                    } else if cap.is_finite() && cap >= 0.0 {
                        z_delta_of_velocity(cap)
                    } else {
                        return Err(Error::param(
                            name,
                            format!("{cap} at raster cell row {row}, col {col}"),
                            "a speed cap in m/s ≥ 0 per cell, or NaN for no cap in that cell",
                        ));
                    });
                }
                CellValue::PerCell(v)
            }
            Some(Field::Path(p)) => return Err(Field::unread("max_velocity", p).into()),
            None => CellValue::Uniform(f64::INFINITY),
            Some(Field::Uniform(v)) if v.is_finite() && *v >= 0.0 => {
                CellValue::Uniform(z_delta_of_velocity(*v))
            }
            Some(Field::Uniform(v)) => {
                return Err(Error::param("max_velocity", v, MAX_VELOCITY_EXPECTED))
            }
        };
        if !(self.exponent.is_finite() && self.exponent > 0.0 && self.exponent <= 100.0) {
            return Err(Error::param(
                "exponent",
                self.exponent,
                "a Holmgren exponent in (0, 100]; 8 for channelled debris flows, 1–4 to spread widely",
            ));
        }
        if !(self.persistence.is_finite() && (0.0..=1.0).contains(&self.persistence)) {
            return Err(Error::param(
                "persistence",
                self.persistence,
                "a weight in [0, 1]; 1 uses Gamma (2000) persistence fully, 0 ignores the previous direction",
            ));
        }
        if !(self.flux_threshold.is_finite() && (0.0..1.0).contains(&self.flux_threshold)) {
            return Err(Error::param(
                "flux_threshold",
                self.flux_threshold,
                "a fraction in [0, 1); 3e-4 is the Flow-Py default",
            ));
        }
        if !(self.density.is_finite() && self.density > 0.0 && self.density <= 1e4) {
            return Err(Error::param(
                "density",
                self.density,
                "a flow density in kg/m³ in (0, 10000]; 1800–2300 for debris flows",
            ));
        }
        if !(self.impact_coefficient.is_finite()
            && self.impact_coefficient > 0.0
            && self.impact_coefficient <= 100.0)
        {
            return Err(Error::param(
                "impact_coefficient",
                self.impact_coefficient,
                "an impact coefficient in (0, 100]; 1–2 for debris flows (Hübl et al. 2009)",
            ));
        }
        Ok(Checked {
            tan_alpha,
            z_delta_max,
            exponent: self.exponent,
            persistence: self.persistence,
            flux_threshold: self.flux_threshold,
            routing: self.routing,
        })
    }
}
