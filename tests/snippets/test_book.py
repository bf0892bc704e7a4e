"""The snippets file: what is kept, and one sentence for each snippet left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisp_tui.config import config_dir, load_settings
from crisp_tui.snippets import SnippetSource, read_snippets, snippets_path
from crisp_tui.snippets.book import parse_snippets
from crisp_tui.snippets.examples import EXAMPLES

GOOD = '''\
[[snippet]]
name = "refund"
tags = ["billing", "refund"]
text = """
Hi {visitor.first_name}, your {data.plan} plan is refunded. {cursor}

{operator.first_name}"""

[[snippet]]
name = "Hello"
text = "Hi!"
'''


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_is_read_with_its_names_tags_and_text(tmp_path):
    book = read_snippets(write(tmp_path / "snippets.toml", GOOD))
    assert book.problems == () and book.found
    refund, hello = book.snippets
    assert (refund.name, refund.tags) == ("refund", ("billing", "refund"))
    assert refund.text.startswith("Hi {visitor.first_name}, your {data.plan}")
    assert (
        refund.first_line == "Hi {visitor.first_name}, your {data.plan} plan is refunded. {cursor}"
    )
    assert (hello.tags, hello.text) == ((), "Hi!")
    assert book.named("!REFUND") is refund and book.named("hello") is hello
    assert book.named("nope") is None


def test_no_file_is_no_snippets_and_no_problem(tmp_path):
    book = read_snippets(tmp_path / "missing.toml")
    assert (book.snippets, book.problems, book.found) == ((), (), False)


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ('name = "a b"\ntext = "x"', "its name must be one word"),
        ('text = "x"', 'it has no name: add name = "…"'),
        ('name = "a"\ntxt = "x"', "it has no text: add text ="),
        ('name = "a"\ntext = "  "', "it has no text"),
        ('name = "a"\ntags = "billing"\ntext = "x"', "its tags must be a list of quoted words"),
        (
            'name = "a"\ntext = "Hi {visitor.firstname}"',
            "{visitor.firstname} is not a placeholder (did you mean {visitor.first_name}?)",
        ),
        ('name = "a"\ntext = "{cursor} and {cursor}"', "{cursor} can appear only once"),
    ],
)
def test_a_snippet_that_cannot_be_used_is_left_out_with_one_sentence(entry, said):
    text = f'[[snippet]]\nname = "ok"\ntext = "fine"\n\n[[snippet]]\n{entry}\n'
    snippets, problems = parse_snippets(text, "team.toml")
    assert [s.name for s in snippets] == ["ok"]
    assert len(problems) == 1, problems
    assert "team.toml, line 5" in problems[0] and said in problems[0]
    assert problems[0].startswith("Ignored") and problems[0].count("\n") == 0


def test_a_misspelt_key_is_named_in_the_snippets_sentence():
    _, problems = parse_snippets('[[snippet]]\nname = "a"\ntxt = "x"\n', "f.toml")
    assert problems == (
        "Ignored snippet 'a' (f.toml, line 1): it has no text: add text = \"…\" (or text = "
        '"""…""" over several lines); the key \'txt\' is not one of name, tags, text: '
        "did you mean text?",
    )


def test_an_unknown_key_is_reported_and_the_snippet_kept():
    snippets, problems = parse_snippets('[[snippet]]\nname = "a"\ntext = "x"\ncolor = 1\n', "f")
    assert [s.name for s in snippets] == ["a"]
    assert problems == (
        "In snippet 'a' (f, line 1), the key 'color' is not one of name, tags, text.",
    )


def test_a_second_snippet_with_the_same_name_is_left_out():
    text = '[[snippet]]\nname = "a"\ntext = "1"\n[[snippet]]\nname = "A"\ntext = "2"\n'
    snippets, problems = parse_snippets(text, "f")
    assert [s.text for s in snippets] == ["1"]
    assert problems == ("Ignored the second snippet named 'A' (f, line 4): give it another name.",)


def test_a_file_that_is_not_toml_is_one_sentence_with_its_line(tmp_path):
    book = read_snippets(write(tmp_path / "s.toml", '[[snippet]]\nname = "a\n'))
    assert book.snippets == ()
    (problem,) = book.problems
    assert str(tmp_path / "s.toml") in problem and "line 2" in problem
    assert problem.endswith("Fix it and save again.")


def test_other_tables_and_unreadable_files_are_reported(tmp_path):
    _, problems = parse_snippets('title = "x"\nsnippet = "y"\n', "f")
    assert problems == (
        "Ignored 'title' in f: the file holds only [[snippet]] tables.",
        "Ignored snippet in f: write each snippet as a [[snippet]] table.",
    )
    (tmp_path / "dir.toml").mkdir()
    assert "it is a directory" in read_snippets(tmp_path / "dir.toml").problems[0]
    write(tmp_path / "latin1.toml", "").write_bytes(b'[[snippet]]\nname = "caf\xe9"\n')
    assert "it is not UTF-8 text" in read_snippets(tmp_path / "latin1.toml").problems[0]


def test_control_characters_in_the_file_are_cleaned_and_shown_back_cleaned():
    text = '[[snippet]]\nname = "a"\ntext = "Hi\\u001b]52;c;evil\\u0007 there"\n'
    (snippet,), _ = parse_snippets(text, "f")
    assert snippet.text == "Hi there"
    _, problems = parse_snippets('[[snippet]]\nname = "\\u001b[31mred"\ntext = "x"\n', "f")
    assert "\x1b" not in problems[0] and "snippet 'red'" in problems[0]


def test_the_path_setting_and_its_default():
    assert snippets_path("") == config_dir() / "snippets.toml"
    assert snippets_path("team/snippets.toml") == config_dir() / "team" / "snippets.toml"
    assert snippets_path("/srv/s.toml") == Path("/srv/s.toml")
    assert snippets_path("~/s.toml") == Path.home() / "s.toml"


def test_the_source_reads_the_file_again_when_it_changes(tmp_path):
    path = tmp_path / "s.toml"
    source = SnippetSource(path)
    assert source.load()[0].snippets == ()
    write(path, GOOD)
    book, fresh = source.load()
    assert fresh and [s.name for s in book.snippets] == ["refund", "Hello"]
    assert source.load() == (book, False)  # unchanged: not read again, problems not told again
    write(path, '[[snippet]]\nname = "only"\ntext = "one snippet now"\n')
    assert [s.name for s in source.load()[0].snippets] == ["only"]


def test_the_examples_stand_in_only_in_the_demo_and_only_without_a_file(tmp_path):
    path = tmp_path / "s.toml"
    assert SnippetSource(path).load()[0].snippets == ()  # a real profile never gets them
    examples = SnippetSource(path, examples=True).load()[0]
    assert examples.problems == ()
    assert [s.name for s in examples.snippets] == ["hello", "refund", "follow-up", "thanks"]
    write(path, GOOD)
    assert [s.name for s in SnippetSource(path, examples=True).load()[0].snippets] == [
        "refund",
        "Hello",
    ]
    assert parse_snippets(EXAMPLES, "examples")[1] == ()


def test_the_setting_comes_from_the_environment_too(monkeypatch):
    monkeypatch.setenv("CRISP_TUI_SNIPPETS_FILE", "~/team/snippets.toml")
    assert snippets_path(load_settings().snippets_file) == Path.home() / "team/snippets.toml"
