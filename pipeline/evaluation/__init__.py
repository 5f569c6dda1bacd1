"""Accuracy harnesses behind `pipeline eval` and `make eval`."""
