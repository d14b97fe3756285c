"""How the build meets hostile and broken input: the corpus of tests/test_hostile.py, each case in
its own process (60 s and 3 GiB at most), counted as clean / traceback / silent / escape / loss.

    .venv/bin/python bench/hostile.py                      # this checkout's code
    .venv/bin/python bench/hostile.py --code /tmp/old      # another checkout's editions/, same corpus

clean: exit non-zero with a `file:line: error RULE` (or one `build.py:` line); traceback: a
Python traceback, an internal error, a crash, a hang or memory exhaustion; silent: exit 0 or no
message; escape: a file written outside --out, or a script, event handler or secret published;
loss: a previously published artifact changed although the build failed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))


def child(name: str, base: Path, tmp: Path) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    from test_hostile import run_case

    o = run_case(name, base, tmp, fds=True)
    print("RESULT " + json.dumps({"kind": o.kind, "text": o.text[-400:]}))


def one(name: str, base: Path, code: Path) -> tuple[str, str]:
    tmp = Path(tempfile.mkdtemp(prefix="hostile-"))
    env = {**os.environ, "PYTHONPATH": str(code), "CI": "true"}
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", name, str(base), str(tmp)],
                              capture_output=True, text=True, timeout=60, env=env)
        for line in proc.stdout.splitlines():
            if line.startswith("RESULT "):
                r = json.loads(line[7:])
                return r["kind"], r["text"]
        return "traceback", (proc.stdout + proc.stderr)[-400:]  # the process itself died
    except subprocess.TimeoutExpired:
        return "traceback", "hung for 60 s"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--code", type=Path, default=HERE, help="checkout whose editions/ to run")
    p.add_argument("--show", default="", help="print the output of cases of this kind")
    args = p.parse_args()
    from conftest import FIXTURES
    from test_hostile import BASE_ARGS, CASES

    base = Path(tempfile.mkdtemp(prefix="hostile-base-")) / "project"
    shutil.copytree(FIXTURES / "mini", base)
    shutil.copytree(args.code / "layouts", base / "layouts")
    subprocess.run([sys.executable, str(args.code / "build.py"), "--root", str(base), "--out",
                    str(base / "dist"), *BASE_ARGS, "--edition", "summary,full"], check=True,
                   capture_output=True,
                   env={**os.environ, "CI": "true"})
    names = sorted(CASES)
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        results = dict(zip(names, pool.map(lambda n: one(n, base, args.code.resolve()), names),
                           strict=True))
    counts = Counter(kind for kind, _ in results.values())
    print(f"code: {args.code}")
    print(f"tried {len(names)}: " + ", ".join(f"{k} {counts.get(k, 0)}" for k in
                                               ("clean", "traceback", "silent", "escape", "loss")))
    for name, (kind, text) in results.items():
        if kind != "clean" and (not args.show or kind == args.show):
            print(f"  {kind:9} {name}" + (f"\n      {text.strip()[-300:]}" if args.show else ""))
    shutil.rmtree(base.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
