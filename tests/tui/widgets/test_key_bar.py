from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from crisp_tui.tui.widgets.key_bar import KeyBar


class Field(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+t", "app.bell", "Ring")]


class KeysApp(App[None]):
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x,X", "press('x')", "Cross"),
        Binding("z", "press('z')", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Field(id="field")
        yield KeyBar()

    def action_press(self, key: str) -> None:
        self.pressed.append(key)


def bar_text(app: App[None]) -> str:
    return app.query_one(KeyBar).render().plain


async def test_the_bar_shows_the_keys_and_the_palette_on_the_right() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)):
        text = bar_text(app)
        assert "x Cross" in text
        assert text.count("Cross") == 1  # one key per action, its first
        assert "Hidden" not in text
        assert text.endswith("^p palette ")
        assert len(text) == 60


async def test_focus_changes_the_keys_without_mounting_anything() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = app.query_one(KeyBar)
        assert "Ring" not in bar_text(app)
        app.query_one(Field).focus()
        await pilot.pause()
        text = bar_text(app)
        assert "^t Ring" in text
        assert "Cross" not in text  # an input takes printable keys
        assert not bar.children


async def test_clicking_a_key_presses_it() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        column = bar_text(app).index("Cross")
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert app.pressed == ["x"]
        await pilot.click(KeyBar, offset=(58, 0))  # the palette key
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_a_narrow_bar_drops_whole_keys_not_the_palette() -> None:
    app = KeysApp()
    async with app.run_test(size=(16, 5)):
        text = bar_text(app)
        assert text.endswith("^p palette ")
        assert "…" not in text and "x" not in text  # no key cut in half
        assert len(text) == 16
