"""Python-side conversions behind ``hazsim.Scenario`` and ``hazsim.ScenarioResult``.

``to_json`` backs ``Scenario.from_dict`` (the dict goes to the Rust library as JSON text) and
``impacts_table`` backs ``ScenarioResult.impacts`` (pandas and geopandas are optional, so the
table is built here). Nothing here knows about scenarios beyond the conversion.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, List, Optional, Sequence


def _default(obj: Any) -> Any:
    """JSON form of the values a scenario dict may hold beside JSON's own: paths and numpy
    scalars and arrays."""
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    if hasattr(obj, "tolist") and hasattr(obj, "dtype"):  # numpy scalars and arrays
        return obj.tolist()
    raise TypeError(
        f"a scenario dict holds str, numbers, bools, lists and dicts (and paths); "
        f"got a {type(obj).__name__}: {obj!r}"
    )


def to_json(d: Any) -> str:
    """The scenario dict ``d`` as JSON text for ``Scenario::from_json``."""
    if not isinstance(d, Mapping):
        raise TypeError(
            "Scenario.from_dict: expected a dict of the scenario file's structure "
            f"({{'scenario': {{...}}, 'terrain': {{...}}, 'hazard': [...]}}); got a {type(d).__name__}"
        )
    try:
        return json.dumps(d, default=_default, allow_nan=False)
    except ValueError as e:  # NaN or infinity
        raise ValueError(f"Scenario.from_dict: {e} (NaN and infinity are not scenario values)") from None


def impacts_table(
    records: List[dict], columns: Sequence[str], features: List[dict], crs: Optional[str]
) -> Any:
    """The impact rows as a GeoDataFrame (geopandas and shapely installed), a DataFrame (pandas
    installed) or the list of dicts itself."""
    try:
        import pandas as pd
    except ImportError:
        return records
    columns = list(columns)
    try:
        import geopandas as gpd
        from shapely.geometry import shape
    except ImportError:
        return pd.DataFrame.from_records(records, columns=columns)
    return gpd.GeoDataFrame(
        pd.DataFrame.from_records(records, columns=columns),
        geometry=[shape(f["geometry"]) for f in features],
        crs=crs,
    )
