"""Sales-coaching assistant: helps managers coach reps through deal reviews, offline by default."""

__version__ = "0.1.0"
