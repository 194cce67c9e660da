"""Prefect flows: orchestration only; every task body is one call into ``screening``."""
