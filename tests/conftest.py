from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(scope="session")
def demo_result():
    import factcheck

    return factcheck.scan(DEMO, use_cache=False)
