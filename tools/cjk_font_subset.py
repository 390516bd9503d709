"""Make the CJK font the package ships: a subset of Noto Sans CJK SC Regular.

    python tools/cjk_font_subset.py NotoSansCJK-Regular.ttc
    python tools/cjk_font_subset.py --refresh

The first makes the font from the characters listed in ``tools/cjk_font_chars.txt``; the
second writes that list again from the texts below (when a new name or message brings a
character the list lacks: tests/test_cjk_font.py fails until then), after which the font is
made again. The source is Debian's ``fonts-noto-cjk`` 1:20220127+repack1-1 (``apt-get
download fonts-noto-cjk``, then ``dpkg-deb -x`` the package; the collection is
``usr/share/fonts/opentype/noto/``), under the SIL Open Font License 1.1, which allows a
modified font to be redistributed with software under the same licence. Any other file is
refused (``SOURCE_SHA256``, ``SOURCE_VERSION``): with the source fixed and the list checked
in, the same command gives the same bytes at any commit.

The list holds:

- every character GB2312 encodes (its 6,763 hanzi of levels 1 and 2, the punctuation and
  symbols): the list of 通用规范汉字表 (8,105) is not to be had offline, and GB2312's hanzi
  hold its first two levels nearly whole;
- every character of the package's own texts (messages and their translations, the county
  and division tables) and of every file under instances/ (the school lists included), so
  every name the tool ships draws, rare place-name characters (鄄, 郓, 鄌…) included; the
  byte-order mark and the marks only the terminal shows (``TERMINAL_ONLY``) left out;
- ASCII, Latin-1, general punctuation, CJK symbols and full-width forms.

The family is renamed (``FAMILY``), in the name table and in the CFF table's own names: a
subset is a modified version, and a distinct name keeps matplotlib from confusing it with a
full Noto Sans CJK SC installed on the system. Hints are dropped (the charts are rasterised
at 100–150 dpi). Needs fontTools (a development dependency).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "pairing_planner"
INSTANCES = ROOT / "instances"
TARGET = PACKAGE / "fonts" / "PlannerSansSC-Regular.otf"
CHARACTERS = ROOT / "tools" / "cjk_font_chars.txt"
FAMILY = "Planner Sans SC"
POSTSCRIPT = "PlannerSansSC-Regular"
SOURCE_FAMILY = "Noto Sans CJK SC"
SOURCE_POSTSCRIPT = "NotoSansCJKjp-Regular"
"""The CFF table's name of the collection's faces, which share their outlines."""
SOURCE_VERSION = "Version 2.004;hotconv 1.0.118;makeotfexe 2.5.65603"
SOURCE_SHA256 = "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a"
"""NotoSansCJK-Regular.ttc of fonts-noto-cjk 1:20220127+repack1-1."""
PACKAGE_SUFFIXES = {".py", ".po", ".csv", ".yaml", ".yml", ".json"}
TERMINAL_ONLY = set("\ufeff✓✔☑✗✘☐")
"""The byte-order mark, and the marks of done and not done that only the terminal shows: no
chart draws them."""
RANGES = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed numbers
    (0x2500, 0x257F),  # box drawing
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # full-width forms
)
RUN = 32
"""Characters per line of the list at most."""


def gb2312() -> set[str]:
    """Every character GB2312 encodes, found by decoding each of its two-byte codes."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def shipped_files() -> list[Path]:
    """The package's texts (messages, translations, division tables) and every file under
    instances/: each name or message a chart may draw is in one of them."""
    package = [p for p in PACKAGE.rglob("*") if p.suffix in PACKAGE_SUFFIXES and p.is_file()]
    return sorted(package + [p for p in INSTANCES.rglob("*") if p.is_file()])


def drawn(text: str) -> set[str]:
    """The characters of ``text`` beyond ASCII that a chart may draw."""
    return {c for c in text if ord(c) > 0x7F} - TERMINAL_ONLY


def shipped_texts() -> set[str]:
    """The characters of :func:`shipped_files` beyond ASCII that a chart may draw."""
    return set().union(*(drawn(p.read_text(encoding="utf-8")) for p in shipped_files()))


def characters() -> set[str]:
    """What the subset keeps (see the module's docstring)."""
    ranged = {chr(c) for low, high in RANGES for c in range(low, high + 1)}
    return ranged | gb2312() | shipped_texts()


def write_list(chars: set[str]) -> None:
    """``CHARACTERS``: a line per run of consecutive code points, ``4E00-4E05``, then a tab
    and the run's characters when all are visible, so that a change reads in a diff."""
    lines = ["# Characters of Planner Sans SC: python tools/cjk_font_subset.py --refresh"]
    for run in _runs(sorted(ord(c) for c in chars)):
        span = f"{run[0]:04X}" if len(run) == 1 else f"{run[0]:04X}-{run[-1]:04X}"
        text = "".join(map(chr, run))
        visible = all(c.isprintable() and not c.isspace() for c in text)
        lines.append(f"{span}\t{text}" if visible else span)
    CHARACTERS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _runs(codes: list[int]) -> Iterator[list[int]]:
    """``codes`` (sorted) in runs of consecutive code points, at most ``RUN`` long."""
    run: list[int] = []
    for code in codes:
        if run and (code != run[-1] + 1 or len(run) == RUN):
            yield run
            run = []
        run.append(code)
    if run:
        yield run


def read_list() -> set[str]:
    """The characters ``CHARACTERS`` lists."""
    found = set()
    for line in CHARACTERS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            first, _dash, last = line.split("\t")[0].partition("-")
            found |= {chr(c) for c in range(int(first, 16), int(last or first, 16) + 1)}
    return found


def source_font(collection: Path) -> TTFont:
    """The simplified Chinese face of the one Noto Sans CJK collection the font is made
    from; any other file is refused, so the shipped bytes can be made again."""
    digest = hashlib.sha256(collection.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{collection}: sha256 {digest}, not the source's {SOURCE_SHA256}")
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            version = font["name"].getDebugName(5)
            if version != SOURCE_VERSION:
                raise SystemExit(f"{collection}: {SOURCE_FAMILY} {version}, not {SOURCE_VERSION}")
            return font
    raise SystemExit(f"{collection} holds no {SOURCE_FAMILY}")


def rename(font: TTFont) -> None:
    """A subset is a modified version: it gets its own family name (SIL OFL 1.1), in the name
    table and in the CFF table's names (its top dict's and each of its font dicts')."""
    names = {
        1: FAMILY,
        3: f"{FAMILY} Regular; subset of {SOURCE_FAMILY}",
        4: f"{FAMILY} Regular",
        6: POSTSCRIPT,
        16: FAMILY,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            record.string = names[record.nameID]
    cff = font["CFF "].cff
    cff.fontNames = [POSTSCRIPT]
    top = cff.topDictIndex[0]
    top.FamilyName = FAMILY
    top.FullName = names[4]
    for part in top.FDArray:
        part.FontName = part.FontName.replace(SOURCE_POSTSCRIPT, POSTSCRIPT)


def build(collection: Path) -> None:
    """Write the subset of the listed characters to ``TARGET`` and say its size."""
    font = source_font(collection)
    cmap = font.getBestCmap()
    wanted = sorted(c for c in read_list() if ord(c) in cmap)
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14, 16, 17]
    options.layout_features = ["kern", "locl", "vert", "vrt2", "palt", "halt"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in wanted])
    subsetter.subset(font)
    rename(font)
    font.recalcTimestamp = False
    TARGET.parent.mkdir(exist_ok=True)
    font.save(str(TARGET), reorderTables=True)
    hanzi = sum(1 for c in wanted if 0x4E00 <= ord(c) <= 0x9FFF)
    print(
        f"{TARGET.relative_to(ROOT)}: {len(wanted)} characters ({hanzi} hanzi), "
        f"{TARGET.stat().st_size / 1e6:.1f} MB"
    )


def main() -> int:
    """Write the list again (``--refresh``), make the font (given the source), or both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", help="NotoSansCJK-Regular.ttc")
    parser.add_argument("--refresh", action="store_true", help=f"write {CHARACTERS.name} again")
    args = parser.parse_args()
    if not args.refresh and args.source is None:
        parser.error("give the source collection, --refresh, or both")
    if args.refresh:
        write_list(characters())
        print(f"{CHARACTERS.relative_to(ROOT)}: {len(read_list())} characters")
    if args.source is not None:
        build(args.source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
