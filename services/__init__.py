"""Business rules: permissions, data scope, validation, queries. No web framework here."""
