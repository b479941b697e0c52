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
import statistics
import sys
from pathlib import Path

from run import FLOOR_SCRIPT, PYTHON, Measurement, run, zwgk  # benchmarks/run.py, beside this file


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
            sample = run(command)
            results[name].add(sample)
            print(
                f"  round {round_ + 1} {name}: {sample.seconds:.2f} s, {sample.cpu:.2f} s CPU, "
                f"{sample.rss_mb:.0f} MB",
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
