"""hazsim.Scenario: scenarios from a dict or a TOML file, run, stepped, cancelled and written.

The terrain is a synthetic valley: 60 × 41 cells of 10 m, sides rising 3 m per cell to a
channel along column 20 that falls 0.2 m per row to the south, north-up in EPSG:32616.
"""

import json
import os

import numpy as np
import pytest

import hazsim
from conftest import assert_gil_released, make_raster

ROWS, COLS, CELL = 60, 41, 10.0
X0, Y0 = 500_000.0, 4_000_600.0

TOML = """\
[scenario]
name = "Py storm"
duration = "1h"
check_interval = "5min"

[terrain]
dem = "dem.tif"

[[hazard]]
id = "storm"
kind = "flood"
rain = { series = [["0min", 60.0], ["30min", 0.0]] }
"""


def xy(r, c):
    """World (x, y) of a cell centre."""
    return X0 + (c + 0.5) * CELL, Y0 - (r + 0.5) * CELL


@pytest.fixture
def dem_tif(tmp_path):
    r, c = np.mgrid[0:ROWS, 0:COLS]
    z = (100.0 + 0.2 * (ROWS - r) + 3.0 * np.abs(c - 20)).astype(np.float32)
    path = tmp_path / "dem.tif"
    hazsim.write_raster(make_raster(z, cell=CELL, x0=X0, y0=Y0), path)
    return path


def storm(dem):
    return {
        "scenario": {"name": "Py storm", "duration": "1h", "check_interval": "5min"},
        "terrain": {"dem": dem},
        "hazard": [
            {"id": "storm", "kind": "flood", "rain": {"series": [["0min", 60.0], ["30min", 0.0]]}}
        ],
    }


@pytest.fixture
def scenario(dem_tif):
    return hazsim.Scenario.from_dict(storm(str(dem_tif)))


@pytest.fixture
def result(scenario):
    return scenario.run()


def without_wall_times(kpis):
    return {k: v for k, v in kpis.items() if k not in ("engine_seconds", "scenario_seconds")}


def test_from_dict_and_from_toml_give_the_same_kpis(tmp_path, dem_tif):
    path = tmp_path / "storm.toml"
    path.write_text(TOML)
    from_toml = hazsim.Scenario.from_toml(path)
    from_dict = hazsim.Scenario.from_dict(storm(str(dem_tif)))
    a, b = from_toml.run(), from_dict.run()
    assert without_wall_times(a.kpis) == without_wall_times(b.kpis)
    assert np.array_equal(a.fields["storm"]["max_depth"], b.fields["storm"]["max_depth"])
    # str paths and PathLike both work, and relative paths are taken from `base`.
    rel = dict(storm("dem.tif"))
    c = hazsim.Scenario.from_dict(rel, base=tmp_path).run()
    assert without_wall_times(c.kpis) == without_wall_times(a.kpis)
    d = hazsim.Scenario.from_dict(storm(dem_tif))
    assert d.name == "Py storm"


def test_scenario_properties_and_repr(scenario):
    assert scenario.name == "Py storm"
    assert scenario.hazards == ["storm"]
    assert scenario.assets == []
    assert scenario.notes == []
    assert scenario.duration == 3600.0
    assert repr(scenario) == "Scenario('Py storm', 1 hazard, 0 assets, duration 1h)"


def test_run_gives_fields_events_and_kpis(result):
    assert result.name == "Py storm"
    depth = result.fields["storm"]["max_depth"]
    assert isinstance(depth, np.ndarray)
    assert depth.dtype == np.float32 and depth.shape == (ROWS, COLS)
    assert depth.max() > 0
    # The channel (column 20) collects the rain.
    assert depth[:, 20].max() == depth.max()
    assert "arrival_time" in result.fields["storm"]
    events = result.events
    assert isinstance(events, list) and events
    assert {"t", "kind", "message", "message_zh"} <= set(events[0])
    assert events[0]["kind"] == "hazard_start" and events[0]["hazard"] == "storm"
    assert [e["t"] for e in events] == sorted(e["t"] for e in events)
    kpis = result.kpis
    assert "people_exposed" in kpis
    assert kpis["hazards"][0]["id"] == "storm" and kpis["hazards"][0]["started_at"] == 0.0
    assert repr(result).startswith("ScenarioResult('Py storm', 1 of 1 hazard started, ")
    # An empty impact table still has the impacts.csv columns.
    impacts = result.impacts
    columns = list(impacts.columns) if hasattr(impacts, "columns") else []
    if hasattr(impacts, "columns"):
        assert len(impacts) == 0
        assert columns[:5] == ["id", "name", "kind", "state", "worst_state"]
    else:
        assert impacts == []


def test_stepping_gives_the_same_result_as_one_run(scenario, result):
    run = scenario.start()
    assert run.now == 0.0 and run.duration == 3600.0
    assert run.field("storm", "flood.depth") is None  # not started before the first step
    assert run.step(1800) is None
    assert run.now == 1800
    depth = run.field("storm", "flood.depth")
    assert depth is not None and depth.dtype == np.float32 and depth.shape == (ROWS, COLS)
    assert np.array_equal(run.field("storm", "depth"), depth)  # short names work
    assert run.events()[0]["kind"] == "hazard_start"
    assert "30min of 1h" in repr(run)
    finished = run.finish()
    assert np.array_equal(finished.fields["storm"]["max_depth"], result.fields["storm"]["max_depth"])
    assert without_wall_times(finished.kpis) == without_wall_times(result.kpis)


def test_a_finished_run_raises_runtime_error(scenario):
    run = scenario.start()
    run.finish()
    assert repr(run) == "ScenarioRun(finished)"
    for call in (lambda: run.now, lambda: run.step(10), run.events, lambda: run.field("storm", "depth"), run.finish):
        with pytest.raises(RuntimeError, match="finished"):
            call()


def test_field_names_the_hazards_and_fields(scenario):
    run = scenario.start()
    run.step(600)
    with pytest.raises(KeyError, match="storm"):
        run.field("rain", "flood.depth")
    with pytest.raises(ValueError, match="not_a_field"):
        run.field("storm", "not_a_field")


def test_progress_returning_false_cancels(scenario):
    calls = []

    def stop(fraction, stage):
        calls.append((fraction, stage))
        return fraction < 0.2

    with pytest.raises(hazsim.Cancelled):
        scenario.run(progress=stop)
    assert calls and all(isinstance(f, float) and isinstance(s, str) for f, s in calls)
    # A cancelled step or finish leaves the run where it stopped, to go on.
    run = scenario.start()
    with pytest.raises(hazsim.Cancelled):
        run.step(3600, progress=lambda f, s: f < 0.3)
    assert 0 < run.now < 3600
    with pytest.raises(hazsim.Cancelled):
        run.finish(progress=lambda f, s: f < 0.6)
    assert run.now < 3600
    seen = []
    r = run.finish(progress=lambda f, s: seen.append(f))
    assert r.fields["storm"]["max_depth"].max() > 0
    assert seen[-1] == 1.0


def test_progress_exceptions_propagate(scenario):
    def boom(fraction, stage):
        raise ZeroDivisionError("from the callback")

    with pytest.raises(ZeroDivisionError, match="from the callback"):
        scenario.run(progress=boom)
    with pytest.raises(TypeError, match="progress"):
        scenario.run(progress=42)


def test_the_gil_is_released_while_the_scenario_runs(dem_tif):
    d = storm(str(dem_tif))
    d["scenario"]["duration"] = "6h"
    s = hazsim.Scenario.from_dict(d)
    assert_gil_released(lambda progress: s.run(progress=progress), hazsim.Cancelled)
    assert_gil_released(lambda progress: s.start().step(6 * 3600, progress=progress), hazsim.Cancelled)


def test_an_unknown_key_in_the_dict_names_the_key(dem_tif):
    d = storm(str(dem_tif))
    d["scenario"]["colour"] = "red"
    with pytest.raises(ValueError, match="colour"):
        hazsim.Scenario.from_dict(d)
    d = storm(str(dem_tif))
    d["hazard"][0]["rainfall"] = 3
    with pytest.raises(hazsim.HazsimError, match="rainfall"):
        hazsim.Scenario.from_dict(d)


def test_invalid_values_and_types(dem_tif, tmp_path):
    d = storm(str(dem_tif))
    d["scenario"]["duration"] = "0s"
    with pytest.raises(ValueError, match="scenario.duration"):
        hazsim.Scenario.from_dict(d)
    d = storm(str(dem_tif))
    d["scenario"]["duration"] = "30d"
    d["scenario"]["check_interval"] = "1s"  # 2.6 million checks: refused, not run for ever
    with pytest.raises(ValueError, match="check_interval.*105120 checks"):
        hazsim.Scenario.from_dict(d)
    d = storm(str(dem_tif))
    d["hazard"][0]["probability"] = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        hazsim.Scenario.from_dict(d)
    d = storm(str(dem_tif))
    d["hazard"][0]["probability"] = {1, 2}
    with pytest.raises(TypeError, match="set"):
        hazsim.Scenario.from_dict(d)
    with pytest.raises(TypeError, match="dict"):
        hazsim.Scenario.from_dict([("scenario", {})])
    with pytest.raises(FileNotFoundError, match="missing.tif"):
        hazsim.Scenario.from_dict(storm(str(tmp_path / "missing.tif")))
    with pytest.raises(FileNotFoundError):
        hazsim.Scenario.from_toml(tmp_path / "missing.toml")


def test_a_toml_with_an_unknown_key_names_the_line(tmp_path, dem_tif):
    path = tmp_path / "bad.toml"
    path.write_text(TOML.replace('check_interval = "5min"\n', 'check_interval = "5min"\nwind = 3\n'))
    with pytest.raises(ValueError) as e:
        hazsim.Scenario.from_toml(path)
    message = str(e.value)
    assert f"{path}:5:" in message  # the line of `wind`
    assert "wind" in message


def test_write_creates_the_outputs(result, tmp_path):
    folder = result.write(tmp_path / "out")
    assert isinstance(folder, str)
    assert os.path.dirname(folder) == str(tmp_path / "out")
    for name in ("events.jsonl", "summary.md", "kpis.json", "impacts.csv", "storm.max_depth.tif"):
        assert os.path.isfile(os.path.join(folder, name)), name
    with open(os.path.join(folder, "events.jsonl")) as f:
        lines = [json.loads(line) for line in f]
    assert lines == result.events


def write_assets(path):
    """A road across the valley at row 40 and a house in the channel at row 45."""
    (x0, y), (x1, _) = xy(40, 2), xy(40, 38)
    hx, hy = xy(45, 20)
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}},
                "features": [
                    {
                        "type": "Feature",
                        "id": "road-1",
                        "properties": {"kind": "road", "name": "Valley road"},
                        "geometry": {"type": "LineString", "coordinates": [[x0, y], [x1, y]]},
                    },
                    {
                        "type": "Feature",
                        "id": "house-1",
                        "properties": {"kind": "residential", "name": "Mill house", "population": 5},
                        "geometry": {"type": "Point", "coordinates": [hx, hy]},
                    },
                ],
            }
        )
    )


def test_assets_and_impacts(tmp_path, dem_tif):
    write_assets(tmp_path / "assets.geojson")
    d = storm("dem.tif")
    d["asset_layer"] = [{"path": "assets.geojson"}]
    s = hazsim.Scenario.from_dict(d, base=str(tmp_path))
    assert s.assets == [
        {"id": "road-1", "name": "Valley road", "kind": "road"},
        {"id": "house-1", "name": "Mill house", "kind": "residential"},
    ]
    assert repr(s) == "Scenario('Py storm', 1 hazard, 2 assets, duration 1h)"
    r = s.run()
    impacts = r.impacts
    pd = pytest.importorskip("pandas")
    assert isinstance(impacts, pd.DataFrame)
    assert list(impacts["id"]) == ["road-1", "house-1"]
    assert impacts["max_flood_depth_m"].dtype == np.float64
    assert (impacts["max_flood_depth_m"] > 0).all()  # both sit in the channel
    assert set(impacts["state"]) <= {"open", "cut", "damaged", "destroyed"}


def test_impacts_as_a_geodataframe(tmp_path, dem_tif):
    gpd = pytest.importorskip("geopandas")
    write_assets(tmp_path / "assets.geojson")
    d = storm("dem.tif")
    d["asset_layer"] = [{"path": "assets.geojson"}]
    impacts = hazsim.Scenario.from_dict(d, base=tmp_path).run().impacts
    assert isinstance(impacts, gpd.GeoDataFrame)
    assert list(impacts.geometry.geom_type) == ["LineString", "Point"]
    assert impacts.crs.to_epsg() == 32616
