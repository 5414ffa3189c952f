"""Accusation / prediction / rejection sentence labelers (work in progress)."""
from analysis.labels.codebook import LABELS
__all__ = ["LABELS"]
