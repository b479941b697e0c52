"""Write catalogues out in other forms: catalogue YAML files, and workbooks for colleagues to review."""

from __future__ import annotations

from collections.abc import Callable

from ..catalogue import Catalogue
from . import xlsx
from .xlsx import Exported

# Export format → (function, file suffix); `zwgk export FORMAT` offers exactly these.
EXPORTERS: dict[str, tuple[Callable[[Catalogue], Exported], str]] = {"xlsx": (xlsx.export, ".xlsx")}

__all__ = ["EXPORTERS", "Exported"]
