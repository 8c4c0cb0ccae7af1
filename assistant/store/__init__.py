"""Storage: the note catalog (SQLite), embeddings, the vector store, BM25 and hybrid retrieval."""
