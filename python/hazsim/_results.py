"""What every engine's result offers in Python, written once: ``write_result``,
``to_xarray``, ``field_table`` and ``tqdm_progress``. The engine modules (``hazsim.flood``,
``hazsim.fire``, ``hazsim.debris``) re-export them; a result is anything with ``keys()`` and
``result[name]`` giving a :class:`hazsim.Raster` (every engine's result type)."""

import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

from ._native import FIELDS


def field_table(hazard: Optional[str] = None) -> Dict[str, Dict[str, str]]:
    """The field registry as ``{name: {"unit": ..., "meaning": ...}}``: every engine's fields
    (outputs and the inputs a running engine takes), or one hazard's (``"flood"``, ``"fire"``,
    ``"debris"``)."""
    return {
        n: {"unit": u, "meaning": m}
        for n, u, m in FIELDS
        if hazard is None or n.split(".", 1)[0] == hazard
    }


def _full_name(name: str, hazard: Optional[str]) -> str:
    return name if "." in name or hazard is None else f"{hazard}.{name}"


def write_result(
    result: Any,
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
    hazard: Optional[str] = None,
) -> List[str]:
    """Write a result's rasters as GeoTIFFs named after their fields
    (``flood.max_depth.tif``, ``fire.arrival_time.tif``, ``debris.max_speed.tif``).

    Parameters
    ----------
    result : FloodResult, FireResult, RunoutResult or VoellmyResult
    directory : path
        Created when missing.
    fields : iterable of str, optional
        The fields to write; all by default.
    prefix : str
        Put before each file name, e.g. ``"run1_"``.
    compression : str
        GeoTIFF compression, as for :func:`hazsim.write_raster`.
    hazard : str, optional
        Prefix for short names (``max_depth`` becomes ``debris.max_depth``); the engine modules
        set it.

    Returns
    -------
    list of str
        The paths written.
    """
    os.makedirs(directory, exist_ok=True)
    names = list(result.keys()) if fields is None else list(fields)
    paths = []
    for name in names:
        path = os.path.join(os.fspath(directory), f"{prefix}{_full_name(name, hazard)}.tif")
        result[name].write(path, compression=compression)
        paths.append(path)
    return paths


def to_xarray(result: Any, hazard: Optional[str] = None) -> Any:
    """The result as an ``xarray.Dataset``: one (y, x) variable per field with CF attributes
    (``units``, ``long_name`` from the field registry), the result's series (when it has one)
    as variables along a ``time`` dimension in seconds, and its mass balance (when it has one)
    in ``attrs``. Needs xarray.
    """
    try:
        import xarray as xr
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_xarray() needs xarray: pip install xarray") from e
    table = field_table()
    variables = {}
    for name in result.keys():
        full = _full_name(name, hazard)
        da = result[name].to_xarray()
        info = table.get(full)
        if info is not None:
            da.attrs.update({"units": info["unit"], "long_name": info["meaning"]})
        variables[full] = da
    coords = {}
    series = getattr(result, "series", None)
    if isinstance(series, dict) and "time" in series:
        coords["time"] = ("time", series["time"], {"units": "s", "long_name": "model time"})
        for key, values in series.items():
            if key != "time":
                variables[f"series.{key}"] = xr.DataArray(values, dims=("time",))
    ds = xr.Dataset(variables, coords=coords)
    mass = getattr(result, "mass_balance", None)
    if isinstance(mass, dict):
        ds.attrs.update({f"mass_balance.{k}": v for k, v in mass.items()})
    for key in ("steps", "time"):
        value = getattr(result, key, None)
        if isinstance(value, (int, float)):
            ds.attrs["model_time_s" if key == "time" else key] = value
    return ds


def tqdm_progress(desc: str = "hazsim", **tqdm_kwargs: Any) -> Callable[[float, str], bool]:
    """A progress callback that drives a ``tqdm`` bar (percent done), for any engine; needs tqdm.

    The bar closes itself when the run reports 1.0. Pass it as ``progress=``.

    >>> r = hazsim.flood.simulate(t, 3600, rain=20.0, progress=hazsim.tqdm_progress("flood"))
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
