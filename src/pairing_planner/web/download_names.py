"""The name a download is saved under: the instance's title, the plan and what the file is
(菏泽2016-方案 3-结对帮扶台账.xlsx), where ledger-3.xlsx from two instances or two solves landed
in the planner's Downloads folder under one name (issue 32); with an ASCII name beside it for
clients that cannot read RFC 5987's ``filename*`` (RFC 6266, section 4.3). The words keep
their spaces as the page shows them (方案 3, activity calendar: Windows takes them); the
ASCII name has none (heze-plan3-pairing-ledger.xlsx)."""

from __future__ import annotations

import re
from urllib.parse import quote

from pairing_planner.i18n import N_, _

KINDS = {
    "ledger": N_("pairing ledger"),
    "list": N_("official pairing list"),
    "report": N_("R4 report"),
    "calendar": N_("activity calendar"),
    "plan": N_("pairs"),
}
"""What each file of a plan is, by the first word of its name in the result folder: the
words its link on the page says (结对帮扶台账, R4 报送名单, 活动日程表), where the link
said 活动日程表 and the file 活动校历 (user test of issue 32)."""
OF_PLAN = re.compile(r"(?P<kind>[a-z]+)-(?P<rank>[1-9][0-9]{0,2})\.(?P<ext>[a-z]+)")
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
"""What no file name may hold on Windows (where bureaus' planners work), nor a header."""


def content_disposition(title: str, instance: str, name: str) -> str:
    """The Content-Disposition of file ``name`` (as the result folder names it) of a solve
    of the instance titled ``title`` whose id is ``instance``: an attachment named in words,
    and in ASCII for clients that take only ``filename``."""
    worded, plain = download_names(title, instance, name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(worded, safe='')}"


def download_names(title: str, instance: str, name: str) -> tuple[str, str]:
    """The download's name in the planner's words, and in ASCII."""
    shown = UNSAFE.sub("_", title).strip() or instance
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", instance).strip("_") or "instance"
    found = OF_PLAN.fullmatch(name)
    if found is None or found["kind"] not in KINDS:
        return f"{shown}-{name}", f"{plain}-{name}"
    kind, rank, ext = found["kind"], found["rank"], found["ext"]
    plan = _("Plan {k}").format(k=rank)
    english = KINDS[kind].replace(" ", "-")
    return f"{shown}-{plan}-{_(KINDS[kind])}.{ext}", f"{plain}-plan{rank}-{english}.{ext}"
