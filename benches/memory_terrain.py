"""Peak memory per cell of hazsim's terrain operations.

Each operation runs in a fresh subprocess on an N×N float32 DEM (default 4000×4000). The
script reports (peak RSS − RSS after the DEM exists) / cells, i.e. the bytes per cell the
operation itself needs, including the Terrain's own copy of the DEM and the numpy array handed
back to Python.

    .venv/bin/python benches/memory_terrain.py [--size 4000]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

WORKER = r"""
import json, resource, sys
import numpy as np
import hazsim

n = int(sys.argv[1]); op = sys.argv[2]
z = np.load(sys.argv[3])  # exactly n*n*4 bytes, so the baseline below is the DEM alone
r = hazsim.Raster(z, transform=(500000, 30, 0, 4000000, 0, -30), crs=32616)
# Current (not peak) RSS after the DEM is loaded: np.load's temporary buffers are gone.
import os
base = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
t = hazsim.Terrain(r)
if op == "terrain":
    pass
elif op == "fill":
    out = t.filled()
elif op == "d8_accumulation":
    out = t.d8_accumulation()
elif op == "mfd_accumulation":
    out = t.mfd_accumulation(1.1)
elif op == "slope_aspect":
    out = (t.slope(), t.aspect())
elif op == "hillshade":
    out = t.hillshade()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"op": op, "bytes_per_cell": (peak - base) / (n * n)}))
"""

OPS = ["terrain", "fill", "d8_accumulation", "mfd_accumulation", "slope_aspect", "hillshade"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=4000)
    a = ap.parse_args()
    import numpy as np

    n = a.size
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "dem.npy")
    rng = np.random.default_rng(1)
    z = np.empty((n, n), np.float32)
    x = np.arange(n, dtype=np.float32)
    for r0 in range(0, n, 500):  # row blocks keep this parent process small too
        y = np.arange(r0, min(n, r0 + 500), dtype=np.float32)[:, None]
        z[r0:r0 + len(y)] = (500 + 0.1 * x + 0.05 * y + 20 * np.sin(x / 150) * np.cos(y / 110)
                             + rng.normal(0, 0.3, (len(y), n)))
    np.save(path, z)
    del z
    print(f"peak memory per cell, {n}x{n} float32 DEM (Terrain copy + work + returned array)\n")
    print("| operation (fresh Terrain each) | bytes/cell |")
    print("|---|---:|")
    for op in OPS:
        out = subprocess.run([sys.executable, "-c", WORKER, str(a.size), op, path], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"| {op} | failed: {out.stderr.strip().splitlines()[-1]} |")
            continue
        res = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {op} | {res['bytes_per_cell']:.1f} |")


if __name__ == "__main__":
    main()
