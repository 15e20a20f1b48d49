#!/usr/bin/env python3
"""Terrain benchmark: hazsim against pysheds and pyflwdir on one synthetic DEM.

Three tasks, each timed from a fresh start (hazsim's Terrain caches its derivatives, so every
repeat builds a new Terrain):

  fill      depression filling that leaves every cell draining
            (hazsim Terrain.filled: Priority-Flood + epsilon;
             pysheds fill_pits + fill_depressions + resolve_flats;
             pyflwdir dem.fill_depressions, which also returns D8 directions)
  d8        fill + D8 directions + D8 accumulation (cells, counting the cell itself)
  mfd       fill + MFD accumulation (hazsim exponent 1.0 = pysheds' fixed p=1; pyflwdir has none)

Each tool runs in its own Python (peers in benches/peers/.venv-<peer>, created and pinned here; hazsim
in the repository's .venv) as a subprocess of this script, single-threaded for OpenMP/numba
(OMP_NUM_THREADS=1, NUMBA_NUM_THREADS=1). hazsim runs twice: with rayon's default thread count and
with RAYON_NUM_THREADS=1. Peers JIT-compile (numba), so each worker first runs every task once on a
small DEM. The median of --repeats runs is reported.

Usage (from the repository root; any Python 3 starts it, and it re-runs itself under a Python that
has numpy when the one it was started with lacks it):

    python3 benches/peers/terrain.py                     # 2000 x 2000, hazsim + both peers
    python3 benches/peers/terrain.py --size 500 --peers-only
    python3 benches/peers/terrain.py --peers pysheds --repeats 5 --skip-install --json out.json

The markdown table goes to stdout, followed by the full results as JSON; progress goes to stderr.
A timing is a measurement of one machine on one day, never a test assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peerlib
from peerlib import HAZSIM_PY, base_python, log, versions
CELL = 30.0  # synthetic DEM cell size, metres
CRS = "EPSG:32616"
TASKS = ("fill", "d8", "mfd")
MFD_EXPONENT = 1.0  # pysheds' MFD uses slope**1; hazsim's default is 1.1, the cost is the same
WARMUP_SIZE = 128

# Known-good pins on Python 3.11 (all wheels). pysheds 0.5 calls np.in1d, which numpy 2.4 removed,
# so its venv keeps numpy 2.3.
PEERS = {
    "pysheds": [
        "pysheds==0.5",
        "numpy==2.3.5",
        "numba==0.68.1",
        "llvmlite==0.50.0",
        "scipy==1.17.1",
        "pandas==3.1.1",
        "scikit-image==0.26.0",
        "pyproj==3.7.2",
        "geojson==3.3.0",
        "affine==3.0.1",
        "rasterio==1.4.4",
    ],
    "pyflwdir": [
        "pyflwdir==0.5.12",
        "numpy==2.4.6",
        "numba==0.68.1",
        "llvmlite==0.50.0",
        "scipy==1.17.1",
        "affine==3.0.1",
    ],
}
VERSION_OF = {  # packages whose versions each worker reports
    "pysheds": ["pysheds", "numpy", "numba", "scipy", "scikit-image"],
    "pyflwdir": ["pyflwdir", "numpy", "numba", "scipy"],
    "hazsim": ["hazsim", "numpy"],
}
D8_CODES = (1, 2, 4, 8, 16, 32, 64, 128)



# ------------------------------------------------------------------------------------------
# synthetic DEM
# ------------------------------------------------------------------------------------------


def make_dem(n: int, seed: int = 20240611):
    """Reproducible n x n DEM (float32, metres, 30 m cells, row 0 north).

    A regional tilt towards the south-west, a few superposed sinusoidal ridge/valley trains at
    different orientations and wavelengths (their crossings make closed basins of all sizes),
    small-scale noise, and a few thousand sharp pits: fill has real depressions to fill.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    size_m = n * CELL
    y, x = np.mgrid[0:n, 0:n].astype(np.float64)
    x = (x + 0.5) * CELL
    y = size_m - (y + 0.5) * CELL  # northing grows upwards, row 0 north
    z = 150.0 + 0.004 * x + 0.0025 * y  # regional tilt: lowest in the south-west
    for _ in range(6):
        wavelength = rng.uniform(0.08, 0.45) * 60_000.0  # fixed in metres: same landscape per size
        theta = rng.uniform(0.0, np.pi)
        amplitude = rng.uniform(15.0, 60.0)
        phase = rng.uniform(0.0, 2.0 * np.pi)
        k = 2.0 * np.pi / wavelength
        z += amplitude * np.sin(k * (x * np.cos(theta) + y * np.sin(theta)) + phase)
    z += rng.normal(0.0, 0.3, size=(n, n))  # cell-scale roughness
    npits = max(1, n * n // 1000)
    pr = rng.integers(1, n - 1, npits)
    pc = rng.integers(1, n - 1, npits)
    z[pr, pc] -= rng.uniform(2.0, 15.0, npits)  # sharp single-cell pits
    return z.astype(np.float32)


# ------------------------------------------------------------------------------------------
# workers: run inside the tool's own Python; import only numpy and the tool
# ------------------------------------------------------------------------------------------


def _timeit(fn, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result





def _tasks_pysheds(dem):
    import numpy as np
    from affine import Affine
    from pysheds.grid import Grid
    from pysheds.view import Raster, ViewFinder

    n_rows = dem.shape[0]
    # pysheds' resolve_flats steps by eps=1e-5, below float32's resolution at these elevations,
    # so pysheds gets float64 copies of the same values.
    vf = ViewFinder(
        affine=Affine(CELL, 0.0, 0.0, 0.0, -CELL, n_rows * CELL), shape=dem.shape, nodata=-9999.0
    )
    raster = Raster(dem.astype(np.float64), viewfinder=vf)
    grid = Grid.from_raster(raster)

    def fill():
        plain = grid.fill_depressions(grid.fill_pits(raster))
        return plain, grid.resolve_flats(plain)

    def d8():
        _, inflated = fill()
        fdir = grid.flowdir(inflated)
        return fdir, grid.accumulation(fdir)

    def mfd():
        _, inflated = fill()
        fdir = grid.flowdir(inflated, routing="mfd")
        return grid.accumulation(fdir, routing="mfd")

    def arrays(res):
        (plain, inflated), (fdir, acc), macc = res
        return {
            "filled": np.asarray(inflated, dtype=np.float64),
            "filled_plain": np.asarray(plain, dtype=np.float64),
            "d8": np.asarray(fdir).astype(np.int64),
            "acc": np.asarray(acc, dtype=np.float64),
            "mfd": np.asarray(macc, dtype=np.float64),
        }

    return {"fill": fill, "d8": d8, "mfd": mfd}, arrays


def _tasks_pyflwdir(dem):
    import numpy as np
    import pyflwdir
    from affine import Affine

    transform = Affine(CELL, 0.0, 0.0, 0.0, -CELL, dem.shape[0] * CELL)

    def fill():
        return pyflwdir.dem.fill_depressions(dem)  # (filled, d8) in one pass

    def d8():
        _, d8dirs = fill()
        flw = pyflwdir.from_array(d8dirs, ftype="d8", transform=transform, latlon=False, check_ftype=False)
        return d8dirs, flw.upstream_area(unit="cell")

    def arrays(res):
        (filled, _), (d8dirs, acc), _ = res
        return {
            "filled": np.asarray(filled, dtype=np.float64),
            "d8": np.asarray(d8dirs).astype(np.int64),
            "acc": np.asarray(acc, dtype=np.float64),
        }

    return {"fill": fill, "d8": d8}, arrays


def _tasks_hazsim(dem):
    import hazsim
    import numpy as np

    raster = hazsim.Raster(
        dem, transform=(0.0, CELL, 0.0, dem.shape[0] * CELL, 0.0, -CELL), crs=CRS, nodata=None
    )

    def fill():
        return hazsim.Terrain(raster).filled()

    def d8():
        t = hazsim.Terrain(raster)
        t.filled()
        return t.d8(), t.d8_accumulation()

    def mfd():
        t = hazsim.Terrain(raster)
        t.filled()
        return t.mfd_accumulation(exponent=MFD_EXPONENT)

    def arrays(res):
        filled, (d8dirs, acc), macc = res
        return {
            "filled": np.asarray(filled.data, dtype=np.float64),
            "d8": np.asarray(d8dirs.data).astype(np.int64),
            "acc": np.asarray(acc.data, dtype=np.float64),
            "mfd": np.asarray(macc.data, dtype=np.float64),
        }

    return {"fill": fill, "d8": d8, "mfd": mfd}, arrays


WORKER_TASKS = {"pysheds": _tasks_pysheds, "pyflwdir": _tasks_pyflwdir, "hazsim": _tasks_hazsim}


def worker(tool: str, dem_path: str, outdir: str, repeats: int) -> int:
    import numpy as np

    report = {
        "tool": tool,
        "python": platform.python_version(),
        "versions": versions(VERSION_OF[tool]),
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS", "RAYON_NUM_THREADS")},
    }
    t0 = time.perf_counter()
    dem = np.load(dem_path)
    build = WORKER_TASKS[tool]
    tasks, _ = build(dem[:WARMUP_SIZE, :WARMUP_SIZE].copy())
    for fn in tasks.values():  # warm-up: numba JIT, caches, page faults
        fn()
    report["warmup_s"] = time.perf_counter() - t0
    tasks, arrays = build(dem)
    timings, results = {}, []
    for name in TASKS:
        if name not in tasks:
            timings[name] = None
            results.append(None)
            continue
        times, res = _timeit(tasks[name], repeats)
        timings[name] = {"median_s": float(np.median(times)), "runs_s": times}
        results.append(res)
        log(f"  {tool}: {name} median {np.median(times):.3f} s over {repeats}")
    report["timings"] = timings
    for key, arr in arrays(results).items():
        np.save(os.path.join(outdir, f"{key}.npy"), arr)
    with open(os.path.join(outdir, "report.json"), "w") as f:
        json.dump(report, f)
    return 0


# ------------------------------------------------------------------------------------------
# orchestration
# ------------------------------------------------------------------------------------------











def ensure_peer(peer: str, python: str, skip_install: bool) -> Path:
    return peerlib.ensure_peer(peer, PEERS[peer], python, skip_install)


def ensure_numpy(argv):
    peerlib.ensure_numpy(argv, __file__, PEERS, "HAZSIM_TERRAIN_BENCH_REEXEC")


def run_worker(tool: str, python: Path, dem_path: Path, workdir: Path, repeats: int, env_extra: dict, label: str):
    outdir = workdir / label
    outdir.mkdir()
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    env.update({"OMP_NUM_THREADS": "1", "NUMBA_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
    env.update(env_extra)
    env.pop("HAZSIM_TERRAIN_BENCH_REEXEC", None)
    cmd = [str(python), str(Path(__file__).resolve()), "--worker", tool, "--dem", str(dem_path), "--outdir", str(outdir), "--repeats", str(repeats)]
    log(f"running {label} ({python}) ...")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{label} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
    sys.stderr.write(proc.stderr)
    report = json.loads((outdir / "report.json").read_text())
    report["wall_s"] = time.perf_counter() - t0
    report["outdir"] = str(outdir)
    return report


def compare(ref_dir: Path, other_dir: Path, dem_path: Path) -> dict:
    """Agreement of another tool's outputs with the reference tool's, where comparable.

    Cells "untouched" are those both tools' filled DEMs leave at the input elevation: there D8 is
    plain steepest descent for both, so differences there are not about flats.
    """
    import numpy as np

    def load(d, key):
        p = d / f"{key}.npy"
        return np.load(p) if p.exists() else None

    dem = np.load(dem_path).astype(np.float64)
    inner = (slice(1, -1), slice(1, -1))
    untouched = None
    fa, fb = load(ref_dir, "filled"), load(other_dir, "filled")
    if fa is not None and fb is not None:
        untouched = (fa == dem) & (fb == dem)

    out = {}
    a, b = load(ref_dir, "acc"), load(other_dir, "acc")
    if a is not None and b is not None:
        out["d8_acc"] = {
            "max_ref": float(a.max()),
            "max_other": float(b.max()),
            "frac_equal": float(np.mean(a == b)),
            "frac_equal_interior": float(np.mean(a[inner] == b[inner])),
        }
    a, b = load(ref_dir, "d8"), load(other_dir, "d8")
    if a is not None and b is not None:
        a = np.where(np.isin(a, D8_CODES), a, 0)  # pits, flats, nodata, edges -> 0
        b = np.where(np.isin(b, D8_CODES), b, 0)
        dirs = {
            "frac_equal": float(np.mean(a == b)),
            "frac_equal_interior": float(np.mean(a[inner] == b[inner])),
            "no_direction_ref": int(np.count_nonzero(a == 0)),
            "no_direction_other": int(np.count_nonzero(b == 0)),
        }
        if untouched is not None:
            u = untouched[inner]
            dirs["frac_cells_untouched_by_fill"] = float(np.mean(u))
            dirs["frac_equal_untouched_interior"] = float(np.mean((a[inner] == b[inner])[u])) if u.any() else None
        out["d8_dirs"] = dirs
    for ka, kb in (("filled", "filled"), ("filled", "filled_plain"), ("filled_plain", "filled")):
        fa, fb = load(ref_dir, ka), load(other_dir, kb)
        if fa is None or fb is None:
            continue
        d = fa - fb
        ad = np.abs(d)
        out[f"{ka} vs {kb}"] = {
            "max_abs_diff": float(ad.max()),
            "mean_abs_diff": float(ad.mean()),
            "p99_abs_diff": float(np.quantile(ad, 0.99)),
            "frac_abs_diff_gt_1mm": float(np.mean(ad > 1e-3)),
            "frac_abs_diff_gt_1cm": float(np.mean(ad > 1e-2)),
            "mean_signed_diff": float(d.mean()),
            "frac_raised_ref": float(np.mean(fa > dem)),
            "frac_raised_other": float(np.mean(fb > dem)),
        }
    a, b = load(ref_dir, "mfd"), load(other_dir, "mfd")
    if a is not None and b is not None:
        rel = np.abs(a - b) / np.maximum(np.abs(b), 1.0)
        out["mfd_acc"] = {
            "max_ref": float(a.max()),
            "max_other": float(b.max()),
            "median_rel_diff": float(np.median(rel)),
            "p99_rel_diff": float(np.quantile(rel, 0.99)),
            "frac_rel_diff_lt_1e-6": float(np.mean(rel < 1e-6)),
        }
    return out


def fmt_s(entry):
    return "n/a" if not entry else f"{entry['median_s']:.3f}"


def markdown(results: dict, peers: list[str], size: int, repeats: int) -> str:
    tools = results["tools"]
    h2, h1 = tools.get("hazsim-2t"), tools.get("hazsim-1t")
    lines = [
        f"Terrain benchmark, synthetic {size}x{size} DEM ({CELL:g} m cells), median of {repeats} runs",
        "",
        "| task | hazsim (default threads) s | hazsim (1 thread) s | "
        + " | ".join(f"{p} s" for p in peers)
        + " | ratio peer/hazsim (speed-up, default threads / 1 thread) |",
        "|---|---:|---:|" + "---:|" * len(peers) + "---|",
    ]
    for task in TASKS:
        def t(label):
            r = tools.get(label)
            return (r or {}).get("timings", {}).get(task) if r and "error" not in r else None

        cells = [task, fmt_s(t("hazsim-2t")), fmt_s(t("hazsim-1t"))]
        ratios = []
        for p in peers:
            pe = t(p)
            cells.append(fmt_s(pe))
            if pe and t("hazsim-2t"):
                r2 = pe["median_s"] / t("hazsim-2t")["median_s"]
                r1 = pe["median_s"] / t("hazsim-1t")["median_s"] if t("hazsim-1t") else float("nan")
                ratios.append(f"{p} {r2:.2f}x / {r1:.2f}x")
        cells.append(", ".join(ratios) if ratios else "n/a")
        lines.append("| " + " | ".join(cells) + " |")
    m = results["machine"]
    lines += [
        "",
        f"Machine: {m['cpu']}, nproc {m['nproc']}, {m['platform']}; orchestrator Python {m['python']}.",
    ]
    if m.get("loadavg_start") is not None:
        start, end = m["loadavg_start"], m.get("loadavg_end", [float("nan")])
        lines.append(
            f"Load average (1 min) {start[0]:.2f} at start, {end[0]:.2f} at end: anything well above 0 "
            "means other work shared the cores and the timings are noisy."
        )
    for label, r in tools.items():
        if "error" in r:
            lines.append(f"- {label}: FAILED: {r['error'].splitlines()[0]}")
        else:
            vers = ", ".join(f"{k} {v}" for k, v in r["versions"].items())
            thr = ", ".join(f"{k}={v}" for k, v in r["threads"].items() if v is not None)
            lines.append(f"- {label}: Python {r['python']}, {vers}; {thr}; warm-up {r['warmup_s']:.1f} s")
    if h2 is None and h1 is None:
        lines.append("- hazsim: not run (--peers-only)")
    if results["agreement"]:
        lines += ["", "Agreement (reference first):"]
        for pair, c in results["agreement"].items():
            lines.append(f"- {pair}: " + json.dumps(c))
    return "\n".join(lines)


def machine_info() -> dict:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=2000, help="DEM is SIZE x SIZE cells (default 2000)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per task; the median is reported (default 3)")
    ap.add_argument("--peers", default=",".join(PEERS), help="comma-separated peers (default %(default)s)")
    ap.add_argument("--peers-only", action="store_true", help="skip hazsim (e.g. before it is built)")
    ap.add_argument("--skip-install", action="store_true", help="use the peer venvs as they are")
    ap.add_argument("--seed", type=int, default=20240611, help="DEM seed (default %(default)s)")
    ap.add_argument("--json", help="also write the full results to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory with DEM and outputs")
    ap.add_argument("--worker", choices=sorted(WORKER_TASKS), help=argparse.SUPPRESS)
    ap.add_argument("--dem", help=argparse.SUPPRESS)
    ap.add_argument("--outdir", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        return worker(args.worker, args.dem, args.outdir, args.repeats)

    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        ap.error(f"unknown peer(s) {unknown}; known: {sorted(PEERS)}")
    if args.size < WARMUP_SIZE:
        ap.error(f"--size must be at least {WARMUP_SIZE}")
    ensure_numpy(argv)
    import numpy as np

    workdir = Path(tempfile.mkdtemp(prefix="hazsim-terrain-bench-"))
    results = {
        "size": args.size,
        "cell_m": CELL,
        "repeats": args.repeats,
        "seed": args.seed,
        "mfd_exponent": MFD_EXPONENT,
        "machine": machine_info(),
        "tools": {},
        "agreement": {},
    }
    try:
        dem = make_dem(args.size, args.seed)
        dem_path = workdir / "dem.npy"
        np.save(dem_path, dem)
        results["dem"] = {
            "path": str(dem_path),
            "min": float(dem.min()),
            "max": float(dem.max()),
            "mean": float(dem.mean()),
        }
        log(f"DEM {args.size}x{args.size}: {dem.min():.1f}..{dem.max():.1f} m -> {dem_path}")

        runs = []  # (label, tool, python, extra env)
        if not args.peers_only:
            runs.append(("hazsim-2t", "hazsim", HAZSIM_PY, {}))
            runs.append(("hazsim-1t", "hazsim", HAZSIM_PY, {"RAYON_NUM_THREADS": "1"}))
        for p in peers:
            runs.append((p, p, None, {}))
        for label, tool, python, extra in runs:
            try:
                if python is None:
                    python = ensure_peer(tool, base_python(), args.skip_install)
                elif not Path(python).exists():
                    raise RuntimeError(f"{python} is missing: run scripts/setup first, or pass --peers-only")
                results["tools"][label] = run_worker(tool, python, dem_path, workdir, args.repeats, extra, label)
            except Exception as exc:  # noqa: BLE001 - report and go on with the others
                log(f"!! {label} failed: {exc}")
                results["tools"][label] = {"error": str(exc)}

        ok = [lab for lab, r in results["tools"].items() if "error" not in r]
        ref = next((lab for lab in ("hazsim-2t", "hazsim-1t") if lab in ok), None)
        if ref is not None and "hazsim-1t" in ok and ref != "hazsim-1t":
            results["agreement"]["hazsim-2t vs hazsim-1t"] = compare(workdir / ref, workdir / "hazsim-1t", dem_path)
        others = [lab for lab in ok if not lab.startswith("hazsim")]
        if ref is None and others:
            ref = others.pop(0)
        for lab in others:
            results["agreement"][f"{ref} vs {lab}"] = compare(workdir / ref, workdir / lab, dem_path)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")

    if hasattr(os, "getloadavg"):
        results["machine"]["loadavg_end"] = list(os.getloadavg())
    print(markdown(results, peers, args.size, args.repeats))
    print()
    print(json.dumps(results, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
