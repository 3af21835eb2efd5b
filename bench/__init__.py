"""Benchmarks (not tests): `make bench` prints one table of timed scenarios."""
