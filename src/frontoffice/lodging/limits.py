"""How far ahead and how long a stay can be booked; how much the rates page changes at once."""

MAX_NIGHTS = 365
MAX_DAYS_AHEAD = 731  # arrivals up to two years ahead
MAX_PARTY = 50
# The per-night inventory reaches this far: the last arrival plus the longest stay, and a
# week to spare.
HORIZON_DAYS = MAX_DAYS_AHEAD + MAX_NIGHTS + 7
# One change on the rates page covers at most two years of nights, none in the past and none
# beyond the last night anyone can book (the last arrival plus the longest stay).
MAX_RATE_CHANGE_NIGHTS = 731
LAST_BOOKABLE_NIGHT_DAYS = MAX_DAYS_AHEAD + MAX_NIGHTS - 1
# The rates page shows this many nights at a time.
RATE_GRID_NIGHTS = 14
