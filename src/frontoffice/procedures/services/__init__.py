"""Every change procedures make."""
