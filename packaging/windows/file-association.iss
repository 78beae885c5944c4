; Quire: "Open with" registration for .txt files on Windows, as an Inno Setup fragment.
;
; PyInstaller has no file-association API, so the association is the
; installer's job. Paste these sections into the installer script that packs
; dist\Quire\ (built by packaging/pyinstaller/quire.spec) into {app}.
;
; It registers, for the current user (HKCU, no admin rights needed):
; - a ProgID io.github.quirereader.Quire.txt that opens files with
;   "Quire.exe" -- "%1" (the "--" keeps a file named like an option a file);
; - Quire as a *supported* application for .txt (OpenWithProgids and
;   Applications\Quire.exe\SupportedTypes), so it appears under "Open with"
;   without taking .txt away from the user's default editor.
; Everything is removed again on uninstall (uninsdeletekey / uninsdeletevalue).

[Setup]
ChangesAssociations=yes

[Registry]
Root: HKCU; Subkey: "Software\Classes\io.github.quirereader.Quire.txt"; ValueType: string; ValueName: ""; ValueData: "Plain text book"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\io.github.quirereader.Quire.txt\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\Quire.exe"",0"
Root: HKCU; Subkey: "Software\Classes\io.github.quirereader.Quire.txt\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Quire.exe"" -- ""%1"""
Root: HKCU; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: none; ValueName: "io.github.quirereader.Quire.txt"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Applications\Quire.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Quire"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\Quire.exe\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\Quire.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Quire.exe"" -- ""%1"""
