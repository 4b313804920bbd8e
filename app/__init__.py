"""Mentee Portfolio: a private, encrypted portfolio of a mentoring relationship."""

__version__ = "0.1.0"
APP_NAME = "Mentee Portfolio"
