"""Bytes for the seeded world's attachments, drawn from their name (no files ship with the app).

A seeded attachment's URL is `<public url>/storage/files/seed/<n>/<name>`; its bytes are a small
real file of the type its name says: a PNG "screenshot", a GIF, a one-page PDF, a text log, an
audio stub. Pure Python (zlib, struct): the emulator needs no imaging library.
"""

from __future__ import annotations

import struct
import zlib

SEED_PREFIX = "/storage/files/seed/"

MIME_TYPES = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".webm": "audio/webm",
}


def seed_url(origin: str, n: int, name: str) -> str:
    return f"{origin}{SEED_PREFIX}{n}/{name}"


def seeded(path: str) -> tuple[bytes, str] | None:
    """The bytes and type of a seeded attachment's path, or None if it is not one."""
    if not path.startswith(SEED_PREFIX):
        return None
    number, _, name = path.removeprefix(SEED_PREFIX).partition("/")
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    if not number.isdigit() or extension not in MIME_TYPES:
        return None
    n = int(number)
    makers = {".png": _png, ".gif": _gif, ".pdf": _pdf, ".txt": _log, ".webm": _audio}
    return makers[extension](n), MIME_TYPES[extension]


def _screenshot_pixel(x: int, y: int, n: int) -> tuple[int, int, int]:
    """A browser window: title bar, a sidebar, text lines and a red error banner."""
    if y < 12:
        return (60, 64, 72) if x > 14 else (230, 90, 80)
    if x < 40:
        return (35, 45, 60)
    if 30 <= y < 44 and x > 50:
        return (200, 60, 60) if n % 2 else (220, 150, 40)
    if y > 52 and (y // 8) % 2 == 0 and x < 60 + (x * 7 + y * 13 + n) % 90:
        return (120, 130, 150)
    return (245, 246, 250)


def _png(n: int, width: int = 192, height: int = 120) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(_screenshot_pixel(x, y, n)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _gif(n: int, size: int = 48) -> bytes:
    """A four-colour GIF (a checker with a ring), LZW-coded without compression: a clear code
    before every two pixels keeps every code 3 bits wide."""
    palette = bytes((250, 250, 250, 70, 130, 220, 240, 180, 40, 40, 40, 40))
    pixels = []
    for y in range(size):
        for x in range(size):
            ring = abs((x - size / 2) ** 2 + (y - size / 2) ** 2 - (size / 3) ** 2) < size
            pixels.append(3 if ring else 1 + ((x // 8 + y // 8 + n) % 2))
    codes: list[int] = []
    for i in range(0, len(pixels), 2):
        codes += [4, *pixels[i : i + 2]]
    codes.append(5)
    bits = sum(code << (3 * i) for i, code in enumerate(codes))
    data = bits.to_bytes((3 * len(codes) + 7) // 8, "little")
    blocks = b"".join(bytes((len(part),)) + part for part in _split(data, 255))
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", size, size, 0x81, 0, 0)
        + palette
        + b","
        + struct.pack("<HHHHB", 0, 0, size, size, 0)
        + b"\x02"
        + blocks
        + b"\x00;"
    )


def _split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def _pdf(n: int) -> bytes:
    text = f"Invoice {2024}-{n:04d}: 1 x Acme Pro, 49.00 EUR"
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _log(n: int) -> bytes:
    lines = [
        f"2024-05-0{1 + n % 9}T10:0{i}:00Z {level} {text}"
        for i, (level, text) in enumerate(
            (
                ("INFO", "app started, version 3.2.1"),
                ("INFO", "user signed in"),
                ("WARN", "payment form: card declined (code 51)"),
                ("ERROR", "checkout failed: timeout after 30s"),
            )
        )
    ]
    return ("\n".join(lines) + "\n").encode()


def _audio(n: int) -> bytes:
    # The EBML magic of a WebM file, then silence: enough to be saved and opened by name.
    return bytes.fromhex("1a45dfa3") + bytes(64 + n % 16)
