"""Interop with rasterio (GDAL) and xarray: files written by hazsim open in rasterio with the
same transform and CRS, and the reverse."""

import numpy as np
import pytest

import hazsim
from conftest import make_raster

rasterio = pytest.importorskip("rasterio")


def test_hazsim_geotiff_opens_in_rasterio(tmp_path, dem):
    for tiled in (False, True):
        p = tmp_path / f"dem_{tiled}.tif"
        hazsim.write_raster(dem, p, tiled=tiled)
        with rasterio.open(p) as ds:
            assert ds.crs.to_epsg() == 32616
            assert ds.transform.to_gdal() == dem.transform
            assert ds.nodata == dem.nodata
            np.testing.assert_array_equal(ds.read(1), dem.data)


def test_rasterio_geotiff_opens_in_hazsim(tmp_path):
    from affine import Affine

    a = (np.arange(35 * 41, dtype=np.int16).reshape(35, 41) - 500)
    p = tmp_path / "gdal.tif"
    with rasterio.open(p, "w", driver="GTiff", height=35, width=41, count=1, dtype="int16",
                       crs="EPSG:32616", transform=Affine(30, 0, 700000, 0, -30, 4000000),
                       nodata=-32768, compress="lzw", tiled=True, blockxsize=16, blockysize=16) as ds:
        ds.write(a, 1)
    r = hazsim.read_raster(p)
    np.testing.assert_array_equal(r.data, a)
    assert r.transform == (700000.0, 30.0, 0.0, 4000000.0, 0.0, -30.0)
    assert r.epsg == 32616 and r.nodata == -32768


def test_rasterio_dataset_round_trip(dem):
    ds = dem.to_rasterio()
    assert ds.crs.to_epsg() == 32616
    back = hazsim.Raster.from_rasterio(ds)
    np.testing.assert_array_equal(back.data, dem.data)
    assert back.transform == dem.transform and back.epsg == 32616


def test_xarray_round_trip():
    pytest.importorskip("xarray")
    r = make_raster(np.arange(20, dtype=np.float32).reshape(4, 5), cell=10.0, nodata=-1)
    da = r.to_xarray()
    assert da.dims == ("y", "x") and da.x.values[0] == 500_005.0 and da.y.values[0] == 3_999_995.0
    back = hazsim.Raster.from_xarray(da)
    np.testing.assert_array_equal(back.data, r.data)
    assert back.transform == r.transform and back.epsg == 32616 and back.nodata == -1
    # South-up arrays are flipped to north-up.
    flipped = da.isel(y=slice(None, None, -1))
    back2 = hazsim.Raster.from_xarray(flipped)
    np.testing.assert_array_equal(back2.data, r.data)


def test_unsupported_sample_format_names_the_fix(tmp_path):
    from affine import Affine

    p = tmp_path / "complex.tif"
    with rasterio.open(p, "w", driver="GTiff", height=4, width=4, count=1, dtype="complex64",
                       crs="EPSG:32616", transform=Affine(10, 0, 0, 0, -10, 40)) as ds:
        ds.write(np.ones((4, 4), np.complex64), 1)
    with pytest.raises(ValueError, match=r"complex.tif.*unsupported.*gdal_translate"):
        hazsim.read_raster(p)


def test_multiband_file_names_the_fix(tmp_path):
    from affine import Affine

    p = tmp_path / "rgb.tif"
    with rasterio.open(p, "w", driver="GTiff", height=4, width=4, count=3, dtype="uint8",
                       crs="EPSG:32616", transform=Affine(10, 0, 0, 0, -10, 40)) as ds:
        ds.write(np.ones((3, 4, 4), np.uint8))
    with pytest.raises(ValueError, match=r"rgb.tif.*3 bands.*-b 1"):
        hazsim.read_raster(p)
