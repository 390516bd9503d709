"""Instance files: YAML read with the line of every value (libyaml first, the line-numbered parse
to report an error), written back byte for byte, school tables and pair tables an instance
references, loaded into an :class:`Instance`.
"""
