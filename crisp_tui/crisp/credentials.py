"""What the client needs to authenticate: secrets, kept out of every repr."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_API_URL = "https://api.crisp.chat/v1"


@dataclass(frozen=True)
class Credentials:
    website_id: str
    token_id: str
    token_key: str = field(repr=False)
    tier: str = "plugin"

    def __repr__(self) -> str:
        return f"Credentials(website_id={self.website_id!r}, tier={self.tier!r})"
