"""zwgk：基层政务公开事项标准目录编译器."""

from ._version import __version__

__all__ = ["__version__"]
