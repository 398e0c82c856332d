"""factcheck: find the claims that disagree in a folder of articles about one subject."""
from __future__ import annotations

__version__ = "0.1.0"


def scan(path, **options):
    """Scan a corpus folder; returns a ScanResult with `claims`, `entities`, `findings` DataFrames."""
    from .pipeline import scan as _scan

    return _scan(path, **options)


__all__ = ["scan", "__version__"]
