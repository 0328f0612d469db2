#!/usr/bin/env bash
# Builds the Windows installer RestorationLedger-<version>-setup.exe with NSIS (Debian `nsis`)
# from the cross-built release .exe files (scripts/windows-check.sh builds them and runs this).
# Usage: scripts/windows-installer.sh [OUT_DIR]   (default target/windows-installer)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/windows-installer}
mkdir -p "$out"
win=target/x86_64-pc-windows-gnu/release
for exe in restoration-ledger.exe restoration-ledger-gui.exe; do
    [ -f "$win/$exe" ] || { echo "missing $win/$exe: run cargo build --release --target x86_64-pc-windows-gnu --bins" >&2; exit 1; }
done
command -v makensis >/dev/null || { echo "makensis missing: apt-get install nsis" >&2; exit 1; }
# One licence page: the program's, then the fonts'.
{
    cat LICENSE
    printf '\n\n==== Noto Sans CJK SC (SIL Open Font License 1.1) ====\n\n'
    cat assets/fonts/OFL.txt
    printf '\n\n==== Fallback fonts ====\n\n'
    cat assets/fonts/FALLBACK-FONTS.txt
} > target/windows-licences.txt
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
makensis -V2 -INPUTCHARSET UTF8 \
    -DVERSION="$version" \
    -DSRC="$PWD" \
    -DOUTFILE="$PWD/$out/RestorationLedger-$version-setup.exe" \
    scripts/windows/installer.nsi
echo "$out/RestorationLedger-$version-setup.exe"
