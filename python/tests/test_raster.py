import numpy as np
import pytest

import hazsim
from conftest import make_raster


def test_numpy_in_without_copy_and_metadata():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    r = make_raster(a, cell=30.0, nodata=-9999.0)
    assert r.data is a  # kept as given, no copy
    assert r.shape == (3, 4)
    assert r.cell_size == 30.0
    assert r.crs == "EPSG:32616" and r.epsg == 32616
    assert r.nodata == -9999.0
    assert r.transform == (500_000.0, 30.0, 0.0, 4_000_000.0, 0.0, -30.0)
    assert r.bounds == (500_000.0, 4_000_000.0 - 90.0, 500_000.0 + 120.0, 4_000_000.0)
    assert not r.is_geographic


def test_cell_center_and_index_round_trip():
    r = make_raster(np.zeros((5, 7), np.float32), cell=10.0)
    for row in range(5):
        for col in range(7):
            x, y = r.cell_center(row, col)
            assert r.cell_index(x, y) == (row, col)
    assert r.cell_center(0, 0) == (500_005.0, 3_999_995.0)
    assert r.cell_index(0.0, 0.0) is None


def test_repr_names_the_essentials():
    r = make_raster(np.zeros((3, 4), np.int16), nodata=-1)
    s = repr(r)
    assert "shape=(3, 4)" in s and "int16" in s and "EPSG:32616" in s and "nodata=-1" in s


def test_nodata_mask_statistics_and_fill():
    a = np.array([[1.0, 2.0, 3.0], [4.0, -9999.0, np.nan]], np.float32)
    r = make_raster(a, nodata=-9999.0)
    m = r.nodata_mask()
    assert m.dtype == bool and m.sum() == 2 and m[1, 1] and m[1, 2]
    s = r.statistics()
    assert s["valid"] == 4 and s["missing"] == 2 and s["min"] == 1.0 and s["max"] == 4.0
    f = r.fill_nodata()
    assert np.isfinite(f.data).all()
    assert 1.0 <= f.data[1, 1] <= 4.0


def test_same_grid_and_like():
    a = make_raster(np.zeros((3, 4), np.float32))
    b = a.like(np.ones((3, 4), np.uint8))
    assert a.same_grid(b)
    c = make_raster(np.zeros((3, 4), np.float32), x0=0.0)
    assert not a.same_grid(c)
    with pytest.raises(ValueError, match="shape"):
        a.like(np.zeros((2, 2)))


def test_affine_and_int_crs_accepted():
    affine = pytest.importorskip("affine")
    r = hazsim.Raster(np.zeros((2, 2), np.float32), transform=affine.Affine(10, 0, 0, 0, -10, 100), crs=32616)
    assert r.transform == (0.0, 10.0, 0.0, 100.0, 0.0, -10.0)
    assert r.epsg == 32616


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(data=np.zeros((2, 2, 2), np.float32)), "2-D"),
        (dict(data=np.zeros((2, 2), np.complex64)), "dtype"),
        (dict(transform=(0, 1, 0, 0)), "6"),
        (dict(transform=(0, 0, 0, 0, 0, 0)), "singular"),
        (dict(crs="not a crs"), "crs"),
        (dict(crs="EPSG:abc"), "EPSG"),
    ],
)
def test_bad_construction_is_a_clear_value_error(kwargs, match):
    args = dict(data=np.zeros((2, 2), np.float32), transform=(0, 10, 0, 0, 0, -10), crs=32616)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        hazsim.Raster(**args)


def test_non_square_cells_have_no_cell_size():
    r = hazsim.Raster(np.zeros((2, 2), np.float32), transform=(0, 10, 0, 0, 0, -20), crs=32616)
    with pytest.raises(ValueError, match="not square"):
        r.cell_size
