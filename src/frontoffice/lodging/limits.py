"""How far ahead and how long a stay can be booked."""

MAX_NIGHTS = 365
MAX_DAYS_AHEAD = 731  # arrivals up to two years ahead
MAX_PARTY = 50
# The per-night inventory reaches this far: the last arrival plus the longest stay, and a
# week to spare.
HORIZON_DAYS = MAX_DAYS_AHEAD + MAX_NIGHTS + 7
