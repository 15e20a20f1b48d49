//! Format-neutral raster reading and writing: [`read_raster`] and [`write_raster`] pick the
//! format from the file extension, and [`AnyRaster`] holds a raster of whichever cell type the
//! file had.

use crate::geotiff::{GeoTiffOptions, GeoTiffSample};
use crate::{ascii_grid, geotiff, Error, Result};
use hazsim_grid::{Crs, GeoTransform, Raster};
use std::path::Path;

/// A raster as read from a file, in the file's own cell type.
///
/// Files with int8 cells are read as `I16`, uint32 as `F64` and float16 as `F32` (all exact).
///
/// ```
/// use hazsim_grid::{Crs, GeoTransform, Raster};
/// use hazsim_io::AnyRaster;
/// use ndarray::array;
///
/// let r = Raster::new(array![[1i16, -32768]], GeoTransform::north_up(0.0, 10.0, 10.0), Crs::epsg(32616))
///     .with_nodata(-32768.0);
/// let any = AnyRaster::from(r);
/// assert_eq!(any.dtype_name(), "int16");
/// let f = any.into_f32();
/// assert_eq!(f.data[[0, 1]], -32768.0);
/// assert!(f.nodata_mask()[[0, 1]]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum AnyRaster {
    /// 32-bit float cells.
    F32(Raster<f32>),
    /// 64-bit float cells.
    F64(Raster<f64>),
    /// 16-bit signed integer cells.
    I16(Raster<i16>),
    /// 32-bit signed integer cells.
    I32(Raster<i32>),
    /// 8-bit unsigned integer cells.
    U8(Raster<u8>),
    /// 16-bit unsigned integer cells.
    U16(Raster<u16>),
}

macro_rules! each {
    ($self:expr, $r:ident => $e:expr) => {
        match $self {
            AnyRaster::F32($r) => $e,
            AnyRaster::F64($r) => $e,
            AnyRaster::I16($r) => $e,
            AnyRaster::I32($r) => $e,
            AnyRaster::U8($r) => $e,
            AnyRaster::U16($r) => $e,
        }
    };
}

fn convert<T: Copy, U>(r: Raster<T>, f: impl Fn(T) -> U) -> Raster<U> {
    Raster {
        data: r.data.mapv(f),
        transform: r.transform,
        crs: r.crs,
        nodata: r.nodata,
    }
}

impl AnyRaster {
    /// The cell type's name as GDAL and numpy spell it: `"float32"`, `"float64"`, `"int16"`,
    /// `"int32"`, `"uint8"` or `"uint16"`.
    pub fn dtype_name(&self) -> &'static str {
        match self {
            AnyRaster::F32(_) => f32::NAME,
            AnyRaster::F64(_) => f64::NAME,
            AnyRaster::I16(_) => i16::NAME,
            AnyRaster::I32(_) => i32::NAME,
            AnyRaster::U8(_) => u8::NAME,
            AnyRaster::U16(_) => u16::NAME,
        }
    }

    /// (rows, cols).
    pub fn shape(&self) -> (usize, usize) {
        each!(self, r => r.shape())
    }

    /// The geotransform.
    pub fn transform(&self) -> &GeoTransform {
        each!(self, r => &r.transform)
    }

    /// The CRS.
    pub fn crs(&self) -> &Crs {
        each!(self, r => &r.crs)
    }

    /// The nodata value, if any.
    pub fn nodata(&self) -> Option<f64> {
        each!(self, r => r.nodata)
    }

    /// Convert to f32 cells, the type hazsim's engines use.
    ///
    /// Nodata is kept as a value, not turned into NaN: nodata cells hold the nodata value
    /// converted to f32, and `nodata` becomes that same f32 value (as f64), so
    /// [`Raster::nodata_mask`] finds exactly the cells that were nodata in the file. (A
    /// float64 nodata of, say, -1e300 becomes -inf in both places.) Values outside the f32
    /// range become ±inf; int32 and float64 values may lose precision beyond 24 bits.
    pub fn into_f32(self) -> Raster<f32> {
        let mut r = match self {
            AnyRaster::F32(r) => r,
            AnyRaster::F64(r) => convert(r, |v| v as f32),
            AnyRaster::I16(r) => convert(r, f32::from),
            AnyRaster::I32(r) => convert(r, |v| v as f32),
            AnyRaster::U8(r) => convert(r, f32::from),
            AnyRaster::U16(r) => convert(r, f32::from),
        };
        r.nodata = r.nodata.map(|v| v as f32 as f64);
        r
    }

    /// Convert to f64 cells (exact for every cell type). Nodata is kept as a value.
    pub fn into_f64(self) -> Raster<f64> {
        match self {
            AnyRaster::F32(r) => convert(r, f64::from),
            AnyRaster::F64(r) => r,
            AnyRaster::I16(r) => convert(r, f64::from),
            AnyRaster::I32(r) => convert(r, f64::from),
            AnyRaster::U8(r) => convert(r, f64::from),
            AnyRaster::U16(r) => convert(r, f64::from),
        }
    }

    /// Write in the file's own cell type, the format chosen from the extension as in
    /// [`write_raster`].
    pub fn write(&self, path: impl AsRef<Path>) -> Result<()> {
        each!(self, r => write_raster(r, path))
    }
}

macro_rules! from_raster {
    ($($t:ty => $v:ident),*) => {$(
        impl From<Raster<$t>> for AnyRaster {
            fn from(r: Raster<$t>) -> Self {
                AnyRaster::$v(r)
            }
        }
    )*};
}
from_raster!(f32 => F32, f64 => F64, i16 => I16, i32 => I32, u8 => U8, u16 => U16);

/// Raster file formats hazsim reads and writes without GDAL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RasterFormat {
    /// GeoTIFF: `.tif`, `.tiff`, `.gtiff`.
    GeoTiff,
    /// ESRI ASCII grid: `.asc`, `.grd`.
    AsciiGrid,
}

impl RasterFormat {
    /// The format for `path`'s extension (case-insensitive), or `None` when it is not one of
    /// `.tif`, `.tiff`, `.gtiff`, `.asc`, `.grd`.
    ///
    /// ```
    /// use hazsim_io::RasterFormat;
    /// assert_eq!(RasterFormat::from_path("dem.TIF"), Some(RasterFormat::GeoTiff));
    /// assert_eq!(RasterFormat::from_path("dem.asc"), Some(RasterFormat::AsciiGrid));
    /// assert_eq!(RasterFormat::from_path("dem.nc"), None);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Option<RasterFormat> {
        let ext = path.as_ref().extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tif" | "tiff" | "gtiff" => Some(RasterFormat::GeoTiff),
            "asc" | "grd" => Some(RasterFormat::AsciiGrid),
            _ => None,
        }
    }

    /// Human-readable name.
    pub fn name(&self) -> &'static str {
        match self {
            RasterFormat::GeoTiff => "GeoTIFF",
            RasterFormat::AsciiGrid => "ESRI ASCII grid",
        }
    }
}

/// Read a raster, choosing the reader from the extension: GeoTIFF (`.tif`, `.tiff`,
/// `.gtiff`) or ESRI ASCII grid (`.asc`, `.grd`). With the `gdal` feature any other file
/// GDAL can open is read through GDAL (band 1); without it, other extensions are an
/// [`Error::Unsupported`] naming the fix.
///
/// ```
/// # use hazsim_grid::{Crs, GeoTransform, Raster};
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("dem.tif");
/// # let r = Raster::new(ndarray::Array2::<f32>::from_elem((2, 3), 100.0), GeoTransform::north_up(0.0, 20.0, 10.0), Crs::epsg(32616));
/// # hazsim_io::write_raster(&r, &path).unwrap();
/// use hazsim_io::read_raster;
///
/// let dem = read_raster(&path).unwrap().into_f32();
/// assert_eq!(dem.shape(), (2, 3));
/// assert_eq!(dem.cell_size_metres("dem").unwrap(), 10.0);
/// ```
pub fn read_raster(path: impl AsRef<Path>) -> Result<AnyRaster> {
    let path = path.as_ref();
    match RasterFormat::from_path(path) {
        Some(RasterFormat::GeoTiff) => geotiff::read_geotiff(path),
        Some(RasterFormat::AsciiGrid) => ascii_grid::read_ascii_grid(path).map(AnyRaster::F32),
        None => read_other(path),
    }
}

#[cfg(feature = "gdal")]
fn read_other(path: &Path) -> Result<AnyRaster> {
    crate::gdal::read_gdal(path)
}

#[cfg(not(feature = "gdal"))]
fn read_other(path: &Path) -> Result<AnyRaster> {
    // A missing file is reported as such before the format question.
    std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    Err(Error::Unsupported {
        path: path.to_path_buf(),
        what: format!("raster format (extension {})", extension_text(path)),
        fix: "convert it to GeoTIFF (e.g. `gdal_translate IN OUT.tif`), or build hazsim with --features gdal".into(),
    })
}

fn extension_text(path: &Path) -> String {
    match path.extension() {
        Some(e) => format!(".{}", e.to_string_lossy()),
        None => "none".into(),
    }
}

/// Write a raster, choosing the format from the extension: GeoTIFF (`.tif`, `.tiff`,
/// `.gtiff`, with [`GeoTiffOptions::default`]: DEFLATE, 256 × 256 tiles) or ESRI ASCII grid
/// (`.asc`, `.grd`). Other extensions are an [`Error::Unsupported`].
///
/// ```
/// use hazsim_grid::{Crs, GeoTransform, Raster};
/// use hazsim_io::{read_raster, write_raster};
/// use ndarray::array;
///
/// let dir = tempfile::tempdir().unwrap();
/// let r = Raster::new(array![[1.5f32, 2.5]], GeoTransform::north_up(0.0, 10.0, 10.0), Crs::epsg(32616));
/// write_raster(&r, dir.path().join("a.tif")).unwrap();
/// write_raster(&r, dir.path().join("a.asc")).unwrap();
/// assert_eq!(read_raster(dir.path().join("a.asc")).unwrap().into_f32().data, r.data);
/// ```
pub fn write_raster<T: GeoTiffSample>(raster: &Raster<T>, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    match RasterFormat::from_path(path) {
        Some(RasterFormat::GeoTiff) => {
            geotiff::write_geotiff(raster, path, &GeoTiffOptions::default())
        }
        Some(RasterFormat::AsciiGrid) => ascii_grid::write_ascii_grid(raster, path),
        None => Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: format!("output format (extension {})", extension_text(path)),
            fix: "name the file .tif (GeoTIFF) or .asc (ESRI ASCII grid)".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn into_f32_keeps_nodata_as_value() {
        let r = Raster::new(
            array![[1.0f64, -1e300]],
            GeoTransform::north_up(0.0, 1.0, 1.0),
            Crs::unknown(),
        )
        .with_nodata(-1e300);
        let f = AnyRaster::from(r).into_f32();
        assert_eq!(f.data[[0, 1]], f32::NEG_INFINITY);
        assert_eq!(f.nodata, Some(f64::NEG_INFINITY));
        assert_eq!(f.nodata_mask(), array![[false, true]]);
    }

    #[test]
    fn unknown_extension_is_unsupported_or_missing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nothing.xyz");
        assert!(matches!(read_raster(&missing), Err(Error::NotFound { .. })));
        let r = Raster::new(array![[1u8]], GeoTransform::unit(), Crs::unknown());
        let e = write_raster(&r, dir.path().join("out.xyz")).unwrap_err();
        assert!(e.to_string().contains(".tif"), "{e}");
    }
}
