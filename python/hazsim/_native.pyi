"""Type stubs for hazsim's native extension (re-exported by ``hazsim``)."""

from os import PathLike
from typing import final, Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str
gdal_enabled: bool

_Path = Union[str, PathLike]
_Transform = Union[Tuple[float, float, float, float, float, float], Sequence[float], Any]
_Crs = Union[int, str, Any, None]
_Progress = Optional[Callable[[float, str], Optional[bool]]]

class HazsimError(ValueError):
    """Invalid hazsim input: bad rasters, parameters or files."""

class Cancelled(HazsimError):
    """A progress callback returned False: the run stopped early, its state kept at the time
    reached. One class for every engine."""

FIELDS: List[Tuple[str, str, str]]
"""Every field of every engine, outputs and inputs, as (name, unit, meaning): the registry."""

@final
class Raster:
    """A georeferenced 2-D grid: numpy data (row 0 north), GDAL geotransform, CRS, nodata."""

    def __new__(cls, data: npt.ArrayLike, transform: _Transform, crs: _Crs = None, nodata: Optional[float] = None) -> "Raster": ...
    @property
    def data(self) -> np.ndarray:
        """The cell values (the same numpy array each time; no copy)."""
    @property
    def transform(self) -> Tuple[float, float, float, float, float, float]:
        """GDAL geotransform (x_min, cell_w, rot, y_max, rot, -cell_h)."""
    @property
    def crs(self) -> Optional[str]:
        """"EPSG:nnnn", WKT text, or None."""
    @property
    def epsg(self) -> Optional[int]: ...
    @property
    def crs_wkt(self) -> Optional[str]: ...
    @property
    def is_geographic(self) -> bool: ...
    @property
    def nodata(self) -> Optional[float]: ...
    @property
    def shape(self) -> Tuple[int, int]: ...
    @property
    def dtype(self) -> np.dtype: ...
    @property
    def cell_size(self) -> float:
        """Cell size in CRS units; raises HazsimError for non-square cells."""
    @property
    def bounds(self) -> Tuple[float, float, float, float]:
        """(x_min, y_min, x_max, y_max)."""
    def cell_center(self, row: int, col: int) -> Tuple[float, float]: ...
    def cell_index(self, x: float, y: float) -> Optional[Tuple[int, int]]: ...
    def same_grid(self, other: "Raster") -> bool: ...
    def nodata_mask(self) -> npt.NDArray[np.bool_]: ...
    def statistics(self) -> Dict[str, float]:
        """min, max, mean, std, valid, missing of the valid cells."""
    def fill_nodata(self, max_passes: Optional[int] = None) -> "Raster": ...
    def astype(self, dtype: Any) -> "Raster": ...
    def like(self, data: npt.ArrayLike, nodata: Optional[float] = None) -> "Raster": ...
    def write(self, path: _Path, compression: str = "deflate", tiled: bool = False) -> None: ...
    def to_rasterio(self) -> Any:
        """An open in-memory rasterio dataset (needs rasterio)."""
    def to_xarray(self) -> Any:
        """An xarray.DataArray with y/x cell-centre coordinates (needs xarray)."""
    @staticmethod
    def from_rasterio(dataset: Any, band: int = 1) -> "Raster": ...
    @staticmethod
    def from_xarray(array: Any, crs: _Crs = None) -> "Raster": ...
    def __array__(self) -> np.ndarray: ...

@final
class Terrain:
    """A DEM (metres, projected CRS, no holes) with cached derivatives."""

    def __new__(cls, dem: Raster) -> "Terrain": ...
    @property
    def dem(self) -> Raster: ...
    @property
    def cell_size(self) -> float: ...
    @property
    def shape(self) -> Tuple[int, int]: ...
    def slope(self) -> Raster:
        """Slope in degrees (Horn 1981)."""
    def aspect(self) -> Raster:
        """Downslope direction, degrees clockwise from north; NaN on flats."""
    def hillshade(self, azimuth: float = 315.0, altitude: float = 45.0, z_factor: float = 1.0) -> Raster: ...
    def filled(self) -> Raster:
        """Priority-Flood+ε filled DEM (every cell drains)."""
    def depression_depth(self) -> Raster: ...
    def d8(self) -> Raster:
        """uint8 ESRI D8 codes (1=E, 2=SE, 4=S, 8=SW, 16=W, 32=NW, 64=N, 128=NE; 0 outlet)."""
    def d8_accumulation(self) -> Raster:
        """float64 number of cells draining through each cell, itself included."""
    def contributing_area(self) -> Raster:
        """Upslope area in m² (D8)."""
    def mfd_weights(self, exponent: float = 1.1) -> npt.NDArray[np.float32]:
        """Holmgren fractions, shape (rows, cols, 8), order E, SE, S, SW, W, NW, N, NE."""
    def mfd_accumulation(self, exponent: float = 1.1) -> Raster: ...

def read_raster(path: _Path) -> Raster: ...
def write_raster(raster: Raster, path: _Path, compression: str = "deflate", tiled: bool = False) -> None: ...
def fill_depressions(dem: Raster, method: str = "epsilon") -> Raster: ...
def hillshade(dem: Raster, azimuth: float = 315.0, altitude: float = 45.0, z_factor: float = 1.0) -> Raster: ...
def contour_lines(raster: Raster, levels: Sequence[float], min_length: float = 0.0) -> List[List[Tuple[float, float]]]:
    """Contour lines (isochrones, depth contours) of a raster at ``levels``, as polylines of
    (x, y) in the raster's CRS; NaN/nodata cells break lines."""

def fill_nodata(raster: Raster, max_passes: Optional[int] = None) -> Raster: ...
def colormaps() -> List[str]: ...
def render_map(
    values: Raster,
    path: _Path,
    hillshade: Optional[Raster] = None,
    dem: Optional[Raster] = None,
    colormap: str = "viridis",
    vmin: Optional[float] = None,
    vmax: Optional[float] = None,
    log_scale: bool = False,
    alpha: float = 0.65,
    title: Optional[str] = None,
    units: str = "",
    hide_below: Optional[float] = None,
    classes: Union[Mapping[float, str], Iterable[Tuple[float, str]], None] = None,
    overlays: Optional[Sequence[_Path]] = None,
    scale: Optional[int] = None,
    scale_bar: bool = True,
    north_arrow: bool = True,
) -> None: ...

@final
class Scenario:
    """A disaster scenario, read and checked: hazards on one clock over one terrain, their
    triggers and chains, and the assets, people, relief and warnings they affect."""

    @staticmethod
    def from_toml(path: _Path) -> "Scenario":
        """Read a scenario file (TOML); relative paths in it are taken from its folder."""
    @staticmethod
    def from_dict(d: Mapping[str, Any], base: Optional[_Path] = None) -> "Scenario":
        """Build a scenario from a dict of the scenario file's structure; relative paths are
        taken from ``base`` (default the current directory)."""
    @property
    def name(self) -> str: ...
    @property
    def hazards(self) -> List[str]:
        """The hazard ids, in file order."""
    @property
    def assets(self) -> List[Dict[str, str]]:
        """The assets as dicts with ``id``, ``name`` and ``kind``."""
    @property
    def notes(self) -> List[str]: ...
    @property
    def duration(self) -> float:
        """The scenario's duration (s)."""
    def run(self, progress: _Progress = None) -> "ScenarioResult":
        """Run to the end with the GIL released; ``progress`` returning False raises Cancelled."""
    def start(self) -> "ScenarioRun":
        """A run at t = 0, to step through time."""

@final
class ScenarioRun:
    """A scenario being run: step it, read it, finish it (which consumes it)."""

    @property
    def now(self) -> float:
        """Scenario time now (s)."""
    @property
    def duration(self) -> float: ...
    def step(self, until: float, progress: _Progress = None) -> None:
        """Advance to scenario time ``until`` (s), with the GIL released."""
    def events(self) -> List[Dict[str, Any]]:
        """The events so far, in time order, as dicts."""
    def field(self, hazard: str, name: str) -> Optional[npt.NDArray[np.float32]]:
        """A field of a hazard now (float32 copy), or None when it has not started."""
    def finish(self, progress: _Progress = None) -> "ScenarioResult":
        """Run to the end and gather the result; the run is consumed."""

@final
class ScenarioResult:
    """The outcome of a scenario: maps, events, KPIs and one impact row per asset."""

    @property
    def name(self) -> str: ...
    @property
    def fields(self) -> Dict[str, Dict[str, npt.NDArray[np.float32]]]:
        """``{hazard id: {quantity: float32 array}}`` of every hazard that started."""
    @property
    def events(self) -> List[Dict[str, Any]]: ...
    @property
    def kpis(self) -> Dict[str, Any]: ...
    @property
    def impacts(self) -> Any:
        """A GeoDataFrame (geopandas), a DataFrame (pandas) or a list of dicts."""
    def write(self, out_dir: _Path) -> str:
        """Write every output into ``out_dir/<scenario>/``; returns that folder."""
