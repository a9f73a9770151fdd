"""Extract stage: clean, zoned plain text from PDFs with pdfminer.six, robustly and fast."""

from pipeline.extract.parallel import extract_many
from pipeline.extract.pdf_text import Extracted, extract_pdf_text, normalize_text
from pipeline.extract.stamp import Stamp, find_stamp
from pipeline.extract.zones import Zones, find_zones

__all__ = ["Extracted", "Stamp", "Zones", "extract_many", "extract_pdf_text", "find_stamp",
           "find_zones", "normalize_text"]
