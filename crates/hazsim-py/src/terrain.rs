//! `hazsim.Terrain` and the free terrain functions.

use crate::errors;
use crate::raster::PyRaster;
use hazsim_grid::{FillMethod, Raster, Terrain};
use numpy::PyArray2;
use pyo3::prelude::*;

/// A read-only numpy view of a raster cached inside the Terrain: no copy. The array keeps the
/// Terrain alive, and the cache never changes or moves once computed.
fn cached_view<T: numpy::Element>(slf: &Bound<'_, PyTerrain>, r: &Raster<T>) -> PyResult<PyRaster> {
    // SAFETY: `r` lives in a OnceLock inside `slf`, which is frozen: it is never mutated, moved
    // or dropped while `slf` is alive, and the array holds a reference to `slf`.
    let arr = unsafe { PyArray2::borrow_from_array(&r.data, slf.clone().into_any()) };
    arr.getattr("flags")?.setattr("writeable", false)?;
    Ok(PyRaster::from_parts(
        arr.into_any().unbind(),
        r.transform,
        r.crs.clone(),
        r.nodata,
    ))
}

/// An elevation raster (metres, projected CRS) with cached derivatives.
///
/// The DEM is checked once: north-up, projected CRS, square cells, no NaN/nodata holes (fill
/// them with ``Raster.fill_nodata()``). Each derivative is computed on first use, with the GIL
/// released, and cached; ``dem``, ``slope()``, ``aspect()``, ``filled()``, ``d8()`` and
/// ``d8_accumulation()`` return read-only views of the cache (no copy; ``.data.copy()`` to
/// modify).
///
/// Parameters
/// ----------
/// dem : Raster
///     Elevation in metres. Any dtype; it is copied to float32 once.
///
/// Examples
/// --------
/// >>> t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
/// >>> t.slope().data.max()  # degrees
#[pyclass(name = "Terrain", module = "hazsim", frozen)]
pub struct PyTerrain {
    pub(crate) inner: Terrain,
}

fn parse_fill(method: &str) -> PyResult<FillMethod> {
    match method.to_ascii_lowercase().as_str() {
        "epsilon" | "eps" => Ok(FillMethod::Epsilon),
        "flat" => Ok(FillMethod::Flat),
        _ => Err(errors::value(format!(
            "method {method:?}: expected 'epsilon' (every cell drains; for routing) or 'flat' (for depression depth)"
        ))),
    }
}

#[pymethods]
impl PyTerrain {
    #[new]
    fn new(py: Python<'_>, dem: &PyRaster) -> PyResult<Self> {
        let r = dem.to_f32(py)?;
        let inner = py.detach(|| Terrain::new(r)).map_err(errors::grid)?;
        Ok(PyTerrain { inner })
    }

    /// The elevation raster (float32, metres; a read-only view).
    #[getter]
    fn dem(slf: &Bound<'_, Self>) -> PyResult<PyRaster> {
        cached_view(slf, slf.get().inner.dem())
    }

    /// Cell size in metres.
    #[getter]
    fn cell_size(&self) -> f64 {
        self.inner.cell_size()
    }

    /// (rows, cols).
    #[getter]
    fn shape(&self) -> (usize, usize) {
        self.inner.shape()
    }

    /// Slope in degrees (Horn 1981).
    fn slope(slf: &Bound<'_, Self>) -> PyResult<PyRaster> {
        let t = &slf.get().inner;
        slf.py().detach(|| {
            let _ = t.slope();
        });
        cached_view(slf, t.slope())
    }

    /// Aspect: downslope direction in degrees clockwise from north; NaN on flat cells.
    fn aspect(slf: &Bound<'_, Self>) -> PyResult<PyRaster> {
        let t = &slf.get().inner;
        slf.py().detach(|| {
            let _ = t.aspect();
        });
        cached_view(slf, t.aspect())
    }

    /// Hillshade in 0..1 for light from `azimuth` degrees at `altitude` degrees, with vertical
    /// exaggeration `z_factor`.
    #[pyo3(signature = (azimuth = 315.0, altitude = 45.0, z_factor = 1.0))]
    fn hillshade(
        &self,
        py: Python<'_>,
        azimuth: f64,
        altitude: f64,
        z_factor: f64,
    ) -> PyResult<PyRaster> {
        let r = py
            .detach(|| self.inner.hillshade(azimuth, altitude, z_factor))
            .map_err(errors::grid)?;
        Ok(PyRaster::from_rust(py, r))
    }

    /// Depression-filled DEM (Priority-Flood+ε, Barnes et al. 2014): every cell drains.
    fn filled(slf: &Bound<'_, Self>) -> PyResult<PyRaster> {
        let t = &slf.get().inner;
        slf.py().detach(|| {
            let _ = t.filled();
        });
        cached_view(slf, t.filled())
    }

    /// Depth of depressions in metres: filled DEM minus DEM.
    fn depression_depth(&self, py: Python<'_>) -> PyRaster {
        let r = py.detach(|| self.inner.depression_depth());
        PyRaster::from_rust(py, r)
    }

    /// D8 flow directions on the filled DEM, uint8 ESRI codes: 1=E 2=SE 4=S 8=SW 16=W 32=NW
    /// 64=N 128=NE, 0 = outlet.
    fn d8(slf: &Bound<'_, Self>) -> PyResult<PyRaster> {
        let t = &slf.get().inner;
        slf.py().detach(|| {
            let _ = t.d8();
        });
        cached_view(slf, t.d8())
    }

    /// D8 flow accumulation (float64): cells draining through each cell, itself included.
    fn d8_accumulation(slf: &Bound<'_, Self>) -> PyResult<PyRaster> {
        let t = &slf.get().inner;
        slf.py().detach(|| {
            let _ = t.d8_accumulation();
        });
        cached_view(slf, t.d8_accumulation())
    }

    /// Upslope contributing area in m² (D8).
    fn contributing_area(&self, py: Python<'_>) -> PyRaster {
        let r = py.detach(|| self.inner.contributing_area());
        PyRaster::from_rust(py, r)
    }

    /// Holmgren (1994) MFD flow fractions, a float32 array of shape (rows, cols, 8) in the
    /// neighbour order E, SE, S, SW, W, NW, N, NE.
    #[pyo3(signature = (exponent = 1.1))]
    fn mfd_weights(&self, py: Python<'_>, exponent: f64) -> PyResult<Py<PyAny>> {
        let w = py
            .detach(|| self.inner.mfd_weights(exponent))
            .map_err(errors::grid)?;
        let (rows, cols) = w.shape();
        let flat: Vec<f32> = w
            .as_slice()
            .iter()
            .flat_map(|a| a.iter().copied())
            .collect();
        let arr = ndarray::Array3::from_shape_vec((rows, cols, 8), flat).expect("shape");
        Ok(numpy::PyArray3::from_owned_array(py, arr)
            .into_any()
            .unbind())
    }

    /// MFD flow accumulation (float64 cells) with Holmgren exponent `exponent`.
    #[pyo3(signature = (exponent = 1.1))]
    fn mfd_accumulation(&self, py: Python<'_>, exponent: f64) -> PyResult<PyRaster> {
        let r = py
            .detach(|| self.inner.mfd_accumulation(exponent))
            .map_err(errors::grid)?;
        Ok(PyRaster::from_rust(py, r))
    }

    fn __repr__(&self) -> String {
        let (rows, cols) = self.inner.shape();
        let s = self.inner.dem().statistics();
        let (lo, hi) = s.map(|s| (s.min, s.max)).unwrap_or((f64::NAN, f64::NAN));
        format!(
            "Terrain(shape=({rows}, {cols}), cell_size={} m, crs={}, elevation={lo:.1}..{hi:.1} m)",
            self.inner.cell_size(),
            self.inner.dem().crs
        )
    }
}

/// Fill depressions of a DEM raster. `method` is "epsilon" (default; every cell drains, for
/// flow routing) or "flat" (depressions become flat, for depression depth and volume). NaN and
/// nodata cells stay as they are and act as outlets.
#[pyfunction]
#[pyo3(signature = (dem, method = "epsilon"))]
pub fn fill_depressions(py: Python<'_>, dem: &PyRaster, method: &str) -> PyResult<PyRaster> {
    let m = parse_fill(method)?;
    let r = dem.to_f32(py)?;
    let out = py.detach(|| hazsim_grid::fill_depressions(&r, m));
    Ok(PyRaster::from_rust(py, out))
}

/// Hillshade (0..1) of a DEM raster that may contain NaN/nodata (those cells give NaN).
#[pyfunction]
#[pyo3(signature = (dem, azimuth = 315.0, altitude = 45.0, z_factor = 1.0))]
pub fn hillshade(
    py: Python<'_>,
    dem: &PyRaster,
    azimuth: f64,
    altitude: f64,
    z_factor: f64,
) -> PyResult<PyRaster> {
    let r = dem.to_f32(py)?;
    let out = py
        .detach(|| hazsim_grid::hillshade(&r, azimuth, altitude, z_factor))
        .map_err(errors::grid)?;
    Ok(PyRaster::from_rust(py, out))
}

/// Contour lines (isolines) of a raster at ``levels``, by marching squares over cell centres:
/// flood or fire isochrones from an arrival-time raster, depth contours. NaN/nodata cells break
/// lines; lines shorter than ``min_length`` (CRS units) are dropped.
///
/// Returns a list of polylines, each a list of (x, y) in the raster's CRS.
#[pyfunction]
#[pyo3(signature = (raster, levels, min_length = 0.0))]
pub fn contour_lines(
    py: Python<'_>,
    raster: &PyRaster,
    levels: Vec<f64>,
    min_length: f64,
) -> PyResult<Vec<Vec<(f64, f64)>>> {
    if let Some(l) = levels.iter().find(|l| !l.is_finite()) {
        return Err(errors::value(format!(
            "levels: {l} is not a finite contour level"
        )));
    }
    let r = raster.to_f32(py)?;
    let nd = r.nodata;
    let r = r.map(|&v| {
        if nd.is_some_and(|n| v as f64 == n) {
            f32::NAN
        } else {
            v
        }
    });
    Ok(py.detach(|| hazsim_grid::contour::contour_lines(&r, &levels, min_length)))
}

/// Fill NaN/nodata holes from their edges inwards; see ``Raster.fill_nodata``.
#[pyfunction]
#[pyo3(signature = (raster, max_passes = None))]
pub fn fill_nodata(
    py: Python<'_>,
    raster: &PyRaster,
    max_passes: Option<usize>,
) -> PyResult<PyRaster> {
    let r = raster.to_f32(py)?;
    let out = py
        .detach(|| hazsim_grid::fill_nodata(&r, max_passes))
        .map_err(errors::grid)?;
    Ok(PyRaster::from_rust(py, out))
}
