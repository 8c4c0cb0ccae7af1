"""Advice guard."""
