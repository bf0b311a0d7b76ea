"""Read inputs (text, HTML, JSONL, WARC; files, directories or stdin) into ``Article`` objects."""

from newsloom.pipeline.ingest.loaders import load_inputs

__all__ = ["load_inputs"]
