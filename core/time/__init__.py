"""Time: clocks, dates read in a member's day, IANA zones, free-form times."""
