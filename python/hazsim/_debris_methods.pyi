"""Type stubs for the debris terrain methods of ``hazsim.debris`` (slope stability, SINMAP,
release areas, LAHARZ, Staley M1)."""

from typing import final, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

from ._native import Raster, Terrain

__all__ = [
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
]

_Grid = Union[Raster, npt.ArrayLike]
_Param = Union[float, Raster, npt.ArrayLike]

STABILITY_CLASSES: Dict[int, str]
"""SINMAP class codes 1..6 and names."""
SHALSTAB_CLASSES: Dict[int, str]
"""SHALSTAB class codes 1..3 and names."""
MM_PER_DAY_PER_M_PER_S: float

@final
class StabilityResult:
    """Outputs of :func:`slope_stability`; ``result[name]`` works for every raster."""

    @property
    def factor_of_safety(self) -> Raster:
        """Factor of safety (–), float32; +inf on flat cells."""
    @property
    def wetness(self) -> Raster:
        """Relative wetness in 0..1."""
    @property
    def specific_area(self) -> Raster:
        """Specific catchment area (m)."""
    @property
    def critical_rainfall(self) -> Raster:
        """SHALSTAB critical steady rainfall (m/s); +inf never fails, NaN fails even dry."""
    @property
    def stability_class(self) -> Raster:
        """SINMAP class codes 1..6 (uint8)."""
    @property
    def shalstab_class(self) -> Raster:
        """SHALSTAB class codes 1..3 (uint8)."""
    @property
    def class_names(self) -> Dict[int, str]: ...
    @property
    def shalstab_class_names(self) -> Dict[int, str]: ...
    def class_fractions(self) -> Dict[str, float]:
        """Share of cells in each SINMAP class."""
    def keys(self) -> List[str]: ...
    def __getitem__(self, name: str, /) -> Raster: ...
    def __contains__(self, name: str, /) -> bool: ...
    def __len__(self) -> int: ...

@final
class SinmapResult:
    """Outputs of :func:`sinmap`."""

    index: Raster
    """Stability index SI: FS_min where >= 1, else P(FS >= 1)."""
    fs_min: Raster
    fs_max: Raster
    stability_class: Raster
    """Class codes 1..6 (uint8)."""
    @property
    def class_names(self) -> Dict[int, str]: ...

@final
class LaharzResult:
    """Outputs of :func:`laharz`."""

    inundation: Raster
    """uint8 mask, 1 = inundated."""
    cross_section_area: float
    """A = a1 V^(2/3) (m²)."""
    planimetric_target: float
    """B = a2 V^(2/3) (m²)."""
    planimetric_area: float
    """Area inundated (m²)."""
    path_length: float
    """D8 path walked (m)."""
    reached_b: bool
    coefficients: Tuple[float, float]
    volume: float
    @property
    def sections(self) -> Dict[str, npt.NDArray[np.float64]]:
        """Per cross-section ``row``, ``col``, ``level``, ``area``, ``wet_cells``."""

@final
class PostfireResult:
    """Outputs of :func:`postfire_likelihood`."""

    catchments: List[Dict[str, float]]
    """label, cells, area (m²), terrain (T), fire (F), soil (S), likelihood, rainfall_threshold (mm)."""
    likelihood: Raster
    rainfall_threshold: Raster
    upslope_area: Raster
    terrain: Raster
    fire: Raster
    soil: Raster
    duration_min: int
    rainfall_mm: float
    probability: float
    def table(self) -> Dict[str, npt.NDArray[np.float64]]:
        """The catchment table as columns."""

def slope_stability(
    terrain: Terrain,
    soil_depth: Optional[_Param] = None,
    cohesion: Optional[_Param] = None,
    friction_angle: Optional[_Param] = None,
    *,
    root_cohesion: Optional[_Param] = None,
    soil_density: Optional[_Param] = None,
    transmissivity: Optional[_Param] = None,
    recharge: float = 5.787e-7,
    routing: str = "d8",
    mfd_exponent: float = 1.1,
    water_density: float = 1000.0,
) -> StabilityResult:
    """Infinite-slope factor of safety, wetness, SINMAP classes and SHALSTAB critical rainfall.
    Defaults: soil_depth 1 m, cohesion 0 Pa, friction_angle 35°, soil_density 2000 kg/m³,
    transmissivity 1e-4 m²/s, recharge 50 mm/day (in m/s)."""

def sinmap(
    terrain: Terrain,
    *,
    recharge_over_t: Tuple[float, float] = ...,
    cohesion: Tuple[float, float] = ...,
    friction_angle: Tuple[float, float] = ...,
    soil_density: float = 2000.0,
    water_density: float = 1000.0,
    routing: str = "d8",
    mfd_exponent: float = 1.1,
) -> SinmapResult:
    """SINMAP stability index from parameter ranges (dimensionless cohesion)."""

def release_areas(
    terrain: Terrain,
    method: str = "slope_area",
    *,
    min_slope: float = 15.0,
    max_slope: float = 90.0,
    coefficient: float = 0.31,
    exponent: float = 0.15,
    min_area: float = 0.0,
    routing: str = "d8",
    mfd_exponent: float = 1.1,
    stability: Optional[StabilityResult] = None,
    max_fs: float = 1.0,
    soil_depth: Optional[_Param] = None,
    cohesion: Optional[_Param] = None,
    friction_angle: Optional[_Param] = None,
    root_cohesion: Optional[_Param] = None,
    soil_density: Optional[_Param] = None,
    transmissivity: Optional[_Param] = None,
    recharge: Optional[float] = None,
) -> Raster:
    """uint8 release mask: Flow-R slope–area rule, or FS below ``max_fs`` (from ``stability``
    or from the soil keywords, as for :func:`slope_stability`)."""

def laharz(
    terrain: Terrain,
    point: Tuple[float, float],
    volume: float,
    *,
    kind: Union[str, Tuple[float, float], None] = None,
    level_tolerance: float = 1e-3,
) -> LaharzResult:
    """LAHARZ inundation; kind "debris_flow" (default), "lahar", "rock_avalanche" or (a1, a2)."""

def postfire_likelihood(
    terrain: Terrain,
    *,
    dnbr: Optional[_Grid] = None,
    arrival_time: Optional[_Grid] = None,
    intensity: Optional[_Grid] = None,
    kf: Optional[_Param] = None,
    rainfall_mm: float = 10.0,
    duration_min: int = 15,
    pour_points: Optional[Sequence[Tuple[float, float]]] = None,
    labels: Optional[_Grid] = None,
    probability: float = 0.5,
    min_area: float = 2e4,
    moderate_high_dnbr: float = 270.0,
    moderate_high_intensity: float = 346.0,
) -> PostfireResult:
    """Staley et al. (2017) M1 likelihood and rainfall threshold."""

def critical_rainfall_mm_per_day(result: StabilityResult) -> Raster:
    """The SHALSTAB critical rainfall in mm/day."""
