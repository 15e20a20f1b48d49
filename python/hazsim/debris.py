"""Debris flows over a DEM: ``hazsim.debris``.

Terrain methods: :func:`slope_stability`, :func:`sinmap`, :func:`release_areas`,
:func:`laharz` and :func:`postfire_likelihood` (see ``hazsim._debris_methods``).
"""

from ._debris_methods import *  # noqa: F401,F403
from ._debris_methods import __all__  # noqa: F401
