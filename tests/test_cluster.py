"""The Dask path gives the same bytes as the local run; without the extra, a clear message."""
import os
import subprocess
import sys

import pytest

import factcheck
from conftest import DEMO, ROOT

try:
    import distributed
except ImportError:
    distributed = None

CONTRACT = ("findings.jsonl", "claims.jsonl", "entities.jsonl")


def cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "factcheck.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def cluster():
    if distributed is None:
        pytest.skip("the Dask extra is not installed: pip install -e '.[dask]' (make test installs it)")
    # two worker processes, as on real machines: tasks are pickled and each worker loads its own model
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def local_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    factcheck.scan(DEMO, use_cache=False).write(out)
    return out


def test_cluster_runner_is_byte_identical_to_local(cluster, local_out, tmp_path):
    from factcheck.cluster import dask_runner

    with distributed.Client(cluster) as client:
        # one article a task, so the batches really spread over both workers and come back out of order
        factcheck.scan(DEMO, use_cache=False, runner=dask_runner(client, batch_size=1)).write(tmp_path)
    for name in CONTRACT:
        assert (tmp_path / name).read_bytes() == (local_out / name).read_bytes(), name


def test_cli_scheduler_option_is_byte_identical_and_fills_the_cache(cluster, local_out, tmp_path):
    cache = tmp_path / "c.sqlite"
    r = cli("scan", DEMO, "--out", tmp_path / "out", "--cache", cache, "--scheduler", cluster.scheduler_address)
    assert r.returncode == 0, r.stderr
    for name in CONTRACT:
        assert (tmp_path / "out" / name).read_bytes() == (local_out / name).read_bytes(), name
    # the warm re-run needs no cluster at all: nothing listens on this address
    r = cli("scan", DEMO, "--out", tmp_path / "warm", "--cache", cache, "--scheduler", "tcp://127.0.0.1:9")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "warm" / "findings.jsonl").read_bytes() == (local_out / "findings.jsonl").read_bytes()


def test_missing_extra_is_a_clear_error(monkeypatch):
    from factcheck import cluster

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(RuntimeError, match=r"pip install 'factcheck\[dask\]'"):
        with cluster.connect(workers=1):
            pass


def test_cli_refuses_two_ways_of_running_the_nlp(tmp_path):
    r = cli("scan", DEMO, "--out", tmp_path, "--workers", 2, "-j", 2, timeout=120)
    assert r.returncode == 2 and "choose one of" in r.stderr
