"""The committed JSON Schemas match the models, and they accept what zwgk accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from zwgk_cli import schema
from zwgk_cli.loader import load_file


def test_committed_schemas_are_current(repo: Path) -> None:
    assert schema.stale(repo / "schemas") == [], "运行 zwgk schema 重新生成 schemas/"


@pytest.mark.parametrize("name", sorted(schema.FORMATS))
def test_schema_is_valid_json_schema(repo: Path, name: str) -> None:
    document = json.loads((repo / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)


def test_sample_files_satisfy_the_editor_schema(repo: Path) -> None:
    validator = jsonschema.Draft202012Validator(
        json.loads((repo / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    )
    files = sorted((repo / "catalogues").rglob("*.yaml"))
    assert files
    for path in files:
        doc = load_file(path, path.name)
        errors = [e.message for e in validator.iter_errors(doc.data)]
        assert errors == [], f"{path}: {errors[:3]}"


def test_project_file_satisfies_the_editor_schema(repo: Path) -> None:
    validator = jsonschema.Draft202012Validator(
        json.loads((repo / "schemas" / "project.schema.json").read_text(encoding="utf-8"))
    )
    doc = load_file(repo / "zwgk.yaml", "zwgk.yaml")
    assert [e.message for e in validator.iter_errors(doc.data)] == []


def test_every_accepted_spelling_satisfies_the_editor_schema(repo: Path) -> None:
    validator = jsonschema.Draft202012Validator(
        json.loads((repo / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    )
    for case in ("english-keys", "spellings-normalized"):
        for path in sorted((repo / "tests" / "cases" / "valid" / case).rglob("*.yaml")):
            doc = load_file(path, path.name)
            assert [e.message for e in validator.iter_errors(doc.data)] == [], path
