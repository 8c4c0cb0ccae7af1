"""The evals suite: cases as data (evals/cases/*.yaml), small deterministic scorers, reports and gates."""
