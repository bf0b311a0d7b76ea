"""Shared fixtures: paths to the project's examples and the shared seeds and benchmarks."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("NEWSLOOM_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"shared seeds not found at {path}")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found at {SHARED}")
    return SHARED


# Hypothesis profiles, chosen by the environment: CI=true runs the property tests at full size
# (10,000 examples per cheap property), a developer's run a quick sample. Tests whose examples
# are expensive (the whole pipeline) take their count from ``examples()``.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("ci" if __import__("os").environ.get("CI", "").lower() == "true" else "dev")
