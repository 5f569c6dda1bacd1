"""Swedish news pipeline: ingest, clean, detect language, extract entities and roles, translate, index."""

__version__ = "0.1.0"
