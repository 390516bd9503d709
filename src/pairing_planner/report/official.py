"""The pairing list as the province asks for it: the attachment's own layout (序号, 县（市、区）,
学段, 学校名称 …) with each school's helper beside it, printable on A4, as .xlsx or .docx; and
per city what R4 asks each city to report by the end of June 2016 (its HZ helper schools and
the schools they help, its UR pairing list), one sheet or section per city.

Both files are for printing and filing, not for reading back: ``plan verify`` takes the
ledger, ``plans.json`` or a plan CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pairing_planner.i18n import N_, _, listing, stage_word
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import Contact, Place
from pairing_planner.report.bends import bend_marks, relaxation_words, unpaired
from pairing_planner.report.excel import column_width, sheet_names, workbook
from pairing_planner.result.plan import Plan, Relaxation

TITLES = {
    "HZ": N_("Heze support: pairing list of helper and recipient schools"),
    "UR": N_("Urban-rural compulsory-education schools: pairing list"),
}
"""The list's title by program (S5–S7: HZ; S1–S4: UR)."""

COLUMNS = (
    N_("No."),
    N_("county"),
    N_("stage"),
    N_("recipient school"),
    N_("helper city"),
    N_("helper school"),
)
CONTACT_COLUMNS = (N_("person responsible"), N_("phone"))
"""With contacts, the persons and phones of the recipient and of the helper follow."""
REMARKS = N_("remarks")
"""The last column of a plan that bends a rule: how each pair bends it, in the rule's words."""


@dataclass(frozen=True)
class OfficialList:
    """One printable list: its name (a sheet's, a section's), title, headers and rows (序号 a
    number, so Excel does not flag it as a number stored as text; the rest texts)."""

    name: str
    title: str
    headers: list[str]
    rows: list[list[str | int]]
    note: str = ""
    """Printed under the title: the bends of a relaxed plan this list concerns, in the rules'
    words (:func:`_bend_note`); empty when it concerns none."""


def official_lists(
    instance: Instance,
    plan: Plan,
    *,
    per_city: bool = False,
    contacts: dict[str, Contact] | None = None,
) -> list[OfficialList]:
    """The whole pairing list, or with ``per_city`` one list per helper city (R4, the cities
    in the instance's order), in the order of the instance's recipients, numbered from 1 in
    each list. A relaxed plan's lists say so under the title, and a last column marks how
    each pair bends a rule; the whole list also keeps each school left without a helper, its
    helper cells empty (the R4 report has no city to put it under). A list a bureau sends out
    reads as an administrative document: no solver words; whether the bend is proven least
    is the ledger's to say (its 来源 sheet)."""
    title = _(TITLES[instance.data.program])
    headers = [_(c) for c in COLUMNS]
    if contacts is not None:
        headers += [f"{_('recipient school')}{_(c)}" for c in CONTACT_COLUMNS]
        headers += [f"{_('helper school')}{_(c)}" for c in CONTACT_COLUMNS]
    headers += [_(REMARKS)] if plan.relaxations else []
    marks: dict[tuple[str | None, str], str] = {k: v for k, v in bend_marks(plan).items()}
    if not per_city:
        marks |= {(None, r): why for r, why in unpaired(instance, plan).items()}
    order = {r: i for i, r in enumerate(instance.recipients)}
    listed: list[tuple[str | None, str]] = [(p.helper, p.recipient) for p in plan.pairs]
    listed += [key for key in marks if key[0] is None]
    listed.sort(key=lambda p: (order[p[1]], p[0] or ""))
    groups: dict[str, list[tuple[str | None, str]]] = {}
    if per_city:
        rank = {place: i for i, place in enumerate(instance.places)}
        cities: dict[str | None, Place] = {
            p.helper: instance.city_of(instance.helpers[p.helper]) for p in plan.pairs
        }
        listed.sort(key=lambda p: rank[cities[p[0]].id])
    for pair in listed:
        name = cities[pair[0]].name if per_city else _("pairing list")
        groups.setdefault(name, []).append(pair)
    bends = list(zip(plan.relaxations, relaxation_words(instance, plan), strict=True))
    return [
        OfficialList(
            name=name,
            title=f"{name}{title}" if per_city else title,
            headers=headers,
            rows=[
                _row(instance, i, pair, contacts)
                + ([marks.get(pair, "")] if plan.relaxations else [])
                for i, pair in enumerate(members, start=1)
            ],
            note=_bend_note(
                [
                    bend
                    for bend in bends
                    if not per_city or cities[members[0][0]].id in _cities(instance, bend[0])
                ],
                members,
                marks,
            ),
        )
        for name, members in groups.items()
    ]


def _cities(instance: Instance, relaxation: Relaxation) -> set[str]:
    """The helper cities a bend concerns, whose R4 sheet alone says it: those of the pairs
    that bend it and the city, helper or pair it is about (``weihai/senior``,
    ``jining-j2``, ``jining-j2>r04``). A school left without a helper concerns none."""
    subject = relaxation.subject.split(">", 1)[0]
    helpers = [h for h, _recipient in relaxation.pairs] + [subject]
    found = {instance.city_of(instance.helpers[h]).id for h in helpers if h in instance.helpers}
    city = subject.split("/", 1)[0]
    return found | ({city} if "/" in subject and city in instance.places else set())


def _bend_note(
    bends: list[tuple[Relaxation, str]],
    members: list[tuple[str | None, str]],
    marks: dict[tuple[str | None, str], str],
) -> str:
    """What a printed list says under its title of the bends it concerns, each worded once
    (issue 30: every sheet said every bend, and a city short of its quota was counted as
    '0 schools not paired as S7 sets out. See the remarks column.' over an empty column).
    Bends marked on this list's rows: how many of its schools are not paired as the clauses
    set out, pointing to the remarks; bends no row shows (a city short of its quota): said
    as the rule, with no count and no pointer. Nothing for a list no bend concerns."""
    listed = set(members)
    on_rows = [
        (bend, words) for bend, words in bends if listed & {*bend.pairs, (None, bend.subject)}
    ]
    elsewhere = [found for found in bends if found not in on_rows]
    sentences = []
    if on_rows:
        schools = {recipient for helper, recipient in members if marks.get((helper, recipient))}
        sentences.append(
            _(
                "In this plan {n} school(s) are not paired as {clauses} sets out: {bends}. See "
                "the remarks column."
            ).format(n=len(schools), clauses=_clauses(on_rows), bends=_words(on_rows))
        )
    if elsewhere:
        sentences.append(
            _("This plan does not choose helper schools as {clauses} sets out: {bends}.").format(
                clauses=_clauses(elsewhere), bends=_words(elsewhere)
            )
        )
    if len(sentences) == 2:
        return _("{sentence} {more}").format(sentence=sentences[0], more=sentences[1])
    return "".join(sentences)


def _clauses(bends: list[tuple[Relaxation, str]]) -> str:
    """The clauses of some bends, each once, in order."""
    return listing(sorted({bend.clause for bend, _words in bends}))


def _words(bends: list[tuple[Relaxation, str]]) -> str:
    """Some bends in the rules' words, each once."""
    return _("; ").join(dict.fromkeys(words for _bend, words in bends))


def _row(
    instance: Instance,
    number: int,
    pair: tuple[str | None, str],
    contacts: dict[str, Contact] | None,
) -> list[str | int]:
    """One line of the list; a school left without a helper has empty helper cells."""
    helper_id, recipient_id = pair
    recipient = instance.recipients[recipient_id]
    helper = instance.helpers[helper_id] if helper_id is not None else None
    county = instance.county_of(recipient) or instance.city_of(recipient)
    row: list[str | int] = [
        number,
        county.name,
        "、".join(stage_word(s.value) for s in recipient.stages),
        recipient.name,
        instance.city_of(helper).name if helper is not None else "",
        helper.name if helper is not None else "",
    ]
    if contacts is not None:
        for school in (recipient_id, helper_id):
            contact = contacts.get(school or "", Contact())
            row += [contact.person or "", contact.phone or ""]
    return row


A4 = 9
"""xlsxwriter's paper code for A4."""

NOTE_LINE, NOTE_CHARS = 16, 60
"""Height in points of a line of a relaxed plan's note, and the Chinese characters a line
of it holds across the list's width: Excel does not fit a merged cell's height to its text."""


def write_official_xlsx(path: Path, lists: list[OfficialList]) -> None:
    """Each list on a sheet of its own, set up to print: A4 landscape, one page wide, the title
    above (a relaxed plan's note under it), the header row repeated on every page, ruled
    cells, page numbers below."""
    book = workbook(path)
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    header = book.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
    note = book.add_format({"text_wrap": True, "font_color": "#9C5700"})
    for found, name in zip(lists, sheet_names([f.name for f in lists]), strict=True):
        sheet = book.add_worksheet(name)
        sheet.set_paper(A4)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(2)
        sheet.center_horizontally()
        sheet.set_footer("&C&P / &N")
        sheet.merge_range(0, 0, 0, len(found.headers) - 1, found.title, title)
        if found.note:
            sheet.merge_range(1, 0, 1, len(found.headers) - 1, found.note, note)
            sheet.set_row(1, NOTE_LINE * (1 + len(found.note) // NOTE_CHARS))
        sheet.write_row(2, 0, found.headers, header)
        for i, row in enumerate(found.rows, start=3):
            sheet.write_row(i, 0, row, cell)
        for column, name in enumerate(found.headers):
            values = [name, *(row[column] for row in found.rows)]
            sheet.set_column(column, column, column_width(values, cap=40))
    book.close()


def write_official_docx(path: Path, lists: list[OfficialList]) -> None:
    """Each list as a titled, ruled table on A4 landscape (a relaxed plan's note under the
    title), its header row repeated on every page (a section per list, each starting a new
    page)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = Document()
    for index, found in enumerate(lists):
        section = document.sections[0] if index == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.add_run(found.title).bold = True
        if found.note:
            document.add_paragraph(found.note)
        table = document.add_table(rows=1, cols=len(found.headers))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, found.headers, strict=True):
            cell.text = name
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for row in found.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = str(value)
    document.save(str(path))
