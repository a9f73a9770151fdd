"""Report stage: the published static site, one folder per monthly edition, and charts of
any share series."""

from pipeline.report.data import EditionData, load_edition_data
from pipeline.report.plots import write_series_plot
from pipeline.report.site import list_editions, render_edition, write_edition, write_site_edition

__all__ = ["EditionData", "list_editions", "load_edition_data", "render_edition",
           "write_edition", "write_series_plot", "write_site_edition"]
