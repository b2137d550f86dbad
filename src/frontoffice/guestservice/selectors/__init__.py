"""Every read guest services make, one module per area."""
