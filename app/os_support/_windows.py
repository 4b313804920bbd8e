"""The Win32 calls the app makes, through ctypes (no pywin32). Imported on Windows
only; ``mypy --platform win32`` checks it."""

from __future__ import annotations

import ctypes
import msvcrt
import os
import sys
from ctypes import wintypes
from pathlib import Path

assert sys.platform == "win32"  # mypy skips the rest of this file on other platforms

_kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
_advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)

MOVEFILE_REPLACE_EXISTING = 0x1
MOVEFILE_WRITE_THROUGH = 0x8
TOKEN_QUERY = 0x0008
TOKEN_USER_CLASS = 1  # TOKEN_INFORMATION_CLASS.TokenUser
SDDL_REVISION_1 = 1
SE_FILE_OBJECT = 1
DACL_SECURITY_INFORMATION = 0x00000004
PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
SEM_NOOPENFILEERRORBOX = 0x8000
WER_FAULT_REPORTING_FLAG_NOHEAP = 0x1
ERROR_INSUFFICIENT_BUFFER = 122
ERROR_FILE_NOT_FOUND = 2
ERROR_PATH_NOT_FOUND = 3
GENERIC_READ = 0x80000000
GENERIC_WRITE = 0x40000000
DELETE = 0x00010000
FILE_SHARE_ALL = 0x1 | 0x2 | 0x4  # read, write, delete
CREATE_NEW = 1
OPEN_EXISTING = 3
FILE_ATTRIBUTE_NORMAL = 0x80
FILE_FLAG_DELETE_ON_CLOSE = 0x04000000
FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000
INVALID_HANDLE_VALUE = ctypes.c_void_p(-1).value


class SecurityAttributes(ctypes.Structure):
    _fields_ = [
        ("nLength", wintypes.DWORD),
        ("lpSecurityDescriptor", ctypes.c_void_p),
        ("bInheritHandle", wintypes.BOOL),
    ]


_MoveFileExW = _kernel32.MoveFileExW
_MoveFileExW.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.DWORD]
_MoveFileExW.restype = wintypes.BOOL

_CreateFileW = _kernel32.CreateFileW
_CreateFileW.argtypes = [
    wintypes.LPCWSTR,
    wintypes.DWORD,
    wintypes.DWORD,
    ctypes.POINTER(SecurityAttributes),
    wintypes.DWORD,
    wintypes.DWORD,
    wintypes.HANDLE,
]
_CreateFileW.restype = wintypes.HANDLE

_GetCurrentProcess = _kernel32.GetCurrentProcess
_GetCurrentProcess.argtypes = []
_GetCurrentProcess.restype = wintypes.HANDLE

_CloseHandle = _kernel32.CloseHandle
_CloseHandle.argtypes = [wintypes.HANDLE]
_CloseHandle.restype = wintypes.BOOL

_LocalFree = _kernel32.LocalFree
_LocalFree.argtypes = [ctypes.c_void_p]
_LocalFree.restype = ctypes.c_void_p

_OpenProcessToken = _advapi32.OpenProcessToken
_OpenProcessToken.argtypes = [wintypes.HANDLE, wintypes.DWORD, ctypes.POINTER(wintypes.HANDLE)]
_OpenProcessToken.restype = wintypes.BOOL

_GetTokenInformation = _advapi32.GetTokenInformation
_GetTokenInformation.argtypes = [
    wintypes.HANDLE,
    ctypes.c_int,
    ctypes.c_void_p,
    wintypes.DWORD,
    ctypes.POINTER(wintypes.DWORD),
]
_GetTokenInformation.restype = wintypes.BOOL

_ConvertSidToStringSidW = _advapi32.ConvertSidToStringSidW
_ConvertSidToStringSidW.argtypes = [ctypes.c_void_p, ctypes.POINTER(wintypes.LPWSTR)]
_ConvertSidToStringSidW.restype = wintypes.BOOL

_ConvertSddl = _advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW
_ConvertSddl.argtypes = [
    wintypes.LPCWSTR,
    wintypes.DWORD,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(wintypes.DWORD),
]
_ConvertSddl.restype = wintypes.BOOL

_GetSecurityDescriptorDacl = _advapi32.GetSecurityDescriptorDacl
_GetSecurityDescriptorDacl.argtypes = [
    ctypes.c_void_p,
    ctypes.POINTER(wintypes.BOOL),
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(wintypes.BOOL),
]
_GetSecurityDescriptorDacl.restype = wintypes.BOOL

_SetNamedSecurityInfoW = _advapi32.SetNamedSecurityInfoW
_SetNamedSecurityInfoW.argtypes = [
    wintypes.LPWSTR,
    ctypes.c_int,
    wintypes.DWORD,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
]
_SetNamedSecurityInfoW.restype = wintypes.DWORD

_SetErrorMode = _kernel32.SetErrorMode
_SetErrorMode.argtypes = [wintypes.UINT]
_SetErrorMode.restype = wintypes.UINT

_GetErrorMode = _kernel32.GetErrorMode
_GetErrorMode.argtypes = []
_GetErrorMode.restype = wintypes.UINT

_WerSetFlags = _kernel32.WerSetFlags
_WerSetFlags.argtypes = [wintypes.DWORD]
_WerSetFlags.restype = ctypes.c_long  # HRESULT

_WerGetFlags = _kernel32.WerGetFlags
_WerGetFlags.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
_WerGetFlags.restype = ctypes.c_long


def _fail() -> OSError:
    return ctypes.WinError(ctypes.get_last_error())


def move(source: Path, target: Path, *, replace: bool) -> None:
    """Rename ``source`` to ``target``, written through to the disk before returning
    (Windows has no folder fsync). Without ``replace`` an existing target fails with
    FileExistsError."""
    flags = MOVEFILE_WRITE_THROUGH | (MOVEFILE_REPLACE_EXISTING if replace else 0)
    if not _MoveFileExW(str(source), str(target), flags):
        raise _fail()


def user_sid() -> str:
    """The signed-in user's SID, as text (S-1-5-21-...)."""
    token = wintypes.HANDLE()
    if not _OpenProcessToken(_GetCurrentProcess(), TOKEN_QUERY, ctypes.byref(token)):
        raise _fail()
    try:
        size = wintypes.DWORD()
        _GetTokenInformation(token, TOKEN_USER_CLASS, None, 0, ctypes.byref(size))
        if ctypes.get_last_error() != ERROR_INSUFFICIENT_BUFFER:
            raise _fail()
        buffer = ctypes.create_string_buffer(size.value)
        if not _GetTokenInformation(token, TOKEN_USER_CLASS, buffer, size, ctypes.byref(size)):
            raise _fail()
        # TOKEN_USER starts with SID_AND_ATTRIBUTES, whose first field is the SID pointer.
        sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]
        text = wintypes.LPWSTR()
        if not _ConvertSidToStringSidW(sid, ctypes.byref(text)):
            raise _fail()
        try:
            return str(text.value)
        finally:
            _LocalFree(ctypes.cast(text, ctypes.c_void_p))
    finally:
        _CloseHandle(token)


def _user_only_descriptor(*, folder: bool) -> ctypes.c_void_p:
    """A security descriptor whose ACL has one entry, full control for the signed-in
    user, not inherited from the folder above (so a shared folder's readers have no
    way in); a folder passes the entry on to what is made inside it. LocalFree it."""
    inherit = "OICI" if folder else ""
    sddl = f"D:P(A;{inherit};FA;;;{user_sid()})"
    descriptor = ctypes.c_void_p()
    if not _ConvertSddl(sddl, SDDL_REVISION_1, ctypes.byref(descriptor), None):
        raise _fail()
    return descriptor


def restrict_to_user(path: Path, *, folder: bool) -> None:
    """Give ``path`` an ACL for the signed-in user alone (``_user_only_descriptor``)."""
    descriptor = _user_only_descriptor(folder=folder)
    try:
        present, defaulted = wintypes.BOOL(), wintypes.BOOL()
        dacl = ctypes.c_void_p()
        if not _GetSecurityDescriptorDacl(
            descriptor, ctypes.byref(present), ctypes.byref(dacl), ctypes.byref(defaulted)
        ):
            raise _fail()
        error = _SetNamedSecurityInfoW(
            str(path),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            None,
            None,
            dacl,
            None,
        )
        if error:
            raise ctypes.WinError(error)
    finally:
        _LocalFree(descriptor)


def create_private_file(path: Path) -> int:
    """Create ``path`` (FileExistsError if it exists) with the user's ACL from its first
    moment, and return a descriptor open for reading and writing. The handle shares
    delete access, so the file can be renamed into place while it is still open (the
    way a POSIX writer does it); ``delete_unless_open`` in another process still sees
    it is in use."""
    descriptor = _user_only_descriptor(folder=False)
    try:
        attributes = SecurityAttributes(ctypes.sizeof(SecurityAttributes), descriptor.value, False)
        handle = _CreateFileW(
            str(path),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_ALL,
            ctypes.byref(attributes),
            CREATE_NEW,
            FILE_ATTRIBUTE_NORMAL,
            None,
        )
    finally:
        _LocalFree(descriptor)
    if handle is None or handle == INVALID_HANDLE_VALUE:
        raise _fail()  # ERROR_FILE_EXISTS becomes FileExistsError
    try:
        return msvcrt.open_osfhandle(handle, os.O_RDWR | os.O_BINARY)
    except OSError:
        _CloseHandle(handle)
        raise


def delete_unless_open(path: Path) -> bool:
    """Delete the file ``path`` unless any process has it open; True if it is gone.
    Opening it with no sharing at all fails while another handle exists; a symlink is
    removed itself, never what it points to."""
    handle = _CreateFileW(
        str(path),
        DELETE,
        0,
        None,
        OPEN_EXISTING,
        FILE_FLAG_DELETE_ON_CLOSE | FILE_FLAG_OPEN_REPARSE_POINT,
        None,
    )
    if handle is None or handle == INVALID_HANDLE_VALUE:
        return ctypes.get_last_error() in (ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND)
    _CloseHandle(handle)  # the only handle: closing it deletes the file
    return True


def no_crash_dialogs_or_heap_dumps() -> None:
    """Windows Error Reporting: no "stopped working" dialog (which waits while a dump is
    taken) and no heap in any report it sends or keeps. Inherited by child processes
    (the error mode) or repeated there (pack_process calls this again)."""
    mode = SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX
    _SetErrorMode(_GetErrorMode() | mode)
    _WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP)


def exclude_from_error_reporting(executable: str) -> None:
    """Tell Windows Error Reporting never to report on ``executable`` for this user
    (a per-user registry entry, kept by Windows). Only for the installed app: for
    python.exe it would silence every Python program of the user."""
    wer = ctypes.WinDLL("wer", use_last_error=True)
    add = wer.WerAddExcludedApplication
    add.argtypes = [wintypes.LPCWSTR, wintypes.BOOL]
    add.restype = ctypes.c_long
    add(executable, False)


def crash_dumps_allowed() -> bool:
    """Whether a crash could still show the dialog or put the heap in a report."""
    flags = wintypes.DWORD()
    if _WerGetFlags(_GetCurrentProcess(), ctypes.byref(flags)) != 0:
        return True  # never set for this process
    mode = int(_GetErrorMode())
    return not (flags.value & WER_FAULT_REPORTING_FLAG_NOHEAP and mode & SEM_NOGPFAULTERRORBOX)
