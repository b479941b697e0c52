"""Rules from the regulations: semantic checks a schema cannot express (codes ZW4xx for items, ZW5xx across files).

Each module defines its codes and registers pure check functions; importing the package registers them all,
in code order (ZW401… then ZW501…), which is the order `zwgk rules` lists them in.
"""

from __future__ import annotations

# isort: off
from . import deadlines, basis, channels, audience, bodies, personal_data, exemptions
from . import consistency, coverage

# isort: on
from .exemptions import Exemption, exemptions_of
from .reference import markdown
from .registry import run

__all__ = [
    "Exemption",
    "audience",
    "basis",
    "bodies",
    "channels",
    "consistency",
    "coverage",
    "deadlines",
    "exemptions",
    "exemptions_of",
    "markdown",
    "personal_data",
    "run",
]
