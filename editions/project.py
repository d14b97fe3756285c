"""A project: the publications under content/, built one after another into one site.

- `content/publication.yaml`: a project of one publication; its site is dist/site/ (as always).
- `content/<id>/publication.yaml`, one folder per publication: each publication is built as if
  it were alone (`BuildConfig.publication`), its pages, downloads, statement and sitemap in
  dist/site/<id>/; then the project writes the site home around them (`home.py`).

`build.py --publication ID` builds one of them; the site home still lists every publication
whose pages are in dist/.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .config import BuildConfig
from .home import write_home
from .publications import choose
from .results import BuildResult


def build(cfg: BuildConfig, progress, one: Callable):
    """Build each chosen publication with `one` (pipeline.build_publication); with several, add
    the site home and join the results (`parts` keeps each publication's own)."""
    started = time.perf_counter()
    configs, found = choose(cfg)
    if [c.publication for c in configs] == [""]:
        result = one(configs[0], progress)
        result.findings[:0] = found
        return result
    result = BuildResult()
    result.findings.extend(found)
    for pcfg in configs:
        part = one(pcfg, progress)
        result.parts.append((pcfg, part))
        absorb(result, part, pcfg.publication)
    if result.written or any(p.site for _, p in result.parts):
        write_home(cfg, result)
    result.seconds = time.perf_counter() - started
    return result


def absorb(result, part, pub: str) -> None:
    """Add one publication's result to the project's."""
    result.targets += part.targets
    result.written += part.written
    result.skipped += part.skipped
    result.findings += part.findings
    result.notes += part.notes
    result.readability.update(part.readability)
    result.coverage.update({(f"{pub}/{e}", lang): c for (e, lang), c in part.coverage.items()})
    result.reading.update(part.reading)
    result.site += part.site
    result.cached += part.cached
    result.meta = result.meta or part.meta
    for stage, sec in part.timings.items():
        result.timings[stage] = result.timings.get(stage, 0.0) + sec
    if part.browser.get("ran"):
        b = result.browser
        for key in ("pages", "rechecked", "violations"):
            b[key] = b.get(key, 0) + part.browser.get(key, 0)
        b.update({k: v for k, v in part.browser.items() if k not in b})
