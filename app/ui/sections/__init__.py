"""The sidebar sections of the main window: one list and editor per record kind."""
