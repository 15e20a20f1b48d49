//! `hazsim.debris`: debris-flow runout (hazsim-debris) from Python.
//!
//! `route()` runs energy-line routing (Flow-R / Flow-Py style) from release cells and returns a
//! `RunoutResult`. The engine runs with the GIL released; progress callbacks and Ctrl-C are
//! served between batches of release cells. Other debris methods (Voellmy flow, LAHARZ, slope
//! stability) are meant to sit beside `route` in this submodule.

use crate::convert::grid_input;
use crate::errors::{self, HazsimError};
use crate::progress::{check_callback, type_name, PyProgress};
use crate::raster::PyRaster;
use crate::terrain::PyTerrain;
use hazsim_debris::{Release, RoutingScheme, Runout, RunoutParams};
use hazsim_grid::Terrain;
use numpy::{PyUntypedArray, PyUntypedArrayMethods};
use pyo3::create_exception;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyUserWarning};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::ffi::CString;

create_exception!(
    hazsim.debris,
    StalledReleaseWarning,
    PyUserWarning,
    "Warned when some release cells cannot move (every neighbour above the energy line)."
);

/// A debris engine error as a Python exception; an exception raised by the callback (or
/// Ctrl-C) takes precedence over the engine's `Cancelled`.
fn debris_err(e: hazsim_debris::Error, progress: &mut PyProgress) -> PyErr {
    errors::engine(e, progress.error.take())
}

const RELEASE_FORM: &str = "a mask (hazsim.Raster or 2-D bool/uint8 array on the DEM's grid), \
     a list of (x, y) map points in the DEM's CRS, a GeoJSON dict (Polygon/MultiPolygon areas, \
     Point cells), a list of polygon rings (each a list of (x, y)), or with release_as='cells' \
     a list of (row, col) cells";

/// A polygon as rings (exterior first, then holes) of (x, y) vertices.
type Polygon = Vec<Vec<(f64, f64)>>;

/// A release from polygons and points: each kind checked on its own (so an error names it),
/// then merged into cells.
fn release_of_shapes(
    t: &Terrain,
    polygons: Vec<Polygon>,
    points: Vec<(f64, f64)>,
) -> PyResult<Release> {
    let err = |e: hazsim_debris::Error| HazsimError::new_err(format!("release: {e}"));
    match (polygons.is_empty(), points.is_empty()) {
        (false, true) => Ok(Release::Polygons(polygons)),
        (true, false) => Ok(Release::Points(points)),
        (true, true) => Err(errors::value(
            "release: the GeoJSON holds no Polygon, MultiPolygon or Point feature; give release areas in the DEM's CRS".to_string(),
        )),
        (false, false) => {
            let cols = t.dem().cols();
            let mut cells = Release::Polygons(polygons).cells(t).map_err(err)?;
            cells.extend(Release::Points(points).cells(t).map_err(err)?);
            Ok(Release::Cells(
                cells.into_iter().map(|i| (i / cols, i % cols)).collect(),
            ))
        }
    }
}

/// A release from a GeoJSON dict (FeatureCollection, Feature or geometry).
fn release_of_geojson(py: Python<'_>, obj: &Bound<'_, PyAny>, t: &Terrain) -> PyResult<Release> {
    let text: String = py
        .import("json")?
        .call_method1("dumps", (obj,))
        .map_err(|e| {
            errors::value(format!(
                "release: the dict is not JSON-serialisable GeoJSON: {e}"
            ))
        })?
        .extract()?;
    let set = hazsim_io::vector::read_geojson_str(&text, "release")
        .map_err(|e| errors::value(format!("release: {e}")))?;
    set.check_crs(t.dem(), "release").map_err(errors::io)?;
    let (polygons, points) = set.areas_and_points("release").map_err(errors::io)?;
    release_of_shapes(t, polygons, points)
}

/// Whether `obj` is a list of rings: its first item is a sequence of (x, y) pairs.
fn is_ring_list(obj: &Bound<'_, PyAny>) -> bool {
    fn first<'py>(o: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
        if o.is_instance_of::<PyString>() {
            return None;
        }
        o.try_iter().ok()?.next()?.ok()
    }
    first(obj)
        .and_then(|ring| first(&ring))
        .is_some_and(|vertex| vertex.extract::<f64>().is_err() && first(&vertex).is_some())
}

/// A release from a Python value (see `RELEASE_FORM`).
fn parse_release(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    t: &Terrain,
    release_as: &str,
) -> PyResult<Release> {
    let dem = t.dem();
    let as_cells = match release_as {
        "points" => false,
        "cells" => true,
        other => {
            return Err(errors::value(format!(
                "release_as {other:?}: expected 'points' ((x, y) map coordinates) or 'cells' ((row, col) indices)"
            )))
        }
    };
    let bad = || {
        PyTypeError::new_err(format!(
            "release: expected {RELEASE_FORM}; got {}",
            type_name(obj)
        ))
    };
    if obj.is_none() || obj.is_instance_of::<PyString>() {
        return Err(bad());
    }
    if obj.is_instance_of::<PyDict>() {
        return release_of_geojson(py, obj, t);
    }
    if obj.cast::<PyUntypedArray>().is_err() && is_ring_list(obj) {
        let mut polygons = Vec::new();
        for (k, ring) in obj.try_iter()?.enumerate() {
            let ring: Vec<(f64, f64)> = ring?.extract().map_err(|_| {
                errors::value(format!(
                    "release polygon {k}: expected a ring as a list of (x, y) pairs in the DEM's CRS"
                ))
            })?;
            if ring.len() < 3 || ring.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
                return Err(errors::value(format!(
                    "release polygon {k}: a ring needs at least 3 finite (x, y) vertices; got {} vertices",
                    ring.len()
                )));
            }
            polygons.push(vec![ring]);
        }
        return release_of_shapes(t, polygons, Vec::new());
    }
    if let Ok(r) = obj.cast::<PyRaster>() {
        // A raster mask keeps its own georeferencing; the engine checks it against the DEM.
        let m = r.get().to_f32(py)?;
        let nd = m.nodata;
        return Ok(Release::Mask(m.map(|&v| {
            v.is_finite() && v != 0.0 && nd.is_none_or(|n| v as f64 != n)
        })));
    }
    // A numpy array: a mask when 2-D with the DEM's shape (or boolean), pairs when (n, 2).
    if let Ok(ua) = obj.cast::<PyUntypedArray>() {
        let is_bool = ua.dtype().str()?.to_string().contains("bool");
        if ua.ndim() == 2 && (ua.shape() == [dem.rows(), dem.cols()] || is_bool) {
            let m = grid_input(py, obj, dem, "release mask")?;
            if m.shape() != dem.shape() {
                return Err(errors::value(format!(
                    "release mask: shape {:?} differs from the DEM's {:?}; give a mask on the DEM's grid, or a hazsim.Raster (its georeferencing is checked)",
                    m.shape(),
                    dem.shape()
                )));
            }
            return Ok(Release::Mask(m.map(|&v| v.is_finite() && v != 0.0)));
        }
        if ua.ndim() != 2 || ua.shape()[1] != 2 {
            return Err(errors::value(format!(
                "release: an array of shape {:?} is neither a mask of the DEM's shape {:?} nor an (n, 2) array of pairs",
                ua.shape(),
                dem.shape()
            )));
        }
    }
    let mut pairs = Vec::new();
    for item in obj.try_iter().map_err(|_| bad())? {
        let item = item?;
        let v: Vec<f64> = item.extract().map_err(|_| bad())?;
        if v.len() != 2 || v.iter().any(|x| !x.is_finite()) {
            return Err(errors::value(format!(
                "release: each item must be two finite numbers ({}); got {v:?}",
                if as_cells { "row, col" } else { "x, y" }
            )));
        }
        pairs.push((v[0], v[1]));
    }
    if !as_cells {
        return Ok(Release::Points(pairs));
    }
    let cells = pairs
        .into_iter()
        .map(|(r, c)| {
            if r < 0.0 || c < 0.0 || r.fract() != 0.0 || c.fract() != 0.0 {
                Err(errors::value(format!(
                    "release cell ({r}, {c}): rows and columns are non-negative integers inside the DEM's {} rows × {} cols",
                    dem.rows(),
                    dem.cols()
                )))
            } else {
                Ok((r as usize, c as usize))
            }
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Release::Cells(cells))
}

/// `"flow-r"` or `"flow-py"`.
fn parse_routing(s: &str) -> PyResult<RoutingScheme> {
    match s.to_ascii_lowercase().replace('_', "-").as_str() {
        "flow-r" | "flowr" => Ok(RoutingScheme::FlowR),
        "flow-py" | "flowpy" => Ok(RoutingScheme::FlowPy),
        _ => Err(errors::value(format!(
            "routing {s:?}: expected 'flow-r' (Holmgren on the energy line, Gamma persistence; default) or 'flow-py' (Flow-Py's terrain routing and persistence)"
        ))),
    }
}

/// `max_velocity=`: one cap (m/s) or a per-cell Raster / 2-D array (NaN = no cap).
#[derive(FromPyObject)]
pub enum MaxVelocity<'py> {
    /// One cap for the whole grid.
    Value(f64),
    /// A hazsim.Raster or 2-D array of caps.
    Grid(Bound<'py, PyAny>),
}

const FIELD_NAMES: [&str; 6] = [
    "debris.susceptibility",
    "debris.energy_line_speed",
    "debris.travel_angle",
    "debris.travel_length",
    "debris.release_count",
    "debris.energy_line_pressure",
];

fn fields_list<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
    PyList::new(
        py,
        Runout::FIELDS.iter().map(|f| (f.name, f.unit, f.meaning)),
    )
}

/// The maps of a runout: rasters on the DEM's grid.
///
/// Attributes
/// ----------
/// susceptibility : Raster
///     Maximum reach probability over release cells (routed fraction of a release cell's
///     mass, 0–1); 0 where no runout arrives.
/// energy_line_speed : Raster
///     Maximum energy-line speed ``sqrt(2 g z_delta)`` (m/s): the speed the energy line
///     allows, not a simulated flow speed (that is ``VoellmyResult.max_speed``).
/// travel_angle : Raster
///     Maximum travel angle from a release cell (degrees); NaN where no route arrived.
/// travel_length : Raster
///     Longest horizontal path length from a release cell (m).
/// release_count : Raster
///     Number of release cells whose runout reaches the cell.
/// energy_line_pressure : Raster
///     Impact pressure ``c rho v^2`` at the maximum energy-line speed (kPa).
/// fields : dict[str, Raster]
///     All of them by field name (``"debris.susceptibility"``, ...; see
///     ``hazsim.debris.FIELDS``). ``result["debris.susceptibility"]`` is the same.
/// release_cells : int
///     Number of distinct release cells routed.
/// stalled_releases : list[tuple[int, int]]
///     Release cells (row, col) that could not move (every neighbour above the energy line).
#[pyclass(name = "RunoutResult", module = "hazsim.debris", frozen)]
pub struct PyRunoutResult {
    fields: Vec<(&'static str, Py<PyRaster>)>,
    release_cells: usize,
    stalled: Vec<(usize, usize)>,
    affected: usize,
    max_velocity: f64,
    cell_area: f64,
}

impl PyRunoutResult {
    fn get(&self, py: Python<'_>, name: &str) -> Py<PyRaster> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| r.clone_ref(py))
            .expect("every debris field is stored")
    }
}

#[pymethods]
impl PyRunoutResult {
    /// Output rasters by field name (a new dict each time; the rasters are shared).
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (n, r) in &self.fields {
            d.set_item(*n, r.clone_ref(py))?;
        }
        Ok(d)
    }

    /// Maximum reach probability (0–1).
    #[getter]
    fn susceptibility(&self, py: Python<'_>) -> Py<PyRaster> {
        self.get(py, "debris.susceptibility")
    }

    /// Maximum energy-line speed (m/s).
    #[getter]
    fn energy_line_speed(&self, py: Python<'_>) -> Py<PyRaster> {
        self.get(py, "debris.energy_line_speed")
    }

    /// Maximum travel angle (degrees; NaN = not reached).
    #[getter]
    fn travel_angle(&self, py: Python<'_>) -> Py<PyRaster> {
        self.get(py, "debris.travel_angle")
    }

    /// Longest path length from a release cell (m).
    #[getter]
    fn travel_length(&self, py: Python<'_>) -> Py<PyRaster> {
        self.get(py, "debris.travel_length")
    }

    /// Number of release cells reaching each cell.
    #[getter]
    fn release_count(&self, py: Python<'_>) -> Py<PyRaster> {
        self.get(py, "debris.release_count")
    }

    /// Impact pressure at the maximum energy-line speed (kPa).
    #[getter]
    fn energy_line_pressure(&self, py: Python<'_>) -> Py<PyRaster> {
        self.get(py, "debris.energy_line_pressure")
    }

    /// Number of distinct release cells routed.
    #[getter]
    fn release_cells(&self) -> usize {
        self.release_cells
    }

    /// Release cells (row, col) that could not move.
    #[getter]
    fn stalled_releases(&self) -> Vec<(usize, usize)> {
        self.stalled.clone()
    }

    /// Affected area (m²): cells with susceptibility > 0.
    #[getter]
    fn affected_area(&self) -> f64 {
        self.affected as f64 * self.cell_area
    }

    /// Field names, in the order of ``hazsim.debris.FIELDS``.
    fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|(n, _)| *n).collect()
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyRaster>> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| r.clone_ref(py))
            .ok_or_else(|| {
                PyKeyError::new_err(format!(
                    "{name:?} is not a debris field; the fields are {:?}",
                    self.keys()
                ))
            })
    }

    fn __contains__(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| *n == name)
    }

    fn __len__(&self) -> usize {
        self.fields.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "RunoutResult(release_cells={}, stalled={}, affected_cells={}, affected_area={:.0} m2, energy_line_speed={:.2} m/s)",
            self.release_cells,
            self.stalled.len(),
            self.affected,
            self.affected as f64 * self.cell_area,
            self.max_velocity
        )
    }
}

/// Route debris flows from release cells over a terrain (energy-line runout) and return the
/// runout maps.
///
/// Each release cell is routed on its own with unit flux and zero speed. The mass spreads to
/// the neighbours below its energy line by Holmgren (1994) weights on the energy-line surface
/// with persistence (Gamma 2000), and the energy line at the travel angle ``alpha`` decides how
/// far and how fast it runs: ``z_delta_j = min(z_delta_i + z_i - z_j - L_ij tan(alpha),
/// v_max^2 / 2g)`` (Horton et al. 2013, NHESS 13:869–885; D'Amboise et al. 2022,
/// GMD 15:2423–2439). The maps keep the maximum over release cells. Runs with the GIL released;
/// the results do not depend on the thread count.
///
/// Parameters
/// ----------
/// terrain : Terrain
///     The DEM (metres, projected CRS). Routing runs on the unfilled DEM.
/// release : Raster, 2-D array, list of pairs, GeoJSON dict or list of rings
///     Where debris starts: a mask (non-zero cells; a ``hazsim.Raster`` is checked against the
///     DEM's grid, a 2-D bool/uint8 array must have the DEM's shape), or a list of ``(x, y)``
///     map points in the DEM's CRS, or with ``release_as="cells"`` a list of ``(row, col)``;
///     or polygons in the DEM's CRS: a GeoJSON dict (FeatureCollection, Feature or geometry;
///     Polygon/MultiPolygon features release every cell whose centre lies inside, Point
///     features their cell) or a list of rings, each a list of ``(x, y)`` (one polygon each).
///     A polygon that covers no cell centre is an error.
/// alpha : float, Raster or 2-D array
///     Travel angle in degrees, in (0, 90): one value, or one per cell (a step from cell ``i``
///     loses energy with the angle of ``i``). 11° for extreme debris flows (Horton et al.
///     2013); larger for smaller events. None: 11°.
/// exponent : float
///     Holmgren exponent in (0, 100]: 8 follows the flow lines, 1–4 spreads widely.
/// max_velocity : float, None, Raster or 2-D array
///     Speed cap v_max (m/s, ≥ 0), as the energy-height cap ``v_max^2 / 2g``; None: no cap.
///     A Raster or 2-D array on the DEM's grid gives a cap per cell (a step into cell ``j`` is
///     capped at ``v_max,j``); NaN cells have no cap.
/// persistence : float
///     Weight in [0, 1] of the previous direction (Gamma 2000 factors): 1 uses them fully, 0
///     ignores the direction the mass came from.
/// flux_threshold : float
///     Routes carrying less than this fraction of a release cell's mass are dropped and the
///     rest renormalised, in [0, 1).
/// density : float
///     Flow density (kg/m³) for the impact pressure.
/// impact_coefficient : float
///     Empirical coefficient c of the impact pressure ``c rho v^2`` (1–2 for debris flows).
/// release_as : str
///     How a list of pairs is read: ``"points"`` (x, y map coordinates; default) or
///     ``"cells"`` (row, col indices).
/// routing : str
///     ``"flow-r"`` (default): Holmgren weights on the energy-line surface with Gamma (2000)
///     persistence, as Flow-R. ``"flow-py"``: Flow-Py's terrain-gradient weights
///     ``tan((beta + 90°) / 2)`` and persistence (1 / 0.707 / 0), to match AvaFrame's com4FlowPy.
/// progress : callable or None
///     ``progress(fraction, stage)`` is called as batches of release cells finish and at the
///     end, with the GIL held. Returning ``False`` stops with ``hazsim.debris.Cancelled``; an
///     exception it raises propagates.
///
/// Returns
/// -------
/// RunoutResult
///
/// Raises
/// ------
/// HazsimError
///     Invalid input (the message names it): an angle outside (0°, 90°), a release outside the
///     grid, empty, or on another grid; or no runout at all (no release cell can move: every
///     one lies on ground flatter than ``alpha``).
/// Cancelled
///     The progress callback returned False.
///
/// Warns
/// -----
/// StalledReleaseWarning
///     Some release cells cannot move while others can; they are listed in
///     ``result.stalled_releases``.
///
/// Examples
/// --------
/// >>> t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
/// >>> release = t.slope().data > 28
/// >>> run = hazsim.debris.route(t, release, alpha=20.0)
/// >>> run.susceptibility.data.max()
#[pyfunction]
#[pyo3(signature = (
    terrain, release, *, alpha = None, exponent = 8.0, max_velocity = Some(MaxVelocity::Value(15.0)),
    persistence = 1.0, flux_threshold = 3e-4, density = 2000.0, impact_coefficient = 1.0,
    release_as = "points", routing = "flow-r", progress = None
))]
#[allow(clippy::too_many_arguments)]
pub fn route(
    py: Python<'_>,
    terrain: &Bound<'_, PyTerrain>,
    release: &Bound<'_, PyAny>,
    alpha: Option<&Bound<'_, PyAny>>,
    exponent: f64,
    max_velocity: Option<MaxVelocity<'_>>,
    persistence: f64,
    flux_threshold: f64,
    density: f64,
    impact_coefficient: f64,
    release_as: &str,
    routing: &str,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyRunoutResult> {
    let callback = check_callback(progress)?;
    let t = &terrain.get().inner;
    let dem = t.dem();
    let travel_angle = match alpha.filter(|a| !a.is_none()) {
        None => RunoutParams::default().travel_angle,
        Some(a) => crate::convert::field_input(py, a, dem, "alpha")?,
    };
    let max_velocity = match max_velocity {
        None => None,
        Some(MaxVelocity::Value(v)) => Some(hazsim_grid::Field::Uniform(v)),
        Some(MaxVelocity::Grid(g)) => {
            if g.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(
                    "max_velocity: expected a speed in m/s, None (no cap), or a Raster / 2-D array of caps per cell; got str",
                ));
            }
            Some(hazsim_grid::Field::Raster(grid_input(
                py,
                &g,
                dem,
                "max_velocity",
            )?))
        }
    };
    let params = RunoutParams {
        travel_angle,
        max_velocity,
        exponent,
        persistence,
        flux_threshold,
        density,
        impact_coefficient,
        routing: parse_routing(routing)?,
    };
    let release = parse_release(py, release, t, release_as)?;
    let n_release = release.cells(t).map(|c| c.len()).unwrap_or(0);
    let mut prog = PyProgress::new(callback);
    let out =
        py.detach(|| hazsim_debris::route_runout_with_progress(t, &release, &params, &mut prog));
    let run = out.map_err(|e| debris_err(e, &mut prog))?;
    prog.finish(py, "debris routing")?;
    if !run.stalled_releases.is_empty() {
        let (r, c) = run.stalled_releases[0];
        let msg = format!(
            "{} of {} release cells cannot move (first: row {r}, col {c}): every neighbour lies above the energy line; they are listed in result.stalled_releases. Release on slopes steeper than alpha, or lower alpha",
            run.stalled_releases.len(),
            n_release
        );
        let msg = CString::new(msg).expect("no NUL in the message");
        PyErr::warn(py, &py.get_type::<StalledReleaseWarning>(), &msg, 1)?;
    }
    let affected = run.susceptibility.data.iter().filter(|&&v| v > 0.0).count();
    let vmax = run
        .energy_line_speed
        .data
        .iter()
        .fold(0.0f32, |a, &b| a.max(b)) as f64;
    let stalled = run.stalled_releases.clone();
    let cell_area = t.cell_size() * t.cell_size();
    let fields = FIELD_NAMES
        .iter()
        .map(|&n| {
            let r = run.field(n).expect("every debris field exists").clone();
            Ok((n, Py::new(py, PyRaster::from_rust(py, r))?))
        })
        .collect::<PyResult<_>>()?;
    Ok(PyRunoutResult {
        fields,
        release_cells: n_release,
        stalled,
        affected,
        max_velocity: vmax,
        cell_area,
    })
}

/// Fills the `hazsim._native.debris` submodule.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add(
        "StalledReleaseWarning",
        py.get_type::<StalledReleaseWarning>(),
    )?;
    m.add_class::<PyRunoutResult>()?;
    m.add_function(wrap_pyfunction!(route, m)?)?;
    m.add("FIELDS", fields_list(py)?)?;
    Ok(())
}
