"""Type stubs for ``hazsim.debris``."""

from ._debris_methods import *  # noqa: F401,F403
