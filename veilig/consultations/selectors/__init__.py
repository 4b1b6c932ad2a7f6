"""Reads of the case consultations (selectors: no writes, no access decisions of their own)."""
