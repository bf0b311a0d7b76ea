"""Read inputs (text, HTML, JSONL, WARC; files, directories or stdin) into ``Article`` objects."""

from newsloom.pipeline.ingest.exact import ExactDuplicateFilter, normalised_text_key
from newsloom.pipeline.ingest.loaders import load_inputs
from newsloom.pipeline.ingest.walk import IngestStats

__all__ = ["ExactDuplicateFilter", "IngestStats", "load_inputs", "normalised_text_key"]
