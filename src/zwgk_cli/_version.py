"""The version, in one place: read by the package build (pyproject.toml) and at run time for free."""

__version__ = "0.1.0"
