import numpy as np
import pytest

import hazsim
from conftest import make_raster


@pytest.mark.parametrize("dtype", ["float32", "float64", "int16", "int32", "uint8", "uint16"])
@pytest.mark.parametrize("compression,tiled", [("deflate", False), ("lzw", True), ("none", False)])
def test_geotiff_round_trip(tmp_path, dtype, compression, tiled):
    rng = np.random.default_rng(0)
    a = (rng.random((37, 53)) * 200).astype(dtype)
    r = make_raster(a, cell=25.0, nodata=0)
    p = tmp_path / f"r_{dtype}.tif"
    hazsim.write_raster(r, p, compression=compression, tiled=tiled)
    b = hazsim.read_raster(p)
    assert b.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(b.data, a)
    assert b.transform == r.transform and b.epsg == 32616 and b.nodata == 0


def test_ascii_grid_round_trip(tmp_path):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    r = make_raster(a, nodata=-9999)
    p = tmp_path / "r.asc"
    r.write(p)
    b = hazsim.read_raster(p)
    np.testing.assert_allclose(b.data, a)
    assert b.transform == r.transform


def test_bundled_dem_is_projected_and_complete(dem):
    assert dem.epsg == 32616 and not dem.is_geographic
    assert abs(dem.cell_size - 90.0) < 1e-9
    assert dem.statistics()["missing"] == 0
    assert 200 < dem.statistics()["min"] < 300 and 1000 < dem.statistics()["max"] < 1100


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.tif"):
        hazsim.read_raster(tmp_path / "nope.tif")


def test_corrupt_and_truncated_files_are_clear_errors(tmp_path, dem_path):
    junk = tmp_path / "junk.tif"
    junk.write_bytes(b"this is not a tiff at all" * 10)
    with pytest.raises(ValueError, match="junk.tif"):
        hazsim.read_raster(junk)
    good = dem_path.read_bytes()
    cut = tmp_path / "cut.tif"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match="cut.tif.*(corrupt|truncated)"):
        hazsim.read_raster(cut)


def test_unknown_extension_names_the_fix(tmp_path):
    p = tmp_path / "r.xyz"
    p.write_text("1 2 3")
    with pytest.raises(ValueError, match="GeoTIFF"):
        hazsim.read_raster(p)


def test_render_map_writes_a_png(tmp_path, dem):
    t = hazsim.Terrain(dem)
    p = tmp_path / "slope.png"
    hazsim.render_map(t.slope(), p, hillshade=t.hillshade(), colormap="magma", units="°", title="Slope")
    head = p.read_bytes()[:8]
    assert head == b"\x89PNG\r\n\x1a\n"
    # Classes and a DEM-computed hillshade.
    q = tmp_path / "d8.png"
    hazsim.render_map(t.d8().astype("float32"), q, dem=dem, colormap="categorical",
                      classes={1: "E", 4: "S", 16: "W", 64: "N"})
    assert q.stat().st_size > 1000
    assert "viridis" in hazsim.colormaps()


def test_render_map_bad_inputs(tmp_path, dem):
    t = hazsim.Terrain(dem)
    with pytest.raises(ValueError, match="viridis"):
        hazsim.render_map(t.slope(), tmp_path / "x.png", colormap="jet")
    small = make_raster(np.zeros((4, 4), np.float32))
    with pytest.raises(ValueError, match="differ"):
        hazsim.render_map(t.slope(), tmp_path / "x.png", hillshade=small)
    with pytest.raises(ValueError, match="alpha"):
        hazsim.render_map(t.slope(), tmp_path / "x.png", alpha=2.0)
