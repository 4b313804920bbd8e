; Inno Setup 6 script: installs the PyInstaller one-folder build (dist\mentee-portfolio\)
; for the current user, with no administrator rights (NHS and other managed laptops
; rarely grant them), into %LOCALAPPDATA%\Programs\Mentee Portfolio.
; Build from the repository root, after PyInstaller:
;   iscc /DAppVersion=0.1.0 packaging\windows\mentee-portfolio.iss
; Result: dist\mentee-portfolio-<version>-windows-x64-setup.exe
; Uninstalling removes the program only: portfolios, key files and backups in the
; user's Documents, and settings and logs in AppData, are the user's and stay.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define Root AddBackslash(SourcePath) + "..\.."

[Setup]
AppId={{6C4B8E0A-3F7D-4C5E-9B1A-2D8F0E7A5C31}
AppName=Mentee Portfolio
AppVersion={#AppVersion}
AppPublisher=Mentee Portfolio developers
AppCopyright=© 2026 the Mentee Portfolio developers. GPL-3.0-or-later.
DefaultDirName={autopf}\Mentee Portfolio
DefaultGroupName=Mentee Portfolio
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
LicenseFile={#Root}\resources\licenses\GPL-3.0.txt
OutputDir={#Root}\dist
OutputBaseFilename=mentee-portfolio-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\packaging\windows\mentee-portfolio.ico
UninstallDisplayIcon={app}\mentee-portfolio.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\mentee-portfolio\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Mentee Portfolio"; Filename: "{app}\mentee-portfolio.exe"
Name: "{autodesktop}\Mentee Portfolio"; Filename: "{app}\mentee-portfolio.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\mentee-portfolio.exe"; Description: "{cm:LaunchProgram,Mentee Portfolio}"; Flags: nowait postinstall skipifsilent
