"""Emulator settings and the public demo credentials."""

from __future__ import annotations

from dataclasses import dataclass, field

from crisp_tui.emulator.clock import Clock
from crisp_tui.emulator.faults import Faults

# Fake, fixed, public values: they only ever open the local emulator.
DEMO_WEBSITE_ID = "8c842203-7ed8-4e29-a608-7cf78a7d2fcc"
DEMO_TOKEN_ID = "d3a0e1c2-5b6f-4a8e-9c7d-0e1f2a3b4c5d"
DEMO_TOKEN_KEY = "demo0000000000000000000000000000000000000000000000000000000000ff"
# Where `--demo` reaches the emulator in process; a served emulator sets its own address.
DEMO_ORIGIN = "http://emulator.invalid"


@dataclass
class EmulatorSettings:
    seed: int = 42
    website_id: str = DEMO_WEBSITE_ID
    website_name: str = "Acme Support (demo)"
    website_domain: str = "acme.example"
    token_id: str = DEMO_TOKEN_ID
    token_key: str = DEMO_TOKEN_KEY
    tier: str = "plugin"
    conversations: int = 300
    # Visitor events (a new message or a new conversation) per minute of emulator clock; 0 = off.
    activity_per_minute: float = 3.0
    messages_batch: int = 40
    clock: Clock | None = None
    # Engine.IO heartbeat of the RTM socket (Socket.IO's defaults; tests shorten them). Whole
    # seconds: python-engineio advertises int(interval) * 1000.
    rtm_ping_interval_s: int = 25
    rtm_ping_timeout_s: int = 20
    faults: Faults = field(default_factory=Faults)
    # The scheme://host seeded attachments are linked under (the emulator serves them).
    public_url: str = DEMO_ORIGIN
