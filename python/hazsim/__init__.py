"""hazsim: hazard simulation and scenario building over real terrain.

The core is Rust; this package re-exports it and adds Python-side conveniences
(rasterio and xarray conversion).

Quick start::

    import hazsim
    dem = hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif")
    t = hazsim.Terrain(dem)
    slope = t.slope()            # hazsim.Raster, degrees
    acc = t.d8_accumulation()    # cells draining through each cell
    hazsim.render_map(acc, "acc.png", hillshade=t.hillshade(), colormap="blues",
                      log_scale=True, units="cells", title="Flow accumulation")
    run = hazsim.flood.simulate(t, 600, rain=50.0, boundaries="free")
    run["flood.max_depth"]       # hazsim.Raster, metres
    runout = hazsim.debris.route(t, slope.data > 28, alpha=15.0)
    runout.susceptibility        # hazsim.Raster, reach probability

Whole disaster scenarios (hazards on one clock, chains, assets, KPIs) are ``hazsim.Scenario``::

    s = hazsim.Scenario.from_toml("storm-valley.toml")   # or Scenario.from_dict({...})
    result = s.run()
    result.kpis["people_exposed"], result.impacts        # dict, pandas DataFrame
    result.write("out")                                  # maps, impacts, events, summary

Every engine's fields (outputs and inputs), with units, are in ``hazsim.FIELDS``; a progress
callback that returns False stops any engine with ``hazsim.Cancelled``.
"""

from ._native import (
    FIELDS,
    Cancelled,
    HazsimError,
    Raster,
    Scenario,
    ScenarioResult,
    ScenarioRun,
    Terrain,
    __version__,
    colormaps,
    contour_lines,
    fill_depressions,
    fill_nodata,
    gdal_enabled,
    hillshade,
    read_raster,
    render_map,
    write_raster,
)
from ._results import field_table, tqdm_progress, to_xarray, write_result
from . import debris, fire, flood  # hazsim.debris, hazsim.fire, hazsim.flood (submodules, so not in __all__)

__all__ = [
    "FIELDS",
    "Cancelled",
    "HazsimError",
    "Raster",
    "Scenario",
    "ScenarioResult",
    "ScenarioRun",
    "Terrain",
    "__version__",
    "colormaps",
    "contour_lines",
    "fill_depressions",
    "field_table",
    "fill_nodata",
    "gdal_enabled",
    "hillshade",
    "read_raster",
    "render_map",
    "to_xarray",
    "tqdm_progress",
    "write_raster",
    "write_result",
]
