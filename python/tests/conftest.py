import pathlib

import numpy as np
import pytest

import hazsim

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEM_PATH = ROOT / "scenarios" / "data" / "jacksboro_utm16n.tif"


@pytest.fixture(scope="session")
def dem_path():
    return DEM_PATH


@pytest.fixture(scope="session")
def dem():
    return hazsim.read_raster(DEM_PATH)


def make_raster(data, cell=10.0, crs="EPSG:32616", nodata=None, x0=500_000.0, y0=4_000_000.0):
    return hazsim.Raster(np.asarray(data), transform=(x0, cell, 0.0, y0, 0.0, -cell), crs=crs, nodata=nodata)


@pytest.fixture
def plane():
    """z = 0.1·x (rises 1 m per 10 m to the east) on a 10 m grid."""
    rows, cols = 20, 30
    x = (np.arange(cols) + 0.5) * 10.0
    z = np.tile(0.1 * x, (rows, 1)).astype(np.float32) + 100.0
    return make_raster(z)
