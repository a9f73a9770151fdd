"""The sample corpus: arXiv-like feeds and PDFs, generated deterministically for the demo,
the tests and the benchmarks."""

from pipeline.sample.corpus import SampleInfo, write_sample

__all__ = ["SampleInfo", "write_sample"]
