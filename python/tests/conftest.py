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
    """Run ``run(stop)`` in a thread while this thread spins for 0.2 s, then set ``stop``.

    ``run`` starts an engine call whose progress callback returns ``not stop.is_set()``, so the
    call ends (raising ``cancelled``) once the spinning is over. The spinning thread only makes
    progress if the engine released the GIL while it computed; and the engine must still be
    running when the spinning ends.
    """
    finished, stop = threading.Event(), threading.Event()

    def worker():
        try:
            run(stop)
        except cancelled:
            pass
        finished.set()

    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.05)
    spins, start = 0, time.monotonic()
    while time.monotonic() - start < 0.2:
        spins += 1
    overlapped = not finished.is_set()
    stop.set()
    t.join()
    assert overlapped, "the engine finished before the main thread had spun; give it more work"
    assert spins > 1000, f"the main thread spun only {spins} times: the GIL was held"
