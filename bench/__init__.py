"""Benchmarks that compare a feature with a baseline measured in the same run. They print, never assert."""
import os
import platform
from datetime import datetime, timezone


def header(title: str) -> None:
    """The first lines of every benchmark's output: what it measures, on what, and when."""
    print(f"== {title}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
