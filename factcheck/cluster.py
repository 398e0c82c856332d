"""The NLP stage on a Dask cluster (`pip install 'factcheck[dask]'`).

Only the per-article work is distributed: it is where the time goes and each
article is independent. The corpus-level stages stay with the caller, so the
findings are the same bytes as a local run. Workers need factcheck and the
model installed; the slot patterns travel with the tasks, since a path on the
caller's machine means nothing on a worker's.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import __version__, nlp as fnlp
from .corpus import Article
from .pipeline import Runner, process_with

MISSING = "the Dask extra is not installed: pip install 'factcheck[dask]'"
_local = threading.local()  # one loaded pipeline per worker thread: spaCy objects are not shared between threads


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise RuntimeError(MISSING) from exc
    return distributed


def _model(model: str, patterns: bytes, digest: str):
    """The worker's pipeline for this model and these patterns, loaded on its first batch only."""
    loaded = getattr(_local, "pipelines", None)
    if loaded is None:
        loaded = _local.pipelines = {}
    if (model, digest) not in loaded:
        path = Path(tempfile.gettempdir()) / f"factcheck-slots-{digest}.json"
        if not path.is_file() or hashlib.sha1(path.read_bytes()).hexdigest() != digest:
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(patterns)
            tmp.replace(path)
        loaded[(model, digest)] = fnlp.load(model, patterns=path)
    return loaded[(model, digest)]


def extract_batch(articles: list[Article], model: str, patterns: bytes, digest: str) -> tuple[str, list[dict]]:
    """One task: a batch of articles through the worker's pipeline. Returns the worker's version with the results."""
    return f"{__version__}/{fnlp.PIPELINE_VERSION}", process_with(_model(model, patterns, digest), articles)


def dask_runner(client, batch_size: int = 16) -> Runner:
    """A runner for `scan(runner=...)`: batches of articles as tasks on `client`, results in input order."""
    here = f"{__version__}/{fnlp.PIPELINE_VERSION}"

    def run(articles: list[Article], model: str, patterns: str) -> list[dict]:
        data = Path(patterns).read_bytes()
        digest = hashlib.sha1(data).hexdigest()
        batches = [articles[i:i + batch_size] for i in range(0, len(articles), batch_size)]
        futures = client.map(extract_batch, batches, model=model, patterns=data, digest=digest, pure=False)
        out: list[dict] = []
        for version, results in client.gather(futures):
            if version != here:  # the cache would keep another version's results under this one's key
                raise RuntimeError(f"a Dask worker runs factcheck {version}, this machine {here}: install the same version on both")
            out.extend(results)
        return out

    return run


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Runner]:
    """A runner on an existing cluster (`scheduler` address) or on a LocalCluster of `workers` processes.

    The cluster is reached, or started, on the runner's first call: a re-scan
    that finds every article in the cache never touches it.
    """
    distributed = _distributed()
    opened: list = []

    def client():
        if not opened:
            if scheduler:
                try:
                    opened.append(distributed.Client(scheduler, timeout="20s"))
                except (OSError, TimeoutError) as exc:
                    raise RuntimeError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
            else:
                cluster = distributed.LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                                                   dashboard_address=None)
                opened.extend([cluster, distributed.Client(cluster)])
        return opened[-1]

    def run(articles: list[Article], model: str, patterns: str) -> list[dict]:
        return dask_runner(client())(articles, model, patterns)

    try:
        yield run
    finally:
        for thing in reversed(opened):
            thing.close()
