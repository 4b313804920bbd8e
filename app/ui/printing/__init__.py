"""Print preview, saving and printing of portfolio pages, and the appraisal pack."""
