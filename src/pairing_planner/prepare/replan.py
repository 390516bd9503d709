"""Re-planning from an earlier plan with the least disruption (pairs run for years: T3, T4).

Each step is a plain function from an :class:`Instance` to an :class:`Instance`, so the model
never learns where a rule came from: the earlier plan becomes the instance's ``baseline``
(priced by the ``change`` term), ``--lock``/``--forbid`` become ``lock``/``forbid`` rules
(R2), and ``--lock-baseline`` a lock on every old pair the instance still allows. After the
solve, :func:`changes_of` says what changed against the baseline and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.instance.index.instance import Instance, PairKey, helpers_by_recipient
from pairing_planner.instance.schema.models import Baseline, Term
from pairing_planner.instance.schema.number_caps import INTEGER_BUDGET
from pairing_planner.instance.schema.rule_models import ForbidRule, LockRule
from pairing_planner.io.plans import PlanFile, read_plan
from pairing_planner.objective import SCALE
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.prepare.problem import problem_data
from pairing_planner.result.baseline_changes import Changes, LoadChange, Move, Renamed
from pairing_planner.result.identity import Mismatch, identity_mismatches, row_mismatches
from pairing_planner.result.plan import Plan, Replan
from pairing_planner.rules import RULE_KINDS
from pairing_planner.rules.capabilities import refusing_rule
from pairing_planner.said import Said, said

DEFAULT_KEEP_WEIGHT = 50.0
"""A change costs as much as 50 km of travel (weight 1 per km) unless the instance or
``--keep-weight`` says otherwise: enough that only clearly better pairs replace old ones."""


def apply_replan(instance: Instance, replan: Replan) -> Instance:
    """The instance with the baseline, its weight and the hand-made locks and forbids."""
    return replanned(instance, replan)[0]


def replanned(instance: Instance, replan: Replan) -> tuple[Instance, list[Said]]:
    """The instance with the baseline, its weight and the hand-made locks and forbids, and
    the warning, when the baseline does not name its schools, that its ids could not be
    checked. A baseline whose ids name other schools than the instance's is refused
    (:func:`same_schools`) unless ``replan.trust_ids``."""
    data = instance.data
    rules = list(data.rules)
    rules += _pair_rules(instance, "forbid", replan.forbid)
    rules += _pair_rules(instance, "lock", replan.lock)
    update: dict[str, object] = {"rules": rules}
    warnings: list[Said] = []
    if replan.baseline:
        found = replace(instance, data=data.model_copy(update={"rules": rules}))
        allowed = candidate_pairs(found) if replan.keep_first or replan.lock_baseline else []
        baseline = read_plan(Path(replan.baseline), replan.baseline_plan)
        if not replan.trust_ids:
            same_schools(instance, baseline, Path(replan.baseline))
        old = baseline.pairs
        weights = dict(data.objective.weights)
        weights[Term.change] = (
            _lexicographic_weight(found, allowed)
            if replan.keep_first
            else replan.keep_weight or weights.get(Term.change) or DEFAULT_KEEP_WEIGHT
        )
        still = set(allowed)
        kept = [pair for pair in old if pair in still]
        if replan.lock_baseline and kept:
            rules.append(_lock(kept, _("the baseline's pairs (--lock-baseline)")))
        source = _("{file}, plan {rank}").format(file=replan.baseline, rank=replan.baseline_plan)
        update["baseline"] = Baseline(pairs=old, source=source, names=baseline.names)
        update["objective"] = data.objective.model_copy(update={"weights": weights})
        if not baseline.names_schools:
            warnings.append(said(UNCHECKED, file=replan.baseline))
    return replace(instance, data=data.model_copy(update=update)), warnings


UNCHECKED = N_(
    "{file} does not name its schools (a plans.json written before format 2, or a plan CSV "
    "without name columns), so whether its ids name the same schools as this instance "
    "cannot be checked; if the list was renumbered, re-plan from a newer file or compare "
    "the pairs by hand"
)
MISMATCH = N_(
    "{id} is {stated} in {file} but {actual} in {instance}: the ids name other schools; "
    "import this year's list with last year's (plan import --previous), or pass --trust-ids "
    "if the ids are right"
)


def same_schools(instance: Instance, baseline: PlanFile, path: Path) -> None:
    """Refuse a baseline whose ids name other schools than ``instance`` (a name or a place
    that disagrees), naming every such school as both files have it: last year's helper
    would otherwise be kept for another school, silently (T3, T4)."""
    found = identity_mismatches(instance, baseline.schools) + row_mismatches(
        instance, baseline.rows
    )
    if not found:
        return
    raise InputError([mismatch_problem(instance, m, path, MISMATCH) for m in found])


def mismatch_problem(instance: Instance, mismatch: Mismatch, path: Path, says: str) -> Problem:
    """A school an id names differently in ``path`` and in ``instance``, in the words of
    ``says`` (a message id), at the file's row and column when it has rows."""
    message = _(says).format(
        id=mismatch.school,
        stated=mismatch.stated,
        actual=mismatch.actual,
        file=path.name,
        instance=instance.path.name if instance.path else instance.name,
    )
    if mismatch.line is None:
        return Problem(message, path)
    return Problem(message, path, mismatch.line, mismatch.column, sheet="")


def _lock(pairs: list[PairKey], note: str) -> LockRule:
    return LockRule(kind="lock", clause="R2", pairs=pairs, note=note)


def stated_pairs(
    instance: Instance, given: tuple[str, ...]
) -> tuple[list[PairKey], dict[int, str]]:
    """``HELPER:RECIPIENT`` texts (``--lock``, ``--forbid``, the API's ``lock`` and
    ``forbid``) as pairs of ``instance``, and why each that names no pair of it is refused,
    by its place in ``given``: the command and the API say it in the same words."""
    pairs: list[PairKey] = []
    refused: dict[int, str] = {}
    for place, text in enumerate(given):
        helper, _sep, recipient = text.partition(":")
        if not helper or not recipient:
            refused[place] = _("'{text}' is not HELPER:RECIPIENT").format(text=text)
        elif helper not in instance.helpers:
            refused[place] = _("no helper school '{id}'").format(id=helper)
        elif recipient not in instance.recipients:
            refused[place] = _("no recipient school '{id}'").format(id=recipient)
        else:
            pairs.append((helper, recipient))
    return pairs, refused


def _pair_rules(
    instance: Instance, kind: str, given: tuple[str, ...]
) -> list[LockRule | ForbidRule]:
    """``HELPER:RECIPIENT`` options as one lock or forbid rule (R2); unknown ids refused."""
    if not given:
        return []
    pairs, refused = stated_pairs(instance, given)
    if refused:
        raise InputError([Problem(m, instance.path, None, f"--{kind}") for m in refused.values()])
    note = _("from the command line (--{kind})").format(kind=kind)
    if kind == "lock":
        return [_lock(pairs, note)]
    return [ForbidRule(kind="forbid", clause="R2", pairs=pairs, note=note)]


def _lexicographic_weight(instance: Instance, pairs: list[PairKey]) -> float:
    """A change weight above any difference the rest of the objective can make: every
    candidate pair's cost plus every helper's dearest per-school costs, plus one unit. One
    change more then always costs more than any saving elsewhere (``--keep-first``). A
    helper's dearest load is the most its capacity structures allow, or all its candidates
    where none caps it: the helpers' ``capacity`` field bounds nothing without a capacity
    rule, and a bound below a load the plan can reach would let savings outweigh a change.

    Each pair may then cost that much: refused when the objective could leave CP-SAT's
    integers (:data:`~pairing_planner.instance.schema.number_caps.INTEGER_BUDGET`), which takes
    millions of pairs at the shipped weights."""
    problem = problem_data(instance, pairs)
    costs, capacity = problem.costs, problem.capacity
    most = sum(costs.cost.values())
    for helper_id, offered in problem.by_helper.items():
        units = costs.unit_costs(capacity.get(helper_id, len(offered)))
        most += sum(sum(per) for per in units.values())
    if (most + 1) * (len(pairs) + 1) > INTEGER_BUDGET:
        message = _(
            "the instance is too large, or its weights too high, to count changes before every "
            "other cost exactly; give --keep-weight instead of --keep-first"
        )
        raise InputError([Problem(message, instance.path, None, "--keep-first")])
    return (most + 1) / SCALE


def changes_of(instance: Instance, plan: Plan) -> Changes | None:
    """How ``plan`` differs from the instance's baseline, with the reason for each move."""
    baseline = instance.data.baseline
    if baseline is None:
        return None
    old = [(h, r) for h, r in baseline.pairs]
    new = [(p.helper, p.recipient) for p in plan.pairs]
    old_by, new_by = helpers_by_recipient(old), helpers_by_recipient(new)
    moved = []
    for recipient_id in instance.recipients:
        before, after = old_by.get(recipient_id), new_by.get(recipient_id, ())
        if before is None or set(before) == set(after):
            continue
        lost = [h for h in before if h not in after]
        forced = all(why_not_allowed(instance, h, recipient_id) is not None for h in lost)
        move = Move(recipient_id, list(before), list(after), forced, "")
        moved.append(replace(move, why=move_reason(instance, move)))
    old_load, new_load = Counter(h for h, _r in old), Counter(h for h, _r in new)
    old_pairs = set(old)
    arrived = [r for r in instance.recipients if r not in old_by]
    return Changes(
        source=baseline.source,
        kept=[pair for pair in new if pair in old_pairs],
        moved=moved,
        new_recipients=arrived,
        removed_recipients=[r for r in old_by if r not in instance.recipients],
        removed_helpers=sorted({h for h, _r in old if h not in instance.helpers}),
        removed_names={k: name for k, name in baseline.names.items() if instance.school(k) is None},
        renamed=_renamed(instance, baseline.names),
        new_helpers={r: list(new_by.get(r, ())) for r in arrived},
        load_changes=[
            LoadChange(h, old_load[h], new_load[h])
            for h in instance.helpers
            if old_load[h] != new_load[h]
        ],
    )


def _renamed(instance: Instance, names: dict[str, str]) -> list[Renamed]:
    """The schools of both plans whose name differs from the one the baseline gives them
    (a rename the import recorded, or ids trusted with --trust-ids), in the instance's order."""
    return [
        Renamed(school.id, names[school.id])
        for school in (*instance.data.recipients, *instance.data.helpers)
        if school.id in names and canonical(names[school.id]) != canonical(school.name)
    ]


def move_reason(instance: Instance, move: Move) -> str:
    """Why a recipient's helper changed, in the current language: the rules that no longer
    allow its old pairs, or that the plan as a whole favours the new helper. Worded from the
    instance, so a change report printed in another language than the re-plan's says it in
    that language (``Move.why`` keeps the re-plan's words, issue 30)."""
    lost = [h for h in move.old if h not in move.new]
    reasons = [why_not_allowed(instance, h, move.recipient) for h in lost]
    if move.forced:
        return "; ".join(r for r in reasons if r)
    return _(
        "the old pair is still allowed; the rules and costs of the plan as a whole favour "
        "the new helper"
    )


def why_not_allowed(instance: Instance, helper_id: str, recipient_id: str) -> str | None:
    """Why the instance no longer allows this pair (the school is gone, or the rule and
    clause that exclude it), or None when it is still allowed. The rule is named by its
    kind's summary, in the planner's language, and the instance's note on it, as the file
    writes it (the shipped templates' notes are Chinese, issue 30)."""
    if helper_id not in instance.helpers:
        return _("{id} is no longer a helper school").format(id=helper_id)
    rule = refusing_rule(instance, helper_id, instance.recipients[recipient_id])
    if rule is not None:
        note = _("; ") + rule.note if rule.note else ""
        return _("{rule} ({clause}{note})").format(
            rule=_(RULE_KINDS[rule.kind].summary), clause=rule.clause, note=note
        )
    if instance.pair_costs is not None and (helper_id, recipient_id) not in instance.pair_costs:
        return _("the pair table no longer lists the pair (R2)")
    return None
