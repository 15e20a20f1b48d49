import math

import numpy as np
import pytest

import hazsim
from conftest import make_raster


def test_plane_slope_and_aspect_are_analytic(plane):
    # Analytic: z = 0.1·x → slope atan(0.1) = 5.7106°, downslope towards the west = 270°.
    t = hazsim.Terrain(plane)
    s = t.slope().data
    a = t.aspect().data
    assert np.allclose(s, math.degrees(math.atan(0.1)), atol=1e-3)
    assert np.allclose(a, 270.0, atol=1e-2)


def test_cone_accumulation_gathers_at_the_outlet_cell():
    # A cone (peak in the middle) plus a notch: everything leaves through the grid edge.
    n = 15
    r, c = np.mgrid[0:n, 0:n]
    z = (100 - np.hypot(r - 7, c - 7)).astype(np.float32)
    t = hazsim.Terrain(make_raster(z))
    acc = t.d8_accumulation().data
    assert acc[7, 7] == 1.0  # the peak receives nothing
    mfd = t.mfd_accumulation(exponent=1.0).data
    edge = np.ones_like(mfd, bool)
    edge[1:-1, 1:-1] = False
    # MFD conserves: everything that leaves does so through edge cells with no lower neighbour.
    w = t.mfd_weights(1.0)
    assert w.shape == (n, n, 8) and w.dtype == np.float32
    sinks = w.sum(axis=2) == 0
    assert abs(mfd[sinks].sum() - n * n) < 1e-9 * n * n


def test_fill_depressions_both_methods():
    z = np.full((5, 5), 9.0, np.float32)
    z[1:4, 1:4] = 5.0
    z[2, 2] = 1.0
    z[2, 4] = 4.0  # spill point
    r = make_raster(z)
    flat = hazsim.fill_depressions(r, method="flat").data
    assert flat[2, 2] == 5.0 and flat[2, 3] == 5.0
    eps = hazsim.fill_depressions(r).data
    assert eps[2, 2] > 5.0 and eps[2, 2] < 5.001
    with pytest.raises(ValueError, match="epsilon"):
        hazsim.fill_depressions(r, method="bogus")


def test_real_dem_derivatives(dem):
    t = hazsim.Terrain(dem)
    assert "Terrain(shape=(" in repr(t)
    s = t.slope().data
    assert s.dtype == np.float32 and 10 < s.max() < 60
    hs = t.hillshade().data
    assert 0 <= hs.min() and hs.max() <= 1
    acc = t.d8_accumulation().data
    # Every cell drains: outlet accumulations add up to the whole grid.
    d8 = t.d8().data
    assert acc[d8 == 0].sum() == dem.shape[0] * dem.shape[1]
    filled = t.filled().data
    assert (filled >= dem.data).all()
    assert (t.depression_depth().data >= 0).all()
    area = t.contributing_area().data
    assert np.allclose(area, acc * t.cell_size**2)


def test_holes_in_a_dem_are_reported_with_the_fix():
    z = np.ones((10, 10), np.float32)
    z[3, 4] = np.nan
    z[6, 7] = -9999
    with pytest.raises(ValueError, match=r"2 NaN/nodata cell.*row 3, col 4.*fill_nodata"):
        hazsim.Terrain(make_raster(z, nodata=-9999))
    t = hazsim.Terrain(make_raster(z, nodata=-9999).fill_nodata())
    assert t.shape == (10, 10)


def test_geographic_crs_is_refused_with_the_fix():
    z = np.ones((5, 5), np.float32)
    r = hazsim.Raster(z, transform=(-84.3, 0.001, 0, 36.5, 0, -0.001), crs="EPSG:4326")
    with pytest.raises(ValueError, match="geographic.*reproject"):
        hazsim.Terrain(r)


def test_rotated_transform_is_refused():
    r = hazsim.Raster(np.ones((5, 5), np.float32), transform=(0, 10, 1, 0, 1, -10), crs=32616)
    with pytest.raises(ValueError, match="rotated"):
        hazsim.Terrain(r)


def test_bad_parameters():
    t = hazsim.Terrain(make_raster(np.random.default_rng(1).random((6, 6)).astype(np.float32)))
    with pytest.raises(ValueError, match="exponent"):
        t.mfd_accumulation(exponent=-1)
    with pytest.raises(ValueError, match="altitude"):
        t.hillshade(altitude=100)


def test_cached_derivatives_are_read_only_views(dem):
    t = hazsim.Terrain(dem)
    a = t.filled().data
    b = t.filled().data
    assert np.shares_memory(a, b)  # the cache, not a copy
    assert not a.flags.writeable
    with pytest.raises(ValueError):
        a[0, 0] = 0
    c = a.copy()
    c[0, 0] = 0  # copies are writeable
    del t  # views keep the Terrain alive
    assert np.isfinite(b).all()


def test_public_objects_have_repr_and_docstrings():
    import hazsim._native as native

    for name in hazsim.__all__:
        obj = getattr(hazsim, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"
    assert "Raster(" in repr(make_raster(np.zeros((2, 2), np.float32)))
    assert native.__doc__


