"""Talking to an OpenAI-compatible model: prompts from files, context packing, redaction, calls, checks.

LangChain and the openai SDK are imported lazily, inside the functions that call a model, so the
default engine never pays their import time.
"""
