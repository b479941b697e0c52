"""Generate synthetic catalogue trees in the project format, at the scale of a county, a city or a province.

    python benchmarks/generate.py province /tmp/zwgk-bench/province

Items are drawn from the shipped sample catalogue (so text lengths and shapes are real), with
names varied per government; the output is deterministic for a given scale.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Scale:
    governments: int
    domains: int
    items: int


SCALES = {
    "county": Scale(governments=1, domains=26, items=20),
    "city": Scale(governments=10, domains=26, items=20),
    "province": Scale(governments=200, domains=26, items=20),
}


def sample_items() -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for path in sorted((REPO / "catalogues" / "county").glob("*.yaml")):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8")).get("事项", []))
    return items


def project_file(index: int, channels: list[str]) -> str:
    return (
        "政府:\n"
        f"  编号: county-{index:03d}\n"
        f"  名称: 第{index}县人民政府\n"
        f"  简称: 第{index}县\n"
        "  层级: county\n"
        f"渠道: [{', '.join(channels)}]\n"
    )


def catalogue_file(domain: str, name: str, items: list[dict[str, object]]) -> str:
    header = {"领域": name, "层级": "县级", "修订日期": "2026-03-15", "版本": "2026年第1版"}
    text = yaml.dump(header, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    body = yaml.dump(
        {"事项": items}, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000
    )
    return "# yaml-language-server: $schema=../../schemas/catalogue.schema.json\n" + text + body


def generate(scale: Scale, out: Path) -> int:
    """Write the tree; return the number of items written."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(20261126)
    pool = sample_items()
    channels = yaml.safe_load((REPO / "zwgk.yaml").read_text(encoding="utf-8")).get("渠道", [])
    domains = yaml.safe_load((REPO / "src/zwgk_cli/data/domains.yaml").read_text(encoding="utf-8"))[
        : scale.domains
    ]
    members = []
    for g in range(1, scale.governments + 1):
        root = out / f"county-{g:03d}" if scale.governments > 1 else out  # a county: the tree is the project
        (root / "catalogues" / "county").mkdir(parents=True)
        (root / "zwgk.yaml").write_text(project_file(g, channels), encoding="utf-8")
        members.append(root.name)
        for domain in domains:
            chosen = rng.sample(pool, scale.items)
            items = [
                {**item, "二级事项": f"{item.get('二级事项') or item['一级事项']}（{n + 1}）"}
                for n, item in enumerate(chosen)
            ]
            text = catalogue_file(domain["编号"], domain["名称"], items)
            (root / "catalogues" / "county" / f"{domain['编号']}.yaml").write_text(text, encoding="utf-8")
    if scale.governments > 1:
        (out / "zwgk.yaml").write_text("工作区:\n  - county-*\n", encoding="utf-8")
    return scale.governments * scale.domains * scale.items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", choices=sorted(SCALES))
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    items = generate(SCALES[args.scale], args.out)
    size = sum(p.stat().st_size for p in args.out.rglob("*.yaml"))
    print(f"{args.scale}: {items} 项事项，{size / 1e6:.1f} MB → {args.out}")


if __name__ == "__main__":
    main()
