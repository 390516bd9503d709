"""The instance: its file format (:mod:`.schema`), the validated index every later layer reads
(:mod:`.index`), YAML files read and written with line numbers (:mod:`.yaml_files`),
spreadsheets read safely (:mod:`.spreadsheets`), a bureau's lists and calendars imported
(:mod:`.bureau_files`), reference geodata (:mod:`.geodata`) and generated instances
(:mod:`.generators`).
"""
