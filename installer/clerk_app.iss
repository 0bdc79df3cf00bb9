; Inno Setup script for the Windows counter PC. Build dist\clerk-app with the PyInstaller
; spec first, then: iscc installer\clerk_app.iss
[Setup]
AppName=综合窗口受理系统
AppVersion=0.1.0
AppPublisher=政务服务中心
DefaultDirName={autopf}\ClerkApp
DefaultGroupName=综合窗口受理系统
OutputBaseFilename=clerk-app-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=admin
; Local data (the SQLite cache with unsynced cases) lives in %LOCALAPPDATA%\clerk-app and is
; never removed by an update or an uninstall: it may hold cases not yet synced.

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\clerk-app\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\综合窗口受理系统"; Filename: "{app}\clerk-app.exe"
Name: "{commondesktop}\综合窗口受理系统"; Filename: "{app}\clerk-app.exe"

[Run]
Filename: "{app}\clerk-app.exe"; Description: "启动综合窗口受理系统"; Flags: nowait postinstall skipifsilent
