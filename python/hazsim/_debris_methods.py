"""Debris-flow terrain methods of ``hazsim.debris``, run in Rust with the GIL released.

- :func:`slope_stability`: SINMAP factor of safety, wetness and classes, SHALSTAB critical
  rainfall on an infinite slope (Pack et al. 1998; Montgomery & Dietrich 1994);
- :func:`sinmap`: SINMAP stability index from parameter ranges;
- :func:`release_areas`: release (source) areas by Flow-R's slope–area rule or by stability;
- :func:`laharz`: LAHARZ inundation from volume–area scaling (Iverson et al. 1998);
- :func:`postfire_likelihood`: Staley et al. (2017) M1 post-fire debris-flow likelihood and
  rainfall thresholds, per catchment and along the drainage network;
- :func:`critical_rainfall_mm_per_day`: the SHALSTAB raster in mm/day.

Quick start::

    import hazsim
    t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
    s = hazsim.debris.slope_stability(t, soil_depth=1.5, cohesion=2000, friction_angle=33)
    s.class_fractions()
    m = hazsim.debris.release_areas(t, "slope_area")
"""

from typing import Any

from ._native import Raster
from ._native import debris as _native

StabilityResult = _native.StabilityResult
SinmapResult = _native.SinmapResult
LaharzResult = _native.LaharzResult
PostfireResult = _native.PostfireResult
slope_stability = _native.slope_stability
sinmap = _native.sinmap
release_areas = _native.release_areas
laharz = _native.laharz
postfire_likelihood = _native.postfire_likelihood
STABILITY_CLASSES = dict(_native.STABILITY_CLASSES)
SHALSTAB_CLASSES = dict(_native.SHALSTAB_CLASSES)

#: Seconds per day × millimetres per metre: m/s → mm/day.
MM_PER_DAY_PER_M_PER_S = 86400.0 * 1000.0

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


def critical_rainfall_mm_per_day(result: Any) -> Raster:
    """The SHALSTAB critical steady rainfall of a :class:`StabilityResult` in mm/day (the raster
    holds m/s): +inf where the slope never fails, NaN where it fails even dry.

    >>> q = hazsim.debris.critical_rainfall_mm_per_day(s)
    """
    r = result.critical_rainfall
    return r.like(r.data * MM_PER_DAY_PER_M_PER_S)
