"""Surface fire behaviour and fire spread over a DEM: ``hazsim.fire``.

The Rothermel (1972) surface fire model with Albini's (1976) reformulation, as BehavePlus uses
it, and grid spread by minimum travel time (Finney 2002) on a 96-direction stencil, run in Rust
with the GIL released.

- :func:`rothermel` evaluates the point model on scalars or numpy arrays (broadcast);
- :func:`fuel_models` lists the 53 standard fuel models and the non-burnable codes;
- :func:`simulate` spreads a fire over a :class:`hazsim.Terrain` and returns a
  :class:`FireResult` (rasters, area over time, the time the fire passed 2 ha, its grade,
  perimeters as GeoJSON);
- :class:`Simulation` steps a fire through time (``advance``, ``field``, ``result``);
- unit helpers :func:`ch_per_h_to_m_per_s`, :func:`m_per_s_to_ch_per_h`,
  :func:`mph_to_m_per_s`, :func:`m_per_s_to_mph`.

**Units** are SI: m, s, m/s, kW/m, kg/m²; moistures are fractions of oven-dry mass (6 % is
0.06); directions are degrees clockwise from north, the wind direction being where the wind
comes *from* and the aspect the *downslope* direction; slope is rise over run (0.2 = 20 %).
Wind speeds are at midflame height.

Quick start::

    import hazsim, hazsim.fire as hf
    hf.rothermel(1, (0.06, 0.07, 0.08, 0.6, 0.9), wind_speed=hf.mph_to_m_per_s(5)).head_ros
    t = hazsim.Terrain(hazsim.read_raster("scenarios/data/jacksboro_utm16n.tif"))
    r = hf.simulate(t, 102, {"wind_speed": 3.0, "wind_direction": 225,
                             "moisture": (0.06, 0.07, 0.08, 0.6, 0.9)},
                    [(755325, 4025475)], 3 * 3600)      # (x, y) in the DEM's CRS (UTM 16N)
    r.final_area, r.grade, r.time_exceeding_2ha
    r.perimeters([3600, 7200, 10800])                   # GeoJSON dict
"""

import os
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _results
from ._native import HazsimError, Raster, Terrain
from ._native import fire as _native

from ._native import Cancelled  # noqa: E402  (one class for every engine)
FireResult = _native.FireResult
FIELDS = list(_native.FIELDS)

__all__ = [
    "FIELDS",
    "Cancelled",
    "CROWN_FIRE_TYPES",
    "CrownFireResult",
    "FireResult",
    "RothermelResult",
    "Simulation",
    "ch_per_h_to_m_per_s",
    "crown_fire",
    "crown_map",
    "field_table",
    "fuel_code",
    "fuel_models",
    "m_per_s_to_ch_per_h",
    "m_per_s_to_mph",
    "mph_to_m_per_s",
    "rothermel",
    "simulate",
    "to_xarray",
    "tqdm_progress",
    "write_result",
]

# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------

_M_PER_CHAIN = 20.1168  # 66 ft
_M_PER_MILE = 1609.344


def _scale(v: Any, k: float) -> Any:
    return float(v) * k if np.isscalar(v) else np.asarray(v, dtype=float) * k


def ch_per_h_to_m_per_s(v: Any) -> Any:
    """Chains per hour (the customary unit of spread rate) to m/s: 1 ch/h = 20.1168 m / 3600 s."""
    return _scale(v, _M_PER_CHAIN / 3600.0)


def m_per_s_to_ch_per_h(v: Any) -> Any:
    """m/s to chains per hour (1 m/s = 178.95 ch/h)."""
    return _scale(v, 3600.0 / _M_PER_CHAIN)


def mph_to_m_per_s(v: Any) -> Any:
    """Miles per hour to m/s: 1 mi/h = 1609.344 m / 3600 s = 0.44704 m/s."""
    return _scale(v, _M_PER_MILE / 3600.0)


def m_per_s_to_mph(v: Any) -> Any:
    """m/s to miles per hour (1 m/s = 2.2369 mi/h)."""
    return _scale(v, 3600.0 / _M_PER_MILE)


# ---------------------------------------------------------------------------------------------
# Moisture
# ---------------------------------------------------------------------------------------------

_MOISTURE_KEYS = ("one_hour", "ten_hour", "hundred_hour", "live_herb", "live_woody")
_MOISTURE_ALIASES = {
    "one_hour": ("one_hour", "1h", "m1h", "m1", "dead_1h"),
    "ten_hour": ("ten_hour", "10h", "m10h", "m10", "dead_10h"),
    "hundred_hour": ("hundred_hour", "100h", "m100h", "m100", "dead_100h"),
    "live_herb": ("live_herb", "herb", "mherb"),
    "live_woody": ("live_woody", "woody", "mwoody"),
}
_MOISTURE_FORM = (
    "a dict {'one_hour', 'ten_hour', 'hundred_hour', 'live_herb', 'live_woody'} (or 1h, 10h, "
    "100h, herb, woody) or a sequence of those 5 fractions, e.g. (0.06, 0.07, 0.08, 0.6, 0.9)"
)


def _moisture(m: Any, name: str = "moisture") -> List[Any]:
    """The five moistures of a dict or a 5-sequence, each a scalar or an array."""
    if isinstance(m, Mapping):
        out = []
        for key in _MOISTURE_KEYS:
            found = [a for a in _MOISTURE_ALIASES[key] if a in m]
            if not found:
                raise HazsimError(f"{name}: missing {key!r}; expected {_MOISTURE_FORM}")
            out.append(m[found[0]])
        unknown = set(m) - {a for al in _MOISTURE_ALIASES.values() for a in al}
        if unknown:
            raise HazsimError(f"{name}: unknown key(s) {sorted(unknown)}; expected {_MOISTURE_FORM}")
        return out
    if isinstance(m, str) or not hasattr(m, "__len__") or len(m) != 5:
        raise HazsimError(f"{name}: got {m!r}; expected {_MOISTURE_FORM}")
    return list(m)


# ---------------------------------------------------------------------------------------------
# The point model
# ---------------------------------------------------------------------------------------------


class RothermelResult(NamedTuple):
    """Surface fire behaviour (SI units), scalars or arrays of the broadcast input shape.

    head_ros, backing_ros, flanking_ros : m/s
        Spread rate of the head (in ``direction_of_max_spread``), the back and the flanks.
    direction_of_max_spread : degrees clockwise from north
        Where the head goes (wind and slope combined as vectors).
    length_to_breadth, eccentricity : -
        Of the fire ellipse (Anderson 1983).
    reaction_intensity : kW/m²
    fireline_intensity : kW/m
        Byram's intensity of the head.
    flame_length : m
        Byram (1959).
    heat_per_unit_area : kJ/m²
    residence_time : s
    effective_wind_speed : m/s
    no_wind_no_slope_ros : m/s
    wind_limit_exceeded : bool
    """

    head_ros: Any
    backing_ros: Any
    flanking_ros: Any
    direction_of_max_spread: Any
    length_to_breadth: Any
    eccentricity: Any
    reaction_intensity: Any
    fireline_intensity: Any
    flame_length: Any
    heat_per_unit_area: Any
    residence_time: Any
    effective_wind_speed: Any
    no_wind_no_slope_ros: Any
    wind_limit_exceeded: Any


def rothermel(
    fuel_model: Any,
    moisture: Any,
    wind_speed: Any = 0.0,
    wind_direction: Any = 0.0,
    slope: Any = 0.0,
    aspect: Any = 0.0,
    *,
    behave: bool = False,
) -> RothermelResult:
    """Rothermel (1972) surface fire behaviour, elementwise over scalars or numpy arrays.

    Every argument may be a scalar or an array; they broadcast together like numpy operands and
    the result has the broadcast shape (scalars for all-scalar input).

    Parameters
    ----------
    fuel_model : int, str or array of them
        Standard fuel model by code or name: Anderson (1982) 1-13 or ``"FM1"``-``"FM13"``,
        Scott & Burgan (2005) 101-204 or ``"GR1"``-``"SB4"`` (see :func:`fuel_models`).
    moisture : dict or sequence of 5
        Moistures as fractions (6 % is 0.06): ``{"one_hour", "ten_hour", "hundred_hour",
        "live_herb", "live_woody"}`` or ``(1h, 10h, 100h, herb, woody)``; each a scalar or an
        array. A value that looks like a percentage (e.g. 6) is an error that says so.
    wind_speed : float or array
        Midflame wind speed (m/s); ``mph_to_m_per_s`` converts from mi/h.
    wind_direction : float or array
        Direction the wind comes from (degrees clockwise from north).
    slope : float or array
        Slope as rise/run (0.2 = 20 %, i.e. about 11.3°).
    aspect : float or array
        Downslope direction (degrees clockwise from north).
    behave : bool
        Reproduce BehavePlus's herbaceous-curing line exactly (``SpreadOptions::behave``).

    Returns
    -------
    RothermelResult

    Raises
    ------
    HazsimError
        Unknown fuel model code, moisture out of range or in percent, negative wind, etc.; the
        message names the input (and the element index for arrays).

    Examples
    --------
    >>> r = rothermel(1, (0.06, 0.07, 0.08, 0.6, 0.9), wind_speed=mph_to_m_per_s(5))
    >>> round(m_per_s_to_ch_per_h(r.head_ros), 2)
    93.89
    """
    m = _moisture(moisture)
    try:
        arrays = np.broadcast_arrays(
            _model_codes(fuel_model),
            *[np.asarray(v, dtype=float) for v in m],
            np.asarray(wind_speed, dtype=float),
            np.asarray(wind_direction, dtype=float),
            np.asarray(slope, dtype=float),
            np.asarray(aspect, dtype=float),
        )
    except ValueError as e:
        raise HazsimError(f"rothermel: the inputs do not broadcast together: {e}") from None
    codes = arrays[0]
    shape = codes.shape
    if codes.dtype.kind == "f":
        if not np.all(np.isfinite(codes)) or not np.all(codes == np.round(codes)):
            bad = codes.ravel()[~((codes == np.round(codes)) & np.isfinite(codes)).ravel()][0]
            raise HazsimError(f"fuel_model = {bad}: not a fuel model code; codes are whole numbers such as 102")
    elif codes.dtype.kind not in "iu":
        raise HazsimError(f"fuel_model: expected integer fuel model codes, got dtype {codes.dtype}")
    flat = [np.ascontiguousarray(a, dtype=float).ravel() for a in arrays[1:]]
    moist = np.ascontiguousarray(np.stack(flat[:5], axis=1))
    out = _native.rothermel_arrays(
        np.ascontiguousarray(codes, dtype=np.int64).ravel(),
        moist,
        flat[5],
        flat[6],
        flat[7],
        flat[8],
        behave,
    )
    if shape == ():
        vals = {k: (bool(v[0]) if v.dtype == bool else float(v[0])) for k, v in out.items()}
    else:
        vals = {k: v.reshape(shape) for k, v in out.items()}
    return RothermelResult(**{k: vals[k] for k in RothermelResult._fields})


#: Codes of ``CrownFireResult.fire_type``.
CROWN_FIRE_TYPES = {0: "surface", 1: "torching", 2: "conditional crown fire", 3: "crowning"}


class CrownFireResult(NamedTuple):
    """Crown fire behaviour (Scott & Reinhardt 2001) in SI units, scalars or arrays.

    fire_type : int
        0 surface, 1 torching (passive crown fire), 2 conditional crown fire (reported as a
        surface fire), 3 crowning (active crown fire); see ``CROWN_FIRE_TYPES``.
    final_ros, final_fireline_intensity, final_flame_length, final_heat_per_unit_area :
        The fire's spread rate (m/s), Byram intensity (kW/m), flame length (m; Thomas 1963 for a
        crown fire) and heat per unit area (kJ/m²), whatever its type.
    crown_fraction_burned : 0-1
    transition_ratio, active_ratio :
        Surface intensity / Van Wagner's critical intensity, and Rothermel's (1991) crown spread
        rate / 3.0/CBD; a ratio >= 1 passes.
    critical_surface_intensity : kW/m
        Van Wagner's (1977) I'_o.
    critical_surface_ros, active_crown_ros, critical_crown_ros : m/s
        R'_initiation, R_active, R'_active.
    crowning_wind_20ft : m/s
        The crowning index O'_active: the 20-ft wind at which active crowning starts.
    crown_length_to_breadth :
        1 + 0.125 U_20 (mi/h), Rothermel (1991).
    surface_ros : m/s
        The surface fire's head spread rate.
    waf :
        The wind adjustment factor used (midflame / 20-ft wind).
    """

    fire_type: Any
    final_ros: Any
    final_fireline_intensity: Any
    final_flame_length: Any
    final_heat_per_unit_area: Any
    crown_fraction_burned: Any
    transition_ratio: Any
    active_ratio: Any
    critical_surface_intensity: Any
    critical_surface_ros: Any
    active_crown_ros: Any
    critical_crown_ros: Any
    crowning_wind_20ft: Any
    crown_length_to_breadth: Any
    surface_ros: Any
    waf: Any


def crown_fire(
    fuel_model: Any,
    moisture: Any,
    wind_speed_20ft: Any,
    wind_direction: Any = 0.0,
    slope: Any = 0.0,
    aspect: Any = 0.0,
    *,
    canopy_base_height: Any,
    canopy_bulk_density: Any,
    canopy_height: Any,
    canopy_cover: Any = 0.5,
    foliar_moisture: Any = 1.0,
    waf: Any = None,
    behave: bool = True,
) -> CrownFireResult:
    """Crown fire behaviour by Scott & Reinhardt's (2001) linked models, elementwise.

    A surface fire (Rothermel 1972) under the canopy starts a crown fire when its intensity
    reaches Van Wagner's (1977) critical intensity; the crown fire runs at Rothermel's (1991)
    rate, 3.34 times fuel model 10's, and is active when that reaches 3.0/CBD m/min. Between the
    two, the crown fraction burned scales spread and heat (passive crown fire). This is the
    model of BehavePlus's and FlamMap's crown fire outputs. Every argument broadcasts like numpy
    operands.

    Parameters
    ----------
    fuel_model : int, str or array of them
        Surface fuel model by code or name, e.g. 165 or ``"TU5"`` (see :func:`fuel_models`).
    moisture : dict or sequence of 5
        Surface fuel moistures as fractions, as for :func:`rothermel`.
    wind_speed_20ft : float or array
        Wind speed 20 ft (6.1 m) above the vegetation (m/s); :func:`mph_to_m_per_s` converts.
    wind_direction, slope, aspect : float or array
        Direction the wind comes from (degrees), slope as rise/run, aspect (downslope direction,
        degrees), as for :func:`rothermel`.
    canopy_base_height : float or array
        Canopy base height (m).
    canopy_bulk_density : float or array
        Canopy bulk density (kg/m³), typically 0.05-0.3.
    canopy_height : float or array
        Stand height (m), at least the base height.
    canopy_cover : float or array
        Canopy cover (fraction), for the wind adjustment factor when ``waf`` is None.
    foliar_moisture : float or array
        Foliar moisture as a fraction (1.0 = 100 %).
    waf : float, array or None
        Wind adjustment factor (midflame / 20-ft wind). None: BehavePlus's, sheltered by the
        canopy when its crown fill exceeds 5 % (Albini & Baughman 1979), else from the fuel
        depth.
    behave : bool
        Surface runs as BehavePlus does them (wind limit on, behave's herb curing line); the
        default here, since the crown model is BehavePlus's.

    Returns
    -------
    CrownFireResult

    Raises
    ------
    HazsimError
        Bad fuel model, moisture, canopy (e.g. a foliar moisture given in percent) or wind; the
        message names the input and the element.

    Examples
    --------
    >>> r = crown_fire(10, (0.03, 0.04, 0.05, 0.3, 0.6), mph_to_m_per_s(25),
    ...                canopy_base_height=2.0, canopy_bulk_density=0.2, canopy_height=15.0)
    >>> CROWN_FIRE_TYPES[r.fire_type]
    'crowning'
    """
    m = _moisture(moisture)
    nan = float("nan")
    try:
        arrays = np.broadcast_arrays(
            _model_codes(fuel_model),
            *[np.asarray(v, dtype=float) for v in m],
            *[
                np.asarray(v, dtype=float)
                for v in (canopy_base_height, canopy_bulk_density, canopy_height, foliar_moisture, canopy_cover)
            ],
            *[
                np.asarray(v, dtype=float)
                for v in (wind_speed_20ft, nan if waf is None else waf, wind_direction, slope, aspect)
            ],
        )
    except ValueError as e:
        raise HazsimError(f"crown_fire: the inputs do not broadcast together: {e}") from None
    codes = arrays[0]
    shape = codes.shape
    if codes.dtype.kind not in "iu" and not (
        codes.dtype.kind == "f" and np.all(np.isfinite(codes)) and np.all(codes == np.round(codes))
    ):
        raise HazsimError(f"fuel_model: expected whole fuel model codes such as 102, got {codes.ravel()[:3]}")
    flat = [np.ascontiguousarray(a, dtype=float).ravel() for a in arrays[1:]]
    out = _native.crown_fire_arrays(
        np.ascontiguousarray(codes, dtype=np.int64).ravel(),
        np.ascontiguousarray(np.stack(flat[:5], axis=1)),
        np.ascontiguousarray(np.stack(flat[5:10], axis=1)),
        np.ascontiguousarray(np.stack(flat[10:15], axis=1)),
        behave,
    )
    out["fire_type"] = out["fire_type"].astype(np.int64)
    if shape == ():
        vals = {k: (int(v[0]) if k == "fire_type" else float(v[0])) for k, v in out.items()}
    else:
        vals = {k: v.reshape(shape) for k, v in out.items()}
    return CrownFireResult(**{k: vals[k] for k in CrownFireResult._fields})


def crown_map(
    terrain: Terrain,
    fuels: Any,
    moisture: Any,
    wind_speed_20ft: float,
    wind_direction: float,
    canopy_base_height: Any,
    canopy_bulk_density: Any,
    canopy_height: Any,
    canopy_cover: Any,
    foliar_moisture: Any = 1.0,
    behave: bool = True,
) -> Dict[str, Raster]:
    """Crown fire potential of every cell under one weather (Scott & Reinhardt 2001, as
    BehavePlus and FlamMap compute it; the library's ``crown_map``, as ``hazsim crown``).

    Parameters
    ----------
    terrain : Terrain
    fuels : int, str, Raster or 2-D array
        One fuel model by code or name (165 or ``"TU5"``), or a grid of codes.
    moisture : dict or 5-sequence
        Dead 1-h, 10-h, 100-h and live herb, woody moistures as fractions.
    wind_speed_20ft, wind_direction : float
        20-ft wind speed (m/s) and the direction it comes from (degrees).
    canopy_base_height, canopy_bulk_density, canopy_height, canopy_cover, foliar_moisture :
        number, Raster or 2-D array
        Canopy base height (m), bulk density (kg/m³), stand height (m), cover (0-1) and foliar
        moisture (fraction). NaN/nodata cells are left out (NaN in every map).

    Returns
    -------
    dict of str to Raster
        ``fire.crown_fire_type``, ``fire.crown_ros``, ``fire.crown_fireline_intensity``,
        ``fire.crown_flame_length``, ``fire.transition_ratio``, ``fire.active_ratio``,
        ``fire.crowning_index`` (see ``hazsim.FIELDS``).
    """
    if not isinstance(terrain, Terrain):
        raise HazsimError(f"terrain: expected a hazsim.Terrain, got {type(terrain).__name__}")
    code, grid = _fuels(fuels)
    m = [float(v) for v in _moisture(moisture)]
    return dict(
        _native.crown_map(
            terrain, code, grid, m, float(wind_speed_20ft), float(wind_direction),
            canopy_base_height, canopy_bulk_density, canopy_height, canopy_cover, foliar_moisture,
            bool(behave),
        )
    )


def fuel_code(name: str) -> int:
    """The code of a standard fuel model given by name or code, as behave and pyrothermel users
    type them: ``"GR2"`` is 102, ``"SH7"`` 147, ``"FM1"`` 1, ``"NB8"`` 98; any case.

    Raises
    ------
    HazsimError
        For a name that is not a standard model's, listing the names that are.
    """
    return int(_native.fuel_code(name))


def fuel_models() -> List[Dict[str, Any]]:
    """The standard fuel models: Anderson's (1982) 13 and Scott & Burgan's (2005) 40 (the 53
    burnable ones) and the non-burnable codes 91-99, each a dict with ``code``, ``name``,
    ``description``, ``burnable``, ``dynamic`` and its parameters in SI units (``depth_m``,
    ``load_1h_kg_m2``..., ``savr_1h_m2_m3``..., ``moisture_of_extinction_dead``,
    ``heat_content_dead_j_kg``, ``heat_content_live_j_kg``).
    """
    return list(_native.fuel_models())


# ---------------------------------------------------------------------------------------------
# Grid spread
# ---------------------------------------------------------------------------------------------

_WEATHER_FORM = (
    "a dict {'wind_speed', 'wind_direction', 'moisture'} for constant weather, or a time-ordered "
    "list of records: dicts with 'time' (s) or tuples (time_s, wind_speed, wind_direction, moisture), "
    "or a table (e.g. a pandas DataFrame) with columns time (s), wind_speed, wind_direction and "
    "either moisture or one_hour, ten_hour, hundred_hour, live_herb, live_woody"
)


def _get(rec: Mapping, names: Sequence[str], what: str, i: Optional[int]) -> Any:
    for n in names:
        if n in rec:
            return rec[n]
    where = "weather" if i is None else f"weather[{i}]"
    raise HazsimError(f"{where}: missing {what!r} (also accepted: {', '.join(names[1:])}); expected {_WEATHER_FORM}")


def _weather(weather: Any) -> List[Tuple[float, float, float, List[float]]]:
    """Weather records as (time_s, wind_speed, wind_direction, [5 moistures])."""
    if hasattr(weather, "to_dict") and hasattr(weather, "columns"):  # a DataFrame
        weather = weather.to_dict("records")
    if isinstance(weather, Mapping):
        records: List[Any] = [dict(weather, time=weather.get("time", 0.0))]
        single = True
    elif isinstance(weather, (list, tuple)):
        records = list(weather)
        single = False
    else:
        raise HazsimError(f"weather: got {type(weather).__name__}; expected {_WEATHER_FORM}")
    if not records:
        raise HazsimError(f"weather: empty; expected {_WEATHER_FORM}")
    out = []
    last_m: Optional[List[float]] = None
    for i, rec in enumerate(records):
        idx = None if single else i
        where = "weather" if single else f"weather[{i}]"
        if isinstance(rec, Mapping):
            t = _get(rec, ("time", "time_s", "t"), "time", idx) if not single else rec.get("time", 0.0)
            ws = _get(rec, ("wind_speed", "wind", "ws"), "wind_speed", idx)
            wd = _get(rec, ("wind_direction", "wind_dir", "wd"), "wind_direction", idx)
            if "moisture" in rec:
                m = _moisture(rec["moisture"], f"{where}.moisture")
            elif all(any(a in rec for a in _MOISTURE_ALIASES[k]) for k in _MOISTURE_KEYS):
                m = _moisture({k: v for k, v in rec.items() if any(k in al for al in _MOISTURE_ALIASES.values())}, where)
            elif last_m is not None:
                m = last_m
            else:
                raise HazsimError(f"{where}: no moisture; give 'moisture' as {_MOISTURE_FORM}")
        elif isinstance(rec, (list, tuple)) and len(rec) in (3, 4):
            t, ws, wd = rec[0], rec[1], rec[2]
            if len(rec) == 4:
                m = _moisture(rec[3], f"{where}.moisture")
            elif last_m is not None:
                m = last_m
            else:
                raise HazsimError(f"{where}: no moisture; give (time_s, wind_speed, wind_direction, moisture)")
        else:
            raise HazsimError(f"{where}: got {rec!r}; expected {_WEATHER_FORM}")
        try:
            rec_out = (float(t), float(ws), float(wd), [float(v) for v in m])
        except (TypeError, ValueError):
            raise HazsimError(f"{where}: time, wind_speed, wind_direction and moistures must be numbers; got {rec!r}") from None
        if out and not rec_out[0] > out[-1][0]:
            raise HazsimError(
                f"{where}: time {rec_out[0]} s does not follow {out[-1][0]} s; weather records must be "
                "in strictly increasing time order (sort them, remove duplicates)"
            )
        last_m = rec_out[3]
        out.append(rec_out)
    return out


def _xy(p: Any, what: str) -> Tuple[float, float]:
    try:
        x, y = float(p[0]), float(p[1])
    except (TypeError, ValueError, IndexError, KeyError):
        raise HazsimError(f"{what}: expected an (x, y) position, got {p!r}") from None
    return x, y


def _ignitions(ignitions: Any) -> Tuple[list, list, list]:
    """Points (x, y, t), lines ([(x, y)...], t) and polygons ([ring...], t) from a list of
    points, dicts or GeoJSON-like geometries/features (or one FeatureCollection)."""
    if isinstance(ignitions, Mapping):
        if ignitions.get("type") == "FeatureCollection":
            ignitions = ignitions.get("features", [])
        else:
            ignitions = [ignitions]
    if isinstance(ignitions, (str, bytes)) or not hasattr(ignitions, "__iter__"):
        raise HazsimError(f"ignitions: got {ignitions!r}; expected a list of (x, y) or (x, y, t) points")
    points, lines, polygons = [], [], []
    for k, ig in enumerate(ignitions):
        what = f"ignitions[{k}]"
        t = 0.0
        if isinstance(ig, Mapping):
            props = ig.get("properties") or {}
            t = float(ig.get("time", props.get("time_s", props.get("time", 0.0))))
            geom = ig.get("geometry", ig) if ig.get("type") == "Feature" else ig
            gtype = geom.get("type")
            if gtype is None and "x" in geom:
                points.append((float(geom["x"]), float(geom["y"]), t))
                continue
            coords = geom.get("coordinates")
            if gtype == "Point":
                points.append((*_xy(coords, what), t))
            elif gtype == "MultiPoint":
                points.extend((*_xy(c, what), t) for c in coords)
            elif gtype == "LineString":
                lines.append(([_xy(c, what) for c in coords], t))
            elif gtype == "MultiLineString":
                lines.extend(([_xy(c, what) for c in l], t) for l in coords)
            elif gtype == "Polygon":
                polygons.append(([[_xy(c, what) for c in ring] for ring in coords], t))
            elif gtype == "MultiPolygon":
                polygons.extend(([[_xy(c, what) for c in ring] for ring in p], t) for p in coords)
            else:
                raise HazsimError(f"{what}: geometry type {gtype!r} is not a Point, LineString or Polygon")
        else:
            try:
                vals = [float(v) for v in ig]
            except (TypeError, ValueError):
                raise HazsimError(f"{what}: expected (x, y) or (x, y, t) in the terrain's CRS, got {ig!r}") from None
            if len(vals) not in (2, 3):
                raise HazsimError(f"{what}: expected (x, y) or (x, y, t) in the terrain's CRS, got {ig!r}")
            points.append((vals[0], vals[1], vals[2] if len(vals) == 3 else 0.0))
    return points, lines, polygons


def _barriers(barriers: Any) -> Tuple[Any, list, list]:
    """A mask (Raster or array) and/or line and polygon geometries."""
    if barriers is None:
        return None, [], []
    if isinstance(barriers, Raster) or isinstance(barriers, np.ndarray):
        return barriers, [], []
    mask = None
    lines: list = []
    polygons: list = []
    pts, ls, ps = _ignitions(barriers)
    if pts:
        # A point barrier is one cell: a zero-length line.
        lines.extend([[(x, y)] for x, y, _ in pts])
    lines.extend(l for l, _ in ls)
    polygons.extend(p for p, _ in ps)
    return mask, lines, polygons


def _model_codes(fuel_model: Any) -> Any:
    """Fuel model codes as an array: names such as "GR2" (one, or an array of them) become
    their codes through the library's table; numbers pass through."""
    a = np.asarray(fuel_model)
    if a.dtype.kind in "US":
        return np.vectorize(lambda s: _native.fuel_code(str(s)), otypes=[np.int64])(a)
    return a


def _fuels(fuels: Any) -> Tuple[Optional[int], Any]:
    if isinstance(fuels, str):
        return int(_native.fuel_code(fuels)), None
    if isinstance(fuels, (bool, np.bool_)):
        raise HazsimError(f"fuels: got {fuels!r}; expected a fuel model code or a raster of codes")
    if isinstance(fuels, (int, np.integer)):
        if not 0 <= int(fuels) <= 65535:
            raise HazsimError(f"fuels = {fuels}: not a fuel model code (see hazsim.fire.fuel_models())")
        return int(fuels), None
    if isinstance(fuels, float):
        raise HazsimError(f"fuels = {fuels}: a fuel model code is a whole number such as 102")
    return None, fuels


def _native_args(terrain, fuels, weather, ignitions, duration, barriers, stencil_radius, behave):
    if not isinstance(terrain, Terrain):
        raise HazsimError(f"terrain: expected a hazsim.Terrain, got {type(terrain).__name__}")
    code, grid = _fuels(fuels)
    pts, lines, polys = _ignitions(ignitions)
    mask, blines, bpolys = _barriers(barriers)
    return (
        terrain, code, grid, _weather(weather), pts, lines, polys, mask, blines, bpolys,
        float(duration), int(stencil_radius), bool(behave),
    )


class Simulation:
    """A fire to step through time: advance it, look at its fields, advance again.

    Takes the arguments of :func:`simulate` except ``progress`` (which goes to :meth:`advance`);
    ``duration`` is the planned length, used by :meth:`advance` with no argument.

    Examples
    --------
    >>> sim = hazsim.fire.Simulation(t, 102, weather, [(x, y)], 3 * 3600)
    >>> sim.advance(3600)
    >>> sim.field("fire.arrival_time")     # numpy float32 copy, NaN = unburned
    >>> sim.advance()                      # to the planned duration
    >>> sim.result().final_area
    """

    def __init__(
        self,
        terrain: Terrain,
        fuels: Any,
        weather: Any,
        ignitions: Any,
        duration: float,
        barriers: Any = None,
        *,
        stencil_radius: int = 6,
        behave: bool = False,
    ) -> None:
        self._sim = _native.NativeSimulation(
            *_native_args(terrain, fuels, weather, ignitions, duration, barriers, stencil_radius, behave)
        )

    @property
    def now(self) -> float:
        """Model time (s) since the start."""
        return self._sim.now

    @property
    def duration(self) -> float:
        """The planned length of the run (s)."""
        return self._sim.duration

    @property
    def burned_cells(self) -> int:
        """Cells burned so far."""
        return self._sim.burned_cells

    def advance(self, until: Optional[float] = None, progress: Optional[Callable[[float, str], Any]] = None) -> None:
        """Advance to model time ``until`` (s; the planned duration by default) with the GIL
        released. ``progress(fraction, stage)`` is called during the run and at its end;
        returning ``False`` stops it with :class:`Cancelled` (the state stays valid, so the run
        can be advanced again). A time at or before ``now`` does nothing."""
        self._sim.advance(self.duration if until is None else float(until), progress)

    def field(self, name: str) -> np.ndarray:
        """A copy of a field now as a float32 array: ``fire.arrival_time`` (s, NaN unburned),
        ``fire.ros`` (m/s), ``fire.fireline_intensity`` (kW/m), ``fire.flame_length`` (m)."""
        return self._sim.field(name)

    def fields(self) -> List[Tuple[str, str, str]]:
        """The fields as (name, unit, meaning)."""
        return list(FIELDS)

    def result(self) -> FireResult:
        """A :class:`FireResult` of the state now."""
        return self._sim.result()

    def __repr__(self) -> str:
        return f"hazsim.fire.Simulation(now={self.now} s of {self.duration} s, burned_cells={self.burned_cells})"


def simulate(
    terrain: Terrain,
    fuels: Any,
    weather: Any,
    ignitions: Any,
    duration: float,
    barriers: Any = None,
    *,
    stencil_radius: int = 6,
    behave: bool = False,
    progress: Optional[Callable[[float, str], Any]] = None,
) -> FireResult:
    """Spread a surface fire over a terrain for ``duration`` seconds.

    Spread rates come from the Rothermel model (fuel, moisture, midflame wind, the terrain's
    slope and aspect); arrival times are minimum travel times over the grid (Finney 2002) on a
    stencil of ``stencil_radius`` (6: 96 directions). The run is in Rust with the GIL released.

    Parameters
    ----------
    terrain : Terrain
        The DEM, in a projected CRS (metres).
    fuels : int, str, Raster or 2-D array
        One fuel model everywhere by code or name (102 or ``"GR2"``), or a grid of codes on the
        terrain's grid
        (NaN or nodata cells do not burn; non-burnable codes 91-99 never burn).
    weather : dict, list or table
        Constant weather ``{"wind_speed": m/s midflame, "wind_direction": deg from,
        "moisture": (1h, 10h, 100h, herb, woody)}``, or time-ordered records: dicts with a
        ``time`` (s) key, tuples ``(time_s, wind_speed, wind_direction, moisture)``, or a pandas
        DataFrame. Each record holds until the next; a record without moisture keeps the
        previous one.
    ignitions : list
        ``(x, y)`` or ``(x, y, t)`` points in the terrain's CRS (t in s), ``{"x", "y", "time"}``
        dicts, or GeoJSON geometries/features/a FeatureCollection: points ignite their cell,
        lines every cell they run through, polygons every cell they cover.
    duration : float
        Length of the run (s).
    barriers : None, Raster, 2-D array or geometries
        Cells that never burn and stop the fire (fuel breaks, roads, water): a mask (non-zero =
        barrier) on the terrain's grid, or GeoJSON-like lines/polygons, rasterized to a
        continuous wall of cells.
    stencil_radius : int
        1 (8 directions) to 8 (176); 6 by default.
    behave : bool
        BehavePlus's curing line for dynamic fuel models.
    progress : callable or None
        ``progress(fraction, stage)``; returning ``False`` cancels with :class:`Cancelled`.

    Returns
    -------
    FireResult

    Raises
    ------
    HazsimError
        Bad input, named with its value and the fix: unknown fuel code, moisture out of range
        or in percent, ignition outside the grid or on non-burnable fuel, weather out of time
        order, a fuel raster on another grid.
    """
    sim = Simulation(terrain, fuels, weather, ignitions, duration, barriers, stencil_radius=stencil_radius, behave=behave)
    sim.advance(duration, progress)
    return sim.result()


def field_table() -> Dict[str, Dict[str, str]]:
    """The fire fields as ``{name: {"unit": ..., "meaning": ...}}``."""
    return _results.field_table("fire")


def write_result(
    result: "FireResult",
    directory: Union[str, "os.PathLike[str]"],
    fields: Optional[Iterable[str]] = None,
    prefix: str = "",
    compression: str = "deflate",
) -> List[str]:
    """Write a FireResult's rasters as GeoTIFFs named after their fields
    (``fire.arrival_time.tif``); returns the paths written."""
    return _results.write_result(result, directory, fields, prefix, compression, hazard="fire")


def to_xarray(result: "FireResult") -> Any:
    """A FireResult as an ``xarray.Dataset``; see :func:`hazsim.to_xarray`."""
    return _results.to_xarray(result, hazard="fire")


def tqdm_progress(desc: str = "fire", **tqdm_kwargs: Any) -> Callable[[float, str], bool]:
    """A progress callback that drives a ``tqdm`` bar; see :func:`hazsim.tqdm_progress`."""
    return _results.tqdm_progress(desc, **tqdm_kwargs)
