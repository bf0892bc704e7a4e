"""crisp-tui: a keyboard-driven terminal inbox for support agents on Crisp."""

__version__ = "0.1.0"
