"""The floor and `zwgk build` member by member, each member's two measurements a moment apart.

    python benchmarks/paired.py /tmp/zwgk-bench/province [--members 100] [--rounds 2] [--baseline OLD/src]

On a shared machine a whole floor run and a whole build, a minute apart, can meet different loads
(the floor alone took 10.2 to 21.6 s from one round of run.py to the next). Here, in one process, each
member's catalogue files are loaded with the floor's bare C loader and then the member is checked,
rendered and written as `zwgk build -j 1` does it, a fraction of a second later; the ratio of the two
sums is the build's cost against the floor's, both seeing the same machine. Python's start-up, the
workspace index and the final swap of the output are left out. `--baseline` measures another copy of
zwgk's source (e.g. `git archive OLD src templates | tar -x -C /tmp/old`) in the same rounds,
alternating with this one, for before/after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import scratch_folder  # benchmarks/run.py, beside this file


def measure(tree: Path, members: int) -> dict[str, float]:
    """Run in a child process: the floor and the build of the first `members` members, in turn."""
    import yaml

    from zwgk_cli import cli, member
    from zwgk_cli import project as project_stage
    from zwgk_cli.check import few_collections

    cli.tune_garbage_collector()  # as `zwgk` itself starts
    getattr(cli, "keep_freed_memory", lambda: None)()  # not in older versions
    projects = project_stage.load(tree).projects[:members]
    out = Path(tempfile.mkdtemp(prefix="zwgk-paired-", dir=scratch_folder()))  # in memory, as run.py writes
    floor = build = 0.0
    try:
        with few_collections():
            for project in projects:
                files = sorted((project.root / "catalogues").rglob("*.yaml"))
                start = time.perf_counter()
                for path in files:
                    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
                floor += time.perf_counter() - start
                site = f"{project.government.id}/"
                job = member.MemberJob(
                    project, site, (project.root / "templates",), out / "t", out / "s", None
                )
                start = time.perf_counter()
                member.run(job)
                build += time.perf_counter() - start
    finally:
        shutil.rmtree(out, ignore_errors=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"floor": floor, "build": build, "rss_mb": rss, "members": len(projects)}


def child(tree: Path, members: int, source: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    command = [sys.executable, __file__, str(tree), "--members", str(members), "--child"]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("tree", type=Path, help="a workspace made by generate.py (city or province)")
    parser.add_argument("--members", type=int, default=100, help="members measured (default 100)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds (default 2)")
    parser.add_argument("--baseline", type=Path, help="another copy of zwgk's src/ to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.tree, args.members)))
        return
    variants: dict[str, Path | None] = {"zwgk": None}
    if args.baseline is not None:
        variants["baseline"] = args.baseline.resolve()
    ratios: dict[str, list[float]] = {name: [] for name in variants}
    print("| round | run | members | floor (s) | build (s) | build ÷ floor | peak RSS (MB) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for round_ in range(1, args.rounds + 1):
        names = list(variants) if round_ % 2 else list(reversed(variants))  # neither always goes first
        for name in names:
            got = child(args.tree, args.members, variants[name])
            ratios[name].append(got["build"] / got["floor"])
            print(
                f"| {round_} | {name} | {got['members']:.0f} | {got['floor']:.2f} | {got['build']:.2f} "
                f"| {ratios[name][-1]:.3f} | {got['rss_mb']:.0f} |",
                flush=True,
            )
    print()
    for name, found in ratios.items():
        print(f"{name}: build ÷ floor, median of {len(found)} rounds: {statistics.median(found):.3f}")


if __name__ == "__main__":
    main()
