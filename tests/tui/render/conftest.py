from __future__ import annotations

import pytest

from .samples import utc


@pytest.fixture(autouse=True)
def _local_time_is_utc(utc: None) -> None:
    """Every rendering test reads local time as UTC."""


__all__ = ["utc"]
