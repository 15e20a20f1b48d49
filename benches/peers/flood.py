#!/usr/bin/env python3
"""Flood benchmark: hazsim.flood against landlab's OverlandFlow on one dam-break problem.

Both tools solve the local-inertial equations (Bates et al. 2010) with the theta-weighted momentum
of de Almeida et al. (2012), so the problem and the parameters can be the same for both:

  - a flat, closed box of N x N cells of 10 m (every edge a wall);
  - 1 m of still water on the left half (columns < N/2), dry elsewhere;
  - Manning n = 0.03, alpha = 0.6 (time-step factor: dt = alpha * dx / sqrt(g * h_max)),
    theta = 0.8 (weight of the link's own discharge against its neighbours');
  - run to the same model time (--sim-time, default 300 s).

landlab is stepped the way its documentation does it: ``dt = of.calc_time_step()`` then
``of.run_one_step(dt=dt)`` until the model time is reached (the last step is cut short to land on
it). A landlab RasterModelGrid of (N+2) x (N+2) nodes with its perimeter closed has N x N core
nodes, the same cells as hazsim's N x N grid. landlab keeps a film of ``h_init`` (1e-5 m) on every
node to avoid division by zero; it is counted in its initial volume.

The measure is cell-updates per second: N*N cells times the steps each tool took. The schemes
pick their steps the same way, but they differ on the wetting front, so steps, volume and final
depths are reported, never asserted.

Each tool runs in its own Python (landlab in benches/peers/.venv-landlab, created and pinned here;
hazsim in the repository's .venv) as a subprocess of this script, with OMP_NUM_THREADS=1. hazsim
runs twice: with rayon's default thread count and with RAYON_NUM_THREADS=1. Each worker first runs
a 64 x 64 box (imports, page faults), then the problem --repeat times (default 3); the median
time is reported, since other work on a shared machine slows single runs by 10-40 %.

Usage (from the repository root):

    python3 benches/peers/flood.py                          # sizes 500 and 2000, 300 s
    python3 benches/peers/flood.py --sizes 500 --sim-time 600 --max-wall 300
    python3 benches/peers/flood.py --sizes 2000 --sim-time 60 --skip-install --json out.json

--max-wall caps each tool's run (seconds of wall time): a run that hits it stops early, its rate
is still reported, and the comparison of final depths is skipped for that size.

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
CELL = 10.0  # metres
DEPTH0 = 1.0  # initial depth on the left half, metres
MANNING = 0.03
ALPHA = 0.6  # hazsim's default; hazsim requires alpha <= sqrt(theta / 2)
THETA = 0.8
G = 9.80665  # landlab's default (scipy.constants.g)
WET = 0.01  # depth (m) that counts as wet for the front position
LANDLAB_H_INIT = 1e-5  # landlab's default film
WARMUP_SIZE = 64

# Known-good pins on Python 3.11 (all wheels). landlab 2.11 needs requireit 0.8 (later releases
# changed the validators it imports).
PEERS = {
    "landlab": [
        "landlab==2.11.0",
        "requireit==0.8.0",
        "numpy==2.4.6",
        "scipy==1.17.1",
        "xarray==2026.9.0",
    ],
}
VERSION_OF = {
    "landlab": ["landlab", "numpy", "scipy", "requireit"],
    "hazsim": ["hazsim", "numpy"],
}



def initial_depth(n: int):
    """float64 (n, n), row 0 north: DEPTH0 on columns < n/2, 0 elsewhere."""
    import numpy as np

    h = np.zeros((n, n), dtype=np.float64)
    h[:, : n // 2] = DEPTH0
    return h


# ------------------------------------------------------------------------------------------
# workers: run inside the tool's own Python; import only numpy and the tool
# ------------------------------------------------------------------------------------------





def _run_hazsim(n: int, sim_time: float, max_wall: float):
    """Returns (final depth (n, n) float64, row 0 north, steps, model time reached, run seconds, extra)."""
    import hazsim
    import numpy as np

    z = np.zeros((n, n), dtype=np.float32)
    raster = hazsim.Raster(z, transform=(0.0, CELL, 0.0, n * CELL, 0.0, -CELL), crs="EPSG:32616", nodata=None)
    terrain = hazsim.Terrain(raster)
    sim = hazsim.flood.Simulation(
        terrain,
        sim_time,
        boundaries="closed",
        manning=MANNING,
        initial_depth=initial_depth(n).astype(np.float32),
        alpha=ALPHA,
        theta=THETA,
    )
    t0 = time.perf_counter()

    def progress(fraction, stage):
        return time.perf_counter() - t0 < max_wall

    try:
        sim.advance(sim_time, progress=progress)
    except hazsim.flood.Cancelled:
        pass
    run_s = time.perf_counter() - t0
    depth = np.asarray(sim.field("flood.depth"), dtype=np.float64)
    return depth, int(sim.steps), float(sim.now), run_s, {"mass_balance_error": sim.mass_balance["error"]}


def _run_landlab(n: int, sim_time: float, max_wall: float):
    import numpy as np
    from landlab import RasterModelGrid
    from landlab.components import OverlandFlow

    grid = RasterModelGrid((n + 2, n + 2), xy_spacing=CELL)
    grid.set_closed_boundaries_at_grid_edges(True, True, True, True)
    grid.add_zeros("topographic__elevation", at="node")
    h = grid.add_zeros("surface_water__depth", at="node")
    core = np.zeros((n + 2, n + 2), dtype=bool)
    core[1:-1, 1:-1] = True
    # landlab's node rows run south to north; flip so that row 0 is north, as for hazsim
    h.reshape(n + 2, n + 2)[1:-1, 1:-1] = initial_depth(n)[::-1]
    of = OverlandFlow(grid, alpha=ALPHA, theta=THETA, mannings_n=MANNING, steep_slopes=False)
    assert np.array_equal(grid.core_nodes, np.flatnonzero(core.ravel())), "core nodes are not the inner N x N"
    vol0_film = float(h.reshape(n + 2, n + 2)[1:-1, 1:-1].sum() * CELL * CELL)

    elapsed, steps = 0.0, 0
    t0 = time.perf_counter()
    while elapsed < sim_time:
        dt = min(float(of.calc_time_step()), sim_time - elapsed)
        of.run_one_step(dt=dt)
        elapsed += dt
        steps += 1
        if time.perf_counter() - t0 >= max_wall:
            break
    run_s = time.perf_counter() - t0
    depth = np.array(h.reshape(n + 2, n + 2)[1:-1, 1:-1][::-1], dtype=np.float64)
    return depth, steps, elapsed, run_s, {"initial_volume_with_film_m3": vol0_film}


WORKERS = {"hazsim": _run_hazsim, "landlab": _run_landlab}


def worker(tool: str, n: int, sim_time: float, max_wall: float, outdir: str, repeat: int) -> int:
    import numpy as np

    report = {
        "tool": tool,
        "python": platform.python_version(),
        "versions": versions(VERSION_OF[tool]),
        "threads": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "RAYON_NUM_THREADS")},
    }
    run = WORKERS[tool]
    t0 = time.perf_counter()
    run(WARMUP_SIZE, 20.0, max_wall)  # warm-up: imports, allocator, page faults
    report["warmup_s"] = time.perf_counter() - t0
    # The same run `repeat` times (the results are the same each time); the median time is the
    # measure, since other work on a shared machine slows single runs by 10-40 %.
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        depth, steps, reached, run_s, extra = run(n, sim_time, max_wall)
        times.append(run_s)
        setup_and_run_s = time.perf_counter() - t0
        if reached < sim_time * (1 - 1e-9):
            break  # stopped at the wall-time cap: once is enough
    run_s = float(np.median(times))
    report.update(
        {
            "setup_and_run_s": setup_and_run_s,
            "run_s": run_s,
            "run_s_each": times,
            "steps": steps,
            "sim_time_reached": reached,
            "stopped_early": bool(reached < sim_time * (1 - 1e-9)),
            "cells": n * n,
            "cell_updates": n * n * steps,
            "cell_updates_per_s": n * n * steps / run_s if run_s > 0 else None,
            **extra,
        }
    )
    np.save(os.path.join(outdir, "depth.npy"), depth)
    with open(os.path.join(outdir, "report.json"), "w") as f:
        json.dump(report, f)
    log(f"  {tool}: {steps} steps to t={reached:.1f} s in {run_s:.3f} s (median of {', '.join(f'{t:.3f}' for t in times)})")
    return 0


# ------------------------------------------------------------------------------------------
# orchestration
# ------------------------------------------------------------------------------------------











def ensure_peer(peer: str, python: str, skip_install: bool) -> Path:
    return peerlib.ensure_peer(peer, PEERS[peer], python, skip_install)


def ensure_numpy(argv):
    peerlib.ensure_numpy(argv, __file__, PEERS, "HAZSIM_FLOOD_BENCH_REEXEC")


def run_worker(tool: str, python: Path, n: int, sim_time: float, max_wall: float, workdir: Path, env_extra: dict, label: str, repeat: int):
    outdir = workdir / f"{n}-{label}"
    outdir.mkdir()
    env = dict(os.environ)
    env.pop("RAYON_NUM_THREADS", None)
    env.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
    env.update(env_extra)
    env.pop("HAZSIM_FLOOD_BENCH_REEXEC", None)
    cmd = [
        str(python), str(Path(__file__).resolve()), "--worker", tool, "--n", str(n),
        "--sim-time", str(sim_time), "--max-wall", str(max_wall), "--outdir", str(outdir),
        "--repeat", str(repeat),
    ]
    log(f"running {label} at {n}x{n} ({python}) ...")
    t0 = time.perf_counter()
    # backstop in case a step itself never returns: warm-up + run + setup, generously
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=(repeat + 2) * max_wall + 600)
    if proc.returncode != 0:
        raise RuntimeError(f"{label} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
    sys.stderr.write(proc.stderr)
    report = json.loads((outdir / "report.json").read_text())
    report["wall_s"] = time.perf_counter() - t0
    report["outdir"] = str(outdir)
    return report


def front_x(depth):
    """Wet-front position (m from the left wall): per row, the far edge of the last wet cell; median over rows."""
    import numpy as np

    wet = depth > WET
    n = depth.shape[1]
    last = n - 1 - np.argmax(wet[:, ::-1], axis=1)  # index of the last wet column per row
    last = np.where(wet.any(axis=1), last, -1)
    return float(np.median(last + 1) * CELL)


def summarise(depth, n: int, vol0=None) -> dict:
    """Volume against the tool's own initial volume (landlab's includes its h_init film)."""
    import numpy as np

    if vol0 is None:
        vol0 = float(initial_depth(n).sum() * CELL * CELL)
    vol = float(depth.sum() * CELL * CELL)
    return {
        "initial_volume_m3": vol0,
        "final_volume_m3": vol,
        "volume_rel_change": (vol - vol0) / vol0,
        "front_x_m": front_x(depth),
        "max_depth_m": float(depth.max()),
        "wet_fraction": float(np.mean(depth > WET)),
    }


def compare(a, b) -> dict:
    import numpy as np

    d = np.abs(a - b)
    wet_a, wet_b = a > WET, b > WET
    either = wet_a | wet_b
    return {
        "mean_abs_dh_m": float(d.mean()),
        "mean_abs_dh_wet_m": float(d[either].mean()) if either.any() else None,
        "max_abs_dh_m": float(d.max()),
        "p99_abs_dh_m": float(np.quantile(d, 0.99)),
        "wet_agreement": float(np.mean(wet_a == wet_b)),
        "front_x_diff_m": front_x(a) - front_x(b),
    }


def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)


def markdown(results: dict) -> str:
    lines = [
        f"Flood benchmark: dam break in a closed flat box ({CELL:g} m cells, {DEPTH0:g} m on the left half), "
        f"n={MANNING}, alpha={ALPHA}, theta={THETA}; run s is the median of {results['repeat']} runs each",
        "",
        "| size | sim time s | tool | steps | run s | cell-updates/s | hazsim/landlab | final volume / initial - 1 | wet front m |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size_key, sres in results["sizes"].items():
        tools = sres["tools"]
        ll = tools.get("landlab")
        ll_rate = ll.get("cell_updates_per_s") if ll and "error" not in ll else None
        for label, r in tools.items():
            if "error" in r:
                lines.append(f"| {size_key} | {sres['sim_time']:g} | {label} | FAILED | | | | | |")
                continue
            ratio = ""
            if label.startswith("hazsim") and ll_rate:
                ratio = f"{r['cell_updates_per_s'] / ll_rate:.1f}x"
            s = r["summary"]
            reached = f"{r['sim_time_reached']:.1f} (stopped)" if r["stopped_early"] else f"{sres['sim_time']:g}"
            lines.append(
                f"| {size_key} | {reached} | {label} | {r['steps']} | {r['run_s']:.2f} | "
                f"{fmt(r['cell_updates_per_s'], '.3g')} | {ratio} | {s['volume_rel_change']:.2e} | {s['front_x_m']:.0f} |"
            )
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
    seen = set()
    for sres in results["sizes"].values():
        for label, r in sres["tools"].items():
            if label in seen:
                continue
            seen.add(label)
            if "error" in r:
                lines.append(f"- {label}: FAILED: {r['error'].splitlines()[0]}")
            else:
                vers = ", ".join(f"{k} {v}" for k, v in r["versions"].items())
                thr = ", ".join(f"{k}={v}" for k, v in r["threads"].items() if v is not None)
                lines.append(f"- {label}: Python {r['python']}, {vers}; {thr}")
    agree = [(k, s["agreement"]) for k, s in results["sizes"].items() if s.get("agreement")]
    if agree:
        lines += ["", "Agreement of final depths (reported, not asserted):"]
        for k, a in agree:
            for pair, c in a.items():
                lines.append(
                    f"- {k}, {pair}: mean |dh| {c['mean_abs_dh_m']:.2e} m (over cells wet in either: "
                    f"{fmt(c['mean_abs_dh_wet_m'], '.2e')} m), p99 {c['p99_abs_dh_m']:.2e} m, max {c['max_abs_dh_m']:.2e} m, "
                    f"wet/dry agree on {100 * c['wet_agreement']:.2f} % of cells, front difference {c['front_x_diff_m']:+.0f} m"
                )
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
    ap.add_argument("--sizes", default="500,2000", help="comma-separated box sizes N (N x N cells; default %(default)s)")
    ap.add_argument("--sim-time", type=float, default=300.0, help="model time to run, seconds (default %(default)s)")
    ap.add_argument("--max-wall", type=float, default=600.0, help="wall-time cap per tool run, seconds (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool and size; the median time is reported (default %(default)s)")
    ap.add_argument("--peers-only", action="store_true", help="skip hazsim (e.g. before it is built)")
    ap.add_argument("--no-hazsim-1t", action="store_true", help="skip the RAYON_NUM_THREADS=1 hazsim run")
    ap.add_argument("--skip-install", action="store_true", help="use the peer venv as it is")
    ap.add_argument("--json", help="also write the full results to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory with the final depths")
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--outdir", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        return worker(args.worker, args.n, args.sim_time, args.max_wall, args.outdir, args.repeat)

    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes comma-separated integers")
    if not sizes or min(sizes) < 4:
        ap.error("each size must be at least 4")
    if args.sim_time <= 0 or args.max_wall <= 0:
        ap.error("--sim-time and --max-wall must be positive")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    ensure_numpy(argv)
    import numpy as np

    workdir = Path(tempfile.mkdtemp(prefix="hazsim-flood-bench-"))
    results = {
        "problem": {
            "cell_m": CELL, "depth0_m": DEPTH0, "manning": MANNING, "alpha": ALPHA, "theta": THETA,
            "wet_threshold_m": WET, "landlab_h_init_m": LANDLAB_H_INIT,
        },
        "sim_time": args.sim_time,
        "max_wall": args.max_wall,
        "repeat": args.repeat,
        "machine": machine_info(),
        "sizes": {},
    }
    runs = []  # (label, tool, python, extra env)
    if not args.peers_only:
        runs.append(("hazsim", "hazsim", HAZSIM_PY, {}))
        if not args.no_hazsim_1t:
            runs.append(("hazsim-1t", "hazsim", HAZSIM_PY, {"RAYON_NUM_THREADS": "1"}))
    runs.append(("landlab", "landlab", None, {}))
    peer_py, peer_err = None, None
    try:
        peer_py = ensure_peer("landlab", base_python(), args.skip_install)
    except Exception as exc:  # noqa: BLE001 - report and go on with hazsim
        peer_err = str(exc)
        log(f"!! landlab install failed: {exc}")
    try:
        for n in sizes:
            sres = {"sim_time": args.sim_time, "tools": {}, "agreement": {}}
            results["sizes"][f"{n}x{n}"] = sres
            depths = {}
            for label, tool, python, extra in runs:
                try:
                    if tool == "landlab":
                        if peer_py is None:
                            raise RuntimeError(peer_err or "landlab venv missing")
                        python = peer_py
                    elif not Path(python).exists():
                        raise RuntimeError(f"{python} is missing: run scripts/setup first, or pass --peers-only")
                    r = run_worker(tool, python, n, args.sim_time, args.max_wall, workdir, extra, label, args.repeat)
                    depth = np.load(Path(r["outdir"]) / "depth.npy")
                    r["summary"] = summarise(depth, n, r.get("initial_volume_with_film_m3"))
                    if not r["stopped_early"]:
                        depths[label] = depth
                    sres["tools"][label] = r
                except Exception as exc:  # noqa: BLE001 - report and go on with the others
                    log(f"!! {label} at {n}x{n} failed: {exc}")
                    sres["tools"][label] = {"error": str(exc)}
            if "hazsim" in depths and "hazsim-1t" in depths:
                sres["agreement"]["hazsim vs hazsim-1t"] = compare(depths["hazsim"], depths["hazsim-1t"])
            ref = "hazsim" if "hazsim" in depths else ("hazsim-1t" if "hazsim-1t" in depths else None)
            if ref and "landlab" in depths:
                sres["agreement"][f"{ref} vs landlab"] = compare(depths[ref], depths["landlab"])
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")

    if hasattr(os, "getloadavg"):
        results["machine"]["loadavg_end"] = list(os.getloadavg())
    print(markdown(results))
    print()
    print(json.dumps(results, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
