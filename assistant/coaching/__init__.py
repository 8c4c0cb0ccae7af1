"""The coaching engine: deal facts, skill signals, assessment, focus, questions, plans, self-coaching."""
