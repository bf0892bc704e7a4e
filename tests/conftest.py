"""Shared fixtures. Each area keeps its fixtures in a module under tests/support/."""

import pytest

pytest_plugins = [
    "tests.support.environment",
    "tests.support.emulator",
    "tests.support.cli",
    "tests.support.rtm",
    "tests.support.key_store",
    "tests.support.textual_idle",
]


def pytest_configure(config: pytest.Config) -> None:
    """With `-n 2`, xdist hands each worker a quarter of the suite up front; one test at a time
    instead lets the two workers share the slow tests (run first, below) and finish together."""
    if getattr(config.option, "maxschedchunk", 0) is None:  # xdist is there, no value given
        config.option.maxschedchunk = 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first, so no worker is left running a soak alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
