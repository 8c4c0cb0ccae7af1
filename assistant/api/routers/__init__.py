"""One router per resource; each handler is a thin shell over the package's coaching functions."""
