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
    """Infiltration (``infiltration="loam"``), a reservoir (``reservoir={"polygon": ..., "level": z}``)
and a dam breach (``breach={"polygon": ..., "final_level": z, "formation_time": s}``) are
keyword arguments of :func:`simulate` and :class:`Simulation`.

A progress callback that drives a ``tqdm`` bar (percent done); needs tqdm.

    The bar closes itself when the run reports 1.0. Pass it as ``progress=`` to
    :func:`simulate` or :meth:`Simulation.advance`.

    >>> r = hazsim.flood.simulate(t, 3600, rain=20.0, progress=hazsim.flood.tqdm_progress())
    """
    try:
        from tqdm.auto import tqdm
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("tqdm_progress() needs tqdm: pip install tqdm") from e
    bar = tqdm(total=100, desc=desc, unit="%", **tqdm_kwargs)
    state = {"done": 0}

    def progress(fraction: float, stage: str) -> bool:
        pct = int(round(100 * fraction))
        if pct > state["done"]:
            bar.update(pct - state["done"])
            state["done"] = pct
        if fraction >= 1.0:
            bar.close()
        return True

    return progress


def write_result(
    result: FloodResult,
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
) -> List[str]:
    """Write a result's rasters as GeoTIFFs named after their fields (``flood.max_depth.tif``).

    Parameters
    ----------
    result : FloodResult
    directory : path
        Created when missing.
    fields : iterable of str, optional
        The fields to write; all by default.
    prefix : str
        Put before each file name, e.g. ``"run1_"``.
    compression : str
        GeoTIFF compression, as for :func:`hazsim.write_raster`.

    Returns
    -------
    list of str
        The paths written.
    """
    os.makedirs(directory, exist_ok=True)
    names = list(result.keys()) if fields is None else list(fields)
    paths = []
    for name in names:
        raster = result[name]
        path = os.path.join(os.fspath(directory), f"{prefix}{name}.tif")
        raster.write(path, compression=compression)
        paths.append(path)
    return paths


def field_table() -> Dict[str, Dict[str, str]]:
    """The flood fields as ``{name: {"unit": ..., "meaning": ...}}``."""
    return {n: {"unit": u, "meaning": m} for n, u, m in FIELDS}


def to_xarray(result: FloodResult) -> Any:
    """The result as an ``xarray.Dataset``: one (y, x) variable per field (with its unit and
    meaning in ``attrs``), plus the series as variables along a ``time`` dimension and the
    mass balance in ``attrs``. Needs xarray.
    """
    try:
        import xarray as xr
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_xarray() needs xarray: pip install xarray") from e
    table = field_table()
    variables = {}
    for name in result.keys():
        da = result[name].to_xarray()
        da.attrs.update(table.get(name, {}))
        variables[name] = da
    series = result.series
    for key in ("flooded_area", "volume"):
        variables[f"series.{key}"] = xr.DataArray(
            series[key],
            dims=("time",),
            attrs={"unit": "m2" if key == "flooded_area" else "m3"},
        )
    ds = xr.Dataset(variables, coords={"time": ("time", series["time"], {"unit": "s"})})
    ds.attrs.update({f"mass_balance.{k}": v for k, v in result.mass_balance.items()})
    ds.attrs["steps"] = result.steps
    ds.attrs["model_time_s"] = result.time
    return ds
