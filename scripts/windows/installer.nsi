; The Windows installer of Restoration Ledger (矸石山生态修复台账). Built by
; scripts/windows-installer.sh with: makensis -INPUTCHARSET UTF8 -DVERSION=… -DSRC=… -DOUTFILE=…
;
; - Installs for the current user without administrator rights (%LOCALAPPDATA%\Programs);
;   `setup.exe /ALLUSERS`, run as administrator, installs for all users (Program Files).
; - Start-menu and desktop shortcuts named 矸石山生态修复台账; .ledger files open in the window.
; - The uninstaller removes the program only: users' ledgers, settings and the department's
;   signing key (%APPDATA%\restoration-ledger) are left alone.
; - Chinese pages first, English for English Windows; shows the program's and the fonts' licences.

; A 64-bit installer for a 64-bit program (and it runs where only 64-bit Windows code runs).
Target amd64-unicode
SetCompressor /SOLID lzma
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define PRODUCT "矸石山生态修复台账"
!define PRODUCT_EN "Restoration Ledger"
!define KEY "RestorationLedger"
!define PROGID "RestorationLedger.Ledger"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${KEY}"
BrandingText "${PRODUCT_EN} ${VERSION}"

!define MUI_ICON "${SRC}\assets\icon\restoration-ledger.ico"
!define MUI_UNICON "${SRC}\assets\icon\restoration-ledger.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\restoration-ledger-gui.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${SRC}\target\windows-licences.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT} ${PRODUCT_EN}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "Restoration Ledger project"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "MIT"

Var Root ; HKCU (per user) or HKLM (all users)

Function .onInit
  StrCpy $Root "HKCU"
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/ALLUSERS" $1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $1
    ${If} $1 != "admin"
      MessageBox MB_ICONSTOP "为所有用户安装需要管理员权限:请以管理员身份运行安装程序,或不带 /ALLUSERS 只为当前用户安装。"
      Abort
    ${EndIf}
    SetShellVarContext all
    StrCpy $INSTDIR "$PROGRAMFILES64\${KEY}"
    StrCpy $Root "HKLM"
  ${EndIf}
FunctionEnd

!macro WriteKeys ROOT
  WriteRegStr ${ROOT} "Software\Classes\.ledger" "" "${PROGID}"
  WriteRegStr ${ROOT} "Software\Classes\${PROGID}" "" "${PRODUCT}台账文件"
  WriteRegStr ${ROOT} "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\restoration-ledger-gui.exe,0"
  WriteRegStr ${ROOT} "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\restoration-ledger-gui.exe" "%1"'
  WriteRegStr ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "DisplayName" "${PRODUCT} (${PRODUCT_EN})"
  WriteRegStr ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "Publisher" "Restoration Ledger project"
  WriteRegStr ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "DisplayIcon" "$INSTDIR\restoration-ledger-gui.exe"
  WriteRegStr ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "NoModify" 1
  WriteRegDWORD ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}" "NoRepair" 1
!macroend

!macro DeleteKeys ROOT
  DeleteRegKey ${ROOT} "Software\Classes\${PROGID}"
  ReadRegStr $0 ${ROOT} "Software\Classes\.ledger" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey ${ROOT} "Software\Classes\.ledger"
  ${EndIf}
  DeleteRegKey ${ROOT} "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}"
!macroend

Section "Install"
  SetOutPath "$INSTDIR"
  File "${SRC}\target\x86_64-pc-windows-gnu\release\restoration-ledger-gui.exe"
  File "${SRC}\target\x86_64-pc-windows-gnu\release\restoration-ledger.exe"
  File /oname=LICENCES.txt "${SRC}\target\windows-licences.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\restoration-ledger-gui.exe"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\restoration-ledger-gui.exe"
  ${If} $Root == "HKLM"
    !insertmacro WriteKeys HKLM
    WriteRegStr HKLM "Software\${KEY}" "AllUsers" "1"
  ${Else}
    !insertmacro WriteKeys HKCU
  ${EndIf}
  ; Explorer picks up the new .ledger association at once.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Function un.onInit
  ReadRegStr $0 HKLM "Software\${KEY}" "AllUsers"
  ${If} $0 == "1"
    SetShellVarContext all
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; The program only: ledgers, settings and the signing key belong to the users.
  Delete "$INSTDIR\restoration-ledger-gui.exe"
  Delete "$INSTDIR\restoration-ledger.exe"
  Delete "$INSTDIR\LICENCES.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  ReadRegStr $0 HKLM "Software\${KEY}" "AllUsers"
  ${If} $0 == "1"
    !insertmacro DeleteKeys HKLM
    DeleteRegKey HKLM "Software\${KEY}"
  ${Else}
    !insertmacro DeleteKeys HKCU
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
