"""Running the targets: in this process, or in a pool of spawned worker processes.

Artifacts are independent; WeasyPrint uses one core per document. One task per edition,
language and presentation (`groups`: one selection shared by its formats), tasks with a PDF
first; the outcomes keep the order of the targets."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable

from .render import _Job
from .results import Outcome
from .select import Target

_JOB: _Job | None = None  # a worker's job, given once by its initializer


def run_all(job: _Job, targets_: list[Target], jobs: int,
            progress: Callable[[int, int, Target], None] | None) -> list[Outcome]:
    """Render every target: with one job (or one target) here, else in `jobs` workers. The
    slowest (PDFs) start first; results keep the target order."""
    global _JOB
    n = len(targets_)
    if jobs <= 1 or n <= 1:
        out = []
        for i, t in enumerate(targets_):
            if progress:
                progress(i, n, t)
            out.append(job.render(t))
        return out
    # "spawn", not "fork": Pango and fontconfig state copied by fork made WeasyPrint slower
    # than one process (measured); each worker gets the job once, in its initializer.
    results: dict[int, Outcome] = {}
    try:
        with multiprocessing.get_context("spawn").Pool(jobs, initializer=_init,
                                                        initargs=(job,)) as pool:
            done = 0
            for group in pool.imap_unordered(_indexed, groups(targets_)):
                for i, o in group:
                    results[i] = o
                    if progress:
                        progress(done, n, targets_[i])
                    done += 1
    finally:
        _JOB = None
    return [results[i] for i in range(n)]


def groups(targets_: list[Target]) -> list[list[tuple[int, Target]]]:
    """Targets of one edition, language and presentation form one task (one selection),
    its PDF first; tasks with a PDF start first, the largest editions (listed first) first."""
    by: dict[tuple, list[tuple[int, Target]]] = {}
    for i, t in enumerate(targets_):
        by.setdefault((t.edition, t.lang, t.presentation), []).append((i, t))
    tasks = [sorted(g, key=lambda it: it[1].format != "pdf") for g in by.values()]
    return sorted(tasks, key=lambda g: g[0][1].format != "pdf")


def _init(job: _Job) -> None:
    """A worker's initializer: the job, once; Ctrl+C stops the build, not each worker."""
    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _indexed(group: list[tuple[int, Target]]) -> list[tuple[int, Outcome]]:
    assert _JOB is not None
    return [(i, _JOB.render(t)) for i, t in group]
