"""The explain report: one self-contained HTML page showing what ``cleaner`` kept and removed, and why."""
