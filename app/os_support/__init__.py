"""Everything that differs between Windows, macOS and Linux, in one package: nothing
else in ``app/`` reads ``sys.platform`` or ``os.name``, or imports ``resource``,
``fcntl``, ``msvcrt`` or ``ctypes`` (tests/os_support/test_one_place.py checks).

- ``private``: files and folders only the user can read (POSIX modes; a protected ACL
  naming only the user on Windows);
- ``durable``: fsync, atomic replace and rename that survive a power cut (a folder
  fsync on POSIX; a write-through move on Windows);
- ``locks``: a temporary file another process is still writing is never removed;
- ``crash_dumps``: no core file, crash dump or debugger holding the data key;
- ``names``: file names and path lengths every platform accepts;
- ``places``: where things go when Qt is not there to say (non-Qt code), and the
  local socket of the one-window-per-portfolio lock.

The Win32 calls are in ``_windows`` (ctypes, no pywin32), imported on Windows only;
``mypy --platform win32`` and ``--platform darwin`` check the other branches here.
(Not named ``app.platform``: app/ui/crash.py and about.py use the standard library's
``platform``, and a module of that name would shadow it for any file run from app/.)"""
