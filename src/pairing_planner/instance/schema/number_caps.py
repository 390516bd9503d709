"""The largest numbers an instance may give, so that every integer handed to CP-SAT fits.

CP-SAT works in 64-bit integers and refuses a model in which a linear expression could leave
them (``Possible integer overflow``): the sum over its terms of |coefficient| × the largest
value of the variable must stay below 2^63 ≈ 9.2 × 10^18. We keep every such sum below
:data:`INTEGER_BUDGET` = 2^62, leaving the other half for what a solve adds on top (the
relaxation's penalties, the cost bound of ``--within``). The largest sum is the objective's:
each candidate pair's cost is ``round(weight × value × SCALE)`` per term (SCALE = 100,
:mod:`pairing_planner.objective.base`), and the largest value of each term per pair is

====================  ============  =====================================================
term                  largest       because
====================  ============  =====================================================
distance              20,016 km     π × Earth's radius: no two places are farther apart
score_gap             200 points    ``min_lead`` ≤ 100 and scores lie in 0–100
uncovered_needs       100           :data:`MAX_SUBJECTS` needs per recipient
pair_table            10,000        :data:`MAX_PAIR_COST`
change                1             a recipient moved or not
load_balance          99            per unit of load (capacity ≤ 100); a helper has no
                                    more units than candidate pairs
====================  ============  =====================================================

30,416 in all, × :data:`MAX_WEIGHT` × SCALE = 3.05 × 10^10 per pair, × :data:`PAIRS_ASSUMED`
pairs = 3.05 × 10^18 < 2^62 = 4.61 × 10^18. Counts (quotas, ``min_diff``) multiply only
booleans and are capped far below that; the seed is CP-SAT's own 32-bit parameter.
"""

from __future__ import annotations

INTEGER_BUDGET = 2**62
"""Half of CP-SAT's 64-bit range: what any one linear expression of ours may reach."""

PAIRS_ASSUMED = 100_000_000
"""Candidate pairs the caps allow for in one model: 27 times those of the whole of China's
generated preset (3.7 million for 180,000 recipients, 1.9 GB of memory to make them, measured
2026-12-06), so 10^8 pairs would need some 50 GB before any model is built."""

MAX_WEIGHT = 10_000.0
"""Largest weight of an objective term (``objective.weights``, ``--keep-weight``). Only the
ratios of weights matter; the shipped instances use 1–10, a change costs 50 by default, and
10,000 already makes one unit of a term outweigh 10,000 of another."""

MAX_PAIR_COST = 10_000.0
"""Largest cost a pair table may give a pair: a hand-made score, of which 10,000 is a hundred
times a hundred-point scale."""

MAX_SUBJECTS = 100
"""Most subjects a recipient may list as needs: a Chinese school teaches about fifteen."""

MAX_COUNT = 1_000_000
"""Largest count of schools a rule may name (a city quota of S6/S7, ``min_diff``): four times
every primary and secondary school of China (about 243,000 in 2016)."""

MAX_SEED = 2**31 - 1
"""Largest solver seed: CP-SAT's ``random_seed`` is a signed 32-bit integer."""

MAX_CALENDAR_WEIGHT = 1_000
"""Largest weight of a calendar term (``weights`` of the school calendar): twenty times the
largest default (evenness, 50). The calendar model prices keeping an earlier week above all
its terms together, so its objective grows with the cube of a group's activities: a group
of 2,000 visits, every two of them a joint journey (each saving at most 3 people × 40,032
km), stays below :data:`INTEGER_BUDGET` at this weight. A group is one helper and its
recipients (UR, at most 100 pairs) or one city's Heze visits: a few dozen activities."""

MAX_SECONDS = 86_400.0
"""Longest time limit, of a solve or a calendar: a day."""

MAX_WITHIN_PCT = 1_000.0
"""Largest ``within``: further plans at most ten times as dear as plan 1 (its bound is an
integer of the model too)."""
