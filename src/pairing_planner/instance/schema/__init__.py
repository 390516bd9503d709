"""The instance file's format as pydantic models: schools and places (:mod:`.school_models`), rules
(:mod:`.rule_models`), the file itself (:mod:`.models`), the school calendar, the caps on
numbers, and validation errors worded for a planner.
"""
