//! ESRI ASCII grids (`.asc`): a short text header, then the cell values row by row from the
//! north.
//!
//! ```text
//! ncols        4
//! nrows        2
//! xllcorner    500000
//! yllcorner    4000000
//! cellsize     30
//! NODATA_value -9999
//! 10 11 12 13
//! 14 15 -9999 17
//! ```
//!
//! Header keys are case-insensitive and may come in any order: `ncols`, `nrows`, `xllcorner`
//! or `xllcenter`, `yllcorner` or `yllcenter`, `cellsize` (or `dx` and `dy` for rectangular
//! cells, as GDAL writes them) and the optional `NODATA_value`. Values may be spread over lines
//! in any way.
//!
//! The CRS lives in a sibling `.prj` file holding WKT. It is read when present (a `.prj` that
//! is not WKT, such as the old ArcInfo keyword format, is ignored) and written when the raster's
//! CRS has WKT. A CRS known only by its EPSG code is not written (producing WKT from a code
//! needs PROJ's database): the grid is then written without `.prj`. Use GeoTIFF to keep an
//! EPSG-only CRS. Writing does not delete an older `.prj` already next to the output.

use crate::geotiff::{format_nodata, tmp_path};
use crate::{Error, Result};
use hazsim_grid::raster::CellValue;
use hazsim_grid::{Crs, GeoTransform, Raster};
use ndarray::Array2;
use std::fmt::Display;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

const FORMAT: &str = "ESRI ASCII grid";
const HEADER_HELP: &str =
    "an ESRI ASCII grid starts with the lines ncols, nrows, xllcorner, yllcorner, cellsize and optionally NODATA_value";

fn corrupt(path: &Path, detail: impl Into<String>) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        format: FORMAT,
        detail: detail.into(),
    }
}

#[derive(Debug, Default)]
struct Header {
    ncols: Option<f64>,
    nrows: Option<f64>,
    xll: Option<(f64, bool)>, // (value, is_center)
    yll: Option<(f64, bool)>,
    cellsize: Option<f64>,
    dx: Option<f64>,
    dy: Option<f64>,
    nodata: Option<f64>,
}

/// Read an ESRI ASCII grid into f32 cells, with the CRS from a sibling `.prj` file if there
/// is one.
///
/// Nodata cells keep the `NODATA_value` (as f32) and `nodata` is set to it. Errors name the
/// file and, for bad data, the line: a missing header line, a token that is not a number, or
/// fewer values than `ncols × nrows` (with how many were found).
///
/// ```
/// use hazsim_io::ascii_grid::read_ascii_grid;
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("dem.asc");
/// std::fs::write(&path, "ncols 3\nnrows 2\nxllcorner 100\nyllcorner 200\ncellsize 10\nNODATA_value -9999\n1 2 3\n4 -9999 6\n").unwrap();
/// let dem = read_ascii_grid(&path).unwrap();
/// assert_eq!(dem.shape(), (2, 3));
/// assert_eq!(dem.transform.0, [100.0, 10.0, 0.0, 220.0, 0.0, -10.0]);
/// assert!(dem.nodata_mask()[[1, 1]]);
/// ```
pub fn read_ascii_grid(path: impl AsRef<Path>) -> Result<Raster<f32>> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(corrupt(path, format!("the file is empty; {HEADER_HELP}")));
    }
    let text = String::from_utf8_lossy(&bytes);

    let mut header = Header::default();
    let mut lines = text.lines().enumerate().peekable();
    // Header: lines whose first token is a known key.
    while let Some(&(i, line)) = lines.peek() {
        let mut toks = line.split_ascii_whitespace();
        let Some(key) = toks.next() else {
            lines.next();
            continue;
        };
        let key_l = key.to_ascii_lowercase();
        let slot: Option<&mut Option<f64>> = match key_l.as_str() {
            "ncols" => Some(&mut header.ncols),
            "nrows" => Some(&mut header.nrows),
            "cellsize" => Some(&mut header.cellsize),
            "dx" => Some(&mut header.dx),
            "dy" => Some(&mut header.dy),
            "nodata_value" | "nodata" => Some(&mut header.nodata),
            _ => None,
        };
        let is_xy = matches!(
            key_l.as_str(),
            "xllcorner" | "xllcenter" | "yllcorner" | "yllcenter"
        );
        if slot.is_none() && !is_xy {
            if key.parse::<f64>().is_ok() || key_l == "nan" {
                break; // first data line
            }
            return Err(corrupt(
                path,
                format!(
                    "line {}: unknown header line '{}'; {HEADER_HELP}",
                    i + 1,
                    line.trim()
                ),
            ));
        }
        let value_text = toks.next().unwrap_or("");
        let value: f64 = value_text.parse().map_err(|_| {
            corrupt(
                path,
                format!(
                    "line {}: header {key} value '{value_text}' is not a number",
                    i + 1
                ),
            )
        })?;
        match (slot, key_l.as_str()) {
            (Some(s), _) => *s = Some(value),
            (None, "xllcorner") => header.xll = Some((value, false)),
            (None, "xllcenter") => header.xll = Some((value, true)),
            (None, "yllcorner") => header.yll = Some((value, false)),
            (None, _) => header.yll = Some((value, true)),
        }
        lines.next();
    }

    let missing = |name: &str| corrupt(path, format!("missing header line {name}; {HEADER_HELP}"));
    let count = |v: Option<f64>, name: &str| -> Result<usize> {
        let v = v.ok_or_else(|| missing(name))?;
        if v >= 1.0 && v.fract() == 0.0 && v <= u32::MAX as f64 {
            Ok(v as usize)
        } else {
            Err(corrupt(
                path,
                format!("{name} = {v} is not a positive whole number"),
            ))
        }
    };
    let ncols = count(header.ncols, "ncols")?;
    let nrows = count(header.nrows, "nrows")?;
    let (dx, dy) = match (header.cellsize, header.dx, header.dy) {
        (Some(c), _, _) => (c, c),
        (None, Some(dx), Some(dy)) => (dx, dy),
        _ => return Err(missing("cellsize (or dx and dy)")),
    };
    for (name, v) in [("cellsize/dx", dx), ("cellsize/dy", dy)] {
        if !(v > 0.0 && v.is_finite()) {
            return Err(corrupt(
                path,
                format!("{name} = {v} is not a positive number"),
            ));
        }
    }
    let (xll, x_center) = header
        .xll
        .ok_or_else(|| missing("xllcorner (or xllcenter)"))?;
    let (yll, y_center) = header
        .yll
        .ok_or_else(|| missing("yllcorner (or yllcenter)"))?;
    let n = ncols as u64 * nrows as u64;
    if n > crate::geotiff::MAX_CELLS {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            what: format!("grid of {ncols} × {nrows} cells (more than 2^31)"),
            fix:
                "cut it into pieces, or convert it to GeoTIFF and crop with gdal_translate -srcwin"
                    .into(),
        });
    }
    let n = n as usize;

    let mut values: Vec<f32> = Vec::with_capacity(n.min(bytes.len() / 2 + 1));
    for (i, line) in lines {
        for tok in line.split_ascii_whitespace() {
            let v: f32 = tok
                .parse()
                .map_err(|_| corrupt(path, format!("line {}: '{tok}' is not a number", i + 1)))?;
            if values.len() == n {
                return Err(corrupt(
                    path,
                    format!(
                        "line {}: more values than ncols × nrows = {ncols} × {nrows} = {n}; check the header",
                        i + 1
                    ),
                ));
            }
            values.push(v);
        }
    }
    if values.len() < n {
        return Err(corrupt(
            path,
            format!(
                "found {} values but ncols × nrows = {ncols} × {nrows} = {n} (truncated file?)",
                values.len()
            ),
        ));
    }

    let x0 = if x_center { xll - dx / 2.0 } else { xll };
    let y0 = if y_center { yll - dy / 2.0 } else { yll };
    let transform = GeoTransform::north_up_rect(x0, y0 + nrows as f64 * dy, dx, dy);
    let data =
        Array2::from_shape_vec((nrows, ncols), values).map_err(|e| corrupt(path, e.to_string()))?;
    let mut r = Raster::new(data, transform, read_prj(path)?);
    r.nodata = header.nodata.map(|v| v as f32 as f64);
    Ok(r)
}

/// The CRS from `path`'s sibling `.prj`, or unknown when there is none (or it is not WKT).
fn read_prj(path: &Path) -> Result<Crs> {
    let prj = path.with_extension("prj");
    match std::fs::read_to_string(&prj) {
        Ok(s) => {
            let wkt = s.trim();
            if wkt.contains('[') {
                Ok(Crs::from_wkt(wkt.to_string()))
            } else {
                Ok(Crs::unknown())
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Crs::unknown()),
        Err(e) => Err(Error::io(&prj, e)),
    }
}

/// Write `raster` as an ESRI ASCII grid, plus a `.prj` next to it when the CRS has WKT.
///
/// The grid must be north-up (no rotation terms). Square cells are written as `cellsize`,
/// rectangular ones as `dx`/`dy`. Values are written in the shortest text that reads back to
/// the same value. NaN cells (and cells equal to a non-finite nodata value) are written as a
/// finite `NODATA_value`: the raster's own nodata when finite, else -9999 (or another value
/// not present in the data). Written to `<path>.tmp` and renamed into place.
///
/// ```
/// use hazsim_grid::{Crs, GeoTransform, Raster};
/// use hazsim_io::ascii_grid::{read_ascii_grid, write_ascii_grid};
/// use ndarray::array;
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("depth.asc");
/// let r = Raster::new(array![[0.25f32, f32::NAN]], GeoTransform::north_up(0.0, 5.0, 5.0), Crs::unknown());
/// write_ascii_grid(&r, &path).unwrap();
/// let back = read_ascii_grid(&path).unwrap();
/// assert_eq!(back.nodata, Some(-9999.0));
/// assert_eq!(back.data[[0, 1]], -9999.0);
/// ```
pub fn write_ascii_grid<T: CellValue + Display>(
    raster: &Raster<T>,
    path: impl AsRef<Path>,
) -> Result<()> {
    let path = path.as_ref();
    let g = raster.transform.0;
    let (rows, cols) = raster.shape();
    if rows == 0 || cols == 0 {
        return Err(Error::param(
            "raster shape",
            format!("{rows} × {cols}"),
            "at least one row and one column to write an ESRI ASCII grid",
        ));
    }
    if !(g[2] == 0.0 && g[4] == 0.0 && g[1] > 0.0 && g[5] < 0.0) || g.iter().any(|v| !v.is_finite())
    {
        return Err(Error::param(
            "geotransform",
            format!("{g:?}"),
            "a north-up grid (ESRI ASCII grids cannot hold rotation); warp it first or write GeoTIFF",
        ));
    }
    let (dx, dy) = (g[1], -g[5]);

    // Choose the nodata text and which cells take it.
    let own = raster.nodata.filter(|v| v.is_finite());
    let is_missing = |v: f64| v.is_nan() || raster.nodata.is_some_and(|n| v == n);
    let any_missing = raster.data.iter().any(|v| is_missing(v.to_f64()));
    let nodata: Option<f64> = match own {
        Some(v) => Some(v),
        None if any_missing => {
            let mut cand = -9999.0;
            while raster.data.iter().any(|v| v.to_f64() == cand) {
                cand = cand * 10.0 - 9.0;
            }
            Some(cand)
        }
        None => None,
    };
    let nodata_text = nodata.map(format_nodata);

    let tmp = tmp_path(path);
    let result = (|| -> std::io::Result<()> {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        writeln!(w, "ncols        {cols}")?;
        writeln!(w, "nrows        {rows}")?;
        writeln!(w, "xllcorner    {}", g[0])?;
        writeln!(w, "yllcorner    {}", g[3] + rows as f64 * g[5])?;
        if ((dx - dy) / dx).abs() <= 1e-12 {
            writeln!(w, "cellsize     {dx}")?;
        } else {
            writeln!(w, "dx           {dx}")?;
            writeln!(w, "dy           {dy}")?;
        }
        if let Some(t) = &nodata_text {
            writeln!(w, "NODATA_value {t}")?;
        }
        for row in raster.data.rows() {
            for (c, v) in row.iter().enumerate() {
                if c > 0 {
                    w.write_all(b" ")?;
                }
                match &nodata_text {
                    Some(t) if is_missing(v.to_f64()) => w.write_all(t.as_bytes())?,
                    _ => write!(w, "{v}")?,
                }
            }
            w.write_all(b"\n")?;
        }
        w.flush()?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })?;

    if let Some(wkt) = &raster.crs.wkt {
        let prj = path.with_extension("prj");
        let tmp = tmp_path(&prj);
        std::fs::write(&tmp, format!("{wkt}\n")).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &prj).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(&prj, e)
        })?;
    }
    Ok(())
}
