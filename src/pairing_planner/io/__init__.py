"""Reading plans from files a planner edits (JSON, CSV, the ledger's sheet) and writing files
atomically (a crash or a full disk never leaves half a file in place of the old one)."""
