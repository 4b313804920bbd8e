"""Entry point of the frozen (PyInstaller) app: the same as `mentee-portfolio`."""

from app.cli.main import main

raise SystemExit(main())
