"""hazsim.debris.route from Python: the α-line runout, release forms, input checks, progress."""

import warnings

import numpy as np
import pytest

import hazsim
import hazsim.debris as hd
from conftest import make_raster

CELL = 10.0
X0, Y0 = 500_000.0, 4_000_000.0


def ramp_dem(rows=9, cols=60, ramp_cols=20, slope_deg=30.0):
    """A 30° ramp falling east for `ramp_cols` cells, then flat at 0 m, on a 10 m grid, with a
    slight V (1 m per cell) so the centre row is the thalweg."""
    r, c = np.mgrid[0:rows, 0:cols]
    z = np.maximum(ramp_cols - c, 0) * CELL * np.tan(np.radians(slope_deg)) + 1.0 * np.abs(r - rows // 2)
    return make_raster(z.astype(np.float32), cell=CELL, x0=X0, y0=Y0)


@pytest.fixture(scope="module")
def ramp():
    return hazsim.Terrain(ramp_dem())


def centre(row, col):
    return X0 + (col + 0.5) * CELL, Y0 - (row + 0.5) * CELL


def test_runout_stops_at_the_alpha_line(ramp):
    # Analytic (energy line, Heim 1932): from the top of the ramp (z0 = 20·10·tan 30° = 115.5 m)
    # the α-line meets the flat at x* = z0 / tan α from the release. Tolerance: the last cell
    # reached lies within one cell before x* (cell-centred grid), as in the Rust validation.
    alpha = 20.0
    run = hd.route(ramp, [(4, 0)], release_as="cells", alpha=alpha, max_velocity=None)
    s = run.susceptibility.data
    assert s.dtype == np.float32 and s.shape == (9, 60)
    last = max(c for c in range(60) if s[4, c] > 0)
    x_star = 20 * CELL * np.tan(np.radians(30.0)) / np.tan(np.radians(alpha))
    assert x_star - CELL <= last * CELL <= x_star + 1e-6
    # Speed on the thalweg from the energy line: v = sqrt(2 g (z0 - z - x tan α)), f32 tolerance.
    x = 10 * CELL
    zd = (20 - 10) * CELL * np.tan(np.radians(30.0)) - x * np.tan(np.radians(alpha))
    assert run.energy_line_speed.data[4, 10] == pytest.approx(np.sqrt(2 * 9.81 * zd), rel=1e-3)
    # Flux is a probability; the release cell holds all of its mass.
    assert s.max() <= 1.0 and s[4, 0] == 1.0
    assert run.release_count.data[4, 0] == 1.0
    assert np.isnan(run.travel_angle.data[0, 59])
    assert run.release_cells == 1 and run.stalled_releases == []
    assert run.affected_area == pytest.approx((s > 0).sum() * CELL * CELL)


def test_release_forms_agree(ramp):
    cells = [(4, 0), (3, 2)]
    by_cells = hd.route(ramp, cells, release_as="cells", alpha=20.0)
    by_points = hd.route(ramp, [centre(*c) for c in cells], alpha=20.0)
    mask = np.zeros((9, 60), bool)
    for r, c in cells:
        mask[r, c] = True
    by_mask = hd.route(ramp, mask, alpha=20.0)
    by_u8 = hd.route(ramp, mask.astype(np.uint8), alpha=20.0)
    by_raster = hd.route(ramp, make_raster(mask.astype(np.uint8), cell=CELL, x0=X0, y0=Y0), alpha=20.0)
    ref = by_cells.susceptibility.data
    for other in (by_points, by_mask, by_u8, by_raster):
        np.testing.assert_array_equal(other.susceptibility.data, ref)
        np.testing.assert_array_equal(other["debris.energy_line_speed"].data, by_cells.energy_line_speed.data)


def test_per_cell_alpha_equals_uniform(ramp):
    a = hd.route(ramp, [(4, 0)], release_as="cells", alpha=18.0)
    b = hd.route(ramp, [(4, 0)], release_as="cells", alpha=np.full((9, 60), 18.0, np.float32))
    np.testing.assert_array_equal(a.susceptibility.data, b.susceptibility.data)


def test_result_mapping_and_repr(ramp):
    run = hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0)
    assert run.keys() == [n for n, _, _ in hd.FIELDS]
    assert len(run) == 6 and "debris.energy_line_pressure" in run
    assert set(run.fields) == set(run.keys())
    # Impact pressure c ρ v² / 1000 (kPa) with the defaults ρ = 2000 kg/m³, c = 1.
    v = run.energy_line_speed.data
    np.testing.assert_allclose(run.energy_line_pressure.data, 2.0 * v.astype(np.float64) ** 2, rtol=1e-5)
    assert "release_cells=1" in repr(run) and "energy_line_speed=" in repr(run)
    with pytest.raises(KeyError, match="not a debris field"):
        run["flood.depth"]


def test_write_result(ramp, tmp_path):
    run = hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0)
    paths = hd.write_result(run, tmp_path / "out", fields=["debris.susceptibility"])
    back = hazsim.read_raster(paths[0])
    np.testing.assert_array_equal(back.data, run.susceptibility.data)


@pytest.mark.parametrize("alpha", [0.0, 90.0, -3.0, 120.0, float("nan")])
def test_alpha_outside_the_open_interval_is_rejected(ramp, alpha):
    with pytest.raises(hazsim.HazsimError, match="travel_angle"):
        hd.route(ramp, [(4, 0)], release_as="cells", alpha=alpha)


def test_bad_releases_are_rejected(ramp):
    with pytest.raises(hazsim.HazsimError, match="outside the DEM"):
        hd.route(ramp, [(0.0, 0.0)], alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="outside the DEM"):
        hd.route(ramp, [(9, 3)], release_as="cells", alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="release is empty"):
        hd.route(ramp, np.zeros((9, 60), bool), alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="shape"):
        hd.route(ramp, np.ones((5, 5), bool), alpha=20.0)
    # A mask raster on another grid (shifted by one cell).
    shifted = make_raster(np.ones((9, 60), np.uint8), cell=CELL, x0=X0 + CELL, y0=Y0)
    with pytest.raises(hazsim.HazsimError, match="release mask"):
        hd.route(ramp, shifted, alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="release_as"):
        hd.route(ramp, [(4, 0)], release_as="rows", alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="non-negative integers"):
        hd.route(ramp, [(4.5, 0)], release_as="cells", alpha=20.0)
    with pytest.raises(TypeError, match="release"):
        hd.route(ramp, "everywhere", alpha=20.0)


def test_release_on_flat_ground_is_no_runout(ramp):
    # Cells on the flat (columns ≥ 20) have no neighbour below the energy line (only the 1 m/cell
    # V, flatter than tan 20° · 10 m = 3.6 m): every release stalls, which is an error.
    with pytest.raises(hazsim.HazsimError, match="no runout"):
        hd.route(ramp, [(4, 40), (2, 50)], release_as="cells", alpha=20.0)
    # One stalled among moving ones: a warning, and the cell is listed.
    with pytest.warns(hd.StalledReleaseWarning, match="1 of 2 release cells"):
        run = hd.route(ramp, [(4, 0), (4, 40)], release_as="cells", alpha=20.0)
    assert run.stalled_releases == [(4, 40)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0)


def test_bad_parameters_name_themselves(ramp):
    for kw, name in [
        (dict(exponent=0.0), "exponent"),
        (dict(max_velocity=-1.0), "max_velocity"),
        (dict(persistence=2.0), "persistence"),
        (dict(flux_threshold=1.0), "flux_threshold"),
        (dict(density=-5.0), "density"),
    ]:
        with pytest.raises(hazsim.HazsimError, match=name):
            hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, **kw)
    with pytest.raises(hazsim.HazsimError, match="alpha"):
        hd.route(ramp, [(4, 0)], release_as="cells", alpha=np.ones((3, 3)))


def test_progress_reaches_one_and_can_cancel(ramp):
    seen = []
    hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, progress=lambda f, s: seen.append((f, s)))
    assert seen and seen[-1][0] == 1.0 and all(s == "debris routing" for _, s in seen)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    with pytest.raises(hd.Cancelled):
        hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, progress=lambda f, s: False)
    with pytest.raises(TypeError, match="progress"):
        hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, progress=3)

    def boom(f, s):
        raise RuntimeError("from the callback")

    with pytest.raises(RuntimeError, match="from the callback"):
        hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, progress=boom)


def test_real_dem_runs_downhill(dem):
    t = hazsim.Terrain(dem)
    slope = t.slope().data
    release = slope > np.nanpercentile(slope, 99.5)
    with warnings.catch_warnings():
        # A steep cell at the bottom of a pit may have no neighbour below its energy line.
        warnings.simplefilter("ignore", hd.StalledReleaseWarning)
        run = hd.route(t, release, alpha=20.0)
    s = run.susceptibility.data
    z = dem.data.astype(np.float64)
    reached = s > 0
    assert reached.sum() > release.sum()
    assert np.all(s[release] == 1.0)
    assert len(run.stalled_releases) < release.sum() // 10
    # Runout extends below the releases: the lowest reached cell is lower than the lowest release.
    assert z[reached].min() < z[release].min()
    assert np.nanmax(run.energy_line_speed.data) <= 15.0 + 1e-3


def test_flow_py_routing_option(ramp):
    # Both schemes stop at the same α-line on the thalweg (within one cell); Flow-Py's terrain
    # weights give the diagonals more, so its affected area is at least as large here.
    a = hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, max_velocity=None)
    b = hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, max_velocity=None, routing="flow-py")
    last = lambda r: max(c for c in range(60) if r.susceptibility.data[4, c] > 0)
    assert abs(last(a) - last(b)) <= 1
    assert b.affected_area >= a.affected_area
    with pytest.raises(hazsim.HazsimError, match="routing"):
        hd.route(ramp, [(4, 0)], release_as="cells", alpha=20.0, routing="d8")


def test_per_cell_max_velocity_caps_where_set(ramp):
    # Cap 4 m/s on columns 10–29 (NaN = no cap elsewhere): z_delta_j <= v_max,j^2 / 2g (Horton
    # et al. 2013), so v <= 4 m/s there (tolerance: f32 rounding); upstream of the band the
    # 30° ramp with alpha = 15° runs faster than 4 m/s.
    cap = np.full((9, 60), np.nan, np.float32)
    cap[:, 10:30] = 4.0
    run = hd.route(ramp, [(4, 0)], release_as="cells", alpha=15.0, max_velocity=cap)
    v = run.energy_line_speed.data
    assert v[:, 10:30].max() <= 4.0 * (1 + 1e-5)
    assert v[4, 9] > 4.0 and v[4, 20] > 0.0
    # The same as a Raster; and an all-NaN grid is no cap.
    as_raster = make_raster(cap, cell=CELL, x0=X0, y0=Y0)
    run_r = hd.route(ramp, [(4, 0)], release_as="cells", alpha=15.0, max_velocity=as_raster)
    np.testing.assert_array_equal(run_r.energy_line_speed.data, v)
    free = hd.route(ramp, [(4, 0)], release_as="cells", alpha=15.0, max_velocity=None)
    nan = hd.route(
        ramp, [(4, 0)], release_as="cells", alpha=15.0, max_velocity=np.full((9, 60), np.nan, np.float32)
    )
    np.testing.assert_array_equal(nan.energy_line_speed.data, free.energy_line_speed.data)


def test_bad_per_cell_max_velocity_is_rejected(ramp):
    with pytest.raises(hazsim.HazsimError, match="max_velocity.*row 0, col 0"):
        hd.route(ramp, [(4, 0)], release_as="cells", max_velocity=np.full((9, 60), -1.0, np.float32))
    with pytest.raises(hazsim.HazsimError, match="max_velocity"):
        hd.route(ramp, [(4, 0)], release_as="cells", max_velocity=np.full((3, 3), 5.0, np.float32))
    with pytest.raises(TypeError, match="max_velocity"):
        hd.route(ramp, [(4, 0)], release_as="cells", max_velocity="fast")


def square(r0, c0, r1, c1):
    """A ring around the cell centres of rows r0..r1-1, cols c0..c1-1 (cell edges)."""
    xa, xb = X0 + c0 * CELL, X0 + c1 * CELL
    ya, yb = Y0 - r0 * CELL, Y0 - r1 * CELL
    return [(xa, ya), (xb, ya), (xb, yb), (xa, yb), (xa, ya)]


def test_release_polygons_from_geojson_and_rings(ramp):
    mask = np.zeros((9, 60), bool)
    mask[3:6, 0:2] = True
    mask[1, 2] = True
    by_mask = hd.route(ramp, mask, alpha=20.0)
    gj = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [square(3, 0, 6, 2)]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": list(centre(1, 2))}},
        ],
    }
    by_geojson = hd.route(ramp, gj, alpha=20.0)
    np.testing.assert_array_equal(by_geojson.susceptibility.data, by_mask.susceptibility.data)
    assert by_geojson.release_cells == 7
    # A bare MultiPolygon geometry, and a list of rings (one polygon each).
    multi = {"type": "MultiPolygon", "coordinates": [[square(3, 0, 6, 1)], [square(3, 1, 6, 2)]]}
    ring_mask = mask.copy()
    ring_mask[1, 2] = False
    by_ring_mask = hd.route(ramp, ring_mask, alpha=20.0)
    for release in (multi, [square(3, 0, 6, 1), square(3, 1, 6, 2)]):
        run = hd.route(ramp, release, alpha=20.0)
        np.testing.assert_array_equal(run.susceptibility.data, by_ring_mask.susceptibility.data)
        assert run.release_cells == 6


def test_bad_release_polygons_are_rejected(ramp):
    far = [(100_000.0, 100_000.0), (100_010.0, 100_000.0), (100_010.0, 100_010.0)]
    with pytest.raises(hazsim.HazsimError, match="polygon 0.*outside"):
        hd.route(ramp, [far], alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="polygon 0.*outside"):
        hd.route(ramp, {"type": "Polygon", "coordinates": [far + far[:1]]}, alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="line"):
        hd.route(ramp, {"type": "LineString", "coordinates": [centre(4, 0), centre(4, 5)]}, alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="Circle"):
        hd.route(ramp, {"type": "Circle"}, alpha=20.0)
    # Longitude/latitude given for a projected DEM is named, with the fix.
    lonlat = [[-84.1, 36.3], [-84.0, 36.3], [-84.0, 36.4], [-84.1, 36.3]]
    with pytest.raises(hazsim.HazsimError, match="longitude/latitude.*EPSG:32616"):
        hd.route(ramp, {"type": "Polygon", "coordinates": [lonlat]}, alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="no Polygon"):
        hd.route(ramp, {"type": "FeatureCollection", "features": []}, alpha=20.0)
    with pytest.raises(hazsim.HazsimError, match="at least 3"):
        hd.route(ramp, [[centre(4, 0), centre(4, 1)]], alpha=20.0)
    # A polygon on flat ground: nothing can move.
    with pytest.raises(hazsim.HazsimError, match="no runout"):
        hd.route(ramp, [square(3, 40, 6, 42)], alpha=20.0)
