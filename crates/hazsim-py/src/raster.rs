//! `hazsim.Raster`: a numpy array with a geotransform, a CRS and a nodata value.

use crate::{convert, errors};
use hazsim_grid::{Crs, GeoTransform, Raster};
use hazsim_io::AnyRaster;
use numpy::{PyArray2, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// dtypes a Raster may hold.
const DTYPES: &str = "float32, float64, int16, int32, uint8 or uint16";

/// A georeferenced 2-D grid: a numpy array (row 0 is north), a GDAL geotransform, a CRS and an
/// optional nodata value.
///
/// Parameters
/// ----------
/// data : array_like, 2-D
///     Cell values; float32, float64, int16, int32, uint8 or uint16. A numpy array of one of
///     those dtypes is kept as it is, without a copy.
/// transform : tuple of 6 floats or affine.Affine
///     GDAL geotransform ``(x_min, cell_width, 0, y_max, 0, -cell_height)`` of the upper-left
///     cell corner, in CRS units (metres for projected CRSs).
/// crs : int, str, rasterio/pyproj CRS or None
///     ``32616``, ``"EPSG:32616"`` or WKT text.
/// nodata : float or None
///     Value marking missing cells. NaN is always treated as missing.
///
/// Examples
/// --------
/// >>> import numpy as np, hazsim
/// >>> r = hazsim.Raster(np.zeros((3, 4), np.float32), transform=(500000, 10, 0, 4000000, 0, -10), crs=32616)
/// >>> r.shape, r.cell_size
/// ((3, 4), 10.0)
#[pyclass(name = "Raster", module = "hazsim", frozen)]
pub struct PyRaster {
    data: Py<PyAny>,
    pub transform: GeoTransform,
    pub crs: Crs,
    pub nodata: Option<f64>,
}

impl PyRaster {
    /// Wrap a Rust raster (moves the buffer into numpy; no copy).
    pub fn from_rust<T: numpy::Element>(py: Python<'_>, r: Raster<T>) -> Self {
        let (data, transform, crs, nodata) = convert::raster_parts(r);
        PyRaster {
            data: convert::array_to_py(py, data),
            transform,
            crs,
            nodata,
        }
    }

    /// Wrap an existing numpy array object with grid metadata.
    pub fn from_parts(
        data: Py<PyAny>,
        transform: GeoTransform,
        crs: Crs,
        nodata: Option<f64>,
    ) -> Self {
        PyRaster {
            data,
            transform,
            crs,
            nodata,
        }
    }

    /// Wrap whatever typed raster a file held.
    pub fn from_any(py: Python<'_>, r: AnyRaster) -> Self {
        match r {
            AnyRaster::F32(r) => Self::from_rust(py, r),
            AnyRaster::F64(r) => Self::from_rust(py, r),
            AnyRaster::I16(r) => Self::from_rust(py, r),
            AnyRaster::I32(r) => Self::from_rust(py, r),
            AnyRaster::U8(r) => Self::from_rust(py, r),
            AnyRaster::U16(r) => Self::from_rust(py, r),
        }
    }

    fn meta<T>(&self, data: ndarray::Array2<T>) -> Raster<T> {
        Raster {
            data,
            transform: self.transform,
            crs: self.crs.clone(),
            nodata: self.nodata,
        }
    }

    /// A copy of the data as a Rust f32 raster (any dtype converts).
    pub fn to_f32(&self, py: Python<'_>) -> PyResult<Raster<f32>> {
        Ok(self.meta(convert::to_f32(py, self.data.bind(py))?))
    }

    /// A copy of the data as a Rust raster of its own dtype.
    pub fn to_any(&self, py: Python<'_>) -> PyResult<AnyRaster> {
        let a = self.data.bind(py);
        macro_rules! try_dtype {
            ($($t:ty => $v:ident),*) => {$(
                if a.cast::<PyArray2<$t>>().is_ok() {
                    return Ok(AnyRaster::$v(self.meta(convert::owned::<$t>(a)?)));
                }
            )*};
        }
        try_dtype!(f32 => F32, f64 => F64, i16 => I16, i32 => I32, u8 => U8, u16 => U16);
        Err(errors::value(format!(
            "Raster dtype {} cannot be stored; use one of {DTYPES}, e.g. raster.astype('float32')",
            convert::dtype_name(a)?
        )))
    }

    /// Rust-side check and error if the data's dtype is unsupported.
    fn check_array(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let np = py.import("numpy")?;
        let arr = np.call_method1("asarray", (data,))?;
        let ua = arr
            .cast::<PyUntypedArray>()
            .map_err(|_| errors::value("data must be array-like"))?;
        if ua.ndim() != 2 {
            return Err(errors::value(format!(
                "data must be 2-D (rows, cols); got {} dimension(s) with shape {:?}; take one band, e.g. data[0]",
                ua.ndim(),
                ua.shape()
            )));
        }
        let ok = arr.cast::<PyArray2<f32>>().is_ok()
            || arr.cast::<PyArray2<f64>>().is_ok()
            || arr.cast::<PyArray2<i16>>().is_ok()
            || arr.cast::<PyArray2<i32>>().is_ok()
            || arr.cast::<PyArray2<u8>>().is_ok()
            || arr.cast::<PyArray2<u16>>().is_ok();
        if !ok {
            return Err(errors::value(format!(
                "data dtype {} is not supported; use one of {DTYPES}, e.g. data.astype('float32')",
                ua.dtype().str()?
            )));
        }
        Ok(arr.unbind())
    }
}

#[pymethods]
impl PyRaster {
    #[new]
    #[pyo3(signature = (data, transform, crs = None, nodata = None))]
    fn new(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        transform: &Bound<'_, PyAny>,
        crs: Option<&Bound<'_, PyAny>>,
        nodata: Option<f64>,
    ) -> PyResult<Self> {
        let data = Self::check_array(py, data)?;
        Ok(PyRaster {
            data,
            transform: convert::parse_transform(transform)?,
            crs: convert::parse_crs(crs)?,
            nodata,
        })
    }

    /// The cell values as a numpy array (the same object each time; no copy).
    #[getter]
    fn data(&self, py: Python<'_>) -> Py<PyAny> {
        self.data.clone_ref(py)
    }

    /// GDAL geotransform (x_min, cell_width, row_rotation, y_max, col_rotation, -cell_height).
    #[getter]
    fn transform<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.transform.0)
    }

    /// The CRS as "EPSG:nnnn", WKT text, or None when unknown.
    #[getter]
    fn crs(&self) -> Option<String> {
        match (&self.crs.epsg, &self.crs.wkt) {
            (Some(c), _) => Some(format!("EPSG:{c}")),
            (None, Some(w)) => Some(w.clone()),
            _ => None,
        }
    }

    /// The EPSG code, or None.
    #[getter]
    fn epsg(&self) -> Option<u32> {
        self.crs.epsg
    }

    /// WKT text of the CRS when known, else None.
    #[getter]
    fn crs_wkt(&self) -> Option<String> {
        self.crs.wkt.clone()
    }

    /// True when the CRS is geographic (degrees).
    #[getter]
    fn is_geographic(&self) -> bool {
        self.crs.is_geographic()
    }

    /// The nodata value, or None.
    #[getter]
    fn nodata(&self) -> Option<f64> {
        self.nodata
    }

    /// (rows, cols).
    #[getter]
    fn shape(&self, py: Python<'_>) -> PyResult<(usize, usize)> {
        let a = self.data.bind(py).cast::<PyUntypedArray>()?;
        let s = a.shape();
        Ok((s[0], s[1]))
    }

    /// numpy dtype of the data.
    #[getter]
    fn dtype(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self.data.bind(py).getattr("dtype")?.unbind())
    }

    /// Cell size in CRS units (metres when projected). Raises if cells are not square.
    #[getter]
    fn cell_size(&self) -> PyResult<f64> {
        self.shell(1, 1).cell_size().map_err(errors::grid)
    }

    /// (x_min, y_min, x_max, y_max) of the outer cell edges.
    #[getter]
    fn bounds(&self, py: Python<'_>) -> PyResult<(f64, f64, f64, f64)> {
        let (rows, cols) = self.shape(py)?;
        let b = self.shell(rows, cols).bounds();
        Ok((b.x_min, b.y_min, b.x_max, b.y_max))
    }

    /// World (x, y) of the centre of cell (row, col).
    fn cell_center(&self, row: usize, col: usize) -> (f64, f64) {
        self.transform.apply(col as f64 + 0.5, row as f64 + 0.5)
    }

    /// The (row, col) of the cell containing world point (x, y), or None outside the grid.
    fn cell_index(&self, py: Python<'_>, x: f64, y: f64) -> PyResult<Option<(usize, usize)>> {
        let (rows, cols) = self.shape(py)?;
        Ok(self.shell(rows, cols).cell_index(x, y))
    }

    /// True when `other` has the same shape, transform and CRS.
    fn same_grid(&self, py: Python<'_>, other: &PyRaster) -> PyResult<bool> {
        let (a, b) = (self.shape(py)?, other.shape(py)?);
        Ok(self.shell(a.0, a.1).same_grid(&other.shell(b.0, b.1)))
    }

    /// Boolean numpy array, True where the cell is NaN or equals nodata.
    fn nodata_mask(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let r = self.to_f32(py)?;
        let m = py.detach(|| r.nodata_mask());
        Ok(convert::array_to_py(py, m))
    }

    /// Valid-cell statistics as a dict: min, max, mean, std, valid, missing.
    fn statistics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = self
            .to_any(py)
            .or_else(|_| self.to_f32(py).map(AnyRaster::F32))?;
        let s = py.detach(|| match &r {
            AnyRaster::F32(r) => r.statistics(),
            AnyRaster::F64(r) => r.statistics(),
            AnyRaster::I16(r) => r.statistics(),
            AnyRaster::I32(r) => r.statistics(),
            AnyRaster::U8(r) => r.statistics(),
            AnyRaster::U16(r) => r.statistics(),
        });
        let d = PyDict::new(py);
        match s {
            Some(s) => {
                d.set_item("min", s.min)?;
                d.set_item("max", s.max)?;
                d.set_item("mean", s.mean)?;
                d.set_item("std", s.std)?;
                d.set_item("valid", s.valid)?;
                d.set_item("missing", s.missing)?;
            }
            None => {
                let (rows, cols) = self.shape(py)?;
                d.set_item("valid", 0)?;
                d.set_item("missing", rows * cols)?;
            }
        }
        Ok(d)
    }

    /// A float32 copy with NaN/nodata holes filled from their edges inwards (see
    /// ``hazsim.fill_nodata``).
    #[pyo3(signature = (max_passes = None))]
    fn fill_nodata(&self, py: Python<'_>, max_passes: Option<usize>) -> PyResult<PyRaster> {
        let r = self.to_f32(py)?;
        let out = py
            .detach(|| hazsim_grid::fill_nodata(&r, max_passes))
            .map_err(errors::grid)?;
        Ok(PyRaster::from_rust(py, out))
    }

    /// A copy with the data converted to `dtype` (e.g. "float32"), same grid and nodata.
    fn astype(&self, py: Python<'_>, dtype: &Bound<'_, PyAny>) -> PyResult<PyRaster> {
        let arr = self.data.bind(py).call_method1("astype", (dtype,))?;
        Ok(PyRaster {
            data: Self::check_array(py, &arr)?,
            transform: self.transform,
            crs: self.crs.clone(),
            nodata: self.nodata,
        })
    }

    /// A raster on the same grid and CRS holding `data` (same shape), with optional nodata.
    #[pyo3(signature = (data, nodata = None))]
    fn like(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        nodata: Option<f64>,
    ) -> PyResult<PyRaster> {
        let arr = Self::check_array(py, data)?;
        let shape = arr.bind(py).cast::<PyUntypedArray>()?.shape().to_vec();
        let mine = self.shape(py)?;
        if shape != [mine.0, mine.1] {
            return Err(errors::value(format!(
                "like(): data has shape {shape:?} but this raster is {mine:?}"
            )));
        }
        Ok(PyRaster {
            data: arr,
            transform: self.transform,
            crs: self.crs.clone(),
            nodata,
        })
    }

    /// Write to GeoTIFF (.tif) or ESRI ASCII grid (.asc); see ``hazsim.write_raster``.
    #[pyo3(signature = (path, compression = "deflate", tiled = false))]
    fn write(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        compression: &str,
        tiled: bool,
    ) -> PyResult<()> {
        crate::io::write_impl(py, self, &path, compression, tiled)
    }

    /// Convert to a rasterio in-memory dataset (``rasterio.io.MemoryFile``-backed, opened for
    /// reading). Requires rasterio.
    fn to_rasterio(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        interop(slf.py(), "to_rasterio", (slf,))
    }

    /// Convert to an ``xarray.DataArray`` with x/y coordinates of cell centres and the CRS,
    /// transform and nodata in ``attrs``. Requires xarray.
    fn to_xarray(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        interop(slf.py(), "to_xarray", (slf,))
    }

    /// Build a Raster from an open rasterio dataset (band 1 by default).
    #[staticmethod]
    #[pyo3(signature = (dataset, band = 1))]
    fn from_rasterio(
        py: Python<'_>,
        dataset: &Bound<'_, PyAny>,
        band: usize,
    ) -> PyResult<Py<PyAny>> {
        interop(py, "from_rasterio", (dataset, band))
    }

    /// Build a Raster from a 2-D ``xarray.DataArray`` with regular x/y coordinates.
    #[staticmethod]
    #[pyo3(signature = (array, crs = None))]
    fn from_xarray(
        py: Python<'_>,
        array: &Bound<'_, PyAny>,
        crs: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        interop(py, "from_xarray", (array, crs))
    }

    fn __array__(&self, py: Python<'_>) -> Py<PyAny> {
        self.data.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let (rows, cols) = self.shape(py)?;
        let dt = self.data.bind(py).getattr("dtype")?.str()?.to_string();
        let cell = match self.cell_size() {
            Ok(c) => format!("{c}"),
            Err(_) => format!(
                "{}x{}",
                self.transform.cell_width(),
                self.transform.cell_height()
            ),
        };
        let nd = self
            .nodata
            .map(|v| v.to_string())
            .unwrap_or_else(|| "None".into());
        Ok(format!(
            "Raster(shape=({rows}, {cols}), dtype={dt}, cell_size={cell}, crs={}, nodata={nd}, origin=({}, {}))",
            self.crs, self.transform.0[0], self.transform.0[3]
        ))
    }
}

impl PyRaster {
    /// A geometry-only raster: `()` elements take no memory.
    fn shell(&self, rows: usize, cols: usize) -> Raster<()> {
        Raster::new(
            ndarray::Array2::from_elem((rows, cols), ()),
            self.transform,
            self.crs.clone(),
        )
    }
}

fn interop<'py, A: pyo3::call::PyCallArgs<'py>>(
    py: Python<'py>,
    name: &str,
    args: A,
) -> PyResult<Py<PyAny>> {
    let m = py.import("hazsim._interop")?;
    Ok(m.getattr(name)?.call1(args)?.unbind())
}
