"""The conversation layer: one chat turn (what the user means, over the history the client sends) turned into
calls to an engine and the coaching functions. It sits above the engines and below the CLI, API and evals."""
