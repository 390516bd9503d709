"""Reference geodata: Shandong's divisions past and present, its cities, every county seat of
mainland China, and great-circle distances.
"""
