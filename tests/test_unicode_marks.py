"""The shipped table of combining marks matches this Python's Unicode data."""

from __future__ import annotations

import unicodedata

from crisp_tui import unicode_marks


def test_the_table_covers_every_mark_this_python_knows_of_its_unicode_version():
    bmp, astral = unicode_marks.current()
    if unicodedata.unidata_version == unicode_marks.UNIDATA_VERSION:
        assert (bmp, astral) == (unicode_marks.BMP_MARKS, unicode_marks.ASTRAL_MARKS)
    else:  # a newer Unicode only adds marks: every shipped range is still marks
        shipped = {
            code
            for first, last in unicode_marks.BMP_MARKS + unicode_marks.ASTRAL_MARKS
            for code in range(first, last + 1)
        }
        assert all(unicodedata.category(chr(code)) in ("Mn", "Me") for code in shipped)
