"""Measure zwgk against the floor (bare YAML parsing) and against the tools a user would reach for instead.

    python benchmarks/run.py [--scale province] [--repeat 3] [--peers]

Every measurement is a fresh process, run in interleaved rounds so that load on a shared machine
falls on all of them alike; the report gives medians, ratios and peak memory (max RSS).
`--peers` also runs check-jsonschema and mkdocs (pip install check-jsonschema mkdocs).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable

FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
READ_SCRIPT = """
import sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    path.read_bytes()
"""


@dataclass
class Measurement:
    name: str
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one command in a fresh process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.chdir(cwd or Path.cwd())
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def zwgk(*args: str) -> list[str]:
    return [PYTHON, "-m", "zwgk_cli", *args]


def touch_one_file(tree: Path) -> None:
    """Change one catalogue file's content (a revision date), as an editor's commit would."""
    path = sorted(tree.rglob("catalogues/county/budget.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    marker = "修订日期: 2026-03-15"
    other = "修订日期: 2026-03-16"
    path.write_text(
        text.replace(marker, other) if marker in text else text.replace(other, marker), encoding="utf-8"
    )


def measure(tree: Path, repeat: int, peers: bool, work: Path) -> list[Measurement]:
    out = work / "dist"
    files = [str(p) for p in sorted(tree.rglob("catalogues/**/*.yaml"))]
    steps: list[tuple[str, list[str], object]] = [
        ("读取字节", [PYTHON, "-c", READ_SCRIPT, str(tree)], None),
        ("PyYAML C 加载器（下限）", [PYTHON, "-c", FLOOR_SCRIPT, str(tree)], None),
        ("zwgk validate -j 1", zwgk("validate", str(tree), "-j", "1"), None),
        ("zwgk validate -j 2", zwgk("validate", str(tree), "-j", "2"), None),
        ("zwgk build（全量）", zwgk("build", str(tree), "--out", str(out), "--no-cache"), None),
        ("zwgk build（无改动重建）", zwgk("build", str(tree), "--out", str(out)), None),
        ("zwgk build（改动一个文件）", zwgk("build", str(tree), "--out", str(out)), touch_one_file),
    ]
    if peers:
        schema = str(REPO / "schemas" / "catalogue.schema.json")
        steps.append(("check-jsonschema", ["check-jsonschema", "--schemafile", schema, *files], None))
        mkdocs_yml = work / "mkdocs.yml"
        mkdocs_yml.write_text(
            f"site_name: bench\ndocs_dir: {out}/md\nsite_dir: {work}/mkdocs-site\n", encoding="utf-8"
        )
        steps.append(
            ("mkdocs build（同一批 Markdown）", ["mkdocs", "build", "-q", "-f", str(mkdocs_yml)], None)
        )
    results = {name: Measurement(name) for name, _, _ in steps}
    for round_ in range(repeat):
        for name, command, before in steps:
            if before is not None:
                before(tree)  # type: ignore[operator]
            if name.startswith(("check-jsonschema", "mkdocs")) and round_ > 0:
                continue  # the peers are slow and steady; one run each
            elapsed, rss = run(command)
            results[name].times.append(elapsed)
            results[name].rss_mb.append(rss)
            print(f"  第 {round_ + 1} 轮 {name}: {elapsed:.2f} s, {rss:.0f} MB", file=sys.stderr)
    return list(results.values())


def report(results: list[Measurement], scale: str, tree: Path) -> str:
    by_name = {m.name: m for m in results}
    floor = by_name["PyYAML C 加载器（下限）"].median
    full = by_name["zwgk build（全量）"].median
    size = sum(p.stat().st_size for p in tree.rglob("*.yaml")) / 1e6
    lines = [
        f"规模：{scale}，{size:.1f} MB YAML；机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}",
        "",
        "| 测量 | 中位数 (s) | ÷ 下限 | 峰值内存 (MB) |",
        "|---|---|---|---|",
    ]
    for m in results:
        lines.append(f"| {m.name} | {m.median:.2f} | {m.median / floor:.2f} | {max(m.rss_mb):.0f} |")
    lines.append("")
    lines.append(f"无改动重建 ÷ 全量构建：{by_name['zwgk build（无改动重建）'].median / full:.3f}")
    validate = by_name["zwgk validate -j 1"].median
    if "check-jsonschema" in by_name:
        lines.append(f"check-jsonschema ÷ zwgk validate：{by_name['check-jsonschema'].median / validate:.1f}")
    if "mkdocs build（同一批 Markdown）" in by_name:
        lines.append(f"mkdocs ÷ zwgk build：{by_name['mkdocs build（同一批 Markdown）'].median / full:.1f}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province", choices=("county", "city", "province"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", action="store_true", help="也测 check-jsonschema 和 mkdocs")
    parser.add_argument("--tree", type=Path, help="已生成的树（默认在临时目录里生成）")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as scratch:
        work = Path(scratch)
        tree = args.tree or work / "tree"
        if args.tree is None:
            subprocess.run([PYTHON, str(HERE / "generate.py"), args.scale, str(tree)], check=True)
        results = measure(tree, args.repeat, args.peers, work)
        print(report(results, args.scale, tree))
        shutil.rmtree(work / "dist", ignore_errors=True)


if __name__ == "__main__":
    main()
