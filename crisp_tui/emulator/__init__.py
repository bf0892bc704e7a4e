"""A Crisp REST API v1 emulator: Starlette app, seeded world, clock-driven activity, faults.

It shares no code with `crisp_tui.crisp`: it is an independent implementation of the protocol.
"""

from crisp_tui.emulator.app import Emulator, create_app
from crisp_tui.emulator.clock import Clock, FakeClock, SystemClock
from crisp_tui.emulator.faults import Faults
from crisp_tui.emulator.server import EmulatorServer, export_lines, serve
from crisp_tui.emulator.settings import (
    DEMO_TOKEN_ID,
    DEMO_TOKEN_KEY,
    DEMO_WEBSITE_ID,
    EmulatorSettings,
)

__all__ = [
    "DEMO_TOKEN_ID",
    "DEMO_TOKEN_KEY",
    "DEMO_WEBSITE_ID",
    "Clock",
    "Emulator",
    "EmulatorServer",
    "EmulatorSettings",
    "FakeClock",
    "Faults",
    "SystemClock",
    "create_app",
    "export_lines",
    "serve",
]
