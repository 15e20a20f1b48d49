//! ESRI ASCII grid reading and writing, and the extension-driven `read_raster`/`write_raster`.

use hazsim_grid::{Crs, GeoTransform, Raster};
use hazsim_io::ascii_grid::{read_ascii_grid, write_ascii_grid};
use hazsim_io::{read_raster, write_raster, AnyRaster, Error, RasterFormat};
use ndarray::{array, Array2};
use std::path::{Path, PathBuf};

fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const UTM16N_WKT: &str = r#"PROJCS["WGS 84 / UTM zone 16N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-87],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32616"]]"#;

#[test]
fn reads_the_fixture_that_gdal_converted() {
    let r = read_ascii_grid(data_path("f32_source.asc")).unwrap();
    assert_eq!(r.shape(), (5, 7));
    assert_eq!(
        r.transform.0,
        [500_000.0, 30.0, 0.0, 4_000_000.0, 0.0, -30.0]
    );
    assert_eq!(r.nodata, Some(-9999.0));
    assert_eq!(r.data[[2, 3]], -9999.0);
    assert_eq!(r.data[[4, 6]], 146.25);
    assert!(r.crs.is_unknown());
    // The same grid as GDAL's GeoTIFF conversion of it.
    let tif = read_raster(data_path("f32_tiled_deflate.tif"))
        .unwrap()
        .into_f32();
    assert_eq!(tif.data, r.data);
    assert_eq!(tif.transform, r.transform);
}

#[test]
fn header_variants() {
    let dir = tempfile::tempdir().unwrap();
    // Mixed case, centre registration, values wrapped over lines, no nodata.
    let p = write(
        dir.path(),
        "a.asc",
        "NCOLS 3\nNRows 2\nXLLCENTER 105\nYllCenter 205\nCellSize 10\n1 2\n3 4 5\n   6\n",
    );
    let r = read_ascii_grid(&p).unwrap();
    assert_eq!(r.transform.0, [100.0, 10.0, 0.0, 220.0, 0.0, -10.0]);
    assert_eq!(r.data, array![[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    assert_eq!(r.nodata, None);
    // dx / dy for rectangular cells, nodata in the middle of the header, nan tokens.
    let p = write(
        dir.path(),
        "b.asc",
        "ncols 2\nnrows 2\nnodata_value -1\nxllcorner 0\nyllcorner 0\ndx 2\ndy 3\n-1 nan\n1.5e2 -0.25\n",
    );
    let r = read_ascii_grid(&p).unwrap();
    assert_eq!(r.transform.0, [0.0, 2.0, 0.0, 6.0, 0.0, -3.0]);
    assert_eq!(r.nodata, Some(-1.0));
    assert!(r.data[[0, 1]].is_nan());
    assert_eq!(r.data[[1, 0]], 150.0);
    assert_eq!(r.nodata_mask(), array![[true, true], [false, false]]);
}

#[test]
fn prj_sidecar_is_read_and_written() {
    let dir = tempfile::tempdir().unwrap();
    let r = Raster::new(
        array![[1.0f32, 2.0], [3.0, 4.0]],
        GeoTransform::north_up(500_000.0, 4_000_000.0, 30.0),
        Crs::from_wkt(UTM16N_WKT),
    );
    let p = dir.path().join("dem.asc");
    write_ascii_grid(&r, &p).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dem.prj"))
            .unwrap()
            .trim(),
        UTM16N_WKT
    );
    let back = read_ascii_grid(&p).unwrap();
    assert_eq!(back.crs.epsg, Some(32616));
    assert_eq!(back.crs.wkt.as_deref(), Some(UTM16N_WKT));
    assert_eq!(back, r);

    // EPSG only: no .prj is written (documented limitation).
    let epsg = Raster::new(r.data.clone(), r.transform, Crs::epsg(32616));
    let p2 = dir.path().join("epsg.asc");
    write_ascii_grid(&epsg, &p2).unwrap();
    assert!(!dir.path().join("epsg.prj").exists());
    assert!(read_ascii_grid(&p2).unwrap().crs.is_unknown());

    // A .prj that is not WKT (old ArcInfo keywords) is ignored.
    std::fs::write(
        dir.path().join("epsg.prj"),
        "Projection UTM\nZone 16\nDatum WGS84\n",
    )
    .unwrap();
    assert!(read_ascii_grid(&p2).unwrap().crs.is_unknown());
}

#[test]
fn round_trips_values_nodata_and_rectangular_cells() {
    let dir = tempfile::tempdir().unwrap();
    let data = Array2::from_shape_fn((9, 13), |(r, c)| {
        0.1f32 * r as f32 - 1e-3 * c as f32 + 1234.567
    });
    let mut r = Raster::new(
        data,
        GeoTransform::north_up_rect(-50.5, 75.25, 0.5, 0.25),
        Crs::unknown(),
    )
    .with_nodata(-9999.0);
    r.data[[4, 4]] = -9999.0;
    let p = dir.path().join("rt.asc");
    write_ascii_grid(&r, &p).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(
        text.contains("dx ") && text.contains("dy ") && text.contains("NODATA_value -9999"),
        "{text}"
    );
    let back = read_ascii_grid(&p).unwrap();
    assert_eq!(back, r);

    // Integer cells are written without decimals.
    let i = Raster::new(
        array![[1i16, -2], [300, 4]],
        GeoTransform::north_up(0.0, 2.0, 1.0),
        Crs::unknown(),
    );
    let p = dir.path().join("int.asc");
    write_raster(&i, &p).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.ends_with("1 -2\n300 4\n"), "{text}");
    assert_eq!(
        read_raster(&p).unwrap().into_f32().data,
        array![[1.0f32, -2.0], [300.0, 4.0]]
    );
}

#[test]
fn nan_cells_get_a_nodata_value_not_in_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let r = Raster::new(
        array![[-9999.0f32, f32::NAN, 3.0]],
        GeoTransform::north_up(0.0, 1.0, 1.0),
        Crs::unknown(),
    );
    let p = dir.path().join("nan.asc");
    write_ascii_grid(&r, &p).unwrap();
    let back = read_ascii_grid(&p).unwrap();
    let nd = back.nodata.unwrap();
    assert_ne!(nd, -9999.0);
    assert_eq!(back.data[[0, 0]], -9999.0);
    assert_eq!(back.data[[0, 1]] as f64, nd);
    assert_eq!(back.nodata_mask(), array![[false, true, false]]);
}

#[test]
fn rotated_grids_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let r = Raster::new(
        array![[1.0f32]],
        GeoTransform([0.0, 1.0, 0.5, 0.0, 0.0, -1.0]),
        Crs::unknown(),
    );
    let e = write_ascii_grid(&r, dir.path().join("rot.asc")).unwrap_err();
    assert!(matches!(e, Error::InvalidParameter { .. }), "{e}");
    assert!(e.to_string().contains("north-up"), "{e}");
    assert!(!dir.path().join("rot.asc").exists());
}

fn corrupt_message(path: &Path) -> String {
    let e = read_ascii_grid(path).unwrap_err();
    assert!(
        matches!(e, Error::Corrupt { .. }),
        "expected Corrupt, got {e}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains(&path.display().to_string()),
        "message lacks the path: {msg}"
    );
    msg
}

#[test]
fn errors_say_what_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let header = "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n";

    let p = write(dir.path(), "short.asc", &format!("{header}1 2 3\n4\n"));
    let msg = corrupt_message(&p);
    assert!(
        msg.contains("found 4 values") && msg.contains("= 6"),
        "{msg}"
    );

    let p = write(
        dir.path(),
        "word.asc",
        &format!("{header}1 2 3\n4 five 6\n"),
    );
    let msg = corrupt_message(&p);
    assert!(msg.contains("line 7") && msg.contains("'five'"), "{msg}");

    let p = write(
        dir.path(),
        "long.asc",
        &format!("{header}1 2 3\n4 5 6\n7\n"),
    );
    let msg = corrupt_message(&p);
    assert!(
        msg.contains("line 8") && msg.contains("more values"),
        "{msg}"
    );

    let p = write(
        dir.path(),
        "nocell.asc",
        "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\n1 2 3\n4 5 6\n",
    );
    let msg = corrupt_message(&p);
    assert!(msg.contains("missing header line cellsize"), "{msg}");

    let p = write(dir.path(), "headerless.asc", "1 2 3\n4 5 6\n");
    let msg = corrupt_message(&p);
    assert!(msg.contains("missing header line ncols"), "{msg}");

    let p = write(dir.path(), "badval.asc", "ncols three\nnrows 2\n");
    let msg = corrupt_message(&p);
    assert!(msg.contains("line 1") && msg.contains("'three'"), "{msg}");

    let p = write(dir.path(), "badkey.asc", "ncols 3\nrows 2\n");
    let msg = corrupt_message(&p);
    assert!(
        msg.contains("line 2") && msg.contains("unknown header line"),
        "{msg}"
    );

    let p = write(
        dir.path(),
        "negcell.asc",
        "ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize -5\n1\n",
    );
    assert!(corrupt_message(&p).contains("cellsize"));

    let p = write(
        dir.path(),
        "frac.asc",
        "ncols 1.5\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 5\n1\n",
    );
    assert!(corrupt_message(&p).contains("ncols = 1.5"));

    let p = write(dir.path(), "empty.asc", "");
    assert!(corrupt_message(&p).contains("empty"));

    let e = read_ascii_grid(dir.path().join("missing.asc")).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
}

#[test]
fn formats_follow_the_extension() {
    assert_eq!(
        RasterFormat::from_path("a/b/DEM.Tiff"),
        Some(RasterFormat::GeoTiff)
    );
    assert_eq!(
        RasterFormat::from_path("dem.gtiff"),
        Some(RasterFormat::GeoTiff)
    );
    assert_eq!(
        RasterFormat::from_path("dem.grd"),
        Some(RasterFormat::AsciiGrid)
    );
    assert_eq!(RasterFormat::from_path("dem"), None);
    assert_eq!(RasterFormat::GeoTiff.name(), "GeoTIFF");

    let dir = tempfile::tempdir().unwrap();
    let r = Raster::new(
        Array2::from_shape_fn((3, 4), |(r, c)| (r * 4 + c) as u16),
        GeoTransform::north_up(10.0, 40.0, 10.0),
        Crs::epsg(32616),
    )
    .with_nodata(0.0);
    let tif = dir.path().join("x.tif");
    write_raster(&r, &tif).unwrap();
    let AnyRaster::U16(back) = read_raster(&tif).unwrap() else {
        panic!("u16 expected")
    };
    assert_eq!(back, r);
    AnyRaster::U16(back)
        .write(dir.path().join("y.tiff"))
        .unwrap();
    assert_eq!(
        read_raster(dir.path().join("y.tiff")).unwrap().dtype_name(),
        "uint16"
    );

    // ASCII grids come back as f32.
    let asc = dir.path().join("x.asc");
    write_raster(&r, &asc).unwrap();
    let any = read_raster(&asc).unwrap();
    assert_eq!(any.dtype_name(), "float32");
    assert_eq!(any.shape(), (3, 4));
    assert_eq!(any.nodata(), Some(0.0));
    assert_eq!(any.transform(), &r.transform);
    assert!(any.crs().is_unknown());

    let e = write_raster(&r, dir.path().join("x.png")).unwrap_err();
    assert!(
        matches!(e, Error::Unsupported { .. }) && e.to_string().contains(".tif"),
        "{e}"
    );
}

#[cfg(not(feature = "gdal"))]
#[test]
fn other_formats_need_the_gdal_feature() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "dem.nc", "CDF");
    let e = read_raster(&p).unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    assert!(e.to_string().contains("--features gdal"), "{e}");
}
