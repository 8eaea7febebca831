"""The årshjul kept in the database and shown: a year's deadlines written and marked (deadlines), the
iCalendar feed (calendar_feed), and the wheel drawn for the wall (picture)."""
