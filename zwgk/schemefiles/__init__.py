"""Scheme files: YAML on disk ↔ the scoring engine's `Scheme` (docs/scheme-format.md)."""
from .loader import LoadedScheme, SchemeFileError, builtin_ids, builtin_path, load_scheme, read_yaml, resolve
from .store import fill_clauses
from .validate import Issue, validate_file, validate_text

__all__ = [
    "LoadedScheme", "SchemeFileError", "builtin_ids", "builtin_path", "load_scheme", "read_yaml", "resolve",
    "fill_clauses", "Issue", "validate_file", "validate_text",
]
