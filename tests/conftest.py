import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"


def script(name: str):
    """A module of scripts/ (not a package), loaded once."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session", autouse=True)
def model_loaded_once():
    """The spaCy pipeline is loaded once per session and model and patterns, however many scans the tests run."""
    from factcheck import nlp as fnlp

    replaced = script("hostile").load_model_once()
    yield
    if replaced is not None:
        fnlp.load = replaced


@pytest.fixture(scope="session")
def nlp():
    """The loaded pipeline, one for every test module that reads sentences."""
    from factcheck import nlp as fnlp

    return fnlp.load()


@pytest.fixture(scope="session")
def demo_result():
    import factcheck

    return factcheck.scan(DEMO, use_cache=False)
