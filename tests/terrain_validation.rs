//! Cross-crate validation of the terrain pipeline against analytic surfaces, plus I/O round
//! trips of its products through the facade crate.
//!
//! Every expected value below is derived by hand from the surface's formula (sources named in
//! each test); tolerances are stated where they are not exact.

use hazsim::grid::{
    d8_accumulation, d8_directions, fill_depressions, mfd_accumulation, Crs, FillMethod,
    GeoTransform, Raster, Terrain,
};
use ndarray::Array2;

fn grid<T>(z: Array2<T>, cell: f64) -> Raster<T> {
    Raster::new(
        z,
        GeoTransform::north_up(700_000.0, 4_000_000.0, cell),
        Crs::epsg(32616),
    )
}

/// V-shaped valley: side slopes s = 1 towards a channel in column c0, channel falling
/// t = 0.1 per cell to the south. Since s·(√2 − 1) > t, the steepest D8 drop from a side cell is
/// straight towards the channel, so the channel cell in row r gathers exactly (r + 1)·cols cells
/// (everything in rows 0..=r), and the outlet gathers the whole grid. Exact (integer counts).
#[test]
fn v_valley_d8_accumulation_is_exact() {
    let (rows, cols, c0) = (40usize, 31usize, 15usize);
    let z = Array2::from_shape_fn((rows, cols), |(r, c)| {
        (c as f32 - c0 as f32).abs() * 1.0 + (rows - r) as f32 * 0.1
    });
    let t = Terrain::new(grid(z, 10.0)).unwrap();
    let acc = t.d8_accumulation();
    for r in 0..rows {
        assert_eq!(acc.data[[r, c0]], ((r + 1) * cols) as f64, "row {r}");
    }
    // Side cells: one plus the cells beyond them in the row.
    assert_eq!(acc.data[[5, 0]], 1.0);
    assert_eq!(acc.data[[5, c0 - 1]], c0 as f64);
    // Slope on the flanks: atan(√(s² + t²)) with s = 1/10, t = 0.1/10 per metre.
    let want = (0.1f64.hypot(0.01)).atan().to_degrees();
    assert!((t.slope().data[[20, 5]] as f64 - want).abs() < 1e-3);
}

/// Uniform plane falling to the south: by symmetry each interior cell passes all it receives
/// downslope, so Holmgren MFD accumulation in row r (counted from the top) is r + 1 wherever the
/// side edges' influence has not yet arrived (it spreads one column per row). Exact to f64
/// round-off (1e-9 relative).
#[test]
fn plane_mfd_accumulation_is_row_count() {
    let (rows, cols) = (20usize, 61usize);
    let z = Array2::from_shape_fn((rows, cols), |(r, _)| (rows - r) as f32 * 0.5);
    let dem = grid(z, 5.0);
    for x in [1.0, 1.1, 4.0, 8.0] {
        let acc = mfd_accumulation(&dem, x, None).unwrap();
        for r in 0..rows {
            let c = cols / 2;
            assert!(
                (acc.data[[r, c]] - (r + 1) as f64).abs() < 1e-9 * (r + 1) as f64,
                "x={x} row {r}: {}",
                acc.data[[r, c]]
            );
        }
        // Conservation: the bottom row (the only outlets) passes out every cell.
        let out: f64 = acc.data.row(rows - 1).sum();
        assert!((out - (rows * cols) as f64).abs() < 1e-9 * (rows * cols) as f64);
    }
}

/// A closed bowl (z = 5 + distance from the centre, walled by a 20 m ring with one 12 m notch on
/// the east edge) fills to its spill level (Flat) — the spill-point rule of Priority-Flood
/// (Barnes et al. 2014, §2). The lowest way out crosses the cell just inside the notch, (10, 19),
/// at z = 5 + 9 = 14 m, so every interior cell ends at max(z, 14). After ε-filling every cell
/// drains through the notch.
#[test]
fn bowl_fills_to_its_spill_point_and_drains_through_it() {
    let n = 21usize;
    let mut z = Array2::from_shape_fn((n, n), |(r, c)| {
        let d = ((r as f32 - 10.0).powi(2) + (c as f32 - 10.0).powi(2)).sqrt();
        d.min(10.0) + 5.0
    });
    // Raise the outer ring above the bowl, and cut one notch at the east edge at 12 m.
    for i in 0..n {
        for (r, c) in [(0, i), (n - 1, i), (i, 0), (i, n - 1)] {
            z[[r, c]] = 20.0;
        }
    }
    z[[10, n - 1]] = 12.0;
    let dem = grid(z.clone(), 10.0);
    let flat = fill_depressions(&dem, FillMethod::Flat);
    for ((r, c), &v) in flat.data.indexed_iter() {
        let on_ring = r == 0 || c == 0 || r == n - 1 || c == n - 1;
        if !on_ring {
            assert_eq!(v, z[[r, c]].max(14.0), "({r},{c})");
        }
    }
    let eps = fill_depressions(&dem, FillMethod::Epsilon);
    let d8 = d8_directions(&eps);
    let acc = d8_accumulation(&d8, None).unwrap();
    // Everything inside the ring leaves through the notch (the ring cells are outlets too).
    let inner = ((n - 2) * (n - 2)) as f64;
    assert!(
        acc.data[[10, n - 1]] >= inner,
        "notch gathers {}",
        acc.data[[10, n - 1]]
    );
    // The ε-raise stays tiny: below 1 mm on this 19×19 bowl.
    let max_raise = eps
        .data
        .iter()
        .zip(flat.data.iter())
        .map(|(a, b)| a - b)
        .fold(0.0f32, f32::max);
    assert!(max_raise > 0.0 && max_raise < 1e-3, "{max_raise}");
}

/// Terrain products survive a GeoTIFF round trip with grid and values intact.
#[test]
fn terrain_products_round_trip_through_geotiff() {
    let dem = hazsim::io::read_raster(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/data/jacksboro_utm16n.tif"
    ))
    .unwrap()
    .into_f32();
    let t = Terrain::new(dem).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("slope.tif");
    hazsim::io::write_raster(t.slope(), &p).unwrap();
    let back = hazsim::io::read_raster(&p).unwrap().into_f32();
    assert!(back.same_grid(t.slope()));
    assert_eq!(back.data, t.slope().data);
    let p8 = dir.path().join("d8.tif");
    hazsim::io::write_raster(t.d8(), &p8).unwrap();
    match hazsim::io::read_raster(&p8).unwrap() {
        hazsim::io::AnyRaster::U8(r) => assert_eq!(r.data, t.d8().data),
        other => panic!("d8 came back as {}", other.dtype_name()),
    }
    // On the real valley every cell drains to an outlet: outlet totals equal the grid size.
    let acc = t.d8_accumulation();
    let total: f64 = acc
        .data
        .iter()
        .zip(t.d8().data.iter())
        .filter(|(_, &d)| d == 0)
        .map(|(a, _)| a)
        .sum();
    assert_eq!(total, (t.shape().0 * t.shape().1) as f64);
}
