"""Make the CJK font the package ships: a subset of Noto Sans CJK SC Regular.

    python tools/cjk_font_subset.py NotoSansCJK-Regular.ttc

The source is Debian's ``fonts-noto-cjk`` (``apt-get download fonts-noto-cjk``, then
``dpkg-deb -x`` the package; the collection is ``usr/share/fonts/opentype/noto/``), under the
SIL Open Font License 1.1, which allows a modified font to be redistributed with software under
the same licence. The subset keeps:

- every character GB2312 encodes (its 6,763 hanzi of levels 1 and 2, the punctuation and
  symbols): the list of 通用规范汉字表 (8,105) is not to be had offline, and GB2312's hanzi
  hold its first two levels nearly whole;
- every character of the package's own texts (messages and their translations, the county
  and division tables) and of the shipped instances and school lists, so every name the tool
  ships draws, rare place-name characters (鄄, 郓, 鄌…) included;
- ASCII, Latin-1, general punctuation, CJK symbols and full-width forms.

The family is renamed (``FAMILY``): a subset is a modified version, and a distinct name keeps
matplotlib from confusing it with a full Noto Sans CJK SC installed on the system. Hints are
dropped (the charts are rasterised at 100–150 dpi) and the output is reproducible: the same
source gives the same bytes. Needs fontTools (a development dependency).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "pairing_planner"
TARGET = PACKAGE / "fonts" / "PlannerSansSC-Regular.otf"
FAMILY = "Planner Sans SC"
SOURCE_FAMILY = "Noto Sans CJK SC"
TEXT_SUFFIXES = {".py", ".po", ".csv", ".yaml", ".yml", ".json"}
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


def shipped_texts() -> set[str]:
    """The non-ASCII characters of the package's texts and the shipped instances."""
    found: set[str] = set()
    for folder in (PACKAGE, ROOT / "instances"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file():
                found |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F}
    return found


def characters() -> set[str]:
    """What the subset keeps (see the module's docstring)."""
    ranged = {chr(c) for low, high in RANGES for c in range(low, high + 1)}
    return ranged | gb2312() | shipped_texts()


def source_font(collection: Path) -> TTFont:
    """The simplified Chinese face of the Noto Sans CJK collection."""
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    raise SystemExit(f"{collection} holds no {SOURCE_FAMILY}")


def rename(font: TTFont) -> None:
    """A subset is a modified version: it gets its own family name (SIL OFL 1.1)."""
    names = {
        1: FAMILY,
        3: f"{FAMILY} Regular; subset of {SOURCE_FAMILY}",
        4: f"{FAMILY} Regular",
        6: FAMILY.replace(" ", "") + "-Regular",
        16: FAMILY,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            record.string = names[record.nameID]
    font["CFF "].cff.fontNames = [names[6]]


def main() -> int:
    """Write the subset to ``TARGET`` and say its size and coverage."""
    font = source_font(Path(sys.argv[1]))
    cmap = font.getBestCmap()
    wanted = sorted(c for c in characters() if ord(c) in cmap)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
