"""Stages, in the order data flows through them: ingest, clean, read, compare, crosscheck, report."""
