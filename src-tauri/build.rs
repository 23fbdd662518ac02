fn main() {
    // The pages are embedded into the binary: a changed or new file under ui/ must
    // rebuild it, or the app serves the old pages (a new page: none at all).
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=capabilities");
    tauri_build::build()
}
