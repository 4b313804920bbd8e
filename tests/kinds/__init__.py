"""A throw-away record kind, defined through the registry alone (issue 15)."""
