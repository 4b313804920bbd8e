"""PDF portfolio pages with ReportLab platypus: pure functions from domain objects to
PDF bytes. No Qt and no SQL here; app.services.documents gathers the records."""
