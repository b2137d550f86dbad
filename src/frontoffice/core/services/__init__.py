"""Every write of the core: one module per area (establishments, auth, idempotency,
history), one transaction per function."""
