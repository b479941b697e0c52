"""Measure zwgk against the floor (bare YAML parsing) and against the tools a user would reach for instead.

    pip install -e '.[bench]'          # check-jsonschema and mkdocs, the peers
    python benchmarks/run.py           # generates the province tree in a temporary folder

Every measurement is a fresh process, run in interleaved rounds so that load on a shared machine
falls on all of them alike; the report gives medians, ratios and peak memory. `--tree` reuses a
tree made by generate.py (it is modified: one file's date is toggled, a cache is written into it).

The builds write into a RAM file system (/dev/shm) where there is one, so that the figures are
zwgk's and not the disk's; one full build into the system's temporary folder is measured too, to show
what the disk adds on the machine at hand. zwgk's modules are compiled to bytecode first, as an
installation from a wheel has them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
CHANGED = "catalogues/county/budget.yaml"  # the file an editor changes between rebuilds, in the 7th member

READ_SCRIPT = """
import sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    path.read_bytes()
"""
FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

READ, FLOOR = "读取全部字节", "PyYAML C 加载器 yaml.load（下限）"
VALIDATE_1, VALIDATE_2 = "zwgk validate -j 1", "zwgk validate -j 2"
BUILD_1, BUILD_2 = "zwgk build -j 1（全量）", "zwgk build -j 2（全量）"
BUILD_DISK = "zwgk build -j 1（全量，输出写到磁盘）"
UNCHANGED = "zwgk build（无改动重建）"
FIRST_CHANGE, CHANGE = "zwgk build（改动一个文件，全量构建后首次）", "zwgk build（改动一个文件）"
MEMBER = "zwgk build 改动文件所在的成员单独构建（该文件自身的成本）"
SCHEMA, MKDOCS = "check-jsonschema（同一批目录文件）", "mkdocs build（zwgk 生成的同一批 Markdown）"


@dataclass
class Step:
    name: str
    command: list[str]
    before: Callable[[], None] | None = None  # untimed preparation
    after: Callable[[], None] | None = None  # untimed clearing up
    once: bool = False  # slow and steady: the first round only


@dataclass
class Measurement:
    name: str
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)  # the largest single process
    total_mb: list[float] = field(default_factory=list)  # all its processes together, sampled
    cpu: list[float] = field(default_factory=list)  # user + system seconds, its workers included

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def add(self, sample: Sample) -> None:
        self.times.append(sample.seconds)
        self.rss_mb.append(sample.rss_mb)
        self.total_mb.append(sample.total_mb)
        self.cpu.append(sample.cpu)


class Sample(NamedTuple):
    seconds: float  # wall time
    rss_mb: float  # peak RSS of the largest process
    total_mb: float  # sampled peak RSS of the whole process tree
    cpu: float  # user + system time of the process and its children


def run(command: list[str]) -> Sample:
    """One command in a fresh process, its output discarded."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    sampler = TreeMemory(pid)
    sampler.start()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    sampler.stop()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(command[:6])} …")
    largest = usage.ru_maxrss / 1024
    return Sample(elapsed, largest, max(sampler.peak, largest), usage.ru_utime + usage.ru_stime)


class TreeMemory(threading.Thread):
    """Samples the summed RSS of a process and its descendants every 0.1 s (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self._done.wait(0.1):
            self.peak = max(self.peak, sum(_tree_rss(self.pid).values()) * page)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_rss(root: int) -> dict[int, int]:
    """RSS in pages of `root` and every process below it."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21])
    found = {root}
    grew = True
    while grew:
        before = len(found)
        found |= {pid for pid, parent in parents.items() if parent in found}
        grew = len(found) > before
    return {pid: rss.get(pid, 0) for pid in found}


def zwgk(*args: str) -> list[str]:
    return [PYTHON, "-m", "zwgk_cli", *args]


def toggle_date(path: Path) -> None:
    """Change one catalogue file's content (its revision date), as an editor's commit would."""
    text = path.read_text(encoding="utf-8")
    for old, new in (("2026-03-15", "2026-03-16"), ("2026-03-16", "2026-03-15")):
        marker = f"修订日期: '{old}'"
        if marker in text:
            path.write_text(text.replace(marker, f"修订日期: '{new}'"), encoding="utf-8")
            return
    raise RuntimeError(f"{path}: 找不到修订日期，无法模拟改动")


def changed_file(tree: Path) -> Path:
    """The catalogue file to change: in the 7th member of a workspace, or in a single project."""
    found = sorted(tree.glob(f"*/{CHANGED}")) or sorted(tree.glob(CHANGED))
    if not found:
        sys.exit(f"{tree} 里没有 {CHANGED}：请用 generate.py 生成的树")
    return found[min(6, len(found) - 1)]


def steps(tree: Path, work: Path, disk: Path, peers: bool) -> list[Step]:
    out, member_out, disk_out = work / "dist", work / "member", disk / "dist"
    changed = changed_file(tree)

    def fresh() -> None:  # a full build starts from nothing: no output, no cache
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(tree / ".zwgk-cache", ignore_errors=True)

    found = [
        Step(READ, [PYTHON, "-c", READ_SCRIPT, str(tree)]),
        Step(FLOOR, [PYTHON, "-c", FLOOR_SCRIPT, str(tree)]),
        Step(VALIDATE_1, zwgk("validate", str(tree), "-j", "1")),
        Step(VALIDATE_2, zwgk("validate", str(tree), "-j", "2")),
        Step(BUILD_2, zwgk("build", str(tree), "--out", str(out), "--no-cache", "-j", "2"), fresh),
        Step(
            BUILD_DISK, zwgk("build", str(tree), "--out", str(disk_out), "--no-cache", "-j", "1"), once=True
        ),
        Step(BUILD_1, zwgk("build", str(tree), "--out", str(out), "--no-cache", "-j", "1"), fresh),
        Step(UNCHANGED, zwgk("build", str(tree), "--out", str(out))),
        Step(FIRST_CHANGE, zwgk("build", str(tree), "--out", str(out)), lambda: toggle_date(changed)),
        Step(CHANGE, zwgk("build", str(tree), "--out", str(out)), lambda: toggle_date(changed)),
        Step(MEMBER, zwgk("build", str(changed.parents[2]), "--out", str(member_out), "--no-cache")),
    ]
    if peers:
        schema = str(REPO / "schemas" / "catalogue.schema.json")
        files = [str(p) for p in sorted(tree.rglob("catalogues/**/*.yaml"))]
        check = [str(BIN / "check-jsonschema"), "--schemafile", schema, *files]
        found.append(Step(SCHEMA, check, once=True))
        config = work / "mkdocs.yml"
        found.append(Step(MKDOCS, [str(BIN / "mkdocs"), "build", "-q", "-f", str(config)], once=True))
        found[-1].before = lambda: markdown_site(out, work, config)
        found[-1].after = lambda: clear_markdown_site(work)
    return found


def scratch_folder() -> str | None:
    """A RAM file system with room for the province tree, its outputs and the peers' (about 3 GB)."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 4e9:
        return shm
    return None  # the system's temporary folder


def filesystem(path: Path) -> str:
    """The type of the file system `path` is on (Linux /proc/mounts), e.g. tmpfs or ext4."""
    best, kind = "", "?"
    for line in _lines("/proc/mounts"):
        fields = line.split()
        if len(fields) > 2 and os.fspath(path.resolve()).startswith(fields[1]) and len(fields[1]) > len(best):
            best, kind = fields[1], fields[2]
    return kind


def markdown_site(out: Path, work: Path, config: Path) -> None:
    """Every member's md/ folder from zwgk's output, gathered into one mkdocs docs folder, configured
    as a user reaching for mkdocs would: a site name and the folder, nothing else. (mkdocs then lists
    every page in every page's navigation, so its time grows faster than the number of pages.)"""
    docs = work / "mkdocs-docs"
    shutil.rmtree(docs, ignore_errors=True)
    for md in sorted(out.glob("*/md")) or [out / "md"]:
        shutil.copytree(md, docs / md.parent.name)
    (docs / "index.md").write_text("# 基层政务公开事项标准目录\n", encoding="utf-8")
    config.write_text(
        f"site_name: bench\ndocs_dir: {docs}\nsite_dir: {work / 'mkdocs-site'}\n", encoding="utf-8"
    )


def clear_markdown_site(work: Path) -> None:
    """mkdocs's pages run to gigabytes on the province tree: freed as soon as they are measured."""
    for folder in ("mkdocs-docs", "mkdocs-site"):
        shutil.rmtree(work / folder, ignore_errors=True)


def measure(all_steps: list[Step], repeat: int) -> list[Measurement]:
    results = {step.name: Measurement(step.name) for step in all_steps}
    for round_ in range(repeat):
        for step in all_steps:
            if step.once and round_ > 0:
                continue
            if step.before is not None:
                step.before()
            sample = run(step.command)
            if step.after is not None:
                step.after()
            results[step.name].add(sample)
            print(
                f"  第 {round_ + 1} 轮 {step.name}: {sample.seconds:.2f} s, "
                f"{sample.rss_mb:.0f} / {sample.total_mb:.0f} MB",
                file=sys.stderr,
            )
    return list(results.values())


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or platform.machine(),
    )
    return f"{os.cpu_count()} 核（nproc），{model}，Python {platform.python_version()}，{platform.system()}"


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def paired(a: Measurement, b: Measurement, combine: Callable[[float, float], float]) -> float:
    """The median over rounds of `combine(a, b)` within each round, when both ran under the same load.

    A step measured once (the peers) is paired with the first round."""
    rounds = min(len(a.times), len(b.times))
    return statistics.median(combine(a.times[r], b.times[r]) for r in range(rounds))


def ratio(a: Measurement, b: Measurement) -> float:
    return paired(a, b, lambda x, y: x / y)


def report(
    results: list[Measurement], tree: Path, places: tuple[Path, Path], load: tuple[float, float]
) -> str:
    by_name = {m.name: m for m in results}
    floor = by_name[FLOOR]
    files = sorted(tree.rglob("*.yaml"))
    size = sum(p.stat().st_size for p in files) / 1e6
    lines = [
        f"树：{tree}，{len(files)} 个 YAML 文件，{size:.1f} MB",
        f"机器：{machine()}；平均负载 开始 {load[0]:.1f}，结束 {load[1]:.1f}",
        f"构建输出：{places[0]}（{filesystem(places[0])}）；写到磁盘一项：{places[1]}（{filesystem(places[1])}）",
        "",
        "| 测量 | 中位数 (s) | 最快 (s) | 次数 | ÷ 下限 | 峰值内存：最大进程 (MB) | 峰值内存：各进程合计 (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in results:
        lines.append(
            f"| {m.name} | {m.median:.2f} | {min(m.times):.2f} | {len(m.times)} | {ratio(m, floor):.2f} "
            f"| {max(m.rss_mb):.0f} | {max(m.total_mb):.0f} |"
        )
    lines += ["", "比值都是同一轮内两项之比的中位数（同一轮里机器的负载相近）。", "", *targets(by_name)]
    return "\n".join(lines) + "\n"


def targets(by_name: dict[str, Measurement]) -> list[str]:
    """The targets of issue 7, each with its figure and whether it is met."""
    floor, build_1, build_2 = by_name[FLOOR], by_name[BUILD_1], by_name[BUILD_2]
    overhead = paired(by_name[CHANGE], by_name[MEMBER], lambda x, y: x - y)
    checks = [
        (f"{VALIDATE_1} ÷ 下限", ratio(by_name[VALIDATE_1], floor), "≤ 1.2", lambda r: r <= 1.2),
        (f"{VALIDATE_2} ÷ 下限", ratio(by_name[VALIDATE_2], floor), "< 0.7", lambda r: r < 0.7),
        (f"{BUILD_1} ÷ 下限", ratio(build_1, floor), "≤ 2", lambda r: r <= 2),
        (f"{BUILD_2} ÷ 下限", ratio(build_2, floor), "≤ 2", lambda r: r <= 2),
        (f"{UNCHANGED} ÷ {BUILD_2}", ratio(by_name[UNCHANGED], build_2), "< 0.05", lambda r: r < 0.05),
        ("改动一个文件 − 该成员单独构建（秒）", overhead, "远小于 1（按 ≤ 0.5）", lambda r: r <= 0.5),
    ]
    if SCHEMA in by_name:
        value = ratio(by_name[SCHEMA], by_name[VALIDATE_1])
        checks.append((f"check-jsonschema ÷ {VALIDATE_1}", value, "≥ 10", lambda r: r >= 10))
    if MKDOCS in by_name:
        value = ratio(by_name[MKDOCS], build_1)
        checks.append((f"mkdocs ÷ {BUILD_1}", value, "≥ 10", lambda r: r >= 10))
    rows = [
        "目标是对省级树（generate.py province）定的。",
        "",
        "| 目标 | 实测 | 要求 | 达到 |",
        "|---|---:|---|---|",
    ]
    rows += [
        f"| {name} | {value:.3f} | {want} | {'是' if ok(value) else '否'} |"
        for name, value, want, ok in checks
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province", choices=("county", "city", "province"))
    parser.add_argument("--repeat", type=int, default=3, help="轮数（每轮每项测一次，交替进行）")
    parser.add_argument("--no-peers", action="store_true", help="不测 check-jsonschema 和 mkdocs")
    parser.add_argument("--tree", type=Path, help="已由 generate.py 生成的树（默认在临时目录里生成）")
    parser.add_argument("--scratch", help="生成的树和构建输出放在哪里（默认 /dev/shm，没有时用临时目录）")
    parser.add_argument("--disk", help="「输出写到磁盘」一项的输出放在哪里（默认系统临时目录）")
    args = parser.parse_args()
    peers = not args.no_peers
    if peers and not all((BIN / tool).exists() for tool in ("check-jsonschema", "mkdocs")):
        sys.exit("需要 check-jsonschema 和 mkdocs：pip install -e '.[bench]'，或加 --no-peers")
    compileall.compile_dir(REPO / "src" / "zwgk_cli", quiet=1)  # as a wheel installs it
    with (
        tempfile.TemporaryDirectory(prefix="zwgk-bench-", dir=args.scratch or scratch_folder()) as scratch,
        tempfile.TemporaryDirectory(prefix="zwgk-bench-disk-", dir=args.disk) as disk,
    ):
        work = Path(scratch)
        tree = args.tree or work / "tree"
        if args.tree is None:
            subprocess.run([PYTHON, str(HERE / "generate.py"), args.scale, str(tree)], check=True)
        start = os.getloadavg()[0]
        results = measure(steps(tree, work, Path(disk), peers), args.repeat)
        places = (work, Path(disk))
        print(report(results, tree, places, (start, os.getloadavg()[0])))


if __name__ == "__main__":
    main()
