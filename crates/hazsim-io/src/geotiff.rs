//! GeoTIFF reading and writing in pure Rust, on top of the `tiff` crate.
//!
//! What is read:
//!
//! - one band (more bands are an [`Error::Unsupported`] that names the fix);
//! - striped or tiled layout; uncompressed, LZW, DEFLATE or PackBits data, with or without the
//!   horizontal (2) or floating-point (3) predictor;
//! - sample types uint8, uint16, int16, int32, float32 and float64, plus int8 (widened to
//!   int16), uint32 (widened exactly to float64) and float16 (widened to float32);
//! - georeferencing from `ModelPixelScale` + `ModelTiepoint`, or `ModelTransformation` (which
//!   carries rotation terms); `PixelIsPoint` rasters are shifted by half a cell, as GDAL does;
//! - the CRS as an EPSG code from the GeoKeys `ProjectedCSTypeGeoKey` or `GeographicTypeGeoKey`,
//!   or as WKT from an `ESRI PE String = ...` citation (as ArcGIS, and hazsim for a CRS without
//!   EPSG code, write it). A user-defined CRS spelled out in GeoKeys (projection method and
//!   parameters) is read as an unknown CRS: read such files with the `gdal` feature;
//! - nodata from GDAL's `GDAL_NODATA` tag (42113).
//!
//! What is written: the same sample types (see [`GeoTiffSample`]), with DEFLATE, LZW or no
//! compression, striped or tiled, optionally with a predictor, and the GeoTIFF tags GDAL writes
//! for a north-up or rotated grid with an EPSG CRS. Writes go to `<path>.tmp` first and are
//! renamed into place, so a failed write never leaves a half file where a good one was.
//!
//! ```
//! use hazsim_grid::{Crs, GeoTransform, Raster};
//! use hazsim_io::geotiff::{read_geotiff, write_geotiff, GeoTiffOptions};
//! use ndarray::array;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("dem.tif");
//! let dem = Raster::new(
//!     array![[10.0f32, 11.0], [12.0, -9999.0]],
//!     GeoTransform::north_up(500_000.0, 4_000_000.0, 30.0),
//!     Crs::epsg(32616),
//! )
//! .with_nodata(-9999.0);
//! write_geotiff(&dem, &path, &GeoTiffOptions::default()).unwrap();
//! let back = read_geotiff(&path).unwrap().into_f32();
//! assert_eq!(back, dem);
//! ```

use crate::raster_file::AnyRaster;
use crate::{Error, Result};
use hazsim_grid::raster::CellValue;
use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::encoder::compression::{CompressionAlgorithm, Deflate, DeflateLevel, Lzw};
use tiff::encoder::{DirectoryEncoder, TiffEncoder, TiffKind};
use tiff::tags::Tag;
use tiff::TiffError;

const FORMAT: &str = "GeoTIFF";

/// The fix suggested for sample formats hazsim does not read.
const FIX_SAMPLE_FORMAT: &str =
    "convert it, e.g. `gdal_translate -ot Float32 -co COMPRESS=DEFLATE IN.tif OUT.tif`";

/// Largest raster read or written, in cells (2^31).
pub const MAX_CELLS: u64 = 1 << 31;

// GeoTIFF tag and key numbers (GeoTIFF 1.1, OGC 19-008r4).
const TAG_GDAL_NODATA: u16 = 42113;
const KEY_GT_MODEL_TYPE: u16 = 1024;
const KEY_GT_RASTER_TYPE: u16 = 1025;
const KEY_GT_CITATION: u16 = 1026;
const KEY_GEOGRAPHIC_TYPE: u16 = 2048;
const KEY_GEOG_CITATION: u16 = 2049;
const KEY_PROJECTED_CS_TYPE: u16 = 3072;
const KEY_PCS_CITATION: u16 = 3073;
const MODEL_TYPE_PROJECTED: u16 = 1;
const MODEL_TYPE_GEOGRAPHIC: u16 = 2;
const RASTER_PIXEL_IS_AREA: u16 = 1;
const RASTER_PIXEL_IS_POINT: u16 = 2;
const USER_DEFINED: u16 = 32767;
const ESRI_PE_PREFIX: &str = "ESRI PE String = ";

/// Compression of the image data written by [`write_geotiff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// No compression (TIFF compression 1).
    None,
    /// LZW (TIFF compression 5).
    Lzw,
    /// DEFLATE / zlib (TIFF compression 8, "Adobe deflate"), at zlib level 6.
    #[default]
    Deflate,
}

impl Compression {
    fn tag_value(self) -> u16 {
        match self {
            Compression::None => 1,
            Compression::Lzw => 5,
            Compression::Deflate => 8,
        }
    }
}

/// How the image data written by [`write_geotiff`] is cut into chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Strips of `rows_per_strip` full rows each (at least 1).
    Striped {
        /// Rows in each strip; the last strip may hold fewer.
        rows_per_strip: u32,
    },
    /// Square tiles of `tile_size` × `tile_size` cells; `tile_size` must be a multiple of 16
    /// (a TIFF rule). Edge tiles are padded with the nodata value (or 0).
    Tiled {
        /// Tile width and height in cells.
        tile_size: u32,
    },
}

impl Default for Layout {
    /// 256 × 256 tiles, as GDAL's `-co TILED=YES`.
    fn default() -> Self {
        Layout::Tiled { tile_size: 256 }
    }
}

/// Options for [`write_geotiff`].
///
/// The default is DEFLATE, 256 × 256 tiles and no predictor: files every GDAL since 1.x and
/// every libtiff-based reader can open.
///
/// ```
/// use hazsim_io::geotiff::{Compression, GeoTiffOptions, Layout};
/// let opts = GeoTiffOptions { compression: Compression::Lzw, layout: Layout::Striped { rows_per_strip: 16 }, predictor: true };
/// assert_ne!(opts, GeoTiffOptions::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GeoTiffOptions {
    /// Compression of the image data.
    pub compression: Compression,
    /// Strips or tiles.
    pub layout: Layout,
    /// Apply a predictor before compressing: horizontal differencing (TIFF predictor 2) for
    /// integer samples, the floating-point predictor (TIFF predictor 3) for float samples.
    /// It usually shrinks DEMs by 20–50 % under DEFLATE or LZW. Ignored without compression.
    pub predictor: bool,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for i16 {}
    impl Sealed for i32 {}
    impl Sealed for u8 {}
    impl Sealed for u16 {}
}

/// A cell type hazsim writes to GeoTIFF (and to ESRI ASCII grids): `f32`, `f64`, `i16`,
/// `i32`, `u8` and `u16`. Sealed: it describes the TIFF sample encoding of each type.
pub trait GeoTiffSample:
    CellValue + Default + PartialEq + std::fmt::Display + sealed::Sealed
{
    /// TIFF `SampleFormat`: 1 unsigned integer, 2 signed integer, 3 IEEE float.
    const SAMPLE_FORMAT: u16;
    /// TIFF `BitsPerSample`.
    const BITS: u16;
    /// The type's name as GDAL and numpy spell it (`"float32"`, `"int16"`, ...).
    const NAME: &'static str;

    /// The value nearest to `v` (saturating for integers; used for tile padding).
    fn from_f64(v: f64) -> Self;

    /// Append `row` to `out` as native-endian bytes, applying the TIFF predictor when
    /// `predict` is true (horizontal differencing for integers, predictor 3 for floats).
    fn encode_row(row: &[Self], predict: bool, out: &mut Vec<u8>);

    /// Wrap a raster of this type in [`AnyRaster`].
    fn into_any(raster: Raster<Self>) -> AnyRaster;
}

macro_rules! int_sample {
    ($t:ty, $fmt:expr, $name:expr, $variant:ident) => {
        impl GeoTiffSample for $t {
            const SAMPLE_FORMAT: u16 = $fmt;
            const BITS: u16 = (std::mem::size_of::<$t>() * 8) as u16;
            const NAME: &'static str = $name;

            fn from_f64(v: f64) -> Self {
                v as $t
            }

            fn encode_row(row: &[Self], predict: bool, out: &mut Vec<u8>) {
                let mut prev: $t = 0;
                for &v in row {
                    let s = if predict { v.wrapping_sub(prev) } else { v };
                    prev = v;
                    out.extend_from_slice(&s.to_ne_bytes());
                }
            }

            fn into_any(raster: Raster<Self>) -> AnyRaster {
                AnyRaster::$variant(raster)
            }
        }
    };
}

macro_rules! float_sample {
    ($t:ty, $name:expr, $variant:ident) => {
        impl GeoTiffSample for $t {
            const SAMPLE_FORMAT: u16 = 3;
            const BITS: u16 = (std::mem::size_of::<$t>() * 8) as u16;
            const NAME: &'static str = $name;

            fn from_f64(v: f64) -> Self {
                v as $t
            }

            fn encode_row(row: &[Self], predict: bool, out: &mut Vec<u8>) {
                if !predict {
                    for v in row {
                        out.extend_from_slice(&v.to_ne_bytes());
                    }
                    return;
                }
                // Predictor 3: split each row into byte planes, most significant byte first,
                // then difference consecutive bytes across the whole row.
                const B: usize = std::mem::size_of::<$t>();
                let n = row.len();
                let start = out.len();
                out.resize(start + n * B, 0);
                let planes = &mut out[start..];
                for (i, v) in row.iter().enumerate() {
                    for (b, byte) in v.to_be_bytes().iter().enumerate() {
                        planes[b * n + i] = *byte;
                    }
                }
                for k in (1..planes.len()).rev() {
                    planes[k] = planes[k].wrapping_sub(planes[k - 1]);
                }
            }

            fn into_any(raster: Raster<Self>) -> AnyRaster {
                AnyRaster::$variant(raster)
            }
        }
    };
}

int_sample!(u8, 1, "uint8", U8);
int_sample!(u16, 1, "uint16", U16);
int_sample!(i16, 2, "int16", I16);
int_sample!(i32, 2, "int32", I32);
float_sample!(f32, "float32", F32);
float_sample!(f64, "float64", F64);

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Read a single-band GeoTIFF.
///
/// The result keeps the file's sample type (see [`AnyRaster`]); call
/// [`AnyRaster::into_f32`] for the f32 grid the engines use. Errors:
/// [`Error::NotFound`] for a missing file, [`Error::Corrupt`] for a truncated or invalid one,
/// [`Error::Unsupported`] for several bands, exotic sample formats or more than 2^31 cells;
/// every message names the file and the fix.
///
/// ```
/// # use hazsim_grid::{Crs, GeoTransform, Raster};
/// # use hazsim_io::geotiff::{write_geotiff, GeoTiffOptions};
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("classes.tif");
/// # let r = Raster::new(ndarray::Array2::<i16>::zeros((4, 3)), GeoTransform::north_up(0.0, 40.0, 10.0), Crs::epsg(32616));
/// # write_geotiff(&r, &path, &GeoTiffOptions::default()).unwrap();
/// use hazsim_io::geotiff::read_geotiff;
///
/// let any = read_geotiff(&path).unwrap();
/// assert_eq!(any.dtype_name(), "int16");
/// assert_eq!(any.shape(), (4, 3));
/// let r = any.into_f32();
/// assert_eq!(r.crs.epsg, Some(32616));
/// ```
pub fn read_geotiff(path: impl AsRef<Path>) -> Result<AnyRaster> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let file_len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if file_len == 0 {
        return Err(corrupt(path, "the file is empty (0 bytes)"));
    }
    // The tiff crate reports errors rather than panicking, but a decoder bug on a hostile file
    // must not take the caller down (nor cross into Python): catch it and report the file.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_geotiff_from(BufReader::new(file), path, file_len)
    })) {
        Ok(r) => r,
        Err(_) => Err(corrupt(path, "the TIFF decoder failed on this file")),
    }
}

fn read_geotiff_from<R: Read + Seek>(reader: R, path: &Path, file_len: u64) -> Result<AnyRaster> {
    let te = |e: TiffError| tiff_error(path, e);
    let mut dec = Decoder::new(reader).map_err(te)?;

    let (width, height) = dec.dimensions().map_err(te)?;
    if width == 0 || height == 0 {
        return Err(corrupt(
            path,
            &format!("the image is {width} × {height} cells; a raster needs at least one cell"),
        ));
    }
    let cells = u64::from(width) * u64::from(height);
    if cells > MAX_CELLS {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: format!("raster size {width} × {height} cells (more than 2^31 cells)"),
            fix: "cut it into pieces, e.g. `gdal_translate -srcwin XOFF YOFF XSIZE YSIZE IN.tif PART.tif`"
                .into(),
        });
    }

    let samples: u16 = dec
        .find_tag_unsigned(Tag::SamplesPerPixel)
        .map_err(te)?
        .unwrap_or(1);
    if samples != 1 {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: format!("{samples} bands (hazsim reads single-band rasters)"),
            fix: "extract one band, e.g. `gdal_translate -b 1 IN.tif BAND1.tif`".into(),
        });
    }
    let bits: Vec<u16> = dec
        .find_tag_unsigned_vec(Tag::BitsPerSample)
        .map_err(te)?
        .unwrap_or_else(|| vec![1]);
    let bits = bits.first().copied().unwrap_or(1);
    let format: Vec<u16> = dec
        .find_tag_unsigned_vec(Tag::SampleFormat)
        .map_err(te)?
        .unwrap_or_else(|| vec![1]);
    let format = format.first().copied().unwrap_or(1);
    let kind = match (format, bits) {
        (1, 8) | (1, 16) | (1, 32) | (2, 8) | (2, 16) | (2, 32) | (3, 16) | (3, 32) | (3, 64) => {
            (format, bits)
        }
        _ => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                what: format!("sample format {}", sample_format_name(format, bits)),
                fix: FIX_SAMPLE_FORMAT.into(),
            })
        }
    };
    let photometric: u16 = dec
        .find_tag_unsigned(Tag::PhotometricInterpretation)
        .map_err(te)?
        .unwrap_or(1);
    if photometric == 3 {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: "palette (colour-mapped) image".into(),
            fix: "rewrite it as a plain grey band, e.g. `gdal_translate -co PHOTOMETRIC=MINISBLACK IN.tif OUT.tif`, or read it with the gdal feature".into(),
        });
    }

    // A file can claim any size; refuse to allocate far beyond what its bytes could hold.
    // No TIFF codec expands data more than ~4000:1, so this only stops corrupt headers.
    let bytes_needed = cells * u64::from(bits.max(8) / 8);
    if bytes_needed > file_len.saturating_mul(4096).saturating_add(64 << 20) {
        return Err(corrupt(
            path,
            &format!(
                "the header declares {width} × {height} cells ({bytes_needed} bytes) but the file has only {file_len} bytes"
            ),
        ));
    }

    let geo = read_geo_tags(&mut dec).map_err(te)?;

    let mut limits = Limits::default();
    let needed = usize::try_from(bytes_needed).unwrap_or(usize::MAX);
    limits.decoding_buffer_size = needed.saturating_add(1 << 20);
    limits.intermediate_buffer_size = limits
        .intermediate_buffer_size
        .max(needed.saturating_mul(2));
    limits.ifd_value_size = 256 << 20;
    let mut dec = dec.with_limits(limits.clone());
    let decoded = read_chunks(&mut dec, width as usize, height as usize, &limits).map_err(te)?;

    let (transform, crs) = geo.georeference(path)?;
    let nodata = geo.nodata;
    let (w, h) = (width as usize, height as usize);
    let n = w * h;

    macro_rules! build {
        ($vec:expr, $variant:ident) => {{
            let v = $vec;
            if v.len() < n {
                return Err(corrupt(
                    path,
                    &format!("decoded {} cells, expected {n}", v.len()),
                ));
            }
            let mut v = v;
            v.truncate(n);
            let data =
                Array2::from_shape_vec((h, w), v).map_err(|e| corrupt(path, &e.to_string()))?;
            let mut r = Raster::new(data, transform, crs);
            r.nodata = nodata;
            AnyRaster::$variant(r)
        }};
    }

    let any = match (kind, decoded) {
        ((1, 8), DecodingResult::U8(v)) => build!(v, U8),
        ((1, 16), DecodingResult::U16(v)) => build!(v, U16),
        ((1, 32), DecodingResult::U32(v)) => {
            build!(v.into_iter().map(f64::from).collect::<Vec<_>>(), F64)
        }
        ((2, 8), DecodingResult::I8(v)) => {
            build!(v.into_iter().map(i16::from).collect::<Vec<_>>(), I16)
        }
        ((2, 16), DecodingResult::I16(v)) => build!(v, I16),
        ((2, 32), DecodingResult::I32(v)) => build!(v, I32),
        ((3, 16), DecodingResult::F16(v)) => {
            build!(v.into_iter().map(|x| x.to_f32()).collect::<Vec<_>>(), F32)
        }
        ((3, 32), DecodingResult::F32(v)) => build!(v, F32),
        ((3, 64), DecodingResult::F64(v)) => build!(v, F64),
        ((f, b), _) => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                what: format!(
                    "sample format {} as decoded by the tiff crate",
                    sample_format_name(f, b)
                ),
                fix: FIX_SAMPLE_FORMAT.into(),
            })
        }
    };
    Ok(any)
}

/// Decode the image chunk by chunk (strips or tiles) and assemble it.
///
/// Each chunk is decoded into a buffer as wide as the chunk itself, padding included, and the
/// cells inside the image are copied out. Asking the `tiff` crate (0.11) to drop the padding
/// of edge tiles itself reads LZW data in small pieces and fails with "no lzw end code found"
/// on valid files (GDAL's as well as ours); whole-chunk reads avoid that path.
fn read_chunks<R: Read + Seek>(
    dec: &mut Decoder<R>,
    width: usize,
    height: usize,
    limits: &Limits,
) -> tiff::TiffResult<DecodingResult> {
    let layout = dec.image_buffer_layout()?;
    let mut out = DecodingResult::U8(Vec::new());
    out.resize_to(&layout, limits)?;
    let bytes_per_sample = {
        let len = out.as_buffer(0).as_bytes().len();
        let n = width * height;
        if n == 0 || len % n != 0 {
            return Err(TiffError::FormatError(
                tiff::TiffFormatError::InconsistentSizesEncountered,
            ));
        }
        len / n
    };
    let (cw, ch) = dec.chunk_dimensions();
    let (cw, ch) = (cw as usize, ch as usize);
    if cw == 0 || ch == 0 {
        return Err(TiffError::FormatError(
            tiff::TiffFormatError::InconsistentSizesEncountered,
        ));
    }
    let across = width.div_ceil(cw);
    let down = height.div_ceil(ch);
    let out_row = width * bytes_per_sample;
    let chunk_row = cw * bytes_per_sample;
    let mut chunk = DecodingResult::U8(Vec::new());
    let mut out_buf = out.as_buffer(0);
    let out_bytes = out_buf.as_bytes_mut();
    for i in 0..across * down {
        let index = u32::try_from(i)?;
        dec.read_chunk_to_buffer(&mut chunk, index, chunk_row)?;
        let (dw, dh) = dec.chunk_data_dimensions(index);
        let (dw, dh) = (dw as usize, dh as usize);
        let (r0, c0) = ((i / across) * ch, (i % across) * cw);
        let cb = chunk.as_buffer(0);
        let chunk_bytes = cb.as_bytes();
        let used = dw.min(width - c0) * bytes_per_sample;
        for r in 0..dh.min(height - r0) {
            let src = chunk_bytes.get(r * chunk_row..r * chunk_row + used);
            let dst_start = (r0 + r) * out_row + c0 * bytes_per_sample;
            match (src, out_bytes.get_mut(dst_start..dst_start + used)) {
                (Some(s), Some(d)) => d.copy_from_slice(s),
                _ => {
                    return Err(TiffError::FormatError(
                        tiff::TiffFormatError::InconsistentSizesEncountered,
                    ))
                }
            }
        }
    }
    Ok(out)
}

fn sample_format_name(format: u16, bits: u16) -> String {
    let kind = match format {
        1 => "unsigned integer",
        2 => "signed integer",
        3 => "float",
        4 => "untyped (void)",
        5 => "complex integer",
        6 => "complex float",
        _ => "unknown",
    };
    format!("{bits}-bit {kind} (TIFF SampleFormat {format}, BitsPerSample {bits})")
}

/// The georeferencing tags of a GeoTIFF, as read.
#[derive(Debug, Default)]
struct GeoTags {
    pixel_scale: Option<Vec<f64>>,
    tiepoint: Option<Vec<f64>>,
    transformation: Option<Vec<f64>>,
    geokeys: Option<Vec<u16>>,
    ascii_params: Option<String>,
    double_params: Option<Vec<f64>>,
    nodata: Option<f64>,
}

fn read_geo_tags<R: Read + Seek>(dec: &mut Decoder<R>) -> tiff::TiffResult<GeoTags> {
    let f64s = |v: Option<tiff::decoder::ifd::Value>| -> tiff::TiffResult<Option<Vec<f64>>> {
        v.map(|v| v.into_f64_vec()).transpose()
    };
    let nodata = match dec.find_tag(Tag::Unknown(TAG_GDAL_NODATA))? {
        Some(v) => {
            let s = match v {
                tiff::decoder::ifd::Value::Ascii(s) => s,
                other => other.into_string().unwrap_or_default(),
            };
            parse_nodata_text(&s)
        }
        None => None,
    };
    Ok(GeoTags {
        pixel_scale: f64s(dec.find_tag(Tag::ModelPixelScaleTag)?)?,
        tiepoint: f64s(dec.find_tag(Tag::ModelTiepointTag)?)?,
        transformation: f64s(dec.find_tag(Tag::ModelTransformationTag)?)?,
        geokeys: dec
            .find_tag(Tag::GeoKeyDirectoryTag)?
            .map(|v| v.into_u16_vec())
            .transpose()?,
        ascii_params: dec
            .find_tag(Tag::GeoAsciiParamsTag)?
            .map(|v| v.into_string())
            .transpose()?,
        double_params: f64s(dec.find_tag(Tag::GeoDoubleParamsTag)?)?,
        nodata,
    })
}

/// Parse GDAL's nodata text ("-9999", "nan", "-3.4028234663852886e+38").
fn parse_nodata_text(s: &str) -> Option<f64> {
    let t = s.trim().trim_end_matches('\0').trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok()
}

/// One GeoKey value.
#[derive(Debug, Clone, PartialEq)]
enum KeyValue {
    Short(u16),
    Ascii(String),
    Doubles(Vec<f64>),
}

impl GeoTags {
    fn keys(&self) -> Vec<(u16, KeyValue)> {
        let Some(dir) = &self.geokeys else {
            return Vec::new();
        };
        if dir.len() < 4 {
            return Vec::new();
        }
        let n = dir[3] as usize;
        let mut out = Vec::with_capacity(n);
        for k in 0..n {
            let Some(e) = dir.get(4 + 4 * k..8 + 4 * k) else {
                break;
            };
            let (id, loc, count, off) = (e[0], e[1], e[2] as usize, e[3] as usize);
            let value = match loc {
                0 => KeyValue::Short(e[3]),
                34735 => match dir.get(off..off + count.max(1)) {
                    Some(v) => KeyValue::Short(v[0]),
                    None => continue,
                },
                34737 => {
                    let Some(a) = &self.ascii_params else {
                        continue;
                    };
                    let text: String = a.chars().skip(off).take(count).collect();
                    KeyValue::Ascii(text.trim_end_matches(['|', '\0']).to_string())
                }
                34736 => {
                    let Some(d) = &self.double_params else {
                        continue;
                    };
                    match d.get(off..off + count) {
                        Some(v) => KeyValue::Doubles(v.to_vec()),
                        None => continue,
                    }
                }
                _ => continue,
            };
            out.push((id, value));
        }
        out
    }

    fn georeference(&self, path: &Path) -> Result<(GeoTransform, Crs)> {
        let keys = self.keys();
        let short = |id: u16| {
            keys.iter().find_map(|(k, v)| match v {
                KeyValue::Short(s) if *k == id => Some(*s),
                _ => None,
            })
        };
        let ascii = |id: u16| {
            keys.iter().find_map(|(k, v)| match v {
                KeyValue::Ascii(s) if *k == id => Some(s.clone()),
                _ => None,
            })
        };

        let bad = |what: &str| corrupt(path, what);
        let mut gt = if let Some(m) = &self.transformation {
            if m.len() < 16 {
                return Err(bad(&format!(
                    "ModelTransformation has {} values, expected 16",
                    m.len()
                )));
            }
            GeoTransform([m[3], m[0], m[1], m[7], m[4], m[5]])
        } else if let (Some(tp), Some(sc)) = (&self.tiepoint, &self.pixel_scale) {
            if tp.len() < 6 || sc.len() < 2 {
                return Err(bad(&format!(
                    "ModelTiepoint has {} values and ModelPixelScale {}, expected at least 6 and 2",
                    tp.len(),
                    sc.len()
                )));
            }
            let (i, j, x, y) = (tp[0], tp[1], tp[3], tp[4]);
            let (sx, sy) = (sc[0], sc[1]);
            GeoTransform([x - i * sx, sx, 0.0, y + j * sy, 0.0, -sy])
        } else {
            GeoTransform::unit()
        };
        if gt.0.iter().any(|v| !v.is_finite()) {
            return Err(bad(&format!("the geotransform {:?} is not finite", gt.0)));
        }
        let georeferenced = self.transformation.is_some()
            || (self.tiepoint.is_some() && self.pixel_scale.is_some());
        if georeferenced && short(KEY_GT_RASTER_TYPE) == Some(RASTER_PIXEL_IS_POINT) {
            // The tie point refers to the centre of the first cell: move to its corner.
            gt.0[0] -= 0.5 * (gt.0[1] + gt.0[2]);
            gt.0[3] -= 0.5 * (gt.0[4] + gt.0[5]);
        }

        let model = short(KEY_GT_MODEL_TYPE);
        let pcs = short(KEY_PROJECTED_CS_TYPE);
        let gcs = short(KEY_GEOGRAPHIC_TYPE);
        let citation_wkt = [KEY_PCS_CITATION, KEY_GT_CITATION, KEY_GEOG_CITATION]
            .into_iter()
            .filter_map(ascii)
            .map(|s| match s.find(ESRI_PE_PREFIX) {
                Some(i) => s[i + ESRI_PE_PREFIX.len()..].to_string(),
                None => s,
            })
            .find(|s| looks_like_wkt(s));
        let is_code = |c: Option<u16>| c.filter(|&c| c > 0 && c < USER_DEFINED);
        let crs = match (model, is_code(pcs), is_code(gcs)) {
            (Some(MODEL_TYPE_GEOGRAPHIC), _, Some(g)) => Crs::epsg(u32::from(g)),
            (_, Some(p), _) => Crs::epsg(u32::from(p)),
            (_, None, Some(g)) if model != Some(MODEL_TYPE_PROJECTED) => Crs::epsg(u32::from(g)),
            _ => match citation_wkt {
                Some(w) => Crs::from_wkt(w),
                None => Crs::unknown(),
            },
        };
        Ok((gt, crs))
    }
}

fn looks_like_wkt(s: &str) -> bool {
    let t = s.trim_start().to_ascii_uppercase();
    [
        "PROJCS[",
        "GEOGCS[",
        "PROJCRS[",
        "GEOGCRS[",
        "GEODCRS[",
        "COMPD_CS[",
        "COMPOUNDCRS[",
        "LOCAL_CS[",
        "ENGCRS[",
        "BOUNDCRS[",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

fn corrupt(path: &Path, detail: &str) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        format: FORMAT,
        detail: detail.to_string(),
    }
}

/// Map a `tiff` crate error on `path` to hazsim's error.
fn tiff_error(path: &Path, e: TiffError) -> Error {
    match e {
        TiffError::IoError(io) => match io.kind() {
            std::io::ErrorKind::UnexpectedEof => corrupt(
                path,
                "the file ends before the data its header declares (truncated download or copy?)",
            ),
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
                corrupt(path, &format!("invalid compressed data: {io}"))
            }
            _ => Error::io(path, io),
        },
        TiffError::UnsupportedError(u) => Error::Unsupported {
            path: path.to_path_buf(),
            what: u.to_string(),
            fix: FIX_SAMPLE_FORMAT.into(),
        },
        TiffError::FormatError(f) => corrupt(path, &f.to_string()),
        TiffError::LimitsExceeded => {
            corrupt(path, "a tag or chunk is larger than any valid file needs")
        }
        other => corrupt(path, &other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Write `raster` as a single-band GeoTIFF.
///
/// Tags written: `ModelPixelScale` + `ModelTiepoint` for a north-up grid, or
/// `ModelTransformation` when the transform has rotation terms (or is south-up); a
/// `GeoKeyDirectory` with `GTModelType`, `GTRasterType` = PixelIsArea and the EPSG code as
/// `ProjectedCSTypeGeoKey` or `GeographicTypeGeoKey`; `GDAL_NODATA` when the raster has a
/// nodata value.
///
/// A CRS known only by WKT (no EPSG code) is written as a user-defined model with the WKT as
/// an `ESRI PE String = ...` in `PCSCitationGeoKey`, as ArcGIS does. hazsim reads it back
/// exactly and GDAL understands it (checked with GDAL 3.6), but GDAL reads at most ~2400
/// characters of it, so keep such WKT short (WKT1), and readers that only understand GeoKeys see
/// a user-defined CRS. Give the raster an EPSG code (e.g. `Crs::epsg`) where possible.
///
/// The file is written to `<path>.tmp` and renamed over `path` when complete. Files whose
/// uncompressed data exceeds ~4 GB are written as BigTIFF.
///
/// ```
/// use hazsim_grid::{Crs, GeoTransform, Raster};
/// use hazsim_io::geotiff::{write_geotiff, Compression, GeoTiffOptions, Layout};
/// use ndarray::Array2;
///
/// let dir = tempfile::tempdir().unwrap();
/// let depth = Raster::new(Array2::<f32>::zeros((300, 200)), GeoTransform::north_up(0.0, 3000.0, 10.0), Crs::epsg(32616));
/// let opts = GeoTiffOptions { compression: Compression::Lzw, layout: Layout::Striped { rows_per_strip: 32 }, predictor: true };
/// write_geotiff(&depth, dir.path().join("depth.tif"), &opts).unwrap();
/// ```
pub fn write_geotiff<T: GeoTiffSample>(
    raster: &Raster<T>,
    path: impl AsRef<Path>,
    opts: &GeoTiffOptions,
) -> Result<()> {
    let path = path.as_ref();
    let (rows, cols) = raster.shape();
    if rows == 0 || cols == 0 {
        return Err(Error::param(
            "raster shape",
            format!("{rows} × {cols}"),
            "at least one row and one column to write a GeoTIFF",
        ));
    }
    if (rows as u64) * (cols as u64) > MAX_CELLS
        || rows > u32::MAX as usize
        || cols > u32::MAX as usize
    {
        return Err(Error::param(
            "raster shape",
            format!("{rows} × {cols}"),
            "at most 2^31 cells; write it in pieces",
        ));
    }
    match opts.layout {
        Layout::Striped { rows_per_strip: 0 } => {
            return Err(Error::param("rows_per_strip", 0, "at least 1"));
        }
        Layout::Tiled { tile_size } if tile_size == 0 || tile_size % 16 != 0 => {
            return Err(Error::param(
                "tile_size",
                tile_size,
                "a positive multiple of 16 (TIFF requires it), e.g. 256",
            ));
        }
        _ => {}
    }
    if raster.transform.0.iter().any(|v| !v.is_finite()) {
        return Err(Error::param(
            "geotransform",
            format!("{:?}", raster.transform.0),
            "six finite numbers",
        ));
    }

    let tmp = tmp_path(path);
    let result = (|| -> Result<()> {
        let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let raw_bytes = (rows as u64) * (cols as u64) * u64::from(T::BITS / 8);
        let werr = |e: TiffError| write_error(&tmp, e);
        if raw_bytes > 4_000_000_000 {
            let mut enc = TiffEncoder::new_big(&mut w).map_err(werr)?;
            encode(&mut enc, raster, opts).map_err(werr)?;
        } else {
            let mut enc = TiffEncoder::new(&mut w).map_err(werr)?;
            encode(&mut enc, raster, opts).map_err(werr)?;
        }
        w.flush().map_err(|e| Error::io(&tmp, e))?;
        let file = w
            .into_inner()
            .map_err(|e| Error::io(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&tmp, e))?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// `<path>.tmp`, next to `path`.
pub(crate) fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".tmp");
    path.with_file_name(name)
}

fn write_error(path: &Path, e: TiffError) -> Error {
    match e {
        TiffError::IoError(io) => Error::io(path, io),
        other => Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(other.to_string()),
        },
    }
}

/// Encode the image, then its directory, through the tiff crate's low-level directory API.
/// Chunks (strips or tiles) are predicted and compressed here, in parallel, so that both
/// layouts and both predictors are available.
fn encode<W: Write + Seek, K: TiffKind, T: GeoTiffSample>(
    enc: &mut TiffEncoder<W, K>,
    raster: &Raster<T>,
    opts: &GeoTiffOptions,
) -> tiff::TiffResult<()> {
    let (rows, cols) = raster.shape();
    let predict = opts.predictor && opts.compression != Compression::None;
    let pad = raster
        .nodata
        .filter(|v| v.is_finite() || T::SAMPLE_FORMAT == 3)
        .map(T::from_f64)
        .unwrap_or_default();

    // Chunk geometry: (row0, col0, chunk rows, chunk cols).
    let (chunk_w, chunk_h, tiled) = match opts.layout {
        Layout::Striped { rows_per_strip } => (cols, (rows_per_strip as usize).min(rows), false),
        Layout::Tiled { tile_size } => (tile_size as usize, tile_size as usize, true),
    };
    let across = cols.div_ceil(chunk_w);
    let down = rows.div_ceil(chunk_h);
    let chunks: Vec<(usize, usize)> = (0..down)
        .flat_map(|r| (0..across).map(move |c| (r * chunk_h, c * chunk_w)))
        .collect();

    let data = &raster.data;
    let compression = opts.compression;
    let encode_chunk = |&(r0, c0): &(usize, usize)| -> std::io::Result<Vec<u8>> {
        let h = if tiled {
            chunk_h
        } else {
            chunk_h.min(rows - r0)
        };
        let mut raw = Vec::with_capacity(h * chunk_w * usize::from(T::BITS / 8));
        let mut row_buf: Vec<T> = Vec::with_capacity(chunk_w);
        for r in r0..r0 + h {
            row_buf.clear();
            if r < rows {
                let row = data.row(r);
                let end = (c0 + chunk_w).min(cols);
                row_buf.extend((c0..end).map(|c| row[c]));
            }
            row_buf.resize(chunk_w, pad);
            T::encode_row(&row_buf, predict, &mut raw);
        }
        let mut out = Vec::with_capacity(raw.len() / 2 + 64);
        match compression {
            Compression::None => return Ok(raw),
            Compression::Lzw => {
                Lzw.write_to(&mut out, &raw)?;
            }
            Compression::Deflate => {
                Deflate::with_level(DeflateLevel::Balanced).write_to(&mut out, &raw)?;
            }
        }
        Ok(out)
    };

    let mut dir: DirectoryEncoder<'_, W, K> = enc.image_directory()?;
    let mut offsets: Vec<u64> = Vec::with_capacity(chunks.len());
    let mut counts: Vec<u64> = Vec::with_capacity(chunks.len());
    for batch in chunks.chunks(64) {
        let compressed: Vec<std::io::Result<Vec<u8>>> =
            batch.par_iter().map(encode_chunk).collect();
        for c in compressed {
            let bytes = c?;
            let off = dir.write_data(bytes.as_slice())?;
            offsets.push(off);
            counts.push(bytes.len() as u64);
        }
    }

    dir.write_tag(Tag::ImageWidth, cols as u32)?;
    dir.write_tag(Tag::ImageLength, rows as u32)?;
    dir.write_tag(Tag::BitsPerSample, T::BITS)?;
    dir.write_tag(Tag::Compression, compression.tag_value())?;
    dir.write_tag(Tag::PhotometricInterpretation, 1u16)?;
    dir.write_tag(Tag::SamplesPerPixel, 1u16)?;
    dir.write_tag(Tag::PlanarConfiguration, 1u16)?;
    dir.write_tag(Tag::SampleFormat, T::SAMPLE_FORMAT)?;
    if predict {
        dir.write_tag(
            Tag::Predictor,
            if T::SAMPLE_FORMAT == 3 { 3u16 } else { 2u16 },
        )?;
    }
    let offsets: Vec<K::OffsetType> = offsets
        .into_iter()
        .map(K::convert_offset)
        .collect::<tiff::TiffResult<_>>()?;
    let counts: Vec<K::OffsetType> = counts
        .into_iter()
        .map(K::convert_offset)
        .collect::<tiff::TiffResult<_>>()?;
    if tiled {
        dir.write_tag(Tag::TileWidth, chunk_w as u32)?;
        dir.write_tag(Tag::TileLength, chunk_h as u32)?;
        dir.write_tag(Tag::TileOffsets, K::convert_slice(&offsets))?;
        dir.write_tag(Tag::TileByteCounts, K::convert_slice(&counts))?;
    } else {
        dir.write_tag(Tag::RowsPerStrip, chunk_h as u32)?;
        dir.write_tag(Tag::StripOffsets, K::convert_slice(&offsets))?;
        dir.write_tag(Tag::StripByteCounts, K::convert_slice(&counts))?;
    }
    write_geo_tags(&mut dir, raster)?;
    dir.finish()
}

fn write_geo_tags<W: Write + Seek, K: TiffKind, T>(
    dir: &mut DirectoryEncoder<'_, W, K>,
    raster: &Raster<T>,
) -> tiff::TiffResult<()> {
    let g = raster.transform.0;
    let crs = &raster.crs;
    let has_transform = raster.transform != GeoTransform::unit();
    if has_transform {
        if g[2] == 0.0 && g[4] == 0.0 && g[1] > 0.0 && g[5] < 0.0 {
            dir.write_tag(Tag::ModelPixelScaleTag, &[g[1], -g[5], 0.0][..])?;
            dir.write_tag(Tag::ModelTiepointTag, &[0.0, 0.0, 0.0, g[0], g[3], 0.0][..])?;
        } else {
            let m = [
                g[1], g[2], 0.0, g[0], //
                g[4], g[5], 0.0, g[3], //
                0.0, 0.0, 0.0, 0.0, //
                0.0, 0.0, 0.0, 1.0,
            ];
            dir.write_tag(Tag::ModelTransformationTag, &m[..])?;
        }
    }

    if has_transform || !crs.is_unknown() {
        let mut keys: Vec<[u16; 4]> = Vec::new();
        let mut ascii = String::new();
        let mut ascii_key = |keys: &mut Vec<[u16; 4]>, key: u16, text: &str| {
            // GeoAsciiParams strings end with '|'; keep the text plain ASCII without '|'.
            let clean: String = text
                .chars()
                .map(|c| {
                    if c.is_ascii() && c != '|' && c != '\0' {
                        c
                    } else {
                        ' '
                    }
                })
                .collect();
            if ascii.len() + clean.len() + 1 < usize::from(u16::MAX) {
                keys.push([key, 34737, (clean.len() + 1) as u16, ascii.len() as u16]);
                ascii.push_str(&clean);
                ascii.push('|');
            }
        };
        keys.push([KEY_GT_RASTER_TYPE, 0, 1, RASTER_PIXEL_IS_AREA]);
        let code = crs
            .epsg
            .and_then(|c| u16::try_from(c).ok())
            .filter(|&c| c > 0 && c < USER_DEFINED);
        match (code, &crs.wkt) {
            (Some(code), _) => {
                let (model, key) = if crs.is_geographic() {
                    (MODEL_TYPE_GEOGRAPHIC, KEY_GEOGRAPHIC_TYPE)
                } else {
                    (MODEL_TYPE_PROJECTED, KEY_PROJECTED_CS_TYPE)
                };
                keys.push([KEY_GT_MODEL_TYPE, 0, 1, model]);
                keys.push([key, 0, 1, code]);
                ascii_key(&mut keys, KEY_GT_CITATION, &format!("EPSG:{code}"));
            }
            (None, Some(wkt)) => {
                // No EPSG code: a user-defined model whose definition is the WKT, stored the
                // way ArcGIS does ("ESRI PE String = ..." in PCSCitationGeoKey), which GDAL
                // and hazsim read back.
                keys.push([KEY_GT_MODEL_TYPE, 0, 1, USER_DEFINED]);
                ascii_key(
                    &mut keys,
                    KEY_PCS_CITATION,
                    &format!("{ESRI_PE_PREFIX}{wkt}"),
                );
            }
            (None, None) => {}
        }
        keys.sort_by_key(|k| k[0]);
        let mut directory: Vec<u16> = vec![1, 1, 0, keys.len() as u16];
        for k in &keys {
            directory.extend_from_slice(k);
        }
        dir.write_tag(Tag::GeoKeyDirectoryTag, &directory[..])?;
        if !ascii.is_empty() {
            dir.write_tag(Tag::GeoAsciiParamsTag, ascii.as_str())?;
        }
    }

    if let Some(nd) = raster.nodata {
        dir.write_tag(Tag::Unknown(TAG_GDAL_NODATA), format_nodata(nd).as_str())?;
    }
    Ok(())
}

/// Nodata as GDAL writes it: integers without a decimal point, other values round-trip exact.
pub(crate) fn format_nodata(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_predictor_matches_the_decoder() {
        // Row of 3 f32 values through predictor 3, then undone as libtiff does.
        let row = [1.5f32, -2.25, 1000.0];
        let mut out = Vec::new();
        f32::encode_row(&row, true, &mut out);
        for k in 1..out.len() {
            out[k] = out[k].wrapping_add(out[k - 1]);
        }
        let n = row.len();
        let back: Vec<f32> = (0..n)
            .map(|i| f32::from_be_bytes([out[i], out[n + i], out[2 * n + i], out[3 * n + i]]))
            .collect();
        assert_eq!(back, row);
    }

    #[test]
    fn nodata_text_round_trips() {
        for v in [-9999.0, 0.0, -3.4028234663852886e38, 1.5e-7, 255.0] {
            assert_eq!(parse_nodata_text(&format_nodata(v)), Some(v), "{v}");
        }
        assert!(parse_nodata_text("nan").unwrap().is_nan());
        assert_eq!(format_nodata(-9999.0), "-9999");
        assert_eq!(parse_nodata_text(" -32768 \0"), Some(-32768.0));
        assert_eq!(parse_nodata_text(""), None);
    }

    #[test]
    fn wkt_detection() {
        assert!(looks_like_wkt("PROJCS[\"x\"]"));
        assert!(looks_like_wkt("  geogcrs[\"x\"]"));
        assert!(!looks_like_wkt("EPSG:32616"));
        assert!(!looks_like_wkt("WGS 84 / UTM zone 16N"));
    }
}
