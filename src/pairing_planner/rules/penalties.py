"""Default relaxation penalties per violation unit, by rule kind.

When no plan satisfies every rule, the least relaxation bends rules so that the total penalty
is smallest, and only then minimises cost. The order says which rule bends first: a city's
quota (S6, S7) before a helper's capacity, a capacity before a planner's lock, a lock before
leaving a school without a helper (T2 wants every school paired), and one-to-one pairing of
poverty-village schools (S4, R3: "key poverty villages come first") last. An instance may
set ``penalty`` on any rule to change this.
"""

from __future__ import annotations

DEFAULT_PENALTY: dict[str, int] = {
    "city_quota": 10,
    "capacity": 20,
    "lock": 40,
    "coverage": 60,
    "poverty_one_to_one": 100,
}
