"""newsloom benchmarks: `make bench` (python -m bench --shared ../shared)."""
