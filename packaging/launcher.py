"""Entry point of the frozen (PyInstaller) app: the same as `mentee-portfolio`."""

import multiprocessing

from app.main import main

if __name__ == "__main__":
    # The appraisal pack is built in a spawned process (app/services/pack_process.py);
    # in a frozen app that process starts this executable again, and freeze_support
    # runs the pack job there instead of a second app.
    multiprocessing.freeze_support()
    raise SystemExit(main())
