/* A stand-in for Windows' bcryptprimitives.dll, for the install test under Wine only.
 *
 * Rust's std (1.78 and later) takes its random numbers on Windows from ProcessPrng in
 * bcryptprimitives.dll; Wine 8 (Debian 12) has no such DLL, so every Rust .exe stops at
 * load. This file gives it ProcessPrng, filled by RtlGenRandom (advapi32), which Wine has.
 * tests/install/run builds it with mingw and copies it into its throwaway Wine prefix's
 * system32; nothing of it is shipped, and real Windows (8 and later) has the real one. */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000 ? 0x10000 : (ULONG)len;
        if (!RtlGenRandom(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
