"""Where the window and the commands may write a file the user names (a PDF, an
export, the recovery code, a backup folder): the one check of app.store.outputs, for
the layers above services, which reach storage only through services."""

from __future__ import annotations

from app.store.outputs import Output, check_folder, check_output, write_output

__all__ = ["Output", "check_folder", "check_output", "write_output"]
