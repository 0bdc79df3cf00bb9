; Inno Setup script of the Windows counter PC, from the same one-folder build as the .deb:
;   pip install -e .[dev]  &&  pyinstaller installer\clerk_app.spec   -> dist\clerk-app\
;   iscc installer\clerk_app.iss                                      -> dist\clerk-app-setup.exe
; Silent install for IT (50 PCs): clerk-app-setup.exe /VERYSILENT /SUPPRESSMSGBOXES, then
;   "C:\Program Files\ClerkApp\clerk-app.exe" setup --system --server URL --device window --window 3
; which writes %PROGRAMDATA%\clerk-app\clerk-app.toml (the PC-wide config file, like
; /etc/clerk-app/clerk-app.toml on Linux; a user's %APPDATA%\clerk-app\clerk-app.toml overrides it).
[Setup]
AppId={{6B0E7C1A-3C55-4D1B-9C1E-5A2F0C3D7E11}
AppName=综合窗口受理系统
AppVersion=0.1.0
AppPublisher=政务服务中心
DefaultDirName={autopf}\ClerkApp
DefaultGroupName=综合窗口受理系统
OutputDir=..\dist
OutputBaseFilename=clerk-app-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=admin
ArchitecturesInstallIn64BitMode=x64compatible
; Local data (the SQLite cache with unsynced cases, the device key) lives per user in
; %LOCALAPPDATA%\clerk-app and is never removed by an update or an uninstall: it may hold
; cases not yet synced. The PC-wide config file in %PROGRAMDATA%\clerk-app stays too.

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Default.isl"

[Dirs]
Name: "{commonappdata}\clerk-app"

[Files]
Source: "..\dist\clerk-app\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\综合窗口受理系统"; Filename: "{app}\clerk-app.exe"
Name: "{commondesktop}\综合窗口受理系统"; Filename: "{app}\clerk-app.exe"

[Run]
Filename: "{app}\clerk-app.exe"; Description: "启动综合窗口受理系统"; Flags: nowait postinstall skipifsilent
