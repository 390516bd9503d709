"""A :class:`~pairing_planner.result.plan.Result` stamped with what reproduces it, and the
sentences a result says about itself."""

from __future__ import annotations

from dataclasses import replace

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.plan import Diagnosis, Plan, Result, Status
from pairing_planner.said import Said, joined, named, said
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
    message: Said | None = None,
    diagnosis: Diagnosis | None = None,
) -> Result:
    """A :class:`Result` stamped with what reproduces it: instance hash, versions, parameters;
    its message worded now and kept as said (:func:`told`)."""
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
        message=message.text() if message is not None else "",
        said=message,
        diagnosis=diagnosis,
        instance_path=str(instance.path.resolve()) if instance.path else "",
    )


def told(result: Result, *parts: Said | None) -> Result:
    """``result`` saying ``parts`` one after another (its own message among them as
    ``result.said``): the text in the current language, and the parts by message id, so a
    reader words it in another (:mod:`pairing_planner.said`)."""
    message = joined(parts)
    return replace(result, message=message.text(), said=message)


def relaxed_note(penalty: int, *, proven: bool) -> Said:
    """What a relaxed result says: the total penalty its plans pay, and whether it is least."""
    proof = said(N_("proven least") if proven else N_("not proven least"))
    return said(
        N_(
            "No plan keeps every rule. These plans bend them as little as possible: total "
            "relaxation penalty {penalty} ({proof}); each lists the rules it bends."
        ),
        penalty=penalty,
        proof=proof,
    )


def floored_note(parts: list[Said], rules: list[Said]) -> Said:
    """What a plan says when greedy floors bend rules because time ran out before their
    parts were searched (:func:`pairing_planner.solving.execution.part_tasks.floor_part`): nothing
    proved the rules conflict there, so it is not a relaxed plan, and more time may keep them."""
    return said(
        N_(
            "Time ran out before {parts} could be searched: the greedy plan taken there bends "
            "{rules}. Whether a plan keeping every rule exists was not decided; allow more time "
            "(--time-limit)."
        ),
        parts=joined(parts, ", "),
        rules=joined(rules, ", "),
    )


STRICT_NONE = N_("No plan satisfies all the rules (--strict: no relaxed plans).")

NO_PLAN_IN_TIME = N_("No plan was found within the time limit; allow more time (--time-limit).")


MAY_DIFFER = N_(
    "Not everything here is proven ({what}), so another run of the same instance and "
    "options, under another load or on another machine, may give other plans; more time "
    "(--time-limit) may prove them."
)

MAY_DIFFER_STOPPED = N_(
    "Not everything here is proven ({what}), so another run of the same instance and "
    "options, under another load or on another machine, may give other plans; a run left "
    "to finish may prove them."
)


def with_proof_note(result: Result) -> Result:
    """``result``, its message saying so when another run may give other plans, and naming
    what is not proven (:func:`unproven`): a planner deciding whether to rerun with more time
    must know which plan, and whether its cost, its bend or the diagnosis is in doubt."""
    what = unproven(result)
    if not what:
        return result
    advice = MAY_DIFFER_STOPPED if result.interrupted else MAY_DIFFER
    return told(result, result.said, said(advice, what=joined(what, "; ")))


def may_differ(result: Result) -> bool:
    """Whether another run of the same instance, seed and workers may give other plans."""
    return bool(unproven(result))


def unproven(result: Result) -> list[Said]:
    """What of ``result`` is not proven, in words; empty when another run of the same
    instance, seed and workers gives the same plans. Proven plans do not depend on the
    clock: each CP-SAT search with a fixed seed and worker count takes the same path under
    any load, the time only cutting it short, and every other step before a proof is bounded
    by work, not time (the core's Lagrangian steps, the diagnosis's checks). A relaxed plan's
    status speaks of its cost for its bend; whether the bend is least is said apart
    (:attr:`Plan.least_bend_proven`). A diagnosis that named no conflicting rules (its search
    cut by time: Heze as printed, 1 s, under load; a count before solving says only that some
    rule must bend) leaves the rules to blame undecided, as one whose conflict is not proven
    smallest leaves its size (issue 31)."""
    if not result.plans:
        return []
    what = [said(N_("the search was stopped"))] if result.interrupted else []
    cost = [p.rank for p in result.plans if p.status != "OPTIMAL"]
    bend = [p.rank for p in result.plans if p.relaxations and not p.least_bend_proven]
    if cost:
        what.append(said(N_("the cost of plan {ranks}"), ranks=_ranks(cost)))
    if bend:
        what.append(said(N_("the least bend of plan {ranks}"), ranks=_ranks(bend)))
    diagnosis = result.diagnosis
    if diagnosis is not None and diagnosis.conflict and not diagnosis.minimal:
        what.append(said(N_("that the conflicting rules listed are a smallest such set")))
    if diagnosis is not None and not diagnosis.conflict:
        what.append(said(N_("which rules conflict")))
    return what


def _ranks(ranks: list[int]) -> Said:
    """Plan numbers as a list the language joins when it is shown (方案 1、2 in Chinese, where
    "1, 2" was fixed as the result was made, issue 32)."""
    return joined([named(str(rank)) for rank in ranks], ", ")


def no_further_plan(found: int, what: Said) -> Said:
    """Fewer plans than asked, because no further one exists under the constraints."""
    return said(
        N_("Only {n} plan(s) exist under these constraints: no plan {next} {what}."),
        n=found,
        next=found + 1,
        what=what,
    )


def out_of_time(found: int, wanted: int) -> Said:
    """Fewer plans than asked, because the time limit came first (never said of a stopped
    solve: :func:`stopped_after`)."""
    return said(
        N_("Time ran out after {n} of {wanted} plans; allow more time (--time-limit)."),
        n=found,
        wanted=wanted,
    )


def stopped_after(found: int, wanted: int) -> Said:
    """Fewer plans than asked, because a stop came first (Stop or DELETE in the workbench,
    SIGTERM of plan serve, Ctrl-C of plan solve): a planner told "time ran out, allow more
    time" 6 s into a 120 s limit would raise a limit never reached (issue 32, U37b N3)."""
    return said(
        N_("The search was stopped after {n} of {wanted} plans; the plans found are kept."),
        n=found,
        wanted=wanted,
    )


def sequence_message(
    status: Status,
    last: Status,
    plans: list[Plan],
    wanted: int,
    interrupted: bool,
    next_plan: Said,
) -> Said | None:
    """What a run of K plans from one model says about how it ended (``next_plan``: the
    constraints a further plan was sought under, in words)."""
    if interrupted:
        if not plans:
            return said(N_("The search was stopped before any plan was found."))
        if len(plans) < wanted:
            return stopped_after(len(plans), wanted)
        return said(N_("The search was stopped; the best plan found so far is returned."))
    if status == "INFEASIBLE":
        return said(N_("No plan satisfies all the rules."))
    if status == "UNKNOWN":
        return said(NO_PLAN_IN_TIME)
    if len(plans) == wanted:
        return None
    if last == "INFEASIBLE":
        return no_further_plan(len(plans), next_plan)
    return out_of_time(len(plans), wanted)
