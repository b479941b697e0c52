"""JSON Schemas of the file formats, generated from the pydantic models, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import CatalogueFile, ProjectFile
from .render_data import CatalogueData

SCHEMA_DIR = "schemas"
FORMATS: dict[str, type[BaseModel]] = {
    "catalogue.schema.json": CatalogueFile,
    "project.schema.json": ProjectFile,
    "catalogue-data.schema.json": CatalogueData,
}


def generate(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}


def render(model: type[BaseModel], name: str) -> str:
    return json.dumps(generate(model, name), ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, str]:
    """File name → text of every schema zwgk maintains."""
    return {name: render(model, name) for name, model in FORMATS.items()}


def stale(directory: Path) -> list[str]:
    """Names of the schema files in `directory` that differ from what the models generate."""
    return [
        name
        for name, text in all_schemas().items()
        if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != text
    ]


def write(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    changed = stale(directory)
    for name, text in all_schemas().items():
        if name in changed:
            (directory / name).write_text(text, encoding="utf-8")
    return changed
