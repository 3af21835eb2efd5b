"""Shared widget builders (make_*) used by several pages."""
