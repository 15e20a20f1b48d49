"""hazsim.flood from Python: conservation, stepping, progress, input checks and a real DEM."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import hazsim
import hazsim.flood as hf
from conftest import assert_gil_released, make_raster

ROWS, COLS, CELL = 60, 40, 10.0
X0, Y0 = 500_000.0, 4_000_000.0
VALLEY_COL = 20  # the valley bottom runs north-south along this column


def valley_dem():
    """A V-shaped valley, 5 % side slopes, falling 0.5 % to the south; 60 × 40 cells of 10 m."""
    r, c = np.mgrid[0:ROWS, 0:COLS]
    z = 100.0 + 0.05 * CELL * np.abs(c - VALLEY_COL) + 0.005 * CELL * (ROWS - 1 - r)
    return make_raster(z.astype(np.float32), cell=CELL, x0=X0, y0=Y0)


@pytest.fixture(scope="module")
def valley():
    return hazsim.Terrain(valley_dem())


def centre(row, col):
    return X0 + (col + 0.5) * CELL, Y0 - (row + 0.5) * CELL


INFLOW = (*centre(5, VALLEY_COL), [(0.0, 0.0), (300.0, 2.0), (900.0, 0.5)])
RAIN = [(0.0, 40.0), (300.0, 10.0), (600.0, 0.0)]


def run_kwargs():
    return dict(rain=RAIN, inflows=[INFLOW], output_interval=60.0)


def test_valley_conserves_mass_and_pools_in_the_bottom(valley):
    r = hf.simulate(valley, 1200.0, **run_kwargs())
    mb = r.mass_balance
    assert abs(mb["error"]) < 1e-6
    assert mb["outflow"] == 0.0  # all edges closed by default
    # Sources as given: rain 40 mm/h for 300 s then 10 mm/h for 300 s over the grid; the inflow
    # hydrograph's trapezoid area is 300·2/2 + 600·(2+0.5)/2 + 300·0.5 = 1200 m³.
    area = ROWS * COLS * CELL * CELL
    assert mb["rain"] == pytest.approx(area * (40 * 300 + 10 * 300) / 3.6e6, rel=1e-5)
    assert mb["inflow"] == pytest.approx(1200.0, rel=1e-5)

    depth = r["flood.depth"].data
    max_depth = r.fields["flood.max_depth"].data
    assert depth.dtype == np.float32 and depth.shape == (ROWS, COLS)
    # Deepest in the valley bottom, at its southern (lowest) end.
    row, col = np.unravel_index(np.argmax(depth), depth.shape)
    assert abs(col - VALLEY_COL) <= 1 and row > ROWS * 0.8
    assert depth[:, VALLEY_COL].mean() > 5 * depth[:, :10].mean()
    assert np.all(max_depth >= depth)

    arrival = r["flood.arrival_time"].data
    never = max_depth < 0.1 * 0.999
    surely = max_depth > 0.1 * 1.001
    assert never.any() and surely.any()
    assert np.all(np.isnan(arrival[never]))
    assert np.all(np.isfinite(arrival[surely]))
    assert np.nanmax(arrival) <= 1200.0

    s = r.series
    assert s["time"][0] == 0.0 and s["time"][-1] == 1200.0
    assert np.allclose(np.diff(s["time"]), 60.0)
    assert s["volume"][-1] == pytest.approx(mb["storage_now"])
    assert r.steps > 0 and r.time == 1200.0
    assert set(r.keys()) == {n for n, _, _ in hf.FIELDS} and len(r) == len(hf.FIELDS)
    assert "flood.max_depth" in r and "flood.nope" not in r
    with pytest.raises(KeyError, match="flood.max_depth"):
        r["flood.nope"]


def test_stepping_in_two_halves_equals_one_run(valley):
    one = hf.simulate(valley, 1200.0, **run_kwargs())
    sim = hf.Simulation(valley, 1200.0, **run_kwargs())
    assert sim.now == 0.0
    sim.advance(600.0)  # an output time: the one-shot run lands a step on it too
    assert sim.now == 600.0
    mid = sim.field("flood.depth")
    assert mid.dtype == np.float32 and mid.shape == (ROWS, COLS)
    mid[:] = -1.0  # a copy: the run is untouched
    sim.advance(1200.0)
    two = sim.result()
    for name in one.keys():
        a, b = one[name].data, two[name].data
        assert np.array_equal(a, b, equal_nan=True), name
        assert np.array_equal(sim.field(name), a, equal_nan=True), name
    for k in ("time", "flooded_area", "volume"):
        assert np.array_equal(one.series[k], two.series[k]), k
    assert one.mass_balance == two.mass_balance == sim.mass_balance
    assert one.steps == two.steps == sim.steps
    assert [f[0] for f in sim.fields()] == [f[0] for f in hf.FIELDS]
    assert all(len(f) == 3 for f in sim.fields())
    assert two["flood.depth"].same_grid(valley.dem)
    np.testing.assert_array_equal(sim.field("depth"), sim.field("flood.depth"))  # short names too
    with pytest.raises(ValueError, match="flood.depth"):
        sim.field("dpth")


def test_snapshots_are_the_fields_at_each_output_time(valley):
    # Oracle: a Simulation stepped to the same output times (identical bits).
    r = hf.simulate(valley, 600.0, snapshots=["depth", "flood.speed"], **run_kwargs())
    assert [t for t, _ in r.snapshots] == [60.0 * k for k in range(1, 11)]
    assert hf.simulate(valley, 120.0, **run_kwargs()).snapshots == []
    sim = hf.Simulation(valley, 600.0, **run_kwargs())
    for t, fields in r.snapshots:
        assert sorted(fields) == ["flood.depth", "flood.speed"]
        sim.advance(t)
        for name, raster in fields.items():
            assert raster.same_grid(valley.dem)
            assert np.array_equal(raster.data, sim.field(name)), (name, t)
    assert r.snapshots[-1][1]["flood.depth"].data.max() > 0.1
    with pytest.raises(ValueError, match="output_interval"):
        hf.simulate(valley, 60.0, snapshots=["depth"])
    with pytest.raises(ValueError, match="flood.depth"):
        hf.simulate(valley, 60.0, output_interval=30.0, snapshots=["dpeth"])


def test_line_inflow_shares_its_hydrograph_along_the_line(valley):
    # Oracle: the same water as point inflows of Q/n at each crossed cell (identical bits), and
    # the volume delivered is the hydrograph's integral (trapezoid rule over steps; f32
    # rounding of each step's depth, 1e-7 relative).
    (xa, y), (xb, _) = centre(8, VALLEY_COL - 3), centre(8, VALLEY_COL + 3)
    hyd = [(0.0, 0.0), (300.0, 3.5)]
    line = hf.simulate(valley, 300.0, line_inflows=[([(xa, y), (xb, y)], hyd)])
    points = [(*centre(8, c), [(t, q / 7) for t, q in hyd]) for c in range(VALLEY_COL - 3, VALLEY_COL + 4)]
    pts = hf.simulate(valley, 300.0, inflows=points)
    assert np.array_equal(line["flood.depth"].data, pts["flood.depth"].data)
    assert line.mass_balance["inflow"] == pytest.approx(0.5 * 300.0 * 3.5, rel=1e-7)
    same = hf.simulate(valley, 300.0, line_inflows=[{"line": [(xa, y), (xb, y)], "hydrograph": hyd}])
    assert np.array_equal(line["flood.depth"].data, same["flood.depth"].data)
    with pytest.raises(ValueError, match=r"line_inflows\[0\]\.line"):
        hf.simulate(valley, 60.0, line_inflows=[([(xa, y), (xa + 1e5, y)], 1.0)])
    with pytest.raises(TypeError, match="line_inflows"):
        hf.simulate(valley, 60.0, line_inflows=[(xa, y, 1.0)])


def test_progress_reports_increasing_fractions_and_can_cancel(valley):
    seen = []

    def progress(fraction, stage):
        seen.append((fraction, stage))

    plain = hf.simulate(valley, 600.0, **run_kwargs())
    watched = hf.simulate(valley, 600.0, progress=progress, **run_kwargs())
    fr = [f for f, _ in seen]
    assert len(fr) >= 10
    assert all(b > a for a, b in zip(fr, fr[1:]))
    assert fr[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in fr)
    assert all(s == "flood" for _, s in seen)
    # The callback does not change the numbers.
    assert np.array_equal(plain["flood.depth"].data, watched["flood.depth"].data)

    calls = []

    def stop(fraction, stage):
        calls.append(fraction)
        return fraction < 0.3

    with pytest.raises(hf.Cancelled, match="cancelled"):
        hf.simulate(valley, 600.0, progress=stop, **run_kwargs())
    assert issubclass(hf.Cancelled, hazsim.HazsimError) and issubclass(hf.Cancelled, ValueError)
    assert 0.3 <= calls[-1] < 0.5

    # Stepping: a cancelled advance leaves a valid state that can go on.
    sim = hf.Simulation(valley, 600.0, **run_kwargs())
    with pytest.raises(hf.Cancelled):
        sim.advance(600.0, progress=lambda f, s: f < 0.5)
    assert 0.0 < sim.now < 600.0
    sim.advance(600.0)
    assert sim.now == 600.0 and abs(sim.mass_balance["error"]) < 1e-6

    class Boom(Exception):
        pass

    def boom(fraction, stage):
        raise Boom("from the callback")

    with pytest.raises(Boom):
        hf.simulate(valley, 600.0, progress=boom, **run_kwargs())
    with pytest.raises(TypeError, match="progress"):
        hf.simulate(valley, 600.0, progress=3)


def test_input_forms(valley):
    x, y, hyd = INFLOW
    base = hf.simulate(valley, 300.0, rain=RAIN, inflows=[INFLOW])
    # A dict inflow, a (t, Raster) rain series and a per-cell Manning array give the same run.
    rain_rasters = [(t, valley.dem.like(np.full((ROWS, COLS), v, np.float32))) for t, v in RAIN]
    same = hf.simulate(
        valley,
        300.0,
        rain=rain_rasters,
        inflows=[{"x": x, "y": y, "hydrograph": np.array(hyd)}],
        manning=np.full((ROWS, COLS), 0.035),
        boundaries={"north": "closed"},
    )
    assert np.array_equal(base["flood.depth"].data, same["flood.depth"].data)
    # Constant rain, a constant inflow, and every boundary form.
    r = hf.simulate(
        valley,
        300.0,
        rain=20.0,
        inflows=[(x, y, 1.0)],
        boundaries={
            "south": "free",
            "north": ["free", 0.01],
            "east": ("level", 90.0),
            "west": ("hydrograph", [(0.0, 90.0), (300.0, 91.0)]),
        },
        alpha=0.5,
        theta=1.0,
    )
    assert abs(r.mass_balance["error"]) < 1e-6
    r = hf.simulate(valley, 300.0, rain=50.0, boundaries="free")
    crit = hf.simulate(valley, 300.0, rain=50.0, boundaries={"south": "critical"})
    assert crit.mass_balance["outflow"] > 0.0 and abs(crit.mass_balance["error"]) < 1e-6
    assert r.mass_balance["outflow"] >= 0.0 and abs(r.mass_balance["error"]) < 1e-6
    init = hf.simulate(valley, 0.0, initial_depth=np.full((ROWS, COLS), 0.2, np.float32))
    assert init.mass_balance["storage_initial"] == pytest.approx(0.2 * ROWS * COLS * CELL**2, rel=1e-6)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(duration=-5.0), "duration"),
        (dict(manning=-0.01), "manning"),
        (dict(manning=np.full((3, 3), 0.03)), "manning"),
        (dict(inflows=[(0.0, 0.0, [(0.0, 1.0)])]), "inflows"),
        (dict(inflows=[{"x": X0 + 5, "y": Y0 - 5}]), "inflows"),
        (dict(rain=[(0.0, 10.0), (0.0, 5.0)]), "rain"),
        (dict(rain=[(0.0, 10.0), (60.0, -1.0)]), "rain"),
        (dict(rain=[(0.0, make_raster(np.zeros((5, 5), np.float32)))]), "rain"),
        (dict(boundaries={"up": "free"}), "boundaries"),
        (dict(boundaries="leaky"), "boundaries"),
        (dict(boundaries={"east": ("free", -1.0)}), "boundaries"),
        (dict(alpha=0.9), "alpha"),
        (dict(theta=1.5), "theta"),
        (dict(output_interval=0.0), "output_interval"),
        (dict(initial_depth=np.full((ROWS, COLS), -1.0)), "initial_depth"),
        (dict(infiltration="peat"), "sandy_loam"),
        (dict(max_froude=-1.0), "max_froude"),
        (dict(infiltration={"k_s": -1e-6, "psi_f": 0.1, "delta_theta": 0.3}), "infiltration.k_s"),
        (dict(infiltration={"texture": "loam", "initial_saturation": 2.0}), "initial_saturation"),
        (dict(infiltration={"k_s": 1e-6, "psi": 0.1}), "infiltration"),
        (dict(breach={"polygon": [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)], "final_level": 90.0}), "breach.region"),
        (dict(breach={"mask": np.zeros((3, 3), bool), "final_level": 90.0}), "breach.region"),
        (dict(reservoir={"polygon": [(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 - 100)], "level": 50.0}), "reservoir.level"),
        (dict(reservoir={"polygon": [(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 - 100)]}), "level"),
    ],
)
def test_bad_inputs_raise_valueerror_naming_the_parameter(valley, kwargs, match):
    kw = dict(kwargs)
    duration = kw.pop("duration", 60.0)
    with pytest.raises(ValueError, match=match) as e:
        hf.simulate(valley, duration, **kw)
    assert isinstance(e.value, hazsim.HazsimError)
    with pytest.raises(ValueError, match=match):
        hf.Simulation(valley, duration, **kw)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(rain="heavy"), "rain"),
        (dict(rain=[(0.0, 1.0, 2.0)]), "rain"),
        (dict(inflows=[(1.0, 2.0)]), "inflows"),
        (dict(inflows={"x": 1.0, "y": 2.0, "hydrograph": 1.0}), "inflows"),
        (dict(boundaries=5), "boundaries"),
        (dict(manning="rough"), "manning"),
    ],
)
def test_wrong_types_say_the_expected_form(valley, kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        hf.simulate(valley, 60.0, **kwargs)


def test_reprs_and_module(valley):
    r = hf.simulate(valley, 300.0, **run_kwargs())
    text = repr(r)
    assert text.startswith("FloodResult(") and "max_depth=" in text and "mass_error=" in text
    sim = hf.Simulation(valley, 300.0, **run_kwargs())
    sim.advance(120.0)
    assert repr(sim).startswith("Simulation(now=120 s of 300 s")
    assert hazsim.flood is hf and hf.FloodResult.__module__ == "hazsim.flood"
    assert hf.simulate.__doc__ and "progress" in hf.simulate.__doc__
    assert hf.Simulation.__doc__ and hf.FloodResult.__doc__ and hf.Simulation.advance.__doc__
    assert hf.field_table()["flood.max_depth"]["unit"] == "m"


def test_write_result(valley, tmp_path):
    r = hf.simulate(valley, 120.0, **run_kwargs())
    paths = hf.write_result(r, tmp_path / "out", fields=["flood.max_depth"], prefix="v_")
    assert [p.endswith("v_flood.max_depth.tif") for p in paths] == [True]
    back = hazsim.read_raster(paths[0])
    assert np.array_equal(back.data, r["flood.max_depth"].data)


def test_to_xarray(valley):
    pytest.importorskip("xarray")
    r = hf.simulate(valley, 300.0, **run_kwargs())
    ds = hf.to_xarray(r)
    assert np.array_equal(ds["flood.max_depth"].values, r["flood.max_depth"].data)
    assert ds["flood.max_depth"].attrs["units"] == "m"
    assert "maximum depth" in ds["flood.max_depth"].attrs["long_name"]
    assert np.array_equal(ds["time"].values, r.series["time"])
    assert ds.attrs["mass_balance.error"] == r.mass_balance["error"]


def test_the_gil_is_released_while_the_engine_runs(dem):
    t = hazsim.Terrain(dem)
    # A day of rain (tens of seconds alone), cancelled once the main thread has spun.
    assert_gil_released(
        lambda progress: hf.simulate(t, 86400.0, rain=50.0, progress=progress),
        hf.Cancelled,
    )


def test_real_dem_rain_collects_in_the_channels(dem):
    t = hazsim.Terrain(dem)
    r = hf.simulate(t, 600.0, rain=50.0, boundaries="free", output_interval=60.0)
    assert abs(r.mass_balance["error"]) < 1e-6
    max_depth = r["flood.max_depth"].data
    acc = t.d8_accumulation().data
    top = acc >= np.quantile(acc, 0.99)
    # Deterministic (bitwise for any thread count); 5.1x and 10.8x when written.
    assert max_depth[top].mean() > 5 * max_depth[~top].mean()
    assert np.median(max_depth[top]) > 8 * np.median(max_depth[~top])


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_ctrl_c_stops_a_run(dem):
    """A SIGINT during a run (sent here from the first progress report) stops it with
    KeyboardInterrupt at the next report, long before its end."""
    t = hazsim.Terrain(dem)
    calls = []

    def progress(fraction, stage):
        calls.append(fraction)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        return True

    with pytest.raises(KeyboardInterrupt):
        hf.simulate(t, 7200.0, rain=50.0, progress=progress)
    assert len(calls) <= 2 and calls[-1] < 0.5, calls


def test_infiltration_takes_water_and_the_balance_closes(valley):
    dry = hf.simulate(valley, 900.0, rain=30.0)
    wet = hf.simulate(valley, 900.0, rain=30.0, infiltration="sandy_loam")
    mb = wet.mass_balance
    # Rain + inflow - infiltration - outflow = storage change, to 1e-6 relative (DESIGN.md).
    assert abs(mb["error"]) < 1e-6
    assert mb["infiltration"] > 0.0
    assert mb["storage_now"] < dry.mass_balance["storage_now"]
    f = wet["flood.infiltration"].data
    assert f.dtype == np.float32 and (f >= 0).all() and f.max() > 0
    assert float(f.astype(np.float64).sum()) * CELL**2 == pytest.approx(mb["infiltration"], rel=1e-5)
    assert (dry["flood.infiltration"].data == 0).all()
    # Rain of 30 mm/h below a sand's K_s (118 mm/h) all soaks in: nothing is left standing.
    sand = hf.simulate(valley, 600.0, rain=30.0, infiltration={"texture": "sand", "initial_saturation": 0.1})
    assert sand.mass_balance["infiltration"] == pytest.approx(sand.mass_balance["rain"], rel=1e-6)
    k = np.full((ROWS, COLS), 1e-6, np.float32)
    grid = hf.simulate(valley, 300.0, rain=30.0, infiltration={"k_s": k, "psi_f": 0.11, "delta_theta": 0.3})
    assert abs(grid.mass_balance["error"]) < 1e-6 and grid.mass_balance["infiltration"] > 0


def test_reservoir_and_breach(valley):
    # A lake over rows 0-19 held by a 'dam': the breach opens the cells of row 20 by the
    # valley bottom down to 100.5 m over 60 s.
    x0, y_top = X0 + 10 * CELL, Y0
    lake = [(x0, y_top), (x0 + 20 * CELL, y_top), (x0 + 20 * CELL, Y0 - 20 * CELL), (x0, Y0 - 20 * CELL)]
    dam = np.zeros((ROWS, COLS), bool)
    dam[20, VALLEY_COL - 2 : VALLEY_COL + 3] = True
    z = valley.dem.data
    level = float(z[19, VALLEY_COL]) + 1.0
    r = hf.simulate(
        valley,
        300.0,
        max_froude=1.0,
        reservoir={"polygon": lake, "level": level},
        breach={"mask": dam, "final_level": 100.5, "start": 0.0, "formation_time": 60.0},
    )
    mb = r.mass_balance
    assert mb["storage_initial"] > 0 and abs(mb["error"]) < 1e-6
    assert mb["storage_now"] == pytest.approx(mb["storage_initial"], rel=1e-6)  # closed edges
    assert r["flood.max_depth"].data[30:, VALLEY_COL].max() > 0.0
    sim = hf.Simulation(valley, 60.0, reservoir={"polygon": [lake], "level": level})
    assert sim.field("flood.depth")[5, VALLEY_COL] == pytest.approx(level - z[5, VALLEY_COL], abs=1e-5)
    assert sim.field("flood.depth")[5, 2] == 0.0  # outside the polygon


def test_hazard_class_field_follows_fd2320(valley):
    r = hf.simulate(valley, 600.0, **run_kwargs())
    hr = r["flood.hazard_rating"].data
    cls = r["flood.hazard_class"].data
    md = r["flood.max_depth"].data
    assert set(np.unique(cls)) <= {0.0, 1.0, 2.0, 3.0, 4.0}
    assert (cls[md <= 0.01] == 0).all()
    for code, _, lo, hi in hf.HAZARD_CLASSES:
        sel = cls == code
        assert ((hr[sel] >= lo) & (hr[sel] < hi)).all()
    assert "flood.hazard_class" in dict((n, u) for n, u, _ in hf.FIELDS)


def test_dem_with_nodata_holes_is_a_clear_error():
    z = valley_dem().data.copy()
    z[10, 10] = np.nan
    holes = make_raster(z, cell=CELL, x0=X0, y0=Y0)
    with pytest.raises(ValueError, match="fill_nodata"):
        hazsim.Terrain(holes)
    # The other choice: holes as walls, which stay dry under rain; the balance closes.
    dem, walls = hf.nodata_as_walls(holes)
    assert walls.dtype == bool and walls.sum() == 1 and walls[10, 10]
    r = hf.simulate(hazsim.Terrain(dem), 600.0, rain=30.0, walls=walls)
    assert r["flood.max_depth"].data[10, 10] == 0.0
    assert abs(r.mass_balance["error"]) < 1e-6
    assert r.mass_balance["rain"] == pytest.approx((ROWS * COLS - 1) * CELL**2 * 0.03 / 6, rel=1e-6)
    with pytest.raises(ValueError, match="walls"):
        hf.simulate(hazsim.Terrain(dem), 60.0, walls=np.zeros((3, 3), bool))
