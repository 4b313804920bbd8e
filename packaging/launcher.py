"""Entry point of the frozen (PyInstaller) app: the same as `mentee-portfolio`."""

from app.main import main

raise SystemExit(main())
