#!/usr/bin/env python3
"""Makes tests/data/sheets/encrypted.xlsx: a workbook with an opening password (OOXML Agile
encryption, as Excel writes it), which `import` must refuse saying it has a password.

Needs msoffcrypto-tool from PyPI (pip install msoffcrypto-tool).
Usage: python3 scripts/make_encrypted_xlsx.py PLAIN.xlsx tests/data/sheets/encrypted.xlsx
PLAIN.xlsx is any workbook, e.g. `restoration-ledger template demo.ledger --out plain.xlsx`.
"""
import sys

from msoffcrypto.format.ooxml import OOXMLFile

PASSWORD = "restoration"

def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, "rb") as plain, open(dst, "wb") as out:
        OOXMLFile(plain).encrypt(PASSWORD, out)
    print(f"wrote {dst} (password: {PASSWORD})")

if __name__ == "__main__":
    main()
