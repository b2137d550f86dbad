"""Every change guest services make, one module per area."""
