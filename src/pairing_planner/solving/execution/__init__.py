"""Where and how long parts run: the tasks that cross process boundaries (:mod:`.part_tasks`), the
calling process or a pool of spawned processes (:mod:`.process_pool`), a Dask cluster
(:mod:`.dask_runner`), and the deterministic work every search is given whatever the clock says
(:mod:`.guaranteed_work`).
"""
