"""Flood inundation over a DEM: ``hazsim.flood``.

The solver is hazsim-flood's local-inertial shallow-water scheme (Bates et al. 2010, with the
θ-weighted momentum of de Almeida et al. 2012), run in Rust with the GIL released.

- :func:`simulate` runs a whole flood and returns a :class:`FloodResult`;
- :class:`Simulation` steps one through time (``advance``, ``field``, ``result``);
- :data:`FIELDS` lists the output fields as (name, unit, meaning);
- :data:`HAZARD_CLASSES` and :data:`SOIL_TEXTURES` list the FD2320 hazard classes and the
  Green-Ampt soil textures;
- :func:`tqdm_progress` makes a progress callback that drives a tqdm bar;
- :func:`write_result` writes a result's rasters as GeoTIFFs;
- :func:`to_xarray` turns a result into an ``xarray.Dataset`` (needs xarray).

Quick start::

    import hazsim
    t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
    r = hazsim.flood.simulate(t, 600, rain=50.0, boundaries="free", output_interval=60)
    r["flood.max_depth"].data.max(), r.mass_balance["error"]

Infiltration (``infiltration="loam"``), a reservoir (``reservoir={"polygon": ..., "level": z}``)
and a dam breach (``breach={"polygon": ..., "final_level": z, "formation_time": s}``) are
keyword arguments of :func:`simulate` and :class:`Simulation`.

A progress callback ``progress(fraction, stage)`` is called about every 1 % of the run; it
returns ``False`` to stop the run, which then raises :class:`Cancelled` (a
``hazsim.HazsimError``). Ctrl-C stops a run with ``KeyboardInterrupt``.
"""

import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

from . import _results
from ._native import flood as _native

from ._native import Cancelled  # noqa: E402  (one class for every engine)
FloodResult = _native.FloodResult
Simulation = _native.Simulation
simulate = _native.simulate
nodata_as_walls = _native.nodata_as_walls
FIELDS = list(_native.FIELDS)

#: The FD2320 hazard classes (Defra/EA 2006) as (code, name, lower HR, upper HR); the field
#: ``flood.hazard_class`` holds these codes, and 0 where a cell was never wet.
HAZARD_CLASSES = [
    (1, "low", 0.0, 0.75),
    (2, "moderate", 0.75, 1.25),
    (3, "significant", 1.25, 2.0),
    (4, "extreme", 2.0, float("inf")),
]

#: Soil textures accepted by ``infiltration=`` (Green-Ampt parameters of Rawls et al. 1983).
SOIL_TEXTURES = [
    "sand",
    "loamy_sand",
    "sandy_loam",
    "loam",
    "silt_loam",
    "sandy_clay_loam",
    "clay_loam",
    "silty_clay_loam",
    "sandy_clay",
    "silty_clay",
    "clay",
]

__all__ = [
    "FIELDS",
    "HAZARD_CLASSES",
    "SOIL_TEXTURES",
    "Cancelled",
    "FloodResult",
    "Simulation",
    "field_table",
    "nodata_as_walls",
    "simulate",
    "to_xarray",
    "tqdm_progress",
    "write_result",
]


def tqdm_progress(desc: str = "flood", **tqdm_kwargs: Any) -> Callable[[float, str], bool]:
    """A progress callback that drives a ``tqdm`` bar; see :func:`hazsim.tqdm_progress`."""
    return _results.tqdm_progress(desc, **tqdm_kwargs)


def write_result(
    result: FloodResult,
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
) -> List[str]:
    """Write a result's rasters as GeoTIFFs named after their fields (``flood.max_depth.tif``);
    see :func:`hazsim.write_result`. Returns the paths written."""
    return _results.write_result(result, directory, fields, prefix, compression, hazard="flood")


def field_table() -> Dict[str, Dict[str, str]]:
    """The flood fields as ``{name: {"unit": ..., "meaning": ...}}``."""
    return _results.field_table("flood")


def to_xarray(result: FloodResult) -> Any:
    """The result as an ``xarray.Dataset`` (CF ``units`` and ``long_name``, the series along
    ``time``, the mass balance in ``attrs``); see :func:`hazsim.to_xarray`. Needs xarray."""
    return _results.to_xarray(result, hazard="flood")
