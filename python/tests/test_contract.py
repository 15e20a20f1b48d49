"""One contract for every engine from Python: one ``hazsim.Cancelled``, one field registry
(``hazsim.FIELDS``), ``advance(until=None)`` running to the planned duration, progress as the
fraction of each advance, and standard fuel model names wherever a code is taken."""

import numpy as np
import pytest

import hazsim
import hazsim.debris as hd
import hazsim.fire as hfire
import hazsim.flood as hflood
from conftest import make_raster

M = (0.06, 0.07, 0.08, 0.60, 0.90)


@pytest.fixture(scope="module")
def slope():
    """A plane falling 1 m per 10 m cell to the south, 40 × 30 cells."""
    r = np.arange(40, dtype=np.float32)[:, None]
    return hazsim.Terrain(make_raster(np.tile(200.0 - r, (1, 30)).astype(np.float32)))


def test_one_cancelled_class_for_every_engine():
    assert hflood.Cancelled is hazsim.Cancelled
    assert hfire.Cancelled is hazsim.Cancelled
    assert hd.Cancelled is hazsim.Cancelled
    assert issubclass(hazsim.Cancelled, hazsim.HazsimError)
    assert not hasattr(hd, "VoellmyCancelled")


def test_each_engine_cancels_with_hazsim_cancelled(slope):
    stop = lambda f, s: False  # noqa: E731
    mask = np.zeros((40, 30), bool)
    mask[2:6, 10:20] = True
    runs = [
        lambda: hflood.simulate(slope, 3600.0, rain=50.0, progress=stop),
        lambda: hd.voellmy(slope, release_mask=mask, depth=2.0, duration=300.0, progress=stop),
        lambda: hd.route(slope, mask, alpha=3.0, progress=stop),
    ]
    for run in runs:
        with pytest.raises(hazsim.Cancelled):
            run()


def test_the_field_registry_is_one_table():
    names = [f[0] for f in hazsim.FIELDS]
    assert len(names) == len(set(names))
    for name, unit, meaning in hazsim.FIELDS:
        assert name.split(".")[0] in ("flood", "fire", "debris") and unit and meaning
        assert "velocity" not in name
    # Every engine's own list is a part of it, with the same units.
    table = {f[0]: f[1] for f in hazsim.FIELDS}
    for engine_list in (hflood.FIELDS, hfire.FIELDS, hd.FIELDS, hd.VOELLMY_FIELDS):
        for name, unit, _ in engine_list:
            assert table[name] == unit, name
    # The two debris methods no longer share names that mean different things.
    assert "debris.energy_line_speed" in table and "debris.max_speed" in table
    assert "debris.energy_line_pressure" in table and "debris.max_impact_pressure" in table
    # Inputs are in it too.
    assert {"flood.rain_rate", "flood.inflow", "fire.ignition", "debris.release_depth"} <= set(table)


def test_advance_without_until_runs_to_the_planned_duration(slope):
    sim = hflood.Simulation(slope, 120.0, rain=20.0)
    sim.advance()
    assert sim.now == 120.0
    mask = np.zeros((40, 30), bool)
    mask[2:6, 10:20] = True
    v = hd.VoellmySimulation(slope, release_mask=mask, depth=1.0, duration=15.0)
    v.advance()
    assert v.now == 15.0
    x, y = 500_000.0 + 155.0, 4_000_000.0 - 205.0
    f = hfire.Simulation(slope, "GR2", {"wind_speed": 2.0, "wind_direction": 0.0, "moisture": M}, [(x, y)], 900.0)
    f.advance()
    assert f.now == 900.0


def test_progress_is_the_fraction_of_each_advance(slope):
    sim = hflood.Simulation(slope, 600.0, rain=20.0)
    sim.advance(300.0)
    seen = []
    sim.advance(600.0, progress=lambda f, s: seen.append(f))
    assert seen and seen[-1] == 1.0
    assert all(0.0 <= a <= b <= 1.0 for a, b in zip(seen, seen[1:]))


def test_standard_fuel_model_names_work_wherever_a_code_does(slope):
    assert hfire.fuel_code("GR2") == 102 and hfire.fuel_code("sh7") == 147
    assert hfire.fuel_code("FM1") == 1 and hfire.fuel_code("NB8") == 98
    with pytest.raises(hazsim.HazsimError, match="GR12"):
        hfire.fuel_code("GR12")
    by_name = hfire.rothermel(["GR2", "TU5"], M, wind_speed=2.0)
    by_code = hfire.rothermel([102, 165], M, wind_speed=2.0)
    np.testing.assert_array_equal(by_name.head_ros, by_code.head_ros)
    weather = {"wind_speed": 2.0, "wind_direction": 0.0, "moisture": M}
    x, y = 500_000.0 + 155.0, 4_000_000.0 - 205.0
    a = hfire.simulate(slope, "GR2", weather, [(x, y)], 600.0)
    b = hfire.simulate(slope, 102, weather, [(x, y)], 600.0)
    np.testing.assert_array_equal(a.arrival_time.data, b.arrival_time.data)


def test_isochrones_come_from_the_library():
    t = make_raster(np.tile(60.0 * np.arange(6, dtype=np.float32), (4, 1)))
    lines = hazsim.contour_lines(t, [150.0])
    assert len(lines) == 1 and len(lines[0]) == 4
    assert all(abs(x - (500_000.0 + 30.0)) < 1e-9 for x, _ in lines[0])
    with pytest.raises(hazsim.HazsimError, match="levels"):
        hazsim.contour_lines(t, [float("nan")])


def test_every_engine_result_writes_and_converts_the_same_way(slope, tmp_path):
    pytest.importorskip("xarray")
    weather = {"wind_speed": 2.0, "wind_direction": 0.0, "moisture": M}
    x, y = 500_000.0 + 155.0, 4_000_000.0 - 205.0
    mask = np.zeros((40, 30), bool)
    mask[2:6, 10:20] = True
    runs = [
        (hflood, hflood.simulate(slope, 300.0, rain=30.0, output_interval=60.0), "flood.max_depth"),
        (hfire, hfire.simulate(slope, "GR2", weather, [(x, y)], 600.0), "fire.arrival_time"),
        (hd, hd.route(slope, mask, alpha=3.0), "debris.susceptibility"),
        (hd, hd.voellmy(slope, release_mask=mask, depth=1.0, duration=20.0, output_interval=5.0), "debris.max_speed"),
    ]
    for k, (module, result, field) in enumerate(runs):
        paths = module.write_result(result, tmp_path / str(k))
        assert any(p.endswith(f"{field}.tif") for p in paths), paths
        ds = module.to_xarray(result)
        assert field in ds, list(ds)
        unit = hazsim.field_table()[field]["unit"]
        assert ds[field].attrs["units"] == unit and ds[field].attrs["long_name"]
        assert module.field_table()[field]["unit"] == unit
    # The Voellmy series (in the library now) lands on every output time.
    v = runs[3][1]
    np.testing.assert_array_equal(v.series["time"], [0.0, 5.0, 10.0, 15.0, 20.0])


def test_voellmy_block_release_and_library_defaults(slope):
    x, y = 500_000.0 + 155.0, 4_000_000.0 - 35.0
    r = hd.voellmy(slope, release_point=(x, y), volume=800.0, radius=15.0, duration=10.0)
    assert r.mass_balance["released"] == pytest.approx(800.0, rel=1e-6)
    assert abs(r.mass_balance["error"]) < 1e-6
    # Unset arguments take the library's defaults (the same run as the defaults given by hand).
    by_hand = hd.voellmy(
        slope, release_point=(x, y), volume=800.0, radius=15.0, duration=10.0, mu=0.2, xi=500.0, cfl=0.5
    )
    np.testing.assert_array_equal(r.max_depth.data, by_hand.max_depth.data)
    with pytest.raises(hazsim.HazsimError, match="volume"):
        hd.voellmy(slope, release_point=(x, y), duration=10.0)


def test_short_field_names_and_series_keys_are_the_same_everywhere(slope):
    sim = hflood.Simulation(slope, 120.0, rain=20.0)
    sim.advance()
    np.testing.assert_array_equal(sim.field("depth"), sim.field("flood.depth"))
    weather = {"wind_speed": 2.0, "wind_direction": 0.0, "moisture": M}
    x, y = 500_000.0 + 155.0, 4_000_000.0 - 205.0
    fire = hfire.simulate(slope, "GR2", weather, [(x, y)], 600.0)
    flood = hflood.simulate(slope, 120.0, rain=20.0, output_interval=60.0)
    assert "time" in fire.area_timeline(60.0) and "time" in fire.final_area
    assert "time" in flood.series


def test_crown_fire_maps_come_from_the_library(slope):
    maps = hfire.crown_map(slope, "TU5", (0.04, 0.05, 0.06, 0.6, 0.9), 12.0, 180.0, 2.0, 0.15, 20.0, 0.6)
    crown_names = [n for n, _, _ in hazsim.FIELDS if n.startswith("fire.crown") or n in (
        "fire.transition_ratio", "fire.active_ratio", "fire.crowning_index")]
    assert sorted(maps) == sorted(crown_names)
    types = maps["fire.crown_fire_type"].data
    assert np.all((types >= 1) & (types <= 3))  # dry and windy under a low canopy: crown fire
    # A point of it agrees with the point model.
    point = hfire.crown_fire("TU5", (0.04, 0.05, 0.06, 0.6, 0.9), canopy_base_height=2.0,
                             canopy_bulk_density=0.15, canopy_height=20.0, canopy_cover=0.6,
                             foliar_moisture=1.0, wind_speed_20ft=12.0, wind_direction=180.0,
                             slope=0.1, aspect=180.0)
    assert maps["fire.crowning_index"].data[20, 15] == pytest.approx(float(point.crowning_wind_20ft), rel=1e-4)
    assert maps["fire.crown_fire_type"].data[20, 15] == int(point.fire_type)


def test_bad_new_parameters_are_named(slope):
    mask = np.zeros((40, 30), bool)
    mask[2:6, 10:20] = True
    for interval in (0.0, -1.0, 1e-9):
        with pytest.raises(hazsim.HazsimError, match="output_interval"):
            hd.voellmy(slope, release_mask=mask, depth=1.0, duration=30.0, output_interval=interval)
    x, y = 500_000.0 + 155.0, 4_000_000.0 - 35.0
    with pytest.raises(hazsim.HazsimError, match="volume"):
        hd.voellmy(slope, release_point=(x, y), volume=-5.0)
    with pytest.raises(hazsim.HazsimError, match="wind"):
        hfire.crown_map(slope, "TU5", M, -1.0, 0.0, 2.0, 0.15, 20.0, 0.5)
    with pytest.raises(hazsim.HazsimError, match="levels"):
        hazsim.contour_lines(make_raster(np.zeros((3, 3), np.float32)), [float("inf")])
