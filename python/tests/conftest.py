import pathlib
import threading
import time

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


def assert_gil_released(run, cancelled):
    """Check that ``run(progress)``, an engine call taking a progress callback, computes with the
    GIL released, with no timing in the check.

    The main thread counts in a loop while the call runs in a worker thread. The callback notes
    the count when it returns and when it is next called: between the two the engine computes,
    and the count can only grow then if the engine released the GIL (a thread holding the GIL
    while it computes runs no Python code of another thread). Once the count has grown over one
    such stretch the callback returns False, and the call ends with ``cancelled``. The first
    callback waits until the main thread is counting, so the stretches after it overlap the
    counting.
    """
    counter = [0]
    state = {"left_at": None, "grew": False, "calls": 0}
    counting, finished = threading.Event(), threading.Event()

    def progress(fraction, stage):
        state["calls"] += 1
        if state["left_at"] is not None and counter[0] > state["left_at"]:
            state["grew"] = True
        if state["calls"] == 1:
            counting.wait()
        state["left_at"] = counter[0]
        return not state["grew"]

    def worker():
        try:
            run(progress)
        except cancelled:
            pass
        finally:
            finished.set()

    t = threading.Thread(target=worker)
    t.start()
    counting.set()
    while not finished.is_set():
        counter[0] += 1
    t.join()
    assert state["calls"] >= 2, f"the engine reported progress {state['calls']} time(s); give it more work"
    assert state["grew"], "the main thread never ran while the engine computed: the GIL was held"
