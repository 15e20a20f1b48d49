"""Type stubs for ``hazsim.fire``: surface fire behaviour and fire spread over a DEM."""

import os
from typing import final, Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

from ._native import Cancelled as Cancelled
from ._native import HazsimError, Raster, Terrain

__all__ = [
    "FIELDS",
    "Cancelled",
    "CROWN_FIRE_TYPES",
    "CrownFireResult",
    "FireResult",
    "RothermelResult",
    "Simulation",
    "ch_per_h_to_m_per_s",
    "crown_fire",
    "crown_map",
    "field_table",
    "fuel_code",
    "fuel_models",
    "m_per_s_to_ch_per_h",
    "m_per_s_to_mph",
    "mph_to_m_per_s",
    "rothermel",
    "simulate",
    "to_xarray",
    "tqdm_progress",
    "write_result",
]

_Num = Union[float, npt.ArrayLike]
_Moisture = Union[Mapping[str, _Num], Sequence[_Num]]
_Weather = Union[Mapping[str, Any], Sequence[Union[Mapping[str, Any], Tuple[Any, ...]]], Any]
_Ignitions = Union[Sequence[Union[Tuple[float, float], Tuple[float, float, float], Mapping[str, Any]]], Mapping[str, Any]]
_Barriers = Union[None, Raster, npt.ArrayLike, Sequence[Mapping[str, Any]], Mapping[str, Any]]
_Progress = Optional[Callable[[float, str], Optional[bool]]]

FIELDS: List[Tuple[str, str, str]]
"""The fire fields as (name, unit, meaning)."""


def ch_per_h_to_m_per_s(v: _Num) -> Any:
    """Chains per hour to m/s."""

def m_per_s_to_ch_per_h(v: _Num) -> Any:
    """m/s to chains per hour."""

def mph_to_m_per_s(v: _Num) -> Any:
    """Miles per hour to m/s."""

def m_per_s_to_mph(v: _Num) -> Any:
    """m/s to miles per hour."""

class RothermelResult(NamedTuple):
    """Surface fire behaviour in SI units (scalars, or arrays of the broadcast input shape)."""

    head_ros: Any
    """Head spread rate (m/s)."""
    backing_ros: Any
    """Backing spread rate (m/s)."""
    flanking_ros: Any
    """Flanking spread rate (m/s)."""
    direction_of_max_spread: Any
    """Direction of the head (degrees clockwise from north)."""
    length_to_breadth: Any
    """Fire ellipse length-to-breadth ratio."""
    eccentricity: Any
    """Fire ellipse eccentricity."""
    reaction_intensity: Any
    """Reaction intensity (kW/m²)."""
    fireline_intensity: Any
    """Byram fireline intensity of the head (kW/m)."""
    flame_length: Any
    """Byram flame length (m)."""
    heat_per_unit_area: Any
    """Heat per unit area (kJ/m²)."""
    residence_time: Any
    """Flame residence time (s)."""
    effective_wind_speed: Any
    """Effective midflame wind speed (m/s)."""
    no_wind_no_slope_ros: Any
    """Spread rate without wind and slope (m/s)."""
    wind_limit_exceeded: Any
    """Whether the Rothermel wind limit capped the wind."""

CROWN_FIRE_TYPES: Dict[int, str]
"""Codes of ``CrownFireResult.fire_type``: surface, torching, conditional crown fire, crowning."""

class CrownFireResult(NamedTuple):
    """Crown fire behaviour (Scott & Reinhardt 2001) in SI units, scalars or arrays."""

    fire_type: Any
    """0 surface, 1 torching, 2 conditional crown fire, 3 crowning."""
    final_ros: Any
    """Spread rate of the fire (m/s)."""
    final_fireline_intensity: Any
    """Byram intensity of the fire (kW/m)."""
    final_flame_length: Any
    """Flame length (m); Thomas (1963) for a crown fire."""
    final_heat_per_unit_area: Any
    """Heat per unit area, surface plus burned canopy (kJ/m²)."""
    crown_fraction_burned: Any
    """Crown fraction burned, 0-1."""
    transition_ratio: Any
    """Surface intensity / Van Wagner's critical intensity."""
    active_ratio: Any
    """Rothermel (1991) crown spread rate / (3.0/CBD m/min)."""
    critical_surface_intensity: Any
    """Van Wagner's (1977) critical surface intensity I'_o (kW/m)."""
    critical_surface_ros: Any
    """Surface spread rate that reaches I'_o (m/s)."""
    active_crown_ros: Any
    """Rothermel's (1991) crown fire spread rate (m/s)."""
    critical_crown_ros: Any
    """3.0/CBD m/min, in m/s."""
    crowning_wind_20ft: Any
    """Crowning index: the 20-ft wind (m/s) at which active crowning starts."""
    crown_length_to_breadth: Any
    """1 + 0.125 U_20 (mi/h)."""
    surface_ros: Any
    """Head spread rate of the surface fire (m/s)."""
    waf: Any
    """Wind adjustment factor used."""

def crown_fire(
    fuel_model: Union[int, str, npt.ArrayLike],
    moisture: _Moisture,
    wind_speed_20ft: _Num,
    wind_direction: _Num = 0.0,
    slope: _Num = 0.0,
    aspect: _Num = 0.0,
    *,
    canopy_base_height: _Num,
    canopy_bulk_density: _Num,
    canopy_height: _Num,
    canopy_cover: _Num = 0.5,
    foliar_moisture: _Num = 1.0,
    waf: Optional[_Num] = None,
    behave: bool = True,
) -> CrownFireResult:
    """Crown fire behaviour by Scott & Reinhardt's (2001) linked models, elementwise: Van Wagner
    (1977) initiation, Rothermel (1991) crown spread rate, crown fraction burned."""

def rothermel(
    fuel_model: Union[int, str, npt.ArrayLike],
    moisture: _Moisture,
    wind_speed: _Num = 0.0,
    wind_direction: _Num = 0.0,
    slope: _Num = 0.0,
    aspect: _Num = 0.0,
    *,
    behave: bool = False,
) -> RothermelResult:
    """Rothermel (1972) surface fire behaviour, elementwise (numpy broadcasting). Moisture as
    fractions, midflame wind in m/s (from), slope as rise/run, aspect downslope."""

def fuel_models() -> List[Dict[str, Any]]:
    """The standard fuel models (53 burnable and the non-burnable 91-99) with their parameters."""

def crown_map(
    terrain: Terrain,
    fuels: Union[int, str, Raster, npt.ArrayLike],
    moisture: Any,
    wind_speed_20ft: float,
    wind_direction: float,
    canopy_base_height: Union[float, Raster, npt.ArrayLike],
    canopy_bulk_density: Union[float, Raster, npt.ArrayLike],
    canopy_height: Union[float, Raster, npt.ArrayLike],
    canopy_cover: Union[float, Raster, npt.ArrayLike],
    foliar_moisture: Union[float, Raster, npt.ArrayLike] = 1.0,
    behave: bool = True,
) -> Dict[str, Raster]:
    """Crown fire potential of every cell under one weather: the maps by field name."""

def fuel_code(name: str) -> int:
    """The code of a standard fuel model by name or code: "GR2" -> 102, "FM1" -> 1."""

@final
class FireResult:
    """The outputs of a fire run."""

    @property
    def arrival_time(self) -> Raster:
        """``fire.arrival_time`` (s; NaN = unburned)."""
    @property
    def ros(self) -> Raster:
        """``fire.ros`` at arrival (m/s)."""
    @property
    def fireline_intensity(self) -> Raster:
        """``fire.fireline_intensity`` at arrival (kW/m)."""
    @property
    def flame_length(self) -> Raster:
        """``fire.flame_length`` at arrival (m)."""
    @property
    def fields(self) -> Dict[str, Raster]:
        """The four rasters by field name."""
    @property
    def time(self) -> float:
        """Model time (s) of the outputs."""
    @property
    def final_area(self) -> Dict[str, float]:
        """``{"time", "ha", "mu"}`` burned at the end (time in s)."""
    @property
    def time_exceeding_2ha(self) -> Optional[float]:
        """First time (s) the burned area exceeded 2 ha (30 mu), or None."""
    def time_exceeding(self, hectares: float) -> Optional[float]:
        """First time (s) the burned area exceeded ``hectares``, or None."""
    @property
    def grade(self) -> Tuple[str, str]:
        """Fire grade by area as (chinese, english), e.g. ("较大", "large")."""
    def area_timeline(self, interval: float) -> Dict[str, np.ndarray]:
        """``{"time", "area_ha", "area_mu"}`` every ``interval`` s from 0 to the end."""
    def perimeters(self, times: Sequence[float]) -> Dict[str, Any]:
        """The burned region at ``times`` as a GeoJSON FeatureCollection dict."""
    def write_perimeters(self, path: Union[str, "os.PathLike[str]"], times: Sequence[float]) -> None:
        """Write the perimeters at ``times`` as a GeoJSON file."""
    def keys(self) -> List[str]: ...
    def __getitem__(self, name: str, /) -> Raster: ...
    def __contains__(self, name: str, /) -> bool: ...
    def __len__(self) -> int: ...

class Simulation:
    """A fire to step through time."""

    def __init__(
        self,
        terrain: Terrain,
        fuels: Union[int, str, Raster, npt.ArrayLike],
        weather: _Weather,
        ignitions: _Ignitions,
        duration: float,
        barriers: _Barriers = None,
        *,
        stencil_radius: int = 6,
        behave: bool = False,
    ) -> None: ...
    @property
    def now(self) -> float:
        """Model time (s) since the start."""
    @property
    def duration(self) -> float:
        """The planned length of the run (s)."""
    @property
    def burned_cells(self) -> int:
        """Cells burned so far."""
    def advance(self, until: Optional[float] = None, progress: _Progress = None) -> None:
        """Advance to ``until`` (s; the planned duration by default)."""
    def field(self, name: str) -> np.ndarray:
        """A float32 copy of a field now."""
    def fields(self) -> List[Tuple[str, str, str]]:
        """The fields as (name, unit, meaning)."""
    def result(self) -> FireResult:
        """A FireResult of the state now."""

def simulate(
    terrain: Terrain,
    fuels: Union[int, str, Raster, npt.ArrayLike],
    weather: _Weather,
    ignitions: _Ignitions,
    duration: float,
    barriers: _Barriers = None,
    *,
    stencil_radius: int = 6,
    behave: bool = False,
    progress: _Progress = None,
) -> FireResult:
    """Spread a surface fire over a terrain for ``duration`` seconds."""

def field_table() -> Dict[str, Dict[str, str]]:
    """The fire fields as {name: {"unit", "meaning"}}."""

def write_result(
    result: FireResult,
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
) -> List[str]:
    """Write the result's rasters as GeoTIFFs named after their fields; the paths written."""

def to_xarray(result: FireResult) -> Any:
    """The result as an xarray.Dataset (CF units and long_name); needs xarray."""

def tqdm_progress(desc: str = "fire", **tqdm_kwargs: Any) -> Callable[[float, str], bool]:
    """A progress callback that drives a tqdm bar; needs tqdm."""
