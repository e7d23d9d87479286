"""The explain report: one self-contained HTML page showing what ``cleaner`` kept and removed, and why."""
from cleaner.report.page import explain_html

__all__ = ["explain_html"]
