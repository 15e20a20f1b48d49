#!/usr/bin/env python3
"""Convert matplotlib's Jacksboro fault sample DEM into hazsim's bundled projected GeoTIFF.

Input: ``jacksboro_fault_dem.npz`` (matplotlib sample data; USGS NED 3-arc-second elevation, metres,
on a WGS84 longitude/latitude grid). Output: ``scenarios/data/jacksboro_utm16n.tif``, float32 elevation
in metres on a 90 m grid in WGS 84 / UTM zone 16N (EPSG:32616), with no nodata cells.

The script was run once; the repository ships its output. Regenerate with:

    python3 -m venv /tmp/convvenv
    /tmp/convvenv/bin/pip install -r scripts/data/requirements.txt
    /tmp/convvenv/bin/python scripts/data/convert_jacksboro.py [NPZ] [--output TIF]

NPZ defaults to ``../shared/data/jacksboro_fault_dem.npz`` next to the repository, else to the copy
inside an installed matplotlib (``matplotlib.cbook.get_sample_data``).

Georeferencing of the source grid (decided here, verified below):

* ``xmax - xmin`` and ``|ymin - ymax|`` are exactly ``ncols * dx`` and ``nrows * dy`` (403 and 344
  cells), not ``(n - 1) * d``, so the extents are outer cell EDGES, not cell centres. The edges fall on
  half multiples of 3 arc-seconds, so cell centres fall on whole multiples, as on the NED grid.
* Row 0 is the northern row (north-up, like matplotlib's default ``imshow``).
* The northern edge is the value stored as ``ymax`` (36.44625 N). The value stored as ``ymin``
  (36.73292) equals ``ymax + nrows * dy``: it is not the other edge of this grid, whose southern edge
  is at ``ymax - nrows * dy`` (36.15958 N). Taking ``ymin`` as the northern edge would put every cell
  about 32 km too far north. The landmark test below shows it: Norris Dam (36.2246 N, 84.0925 W)
  holds back Norris Lake, whose surface the NED stores as a flat 305 m, and the Clinch River below the
  dam lies some 50 m lower. Only this reading of the metadata puts that step at the dam's coordinates.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import Affine
from rasterio.warp import Resampling, reproject, transform, transform_bounds

REPO = Path(__file__).resolve().parents[2]
DEFAULT_NPZ = REPO.parent / "shared" / "data" / "jacksboro_fault_dem.npz"
DEFAULT_OUT = REPO / "scenarios" / "data" / "jacksboro_utm16n.tif"

SRC_CRS = "EPSG:4326"
DST_CRS = "EPSG:32616"
CELL = 90.0  # output cell size, metres
NODATA = -9999.0  # tag only: no output cell holds it

# Landmark used to check the georeference: Norris Dam on the Clinch River, Tennessee.
NORRIS_DAM_LAT, NORRIS_DAM_LON = 36.2246, -84.0925
LAKE_LEVEL = 305.0  # Norris Lake surface as stored in the source DEM (its most common value)


def find_npz(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if DEFAULT_NPZ.exists():
        return DEFAULT_NPZ
    try:
        from matplotlib import cbook

        return Path(cbook.get_sample_data("jacksboro_fault_dem.npz", asfileobj=False))
    except Exception as exc:  # noqa: BLE001 - any failure means "not found"
        sys.exit(f"error: no npz given, {DEFAULT_NPZ} is missing and matplotlib's copy is unavailable ({exc})")


def landmark_ok(elev: np.ndarray, north: float, west: float, dx: float, dy: float) -> tuple[bool, str]:
    """True when the cells around Norris Dam hold both the lake surface and the river below it."""
    row = int(np.floor((north - NORRIS_DAM_LAT) / dy))
    col = int(np.floor((NORRIS_DAM_LON - west) / dx))
    nr, nc = elev.shape
    if not (0 <= row < nr and 0 <= col < nc):
        return False, f"dam falls outside the grid (row {row}, col {col})"
    win = elev[max(row - 3, 0) : row + 4, max(col - 3, 0) : col + 4]
    lake = int(np.count_nonzero(win == LAKE_LEVEL))
    low = float(win.min())
    ok = lake >= 5 and low <= LAKE_LEVEL - 35.0
    return ok, f"dam at row {row}, col {col}: {lake} lake cells (={LAKE_LEVEL:g} m), lowest {low:g} m in 7x7"


def largest_rectangle(mask: np.ndarray) -> tuple[int, int, int, int]:
    """Largest axis-aligned all-True rectangle in a 2-D bool mask: (row0, col0, height, width)."""
    nr, nc = mask.shape
    heights = np.zeros(nc + 1, dtype=np.int64)  # trailing 0 flushes the stack
    best = (0, 0, 0, 0)
    best_area = 0
    for r in range(nr):
        heights[:nc] = np.where(mask[r], heights[:nc] + 1, 0)
        stack: list[int] = []
        for c in range(nc + 1):
            while stack and heights[stack[-1]] >= heights[c]:
                h = int(heights[stack.pop()])
                left = stack[-1] + 1 if stack else 0
                area = h * (c - left)
                if area > best_area:
                    best_area = area
                    best = (r - h + 1, left, h, c - left)
            stack.append(c)
    return best


def summary(name: str, arr: np.ndarray, tr: Affine, crs: str, unit: str) -> None:
    nr, nc = arr.shape
    x0, y0 = tr.c, tr.f
    x1, y1 = x0 + nc * tr.a, y0 + nr * tr.e
    print(f"{name}:")
    print(f"  shape (rows, cols): {nr} x {nc}, dtype {arr.dtype}, CRS {crs}")
    print(f"  cell: {tr.a:.10g} x {-tr.e:.10g} {unit}")
    print(f"  GeoTransform: ({tr.c:.10g}, {tr.a:.10g}, {tr.b:g}, {tr.f:.10g}, {tr.d:g}, {tr.e:.10g})")
    print(f"  bounds: left {x0:.10g}, bottom {y1:.10g}, right {x1:.10g}, top {y0:.10g}")
    print(
        f"  elevation: min {float(arr.min()):.2f}, max {float(arr.max()):.2f}, "
        f"mean {float(arr.mean()):.2f}, std {float(arr.std()):.2f} m"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("npz", nargs="?", help=f"source npz (default {DEFAULT_NPZ} or matplotlib's copy)")
    ap.add_argument("--output", default=str(DEFAULT_OUT), help="output GeoTIFF (default %(default)s)")
    args = ap.parse_args()

    npz = find_npz(args.npz)
    print(f"source file: {npz}")
    with np.load(npz) as d:
        elev = d["elevation"]
        dx, dy = float(d["dx"]), float(d["dy"])
        xmin, xmax, ymin, ymax = (float(d[k]) for k in ("xmin", "xmax", "ymin", "ymax"))
    nr, nc = elev.shape
    print(f"  metadata: xmin {xmin!r} xmax {xmax!r} ymin {ymin!r} ymax {ymax!r} dx {dx!r} dy {dy!r}")
    print(f"  elevation {elev.dtype} {nr}x{nc}, {int(elev.min())}..{int(elev.max())} m")

    # --- edges or centres? -------------------------------------------------------------------
    ncx, ncy = (xmax - xmin) / dx, abs(ymin - ymax) / dy
    if not (abs(ncx - nc) < 1e-6 and abs(ncy - nr) < 1e-6):
        sys.exit(f"error: extents span {ncx:.4f} x {ncy:.4f} cells, expected {nc} x {nr} (edge extents)")
    print(f"  extents span exactly {nc} x {nr} cells: they are outer cell edges")

    # --- orientation: test every reading of the metadata against the landmark ---------------
    span = nr * dy
    candidates = {  # name: (array with row 0 north, north edge)
        "row 0 north, lat ymax-nrows*dy..ymax": (elev, ymax),
        "row 0 north, lat ymax..ymin": (elev, ymin),
        "row 0 south, lat ymax..ymin": (elev[::-1], ymin),
        "row 0 south, lat ymax-nrows*dy..ymax": (elev[::-1], ymax),
    }
    chosen = "row 0 north, lat ymax-nrows*dy..ymax"
    print("orientation check (Norris Dam, 36.2246 N 84.0925 W):")
    passed = []
    for name, (arr, north) in candidates.items():
        ok, msg = landmark_ok(arr, north, xmin, dx, dy)
        print(f"  {'PASS' if ok else 'fail'}  {name} ({north - span:.5f}..{north:.5f}): {msg}")
        if ok:
            passed.append(name)
    if passed != [chosen]:
        sys.exit(f"error: landmark check passed for {passed}, expected only [{chosen!r}]")
    north = ymax
    src = elev.astype(np.float32)
    src_tr = Affine(dx, 0.0, xmin, 0.0, -dy, north)
    summary("source grid", src, src_tr, SRC_CRS, "deg")

    # --- target grid: 90 m cells on whole multiples of 90 m, inside the warped footprint -----
    left, bottom, right, top = transform_bounds(
        SRC_CRS, DST_CRS, xmin, north - nr * dy, xmax, north, densify_pts=201
    )
    gx0, gy1 = np.floor(left / CELL) * CELL, np.ceil(top / CELL) * CELL
    gw = int(np.ceil(right / CELL) - np.floor(left / CELL))
    gh = int(np.ceil(top / CELL) - np.floor(bottom / CELL))
    xs = gx0 + CELL * (np.arange(gw) + 0.5)
    ys = gy1 - CELL * (np.arange(gh) + 0.5)
    gx, gy = np.meshgrid(xs, ys)
    lon, lat = transform(DST_CRS, SRC_CRS, gx.ravel(), gy.ravel())
    col = ((np.asarray(lon) - xmin) / dx).reshape(gh, gw)  # fractional source pixel coordinates
    row = ((north - np.asarray(lat)) / dy).reshape(gh, gw)
    # GDAL widens its bilinear kernel by the down-sampling ratio (output cell / source cell) when
    # that exceeds 1. Keep the whole kernel on source cell centres (0.5 .. n-0.5), so no output
    # cell is extrapolated or renormalised at the source edge.
    sx = np.nanmax(np.diff(col, axis=1))  # source pixels per output cell, x
    sy = np.nanmax(np.diff(row, axis=0))
    rx, ry = max(1.0, sx), max(1.0, sy)
    inside = (col >= 0.5 + rx) & (col <= nc - 0.5 - rx) & (row >= 0.5 + ry) & (row <= nr - 0.5 - ry)
    r0, c0, h, w = largest_rectangle(inside)
    print(
        f"target search grid {gh}x{gw} at ({gx0:.0f}, {gy1:.0f}); source pixels per 90 m cell: "
        f"{sx:.3f} (x), {sy:.3f} (y); kernel-safe cells {int(inside.sum())}"
    )
    print(f"largest inner rectangle: rows {r0}..{r0 + h - 1}, cols {c0}..{c0 + w - 1} of the search grid")
    dst_tr = Affine(CELL, 0.0, gx0 + c0 * CELL, 0.0, -CELL, gy1 - r0 * CELL)

    dst = np.full((h, w), NODATA, dtype=np.float32)
    reproject(
        source=src,
        destination=dst,
        src_transform=src_tr,
        src_crs=SRC_CRS,
        dst_transform=dst_tr,
        dst_crs=DST_CRS,
        resampling=Resampling.bilinear,
        dst_nodata=NODATA,
    )
    bad = int(np.count_nonzero((dst == NODATA) | ~np.isfinite(dst)))
    if bad:
        sys.exit(f"error: {bad} output cells are nodata")
    summary("output grid", dst, dst_tr, DST_CRS, "m")

    # --- the landmark again, on the output grid ----------------------------------------------
    (dam_x,), (dam_y,) = transform(SRC_CRS, DST_CRS, [NORRIS_DAM_LON], [NORRIS_DAM_LAT])
    dr, dc = int((dst_tr.f - dam_y) // CELL), int((dam_x - dst_tr.c) // CELL)
    win = dst[max(dr - 3, 0) : dr + 4, max(dc - 3, 0) : dc + 4]
    lake = int(np.count_nonzero(win == LAKE_LEVEL))  # cells whose whole kernel is lake stay exact
    print(
        f"Norris Dam in output: E {dam_x:.0f} N {dam_y:.0f} -> row {dr}, col {dc}; 7x7 window: "
        f"{lake} lake cells (={LAKE_LEVEL:g} m), lowest {float(win.min()):.1f} m"
    )
    if not (lake >= 3 and win.min() <= LAKE_LEVEL - 30.0):
        sys.exit("error: the dam's step is not at its coordinates in the output")
    if not (230.0 <= dst.min() <= 260.0 and 1000.0 <= dst.max() <= 1076.0):
        sys.exit(f"error: elevation range {dst.min()}..{dst.max()} is not close to the source's")

    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    profile = dict(
        driver="GTiff",
        width=w,
        height=h,
        count=1,
        dtype="float32",
        crs=DST_CRS,
        transform=dst_tr,
        nodata=NODATA,
        compress="deflate",
        zlevel=9,
        tiled=True,
        blockxsize=256,
        blockysize=256,
    )
    with rasterio.open(out, "w", **profile) as ds:
        ds.write(dst, 1)
        ds.update_tags(
            SOURCE="matplotlib sample data jacksboro_fault_dem.npz (USGS NED 3 arc-second elevation)",
            CONVERSION="EPSG:4326 -> EPSG:32616, 90 m, GDAL bilinear, cropped to the largest "
            "inner rectangle; see scenarios/data/README.md",
        )
        ds.set_band_description(1, "elevation (m)")
        ds.update_tags(1, UNITS="metre")
    size = out.stat().st_size
    print(f"wrote {out} ({size} bytes)")
    with rasterio.open(out) as ds:
        back = ds.read(1)
        assert ds.crs.to_epsg() == 32616 and ds.nodata == NODATA and np.array_equal(back, dst)
        print(f"  reread: {ds.height}x{ds.width}, {ds.crs}, blocks {ds.block_shapes}, {ds.compression}")
    if size >= 1 << 20:
        sys.exit("error: output is not under 1 MB")
    print(f"rasterio {rasterio.__version__}, GDAL {rasterio.__gdal_version__}, numpy {np.__version__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
