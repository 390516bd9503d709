"""The notice's clauses (鲁教基函〔2016〕7号), by ID, in a one-line English summary.

The IDs are those of the project's clause list; code, checks, ledgers and docs cite them.
Where a summary and the Chinese text differ, the Chinese stands.
"""

from __future__ import annotations

CLAUSES: dict[str, str] = {
    "T1": "UR 2016: every city fixes helpers, recipients, form and content; every county starts.",
    "T2": "UR 2017: whole cities; key poverty village schools reach a 100 % pairing rate.",
    "T3": "UR 2018–2020: work goes deeper; recipients' level rises markedly.",
    "T4": "HZ: the supporting cities help 20 Heze secondary schools for about three years.",
    "S1": "UR pairs are one-to-one or one-to-many: a helper may help several recipients.",
    "S2": "UR is coordinated by the city and run by the county: pairs stay inside the city.",
    "S3": "UR helpers are urban schools of a high level; recipients are weak rural schools.",
    "S4": "UR schools in provincial key poverty villages are paired strictly one-to-one.",
    "S5": "HZ recipients: 9 senior and 11 junior high schools of Heze.",
    "S6": "HZ: 11 cities (Jinan … Laiwu) each name one junior high helper.",
    "S7": "HZ: 9 cities (Jinan … Weihai) each name one senior high helper.",
    "M1": "UR: at least one joint teaching-research meeting per semester.",
    "M2": "UR: each pair exchanges at least one staff member on secondment each way a year.",
    "M3": "UR: teacher exchange, joint subject-leader training, a joint research project a year.",
    "M4": "UR: the helper shares equipment, books and facilities with the recipient.",
    "H1": "HZ: recipient sends ≥ 2 managers and ≥ 5 young teachers to the helper each year.",
    "H2": "HZ: at least one visit a year by the helper's key teachers to the recipient.",
    "H3": "HZ: an online platform for shared courses, lesson observation and research.",
    "H4": "HZ: team activities: lesson contests, student practice, festivals.",
    "R1": "Pairing is a main lever to narrow urban-rural, regional and school gaps.",
    "R2": "Every bureau keeps an implementation plan and a pairing ledger with a named person.",
    "R3": "Poverty villages first; pick helpers of high level and strong will; fund the work.",
    "R4": "By end of June 2016 each city reports its HZ helpers, UR plan and UR pairing list.",
}


SCOPE: dict[str, str] = {
    "T1": "Out of scope: starting the programme in 2016 is the bureaus' work; the tool plans "
    "the pairs it asks for.",
    "M4": "Out of scope: sharing equipment, books and facilities is the pair's daily work; the "
    "notice sets no count to schedule or check.",
    "H3": "Out of scope: an online platform is infrastructure, not a pairing decision.",
    "H4": "Out of scope: team activities are the pair's work; the notice sets no count, so "
    "the ledger lists no duty for them.",
    "R1": "The notice's purpose; the objective's terms (distance, score gap, needs) are how a "
    "plan serves it.",
    "R2": "The pairing ledger (`plan export … --to ledger.xlsx`): pairs with their clauses, "
    "yearly duties, relaxations, provenance, and the person responsible from the contacts "
    "file (`--with-contacts`).",
    "R4": "Partly: a city's pairing list is the ledger's pairs sheet or `plan-K.csv`; the "
    "report itself is the bureau's.",
}
"""What the tool does with a clause beyond its rules, costs, checks and duties, or why it does
nothing: every clause of the notice has a row in ``docs/clauses.md``."""


NAMED_CITIES: dict[str, tuple[str, dict[str, int]]] = {
    "S6": (
        "junior",
        dict.fromkeys(
            [
                "济南",
                "青岛",
                "淄博",
                "东营",
                "烟台",
                "潍坊",
                "济宁",
                "泰安",
                "威海",
                "日照",
                "莱芜",
            ],
            1,
        ),
    ),
    "S7": (
        "senior",
        dict.fromkeys(["济南", "青岛", "淄博", "东营", "烟台", "潍坊", "济宁", "泰安", "威海"], 1),
    ),
}
"""The cities S6 and S7 name (as the notice prints them, without 市), the stage, and how many
helper schools each supplies: what ``plan check`` holds a quota citing these clauses to."""
