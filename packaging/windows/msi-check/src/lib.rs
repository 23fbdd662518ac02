//! The MSI's check of PREFECTURE, FACILITY, FEED_URL, FEED_KEY and RELAY_FOLDER before anything changes: a
//! custom action (`CheckPolicy`) asking the domain's own policy writer, so a bad value fails
//! the install with its message in the install log (an EXE custom action's output is lost).
#![cfg(windows)]

use onshi::policy;
use onshi::policy_write::{self, Given, Key};
use windows_sys::Win32::System::ApplicationInstallationAndServicing::{
    MsiCloseHandle, MsiCreateRecord, MsiGetPropertyW, MsiProcessMessage, MsiRecordSetStringW,
    INSTALLMESSAGE, INSTALLMESSAGE_ERROR, INSTALLMESSAGE_INFO, MSIHANDLE,
};

const ERROR_SUCCESS: u32 = 0;
const ERROR_MORE_DATA: u32 = 234;
const ERROR_INSTALL_FAILURE: u32 = 1603;
/// With an error: the message box's icon and button when the install has a UI.
const MB_OK_ICONERROR: INSTALLMESSAGE = 0x10;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

/// A property's value ("" when it is not set); `None` when it cannot be read.
fn property(h: MSIHANDLE, name: &str) -> Option<String> {
    let name = wide(name);
    let mut len = 0u32;
    let mut probe = [0u16; 1];
    // SAFETY: the name is NUL-terminated; a zero length asks only for the value's length.
    let r = unsafe { MsiGetPropertyW(h, name.as_ptr(), probe.as_mut_ptr(), &mut len) };
    if r != ERROR_SUCCESS && r != ERROR_MORE_DATA {
        return None;
    }
    let mut buf = vec![0u16; len as usize + 1];
    let mut len = buf.len() as u32;
    // SAFETY: `len` is the buffer's length in UTF-16 units, its NUL included.
    let r = unsafe { MsiGetPropertyW(h, name.as_ptr(), buf.as_mut_ptr(), &mut len) };
    (r == ERROR_SUCCESS).then(|| String::from_utf16_lossy(&buf[..len as usize]))
}

/// A line in the install log (and, for an error, the message an install with a UI shows).
/// The text goes in as field 1, so brackets in it are not read as properties.
fn say(h: MSIHANDLE, kind: INSTALLMESSAGE, text: &str) {
    let (template, text) = (wide("onshi: [1]"), wide(text));
    // SAFETY: the record is made, filled with NUL-terminated strings, used and closed here.
    unsafe {
        let rec = MsiCreateRecord(1);
        MsiRecordSetStringW(rec, 0, template.as_ptr());
        MsiRecordSetStringW(rec, 1, text.as_ptr());
        MsiProcessMessage(h, kind, rec);
        MsiCloseHandle(rec);
    }
}

/// The immediate custom action: the values are checked against the policy file there,
/// as `onshi policy write` (the deferred action, after the files) will write them.
///
/// # Safety
/// Called by Windows Installer with its session handle.
#[no_mangle]
pub extern "system" fn CheckPolicy(h: MSIHANDLE) -> u32 {
    std::panic::catch_unwind(|| check(h)).unwrap_or(ERROR_INSTALL_FAILURE)
}

fn check(h: MSIHANDLE) -> u32 {
    let mut values = Vec::new();
    for key in Key::ALL {
        let Some(v) = property(h, key.property()) else {
            say(
                h,
                INSTALLMESSAGE_ERROR | MB_OK_ICONERROR,
                &format!("{}: cannot read the property", key.property()),
            );
            return ERROR_INSTALL_FAILURE;
        };
        // The write hands each value to onshi.exe in quotes: a " would end it early. No
        // path or URL holds one.
        if v.contains('"') {
            say(
                h,
                INSTALLMESSAGE_ERROR | MB_OK_ICONERROR,
                &format!(
                    "{}={v}: 「\"」は使えません / a value cannot hold a double quote (\")",
                    key.property()
                ),
            );
            return ERROR_INSTALL_FAILURE;
        }
        values.push(v);
    }
    let [prefecture, facility, feed_url, feed_key, relay_folder]: [String; 5] = values
        .try_into()
        .expect("one value for each of the five keys");
    let given = Given {
        prefecture: Some(prefecture),
        facility: Some(facility),
        feed_url: Some(feed_url),
        feed_keys: vec![feed_key],
        relay_folder: Some(relay_folder),
    };
    let path = policy::default_path();
    match policy_write::preview(&given, &path) {
        Ok(None) => {
            say(
                h,
                INSTALLMESSAGE_INFO,
                "no PREFECTURE, FACILITY, FEED_URL, FEED_KEY or RELAY_FOLDER: the policy file is left as it is",
            );
            ERROR_SUCCESS
        }
        Ok(Some(text)) => {
            say(
                h,
                INSTALLMESSAGE_INFO,
                &format!(
                    "the policy values are good; {} will say:\n{text}",
                    path.display()
                ),
            );
            ERROR_SUCCESS
        }
        Err(e) => {
            say(
                h,
                INSTALLMESSAGE_ERROR | MB_OK_ICONERROR,
                &e.shown(Key::property),
            );
            ERROR_INSTALL_FAILURE
        }
    }
}
