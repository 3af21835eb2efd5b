"""Analytics: every metric defined once (SPEC §9–10), aggregated in SQL."""
