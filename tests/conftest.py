"""Shared fixtures. Each area keeps its fixtures in a module under tests/support/."""

pytest_plugins = [
    "tests.support.environment",
    "tests.support.emulator",
    "tests.support.cli",
    "tests.support.rtm",
    "tests.support.key_store",
    "tests.support.textual_idle",
]
