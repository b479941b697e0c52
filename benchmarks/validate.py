"""Measure `zwgk validate` against the floor (bare PyYAML C-loader parsing of the same files), nothing else.

    python benchmarks/validate.py /tmp/zwgk-bench/province [--repeat 7] [--baseline OLD/src]

Generate the tree first (`python benchmarks/generate.py province /tmp/zwgk-bench/province`). Every
measurement is a fresh process; the floor and zwgk alternate within each round, so load from other
work on the machine falls on both alike. Reports medians, the median of each round's ratio to the floor
(robust when the load drifts between rounds) and peak memory. `--baseline` also runs another copy of
zwgk's source (e.g. `git archive HEAD src | tar -x -C /tmp/head`) in the same rounds, for before/after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PYTHON = sys.executable
FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Measurement:
    name: str
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)  # the largest process (a -j 2 worker, say)
    cpu: list[float] = field(default_factory=list)  # user + system seconds, workers included

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall time, peak RSS (MB) and CPU time of one command in a fresh process, its output discarded."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def zwgk(*args: str) -> list[str]:
    return [PYTHON, "-m", "zwgk_cli", *args]


def measure(tree: Path, repeat: int, jobs: list[int], baseline: Path | None) -> list[Measurement]:
    steps = [("floor", [PYTHON, "-c", FLOOR_SCRIPT, str(tree)])]
    for j in jobs:
        steps.append((f"validate -j {j}", zwgk("validate", str(tree), "-j", str(j))))
        if baseline is not None:
            command = ["env", f"PYTHONPATH={baseline}", *zwgk("validate", str(tree), "-j", str(j))]
            steps.append((f"baseline validate -j {j}", command))
    results = {name: Measurement(name) for name, _ in steps}
    for round_ in range(repeat):
        for name, command in steps:
            elapsed, rss, cpu = run(command)
            results[name].times.append(elapsed)
            results[name].rss_mb.append(rss)
            results[name].cpu.append(cpu)
            print(
                f"  round {round_ + 1} {name}: {elapsed:.2f} s, {cpu:.2f} s CPU, {rss:.0f} MB",
                file=sys.stderr,
            )
    return list(results.values())


def report(results: list[Measurement]) -> str:
    floor = results[0]
    lines = [
        "| run | median (s) | ÷ floor | median of round ratios | CPU median (s) | peak RSS (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for m in results:
        paired = statistics.median(t / f for t, f in zip(m.times, floor.times, strict=True))
        lines.append(
            f"| {m.name} | {m.median:.2f} | {m.median / floor.median:.2f} | {paired:.2f} "
            f"| {statistics.median(m.cpu):.2f} | {max(m.rss_mb):.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--baseline", type=Path, help="another zwgk source folder (its src/) to run alike")
    args = parser.parse_args()
    print(report(measure(args.tree, args.repeat, args.jobs, args.baseline)))


if __name__ == "__main__":
    main()
