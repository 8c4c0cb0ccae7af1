"""Instructions planted in notes: found by a learned detector over normalised and decoded text, never quoted,
repeated or sent to a model (callers drop the flagged spans; the rest of a note is still used)."""

from __future__ import annotations

from .spans import Detector, detector

__all__ = ["Detector", "detector"]
