"""Everything that turns plans into something to read or hand on: tables, files, terminal."""
