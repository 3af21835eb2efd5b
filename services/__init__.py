"""Business rules: permissions, data scope, validation, queries (no web framework)."""
