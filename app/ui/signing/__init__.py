"""Signing in the desktop app: the signature pad, the sign, amend and verify dialogs,
the history view and the panel a signable section embeds."""
