; Inno Setup 6 script for Newsmark's Windows installer: it wraps the PyInstaller bundle
; dist\newsmark\ (the whole folder) into dist\newsmark-<version>-windows-x64-setup.exe, a
; per-user installer (no administrator rights) with a Start-menu entry, an optional desktop
; icon, .nmk project files opening in Newsmark, and an uninstaller.
;
; packaging\windows\build.ps1 builds the bundle and the icon and then compiles this script.
; By hand, from the repository root, after a build:
;
;   python -c "from PIL import Image; Image.open('packaging/icons/newsmark.png').save('packaging/icons/newsmark.ico', sizes=[(16,16),(32,32),(48,48),(256,256)])"
;   ISCC /DAppVersion=0.1.0 packaging\windows\newsmark.iss
;
; Without /DAppVersion the version is read from dist\newsmark\newsmark.exe (the spec writes it
; into the executable's version resource). Needs Inno Setup 6.3 or later (x64compatible).

; Backslashes in the strings below are plain characters, not escapes.
#pragma parseroption -p+

#define AppName "Newsmark"
; The windowed program the menu, the desktop icon and .nmk files start; its console twin
; newsmark.exe (same folder) runs the commands: newsmark.exe import ..., --self-test.
#define AppExe "newsmark-gui.exe"
#define AppPublisher "Newsmark contributors"
; The class name under HKCU\Software\Classes that .nmk files point at.
#define ProgId "Newsmark.Project"
#define ProjectExt ".nmk"

; Every path below is built from the repository root, so ISCC can be run from anywhere.
#define Root AddBackslash(SourcePath) + "..\.."
#define Bundle Root + "\dist\newsmark"
#define IconFile Root + "\packaging\icons\newsmark.ico"

#if !FileExists(Bundle + "\" + AppExe)
  #error dist\newsmark\newsmark-gui.exe is missing: build the bundle first (packaging\windows\build.ps1)
#endif
#if !FileExists(IconFile)
  #error packaging\icons\newsmark.ico is missing: make it from newsmark.png with Pillow (see the top of this script)
#endif

#ifndef AppVersion
  #define AppVersion GetStringFileInfo(Bundle + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error No version: pass /DAppVersion=... (the bundle's executable has no ProductVersion)
#endif

[Setup]
; AppId ties upgrades and the uninstaller to earlier installs: never change it.
AppId={{131C0C13-691E-4948-923A-6DFBB9584CCC}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
; Per-user: no elevation prompt, files under the user's own Programs folder, registry
; entries under HKCU. Not overridable, so every install of this script is the same kind.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableProgramGroupPage=yes
; The bundle is 64-bit (x64); Arm64 Windows 11 runs it under emulation.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 (PySide6) supports Windows 10 and later only.
MinVersion=10.0
ChangesAssociations=yes
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2
SolidCompression=yes
OutputDir={#Root}\dist
OutputBaseFilename=newsmark-{#AppVersion}-windows-x64-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "associate"; Description: "{cm:AssocFileExtension,{#AppName},{#ProjectExt}}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade must not leave the previous version's libraries beside the new ones: PyInstaller
; keeps every library and data file in _internal, which each version fills anew.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Annotate news articles: entities, events, actors and claims"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .nmk files open in Newsmark. The window takes the project as "gui --project PATH".
Root: HKCU; Subkey: "Software\Classes\{#ProjectExt}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\{#ProjectExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Newsmark project"; Flags: uninsdeletekey; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui --project ""%1"""; Tasks: associate
; "Open with" lists the executable itself too; without its own command Windows would start it
; with the bare path, which the command line takes for an unknown command.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#ProjectExt}"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui --project ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
