#!/usr/bin/env python3
"""Print every character the app's catalogs and surveys use, for font subsetting.

usage: collect_text.py OUT_FILE [--cjk-only] [--keys=k1,k2] JSON_FILE...
--keys keeps only those catalog keys (the language screen needs a few CJK glyphs up front).
"""
import json
import sys


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def is_cjk(ch):
    return ord(ch) >= 0x2E80


def main():
    out, args = sys.argv[1], sys.argv[2:]
    cjk_only = "--cjk-only" in args
    keys = next((a.split("=", 1)[1].split(",") for a in args if a.startswith("--keys=")), None)
    chars = set()
    for path in (a for a in args if not a.startswith("--")):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if keys is not None:
            data = [data.get(k, "") for k in keys] if isinstance(data, dict) and "questions" not in data else []
        for s in strings(data):
            chars.update(s)
    chars = sorted(c for c in chars if is_cjk(c) == cjk_only and c.isprintable())
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(chars))


if __name__ == "__main__":
    main()
