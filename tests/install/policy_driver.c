/* Calls the installers' policy writer (onshi-policy.dll, as shipped in the MSI) for
 * tests/install/policy_cases.py, under Wine; not shipped.
 *
 *   policy_driver.exe DLL CASES OUT
 *
 * CASES is UTF-8: cases separated by U+001E, each four values separated by U+001F
 * (PREFECTURE, FACILITY, FEED_URL, FEED_KEY; an empty one is not given), so that a value may
 * hold tabs and line ends. For case N (from 0), OUT\N.txt gets OnshiPolicyCompose's result
 * code, a line end, and the text it gave (the policy file's text or the message), in UTF-8. */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

typedef int(WINAPI *Compose)(const wchar_t *, const wchar_t *, const wchar_t *, const wchar_t *,
                             wchar_t *, int);

static void write_utf8(FILE *f, const wchar_t *s)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, s, -1, NULL, 0, NULL, NULL);
    char *b = malloc((size_t)n);
    WideCharToMultiByte(CP_UTF8, 0, s, -1, b, n, NULL, NULL);
    fwrite(b, 1, (size_t)n - 1, f);
    free(b);
}

int main(void)
{
    int argc;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (argc != 4) {
        fprintf(stderr, "usage: policy_driver.exe DLL CASES OUT\n");
        return 2;
    }
    HMODULE dll = LoadLibraryW(argv[1]);
    Compose compose = dll ? (Compose)(void *)GetProcAddress(dll, "OnshiPolicyCompose") : NULL;
    if (!compose) {
        fprintf(stderr, "cannot load OnshiPolicyCompose from the DLL (error %lu)\n", GetLastError());
        return 2;
    }
    FILE *in = _wfopen(argv[2], L"rb");
    if (!in) {
        fprintf(stderr, "cannot read the cases\n");
        return 2;
    }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *bytes = malloc((size_t)size + 1);
    size_t got = fread(bytes, 1, (size_t)size, in);
    fclose(in);
    int wn = MultiByteToWideChar(CP_UTF8, 0, bytes, (int)got, NULL, 0);
    wchar_t *text = calloc((size_t)wn + 1, sizeof *text);
    MultiByteToWideChar(CP_UTF8, 0, bytes, (int)got, text, wn);

    int n = 0;
    for (wchar_t *c = text, *next; c; c = next, n++) {
        next = wcschr(c, 0x1e);
        if (next)
            *next++ = 0;
        wchar_t *v[4] = {L"", L"", L"", L""};
        v[0] = c;
        for (int i = 1; i < 4 && v[i - 1]; i++) {
            wchar_t *sep = wcschr(v[i - 1], 0x1f);
            if (!sep)
                break;
            *sep = 0;
            v[i] = sep + 1;
        }
        static wchar_t out[4096];
        int r = compose(v[0], v[1], v[2], v[3], out, 4096);
        wchar_t path[MAX_PATH];
        swprintf(path, MAX_PATH, L"%ls\\%d.txt", argv[3], n);
        FILE *f = _wfopen(path, L"wb");
        if (!f) {
            fprintf(stderr, "cannot write a result\n");
            return 2;
        }
        fprintf(f, "%d\n", r);
        write_utf8(f, out);
        fclose(f);
    }
    printf("%d cases\n", n);
    return 0;
}
