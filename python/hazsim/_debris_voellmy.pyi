"""Type stubs for the Voellmy debris-flow part of ``hazsim.debris`` (folded into debris.pyi)."""

from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

from ._native import HazsimError, Raster, Terrain

_Grid = Union[Raster, npt.ArrayLike]
_Coefficient = Union[float, _Grid]
_Inflow = Tuple[Tuple[float, float], Sequence[float], Sequence[float]]
_Edges = Union[str, Mapping[str, str]]
_Progress = Optional[Callable[[float, str], Optional[bool]]]

VOELLMY_FIELDS: List[Tuple[str, str, str]]
"""The Voellmy simulation fields as (name, unit, meaning)."""

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
    def __getitem__(self, name: str) -> Raster:
        """A raster by name (``"max_depth"`` or ``"debris.max_depth"``); KeyError otherwise."""
    def __contains__(self, name: object) -> bool: ...
    def __len__(self) -> int: ...

def voellmy(
    terrain: Terrain,
    *,
    release_depth: Optional[_Grid] = None,
    release_mask: Optional[_Grid] = None,
    depth: Optional[float] = None,
    inflow: Optional[_Inflow] = None,
    mu: _Coefficient = 0.2,
    xi: _Coefficient = 500.0,
    density: float = 2000.0,
    duration: float = 300.0,
    output_interval: Optional[float] = None,
    progress: _Progress = None,
    initial_velocity: Tuple[float, float] = (0.0, 0.0),
    cfl: float = 0.5,
    max_dt: float = 1.0,
    runout_threshold: float = 0.05,
    edges: Optional[_Edges] = "open",
    max_speed: float = 100.0,
) -> VoellmyResult:
    """Run a depth-averaged Voellmy debris flow (GIL released) and return its outputs."""

class VoellmySimulation:
    """A Voellmy debris-flow run to step through time."""

    def __init__(
        self,
        terrain: Terrain,
        *,
        release_depth: Optional[_Grid] = None,
        release_mask: Optional[_Grid] = None,
        depth: Optional[float] = None,
        inflow: Optional[_Inflow] = None,
        mu: _Coefficient = 0.2,
        xi: _Coefficient = 500.0,
        density: float = 2000.0,
        duration: float = 300.0,
        initial_velocity: Tuple[float, float] = (0.0, 0.0),
        cfl: float = 0.5,
        max_dt: float = 1.0,
        runout_threshold: float = 0.05,
        edges: Optional[_Edges] = "open",
        max_speed: float = 100.0,
    ) -> None: ...
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
    def advance(self, until: float, progress: _Progress = None) -> None:
        """Advance to model time ``until`` (s) with the GIL released."""
    def field(self, name: str) -> npt.NDArray[np.float32]:
        """A float32 copy of a field now (``"debris.depth"``, ``"debris.speed"``, ...)."""
    def fields(self) -> List[Tuple[str, str, str]]:
        """(name, unit, meaning) of every field."""
    def result(self) -> VoellmyResult:
        """The outputs so far."""
