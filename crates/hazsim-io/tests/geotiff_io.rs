//! GeoTIFF reading and writing: round trips over every cell type, compression and layout;
//! fixtures written by GDAL 3.6 (see tests/data/README.md); damaged and unsupported files.

use hazsim_grid::{Crs, GeoTransform, Raster};
use hazsim_io::geotiff::{
    read_geotiff, write_geotiff, Compression, GeoTiffOptions, GeoTiffSample, Layout,
};
use hazsim_io::{AnyRaster, Error};
use ndarray::Array2;
use std::path::{Path, PathBuf};

fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

const ALL_COMPRESSIONS: [Compression; 3] =
    [Compression::None, Compression::Lzw, Compression::Deflate];
const ALL_LAYOUTS: [Layout; 4] = [
    Layout::Striped { rows_per_strip: 1 },
    Layout::Striped { rows_per_strip: 7 },
    Layout::Striped {
        rows_per_strip: 10_000,
    },
    Layout::Tiled { tile_size: 16 },
];

/// A 23 × 37 raster (not a multiple of the tile size) with values spanning the type's range.
fn sample<T: GeoTiffSample>(f: impl Fn(usize, usize) -> T, nodata: Option<f64>) -> Raster<T> {
    let data = Array2::from_shape_fn((23, 37), |(r, c)| f(r, c));
    let mut r = Raster::new(
        data,
        GeoTransform::north_up(500_000.0, 4_000_000.0, 30.0),
        Crs::epsg(32616),
    );
    r.nodata = nodata;
    r
}

fn check_round_trip<T: GeoTiffSample + std::fmt::Debug>(
    raster: &Raster<T>,
    unwrap: impl Fn(AnyRaster) -> Option<Raster<T>>,
) {
    let dir = tempfile::tempdir().unwrap();
    for compression in ALL_COMPRESSIONS {
        for layout in ALL_LAYOUTS {
            for predictor in [false, true] {
                let opts = GeoTiffOptions {
                    compression,
                    layout,
                    predictor,
                };
                let path = dir.path().join("rt.tif");
                write_geotiff(raster, &path, &opts).unwrap_or_else(|e| panic!("{opts:?}: {e}"));
                let any = read_geotiff(&path).unwrap_or_else(|e| panic!("{opts:?}: {e}"));
                assert_eq!(any.dtype_name(), T::NAME, "{opts:?}");
                let back = unwrap(any).unwrap_or_else(|| panic!("{opts:?}: wrong variant"));
                assert_eq!(back.data, raster.data, "{opts:?}");
                assert_eq!(back.transform, raster.transform, "{opts:?}");
                assert_eq!(back.crs, raster.crs, "{opts:?}");
                assert_eq!(back.nodata, raster.nodata, "{opts:?}");
                assert!(!dir.path().join("rt.tif.tmp").exists());
            }
        }
    }
}

#[test]
fn round_trip_f32() {
    let r = sample(
        |r, c| {
            if (r, c) == (3, 4) {
                -9999.0
            } else {
                1000.0 + r as f32 * 0.37 - c as f32 * 1.25e-3
            }
        },
        Some(-9999.0),
    );
    check_round_trip(&r, |a| match a {
        AnyRaster::F32(r) => Some(r),
        _ => None,
    });
    // NaN cells survive too (compared bitwise via the NaN count).
    let mut n = r.clone();
    n.data[[0, 0]] = f32::NAN;
    n.nodata = Some(f64::NAN);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("nan.tif");
    write_geotiff(
        &n,
        &p,
        &GeoTiffOptions {
            predictor: true,
            ..Default::default()
        },
    )
    .unwrap();
    let back = read_geotiff(&p).unwrap().into_f32();
    assert!(back.data[[0, 0]].is_nan() && back.nodata.unwrap().is_nan());
    assert_eq!(back.data[[5, 5]], n.data[[5, 5]]);
}

#[test]
fn round_trip_f64() {
    let r = sample(
        |r, c| (r as f64).sin() * 1e6 + c as f64 * std::f64::consts::PI,
        Some(-1e300),
    );
    check_round_trip(&r, |a| match a {
        AnyRaster::F64(r) => Some(r),
        _ => None,
    });
}

#[test]
fn round_trip_i16() {
    let r = sample(
        |r, c| {
            if r == 0 && c == 0 {
                i16::MIN
            } else {
                (r as i16 * 1000).wrapping_sub((c as i16).wrapping_mul(977))
            }
        },
        Some(-32768.0),
    );
    check_round_trip(&r, |a| match a {
        AnyRaster::I16(r) => Some(r),
        _ => None,
    });
}

#[test]
fn round_trip_i32() {
    let r = sample(|r, c| (r as i32 - 11) * 100_000_007 + c as i32, None);
    check_round_trip(&r, |a| match a {
        AnyRaster::I32(r) => Some(r),
        _ => None,
    });
}

#[test]
fn round_trip_u8() {
    let r = sample(|r, c| ((r * 37 + c * 11) % 256) as u8, Some(255.0));
    check_round_trip(&r, |a| match a {
        AnyRaster::U8(r) => Some(r),
        _ => None,
    });
}

#[test]
fn round_trip_u16() {
    let r = sample(|r, c| (r * 3000 + c) as u16, Some(0.0));
    check_round_trip(&r, |a| match a {
        AnyRaster::U16(r) => Some(r),
        _ => None,
    });
}

#[test]
fn geographic_crs_and_rotated_transform_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let data = Array2::from_shape_fn((4, 5), |(r, c)| (r * 5 + c) as f32);
    let geo = Raster::new(
        data.clone(),
        GeoTransform::north_up(-84.5, 36.25, 0.25),
        Crs::epsg(4326),
    );
    let p = dir.path().join("geo.tif");
    write_geotiff(&geo, &p, &GeoTiffOptions::default()).unwrap();
    let back = read_geotiff(&p).unwrap().into_f32();
    assert_eq!(back.crs, Crs::epsg(4326));
    assert!(back.crs.is_geographic());
    assert_eq!(back.transform, geo.transform);
    assert_eq!(back.nodata, None);

    // A rotated grid is written with ModelTransformation and read back exactly.
    let rot = Raster::new(
        data.clone(),
        GeoTransform([
            1000.0,
            8.660254037844387,
            5.0,
            2000.0,
            5.0,
            -8.660254037844387,
        ]),
        Crs::epsg(32616),
    );
    let p = dir.path().join("rot.tif");
    write_geotiff(&rot, &p, &GeoTiffOptions::default()).unwrap();
    let back = read_geotiff(&p).unwrap().into_f32();
    assert_eq!(back.transform, rot.transform);
    assert!(!back.transform.is_north_up());
    assert_eq!(back.data, data);

    // South-up grids (positive gt[5]) also go through ModelTransformation.
    let south = Raster::new(
        data.clone(),
        GeoTransform([0.0, 2.0, 0.0, 0.0, 0.0, 2.0]),
        Crs::unknown(),
    );
    let p = dir.path().join("south.tif");
    write_geotiff(&south, &p, &GeoTiffOptions::default()).unwrap();
    let back = read_geotiff(&p).unwrap().into_f32();
    assert_eq!(back.transform, south.transform);
    assert!(back.crs.is_unknown());

    // No georeferencing at all.
    let plain = Raster::new(data, GeoTransform::unit(), Crs::unknown());
    let p = dir.path().join("plain.tif");
    write_geotiff(&plain, &p, &GeoTiffOptions::default()).unwrap();
    let back = read_geotiff(&p).unwrap().into_f32();
    assert_eq!(back.transform, GeoTransform::unit());
    assert!(back.crs.is_unknown());
}

#[test]
fn wkt_only_crs_is_kept_in_the_citation() {
    let wkt = r#"PROJCS["custom TM",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",-86.5],PARAMETER["scale_factor",1],PARAMETER["false_easting",100000],PARAMETER["false_northing",0],UNIT["metre",1]]"#;
    let r = Raster::new(
        Array2::<f32>::zeros((3, 3)),
        GeoTransform::north_up(0.0, 30.0, 10.0),
        Crs::from_wkt(wkt),
    );
    assert_eq!(r.crs.epsg, None);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wkt.tif");
    write_geotiff(&r, &p, &GeoTiffOptions::default()).unwrap();
    let back = read_geotiff(&p).unwrap().into_f32();
    assert_eq!(back.crs.wkt.as_deref(), Some(wkt));
    assert_eq!(back.crs.epsg, None);
    assert!(!back.crs.is_geographic());

    let sphere = r#"GEOGCS["my sphere",DATUM["sphere",SPHEROID["s",6371000,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]"#;
    let g = Raster::new(
        Array2::<u8>::zeros((2, 2)),
        GeoTransform::north_up(10.0, 50.0, 0.5),
        Crs::from_wkt(sphere),
    );
    write_geotiff(&g, &p, &GeoTiffOptions::default()).unwrap();
    let back = read_geotiff(&p).unwrap().into_f32();
    assert_eq!(back.crs, Crs::from_wkt(sphere));
    assert!(back.crs.is_geographic());
}

fn check_compression_helps<T: GeoTiffSample>(r: &Raster<T>, dir: &Path) {
    let p = dir.join("s.tif");
    let layout = Layout::Striped { rows_per_strip: 64 };
    let size = |compression, predictor| {
        write_geotiff(
            r,
            &p,
            &GeoTiffOptions {
                compression,
                layout,
                predictor,
            },
        )
        .unwrap();
        std::fs::metadata(&p).unwrap().len()
    };
    let none = size(Compression::None, false);
    for c in [Compression::Deflate, Compression::Lzw] {
        let plain = size(c, false);
        let predicted = size(c, true);
        // LZW alone can grow float data (noisy mantissas); with the predictor it must shrink.
        if c == Compression::Deflate {
            assert!(plain < none, "{} {c:?}: {plain} vs {none}", T::NAME);
        }
        assert!(
            predicted < none,
            "{} {c:?}: predicted {predicted} vs {none}",
            T::NAME
        );
        assert!(
            predicted < plain,
            "{} {c:?}: predicted {predicted} vs {plain}",
            T::NAME
        );
    }
}

#[test]
fn deflate_and_predictor_shrink_smooth_data() {
    // A smooth 256 × 256 "terrain" in float32 and in int16 decimetres.
    let z = |r: usize, c: usize| {
        500.0 + 80.0 * (r as f64 / 40.0).sin() * (c as f64 / 55.0).cos() + 0.3 * r as f64
    };
    let f = Raster::new(
        Array2::from_shape_fn((256, 256), |(r, c)| z(r, c) as f32),
        GeoTransform::north_up(0.0, 2560.0, 10.0),
        Crs::epsg(32616),
    );
    let dir = tempfile::tempdir().unwrap();
    check_compression_helps(&f, dir.path());
    check_compression_helps(&f.map(|v| (v * 10.0).round() as i16), dir.path());
}

#[test]
fn invalid_options_leave_an_existing_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("keep.tif");
    let r = sample(|r, c| (r + c) as u8, None);
    write_geotiff(&r, &p, &GeoTiffOptions::default()).unwrap();
    let before = std::fs::read(&p).unwrap();
    for layout in [
        Layout::Tiled { tile_size: 17 },
        Layout::Tiled { tile_size: 0 },
        Layout::Striped { rows_per_strip: 0 },
    ] {
        let e = write_geotiff(
            &r.map(|v| *v as f32),
            &p,
            &GeoTiffOptions {
                layout,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(matches!(e, Error::InvalidParameter { .. }), "{e}");
    }
    let empty = Raster::new(
        Array2::<f32>::zeros((0, 4)),
        GeoTransform::unit(),
        Crs::unknown(),
    );
    assert!(write_geotiff(&empty, &p, &GeoTiffOptions::default()).is_err());
    // A directory that does not exist: an error naming the path, and no stray temp file.
    let e = write_geotiff(
        &r,
        dir.path().join("no/such/dir.tif"),
        &GeoTiffOptions::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("dir.tif"), "{e}");
    assert_eq!(std::fs::read(&p).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("keep.tif")]);
}

// --- Fixtures written by GDAL ------------------------------------------------------------------

fn f32_expected() -> Array2<f32> {
    Array2::from_shape_fn((5, 7), |(r, c)| {
        if (r, c) == (2, 3) {
            -9999.0
        } else {
            100.25 + 10.0 * r as f32 + c as f32
        }
    })
}

#[test]
fn gdal_float32_tiled_deflate() {
    let any = read_geotiff(data_path("f32_tiled_deflate.tif")).unwrap();
    assert_eq!(any.dtype_name(), "float32");
    let AnyRaster::F32(r) = any else {
        panic!("not f32")
    };
    assert_eq!(r.data, f32_expected());
    assert_eq!(
        r.transform.0,
        [500_000.0, 30.0, 0.0, 4_000_000.0, 0.0, -30.0]
    );
    assert_eq!(r.crs, Crs::epsg(32616));
    assert_eq!(r.nodata, Some(-9999.0));
    assert_eq!(r.nodata_mask().iter().filter(|m| **m).count(), 1);
}

#[test]
fn gdal_float32_predictor3_and_pixel_is_point() {
    let r = read_geotiff(data_path("f32_predictor3.tif"))
        .unwrap()
        .into_f32();
    assert_eq!(r.data, f32_expected());
    assert_eq!(
        r.transform.0,
        [500_000.0, 30.0, 0.0, 4_000_000.0, 0.0, -30.0]
    );
    // GDAL stores the tie point of a PixelIsPoint file at the centre of the first cell; the
    // reader moves it back to the corner, so the transform is the one GDAL reports.
    let p = read_geotiff(data_path("f32_pixel_is_point.tif"))
        .unwrap()
        .into_f32();
    assert_eq!(
        p.transform.0,
        [500_000.0, 30.0, 0.0, 4_000_000.0, 0.0, -30.0]
    );
    assert_eq!(p.data, f32_expected());
    assert_eq!(p.crs.epsg, Some(32616));
}

#[test]
fn gdal_int16_lzw_striped_and_predictor2_tiled() {
    let expected = Array2::from_shape_fn((6, 4), |(r, c)| {
        if [(0, 0), (5, 3)].contains(&(r, c)) {
            -32768i16
        } else {
            -100 * r as i16 + 7 * c as i16
        }
    });
    for name in [
        "i16_striped_lzw.tif",
        "i16_tiled_lzw.tif",
        "i16_tiled_predictor2.tif",
    ] {
        let AnyRaster::I16(r) = read_geotiff(data_path(name)).unwrap() else {
            panic!("{name}: not i16")
        };
        assert_eq!(r.data, expected, "{name}");
        assert_eq!(
            r.transform.0,
            [600_000.0, 10.0, 0.0, 3_990_060.0, 0.0, -10.0],
            "{name}"
        );
        assert_eq!(r.crs, Crs::epsg(32616), "{name}");
        assert_eq!(r.nodata, Some(-32768.0), "{name}");
        let f = AnyRaster::I16(r).into_f32();
        assert_eq!(f.nodata_mask().iter().filter(|m| **m).count(), 2, "{name}");
    }
}

#[test]
fn gdal_uint8_geographic() {
    let AnyRaster::U8(r) = read_geotiff(data_path("u8_geographic.tif")).unwrap() else {
        panic!("not u8")
    };
    assert_eq!(
        r.data,
        Array2::from_shape_fn((4, 6), |(r, c)| (40 * r + c) as u8)
    );
    assert_eq!(r.transform.0, [-84.5, 0.25, 0.0, 36.25, 0.0, -0.25]);
    assert_eq!(r.crs, Crs::epsg(4326));
    assert!(r.crs.is_geographic());
    assert_eq!(r.nodata, None);
}

// --- Damaged and unsupported files -----------------------------------------------------------

fn assert_corrupt(e: Error, path: &Path) {
    assert!(
        matches!(e, Error::Corrupt { .. }),
        "expected Corrupt, got {e}"
    );
    assert!(
        e.to_string().contains(&path.display().to_string()),
        "message lacks the path: {e}"
    );
}

#[test]
fn truncated_files_are_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    // hazsim writes the directory after the data: cutting the file loses the directory.
    let r = sample(|r, c| (r * 37 + c) as f32 * 0.1, Some(-9999.0));
    let full = dir.path().join("full.tif");
    write_geotiff(
        &r,
        &full,
        &GeoTiffOptions {
            compression: Compression::None,
            ..Default::default()
        },
    )
    .unwrap();
    let bytes = std::fs::read(&full).unwrap();
    let half = dir.path().join("half.tif");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    assert_corrupt(read_geotiff(&half).unwrap_err(), &half);

    // GDAL writes the directory first: cutting the file loses image data.
    for name in [
        "f32_tiled_deflate.tif",
        "i16_striped_lzw.tif",
        "u8_geographic.tif",
    ] {
        let bytes = std::fs::read(data_path(name)).unwrap();
        for keep in [bytes.len() / 2, bytes.len() - 10, 12, 8] {
            let cut = dir.path().join(format!("cut_{keep}_{name}"));
            std::fs::write(&cut, &bytes[..keep]).unwrap();
            assert_corrupt(read_geotiff(&cut).unwrap_err(), &cut);
        }
    }
}

#[test]
fn garbage_and_empty_files_are_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut random = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    };
    let junk = dir.path().join("junk.tif");
    std::fs::write(&junk, random(4096)).unwrap();
    assert_corrupt(read_geotiff(&junk).unwrap_err(), &junk);

    // A valid TIFF signature followed by garbage must not panic either.
    for i in 0..50 {
        let mut bytes = b"II*\0\x08\0\0\0".to_vec();
        bytes.extend(random(64 + i * 13));
        let p = dir.path().join(format!("sig{i}.tif"));
        std::fs::write(&p, &bytes).unwrap();
        let e = read_geotiff(&p).unwrap_err();
        assert!(
            matches!(e, Error::Corrupt { .. } | Error::Unsupported { .. }),
            "{e}"
        );
    }

    // Flipped bytes inside a real file's compressed data.
    let mut bytes = std::fs::read(data_path("f32_tiled_deflate.tif")).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n - 60..n - 20] {
        *b ^= 0x5a;
    }
    let flipped = dir.path().join("flipped.tif");
    std::fs::write(&flipped, &bytes).unwrap();
    match read_geotiff(&flipped) {
        Err(e) => assert!(matches!(e, Error::Corrupt { .. }), "{e}"),
        Ok(r) => assert_eq!(r.shape(), (5, 7)), // corruption the codec cannot detect
    }

    let empty = dir.path().join("empty.tif");
    std::fs::write(&empty, b"").unwrap();
    let e = read_geotiff(&empty).unwrap_err();
    assert_corrupt(e, &empty);
}

#[test]
fn missing_file_is_not_found() {
    let p = Path::new("definitely/not/here.tif");
    let e = read_geotiff(p).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("definitely/not/here.tif"), "{e}");
}

#[test]
fn several_bands_are_unsupported_with_the_fix() {
    let p = data_path("three_bands.tif");
    let e = read_geotiff(&p).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Unsupported { .. }), "{msg}");
    assert!(
        msg.contains("3 bands") && msg.contains("gdal_translate -b 1"),
        "{msg}"
    );
    assert!(msg.contains("three_bands.tif"), "{msg}");
}

/// Write a one-directory TIFF with the given tags and a single strip of `strip` bytes.
fn raw_tiff(path: &Path, width: u32, height: u32, bits: u16, format: u16, strip: &[u8]) {
    use tiff::encoder::TiffEncoder;
    use tiff::tags::Tag;
    let mut file = std::fs::File::create(path).unwrap();
    let mut enc = TiffEncoder::new(&mut file).unwrap();
    let mut dir = enc.image_directory().unwrap();
    let off = dir.write_data(strip).unwrap() as u32;
    dir.write_tag(Tag::ImageWidth, width).unwrap();
    dir.write_tag(Tag::ImageLength, height).unwrap();
    dir.write_tag(Tag::BitsPerSample, bits).unwrap();
    dir.write_tag(Tag::Compression, 1u16).unwrap();
    dir.write_tag(Tag::PhotometricInterpretation, 1u16).unwrap();
    dir.write_tag(Tag::SamplesPerPixel, 1u16).unwrap();
    dir.write_tag(Tag::SampleFormat, format).unwrap();
    dir.write_tag(Tag::RowsPerStrip, height).unwrap();
    dir.write_tag(Tag::StripOffsets, off).unwrap();
    dir.write_tag(Tag::StripByteCounts, strip.len() as u32)
        .unwrap();
    dir.finish().unwrap();
}

#[test]
fn exotic_sample_formats_are_unsupported_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    for (bits, format, what) in [
        (64u16, 2u16, "64-bit signed integer"),
        (32, 6, "complex float"),
        (1, 1, "1-bit unsigned"),
    ] {
        let p = dir.path().join(format!("s{bits}_{format}.tif"));
        raw_tiff(&p, 2, 2, bits, format, &[0u8; 64]);
        let e = read_geotiff(&p).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, Error::Unsupported { .. }), "{msg}");
        assert!(
            msg.contains(what) && msg.contains("gdal_translate -ot Float32"),
            "{msg}"
        );
    }
    // uint32 and int8 are widened exactly.
    let p = dir.path().join("u32.tif");
    let vals: Vec<u8> = [4_000_000_000u32, 1, 2, 3]
        .iter()
        .flat_map(|v| v.to_ne_bytes())
        .collect();
    raw_tiff(&p, 2, 2, 32, 1, &vals);
    let AnyRaster::F64(r) = read_geotiff(&p).unwrap() else {
        panic!("u32 should widen to f64")
    };
    assert_eq!(r.data[[0, 0]], 4e9);
    let p = dir.path().join("i8.tif");
    raw_tiff(&p, 2, 2, 8, 2, &[0x80, 0x7f, 0, 1]);
    let AnyRaster::I16(r) = read_geotiff(&p).unwrap() else {
        panic!("i8 should widen to i16")
    };
    assert_eq!(r.data.as_slice().unwrap(), &[-128, 127, 0, 1]);
}

#[test]
fn absurd_sizes_are_refused_before_allocating() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.tif");
    raw_tiff(&p, 100_000, 100_000, 32, 3, &[0u8; 16]);
    let e = read_geotiff(&p).unwrap_err();
    assert!(
        matches!(e, Error::Unsupported { .. }) && e.to_string().contains("2^31"),
        "{e}"
    );
    let p = dir.path().join("big.tif");
    raw_tiff(&p, 40_000, 40_000, 32, 3, &[0u8; 16]);
    let e = read_geotiff(&p).unwrap_err();
    assert!(
        matches!(e, Error::Corrupt { .. }) && e.to_string().contains("40000 × 40000"),
        "{e}"
    );
    let p = dir.path().join("zero.tif");
    raw_tiff(&p, 0, 5, 32, 3, &[0u8; 16]);
    let e = read_geotiff(&p).unwrap_err();
    assert!(matches!(e, Error::Corrupt { .. }), "{e}");
}
