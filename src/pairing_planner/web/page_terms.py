"""The cost terms an instance weighs, named in the page's language: what the page offers a
trade-off front between (``options.front``), and how it names a plan's costs (score_gap →
水平差距) rather than by their ids."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from pairing_planner.i18n import Language
from pairing_planner.objective import term_label
from pairing_planner.web.error_schema import error_responses
from pairing_planner.web.language import speaking
from pairing_planner.web.server import Server, language, server

router = APIRouter(responses=error_responses(404))


class TermOut(BaseModel):
    """A cost term: its id (as ``options.front`` and ``term_costs`` name it) and its name."""

    id: str
    name: str


@router.get("/api/instances/{instance_id}/terms", tags=["instances"])
def terms(
    instance_id: str,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> list[TermOut]:
    """The cost terms the instance weighs (a front needs two of them), in its objective's
    order."""
    with speaking(lang):
        weights = at.store.get(instance_id).instance.data.objective.weights
        return [TermOut(id=t.value, name=term_label(t.value)) for t, w in weights.items() if w > 0]
