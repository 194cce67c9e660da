"""Scores: points per finding, a sub-score per category, a 0-100 total and a tier (policy-driven)."""
