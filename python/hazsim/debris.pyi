"""Type stubs for ``hazsim.debris``: debris-flow runout over a DEM."""

import os
from typing import final, Any, Callable, Dict, Iterable, List, Literal, Optional, Sequence, Tuple, Union

import numpy.typing as npt

from ._native import Cancelled as Cancelled
from ._native import HazsimError, Raster, Terrain

_Grid = Union[Raster, npt.ArrayLike]
_Ring = Sequence[Tuple[float, float]]
_Release = Union[Raster, npt.ArrayLike, Sequence[Tuple[float, float]], Dict[str, object], Sequence[_Ring]]
_Progress = Optional[Callable[[float, str], Optional[bool]]]

FIELDS: List[Tuple[str, str, str]]
"""The debris fields as (name, unit, meaning)."""

class StalledReleaseWarning(UserWarning):
    """Some release cells cannot move (every neighbour above the energy line)."""

@final
class RunoutResult:
    """Runout maps on the DEM's grid (maxima over release cells)."""

    @property
    def fields(self) -> Dict[str, Raster]:
        """Every debris field (float32 rasters) by name, e.g. ``"debris.susceptibility"``."""
    @property
    def susceptibility(self) -> Raster:
        """Maximum reach probability (routed fraction of a release cell's mass, 0–1)."""
    @property
    def energy_line_speed(self) -> Raster:
        """Maximum energy-line speed (m/s): what the energy line allows, not a simulated speed."""
    @property
    def travel_angle(self) -> Raster:
        """Maximum travel angle from a release cell (degrees; NaN = not reached)."""
    @property
    def travel_length(self) -> Raster:
        """Longest horizontal path length from a release cell (m)."""
    @property
    def release_count(self) -> Raster:
        """Number of release cells reaching each cell."""
    @property
    def energy_line_pressure(self) -> Raster:
        """Impact pressure c·ρ·v² at the maximum energy-line speed (kPa)."""
    @property
    def release_cells(self) -> int:
        """Number of distinct release cells routed."""
    @property
    def stalled_releases(self) -> List[Tuple[int, int]]:
        """Release cells (row, col) that could not move."""
    @property
    def affected_area(self) -> float:
        """Area (m²) with susceptibility > 0."""
    def keys(self) -> List[str]:
        """Field names, in the order of :data:`FIELDS`."""
    def __getitem__(self, name: str, /) -> Raster: ...
    def __contains__(self, name: str, /) -> bool: ...
    def __len__(self) -> int: ...

def route(
    terrain: Terrain,
    release: _Release,
    *,
    alpha: Optional[Union[float, _Grid]] = None,
    exponent: float = 8.0,
    max_velocity: Optional[Union[float, _Grid]] = ...,
    persistence: float = 1.0,
    flux_threshold: float = 3e-4,
    density: float = 2000.0,
    impact_coefficient: float = 1.0,
    release_as: Literal["points", "cells"] = "points",
    routing: Literal["flow-r", "flow-py"] = "flow-r",
    progress: _Progress = None,
) -> RunoutResult:
    """Route debris flows from release cells (energy-line runout) and return the runout maps.

    ``release``: a mask (Raster, or 2-D bool/uint8 array on the DEM's grid), a list of (x, y)
    map points, a GeoJSON dict (Polygon/MultiPolygon areas, Point cells), a list of polygon
    rings, or with ``release_as="cells"`` a list of (row, col). ``alpha``: travel angle in
    degrees in (0, 90), one value or per cell (None: 11°). ``max_velocity``: cap in m/s, None,
    or a Raster/2-D array of caps per cell (NaN = no cap). Raises HazsimError on bad input or
    when no release cell can move; warns :class:`StalledReleaseWarning` when some cannot.
    """

def field_table() -> Dict[str, Dict[str, str]]: ...
def write_result(
    result: Any,
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
) -> List[str]: ...

from ._debris_methods import *  # noqa: F401,F403
from ._debris_voellmy import *  # noqa: F401,F403

__all__ = [
    "FIELDS",
    "Cancelled",
    "RunoutResult",
    "StalledReleaseWarning",
    "field_table",
    "route",
    "write_result",
    "LaharzResult",
    "PostfireResult",
    "SHALSTAB_CLASSES",
    "STABILITY_CLASSES",
    "SinmapResult",
    "StabilityResult",
    "critical_rainfall_mm_per_day",
    "laharz",
    "postfire_likelihood",
    "release_areas",
    "sinmap",
    "slope_stability",
    "VOELLMY_FIELDS",
    "VoellmyResult",
    "VoellmySimulation",
    "voellmy",
    "to_xarray",
    "tqdm_progress",
]

def to_xarray(result: Any) -> Any:
    """A RunoutResult or VoellmyResult as an xarray.Dataset (CF units and long_name); needs xarray."""

def tqdm_progress(desc: str = "debris", **tqdm_kwargs: Any) -> Callable[[float, str], bool]:
    """A progress callback that drives a tqdm bar; needs tqdm."""
