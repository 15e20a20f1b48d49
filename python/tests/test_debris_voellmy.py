"""hazsim.debris.voellmy and VoellmySimulation from Python: conservation, stepping, progress,
cancellation and bad input."""

import ast
import pathlib

import numpy as np
import pytest

import hazsim
from hazsim import debris as hd

from conftest import assert_gil_released, make_raster

CELL = 5.0


@pytest.fixture(scope="module")
def slope():
    """A 30° slope dipping south over rows 0-24 onto flat ground (rows 25-39), 5 m cells."""
    rows, cols = 40, 20
    t = np.tan(np.radians(30.0))
    r = np.minimum(np.arange(rows), 25).astype(np.float32)
    z = np.tile((100.0 + (25.0 - r) * CELL * t)[:, None], (1, cols)).astype(np.float32)
    return hazsim.Terrain(make_raster(z, cell=CELL, crs="EPSG:32633"))


def block(shape=(40, 20)):
    m = np.zeros(shape, dtype=bool)
    m[2:6, 8:12] = True  # 16 cells, 400 m²
    return m


def test_block_slides_runs_out_and_conserves_mass(slope):
    r = hd.voellmy(slope, release_mask=block(), depth=2.0, duration=60.0, edges="closed")
    mb = r.mass_balance
    # 16 cells × 25 m² × 2 m.
    assert mb["released"] == pytest.approx(800.0, rel=1e-6)
    # Closed edges: volume kept to f32 round-off (tolerance 1e-5 relative).
    assert mb["outflow"] == 0.0
    assert abs(mb["error"]) < 1e-5
    assert r.final_depth.data.sum() * CELL**2 == pytest.approx(800.0, rel=1e-5)
    # 30° slope, μ = 0.2 (friction angle 11°): the block must leave its source rows and run
    # down the slope, further than 10 cells.
    assert r.runout_length > 50.0
    assert r.max_depth.data[20:, :].max() > 0.05
    v = r.max_speed.data
    # Impact pressure is ρ v² in kPa with ρ = 2000 kg/m³, cell by cell (f32 tolerance).
    np.testing.assert_allclose(r.max_impact_pressure.data, 2.0 * v * v, rtol=1e-4, atol=1e-6)
    assert r["debris.max_depth"].data is not None and "deposit" in r and len(r) == 5
    assert r.deposit.data.min() >= 0.0
    assert "VoellmyResult(" in repr(r) and "runout_length" in repr(r)


def test_depth_array_and_mask_give_the_same_run(slope):
    a = hd.voellmy(slope, release_mask=block(), depth=1.5, duration=10.0)
    d = np.where(block(), 1.5, 0.0).astype(np.float32)
    b = hd.voellmy(slope, release_depth=d, duration=10.0)
    assert np.array_equal(a.max_depth.data, b.max_depth.data)
    assert a.runout_length == b.runout_length


def test_pile_on_flat_ground_stays_put(slope):
    # On the flat part with μ = 0.5 a 1 m pile barely spreads and stops: everything deposits.
    m = np.zeros((40, 20), dtype=bool)
    m[30:34, 8:12] = True
    r = hd.voellmy(slope, release_mask=m, depth=1.0, mu=0.5, duration=30.0, edges="closed")
    assert abs(r.mass_balance["error"]) < 1e-5
    assert r.deposit_volume == pytest.approx(16 * 25.0, rel=1e-4)
    assert r.runout_length < 3 * CELL


def test_inflow_delivers_the_hydrograph_volume(slope):
    x, y = 500_000.0 + 10.5 * CELL, 4_000_000.0 - 3.5 * CELL
    # 10 m³/s for 20 s then down to 0 at 30 s: trapezoid 200 + 50 = 250 m³.
    r = hd.voellmy(slope, inflow=((x, y), [0, 20, 30], [10, 10, 0]), duration=40.0,
                   edges="closed", output_interval=10.0)
    assert r.mass_balance["inflow"] == pytest.approx(250.0, rel=1e-9)
    assert abs(r.mass_balance["error"]) < 1e-5
    np.testing.assert_allclose(r.series["time"], [0, 10, 20, 30, 40])
    assert r.series["volume"][-1] == pytest.approx(250.0, rel=1e-5)


def test_stepping_equals_one_run_with_an_output_time(slope):
    kw = dict(release_mask=block(), depth=2.0, edges="closed")
    one = hd.voellmy(slope, duration=30.0, output_interval=15.0, **kw)
    sim = hd.VoellmySimulation(slope, duration=30.0, **kw)
    sim.advance(15.0)
    assert sim.now == 15.0
    h = sim.field("debris.depth")
    assert h.dtype == np.float32 and h.shape == (40, 20)
    assert h.sum() * CELL**2 == pytest.approx(800.0, rel=1e-5)
    sim.advance(30.0)
    two = sim.result()
    assert np.array_equal(one.max_depth.data, two.max_depth.data)
    assert np.array_equal(one.deposit.data, two.deposit.data)
    assert one.steps == two.steps
    assert [f[0] for f in sim.fields()] == [f[0] for f in hd.VOELLMY_FIELDS]
    assert "VoellmySimulation(" in repr(sim)
    with pytest.raises(hazsim.HazsimError, match="not a Voellmy field"):
        sim.field("flood.depth")


def test_progress_reports_increasing_fractions_and_can_cancel(slope):
    seen = []
    r = hd.voellmy(slope, release_mask=block(), depth=2.0, duration=60.0,
                   progress=lambda f, s: seen.append(f))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    assert all(0.0 <= f <= 1.0 for f in seen)
    quiet = hd.voellmy(slope, release_mask=block(), depth=2.0, duration=60.0)
    assert np.array_equal(r.max_depth.data, quiet.max_depth.data)

    with pytest.raises(hazsim.Cancelled, match="cancelled"):
        hd.voellmy(slope, release_mask=block(), depth=2.0, duration=60.0,
                   progress=lambda f, s: f < 0.2)
    assert issubclass(hazsim.Cancelled, hazsim.HazsimError)

    def boom(f, s):
        raise RuntimeError("from the callback")

    with pytest.raises(RuntimeError, match="from the callback"):
        hd.voellmy(slope, release_mask=block(), depth=2.0, duration=60.0, progress=boom)
    with pytest.raises(TypeError, match="progress"):
        hd.voellmy(slope, release_mask=block(), depth=2.0, progress=3)


def other_grid_mask():
    return make_raster(block().astype(np.float32), cell=CELL, crs="EPSG:32633", x0=501_000.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(release_mask=block(), depth=1.0, mu=0.0), r"mu = 0.*> 0"),
        (dict(release_mask=block(), depth=1.0, mu=-0.1), r"mu = -0\.1"),
        (dict(release_mask=block(), depth=1.0, xi=0.0), r"xi = 0.*> 0"),
        (dict(release_mask=block(), depth=1.0, xi=np.full((40, 20), -5.0)), r"xi = -5 at row 0"),
        (dict(release_mask=block(), depth=-1.0), r"depth = -1.*> 0"),
        (dict(release_mask=block()), r"depth=<release depth"),
        (dict(release_depth=np.full((40, 20), -0.5)), r"release depth = -0\.5"),
        (dict(inflow=((500_050.0, 3_999_980.0), [0, 10], [-5, -5])), r"discharge = -5"),
        (dict(release_mask=other_grid_mask(), depth=1.0), r"release_mask"),
        (dict(release_mask=np.zeros((40, 20), bool), depth=1.0), r"marks no cell"),
        (dict(release_mask=np.ones((10, 10), bool), depth=1.0), r"release_mask.*shape"),
        (dict(release_depth=np.zeros((40, 20))), r"release is empty"),
        (dict(inflow=((0.0, 0.0), [0, 10], [5, 5])), r"outside the DEM"),
        (dict(inflow=((500_050.0, 3_999_980.0), [0, 10], [5])), r"2 times but 1 discharges"),
        (dict(), r"exactly one release"),
        (dict(release_mask=block(), depth=1.0, inflow=((0, 0), [0, 1], [1, 1])), "exactly one"),
        (dict(release_mask=block(), depth=1.0, duration=-5.0), r"duration"),
        (dict(release_mask=block(), depth=1.0, edges="sideways"), r"edges.*'open'"),
        (dict(release_mask=block(), depth=1.0, output_interval=0.0), r"output_interval"),
    ],
)
def test_bad_inputs_raise_valueerror_naming_the_parameter(slope, kwargs, match):
    with pytest.raises(ValueError, match=match):
        hd.voellmy(slope, **{"duration": 5.0, **kwargs})


def test_simulation_rejects_bad_input_too(slope):
    with pytest.raises(hazsim.HazsimError, match="mu"):
        hd.VoellmySimulation(slope, release_mask=block(), depth=1.0, mu=0.0)


def test_stubs_cover_the_bindings():
    path = pathlib.Path(hazsim.__file__).with_name("debris.pyi")
    stub = ast.parse(path.read_text())
    names = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    names |= {n.target.id for n in stub.body if isinstance(n, ast.AnnAssign)}
    public = {n for n in dir(hd) if n.lower().startswith("voellmy")}
    assert public <= names, public - names
    for n in ("voellmy", "VoellmySimulation", "VoellmyResult"):
        assert getattr(hd, n).__doc__


def test_real_dem_block_flows_off_the_steepest_slope(dem):
    t = hazsim.Terrain(dem)
    slope_deg = t.slope().data
    mask = np.zeros(slope_deg.shape, dtype=bool)
    r0, c0 = np.unravel_index(np.argmax(np.where(np.isfinite(slope_deg), slope_deg, 0)), slope_deg.shape)
    mask[max(r0 - 1, 0):r0 + 2, max(c0 - 1, 0):c0 + 2] = True
    r = hd.voellmy(t, release_mask=mask, depth=3.0, duration=120.0)
    assert abs(r.mass_balance["error"]) < 1e-5
    assert r.runout_length > 90.0  # left its 3 × 3 source on the steepest slope of the DEM


def test_the_gil_is_released_while_the_engine_runs(dem):
    # A 100 x 100-cell release on the bundled DEM for an hour (seconds alone), cancelled once
    # the main thread has spun.
    t = hazsim.Terrain(dem)
    mask = np.zeros(dem.data.shape, dtype=bool)
    mask[50:150, 50:150] = True
    assert_gil_released(
        lambda progress: hd.voellmy(t, release_mask=mask, depth=3.0, duration=3600.0, progress=progress),
        hazsim.Cancelled,
    )
