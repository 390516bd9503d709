"""A :class:`~pairing_planner.result.plan.Result` stamped with what reproduces it, and the
sentences a result says about itself."""

from __future__ import annotations

from dataclasses import replace

from pairing_planner.i18n import N_, _, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.plan import Diagnosis, Plan, Result, Status
from pairing_planner.solving.options import Params
from pairing_planner.version import ortools_version, tool_version


def make_result(
    instance: Instance,
    params: Params,
    status: Status,
    plans: list[Plan],
    *,
    seconds: float = 0.0,
    interrupted: bool = False,
    message: str = "",
    diagnosis: Diagnosis | None = None,
) -> Result:
    """A :class:`Result` stamped with what reproduces it: instance hash, versions, parameters."""
    return Result(
        instance=instance.name,
        instance_sha256=instance.sha256,
        tool_version=tool_version(),
        ortools_version=ortools_version(),
        parameters=params.as_dict(),
        status=status,
        seconds=round(seconds, 3),
        plans=plans,
        interrupted=interrupted,
        message=message,
        diagnosis=diagnosis,
        instance_path=str(instance.path.resolve()) if instance.path else "",
    )


def relaxed_note(penalty: int, *, proven: bool) -> str:
    """What a relaxed result says: the total penalty its plans pay, and whether it is least."""
    proof = _("proven least") if proven else _("not proven least")
    return _(
        "No plan keeps every rule. These plans bend them as little as possible: total "
        "relaxation penalty {penalty} ({proof}); each lists the rules it bends."
    ).format(penalty=penalty, proof=proof)


def floored_note(parts: list[str], rules: list[str]) -> str:
    """What a plan says when greedy floors bend rules because time ran out before their
    parts were searched (:func:`pairing_planner.solving.execution.part_tasks.floor_part`): nothing
    proved the rules conflict there, so it is not a relaxed plan, and more time may keep them."""
    return _(
        "Time ran out before {parts} could be searched: the greedy plan taken there bends "
        "{rules}. Whether a plan keeping every rule exists was not decided; allow more time "
        "(--time-limit)."
    ).format(parts=listing(parts), rules=listing(rules))


NO_PLAN_IN_TIME = N_("No plan was found within the time limit; allow more time (--time-limit).")


MAY_DIFFER = N_(
    "Not everything here is proven ({what}), so another run of the same instance and "
    "options, under another load or on another machine, may give other plans; more time "
    "(--time-limit) may prove them."
)


def with_proof_note(result: Result) -> Result:
    """``result``, its message saying so when another run may give other plans, and naming
    what is not proven (:func:`unproven`): a planner deciding whether to rerun with more time
    must know which plan, and whether its cost, its bend or the diagnosis is in doubt."""
    what = unproven(result)
    if not what:
        return result
    note = _(MAY_DIFFER).format(what="; ".join(what))
    return replace(result, message=" ".join([result.message, note]).strip())


def may_differ(result: Result) -> bool:
    """Whether another run of the same instance, seed and workers may give other plans."""
    return bool(unproven(result))


def unproven(result: Result) -> list[str]:
    """What of ``result`` is not proven, in words; empty when another run of the same
    instance, seed and workers gives the same plans. Proven plans do not depend on the
    clock: each CP-SAT search with a fixed seed and worker count takes the same path under
    any load, the time only cutting it short, and every other step before a proof is bounded
    by work, not time (the core's Lagrangian steps, the diagnosis's checks). A relaxed plan's
    status speaks of its cost for its bend; whether the bend is least is said apart
    (:attr:`Plan.least_bend_proven`)."""
    if not result.plans:
        return []
    what = [_("the search was stopped")] if result.interrupted else []
    cost = [p.rank for p in result.plans if p.status != "OPTIMAL"]
    bend = [p.rank for p in result.plans if p.relaxations and not p.least_bend_proven]
    if cost:
        what.append(_("the cost of plan {ranks}").format(ranks=_ranks(cost)))
    if bend:
        what.append(_("the least bend of plan {ranks}").format(ranks=_ranks(bend)))
    diagnosis = result.diagnosis
    if diagnosis is not None and diagnosis.conflict and not diagnosis.minimal:
        what.append(_("that the conflicting rules listed are a smallest such set"))
    return what


def _ranks(ranks: list[int]) -> str:
    return ", ".join(map(str, ranks))


def no_further_plan(found: int, what: str) -> str:
    """Fewer plans than asked, because no further one exists under the constraints."""
    return _("Only {n} plan(s) exist under these constraints: no plan {next} {what}.").format(
        n=found, next=found + 1, what=what
    )


def out_of_time(found: int, wanted: int) -> str:
    """Fewer plans than asked, because the time limit came first."""
    return _("Time ran out after {n} of {wanted} plans; allow more time (--time-limit).").format(
        n=found, wanted=wanted
    )


def sequence_message(
    status: Status,
    last: Status,
    plans: list[Plan],
    wanted: int,
    interrupted: bool,
    next_plan: str,
) -> str:
    """What a run of K plans from one model says about how it ended (``next_plan``: the
    constraints a further plan was sought under, in words)."""
    if interrupted:
        if not plans:
            return _("The search was stopped before any plan was found.")
        return _("The search was stopped; the best plan found so far is returned.")
    if status == "INFEASIBLE":
        return _("No plan satisfies all the rules.")
    if status == "UNKNOWN":
        return _(NO_PLAN_IN_TIME)
    if len(plans) == wanted:
        return ""
    if last == "INFEASIBLE":
        return no_further_plan(len(plans), next_plan)
    return out_of_time(len(plans), wanted)
