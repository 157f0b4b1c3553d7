"""Measurements that print figures (not pass/fail tests): run with `make nlu-compare`."""
