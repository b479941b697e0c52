"""JSON Schemas of the file formats, generated from the pydantic models, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import KEY_SPELLINGS, CatalogueFile, ProjectFile
from .render_data import CatalogueData

SCHEMA_DIR = "schemas"
INPUT_FORMATS = (CatalogueFile, ProjectFile)
FORMATS: dict[str, type[BaseModel]] = {
    "catalogue.schema.json": CatalogueFile,
    "project.schema.json": ProjectFile,
    "catalogue-data.schema.json": CatalogueData,
}


def generate(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    if model in INPUT_FORMATS:
        _add_spellings(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}


def _any_spelling_required(node: dict[str, Any]) -> None:
    """A required key may be written in any of its spellings."""
    required = node.pop("required", [])
    plain = [key for key in required if len(KEY_SPELLINGS.get(key, ())) <= 1]
    if plain:
        node["required"] = plain
    choices = [
        {"anyOf": [{"required": [s]} for s in sorted(KEY_SPELLINGS[key], key=lambda s: (s != key, s))]}
        for key in required
        if key not in plain
    ]
    if choices:
        node["allOf"] = choices


def _add_spellings(node: Any) -> None:
    """The other accepted spellings of each key (English, 公开渠道和载体 …): valid, but not suggested."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            _any_spelling_required(node)
            for key in list(properties):
                for other in sorted(KEY_SPELLINGS.get(key, ())):
                    if other not in properties:
                        properties[other] = {
                            **properties[key],
                            "description": f"同「{key}」",
                            "doNotSuggest": True,
                        }
        for value in node.values():
            _add_spellings(value)
    elif isinstance(node, list):
        for value in node:
            _add_spellings(value)


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
