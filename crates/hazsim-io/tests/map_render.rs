//! Map rendering: composition over hillshade, colour bar, legends, overlays and errors, checked
//! by decoding the written PNG.
//!
//! Set `HAZSIM_SAMPLE_MAPS=/some/folder` to also write a few sample maps there for viewing.

use hazsim_grid::{Crs, GeoTransform, Raster};
use hazsim_io::map::{
    overlays_from_geojson, overlays_from_geojson_str, render_map, render_map_png,
    render_map_with_layout, Colormap, MapStyle, Oklab, Overlay, Rect, RgbaImage,
};
use hazsim_io::Error;
use ndarray::Array2;
use std::path::Path;

const ROWS: usize = 50;
const COLS: usize = 80;
const X0: f64 = 500_000.0;
const Y0: f64 = 4_000_000.0;
const CELL: f64 = 10.0;

fn grid<T>(data: Array2<T>) -> Raster<T> {
    Raster::new(data, GeoTransform::north_up(X0, Y0, CELL), Crs::epsg(32616))
}

/// Values 0..=max rising to the south-east, with two NaN holes and a -9999 nodata cell.
fn values() -> Raster<f32> {
    let mut v = Array2::from_shape_fn((ROWS, COLS), |(r, c)| (r * COLS + c) as f32 / 100.0);
    for r in 10..14 {
        for c in 20..26 {
            v[[r, c]] = f32::NAN;
        }
    }
    v[[40, 5]] = f32::NAN;
    v[[3, 70]] = -9999.0;
    grid(v).with_nodata(-9999.0)
}

fn max_value() -> f32 {
    ((ROWS * COLS - 1) as f32) / 100.0
}

/// A hillshade varying across the map, with one missing cell.
fn shade() -> Raster<f32> {
    let mut h = Array2::from_shape_fn((ROWS, COLS), |(r, c)| {
        0.3 + 0.5 * (c as f32 / COLS as f32) + 0.1 * ((r % 7) as f32 / 7.0)
    });
    h[[45, 45]] = f32::NAN;
    grid(h)
}

fn decode(path: &Path) -> RgbaImage {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let mut reader = png::Decoder::new(file).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    RgbaImage {
        width: info.width,
        height: info.height,
        pixels: buf,
    }
}

fn px(img: &RgbaImage, (x, y): (u32, u32)) -> [u8; 4] {
    img.pixel(x, y).unwrap()
}

fn close(a: [u8; 4], b: [u8; 4], tol: i32) -> bool {
    a.iter()
        .zip(b.iter())
        .all(|(&x, &y)| (x as i32 - y as i32).abs() <= tol)
}

fn grey(h: f32) -> u8 {
    (h * 255.0).round() as u8
}

fn blend(c: [u8; 3], g: u8, alpha: f32) -> [u8; 4] {
    let m = |c: u8| (alpha * c as f32 + (1.0 - alpha) * g as f32).round() as u8;
    [m(c[0]), m(c[1]), m(c[2]), 255]
}

/// Dark (text-coloured) pixels in a rectangle.
fn dark_pixels(img: &RgbaImage, r: Rect) -> usize {
    let mut n = 0;
    for y in r.y0.max(0)..r.y1.min(img.height as i64) {
        for x in r.x0.max(0)..r.x1.min(img.width as i64) {
            let p = img.pixel(x as u32, y as u32).unwrap();
            if p[3] == 255 && p[0] < 90 && p[1] < 90 && p[2] < 90 {
                n += 1;
            }
        }
    }
    n
}

fn samples_dir() -> Option<std::path::PathBuf> {
    let d = std::path::PathBuf::from(std::env::var_os("HAZSIM_SAMPLE_MAPS")?);
    std::fs::create_dir_all(&d).ok()?;
    Some(d)
}

#[test]
fn value_map_over_hillshade_round_trips_through_png() {
    let (v, h) = (values(), shade());
    let style = MapStyle {
        colormap: Colormap::Viridis,
        vmin: Some(0.0),
        vmax: Some(max_value() as f64),
        title: Some("Synthetic values".into()),
        units: "m".into(),
        ..MapStyle::default()
    };
    let (img, layout) = render_map_with_layout(&v, Some(&h), &style, &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.png");
    render_map_png(&v, Some(&h), &style, &[], &path).unwrap();
    let png = decode(&path);
    assert_eq!(png, img, "the PNG holds exactly the rendered image");

    // Map: 80 × 50 cells, enlarged to at least 600 px wide.
    assert_eq!(layout.pixels_per_cell, 8.0);
    assert_eq!((layout.map.width(), layout.map.height()), (640, 400));
    assert!(
        png.width as i64 > layout.map.x1 + 40,
        "room for the colour bar"
    );

    // NaN and nodata cells show the plain hillshade grey.
    for (r, c) in [(11, 22), (40, 5), (3, 70)] {
        let g = grey(h.data[[r, c]]);
        assert_eq!(
            px(&png, layout.cell_pixel(r, c)),
            [g, g, g, 255],
            "cell ({r}, {c})"
        );
    }
    // Where the hillshade is missing, the value colour is drawn at the style's opacity.
    let p = px(&png, layout.cell_pixel(45, 45));
    assert_eq!(p[3], (0.65f32 * 255.0).round() as u8);

    // The maximum cell is the top of the colormap blended over its hillshade grey.
    let (r, c) = (ROWS - 1, COLS - 1);
    let want = blend(Colormap::Viridis.sample(1.0), grey(h.data[[r, c]]), 0.65);
    assert!(
        close(px(&png, layout.cell_pixel(r, c)), want, 1),
        "{:?} vs {want:?}",
        px(&png, layout.cell_pixel(r, c))
    );
    // And the minimum cell the bottom.
    let want = blend(Colormap::Viridis.sample(0.0), grey(h.data[[0, 0]]), 0.65);
    assert!(close(px(&png, layout.cell_pixel(0, 0)), want, 1));

    // The colour bar holds the colormap's gradient, vmax at the top.
    let bar = layout.color_bar.unwrap();
    let x = ((bar.x0 + bar.x1) / 2) as u32;
    let h_bar = bar.height();
    for i in (0..h_bar).step_by(7).chain([h_bar - 1]) {
        let t = 1.0 - (i as f32 + 0.5) / h_bar as f32;
        let c = Colormap::Viridis.sample(t);
        let got = px(&png, (x, (bar.y0 + i) as u32));
        assert!(
            close(got, [c[0], c[1], c[2], 255], 3),
            "bar row {i}: {got:?} vs {c:?}"
        );
    }
    assert_eq!(layout.range, Some((0.0, max_value() as f64)));

    // Text: tick labels and units right of the bar, and the title.
    let labels = Rect {
        x0: bar.x1 + 4,
        ..layout.legend
    };
    assert!(dark_pixels(&png, labels) > 200, "tick labels drawn");
    let units = Rect {
        y1: bar.y0 - 2,
        ..layout.legend
    };
    assert!(
        dark_pixels(&png, units) > 20,
        "units label drawn above the bar"
    );
    assert!(
        dark_pixels(&png, layout.title.unwrap()) > 100,
        "title drawn"
    );
    assert!(layout.scale_bar.is_some() && layout.north_arrow.is_some());
    assert!(dark_pixels(&png, layout.scale_bar.unwrap()) > 50);
    // Nothing overlaps the map.
    for r in [
        layout.legend,
        layout.scale_bar.unwrap(),
        layout.north_arrow.unwrap(),
        layout.title.unwrap(),
    ] {
        let i = r.intersect(&layout.map);
        assert!(i.width() == 0 || i.height() == 0, "{r:?} overlaps the map");
    }
}

#[test]
fn without_hillshade_missing_cells_are_transparent() {
    let v = values();
    let style = MapStyle {
        colormap: Colormap::Magma,
        units: "s".into(),
        ..MapStyle::default()
    };
    let (img, layout) = render_map_with_layout(&v, None, &style, &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nohs.png");
    img.write_png(&path).unwrap();
    let png = decode(&path);
    assert_eq!(px(&png, layout.cell_pixel(11, 22))[3], 0);
    assert_eq!(px(&png, layout.cell_pixel(3, 70))[3], 0);
    // Opaque colours elsewhere; the default range is the 2nd–98th percentile, so the maximum
    // is clamped to the top colour.
    let top = Colormap::Magma.sample(1.0);
    assert_eq!(
        px(&png, layout.cell_pixel(ROWS - 1, COLS - 1)),
        [top[0], top[1], top[2], 255]
    );
    let (lo, hi) = layout.range.unwrap();
    assert!(lo > 0.5 && hi < max_value() as f64 - 0.5, "{lo}..{hi}");
    // Panel background is opaque white.
    assert_eq!(
        png.pixel(png.width - 2, png.height - 2),
        Some([255, 255, 255, 255])
    );
}

#[test]
fn hide_below_shows_plain_hillshade() {
    let (v, h) = (values(), shade());
    let style = MapStyle {
        hide_below: Some(5.0),
        ..MapStyle::default()
    };
    let (img, layout) = render_map_with_layout(&v, Some(&h), &style, &[]).unwrap();
    // Cell (0, 10) holds 0.1 < 5: plain hillshade. Cell (20, 0) holds 16: coloured.
    let g = grey(h.data[[0, 10]]);
    assert_eq!(px(&img, layout.cell_pixel(0, 10)), [g, g, g, 255]);
    let p = px(&img, layout.cell_pixel(20, 0));
    assert!(!(p[0] == p[1] && p[1] == p[2]), "{p:?} should be coloured");
    // The default range only looks at shown values.
    assert!(layout.range.unwrap().0 >= 5.0);
}

#[test]
fn categorical_legend() {
    let classes = Array2::from_shape_fn((ROWS, COLS), |(r, c)| match (r / 17, c) {
        (_, 0..=3) => f32::NAN,
        (_, 4..=6) => 7.0, // not a listed class
        (k, _) => (k + 1) as f32,
    });
    let v = grid(classes);
    let style = MapStyle {
        colormap: Colormap::Categorical,
        title: Some("Hazard class".into()),
        classes: Some(vec![
            (1.0, "Low".into()),
            (2.0, "Medium".into()),
            (3.0, "High".into()),
        ]),
        ..MapStyle::default()
    };
    let (img, layout) = render_map_with_layout(&v, None, &style, &[]).unwrap();
    assert!(layout.color_bar.is_none());
    assert_eq!(layout.swatches.len(), 3);
    for (i, row) in [(0usize, 5usize), (1, 20), (2, 40)] {
        let c = Colormap::categorical_color(i);
        let want = [c[0], c[1], c[2], 255];
        assert_eq!(
            px(&img, layout.cell_pixel(row, 30)),
            want,
            "class {}",
            i + 1
        );
        let s = layout.swatches[i];
        assert_eq!(
            px(
                &img,
                (((s.x0 + s.x1) / 2) as u32, ((s.y0 + s.y1) / 2) as u32)
            ),
            want
        );
        // A label right of each swatch.
        let label = Rect {
            x0: s.x1 + 4,
            x1: layout.legend.x1,
            ..s
        };
        assert!(dark_pixels(&img, label) > 20, "label {i}");
    }
    assert_eq!(
        px(&img, layout.cell_pixel(10, 1))[3],
        0,
        "NaN is transparent"
    );
    assert_eq!(
        px(&img, layout.cell_pixel(10, 5))[3],
        0,
        "unlisted class is transparent"
    );
    if let Some(d) = samples_dir() {
        img.write_png(d.join("classes.png")).unwrap();
    }
}

#[test]
fn geojson_line_overlay_changes_pixels_along_it() {
    let (v, h) = (values(), shade());
    let style = MapStyle::default();
    // West-east line through the middle of row 25.
    let y = Y0 - 25.5 * CELL;
    let gj = format!(
        r#"{{"type": "FeatureCollection", "features": [
            {{"type": "Feature", "properties": {{}}, "geometry": {{"type": "LineString", "coordinates": [[{x0}, {y}], [{x1}, {y}]]}}}}
        ]}}"#,
        x0 = X0 - 100.0,
        x1 = X0 + 1000.0,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.geojson");
    std::fs::write(&path, gj).unwrap();
    let overlays = overlays_from_geojson(&path).unwrap();
    assert_eq!(overlays.len(), 1);
    let (plain, layout) = render_map_with_layout(&v, Some(&h), &style, &[]).unwrap();
    let (lined, _) = render_map_with_layout(&v, Some(&h), &style, &overlays).unwrap();
    for c in (0..COLS).step_by(5) {
        let p = layout.cell_pixel(25, c);
        assert_eq!(px(&lined, p), [20, 20, 20, 255], "line at column {c}");
        assert_ne!(px(&lined, p), px(&plain, p));
        assert_eq!(
            px(&lined, (p.0, p.1 - 2)),
            [255, 255, 255, 255],
            "white casing at column {c}"
        );
        assert_eq!(
            px(&lined, (p.0, p.1 - 4)),
            px(&plain, (p.0, p.1 - 4)),
            "line is thin"
        );
        // Far from the line nothing changed.
        assert_eq!(
            px(&lined, layout.cell_pixel(10, c)),
            px(&plain, layout.cell_pixel(10, c))
        );
    }
    // The line is clipped to the map: the frame and margin left of the map are untouched.
    let p = layout.cell_pixel(25, 0);
    assert_eq!(
        px(&lined, (layout.map.x0 as u32 - 5, p.1)),
        [255, 255, 255, 255]
    );
}

#[test]
fn point_overlay_with_label() {
    let v = values();
    let ov = overlays_from_geojson_str(&format!(
        r#"{{"type": "Feature", "properties": {{"name": "Gauge 7"}}, "geometry": {{"type": "Point", "coordinates": [{}, {}]}}}}"#,
        X0 + 205.0,
        Y0 - 205.0
    ))
    .unwrap();
    let (img, layout) = render_map_with_layout(&v, None, &MapStyle::default(), &ov).unwrap();
    assert_eq!(
        px(&img, layout.cell_pixel(20, 20)),
        [255, 255, 255, 255],
        "white point fill"
    );
    // The label is written to the right of the point.
    let (x, y) = layout.cell_pixel(20, 20);
    let label = Rect::new(x as i64 + 6, y as i64 - 12, 110, 24);
    assert!(dark_pixels(&img, label) > 40);
}

#[test]
fn overlays_in_another_crs_are_an_error() {
    let v = values();
    let lonlat = Overlay::lines(vec![vec![(-84.1, 35.9), (-84.0, 36.0)]]);
    let e = render_map(&v, None, &MapStyle::default(), &[lonlat])
        .unwrap_err()
        .to_string();
    assert!(e.contains("EPSG:32616") && e.contains("reproject"), "{e}");
}

#[test]
fn mismatched_hillshade_grid_is_an_error() {
    let v = values();
    let mut h = shade();
    h.transform.0[0] += 25.0;
    match render_map(&v, Some(&h), &MapStyle::default(), &[]) {
        Err(Error::Grid(hazsim_grid::Error::GridMismatch { what })) => {
            assert!(what.contains("values and hillshade"), "{what}")
        }
        other => panic!("expected a grid mismatch, got {other:?}"),
    }
    let small = grid(Array2::<f32>::zeros((10, 10)));
    assert!(matches!(
        render_map(&v, Some(&small), &MapStyle::default(), &[]),
        Err(Error::Grid(hazsim_grid::Error::GridMismatch { .. }))
    ));
}

#[test]
fn invalid_styles_are_errors() {
    let v = values();
    let e = "plasma".parse::<Colormap>().unwrap_err().to_string();
    for name in [
        "viridis",
        "magma",
        "blues",
        "terrain",
        "greys",
        "rdbu",
        "categorical",
        "_r",
    ] {
        assert!(e.contains(name), "{e}");
    }
    let bad = |style: MapStyle| render_map(&v, None, &style, &[]).unwrap_err().to_string();
    let e = bad(MapStyle {
        vmin: Some(5.0),
        vmax: Some(5.0),
        ..MapStyle::default()
    });
    assert!(e.contains("vmin") && e.contains("vmax"), "{e}");
    let e = bad(MapStyle {
        vmin: Some(100.0),
        ..MapStyle::default()
    });
    assert!(e.contains("vmin = 100"), "{e}");
    assert!(bad(MapStyle {
        alpha: 1.5,
        ..MapStyle::default()
    })
    .contains("alpha"));
    assert!(bad(MapStyle {
        scale: Some(0),
        ..MapStyle::default()
    })
    .contains("scale"));
    assert!(bad(MapStyle {
        log_scale: true,
        vmin: Some(0.0),
        ..MapStyle::default()
    })
    .contains("log"));
    assert!(bad(MapStyle {
        classes: Some(vec![]),
        ..MapStyle::default()
    })
    .contains("classes"));
    let empty = grid(Array2::<f32>::zeros((0, 5)));
    assert!(render_map(&empty, None, &MapStyle::default(), &[]).is_err());
}

#[test]
fn all_missing_and_constant_rasters_still_render() {
    let nan = grid(Array2::from_elem((5, 7), f32::NAN));
    let (img, layout) = render_map_with_layout(&nan, None, &MapStyle::default(), &[]).unwrap();
    assert_eq!(px(&img, layout.cell_pixel(2, 2))[3], 0);
    let flat = grid(Array2::from_elem((5, 7), 3.0f32));
    let (_, layout) = render_map_with_layout(&flat, None, &MapStyle::default(), &[]).unwrap();
    let (lo, hi) = layout.range.unwrap();
    assert!(lo < 3.0 && hi > 3.0);
    let zeros = grid(Array2::from_shape_fn((5, 7), |(r, _)| r as f32));
    let log = MapStyle {
        log_scale: true,
        ..MapStyle::default()
    };
    let (img, layout) = render_map_with_layout(&zeros, None, &log, &[]).unwrap();
    assert_eq!(
        px(&img, layout.cell_pixel(0, 0))[3],
        0,
        "0 cannot be shown on a log scale"
    );
}

#[test]
fn large_rasters_are_reduced() {
    let big = Raster::new(
        Array2::from_shape_fn((1700, 2500), |(r, c)| ((r / 50 + c / 50) % 2) as f32),
        GeoTransform::north_up(0.0, 17_000.0, 10.0),
        Crs::epsg(32616),
    );
    let (img, layout) = render_map_with_layout(&big, None, &MapStyle::default(), &[]).unwrap();
    assert_eq!(layout.pixels_per_cell, 0.5);
    assert_eq!(layout.map.width(), 1250);
    assert!(img.width < 1700);
}

#[test]
fn colormap_lightness_and_symmetry() {
    let ls: Vec<f32> = Colormap::Viridis
        .lut(200)
        .into_iter()
        .map(|c| Oklab::from_srgb8(c).l)
        .collect();
    assert!(
        ls.windows(2).all(|w| w[1] >= w[0] - 4e-3),
        "viridis lightness is monotonic"
    );
    assert!(ls[199] - ls[0] > 0.5);
    let mid = Oklab::from_srgb8(Colormap::RdBu.sample(0.5));
    assert!(mid.l > 0.95 && mid.chroma() < 0.02, "{mid:?}");
    let (a, b) = (
        Oklab::from_srgb8(Colormap::RdBu.sample(0.0)),
        Oklab::from_srgb8(Colormap::RdBu.sample(1.0)),
    );
    assert!((a.l - b.l).abs() < 0.02);
    assert!(a.a > 0.05 && b.b < -0.05, "red end and blue end");
}

/// Sample maps of every kind over a synthetic valley: each is written as a PNG that decodes to a
/// map of at least 600 px, and the flood map shows water (blue) where the fake flood is. With
/// HAZSIM_SAMPLE_MAPS set they are kept in that folder for looking at.
#[test]
fn sample_maps() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = samples_dir().unwrap_or_else(|| tmp.path().to_path_buf());
    // A valley DEM with a river channel, its hillshade and a fake flood.
    let (rows, cols) = (120, 160);
    let dem = Raster::new(
        Array2::from_shape_fn((rows, cols), |(r, c)| {
            let x = c as f32 / cols as f32;
            let y = r as f32 / rows as f32;
            let valley = (x - 0.5 - 0.1 * (y * 6.0).sin()).abs();
            200.0 + 300.0 * valley + 40.0 * (x * 13.0).sin() * (y * 9.0).cos() + 60.0 * (1.0 - y)
        }),
        GeoTransform::north_up(X0, Y0, 25.0),
        Crs::epsg(32616),
    );
    let hs = hazsim_grid::hillshade(&dem, 315.0, 45.0, 1.0).unwrap();
    let depth = dem.map(|&z| {
        let d = (235.0 - z) / 20.0;
        if d > 0.0 {
            d
        } else {
            0.0
        }
    });
    let roads = overlays_from_geojson_str(&format!(
        r#"{{"type": "FeatureCollection", "features": [
        {{"type": "Feature", "properties": {{}}, "geometry": {{"type": "LineString", "coordinates": [[{a}, {b}], [{c}, {d}], [{e}, {f}]]}}}},
        {{"type": "Feature", "properties": {{"name": "School"}}, "geometry": {{"type": "Point", "coordinates": [{g}, {h}]}}}},
        {{"type": "Feature", "properties": {{}}, "geometry": {{"type": "Polygon", "coordinates": [[[{i}, {j}], [{k}, {j}], [{k}, {l}], [{i}, {l}], [{i}, {j}]]]}}}}
        ]}}"#,
        a = X0 + 200.0,
        b = Y0 - 2800.0,
        c = X0 + 2000.0,
        d = Y0 - 1500.0,
        e = X0 + 3900.0,
        f = Y0 - 400.0,
        g = X0 + 1600.0,
        h = Y0 - 1000.0,
        i = X0 + 2500.0,
        j = Y0 - 2000.0,
        k = X0 + 3500.0,
        l = Y0 - 2800.0,
    ))
    .unwrap();
    render_map_png(
        &depth,
        Some(&hs),
        &MapStyle::for_field("flood.max_depth"),
        &roads,
        dir.join("flood_depth.png"),
    )
    .unwrap();
    let arrival = dem.map(|&z| {
        if z < 330.0 {
            (z - 200.0) * 60.0
        } else {
            f32::NAN
        }
    });
    render_map_png(
        &arrival,
        Some(&hs),
        &MapStyle::for_field("fire.arrival_time"),
        &[],
        dir.join("fire_arrival.png"),
    )
    .unwrap();
    let style = MapStyle {
        colormap: Colormap::Terrain,
        units: "m".into(),
        title: Some("Elevation (synthetic valley) – slope 12°, area 3 km²".into()),
        alpha: 0.55,
        ..MapStyle::default()
    };
    render_map_png(&dem, Some(&hs), &style, &[], dir.join("elevation.png")).unwrap();
    let diff = dem.map(|&z| (z - 330.0) / 50.0);
    let style = MapStyle {
        colormap: Colormap::RdBu,
        vmin: Some(-4.0),
        vmax: Some(4.0),
        units: "m".into(),
        title: Some("Depth change".into()),
        ..MapStyle::default()
    };
    render_map_png(&diff, None, &style, &[], dir.join("difference.png")).unwrap();
    let intensity = dem.map(|&z| 10f32.powf((z - 150.0) / 80.0));
    let style = MapStyle {
        colormap: Colormap::Magma,
        log_scale: true,
        units: "kW/m".into(),
        title: Some("Fireline intensity (log scale)".into()),
        ..MapStyle::default()
    };
    render_map_png(
        &intensity,
        Some(&hs),
        &style,
        &[],
        dir.join("intensity_log.png"),
    )
    .unwrap();
    // A swatch sheet of every colormap.
    let strip = Raster::new(
        Array2::from_shape_fn((7, 100), |(_, c)| c as f32 / 99.0),
        GeoTransform::north_up(0.0, 70.0, 10.0),
        Crs::epsg(32616),
    );
    for name in [
        "viridis",
        "magma",
        "blues",
        "terrain",
        "greys",
        "rdbu",
        "categorical",
    ] {
        let style = MapStyle {
            colormap: name.parse().unwrap(),
            title: Some(name.into()),
            vmin: Some(0.0),
            vmax: Some(1.0),
            show_scale_bar: false,
            north_arrow: false,
            ..MapStyle::default()
        };
        render_map_png(
            &strip,
            None,
            &style,
            &[],
            dir.join(format!("cmap_{name}.png")),
        )
        .unwrap();
        // Each swatch runs from one colour to another: its first and last data columns differ.
        let img = decode(&dir.join(format!("cmap_{name}.png")));
        assert!(img.width >= 600, "{name}: {} px wide", img.width);
    }
    for name in [
        "flood_depth",
        "fire_arrival",
        "elevation",
        "difference",
        "intensity_log",
    ] {
        let img = decode(&dir.join(format!("{name}.png")));
        assert!(img.width >= 600 && img.height >= 300, "{name}");
        // Every map holds more than a handful of distinct colours (not blank).
        let distinct: std::collections::HashSet<&[u8]> = img.pixels.chunks(4).collect();
        assert!(distinct.len() > 50, "{name}: {} colours", distinct.len());
    }
    // The flood map shows water: many opaque pixels clearly bluer than red.
    let img = decode(&dir.join("flood_depth.png"));
    let blue = img
        .pixels
        .chunks(4)
        .filter(|p| p[3] == 255 && p[2] as i32 > p[0] as i32 + 60)
        .count();
    let wet = depth.data.iter().filter(|&&d| d > 0.01).count();
    assert!(
        wet > 0 && blue > 8 * wet,
        "{blue} blue pixels for {wet} wet cells"
    );
}
