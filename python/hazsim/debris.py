"""Debris-flow runout over a DEM: ``hazsim.debris``.

Routing is hazsim-debris' energy-line runout (Flow-R, Horton et al. 2013; Flow-Py, D'Amboise
et al. 2022), run in Rust with the GIL released:

- :func:`route` routes debris from release cells and returns a :class:`RunoutResult`;
- :data:`FIELDS` lists the output fields as (name, unit, meaning);
- :func:`write_result` writes a result's rasters as GeoTIFFs.

Beside it: :func:`slope_stability` (SINMAP factor of safety and SHALSTAB critical rainfall),
:func:`sinmap`, :func:`release_areas` (Flow-R slope–area rule or slope stability),
:func:`voellmy` (depth-averaged Voellmy flow; :class:`VoellmySimulation` to step it),
:func:`laharz` (LAHARZ volume–area inundation) and :func:`postfire_likelihood` (Staley et al.
2017 M1, the fire → debris-flow chain).

Quick start::

    import hazsim
    t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
    release = t.slope().data > 28            # a boolean mask on the DEM's grid
    run = hazsim.debris.route(t, release, alpha=20.0, max_velocity=15.0)
    run.susceptibility.data.max(), run.affected_area

Releases can also be polygons (a GeoJSON dict, or a list of rings of (x, y) in the DEM's CRS),
and ``max_velocity`` can be a Raster or 2-D array of caps per cell (NaN = no cap)::

    scar = {"type": "Polygon", "coordinates": [[(741000, 4030000), (741300, 4030000),
                                                (741300, 4029700), (741000, 4030000)]]}
    run = hazsim.debris.route(t, scar, alpha=15.0, max_velocity=caps)  # caps: array on the DEM

A release cell whose neighbours all lie above its energy line (flat or gentle ground, or an
``alpha`` steeper than the slope) cannot move. When every release cell is in that state,
:func:`route` raises ``hazsim.HazsimError`` ("no runout"); when only some are, it warns with
:class:`StalledReleaseWarning` and lists them in ``result.stalled_releases``.
"""

import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

from . import _results
from ._native import debris as _native

from ._native import Cancelled  # noqa: E402  (one class for every engine)
StalledReleaseWarning = _native.StalledReleaseWarning
RunoutResult = _native.RunoutResult
route = _native.route
FIELDS = list(_native.FIELDS)

__all__ = [
    "FIELDS",
    "Cancelled",
    "RunoutResult",
    "StalledReleaseWarning",
    "field_table",
    "route",
    "write_result",
]

from . import _debris_methods  # noqa: E402
from ._debris_methods import *  # noqa: E402,F401,F403

__all__ += list(_debris_methods.__all__)

voellmy = _native.voellmy
VoellmyResult = _native.VoellmyResult
VoellmySimulation = _native.VoellmySimulation
VOELLMY_FIELDS = list(_native.VOELLMY_FIELDS)
__all__ += ["VOELLMY_FIELDS", "VoellmyResult", "VoellmySimulation", "voellmy", "to_xarray", "tqdm_progress"]


def field_table() -> Dict[str, Dict[str, str]]:
    """The debris fields (routing and Voellmy) as ``{name: {"unit": ..., "meaning": ...}}``."""
    return _results.field_table("debris")


def write_result(
    result: Any,
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
) -> List[str]:
    """Write a RunoutResult's or VoellmyResult's rasters as GeoTIFFs named after their fields
    (``debris.susceptibility.tif``, ``debris.max_speed.tif``); returns the paths written.

    ``fields`` picks some (all by default); ``directory`` is created when missing.
    """
    return _results.write_result(result, directory, fields, prefix, compression, hazard="debris")


def to_xarray(result: Any) -> Any:
    """A RunoutResult or VoellmyResult as an ``xarray.Dataset``; see :func:`hazsim.to_xarray`."""
    return _results.to_xarray(result, hazard="debris")


def tqdm_progress(desc: str = "debris", **tqdm_kwargs: Any) -> Callable[[float, str], bool]:
    """A progress callback that drives a ``tqdm`` bar; see :func:`hazsim.tqdm_progress`."""
    return _results.tqdm_progress(desc, **tqdm_kwargs)
