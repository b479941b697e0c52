"""Where things are: the project file, the catalogue and template folders, a workspace's members and
the shipped templates.

Kept apart from the stages that read them, so that a build with nothing to do (which only hashes
these files) loads neither zwgk's pydantic models, the rules nor Jinja.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PROJECT_FILE = "zwgk.yaml"
CATALOGUE_DIR = "catalogues"
TEMPLATE_DIR = "templates"


def shipped_templates() -> Path:
    """The installed package's templates, or the repository's `templates/` in a source checkout."""
    packaged = Path(str(resources.files("zwgk_cli"))) / TEMPLATE_DIR
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / TEMPLATE_DIR


def workspace_members(root: Path, patterns: list[str]) -> list[Path]:
    """The member folders a workspace's patterns name: those that hold a project file."""
    return sorted({p for pattern in patterns for p in root.glob(pattern) if (p / PROJECT_FILE).is_file()})
