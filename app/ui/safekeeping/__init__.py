"""Keeping the portfolio safe without a terminal: backups, restore, passphrase,
recovery code and this computer's keyring, each a dialog asking app/services."""
