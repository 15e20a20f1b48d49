"""Type stubs for ``hazsim.flood``: flood inundation over a DEM."""

import os
from typing import final, Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

from ._native import Cancelled as Cancelled
from ._native import HazsimError, Raster, Terrain

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

_Series = Sequence[Tuple[float, float]]
_Grid = Union[Raster, npt.ArrayLike]
_Rain = Union[None, float, _Series, Raster, Sequence[Tuple[float, Raster]]]
_Inflow = Union[Tuple[float, float, Union[_Series, float]], Mapping[str, Any]]
_Boundary = Union[str, Tuple[str, Optional[float]], Tuple[str, _Series], None]
_Boundaries = Union[None, str, Tuple[str, Any], Mapping[str, _Boundary]]
_Progress = Optional[Callable[[float, str], Optional[bool]]]
_SoilValue = Union[float, _Grid]
_Infiltration = Union[None, str, Mapping[str, Union[str, _SoilValue]]]
_Region = Mapping[str, Any]

HAZARD_CLASSES: List[Tuple[int, str, float, float]]
"""The FD2320 hazard classes as (code, name, lower HR, upper HR); code 0 in ``flood.hazard_class`` is never wet."""

SOIL_TEXTURES: List[str]
"""The soil texture names accepted by ``infiltration=`` (Rawls et al. 1983)."""

FIELDS: List[Tuple[str, str, str]]
"""The flood fields as (name, unit, meaning)."""


@final
class FloodResult:
    """Outputs of a flood run: rasters on the DEM's grid, a series and the mass balance."""

    @property
    def fields(self) -> Dict[str, Raster]:
        """Every flood field (float32 rasters) by name, e.g. ``"flood.max_depth"``."""
    @property
    def series(self) -> Dict[str, npt.NDArray[np.float64]]:
        """``time`` (s), ``flooded_area`` (m²) and ``volume`` (m³) at 0, each output time and the end."""
    @property
    def snapshots(self) -> List[Tuple[float, Dict[str, Raster]]]:
        """The ``snapshots=`` fields at every output time: ``(time_s, {name: Raster})``."""
    @property
    def mass_balance(self) -> Dict[str, float]:
        """inflow, boundary_inflow, rain, outflow, infiltration, storage_initial, storage_now (m³),
        residual (m³) and the relative ``error``."""
    @property
    def steps(self) -> int:
        """Solver steps taken."""
    @property
    def time(self) -> float:
        """Model time (s) of the outputs."""
    def keys(self) -> List[str]:
        """Field names."""
    def __getitem__(self, name: str, /) -> Raster:
        """A field by name; KeyError for an unknown name."""
    def __contains__(self, name: object, /) -> bool: ...
    def __len__(self) -> int: ...

def simulate(
    terrain: Terrain,
    duration: float,
    *,
    rain: _Rain = None,
    inflows: Optional[Iterable[_Inflow]] = None,
    line_inflows: Optional[Iterable[Any]] = None,
    boundaries: _Boundaries = None,
    manning: Optional[Union[float, _Grid]] = None,
    initial_depth: Optional[_Grid] = None,
    alpha: Optional[float] = None,
    theta: float = 0.8,
    output_interval: Optional[float] = None,
    snapshots: Optional[Sequence[str]] = None,
    wet_threshold: float = 0.01,
    arrival_threshold: float = 0.1,
    max_dt: Optional[float] = None,
    max_speed: Optional[float] = None,
    infiltration: _Infiltration = None,
    reservoir: Optional[_Region] = None,
    breach: Optional[_Region] = None,
    walls: Optional[npt.ArrayLike] = None,
    max_froude: Optional[float] = None,
    progress: _Progress = None,
) -> FloodResult:
    """Run a flood over ``terrain`` for ``duration`` seconds with the GIL released.

    rain: mm/h as a constant, (t, mm/h) pairs (piecewise constant), a Raster or (t, Raster)
    pairs. inflows: (x, y, [(t, Q m³/s), ...]) tuples or {"x", "y", "hydrograph"} dicts.
    line_inflows: ([(x, y), ...], hydrograph) tuples or {"line", "hydrograph"} dicts, the whole
    line's discharge shared evenly by the cells it crosses. snapshots: fields kept at every
    output_interval, in ``result.snapshots``.
    boundaries: None (closed), one condition for all edges, or {"north"|"east"|"south"|"west":
    condition}; a condition is "closed", "free", ("free", slope), "critical", ("level", z) or
    ("hydrograph", [(t, level), ...]). infiltration: a soil texture name, {"texture",
    "initial_saturation"} or {"k_s" m/s, "psi_f" m, "delta_theta"} (Green-Ampt). reservoir:
    {"polygon": [(x, y), ...] or "mask": bool array, "level": z}. breach: {"polygon" | "mask",
    "final_level": z, "start": s, "formation_time": s}. walls: bool mask of closed cells
    (see nodata_as_walls). max_froude: optional face Froude cap. progress(fraction, stage) returning False raises
    Cancelled. Invalid input raises HazsimError (a ValueError) naming the parameter; a value of
    the wrong type raises TypeError.
    """

def nodata_as_walls(raster: Raster) -> Tuple[Raster, npt.NDArray[np.bool_]]:
    """(dem, walls): the DEM with its NaN/nodata holes raised into walls, and the mask of holes
    to pass as ``walls=``."""

@final
class Simulation:
    """A flood run stepped through time; same arguments as ``simulate`` but ``progress``."""

    def __new__(
        cls,
        terrain: Terrain,
        duration: float,
        *,
        rain: _Rain = None,
        inflows: Optional[Iterable[_Inflow]] = None,
        line_inflows: Optional[Iterable[Any]] = None,
        boundaries: _Boundaries = None,
        manning: Optional[Union[float, _Grid]] = None,
        initial_depth: Optional[_Grid] = None,
        alpha: Optional[float] = None,
        theta: float = 0.8,
        output_interval: Optional[float] = None,
        wet_threshold: float = 0.01,
        arrival_threshold: float = 0.1,
        max_dt: Optional[float] = None,
        max_speed: Optional[float] = None,
        infiltration: _Infiltration = None,
        reservoir: Optional[_Region] = None,
        breach: Optional[_Region] = None,
        walls: Optional[npt.ArrayLike] = None,
        max_froude: Optional[float] = None,
    ) -> "Simulation": ...
    @property
    def now(self) -> float:
        """Model time (s)."""
    @property
    def duration(self) -> float:
        """Planned length of the run (s)."""
    @property
    def steps(self) -> int: ...
    @property
    def terrain(self) -> Terrain: ...
    def advance(self, until: Optional[float] = None, progress: _Progress = None) -> None:
        """Advance to model time ``until`` (s) with the GIL released; progress fractions span now..until.

        progress(fraction, stage) returning False raises Cancelled; the state stays valid at the last
        completed step (``flood.speed`` is then the last step's discharge over the depth now).
        """
    def field(self, name: str) -> npt.NDArray[np.float32]:
        """A copy of a field now; HazsimError for an unknown name."""
    def fields(self) -> List[Tuple[str, str, str]]:
        """(name, unit, meaning) of every field."""
    @property
    def mass_balance(self) -> Dict[str, float]: ...
    @property
    def series(self) -> Dict[str, npt.NDArray[np.float64]]:
        """time, flooded_area, volume at 0 and every output time reached so far."""
    def result(self) -> FloodResult:
        """A FloodResult of the state now."""

def tqdm_progress(desc: str = "flood", **tqdm_kwargs: Any) -> Callable[[float, str], bool]:
    """A progress callback driving a tqdm bar (needs tqdm)."""

def write_result(
    result: FloodResult,
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
) -> List[str]:
    """Write the rasters as ``<prefix><field>.tif`` in ``directory``; returns the paths."""

def field_table() -> Dict[str, Dict[str, str]]:
    """The flood fields as {name: {"unit", "meaning"}}."""

def to_xarray(result: FloodResult) -> Any:
    """An xarray.Dataset of the fields (y, x), the series (time) and the mass balance (attrs)."""
