; The Windows setup of Onshi Watch (オン資ウォッチ), built on Linux with Debian's makensis
; (NSIS 3) by scripts/package.sh, which passes:
;   -DVERSION=0.1.0  -DSRC=<folder with onshi-watch.exe, onshi.exe, WebView2Loader.dll,
;   icon.ico>  -DOUT=<setup.exe>
;   -DNUMERIC_VERSION=0.1.0 (optional: the version's numbers, for the file's version info)
;   -DCOMPRESSOR=zlib (optional; package.sh --debug uses it: lzma is slow on big debug builds)
; Only NSIS's own headers and plug-ins are used (System.dll for COM): nothing is downloaded.
;
; For IT: `onshi-watch-<version>-setup.exe /S` installs silently for all users into
; Program Files, and the app starts at every user's login (HKLM Run entry);
; `/S /PREFECTURE=40` (and /FACILITY=pharmacy /FEED_URL=… /FEED_KEY=RW… /RELAY_FOLDER=…) also writes the
; machine-wide policy %ProgramData%\OnshiWatch\policy.toml (docs/policy.md) with the values
; given, by onshi.exe itself (`onshi policy write`): each checked as the app reads it, only
; those given set; without them a policy file is left as it is.
; `"%ProgramFiles%\Onshi Watch\uninstall.exe" /S` removes the app and keeps every user's
; settings and the policy file; add /PURGE to also delete the settings of the user
; who runs it.
; Exit code 0: installed. 2: installed, but the shortcut with the app id could not be made
; (Windows may then not show the app's notifications). 3: a policy value is wrong (the
; message is shown without /S); nothing was installed. 4: installed, but the policy file
; could not be written.
;
; Verified only under Wine 8 (tests/install/run), never on real Windows. Wine's shell links
; accept the AppUserModelID but do not store it (its IPropertyStore on ShellLink is a stub
; returning S_OK), so whether the .lnk carries the id is checked only on real Windows, by
; the app itself at start (src-tauri/src/windows_env.rs).

Unicode true
; A 64-bit installer: the app is 64-bit, and $PROGRAMFILES64 and the 64-bit registry view
; are then the default ones.
Target amd64-unicode
RequestExecutionLevel admin
ManifestDPIAware true

!ifndef VERSION | SRC | OUT
  !error "pass -DVERSION=… -DSRC=… -DOUT=… (scripts/package.sh does)"
!endif
!ifndef NUMERIC_VERSION
  !define NUMERIC_VERSION "${VERSION}"
!endif
!ifdef COMPRESSOR
  SetCompressor /SOLID ${COMPRESSOR}
!else
  SetCompressor /SOLID lzma
!endif

!define APP_ID "jp.onshiwatch.desktop" ; the bundle identifier (src-tauri/tauri.conf.json)
!define PRODUCT "Onshi Watch"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; The Start-menu shortcut; windows_env.rs looks for it under this name at start.
!define SHORTCUT "$SMPROGRAMS\${PRODUCT}.lnk"
; Start at login for every user (the app's own "start at login" setting is per user, HKCU).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"

!include LogicLib.nsh
!include FileFunc.nsh
!include Win\COM.nsh
!include Win\Propkey.nsh

Name "オン資ウォッチ (${PRODUCT})"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
Icon "${SRC}\icon.ico"
UninstallIcon "${SRC}\icon.ico"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${NUMERIC_VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} setup"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Onshi Watch contributors (MIT or Apache-2.0)"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

; Japanese first: the pages follow the PC's display language, else the first one.
LoadLanguageFile "${NSISDIR}\Contrib\Language files\Japanese.nlf"
LoadLanguageFile "${NSISDIR}\Contrib\Language files\English.nlf"

; .onInit runs onshi.exe before the files are installed: first in the solid data, so it is
; unpacked at once (the copy the section installs is the same data, stored once).
ReserveFile "${SRC}\onshi.exe"

; The setup's parameters go to onshi.exe in this environment variable, which it inherits:
; quoted into its command line, a value's " and \ could not all be kept.
!define SETUP_ARGS_ENV "ONSHI_SETUP_ARGS"

Function .onInit
  ; Per machine: the Start-menu shortcut goes to All Users' Start menu.
  SetShellVarContext all
  SetRegView 64
  ; The administrator's policy values (/PREFECTURE=… etc.), checked before anything is
  ; installed, by onshi.exe itself (`onshi policy write --dry-run`). It reads them from the
  ; setup's parameters as Windows splits a command line: a URL or a base64 key holds "/",
  ; which NSIS's GetOptions would cut at.
  ${GetParameters} $R0
  System::Call 'kernel32::SetEnvironmentVariable(t "${SETUP_ARGS_ENV}", t R0) i .r0'
  InitPluginsDir
  File "/oname=$PLUGINSDIR\onshi.exe" "${SRC}\onshi.exe"
  nsExec::ExecToStack '"$PLUGINSDIR\onshi.exe" policy write --dry-run --setup-args-env ${SETUP_ARGS_ENV}'
  Pop $0 ; its exit code, or "error" when it could not run
  Pop $1 ; what it printed: on an error, one line naming the value and what is allowed
  ${If} $0 != 0
    MessageBox MB_ICONSTOP "管理者ポリシーの値が違うため、何も入れずに終了します。/ A policy value is wrong: nothing was installed.$\r$\n$\r$\n$1" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

; Creates the Start-menu shortcut with its System.AppUserModel.ID set to the app id.
; Why: Windows shows toasts from an unpackaged desktop app only when a shortcut to it
; with a System.AppUserModel.ID is installed in the Start menu, and that id is the one
; the app passes when it raises a toast (notifier.rs). Microsoft recommends setting it in
; the installer, not in the app:
;   https://learn.microsoft.com/en-us/windows/win32/shell/enable-desktop-toast-with-appusermodelid
;   https://learn.microsoft.com/en-us/previous-versions/windows/desktop/legacy/hh802768(v=vs.85)
; NSIS's own Win\COM.nsh shows this pattern (IShellLink + IPropertyStore + IPersistFile);
; no third-party plug-in (WinShell) is needed, so nothing is downloaded at build time.
Function CreateShortcutWithAppId
  !insertmacro ComHlpr_CreateInProcInstance ${CLSID_ShellLink} ${IID_IShellLink} r0 ""
  ${If} $0 P= 0
    DetailPrint "ShellLink unavailable: no shortcut"
    SetErrorLevel 2
    Return
  ${EndIf}
  ${IShellLink::SetPath} $0 '("$INSTDIR\onshi-watch.exe").r1'
  ${IShellLink::SetWorkingDirectory} $0 '("$INSTDIR")'
  ${IShellLink::SetIconLocation} $0 '("$INSTDIR\onshi-watch.exe",0)'
  ${IShellLink::SetDescription} $0 '("オン資の停止予定を受付に知らせる")'
  ${IUnknown::QueryInterface} $0 '("${IID_IPropertyStore}",.r1)'
  ${If} $1 P<> 0
    System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r2'
    ; A VT_LPWSTR PROPVARIANT owns a CoTaskMem string: SHStrDupW makes it, PropVariantClear frees it.
    System::Call 'SHLWAPI::SHStrDupW(w "${APP_ID}", *p .r4)i'
    System::Call '*${SYSSTRUCT_PROPVARIANT}(${VT_LPWSTR},,p r4)p.r3'
    ${IPropertyStore::SetValue} $1 '($2,$3).r5'
    ${IPropertyStore::Commit} $1 '().r6'
    DetailPrint "AppUserModelID ${APP_ID}: SetValue $5, Commit $6"
    ${If} $5 <> 0
    ${OrIf} $6 <> 0
      SetErrorLevel 2
    ${EndIf}
    System::Call 'OLE32::PropVariantClear(p r3)'
    System::Free $2
    System::Free $3
    ${IUnknown::Release} $1 ""
  ${Else}
    DetailPrint "IPropertyStore unavailable: the shortcut has no AppUserModelID"
    SetErrorLevel 2
  ${EndIf}
  ${IUnknown::QueryInterface} $0 '("${IID_IPersistFile}",.r1)'
  ${If} $1 P<> 0
    ${IPersistFile::Save} $1 '("${SHORTCUT}",1).r5'
    DetailPrint "Shortcut ${SHORTCUT}: Save $5"
    ${If} $5 <> 0
      SetErrorLevel 2
    ${EndIf}
    ${IUnknown::Release} $1 ""
  ${EndIf}
  ${IUnknown::Release} $0 ""
FunctionEnd

; A running copy (any user's) holds its files open: end it so they can be replaced or removed.
!macro EndRunningApp
  nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM onshi-watch.exe'
  Pop $0
!macroend

Section "Onshi Watch"
  !insertmacro EndRunningApp
  SetOutPath "$INSTDIR"
  File "${SRC}\onshi-watch.exe"
  File "${SRC}\onshi.exe"
  ; The x86_64-pc-windows-gnu build loads WebView2's loader from a DLL beside the .exe
  ; (webview2-com-sys; MSVC builds link it statically): without it the app does not start.
  File "${SRC}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  Call CreateShortcutWithAppId
  WriteRegStr HKLM "${RUN_KEY}" "${PRODUCT}" '"$INSTDIR\onshi-watch.exe" --autostarted'

  ; The policy file from the values checked in .onInit (none given: nothing is written), by
  ; the installed onshi.exe, as the MSI does.
  nsExec::ExecToStack '"$INSTDIR\onshi.exe" policy write --setup-args-env ${SETUP_ARGS_ENV}'
  Pop $0
  Pop $1
  DetailPrint "onshi policy write: $1"
  ${If} $0 != 0
    MessageBox MB_ICONEXCLAMATION "管理者ポリシーを書けませんでした。/ The policy file could not be written.$\r$\n$\r$\n$1" /SD IDOK
    SetErrorLevel 4
  ${EndIf}

  ; Apps & features: name, version, and a silent uninstall string for IT tools.
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "オン資ウォッチ (${PRODUCT})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Onshi Watch contributors"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\onshi-watch.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  !insertmacro EndRunningApp
  Delete "${SHORTCUT}"
  DeleteRegValue HKLM "${RUN_KEY}" "${PRODUCT}"
  Delete "$INSTDIR\onshi-watch.exe"
  Delete "$INSTDIR\onshi.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"

  ; The policy file (%ProgramData%\OnshiWatch) is the administrator's: kept, as the MSI does.
  ; Settings and notice files are the users' (%APPDATA%\jp.onshiwatch.desktop): kept,
  ; so a reinstall or upgrade finds them. /PURGE deletes those of the user running this,
  ; and the webview's cache (%LOCALAPPDATA%\jp.onshiwatch.desktop).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    SetShellVarContext current
    RMDir /r "$APPDATA\${APP_ID}"
    RMDir /r "$LOCALAPPDATA\${APP_ID}"
    SetShellVarContext all
  ${EndIf}
SectionEnd
