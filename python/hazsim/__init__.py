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
"""

from ._native import (
    HazsimError,
    Raster,
    Terrain,
    __version__,
    colormaps,
    fill_depressions,
    fill_nodata,
    gdal_enabled,
    hillshade,
    read_raster,
    render_map,
    write_raster,
)
from . import flood  # hazsim.flood (a submodule, so not in __all__)
from . import debris  # hazsim.debris (a submodule)

__all__ = [
    "HazsimError",
    "Raster",
    "Terrain",
    "__version__",
    "colormaps",
    "fill_depressions",
    "fill_nodata",
    "gdal_enabled",
    "hillshade",
    "read_raster",
    "render_map",
    "write_raster",
]
