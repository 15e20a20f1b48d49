//! GDAL interop (feature `gdal`): GDAL reads what hazsim writes, hazsim reads what GDAL writes,
//! and warping.
#![cfg(feature = "gdal")]

use hazsim_grid::{Crs, GeoTransform, Raster};
use hazsim_io::gdal::{read_gdal, warp, Resampling, WarpTarget};
use hazsim_io::geotiff::{read_geotiff, write_geotiff, Compression, GeoTiffOptions, Layout};
use hazsim_io::{read_raster, AnyRaster, Error};
use ndarray::Array2;
use std::path::{Path, PathBuf};

fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn gdal_reads_the_fixtures_like_the_pure_rust_reader() {
    for name in [
        "f32_tiled_deflate.tif",
        "f32_predictor3.tif",
        "f32_pixel_is_point.tif",
        "i16_striped_lzw.tif",
        "i16_tiled_predictor2.tif",
        "u8_geographic.tif",
    ] {
        let ours = read_geotiff(data_path(name)).unwrap();
        let theirs = read_gdal(data_path(name)).unwrap();
        assert_eq!(ours.dtype_name(), theirs.dtype_name(), "{name}");
        assert_eq!(ours.transform(), theirs.transform(), "{name}");
        assert_eq!(ours.crs().epsg, theirs.crs().epsg, "{name}");
        assert!(theirs.crs().wkt.is_some(), "{name}");
        assert_eq!(ours.nodata(), theirs.nodata(), "{name}");
        assert_eq!(
            ours.clone().into_f64().data,
            theirs.clone().into_f64().data,
            "{name}"
        );
    }
}

#[test]
fn gdal_reads_what_hazsim_writes() {
    let dir = tempfile::tempdir().unwrap();
    let data = Array2::from_shape_fn((37, 53), |(r, c)| 300.0 + r as f32 * 0.5 - c as f32 * 0.125);
    let mut r = Raster::new(
        data,
        GeoTransform::north_up(500_000.0, 4_000_000.0, 30.0),
        Crs::epsg(32616),
    )
    .with_nodata(-9999.0);
    r.data[[10, 10]] = -9999.0;
    for compression in [Compression::None, Compression::Lzw, Compression::Deflate] {
        for layout in [
            Layout::Striped { rows_per_strip: 5 },
            Layout::Tiled { tile_size: 16 },
        ] {
            for predictor in [false, true] {
                let opts = GeoTiffOptions {
                    compression,
                    layout,
                    predictor,
                };
                let p = dir.path().join("ours.tif");
                write_geotiff(&r, &p, &opts).unwrap();
                let AnyRaster::F32(g) = read_gdal(&p).unwrap() else {
                    panic!("{opts:?}: not f32")
                };
                assert_eq!(g.data, r.data, "{opts:?}");
                assert_eq!(g.transform, r.transform, "{opts:?}");
                assert_eq!(g.crs.epsg, Some(32616), "{opts:?}");
                assert_eq!(g.nodata, Some(-9999.0), "{opts:?}");
            }
        }
    }
    // Rotated transform and a geographic CRS, in int16.
    let rot = Raster::new(
        Array2::from_shape_fn((4, 6), |(r, c)| (r * 6 + c) as i16),
        GeoTransform([-84.0, 0.01, 0.002, 36.0, 0.003, -0.01]),
        Crs::epsg(4326),
    );
    let p = dir.path().join("rot.tif");
    write_geotiff(&rot, &p, &GeoTiffOptions::default()).unwrap();
    let AnyRaster::I16(g) = read_gdal(&p).unwrap() else {
        panic!("not i16")
    };
    assert_eq!(g.transform, rot.transform);
    assert_eq!(g.crs.epsg, Some(4326));
    assert_eq!(g.data, rot.data);

    // A CRS known only by WKT travels as an ESRI PE string that GDAL understands.
    let wkt = r#"PROJCS["custom TM",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-86.5],PARAMETER["scale_factor",1],PARAMETER["false_easting",100000],PARAMETER["false_northing",0],UNIT["metre",1]]"#;
    let w = Raster::new(
        Array2::<f32>::zeros((2, 3)),
        GeoTransform::north_up(0.0, 20.0, 10.0),
        Crs::from_wkt(wkt),
    );
    let p = dir.path().join("wkt.tif");
    write_geotiff(&w, &p, &GeoTiffOptions::default()).unwrap();
    let g = read_gdal(&p).unwrap();
    let gw = g.crs().wkt.clone().unwrap();
    assert!(gw.contains("custom TM") && gw.contains("-86.5"), "{gw}");
    assert!(!g.crs().is_geographic());
}

#[test]
fn read_raster_uses_gdal_for_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    // An ERDAS Imagine file written by GDAL itself from the float32 fixture.
    let src = gdal::Dataset::open(data_path("f32_tiled_deflate.tif")).unwrap();
    let driver = gdal::DriverManager::get_driver_by_name("HFA").unwrap();
    let p = dir.path().join("dem.img");
    src.create_copy(&driver, &p, &Default::default()).unwrap();
    drop(src);
    let r = read_raster(&p).unwrap().into_f32();
    assert_eq!(r.shape(), (5, 7));
    assert_eq!(r.data[[4, 6]], 146.25);
    assert_eq!(
        r.transform.0,
        [500_000.0, 30.0, 0.0, 4_000_000.0, 0.0, -30.0]
    );
    assert_eq!(r.nodata, Some(-9999.0));
    assert!(!r.crs.is_geographic());

    let e = read_raster(dir.path().join("missing.img")).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    let junk = dir.path().join("junk.img");
    std::fs::write(&junk, b"not a raster at all").unwrap();
    let e = read_raster(&junk).unwrap_err();
    assert!(matches!(e, Error::Gdal { .. }), "{e}");
    assert!(e.to_string().contains("junk.img"), "{e}");
}

/// A 0.01° lon/lat grid over western Kentucky whose value is the cell-centre longitude ×
/// 1000: after reprojection a cell's value says where it came from.
fn lonlat_grid() -> Raster<f32> {
    let (lon0, lat0, d) = (-88.5, 37.5, 0.01);
    let data = Array2::from_shape_fn((50, 60), |(_, c)| {
        ((lon0 + (c as f64 + 0.5) * d) * 1000.0) as f32
    });
    Raster::new(data, GeoTransform::north_up(lon0, lat0, d), Crs::epsg(4326))
}

#[test]
fn warp_lonlat_to_utm() {
    let src = lonlat_grid();
    let out = warp(
        &src,
        WarpTarget::Crs {
            crs: Crs::epsg(32616),
            cell_size: Some(100.0),
        },
        Resampling::Bilinear,
    )
    .unwrap();
    assert_eq!(out.crs.epsg, Some(32616));
    assert!(!out.crs.is_geographic());
    assert_eq!(out.cell_size_metres("warped").unwrap(), 100.0);
    // 0.6° × 0.5° at 37.25° N is about 53 km × 55 km.
    let (rows, cols) = out.shape();
    assert!(
        (500..620).contains(&rows) && (480..600).contains(&cols),
        "{rows} × {cols}"
    );

    // (-88.2°, 37.25°) in UTM 16N, from `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32616`
    // (PROJ 9.1): (393 577.20, 4 123 280.90).
    let (x, y) = (393_577.20, 4_123_280.90);
    let (r, c) = out.cell_index(x, y).expect("point inside the output");
    let v = out.data[[r, c]];
    // The value is longitude × 1000; one 100 m cell spans ~0.0011°.
    assert!((v - (-88_200.0)).abs() < 2.0, "value {v} at ({r}, {c})");

    // Without a cell size GDAL keeps the cell count along the diagonal (~0.01° ≈ 890-1110 m).
    let auto = warp(
        &src,
        WarpTarget::Crs {
            crs: Crs::epsg(32616),
            cell_size: None,
        },
        Resampling::Nearest,
    )
    .unwrap();
    let cs = auto.cell_size_metres("auto").unwrap();
    assert!((850.0..1150.0).contains(&cs), "{cs}");
    // Corners outside the source footprint are NaN (no nodata value in the source).
    assert_eq!(auto.nodata, None);
    assert!(auto.data.iter().any(|v| v.is_nan()));
}

#[test]
fn warp_like_a_grid_with_each_resampling() {
    // Coarsen a 10 m grid onto a 30 m grid in the same CRS: average of 3 × 3 blocks.
    let fine = Raster::new(
        Array2::from_shape_fn((30, 30), |(r, c)| (r * 30 + c) as f32),
        GeoTransform::north_up(500_000.0, 4_000_000.0, 10.0),
        Crs::epsg(32616),
    )
    .with_nodata(-1.0);
    let target = WarpTarget::Like(
        GeoTransform::north_up(500_000.0, 4_000_000.0, 30.0),
        (10, 10),
        Crs::epsg(32616),
    );
    let avg = warp(&fine, target.clone(), Resampling::Average).unwrap();
    assert_eq!(avg.shape(), (10, 10));
    assert_eq!(avg.data[[0, 0]], (31.0f32)); // mean of rows 0..3, cols 0..3
    assert_eq!(avg.data[[2, 5]], (7 * 30 + 16) as f32);
    let near = warp(&fine, target.clone(), Resampling::Nearest).unwrap();
    assert_eq!(near.data[[0, 0]], 31.0); // the centre cell of the block
    for r in [Resampling::Bilinear, Resampling::Cubic] {
        let out = warp(&fine, target.clone(), r).unwrap();
        assert!(
            (out.data[[4, 4]] - (13 * 30 + 13) as f32).abs() < 1e-3,
            "{r:?}: {}",
            out.data[[4, 4]]
        );
    }

    // Cells the source does not reach take the source's nodata value.
    let shifted = WarpTarget::like(&Raster::new(
        Array2::<f32>::zeros((4, 4)),
        GeoTransform::north_up(500_240.0, 4_000_000.0, 30.0),
        Crs::epsg(32616),
    ));
    let out = warp(&fine, shifted, Resampling::Nearest).unwrap();
    assert_eq!(out.nodata, Some(-1.0));
    assert_eq!(out.data[[0, 3]], -1.0);
    assert_eq!(out.data[[0, 0]], (30 + 25) as f32);

    // Source nodata cells are ignored, not averaged in.
    let mut holey = fine.clone();
    holey.data[[0, 0]] = -1.0;
    let out = warp(
        &holey,
        WarpTarget::Like(
            GeoTransform::north_up(500_000.0, 4_000_000.0, 30.0),
            (10, 10),
            Crs::epsg(32616),
        ),
        Resampling::Average,
    )
    .unwrap();
    let expected = ([1, 2, 30, 31, 32, 60, 61, 62].iter().sum::<i32>() as f32) / 8.0;
    assert!(
        (out.data[[0, 0]] - expected).abs() < 1e-4,
        "{}",
        out.data[[0, 0]]
    );
}

#[test]
fn warp_errors_are_clear() {
    let mut r = lonlat_grid();
    r.crs = Crs::unknown();
    let e = warp(
        &r,
        WarpTarget::Crs {
            crs: Crs::epsg(32616),
            cell_size: None,
        },
        Resampling::Nearest,
    )
    .unwrap_err();
    assert!(e.to_string().contains("source CRS"), "{e}");
    let e = warp(
        &lonlat_grid(),
        WarpTarget::Crs {
            crs: Crs::epsg(32616),
            cell_size: Some(-5.0),
        },
        Resampling::Nearest,
    )
    .unwrap_err();
    assert!(e.to_string().contains("cell_size"), "{e}");
    let e = warp(
        &lonlat_grid(),
        WarpTarget::Crs {
            crs: Crs::epsg(1),
            cell_size: None,
        },
        Resampling::Nearest,
    )
    .unwrap_err();
    assert!(e.to_string().contains("target CRS"), "{e}");
}
