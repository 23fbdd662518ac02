/* The machine-wide policy file both Windows installers write from an administrator's values.
 *
 * PREFECTURE, FACILITY, FEED_URL and FEED_KEY (MSI properties, or /PREFECTURE=… etc. for the
 * NSIS setup) become %ProgramData%\OnshiWatch\policy.toml in the format of docs/policy.md,
 * with only the keys given. Each value is checked as the app checks it — the prefecture
 * against the CLI's own table (prefectures.h, which scripts/package.sh makes from
 * `onshi windows -p N --json`), the facility, each feed key as a minisign public key — so a
 * mistyped value stops the install with a message instead of leaving a policy the app
 * ignores. Strings are written as TOML basic strings with every " \ and control character
 * escaped. No value given: nothing is written, and a policy file already there is kept.
 *
 * scripts/package.sh builds this with mingw into onshi-policy.dll, used as:
 *   MSI   ComposePolicy (immediate custom action): reads and checks the properties, hands the
 *         text to WritePolicy (deferred, run as LocalSystem), which writes the file. A bad
 *         value fails the install (1603) before anything is changed; the message is logged.
 *         EndRunningApp (deferred) ends a running app before its files are replaced.
 *   NSIS  OnshiPolicyFromCommandLine (the setup's /PREFECTURE=… etc.) and OnshiPolicyWrite,
 *         through System::Call. OnshiPolicyCompose takes the four values themselves.
 */
#include <windows.h>
#include <msi.h>
#include <msiquery.h>
#include <sddl.h>
#include <shellapi.h>
#include <shlobj.h>
#include <knownfolders.h>
#include <tlhelp32.h>
#include <stdlib.h>
#include <wchar.h>

#include "prefectures.h" /* PREFECTURES[47]: name, short name, romaji, in code order */

#define EXPORT __declspec(dllexport)

/* A growing UTF-16 string; out of memory is remembered and reported once at the end. */
typedef struct {
    wchar_t *s;
    size_t len, cap;
    int failed;
} Text;

static void add_n(Text *t, const wchar_t *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        wchar_t *p = realloc(t->s, cap * sizeof *p);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    wmemcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = 0;
}

static void add(Text *t, const wchar_t *s) { add_n(t, s, wcslen(s)); }

/* s as given, but each control character as \uXXXX: a value quoted in a message stays on
 * one line, and the escape is TOML's own. */
static void add_shown(Text *t, const wchar_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        wchar_t esc[8];
        if (s[i] < 0x20 || s[i] == 0x7f) {
            swprintf(esc, 8, L"\\u%04X", (unsigned)s[i]);
            add(t, esc);
        } else {
            add_n(t, s + i, 1);
        }
    }
}

/* A TOML basic string: "…" with \" \\ and \uXXXX for control characters. */
static void add_toml_string(Text *t, const wchar_t *s)
{
    add(t, L"\"");
    for (; *s; s++) {
        if (*s == L'"' || *s == L'\\')
            add(t, *s == L'"' ? L"\\\"" : L"\\\\");
        else
            add_shown(t, s, 1);
    }
    add(t, L"\"");
}

/* Unicode White_Space, what Rust's str::trim takes off (the app trims so), 全角スペース too. */
static int is_space(wchar_t c)
{
    return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
           c == 0x205f || c == 0x3000;
}

/* A copy of s without the spaces around it; "" for NULL. */
static wchar_t *trimmed(const wchar_t *s)
{
    if (!s)
        s = L"";
    while (is_space(*s))
        s++;
    size_t n = wcslen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    wchar_t *r = malloc((n + 1) * sizeof *r);
    if (r) {
        wmemcpy(r, s, n);
        r[n] = 0;
    }
    return r;
}

static int has_control(const wchar_t *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* The prefecture's code (1–47) as onshi::prefecture::Prefecture::parse reads it — a code
 * (40, 01), a name (福岡県), a short name (福岡), romaji in any case with or without -ken,
 * -fu, -to — or 0. */
static int prefecture_code(const wchar_t *s)
{
    size_t n = wcslen(s);
    if (n == 0)
        return 0;
    int digits = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] < L'0' || s[i] > L'9')
            digits = 0;
    if (digits) {
        unsigned v = 0;
        for (size_t i = 0; i < n; i++) {
            v = v * 10 + (unsigned)(s[i] - L'0');
            if (v > 255) /* the parser reads a u8 */
                return 0;
        }
        return v >= 1 && v <= 47 ? (int)v : 0;
    }
    wchar_t *lower = malloc((n + 1) * sizeof *lower);
    if (!lower)
        return 0;
    for (size_t i = 0; i <= n; i++)
        lower[i] = (s[i] >= L'A' && s[i] <= L'Z') ? s[i] + 32 : s[i];
    static const wchar_t *const suffixes[] = {L"-ken", L" ken", L"-fu", L" fu", L"-to", L" to"};
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        size_t m = wcslen(suffixes[k]);
        if (n >= m && wcscmp(lower + n - m, suffixes[k]) == 0) {
            lower[n - m] = 0;
            break;
        }
    }
    int code = 0;
    for (int i = 0; i < 47 && !code; i++)
        if (wcscmp(s, PREFECTURES[i].name) == 0 || wcscmp(s, PREFECTURES[i].short_name) == 0 ||
            wcscmp(lower, PREFECTURES[i].romaji) == 0)
            code = i + 1;
    free(lower);
    return code;
}

/* Whether s is a minisign public key's base64 line: 42 bytes, the first two "Ed". */
static int is_minisign_key(const wchar_t *s, size_t n)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned char bytes[42];
    if (n != 56)
        return 0;
    unsigned acc = 0;
    int bits = 0;
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = s[i] < 0x80 && s[i] ? strchr(alphabet, (char)s[i]) : NULL;
        if (!p)
            return 0;
        acc = (acc << 6) | (unsigned)(p - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes[out++] = (unsigned char)(acc >> bits);
        }
    }
    return out == 42 && bytes[0] == 'E' && bytes[1] == 'd';
}

static int is_key_separator(wchar_t c) { return c == L',' || c == L';' || is_space(c); }

enum { NOTHING = 0, COMPOSED = 1, BAD_VALUE = 2 };

/* Checks the four values and makes the policy file's text (*text) or one message (*text),
 * Japanese first. NULL or blank values are not given. */
static int compose(const wchar_t *prefecture_in, const wchar_t *facility_in,
                   const wchar_t *url_in, const wchar_t *keys_in, Text *text)
{
    wchar_t *prefecture = trimmed(prefecture_in), *facility = trimmed(facility_in),
            *url = trimmed(url_in), *keys = trimmed(keys_in);
    int result = NOTHING;
    Text body = {0};
    if (!prefecture || !facility || !url || !keys) {
        add(text, L"メモリが足りません / out of memory");
        result = BAD_VALUE;
        goto done;
    }
    if (!*prefecture && !*facility && !*url && !*keys)
        goto done;
    result = BAD_VALUE;
    add(&body, L"# 管理者ポリシー: オン資ウォッチのセットアップが書きました。書式は docs/policy.md\r\n"
               L"# The administrator's policy, written by the Onshi Watch setup (format: docs/policy.md)\r\n");
    if (*prefecture) {
        if (has_control(prefecture) || !prefecture_code(prefecture)) {
            add(text, L"PREFECTURE=");
            add_shown(text, prefecture, wcslen(prefecture));
            add(text, L": 都道府県が分かりません。コード (40)、名前 (福岡県、福岡) かローマ字 (fukuoka) で指定してください"
                      L" / unknown prefecture: give its code (40), name (福岡県, 福岡) or romaji (fukuoka)");
            goto done;
        }
        add(&body, L"prefecture = ");
        add_toml_string(&body, prefecture);
        add(&body, L"\r\n");
    }
    if (*facility) {
        static const wchar_t *const kinds[] = {L"clinic", L"dental", L"pharmacy"};
        const wchar_t *kind = NULL;
        for (int i = 0; i < 3; i++)
            if (_wcsicmp(facility, kinds[i]) == 0)
                kind = kinds[i];
        if (!kind) {
            add(text, L"FACILITY=");
            add_shown(text, facility, wcslen(facility));
            add(text, L": 施設の種類は clinic (医科)、dental (歯科)、pharmacy (薬局) のどれかです"
                      L" / the facility is one of clinic, dental, pharmacy");
            goto done;
        }
        add(&body, L"facility = ");
        add_toml_string(&body, kind);
        add(&body, L"\r\n");
    }
    if (*url || *keys) {
        if (!*url || !*keys) {
            add(text, *url ? L"FEED_URL には FEED_KEY（feed.pub の2行目）も必要です"
                             L" / FEED_URL needs FEED_KEY too (the 2nd line of feed.pub)"
                           : L"FEED_KEY には FEED_URL（フィードの場所）も必要です"
                             L" / FEED_KEY needs FEED_URL too (where the feed is)");
            goto done;
        }
        if (has_control(url)) {
            add(text, L"FEED_URL: 制御文字は使えません / FEED_URL contains a control character");
            goto done;
        }
        add(&body, L"\r\n[feed]\r\nurl = ");
        add_toml_string(&body, url);
        add(&body, L"\r\nkeys = [");
        int count = 0;
        for (const wchar_t *p = keys; *p;) {
            while (*p && is_key_separator(*p))
                p++;
            const wchar_t *start = p;
            while (*p && !is_key_separator(*p))
                p++;
            if (p == start)
                break;
            if (!is_minisign_key(start, (size_t)(p - start))) {
                add(text, L"FEED_KEY=");
                add_shown(text, start, (size_t)(p - start));
                add(text, L": minisign の公開鍵ではありません（feed.pub の2行目 RW… を、複数ならコンマ区切りで）"
                          L" / not a minisign public key (the 2nd line of feed.pub, RW…; several: comma-separated)");
                goto done;
            }
            add(&body, count++ ? L", \"" : L"\"");
            add_n(&body, start, (size_t)(p - start));
            add(&body, L"\"");
        }
        add(&body, L"]\r\n");
    }
    if (body.failed) {
        add(text, L"メモリが足りません / out of memory");
        goto done;
    }
    add(text, body.s);
    result = COMPOSED;
done:
    free(prefecture);
    free(facility);
    free(url);
    free(keys);
    free(body.s);
    return result;
}

/* Writes text (UTF-8, no BOM) to %ProgramData%\OnshiWatch\policy.toml through a temporary
 * file, so a reader never sees half a file. A folder it creates may be changed by
 * administrators only (the app of every user reads it). Returns 0, or an error with a
 * message in *msg; *path is the file's path either way. */
static int write_policy(const wchar_t *text, Text *path, Text *msg)
{
    PWSTR base = NULL;
    if (FAILED(SHGetKnownFolderPath(&FOLDERID_ProgramData, 0, NULL, &base))) {
        add(msg, L"%ProgramData% が見つかりません / cannot find %ProgramData%");
        return 1;
    }
    add(path, base);
    CoTaskMemFree(base);
    add(path, L"\\OnshiWatch");
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, FALSE};
    /* SYSTEM and Administrators: full; Users: read. */
    ConvertStringSecurityDescriptorToSecurityDescriptorW(
        L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)", SDDL_REVISION_1,
        &sa.lpSecurityDescriptor, NULL);
    BOOL made = path->failed ? FALSE : CreateDirectoryW(path->s, &sa);
    DWORD err = made ? 0 : GetLastError();
    LocalFree(sa.lpSecurityDescriptor);
    if (!made && err != ERROR_ALREADY_EXISTS) {
        add(msg, L"フォルダーを作れません / cannot create the folder");
        return 1;
    }
    Text tmp = {0};
    add(&tmp, path->s);
    add(&tmp, L"\\policy.toml.new");
    add(path, L"\\policy.toml");
    int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, -1, NULL, 0, NULL, NULL);
    char *utf8 = n > 0 ? malloc((size_t)n) : NULL;
    if (!utf8 || tmp.failed || path->failed ||
        !WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, text, -1, utf8, n, NULL, NULL)) {
        add(msg, L"文字を UTF-8 にできません / cannot encode the text as UTF-8");
        free(utf8);
        free(tmp.s);
        return 1;
    }
    HANDLE f = CreateFileW(tmp.s, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD wrote = 0;
    BOOL ok = f != INVALID_HANDLE_VALUE && WriteFile(f, utf8, (DWORD)(n - 1), &wrote, NULL) &&
              wrote == (DWORD)(n - 1) && FlushFileBuffers(f);
    err = ok ? 0 : GetLastError();
    if (f != INVALID_HANDLE_VALUE)
        CloseHandle(f);
    if (ok && !MoveFileExW(tmp.s, path->s, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        ok = FALSE;
        err = GetLastError();
    }
    if (!ok) {
        wchar_t code[48];
        DeleteFileW(tmp.s);
        swprintf(code, 48, L"書けません / cannot write (Windows error %lu)", (unsigned long)err);
        add(msg, code);
    }
    free(utf8);
    free(tmp.s);
    return ok ? 0 : 1;
}

/* ---- Windows Installer custom actions ---- */

static wchar_t *property(MSIHANDLE h, const wchar_t *name)
{
    wchar_t empty[1] = L"";
    DWORD n = 0;
    UINT r = MsiGetPropertyW(h, name, empty, &n);
    if (r != ERROR_MORE_DATA && r != ERROR_SUCCESS)
        return NULL;
    n += 1;
    wchar_t *v = malloc(n * sizeof *v);
    if (v && MsiGetPropertyW(h, name, v, &n) != ERROR_SUCCESS) {
        free(v);
        v = NULL;
    }
    return v;
}

/* A line in the install log; with error, also the message an interactive install shows.
 * The text goes in as field 1, so brackets in it are not read as properties. */
static void say(MSIHANDLE h, INSTALLMESSAGE kind, const wchar_t *text)
{
    MSIHANDLE rec = MsiCreateRecord(1);
    MsiRecordSetStringW(rec, 0, L"onshi-policy: [1]");
    MsiRecordSetStringW(rec, 1, text);
    MsiProcessMessage(h, kind, rec);
    MsiCloseHandle(rec);
}

EXPORT UINT __stdcall ComposePolicy(MSIHANDLE h)
{
    wchar_t *p = property(h, L"PREFECTURE"), *f = property(h, L"FACILITY"),
            *u = property(h, L"FEED_URL"), *k = property(h, L"FEED_KEY");
    Text text = {0};
    int r = compose(p, f, u, k, &text);
    UINT rc = ERROR_SUCCESS;
    if (r == NOTHING) {
        say(h, INSTALLMESSAGE_INFO, L"no PREFECTURE, FACILITY, FEED_URL or FEED_KEY: the policy file is left as it is");
    } else if (r == BAD_VALUE || text.failed) {
        say(h, INSTALLMESSAGE_ERROR | MB_OK | MB_ICONERROR, text.failed ? L"out of memory" : text.s);
        rc = ERROR_INSTALL_FAILURE;
    } else {
        /* The deferred action's CustomActionData is the property named after it. */
        say(h, INSTALLMESSAGE_INFO, text.s);
        if (MsiSetPropertyW(h, L"WritePolicy", text.s) != ERROR_SUCCESS)
            rc = ERROR_INSTALL_FAILURE;
    }
    free(p);
    free(f);
    free(u);
    free(k);
    free(text.s);
    return rc;
}

EXPORT UINT __stdcall WritePolicy(MSIHANDLE h)
{
    wchar_t *data = property(h, L"CustomActionData");
    UINT rc = ERROR_SUCCESS;
    if (data && *data) {
        Text path = {0}, msg = {0};
        if (write_policy(data, &path, &msg) != 0) {
            Text all = {0};
            add(&all, path.s ? path.s : L"policy.toml");
            add(&all, L": ");
            add(&all, msg.s ? msg.s : L"?");
            say(h, INSTALLMESSAGE_ERROR | MB_OK | MB_ICONERROR, all.s ? all.s : L"cannot write the policy");
            free(all.s);
            rc = ERROR_INSTALL_FAILURE;
        } else {
            say(h, INSTALLMESSAGE_INFO, path.s);
        }
        free(path.s);
        free(msg.s);
    }
    free(data);
    return rc;
}

/* A running app (any user's) holds its files open, so they could be replaced only at the
 * next reboot: end it, as the NSIS setup does with taskkill. Deferred, as LocalSystem. */
EXPORT UINT __stdcall EndRunningApp(MSIHANDLE h)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    PROCESSENTRY32W e = {.dwSize = sizeof e};
    int ended = 0;
    if (snap == INVALID_HANDLE_VALUE)
        return ERROR_SUCCESS;
    for (BOOL more = Process32FirstW(snap, &e); more; more = Process32NextW(snap, &e)) {
        if (_wcsicmp(e.szExeFile, L"onshi-watch.exe") != 0)
            continue;
        HANDLE p = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, e.th32ProcessID);
        if (p && TerminateProcess(p, 1)) {
            WaitForSingleObject(p, 10000);
            ended++;
        }
        if (p)
            CloseHandle(p);
    }
    CloseHandle(snap);
    wchar_t line[64];
    swprintf(line, 64, L"ended %d running onshi-watch.exe", ended);
    say(h, INSTALLMESSAGE_INFO, line);
    return ERROR_SUCCESS;
}

/* ---- The NSIS setup (System::Call) ---- */

static int copy_out(const Text *t, wchar_t *out, int size)
{
    if (!out || size <= 0)
        return 0;
    const wchar_t *s = t->s ? t->s : L"";
    if (t->failed || wcslen(s) >= (size_t)size) {
        wcsncpy(out, L"too long for the setup's buffer", (size_t)size - 1);
        out[size - 1] = 0;
        return 0;
    }
    wcscpy(out, s);
    return 1;
}

/* 0: no value given. 1: out holds the file's text. 2: out holds the message. */
EXPORT int WINAPI OnshiPolicyCompose(const wchar_t *prefecture, const wchar_t *facility,
                                     const wchar_t *url, const wchar_t *keys, wchar_t *out, int size)
{
    Text text = {0};
    int r = compose(prefecture, facility, url, keys, &text);
    if (!copy_out(&text, out, size) && r != NOTHING)
        r = BAD_VALUE;
    free(text.s);
    return r;
}

/* The values from the setup's own command line — /PREFECTURE=… /FACILITY=… /FEED_URL=…
 * /FEED_KEY=…, names in any case — split as Windows splits it (CommandLineToArgvW), so a
 * value may hold "/" (URLs, base64 keys) and, quoted, spaces. Then as OnshiPolicyCompose. */
EXPORT int WINAPI OnshiPolicyFromCommandLine(wchar_t *out, int size)
{
    static const wchar_t *const names[4] = {L"/PREFECTURE=", L"/FACILITY=", L"/FEED_URL=",
                                            L"/FEED_KEY="};
    const wchar_t *values[4] = {NULL, NULL, NULL, NULL};
    int argc = 0;
    wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    for (int i = 1; argv && i < argc; i++)
        for (int k = 0; k < 4; k++)
            if (_wcsnicmp(argv[i], names[k], wcslen(names[k])) == 0)
                values[k] = argv[i] + wcslen(names[k]);
    int r = OnshiPolicyCompose(values[0], values[1], values[2], values[3], out, size);
    LocalFree(argv);
    return r;
}

/* 0: written, out holds the path. Else out holds "path: message". */
EXPORT int WINAPI OnshiPolicyWrite(const wchar_t *text, wchar_t *out, int size)
{
    Text path = {0}, msg = {0};
    int r = write_policy(text, &path, &msg);
    if (r != 0) {
        add(&path, L": ");
        add(&path, msg.s ? msg.s : L"?");
    }
    copy_out(&path, out, size);
    free(path.s);
    free(msg.s);
    return r;
}
