//! GDAL-backed reading and warping (feature `gdal`; needs the system libgdal).
//!
//! - [`read_gdal`] reads band 1 of anything GDAL opens (NetCDF, HFA, VRT, JPEG2000, ...).
//! - [`warp`] resamples a raster onto another grid ([`WarpTarget::Like`]) or reprojects it to
//!   another CRS on the grid `gdalwarp` would choose ([`WarpTarget::Crs`]).
//!
//! Warping runs entirely in memory (GDAL's MEM driver) through `GDALReprojectImage` and
//! `GDALSuggestedWarpOutput`. The `gdal` crate wraps neither with a choice of resampling, so
//! this module declares those few C functions itself; libgdal is linked by `gdal-sys`.

use crate::raster_file::AnyRaster;
use crate::{Error, Result};
use ::gdal::raster::{Buffer, GdalDataType, GdalType, RasterBand};
use ::gdal::spatial_ref::SpatialRef;
use ::gdal::{Dataset, DriverManager};
use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};
use std::path::{Path, PathBuf};

/// The C functions of GDAL's warper used here (stable since GDAL 1.x).
mod ffi {
    use std::os::raw::{c_char, c_int, c_void};

    pub type TransformerFunc = unsafe extern "C" fn(
        arg: *mut c_void,
        dst_to_src: c_int,
        count: c_int,
        x: *mut f64,
        y: *mut f64,
        z: *mut f64,
        success: *mut c_int,
    ) -> c_int;
    pub type ProgressFunc = unsafe extern "C" fn(f64, *const c_char, *mut c_void) -> c_int;

    extern "C" {
        pub fn GDALReprojectImage(
            src: *mut c_void,
            src_wkt: *const c_char,
            dst: *mut c_void,
            dst_wkt: *const c_char,
            resample_alg: c_int,
            memory_limit: f64,
            max_error: f64,
            progress: Option<ProgressFunc>,
            progress_arg: *mut c_void,
            options: *mut c_void,
        ) -> c_int;
        pub fn GDALCreateGenImgProjTransformer2(
            src: *mut c_void,
            dst: *mut c_void,
            options: *const *const c_char,
        ) -> *mut c_void;
        pub fn GDALDestroyGenImgProjTransformer(arg: *mut c_void);
        pub fn GDALGenImgProjTransform(
            arg: *mut c_void,
            dst_to_src: c_int,
            count: c_int,
            x: *mut f64,
            y: *mut f64,
            z: *mut f64,
            success: *mut c_int,
        ) -> c_int;
        pub fn GDALSuggestedWarpOutput(
            src: *mut c_void,
            transformer: TransformerFunc,
            transformer_arg: *mut c_void,
            geotransform: *mut f64,
            pixels: *mut c_int,
            lines: *mut c_int,
        ) -> c_int;
        pub fn CPLGetLastErrorMsg() -> *const c_char;
    }
}

fn gdal_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Gdal {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

fn last_cpl_error() -> String {
    // SAFETY: CPLGetLastErrorMsg returns a valid, NUL-terminated string owned by GDAL.
    let p = unsafe { ffi::CPLGetLastErrorMsg() };
    if p.is_null() {
        return "unknown error".into();
    }
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    if s.is_empty() {
        "unknown error".into()
    } else {
        s
    }
}

/// Read band 1 of any raster GDAL can open, with its geotransform, CRS (WKT, plus the EPSG
/// code when GDAL identifies one) and nodata value.
///
/// Cell types map as in [`AnyRaster`]: Byte → `U8`, UInt16 → `U16`, Int8/Int16 → `I16`,
/// Int32 → `I32`, UInt32 → `F64`, Float32 → `F32`, Float64 → `F64`. 64-bit integer and complex
/// bands are [`Error::Unsupported`]. Files without a geotransform get
/// [`GeoTransform::unit`], as in GDAL.
///
/// ```no_run
/// let any = hazsim_io::gdal::read_gdal("dem.nc").unwrap();
/// println!("{} {:?} {}", any.dtype_name(), any.shape(), any.crs());
/// ```
pub fn read_gdal(path: impl AsRef<Path>) -> Result<AnyRaster> {
    let path = path.as_ref();
    let virtual_path = path.to_string_lossy().starts_with("/vsi");
    if !virtual_path {
        std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    }
    let ds = Dataset::open(path).map_err(|e| {
        gdal_err(
            path,
            format!("{e}; check that GDAL reads this format (`gdalinfo --formats`) and that the file is complete"),
        )
    })?;
    if ds.raster_count() == 0 {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: "dataset without raster bands".into(),
            fix: "give a raster file (for a NetCDF/HDF container, name the subdataset, e.g. NETCDF:\"file.nc\":var)".into(),
        });
    }
    let band = ds.rasterband(1).map_err(|e| gdal_err(path, e))?;
    let (cols, rows) = band.size();
    if rows == 0 || cols == 0 || (rows as u64) * (cols as u64) > crate::geotiff::MAX_CELLS {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: format!("raster size {cols} × {rows} cells"),
            fix: "between 1 and 2^31 cells; crop it with `gdal_translate -srcwin`".into(),
        });
    }
    let transform = ds
        .geo_transform()
        .map(GeoTransform)
        .unwrap_or_else(|_| GeoTransform::unit());
    let crs = match ds.spatial_ref() {
        Ok(srs) => crs_from_srs(&srs),
        Err(_) => Crs::unknown(),
    };
    let nodata = band.no_data_value();
    let dtype = band.band_type();

    fn build<T: GdalType + Copy>(
        band: &RasterBand<'_>,
        path: &Path,
        (rows, cols): (usize, usize),
        transform: GeoTransform,
        crs: Crs,
        nodata: Option<f64>,
    ) -> Result<Raster<T>> {
        let buf = band
            .read_as::<T>((0, 0), (cols, rows), (cols, rows), None)
            .map_err(|e| gdal_err(path, e))?;
        let (_, v) = buf.into_shape_and_vec();
        let data = Array2::from_shape_vec((rows, cols), v).map_err(|e| gdal_err(path, e))?;
        let mut r = Raster::new(data, transform, crs);
        r.nodata = nodata;
        Ok(r)
    }
    let shape = (rows, cols);
    Ok(match dtype {
        GdalDataType::UInt8 => {
            AnyRaster::U8(build::<u8>(&band, path, shape, transform, crs, nodata)?)
        }
        GdalDataType::UInt16 => {
            AnyRaster::U16(build::<u16>(&band, path, shape, transform, crs, nodata)?)
        }
        GdalDataType::Int16 => {
            AnyRaster::I16(build::<i16>(&band, path, shape, transform, crs, nodata)?)
        }
        GdalDataType::Int32 => {
            AnyRaster::I32(build::<i32>(&band, path, shape, transform, crs, nodata)?)
        }
        GdalDataType::UInt32 | GdalDataType::Float64 => {
            AnyRaster::F64(build::<f64>(&band, path, shape, transform, crs, nodata)?)
        }
        GdalDataType::Float32 => {
            AnyRaster::F32(build::<f32>(&band, path, shape, transform, crs, nodata)?)
        }
        other if other.name() == "Int8" => {
            AnyRaster::I16(build::<i16>(&band, path, shape, transform, crs, nodata)?)
        }
        other => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                what: format!("band type {}", other.name()),
                fix: "convert it, e.g. `gdal_translate -ot Float32 IN OUT.tif`".into(),
            })
        }
    })
}

/// hazsim's CRS for a GDAL spatial reference: its WKT, plus the EPSG code when GDAL knows or
/// can identify one.
fn crs_from_srs(srs: &SpatialRef) -> Crs {
    let wkt = srs.to_wkt().ok().filter(|w| !w.is_empty());
    let epsg = if srs.auth_name().as_deref() == Some("EPSG") {
        srs.auth_code().ok().and_then(|c| u32::try_from(c).ok())
    } else {
        None
    };
    let epsg = epsg.or_else(|| {
        let mut s = srs.clone();
        s.auto_identify_epsg().ok()?;
        if s.auth_name().as_deref() == Some("EPSG") {
            s.auth_code().ok().and_then(|c| u32::try_from(c).ok())
        } else {
            None
        }
    });
    Crs { epsg, wkt }
}

/// The WKT GDAL should use for `crs`: its own WKT, else the EPSG definition.
fn crs_wkt(crs: &Crs, what: &str) -> Result<String> {
    if let Some(w) = &crs.wkt {
        SpatialRef::from_wkt(w).map_err(|e| {
            Error::param(
                what,
                crs.to_string(),
                &format!("a CRS GDAL understands ({e})"),
            )
        })?;
        return Ok(w.clone());
    }
    if let Some(code) = crs.epsg {
        let srs = SpatialRef::from_epsg(code).map_err(|e| {
            Error::param(
                what,
                crs.to_string(),
                &format!("an EPSG code PROJ knows ({e})"),
            )
        })?;
        return srs
            .to_wkt()
            .map_err(|e| Error::param(what, crs.to_string(), &e.to_string()));
    }
    Err(Error::param(
        what,
        "unknown CRS",
        "a CRS (EPSG code or WKT); set Raster::crs first",
    ))
}

/// Where [`warp`] puts its output.
#[derive(Debug, Clone, PartialEq)]
pub enum WarpTarget {
    /// Onto an existing grid: its geotransform, shape `(rows, cols)` and CRS. Use this to line a
    /// raster up with a DEM.
    Like(GeoTransform, (usize, usize), Crs),
    /// Into another CRS, on the grid `gdalwarp -t_srs` would choose (the source extent
    /// transformed, with square cells that keep the number of cells along the diagonal). With
    /// `cell_size`, the same extent is cut into cells of that size (in the target CRS's units),
    /// as `gdalwarp -tr`.
    Crs {
        /// The target CRS.
        crs: Crs,
        /// Output cell size in target CRS units; `None` lets GDAL choose.
        cell_size: Option<f64>,
    },
}

impl WarpTarget {
    /// The grid of `raster`, as a [`WarpTarget::Like`].
    pub fn like<T>(raster: &Raster<T>) -> Self {
        WarpTarget::Like(raster.transform, raster.shape(), raster.crs.clone())
    }
}

/// Resampling used by [`warp`], as in `gdalwarp -r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Resampling {
    /// Nearest neighbour: for classes and codes.
    Nearest,
    /// Bilinear (2 × 2 cells): for continuous fields such as elevation.
    #[default]
    Bilinear,
    /// Cubic convolution (4 × 4 cells).
    Cubic,
    /// Mean of all contributing cells, ignoring nodata: for coarsening.
    Average,
}

impl Resampling {
    fn gdal_code(self) -> c_int {
        // GDALResampleAlg: GRA_NearestNeighbour = 0, GRA_Bilinear = 1, GRA_Cubic = 2,
        // GRA_Average = 5.
        match self {
            Resampling::Nearest => 0,
            Resampling::Bilinear => 1,
            Resampling::Cubic => 2,
            Resampling::Average => 5,
        }
    }
}

fn mem_dataset(
    rows: usize,
    cols: usize,
    transform: &GeoTransform,
    wkt: &str,
    what: &Path,
) -> Result<Dataset> {
    let driver = DriverManager::get_driver_by_name("MEM").map_err(|e| gdal_err(what, e))?;
    let mut ds = driver
        .create_with_band_type::<f32, _>("", cols, rows, 1)
        .map_err(|e| gdal_err(what, e))?;
    ds.set_geo_transform(&transform.0)
        .map_err(|e| gdal_err(what, e))?;
    ds.set_projection(wkt).map_err(|e| gdal_err(what, e))?;
    Ok(ds)
}

/// Resample `src` onto another grid or CRS with GDAL's warper.
///
/// Source cells that are NaN or equal to `src.nodata` are ignored. Output cells that no
/// valid source cell reaches are set to `src.nodata` when the source has a finite nodata
/// value (and the output keeps that nodata), else NaN. The output carries the target CRS.
///
/// ```no_run
/// use hazsim_grid::Crs;
/// use hazsim_io::gdal::{warp, Resampling, WarpTarget};
///
/// let dem = hazsim_io::read_raster("srtm_lonlat.tif").unwrap().into_f32();
/// let utm = warp(&dem, WarpTarget::Crs { crs: Crs::epsg(32616), cell_size: Some(30.0) }, Resampling::Bilinear).unwrap();
/// assert!(!utm.crs.is_geographic());
/// ```
pub fn warp(src: &Raster<f32>, target: WarpTarget, resampling: Resampling) -> Result<Raster<f32>> {
    let label = PathBuf::from("<warp>");
    let (rows, cols) = src.shape();
    if rows == 0 || cols == 0 {
        return Err(Error::param(
            "source raster shape",
            format!("{rows} × {cols}"),
            "at least one cell",
        ));
    }
    let src_wkt = crs_wkt(&src.crs, "source CRS")?;
    let src_ds = mem_dataset(rows, cols, &src.transform, &src_wkt, &label)?;
    {
        let nd = src.nodata;
        let data: Vec<f32> = src
            .data
            .iter()
            .map(|&v| {
                if nd.is_some_and(|n| f64::from(v) == n) {
                    f32::NAN
                } else {
                    v
                }
            })
            .collect();
        let mut band = src_ds.rasterband(1).map_err(|e| gdal_err(&label, e))?;
        band.set_no_data_value(Some(f64::NAN))
            .map_err(|e| gdal_err(&label, e))?;
        let mut buf = Buffer::new((cols, rows), data);
        band.write((0, 0), (cols, rows), &mut buf)
            .map_err(|e| gdal_err(&label, e))?;
    }

    let (dst_transform, (dst_rows, dst_cols), dst_crs) = match target {
        WarpTarget::Like(gt, shape, crs) => {
            if shape.0 == 0 || shape.1 == 0 {
                return Err(Error::param(
                    "target shape",
                    format!("{} × {}", shape.0, shape.1),
                    "at least one row and one column",
                ));
            }
            (gt, shape, crs)
        }
        WarpTarget::Crs { crs, cell_size } => {
            if let Some(c) = cell_size {
                if !(c > 0.0 && c.is_finite()) {
                    return Err(Error::param("cell_size", c, "a positive finite number"));
                }
            }
            let wkt = crs_wkt(&crs, "target CRS")?;
            let (gt, shape) = suggested_grid(&src_ds, &wkt, cell_size, &label)?;
            (gt, shape, crs)
        }
    };
    if (dst_rows as u64) * (dst_cols as u64) > crate::geotiff::MAX_CELLS {
        return Err(Error::param(
            "output grid",
            format!("{dst_rows} × {dst_cols} cells"),
            "at most 2^31 cells; choose a larger cell_size",
        ));
    }
    let dst_wkt = crs_wkt(&dst_crs, "target CRS")?;
    let dst_ds = mem_dataset(dst_rows, dst_cols, &dst_transform, &dst_wkt, &label)?;
    {
        let mut band = dst_ds.rasterband(1).map_err(|e| gdal_err(&label, e))?;
        band.set_no_data_value(Some(f64::NAN))
            .map_err(|e| gdal_err(&label, e))?;
        band.fill(f64::NAN, None).map_err(|e| gdal_err(&label, e))?;
    }

    // SAFETY: both handles are live MEM datasets owned by this function; null WKT pointers
    // tell GDAL to use the datasets' own CRSs; no progress callback or extra options.
    let rv = unsafe {
        ffi::GDALReprojectImage(
            src_ds.c_dataset() as *mut c_void,
            std::ptr::null(),
            dst_ds.c_dataset() as *mut c_void,
            std::ptr::null(),
            resampling.gdal_code(),
            0.0,
            0.0,
            None,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    if rv != 0 {
        return Err(gdal_err(
            &label,
            format!("GDALReprojectImage failed: {}", last_cpl_error()),
        ));
    }

    let band = dst_ds.rasterband(1).map_err(|e| gdal_err(&label, e))?;
    let buf = band
        .read_as::<f32>((0, 0), (dst_cols, dst_rows), (dst_cols, dst_rows), None)
        .map_err(|e| gdal_err(&label, e))?;
    let (_, mut v) = buf.into_shape_and_vec();
    let out_nodata = src.nodata.filter(|n| n.is_finite());
    if let Some(n) = out_nodata {
        let n = n as f32;
        for x in v.iter_mut().filter(|x| x.is_nan()) {
            *x = n;
        }
    }
    let data = Array2::from_shape_vec((dst_rows, dst_cols), v).map_err(|e| gdal_err(&label, e))?;
    let mut out = Raster::new(data, dst_transform, dst_crs);
    out.nodata = out_nodata;
    Ok(out)
}

/// The output grid `gdalwarp` would pick for `src_ds` in the CRS `dst_wkt`
/// (`GDALSuggestedWarpOutput`), optionally re-cut into cells of `cell_size`.
fn suggested_grid(
    src_ds: &Dataset,
    dst_wkt: &str,
    cell_size: Option<f64>,
    label: &Path,
) -> Result<(GeoTransform, (usize, usize))> {
    let opt =
        std::ffi::CString::new(format!("DST_SRS={dst_wkt}")).map_err(|e| gdal_err(label, e))?;
    let options: [*const c_char; 2] = [opt.as_ptr(), std::ptr::null()];
    let mut gt = [0.0f64; 6];
    let (mut pixels, mut lines): (c_int, c_int) = (0, 0);
    // SAFETY: the source handle is live; `options` is a NULL-terminated list of C strings
    // that outlive the call; the transformer is destroyed before returning.
    let rv = unsafe {
        let arg = ffi::GDALCreateGenImgProjTransformer2(
            src_ds.c_dataset() as *mut c_void,
            std::ptr::null_mut(),
            options.as_ptr(),
        );
        if arg.is_null() {
            return Err(gdal_err(
                label,
                format!("cannot transform between the CRSs: {}", last_cpl_error()),
            ));
        }
        let rv = ffi::GDALSuggestedWarpOutput(
            src_ds.c_dataset() as *mut c_void,
            ffi::GDALGenImgProjTransform,
            arg,
            gt.as_mut_ptr(),
            &mut pixels,
            &mut lines,
        );
        ffi::GDALDestroyGenImgProjTransformer(arg);
        rv
    };
    if rv != 0 || pixels <= 0 || lines <= 0 {
        return Err(gdal_err(
            label,
            format!(
                "cannot compute the output grid (does the raster lie inside the target CRS's area of use?): {}",
                last_cpl_error()
            ),
        ));
    }
    let (pixels, lines) = (pixels as usize, lines as usize);
    match cell_size {
        None => Ok((GeoTransform(gt), (lines, pixels))),
        Some(res) => {
            let (min_x, max_y) = (gt[0], gt[3]);
            let max_x = min_x + pixels as f64 * gt[1];
            let min_y = max_y + lines as f64 * gt[5];
            let cols = (((max_x - min_x) + res / 2.0) / res).floor().max(1.0);
            let rows = (((max_y - min_y) + res / 2.0) / res).floor().max(1.0);
            if cols * rows > crate::geotiff::MAX_CELLS as f64 {
                return Err(Error::param(
                    "cell_size",
                    res,
                    "a cell size giving at most 2^31 output cells",
                ));
            }
            Ok((
                GeoTransform::north_up(min_x, max_y, res),
                (rows as usize, cols as usize),
            ))
        }
    }
}

/// Reprojects points `(x, y)` in place from CRS `from` to CRS `to` with PROJ (through GDAL), in
/// the traditional GIS axis order (longitude, latitude / easting, northing) whatever the CRS
/// definitions say. `what` names the data in errors.
///
/// ```no_run
/// use hazsim_grid::Crs;
/// let mut pts = vec![(-84.25, 36.30)];
/// hazsim_io::gdal::reproject_points(&mut pts, &Crs::epsg(4326), &Crs::epsg(32616), "assets").unwrap();
/// assert!(pts[0].0 > 700_000.0);
/// ```
pub fn reproject_points(points: &mut [(f64, f64)], from: &Crs, to: &Crs, what: &str) -> Result<()> {
    use ::gdal::spatial_ref::{AxisMappingStrategy, CoordTransform};
    if points.is_empty() {
        return Ok(());
    }
    let srs = |crs: &Crs, which: &str| -> Result<SpatialRef> {
        let wkt = crs_wkt(crs, &format!("{what} ({which} CRS)"))?;
        let mut s = SpatialRef::from_wkt(&wkt).map_err(|e| {
            Error::param(
                what,
                crs.to_string(),
                &format!("a CRS GDAL understands ({e})"),
            )
        })?;
        s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
        Ok(s)
    };
    let (src, dst) = (srs(from, "source")?, srs(to, "target")?);
    let t = CoordTransform::new(&src, &dst).map_err(|e| {
        Error::param(
            what,
            format!("{from} to {to}"),
            &format!("a transformation PROJ can do ({e})"),
        )
    })?;
    let mut xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let mut ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    t.transform_coords(&mut xs, &mut ys, &mut []).map_err(|e| {
        Error::param(
            what,
            format!("{from} to {to}"),
            &format!("coordinates PROJ can transform ({e})"),
        )
    })?;
    for (p, (x, y)) in points.iter_mut().zip(xs.into_iter().zip(ys)) {
        *p = (x, y);
    }
    Ok(())
}
