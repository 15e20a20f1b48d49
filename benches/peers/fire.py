#!/usr/bin/env python3
"""Fire benchmark: hazsim's grid spread against pyretechnics' surface spread on one problem.

The problem, the same for both tools:

  - a flat N x N grid of square cells (default 500 x 500 cells of 30 m);
  - one fuel model everywhere (default Anderson FM1, short grass, which both tools carry);
  - dead 1/10/100-h moistures 6/7/8 %, live herbaceous 60 %, live woody 90 %;
  - a constant wind (default 2.0 m/s *midflame*) from the west (270 deg), the Rothermel wind
    limit on in both, the BehavePlus length-to-breadth ratio in both ("behave" in pyretechnics);
  - a point ignition at the centre cell at t = 0, run for the same duration (default 4 h: the
    head stays inside the grid).

Wind units differ. hazsim takes the midflame wind in m/s. pyretechnics takes the 10-m wind in
km/h and turns it into a midflame wind itself: 10 m -> 20 ft by dividing by 1.15, then the
unsheltered wind adjustment factor WAF = 1.83 / ln((20 + 0.36 d) / (0.13 d)), d the fuel bed depth
in ft (1.0 ft for FM1; Andrews 2012, as pyretechnics' surface_fire.calc_wind_adjustment_factor
writes it). So the script gives pyretechnics U10 = U_mid / WAF * 1.15 * 3.6 km/h, and both tools
see the same midflame wind. The canopy is absent (cover 0, base height 100 m), so pyretechnics'
crown-fire check never fires (its output counts fire types; all burned cells should be surface).

The methods differ: hazsim computes minimum travel times over a 96-direction stencil (Dijkstra);
pyretechnics advances a level-set front (Eulerian, narrow band, Runge-Kutta steps of at most 0.4
cells). The burned areas should be close but not equal; both are reported with their bounding boxes.

The measure is burned cells per second of wall time: cells burned at the end / time of the run
(setup of the fire included for both; imports and hazsim's build not). pyretechnics runs in its
own venv (benches/peers/.venv-pyretechnics, created here with its pins; it pins numpy ~1.26 and
scipy ~1.12) with OMP_NUM_THREADS=1, after a 64 x 64 warm-up run. hazsim runs through the Rust
example `peer_spread` (built with cargo build --release -p hazsim-fire --example peer_spread, run
from $CARGO_TARGET_DIR or target/), with rayon's
default thread count and with threads=1 (the search itself is single-threaded).

Usage (from the repository root):

    python3 benches/peers/fire.py                        # 500 x 500, 30 m, 4 h, 3 repeats
    python3 benches/peers/fire.py --size 200 --duration 120 --repeats 1
    python3 benches/peers/fire.py --skip-install --json out.json

The markdown table goes to stdout, followed by the full results as JSON; progress to stderr.
Medians of --repeats runs. A timing is a measurement of one machine on one day, never a test
assertion.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

import peerlib
from peerlib import REPO, log
PEER = "pyretechnics"
PINS = ["pyretechnics==2026.10.20"]
MOISTURE = [0.06, 0.07, 0.08, 0.60, 0.90]
FM1_DEPTH_FT = 1.0

WORKER = r'''
import json, math, sys, time
import numpy as np
from pyretechnics.space_time_cube import SpaceTimeCube
from pyretechnics.eulerian_level_set import SpreadState, spread_fire_with_phi_field

def run(p):
    n, cell, dur = p["size"], p["cell"], p["duration_min"]
    band = 60.0
    shape = (int(math.ceil(dur / band)) + 1, n, n)
    m = p["moisture"]
    scalars = {
        "slope": 0.0, "aspect": 0.0, "fuel_model": float(p["fuel"]),
        "canopy_cover": 0.0, "canopy_height": 0.0, "canopy_base_height": 100.0,
        "canopy_bulk_density": 0.0,
        "wind_speed_10m": p["wind_10m_km_h"], "upwind_direction": p["wind_from"],
        "fuel_moisture_dead_1hr": m[0], "fuel_moisture_dead_10hr": m[1],
        "fuel_moisture_dead_100hr": m[2], "fuel_moisture_live_herbaceous": m[3],
        "fuel_moisture_live_woody": m[4], "foliar_moisture": 1.0,
        "fuel_spread_adjustment": 1.0, "weather_spread_adjustment": 1.0,
    }
    t0 = time.perf_counter()
    cubes = {k: SpaceTimeCube(shape, v) for k, v in scalars.items()}
    state = SpreadState(shape).ignite_cell((n // 2, n // 2))
    out = spread_fire_with_phi_field(cubes, state, cube_resolution=(band, cell, cell),
                                     start_time=0.0, max_duration=dur, use_wind_limit=True,
                                     surface_lw_ratio_model="behave")
    wall = time.perf_counter() - t0
    mats = out["spread_state"].get_full_matrices(["time_of_arrival", "fire_type"])
    burned = np.isfinite(np.asarray(mats["time_of_arrival"]))
    rows = np.nonzero(burned.any(axis=1))[0]
    cols = np.nonzero(burned.any(axis=0))[0]
    ft = np.asarray(mats["fire_type"])[burned]
    return {"seconds": wall, "burned_cells": int(burned.sum()),
            "rows": [int(rows.min()), int(rows.max())], "cols": [int(cols.min()), int(cols.max())],
            "fire_types": {str(int(k)): int(v) for k, v in zip(*np.unique(ft, return_counts=True))},
            "stop": out["stop_condition"]}

p = json.loads(sys.argv[1])
run(dict(p, size=64, duration_min=min(p["duration_min"], 30.0)))
print(json.dumps([run(p) for _ in range(p["repeats"])]))
'''


def wind_adjustment_factor(depth_ft: float) -> float:
    """Unsheltered WAF of Andrews (2012, eq. 6) as pyretechnics computes it."""
    return 1.83 / math.log((20.0 + 0.36 * depth_ft) / (0.13 * depth_ft))


def hazsim_binary(skip_build: bool) -> Path:
    """Builds the example once (unless told not to) and returns its path."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    exe = target / "release" / "examples" / "peer_spread"
    if not skip_build:
        log("building the peer_spread example (release) ...")
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "hazsim-fire", "--example", "peer_spread"],
                       cwd=REPO, check=True)
    if not exe.exists():
        raise RuntimeError(f"{exe} is missing; build it with cargo build --release -p hazsim-fire --example peer_spread")
    return exe


def run_hazsim(exe: Path, args: argparse.Namespace, threads: int | None) -> dict:
    cmd = [str(exe),
           f"size={args.size}", f"cell={args.cell}", f"fuel={args.fuel}",
           f"wind={args.wind}", f"wind_from={args.wind_from}", f"duration={args.duration * 60.0}",
           f"repeats={args.repeats}"]
    if threads is not None:
        cmd.append(f"threads={threads}")
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"hazsim failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_peer(py: Path, args: argparse.Namespace) -> dict:
    waf = wind_adjustment_factor(FM1_DEPTH_FT)
    params = {"size": args.size, "cell": args.cell, "duration_min": args.duration, "fuel": args.fuel,
              "moisture": MOISTURE, "wind_10m_km_h": args.wind / waf * 1.15 * 3.6,
              "wind_from": args.wind_from, "repeats": args.repeats}
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.run([str(py), "-c", WORKER, json.dumps(params)], capture_output=True, text=True,
                          env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"pyretechnics failed:\n{proc.stderr[-3000:]}")
    runs = json.loads(proc.stdout.strip().splitlines()[-1])
    med = statistics.median(r["seconds"] for r in runs)
    last = runs[-1]
    return {"tool": PEER, "burned_cells": last["burned_cells"], "seconds": [r["seconds"] for r in runs],
            "median_seconds": med, "cells_per_second": last["burned_cells"] / med,
            "rows": last["rows"], "cols": last["cols"], "fire_types": last["fire_types"],
            "stop": last["stop"], "wind_10m_km_h": params["wind_10m_km_h"], "waf": waf, "threads": 1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=500, help="cells per side")
    ap.add_argument("--cell", type=float, default=30.0, help="cell size (m)")
    ap.add_argument("--fuel", type=int, default=1, help="fuel model (a code both tools know; FM1 default)")
    ap.add_argument("--wind", type=float, default=2.0, help="midflame wind speed (m/s)")
    ap.add_argument("--wind-from", type=float, default=270.0, help="wind direction (deg, from)")
    ap.add_argument("--duration", type=float, default=240.0, help="simulated time (minutes)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-install", action="store_true", help="use the peer venv as it is")
    ap.add_argument("--skip-build", action="store_true", help="use the peer_spread example as built")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    if args.fuel != 1:
        log("note: the wind conversion uses FM1's fuel bed depth (1 ft); adjust FM1_DEPTH_FT for others")

    py = peerlib.ensure_peer(PEER, PINS, sys.executable, args.skip_install)
    exe = hazsim_binary(args.skip_build)
    log("pyretechnics ...")
    peer = run_peer(py, args)
    log("hazsim (default threads) ...")
    hz = run_hazsim(exe, args, None)
    log("hazsim (1 thread) ...")
    hz1 = run_hazsim(exe, args, 1)

    cell_ha = args.cell * args.cell / 10_000.0
    print(f"Fire spread, {args.size} x {args.size} cells of {args.cell:g} m, FM{args.fuel}, "
          f"midflame wind {args.wind:g} m/s from {args.wind_from:g} deg, {args.duration:g} min; "
          f"medians of {args.repeats} runs ({platform.node()})\n")
    print("| tool | threads | burned cells | area (ha) | rows | cols | time (s) | burned cells/s |")
    print("|---|---:|---:|---:|---|---|---:|---:|")
    for r in (peer, hz1, hz):
        print(f"| {r['tool']} | {r['threads']} | {r['burned_cells']} | {r['burned_cells'] * cell_ha:.0f} | "
              f"{r['rows'][0]}-{r['rows'][1]} | {r['cols'][0]}-{r['cols'][1]} | {r['median_seconds']:.3f} | "
              f"{r['cells_per_second']:,.0f} |")
    diff = (hz["burned_cells"] - peer["burned_cells"]) / peer["burned_cells"] * 100.0
    print(f"\nhazsim / pyretechnics burned cells/s: {hz1['cells_per_second'] / peer['cells_per_second']:.1f}x "
          f"(1 thread), {hz['cells_per_second'] / peer['cells_per_second']:.1f}x ({hz['threads']} threads); "
          f"burned area difference {diff:+.2f} % (hazsim vs pyretechnics); pyretechnics fire types "
          f"{peer['fire_types']} (1 = surface), 10-m wind given to it {peer['wind_10m_km_h']:.2f} km/h "
          f"(WAF {peer['waf']:.4f}).")
    out = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
           "pyretechnics": peer, "hazsim": hz, "hazsim_1_thread": hz1}
    print("\n" + json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
