"""The second planning problem: every pair's yearly duties scheduled on the school calendar
(docs/calendar.md)."""
