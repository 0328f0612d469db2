/*
 * TEST-ONLY STAND-IN — NEVER SHIPPED, NEVER PUT INTO AN INSTALLER.
 *
 * Rust's standard library (since 1.78) takes its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which every Windows 10/11 has and Wine 8 lacks, so under Wine 8 no Rust
 * program starts. scripts/windows-check.sh builds this file into a bcryptprimitives.dll in the
 * Wine prefix's system32 only, so the real .exe can be run under Wine before a release.
 * ProcessPrng is answered by advapi32's SystemFunction036 (RtlGenRandom), which Wine has.
 */
#include <windows.h>

typedef BOOLEAN(WINAPI *RtlGenRandomFn)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    static RtlGenRandomFn gen = NULL;
    if (gen == NULL) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (advapi == NULL) return FALSE;
        gen = (RtlGenRandomFn)GetProcAddress(advapi, "SystemFunction036");
        if (gen == NULL) return FALSE;
    }
    while (len > 0) {
        ULONG chunk = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!gen(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved) {
    (void)inst; (void)reason; (void)reserved;
    return TRUE;
}
