"""Understanding a deal: an NLP parse of its notes, learned signal classifiers, and the DealModel built from both.

Layer: imports the store and the domain, never coaching or anything above it.
"""
