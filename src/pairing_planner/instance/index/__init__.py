"""The validated, immutable :class:`~.instance.Instance` every later layer reads, the checks that
every id it uses names something, and ids made from names.
"""
