"""The demo app for Textual's dev tools: `textual run --dev crisp_tui.tui.dev:app`
(with `pip install textual-dev`, and `textual console` in another terminal)."""

from ..config import load_settings
from .app import demo_app

app = demo_app(load_settings())
