"""Versions and signatures: marking a record ready to sign (lifecycle), its frozen
versions (frozen), what a signature covers (signable), verification codes read back
(verify), scans of signed pages (attachments) and the checks that history holds
together (consistency). docs/signing.md tells the whole story."""
