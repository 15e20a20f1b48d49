"""Conversions between hazsim.Raster and rasterio / xarray (optional dependencies).

These functions back ``Raster.to_rasterio``, ``Raster.from_rasterio``, ``Raster.to_xarray`` and
``Raster.from_xarray``; neither rasterio nor xarray is required to import hazsim.
"""

from __future__ import annotations

import numpy as np


def _require(name: str):
    try:
        return __import__(name)
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"this conversion needs the optional package {name!r}: pip install {name}"
        ) from e


class _KeepAlive:
    """Holds the MemoryFile behind an in-memory rasterio dataset so it outlives the caller."""

    pool: list = []


def to_rasterio(raster):
    """Return an open, read-only rasterio dataset (in memory) holding ``raster``."""
    rasterio = _require("rasterio")
    from rasterio.io import MemoryFile
    from affine import Affine

    data = np.asarray(raster.data)
    crs = None
    if raster.epsg is not None:
        crs = rasterio.crs.CRS.from_epsg(raster.epsg)
    elif raster.crs_wkt:
        crs = rasterio.crs.CRS.from_wkt(raster.crs_wkt)
    mem = MemoryFile()
    profile = dict(
        driver="GTiff",
        height=data.shape[0],
        width=data.shape[1],
        count=1,
        dtype=data.dtype.name,
        crs=crs,
        transform=Affine.from_gdal(*raster.transform),
        nodata=raster.nodata,
    )
    with mem.open(**profile) as dst:
        dst.write(data, 1)
    _KeepAlive.pool.append(mem)
    return mem.open()


def from_rasterio(dataset, band: int = 1):
    """Build a hazsim.Raster from an open rasterio dataset's band ``band``."""
    from ._native import Raster

    data = dataset.read(band)
    crs = None
    if dataset.crs is not None:
        epsg = dataset.crs.to_epsg()
        crs = f"EPSG:{epsg}" if epsg is not None else dataset.crs.to_wkt()
    return Raster(data, transform=dataset.transform.to_gdal(), crs=crs, nodata=dataset.nodata)


def to_xarray(raster):
    """Return an ``xarray.DataArray`` with dims (y, x) at cell centres; CRS, transform and
    nodata go into ``attrs`` (and ``_FillValue`` for CF-aware writers)."""
    xr = _require("xarray")
    gt = raster.transform
    rows, cols = raster.shape
    x = gt[0] + (np.arange(cols) + 0.5) * gt[1]
    y = gt[3] + (np.arange(rows) + 0.5) * gt[5]
    attrs = {"transform": tuple(gt), "crs": raster.crs}
    if raster.nodata is not None:
        attrs["nodata"] = raster.nodata
        attrs["_FillValue"] = raster.nodata
    return xr.DataArray(np.asarray(raster.data), dims=("y", "x"), coords={"y": y, "x": x}, attrs=attrs)


def from_xarray(array, crs=None):
    """Build a hazsim.Raster from a 2-D DataArray with regular 1-D ``x``/``y`` (or
    ``lon``/``lat``) coordinates at cell centres. ``crs`` defaults to ``attrs['crs']`` or the
    rioxarray CRS when present."""
    from ._native import HazsimError, Raster

    if array.ndim != 2:
        raise HazsimError(
            f"from_xarray needs a 2-D DataArray; got dims {array.dims}; select one band first, e.g. da.isel(band=0)"
        )
    ydim, xdim = array.dims
    x = np.asarray(array[xdim].values, dtype=float)
    y = np.asarray(array[ydim].values, dtype=float)
    if x.size < 2 or y.size < 2:
        raise HazsimError("from_xarray needs at least 2 cells along x and y to infer the cell size")
    dx = np.diff(x)
    dy = np.diff(y)
    if not (np.allclose(dx, dx[0], rtol=1e-6) and np.allclose(dy, dy[0], rtol=1e-6)):
        raise HazsimError("from_xarray needs regularly spaced x/y coordinates; resample the array first")
    data = np.asarray(array.values)
    dx0, dy0 = float(dx[0]), float(dy[0])
    if dy0 > 0:  # south-up: flip to north-up
        data = data[::-1, :]
        y = y[::-1]
        dy0 = -dy0
    if dx0 < 0:
        raise HazsimError("from_xarray: x decreases along the array; flip it with da.isel(x=slice(None, None, -1))")
    transform = (x[0] - dx0 / 2, dx0, 0.0, y[0] - dy0 / 2, 0.0, dy0)
    if crs is None:
        crs = array.attrs.get("crs")
        if crs is None and hasattr(array, "rio"):
            try:
                rc = array.rio.crs
                crs = rc.to_wkt() if rc is not None else None
            except Exception:  # noqa: BLE001 - rioxarray optional
                crs = None
    nodata = array.attrs.get("nodata", array.attrs.get("_FillValue"))
    return Raster(np.ascontiguousarray(data), transform=transform, crs=crs, nodata=nodata)
