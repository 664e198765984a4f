"""Compile the .po catalogues in locale/ into .mo files without GNU gettext.

`make run` and `make test` must work with only Python installed, and Django's
compilemessages needs the msgfmt binary. The catalogues here use plain msgid/msgstr
pairs (no plurals, no contexts), which is all this writer handles.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of the entries that have a translation and are not fuzzy."""
    messages: dict[str, str] = {}
    msgid = msgstr = None
    section = None
    fuzzy = False

    def flush():
        if msgid is not None and msgstr and not fuzzy:
            messages[msgid] = msgstr
        elif msgid == "" and msgstr:
            messages[""] = msgstr

    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            msgid = msgstr = section = None
            fuzzy = False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            msgid, section = ast.literal_eval(line[6:]), "id"
        elif line.startswith("msgstr "):
            msgstr, section = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"'):
            if section == "id":
                msgid += ast.literal_eval(line)
            elif section == "str":
                msgstr += ast.literal_eval(line)
    return messages


def write_mo(messages: dict[str, str], path: Path) -> None:
    """The GNU .mo layout: header, two offset tables, then the strings."""
    keys = sorted(messages)
    ids = [k.encode("utf-8") for k in keys]
    strs = [messages[k].encode("utf-8") for k in keys]
    count = len(keys)
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    offsets_ids, offsets_strs, blob = [], [], b""
    for value in ids:
        offsets_ids.append((len(value), data_start + len(blob)))
        blob += value + b"\0"
    for value in strs:
        offsets_strs.append((len(value), data_start + len(blob)))
        blob += value + b"\0"
    output = struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, 0)
    for length, offset in offsets_ids + offsets_strs:
        output += struct.pack("<2I", length, offset)
    path.write_bytes(output + blob)


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every locale/*/LC_MESSAGES/*.po whose .mo is missing or older."""
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        write_mo(parse_po(po.read_text(encoding="utf-8")), mo)
        written.append(mo)
    return written
