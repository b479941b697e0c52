"""Bring existing catalogues in: Excel/WPS workbooks, saved web pages and Word tables → catalogue files.

readers (xlsx, html, docx) → grid → text clean-up → table (header, fill-down) → records → files.
"""

from .pipeline import READERS, ImportResult, gather, write
from .records import Options
from .report import ImportReport, render

__all__ = ["READERS", "ImportReport", "ImportResult", "Options", "gather", "render", "write"]
