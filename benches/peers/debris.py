#!/usr/bin/env python3
"""Debris-flow runout benchmark: hazsim.debris.route against AvaFrame's com4FlowPy (Flow-Py).

Both tools route a mass from each release cell over the DEM with an energy line at the travel
angle alpha (z_delta_j = z_delta_i + z_i - z_j - L_ij tan alpha, capped at z_delta_max; Flow-R,
Horton et al. 2013; Flow-Py, D'Amboise et al. 2022) and spread it to the neighbours with a
Holmgren exponent, persistence and a flux threshold. The same DEM, release cells and parameters
go to both:

  - alpha (travel angle, degrees)          -> Flow-Py ``alpha``,  hazsim ``alpha``
  - Holmgren exponent                      -> Flow-Py ``exp``,    hazsim ``exponent``
  - flux threshold                         -> Flow-Py ``flux_threshold``, hazsim ``flux_threshold``
  - z_delta cap (m) = v_max^2 / (2 g)      -> Flow-Py ``max_z``,  hazsim ``max_velocity = sqrt(2 g max_z)``
  - routing: Flow-Py weighs neighbour j by tan((beta_j + 90)/2)^exp with beta_j the terrain
    gradient, and persistence 1 straight on, 0.707 at 45 degrees, 0 beyond (weighted by the
    parents' z_delta). hazsim runs twice: with its default Flow-R scheme (Holmgren weights on the
    energy-line surface, tan beta_j = (z_i + z_delta_i - z_j) / L_ij, and Gamma (2000)
    persistence) and with routing="flow-py" (Flow-Py's weights and persistence factors).

Scenarios:

  (a) parabola: AvaFrame's parabolic test slope z = A x^2 + B x + C for x < fLen and 0 beyond,
      C = 1000 m, mean slope 34 degrees (fLen = C / tan 34), B = -2C/fLen, A = C/fLen^2, on a
      10 m grid, uniform across the slope; a 3 x 3 block of release cells near the top.
  (b) jacksboro: scenarios/data/jacksboro_utm16n.tif with the N steepest headwater cells
      (D8 upslope area <= 20 cells, two cells or more from the edge) as release cells.

alpha is 20 degrees on the parabola and 11 on jacksboro (90 m cells: at 20 degrees the runouts
are a few cells long); exp 8, flux threshold 3e-4, max_z = 15^2 / 2g = 11.47 m on both.

Flow-Py runs through ``avaframe.com4FlowPy.flowCore.calculation`` (the per-tile worker that
com4FlowPyMain hands to its process pool) in one process, so one core, like hazsim with
RAYON_NUM_THREADS=1; hazsim also runs with its default thread count. The affected area is
susceptibility > 0 for hazsim and Flow-Py's cell count > 0; they are compared with the Jaccard
index |A and B| / |A or B|.

Each tool runs in its own Python (AvaFrame in benches/peers/.venv-avaframe, created and pinned
here; hazsim in the repository's .venv) as a subprocess, with OMP_NUM_THREADS=1. Each worker
first routes a few release cells as a warm-up. Timings are from one run.

Usage (from the repository root):

    python3 benches/peers/debris.py                                  # both scenarios, 200 cells
    python3 benches/peers/debris.py --cells 50 --scenarios jacksboro
    python3 benches/peers/debris.py --peer-cells 50 --skip-install --json out.json

--peer-cells routes only the first K release cells with Flow-Py (when it is too slow for all);
hazsim then also runs on those K cells for the Jaccard index, as well as on all of them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peerlib
from peerlib import HAZSIM_PY, REPO, base_python, log, versions
DEM_PATH = REPO / "scenarios" / "data" / "jacksboro_utm16n.tif"
G = 9.81
NODATA = -9999.0

# Known-good pins on Python 3.11 (all wheels). com4FlowPy itself is pure Python; AvaFrame's
# compiled (Cython) parts are for com1DFA and need numpy < 2 at run time.
PEERS = {
    "avaframe": [
        "avaframe==2.1",
        "numpy==1.26.4",
        "scipy==1.17.1",
        "rasterio==1.4.4",
    ],
}
VERSION_OF = {"avaframe": ["avaframe", "numpy"], "hazsim": ["hazsim", "numpy"]}

PARAMS = {
    "alpha": 20.0,
    "exponent": 8,
    "flux_threshold": 3e-4,
    "max_z": 15.0**2 / (2 * G),  # v_max = 15 m/s (Horton et al. 2013)
}
# The 90 m real DEM needs a lower travel angle for runouts longer than a few cells: 11 degrees,
# Horton et al.'s (2013) value for extreme debris flows.
ALPHA_OF = {"parabola": 20.0, "jacksboro": 11.0}








# ------------------------------------------------------------------------------------------
# scenarios (built in the hazsim worker, read by both)
# ------------------------------------------------------------------------------------------


def parabola_dem(rows=121, cols=200, cell=10.0):
    import numpy as np

    c = 1000.0
    f_len = c / math.tan(math.radians(34.0))
    a, b = c / f_len**2, -2.0 * c / f_len
    x = (np.arange(cols) + 0.5) * cell
    z = np.where(x < f_len, a * x * x + b * x + c, 0.0)
    dem = np.tile(z, (rows, 1)).astype(np.float32)
    release = np.zeros((rows, cols), np.uint8)
    mid = rows // 2
    release[mid - 1 : mid + 2, 3:6] = 1
    return dem, release


def jacksboro(n_cells: int):
    import hazsim
    import numpy as np

    dem = hazsim.read_raster(DEM_PATH)
    t = hazsim.Terrain(dem)
    slope = np.asarray(t.slope().data, dtype=np.float64)
    acc = np.asarray(t.d8_accumulation().data, dtype=np.float64)
    z = np.asarray(dem.data, dtype=np.float32)
    ok = np.isfinite(z) & np.isfinite(slope) & (acc <= 20)
    if dem.nodata is not None:
        ok &= z != dem.nodata
    ok[:2, :] = ok[-2:, :] = False
    ok[:, :2] = ok[:, -2:] = False
    idx = np.flatnonzero(ok)
    order = idx[np.argsort(-slope.ravel()[idx], kind="stable")][:n_cells]
    release = np.zeros(z.shape, np.uint8)
    release.ravel()[order] = 1
    return z, release, dem.cell_size, float(slope.ravel()[order].min())


# ------------------------------------------------------------------------------------------
# workers
# ------------------------------------------------------------------------------------------


def first_k(release, dem, k):
    """The first k release cells in Flow-Py's order (highest first), as a new mask."""
    import numpy as np

    rows, cols = np.nonzero(release)
    order = np.argsort(-dem[rows, cols], kind="stable")[:k]
    out = np.zeros_like(release)
    out[rows[order], cols[order]] = 1
    return out


def _run_hazsim(dem, release, cell, p, routing="flow-r"):
    import hazsim
    import numpy as np

    r = hazsim.Raster(dem, transform=(0.0, cell, 0.0, dem.shape[0] * cell, 0.0, -cell), crs="EPSG:32616")
    t = hazsim.Terrain(r)
    t0 = time.perf_counter()
    run = hazsim.debris.route(
        t,
        release.astype(bool),
        alpha=p["alpha"],
        exponent=float(p["exponent"]),
        max_velocity=math.sqrt(2 * G * p["max_z"]),
        persistence=1.0,
        flux_threshold=p["flux_threshold"],
        routing=routing,
    )
    run_s = time.perf_counter() - t0
    return run_s, {
        "affected": np.asarray(run.susceptibility.data) > 0,
        "z_delta": np.asarray(run.max_velocity.data, dtype=np.float64) ** 2 / (2 * G),
    }


def _run_flowpy(dem, release, cell, p):
    import numpy as np
    from avaframe.com4FlowPy import flowCore

    variable = {
        "varUmaxBool": False, "varUmaxArray": None, "varAlphaBool": False, "varAlphaArray": None,
        "varExponentBool": False, "varExponentArray": None,
    }
    args = [
        dem.astype(np.float64), np.zeros_like(dem, dtype=np.float64), release.astype(np.float64),
        p["alpha"], p["exponent"], p["flux_threshold"], p["max_z"], NODATA, cell,
        False, False, variable, False, False, None, None,
        ["zDelta", "cellCounts", "travelLengthMax", "fpTravelAngleMax"],
        {"relIdArray": None, "relIdBool": False},
    ]
    t0 = time.perf_counter()
    out = flowCore.calculation(args)
    run_s = time.perf_counter() - t0
    z_delta, flux, count = out[0], out[1], out[2]
    return run_s, {"affected": np.asarray(count) > 0, "z_delta": np.asarray(z_delta, dtype=np.float64)}


WORKERS = {"hazsim": _run_hazsim, "avaframe": _run_flowpy}


def worker(tool: str, outdir: str) -> int:
    import numpy as np

    d = np.load(os.path.join(outdir, "..", "scenario.npz"))
    dem, release, cell = d["dem"], d["release"], float(d["cell"])
    p = json.loads(str(d["params"]))
    k = int(d["k"])
    run = WORKERS[tool]
    report = {
        "tool": tool, "python": platform.python_version(), "versions": versions(VERSION_OF[tool]),
        "threads": {n: os.environ.get(n) for n in ("OMP_NUM_THREADS", "RAYON_NUM_THREADS")},
    }
    t0 = time.perf_counter()
    run(dem, first_k(release, dem, 2), cell, p)  # warm-up: imports, allocator, page faults
    report["warmup_s"] = time.perf_counter() - t0
    sets = {"k": (first_k(release, dem, k), {})}
    if tool == "hazsim":
        sets["k-flowpy"] = (first_k(release, dem, k), {"routing": "flow-py"})
        sets["all"] = (release, {})
    for name, (rel, kw) in sets.items():
        run_s, out = run(dem, rel, cell, p, **kw)
        n = int(rel.sum())
        report[name] = {"cells": n, "run_s": run_s, "s_per_cell": run_s / n}
        np.save(os.path.join(outdir, f"{name}_affected.npy"), out["affected"])
        np.save(os.path.join(outdir, f"{name}_zdelta.npy"), out["z_delta"])
        log(f"  {tool} ({name}): {n} release cells in {run_s:.3f} s ({1000 * run_s / n:.3f} ms/cell)")
    with open(os.path.join(outdir, "report.json"), "w") as f:
        json.dump(report, f)
    return 0


def prepare(scenario: str, n_cells: int, k: int, path: str) -> int:
    import numpy as np

    params = dict(PARAMS, alpha=ALPHA_OF[scenario])
    if scenario == "parabola":
        dem, release = parabola_dem()
        cell, note = 10.0, "3 x 3 block near the top"
    else:
        dem, release, cell, smin = jacksboro(n_cells)
        note = f"{int(release.sum())} steepest headwater cells (slope >= {smin:.1f} deg, D8 area <= 20 cells)"
    k = min(k, int(release.sum())) if k > 0 else int(release.sum())
    np.savez(path, dem=dem, release=release, cell=cell, params=json.dumps(params), k=k, note=note)
    return 0


# ------------------------------------------------------------------------------------------
# orchestration
# ------------------------------------------------------------------------------------------








def run_sub(python: Path, extra: list, env_extra: dict, timeout: float):
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    env.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
    env.update(env_extra)
    cmd = [str(python), str(Path(__file__).resolve()), *extra]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(extra[:2])} exited {proc.returncode}:\n{proc.stderr[-4000:]}")


def jaccard(a, b) -> float:
    import numpy as np

    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 1.0


def compare(a_dir: Path, b_dir: Path, name: str) -> dict:
    import numpy as np

    a = np.load(a_dir / f"{name}_affected.npy")
    b = np.load(b_dir / f"{name}_affected.npy")
    za = np.load(a_dir / f"{name}_zdelta.npy")
    zb = np.load(b_dir / f"{name}_zdelta.npy")
    both = a & b
    return {
        "jaccard": jaccard(a, b),
        "cells_a": int(a.sum()),
        "cells_b": int(b.sum()),
        "only_a": int((a & ~b).sum()),
        "only_b": int((b & ~a).sum()),
        "z_delta_mean_abs_diff_m": float(np.abs(za - zb)[both].mean()) if both.any() else None,
    }


def ensure_peer(peer: str, python: str, skip_install: bool) -> Path:
    return peerlib.ensure_peer(peer, PEERS[peer], python, skip_install)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", default="parabola,jacksboro", help="comma-separated (default %(default)s)")
    ap.add_argument("--cells", type=int, default=200, help="release cells on jacksboro (default %(default)s)")
    ap.add_argument("--peer-cells", type=int, default=0, help="route only the first K release cells with Flow-Py (0 = all)")
    ap.add_argument("--skip-install", action="store_true", help="use the peer venv as it is")
    ap.add_argument("--json", help="also write the full results to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--prepare", help=argparse.SUPPRESS)
    ap.add_argument("--outdir", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        return worker(args.worker, args.outdir)
    if args.prepare:
        return prepare(args.prepare, args.cells, args.peer_cells, args.outdir)

    if not HAZSIM_PY.exists():
        sys.exit(f"error: {HAZSIM_PY} is missing: run scripts/setup first")
    try:
        import numpy as np
    except ImportError:  # the driver needs numpy: re-run under the repository's .venv
        if os.environ.get("HAZSIM_DEBRIS_BENCH_REEXEC"):
            sys.exit("error: no numpy in the repository's .venv")
        os.environ["HAZSIM_DEBRIS_BENCH_REEXEC"] = "1"
        os.execv(str(HAZSIM_PY), [str(HAZSIM_PY), str(Path(__file__).resolve()), *argv])
    peer_py = ensure_peer("avaframe", base_python(), args.skip_install)
    workdir = Path(tempfile.mkdtemp(prefix="hazsim-debris-bench-"))
    results = {"params": PARAMS, "machine": {"cpu": platform.processor(), "nproc": os.cpu_count(),
               "loadavg_start": list(os.getloadavg())}, "scenarios": {}}
    rows = []
    try:
        for sc in [s.strip() for s in args.scenarios.split(",") if s.strip()]:
            sdir = workdir / sc
            sdir.mkdir()
            log(f"preparing {sc} ...")
            run_sub(HAZSIM_PY, ["--prepare", sc, "--cells", str(args.cells), "--peer-cells", str(args.peer_cells),
                                "--outdir", str(sdir / "scenario.npz")], {}, 600)
            meta = np.load(sdir / "scenario.npz")
            sres = {"note": str(meta["note"]), "shape": list(meta["dem"].shape), "tools": {}}
            results["scenarios"][sc] = sres
            for label, py, env in [
                ("hazsim", HAZSIM_PY, {}),
                ("hazsim-1t", HAZSIM_PY, {"RAYON_NUM_THREADS": "1"}),
                ("avaframe", peer_py, {}),
            ]:
                tool = "avaframe" if label == "avaframe" else "hazsim"
                out = sdir / label
                out.mkdir()
                log(f"running {label} on {sc} ...")
                run_sub(py, ["--worker", tool, "--outdir", str(out)], env, 7200)
                sres["tools"][label] = json.loads((out / "report.json").read_text())
            sres["params"] = json.loads(str(meta["params"]))
            sres["agreement"] = compare(sdir / "hazsim", sdir / "avaframe", "k")
            for f in ("affected", "zdelta"):  # hazsim's flow-py scheme under the same names
                (sdir / "hazsim" / f"kpy_{f}.npy").write_bytes((sdir / "hazsim" / f"k-flowpy_{f}.npy").read_bytes())
                (sdir / "avaframe" / f"kpy_{f}.npy").write_bytes((sdir / "avaframe" / f"k_{f}.npy").read_bytes())
            sres["agreement_flowpy_scheme"] = compare(sdir / "hazsim", sdir / "avaframe", "kpy")
            sres["agreement_threads"] = compare(sdir / "hazsim", sdir / "hazsim-1t", "all")
            fp = sres["tools"]["avaframe"]["k"]
            for label in ("hazsim", "hazsim-1t"):
                for name, scheme in (("k", "flow-r"), ("k-flowpy", "flow-py")):
                    h = sres["tools"][label][name]
                    rows.append((sc, f"{label} ({scheme})", h["cells"], h["run_s"], h["s_per_cell"], fp["s_per_cell"] / h["s_per_cell"]))
            rows.append((sc, "com4FlowPy", fp["cells"], fp["run_s"], fp["s_per_cell"], None))
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    results["machine"]["loadavg_end"] = list(os.getloadavg())
    print("| scenario | tool | release cells | run s | ms per release cell | Flow-Py / hazsim |")
    print("|---|---|---:|---:|---:|---:|")
    for sc, label, n, run_s, spc, ratio in rows:
        print(f"| {sc} | {label} | {n} | {run_s:.3f} | {1000 * spc:.3f} | {'' if ratio is None else f'{ratio:.0f}x'} |")
    print()
    print("| scenario | alpha | hazsim routing | Jaccard vs Flow-Py | hazsim cells | Flow-Py cells | only hazsim | only Flow-Py | mean abs dz_delta (m) |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for sc, s in results["scenarios"].items():
        for scheme, key in (("flow-r", "agreement"), ("flow-py", "agreement_flowpy_scheme")):
            a = s[key]
            zd = a["z_delta_mean_abs_diff_m"]
            print(f"| {sc} | {s['params']['alpha']:g} | {scheme} | {a['jaccard']:.3f} | {a['cells_a']} | {a['cells_b']} | {a['only_a']} | {a['only_b']} | {'' if zd is None else f'{zd:.3f}'} |")
    print()
    print(json.dumps(results, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
