"""Type stubs for ``hazsim.debris``: debris-flow runout over a DEM."""

import os
from typing import final, Any, Callable, Mapping, Dict, Iterable, List, Literal, Optional, Sequence, Tuple, Union

import numpy as np
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

# --- Voellmy flow ---

_Coefficient = Union[float, _Grid]
_Inflow = Tuple[Tuple[float, float], Sequence[float], Sequence[float]]
_Edges = Union[str, Mapping[str, str]]

VOELLMY_FIELDS: List[Tuple[str, str, str]]
"""The Voellmy simulation fields as (name, unit, meaning)."""

@final
class VoellmyResult:
    """Outputs of a Voellmy debris-flow run, on the DEM's grid."""

    @property
    def max_depth(self) -> Raster:
        """Maximum flow depth over the run (m, vertical)."""
    @property
    def max_speed(self) -> Raster:
        """Maximum speed along the surface over the run (m/s)."""
    @property
    def max_impact_pressure(self) -> Raster:
        """Maximum impact pressure rho v² over the run (kPa)."""
    @property
    def deposit(self) -> Raster:
        """Depth of material at rest at the end of the run (m)."""
    @property
    def final_depth(self) -> Raster:
        """Depth at the end of the run, moving or not (m)."""
    @property
    def runout_length(self) -> float:
        """Largest distance (m) from the release area to a cell reached by the flow."""
    @property
    def deposit_volume(self) -> float:
        """Volume of the deposit (m³)."""
    @property
    def mass_balance(self) -> Dict[str, float]:
        """released, inflow, outflow, clipped, stored_now (m³), residual (m³) and ``error``."""
    @property
    def series(self) -> Dict[str, npt.NDArray[np.float64]]:
        """``time`` (s), ``volume`` (m³), ``flow_area`` (m²) and ``max_speed`` (m/s)."""
    @property
    def time(self) -> float:
        """Model time (s) of the outputs."""
    @property
    def steps(self) -> int:
        """Solver steps taken."""
    def keys(self) -> List[str]:
        """The raster names."""
    def __getitem__(self, name: str, /) -> Raster:
        """A raster by name (``"max_depth"`` or ``"debris.max_depth"``); KeyError otherwise."""
    def __contains__(self, name: object, /) -> bool: ...
    def __len__(self) -> int: ...

def voellmy(
    terrain: Terrain,
    *,
    release_depth: Optional[_Grid] = None,
    release_mask: Optional[_Grid] = None,
    depth: Optional[float] = None,
    inflow: Optional[_Inflow] = None,
    release_point: Optional[Tuple[float, float]] = None,
    volume: Optional[float] = None,
    radius: Optional[float] = None,
    mu: Optional[_Coefficient] = None,
    xi: Optional[_Coefficient] = None,
    density: Optional[float] = None,
    duration: Optional[float] = None,
    output_interval: Optional[float] = None,
    progress: _Progress = None,
    initial_velocity: Optional[Tuple[float, float]] = None,
    cfl: Optional[float] = None,
    max_dt: Optional[float] = None,
    runout_threshold: Optional[float] = None,
    edges: Optional[_Edges] = None,
    max_speed: Optional[float] = None,
) -> VoellmyResult:
    """Run a depth-averaged Voellmy debris flow (GIL released) and return its outputs."""

@final
class VoellmySimulation:
    """A Voellmy debris-flow run to step through time."""

    def __new__(
        cls,
        terrain: Terrain,
        *,
        release_depth: Optional[_Grid] = None,
        release_mask: Optional[_Grid] = None,
        depth: Optional[float] = None,
        inflow: Optional[_Inflow] = None,
        release_point: Optional[Tuple[float, float]] = None,
        volume: Optional[float] = None,
        radius: Optional[float] = None,
        mu: Optional[_Coefficient] = None,
        xi: Optional[_Coefficient] = None,
        density: Optional[float] = None,
        duration: Optional[float] = None,
        initial_velocity: Optional[Tuple[float, float]] = None,
        cfl: Optional[float] = None,
        max_dt: Optional[float] = None,
        runout_threshold: Optional[float] = None,
        edges: Optional[_Edges] = None,
        max_speed: Optional[float] = None,
    ) -> "VoellmySimulation": ...
    @property
    def now(self) -> float:
        """Model time (s)."""
    @property
    def steps(self) -> int:
        """Solver steps taken."""
    @property
    def moving_cells(self) -> int:
        """Cells still moving."""
    @property
    def runout_length(self) -> float:
        """Runout length (m) so far."""
    @property
    def mass_balance(self) -> Dict[str, float]:
        """Volumes (m³) so far, the residual and the relative ``error``."""
    def advance(self, until: Optional[float] = None, progress: _Progress = None) -> None:
        """Advance to model time ``until`` (s) with the GIL released."""
    def field(self, name: str) -> npt.NDArray[np.float32]:
        """A float32 copy of a field now (``"debris.depth"``, ``"debris.speed"``, ...)."""
    def fields(self) -> List[Tuple[str, str, str]]:
        """(name, unit, meaning) of every field."""
    def result(self) -> VoellmyResult:
        """The outputs so far."""
