//! [`VoellmyConfig`]: everything a Voellmy flow run needs besides the terrain. Times in seconds,
//! lengths in metres, SI units throughout except the impact pressure (kPa).

use hazsim_grid::{Field, Raster};

/// How the flowing mass enters the domain.
///
/// ```
/// use hazsim_debris::voellmy::VoellmyRelease;
/// // 20 m³/s rising to 50 m³/s at 30 s and stopping at 60 s, entering at (x, y) = (105, 95).
/// let r = VoellmyRelease::Hydrograph { x: 105.0, y: 95.0, discharge: vec![(0.0, 20.0), (30.0, 50.0), (60.0, 0.0)] };
/// assert!(matches!(r, VoellmyRelease::Hydrograph { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum VoellmyRelease {
    /// Nothing at t = 0: material enters later through the `debris.release_depth` input (as a
    /// scenario's chain releases it).
    #[default]
    None,
    /// A block released at t = 0: depth (m, vertical, i.e. volume per plan area) per cell on the
    /// DEM's grid; 0 outside the release area. See [`VoellmyRelease::block`] to build one from a
    /// mask. (A raster in memory: not written into configuration files.)
    #[serde(skip)]
    Depth(Raster<f32>),
    /// A point inflow at world coordinates (x, y) in the DEM's CRS with a discharge hydrograph:
    /// (time s, discharge m³/s) points with increasing times, interpolated linearly between them
    /// and zero before the first and after the last point.
    Hydrograph {
        /// Easting of the inflow point.
        x: f64,
        /// Northing of the inflow point.
        y: f64,
        /// (time s, discharge m³/s), times strictly increasing.
        discharge: Vec<(f64, f64)>,
    },
    /// A block of `volume` m³ released at t = 0 around the map point (x, y), spread evenly
    /// over the cells whose centres lie within `radius` m of it (the nearest cell alone when
    /// the disc holds no cell centre): a landslide scar of known volume.
    ///
    /// ```
    /// use hazsim_debris::voellmy::VoellmyRelease;
    /// let r: VoellmyRelease = toml::from_str("block = { x = 105.0, y = 95.0, volume = 5000.0, radius = 15.0 }").unwrap();
    /// assert!(matches!(r, VoellmyRelease::Block { volume, .. } if volume == 5000.0));
    /// ```
    Block {
        /// Easting of the centre.
        x: f64,
        /// Northing of the centre.
        y: f64,
        /// Volume released (m³).
        volume: f64,
        /// Radius of the disc (m); 0 for one cell. Default [`DEFAULT_BLOCK_RADIUS`].
        #[serde(default = "default_block_radius")]
        radius: f64,
    },
}

impl VoellmyRelease {
    /// A block of uniform `depth` (m) on the `true` cells of `mask`.
    ///
    /// ```
    /// use hazsim_debris::voellmy::VoellmyRelease;
    /// use hazsim_grid::{Crs, GeoTransform, Raster};
    /// let m = Raster::new(ndarray::array![[false, true], [true, false]], GeoTransform::north_up(0.0, 2.0, 1.0), Crs::epsg(32616));
    /// let VoellmyRelease::Depth(d) = VoellmyRelease::block(&m, 2.5) else { unreachable!() };
    /// assert_eq!(d.data, ndarray::array![[0.0, 2.5], [2.5, 0.0]]);
    /// ```
    pub fn block(mask: &Raster<bool>, depth: f32) -> Self {
        VoellmyRelease::Depth(mask.map(|&m| if m { depth } else { 0.0 }))
    }
}

/// What happens to flow reaching the edge of the DEM.
///
/// ```
/// use hazsim_debris::voellmy::Edge;
/// assert_eq!(Edge::default(), Edge::Open);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edge {
    /// Material flowing outwards leaves the domain (counted as outflow); nothing flows in.
    #[default]
    Open,
    /// A wall: no mass crosses and the momentum normal to the wall is removed.
    Closed,
}

/// The condition on each edge of the DEM: the shared [`hazsim_grid::Edges`] of [`Edge`]s, open
/// by default.
///
/// ```
/// use hazsim_debris::voellmy::{Edge, Edges};
/// let e = Edges::all(Edge::Closed);
/// assert_eq!(e.north, Edge::Closed);
/// assert_eq!(Edges::default().east, Edge::Open);
/// ```
pub type Edges = hazsim_grid::Edges<Edge>;

/// Configuration of a Voellmy flow run.
///
/// ```
/// use hazsim_debris::voellmy::{VoellmyConfig, VoellmyRelease};
/// use hazsim_grid::Field;
/// let cfg = VoellmyConfig {
///     mu: Field::Uniform(0.15),
///     duration: 120.0,
///     ..VoellmyConfig::new(VoellmyRelease::Hydrograph { x: 0.0, y: 0.0, discharge: vec![(0.0, 10.0), (20.0, 0.0)] })
/// };
/// assert_eq!(cfg.density, 2000.0);
/// assert_eq!(cfg.cfl, 0.5);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VoellmyConfig {
    /// Release.
    pub release: VoellmyRelease,
    /// Coulomb friction coefficient μ (−), > 0. Default 0.2 (RAMMS::DEBRISFLOW users typically
    /// calibrate 0.05–0.4).
    pub mu: Field,
    /// Turbulent friction coefficient ξ (m/s²), > 0. Default 500 (typical range 100–1000).
    pub xi: Field,
    /// Bulk density ρ (kg/m³) of the flow, for the impact pressure ρ v². Default 2000, a
    /// debris flow of about 60 % sediment by volume (Iverson 1997 gives 1800–2300).
    pub density: f64,
    /// Initial horizontal velocity (east, north) in m/s of a [`VoellmyRelease::Depth`] block;
    /// default (0, 0), released at rest.
    pub initial_velocity: (f64, f64),
    /// Length of the run (s) for [`crate::voellmy::simulate_voellmy`]; default 300.
    pub duration: f64,
    /// Interval (s) of the output series ([`crate::voellmy::VoellmySimulation::series`]);
    /// `None` (default) records the start and the end only. A step lands on every output time.
    pub output_interval: Option<f64>,
    /// Courant number in Δt = cfl·Δx / max(|u| + c + |v| + c), in (0, 1]; default 0.5. Depths stay
    /// non-negative for cfl ≤ 1 (first-order Rusanov scheme).
    pub cfl: f64,
    /// Upper limit of the time step (s); default 1.
    pub max_dt: f64,
    /// Depth (m) below which a cell holds no momentum; default 1e-4.
    pub dry_depth: f64,
    /// Depth (m) a cell's maximum depth must reach to count for the runout length; default 0.05.
    pub runout_threshold: f64,
    /// Edge conditions; default open on all sides.
    pub edges: Edges,
    /// Speed (m/s) above which the run is declared unstable; default 100.
    pub max_speed: f64,
}

/// The radius (m) of a [`VoellmyRelease::Block`] when none is given.
pub const DEFAULT_BLOCK_RADIUS: f64 = 15.0;

fn default_block_radius() -> f64 {
    DEFAULT_BLOCK_RADIUS
}

impl hazsim_grid::FieldInputs for VoellmyConfig {
    /// `mu` and `xi`.
    fn field_inputs_mut(&mut self) -> Vec<(String, &mut Field)> {
        vec![
            ("mu".to_string(), &mut self.mu),
            ("xi".to_string(), &mut self.xi),
        ]
    }
}

impl Default for VoellmyConfig {
    /// No release at t = 0 ([`VoellmyRelease::None`]) and every parameter at its default.
    fn default() -> Self {
        VoellmyConfig::new(VoellmyRelease::None)
    }
}

impl VoellmyConfig {
    /// A configuration with `release` and every other field at its default.
    pub fn new(release: VoellmyRelease) -> Self {
        VoellmyConfig {
            release,
            mu: Field::Uniform(0.2),
            xi: Field::Uniform(500.0),
            density: 2000.0,
            initial_velocity: (0.0, 0.0),
            duration: 300.0,
            output_interval: None,
            cfl: 0.5,
            max_dt: 1.0,
            dry_depth: 1e-4,
            runout_threshold: 0.05,
            edges: Edges::default(),
            max_speed: 100.0,
        }
    }
}
