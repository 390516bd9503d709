"""What a bureau sends turned into instance data: school lists (cells, places, ids from year to
year, contacts, where each school was typed) and school calendars.
"""
