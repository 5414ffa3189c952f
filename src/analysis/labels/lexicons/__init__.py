"""Lexicon data files of :mod:`analysis.labels` (package data, read with importlib.resources)."""
