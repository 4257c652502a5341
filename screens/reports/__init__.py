"""The report for the leadership: figures for a period and a part of the organisation."""
