"""``plan serve``: the planner's workbench over HTTP (issue 32).

A FastAPI app (:mod:`~pairing_planner.web.app`) in front of the library: school lists and
instance files become stored instances (:mod:`~pairing_planner.web.store`), solves run as jobs
in worker processes that write results under ``--data`` as ``plan solve`` writes them
(:mod:`~pairing_planner.web.jobs`, :mod:`~pairing_planner.web.worker`), every error is an RFC
9457 problem (:mod:`~pairing_planner.web.problems`), and a web page the planner happens to
visit cannot drive the server (:mod:`~pairing_planner.web.security`). The top layer: it calls
``api``, ``report`` and ``io`` and nothing imports it but ``cli`` and ``docs_gen``.
"""
