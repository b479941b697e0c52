"""zwgk：基层政务公开事项标准目录编译器."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zwgk")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
